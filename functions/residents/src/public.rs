//! The residents' public forms, without sign-in. A submission is checked,
//! counted against the hourly limits of its e-mail address and of its
//! network address, and saved unconfirmed with a mailed link; only opening
//! the link files it with the municipality. The link (a 256-bit token,
//! stored as its SHA-256) then shows the request's status and, once
//! accepted, downloads the certificate. Tokens travel in bodies, never in
//! URLs the servers log.

use crate::certificate;
use crate::form::{self, audited, muni_label, view, RequestView, SubmitReq};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::auth::{random_token, token_hash, Actor};
use vsys::domain::resident::{RequestStatus, CONFIRM_WITHIN, SUBMISSIONS_PER_ADDRESS_PER_HOUR, SUBMISSIONS_PER_SOURCE_PER_HOUR};
use vsys::error::codes;
use vsys::http::{Body, SourceIp, Text};
use vsys::mail::{self, templates};
use vsys::store::residents::{self, RequestItem};
use vsys::store::{audit, limits, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct Submitted {
    pub message: String,
}

/// The partition of an hourly allowance: a hash, so that no address is
/// stored in the clear.
fn allowance_pk(what: &str, address: &str) -> String {
    format!("RESLIMIT#{}", token_hash(&format!("{what}:{}", address.to_lowercase())))
}

/// POST /public/resident-requests — 202 once the confirmation link is mailed.
pub async fn submit(State(app): State<App>, SourceIp(ip): SourceIp, Body(req): Body<SubmitReq>) -> AppResult<(StatusCode, Json<Submitted>)> {
    let mut r = form::check(&app, req)?;
    let now = app.now();
    let too_many = || AppError::from(codes::TOO_MANY_REQUESTS);
    if !limits::take_allowance(&app, &allowance_pk("ip", &ip), "submissions", SUBMISSIONS_PER_SOURCE_PER_HOUR, now).await? {
        return Err(too_many());
    }
    if !limits::take_allowance(&app, &allowance_pk("email", &r.email), "submissions", SUBMISSIONS_PER_ADDRESS_PER_HOUR, now).await? {
        return Err(too_many());
    }
    let token = random_token()?;
    r.tokens.push(token_hash(&token));
    let valid_until = r.created_at + CONFIRM_WITHIN;
    let muni_name = muni_label(&r.muni);
    let queued = mail::queue(
        &app,
        &r.email,
        templates::resident_confirm(r.kind.label_ja(), &muni_name, &r.id, &mail::link(&app, "/resident-request", &token), valid_until, app.training()),
    )?;
    let mut tx = Tx::new();
    residents::submit_in(&mut tx, &r, &r.tokens[0])?;
    tx.audit(audit::record(&Actor::resident(&r.muni), now, "resident_request_submitted", &format!("resreq:{}", r.id), None, Some(audited(&r)))?);
    tx.mail(&queued)?;
    tx.commit(&app).await?;
    mail::deliver(&app, &[queued]).await;
    Ok((
        StatusCode::ACCEPTED,
        Json(Submitted {
            message: format!(
                "入力されたメールアドレスに確認のメールを送信しました。24時間以内にメールのリンクを開いて申請を確定してください。確定するまで、申請は{muni_name}に届きません。"
            ),
        }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenReq {
    token: Text<100>,
}

/// The request a mailed token opens (404 for anything else, so that the
/// forms reveal nothing).
async fn opened(app: &App, token: &str) -> AppResult<RequestItem> {
    residents::by_token(app, &token_hash(token))
        .await?
        .ok_or_else(|| codes::LINK_INVALID.with("このリンクは無効か、有効期限が切れています。申請からやり直してください。"))
}

/// POST /public/resident-requests/view — the resident's own request.
pub async fn status(State(app): State<App>, Body(req): Body<TokenReq>) -> AppResult<Json<RequestView>> {
    Ok(Json(view(&opened(&app, &req.token).await?, false)))
}

/// POST /public/resident-requests/confirm — files the request with its
/// municipality (again: nothing changes).
pub async fn confirm(State(app): State<App>, Body(req): Body<TokenReq>) -> AppResult<Json<RequestView>> {
    let before = opened(&app, &req.token).await?;
    if before.status != RequestStatus::Unconfirmed {
        return Ok(Json(view(&before, false)));
    }
    let now = app.now();
    let mut r = before.clone();
    r.status = RequestStatus::New;
    r.filed_at = Some(now);
    r.expires_at = None;
    r.version += 1;
    let mut tx = Tx::new();
    residents::file_in(&mut tx, &r, before.version)?;
    tx.audit(audit::record(&Actor::resident(&r.muni), now, "resident_request_filed", &format!("resreq:{}", r.id), Some(audited(&before)), Some(audited(&r)))?);
    match tx.commit(&app).await {
        // Opened twice at once: the other opening filed it.
        Err(e) if e.code() == codes::REQUEST_DECIDED => Ok(Json(view(&opened(&app, &req.token).await?, false))),
        Err(e) => Err(e),
        Ok(()) => Ok(Json(view(&r, false))),
    }
}

/// POST /public/resident-requests/certificate — the 届出済証 (PDF) of an
/// accepted notification.
pub async fn certificate(State(app): State<App>, Body(req): Body<TokenReq>) -> AppResult<Response> {
    let r = opened(&app, &req.token).await?;
    certificate::answer(&app, &Actor::resident(&r.muni), &r).await
}
