//! Registrations of sites for cools (weekly demand and vaccination plans), the
//! sharded running totals of each cool, and the plan review of each site.
//!
//! Closing a cool must not cost more with more sites. So the registrations are
//! never copied: each write also adds its change to one of [`SHARDS`] total
//! items of the cool, and is conditional on that shard not being closed. The
//! cut-off job closes the shards (a fixed number of writes); from then on no
//! registration of the cool can change, and the registrations as they stand are
//! the immutable allocation input, with the shard sums as their totals.

use crate::domain::cool::Channel;
use crate::error::codes;
use crate::error::{AppError, AppResult};
use crate::store::supply::{cool_pk, Totals};
use crate::store::{get, n, query_all, s, sdk_err, Tx};
use crate::App;
use aws_sdk_dynamodb::types::ReturnValue;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Total items per cool. Spreads concurrent writes near a deadline over
/// several items (no hot item, no transaction conflicts on one counter).
pub const SHARDS: u32 = 16;

/// 保管管理
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    /// 超低温冷凍庫 (−75 °C)
    DeepFreezer,
    /// 冷凍庫 (−20 °C)
    Freezer,
    /// 冷蔵庫 (2–8 °C)
    Refrigerator,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistrationItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    pub cool_id: String,
    pub channel: Channel,
    pub cool_number: u32,
    pub site_id: String,
    pub site_name: String,
    pub pref: String,
    pub muni: String,
    /// 週当たり接種予定回数 (weekly demand only).
    #[serde(default)]
    pub weekly_planned_doses: Option<u64>,
    pub packs: u64,
    pub doses: u64,
    pub needle_boxes: u64,
    pub syringe_boxes: u64,
    #[serde(default)]
    pub storage: Option<Storage>,
    /// Delivery round of this site in the channel (counts cools without delivery too).
    pub delivery_round: u32,
    /// From the third round: delivered doses ≤ weekly planned doses.
    #[serde(default)]
    pub cap_doses: Option<u64>,
    pub registered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

pub fn pk(cool_id: &str) -> String {
    format!("REG#{cool_id}")
}

/// `P13#131016#site-…`: one prefix per scope (prefecture, municipality, site).
pub fn sk(pref: &str, muni: &str, site_id: &str) -> String {
    format!("P{pref}#{muni}#{site_id}")
}

pub fn site_gsi1(site_id: &str, channel: Channel, number: u32) -> (String, String) {
    (
        format!("REGS#{site_id}"),
        format!("{}#{number:04}", channel.as_str()),
    )
}

impl RegistrationItem {
    pub fn set_keys(&mut self) {
        self.pk = pk(&self.cool_id);
        self.sk = sk(&self.pref, &self.muni, &self.site_id);
        (self.gsi1pk, self.gsi1sk) = site_gsi1(&self.site_id, self.channel, self.cool_number);
    }

    pub fn totals(&self) -> Totals {
        Totals {
            sites: 1,
            packs: self.packs as i64,
            doses: self.doses as i64,
            needle_boxes: self.needle_boxes as i64,
            syringe_boxes: self.syringe_boxes as i64,
        }
    }

    /// What users and the audit trail see.
    pub fn view(&self) -> RegistrationView {
        RegistrationView {
            cool_id: self.cool_id.clone(),
            site_id: self.site_id.clone(),
            site_name: self.site_name.clone(),
            municipality_code: self.muni.clone(),
            weekly_planned_doses: self.weekly_planned_doses,
            packs: self.packs,
            doses: self.doses,
            needle_boxes: self.needle_boxes,
            syringe_boxes: self.syringe_boxes,
            storage: self.storage,
            delivery_round: self.delivery_round,
            cap_doses: self.cap_doses,
            registered_at: crate::clock::to_jst_string(self.registered_at),
            updated_at: crate::clock::to_jst_string(self.updated_at),
            version: self.version,
            labels: None,
        }
    }
}

/// A registration as its screens show it.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationView {
    pub cool_id: String,
    pub site_id: String,
    pub site_name: String,
    pub municipality_code: String,
    pub weekly_planned_doses: Option<u64>,
    pub packs: u64,
    pub doses: u64,
    pub needle_boxes: u64,
    pub syringe_boxes: u64,
    pub storage: Option<Storage>,
    pub delivery_round: u32,
    pub cap_doses: Option<u64>,
    pub registered_at: String,
    pub updated_at: String,
    pub version: u64,
    /// The seed's captions (「100回接種分 × 30 = 3000 回接種分」), where the
    /// product is known.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub labels: Option<QuantityLabels>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuantityLabels {
    pub packs_label: String,
    pub needles_label: String,
    pub syringes_label: String,
}

/// A site's registrations of one channel in brief: the first cool it
/// registered (its delivery rounds count from there) and its latest few
/// registrations, newest first. Every weekly-demand write keeps it in the
/// same transaction, so the demand screen and the next registration read
/// it by key, in one batch with the cool, instead of querying the site's
/// history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HistoryItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub first_number: Option<u32>,
    pub latest: Vec<RegistrationItem>,
    pub version: u64,
}

/// How many of the latest registrations the history keeps: enough for the
/// cools open at once and the one before them.
const HISTORY_KEPT: usize = 4;

pub fn history_key(site_id: &str, channel: Channel) -> crate::store::Key {
    (
        crate::store::orgs::pk(site_id),
        format!("REGHIST#{}", channel.as_str()),
    )
}

impl HistoryItem {
    pub fn empty(site_id: &str, channel: Channel) -> HistoryItem {
        let (pk, sk) = history_key(site_id, channel);
        HistoryItem {
            pk,
            sk,
            first_number: None,
            latest: Vec::new(),
            version: 0,
        }
    }

    /// The site's latest registration before cool `number` (前回の登録内容).
    pub fn before(&self, number: u32) -> Option<&RegistrationItem> {
        self.latest.iter().find(|r| r.cool_number < number)
    }

    /// The history once `reg` is written.
    pub fn after(&self, reg: &RegistrationItem) -> HistoryItem {
        let mut next = self.clone();
        next.first_number = Some(
            self.first_number
                .map_or(reg.cool_number, |f| f.min(reg.cool_number)),
        );
        next.latest.retain(|r| r.cool_number != reg.cool_number);
        next.latest.push(reg.clone());
        next.latest
            .sort_by_key(|r| std::cmp::Reverse(r.cool_number));
        next.latest.truncate(HISTORY_KEPT);
        next.version += 1;
        next
    }

    /// Writes the history over the version read, in `tx`.
    pub fn write_in(&self, tx: &mut Tx, read_version: u64, on_stale: AppError) -> AppResult<()> {
        tx.put_versioned(crate::store::to_item(self)?, read_version, on_stale);
        Ok(())
    }
}

/// Every registration of one site in one channel, oldest cool first.
pub async fn of_site(
    app: &App,
    site_id: &str,
    channel: Channel,
) -> AppResult<Vec<RegistrationItem>> {
    let (gpk, _) = site_gsi1(site_id, channel, 0);
    query_all(
        app,
        Some("GSI1"),
        &gpk,
        Some(&format!("{}#", channel.as_str())),
    )
    .await
}

fn shard_of(site_id: &str) -> u32 {
    let h = Sha256::digest(site_id.as_bytes());
    u32::from_be_bytes([h[0], h[1], h[2], h[3]]) % SHARDS
}

fn shard_sk(i: u32) -> String {
    format!("TOTAL#{i:02}")
}

/// Adds `delta` to the site's shard of the cool's totals, as a transaction step
/// that fails (on its condition) once the cool has been closed.
pub fn add_to_totals(tx: &mut Tx, cool_id: &str, site_id: &str, delta: &Totals) {
    tx.update(
        (&cool_pk(cool_id), &shard_sk(shard_of(site_id))),
        "ADD sites :s, packs :p, doses :d, needle_boxes :n, syringe_boxes :y",
        vec![
            (":s", n(delta.sites)),
            (":p", n(delta.packs)),
            (":d", n(delta.doses)),
            (":n", n(delta.needle_boxes)),
            (":y", n(delta.syringe_boxes)),
        ],
        Some("attribute_not_exists(closed_at)"),
        closing_conflict(),
    );
}

/// Closes every shard of a cool at `at` and returns the sums. Re-running it
/// returns the same sums and changes nothing. [`SHARDS`] writes, whatever the
/// number of sites.
pub async fn close_totals(app: &App, cool_id: &str, at: DateTime<Utc>) -> AppResult<Totals> {
    let mut sum = Totals::default();
    for i in 0..SHARDS {
        // SET closed_at only if absent: the first close time stays.
        let out = app
            .ddb
            .update_item()
            .table_name(&app.cfg.table)
            .key("PK", s(cool_pk(cool_id)))
            .key("SK", s(shard_sk(i)))
            .update_expression("SET closed_at = if_not_exists(closed_at, :at)")
            .expression_attribute_values(":at", s(at.to_rfc3339()))
            .return_values(ReturnValue::AllNew)
            .send()
            .await
            .map_err(sdk_err)?;
        let attrs = out.attributes.unwrap_or_default();
        let num = |k: &str| {
            attrs
                .get(k)
                .and_then(|v| v.as_n().ok())
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(0)
        };
        sum.add(&Totals {
            sites: num("sites"),
            packs: num("packs"),
            doses: num("doses"),
            needle_boxes: num("needle_boxes"),
            syringe_boxes: num("syringe_boxes"),
        });
    }
    Ok(sum)
}

/// The plan review state of a site (確認済 / 要見直), one item per site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Changed and waiting for the national office (確認待ち).
    Pending,
    /// 確認済
    Confirmed,
    /// 要見直
    NeedsRevision,
}

impl ReviewState {
    pub fn label_ja(self) -> &'static str {
        match self {
            ReviewState::Pending => "確認待ち",
            ReviewState::Confirmed => "確認済",
            ReviewState::NeedsRevision => "要見直",
        }
    }
}

pub const PENDING_REVIEWS: &str = "PLANREVIEW#PENDING";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanReviewItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    /// Present while pending: the national office's work list.
    #[serde(rename = "GSI2PK", default, skip_serializing_if = "Option::is_none")]
    pub gsi2pk: Option<String>,
    #[serde(rename = "GSI2SK", default, skip_serializing_if = "Option::is_none")]
    pub gsi2sk: Option<String>,
    pub site_id: String,
    pub site_name: String,
    pub pref: String,
    pub muni: String,
    pub state: ReviewState,
    pub changed_at: DateTime<Utc>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub reviewed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    pub version: u64,
}

/// The registrations of a cool in an area: the nation (no prefecture), a
/// prefecture, or one municipality of it; one page in area order.
pub async fn of_cool(
    app: &App,
    cool_id: &str,
    pref: Option<&str>,
    muni: Option<&str>,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<crate::store::QueryPage<RegistrationItem>> {
    let prefix = match (pref, muni) {
        (None, _) => "P".to_string(),
        (Some(p), None) => format!("P{p}#"),
        (Some(p), Some(m)) => format!("P{p}#{m}#"),
    };
    crate::store::query(app, None, &pk(cool_id), Some(&prefix), true, limit, cursor).await
}

/// Every registration of a cool in an area, following pages (the inputs of
/// an allocation: a prefecture's or municipality's are a few thousand at most).
pub async fn all_of_cool(
    app: &App,
    cool_id: &str,
    pref: Option<&str>,
    muni: Option<&str>,
) -> AppResult<Vec<RegistrationItem>> {
    let prefix = match (pref, muni) {
        (None, _) => "P".to_string(),
        (Some(p), None) => format!("P{p}#"),
        (Some(p), Some(m)) => format!("P{p}#{m}#"),
    };
    query_all(app, None, &pk(cool_id), Some(&prefix)).await
}

pub fn review_key(site_id: &str) -> crate::store::Key {
    (review_pk(site_id), REVIEW_SK.into())
}

const REVIEW_SK: &str = "REVIEW";

/// A site's registration for a cool (its area in the sort key).
pub fn key(cool_id: &str, pref: &str, muni: &str, site_id: &str) -> crate::store::Key {
    (pk(cool_id), sk(pref, muni, site_id))
}

pub fn review_pk(site_id: &str) -> String {
    format!("PLAN#{site_id}")
}

impl PlanReviewItem {
    pub fn set_keys(&mut self) {
        self.pk = review_pk(&self.site_id);
        self.sk = REVIEW_SK.into();
        (self.gsi2pk, self.gsi2sk) =
            crate::store::sparse_keys(self.state == ReviewState::Pending, PENDING_REVIEWS, || {
                format!("{}#{}", self.changed_at.to_rfc3339(), self.site_id)
            });
    }

    pub fn view(&self) -> ReviewView {
        ReviewView {
            site_id: self.site_id.clone(),
            site_name: self.site_name.clone(),
            municipality_code: self.muni.clone(),
            state: self.state,
            state_label: self.state.label_ja(),
            changed_at: crate::clock::to_jst_string(self.changed_at),
            comment: self.comment.clone(),
            reviewed_at: self.reviewed_at.map(crate::clock::to_jst_string),
            version: self.version,
        }
    }
}

/// A plan's review state (確認済 / 要見直) as the site and the office see it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub site_id: String,
    pub site_name: String,
    pub municipality_code: String,
    pub state: ReviewState,
    pub state_label: &'static str,
    pub changed_at: String,
    pub comment: Option<String>,
    pub reviewed_at: Option<String>,
    pub version: u64,
}

pub async fn review(app: &App, site_id: &str) -> AppResult<Option<PlanReviewItem>> {
    get(app, &review_pk(site_id), REVIEW_SK).await
}

pub async fn pending_reviews(app: &App) -> AppResult<Vec<PlanReviewItem>> {
    query_all(app, Some("GSI2"), PENDING_REVIEWS, None).await
}

/// The error of a write whose cool was closed by the cut-off job meanwhile.
pub fn closing_conflict() -> AppError {
    AppError::from(codes::DEADLINE_PASSED)
}
