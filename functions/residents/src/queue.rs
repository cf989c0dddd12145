//! The municipality's side: the queues of requests addressed to it (by kind
//! and status), the read-only list of its residents' notifications accepted
//! elsewhere, a request in full, and the decisions — accept an out-of-area
//! notification, reissue a coupon under a new number (the old one becomes
//! void), refuse with a reason. Each decision is mailed to the resident
//! with a new link. Every read of personal data is audited (who read
//! which list or request), never with the data itself.

use crate::certificate;
use crate::form::{audited, muni_label, row_view, view, RequestView, RowView};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use vsys::auth::{random_token, token_hash, Principal};
use vsys::domain::org::Role;
use vsys::domain::resident::{check_coupon, expiry_after_close, RequestKind, RequestStatus};
use vsys::error::codes;
use vsys::http::{Body, Page, Prose, QueryParams, Text, User};
use vsys::mail::{self, templates};
use vsys::store::residents::{self, RequestItem};
use vsys::store::{audit, Tx};
use vsys::{App, AppError, AppResult};

/// The municipality of a municipal account.
fn own_muni(p: &Principal) -> AppResult<&str> {
    p.own_muni(&[Role::Municipality])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `received` (addressed to this municipality, the default) or
    /// `residents` (its residents' notifications accepted elsewhere).
    view: Option<ListView>,
    kind: Option<RequestKind>,
    status: Option<RequestStatus>,
    cursor: Option<Text<2000>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum ListView {
    Received,
    Residents,
}

/// GET /resident-requests — one page of a queue, newest first.
pub async fn list(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<ListQuery>) -> AppResult<Page<RowView>> {
    let muni = own_muni(&p)?.to_string();
    let cursor = q.cursor.as_deref();
    let (page, target) = if q.view == Some(ListView::Residents) {
        (residents::of_residents(&app, &muni, 100, cursor).await?, format!("reshome:{muni}"))
    } else {
        let kind = q.kind.unwrap_or(RequestKind::OutOfArea);
        let status = q.status.unwrap_or(RequestStatus::New);
        if !RequestStatus::queues(kind).contains(&status) {
            return Err(AppError::invalid("status", "この種類の申請にはない状態です。"));
        }
        (residents::queue(&app, &muni, kind, status, 100, cursor).await?, format!("resq:{muni}:{kind:?}:{status:?}"))
    };
    let mut tx = Tx::new();
    tx.audit(audit::record(&p.actor(), app.now(), "resident_requests_listed", &target, None, Some(json!({"rows": page.items.len()})))?);
    tx.commit(&app).await?;
    Ok(Page::new(page.items.iter().map(row_view).collect(), page.next))
}

/// A request the principal may read (`decide`: and decide): addressed to
/// its municipality, or for reading an accepted notification of one of
/// its residents; 404 otherwise.
async fn in_scope(app: &App, p: &Principal, id: &str, decide: bool) -> AppResult<RequestItem> {
    let muni = own_muni(p)?;
    let r = residents::find(app, id).await?.filter(|r| r.status != RequestStatus::Unconfirmed).ok_or_else(AppError::not_found)?;
    let addressed = r.muni == muni;
    let of_resident = !decide && r.home_muni == muni && r.kind == RequestKind::OutOfArea && r.status == RequestStatus::Accepted;
    if addressed || of_resident {
        Ok(r)
    } else {
        Err(AppError::not_found())
    }
}

/// GET /resident-requests/{id}
pub async fn one(State(app): State<App>, User(p): User, Path(id): Path<String>) -> AppResult<Json<RequestView>> {
    let r = in_scope(&app, &p, &id, false).await?;
    let mut tx = Tx::new();
    tx.audit(audit::record(&p.actor(), app.now(), "resident_request_read", &format!("resreq:{id}"), None, None)?);
    tx.commit(&app).await?;
    Ok(Json(view(&r, p.muni.as_deref() == Some(r.muni.as_str()))))
}

/// GET /resident-requests/{id}/certificate — the 届出済証 (PDF).
pub async fn certificate(State(app): State<App>, User(p): User, Path(id): Path<String>) -> AppResult<Response> {
    let r = in_scope(&app, &p, &id, false).await?;
    certificate::answer(&app, &p.actor(), &r).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptReq {
    version: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReissueReq {
    version: u64,
    new_coupon: Text<20>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefuseReq {
    version: u64,
    reason: Prose<500>,
}

/// Closes `before` as `r` (status and outcome set): the request, its queue
/// rows, `extra` steps, the audit and the mail to the resident, in one
/// transaction.
async fn decide(app: &App, p: &Principal, before: RequestItem, mut r: RequestItem, outcome: &str, extra: impl FnOnce(&mut Tx) -> AppResult<()>) -> AppResult<Json<RequestView>> {
    let now = app.now();
    r.decided_at = Some(now);
    r.decided_by = Some(p.vsys_id.clone());
    r.expires_at = Some(expiry_after_close(now, r.stay_to));
    r.version = before.version + 1;
    let token = random_token()?;
    r.tokens.push(token_hash(&token));
    let queued = mail::queue(
        app,
        &r.email,
        templates::resident_decided(r.kind.label_ja(), &muni_label(&r.muni), &r.id, outcome, &mail::link(app, "/resident-request", &token), app.training()),
    )?;
    let mut tx = Tx::new();
    residents::decide_in(&mut tx, &before, &r)?;
    extra(&mut tx)?;
    let action = match r.status {
        RequestStatus::Accepted => "resident_request_accepted",
        RequestStatus::Reissued => "resident_coupon_reissued",
        _ => "resident_request_refused",
    };
    tx.audit(audit::record(&p.actor(), now, action, &format!("resreq:{}", r.id), Some(audited(&before)), Some(audited(&r)))?);
    tx.mail(&queued)?;
    tx.commit(app).await?;
    mail::deliver(app, &[queued]).await;
    Ok(Json(view(&r, true)))
}

/// The request to decide: this municipality's, still new, at `version`.
async fn to_decide(app: &App, p: &Principal, id: &str, version: u64, kind: Option<RequestKind>) -> AppResult<RequestItem> {
    let r = in_scope(app, p, id, true).await?;
    if r.status != RequestStatus::New {
        return Err(codes::REQUEST_DECIDED.into());
    }
    if r.version != version {
        return Err(codes::STALE_VERSION.into());
    }
    if kind.is_some_and(|k| k != r.kind) {
        return Err(AppError::invalid("kind", "この申請には、この処理はできません。"));
    }
    Ok(r)
}

/// POST /resident-requests/{id}/accept — an out-of-area notification.
pub async fn accept(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<AcceptReq>) -> AppResult<Json<RequestView>> {
    let before = to_decide(&app, &p, &id, req.version, Some(RequestKind::OutOfArea)).await?;
    let mut r = before.clone();
    r.status = RequestStatus::Accepted;
    decide(&app, &p, before, r, "届出を受理しました。届出済証（PDF）を次のリンクの画面からダウンロードし、接種の際にお持ちください。", |_| Ok(())).await
}

/// POST /resident-requests/{id}/reissue — a coupon under a new number.
pub async fn reissue(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<ReissueReq>) -> AppResult<Json<RequestView>> {
    check_coupon(&req.new_coupon).map_err(|m| AppError::invalid("new_coupon", m))?;
    let before = to_decide(&app, &p, &id, req.version, Some(RequestKind::Reissue)).await?;
    if req.new_coupon.as_str() == before.coupon {
        return Err(AppError::invalid("new_coupon", "新しい券番号が、再発行前の券番号と同じです。"));
    }
    let mut r = before.clone();
    r.status = RequestStatus::Reissued;
    r.new_coupon = Some(req.new_coupon.into_string());
    let (old, new, muni, now) = (r.coupon.clone(), r.new_coupon.clone().unwrap_or_default(), r.muni.clone(), app.now());
    let outcome = format!(
        "接種券を再発行しました。新しい券番号: {new}\n新しい接種券は郵送でお届けします。再発行前の券番号（{old}）は無効になり、予約には使えません。"
    );
    decide(&app, &p, before, r, &outcome, |tx| residents::void_coupon_in(tx, &old, &new, &muni, now)).await
}

/// POST /resident-requests/{id}/refuse — either kind, with the reason.
pub async fn refuse(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<RefuseReq>) -> AppResult<Json<RequestView>> {
    let before = to_decide(&app, &p, &id, req.version, None).await?;
    let mut r = before.clone();
    r.status = RequestStatus::Refused;
    r.refusal_reason = Some(req.reason.into_string());
    let outcome = format!("申請を受理できませんでした。\n理由: {}\nご不明な点は{}にお問い合わせください。", r.refusal_reason.as_deref().unwrap_or(""), muni_label(&r.muni));
    decide(&app, &p, before, r, &outcome, |_| Ok(())).await
}
