//! Organisations, roles and scope: who may see and change what.
//!
//! Every record belongs to an organisation, located by prefecture and
//! municipality. A user's scope follows its organisation: the nation sees all,
//! a prefecture its prefecture, a municipality its municipality, and every other
//! organisation only itself. This is the one place that rule lives.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    National,
    Prefecture,
    Municipality,
    Site,
    Workplace,
    Wholesaler,
    CallCentre,
    Aggregator,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::National,
        Role::Prefecture,
        Role::Municipality,
        Role::Site,
        Role::Workplace,
        Role::Wholesaler,
        Role::CallCentre,
        Role::Aggregator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::National => "national",
            Role::Prefecture => "prefecture",
            Role::Municipality => "municipality",
            Role::Site => "site",
            Role::Workplace => "workplace",
            Role::Wholesaler => "wholesaler",
            Role::CallCentre => "call_centre",
            Role::Aggregator => "aggregator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Role::National => "国（厚生労働省）",
            Role::Prefecture => "都道府県",
            Role::Municipality => "市町村",
            Role::Site => "医療機関・接種会場",
            Role::Workplace => "職域接種会場",
            Role::Wholesaler => "卸業者",
            Role::CallCentre => "予約受付業者",
            Role::Aggregator => "とりまとめ団体",
        }
    }

    /// Prefix of the organisation id and of the V-SYS ID.
    fn prefix(self) -> &'static str {
        match self {
            Role::National => "nat",
            Role::Prefecture => "pref",
            Role::Municipality => "muni",
            Role::Site => "site",
            Role::Workplace => "wp",
            Role::Wholesaler => "whs",
            Role::CallCentre => "cc",
            Role::Aggregator => "agg",
        }
    }

    /// Checks the shape of an organisation code for this role and returns the
    /// message to show when it is wrong.
    pub fn check_code(self, code: &str) -> Result<(), &'static str> {
        let digits = |n: usize| code.len() == n && code.bytes().all(|b| b.is_ascii_digit());
        let ok = match self {
            Role::National => code == "national",
            Role::Prefecture => digits(2) && (1..=47).contains(&code.parse::<u32>().unwrap_or(0)),
            Role::Municipality | Role::CallCentre => digits(6),
            Role::Site => digits(10),
            Role::Workplace | Role::Wholesaler | Role::Aggregator => {
                (3..=20).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
            }
        };
        if ok {
            return Ok(());
        }
        Err(match self {
            Role::National => "国の組織コードは national です。",
            Role::Prefecture => "都道府県コードは01〜47の2桁の数字で入力してください。",
            Role::Municipality | Role::CallCentre => {
                "市区町村コードは6桁の数字で入力してください。"
            }
            Role::Site => "医療機関コードは10桁の数字で入力してください。",
            _ => "組織コードは3〜20文字の英数字で入力してください。",
        })
    }

    /// The organisation id for a code: `pref-13`, `muni-131016`, `site-1312345678`.
    /// A call centre belongs to one municipality: `cc-131016`.
    pub fn org_id(self, code: &str) -> String {
        if self == Role::National {
            return "national".into();
        }
        format!("{}-{}", self.prefix(), code)
    }
}

/// Where an organisation (and so each of its records) sits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgRef {
    pub org_id: String,
    pub role: Role,
    /// JIS prefecture code, `01`–`47`; none for national bodies.
    pub pref: Option<String>,
    /// 6-digit local-government code; none above municipality level.
    pub muni: Option<String>,
}

impl OrgRef {
    pub fn covers(&self, target: &OrgRef) -> bool {
        match self.role {
            Role::National => true,
            Role::Prefecture => self.pref.is_some() && self.pref == target.pref,
            Role::Municipality => self.muni.is_some() && self.muni == target.muni,
            _ => self.org_id == target.org_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(role: Role, id: &str, pref: Option<&str>, muni: Option<&str>) -> OrgRef {
        OrgRef {
            org_id: id.into(),
            role,
            pref: pref.map(Into::into),
            muni: muni.map(Into::into),
        }
    }

    #[test]
    fn scope_follows_the_hierarchy() {
        let nat = org(Role::National, "national", None, None);
        let tokyo = org(Role::Prefecture, "pref-13", Some("13"), None);
        let chiyoda = org(
            Role::Municipality,
            "muni-131016",
            Some("13"),
            Some("131016"),
        );
        let minato = org(
            Role::Municipality,
            "muni-131032",
            Some("13"),
            Some("131032"),
        );
        let clinic = org(Role::Site, "site-1310000001", Some("13"), Some("131016"));
        let other_clinic = org(Role::Site, "site-1310000002", Some("13"), Some("131016"));
        let sapporo = org(
            Role::Municipality,
            "muni-011002",
            Some("01"),
            Some("011002"),
        );
        assert!(nat.covers(&sapporo));
        assert!(tokyo.covers(&clinic) && tokyo.covers(&minato) && !tokyo.covers(&sapporo));
        assert!(chiyoda.covers(&clinic) && !chiyoda.covers(&minato) && !chiyoda.covers(&tokyo));
        assert!(clinic.covers(&clinic) && !clinic.covers(&other_clinic));
        assert!(!minato.covers(&clinic));
    }

    #[test]
    fn codes_are_checked_per_role() {
        assert!(Role::Site.check_code("1312345678").is_ok());
        assert!(Role::Site.check_code("131234567").is_err());
        assert!(Role::Site.check_code("13123456789").is_err());
        assert!(Role::Site.check_code("13123456a8").is_err());
        assert!(Role::Prefecture.check_code("48").is_err());
        assert!(Role::Municipality.check_code("131016").is_ok());
        assert_eq!(Role::Municipality.org_id("131016"), "muni-131016");
    }
}
