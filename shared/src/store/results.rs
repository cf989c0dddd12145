//! Results and waste (SPEC §8): each site's last cumulative report per
//! vaccine, the running totals per prefecture and day that the public
//! statistics and the open data read (never the sites' reports), and the
//! sites that have not reported since their last delivery.
//!
//! - report: `ORG#{site}` / `RESULT#{product}`; GSI1 `RESULTS#{pref}` /
//!   `{muni}#{site}#{product}` (the area's reports).
//! - running totals: `STATS#{pref}` / `DAY#{date}#{shard}`, each report's
//!   change added in its own transaction to one of [`STATS_SHARDS`] items
//!   by a hash of the site, so that a prefecture's sites reporting at once
//!   do not all meet on one item.
//! - not reported since the last delivery: `ORG#{site}` / `RESULTDUE`;
//!   GSI2 `RESULTDUE` / `{pref}#{muni}#{site}` (sparse: only while due).
//! - reminder mailed: `DONE#result-reminders#{deadline}` / `{site}`.

use crate::domain::results::{used_vials, Cumulative};
use crate::error::{codes, AppResult};
use crate::store::stock::{self, StockItem};
use crate::store::tx::OnFail;
use crate::store::{n, orgs, query_all, s, to_item, Key, Tx};
use crate::{App, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResultItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    pub site_id: String,
    pub site_name: String,
    pub pref: String,
    pub muni: String,
    pub product: String,
    pub as_of: NaiveDate,
    pub counts: Cumulative,
    /// Vials taken from the stock for the doses so far (rounded up).
    pub used_vials: u64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

pub fn key(site_id: &str, product: &str) -> Key {
    (orgs::pk(site_id), format!("RESULT#{product}"))
}

impl ResultItem {
    #[allow(clippy::too_many_arguments)]
    pub fn new(site_id: &str, site_name: &str, pref: &str, muni: &str, product: &str, as_of: NaiveDate, counts: Cumulative, used_vials: u64, at: DateTime<Utc>, by: &str, version: u64) -> ResultItem {
        let (pk, sk) = key(site_id, product);
        ResultItem {
            pk,
            sk,
            gsi1pk: format!("RESULTS#{pref}"),
            gsi1sk: format!("{muni}#{site_id}#{product}"),
            site_id: site_id.into(),
            site_name: site_name.into(),
            pref: pref.into(),
            muni: muni.into(),
            product: product.into(),
            as_of,
            counts,
            used_vials,
            updated_at: at,
            updated_by: by.into(),
            version,
        }
    }
}

/// A site's reports, one per vaccine.
pub async fn of_site(app: &App, site_id: &str) -> AppResult<Vec<ResultItem>> {
    query_all(app, None, &orgs::pk(site_id), Some("RESULT#")).await
}

/// The reports of a prefecture's sites, or of one municipality's.
pub async fn of_area(app: &App, pref: &str, muni: Option<&str>) -> AppResult<Vec<ResultItem>> {
    let prefix = muni.map(|m| format!("{m}#"));
    query_all(app, Some("GSI1"), &format!("RESULTS#{pref}"), prefix.as_deref()).await
}

/// Writes a report over the version read (0: the first).
pub fn save_in(tx: &mut Tx, item: &ResultItem, read_version: u64, on_stale: impl Into<OnFail>) -> AppResult<()> {
    tx.put_versioned(to_item(item)?, read_version, on_stale);
    Ok(())
}

pub const STATS_SHARDS: u32 = 4;

/// The running-totals shard a site adds to.
pub fn shard_of(site_id: &str) -> u32 {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(site_id.as_bytes());
    u32::from(h[0]) % STATS_SHARDS
}

/// One shard of a prefecture's doses reported for one day (signed: a
/// correction takes back).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatsItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub pref: String,
    pub on_date: NaiveDate,
    #[serde(default)]
    pub dose1: i64,
    #[serde(default)]
    pub dose2: i64,
    #[serde(default)]
    pub dose3: i64,
}

/// The step that adds a report's change of doses (per dose number) to its
/// prefecture's total of the day.
pub fn add_to_totals_in(tx: &mut Tx, pref: &str, date: NaiveDate, site_id: &str, change: [i64; 3]) {
    let pk = format!("STATS#{pref}");
    let sk = format!("DAY#{date}#{}", shard_of(site_id));
    tx.update(
        (&pk, &sk),
        "SET pref = :pref, on_date = :date ADD dose1 :a, dose2 :b, dose3 :c",
        vec![(":pref", s(pref)), (":date", s(date.to_string())), (":a", n(change[0])), (":b", n(change[1])), (":c", n(change[2]))],
        None,
        OnFail::Internal("unconditional totals"),
    );
}

/// A prefecture's running totals, every day and shard (one query).
pub async fn totals(app: &App, pref: &str) -> AppResult<Vec<StatsItem>> {
    query_all(app, None, &format!("STATS#{pref}"), Some("DAY#")).await
}

/// A site's doses reported in one month (the change of its cumulative
/// reports dated in that month, every vaccine): what its bill for the
/// month is held against.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MonthItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(default)]
    pub doses: i64,
}

pub fn month_key(site_id: &str, month: NaiveDate) -> Key {
    (orgs::pk(site_id), format!("MONTHDOSES#{}", month.format("%Y-%m")))
}

/// The step that adds a report's change of doses to its month.
fn add_to_month_in(tx: &mut Tx, site_id: &str, as_of: NaiveDate, change: i64) {
    let (pk, sk) = month_key(site_id, as_of);
    tx.update((&pk, &sk), "ADD doses :c", vec![(":c", n(change))], None, OnFail::Internal("unconditional month total"));
}

/// The doses reported by each of `site_ids` in `month` (0 where none).
pub async fn month_doses(app: &App, site_ids: &[&str], month: NaiveDate) -> AppResult<Vec<u64>> {
    let keys: Vec<Key> = site_ids.iter().map(|s| month_key(s, month)).collect();
    let got: Vec<Option<MonthItem>> = crate::store::get_each(app, &keys).await?;
    Ok(got.into_iter().map(|m| m.map_or(0, |m| m.doses.max(0) as u64)).collect())
}

pub const DUE: &str = "RESULTDUE";
const DUE_SK: &str = "RESULTDUE";

/// A site that has received vaccine since its last report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DueItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub site_id: String,
    pub site_name: String,
    pub pref: String,
    pub muni: String,
    /// The last delivery (or transfer) received.
    pub since: NaiveDate,
    pub version: u64,
}

pub fn due_key(site_id: &str) -> Key {
    (orgs::pk(site_id), DUE_SK.into())
}

/// The step that marks a site due to report, from `since` (its latest delivery).
pub fn due_in(tx: &mut Tx, site_id: &str, site_name: &str, pref: &str, muni: &str, since: NaiveDate) {
    let (pk, sk) = due_key(site_id);
    tx.update(
        (&pk, &sk),
        "SET site_id = :site, site_name = :name, pref = :pref, muni = :muni, since = :since, GSI2PK = :g2pk, GSI2SK = :g2sk ADD #v :one",
        vec![
            (":site", s(site_id)),
            (":name", s(site_name)),
            (":pref", s(pref)),
            (":muni", s(muni)),
            (":since", s(since.to_string())),
            (":g2pk", s(DUE)),
            (":g2sk", s(format!("{pref}#{muni}#{site_id}"))),
            (":one", n(1)),
        ],
        None,
        OnFail::Internal("unconditional due marker"),
    );
}

pub async fn due_of(app: &App, site_id: &str) -> AppResult<Option<DueItem>> {
    let (pk, sk) = due_key(site_id);
    crate::store::get(app, &pk, &sk).await
}

/// The step that clears a site's due marker as read (a delivery landing
/// meanwhile fails it with `on_moved`).
pub fn clear_due_in(tx: &mut Tx, due: &DueItem, on_moved: impl Into<OnFail>) {
    tx.delete_versioned((&due.pk, &due.sk), due.version, on_moved);
}

/// The sites due to report, of the nation, a prefecture or a municipality.
pub async fn due(app: &App, pref: Option<&str>, muni: Option<&str>) -> AppResult<Vec<DueItem>> {
    let prefix = match (pref, muni) {
        (_, Some(m)) => Some(format!("{}#{m}#", &m[..2])),
        (Some(p), None) => Some(format!("{p}#")),
        (None, None) => None,
    };
    query_all(app, Some("GSI2"), DUE, prefix.as_deref()).await
}

/// The step that marks `site_id` reminded for the deadline; fails with
/// `on_done` when a run reminded it before.
pub fn reminded_in(tx: &mut Tx, deadline: DateTime<Utc>, site_id: &str, at: DateTime<Utc>, on_done: impl Into<OnFail>) {
    let item: crate::store::Item = [
        ("PK".to_string(), s(format!("DONE#result-reminders#{}", deadline.to_rfc3339()))),
        ("SK".to_string(), s(site_id)),
        ("at".to_string(), s(at.to_rfc3339())),
        (crate::store::TTL_ATTRIBUTE.to_string(), n((at + chrono::Duration::days(90)).timestamp())),
    ]
    .into();
    tx.put_new(item, on_done);
}

/// A new cumulative report of a site for one vaccine: typed in the results
/// entry, or one more dose from a booking marked 接種済.
pub struct Report<'a> {
    pub site: &'a orgs::OrgItem,
    pub product: &'a str,
    pub doses_per_vial: u64,
    /// The report it follows (its version is the one read).
    pub last: Option<&'a ResultItem>,
    pub due: Option<&'a DueItem>,
    /// The site's stock, every lot.
    pub held: &'a [StockItem],
    pub as_of: NaiveDate,
    pub counts: Cumulative,
    pub at: DateTime<Utc>,
    pub by: &'a str,
}

/// The steps of a report, in the caller's transaction: the report over the
/// version read; the vials it accounts for out of the stock (first
/// expiring first; a correction gives back); its change of doses added to
/// the prefecture's totals of the day; the site's due mark cleared when the
/// report covers its last delivery. Returns the new report and the vials
/// taken from the stock.
pub async fn report_in(app: &App, tx: &mut Tx, r: Report<'_>) -> AppResult<(ResultItem, i64)> {
    let read_version = r.last.map_or(0, |l| l.version);
    let used = used_vials(r.counts.all_doses(), r.doses_per_vial);
    let (old_used, old_waste) = r.last.map_or((0, 0), |l| (l.used_vials, l.counts.waste_vials));
    let moves = stock::moves(app, r.held, r.product, used as i64 - old_used as i64, r.counts.waste_vials as i64 - old_waste as i64).await?;
    let old_doses = r.last.map_or([0; 3], |l| l.counts.doses());
    let change: [i64; 3] = std::array::from_fn(|i| r.counts.doses()[i] as i64 - old_doses[i] as i64);
    let pref = r.site.pref.clone().unwrap_or_default();
    let muni = r.site.muni.clone().unwrap_or_default();
    let next = ResultItem::new(&r.site.org_id, &r.site.name, &pref, &muni, r.product, r.as_of, r.counts, used, r.at, r.by, read_version + 1);
    save_in(tx, &next, read_version, AppError::from(codes::STALE_VERSION))?;
    for (lot, (u, w)) in &moves {
        let raced = codes::INSUFFICIENT_STOCK.with("同時に登録された融通などで在庫が変わりました。画面を読み込み直してから、もう一度登録してください。");
        stock::consume_in(tx, &r.site.org_id, lot, *u, *w, raced);
    }
    if change != [0; 3] {
        add_to_totals_in(tx, &pref, r.as_of, &r.site.org_id, change);
        add_to_month_in(tx, &r.site.org_id, r.as_of, change.iter().sum());
    }
    if let Some(d) = r.due.filter(|d| d.since <= r.as_of) {
        clear_due_in(tx, d, codes::STALE_VERSION.with("納入実績が登録されました。画面を読み込み直してから、もう一度登録してください。"));
    }
    let taken = moves.values().map(|(u, w)| u + w).sum();
    Ok((next, taken))
}
