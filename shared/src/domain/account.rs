//! Accounts: V-SYS IDs, statuses and contact data checks.

use super::org::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Issued; the password has not been set yet.
    Pending,
    Active,
    /// Disabled by an administrator or replaced (e.g. a call-centre deletion).
    Disabled,
}

/// The V-SYS ID is an e-mail-like user name: `m131016-01@v-sys.jp`, with
/// `.training` appended in the training stage (`m131016-01@v-sys.jp.training`).
pub fn vsys_id(role: Role, code: &str, seq: u64, domain: &str, training: bool) -> String {
    let prefix = match role {
        Role::National => "n",
        Role::Prefecture => "p",
        Role::Municipality => "m",
        Role::Site => "s",
        Role::Workplace => "w",
        Role::Wholesaler => "h",
        Role::CallCentre => "c",
        Role::Aggregator => "a",
    };
    let code = if role == Role::National { "00" } else { code };
    let base = format!("{prefix}{code}-{seq:02}@{domain}").to_ascii_lowercase();
    if training {
        format!("{base}.training")
    } else {
        base
    }
}

/// A plain check of an e-mail address: one `@`, a dotted domain, printable
/// ASCII, at most 254 characters. Delivery is what really proves it.
pub fn check_email(s: &str) -> Result<(), &'static str> {
    if s.len() > 254 {
        return Err("メールアドレスは254文字以内で入力してください。");
    }
    let ok = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && s.bytes().filter(|&b| b == b'@').count() == 1
                && s.bytes().all(|b| b.is_ascii_graphic())
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err("メールアドレスの形式が正しくありません。")
    }
}

/// Phone numbers as written in Japan: digits with optional hyphens, 10–11 digits.
pub fn check_phone(s: &str) -> Result<(), &'static str> {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'-') && (10..=11).contains(&digits) {
        Ok(())
    } else {
        Err("電話番号は10〜11桁の数字（ハイフン可）で入力してください。")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_stage() {
        assert_eq!(
            vsys_id(Role::Municipality, "131016", 1, "v-sys.jp", false),
            "m131016-01@v-sys.jp"
        );
        assert_eq!(
            vsys_id(Role::Prefecture, "13", 12, "v-sys.jp", true),
            "p13-12@v-sys.jp.training"
        );
    }

    #[test]
    fn emails_and_phones() {
        assert!(check_email("taro@city.chiyoda.lg.jp").is_ok());
        assert!(check_email("taro@localhost").is_err());
        assert!(check_email("a@b@c.jp").is_err());
        assert!(check_email("ta ro@c.jp").is_err());
        assert!(check_phone("03-1234-5678").is_ok());
        assert!(check_phone("090-1234-56789").is_err());
    }
}
