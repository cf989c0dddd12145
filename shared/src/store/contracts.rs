//! The collective contract (集合契約, SPEC §3): the facility code master,
//! delegations (委任状) and new-code applications (新規コード付番).
//!
//! Delegations live in the facility's partition (`ORG#{site}` / `DELEG#{nn}`),
//! so a facility reads its own with one strongly consistent query (the
//! "delegation waiting" notice at sign-in); receivers list theirs on GSI1 by
//! state. Applications are listed per prefecture on GSI1 and queued for the
//! service desk and the Thursday result mail on GSI2 (sparse).

use crate::domain::facility::{DelegateKind, SiteType};
use crate::error::AppResult;
use crate::store::{orgs, query, sparse_keys};
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a 10-digit code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// 保険医療機関コード (including codes assigned by the service desk)
    Medical,
    /// 介護保険事業所番号 (介護医療院・介護老人保健施設)
    Care,
}

/// One entry of the facility code master (ワクチン接種契約受付システムのマスタ).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodeItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub code: String,
    pub kind: CodeKind,
    pub name: String,
    pub postal_code: String,
    pub pref: String,
    pub muni: String,
    pub address: String,
    pub phone: Option<String>,
    /// The new-code application the code was assigned for.
    pub application_id: Option<String>,
    pub added_at: DateTime<Utc>,
    /// Every save and import writes on the version it read.
    #[serde(default)]
    pub version: u64,
}

pub fn code_key(code: &str) -> crate::store::Key {
    (code_pk(code), CODE_SK.into())
}

const CODE_SK: &str = "CODE";

/// One entry of the code master.
pub async fn code(app: &App, code: &str) -> AppResult<Option<CodeItem>> {
    crate::store::get(app, &code_pk(code), CODE_SK).await
}

/// One new-code application.
pub async fn application(app: &App, id: &str) -> AppResult<Option<CodeApplicationItem>> {
    crate::store::get(app, &application_pk(id), APPLICATION_SK).await
}

const APPLICATION_SK: &str = "CODEAPP";

pub fn code_pk(code: &str) -> String {
    format!("CODE#{code}")
}

impl CodeItem {
    pub fn set_keys(&mut self) {
        self.pk = code_pk(&self.code);
        self.sk = CODE_SK.into();
    }
}

/// 受領: unreceived, received, and received + mailed (locked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptState {
    Unreceived,
    Received,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
    pub department: Option<String>,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DelegationItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    /// 委任状番号: `{code}-{nn}`.
    pub number: String,
    pub site_id: String,
    pub code: String,
    pub code_kind: CodeKind,
    pub facility_name: String,
    pub postal_code: String,
    pub address: String,
    pub pref: String,
    pub muni: String,
    /// 契約代表者
    pub representative: Person,
    /// 担当者 (receives the receipt notification)
    pub contact: Person,
    pub vaccine: String,
    pub site_type: SiteType,
    pub delegate_kind: DelegateKind,
    pub delegate_org_id: String,
    pub delegate_name: String,
    pub delegate_reason: String,
    /// The S3 key of the rendered PDF.
    pub pdf_key: String,
    pub pdf_bytes: u64,
    pub registered_at: DateTime<Utc>,
    pub registered_by: String,
    pub first_downloaded_at: Option<DateTime<Utc>>,
    pub downloads: u64,
    pub state: ReceiptState,
    pub received_at: Option<DateTime<Utc>>,
    pub received_by: Option<String>,
    /// メール送信日時: once set, the record is locked.
    pub mailed_at: Option<DateTime<Utc>>,
    pub mailed_by: Option<String>,
    pub version: u64,
}

pub fn delegation_sk(seq: &str) -> String {
    format!("DELEG#{seq}")
}

/// The receivers' index partition.
pub fn receiver_pk(org_id: &str) -> String {
    format!("DELEGTO#{org_id}")
}

pub const DELEGATION_COUNTER: &str = "SEQ#DELEGATIONS";
/// Marks that a municipality has delegated to its prefecture (once only).
pub const MUNICIPAL_FIRST_SK: &str = "DELEG#FIRST";

/// A marker item naming the delegation `number` that wrote it.
fn marker(pk: String, sk: String, number: &str) -> crate::store::Item {
    use crate::store::s;
    [
        ("PK".to_string(), s(pk)),
        ("SK".to_string(), s(sk)),
        ("delegation".to_string(), s(number)),
    ]
    .into()
}

/// A marker in the facility's partition, written with the delegation it
/// names: one delegation per facility, vaccine and delegate, also when the
/// same form is sent twice at once. (Outside the `DELEG#` prefix, so a
/// facility's query of its delegations does not read it.)
pub fn delegation_marker(
    site_id: &str,
    vaccine: &str,
    delegate_org_id: &str,
    number: &str,
) -> crate::store::Item {
    marker(
        orgs::pk(site_id),
        format!("DELEGFOR#{vaccine}#{delegate_org_id}"),
        number,
    )
}

/// The marker that a municipality's venues have delegated to the prefecture.
pub fn municipal_first_marker(muni_org_id: &str, number: &str) -> crate::store::Item {
    marker(orgs::pk(muni_org_id), MUNICIPAL_FIRST_SK.into(), number)
}

impl DelegationItem {
    pub fn set_keys(&mut self) {
        let seq = self
            .number
            .rsplit_once('-')
            .map_or("", |(_, s)| s)
            .to_string();
        self.pk = orgs::pk(&self.site_id);
        self.sk = delegation_sk(&seq);
        self.gsi1pk = receiver_pk(&self.delegate_org_id);
        let state = receipt_prefix(self.state == ReceiptState::Received);
        self.gsi1sk = format!(
            "{state}{}#{}",
            self.registered_at.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
            self.number
        );
    }

    pub fn locked(&self) -> bool {
        self.mailed_at.is_some()
    }
}

/// The key of delegation `number` (`{code}-{nn}`), or None when it is not one.
pub fn delegation_key(number: &str) -> Option<(String, String)> {
    let (code, seq) = number.split_once('-')?;
    let ok = code.len() == 10
        && code.bytes().all(|b| b.is_ascii_digit())
        && !seq.is_empty()
        && seq.len() <= 6
        && seq.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| {
        (
            orgs::pk(&crate::domain::org::Role::Site.org_id(code)),
            delegation_sk(seq),
        )
    })
}

/// Every delegation of a facility, oldest first (a facility has a handful).
/// The key of the marker a municipality's first delegation to its prefecture leaves.
pub fn municipal_first_key(muni_org_id: &str) -> crate::store::Key {
    (orgs::pk(muni_org_id), MUNICIPAL_FIRST_SK.into())
}

/// One delegation by its number.
pub async fn delegation(app: &App, number: &str) -> AppResult<Option<DelegationItem>> {
    match delegation_key(number) {
        Some((pk, sk)) => crate::store::get(app, &pk, &sk).await,
        None => Ok(None),
    }
}

/// Counts a download of `d` at `now`. The first is stamped on the version
/// read (an absent time is stored as NULL, so `if_not_exists` cannot tell);
/// every count bumps the version, so a receiver's concurrent save cannot
/// write back a stale "never downloaded".
pub fn count_download_in(
    tx: &mut crate::store::Tx,
    d: &DelegationItem,
    now: DateTime<Utc>,
    on_moved: crate::AppError,
) -> AppResult<()> {
    use crate::store::n;
    if d.first_downloaded_at.is_none() {
        tx.update(
            (&d.pk, &d.sk),
            "SET first_downloaded_at = :now ADD downloads :one, #v :one",
            vec![
                (":now", crate::store::attr(&now)?),
                (":one", n(1)),
                (":expected", n(d.version)),
            ],
            Some("#v = :expected"),
            on_moved,
        );
    } else {
        tx.update(
            (&d.pk, &d.sk),
            "ADD downloads :one, #v :one",
            vec![(":one", n(1))],
            None,
            "download count",
        );
    }
    Ok(())
}

/// One page of the delegations addressed to `receiver`, received or not,
/// oldest first.
pub async fn addressed_to(
    app: &App,
    receiver: &str,
    received: bool,
    cursor: Option<&str>,
) -> AppResult<crate::store::QueryPage<DelegationItem>> {
    let prefix = receipt_prefix(received);
    query(
        app,
        Some("GSI1"),
        &receiver_pk(receiver),
        Some(prefix),
        true,
        100,
        cursor,
    )
    .await
}

/// A receiver's delegations are keyed received (`R#`) or not (`U#`) first.
fn receipt_prefix(received: bool) -> &'static str {
    if received {
        "R#"
    } else {
        "U#"
    }
}

pub async fn of_site(app: &App, site_id: &str) -> AppResult<Vec<DelegationItem>> {
    let page = query::<DelegationItem>(
        app,
        None,
        &orgs::pk(site_id),
        Some("DELEG#"),
        true,
        100,
        None,
    )
    .await?;
    Ok(page.items)
}

/// The notice shown at every sign-in of a facility until each of its
/// delegations has been downloaded once.
pub async fn waiting_notices(app: &App, site_id: &str) -> AppResult<Vec<Notice>> {
    Ok(of_site(app, site_id)
        .await?
        .into_iter()
        .filter(|d| d.first_downloaded_at.is_none())
        .map(|d| Notice {
            kind: "delegation_waiting",
            message: format!(
                "委任状（{}、委任先: {}）がダウンロードされていません。委任状をダウンロードして印刷し、押印のうえ委任先に提出してください。",
                d.number, d.delegate_name
            ),
            delegation: d.number,
        })
        .collect())
}

/// A reminder shown at sign-in and on the home screen.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub kind: &'static str,
    pub delegation: String,
    pub message: String,
}

/// 申請会場の設置主体 of a new-code application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VenueKind {
    /// 医療機関
    MedicalInstitution,
    /// 特設の会場
    SpecialVenue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Filed with the prefecture.
    Filed,
    /// Sent on by the prefecture to the service desk (Monday morning).
    Forwarded,
    /// A code is assigned (Tuesday–Wednesday); the result mail is due.
    Assigned,
    /// The result was mailed (Thursday).
    Notified,
}

impl ApplicationStatus {
    pub fn label_ja(self) -> &'static str {
        match self {
            ApplicationStatus::Filed => "都道府県で受付",
            ApplicationStatus::Forwarded => "サービスデスクへ提出済み",
            ApplicationStatus::Assigned => "付番済み（結果通知待ち）",
            ApplicationStatus::Notified => "結果通知済み",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub name: String,
    pub organisation: String,
    pub department: String,
    pub title: Option<String>,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationFacility {
    pub name: String,
    pub representative: String,
    pub postal_code: String,
    pub pref: String,
    pub muni: String,
    pub address: String,
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodeApplicationItem {
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
    pub applicant: Applicant,
    pub founder: crate::domain::facility::Founder,
    pub venue_kind: VenueKind,
    pub facility: ApplicationFacility,
    pub status: ApplicationStatus,
    pub filed_at: DateTime<Utc>,
    pub filed_by: String,
    pub forwarded_at: Option<DateTime<Utc>>,
    pub assigned_code: Option<String>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub notified_at: Option<DateTime<Utc>>,
    pub version: u64,
}

pub fn application_pk(id: &str) -> String {
    format!("CODEAPP#{id}")
}

pub fn applications_pk(pref: &str) -> String {
    format!("CODEAPPS#P{pref}")
}

/// The service desk's queue of forwarded applications.
/// The applications of a prefecture, of one status when given (at most 500).
pub async fn applications_of(
    app: &App,
    pref: &str,
    status: Option<ApplicationStatus>,
) -> AppResult<Vec<CodeApplicationItem>> {
    let prefix = status.map(CodeApplicationItem::status_prefix);
    Ok(query(
        app,
        Some("GSI1"),
        &applications_pk(pref),
        prefix,
        true,
        500,
        None,
    )
    .await?
    .items)
}

/// The service desk's queue: forwarded applications waiting for a code.
pub async fn awaiting_codes(app: &App) -> AppResult<Vec<CodeApplicationItem>> {
    crate::store::query_all(app, Some("GSI2"), DESK_QUEUE, None).await
}

/// Assigned codes whose applicants are still to be mailed.
pub async fn results_to_mail(app: &App) -> AppResult<Vec<CodeApplicationItem>> {
    crate::store::query_all(app, Some("GSI2"), RESULT_QUEUE, None).await
}

pub const DESK_QUEUE: &str = "CODEAPP#FORWARDED";
/// Assigned codes whose result mail is due on Thursday.
pub const RESULT_QUEUE: &str = "CODEAPP#ASSIGNED";
pub const APPLICATION_COUNTER: (&str, &str) = ("CONFIG", "SEQ#CODEAPP");
pub const ASSIGNED_CODE_COUNTER: (&str, &str) = ("CONFIG", "SEQ#NEWCODE");

impl CodeApplicationItem {
    pub fn set_keys(&mut self) {
        self.pk = application_pk(&self.id);
        self.sk = APPLICATION_SK.into();
        self.gsi1pk = applications_pk(&self.facility.pref);
        self.gsi1sk = format!(
            "{}{}#{}",
            Self::status_prefix(self.status),
            self.filed_at.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
            self.id
        );
        let queue = match self.status {
            ApplicationStatus::Forwarded => Some(DESK_QUEUE),
            ApplicationStatus::Assigned => Some(RESULT_QUEUE),
            _ => None,
        };
        (self.gsi2pk, self.gsi2sk) = sparse_keys(queue.is_some(), queue.unwrap_or(""), || {
            format!("{}#{}", self.facility.pref, self.id)
        });
    }

    /// The GSI1 sort-key prefix of one status.
    pub fn status_prefix(status: ApplicationStatus) -> &'static str {
        match status {
            ApplicationStatus::Filed => "1#",
            ApplicationStatus::Forwarded => "2#",
            ApplicationStatus::Assigned => "3#",
            ApplicationStatus::Notified => "4#",
        }
    }
}
