//! Inquiries (問い合わせ): one item each, with its thread of answers and
//! replies; listed for the asking organisation, and for the service desk
//! by status.
//!
//! - inquiry: `INQUIRY#{id}` / `INQUIRY`; GSI1 `INQUIRIES#{asking org}` /
//!   `{created}#{id}` (the organisation's own, newest first); GSI2
//!   `INQUIRYQ#{status}` / `{updated}#{id}` (the desk's queue per status).

use crate::domain::inquiry::InquiryStatus;
use crate::error::AppResult;
use crate::store::tx::OnFail;
use crate::store::{get, query, to_item, QueryPage, Tx};
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

const SK: &str = "INQUIRY";

/// One message of the thread: the desk's answer or the asker's reply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Message {
    pub at: DateTime<Utc>,
    pub by: String,
    /// Written by the service desk (else by the asker).
    pub desk: bool,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InquiryItem {
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

    pub id: String,
    pub org_id: String,
    pub org_name: String,
    pub asked_by: String,
    pub email: String,
    pub phone: String,
    pub category: String,
    pub detail: String,
    pub content: String,
    pub status: InquiryStatus,
    #[serde(default)]
    pub messages: Vec<Message>,
    /// The call-centre account request filed with it (that category only).
    pub call_centre_request: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}

pub fn key(id: &str) -> (String, String) {
    (format!("INQUIRY#{id}"), SK.into())
}

fn org_pk(org: &str) -> String {
    format!("INQUIRIES#{org}")
}

fn queue_pk(status: InquiryStatus) -> String {
    format!("INQUIRYQ#{}", status.as_str())
}

impl InquiryItem {
    pub fn set_keys(&mut self) {
        (self.pk, self.sk) = key(&self.id);
        self.gsi1pk = org_pk(&self.org_id);
        self.gsi1sk = format!("{}#{}", self.created_at.to_rfc3339(), self.id);
        self.gsi2pk = queue_pk(self.status);
        self.gsi2sk = format!("{}#{}", self.updated_at.to_rfc3339(), self.id);
    }
}

pub async fn find(app: &App, id: &str) -> AppResult<Option<InquiryItem>> {
    let (pk, sk) = key(id);
    get(app, &pk, &sk).await
}

/// The step that writes an inquiry (keys set) over the version read (0: new).
pub fn save_in(tx: &mut Tx, item: &InquiryItem, read_version: u64, on_stale: impl Into<OnFail>) -> AppResult<()> {
    let mut item = item.clone();
    item.set_keys();
    tx.put_versioned(to_item(&item)?, read_version, on_stale);
    Ok(())
}

/// One page of an organisation's inquiries, newest first.
pub async fn of_org(app: &App, org: &str, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<InquiryItem>> {
    query(app, Some("GSI1"), &org_pk(org), None, false, limit, cursor).await
}

/// One page of the desk's inquiries in `status`, oldest change first.
pub async fn in_status(app: &App, status: InquiryStatus, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<InquiryItem>> {
    query(app, Some("GSI2"), &queue_pk(status), None, true, limit, cursor).await
}
