//! What residents' requests and the medical workers' screening forms check
//! of a person (seed 001, feature 8): a name in kanji and one in katakana,
//! a date of birth that can be, a sex, a coupon (接種券) number of ten
//! digits. Every check answers the Japanese message for its field.

use chrono::{Datelike, NaiveDate};

/// The oldest date of birth accepted (nobody living was born before).
const OLDEST: (i32, u32, u32) = (1900, 1, 1);

/// A name in katakana (full width), with spaces between family and given
/// names and the long-vowel mark: 「ヤマダ タロウ」.
pub fn check_kana(s: &str) -> Result<(), &'static str> {
    let ok = !s.trim().is_empty()
        && s.chars().all(|c| matches!(c, '\u{30A1}'..='\u{30F6}' | 'ー' | '・' | ' ' | '\u{3000}'));
    if ok {
        Ok(())
    } else {
        Err("フリガナは全角カタカナで入力してください（漢字・ひらがな・英数字は使えません）。")
    }
}

/// A date of birth: a real date, not after `today` and not before 1900.
pub fn parse_birth_date(s: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let s = s.trim().replace('/', "-");
    let d = NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| "生年月日は 1960/04/01 の形の、実在する日付で入力してください。")?;
    let oldest = NaiveDate::from_ymd_opt(OLDEST.0, OLDEST.1, OLDEST.2).expect("a valid date");
    if d > today {
        return Err("生年月日が未来の日付です。");
    }
    if d < oldest {
        return Err("生年月日が古すぎます。");
    }
    Ok(d)
}

/// Age in full years on `day` (満年齢).
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// 男 / 女 (also 男性 / 女性, M / F).
    pub fn parse(s: &str) -> Result<Sex, &'static str> {
        match s.trim() {
            "男" | "男性" | "M" | "m" => Ok(Sex::Male),
            "女" | "女性" | "F" | "f" => Ok(Sex::Female),
            _ => Err("性別は「男」または「女」で入力してください。"),
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// A coupon (接種券) number: exactly ten digits.
pub fn check_coupon(s: &str) -> Result<(), &'static str> {
    if s.len() == 10 && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err("券番号は10桁の数字で入力してください。")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn kana_is_full_width_katakana_only() {
        assert!(check_kana("ヤマダ タロウ").is_ok());
        assert!(check_kana("ヴィクトール・ユーゴー").is_ok());
        assert!(check_kana("山田 タロウ").is_err(), "kanji");
        assert!(check_kana("やまだ").is_err(), "hiragana");
        assert!(check_kana("ﾔﾏﾀﾞ").is_err(), "half width");
        assert!(check_kana(" ").is_err());
    }

    #[test]
    fn a_birth_date_must_be_real_and_past() {
        let today = d(2021, 4, 12);
        assert_eq!(parse_birth_date("1960/04/01", today), Ok(d(1960, 4, 1)));
        assert_eq!(parse_birth_date("1960-04-01", today), Ok(d(1960, 4, 1)));
        assert!(parse_birth_date("1961/02/29", today).is_err(), "no 29 February in 1961");
        assert!(parse_birth_date("2021/04/13", today).is_err(), "tomorrow");
        assert!(parse_birth_date("1899/12/31", today).is_err());
        assert_eq!(age_on(d(1960, 4, 13), today), 60);
        assert_eq!(age_on(d(1960, 4, 12), today), 61);
    }

    #[test]
    fn coupons_have_ten_digits_and_sex_is_named() {
        assert!(check_coupon("1234567890").is_ok());
        assert!(check_coupon("123456789").is_err());
        assert!(check_coupon("12345678901").is_err());
        assert!(check_coupon("12345678９0").is_err());
        assert_eq!(Sex::parse("女"), Ok(Sex::Female));
        assert!(Sex::parse("不明").is_err());
    }
}
