//! What residents' requests and the medical workers' screening forms check
//! of a person (seed 001, feature 8): a name in kanji and one in katakana,
//! a date of birth that can be, a sex, a coupon (接種券) number of ten
//! digits. Every check answers the Japanese message for its field.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

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

/// What a resident asks of a municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// 住所地外接種の届出: to the municipality where the vaccination happens.
    OutOfArea,
    /// クーポン券（接種券）再発行依頼: to the municipality of residence.
    Reissue,
}

impl RequestKind {
    pub fn label_ja(self) -> &'static str {
        match self {
            RequestKind::OutOfArea => "住所地外接種の届出",
            RequestKind::Reissue => "接種券の再発行申請",
        }
    }

    /// The reasons a request of this kind gives (code, label).
    pub fn reasons(self) -> &'static [(&'static str, &'static str)] {
        match self {
            RequestKind::OutOfArea => &OUT_OF_AREA_REASONS,
            RequestKind::Reissue => &REISSUE_REASONS,
        }
    }
}

/// Where a request stands. A request is filed only once its e-mail address
/// is confirmed; it closes when the municipality decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for the resident to open the mailed link (in no queue).
    Unconfirmed,
    /// Filed: in the municipality's queue.
    New,
    /// An out-of-area notification accepted: the certificate can be downloaded.
    Accepted,
    /// A coupon reissued under a new number.
    Reissued,
    /// Refused, with the reason.
    Refused,
}

impl RequestStatus {
    pub fn label_ja(self) -> &'static str {
        match self {
            RequestStatus::Unconfirmed => "メールアドレス確認待ち",
            RequestStatus::New => "受付中",
            RequestStatus::Accepted => "受理",
            RequestStatus::Reissued => "再発行済",
            RequestStatus::Refused => "不受理",
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, RequestStatus::Accepted | RequestStatus::Reissued | RequestStatus::Refused)
    }

    /// The statuses a kind's queue is kept in (the tabs of its screen).
    pub fn queues(kind: RequestKind) -> [RequestStatus; 3] {
        match kind {
            RequestKind::OutOfArea => [RequestStatus::New, RequestStatus::Accepted, RequestStatus::Refused],
            RequestKind::Reissue => [RequestStatus::New, RequestStatus::Reissued, RequestStatus::Refused],
        }
    }
}

/// Why a resident is vaccinated outside the municipality of residence (the
/// cases of the national guidance on 住所地外接種).
pub const OUT_OF_AREA_REASONS: [(&str, &str); 7] = [
    ("hospital", "入院・入所中"),
    ("treatment", "基礎疾患のため主治医のもとで接種"),
    ("maternity", "里帰り出産"),
    ("work", "単身赴任"),
    ("study", "遠隔地へ下宿している学生"),
    ("protection", "ＤＶ・ストーカー行為等の被害者"),
    ("other", "その他やむを得ない事情"),
];

/// Why a coupon is to be reissued.
pub const REISSUE_REASONS: [(&str, &str); 3] = [("lost", "紛失"), ("damaged", "破損・汚損"), ("other", "その他")];

/// The label of a reason code in `list`, when it is one.
pub fn reason_label(list: &[(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    list.iter().find(|(k, _)| *k == code).map(|(_, l)| *l)
}

/// The highest dose number a resident can report having received.
pub const MAX_DOSE_RECEIVED: u8 = 7;

/// The doses already received (接種済みの回数): numbers 1 to
/// [`MAX_DOSE_RECEIVED`], each once; answered in order.
pub fn check_doses(doses: &[u8]) -> Result<Vec<u8>, &'static str> {
    let mut d = doses.to_vec();
    d.sort_unstable();
    d.dedup();
    if d.len() != doses.len() || d.iter().any(|&n| n == 0 || n > MAX_DOSE_RECEIVED) {
        return Err("接種済みの回数は1〜7回目から、それぞれ1回だけ選んでください。");
    }
    Ok(d)
}

/// The period of stay at the place of vaccination: it must end on or after
/// its start and not be over already. `Err` names the field.
pub fn check_stay(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<(), (&'static str, &'static str)> {
    if to < from {
        return Err(("stay_to", "滞在期間の終了日は開始日より後の日付にしてください。"));
    }
    if to < today {
        return Err(("stay_to", "滞在期間がすでに終わっています。"));
    }
    if (to - from).num_days() > 366 * 2 {
        return Err(("stay_to", "滞在期間は2年以内で入力してください。"));
    }
    Ok(())
}

/// How long a resident has to open the mailed link before the unconfirmed
/// request is deleted.
pub const CONFIRM_WITHIN: chrono::Duration = chrono::Duration::hours(24);

/// How long a closed request is kept: a year after it closes, and for an
/// out-of-area notification a year after the stay ends when that is later
/// (billing between municipalities follows the vaccinations of the stay).
pub const KEEP_AFTER_CLOSE_DAYS: i64 = 365;

/// When a request closed at `closed` is deleted (epoch seconds, the TTL).
pub fn expiry_after_close(closed: DateTime<Utc>, stay_to: Option<NaiveDate>) -> i64 {
    let after_close = closed + chrono::Duration::days(KEEP_AFTER_CLOSE_DAYS);
    let after_stay = stay_to
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|d| d.and_utc() + chrono::Duration::days(KEEP_AFTER_CLOSE_DAYS));
    after_stay.map_or(after_close, |s| s.max(after_close)).timestamp()
}

/// Requests one e-mail address may submit in an hour (each mails a link).
pub const SUBMISSIONS_PER_ADDRESS_PER_HOUR: u32 = 3;
/// Requests one network address may submit in an hour.
pub const SUBMISSIONS_PER_SOURCE_PER_HOUR: u32 = 30;

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
    #[test]
    fn a_stay_ends_after_it_starts_and_doses_are_each_once() {
        let today = d(2021, 6, 1);
        assert!(check_stay(d(2021, 6, 1), d(2021, 9, 30), today).is_ok());
        assert_eq!(check_stay(d(2021, 9, 30), d(2021, 6, 1), today).unwrap_err().0, "stay_to");
        assert!(check_stay(d(2021, 4, 1), d(2021, 5, 31), today).is_err(), "over already");
        assert_eq!(check_doses(&[2, 1]), Ok(vec![1, 2]));
        assert!(check_doses(&[1, 1]).is_err());
        assert!(check_doses(&[0]).is_err());
        assert!(check_doses(&[8]).is_err());
        assert_eq!(check_doses(&[]), Ok(vec![]));
    }

    #[test]
    fn a_closed_request_is_kept_a_year_after_it_closes_or_the_stay_ends() {
        let closed = DateTime::parse_from_rfc3339("2021-06-01T00:00:00Z").unwrap().with_timezone(&Utc);
        let year = 365 * 86_400;
        assert_eq!(expiry_after_close(closed, None), closed.timestamp() + year);
        assert_eq!(expiry_after_close(closed, Some(d(2021, 5, 1))), closed.timestamp() + year);
        let stay_end = d(2021, 12, 31).and_hms_opt(23, 59, 59).unwrap().and_utc();
        assert_eq!(expiry_after_close(closed, Some(d(2021, 12, 31))), stay_end.timestamp() + year);
        assert_eq!(reason_label(&OUT_OF_AREA_REASONS, "work"), Some("単身赴任"));
        assert_eq!(reason_label(&REISSUE_REASONS, "work"), None);
    }
}
