//! DynamoDB single table: keys, item mapping and repositories.
//!
//! Access patterns (PK / SK, then the two overloaded indexes; GSI3 is the
//! public finder's own sparse index, projecting only published fields):
//!
//! | entity            | PK                    | SK              | GSI1PK / GSI1SK                              | GSI2PK / GSI2SK              |
//! |-------------------|-----------------------|-----------------|----------------------------------------------|------------------------------|
//! | organisation      | `ORG#{org_id}`        | `ORG`           | `ORGS#P{pref}` / `{muni}#{org_id}`           |                              |
//! | counter           | `ORG#{org_id}`        | `SEQ#{what}`    |                                              |                              |
//! | account           | `USER#{vsys_id}`      | `USER`          | `ACCT#P{pref}` / `{muni}#{org_id}#{vsys_id}` | `PENDING` / `{last_mailed}` (sparse) |
//! | account uniqueness| `UNIQ#{org_id}#{mail}`| `UNIQ`          |                                              |                              |
//! | hourly allowance  | `USER#{vsys_id}`      | `RATE#{what}#{yyyymmddhh}` |                                   |                              |
//! | session           | `SESSION#{sha256}`    | `SESSION`       |                                              |                              |
//! | mailed link       | `LINK#{sha256}`       | `LINK`          |                                              |                              |
//! | sign-in challenge | `CHAL#{id}`           | `CHAL`          |                                              |                              |
//! | call-centre req.  | `CCREQ#{id}`          | `CCREQ`         | `CCREQ#P{pref}` / `{muni}#{filed}#{id}`      | `CCREQ#OPEN` / `{cutoff}#{id}` (sparse) |
//! | product master    | `CONFIG`              | `PRODUCTS`      |                                              |                              |
//! | cool              | `COOL#{cool_id}`      | `COOL`          | `COOLS` / `{channel}#{number}`               |                              |
//! | cool totals shard | `COOL#{cool_id}`      | `TOTAL#{nn}`    |                                              |                              |
//! | plan calendar     | `CONFIG`              | `PLAN_CALENDAR` |                                              |                              |
//! | maintenance       | `CONFIG`              | `MAINTENANCE`   |                                              |                              |
//! | registration      | `REG#{cool_id}`       | `P{pref}#{muni}#{site}` | `REGS#{site}` / `{channel}#{number}` |                              |
//! | site's registration history | `ORG#{site}` | `REGHIST#{channel}` |                                     |                              |
//! | plan review       | `PLAN#{site}`         | `REVIEW`        |                                              | `PLANREVIEW#PENDING` / `{changed}#{site}` (sparse) |
//! | facility profile  | `ORG#{org_id}`        | `PROFILE`       | `FAC#P{pref}` / `{muni}#{org_id}`            | GSI3: `PUBLIC#P{pref}` / `{muni}#{org_id}` (sparse: listed sites; projects `listing`, `reservation_status`, `reservation_updated_at`) |
//! | doctor            | `ORG#{org_id}`        | `DOCTOR#{nnn}`  |                                              |                              |
//! | supply facts      | `ORG#{org_id}`        | `SUPPLY`        |                                              |                              |
//! | transfer (融通)   | `ORG#{org_id}`        | `XFER#{date}#{rand}` |                                         |                              |
//! | contact change    | `ORG#{org_id}`        | `CONTACT`       |                                              | `CONTACTCHANGE#PENDING` / `{due}#{org_id}` (sparse) |
//! | delegation        | `ORG#{site}`          | `DELEG#{nn}`    | `DELEGTO#{receiver}` / `{U|R}#{registered}#{number}` |                      |
//! | first municipal delegation | `ORG#{muni}` | `DELEG#FIRST`   |                                              |                              |
//! | one delegation per vaccine and delegate | `ORG#{site}` | `DELEGFOR#{vaccine}#{receiver}` |                  |                              |
//! | facility code     | `CODE#{code}`         | `CODE`          |                                              |                              |
//! | new-code application | `CODEAPP#{id}`     | `CODEAPP`       | `CODEAPPS#P{pref}` / `{status}#{filed}#{id}` | `CODEAPP#FORWARDED` or `#ASSIGNED` / `{pref}#{id}` (sparse) |
//! | nation's allocation | `ALLOC#{cool_id}`  | `NATION`        |                                              |                              |
//! | prefecture's allocation and municipal split | `ALLOC#{cool_id}` | `PREF#{pref}` |                   |                              |
//! | municipality's allocation status and site split | `ALLOC#{cool_id}` | `MUNI#{muni}` (`begins_with MUNI#{pref}`: a prefecture's) | |                  |
//! | workplace allocation (職域) | `ALLOC#{cool_id}` | `WORKPLACE`, rows in `WORKPLACE#{nn}` (16 shards by venue) |   |                              |
//! | site's final allocation and its delivery | `ORG#{site}` | `ALLOC#{cool_id}` | `DELIVERY#{cool_id}#{pref}` / `{muni}#{site}` (a wholesaler's area) | `DELIVERY#UNSCHEDULED` or `#UNDELIVERED` / `{pref}#{muni}#{cool_id}#{site}` (sparse: open deliveries, for the reports) |
//! | lot (ロット)       | `LOT#{lot}`           | `LOT`           | `LOTS` / `{lot}`                             |                              |
//! | stock by lot      | `ORG#{site}`          | `STOCK#{lot}`   | `STOCK#{pref}` / `{lot}#{muni}#{site}` (who holds a lot) |                  |
//! | allocation notice (fan-out) | `ALLOCNOTICE#{id}` | `ALLOCNOTICE`, and `DONE#{recipient}` per recipient handled |  | `ALLOCNOTICE#DUE` / `{created}#{id}` (sparse) |
//! | wholesaler (卸マスタ) | `WHS#{code}`     | `WHS`           | `WHOLESALERS` / `{code}`                     |                              |
//! | result (接種実績)   | `ORG#{site}`          | `RESULT#{product}` | `RESULTS#{pref}` / `{muni}#{site}#{product}` |                          |
//! | results running totals | `STATS#{pref}`   | `DAY#{date}#{shard}` (4 shards by site) |                     |                              |
//! | doses reported in a month | `ORG#{site}` | `MONTHDOSES#{YYYY-MM}` |                               |                              |
//! | billing price master | `CONFIG`           | `BILLINGPRICES` |                                              |                              |
//! | claim (請求)      | `ORG#{site}`          | `CLAIM#{YYYY-MM}` |                                            |                              |
//! | invoice per municipality billed | `ORG#{site}` | `INVOICE#{YYYY-MM}#{muni}` | `BILLED#{muni}` / `{YYYY-MM}#{site}` | `BILLEDP#{pref}` / `{YYYY-MM}#{muni}#{site}` |
//! | due to report     | `ORG#{site}`          | `RESULTDUE`     |                                              | `RESULTDUE` / `{pref}#{muni}#{site}` (sparse: received since the last report) |
//! | reminder mailed   | `DONE#result-reminders#{deadline}` | `{site}` |                                  |                              |
//! | reservation slot | `VENUE#{venue}#{date}` | `SLOT#{HHMM}` | `SLOTS#{muni}` / `{date}#{venue}#{HHMM}` (counts only) |        |
//! | booking (personal data: base table only, TTL) | `VENUE#{venue}#{date}` | `BOOKING#{HHMM}#{id}` |      |                              |
//! | coupon's booked dose | `COUPON#{coupon}` | `DOSE#{n}`   |                                              |                              |
//! | venue with slots  | `ORG#{venue}`         | `RESVENUE`      |                                              | `RESVENUES` / `{muni}#{venue}` (sparse) |
//! | notice (お知らせ)  | `NOTICE#{id}`         | `NOTICE`        | `NOTICES#{author org}` / `{created}#{id}`    | `NOTICEQ#{approver}` / `{sent}#{id}` while pending (sparse) |
//! | published notice (public copy) | `NOTICEPUB#{pref}` | `{publish_until}#{id}` |                   |                              |
//! | inquiry (問い合わせ) | `INQUIRY#{id}`      | `INQUIRY`       | `INQUIRIES#{asking org}` / `{created}#{id}`  | `INQUIRYQ#{status}` / `{updated}#{id}` |
//! | manual version    | `MANUAL#{audience}`   | `V#{version:05}` |                                             |                              |
//! | FAQ entry         | `FAQ`                 | `ENTRY#{id}`    |                                              |                              |
//! | resident's request (personal data: base table only, TTL) | `RESREQ#{id}` | `RESREQ` |              |                              |
//! | its mailed token  | `RESTOKEN#{sha256}`   | `RESTOKEN`      |                                              |                              |
//! | request queue row (name, reason, dates only) | `RESQ#{muni}#{OUT|REISSUE}#{status}` | `{filed}#{id}` |   |                              |
//! | residents' accepted elsewhere (the same row) | `RESHOME#{home muni}` | `{filed}#{id}` |                  |                              |
//! | void coupon (reissued) | `COUPON#{coupon}` | `VOID`         |                                              |                              |
//! | request allowance per hour | `RESLIMIT#{sha256 of address}` | `RATE#{what}#{yyyymmddhh}` |             |                              |
//! | queued mail       | `OUTBOX#{id}`         | `OUTBOX`        |                                              | `OUTBOX#DUE` / `{next attempt}#{id}`, or `OUTBOX#FAILED` / `{created}#{id}` (see `outbox`) |
//! | audit record      | `AUDIT#{target}`      | `{at}#{rand}`   | `AUDITDAY#{jst date}` / `{at}#{rand}`        |                              |
//! | job run           | `JOB#{name}`          | `{run key}`     |                                              |                              |
//! | deadline handled  | `DONE#{job}`          | `{deadline}`    |                                              |                              |
//!
//! `{pref}` is `00` for national bodies, `{muni}` is `000000` above municipality
//! level, so one hierarchical sort key serves the nation, a prefecture
//! (whole partition), a municipality (`begins_with {muni}#`) and a single
//! organisation (`begins_with {muni}#{org_id}#`). Expiring items carry the TTL
//! attribute `expires_at`; because TTL deletion is lazy, every read checks
//! expiry itself.

pub mod allocations;
pub mod audit;
pub mod batch;
pub mod billing;
pub mod callcentre;
pub mod contracts;
pub mod deliveries;
pub mod facilities;
pub mod faq;
pub mod inquiries;
pub mod jobs;
pub mod limits;
pub mod links;
pub mod lots;
pub mod manuals;
pub mod notices;
pub mod orgs;
pub mod outbox;
pub mod registrations;
pub mod reservations;
pub mod residents;
pub mod results;
pub mod schema;
pub mod sessions;
pub mod stock;
pub mod supply;
pub mod tx;
pub mod users;
pub mod wholesalers;

use crate::error::{AppError, AppResult};
use crate::App;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;

pub type Item = HashMap<String, AttributeValue>;
pub use aws_sdk_dynamodb::types::TransactWriteItem as Step;
pub use batch::Batch;
pub use tx::Tx;

/// An item's key: partition key and sort key.
pub type Key = (String, String);

/// The TTL attribute (epoch seconds) declared in the template.
pub const TTL_ATTRIBUTE: &str = "expires_at";
/// DynamoDB's limit on one BatchWriteItem call; the emulator does not enforce it.
pub const BATCH_WRITE_LIMIT: usize = 25;
/// DynamoDB's limit on one TransactWriteItems call.
pub const TRANSACT_LIMIT: usize = 100;

pub fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

pub fn n(v: impl std::fmt::Display) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

pub fn sdk_err<E, R>(e: SdkError<E, R>) -> AppError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    // The SDK error itself: its causes (service error, dispatch failure, …)
    // stay reachable through `source()` for the log.
    AppError::internal(e)
}

pub fn to_item<T: Serialize>(v: &T) -> AppResult<Item> {
    serde_dynamo::to_item(v).map_err(AppError::internal)
}

pub fn from_item<T: DeserializeOwned>(item: Item) -> AppResult<T> {
    serde_dynamo::from_item(item).map_err(AppError::internal)
}

/// An optional item of a batch read, typed.
pub fn typed<T: DeserializeOwned>(item: Option<Item>) -> AppResult<Option<T>> {
    item.map(from_item).transpose()
}

/// One value as DynamoDB stores it (the same form `to_item` gives a field).
pub fn attr<T: Serialize>(v: &T) -> AppResult<AttributeValue> {
    serde_dynamo::to_attribute_value(v).map_err(AppError::internal)
}

/// Reads one item, strongly consistent (sessions, links and versions must not be stale).
pub async fn get<T: DeserializeOwned>(app: &App, pk: &str, sk: &str) -> AppResult<Option<T>> {
    let out = app
        .ddb
        .get_item()
        .table_name(&app.cfg.table)
        .key("PK", s(pk))
        .key("SK", s(sk))
        .consistent_read(true)
        .send()
        .await
        .map_err(sdk_err)?;
    out.item.map(from_item).transpose()
}

/// Takes the next number of a counter item (`PK`, `SK`), starting at 1: one
/// atomic UpdateItem, so concurrent callers never get the same number and
/// never retry. Numbers are not reused when the caller's later write fails.
pub async fn next_number(app: &App, pk: &str, sk: &str) -> AppResult<u64> {
    let out = app
        .ddb
        .update_item()
        .table_name(&app.cfg.table)
        .key("PK", s(pk))
        .key("SK", s(sk))
        .update_expression("ADD #n :one")
        .expression_attribute_names("#n", "n")
        .expression_attribute_values(":one", n(1))
        .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
        .send()
        .await
        .map_err(sdk_err)?;
    out.attributes
        .and_then(|a| {
            a.get("n")
                .and_then(|v| v.as_n().ok())
                .and_then(|v| v.parse().ok())
        })
        .ok_or_else(|| AppError::internal("counter returned no number"))
}

/// The keys of a sparse work-queue index: present (`pk`, `sk()`) while the
/// item is in the queue, absent otherwise, so the index holds only open work.
pub fn sparse_keys(
    in_queue: bool,
    pk: &str,
    sk: impl FnOnce() -> String,
) -> (Option<String>, Option<String>) {
    if in_queue {
        (Some(pk.to_string()), Some(sk()))
    } else {
        (None, None)
    }
}

/// Reads any number of items, typed, in the order of `keys` (`None` where
/// one does not exist): one BatchGetItem per hundred keys.
pub async fn get_each<T: DeserializeOwned>(app: &App, keys: &[Key]) -> AppResult<Vec<Option<T>>> {
    let mut out = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(100) {
        for item in get_many(app, chunk).await? {
            out.push(item.map(from_item).transpose()?);
        }
    }
    Ok(out)
}

/// Reads several items in one BatchGetItem (strongly consistent), in the order
/// of `keys`; `None` where an item does not exist. At most 100 keys.
pub async fn get_many(app: &App, keys: &[(String, String)]) -> AppResult<Vec<Option<Item>>> {
    use aws_sdk_dynamodb::types::KeysAndAttributes;
    if keys.len() > 100 {
        return Err(AppError::internal("batch get of more than 100 keys"));
    }
    let key_of = |pk: &str, sk: &str| -> Item {
        [("PK".to_string(), s(pk)), ("SK".to_string(), s(sk))].into()
    };
    let mut wanted: Vec<Item> = keys.iter().map(|(pk, sk)| key_of(pk, sk)).collect();
    let mut found: HashMap<(String, String), Item> = HashMap::new();
    let mut attempt = 0;
    while !wanted.is_empty() {
        let ka = KeysAndAttributes::builder()
            .set_keys(Some(wanted))
            .consistent_read(true)
            .build()
            .map_err(AppError::internal)?;
        let out = app
            .ddb
            .batch_get_item()
            .request_items(&app.cfg.table, ka)
            .send()
            .await
            .map_err(sdk_err)?;
        for item in out
            .responses
            .and_then(|mut r| r.remove(&app.cfg.table))
            .unwrap_or_default()
        {
            let k = |a: &str| {
                item.get(a)
                    .and_then(|v| v.as_s().ok())
                    .cloned()
                    .unwrap_or_default()
            };
            found.insert((k("PK"), k("SK")), item);
        }
        wanted = out
            .unprocessed_keys
            .and_then(|mut m| m.remove(&app.cfg.table))
            .map(|ka| ka.keys)
            .unwrap_or_default();
        attempt += 1;
        if !wanted.is_empty() {
            if attempt > 8 {
                return Err(AppError::internal(
                    "batch get: keys still unprocessed after retries",
                ));
            }
            tokio::time::sleep(std::time::Duration::from_millis(20 << attempt.min(6))).await;
        }
    }
    Ok(keys.iter().map(|k| found.remove(k)).collect())
}

/// Writes one item on its own (no transaction needed): `true` if written,
/// `false` if `only_if_new` and an item with that key already exists.
pub async fn put_one(app: &App, item: Item, only_if_new: bool) -> AppResult<bool> {
    let mut req = app
        .ddb
        .put_item()
        .table_name(&app.cfg.table)
        .set_item(Some(item));
    if only_if_new {
        req = req.condition_expression("attribute_not_exists(PK)");
    }
    match req.send().await {
        Ok(_) => Ok(true),
        Err(SdkError::ServiceError(se)) if se.err().is_conditional_check_failed_exception() => {
            Ok(false)
        }
        Err(e) => Err(sdk_err(e)),
    }
}

/// One page of a query on an index (or the table when `index` is None).
pub struct QueryPage<T> {
    pub items: Vec<T>,
    /// Opaque cursor for the next page, if there is one.
    pub next: Option<String>,
}

/// The partition and sort key attributes of the table or of one of its indexes.
fn key_attributes(index: Option<&str>) -> AppResult<(&'static str, &'static str)> {
    match index {
        Some("GSI1") => Ok(("GSI1PK", "GSI1SK")),
        Some("GSI2") => Ok(("GSI2PK", "GSI2SK")),
        Some("GSI3") => Ok(("GSI3PK", "GSI3SK")),
        None => Ok(("PK", "SK")),
        Some(other) => Err(AppError::internal(format!("unknown index {other}"))),
    }
}

/// Queries `pk_attr = pk` (and `begins_with(sk_attr, prefix)` when given), newest
/// or oldest first, one page of at most `limit` items.
#[allow(clippy::too_many_arguments)]
pub async fn query<T: DeserializeOwned>(
    app: &App,
    index: Option<&str>,
    pk: &str,
    sk_prefix: Option<&str>,
    forward: bool,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<QueryPage<T>> {
    let (pk_attr, sk_attr) = key_attributes(index)?;
    let mut q = app
        .ddb
        .query()
        .table_name(&app.cfg.table)
        .set_index_name(index.map(str::to_string))
        .expression_attribute_names("#pk", pk_attr)
        .expression_attribute_values(":pk", s(pk))
        .scan_index_forward(forward)
        .limit(limit);
    q = match sk_prefix {
        Some(p) => q
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#sk", sk_attr)
            .expression_attribute_values(":prefix", s(p)),
        None => q.key_condition_expression("#pk = :pk"),
    };
    if let Some(c) = cursor {
        q = q.set_exclusive_start_key(Some(decode_cursor(c, pk_attr, sk_attr, pk)?));
    }
    let out = q.send().await.map_err(sdk_err)?;
    let next = out
        .last_evaluated_key
        .as_ref()
        .map(encode_cursor)
        .transpose()?;
    let items = out
        .items
        .unwrap_or_default()
        .into_iter()
        .map(from_item)
        .collect::<AppResult<Vec<T>>>()?;
    Ok(QueryPage { items, next })
}

/// One page of an area's partition `pk` on `index`, whose sort keys start
/// with the municipality (`{muni}#…`, see the table above): the whole
/// partition, or one municipality of it when `muni` is given; in
/// municipality order.
pub async fn area_page<T: DeserializeOwned>(
    app: &App,
    index: &str,
    pk: &str,
    muni: Option<&str>,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<QueryPage<T>> {
    let prefix = muni.map(|m| format!("{m}#"));
    query(app, Some(index), pk, prefix.as_deref(), true, limit, cursor).await
}

/// Every item of a query, following pages (for jobs; handlers page instead).
pub async fn query_all<T: DeserializeOwned>(
    app: &App,
    index: Option<&str>,
    pk: &str,
    sk_prefix: Option<&str>,
) -> AppResult<Vec<T>> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = query::<T>(app, index, pk, sk_prefix, true, 500, cursor.as_deref()).await?;
        all.extend(page.items);
        match page.next {
            Some(c) => cursor = Some(c),
            None => return Ok(all),
        }
    }
}

/// Every item of a partition whose sort key lies between `from` and `to`
/// (inclusive), following pages.
pub async fn query_range_all<T: DeserializeOwned>(
    app: &App,
    index: Option<&str>,
    pk: &str,
    from: &str,
    to: &str,
) -> AppResult<Vec<T>> {
    let (pk_attr, sk_attr) = key_attributes(index)?;
    let mut all = Vec::new();
    let mut start: Option<Item> = None;
    loop {
        let out = app
            .ddb
            .query()
            .table_name(&app.cfg.table)
            .set_index_name(index.map(str::to_string))
            .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
            .expression_attribute_names("#pk", pk_attr)
            .expression_attribute_names("#sk", sk_attr)
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":from", s(from))
            .expression_attribute_values(":to", s(to))
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .map_err(sdk_err)?;
        for item in out.items.unwrap_or_default() {
            all.push(from_item(item)?);
        }
        match out.last_evaluated_key {
            Some(k) if !k.is_empty() => start = Some(k),
            _ => return Ok(all),
        }
    }
}

fn encode_cursor(key: &Item) -> AppResult<String> {
    use base64::Engine;
    let map: HashMap<&str, &str> = key
        .iter()
        .filter_map(|(k, v)| v.as_s().ok().map(|s| (k.as_str(), s.as_str())))
        .collect();
    let json = serde_json::to_vec(&map).map_err(AppError::internal)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json))
}

/// A cursor back into the key it came from. It must be a key of this very
/// query (its index's attributes, its partition): anything else is refused
/// as bad input, never passed on to read another partition or to fail there.
fn decode_cursor(c: &str, pk_attr: &str, sk_attr: &str, pk: &str) -> AppResult<Item> {
    use base64::Engine;
    let bad = || AppError::invalid("cursor", "ページ位置（cursor）が正しくありません。");
    if c.len() > 2048 {
        return Err(bad());
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .map_err(|_| bad())?;
    let map: HashMap<String, String> = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    let mut expected = vec!["PK", "SK"];
    if pk_attr != "PK" {
        expected.extend([pk_attr, sk_attr]);
    }
    let mut names: Vec<&str> = map.keys().map(String::as_str).collect();
    names.sort_unstable();
    expected.sort_unstable();
    if names != expected || map.get(pk_attr).map(String::as_str) != Some(pk) {
        return Err(bad());
    }
    Ok(map.into_iter().map(|(k, v)| (k, s(v))).collect())
}

/// Writes many items with BatchWriteItem in chunks of 25 (DynamoDB's limit,
/// enforced here because the emulator does not), retrying unprocessed items.
pub async fn batch_put(app: &App, items: Vec<Item>) -> AppResult<()> {
    use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
    for chunk in items.chunks(BATCH_WRITE_LIMIT) {
        let mut reqs: Vec<WriteRequest> = chunk
            .iter()
            .map(|i| {
                WriteRequest::builder()
                    .put_request(
                        PutRequest::builder()
                            .set_item(Some(i.clone()))
                            .build()
                            .expect("item set"),
                    )
                    .build()
            })
            .collect();
        let mut attempt = 0;
        while !reqs.is_empty() {
            let out = app
                .ddb
                .batch_write_item()
                .request_items(&app.cfg.table, reqs)
                .send()
                .await
                .map_err(sdk_err)?;
            reqs = out
                .unprocessed_items
                .and_then(|mut m| m.remove(&app.cfg.table))
                .unwrap_or_default();
            attempt += 1;
            if !reqs.is_empty() {
                if attempt > 8 {
                    return Err(AppError::internal(
                        "batch write: items still unprocessed after retries",
                    ));
                }
                tokio::time::sleep(std::time::Duration::from_millis(50 << attempt.min(6))).await;
            }
        }
    }
    Ok(())
}
