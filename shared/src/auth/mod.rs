//! Password hashing, random tokens and codes, the signed-in principal, and
//! the authorizer that turns a bearer token into one.

pub mod cookie;
pub mod secrets;

pub use secrets::*;

use crate::domain::org::{OrgRef, Role};
use crate::error::{AppError, AppResult};
use crate::store::sessions;
use crate::App;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Who is calling, as the authorizer hands it to every handler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub vsys_id: String,
    pub role: Role,
    pub org_id: String,
    pub pref: Option<String>,
    pub muni: Option<String>,
    pub consented: bool,
    /// Hash of the session token (identifies the session, reveals nothing).
    pub session: String,
}

impl Principal {
    pub fn org(&self) -> OrgRef {
        OrgRef {
            org_id: self.org_id.clone(),
            role: self.role,
            pref: self.pref.clone(),
            muni: self.muni.clone(),
        }
    }

    /// The one scope check: may this principal see or change a record of `target`?
    pub fn covers(&self, target: &OrgRef) -> bool {
        self.org().covers(target)
    }

    /// The area a report asks for (`pref`, `muni` from its query), inside
    /// the caller's own: the nation anywhere, a prefecture its own and its
    /// municipalities, a municipality itself; anything outside reads as
    /// absent (404), other roles are refused (403). Codes are checked
    /// against master data.
    pub fn report_area(&self, pref: Option<&str>, muni: Option<&str>) -> AppResult<(Option<String>, Option<String>)> {
        let c = crate::masterdata::census();
        if let Some(m) = muni {
            if c.municipality(m).is_none() {
                return Err(AppError::invalid("muni", format!("{m} は市区町村コードのマスタにありません。")));
            }
        }
        if let Some(x) = pref {
            if c.prefecture(x).is_none() {
                return Err(AppError::invalid("pref", format!("{x} は都道府県コードのマスタにありません。")));
            }
        }
        let within = |own: &str| muni.is_none_or(|m| m.starts_with(own)) && pref.is_none_or(|x| x == own);
        match self.role {
            Role::National => Ok((pref.map(str::to_string).or_else(|| muni.map(|m| m[..2].to_string())), muni.map(str::to_string))),
            Role::Prefecture => {
                let own = self.pref.clone().ok_or_else(AppError::forbidden)?;
                if !within(&own) {
                    return Err(AppError::not_found());
                }
                Ok((Some(own), muni.map(str::to_string)))
            }
            Role::Municipality => {
                let own = self.muni.clone().ok_or_else(AppError::forbidden)?;
                if muni.is_some_and(|m| m != own) || pref.is_some_and(|x| !own.starts_with(x)) {
                    return Err(AppError::not_found());
                }
                Ok((Some(own[..2].to_string()), Some(own)))
            }
            _ => Err(AppError::forbidden()),
        }
    }

    pub fn require_role(&self, roles: &[Role]) -> AppResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }

    /// The caller's municipality, for a caller of one of `roles` (403
    /// otherwise, and for an account without a municipality).
    pub fn own_muni(&self, roles: &[Role]) -> AppResult<&str> {
        self.require_role(roles)?;
        self.muni.as_deref().ok_or_else(AppError::forbidden)
    }

    pub fn actor(&self) -> Actor {
        Actor {
            id: self.vsys_id.clone(),
            role: self.role.as_str().to_string(),
            org: self.org_id.clone(),
        }
    }

    /// The flat string map an HTTP API Lambda authorizer returns as `context`.
    pub fn to_context(&self) -> HashMap<String, String> {
        HashMap::from([
            ("vsys_id".into(), self.vsys_id.clone()),
            ("role".into(), self.role.as_str().into()),
            ("org_id".into(), self.org_id.clone()),
            ("pref".into(), self.pref.clone().unwrap_or_default()),
            ("muni".into(), self.muni.clone().unwrap_or_default()),
            ("consented".into(), self.consented.to_string()),
            ("session".into(), self.session.clone()),
        ])
    }

    /// Reads back what [`to_context`](Self::to_context) produced (API Gateway passes it on).
    pub fn from_context(ctx: &HashMap<String, serde_json::Value>) -> Option<Principal> {
        let get = |k: &str| ctx.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let opt = |k: &str| get(k).filter(|s| !s.is_empty());
        Some(Principal {
            vsys_id: get("vsys_id")?,
            role: Role::parse(&get("role")?)?,
            org_id: get("org_id")?,
            pref: opt("pref"),
            muni: opt("muni"),
            consented: get("consented")? == "true",
            session: get("session")?,
        })
    }
}

/// Who made a change, for the audit record: a user, or the system's own jobs.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub role: String,
    pub org: String,
}

impl Actor {
    /// A resident using a public form, known by no account: the audit
    /// names the municipality the request is addressed to, never the person.
    pub fn resident(muni: &str) -> Actor {
        Actor {
            id: "resident".into(),
            role: "resident".into(),
            org: format!("muni:{muni}"),
        }
    }

    pub fn system(job: &str) -> Actor {
        Actor {
            id: format!("system:{job}"),
            role: "system".into(),
            org: "national".into(),
        }
    }
    /// A user acting on their own account before having a session (activation, reset).
    pub fn user(u: &crate::store::users::UserItem) -> Actor {
        Actor {
            id: u.vsys_id.clone(),
            role: u.role.as_str().into(),
            org: u.org_id.clone(),
        }
    }
}

/// Extracts the bearer token from an `Authorization` header value.
pub fn bearer(header: Option<&str>) -> Option<&str> {
    let v = header?.trim();
    let t = v
        .strip_prefix("Bearer ")
        .or_else(|| v.strip_prefix("bearer "))?
        .trim();
    (!t.is_empty() && t.len() <= 512).then_some(t)
}

/// A new session token for `vsys_id`: 256 random bits, then the account
/// (base64url), so that the authorizer reads the session and its account in
/// one round trip. Only the token's hash is stored.
pub fn session_token(vsys_id: &str) -> AppResult<String> {
    use base64::Engine;
    Ok(format!(
        "{}.{}",
        random_token()?,
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(vsys_id)
    ))
}

/// The account a session token names (unverified until its session is read).
fn session_account(token: &str) -> Option<String> {
    use base64::Engine;
    let (_, account) = token.split_once('.')?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(account)
        .ok()?;
    String::from_utf8(bytes).ok().filter(|s| !s.is_empty())
}

/// The IAM actions of the authorizer (what the template grants
/// AuthorizerFunction): the session and its account in one batch read, and
/// the last-use write.
pub const AUTHORIZER_GRANTS: &[&str] = &["dynamodb:BatchGetItem", "dynamodb:UpdateItem"];

/// The authorizer: a valid session of an active account whose session epoch
/// it still carries → its principal. One DynamoDB round trip (two when the
/// session's last use is written, at most once a minute).
pub async fn authorize(app: &App, token: Option<&str>) -> AppResult<Principal> {
    let unauth = || AppError::Unauthenticated {
        code: crate::error::codes::SESSION_INVALID,
        message: "ログインの有効期限が切れたか、ログアウトされています。再度ログインしてください。"
            .into(),
    };
    let token = token.ok_or_else(unauth)?;
    let vsys_id = session_account(token).ok_or_else(unauth)?;
    let th = token_hash(token);
    let user = sessions::check(app, &th, &vsys_id, app.now())
        .await?
        .ok_or_else(unauth)?;
    Ok(Principal {
        vsys_id: user.vsys_id,
        role: user.role,
        org_id: user.org_id,
        pref: user.pref,
        muni: user.muni,
        consented: user.consented_at.is_some(),
        session: th,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorizer_context_round_trips() {
        let p = Principal {
            vsys_id: "m131016-01@v-sys.jp".into(),
            role: Role::Municipality,
            org_id: "muni-131016".into(),
            pref: Some("13".into()),
            muni: Some("131016".into()),
            consented: true,
            session: "ab".repeat(32),
        };
        // API Gateway hands the context on as JSON values.
        let ctx: HashMap<String, serde_json::Value> = p
            .to_context()
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        assert_eq!(Principal::from_context(&ctx), Some(p));
        let national = Principal {
            role: Role::National,
            pref: None,
            muni: None,
            org_id: "national".into(),
            ..Principal::from_context(&ctx).unwrap()
        };
        let ctx: HashMap<String, serde_json::Value> = national
            .to_context()
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        assert_eq!(Principal::from_context(&ctx), Some(national));
    }

    #[test]
    fn session_tokens_name_their_account() {
        let t = session_token("m131016-01@v-sys.jp").unwrap();
        assert_eq!(session_account(&t).as_deref(), Some("m131016-01@v-sys.jp"));
        assert_eq!(session_account("no-dot"), None);
        assert_eq!(session_account("x.%%%"), None);
        assert!(bearer(Some(&format!("Bearer {t}"))).is_some());
    }

    #[test]
    fn bearer_tokens() {
        assert_eq!(bearer(Some("Bearer abc")), Some("abc"));
        assert_eq!(bearer(Some("Basic abc")), None);
        assert_eq!(bearer(Some("Bearer ")), None);
        assert_eq!(bearer(None), None);
    }
}
