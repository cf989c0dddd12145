//! Vaccination results and waste (接種実績・廃棄数, SPEC §8, seed 000): a
//! site reports **cumulative** counts as of a day, per vaccine — doses 1, 2
//! and 3, each by the five categories of the seed — and the vials it
//! discarded unused. The totals are sums, never typed; a cumulative lower
//! than the last one is a correction, which must say so and why.
//!
//! Vials used are the doses given divided by the doses per vial, rounded
//! up: a vial opened for one dose is used (the rest of it, discarded, is
//! not waste — see [`WASTE_RULE`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The categories of seed 000, as fields and screens name them.
pub const CATEGORIES: [(&str, &str); 5] = [
    ("medical_workers", "医療従事者"),
    ("elderly_facility_workers", "高齢者施設等従事者"),
    ("elderly", "高齢者"),
    ("underlying_conditions", "基礎疾患保有者"),
    ("others", "その他"),
];

/// What the waste form says counts as waste, and what does not.
pub const WASTE_RULE: &str = "廃棄数には、有効期限切れや、開封（希釈）後に1回も接種に使わなかったバイアルの数を入力してください。1回でも接種に使ったバイアルは、残りを廃棄しても廃棄数に含めません。";

/// One dose number's counts by category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByCategory {
    pub medical_workers: u64,
    pub elderly_facility_workers: u64,
    pub elderly: u64,
    pub underlying_conditions: u64,
    pub others: u64,
}

impl ByCategory {
    pub fn values(&self) -> [u64; 5] {
        [self.medical_workers, self.elderly_facility_workers, self.elderly, self.underlying_conditions, self.others]
    }

    pub fn total(&self) -> u64 {
        self.values().iter().sum()
    }

    /// The count of a category by its key; `None` for an unknown key.
    fn count_mut(&mut self, category: &str) -> Option<&mut u64> {
        Some(match category {
            "medical_workers" => &mut self.medical_workers,
            "elderly_facility_workers" => &mut self.elderly_facility_workers,
            "elderly" => &mut self.elderly,
            "underlying_conditions" => &mut self.underlying_conditions,
            "others" => &mut self.others,
            _ => return None,
        })
    }
}

/// A site's cumulative report for one vaccine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cumulative {
    pub dose1: ByCategory,
    pub dose2: ByCategory,
    pub dose3: ByCategory,
    /// Vials discarded unused (廃棄数).
    pub waste_vials: u64,
}

impl Cumulative {
    pub fn doses(&self) -> [u64; 3] {
        [self.dose1.total(), self.dose2.total(), self.dose3.total()]
    }

    pub fn all_doses(&self) -> u64 {
        self.doses().iter().sum()
    }

    fn by_dose(&self) -> [(&'static str, &ByCategory); 3] {
        [("dose1", &self.dose1), ("dose2", &self.dose2), ("dose3", &self.dose3)]
    }

    /// These counts with one more vaccination of `dose` (1–3) in `category`
    /// (a booking marked 接種済); `None` for a dose or category not counted.
    pub fn with_one_more(&self, dose: u8, category: &str) -> Option<Cumulative> {
        let mut next = *self;
        let by = match dose {
            1 => &mut next.dose1,
            2 => &mut next.dose2,
            3 => &mut next.dose3,
            _ => return None,
        };
        *by.count_mut(category)? += 1;
        Some(next)
    }

    /// The first count lower than in `last`, as (field, last value, new value).
    pub fn first_lower_than(&self, last: &Cumulative) -> Option<(String, u64, u64)> {
        for ((name, now), (_, before)) in self.by_dose().into_iter().zip(last.by_dose()) {
            for (i, (k, _)) in CATEGORIES.iter().enumerate() {
                let (n, b) = (now.values()[i], before.values()[i]);
                if n < b {
                    return Some((format!("{name}.{k}"), b, n));
                }
            }
        }
        (self.waste_vials < last.waste_vials).then(|| ("waste_vials".to_string(), last.waste_vials, self.waste_vials))
    }
}

/// Vials used for `doses`: rounded up (a vial opened is used).
pub fn used_vials(doses: u64, doses_per_vial: u64) -> u64 {
    if doses_per_vial == 0 {
        return 0;
    }
    doses.div_ceil(doses_per_vial)
}

/// The last report a new one is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Last {
    pub as_of: NaiveDate,
    pub counts: Cumulative,
}

/// Why a report is refused: (field, message).
pub type Refusal = (String, String);

/// Checks a report as of `as_of` on `today`: not in the future, not before
/// the site first received vaccine, and not lower (nor older) than the
/// last report unless it is a correction with a reason.
pub fn check_report(
    last: Option<&Last>,
    new: &Cumulative,
    as_of: NaiveDate,
    today: NaiveDate,
    first_received: Option<NaiveDate>,
    correction: Option<&str>,
) -> Result<(), Refusal> {
    let field = |f: &str, m: String| Err((f.to_string(), m));
    if as_of > today {
        return field("as_of", format!("{}は未来の日付です。本日（{}）までの日付を入力してください。", as_of.format("%Y/%m/%d"), today.format("%Y/%m/%d")));
    }
    match first_received {
        None => return field("as_of", "ワクチンの納入実績（融通を含む）がまだないため、接種実績は登録できません。".into()),
        Some(d) if as_of < d => {
            return field("as_of", format!("最初の納入日（{}）より前の日付では登録できません。", d.format("%Y/%m/%d")))
        }
        _ => {}
    }
    if let Some(reason) = correction {
        if reason.trim().is_empty() {
            return field("correction_reason", "訂正の理由を入力してください。".into());
        }
        return Ok(());
    }
    if let Some(last) = last {
        if as_of < last.as_of {
            return field(
                "as_of",
                format!("前回の登録（{}時点）より前の日付です。訂正の場合は「訂正」を選び、理由を入力してください。", last.as_of.format("%Y/%m/%d")),
            );
        }
        if let Some((f, before, now)) = new.first_lower_than(&last.counts) {
            return Err((
                f,
                format!("前回登録した累計（{before}）より少ない値（{now}）です。累計で入力してください。訂正の場合は「訂正」を選び、理由を入力してください。"),
            ));
        }
    }
    Ok(())
}

/// Takes `vials` from lots in order of expiry (first expiring first), as
/// (lot, vials); `None` when the lots hold fewer. `lots`: (lot, expiry, on hand).
pub fn draw_first_expiring(lots: &[(String, Option<NaiveDate>, u64)], vials: u64) -> Option<Vec<(String, u64)>> {
    let mut order: Vec<&(String, Option<NaiveDate>, u64)> = lots.iter().filter(|l| l.2 > 0).collect();
    order.sort_by_key(|l| (l.1.unwrap_or(NaiveDate::MAX), l.0.clone()));
    let mut left = vials;
    let mut out = Vec::new();
    for (lot, _, held) in order {
        if left == 0 {
            break;
        }
        let take = left.min(*held);
        out.push((lot.clone(), take));
        left -= take;
    }
    (left == 0).then_some(out)
}

/// Waste rate (廃棄率): vials wasted over vials used or wasted, in permille.
pub fn waste_rate_permille(used: u64, wasted: u64) -> u64 {
    let all = used + wasted;
    (wasted * 1000 + all / 2).checked_div(all).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_vaccinated_booking_adds_one_to_its_dose_and_category() {
        let before = Cumulative { dose1: ByCategory { elderly: 4, ..Default::default() }, ..Default::default() };
        let after = before.with_one_more(2, "elderly").unwrap();
        assert_eq!(after.doses(), [4, 1, 0]);
        assert_eq!(after.dose2.elderly, 1);
        assert_eq!(before.with_one_more(1, "others").unwrap().dose1.others, 1);
        assert!(before.with_one_more(4, "elderly").is_none());
        assert!(before.with_one_more(1, "nobody").is_none());
    }

    fn report(first: u64, second: u64) -> Cumulative {
        Cumulative {
            dose1: ByCategory { elderly: first, ..Default::default() },
            dose2: ByCategory { elderly: second, ..Default::default() },
            ..Default::default()
        }
    }

    #[test]
    fn seed_000s_worked_example() {
        // Last: 1st 100, 2nd 0, total 100; today 1st 350, 2nd 50: total 400.
        let last = Last { as_of: d(2021, 7, 1), counts: report(100, 0) };
        assert_eq!(last.counts.all_doses(), 100);
        let today = report(350, 50);
        assert_eq!(today.doses(), [350, 50, 0]);
        assert_eq!(today.all_doses(), 400);
        assert_eq!(check_report(Some(&last), &today, d(2021, 7, 8), d(2021, 7, 8), Some(d(2021, 6, 28)), None), Ok(()));
    }

    #[test]
    fn lower_or_older_is_a_correction_with_a_reason() {
        let last = Last { as_of: d(2021, 7, 8), counts: report(350, 50) };
        let lower = report(340, 50);
        let (f, m) = check_report(Some(&last), &lower, d(2021, 7, 9), d(2021, 7, 9), Some(d(2021, 6, 28)), None).unwrap_err();
        assert_eq!(f, "dose1.elderly");
        assert!(m.contains("350"), "{m}");
        assert_eq!(check_report(Some(&last), &report(350, 50), d(2021, 7, 7), d(2021, 7, 9), Some(d(2021, 6, 28)), None).unwrap_err().0, "as_of");
        assert_eq!(check_report(Some(&last), &lower, d(2021, 7, 9), d(2021, 7, 9), Some(d(2021, 6, 28)), Some(" ")).unwrap_err().0, "correction_reason");
        assert_eq!(check_report(Some(&last), &lower, d(2021, 7, 9), d(2021, 7, 9), Some(d(2021, 6, 28)), Some("入力誤り")), Ok(()));
    }

    #[test]
    fn the_date_is_from_the_first_delivery_to_today() {
        let r = report(1, 0);
        assert_eq!(check_report(None, &r, d(2021, 7, 10), d(2021, 7, 9), Some(d(2021, 6, 28)), None).unwrap_err().0, "as_of");
        assert_eq!(check_report(None, &r, d(2021, 6, 27), d(2021, 7, 9), Some(d(2021, 6, 28)), None).unwrap_err().0, "as_of");
        assert_eq!(check_report(None, &r, d(2021, 7, 1), d(2021, 7, 9), None, None).unwrap_err().0, "as_of");
        assert_eq!(check_report(None, &r, d(2021, 6, 28), d(2021, 7, 9), Some(d(2021, 6, 28)), None), Ok(()));
    }

    #[test]
    fn vials_are_used_whole_and_drawn_first_expiring() {
        assert_eq!(used_vials(0, 10), 0);
        assert_eq!(used_vials(1, 10), 1);
        assert_eq!(used_vials(400, 10), 40);
        assert_eq!(used_vials(401, 10), 41);
        let lots = vec![("B".to_string(), Some(d(2021, 12, 31)), 10), ("A".to_string(), Some(d(2021, 8, 10)), 5), ("C".to_string(), None, 3)];
        assert_eq!(draw_first_expiring(&lots, 7), Some(vec![("A".into(), 5), ("B".into(), 2)]));
        assert_eq!(draw_first_expiring(&lots, 18), Some(vec![("A".into(), 5), ("B".into(), 10), ("C".into(), 3)]));
        assert_eq!(draw_first_expiring(&lots, 19), None);
        assert_eq!(draw_first_expiring(&lots, 0), Some(vec![]));
    }

    #[test]
    fn the_waste_rate_is_over_what_was_used_or_wasted() {
        assert_eq!(waste_rate_permille(0, 0), 0);
        assert_eq!(waste_rate_permille(95, 5), 50);
        assert_eq!(waste_rate_permille(2, 1), 333);
    }
}
