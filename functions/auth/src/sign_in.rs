//! Sign-in with V-SYS ID and password; a mailed code for unknown browsers;
//! growing delays after repeated wrong passwords; sign-out.
//!
//! Every password attempt is counted before it is compared
//! (`store::limits`): known browsers and unknown ones have counters of their
//! own, so a guesser who knows an ID (they are guessable) slows down only
//! unknown browsers, never the owner's. A wrong, unknown, disabled or held
//! ID all get the same answer.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::auth::{self, cookie, Actor};
use vsys::domain::account::AccountStatus;
use vsys::domain::org::Role;
use vsys::domain::session::{hold_after, CODE_MAX_ATTEMPTS, CODE_VALIDITY, FREE_ATTEMPTS};
use vsys::error::codes;
use vsys::http::{set_cookies, AnyUser, Body, Client, SetCookies, Text};
use vsys::mail::{self, templates};
use vsys::store::contracts::Notice;
use vsys::store::limits::{self, Attempt, Browser, Hourly};
use vsys::store::links::{self, ChallengeItem};
use vsys::store::sessions;
use vsys::store::users::{self, UserItem};
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInReq {
    vsys_id: Text<300>,
    password: String,
    /// Token of a browser that passed a code check before.
    device_token: Option<Text<64>>,
}

/// The one answer for a wrong password, an unknown or inactive ID, and an
/// account whose attempts are being held: nothing tells them apart.
pub(crate) fn invalid_credentials() -> AppError {
    AppError::Unauthenticated {
        code: vsys::error::codes::INVALID_CREDENTIALS,
        message: "V-SYS IDまたはパスワードが正しくありません。誤りが続いた場合は、しばらく時間をおいてから再度お試しください（以前にログインしたブラウザからは引き続きログインできます）。".into(),
    }
}

/// Someone else changed the account at the same moment.
pub(crate) fn retry() -> AppError {
    AppError::from(codes::RETRY)
}

/// Creates a session for `user` as counted or read (and remembers `device`),
/// in one transaction with the account update and the audit record. The
/// password counter of this kind of browser starts afresh. Returns the
/// response body.
pub(crate) async fn start_session(
    app: &App,
    user: &UserItem,
    known_browser: bool,
    device_hash: Option<String>,
    mut tx: Tx,
) -> AppResult<Session> {
    let now = app.now();
    let token = auth::session_token(&user.vsys_id)?;
    let th = auth::token_hash(&token);
    let mut next = user.clone();
    next.clear_attempts(known_browser);
    next.last_sign_in_at = Some(now);
    if let Some(d) = device_hash {
        next.remember_device(d, now);
    }
    next.version += 1;
    let session = sessions::new_item(&th, &next, now);
    tx.put_new(to_item(&session)?, "new session token")
        .put_versioned(to_item(&next)?, user.version, retry())
        .audit(audit::record(
            &Actor::user(&next),
            now,
            "signed_in",
            &format!("account:{}", next.vsys_id),
            None,
            None,
        )?);
    tx.commit(app).await?;
    tracing::info!(kind = "signed_in", role = next.role.as_str(), "signed in");
    let notices = crate::me::notices(app, &next).await?;
    Ok(Session {
        status: "signed_in",
        token: Some(token),
        vsys_id: next.vsys_id,
        role: next.role,
        organisation_id: next.org_id,
        organisation_name: next.org_name,
        training: app.training(),
        privacy_consent_required: next.consented_at.is_none(),
        idle_timeout_minutes: vsys::domain::session::IDLE_TIMEOUT.num_minutes(),
        expires_at: vsys::clock::to_jst_string(now + vsys::domain::session::ABSOLUTE_TIMEOUT),
        notices,
        device_token: None,
    })
}

/// A session just started.
#[derive(Debug, Serialize)]
pub struct Session {
    pub status: &'static str,
    /// The bearer token for API clients; the browser app gets it as an
    /// HttpOnly cookie instead, never in a body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    pub vsys_id: String,
    pub role: Role,
    pub organisation_id: String,
    pub organisation_name: String,
    pub training: bool,
    pub privacy_consent_required: bool,
    pub idle_timeout_minutes: i64,
    pub expires_at: String,
    pub notices: Vec<Notice>,
    /// After a mailed code: the token that makes this browser a known one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

/// A sign-in from an unknown browser: a code was mailed.
#[derive(Debug, Serialize)]
pub struct Challenge {
    pub status: &'static str,
    pub challenge_id: String,
    pub sent_to: String,
    pub code_valid_until: String,
    pub message: &'static str,
}

impl Session {
    /// The answer for this client: an API client reads the tokens in the
    /// body; the browser app gets them as cookies only.
    fn for_client(mut self, client: &Client) -> (SetCookies, Session) {
        if !client.web {
            return (set_cookies(Vec::new()), self);
        }
        let mut cookies = Vec::new();
        if let Some(t) = self.token.take() {
            cookies.push(cookie::session(&t));
        }
        if let Some(d) = self.device_token.take() {
            cookies.push(cookie::device(&d));
        }
        (set_cookies(cookies), self)
    }
}

/// What a sign-in answers: a session (200), or a mailed code to enter (202).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum SignedIn {
    Session(Box<Session>),
    Challenge(Challenge),
}

/// Records a wrong password counted as `attempt` of its kind: the next one
/// waits the growing delay; the owner is mailed when the delays begin.
/// Returns the answer for the caller.
pub(crate) async fn wrong_password(
    app: &App,
    user: &UserItem,
    attempt: u32,
    known: bool,
    actor: &Actor,
) -> AppResult<AppError> {
    let now = app.now();
    let throttling = attempt == FREE_ATTEMPTS;
    let action = if throttling {
        "sign_in_throttled"
    } else {
        "password_failed"
    };
    let record = || {
        audit::record(
            actor,
            now,
            action,
            &format!("account:{}", user.vsys_id),
            None,
            Some(json!({ "attempt": attempt, "known_browser": known })),
        )
    };
    // The owner is told once, when the delays begin.
    let queued = if throttling {
        Some(mail::queue(
            app,
            &user.email,
            templates::sign_in_throttled(&user.vsys_id, app.training()),
        )?)
    } else {
        None
    };
    let mut tx = Tx::new();
    limits::failed_password_in(
        &mut tx,
        &user.vsys_id,
        known,
        attempt,
        now + hold_after(attempt),
        AppError::from(codes::RETRY),
    );
    tx.audit(record()?);
    if let Some(q) = &queued {
        tx.mail(q)?;
    }
    // A later attempt already counted on: its failure sets the hold; this
    // one only leaves its audit record (and its mail).
    if let Err(AppError::Conflict { .. }) = tx.commit(app).await {
        let mut tx = Tx::new();
        tx.audit(record()?);
        if let Some(q) = &queued {
            tx.mail(q)?;
        }
        tx.commit(app).await?;
    }
    if let Some(q) = queued {
        tracing::warn!(
            kind = "sign_in_throttled",
            known_browser = known,
            "password attempts now delayed"
        );
        mail::deliver(app, &[q]).await;
    }
    Ok(invalid_credentials())
}

/// POST /auth/sign-in
pub async fn sign_in(
    State(app): State<App>,
    client: Client,
    Body(req): Body<SignInReq>,
) -> AppResult<(StatusCode, SetCookies, Json<SignedIn>)> {
    if req.password.is_empty() || req.password.chars().count() > vsys::domain::password::MAX_LEN {
        return Err(AppError::invalid(
            "password",
            "パスワードを入力してください。",
        ));
    }
    let now = app.now();
    // API clients present the known-browser token in the body, the browser
    // app in its cookie.
    let device = req
        .device_token
        .as_deref()
        .map(|d| d.to_string())
        .or(client.device.clone());
    let browser = match &device {
        Some(d) if !d.is_empty() => Browser::Presented(auth::token_hash(d)),
        _ => Browser::Unknown,
    };
    let (user, attempt, known) =
        match limits::count_password_attempt(&app, &req.vsys_id, &browser, now).await? {
            Attempt::Go {
                user,
                attempt,
                known,
            } => (*user, attempt, known),
            Attempt::Held | Attempt::NoAccount => {
                // As long as a real comparison, so time tells nothing either.
                auth::verify_dummy(req.password.clone()).await;
                return Err(invalid_credentials());
            }
        };
    let ok = match user.password_hash.clone() {
        Some(h) => auth::verify_password(req.password.clone(), h).await,
        None => false,
    };
    if !ok {
        return Err(wrong_password(&app, &user, attempt, known, &Actor::user(&user)).await?);
    }
    if known {
        let (cookies, body) = start_session(&app, &user, true, None, Tx::new())
            .await?
            .for_client(&client);
        return Ok((
            StatusCode::OK,
            cookies,
            Json(SignedIn::Session(Box::new(body))),
        ));
    }
    // Unknown browser: mail a code first (a few an hour at most).
    if !limits::take_hourly(&app, &user.vsys_id, Hourly::CodeMails, now).await? {
        return Err(limits::hourly_refusal(Hourly::CodeMails));
    }
    let challenge_id = auth::random_token()?;
    let code = auth::six_digit_code()?;
    let pk = links::challenge_pk(&auth::token_hash(&challenge_id));
    let valid_until = now + CODE_VALIDITY;
    let ch = ChallengeItem {
        code_hash: auth::code_hash(&pk, &code),
        pk,
        sk: links::CHALLENGE_SK.into(),
        vsys_id: user.vsys_id.clone(),
        valid_until,
        attempts: 0,
        expires_at: (valid_until + chrono::Duration::hours(1)).timestamp(),
        version: 1,
    };
    let queued = mail::queue(
        &app,
        &user.email,
        templates::verification_code(
            &user.vsys_id,
            &code,
            "新しいブラウザからのログイン",
            valid_until,
            app.training(),
        ),
    )?;
    let mut tx = Tx::new();
    tx.put(to_item(&ch)?)
        .audit(audit::record(
            &Actor::user(&user),
            now,
            "sign_in_code_sent",
            &format!("account:{}", user.vsys_id),
            None,
            None,
        )?)
        .mail(&queued)?;
    tx.commit(&app).await?;
    mail::deliver(&app, &[queued]).await;
    Ok((
        StatusCode::ACCEPTED,
        set_cookies(Vec::new()),
        Json(SignedIn::Challenge(Challenge {
            status: "verification_required",
            challenge_id,
            sent_to: templates::mask_email(&user.email),
            code_valid_until: vsys::clock::to_jst_string(valid_until),
            message:
                "登録されたメールアドレスに確認コードを送信しました。10分以内に入力してください。",
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
pub async fn verify(
    State(app): State<App>,
    client: Client,
    Body(req): Body<VerifyReq>,
) -> AppResult<(SetCookies, Json<Session>)> {
    let now = app.now();
    let gone = || {
        AppError::Gone {
        code: vsys::error::codes::CHALLENGE_EXPIRED,
        message: "確認コードの有効期限が切れたか、入力回数の上限を超えました。もう一度ログインしてください。".into(),
    }
    };
    let pk = links::challenge_pk(&auth::token_hash(&req.challenge_id));
    let ch = limits::count_challenge_code(&app, &pk)
        .await?
        .ok_or_else(gone)?;
    if now >= ch.valid_until {
        return Err(gone());
    }
    if !limits::take_hourly(&app, &ch.vsys_id, Hourly::CodeChecks, now).await? {
        return Err(limits::hourly_refusal(Hourly::CodeChecks));
    }
    if !auth::code_matches(&ch.pk, &req.code, &ch.code_hash) {
        let left = CODE_MAX_ATTEMPTS.saturating_sub(ch.attempts);
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
    let mut tx = Tx::new();
    links::use_challenge_in(&mut tx, &ch, gone());
    let mut body = start_session(&app, &user, false, Some(auth::token_hash(&device)), tx).await?;
    body.device_token = Some(device);
    let (cookies, body) = body.for_client(&client);
    Ok((cookies, Json(body)))
}

/// POST /auth/sign-out — ends this session.
pub async fn sign_out(
    State(app): State<App>,
    AnyUser(p): AnyUser,
) -> AppResult<(StatusCode, SetCookies)> {
    let now = app.now();
    let mut tx = Tx::new();
    sessions::end_in(&mut tx, &p.session);
    tx.audit(audit::record(
        &p.actor(),
        now,
        "signed_out",
        &format!("account:{}", p.vsys_id),
        None,
        None,
    )?);
    tx.commit(&app).await?;
    Ok((
        StatusCode::NO_CONTENT,
        set_cookies(vec![cookie::clear_session()]),
    ))
}
