//! Sign-in with V-SYS ID and password; a mailed code for unknown browsers;
//! lockout after repeated wrong passwords; sign-out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use vsys::auth::{self, Actor};
use vsys::domain::account::AccountStatus;
use vsys::domain::session::{CODE_MAX_ATTEMPTS, CODE_VALIDITY, LOCK_AFTER_FAILURES, LOCK_DURATION};
use vsys::http::{AnyUser, Body, Text};
use vsys::mail::{self, templates};
use vsys::store::links::{self, ChallengeItem};
use vsys::store::sessions;
use vsys::store::users::{self, UserItem};
use vsys::store::{audit, delete_versioned, put, put_new, put_versioned, to_item, transact};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInReq {
    vsys_id: Text<300>,
    password: String,
    /// Token of a browser that passed a code check before.
    device_token: Option<String>,
}

fn invalid_credentials() -> AppError {
    AppError::Unauthenticated {
        code: "invalid_credentials",
        message: "V-SYS IDまたはパスワードが正しくありません。".into(),
    }
}

fn locked(until: chrono::DateTime<chrono::Utc>) -> AppError {
    let t = until.with_timezone(&vsys::clock::jst()).format("%H:%M");
    AppError::Locked {
        message: format!("パスワードを続けて誤ったため、アカウントをロックしています。{t}以降に再度お試しください。"),
    }
}

/// Creates a session for `user` (and remembers `device`), in one transaction
/// with the account update and the audit record. Returns the response body.
pub(crate) async fn start_session(
    app: &App,
    before: &UserItem,
    mut user: UserItem,
    device_hash: Option<String>,
    extra: Vec<vsys::store::Step>,
) -> AppResult<Value> {
    let now = app.now();
    let token = auth::random_token()?;
    let th = auth::token_hash(&token);
    user.failed_logins = 0;
    user.locked_until = None;
    user.last_sign_in_at = Some(now);
    if let Some(d) = device_hash {
        user.remember_device(d);
    }
    user.version += 1;
    let session = sessions::new_item(&th, &user, now);
    let mut steps = extra;
    steps.push(put_new(to_item(&session)?)?);
    steps.push(put_versioned(to_item(&user)?, before.version)?);
    steps.push(audit::record(
        &Actor::user(&user),
        now,
        "signed_in",
        &format!("account:{}", user.vsys_id),
        None,
        None,
    )?);
    transact(app, steps, |_| {
        AppError::conflict(
            "retry",
            "同時に別の操作が行われました。もう一度お試しください。",
        )
    })
    .await?;
    tracing::info!(kind = "signed_in", role = user.role.as_str(), "signed in");
    let notices = crate::me::notices(app, &user).await?;
    Ok(json!({
        "status": "signed_in",
        "token": token,
        "vsys_id": user.vsys_id,
        "role": user.role,
        "organisation_id": user.org_id,
        "organisation_name": user.org_name,
        "training": app.training(),
        "privacy_consent_required": user.consented_at.is_none(),
        "idle_timeout_minutes": vsys::domain::session::IDLE_TIMEOUT.num_minutes(),
        "expires_at": vsys::clock::to_jst_string(now + vsys::domain::session::ABSOLUTE_TIMEOUT),
        "notices": notices,
    }))
}

/// POST /auth/sign-in
pub async fn sign_in(
    State(app): State<App>,
    Body(req): Body<SignInReq>,
) -> AppResult<(StatusCode, Json<Value>)> {
    if req.password.is_empty() || req.password.chars().count() > vsys::domain::password::MAX_LEN {
        return Err(AppError::invalid(
            "password",
            "パスワードを入力してください。",
        ));
    }
    let now = app.now();
    let Some(user) = users::find(&app, &req.vsys_id)
        .await?
        .filter(|u| u.status == AccountStatus::Active)
    else {
        auth::verify_dummy(&req.password);
        return Err(invalid_credentials());
    };
    if let Some(until) = user.locked_until.filter(|u| *u > now) {
        return Err(locked(until));
    }
    let ok = user
        .password_hash
        .as_deref()
        .is_some_and(|h| auth::verify_password(&req.password, h));
    if !ok {
        let mut next = user.clone();
        if next.locked_until.is_some() {
            next.locked_until = None; // an expired lock: start counting afresh
        }
        next.failed_logins += 1;
        let locking = next.failed_logins >= LOCK_AFTER_FAILURES;
        if locking {
            next.locked_until = Some(now + LOCK_DURATION);
            next.failed_logins = 0;
        }
        next.version += 1;
        let action = if locking {
            "account_locked"
        } else {
            "sign_in_failed"
        };
        let steps = vec![
            put_versioned(to_item(&next)?, user.version)?,
            audit::record(
                &Actor::user(&user),
                now,
                action,
                &format!("account:{}", user.vsys_id),
                Some(user.view()),
                Some(next.view()),
            )?,
        ];
        transact(&app, steps, |_| invalid_credentials()).await?;
        if locking {
            tracing::warn!(
                kind = "account_locked",
                "account locked after repeated failures"
            );
            let until = now + LOCK_DURATION;
            mail::send(
                &app,
                &user.email,
                templates::account_locked(&user.vsys_id, until, app.training()),
            )
            .await?;
            return Err(locked(until));
        }
        return Err(invalid_credentials());
    }
    let device_hash = req.device_token.as_deref().map(auth::token_hash);
    let known = device_hash
        .as_ref()
        .is_some_and(|d| user.known_devices.contains(d));
    if known {
        let body = start_session(&app, &user, user.clone(), None, vec![]).await?;
        return Ok((StatusCode::OK, Json(body)));
    }
    // Unknown browser: mail a code first.
    let challenge_id = auth::random_token()?;
    let code = auth::six_digit_code()?;
    let pk = links::challenge_pk(&auth::token_hash(&challenge_id));
    let valid_until = now + CODE_VALIDITY;
    let ch = ChallengeItem {
        code_hash: auth::code_hash(&pk, &code),
        pk,
        sk: "CHAL".into(),
        vsys_id: user.vsys_id.clone(),
        valid_until,
        attempts: 0,
        expires_at: (valid_until + chrono::Duration::hours(1)).timestamp(),
        version: 1,
    };
    let steps = vec![
        put(to_item(&ch)?)?,
        audit::record(
            &Actor::user(&user),
            now,
            "sign_in_code_sent",
            &format!("account:{}", user.vsys_id),
            None,
            None,
        )?,
    ];
    transact(&app, steps, |_| AppError::internal("challenge")).await?;
    let m = templates::verification_code(
        &user.vsys_id,
        &code,
        "新しいブラウザからのログイン",
        valid_until,
        app.training(),
    );
    mail::send(&app, &user.email, m).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({
            "status": "verification_required",
            "challenge_id": challenge_id,
            "sent_to": templates::mask_email(&user.email),
            "code_valid_until": vsys::clock::to_jst_string(valid_until),
            "message": "登録されたメールアドレスに確認コードを送信しました。10分以内に入力してください。",
        })),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyReq {
    challenge_id: Text<64>,
    code: Text<6>,
}

/// POST /auth/sign-in/verify — the mailed code of an unknown-browser sign-in.
pub async fn verify(State(app): State<App>, Body(req): Body<VerifyReq>) -> AppResult<Json<Value>> {
    let now = app.now();
    let gone = || {
        AppError::Gone {
        code: "challenge_expired",
        message: "確認コードの有効期限が切れたか、入力回数の上限を超えました。もう一度ログインしてください。".into(),
    }
    };
    let ch = links::find_challenge(&app, &auth::token_hash(&req.challenge_id))
        .await?
        .ok_or_else(gone)?;
    if now >= ch.valid_until || ch.attempts >= CODE_MAX_ATTEMPTS {
        return Err(gone());
    }
    if !auth::same_hash(&auth::code_hash(&ch.pk, &req.code), &ch.code_hash) {
        let mut next = ch.clone();
        next.attempts += 1;
        next.version += 1;
        transact(
            &app,
            vec![put_versioned(to_item(&next)?, ch.version)?],
            |_| gone(),
        )
        .await?;
        let left = CODE_MAX_ATTEMPTS - next.attempts;
        if left == 0 {
            return Err(gone());
        }
        return Err(AppError::invalid(
            "code",
            format!("確認コードが正しくありません。あと{left}回入力できます。"),
        ));
    }
    let user = users::find(&app, &ch.vsys_id)
        .await?
        .filter(|u| u.status == AccountStatus::Active)
        .ok_or_else(gone)?;
    let device = auth::random_token()?;
    let mut body = start_session(
        &app,
        &user,
        user.clone(),
        Some(auth::token_hash(&device)),
        vec![delete_versioned(&ch.pk, "CHAL", ch.version)],
    )
    .await?;
    body["device_token"] = json!(device);
    Ok(Json(body))
}

/// POST /auth/sign-out — ends this session.
pub async fn sign_out(State(app): State<App>, AnyUser(p): AnyUser) -> AppResult<StatusCode> {
    let now = app.now();
    let steps = vec![
        sessions::delete_step(&p.session),
        audit::record(
            &p.actor(),
            now,
            "signed_out",
            &format!("account:{}", p.vsys_id),
            None,
            None,
        )?,
    ];
    transact(&app, steps, |_| AppError::internal("sign-out")).await?;
    Ok(StatusCode::NO_CONTENT)
}
