//! Delivery and stock (SPEC §7): the wholesalers' delivery areas, the dates
//! they enter, the lots they deliver, and a site's stock by lot.
//!
//! An area is a list of prefectures (two digits) and municipalities (six
//! digits) from master data; a municipality whose prefecture is listed too
//! would be listed twice.
//!
//! Dates: the scheduled delivery date (納入予定日) falls on a business day of
//! the cool's delivery week (Monday to Friday, not a public holiday); it is
//! entered by the Friday before that week (納入予定日の登録期日, the whole
//! day in Japan time), so that sites know their date over the weekend. The
//! actual delivery date (納入実績) is a day from the allocation's finalisation
//! to today.

use crate::domain::calendar::holiday_name;
use crate::masterdata::census;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Why an area list is refused: the index of the entry and the message.
pub type AreaRefusal = (usize, String);

/// The area codes, checked against master data, in the order given.
pub fn check_areas(areas: &[String]) -> Result<(), AreaRefusal> {
    if areas.is_empty() {
        return Err((0, "配送エリア（都道府県または市区町村）を1つ以上指定してください。".into()));
    }
    let c = census();
    for (i, a) in areas.iter().enumerate() {
        let known = match a.len() {
            2 => c.prefecture(a).is_some(),
            6 => c.municipality(a).is_some(),
            _ => false,
        };
        if !known {
            return Err((i, format!("{a} は都道府県コード（2桁）・市区町村コード（6桁）のマスタにありません。")));
        }
        if areas[..i].contains(a) {
            return Err((i, format!("{a} が2回指定されています。")));
        }
        if a.len() == 6 && areas.iter().any(|p| p.len() == 2 && a.starts_with(p.as_str())) {
            return Err((i, format!("{a} は、指定した都道府県（{}）に含まれています。", &a[..2])));
        }
    }
    Ok(())
}

/// Whether an area list covers a site of prefecture `pref`, municipality `muni`.
pub fn covers(areas: &[String], pref: &str, muni: &str) -> bool {
    areas.iter().any(|a| a == pref || a == muni)
}

/// The name of an area code ("東京都", "千代田区").
pub fn area_name(code: &str) -> Option<String> {
    let c = census();
    match code.len() {
        2 => c.prefecture(code).map(|p| p.name.clone()),
        6 => c.municipality(code).map(|m| m.name.clone()),
        _ => None,
    }
}

/// 納入予定日の登録期日: the Friday before the delivery week (Monday).
pub fn schedule_deadline(delivery_week: NaiveDate) -> NaiveDate {
    delivery_week - Days::new(3)
}

/// Whether an allocation still without a scheduled date is late on `today` (JST).
pub fn schedule_late(delivery_week: NaiveDate, today: NaiveDate) -> bool {
    today > schedule_deadline(delivery_week)
}

/// Why a scheduled delivery date is refused, in the user's words.
pub fn check_scheduled_date(delivery_week: NaiveDate, d: NaiveDate) -> Result<(), String> {
    let friday = delivery_week + Days::new(4);
    let week = format!(
        "{}〜{}",
        delivery_week.format("%Y/%m/%d（月）"),
        friday.format("%m/%d（金）")
    );
    if d < delivery_week || d > friday {
        return Err(format!("納入予定日は配送週（{week}）の日付で入力してください。"));
    }
    if let Some(name) = holiday_name(d) {
        return Err(format!(
            "{}は祝日（{name}）のため納入予定日にできません。配送週（{week}）の平日を入力してください。",
            d.format("%Y/%m/%d")
        ));
    }
    debug_assert!(!matches!(d.weekday(), Weekday::Sat | Weekday::Sun));
    Ok(())
}

/// Why an actual delivery date is refused: before the allocation became
/// final (`final_on`), or in the future.
pub fn check_delivered_on(final_on: NaiveDate, today: NaiveDate, d: NaiveDate) -> Result<(), String> {
    if d > today {
        return Err(format!("納入実績日に未来の日付（{}）は入力できません。", d.format("%Y/%m/%d")));
    }
    if d < final_on {
        return Err(format!(
            "納入実績日は分配量の確定日（{}）以降の日付で入力してください。",
            final_on.format("%Y/%m/%d")
        ));
    }
    Ok(())
}

/// A lot number (ロット番号): 1 to 30 ASCII letters, digits and hyphens.
pub fn check_lot_number(lot: &str) -> Result<(), String> {
    if lot.is_empty() || lot.len() > 30 || !lot.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err("ロット番号は半角英数字とハイフン30文字以内で入力してください。".into());
    }
    Ok(())
}

/// Vials of one lot delivered (or moved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotVials {
    pub lot_number: String,
    pub vials: u64,
}

/// Why the lots of an actual delivery are refused, as (field, message): each
/// lot once with at least one vial, and together no more than the vials
/// allocated (a short delivery is recorded as such).
pub fn check_lots(lots: &[LotVials], allocated_vials: u64) -> Result<(), (String, String)> {
    if lots.is_empty() {
        return Err(("lots".into(), "納入したロットを1つ以上入力してください。".into()));
    }
    if lots.len() > 20 {
        return Err(("lots".into(), "ロットは20件までです。".into()));
    }
    let mut total = 0u64;
    for (i, l) in lots.iter().enumerate() {
        check_lot_number(&l.lot_number).map_err(|m| (format!("lots[{i}].lot_number"), m))?;
        if lots[..i].iter().any(|o| o.lot_number == l.lot_number) {
            return Err((
                format!("lots[{i}].lot_number"),
                format!("ロット {} が2回入力されています。", l.lot_number),
            ));
        }
        if l.vials == 0 {
            return Err((format!("lots[{i}].vials"), "バイアル数は1以上で入力してください。".into()));
        }
        total = total.saturating_add(l.vials);
        if total > allocated_vials {
            return Err((
                format!("lots[{i}].vials"),
                format!("納入したバイアル数の合計が分配量（{allocated_vials}バイアル）を超えています。"),
            ));
        }
    }
    Ok(())
}

/// How a corrected delivery changes each lot's stock: (lot, signed vials),
/// in lot order, zero changes left out.
pub fn lot_changes(before: &[LotVials], after: &[LotVials]) -> Vec<(String, i64)> {
    let mut m: std::collections::BTreeMap<&str, i64> = Default::default();
    for l in before {
        *m.entry(&l.lot_number).or_default() -= l.vials as i64;
    }
    for l in after {
        *m.entry(&l.lot_number).or_default() += l.vials as i64;
    }
    m.into_iter()
        .filter(|(_, d)| *d != 0)
        .map(|(l, d)| (l.to_string(), d))
        .collect()
}

/// Days before expiry from which a lot is flagged (期限切れ間近).
pub const EXPIRY_WARNING_DAYS: u64 = 30;

/// Whether a lot expiring on `expiry` is flagged on `today`: within 30 days,
/// or already expired.
pub fn expiring(expiry: NaiveDate, today: NaiveDate) -> bool {
    expiry <= today + Days::new(EXPIRY_WARNING_DAYS)
}

/// A site's estimated usable doses: what it holds, less the second doses
/// owed to the people who had only their first there (doses reported, see
/// the results).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub on_hand_doses: u64,
    pub held_for_second_doses: u64,
    pub available_doses: u64,
}

pub fn estimate(on_hand_vials: u64, doses_per_vial: u64, first_doses: u64, second_doses: u64) -> Estimate {
    let on_hand_doses = on_hand_vials * doses_per_vial;
    let held = first_doses.saturating_sub(second_doses).min(on_hand_doses);
    Estimate {
        on_hand_doses,
        held_for_second_doses: held,
        available_doses: on_hand_doses - held,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_scheduled_date_is_a_business_day_of_the_delivery_week() {
        // Week of 2021-07-19: Thursday 22nd and Friday 23rd are holidays (海の日, スポーツの日).
        let week = d(2021, 7, 19);
        assert_eq!(check_scheduled_date(week, d(2021, 7, 19)), Ok(()));
        assert_eq!(check_scheduled_date(week, d(2021, 7, 21)), Ok(()));
        let e = check_scheduled_date(week, d(2021, 7, 22)).unwrap_err();
        assert!(e.contains("海の日"), "{e}");
        assert!(check_scheduled_date(week, d(2021, 7, 24)).unwrap_err().contains("配送週"));
        assert!(check_scheduled_date(week, d(2021, 7, 16)).is_err());
        assert_eq!(schedule_deadline(week), d(2021, 7, 16));
        assert!(!schedule_late(week, d(2021, 7, 16)));
        assert!(schedule_late(week, d(2021, 7, 17)));
    }

    #[test]
    fn an_actual_delivery_is_dated_from_the_final_allocation_to_today() {
        assert_eq!(check_delivered_on(d(2021, 7, 1), d(2021, 7, 6), d(2021, 7, 5)), Ok(()));
        assert!(check_delivered_on(d(2021, 7, 1), d(2021, 7, 6), d(2021, 7, 7)).unwrap_err().contains("未来"));
        assert!(check_delivered_on(d(2021, 7, 1), d(2021, 7, 6), d(2021, 6, 30)).unwrap_err().contains("確定日"));
    }

    fn lot(n: &str, v: u64) -> LotVials {
        LotVials { lot_number: n.into(), vials: v }
    }

    #[test]
    fn lots_are_named_once_and_sum_within_the_allocation() {
        assert_eq!(check_lots(&[lot("FA1234", 10), lot("FB-99", 20)], 30), Ok(()));
        assert_eq!(check_lots(&[], 30).unwrap_err().0, "lots");
        assert_eq!(check_lots(&[lot("FA 1", 1)], 30).unwrap_err().0, "lots[0].lot_number");
        assert_eq!(check_lots(&[lot("A", 1), lot("A", 1)], 30).unwrap_err().0, "lots[1].lot_number");
        assert_eq!(check_lots(&[lot("A", 0)], 30).unwrap_err().0, "lots[0].vials");
        assert_eq!(check_lots(&[lot("A", 20), lot("B", 11)], 30).unwrap_err().0, "lots[1].vials");
        assert_eq!(check_lots(&[lot("A", u64::MAX), lot("B", u64::MAX)], 30).unwrap_err().0, "lots[0].vials");
    }

    #[test]
    fn a_correction_moves_only_the_difference() {
        let before = [lot("A", 10), lot("B", 20)];
        let after = [lot("A", 10), lot("B", 15), lot("C", 5)];
        assert_eq!(lot_changes(&before, &after), vec![("B".into(), -5), ("C".into(), 5)]);
        assert_eq!(lot_changes(&[], &before), vec![("A".into(), 10), ("B".into(), 20)]);
    }

    #[test]
    fn expiry_is_flagged_thirty_days_ahead() {
        assert!(!expiring(d(2021, 8, 1), d(2021, 7, 1)));
        assert!(expiring(d(2021, 7, 31), d(2021, 7, 1)));
        assert!(expiring(d(2021, 6, 30), d(2021, 7, 1)));
    }

    #[test]
    fn the_estimate_holds_back_second_doses() {
        // 10 vials of 10 doses; 350 first doses and 300 second: 50 held.
        assert_eq!(
            estimate(10, 10, 350, 300),
            Estimate { on_hand_doses: 100, held_for_second_doses: 50, available_doses: 50 }
        );
        assert_eq!(estimate(1, 10, 350, 0).available_doses, 0);
        assert_eq!(estimate(3, 5, 0, 0).available_doses, 15);
    }

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn areas_are_known_prefectures_and_municipalities_once() {
        assert_eq!(check_areas(&v(&["13", "271004", "312011"])), Ok(()));
        assert_eq!(check_areas(&v(&[])).unwrap_err().0, 0);
        assert_eq!(check_areas(&v(&["13", "48"])).unwrap_err().0, 1);
        assert_eq!(check_areas(&v(&["131999"])).unwrap_err().0, 0);
        assert_eq!(check_areas(&v(&["13", "13"])).unwrap_err().0, 1);
        let (i, msg) = check_areas(&v(&["131016", "13"])).unwrap_err();
        assert_eq!(i, 0, "{msg}");
        assert!(msg.contains("含まれています"));
    }

    #[test]
    fn an_area_covers_its_prefectures_and_municipalities() {
        let a = v(&["13", "271004"]);
        assert!(covers(&a, "13", "131016"));
        assert!(covers(&a, "27", "271004"));
        assert!(!covers(&a, "27", "272027"));
        assert_eq!(area_name("271004").as_deref(), Some("大阪市"));
    }
}
