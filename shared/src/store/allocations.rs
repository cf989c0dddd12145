//! Allocations of a cool (SPEC §6): the nation's supply and its split over
//! the prefectures, each prefecture's split over its municipalities, each
//! municipality's over its sites, and the notices that fan out from a lock.
//!
//! One item per level and recipient, in the cool's partition:
//! `ALLOC#{cool}` / `NATION`, `PREF#{pref}` (the nation's allocation to the
//! prefecture, its status, and the prefecture's whole municipal split), and
//! `MUNI#{muni}` (the municipality's status and its whole site split). A
//! split is saved with its item, atomically: Hokkaido's 179 rows are one
//! item of a few kilobytes, far inside DynamoDB's 400 KB.
//!
//! A lock is one write, whatever lies below it: the nation's lock is the
//! prefecture item's status, which every prefecture write checks through
//! its version; the prefecture's lock of its municipalities is an attribute
//! of the same item, which every municipal write checks in its own
//! transaction. The mails and facts a lock causes (every municipality, every
//! site) are a notice, written with the lock and fanned out by the
//! scheduler, one recipient per transaction.

use crate::domain::allocation::{Basis, Boxes, Share, Status};
use crate::error::{AppError, AppResult};
use crate::store::tx::OnFail;
use crate::store::{n, query_all, s, sparse_keys, to_item, Key, Tx};
use crate::App;
use crate::domain::delivery::LotVials;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub fn pk(cool_id: &str) -> String {
    format!("ALLOC#{cool_id}")
}

const NATION_SK: &str = "NATION";

pub fn nation_key(cool_id: &str) -> Key {
    (pk(cool_id), NATION_SK.into())
}

pub fn pref_key(cool_id: &str, pref: &str) -> Key {
    (pk(cool_id), format!("PREF#{pref}"))
}

pub fn muni_key(cool_id: &str, muni: &str) -> Key {
    (pk(cool_id), format!("MUNI#{muni}"))
}

/// The site's own record of an allocation it receives (written when the
/// allocation becomes final).
pub fn site_key(site_id: &str, cool_id: &str) -> Key {
    (crate::store::orgs::pk(site_id), format!("ALLOC#{cool_id}"))
}

/// Why a default came out as it did: the basis value, the exact quota, its
/// floor, its remainder rank and whether it got a left-over box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub basis_value: u64,
    pub quota_numerator: u64,
    pub quota_denominator: u64,
    pub floor: u64,
    pub remainder_rank: u64,
    pub extra: bool,
}

impl From<&Share> for Explanation {
    fn from(s: &Share) -> Explanation {
        Explanation {
            basis_value: s.basis,
            quota_numerator: u64::try_from(s.quota_numerator).unwrap_or(u64::MAX),
            quota_denominator: u64::try_from(s.quota_denominator).unwrap_or(u64::MAX),
            floor: s.floor,
            remainder_rank: s.remainder_rank as u64,
            extra: s.extra,
        }
    }
}

/// The nation's supply of a cool and the basis of its default split.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NationItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub cool_id: String,
    pub supply: Boxes,
    pub basis: Basis,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

impl NationItem {
    pub fn new(cool_id: &str, supply: Boxes, basis: Basis, at: DateTime<Utc>, by: &str) -> NationItem {
        let (pk, sk) = nation_key(cool_id);
        NationItem {
            pk,
            sk,
            cool_id: cool_id.into(),
            supply,
            basis,
            updated_at: at,
            updated_by: by.into(),
            version: 0,
        }
    }
}

/// One municipality's row of a prefecture's split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MuniRow {
    pub muni: String,
    #[serde(flatten)]
    pub boxes: Boxes,
}

/// A prefecture's allocation: what the nation gives it, where it stands,
/// and its split over its municipalities.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrefItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub cool_id: String,
    pub pref: String,
    pub allocated: Boxes,
    /// The nation's default for this prefecture, when it was a default.
    #[serde(default)]
    pub explanation: Option<Explanation>,
    pub status: Status,
    /// The saved split (empty until the prefecture saves one).
    #[serde(default)]
    pub split: Vec<MuniRow>,
    #[serde(default)]
    pub split_basis: Option<Basis>,
    #[serde(default)]
    pub split_saved_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub published_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub confirmed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub completed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub locked_at: Option<DateTime<Utc>>,
    /// Set by the prefecture's lock of its municipalities: final from then.
    /// Absent until then (never stored as null): every municipal write's
    /// condition is `attribute_not_exists`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipalities_locked_at: Option<DateTime<Utc>>,
    /// The Japan date of the last reminder (督促), one a day.
    #[serde(default)]
    pub reminded_on: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

impl PrefItem {
    pub fn new(cool_id: &str, pref: &str, at: DateTime<Utc>, by: &str) -> PrefItem {
        let (pk, sk) = pref_key(cool_id, pref);
        PrefItem {
            pk,
            sk,
            cool_id: cool_id.into(),
            pref: pref.into(),
            allocated: Boxes::default(),
            explanation: None,
            status: Status::Unpublished,
            split: Vec::new(),
            split_basis: None,
            split_saved_at: None,
            published_at: None,
            confirmed_at: None,
            completed_at: None,
            locked_at: None,
            municipalities_locked_at: None,
            reminded_on: None,
            updated_at: at,
            updated_by: by.into(),
            version: 0,
        }
    }

    /// The boxes the prefecture gave `muni` (zero when it has none).
    pub fn for_municipality(&self, muni: &str) -> Boxes {
        self.split
            .iter()
            .find(|r| r.muni == muni)
            .map(|r| r.boxes)
            .unwrap_or_default()
    }

    /// The municipalities' allocations are known to them once the nation locked.
    pub fn passed_down(&self) -> bool {
        self.status == Status::Locked
    }

    pub fn final_below(&self) -> bool {
        self.municipalities_locked_at.is_some()
    }

    /// The next state of this item, written over the version read.
    pub fn next(&self, at: DateTime<Utc>, by: &str) -> PrefItem {
        let mut next = self.clone();
        next.updated_at = at;
        next.updated_by = by.into();
        next.version = self.version + 1;
        next
    }
}

/// One site's row of a municipality's split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteRow {
    pub site_id: String,
    pub site_name: String,
    #[serde(flatten)]
    pub boxes: Boxes,
}

/// A municipality's allocation: where it stands and its split over its
/// sites. What it was given is its row of the prefecture's split.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MuniItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub cool_id: String,
    pub pref: String,
    pub muni: String,
    pub status: Status,
    #[serde(default)]
    pub split: Vec<SiteRow>,
    #[serde(default)]
    pub split_saved_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub confirmed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub completed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

impl MuniItem {
    pub fn new(cool_id: &str, pref: &str, muni: &str, at: DateTime<Utc>, by: &str) -> MuniItem {
        let (pk, sk) = muni_key(cool_id, muni);
        MuniItem {
            pk,
            sk,
            cool_id: cool_id.into(),
            pref: pref.into(),
            muni: muni.into(),
            status: Status::Unconfirmed,
            split: Vec::new(),
            split_saved_at: None,
            confirmed_at: None,
            completed_at: None,
            updated_at: at,
            updated_by: by.into(),
            version: 0,
        }
    }

    pub fn next(&self, at: DateTime<Utc>, by: &str) -> MuniItem {
        let mut next = self.clone();
        next.updated_at = at;
        next.updated_by = by.into();
        next.version = self.version + 1;
        next
    }
}

/// A site's final allocation of one cool, as the site reads it, with its
/// delivery (SPEC §7): the wholesaler's scheduled date, then the actual
/// date and the lots delivered. Indexed for the wholesaler's area (GSI1:
/// `DELIVERY#{cool}#{pref}` / `{muni}#{site}`) and, while not delivered,
/// for the reports (GSI2, sparse: `DELIVERY#UNSCHEDULED` or
/// `DELIVERY#UNDELIVERED` / `{pref}#{muni}#{cool}#{site}`), so that a
/// report reads exactly the open deliveries of its area.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteAllocationItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK", default, skip_serializing_if = "Option::is_none")]
    pub gsi1pk: Option<String>,
    #[serde(rename = "GSI1SK", default, skip_serializing_if = "Option::is_none")]
    pub gsi1sk: Option<String>,
    #[serde(rename = "GSI2PK", default, skip_serializing_if = "Option::is_none")]
    pub gsi2pk: Option<String>,
    #[serde(rename = "GSI2SK", default, skip_serializing_if = "Option::is_none")]
    pub gsi2sk: Option<String>,
    pub cool_id: String,
    pub site_id: String,
    #[serde(default)]
    pub site_name: String,
    pub pref: String,
    pub muni: String,
    #[serde(flatten)]
    pub boxes: Boxes,
    pub finalised_at: DateTime<Utc>,
    /// 納入予定日, entered by the wholesaler.
    #[serde(default)]
    pub scheduled_date: Option<NaiveDate>,
    #[serde(default)]
    pub scheduled_at: Option<DateTime<Utc>>,
    /// 納入実績: the day delivered and the lots.
    #[serde(default)]
    pub delivered_on: Option<NaiveDate>,
    #[serde(default)]
    pub lots: Vec<LotVials>,
    #[serde(default)]
    pub delivered_at: Option<DateTime<Utc>>,
    /// The wholesaler that entered the last date.
    #[serde(default)]
    pub wholesaler: Option<String>,
    #[serde(default)]
    pub updated_by: Option<String>,
    #[serde(default)]
    pub version: u64,
}

pub const DELIVERY_UNSCHEDULED: &str = "DELIVERY#UNSCHEDULED";
pub const DELIVERY_UNDELIVERED: &str = "DELIVERY#UNDELIVERED";

/// The wholesalers' index partition of a cool's deliveries in a prefecture.
pub fn delivery_area_pk(cool_id: &str, pref: &str) -> String {
    format!("DELIVERY#{cool_id}#{pref}")
}

/// The prefecture items of a cool that exist (at most 47): one query.
pub async fn prefectures(app: &App, cool_id: &str) -> AppResult<Vec<PrefItem>> {
    query_all(app, None, &pk(cool_id), Some("PREF#")).await
}

/// The municipality items of a prefecture (those that have acted).
pub async fn municipalities(app: &App, cool_id: &str, pref: &str) -> AppResult<Vec<MuniItem>> {
    query_all(app, None, &pk(cool_id), Some(&format!("MUNI#{pref}"))).await
}

/// The final allocations a site has received, in cool id order.
pub async fn of_site(app: &App, site_id: &str) -> AppResult<Vec<SiteAllocationItem>> {
    query_all(app, None, &crate::store::orgs::pk(site_id), Some("ALLOC#")).await
}

/// Writes `item` over the version read (0: new), refusing with `on_stale`.
pub fn write_in<T: Serialize>(tx: &mut Tx, item: &T, read_version: u64, on_stale: impl Into<OnFail>) -> AppResult<()> {
    tx.put_versioned(to_item(item)?, read_version, on_stale);
    Ok(())
}

/// The step every municipal write carries: the prefecture's allocation is
/// locked by the nation and its municipalities are not yet locked.
pub fn below_still_open_in(tx: &mut Tx, cool_id: &str, pref: &str, on_locked: AppError) {
    let (pk, sk) = pref_key(cool_id, pref);
    tx.condition(
        (&pk, &sk),
        "#st = :locked AND attribute_not_exists(municipalities_locked_at)",
        vec![("#st", "status")],
        vec![(":locked", s("locked"))],
        on_locked,
    );
}

/// The nation's direct allocation of a workplace cool (職域接種) to the
/// venues that registered: a header, and the rows in [`WORKPLACE_SHARDS`]
/// items by a hash of the venue (thousands of venues would not fit one
/// 400 KB item). A save writes the header over its version and every shard
/// in one transaction; the lock is the header's status.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkplaceItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub cool_id: String,
    pub supply: Boxes,
    /// `confirmed` while the nation edits, `locked` once final.
    pub status: Status,
    #[serde(default)]
    pub locked_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

pub const WORKPLACE_SHARDS: u32 = 16;

/// One venue's row of a workplace allocation (its name and area are read
/// from its registration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VenueRow {
    pub site_id: String,
    #[serde(flatten)]
    pub boxes: Boxes,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WorkplaceShardItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub rows: Vec<VenueRow>,
}

pub fn workplace_key(cool_id: &str) -> Key {
    (pk(cool_id), "WORKPLACE".into())
}

pub fn workplace_shard_key(cool_id: &str, i: u32) -> Key {
    (pk(cool_id), format!("WORKPLACE#{i:02}"))
}

fn venue_shard(site_id: &str) -> u32 {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(site_id.as_bytes());
    u32::from_be_bytes([h[0], h[1], h[2], h[3]]) % WORKPLACE_SHARDS
}

impl WorkplaceItem {
    pub fn new(cool_id: &str, supply: Boxes, at: DateTime<Utc>, by: &str) -> WorkplaceItem {
        let (pk, sk) = workplace_key(cool_id);
        WorkplaceItem {
            pk,
            sk,
            cool_id: cool_id.into(),
            supply,
            status: Status::Confirmed,
            locked_at: None,
            updated_at: at,
            updated_by: by.into(),
            version: 0,
        }
    }
}

/// The header and every row of a workplace allocation: one batch read.
pub async fn workplace(app: &App, cool_id: &str) -> AppResult<(Option<WorkplaceItem>, Vec<VenueRow>)> {
    let mut batch = crate::store::Batch::new();
    let header = batch.add::<WorkplaceItem>(workplace_key(cool_id));
    let shards: Vec<_> = (0..WORKPLACE_SHARDS)
        .map(|i| batch.add::<WorkplaceShardItem>(workplace_shard_key(cool_id, i)))
        .collect();
    let mut got = batch.read(app).await?;
    let header = got.take(header)?;
    let mut rows = Vec::new();
    for s in shards {
        rows.extend(got.take(s)?.unwrap_or_default().rows);
    }
    Ok((header, rows))
}

/// Writes the header over the version read and every shard, in `tx`.
pub fn workplace_in(
    tx: &mut Tx,
    header: &WorkplaceItem,
    read_version: u64,
    rows: &[VenueRow],
    on_stale: impl Into<OnFail>,
) -> AppResult<()> {
    tx.put_versioned(to_item(header)?, read_version, on_stale);
    let mut shards: Vec<WorkplaceShardItem> = (0..WORKPLACE_SHARDS)
        .map(|i| {
            let (pk, sk) = workplace_shard_key(&header.cool_id, i);
            WorkplaceShardItem { pk, sk, rows: Vec::new() }
        })
        .collect();
    for r in rows {
        shards[venue_shard(&r.site_id) as usize].rows.push(r.clone());
    }
    for s in &shards {
        tx.put(to_item(s)?);
    }
    Ok(())
}

/// What a notice fans out to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// The nation locked a prefecture: its municipalities may split.
    MunicipalitiesMayStart,
    /// The prefecture reminds its municipalities not complete (督促).
    Reminder,
    /// The prefecture locked its municipalities: the sites' allocations are final.
    SitesFinal,
    /// The nation locked a workplace cool: the venues' allocations are final.
    WorkplaceFinal,
    /// A wholesaler entered or changed the scheduled delivery date of sites.
    DeliveryScheduled,
}

pub const NOTICES_DUE: &str = "ALLOCNOTICE#DUE";

/// Work a lock or a reminder leaves for the scheduler: one mail (and, for
/// final allocations, one fact) per recipient, each recipient once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NoticeItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI2PK", default, skip_serializing_if = "Option::is_none")]
    pub gsi2pk: Option<String>,
    #[serde(rename = "GSI2SK", default, skip_serializing_if = "Option::is_none")]
    pub gsi2sk: Option<String>,
    pub id: String,
    pub kind: NoticeKind,
    pub cool_id: String,
    pub pref: String,
    /// The municipalities reminded (reminders only).
    #[serde(default)]
    pub municipalities: Vec<String>,
    /// The sites whose delivery was scheduled (scheduled deliveries only).
    #[serde(default)]
    pub sites: Vec<String>,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub done_at: Option<DateTime<Utc>>,
    /// How many recipients, in their fixed order, are handled so far.
    #[serde(default)]
    pub sent: u64,
}

const NOTICE_SK: &str = "ALLOCNOTICE";

fn notice_pk(id: &str) -> String {
    format!("ALLOCNOTICE#{id}")
}

impl NoticeItem {
    pub fn new(kind: NoticeKind, cool_id: &str, pref: &str, at: DateTime<Utc>) -> AppResult<NoticeItem> {
        let id = crate::auth::random_hex(8)?;
        let mut n = NoticeItem {
            pk: notice_pk(&id),
            sk: NOTICE_SK.into(),
            gsi2pk: None,
            gsi2sk: None,
            id,
            kind,
            cool_id: cool_id.into(),
            pref: pref.into(),
            municipalities: Vec::new(),
            sites: Vec::new(),
            created_at: at,
            done_at: None,
            sent: 0,
        };
        n.set_keys();
        Ok(n)
    }

    pub fn set_keys(&mut self) {
        (self.gsi2pk, self.gsi2sk) = sparse_keys(self.done_at.is_none(), NOTICES_DUE, || {
            format!("{}#{}", self.created_at.to_rfc3339(), self.id)
        });
    }

    pub fn write_in(&self, tx: &mut Tx) -> AppResult<()> {
        tx.put_new(to_item(self)?, "allocation notice");
        Ok(())
    }

    /// The step that marks `recipient` handled; fails its condition, as
    /// `already_decided`, when it was handled before (a run after a partial
    /// one), so each recipient is mailed once.
    pub fn recipient_in(&self, tx: &mut Tx, recipient: &str, at: DateTime<Utc>) {
        let item: crate::store::Item = [
            ("PK".to_string(), s(&self.pk)),
            ("SK".to_string(), s(format!("DONE#{recipient}"))),
            ("at".to_string(), s(at.to_rfc3339())),
            (
                crate::store::TTL_ATTRIBUTE.to_string(),
                n((at + chrono::Duration::days(90)).timestamp()),
            ),
        ]
        .into();
        tx.put_new(item, AppError::from(crate::error::codes::ALREADY_DECIDED));
    }

    /// The notice with its first `sent` recipients handled (still queued).
    pub fn progressed(&self, sent: u64) -> NoticeItem {
        let mut n = self.clone();
        n.sent = sent;
        n
    }

    /// The notice once every recipient is handled (out of the queue).
    pub fn finished(&self, at: DateTime<Utc>, sent: u64) -> NoticeItem {
        let mut n = self.clone();
        n.done_at = Some(at);
        n.sent = sent;
        n.set_keys();
        n
    }
}

/// Notices not yet fanned out, oldest first.
pub async fn notices_due(app: &App) -> AppResult<Vec<NoticeItem>> {
    query_all(app, Some("GSI2"), NOTICES_DUE, None).await
}

/// Writes the site's final allocation record, in `tx`.
pub fn site_record_in(tx: &mut Tx, rec: &SiteAllocationItem) -> AppResult<()> {
    tx.put(to_item(rec)?);
    Ok(())
}

impl SiteAllocationItem {
    pub fn new(cool_id: &str, pref: &str, muni: &str, row: &SiteRow, at: DateTime<Utc>) -> SiteAllocationItem {
        let (pk, sk) = site_key(&row.site_id, cool_id);
        let mut item = SiteAllocationItem {
            pk,
            sk,
            gsi1pk: None,
            gsi1sk: None,
            gsi2pk: None,
            gsi2sk: None,
            cool_id: cool_id.into(),
            site_id: row.site_id.clone(),
            site_name: row.site_name.clone(),
            pref: pref.into(),
            muni: muni.into(),
            boxes: row.boxes,
            finalised_at: at,
            scheduled_date: None,
            scheduled_at: None,
            delivered_on: None,
            lots: Vec::new(),
            delivered_at: None,
            wholesaler: None,
            updated_by: None,
            version: 1,
        };
        item.set_keys();
        item
    }

    /// The index keys of the record's current state.
    pub fn set_keys(&mut self) {
        self.gsi1pk = Some(delivery_area_pk(&self.cool_id, &self.pref));
        self.gsi1sk = Some(format!("{}#{}", self.muni, self.site_id));
        let queue = match (self.scheduled_date, self.delivered_on) {
            (_, Some(_)) => None,
            (None, None) => Some(DELIVERY_UNSCHEDULED),
            (Some(_), None) => Some(DELIVERY_UNDELIVERED),
        };
        (self.gsi2pk, self.gsi2sk) = sparse_keys(queue.is_some(), queue.unwrap_or_default(), || {
            format!("{}#{}#{}#{}", self.pref, self.muni, self.cool_id, self.site_id)
        });
    }

    /// The next state, written over this version by `by` of `wholesaler`.
    pub fn next(&self, by: &str, wholesaler: &str) -> SiteAllocationItem {
        let mut next = self.clone();
        next.updated_by = Some(by.into());
        next.wholesaler = Some(wholesaler.into());
        next.version = self.version + 1;
        next
    }
}

/// Replaces a notice (its progress or its end), unconditionally: only the
/// scheduler writes notices after they are made.
pub async fn save_notice(app: &App, notice: &NoticeItem) -> AppResult<()> {
    crate::store::put_one(app, to_item(notice)?, false).await?;
    Ok(())
}
