//! Manuals (ナレッジ, seed 000/002): one PDF per audience and version,
//! numbered 第1版, 第2版, … with its publication date; each audience's users
//! read theirs, the national office all of them.

use crate::domain::org::Role;
use serde::{Deserialize, Serialize};

/// The largest manual accepted (the seeds' manuals run to a few hundred pages).
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Site,
    Municipality,
    Prefecture,
    Workplace,
    Wholesaler,
}

impl Audience {
    pub const ALL: [Audience; 5] = [Audience::Site, Audience::Municipality, Audience::Prefecture, Audience::Workplace, Audience::Wholesaler];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Site => "site",
            Audience::Municipality => "municipality",
            Audience::Prefecture => "prefecture",
            Audience::Workplace => "workplace",
            Audience::Wholesaler => "wholesaler",
        }
    }

    pub fn parse(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// 医療機関用マニュアル, …
    pub fn title_ja(self) -> &'static str {
        match self {
            Audience::Site => "医療機関用マニュアル",
            Audience::Municipality => "市町村用マニュアル",
            Audience::Prefecture => "都道府県用マニュアル",
            Audience::Workplace => "職域接種用マニュアル",
            Audience::Wholesaler => "卸業者用マニュアル",
        }
    }

    /// The manuals a role reads: its own audience (a call centre works for
    /// its municipality and reads the municipal manual); the nation reads all.
    pub fn of(role: Role) -> Vec<Audience> {
        match role {
            Role::National => Audience::ALL.to_vec(),
            Role::Prefecture => vec![Audience::Prefecture],
            Role::Municipality | Role::CallCentre => vec![Audience::Municipality],
            Role::Site => vec![Audience::Site],
            Role::Workplace => vec![Audience::Workplace],
            Role::Wholesaler => vec![Audience::Wholesaler],
            Role::Aggregator => vec![],
        }
    }
}

/// A stored file is a PDF when it starts with the PDF header.
pub fn looks_like_pdf(first_bytes: &[u8]) -> bool {
    first_bytes.starts_with(b"%PDF-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_reads_its_own_audience_and_the_nation_all() {
        assert_eq!(Audience::of(Role::Site), vec![Audience::Site]);
        assert_eq!(Audience::of(Role::CallCentre), vec![Audience::Municipality]);
        assert_eq!(Audience::of(Role::National).len(), 5);
        assert_eq!(Audience::parse("workplace"), Some(Audience::Workplace));
        assert_eq!(Audience::parse("residents"), None);
        assert!(looks_like_pdf(b"%PDF-1.7\n"));
        assert!(!looks_like_pdf(b"PK\x03\x04"));
    }
}
