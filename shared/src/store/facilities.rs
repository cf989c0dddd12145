//! Facility records, all in the facility's own partition `ORG#{org_id}`: the
//! profile (`PROFILE`, listed by area on GSI1), doctors (`DOCTOR#{nn}`), the
//! supply facts the basic/satellite rules read (`SUPPLY`), transfers
//! (`XFER#{date}#{id}`) and a workplace venue's contact change (`CONTACT`,
//! pending ones on the sparse GSI2 queue of the national office).

use crate::domain::facility::{
    Classification, Founder, PublicListing, ReadinessFacts, ReservationStatus, SiteType,
    SupplyFacts,
};
use crate::domain::org::Role;
use crate::error::AppResult;
use crate::http::Text;
use crate::store::batch::Got;
use crate::store::orgs::{self, OrgItem};
use crate::store::tx::OnFail;
use crate::store::{n, Batch, Key, Tx};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const PROFILE_SK: &str = "PROFILE";
pub const SUPPLY_SK: &str = "SUPPLY";
pub const CONTACT_SK: &str = "CONTACT";
pub const DOCTOR_COUNTER: &str = "SEQ#DOCTORS";

/// A person responsible for something: name and phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsible {
    pub name: Text<50>,
    pub phone: Text<20>,
}

/// 責任者: the four of seed 002's checklist.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsiblePersons {
    /// ワクチン接種責任者
    pub vaccination: Option<Responsible>,
    /// ワクチン保管管理責任者
    pub storage: Option<Responsible>,
    /// 針・シリンジ保管管理責任者
    pub needles_syringes: Option<Responsible>,
    /// 保管等に関する土日・祝日の連絡先
    pub holiday_contact: Option<Responsible>,
}

impl ResponsiblePersons {
    pub fn all_filled(&self) -> bool {
        self.vaccination.is_some()
            && self.storage.is_some()
            && self.needles_syringes.is_some()
            && self.holiday_contact.is_some()
    }
}

/// 担当者: department, name, phone and e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub department: Option<Text<50>>,
    pub name: Text<50>,
    pub phone: Text<20>,
    pub email: Text<254>,
}

/// 医療機関担当者 (担当者1; for a workplace venue its e-mail is the login) and
/// 企業・大学の担当者.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    pub primary: Option<Contact>,
    pub company: Option<Contact>,
}

/// The fields of the facility screen a site edits (SPEC §4, seed 000).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: Text<100>,
    pub classification: Classification,
    pub founder: Founder,
    /// A municipal venue that may vaccinate residents of other municipalities.
    #[serde(default)]
    pub serves_other_residents: bool,
    /// The aggregator (とりまとめ団体) the facility belongs to, by its code.
    pub aggregator_code: Option<Text<20>>,
    /// 介護保険事業所番号 of a care facility.
    pub care_code: Option<Text<10>>,
    /// The vaccine handled (a manufacturer of the product master).
    pub vaccine: Option<Text<50>>,
    pub representative: Option<Text<50>>,
    pub postal_code: Text<8>,
    pub address: Text<200>,
    pub phone: Text<20>,
    pub fax: Option<Text<20>>,
    pub homepage: Option<Text<200>>,
    /// ディープフリーザー(-75°C) (台); absent = not stated.
    pub freezers_minus75: Option<u32>,
    /// ディープフリーザー(-20°C) (台)
    pub freezers_minus20: Option<u32>,
    /// 駐車場 (例: 10台)
    pub parking: Option<Text<50>>,
    pub delivery_name: Option<Text<100>>,
    pub delivery_address: Option<Text<200>>,
    #[serde(default)]
    pub responsible: ResponsiblePersons,
    #[serde(default)]
    pub contacts: Contacts,
    pub public_listing: PublicListing,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    /// Present only while the site is listed in the public finder (sparse
    /// GSI3): `PUBLIC#P{pref}` / `{muni}#{org_id}`, with what it publishes
    /// copied to `listing` (the only attribute that index carries besides the
    /// reservation status). Set by [`ProfileItem::put_step`].
    #[serde(rename = "GSI3PK", skip_serializing_if = "Option::is_none", default)]
    pub gsi3pk: Option<String>,
    #[serde(rename = "GSI3SK", skip_serializing_if = "Option::is_none", default)]
    pub gsi3sk: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub listing: Option<Listing>,
    pub org_id: String,
    pub role: Role,
    pub code: String,
    /// 医療機関・接種会場名 (kept equal to the organisation's name).
    pub name: String,
    pub pref: String,
    pub muni: String,
    /// None until the site enters its basic data after its first sign-in.
    pub profile: Option<Profile>,
    pub reservation_status: ReservationStatus,
    pub reservation_updated_at: Option<DateTime<Utc>>,
    pub site_type: SiteType,
    /// The basic site a satellite is linked to (its organisation id).
    pub basic_site_id: Option<String>,
    /// Satellites linked to this basic site (kept by every link and unlink).
    #[serde(default)]
    pub satellites: u64,
    /// Doctors registered (kept with every doctor change, same transaction).
    pub doctors: u64,
    /// When the contact persons were last saved (confirmed current).
    pub contacts_confirmed_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
    /// 0 while the profile has never been written.
    pub version: u64,
}

pub fn area_pk(pref: &str) -> String {
    format!("FAC#P{pref}")
}

/// The public finder's partition of a prefecture (GSI3, sparse).
fn listed_pk(pref: &str) -> String {
    format!("PUBLIC#P{pref}")
}

/// What a listed site publishes in the finder (コロナワクチンナビ): nothing
/// the site keeps for the authorities (persons, contacts, freezers, fax).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub org_id: String,
    pub pref: String,
    pub muni: String,
    pub name: String,
    pub classification: crate::domain::facility::Classification,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    pub homepage: Option<String>,
    pub parking: Option<String>,
    pub vaccine: Option<String>,
}

/// A site as the finder's index holds it.
#[derive(Debug, Clone, Deserialize)]
pub struct ListedSite {
    pub listing: Listing,
    pub reservation_status: ReservationStatus,
    pub reservation_updated_at: Option<DateTime<Utc>>,
}

/// One page of the listed sites of a prefecture (narrowed to a
/// municipality), in municipality order.
pub async fn listed_sites(
    app: &crate::App,
    pref: &str,
    muni: Option<&str>,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<crate::store::QueryPage<ListedSite>> {
    crate::store::area_page(app, "GSI3", &listed_pk(pref), muni, limit, cursor).await
}

impl ProfileItem {
    /// The profile of a facility that has not saved one yet (version 0: no
    /// item stored).
    pub fn blank(org: &OrgItem) -> ProfileItem {
        let pref = org.pref.clone().unwrap_or_else(|| "00".into());
        let muni = org.muni.clone().unwrap_or_else(|| "000000".into());
        ProfileItem {
            pk: orgs::pk(&org.org_id),
            sk: PROFILE_SK.into(),
            gsi1pk: area_pk(&pref),
            gsi1sk: format!("{muni}#{}", org.org_id),
            gsi3pk: None,
            gsi3sk: None,
            listing: None,
            org_id: org.org_id.clone(),
            role: org.role,
            code: org.code.clone(),
            name: org.name.clone(),
            pref,
            muni,
            profile: None,
            reservation_status: ReservationStatus::Unregistered,
            reservation_updated_at: None,
            site_type: SiteType::Basic,
            basic_site_id: None,
            satellites: 0,
            doctors: 0,
            contacts_confirmed_at: None,
            updated_at: None,
            updated_by: None,
            version: 0,
        }
    }

    /// Whether the public finder (コロナワクチンナビ) shows this facility: a
    /// site that has entered its basic data and chose to be public. Workplace
    /// venues serve their own staff and are never listed.
    pub fn publicly_listed(&self) -> bool {
        self.role == Role::Site
            && self
                .profile
                .as_ref()
                .is_some_and(|p| p.public_listing == PublicListing::Public)
    }

    /// The one way a profile is written: the whole item, held by the version
    /// read (0 = not stored yet), with its public-finder key set or removed
    /// to match the listing choice.
    pub fn write_in(
        &self,
        tx: &mut Tx,
        expected_version: u64,
        on_stale: impl Into<OnFail>,
    ) -> AppResult<()> {
        let mut item = self.clone();
        (item.gsi3pk, item.gsi3sk, item.listing) = match (&self.profile, self.publicly_listed()) {
            (Some(p), true) => (
                Some(listed_pk(&self.pref)),
                Some(format!("{}#{}", self.muni, self.org_id)),
                Some(Listing {
                    org_id: self.org_id.clone(),
                    pref: self.pref.clone(),
                    muni: self.muni.clone(),
                    name: p.name.to_string(),
                    classification: p.classification,
                    postal_code: p.postal_code.to_string(),
                    address: p.address.to_string(),
                    phone: p.phone.to_string(),
                    homepage: p.homepage.as_ref().map(|h| h.to_string()),
                    parking: p.parking.as_ref().map(|h| h.to_string()),
                    vaccine: p.vaccine.as_ref().map(|h| h.to_string()),
                }),
            ),
            _ => (None, None, None),
        };
        tx.put_versioned(crate::store::to_item(&item)?, expected_version, on_stale);
        Ok(())
    }

    pub fn readiness_facts(&self) -> ReadinessFacts {
        let p = self.profile.as_ref();
        ReadinessFacts {
            responsible_persons_filled: p.is_some_and(|p| p.responsible.all_filled()),
            freezers_stated: p
                .is_some_and(|p| p.freezers_minus75.is_some() && p.freezers_minus20.is_some()),
            contacts_current: p.is_some_and(|p| p.contacts.primary.is_some())
                && self.contacts_confirmed_at.is_some(),
            doctors: self.doctors,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Doctor {
    /// (医師)氏名
    pub name: Text<50>,
    /// (医師)氏名 (かな)
    pub kana: Text<50>,
    pub phone: Option<Text<20>>,
    pub email: Option<Text<254>>,
    /// Vaccines handled (manufacturers of the product master).
    #[serde(default)]
    pub vaccines: Vec<Text<50>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DoctorItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub id: String,
    pub org_id: String,
    pub doctor: Doctor,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

pub fn doctor_sk(id: &str) -> String {
    format!("DOCTOR#{id}")
}

/// The supply facts of a site (absent = all zero).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SupplyItem {
    #[serde(flatten)]
    pub facts: SupplyFacts,
}

fn add_step(
    tx: &mut Tx,
    org_id: &str,
    expr: &str,
    values: &[(&str, i64)],
    condition: Option<&str>,
    on_fail: OnFail,
) {
    tx.update(
        (&orgs::pk(org_id), SUPPLY_SK),
        expr,
        values.iter().map(|(k, v)| (*k, n(v))).collect(),
        condition,
        on_fail,
    );
}

/// The step that counts an allocation received by `org_id` (written by the
/// allocation that delivers it).
pub fn record_allocation(tx: &mut Tx, org_id: &str) {
    add_step(
        tx,
        org_id,
        "ADD allocations_received :one",
        &[(":one", 1)],
        None,
        OnFail::Internal("unconditional counter"),
    )
}

/// The step that counts a transfer received by `org_id` on `on`.
pub fn record_transfer(tx: &mut Tx, org_id: &str, on: chrono::NaiveDate) {
    tx.update(
        (&orgs::pk(org_id), SUPPLY_SK),
        "SET first_received_on = if_not_exists(first_received_on, :on) ADD transfers_received :one",
        vec![(":on", crate::store::s(on.to_string())), (":one", n(1))],
        None,
        OnFail::Internal("unconditional counter"),
    );
}

/// The step that records vaccine delivered to `org_id` on `on`.
pub fn record_receipt(tx: &mut Tx, org_id: &str, on: chrono::NaiveDate) {
    tx.update(
        (&orgs::pk(org_id), SUPPLY_SK),
        "SET first_received_on = if_not_exists(first_received_on, :on)",
        vec![(":on", crate::store::s(on.to_string()))],
        None,
        OnFail::Internal("unconditional receipt"),
    );
}

/// Holds only while `org_id` has received exactly `count` transfers: a
/// change decided on its stock is refused if a transfer landed meanwhile.
pub fn transfers_unchanged_in(tx: &mut Tx, org_id: &str, count: u64, on_moved: impl Into<OnFail>) {
    let (pk, sk) = supply_key(org_id);
    let condition = if count == 0 {
        "attribute_not_exists(transfers_received) OR transfers_received = :n"
    } else {
        "transfers_received = :n"
    };
    tx.condition((&pk, &sk), condition, vec![], vec![(":n", n(count))], on_moved);
}

/// A transfer (融通) a satellite registers on the day it receives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TransferItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub org_id: String,
    pub from_site_id: String,
    /// JST date of the transfer.
    pub date: String,
    pub lot_number: String,
    pub vials: u64,
    pub registered_at: DateTime<Utc>,
    pub registered_by: String,
}

/// A workplace venue's change of its contact e-mail, waiting for the
/// national office (new ID within 5 business days) or decided.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContactChangeItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI2PK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2pk: Option<String>,
    #[serde(rename = "GSI2SK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2sk: Option<String>,
    pub org_id: String,
    pub org_name: String,
    pub pref: String,
    pub muni: String,
    pub old_email: String,
    pub new_contact: Contact,
    pub requested_at: DateTime<Utc>,
    pub requested_by: String,
    /// JST date by which the new ID is due (5 business days).
    pub due: String,
    pub status: ContactChangeStatus,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub new_vsys_id: Option<String>,
    pub disabled_vsys_ids: Vec<String>,
    pub comment: Option<String>,
    pub version: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChangeStatus {
    Pending,
    Approved,
    Rejected,
}

/// Pending contact changes, earliest due first.
pub async fn pending_contact_changes(app: &crate::App) -> AppResult<Vec<ContactChangeItem>> {
    crate::store::query_all(app, Some("GSI2"), CONTACT_QUEUE, None).await
}

/// One page of the facilities of a prefecture, narrowed to a municipality
/// when given, in municipality order.
pub async fn of_area(
    app: &crate::App,
    pref: &str,
    muni: Option<&str>,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<crate::store::QueryPage<ProfileItem>> {
    crate::store::area_page(app, "GSI1", &area_pk(pref), muni, limit, cursor).await
}

pub const CONTACT_QUEUE: &str = "CONTACTCHANGE#PENDING";

impl ContactChangeItem {
    pub fn set_keys(&mut self) {
        self.pk = orgs::pk(&self.org_id);
        self.sk = CONTACT_SK.into();
        (self.gsi2pk, self.gsi2sk) = crate::store::sparse_keys(
            self.status == ContactChangeStatus::Pending,
            CONTACT_QUEUE,
            || format!("{}#{}", self.due, self.org_id),
        );
    }
}

pub async fn supply_facts(app: &crate::App, org_id: &str) -> AppResult<SupplyFacts> {
    let item: Option<SupplyItem> = crate::store::get(app, &orgs::pk(org_id), SUPPLY_SK).await?;
    Ok(item.map(|i| i.facts).unwrap_or_default())
}

/// A facility: its organisation and its profile.
pub struct Facility {
    pub org: OrgItem,
    pub profile: ProfileItem,
}

/// Reads the facility `org_id` together with the `extra` items in one
/// BatchGetItem (`None` where absent); `None` when the organisation does not
/// exist or is not a facility (site or workplace venue).
pub async fn read(
    app: &crate::App,
    org_id: &str,
    mut batch: Batch,
) -> AppResult<Option<(Facility, Got)>> {
    let org = batch.add::<OrgItem>(orgs::key(org_id));
    let profile = batch.add::<ProfileItem>(profile_key(org_id));
    let mut got = batch.read(app).await?;
    let Some(org) = got.take(org)? else {
        return Ok(None);
    };
    if !matches!(org.role, Role::Site | Role::Workplace) {
        return Ok(None);
    }
    let profile = got
        .take(profile)?
        .unwrap_or_else(|| ProfileItem::blank(&org));
    Ok(Some((Facility { org, profile }, got)))
}

/// The stored profiles of `org_ids` (`None` where never saved), 100 keys per
/// BatchGetItem.
pub async fn profiles(app: &crate::App, org_ids: &[&str]) -> AppResult<Vec<Option<ProfileItem>>> {
    let keys: Vec<Key> = org_ids.iter().map(|id| profile_key(id)).collect();
    crate::store::get_each(app, &keys).await
}

pub fn profile_key(org_id: &str) -> Key {
    (orgs::pk(org_id), PROFILE_SK.into())
}

/// The supply facts of a site (allocations, transfers, stock transferred).
pub fn supply_key(org_id: &str) -> Key {
    (orgs::pk(org_id), SUPPLY_SK.into())
}

/// A workplace venue's pending contact change.
pub fn contact_key(org_id: &str) -> Key {
    (orgs::pk(org_id), CONTACT_SK.into())
}

pub fn doctor_key(org_id: &str, doctor_id: &str) -> Key {
    (orgs::pk(org_id), doctor_sk(doctor_id))
}

/// The doctors of a facility, in the order they were added.
pub async fn doctors_of(app: &crate::App, org_id: &str) -> AppResult<Vec<DoctorItem>> {
    crate::store::query_all(app, None, &orgs::pk(org_id), Some(DOCTOR_PREFIX)).await
}

const DOCTOR_PREFIX: &str = "DOCTOR#";

/// Holds only while the facility's profile is still at `version` (a change
/// that depends on its site type or partner).
pub fn profile_unchanged_in(tx: &mut Tx, org_id: &str, version: u64, on_moved: impl Into<OnFail>) {
    let (pk, sk) = profile_key(org_id);
    tx.check_version((&pk, &sk), version, on_moved);
}

/// Counts a satellite more (`delta` 1, on the condition that `basic_id` is
/// still a basic site) or less (`delta` -1) on a basic site's profile.
pub fn count_satellite_in(
    tx: &mut Tx,
    basic_id: &str,
    delta: i64,
    on_not_basic: impl Into<OnFail>,
) {
    let (pk, sk) = profile_key(basic_id);
    if delta > 0 {
        tx.update(
            (&pk, &sk),
            "ADD satellites :d, #v :one",
            vec![
                (":d", n(delta)),
                (":one", n(1)),
                (":basic", crate::store::s("basic")),
            ],
            Some("site_type = :basic"),
            on_not_basic,
        );
    } else {
        tx.update(
            (&pk, &sk),
            "ADD satellites :d, #v :one",
            vec![(":d", n(delta)), (":one", n(1))],
            None,
            on_not_basic,
        );
    }
}

impl TransferItem {
    /// A transfer received by `org_id` on `date` (JST), keyed by that day.
    pub fn key_for(org_id: &str, date: chrono::NaiveDate) -> AppResult<Key> {
        Ok((
            orgs::pk(org_id),
            format!("{TRANSFER_PREFIX}{date}#{}", crate::auth::random_hex(4)?),
        ))
    }
}

const TRANSFER_PREFIX: &str = "XFER#";

/// A facility's transfers, newest first (at most `limit`).
pub async fn transfers_of(
    app: &crate::App,
    org_id: &str,
    limit: i32,
) -> AppResult<Vec<TransferItem>> {
    Ok(crate::store::query(
        app,
        None,
        &orgs::pk(org_id),
        Some(TRANSFER_PREFIX),
        false,
        limit,
        None,
    )
    .await?
    .items)
}
