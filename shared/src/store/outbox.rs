//! The mail outbox: every mail is written as an item in the same transaction
//! as the change that causes it, so a change never lands without its mail and
//! a mail never goes out for a change that did not land. Right after the
//! commit the handler sends it and clears the item; whatever could not be
//! sent waits on a sparse index for the `mail-outbox` job (every minute),
//! which retries with growing delays and, after [`MAX_ATTEMPTS`], keeps the
//! mail on a second index that the national office reads.
//!
//! | item   | PK             | SK       | GSI2PK / GSI2SK |
//! |--------|----------------|----------|-----------------|
//! | a mail | `OUTBOX#{id}`  | `OUTBOX` | `OUTBOX#DUE` / `{next attempt}#{id}` while it waits, `OUTBOX#FAILED` / `{created}#{id}` once given up |

use crate::error::codes;
use crate::error::{AppError, AppResult};
use crate::mail::Mail;
use crate::store::{from_item, n, s, sdk_err, to_item, QueryPage};
use crate::App;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Sends tried before a mail is given up (then the national office sees it).
pub const MAX_ATTEMPTS: u32 = 8;
/// The worker leaves a new mail alone this long: the handler that wrote it
/// is sending it right now.
const FIRST_RETRY: i64 = 2;

const SK: &str = "OUTBOX";
const DUE: &str = "OUTBOX#DUE";
const FAILED: &str = "OUTBOX#FAILED";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI2PK")]
    pub gsi2pk: String,
    #[serde(rename = "GSI2SK")]
    pub gsi2sk: String,
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    /// The code of the last SES error (never its message, which can name addresses).
    pub last_error: Option<String>,
    pub failed_at: Option<DateTime<Utc>>,
    pub version: u64,
}

/// A fixed-width, sortable instant for index keys.
fn key_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl OutboxItem {
    /// A mail to `to`, queued at `now`.
    pub fn new(to: &str, mail: Mail, now: DateTime<Utc>) -> AppResult<OutboxItem> {
        let id = crate::auth::random_hex(12)?;
        let next = now + Duration::minutes(FIRST_RETRY);
        Ok(OutboxItem {
            pk: format!("OUTBOX#{id}"),
            sk: SK.into(),
            gsi2pk: DUE.into(),
            gsi2sk: format!("{}#{id}", key_time(next)),
            id,
            to: to.to_string(),
            subject: mail.subject,
            body: mail.body,
            created_at: now,
            attempts: 0,
            next_attempt_at: next,
            last_error: None,
            failed_at: None,
            version: 1,
        })
    }

    pub fn mail(&self) -> Mail {
        Mail {
            subject: self.subject.clone(),
            body: self.body.clone(),
        }
    }

    /// The item after a failed send at `now`: tried again after 1, 2, 4 …
    /// minutes (at most an hour), or given up after [`MAX_ATTEMPTS`].
    pub fn after_failure(&self, now: DateTime<Utc>, error: &str) -> OutboxItem {
        let mut next = self.clone();
        next.attempts += 1;
        next.last_error = Some(error.to_string());
        next.version += 1;
        if next.attempts >= MAX_ATTEMPTS {
            next.failed_at = Some(now);
            next.gsi2pk = FAILED.into();
            next.gsi2sk = format!("{}#{}", key_time(self.created_at), self.id);
        } else {
            let wait = Duration::minutes(1 << next.attempts.min(6)).min(Duration::hours(1));
            next.next_attempt_at = now + wait;
            next.gsi2sk = format!("{}#{}", key_time(next.next_attempt_at), self.id);
        }
        next
    }

    /// Back in the queue at once (the national office retries a given-up mail).
    pub fn requeued(&self, now: DateTime<Utc>) -> OutboxItem {
        let mut next = self.clone();
        next.attempts = 0;
        next.failed_at = None;
        next.next_attempt_at = now;
        next.gsi2pk = DUE.into();
        next.gsi2sk = format!("{}#{}", key_time(now), self.id);
        next.version += 1;
        next
    }
}

/// Clears a sent mail, if it is still as read (`false`: someone else moved it).
pub async fn clear(app: &App, item: &OutboxItem) -> AppResult<bool> {
    use aws_sdk_dynamodb::error::SdkError;
    let res = app
        .ddb
        .delete_item()
        .table_name(&app.cfg.table)
        .key("PK", s(&item.pk))
        .key("SK", s(SK))
        .condition_expression("version = :v")
        .expression_attribute_values(":v", n(item.version))
        .send()
        .await;
    match res {
        Ok(_) => Ok(true),
        Err(SdkError::ServiceError(e)) if e.err().is_conditional_check_failed_exception() => {
            Ok(false)
        }
        Err(e) => Err(sdk_err(e)),
    }
}

/// Writes the item's new state over the version read (`false`: it moved).
pub async fn replace(app: &App, before: &OutboxItem, after: &OutboxItem) -> AppResult<bool> {
    let mut tx = crate::store::Tx::new();
    tx.put_versioned(
        to_item(after)?,
        before.version,
        AppError::from(codes::RETRY),
    );
    match tx.commit(app).await {
        Ok(()) => Ok(true),
        Err(AppError::Conflict { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Mails whose next attempt is due at `now`, oldest first (at most `limit`).
pub async fn due(app: &App, now: DateTime<Utc>, limit: i32) -> AppResult<Vec<OutboxItem>> {
    let out = app
        .ddb
        .query()
        .table_name(&app.cfg.table)
        .index_name("GSI2")
        .key_condition_expression("GSI2PK = :pk AND GSI2SK <= :until")
        .expression_attribute_values(":pk", s(DUE))
        // `~` sorts after every id character: all of this second.
        .expression_attribute_values(":until", s(format!("{}#~", key_time(now))))
        .limit(limit)
        .send()
        .await
        .map_err(sdk_err)?;
    out.items
        .unwrap_or_default()
        .into_iter()
        .map(from_item)
        .collect()
}

/// How long the oldest mail waiting to be sent (due or not) has waited,
/// among the first `limit` of the queue; zero when none waits.
pub async fn oldest_waiting(app: &App, now: DateTime<Utc>, limit: i32) -> AppResult<Duration> {
    let page = crate::store::query::<OutboxItem>(app, Some("GSI2"), DUE, None, true, limit, None).await?;
    Ok(page.items.iter().map(|i| now - i.created_at).max().unwrap_or_else(Duration::zero).max(Duration::zero()))
}

/// One page of the mails given up, oldest first.
pub async fn failed(
    app: &App,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<QueryPage<OutboxItem>> {
    crate::store::query(app, Some("GSI2"), FAILED, None, true, limit, cursor).await
}

pub async fn find(app: &App, id: &str) -> AppResult<Option<OutboxItem>> {
    crate::store::get(app, &format!("OUTBOX#{id}"), SK).await
}
