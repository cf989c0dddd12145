//! Sessions: the hash of an opaque token, the account it belongs to, the
//! account's session epoch it began in, and its timing.
//!
//! The authorizer reads the session and its account in one BatchGetItem: a
//! session is valid only while the account is active and still carries the
//! session's epoch, so bumping the epoch (in the same transaction as a
//! password change, reset, e-mail change or disabling) ends every session of
//! the account for certain. The last use is written at most once a
//! [`TOUCH_INTERVAL`], so most requests cost the authorizer that one read.

use crate::domain::session::{session_alive, ABSOLUTE_TIMEOUT, TOUCH_INTERVAL};
use crate::error::{AppError, AppResult};
use crate::store::users::{self, UserItem};
use crate::store::{from_item, get_many, n, s, sdk_err, Tx};
use crate::App;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub vsys_id: String,
    /// The account's `session_epoch` when the session began.
    pub epoch: u32,
    /// Epoch seconds.
    pub created_at: i64,
    pub last_seen: i64,
    /// TTL: the absolute end of the session.
    pub expires_at: i64,
}

const SK: &str = "SESSION";

pub fn pk(token_hash: &str) -> String {
    format!("SESSION#{token_hash}")
}

pub fn new_item(token_hash: &str, user: &UserItem, now: DateTime<Utc>) -> SessionItem {
    SessionItem {
        pk: pk(token_hash),
        sk: SK.into(),
        vsys_id: user.vsys_id.clone(),
        epoch: user.session_epoch,
        created_at: now.timestamp(),
        last_seen: now.timestamp(),
        expires_at: (now + ABSOLUTE_TIMEOUT).timestamp(),
    }
}

/// The session of `token_hash` with its account, if the session is valid at
/// `now` (belongs to that account, same epoch, account active, neither idle
/// nor absolute timeout passed). Writes the last use when it is older than
/// [`TOUCH_INTERVAL`].
pub async fn check(
    app: &App,
    token_hash: &str,
    vsys_id: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<UserItem>> {
    let mut found = get_many(
        app,
        &[
            (pk(token_hash), SK.to_string()),
            (users::pk(vsys_id), "USER".to_string()),
        ],
    )
    .await?;
    let (Some(user), Some(session)) = (found.pop().flatten(), found.pop().flatten()) else {
        return Ok(None);
    };
    let session: SessionItem = from_item(session)?;
    let user: UserItem = from_item(user)?;
    let at = |t: i64| Utc.timestamp_opt(t, 0).single().unwrap_or_default();
    let valid = session.vsys_id == user.vsys_id
        && session.epoch == user.session_epoch
        && user.status == crate::domain::account::AccountStatus::Active
        && session_alive(at(session.created_at), at(session.last_seen), now);
    if !valid {
        return Ok(None);
    }
    if now - at(session.last_seen) >= TOUCH_INTERVAL && !touch(app, token_hash, now).await? {
        return Ok(None); // signed out meanwhile
    }
    Ok(Some(user))
}

/// Marks the session used at `now`; `false` if it no longer exists.
async fn touch(app: &App, token_hash: &str, now: DateTime<Utc>) -> AppResult<bool> {
    let res = app
        .ddb
        .update_item()
        .table_name(&app.cfg.table)
        .key("PK", s(pk(token_hash)))
        .key("SK", s(SK))
        .update_expression("SET last_seen = :now")
        .condition_expression("attribute_exists(PK)")
        .expression_attribute_values(":now", n(now.timestamp()))
        .send()
        .await;
    match res {
        Ok(_) => Ok(true),
        Err(SdkError::ServiceError(e))
            if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
        {
            Ok(false)
        }
        Err(e) => Err(sdk_err(e)),
    }
}

/// Ends the session `token_hash` in the transaction `tx` (sign-out).
pub fn end_in(tx: &mut Tx, token_hash: &str) {
    tx.delete((&pk(token_hash), SK));
}

/// Moves the session `token_hash` into the account's new `epoch` (a step of
/// the transaction that bumps it), so the session that made the change lives on.
pub fn keep_in(tx: &mut Tx, token_hash: &str, epoch: u32) {
    tx.update(
        (&pk(token_hash), SK),
        "SET epoch = :e",
        vec![(":e", n(epoch))],
        Some("attribute_exists(PK)"),
        AppError::Unauthenticated {
            code: crate::error::codes::SESSION_INVALID,
            message: "ログインしてください。".into(),
        },
    );
}
