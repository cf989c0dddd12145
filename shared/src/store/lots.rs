//! The lot master (ロット): lot number, product and expiry date; registered
//! from the wholesalers' delivery records, corrected by the nation. One item
//! per lot, listed through GSI1 (a few hundred lots a year).

use crate::error::AppResult;
use crate::store::{from_item, get_many, query_all, Key};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

const LIST: &str = "LOTS";
const SK: &str = "LOT";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LotItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    pub lot_number: String,
    /// Product code of the vaccine master.
    pub product: String,
    pub expiry_date: NaiveDate,
    /// The organisation that registered it (a wholesaler or the nation).
    pub registered_by_org: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

pub fn key(lot_number: &str) -> Key {
    (format!("LOT#{lot_number}"), SK.into())
}

impl LotItem {
    pub fn new(lot_number: &str, product: &str, expiry_date: NaiveDate, org: &str, at: DateTime<Utc>, by: &str, version: u64) -> LotItem {
        let (pk, sk) = key(lot_number);
        LotItem {
            pk,
            sk,
            gsi1pk: LIST.into(),
            gsi1sk: lot_number.into(),
            lot_number: lot_number.into(),
            product: product.into(),
            expiry_date,
            registered_by_org: org.into(),
            updated_at: at,
            updated_by: by.into(),
            version,
        }
    }
}

/// Every lot, by number.
pub async fn all(app: &App) -> AppResult<Vec<LotItem>> {
    query_all(app, Some("GSI1"), LIST, None).await
}

pub async fn find(app: &App, lot_number: &str) -> AppResult<Option<LotItem>> {
    let (pk, sk) = key(lot_number);
    crate::store::get(app, &pk, &sk).await
}

/// The lots named, in their order (`None` where unknown): one batch read
/// (at most 100 numbers).
pub async fn some(app: &App, numbers: &[&str]) -> AppResult<Vec<Option<LotItem>>> {
    let keys: Vec<Key> = numbers.iter().map(|n| key(n)).collect();
    get_many(app, &keys)
        .await?
        .into_iter()
        .map(|i| i.map(from_item).transpose())
        .collect()
}
