//! Japan time, business days and the weekly deadlines of account work.
//!
//! A business day is Monday–Friday that is not a Japanese public holiday.
//! Holidays come from `data/holidays.csv` (内閣府 syukujitsu.csv, 2021–2027),
//! compiled in so the rule needs no I/O.

use crate::clock::jst;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use std::collections::BTreeMap;
use std::sync::OnceLock;

const HOLIDAYS_CSV: &str = include_str!("../../../data/holidays.csv");

fn holidays() -> &'static BTreeMap<NaiveDate, String> {
    static H: OnceLock<BTreeMap<NaiveDate, String>> = OnceLock::new();
    H.get_or_init(|| {
        HOLIDAYS_CSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (d, name) = l.split_once(',').expect("holidays.csv: date,name");
                let date =
                    NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("holidays.csv: ISO date");
                (date, name.to_string())
            })
            .collect()
    })
}

/// The holiday's name (内閣府's own label) if `d` is a Japanese public holiday.
pub fn holiday_name(d: NaiveDate) -> Option<&'static str> {
    holidays().get(&d).map(String::as_str)
}

pub fn is_business_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && holiday_name(d).is_none()
}

/// The first business day on or after `d`.
pub fn business_day_on_or_after(mut d: NaiveDate) -> NaiveDate {
    while !is_business_day(d) {
        d = d.succ_opt().expect("date in range");
    }
    d
}

/// The date `n` business days after `d` (n = 0 → `d` itself if a business day).
pub fn add_business_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut d = business_day_on_or_after(d);
    for _ in 0..n {
        d = business_day_on_or_after(d.succ_opt().expect("date in range"));
    }
    d
}

/// The calendar date in Japan at instant `t`.
pub fn jst_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&jst()).date_naive()
}

/// The UTC instant of a JST wall-clock time.
pub fn jst_instant(d: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = d.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"));
    jst()
        .from_local_datetime(&local)
        .single()
        .expect("JST has no gaps")
        .with_timezone(&Utc)
}

/// Accounts not activated within 24 h are mailed again "the next business day
/// from 09:00": the first business-day 09:00 JST at or after the moment the
/// last mailed link expired.
pub fn activation_reminder_due(last_mailed: DateTime<Utc>) -> DateTime<Utc> {
    let expired = last_mailed + Duration::hours(24);
    let mut day = jst_date(expired);
    loop {
        let candidate = jst_instant(business_day_on_or_after(day), 9, 0);
        if candidate >= expired {
            return candidate;
        }
        day = day.succ_opt().expect("date in range");
    }
}

/// Call-centre account requests close every Wednesday at 17:00 JST. A request
/// belongs to the first Wednesday-17:00 cut-off strictly after it was filed:
/// 16:59:59 is still this week, 17:00:00 is next week.
pub fn call_centre_cutoff(filed: DateTime<Utc>) -> DateTime<Utc> {
    let d = jst_date(filed);
    let days_to_wed =
        (Weekday::Wed.num_days_from_monday() + 7 - d.weekday().num_days_from_monday()) % 7;
    let this_wed = jst_instant(d + Duration::days(days_to_wed as i64), 17, 0);
    if filed < this_wed {
        this_wed
    } else {
        this_wed + Duration::days(7)
    }
}

/// The accounts of a cut-off are created and mailed on Friday of the same week.
pub fn call_centre_issuance_day(cutoff: DateTime<Utc>) -> NaiveDate {
    jst_date(cutoff) + Duration::days(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn holidays_are_loaded_and_named() {
        let d = NaiveDate::from_ymd_opt(2021, 7, 23).unwrap();
        assert_eq!(holiday_name(d), Some("スポーツの日"));
        assert!(!is_business_day(d));
        assert_eq!(holidays().len(), 125);
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        // 2022-03-18 (Fri) → 2022-03-21 is 春分の日 (Mon) → 03-22 (Tue).
        let fri = NaiveDate::from_ymd_opt(2022, 3, 18).unwrap();
        assert_eq!(
            add_business_days(fri, 1),
            NaiveDate::from_ymd_opt(2022, 3, 22).unwrap()
        );
        assert_eq!(
            add_business_days(fri, 5),
            NaiveDate::from_ymd_opt(2022, 3, 28).unwrap()
        );
    }

    #[test]
    fn reminder_is_due_next_business_day_at_nine() {
        // Mailed Tue 10:00 → expired Wed 10:00 → due Thu 09:00.
        assert_eq!(
            activation_reminder_due(at("2021-04-20T10:00:00+09:00")),
            at("2021-04-22T09:00:00+09:00")
        );
        // Mailed Tue 08:00 → expired Wed 08:00 → due Wed 09:00.
        assert_eq!(
            activation_reminder_due(at("2021-04-20T08:00:00+09:00")),
            at("2021-04-21T09:00:00+09:00")
        );
        // Mailed Fri 2022-03-18 10:00 → expired Sat → Mon 03-21 is a holiday → Tue 09:00.
        assert_eq!(
            activation_reminder_due(at("2022-03-18T10:00:00+09:00")),
            at("2022-03-22T09:00:00+09:00")
        );
    }

    #[test]
    fn call_centre_cutoff_is_wednesday_five_pm_exactly() {
        let wed = at("2021-05-12T17:00:00+09:00");
        assert_eq!(call_centre_cutoff(at("2021-05-12T16:59:59+09:00")), wed);
        assert_eq!(
            call_centre_cutoff(at("2021-05-12T17:00:00+09:00")),
            wed + Duration::days(7)
        );
        assert_eq!(call_centre_cutoff(at("2021-05-07T12:00:00+09:00")), wed);
        // A UTC clock: 08:00Z is 17:00 JST.
        assert_eq!(call_centre_cutoff(at("2021-05-12T07:59:59Z")), wed);
        assert_eq!(
            call_centre_issuance_day(wed),
            NaiveDate::from_ymd_opt(2021, 5, 14).unwrap()
        );
    }
}
