//! Mailed links: open one (a verification code is mailed), complete it with
//! the code and a new password (activation, reset), confirm an e-mail change;
//! and the forgotten-password request.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::auth::{self, cookie, Actor};
use vsys::domain::account::AccountStatus;
use vsys::domain::password;
use vsys::domain::session::{CODE_MAX_ATTEMPTS, CODE_VALIDITY, MAX_ANSWER_ATTEMPTS};
use vsys::error::codes;
use vsys::http::{set_cookies, Body, Client, Message, SetCookies, Text};
use vsys::mail::{self, templates};
use vsys::store::limits::{self, Hourly};
use vsys::store::links::{self, new_link, LinkItem, LinkPurpose};
use vsys::store::users::{self, UserItem};
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

/// How often one link may be opened (each opening mails a new code).
const MAX_OPENS: u32 = 5;

/// A link that was used meanwhile (each link works once).
fn link_used() -> AppError {
    codes::LINK_USED.with("このリンクは使用済みです。リンクは1回だけ使えます。")
}

/// The link behind `token` and its account, if the link may still be used.
async fn usable_link(app: &App, token: &str) -> AppResult<(LinkItem, UserItem)> {
    let now = app.now();
    let invalid = || {
        codes::LINK_INVALID.with("このリンクは無効です。メールのリンクをもう一度確認してください。")
    };
    let link = links::find(app, &auth::token_hash(token))
        .await?
        .ok_or_else(invalid)?;
    if link.used_at.is_some() {
        return Err(codes::LINK_USED.with("このリンクは使用済みです。リンクは1回だけ使えます。"));
    }
    if now >= link.valid_until {
        return Err(codes::LINK_EXPIRED.with("このリンクは有効期限（24時間）が切れています。ログイン画面の「パスワードをお忘れですか？」から新しいリンクを受け取ってください。",
        ));
    }
    let user = users::find(app, &link.vsys_id).await?.ok_or_else(invalid)?;
    if user.link_generation != link.generation {
        return Err(codes::LINK_SUPERSEDED.with("より新しいメールが送信されているため、このリンクは使えません。最新のメールのリンクを開いてください。"));
    }
    let status_ok = match link.purpose {
        LinkPurpose::Activate => user.status == AccountStatus::Pending,
        LinkPurpose::Reset | LinkPurpose::EmailChange => user.status == AccountStatus::Active,
    };
    if !status_ok {
        return Err(invalid());
    }
    Ok((link, user))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenReq {
    token: Text<64>,
}

/// POST /auth/links/open — mails a 6-digit code to the account's address.
pub async fn open(State(app): State<App>, Body(req): Body<OpenReq>) -> AppResult<Json<Opened>> {
    let (link, user) = usable_link(&app, &req.token).await?;
    if link.purpose == LinkPurpose::EmailChange {
        return Err(codes::WRONG_LINK
            .with("このリンクはメールアドレス変更の確認用です。")
            .at("token"));
    }
    if link.opened >= MAX_OPENS {
        return Err(AppError::TooMany {
            code: vsys::error::codes::TOO_MANY_CODES,
            message: "確認コードの送信回数の上限に達しました。ログイン画面から新しいリンクを受け取ってください。".into(),
        });
    }
    let now = app.now();
    if !limits::take_hourly(&app, &user.vsys_id, Hourly::CodeMails, now).await? {
        return Err(limits::hourly_refusal(Hourly::CodeMails));
    }
    let code = auth::six_digit_code()?;
    let mut next = link.clone();
    next.code_hash = Some(auth::code_hash(&link.pk, &code));
    next.code_valid_until = Some(now + CODE_VALIDITY);
    next.code_attempts = 0;
    next.opened += 1;
    next.version += 1;
    let action = match link.purpose {
        LinkPurpose::Activate => "ログインユーザ初期設定",
        _ => "パスワードの再設定",
    };
    let queued = mail::queue(
        &app,
        &user.email,
        templates::verification_code(
            &user.vsys_id,
            &code,
            action,
            now + CODE_VALIDITY,
            app.training(),
        ),
    )?;
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, link.version, AppError::from(codes::RETRY))
        .audit(audit::record(
            &Actor::user(&user),
            now,
            "verification_code_sent",
            &format!("account:{}", user.vsys_id),
            None,
            None,
        )?)
        .mail(&queued)?;
    tx.commit(&app).await?;
    mail::deliver(&app, &[queued]).await;
    Ok(Json(Opened {
        purpose: link.purpose,
        vsys_id: user.vsys_id,
        sent_to: templates::mask_email(&user.email),
        code_valid_until: vsys::clock::to_jst_string(now + CODE_VALIDITY),
        // Activation sets a security question; a reset asks its answer.
        security_question: if link.purpose == LinkPurpose::Reset {
            user.security_question.clone()
        } else {
            None
        },
        password_rules: password::RULES,
    }))
}

/// A mailed link opened: a code went to the account's address.
#[derive(Debug, Serialize)]
pub struct Opened {
    pub purpose: LinkPurpose,
    pub vsys_id: String,
    pub sent_to: String,
    pub code_valid_until: String,
    pub security_question: Option<String>,
    /// The rules a new password must meet, as the form lists them.
    pub password_rules: [&'static str; 3],
}

/// The password is set; the browser that set it is a known one from now on.
#[derive(Debug, Serialize)]
pub struct Completed {
    pub vsys_id: String,
    /// For API clients; the browser app gets it as an HttpOnly cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
    pub message: &'static str,
}

/// The old address confirmed the change; the new one was mailed a reset link.
#[derive(Debug, Serialize)]
pub struct EmailConfirmed {
    pub vsys_id: String,
    pub reset_mail_sent_to: String,
    pub message: &'static str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteReq {
    token: Text<64>,
    code: Text<6>,
    new_password: String,
    security_question: Option<Text<100>>,
    security_answer: Option<Text<100>>,
}

/// POST /auth/links/complete — code + new password (+ security question and
/// answer on activation, the answer on reset) → the account is usable.
pub async fn complete(
    State(app): State<App>,
    client: Client,
    Body(req): Body<CompleteReq>,
) -> AppResult<(SetCookies, Json<Completed>)> {
    let (link, user) = usable_link(&app, &req.token).await?;
    if link.purpose == LinkPurpose::EmailChange {
        return Err(codes::WRONG_LINK
            .with("このリンクはメールアドレス変更の確認用です。")
            .at("token"));
    }
    let now = app.now();
    let (Some(code_hash), Some(code_until)) = (link.code_hash.clone(), link.code_valid_until)
    else {
        return Err(AppError::from(codes::CODE_NOT_SENT));
    };
    let code_void = || {
        codes::CODE_VOID.with("確認コードの入力回数の上限を超えました。リンクを開き直して新しいコードを受け取ってください。")
    };
    if link.code_attempts >= CODE_MAX_ATTEMPTS {
        return Err(code_void());
    }
    if now >= code_until {
        return Err(codes::CODE_EXPIRED.with("確認コードの有効期限（10分）が切れました。リンクを開き直して新しいコードを受け取ってください。"));
    }
    // What needs no secret is checked first, so a mistyped password costs no try.
    let unmet = password::unmet_rules(&req.new_password, &user.vsys_id);
    if !unmet.is_empty() {
        return Err(AppError::invalid("new_password", unmet.join("")));
    }
    let first_setting = if link.purpose == LinkPurpose::Activate {
        let q = req.security_question.ok_or_else(|| {
            AppError::invalid("security_question", "秘密の質問を入力してください。")
        })?;
        let a = req.security_answer.clone().ok_or_else(|| {
            AppError::invalid("security_answer", "秘密の質問の答えを入力してください。")
        })?;
        Some((q, a))
    } else {
        None
    };
    let asked_answer = match (&link.purpose, &user.security_answer_hash) {
        (LinkPurpose::Reset, Some(h)) => Some((
            h.clone(),
            req.security_answer.clone().ok_or_else(|| {
                AppError::invalid("security_answer", "秘密の質問の答えを入力してください。")
            })?,
        )),
        _ => None,
    };
    // Each code and each answer is counted before it is compared.
    let link = limits::count_link_code(&app, &link)
        .await?
        .ok_or_else(code_void)?;
    if !limits::take_hourly(&app, &user.vsys_id, Hourly::CodeChecks, now).await? {
        return Err(limits::hourly_refusal(Hourly::CodeChecks));
    }
    if !auth::code_matches(&link.pk, &req.code, &code_hash) {
        let left = CODE_MAX_ATTEMPTS.saturating_sub(link.code_attempts);
        if left == 0 {
            return Err(code_void());
        }
        return Err(AppError::invalid(
            "code",
            format!("確認コードが正しくありません。あと{left}回入力できます。"),
        ));
    }
    let mut user = user;
    if let Some((hash, answer)) = asked_answer {
        let answers_used = || {
            AppError::Forbidden {
            code: vsys::error::codes::SECURITY_ANSWER_BLOCKED,
            message: "秘密の質問の答えを続けて誤ったため、パスワードの再設定を止めています。国の事務局（問い合わせ窓口）へご連絡ください。".into(),
        }
        };
        user = limits::count_answer_attempt(&app, &user.vsys_id)
            .await?
            .ok_or_else(answers_used)?;
        if !auth::verify_password(auth::normalize_answer(&answer), hash).await {
            let left = MAX_ANSWER_ATTEMPTS.saturating_sub(user.answer_attempts);
            if left == 0 {
                return Err(answers_used());
            }
            return Err(AppError::invalid(
                "security_answer",
                format!("秘密の質問の答えが正しくありません。あと{left}回入力できます。"),
            ));
        }
    }
    let mut next = user.clone();
    if let Some((q, a)) = first_setting {
        next.security_question = Some(q.into_string());
        next.security_answer_hash =
            Some(auth::hash_password_blocking(auth::normalize_answer(&a)).await?);
        next.status = AccountStatus::Active;
        next.activated_at = Some(now);
    }
    next.password_hash = Some(auth::hash_password_blocking(req.new_password.clone()).await?);
    next.link_generation += 1;
    next.answer_attempts = 0;
    next.clear_attempts(true);
    next.clear_attempts(false);
    // A new password ends every session and forgets every browser; the
    // browser that just proved the mailbox is trusted from now on.
    next.end_sessions();
    next.known_devices.clear();
    let device = auth::random_token()?;
    next.remember_device(auth::token_hash(&device), now);
    next.version += 1;
    next.set_keys();
    let mut used = link.clone();
    used.used_at = Some(now);
    used.version += 1;
    let action = if link.purpose == LinkPurpose::Activate {
        "account_activated"
    } else {
        "password_reset"
    };
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&used)?, link.version, link_used())
        .put_versioned(to_item(&next)?, user.version, crate::sign_in::retry())
        .audit(audit::record(
            &Actor::user(&user),
            now,
            action,
            &format!("account:{}", user.vsys_id),
            Some(serde_json::json!(user.view())),
            Some(serde_json::json!(next.view())),
        )?);
    tx.commit(&app).await?;
    // The browser that set the password is a known one from now on.
    let (cookies, device_token) = if client.web {
        (set_cookies(vec![cookie::device(&device)]), None)
    } else {
        (set_cookies(Vec::new()), Some(device))
    };
    Ok((
        cookies,
        Json(Completed {
            vsys_id: user.vsys_id,
            device_token,
            message: "パスワードを設定しました。V-SYS IDと新しいパスワードでログインしてください。",
        }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmEmailReq {
    token: Text<64>,
}

/// POST /auth/links/confirm-email — the old address confirms; the new address
/// then gets a password-reset mail.
pub async fn confirm_email(
    State(app): State<App>,
    Body(req): Body<ConfirmEmailReq>,
) -> AppResult<Json<EmailConfirmed>> {
    let (link, user) = usable_link(&app, &req.token).await?;
    let Some(new_email) = link
        .new_email
        .clone()
        .filter(|_| link.purpose == LinkPurpose::EmailChange)
    else {
        return Err(codes::WRONG_LINK
            .with("このリンクはメールアドレス変更の確認用ではありません。")
            .at("token"));
    };
    let now = app.now();
    let mut next = user.clone();
    next.email = new_email.clone();
    // Sign-ins from any browser must now prove the new mailbox, and every
    // session ends.
    next.known_devices.clear();
    next.end_sessions();
    next.link_generation += 1;
    next.last_mailed_at = now;
    next.version += 1;
    next.set_keys();
    let (token, reset) = new_link(
        &user.vsys_id,
        LinkPurpose::Reset,
        next.link_generation,
        now,
        None,
    )?;
    let mut used = link.clone();
    used.used_at = Some(now);
    used.version += 1;
    let queued = mail::queue(
        &app,
        &new_email,
        vsys::accounts::reset_link_mail(&app, &user.vsys_id, &token, reset.valid_until),
    )?;
    let old_uniqueness = users::uniqueness_key(&user.org_id, &user.email);
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&used)?, link.version, link_used())
        .put_versioned(to_item(&next)?, user.version, crate::sign_in::retry())
        .put_new(to_item(&reset)?, "new link")
        .delete((&old_uniqueness.0, &old_uniqueness.1))
        .put_new(
            to_item(&users::uniqueness(&user.org_id, &new_email, &user.vsys_id))?,
            AppError::from(codes::EMAIL_TAKEN),
        )
        .audit(audit::record(
            &Actor::user(&user),
            now,
            "email_changed",
            &format!("account:{}", user.vsys_id),
            Some(serde_json::json!(user.view())),
            Some(serde_json::json!(next.view())),
        )?)
        .mail(&queued)?;
    tx.commit(&app).await?;
    mail::deliver(&app, &[queued]).await;
    Ok(Json(EmailConfirmed {
        vsys_id: user.vsys_id,
        reset_mail_sent_to: templates::mask_email(&new_email),
        message: "メールアドレスを変更しました。新しいメールアドレスに届くメールからパスワードを再設定してください。",
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetReq {
    vsys_id: Text<300>,
}

/// POST /auth/password-reset — the same answer whether or not the ID exists.
pub async fn request_reset(
    State(app): State<App>,
    Body(req): Body<ResetReq>,
) -> AppResult<(StatusCode, Json<Message>)> {
    let answer = (
        StatusCode::ACCEPTED,
        Json(Message {
            message: "入力されたV-SYS IDが登録されている場合は、登録のメールアドレスにパスワード再設定のメールを送信しました。",
        }),
    );
    let Some(user) = users::find(&app, &req.vsys_id).await? else {
        return Ok(answer);
    };
    let now = app.now();
    // One mail a minute at most: the form cannot be used to flood a mailbox.
    if now - user.last_mailed_at < chrono::Duration::minutes(1) {
        return Ok(answer);
    }
    match user.status {
        AccountStatus::Disabled => {}
        AccountStatus::Pending => {
            vsys::accounts::remail_activation(&app, &Actor::user(&user), &user, false).await?;
        }
        AccountStatus::Active => {
            vsys::accounts::mail_reset_link(
                &app,
                &Actor::user(&user),
                &user,
                user.clone(),
                "password_reset_requested",
            )
            .await?;
        }
    }
    Ok(answer)
}
