//! The password rule of V-SYS: at least 8 characters, at least one letter and
//! at least one digit. Each unmet rule gets its own message so the user knows
//! exactly what to fix.

pub const MIN_LEN: usize = 8;
/// Long enough for any passphrase, short enough that hashing stays cheap.
pub const MAX_LEN: usize = 128;

/// The three rules as the password form lists them.
pub const RULES: [&str; 3] = ["8文字以上", "1文字以上の英字", "1文字以上の数字"];

/// The 10,000 most common passwords of published leaks (see `data/SOURCES.md`).
const COMMON_PASSWORDS: &str = include_str!("../../../data/common-passwords.txt");

/// Whether `password` is one of the common passwords (ASCII case ignored):
/// such a password falls to the first guesses of any attacker.
pub fn is_common(password: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| COMMON_PASSWORDS.lines().collect());
    set.contains(password.to_ascii_lowercase().as_str())
}

/// Returns the Japanese messages of every rule the password breaks (empty = valid).
pub fn unmet_rules(password: &str, vsys_id: &str) -> Vec<&'static str> {
    let mut unmet = Vec::new();
    let n = password.chars().count();
    if n < MIN_LEN {
        unmet.push("パスワードは8文字以上にしてください。");
    }
    if n > MAX_LEN {
        unmet.push("パスワードは128文字以内にしてください。");
    }
    if !password.chars().any(|c| c.is_alphabetic()) {
        unmet.push("パスワードには1文字以上の英字を含めてください。");
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        unmet.push("パスワードには1文字以上の数字を含めてください。");
    }
    if password.chars().any(char::is_control) {
        unmet.push("パスワードに制御文字は使えません。");
    }
    if !vsys_id.is_empty() && password.eq_ignore_ascii_case(vsys_id) {
        unmet.push("パスワードにV-SYS IDと同じ文字列は使えません。");
    }
    if unmet.is_empty() && is_common(password) {
        unmet.push("このパスワードはよく使われていて推測されやすいため使えません。別のパスワードにしてください。");
    }
    unmet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_is_named() {
        assert_eq!(
            unmet_rules("abc12", "x"),
            vec!["パスワードは8文字以上にしてください。"]
        );
        assert_eq!(
            unmet_rules("12345678", "x"),
            vec!["パスワードには1文字以上の英字を含めてください。"]
        );
        assert_eq!(
            unmet_rules("abcdefgh", "x"),
            vec!["パスワードには1文字以上の数字を含めてください。"]
        );
        assert!(unmet_rules("vaccine2021", "x").is_empty());
        assert_eq!(unmet_rules("", "x").len(), 3);
    }

    #[test]
    fn common_passwords_are_refused() {
        // Both meet the three rules, and both are in every leak list.
        for p in ["password1", "Password1", "abc12345", "qwerty123"] {
            assert_eq!(
                unmet_rules(p, "x"),
                vec!["このパスワードはよく使われていて推測されやすいため使えません。別のパスワードにしてください。"],
                "{p}"
            );
        }
        assert!(is_common("123456"));
        assert!(!is_common("vaccine2021"));
    }
}
