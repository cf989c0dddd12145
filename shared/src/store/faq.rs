//! The FAQ (よくある質問): one partition of entries, read whole by a
//! search (a few hundred short entries) and scored in memory.
//!
//! - FAQ entry: `FAQ` / `ENTRY#{id}`.

use crate::error::AppResult;
use crate::store::tx::OnFail;
use crate::store::{batch_put, get, query_all, to_item, Tx};
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

const PK: &str = "FAQ";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FaqItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub id: String,
    pub question: String,
    pub answer: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: u64,
}

pub fn key(id: &str) -> (String, String) {
    (PK.into(), format!("ENTRY#{id}"))
}

pub async fn find(app: &App, id: &str) -> AppResult<Option<FaqItem>> {
    let (pk, sk) = key(id);
    get(app, &pk, &sk).await
}

/// Every entry, in id order.
pub async fn all(app: &App) -> AppResult<Vec<FaqItem>> {
    query_all(app, None, PK, Some("ENTRY#")).await
}

/// The step that writes an entry over the version read (0: new).
pub fn save_in(tx: &mut Tx, item: &FaqItem, read_version: u64, on_stale: impl Into<OnFail>) -> AppResult<()> {
    let mut item = item.clone();
    (item.pk, item.sk) = key(&item.id);
    tx.put_versioned(to_item(&item)?, read_version, on_stale);
    Ok(())
}

/// The step that removes an entry read at `read_version`.
pub fn delete_in(tx: &mut Tx, id: &str, read_version: u64, on_stale: impl Into<OnFail>) {
    let (pk, sk) = key(id);
    tx.delete_versioned((&pk, &sk), read_version, on_stale);
}

/// Loads entries in bulk (the initial FAQ with the master data), without
/// a transaction: a loader, not a user's change.
pub async fn load(app: &App, entries: &[FaqItem]) -> AppResult<()> {
    let mut items = Vec::with_capacity(entries.len());
    for e in entries {
        let mut e = e.clone();
        (e.pk, e.sk) = key(&e.id);
        items.push(to_item(&e)?);
    }
    batch_put(app, items).await
}
