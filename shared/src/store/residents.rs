//! Residents' requests (住所地外接種の届出, 接種券の再発行申請): the request
//! with the person's particulars in the base table only, the mailed tokens
//! that open it, the receiving municipality's queues and the municipality
//! of residence's read-only list, both holding only what a list row shows.
//!
//! A request waits unconfirmed (in no queue, deleted after a day) until the
//! resident opens the mailed link; it then joins the queue of its kind and
//! status. Closing it moves its queue row and sets one expiry on every item
//! of the request (`domain::resident::expiry_after_close`).

use crate::domain::resident::{RequestKind, RequestStatus};
use crate::error::{codes, AppResult};
use crate::store::{get, query, to_item, Key, QueryPage, Tx};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A resident's request, with the particulars the municipality needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    /// The receipt number the resident is told (受付番号).
    pub id: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    /// The municipality the request is addressed to: where the vaccination
    /// happens (out of area), or of residence (reissue).
    pub muni: String,
    /// The municipality of residence.
    pub home_muni: String,
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
    pub address: String,
    pub coupon: String,
    pub phone: String,
    pub email: String,
    /// A code of `OUT_OF_AREA_REASONS` or `REISSUE_REASONS`.
    pub reason: String,
    pub reason_detail: Option<String>,
    /// Out of area: where the resident stays, and when.
    pub stay_place: Option<String>,
    pub stay_from: Option<NaiveDate>,
    pub stay_to: Option<NaiveDate>,
    /// Reissue: the doses already received.
    #[serde(default)]
    pub doses_received: Vec<u8>,
    pub created_at: DateTime<Utc>,
    pub filed_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub refusal_reason: Option<String>,
    /// Reissue: the new coupon's number.
    pub new_coupon: Option<String>,
    /// The SHA-256 of every token mailed for the request (they expire with it).
    #[serde(default)]
    pub tokens: Vec<String>,
    /// TTL: a day while unconfirmed, none while open, then the retention.
    pub expires_at: Option<i64>,
    pub version: u64,
}

pub fn key(id: &str) -> Key {
    (format!("RESREQ#{id}"), "RESREQ".into())
}

impl RequestItem {
    /// Whether the item is still there for `now` (TTL deletion is lazy).
    pub fn live(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_none_or(|t| t > now.timestamp())
    }
}

/// A mailed token: opens its request (status, confirmation, certificate).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub request: String,
    pub expires_at: Option<i64>,
}

fn token_key(hash: &str) -> Key {
    (format!("RESTOKEN#{hash}"), "RESTOKEN".into())
}

/// A row of a queue or of the municipality of residence's list: no date of
/// birth, address, coupon number or contact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub id: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub muni: String,
    pub home_muni: String,
    pub name: String,
    pub reason: String,
    pub stay_from: Option<NaiveDate>,
    pub stay_to: Option<NaiveDate>,
    pub filed_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub expires_at: Option<i64>,
}

fn queue_pk(muni: &str, kind: RequestKind, status: RequestStatus) -> String {
    format!("RESQ#{muni}#{}#{}", kind_key(kind), status_key(status))
}

fn home_pk(home_muni: &str) -> String {
    format!("RESHOME#{home_muni}")
}

fn kind_key(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::OutOfArea => "OUT",
        RequestKind::Reissue => "REISSUE",
    }
}

fn status_key(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Unconfirmed => "UNCONFIRMED",
        RequestStatus::New => "NEW",
        RequestStatus::Accepted => "ACCEPTED",
        RequestStatus::Reissued => "REISSUED",
        RequestStatus::Refused => "REFUSED",
    }
}

fn row(r: &RequestItem, pk: String) -> RowItem {
    let filed = r.filed_at.unwrap_or(r.created_at);
    RowItem {
        pk,
        sk: format!("{}#{}", filed.format("%Y%m%dT%H%M%S"), r.id),
        id: r.id.clone(),
        kind: r.kind,
        status: r.status,
        muni: r.muni.clone(),
        home_muni: r.home_muni.clone(),
        name: r.name.clone(),
        reason: r.reason.clone(),
        stay_from: r.stay_from,
        stay_to: r.stay_to,
        filed_at: filed,
        decided_at: r.decided_at,
        expires_at: r.expires_at,
    }
}

/// A new request's id: the day and a random part (「20210601-3f9a1c2b」).
pub fn new_id(now: DateTime<Utc>) -> AppResult<String> {
    Ok(format!("{}-{}", crate::domain::calendar::jst_date(now).format("%Y%m%d"), crate::auth::random_hex(4)?))
}

/// The steps that save an unconfirmed request with its first token.
pub fn submit_in(tx: &mut Tx, r: &RequestItem, token_hash: &str) -> AppResult<()> {
    tx.put_new(to_item(r)?, "a new request's random id");
    let (pk, sk) = token_key(token_hash);
    tx.put_new(to_item(&TokenItem { pk, sk, request: r.id.clone(), expires_at: r.expires_at })?, "a new random token");
    Ok(())
}

/// The request a token opens, when both are live.
pub async fn by_token(app: &App, token_hash: &str) -> AppResult<Option<RequestItem>> {
    let (pk, sk) = token_key(token_hash);
    let now = app.now();
    let Some(t) = get::<TokenItem>(app, &pk, &sk).await?.filter(|t| t.expires_at.is_none_or(|e| e > now.timestamp())) else {
        return Ok(None);
    };
    find(app, &t.request).await
}

/// A live request by id.
pub async fn find(app: &App, id: &str) -> AppResult<Option<RequestItem>> {
    let (pk, sk) = key(id);
    let now = app.now();
    Ok(get::<RequestItem>(app, &pk, &sk).await?.filter(|r| r.live(now)))
}

/// The steps that write `r` over the version `read_version`, with its
/// tokens' expiry following the request's.
fn save_in(tx: &mut Tx, r: &RequestItem, read_version: u64) -> AppResult<()> {
    tx.put_versioned(to_item(r)?, read_version, codes::REQUEST_DECIDED);
    for hash in &r.tokens {
        let (pk, sk) = token_key(hash);
        tx.put(to_item(&TokenItem { pk, sk, request: r.id.clone(), expires_at: r.expires_at })?);
    }
    Ok(())
}

/// The steps that file a confirmed request (`r` as filed): it and its row
/// in the queue of new requests.
pub fn file_in(tx: &mut Tx, r: &RequestItem, read_version: u64) -> AppResult<()> {
    save_in(tx, r, read_version)?;
    tx.put_new(to_item(&row(r, queue_pk(&r.muni, r.kind, r.status)))?, "a request is filed once");
    Ok(())
}

/// The steps that close a request (`r` as decided, with the token mailed
/// with the outcome among its tokens; `before` as read): its queue row
/// moves from the new requests to its status's, and an accepted
/// out-of-area notification is listed for the municipality of residence.
pub fn decide_in(tx: &mut Tx, before: &RequestItem, r: &RequestItem) -> AppResult<()> {
    save_in(tx, r, before.version)?;
    let old = row(before, queue_pk(&before.muni, before.kind, before.status));
    tx.delete((&old.pk, &old.sk));
    tx.put(to_item(&row(r, queue_pk(&r.muni, r.kind, r.status)))?);
    if r.status == RequestStatus::Accepted && r.kind == RequestKind::OutOfArea {
        tx.put(to_item(&row(r, home_pk(&r.home_muni)))?);
    }
    Ok(())
}

/// One page of a municipality's queue of `kind` in `status`, newest first.
pub async fn queue(app: &App, muni: &str, kind: RequestKind, status: RequestStatus, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<RowItem>> {
    let page = query::<RowItem>(app, None, &queue_pk(muni, kind, status), None, false, limit, cursor).await?;
    Ok(live_rows(app, page))
}

/// One page of the out-of-area notifications of a municipality's residents
/// accepted elsewhere, newest first.
pub async fn of_residents(app: &App, home_muni: &str, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<RowItem>> {
    let page = query::<RowItem>(app, None, &home_pk(home_muni), None, false, limit, cursor).await?;
    Ok(live_rows(app, page))
}

fn live_rows(app: &App, mut page: QueryPage<RowItem>) -> QueryPage<RowItem> {
    let now = app.now().timestamp();
    page.items.retain(|r| r.expires_at.is_none_or(|e| e > now));
    page
}

/// The void marker of a coupon replaced by a reissue (no personal data, no
/// expiry: the number must stay refused).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VoidCouponItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub replaced_by: String,
    pub muni: String,
    pub voided_at: DateTime<Utc>,
}

fn void_key(coupon: &str) -> Key {
    (format!("COUPON#{coupon}"), "VOID".into())
}

/// The step that marks `coupon` void, replaced by `new_coupon` (the new
/// number must not be void itself: it is checked by its own step).
pub fn void_coupon_in(tx: &mut Tx, coupon: &str, new_coupon: &str, muni: &str, now: DateTime<Utc>) -> AppResult<()> {
    let (pk, sk) = void_key(coupon);
    tx.put(to_item(&VoidCouponItem { pk, sk, replaced_by: new_coupon.into(), muni: muni.into(), voided_at: now })?);
    coupon_valid_in(tx, new_coupon, codes::COUPON_VOID.at("new_coupon"));
    Ok(())
}

/// The step that holds only while `coupon` is not void (a booking's).
pub fn coupon_valid_in(tx: &mut Tx, coupon: &str, on_void: impl Into<crate::store::tx::OnFail>) {
    let (pk, sk) = void_key(coupon);
    tx.condition((&pk, &sk), "attribute_not_exists(PK)", vec![], vec![], on_void);
}
