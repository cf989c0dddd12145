//! Audit records: who (ID, role, organisation), when (JST), what, and the
//! record before and after. Written as a step of the same transaction as the
//! change they describe, so there is never a change without its record.

use crate::auth::Actor;
use crate::clock::to_jst_string;
use crate::error::AppResult;
use crate::store::{query, to_item, Item, QueryPage};
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditRecord {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    pub actor: String,
    pub actor_role: String,
    pub actor_org: String,
    /// JST wall-clock time of the change.
    pub at: String,
    pub action: String,
    /// `account:{vsys_id}`, `ccreq:{id}`, …
    pub target: String,
    /// JSON of the record before the change (null when created).
    pub before: Option<String>,
    /// JSON of the record after the change (null when deleted).
    pub after: Option<String>,
}

/// The audit step for a change of `target` by `actor` at `now`.
pub fn record(
    actor: &Actor,
    now: DateTime<Utc>,
    action: &str,
    target: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AppResult<Record> {
    Ok(Record(entry(actor, now, action, target, before, after)?))
}

/// An audit record ready for its change's transaction ([`crate::store::Tx::audit`]).
pub struct Record(pub(crate) Item);

/// The audit record itself (every change writes it with [`record`], in the
/// change's own transaction).
fn entry(
    actor: &Actor,
    now: DateTime<Utc>,
    action: &str,
    target: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AppResult<Item> {
    let at_key = format!(
        "{}#{}",
        now.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
        crate::auth::random_hex(6)?
    );
    let at = to_jst_string(now);
    let rec = AuditRecord {
        pk: format!("AUDIT#{target}"),
        sk: at_key.clone(),
        gsi1pk: format!("AUDITDAY#{}", &at[..10]),
        gsi1sk: at_key,
        actor: actor.id.clone(),
        actor_role: actor.role.clone(),
        actor_org: actor.org.clone(),
        at,
        action: action.to_string(),
        target: target.to_string(),
        before: before.map(|v| v.to_string()),
        after: after.map(|v| v.to_string()),
    };
    to_item(&rec)
}

/// The audit trail of one target, newest first.
pub async fn trail(
    app: &App,
    target: &str,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<QueryPage<AuditRecord>> {
    query(
        app,
        None,
        &format!("AUDIT#{target}"),
        None,
        false,
        limit,
        cursor,
    )
    .await
}
