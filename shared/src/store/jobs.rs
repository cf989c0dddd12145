//! A record per scheduled-job run: what it did, for operators and audit.

use crate::error::AppResult;
use crate::store::to_item;
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobRun {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub job: String,
    pub ran_at: DateTime<Utc>,
    pub summary: serde_json::Value,
    pub expires_at: i64,
}

pub async fn record(
    app: &App,
    job: &str,
    now: DateTime<Utc>,
    summary: serde_json::Value,
) -> AppResult<()> {
    let run = JobRun {
        pk: format!("JOB#{job}"),
        sk: now.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        job: job.to_string(),
        ran_at: now,
        summary,
        expires_at: (now + chrono::Duration::days(400)).timestamp(),
    };
    crate::store::put_one(app, to_item(&run)?, false)
        .await
        .map(|_| ())
}

/// Marks a deadline as handled by a job, in `tx`; the step fails with
/// `on_handled` when an earlier run marked it already. The table's access
/// patterns list it as `DONE#{job}` / `{deadline}`.
pub fn mark_deadline_in(
    tx: &mut crate::store::Tx,
    job: &str,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
    on_handled: crate::AppError,
) -> AppResult<()> {
    let marker = serde_json::json!({
        "PK": format!("DONE#{job}"),
        "SK": deadline.to_rfc3339(),
        "ran_at": now.to_rfc3339(),
    });
    tx.put_new(to_item(&marker)?, on_handled);
    Ok(())
}
