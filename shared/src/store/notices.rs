//! Notices (お知らせ): one item each, listed for its author and queued for
//! its approver while pending; while approved, a copy of only what is
//! published sits in its prefecture's public partition (the public function
//! reads that partition and nothing else of a notice; it keeps those of the
//! whole prefecture and of the municipality asked for).
//!
//! - notice: `NOTICE#{id}` / `NOTICE`; GSI1 `NOTICES#{author org}` /
//!   `{created}#{id}` (the author's list, newest first); GSI2 (sparse)
//!   `NOTICEQ#{approver}` / `{sent}#{id}` while pending.
//! - published copy: `NOTICEPUB#{pref}` / `{publish_until}#{id}` (so a
//!   day's read skips the notices whose period is over).

use crate::domain::notice::NoticeStatus;
use crate::error::AppResult;
use crate::store::tx::OnFail;
use crate::store::{get, query, query_range_all, to_item, QueryPage, Tx};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

const SK: &str = "NOTICE";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NoticeItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    #[serde(rename = "GSI2PK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2pk: Option<String>,
    #[serde(rename = "GSI2SK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2sk: Option<String>,

    pub id: String,
    /// The writing organisation (a prefecture or a municipality).
    pub author_org: String,
    pub author_name: String,
    pub pref: String,
    /// The municipality of a municipal notice; none for a prefecture's.
    pub muni: Option<String>,
    /// `national` or the approving prefecture's code.
    pub approver: String,
    pub title_ja: String,
    pub body_ja: String,
    pub title_en: String,
    pub body_en: String,
    pub publish_from: NaiveDate,
    pub publish_until: NaiveDate,
    pub status: NoticeStatus,
    /// The approver's comment when sent back.
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub sent_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub version: u64,
}

pub fn key(id: &str) -> (String, String) {
    (format!("NOTICE#{id}"), SK.into())
}

fn author_pk(org: &str) -> String {
    format!("NOTICES#{org}")
}

fn queue_pk(approver: &str) -> String {
    format!("NOTICEQ#{approver}")
}

fn published_pk(pref: &str) -> String {
    format!("NOTICEPUB#{pref}")
}

impl NoticeItem {
    /// Sets the keys that follow from the notice's author and status.
    pub fn set_keys(&mut self) {
        let (pk, sk) = key(&self.id);
        self.pk = pk;
        self.sk = sk;
        self.gsi1pk = author_pk(&self.author_org);
        self.gsi1sk = format!("{}#{}", self.created_at.to_rfc3339(), self.id);
        (self.gsi2pk, self.gsi2sk) = match self.status {
            NoticeStatus::Pending => (Some(queue_pk(&self.approver)), Some(format!("{}#{}", self.sent_at.to_rfc3339(), self.id))),
            NoticeStatus::Approved | NoticeStatus::SentBack | NoticeStatus::Withdrawn => (None, None),
        };
    }
}

pub async fn find(app: &App, id: &str) -> AppResult<Option<NoticeItem>> {
    let (pk, sk) = key(id);
    get(app, &pk, &sk).await
}

/// The step that writes a notice (its keys set) over the version read (0: new).
pub fn save_in(tx: &mut Tx, item: &NoticeItem, read_version: u64, on_stale: impl Into<OnFail>) -> AppResult<()> {
    let mut item = item.clone();
    item.set_keys();
    tx.put_versioned(to_item(&item)?, read_version, on_stale);
    Ok(())
}

/// One page of an organisation's own notices, newest first.
pub async fn of_author(app: &App, org: &str, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<NoticeItem>> {
    query(app, Some("GSI1"), &author_pk(org), None, false, limit, cursor).await
}

/// One page of the notices waiting for `approver`, oldest first.
pub async fn pending_for(app: &App, approver: &str, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<NoticeItem>> {
    query(app, Some("GSI2"), &queue_pk(approver), None, true, limit, cursor).await
}

/// What the public reads of an approved notice.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublishedItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub id: String,
    pub author_name: String,
    pub muni: Option<String>,
    pub title_ja: String,
    pub body_ja: String,
    pub title_en: String,
    pub body_en: String,
    pub publish_from: NaiveDate,
    pub publish_until: NaiveDate,
    pub approved_at: DateTime<Utc>,
}

fn published_key(n: &NoticeItem) -> (String, String) {
    (published_pk(&n.pref), format!("{}#{}", n.publish_until, n.id))
}

/// The step that publishes an approved notice's public copy.
pub fn publish_in(tx: &mut Tx, n: &NoticeItem) -> AppResult<()> {
    let (pk, sk) = published_key(n);
    let copy = PublishedItem {
        pk,
        sk,
        id: n.id.clone(),
        author_name: n.author_name.clone(),
        muni: n.muni.clone(),
        title_ja: n.title_ja.clone(),
        body_ja: n.body_ja.clone(),
        title_en: n.title_en.clone(),
        body_en: n.body_en.clone(),
        publish_from: n.publish_from,
        publish_until: n.publish_until,
        approved_at: n.decided_at.unwrap_or(n.sent_at),
    };
    tx.put(to_item(&copy)?);
    Ok(())
}

/// The step that takes a withdrawn notice's public copy down.
pub fn unpublish_in(tx: &mut Tx, n: &NoticeItem) {
    let (pk, sk) = published_key(n);
    tx.delete((&pk, &sk));
}

/// The published notices of a prefecture's area (its own and its
/// municipalities') whose period has not ended by `day`.
async fn published_in(app: &App, pref: &str, day: NaiveDate) -> AppResult<Vec<PublishedItem>> {
    query_range_all(app, None, &published_pk(pref), &day.to_string(), "9999").await
}

/// The published notices shown on `day` in a prefecture, or in one of its
/// municipalities (the prefecture's own and that municipality's), newest
/// first.
pub async fn in_force(app: &App, pref: &str, muni: Option<&str>, day: NaiveDate) -> AppResult<Vec<PublishedItem>> {
    let mut out: Vec<PublishedItem> = published_in(app, pref, day)
        .await?
        .into_iter()
        .filter(|n| crate::domain::notice::in_period(n.publish_from, n.publish_until, day))
        .filter(|n| n.muni.is_none() || n.muni.as_deref() == muni)
        .collect();
    out.sort_by(|a, b| b.publish_from.cmp(&a.publish_from).then(b.approved_at.cmp(&a.approved_at)));
    Ok(out)
}
