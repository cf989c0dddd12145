//! Sessions: the hash of an opaque token, the signed-in principal, and its
//! timing. The authorizer checks and refreshes a session in one conditional
//! update, so a protected request costs one round trip before its handler.

use crate::auth::Principal;
use crate::domain::org::Role;
use crate::domain::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use crate::error::AppResult;
use crate::store::users::UserItem;
use crate::store::{from_item, n, query_all, s, sdk_err};
use crate::App;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, ReturnValue, TransactWriteItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    pub vsys_id: String,
    pub role: Role,
    pub org_id: String,
    pub pref: Option<String>,
    pub muni: Option<String>,
    /// The one-time privacy consent was given (until then only the consent
    /// and account routes answer).
    pub consented: bool,
    /// Epoch seconds.
    pub created_at: i64,
    pub last_seen: i64,
    /// TTL: the absolute end of the session.
    pub expires_at: i64,
}

pub fn pk(token_hash: &str) -> String {
    format!("SESSION#{token_hash}")
}

impl SessionItem {
    pub fn principal(&self) -> Principal {
        Principal {
            vsys_id: self.vsys_id.clone(),
            role: self.role,
            org_id: self.org_id.clone(),
            pref: self.pref.clone(),
            muni: self.muni.clone(),
            consented: self.consented,
            session: self.pk.trim_start_matches("SESSION#").to_string(),
        }
    }
}

pub fn new_item(token_hash: &str, user: &UserItem, now: DateTime<Utc>) -> SessionItem {
    SessionItem {
        pk: pk(token_hash),
        sk: "SESSION".into(),
        gsi1pk: format!("SESS#{}", user.vsys_id),
        gsi1sk: format!("{}#{}", now.timestamp(), &token_hash[..16]),
        vsys_id: user.vsys_id.clone(),
        role: user.role,
        org_id: user.org_id.clone(),
        pref: user.pref.clone(),
        muni: user.muni.clone(),
        consented: user.consented_at.is_some(),
        created_at: now.timestamp(),
        last_seen: now.timestamp(),
        expires_at: (now + ABSOLUTE_TIMEOUT).timestamp(),
    }
}

/// Checks the idle and absolute timeouts and marks the session used, in one
/// conditional update. `None`: unknown, expired, or signed out.
pub async fn touch(
    app: &App,
    token_hash: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<SessionItem>> {
    let res = app
        .ddb
        .update_item()
        .table_name(&app.cfg.table)
        .key("PK", s(pk(token_hash)))
        .key("SK", s("SESSION"))
        .update_expression("SET last_seen = :now")
        .condition_expression("attribute_exists(PK) AND created_at > :abs AND last_seen > :idle")
        .expression_attribute_values(":now", n(now.timestamp()))
        .expression_attribute_values(":abs", n((now - ABSOLUTE_TIMEOUT).timestamp()))
        .expression_attribute_values(":idle", n((now - IDLE_TIMEOUT).timestamp()))
        .return_values(ReturnValue::AllNew)
        .send()
        .await;
    match res {
        Ok(out) => Ok(Some(from_item(out.attributes.unwrap_or_default())?)),
        Err(SdkError::ServiceError(e))
            if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
        {
            Ok(None)
        }
        Err(e) => Err(sdk_err(e)),
    }
}

pub fn delete_step(token_hash: &str) -> TransactWriteItem {
    TransactWriteItem::builder()
        .delete(
            Delete::builder()
                .table_name("")
                .key("PK", s(pk(token_hash)))
                .key("SK", s("SESSION"))
                .build()
                .expect("key set"),
        )
        .build()
}

/// Ends every session of an account except `keep` (a token hash), e.g. after a
/// password change. Deleting an already-ended session is harmless.
pub async fn end_all(app: &App, vsys_id: &str, keep: Option<&str>) -> AppResult<usize> {
    let items: Vec<SessionItem> =
        query_all(app, Some("GSI1"), &format!("SESS#{vsys_id}"), None).await?;
    let mut ended = 0;
    for it in items {
        if keep.is_some_and(|k| pk(k) == it.pk) {
            continue;
        }
        app.ddb
            .delete_item()
            .table_name(&app.cfg.table)
            .key("PK", s(&it.pk))
            .key("SK", s("SESSION"))
            .send()
            .await
            .map_err(sdk_err)?;
        ended += 1;
    }
    Ok(ended)
}

/// Marks the session as having given the privacy consent (a transaction step).
pub fn consent_step(token_hash: &str) -> TransactWriteItem {
    use aws_sdk_dynamodb::types::Update;
    TransactWriteItem::builder()
        .update(
            Update::builder()
                .table_name("")
                .key("PK", s(pk(token_hash)))
                .key("SK", s("SESSION"))
                .update_expression("SET consented = :t")
                .condition_expression("attribute_exists(PK)")
                .expression_attribute_values(":t", AttributeValue::Bool(true))
                .build()
                .expect("key set"),
        )
        .build()
}
