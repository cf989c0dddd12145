//! Call-centre account requests (予約受付業者のアカウントの発行・変更・削除).
//! Filed by a municipality, closed every Wednesday 17:00 JST, carried out by
//! the Friday job of the same week.

use crate::error::AppResult;
use crate::store::{get, query, QueryPage};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    New,
    Change,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for its Friday.
    Open,
    /// Withdrawn by the municipality before the cut-off.
    Withdrawn,
    /// Carried out.
    Done,
    /// Could not be carried out (e.g. the account named was not this municipality's).
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CcRequestItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    /// Present while open: the Friday job's work queue, by cut-off.
    #[serde(rename = "GSI2PK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2pk: Option<String>,
    #[serde(rename = "GSI2SK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2sk: Option<String>,

    pub id: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub pref: String,
    pub muni: String,
    pub filed_by: String,
    pub filed_at: DateTime<Utc>,
    pub cutoff: DateTime<Utc>,
    pub issuance_date: NaiveDate,
    pub company: Option<String>,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    /// The existing account a change or deletion is about.
    pub target_vsys_id: Option<String>,
    pub change_detail: Option<String>,
    pub result_vsys_id: Option<String>,
    pub result_message: Option<String>,
    pub processed_at: Option<DateTime<Utc>>,
    /// Runs that failed on this request (it stays open and is tried again
    /// by the next run; the national office sees the count).
    #[serde(default)]
    pub failed_runs: u32,
    pub version: u64,
}

pub fn pk(id: &str) -> String {
    format!("CCREQ#{id}")
}

impl CcRequestItem {
    pub fn set_keys(&mut self) {
        self.pk = pk(&self.id);
        self.sk = "CCREQ".into();
        self.gsi1pk = format!("CCREQ#P{}", self.pref);
        self.gsi1sk = format!(
            "{}#{}#{}",
            self.muni,
            self.filed_at.format("%Y-%m-%dT%H:%M:%SZ"),
            self.id
        );
        (self.gsi2pk, self.gsi2sk) =
            crate::store::sparse_keys(self.status == RequestStatus::Open, "CCREQ#OPEN", || {
                format!("{}#{}", self.cutoff.format("%Y-%m-%dT%H:%M:%SZ"), self.id)
            });
    }

    pub fn view(&self) -> CcRequestView {
        use crate::clock::to_jst_string;
        CcRequestView {
            id: self.id.clone(),
            kind: self.kind,
            status: self.status,
            municipality_code: self.muni.clone(),
            filed_by: self.filed_by.clone(),
            filed_at: to_jst_string(self.filed_at),
            cutoff: to_jst_string(self.cutoff),
            issuance_date: self.issuance_date,
            company: self.company.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            target_vsys_id: self.target_vsys_id.clone(),
            change_detail: self.change_detail.clone(),
            result_vsys_id: self.result_vsys_id.clone(),
            result_message: self.result_message.clone(),
            processed_at: self.processed_at.map(to_jst_string),
            failed_runs: self.failed_runs,
            version: self.version,
        }
    }
}

/// A call-centre account request as the municipality and the office see it.
#[derive(Debug, Clone, Serialize)]
pub struct CcRequestView {
    pub id: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub municipality_code: String,
    pub filed_by: String,
    pub filed_at: String,
    pub cutoff: String,
    pub issuance_date: NaiveDate,
    pub company: Option<String>,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub target_vsys_id: Option<String>,
    pub change_detail: Option<String>,
    pub result_vsys_id: Option<String>,
    pub result_message: Option<String>,
    pub processed_at: Option<String>,
    pub failed_runs: u32,
    pub version: u64,
}

pub async fn find(app: &App, id: &str) -> AppResult<Option<CcRequestItem>> {
    get(app, &pk(id), "CCREQ").await
}

pub async fn list(
    app: &App,
    pref: &str,
    muni: Option<&str>,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<QueryPage<CcRequestItem>> {
    let prefix = muni.map(|m| format!("{m}#"));
    query(
        app,
        Some("GSI1"),
        &format!("CCREQ#P{pref}"),
        prefix.as_deref(),
        false,
        limit,
        cursor,
    )
    .await
}

/// Open requests, oldest cut-off first (the Friday job reads only those whose cut-off has passed).
pub async fn open(app: &App) -> AppResult<Vec<CcRequestItem>> {
    crate::store::query_all(app, Some("GSI2"), "CCREQ#OPEN", None).await
}
