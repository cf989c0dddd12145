//! Billing (SPEC §10): the national price master, each site's claim per
//! month of vaccination, and one invoice record per municipality billed,
//! through which municipalities and prefectures read what is billed to
//! them.
//!
//! - price master: `CONFIG` / `BILLINGPRICES` (every effective-dated set).
//! - claim: `ORG#{site}` / `CLAIM#{YYYY-MM}`, its rows by municipality with
//!   the price set it was billed at (a later change of the master does not
//!   alter a bill already made).
//! - invoice: `ORG#{site}` / `INVOICE#{YYYY-MM}#{muni}`; GSI1
//!   `BILLED#{muni}` / `{YYYY-MM}#{site}` (a municipality's month), GSI2
//!   `BILLEDP#{pref}` / `{YYYY-MM}#{muni}#{site}` (a prefecture's month,
//!   by municipality).

use crate::domain::billing::{bill, month_str, Bill, Counts, PriceSet};
use crate::error::AppResult;
use crate::store::supply::CONFIG_PK;
use crate::store::tx::OnFail;
use crate::store::{get, orgs, query, to_item, Key, QueryPage, Tx};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

const PRICES_SK: &str = "BILLINGPRICES";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PricesItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    /// In order of their first month.
    pub sets: Vec<PriceSet>,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
    pub version: u64,
}

pub fn prices_key() -> Key {
    (CONFIG_PK.into(), PRICES_SK.into())
}

impl PricesItem {
    pub fn new(mut sets: Vec<PriceSet>, at: Option<DateTime<Utc>>, by: Option<&str>, version: u64) -> PricesItem {
        sets.sort_by_key(|p| p.effective_from);
        let (pk, sk) = prices_key();
        PricesItem { pk, sk, sets, updated_at: at, updated_by: by.map(str::to_string), version }
    }
}

/// The price master; an empty one (version 0) before it is loaded.
pub async fn prices(app: &App) -> AppResult<PricesItem> {
    let (pk, sk) = prices_key();
    Ok(get(app, &pk, &sk).await?.unwrap_or_else(|| PricesItem::new(Vec::new(), None, None, 0)))
}

/// The step that writes the master over the version read.
pub fn save_prices_in(tx: &mut Tx, item: &PricesItem, read_version: u64, on_stale: impl Into<OnFail>) -> AppResult<()> {
    tx.put_versioned(to_item(item)?, read_version, on_stale);
    Ok(())
}

/// One municipality's counts in a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRow {
    pub muni: String,
    pub muni_name: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub site_id: String,
    /// The month of vaccination (its first day).
    pub month: NaiveDate,
    /// The site's own municipality first.
    pub rows: Vec<ClaimRow>,
    /// The price set in force for the month when the claim was submitted.
    pub prices: PriceSet,
    /// Submitted (or corrected) after the 10th of the claim month.
    pub corrected: bool,
    /// How many times it was corrected after the deadline.
    #[serde(default)]
    pub corrections: u64,
    pub submitted_at: DateTime<Utc>,
    pub submitted_by: String,
    pub version: u64,
}

pub fn claim_key(site_id: &str, month: NaiveDate) -> Key {
    (orgs::pk(site_id), format!("CLAIM#{}", month_str(month)))
}

impl ClaimItem {
    /// The claim's counts of every municipality together (the summary).
    pub fn total(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rows {
            c.add(&r.counts);
        }
        c
    }

    pub fn summary(&self) -> Bill {
        bill(&self.total(), &self.prices)
    }
}

pub async fn claim(app: &App, site_id: &str, month: NaiveDate) -> AppResult<Option<ClaimItem>> {
    let (pk, sk) = claim_key(site_id, month);
    get(app, &pk, &sk).await
}

/// A site's claims, newest month first (at most a few dozen over the programme).
pub async fn claims_of(app: &App, site_id: &str) -> AppResult<Vec<ClaimItem>> {
    Ok(query(app, None, &orgs::pk(site_id), Some("CLAIM#"), false, 100, None).await?.items)
}

/// What one site bills one municipality for one month: the record the
/// municipality's and the prefecture's lists read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvoiceItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    #[serde(rename = "GSI2PK")]
    pub gsi2pk: String,
    #[serde(rename = "GSI2SK")]
    pub gsi2sk: String,
    pub site_id: String,
    pub site_code: String,
    pub site_name: String,
    /// The municipality billed (the residents').
    pub muni: String,
    pub muni_name: String,
    pub month: NaiveDate,
    pub counts: Counts,
    pub total_count: u64,
    pub total_amount: u64,
    /// The site's vaccinations billed that month over every municipality
    /// (what its reported results are held against).
    pub site_vaccinations: u64,
    pub corrected: bool,
    pub submitted_at: DateTime<Utc>,
}

pub fn invoice_key(site_id: &str, month: NaiveDate, muni: &str) -> Key {
    (orgs::pk(site_id), format!("INVOICE#{}#{muni}", month_str(month)))
}

impl InvoiceItem {
    /// The invoice of `row` of `claim` for the site `site`.
    pub fn of(claim: &ClaimItem, row: &ClaimRow, site_code: &str, site_name: &str) -> InvoiceItem {
        let (pk, sk) = invoice_key(&claim.site_id, claim.month, &row.muni);
        let m = month_str(claim.month);
        let b = bill(&row.counts, &claim.prices);
        InvoiceItem {
            pk,
            sk,
            gsi1pk: format!("BILLED#{}", row.muni),
            gsi1sk: format!("{m}#{}", claim.site_id),
            gsi2pk: format!("BILLEDP#{}", &row.muni[..2]),
            gsi2sk: format!("{m}#{}#{}", row.muni, claim.site_id),
            site_id: claim.site_id.clone(),
            site_code: site_code.into(),
            site_name: site_name.into(),
            muni: row.muni.clone(),
            muni_name: row.muni_name.clone(),
            month: claim.month,
            counts: row.counts,
            total_count: b.total_count,
            total_amount: b.total_amount,
            site_vaccinations: claim.total().vaccinations(),
            corrected: claim.corrected,
            submitted_at: claim.submitted_at,
        }
    }
}

/// The steps of a submission: the claim over the version read, an invoice
/// per municipality with counts, and the invoices of municipalities no
/// longer billed taken back.
pub fn submit_in(tx: &mut Tx, next: &ClaimItem, before: Option<&ClaimItem>, site_code: &str, site_name: &str, on_stale: impl Into<OnFail>) -> AppResult<()> {
    tx.put_versioned(to_item(next)?, before.map_or(0, |b| b.version), on_stale);
    let billed: Vec<&ClaimRow> = next.rows.iter().filter(|r| r.counts.total() > 0).collect();
    for r in &billed {
        tx.put(to_item(&InvoiceItem::of(next, r, site_code, site_name))?);
    }
    for old in before.map(|b| b.rows.as_slice()).unwrap_or_default() {
        if old.counts.total() > 0 && !billed.iter().any(|r| r.muni == old.muni) {
            let (pk, sk) = invoice_key(&next.site_id, next.month, &old.muni);
            tx.delete((&pk, &sk));
        }
    }
    Ok(())
}

/// One page of what is billed to a municipality for `month`, by site.
pub async fn billed_to(app: &App, muni: &str, month: NaiveDate, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<InvoiceItem>> {
    query(app, Some("GSI1"), &format!("BILLED#{muni}"), Some(&format!("{}#", month_str(month))), true, limit, cursor).await
}

/// One page of what is billed to a prefecture's municipalities for
/// `month`, by municipality then site.
pub async fn billed_in(app: &App, pref: &str, month: NaiveDate, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<InvoiceItem>> {
    query(app, Some("GSI2"), &format!("BILLEDP#{pref}"), Some(&format!("{}#", month_str(month))), true, limit, cursor).await
}
