//! The wholesaler master (卸マスタ): each wholesaler's name and delivery
//! area, kept by the nation; one item per wholesaler, listed through GSI1.

use crate::error::AppResult;
use crate::store::{query_all, Key};
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

const LIST: &str = "WHOLESALERS";
const SK: &str = "WHS";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WholesalerItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    /// The wholesaler's organisation code (its accounts' `whs-{code}`).
    pub code: String,
    pub name: String,
    /// Prefecture (2 digits) and municipality (6 digits) codes.
    pub areas: Vec<String>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

pub fn key(code: &str) -> Key {
    (format!("WHS#{code}"), SK.into())
}

impl WholesalerItem {
    pub fn new(code: &str, name: &str, areas: Vec<String>, at: DateTime<Utc>, by: &str, version: u64) -> WholesalerItem {
        let (pk, sk) = key(code);
        WholesalerItem {
            pk,
            sk,
            gsi1pk: LIST.into(),
            gsi1sk: code.into(),
            code: code.into(),
            name: name.into(),
            areas,
            updated_at: at,
            updated_by: by.into(),
            version,
        }
    }
}

/// Every wholesaler, by code (a few hundred at most).
pub async fn all(app: &App) -> AppResult<Vec<WholesalerItem>> {
    query_all(app, Some("GSI1"), LIST, None).await
}

pub async fn find(app: &App, code: &str) -> AppResult<Option<WholesalerItem>> {
    let (pk, sk) = key(code);
    crate::store::get(app, &pk, &sk).await
}
