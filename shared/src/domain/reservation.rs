//! Reservations at special venues (接種予約, SPEC §9, seeds 001 and 003):
//! the slots a municipality creates in bulk, and the checks of a booking.
//!
//! A plan of slots names a venue's first and last day, the weekdays, the
//! opening hours, the slot length (or one slot for the whole day), the
//! people per slot and the breaks. Seed 001's example: 3/15–3/26,
//! Mon/Wed/Fri, 9:00–17:00, 60 minutes, 4 people → 8 slots of 4 a day on 6
//! days: 192 places; with a 12:00–13:00 break, 7 slots a day. Holidays are
//! skipped unless the plan asks for them.

use crate::domain::calendar::holiday_name;
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

/// What a municipality enters to create slots in bulk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotPlan {
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub weekdays: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Minutes per slot; `None`: one slot for the whole opening time.
    pub slot_minutes: Option<u32>,
    pub people_per_slot: u32,
    #[serde(default)]
    pub breaks: Vec<Break>,
    #[serde(default)]
    pub include_holidays: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// One slot a plan creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSlot {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub places: u32,
}

/// The longest plan (a year of days) and the most people in one slot.
pub const MAX_DAYS: u64 = 366;
pub const MAX_PEOPLE: u32 = 1_000;

/// Why a plan is refused: (field, message).
pub type Refusal = (String, String);

fn refuse(field: &str, m: &str) -> Result<(), Refusal> {
    Err((field.to_string(), m.to_string()))
}

/// The first field of a plan that breaks a rule.
pub fn check_plan(p: &SlotPlan) -> Result<(), Refusal> {
    if p.last_date < p.first_date {
        return refuse("last_date", "終了日は開始日以降の日付で入力してください。");
    }
    if (p.last_date - p.first_date).num_days() as u64 >= MAX_DAYS {
        return refuse("last_date", "一度に作成できる予約枠は1年分までです。");
    }
    if p.weekdays.is_empty() {
        return refuse("weekdays", "曜日を1つ以上選んでください。");
    }
    if p.end <= p.start {
        return refuse("end", "終了時刻は開始時刻より後の時刻で入力してください。");
    }
    if p.people_per_slot == 0 || p.people_per_slot > MAX_PEOPLE {
        return refuse("people_per_slot", "1枠の人数は1〜1,000人で入力してください。");
    }
    if let Some(m) = p.slot_minutes {
        if !(5..=720).contains(&m) {
            return refuse("slot_minutes", "1枠の時間は5〜720分で入力してください。");
        }
        if minutes(p.end) - minutes(p.start) < m {
            return refuse("slot_minutes", "1枠の時間が、開始から終了までの時間より長くなっています。");
        }
    }
    for (i, b) in p.breaks.iter().enumerate() {
        if b.end <= b.start {
            return Err((format!("breaks[{i}].end"), "休憩の終了時刻は開始時刻より後の時刻で入力してください。".into()));
        }
        if b.start < p.start || b.end > p.end {
            return Err((format!("breaks[{i}].start"), "休憩は受付時間の中で入力してください。".into()));
        }
    }
    Ok(())
}

fn minutes(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

fn time(m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).expect("minutes within a day")
}

/// The slots of a checked plan, in date and time order: each slot ends by
/// the closing time and overlaps no break; holidays are skipped unless
/// asked for.
pub fn slots(p: &SlotPlan) -> Vec<PlannedSlot> {
    let (open, close) = (minutes(p.start), minutes(p.end));
    let mut day_slots = Vec::new();
    match p.slot_minutes {
        None => day_slots.push((open, close)),
        Some(len) => {
            let mut at = open;
            while at + len <= close {
                let (s, e) = (at, at + len);
                if let Some(b) = p.breaks.iter().find(|b| s < minutes(b.end) && minutes(b.start) < e) {
                    // Start again at the end of the break.
                    at = at.max(minutes(b.end));
                    continue;
                }
                day_slots.push((s, e));
                at = e;
            }
        }
    }
    let mut out = Vec::new();
    let mut d = p.first_date;
    while d <= p.last_date {
        if p.weekdays.contains(&d.weekday()) && (p.include_holidays || holiday_name(d).is_none()) {
            for (s, e) in &day_slots {
                out.push(PlannedSlot { date: d, start: time(*s), end: time(*e), places: p.people_per_slot });
            }
        }
        d = d + Days::new(1);
    }
    out
}

/// A coupon number (クーポン券番号): ten digits.
pub fn check_coupon(c: &str) -> Result<(), String> {
    if c.len() == 10 && c.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("クーポン券番号は10桁の数字で入力してください。".into())
    }
}

/// A name in kana (カナ): katakana or hiragana, long vowel marks and spaces.
pub fn check_kana(s: &str) -> Result<(), String> {
    let t = s.trim();
    let ok = !t.is_empty()
        && t.chars().all(|c| matches!(c, 'ァ'..='ヶ' | 'ぁ'..='ゖ' | 'ー' | '・' | ' ' | '　'));
    if ok {
        Ok(())
    } else {
        Err("カナで入力してください（漢字・英数字は使えません）。".into())
    }
}

/// A date of birth: not in the future, and not more than 130 years ago.
pub fn check_birth(d: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if d > today || today.year() - d.year() > 130 {
        return Err("生年月日を正しく入力してください。".into());
    }
    Ok(())
}

/// The earliest day a later dose may be booked: the product's interval
/// after the earlier dose.
pub fn earliest_next_dose(previous: NaiveDate, interval_days: u32) -> NaiveDate {
    previous + Days::new(u64::from(interval_days))
}

/// Where a booking stands: booked, then on the day 接種済 or 来場なし.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Booked,
    Vaccinated,
    NoShow,
}

impl BookingStatus {
    pub fn label_ja(self) -> &'static str {
        match self {
            BookingStatus::Booked => "予約済",
            BookingStatus::Vaccinated => "接種済",
            BookingStatus::NoShow => "来場なし",
        }
    }
}

/// What a booking holds about the booker and the person vaccinated. Never
/// logged, never in an index.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// 予約者氏名（カナ）.
    pub booker_kana: String,
    pub booker_phone: String,
    /// 接種者氏名（漢字）.
    pub name: String,
    pub name_kana: String,
    pub birth_date: NaiveDate,
    /// 接種対象者分類: a key of [`crate::domain::results::CATEGORIES`].
    pub category: String,
    /// 接種回数 (1, 2, 3…).
    pub dose: u8,
    pub coupon: String,
}

/// Personal data stays out of debug output (and so out of any log).
impl std::fmt::Debug for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Person { .. }")
    }
}

/// The doses a booking can be for: those the results count (seed 000's
/// 1回目・2回目・3回目), since a booking marked 接種済 adds to them.
pub const MAX_DOSE: u8 = 3;

/// A phone number: digits with optional hyphens, 10 or 11 digits.
pub fn check_phone(p: &str) -> Result<(), String> {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    if (10..=11).contains(&digits) && p.chars().all(|c| c.is_ascii_digit() || c == '-') {
        Ok(())
    } else {
        Err("電話番号は10桁または11桁の数字（ハイフン可）で入力してください。".into())
    }
}

/// The first field of a person that breaks a rule.
pub fn check_person(p: &Person, today: NaiveDate) -> Result<(), Refusal> {
    fn field(f: &'static str) -> impl Fn(String) -> Refusal {
        move |m| (f.to_string(), m)
    }
    check_kana(&p.booker_kana).map_err(field("booker_kana"))?;
    check_phone(&p.booker_phone).map_err(field("booker_phone"))?;
    if p.name.trim().is_empty() || p.name.chars().count() > 50 {
        return refuse("name", "接種者の氏名を50文字以内で入力してください。");
    }
    check_kana(&p.name_kana).map_err(field("name_kana"))?;
    if p.booker_kana.chars().count() > 50 || p.name_kana.chars().count() > 50 {
        return refuse("name_kana", "カナは50文字以内で入力してください。");
    }
    check_birth(p.birth_date, today).map_err(field("birth_date"))?;
    if !crate::domain::results::CATEGORIES.iter().any(|(k, _)| *k == p.category) {
        return refuse("category", "接種対象者分類を選んでください。");
    }
    if p.dose == 0 || p.dose > MAX_DOSE {
        return refuse("dose", "接種回数は1〜3回目で選んでください。");
    }
    check_coupon(&p.coupon).map_err(field("coupon"))?;
    Ok(())
}

/// The days ahead (today included) whose places a venue's reservation
/// status and the open availability feed count.
pub const DAYS_AHEAD: i64 = 14;

/// Whether a slot starting at `date` `start` (Japan time) is still ahead of
/// `now` (Japan time) and within [`DAYS_AHEAD`].
pub fn is_ahead(now: chrono::NaiveDateTime, date: NaiveDate, start: chrono::NaiveTime) -> bool {
    date.and_time(start) > now && date < now.date() + chrono::Duration::days(DAYS_AHEAD)
}

/// The weekly demand a reservation venue is offered (SPEC §9): the places
/// booked in the delivery week plus the second doses falling due in it
/// that are not booked yet, in packs rounded up, with the arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemandSuggestion {
    pub booked: u64,
    pub second_doses_due: u64,
    pub doses: u64,
    pub packs: u64,
    pub arithmetic: String,
}

pub fn suggest_demand(booked: u64, second_doses_due: u64, doses_per_pack: u64) -> DemandSuggestion {
    let doses = booked + second_doses_due;
    let packs = if doses_per_pack == 0 { 0 } else { doses.div_ceil(doses_per_pack) };
    DemandSuggestion {
        booked,
        second_doses_due,
        doses,
        packs,
        arithmetic: format!("予約済み {booked}回 ＋ 2回目の接種予定（未予約） {second_doses_due}回 ＝ {doses}回、{doses}回 ÷ {doses_per_pack}回接種分 ＝ {packs}箱（切り上げ）"),
    }
}

/// A venue's reservation status from its places left over the coming days:
/// none left: 予約受付不可; under a tenth of its places: 残り少数.
pub fn status_from(places: u64, left: u64) -> crate::domain::facility::ReservationStatus {
    use crate::domain::facility::ReservationStatus as S;
    if left == 0 {
        S::Closed
    } else if left * 10 < places {
        S::Few
    } else {
        S::Available
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, m, day).unwrap()
    }

    #[test]
    fn the_demand_suggestion_adds_the_second_doses_and_rounds_packs_up() {
        let s = suggest_demand(120, 30, 100);
        assert_eq!((s.doses, s.packs), (150, 2));
        assert_eq!(s.arithmetic, "予約済み 120回 ＋ 2回目の接種予定（未予約） 30回 ＝ 150回、150回 ÷ 100回接種分 ＝ 2箱（切り上げ）");
        assert_eq!(suggest_demand(0, 0, 100).packs, 0);
    }

    #[test]
    fn slots_ahead_are_later_today_and_within_the_fortnight() {
        let now = d(3, 15).and_hms_opt(10, 30, 0).unwrap();
        let t = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        assert!(!is_ahead(now, d(3, 15), t(10)), "begun");
        assert!(is_ahead(now, d(3, 15), t(11)));
        assert!(is_ahead(now, d(3, 28), t(9)));
        assert!(!is_ahead(now, d(3, 29), t(9)), "beyond 14 days");
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn seed_plan() -> SlotPlan {
        SlotPlan {
            first_date: d(3, 15),
            last_date: d(3, 26),
            weekdays: vec![Weekday::Mon, Weekday::Wed, Weekday::Fri],
            start: t(9, 0),
            end: t(17, 0),
            slot_minutes: Some(60),
            people_per_slot: 4,
            breaks: vec![],
            include_holidays: false,
        }
    }

    #[test]
    fn seed_001s_example_makes_192_places() {
        let p = seed_plan();
        assert_eq!(check_plan(&p), Ok(()));
        let s = slots(&p);
        assert_eq!(s.len(), 48);
        assert_eq!(s.iter().map(|x| x.places).sum::<u32>(), 192);
        assert_eq!(s.iter().filter(|x| x.date == d(3, 15)).count(), 8);
        assert_eq!((s[0].start, s[0].end, s[47].end), (t(9, 0), t(10, 0), t(17, 0)));
    }

    #[test]
    fn a_break_takes_its_hour_out() {
        let mut p = seed_plan();
        p.breaks = vec![Break { start: t(12, 0), end: t(13, 0) }];
        let s = slots(&p);
        assert_eq!(s.iter().filter(|x| x.date == d(3, 17)).count(), 7);
        assert!(!s.iter().any(|x| x.start == t(12, 0)));
        // A break off the hour: the slots start again where it ends.
        p.breaks = vec![Break { start: t(12, 30), end: t(13, 0) }];
        let day: Vec<_> = slots(&p).into_iter().filter(|x| x.date == d(3, 17)).map(|x| x.start).collect();
        assert_eq!(day, vec![t(9, 0), t(10, 0), t(11, 0), t(13, 0), t(14, 0), t(15, 0), t(16, 0)]);
    }

    #[test]
    fn holidays_are_skipped_unless_asked_for() {
        // Monday 2021-03-22 is not a holiday; Saturday 3/20 (春分の日) is.
        let mut p = seed_plan();
        p.weekdays = vec![Weekday::Sat];
        assert_eq!(slots(&p).iter().filter(|x| x.date == d(3, 20)).count(), 0);
        p.include_holidays = true;
        assert_eq!(slots(&p).iter().filter(|x| x.date == d(3, 20)).count(), 8);
        p.slot_minutes = None;
        assert_eq!(slots(&p).iter().filter(|x| x.date == d(3, 20)).count(), 1);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut p = seed_plan();
        p.end = t(8, 0);
        assert_eq!(check_plan(&p).unwrap_err().0, "end");
        let mut p = seed_plan();
        p.people_per_slot = 0;
        assert_eq!(check_plan(&p).unwrap_err().0, "people_per_slot");
        let mut p = seed_plan();
        p.last_date = d(3, 1);
        assert_eq!(check_plan(&p).unwrap_err().0, "last_date");
        let mut p = seed_plan();
        p.weekdays.clear();
        assert_eq!(check_plan(&p).unwrap_err().0, "weekdays");
        let mut p = seed_plan();
        p.breaks = vec![Break { start: t(13, 0), end: t(12, 0) }];
        assert_eq!(check_plan(&p).unwrap_err().0, "breaks[0].end");
        let mut p = seed_plan();
        p.slot_minutes = Some(600);
        assert_eq!(check_plan(&p).unwrap_err().0, "slot_minutes");
    }

    #[test]
    fn a_booking_s_person_is_checked() {
        assert_eq!(check_coupon("0123456789"), Ok(()));
        assert!(check_coupon("123456789").is_err());
        assert!(check_coupon("01234a6789").is_err());
        assert_eq!(check_kana("ヤマダ　タロウ"), Ok(()));
        assert_eq!(check_kana("やまだ たろう"), Ok(()));
        assert!(check_kana("山田").is_err());
        assert!(check_kana(" ").is_err());
        assert!(check_birth(d(7, 2), d(7, 1)).is_err());
        assert!(check_birth(NaiveDate::from_ymd_opt(1880, 1, 1).unwrap(), d(7, 1)).is_err());
        assert_eq!(check_birth(NaiveDate::from_ymd_opt(1940, 2, 29).unwrap(), d(7, 1)), Ok(()));
        assert_eq!(earliest_next_dose(d(7, 1), 21), d(7, 22));
    }

    fn person() -> Person {
        Person {
            booker_kana: "ヤマダ ハナコ".into(),
            booker_phone: "03-1234-5678".into(),
            name: "山田 太郎".into(),
            name_kana: "ヤマダ タロウ".into(),
            birth_date: NaiveDate::from_ymd_opt(1950, 4, 1).unwrap(),
            category: "elderly".into(),
            dose: 1,
            coupon: "0123456789".into(),
        }
    }

    #[test]
    fn a_person_s_bad_field_is_named_and_never_printed() {
        let today = d(7, 1);
        assert_eq!(check_person(&person(), today), Ok(()));
        let mut p = person();
        p.name_kana = "山田".into();
        assert_eq!(check_person(&p, today).unwrap_err().0, "name_kana");
        let mut p = person();
        p.coupon = "123456789".into();
        assert_eq!(check_person(&p, today).unwrap_err().0, "coupon");
        let mut p = person();
        p.booker_phone = "03-12".into();
        assert_eq!(check_person(&p, today).unwrap_err().0, "booker_phone");
        let mut p = person();
        p.category = "vip".into();
        assert_eq!(check_person(&p, today).unwrap_err().0, "category");
        assert_eq!(format!("{:?}", person()), "Person { .. }");
    }

    #[test]
    fn the_status_follows_the_places_left() {
        use crate::domain::facility::ReservationStatus as S;
        assert_eq!(status_from(192, 192), S::Available);
        assert_eq!(status_from(192, 20), S::Available);
        assert_eq!(status_from(192, 19), S::Few);
        assert_eq!(status_from(192, 0), S::Closed);
        assert_eq!(status_from(0, 0), S::Closed);
    }
}
