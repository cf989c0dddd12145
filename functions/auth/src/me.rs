//! The signed-in user's own account: profile, privacy consent, password and
//! e-mail changes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::auth::{self, Principal};
use vsys::domain::account::check_email;
use vsys::domain::password;
use vsys::error::codes;
use vsys::http::{AnyUser, Body, Message, Text};
use vsys::mail::{self, templates};
use vsys::store::contracts::Notice;
use vsys::store::limits::{self, Attempt, Browser};
use vsys::store::links::{new_link, LinkPurpose};
use vsys::store::users::{self, AccountView, UserItem};
use vsys::store::{audit, sessions, to_item, Tx};
use vsys::{App, AppError, AppResult};

async fn own_account(app: &App, vsys_id: &str) -> AppResult<UserItem> {
    users::find(app, vsys_id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// What a user is reminded of at every sign-in: for a facility, each
/// delegation not yet downloaded (one query of its own partition).
pub(crate) async fn notices(app: &App, user: &UserItem) -> AppResult<Vec<Notice>> {
    if user.role != vsys::domain::org::Role::Site {
        return Ok(Vec::new());
    }
    vsys::store::contracts::waiting_notices(app, &user.org_id).await
}

fn busy() -> AppError {
    codes::RETRY.with("同時に別の操作が行われました。画面を更新してもう一度お試しください。")
}

/// GET /me
pub async fn get(State(app): State<App>, AnyUser(p): AnyUser) -> AppResult<Json<MeView>> {
    let user = own_account(&app, &p.vsys_id).await?;
    Ok(Json(MeView {
        account: user.view(),
        training: app.training(),
        privacy_consent_required: user.consented_at.is_none(),
        notices: notices(&app, &user).await?,
    }))
}

/// The signed-in user's own account, the stage it works on and its reminders.
#[derive(Debug, Serialize)]
pub struct MeView {
    #[serde(flatten)]
    pub account: AccountView,
    /// The training stage (研修環境): every screen is yellow.
    pub training: bool,
    pub privacy_consent_required: bool,
    pub notices: Vec<Notice>,
}

#[derive(Debug, Serialize)]
pub struct Consented {
    pub consented_at: String,
}

/// A change of address waits for the current address to confirm it.
#[derive(Debug, Serialize)]
pub struct EmailChangeRequested {
    pub confirmation_sent_to: String,
    pub message: &'static str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentReq {
    agree: bool,
}

/// POST /me/consent — the one-time consent to the handling of personal data.
pub async fn consent(
    State(app): State<App>,
    AnyUser(p): AnyUser,
    Body(req): Body<ConsentReq>,
) -> AppResult<Json<Consented>> {
    if !req.agree {
        return Err(AppError::invalid(
            "agree",
            "V-SYSを利用するには、個人情報の取扱いに同意してください。",
        ));
    }
    let user = own_account(&app, &p.vsys_id).await?;
    if let Some(at) = user.consented_at {
        return Ok(Json(Consented {
            consented_at: vsys::clock::to_jst_string(at),
        }));
    }
    let now = app.now();
    let mut next = user.clone();
    next.consented_at = Some(now);
    next.version += 1;
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, user.version, busy())
        .audit(audit::record(
            &p.actor(),
            now,
            "privacy_consented",
            &format!("account:{}", p.vsys_id),
            Some(serde_json::json!(user.view())),
            Some(serde_json::json!(next.view())),
        )?);
    tx.commit(&app).await?;
    Ok(Json(Consented {
        consented_at: vsys::clock::to_jst_string(now),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordReq {
    current_password: String,
    new_password: String,
}

/// The signed-in user's current password, counted and compared like a
/// sign-in from an unknown browser (a session left open must not become a
/// way to guess it): the account as counted.
async fn current_password(app: &App, p: &Principal, password: &str) -> AppResult<UserItem> {
    let wrong = || AppError::invalid("current_password", "現在のパスワードが正しくありません。");
    let (user, attempt) = match limits::count_password_attempt(
        app,
        &p.vsys_id,
        &Browser::Unknown,
        app.now(),
    )
    .await?
    {
        Attempt::Go { user, attempt, .. } => (*user, attempt),
        Attempt::Held | Attempt::NoAccount => {
            return Err(AppError::invalid(
                "current_password",
                "現在のパスワードが続けて誤って入力されたため、しばらく受け付けません。時間をおいてから再度お試しください。",
            ))
        }
    };
    let ok = match user.password_hash.clone() {
        Some(h) => auth::verify_password(password.to_string(), h).await,
        None => false,
    };
    if !ok {
        crate::sign_in::wrong_password(app, &user, attempt, false, &p.actor()).await?;
        return Err(wrong());
    }
    Ok(user)
}

/// POST /me/password — forgets every browser and ends every other session
/// of the account (this one lives on).
pub async fn change_password(
    State(app): State<App>,
    AnyUser(p): AnyUser,
    Body(req): Body<PasswordReq>,
) -> AppResult<Json<Message>> {
    let unmet = password::unmet_rules(&req.new_password, &p.vsys_id);
    if !unmet.is_empty() {
        return Err(AppError::invalid("new_password", unmet.join("")));
    }
    if req.new_password == req.current_password {
        return Err(AppError::invalid(
            "new_password",
            "現在と異なるパスワードを入力してください。",
        ));
    }
    let user = current_password(&app, &p, &req.current_password).await?;
    let now = app.now();
    let mut next = user.clone();
    next.password_hash = Some(auth::hash_password_blocking(req.new_password.clone()).await?);
    next.clear_attempts(false);
    next.known_devices.clear();
    next.end_sessions();
    next.version += 1;
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, user.version, busy());
    sessions::keep_in(&mut tx, &p.session, next.session_epoch);
    tx.audit(audit::record(
        &p.actor(),
        now,
        "password_changed",
        &format!("account:{}", p.vsys_id),
        None,
        None,
    )?);
    tx.commit(&app).await?;
    Ok(Json(Message {
        message: "パスワードを変更しました。ほかのブラウザのログインは終了しました。次回は、どのブラウザからもメールの確認コードが必要です。",
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailReq {
    new_email: Text<254>,
    /// Asked again: a session left open must not be enough to take the account.
    current_password: String,
}

/// POST /me/email — a confirmation link goes to the current (old) address.
pub async fn change_email(
    State(app): State<App>,
    AnyUser(p): AnyUser,
    Body(req): Body<EmailReq>,
) -> AppResult<(StatusCode, Json<EmailChangeRequested>)> {
    check_email(&req.new_email).map_err(|m| AppError::invalid("new_email", m))?;
    let user = current_password(&app, &p, &req.current_password).await?;
    if req.new_email.eq_ignore_ascii_case(&user.email) {
        return Err(AppError::invalid(
            "new_email",
            "現在と同じメールアドレスです。",
        ));
    }
    if users::find_by_org_email(&app, &user.org_id, &req.new_email)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict {
            code: vsys::error::codes::EMAIL_TAKEN,
            message: "このメールアドレスは同じ組織の別のアカウントで使われています。".into(),
            field: Some("new_email".into()),
        });
    }
    let now = app.now();
    let mut next = user.clone();
    next.clear_attempts(false);
    next.link_generation += 1;
    next.last_mailed_at = now;
    next.version += 1;
    next.set_keys();
    let (token, link) = new_link(
        &user.vsys_id,
        LinkPurpose::EmailChange,
        next.link_generation,
        now,
        Some(req.new_email.to_string()),
    )?;
    let queued = mail::queue(
        &app,
        &user.email,
        templates::email_change_confirm(
            &user.vsys_id,
            &templates::mask_email(&req.new_email),
            &mail::link(&app, "confirm-email", &token),
            link.valid_until,
            app.training(),
        ),
    )?;
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, user.version, busy())
        .put_new(to_item(&link)?, busy())
        .audit(audit::record(
            &p.actor(),
            now,
            "email_change_requested",
            &format!("account:{}", p.vsys_id),
            None,
            None,
        )?)
        .mail(&queued)?;
    tx.commit(&app).await?;
    mail::deliver(&app, &[queued]).await;
    Ok((
        StatusCode::ACCEPTED,
        Json(EmailChangeRequested {
            confirmation_sent_to: templates::mask_email(&user.email),
            message: "現在のメールアドレスに確認メールを送信しました。メールのリンクを開くと変更が確定します。",
        }),
    ))
}
