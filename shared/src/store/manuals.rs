//! Manuals (ナレッジ): one item per audience and version, the PDF in S3.
//!
//! - manual version: `MANUAL#{audience}` / `V#{version:05}` (newest first
//!   when read backwards).

use crate::domain::manual::Audience;
use crate::error::AppResult;
use crate::store::{query, to_item, Tx};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManualItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub audience: Audience,
    /// 第n版.
    pub version: u64,
    pub title: String,
    pub published_on: NaiveDate,
    /// The PDF in S3.
    pub key: String,
    pub bytes: u64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

fn pk(audience: Audience) -> String {
    format!("MANUAL#{}", audience.as_str())
}

pub fn key(audience: Audience, version: u64) -> (String, String) {
    (pk(audience), format!("V#{version:05}"))
}

/// Every version of an audience's manual, the latest first.
pub async fn versions(app: &App, audience: Audience) -> AppResult<Vec<ManualItem>> {
    Ok(query(app, None, &pk(audience), Some("V#"), false, 200, None).await?.items)
}

/// The step that adds a version (refused with `on_taken` when another
/// upload took the number meanwhile).
pub fn add_in(tx: &mut Tx, item: &ManualItem, on_taken: impl Into<crate::store::tx::OnFail>) -> AppResult<()> {
    let mut item = item.clone();
    (item.pk, item.sk) = key(item.audience, item.version);
    tx.put_new(to_item(&item)?, on_taken);
    Ok(())
}
