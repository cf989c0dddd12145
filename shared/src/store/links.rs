//! Mailed links (issuance, password reset, e-mail change) and sign-in
//! challenges. Tokens and codes are stored only as SHA-256 hashes.

use crate::error::AppResult;
use crate::store::tx::OnFail;
use crate::store::{get, Tx};
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// "Complete your password reset" after issuance: first password.
    Activate,
    /// Forgotten password.
    Reset,
    /// Mailed to the old address; opening it confirms the change of e-mail.
    EmailChange,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub purpose: LinkPurpose,
    pub vsys_id: String,
    /// Must equal the account's `link_generation` to be usable.
    pub generation: u32,
    pub created_at: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    /// Hash of the verification code mailed when the link was opened.
    pub code_hash: Option<String>,
    pub code_valid_until: Option<DateTime<Utc>>,
    #[serde(default)]
    pub code_attempts: u32,
    #[serde(default)]
    pub opened: u32,
    /// The new address, for an e-mail change.
    pub new_email: Option<String>,
    /// TTL (epoch seconds): a week after validity ends, kept for inquiries.
    pub expires_at: i64,
    pub version: u64,
}

pub fn pk(token_hash: &str) -> String {
    format!("LINK#{token_hash}")
}

pub async fn find(app: &App, token_hash: &str) -> AppResult<Option<LinkItem>> {
    get(app, &pk(token_hash), "LINK").await
}

/// A sign-in from an unknown browser waits here for its mailed code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChallengeItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub vsys_id: String,
    pub code_hash: String,
    pub valid_until: DateTime<Utc>,
    #[serde(default)]
    pub attempts: u32,
    pub expires_at: i64,
    pub version: u64,
}

pub fn challenge_pk(id_hash: &str) -> String {
    format!("CHAL#{id_hash}")
}

/// The sort key of a sign-in challenge.
pub const CHALLENGE_SK: &str = "CHAL";

/// Uses up the challenge `ch` in `tx` (it must still be as read).
pub fn use_challenge_in(tx: &mut Tx, ch: &ChallengeItem, on_used: impl Into<OnFail>) {
    tx.delete_versioned((&ch.pk, CHALLENGE_SK), ch.version, on_used);
}

pub async fn find_challenge(app: &App, id_hash: &str) -> AppResult<Option<ChallengeItem>> {
    get(app, &challenge_pk(id_hash), CHALLENGE_SK).await
}

/// A new mailed link for `user` of the given purpose. The caller bumps the
/// account's `link_generation` to `generation` in the same transaction.
pub fn new_link(
    user_vsys_id: &str,
    purpose: LinkPurpose,
    generation: u32,
    now: DateTime<Utc>,
    new_email: Option<String>,
) -> AppResult<(String, LinkItem)> {
    use crate::domain::session::LINK_VALIDITY;
    let token = crate::auth::random_token()?;
    let valid_until = now + LINK_VALIDITY;
    let item = LinkItem {
        pk: pk(&crate::auth::token_hash(&token)),
        sk: "LINK".into(),
        purpose,
        vsys_id: user_vsys_id.to_string(),
        generation,
        created_at: now,
        valid_until,
        used_at: None,
        code_hash: None,
        code_valid_until: None,
        code_attempts: 0,
        opened: 0,
        new_email,
        expires_at: (valid_until + chrono::Duration::days(7)).timestamp(),
        version: 1,
    };
    Ok((token, item))
}
