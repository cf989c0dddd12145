//! Accounts (one item per V-SYS ID) and the per-organisation uniqueness of
//! e-mail addresses.

use crate::domain::account::AccountStatus;
use crate::domain::org::{OrgRef, Role};
use crate::error::AppResult;
use crate::store::{get, query, QueryPage};
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    /// Present only while the account waits for activation (sparse index).
    #[serde(rename = "GSI2PK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2pk: Option<String>,
    #[serde(rename = "GSI2SK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2sk: Option<String>,

    pub vsys_id: String,
    pub email: String,
    pub contact_name: Option<String>,
    pub phone: Option<String>,
    /// Company of a call-centre operator.
    pub company: Option<String>,
    pub role: Role,
    pub org_id: String,
    pub org_name: String,
    pub pref: Option<String>,
    pub muni: Option<String>,
    pub status: AccountStatus,

    pub password_hash: Option<String>,
    pub security_question: Option<String>,
    pub security_answer_hash: Option<String>,
    pub consented_at: Option<DateTime<Utc>>,
    /// Password attempts from browsers the account does not know, counted
    /// before each comparison (see `store::limits`), and until when the next
    /// one must wait (epoch seconds).
    #[serde(default)]
    pub unknown_attempts: u32,
    #[serde(default)]
    pub unknown_hold_until: i64,
    /// The same for browsers the account knows: a guesser without a device
    /// token cannot slow the account's owner down.
    #[serde(default)]
    pub known_attempts: u32,
    #[serde(default)]
    pub known_hold_until: i64,
    /// Security answers compared since the last right one.
    #[serde(default)]
    pub answer_attempts: u32,
    /// Sessions carry the epoch they began in; bumping it ends every session
    /// of the account at once (the authorizer compares the two).
    #[serde(default)]
    pub session_epoch: u32,
    /// SHA-256 of the device tokens of browsers that passed a code check,
    /// each with the time it is forgotten (epoch seconds).
    #[serde(default)]
    pub known_devices: std::collections::BTreeMap<String, i64>,
    /// Bumped whenever a new link is mailed or one is used: only links of the
    /// current generation work, so every older link is void at once.
    #[serde(default)]
    pub link_generation: u32,

    pub issued_at: DateTime<Utc>,
    pub issued_by: String,
    pub last_mailed_at: DateTime<Utc>,
    #[serde(default)]
    pub reminders_sent: u32,
    pub activated_at: Option<DateTime<Utc>>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub version: u64,
}

/// The sort key of an account item.
pub const SK: &str = "USER";

pub fn pk(vsys_id: &str) -> String {
    format!("USER#{vsys_id}")
}

/// Sort key fragment of the scope index: `{muni}#{org_id}#`.
pub fn scope_prefix(muni: Option<&str>, org_id: Option<&str>) -> String {
    let m = muni.unwrap_or("000000");
    match org_id {
        Some(o) => format!("{m}#{o}#"),
        None => format!("{m}#"),
    }
}

impl UserItem {
    pub fn org_ref(&self) -> OrgRef {
        OrgRef {
            org_id: self.org_id.clone(),
            role: self.role,
            pref: self.pref.clone(),
            muni: self.muni.clone(),
        }
    }

    pub fn set_keys(&mut self) {
        self.pk = pk(&self.vsys_id);
        self.sk = SK.into();
        self.gsi1pk = format!("ACCT#P{}", self.pref.as_deref().unwrap_or("00"));
        self.gsi1sk = format!(
            "{}{}",
            scope_prefix(self.muni.as_deref(), Some(&self.org_id)),
            self.vsys_id
        );
        (self.gsi2pk, self.gsi2sk) =
            crate::store::sparse_keys(self.status == AccountStatus::Pending, "PENDING", || {
                format!(
                    "{}#{}",
                    self.last_mailed_at.format("%Y-%m-%dT%H:%M:%SZ"),
                    self.vsys_id
                )
            });
    }

    /// The account as disabled at `now`: every mailed link dies with it and it
    /// leaves the activation work queue.
    pub fn disabled(&self, now: DateTime<Utc>) -> UserItem {
        let mut next = self.clone();
        next.status = AccountStatus::Disabled;
        next.disabled_at = Some(now);
        next.link_generation += 1;
        next.end_sessions();
        next.version += 1;
        next.set_keys();
        next
    }

    /// Ends every session of the account (written with the account).
    pub fn end_sessions(&mut self) {
        self.session_epoch += 1;
    }

    /// Whether the browser with this device hash is remembered at `now`.
    pub fn knows_device(&self, device_hash: &str, now: DateTime<Utc>) -> bool {
        self.known_devices
            .get(device_hash)
            .is_some_and(|until| *until > now.timestamp())
    }

    /// Remembers a browser that passed a code check for
    /// [`DEVICE_MEMORY`](crate::domain::session::DEVICE_MEMORY), forgetting
    /// expired ones and the oldest beyond the limit.
    pub fn remember_device(&mut self, device_hash: String, now: DateTime<Utc>) {
        use crate::domain::session::{DEVICE_MEMORY, MAX_KNOWN_DEVICES};
        self.known_devices
            .retain(|_, until| *until > now.timestamp());
        self.known_devices
            .insert(device_hash, (now + DEVICE_MEMORY).timestamp());
        while self.known_devices.len() > MAX_KNOWN_DEVICES {
            let oldest = self
                .known_devices
                .iter()
                .min_by_key(|(_, until)| **until)
                .map(|(k, _)| k.clone())
                .expect("not empty");
            self.known_devices.remove(&oldest);
        }
    }

    /// After a right password from this kind of browser: its count starts afresh.
    pub fn clear_attempts(&mut self, known_browser: bool) {
        if known_browser {
            self.known_attempts = 0;
            self.known_hold_until = 0;
        } else {
            self.unknown_attempts = 0;
            self.unknown_hold_until = 0;
        }
    }

    /// What users and audit records see: never a hash, a device or a code.
    pub fn view(&self) -> AccountView {
        AccountView {
            vsys_id: self.vsys_id.clone(),
            email: self.email.clone(),
            contact_name: self.contact_name.clone(),
            phone: self.phone.clone(),
            company: self.company.clone(),
            role: self.role,
            organisation_id: self.org_id.clone(),
            organisation_name: self.org_name.clone(),
            prefecture_code: self.pref.clone(),
            municipality_code: self.muni.clone(),
            status: self.status,
            privacy_consented: self.consented_at.is_some(),
            // Unknown browsers are being slowed down (someone kept guessing).
            sign_in_throttled: self.unknown_attempts >= crate::domain::session::FREE_ATTEMPTS,
            issued_at: crate::clock::to_jst_string(self.issued_at),
            activated_at: self.activated_at.map(crate::clock::to_jst_string),
            last_sign_in_at: self.last_sign_in_at.map(crate::clock::to_jst_string),
            reminders_sent: self.reminders_sent,
            version: self.version,
        }
    }
}

/// An account as its holder and the issuing office see it.
#[derive(Debug, Clone, Serialize)]
pub struct AccountView {
    pub vsys_id: String,
    pub email: String,
    pub contact_name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub role: Role,
    pub organisation_id: String,
    pub organisation_name: String,
    pub prefecture_code: Option<String>,
    pub municipality_code: Option<String>,
    pub status: AccountStatus,
    pub privacy_consented: bool,
    pub sign_in_throttled: bool,
    pub issued_at: String,
    pub activated_at: Option<String>,
    pub last_sign_in_at: Option<String>,
    pub reminders_sent: u32,
    pub version: u64,
}

pub async fn find(app: &App, vsys_id: &str) -> AppResult<Option<UserItem>> {
    get(app, &pk(vsys_id), SK).await
}

/// Accounts of one prefecture partition (`00` = national bodies), optionally
/// narrowed to a municipality or an organisation.
pub async fn list(
    app: &App,
    pref: Option<&str>,
    muni: Option<&str>,
    org_id: Option<&str>,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<QueryPage<UserItem>> {
    let pk = format!("ACCT#P{}", pref.unwrap_or("00"));
    let prefix = if muni.is_some() || org_id.is_some() {
        Some(scope_prefix(muni, org_id))
    } else {
        None
    };
    query(
        app,
        Some("GSI1"),
        &pk,
        prefix.as_deref(),
        true,
        limit,
        cursor,
    )
    .await
}

/// Every account of one prefecture partition (jobs that mail many of its
/// organisations at once read it once instead of once per organisation).
pub async fn of_prefecture(app: &App, pref: &str) -> AppResult<Vec<UserItem>> {
    crate::store::query_all(app, Some("GSI1"), &format!("ACCT#P{pref}"), None).await
}

/// Accounts waiting for activation, oldest mail first.
pub async fn pending(app: &App) -> AppResult<Vec<UserItem>> {
    crate::store::query_all(app, Some("GSI2"), "PENDING", None).await
}

/// Key of the item that keeps one account per organisation and e-mail address.
/// The key of the item that keeps one account per organisation and address.
pub fn uniqueness_key(org_id: &str, email: &str) -> (String, String) {
    (uniqueness_pk(org_id, email), UNIQ_SK.into())
}

const UNIQ_SK: &str = "UNIQ";

fn uniqueness_pk(org_id: &str, email: &str) -> String {
    let h = Sha256::digest(email.to_ascii_lowercase().as_bytes());
    format!("UNIQ#{org_id}#{}", hex::encode(&h[..16]))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UniquenessItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub vsys_id: String,
}

pub async fn find_by_org_email(
    app: &App,
    org_id: &str,
    email: &str,
) -> AppResult<Option<UniquenessItem>> {
    get(app, &uniqueness_pk(org_id, email), UNIQ_SK).await
}

pub fn uniqueness(org_id: &str, email: &str, vsys_id: &str) -> UniquenessItem {
    UniquenessItem {
        pk: uniqueness_pk(org_id, email),
        sk: UNIQ_SK.into(),
        vsys_id: vsys_id.to_string(),
    }
}

/// The addresses of an organisation's active accounts (whom its mail goes to).
pub async fn active_emails(app: &App, pref: Option<&str>, muni: Option<&str>, org_id: &str) -> AppResult<Vec<String>> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = list(app, pref, muni, Some(org_id), 100, cursor.as_deref()).await?;
        out.extend(page.items.into_iter().filter(|u| u.status == AccountStatus::Active).map(|u| u.email));
        match page.next {
            Some(c) => cursor = Some(c),
            None => return Ok(out),
        }
    }
}
