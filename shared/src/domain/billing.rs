//! Billing (請求, SPEC §10, seed 002): each site bills, per month of
//! vaccination, its counts of pre-screening only (予診のみ) and vaccination
//! (接種) × age (6歳未満 / 6歳以上) × time (通常 / 時間外 / 休日), split by the
//! person's municipality. The month of vaccination picks the unit prices
//! (tax excluded) and the consumption-tax rate from effective-dated master
//! data; the claim is made in the following month (「1月請求分」 for
//! December's vaccinations) and is due on its 10th (「1/10締切」); a change
//! after that is a correction.
//!
//! Rounding: each line's amount is count × unit price × (100 + rate) ÷ 100,
//! **rounded down to the yen, per line**; subtotals and totals are sums of
//! lines (seed 002's two forms come out exact either way).
//!
//! Forms: from the vaccinations of December 2021 the prices carry overtime
//! and holiday extras, billed in the same summary (the new form, with its
//! 時間外 / 休日 lines). Before that (the old form) the summary bills every
//! count at the normal price and the extras are claimed apart.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// 予診のみ or 接種.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    PrescreeningOnly,
    Vaccination,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::PrescreeningOnly, Kind::Vaccination];

    pub fn label_ja(self) -> &'static str {
        match self {
            Kind::PrescreeningOnly => "予診のみ",
            Kind::Vaccination => "接種",
        }
    }
}

/// 6歳未満 or 6歳以上.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Age {
    Under6,
    From6,
}

impl Age {
    pub const ALL: [Age; 2] = [Age::Under6, Age::From6];

    pub fn label_ja(self) -> &'static str {
        match self {
            Age::Under6 => "6歳未満",
            Age::From6 => "6歳以上",
        }
    }
}

/// 通常 (normal hours), 時間外 (overtime) or 休日 (holiday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Time {
    Normal,
    Overtime,
    Holiday,
}

impl Time {
    pub const ALL: [Time; 3] = [Time::Normal, Time::Overtime, Time::Holiday];

    /// The line's suffix on the forms: none for normal hours.
    pub fn suffix_ja(self) -> &'static str {
        match self {
            Time::Normal => "",
            Time::Overtime => "(時間外)",
            Time::Holiday => "(休日)",
        }
    }
}

/// The counts of one site, month and municipality of residence, by kind,
/// age and time (`[kind][age][time]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts(pub [[[u64; 3]; 2]; 2]);

impl Counts {
    pub fn get(&self, k: Kind, a: Age, t: Time) -> u64 {
        self.0[k as usize][a as usize][t as usize]
    }

    pub fn set(&mut self, k: Kind, a: Age, t: Time, n: u64) {
        self.0[k as usize][a as usize][t as usize] = n;
    }

    pub fn add(&mut self, other: &Counts) {
        for k in Kind::ALL {
            for a in Age::ALL {
                for t in Time::ALL {
                    self.0[k as usize][a as usize][t as usize] += other.get(k, a, t);
                }
            }
        }
    }

    /// Vaccinations (not pre-screenings) of every age and time.
    pub fn vaccinations(&self) -> u64 {
        Age::ALL.iter().flat_map(|a| Time::ALL.map(|t| self.get(Kind::Vaccination, *a, t))).sum()
    }

    pub fn total(&self) -> u64 {
        Kind::ALL.iter().flat_map(|k| Age::ALL.iter().flat_map(move |a| Time::ALL.map(|t| self.get(*k, *a, t)))).sum()
    }
}

/// One set of unit prices (yen, tax excluded) and the tax rate, in force
/// for the vaccinations of `effective_from`'s month and later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceSet {
    /// The first month of vaccination it applies to (its first day).
    pub effective_from: NaiveDate,
    pub vaccination_from6: u64,
    pub vaccination_under6: u64,
    pub prescreening_from6: u64,
    pub prescreening_under6: u64,
    /// The extras billed in the same summary (the new form); `None`: the
    /// old form, the extras are claimed apart.
    pub overtime_extra: Option<u64>,
    pub holiday_extra: Option<u64>,
    /// 消費税率, percent.
    pub tax_rate_percent: u32,
}

impl PriceSet {
    /// Whether the summary has 時間外 / 休日 lines (the new form).
    pub fn new_form(&self) -> bool {
        self.overtime_extra.is_some() || self.holiday_extra.is_some()
    }

    fn base(&self, k: Kind, a: Age) -> u64 {
        match (k, a) {
            (Kind::Vaccination, Age::From6) => self.vaccination_from6,
            (Kind::Vaccination, Age::Under6) => self.vaccination_under6,
            (Kind::PrescreeningOnly, Age::From6) => self.prescreening_from6,
            (Kind::PrescreeningOnly, Age::Under6) => self.prescreening_under6,
        }
    }

    /// The unit price of a line (tax excluded): the base price, plus the
    /// time's extra on the new form.
    pub fn unit(&self, k: Kind, a: Age, t: Time) -> u64 {
        let extra = match t {
            Time::Normal => 0,
            Time::Overtime => self.overtime_extra.unwrap_or(0),
            Time::Holiday => self.holiday_extra.unwrap_or(0),
        };
        self.base(k, a) + extra
    }

    /// A line's amount with tax: rounded down to the yen.
    pub fn amount(&self, unit: u64, count: u64) -> u64 {
        count * unit * (100 + u64::from(self.tax_rate_percent)) / 100
    }
}

/// The price set in force for vaccinations of `month`: the latest that took
/// effect on or before it.
pub fn prices_for(sets: &[PriceSet], month: NaiveDate) -> Option<&PriceSet> {
    sets.iter().filter(|p| p.effective_from <= first_of(month)).max_by_key(|p| p.effective_from)
}

/// The price sets the master starts with (SPEC §10; the national office
/// edits them through the API): from February 2021 the old form at 10 %,
/// from the vaccinations of December 2021 the new form with its extras.
pub fn initial_prices() -> Vec<PriceSet> {
    let old = PriceSet {
        effective_from: NaiveDate::from_ymd_opt(2021, 2, 1).expect("a date"),
        vaccination_from6: 2_070,
        vaccination_under6: 2_730,
        prescreening_from6: 1_540,
        prescreening_under6: 2_200,
        overtime_extra: None,
        holiday_extra: None,
        tax_rate_percent: 10,
    };
    let new = PriceSet {
        effective_from: NaiveDate::from_ymd_opt(2021, 12, 1).expect("a date"),
        overtime_extra: Some(730),
        holiday_extra: Some(2_130),
        ..old.clone()
    };
    vec![old, new]
}

/// A line of the summary (or of an invoice): its labels, count, unit price
/// (tax excluded) and amount (tax included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub kind: Kind,
    pub kind_label: &'static str,
    /// 「6歳以上(時間外)」, or 「小計」.
    pub label: String,
    pub count: u64,
    pub unit_price: Option<u64>,
    pub amount: u64,
}

/// A bill's lines, with a subtotal per kind, and its total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bill {
    pub new_form: bool,
    pub lines: Vec<Line>,
    pub total_count: u64,
    pub total_amount: u64,
}

/// The bill of `counts` at `prices`. On the old form every count is billed
/// at the normal price on its age's line (the extras are claimed apart).
pub fn bill(counts: &Counts, prices: &PriceSet) -> Bill {
    let mut lines = Vec::new();
    let (mut total_count, mut total_amount) = (0, 0);
    for k in Kind::ALL {
        let (mut sub_count, mut sub_amount) = (0, 0);
        for a in Age::ALL {
            let times: Vec<(Time, u64)> = if prices.new_form() {
                Time::ALL.iter().map(|t| (*t, counts.get(k, a, *t))).collect()
            } else {
                vec![(Time::Normal, Time::ALL.iter().map(|t| counts.get(k, a, *t)).sum())]
            };
            for (t, count) in times {
                let unit = prices.unit(k, a, t);
                let amount = prices.amount(unit, count);
                sub_count += count;
                sub_amount += amount;
                lines.push(Line { kind: k, kind_label: k.label_ja(), label: format!("{}{}", a.label_ja(), t.suffix_ja()), count, unit_price: Some(unit), amount });
            }
        }
        lines.push(Line { kind: k, kind_label: k.label_ja(), label: "小計".into(), count: sub_count, unit_price: None, amount: sub_amount });
        total_count += sub_count;
        total_amount += sub_amount;
    }
    Bill { new_form: prices.new_form(), lines, total_count, total_amount }
}

pub fn first_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

/// `2021-12` → its first day; `None` for anything else.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    if s.len() != 7 || s.as_bytes()[4] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()
}

/// A month as the keys and the API write it: `2021-12`.
pub fn month_str(m: NaiveDate) -> String {
    m.format("%Y-%m").to_string()
}

/// 「2021年12月」.
pub fn month_label(m: NaiveDate) -> String {
    format!("{}年{}月", m.year(), m.month())
}

/// The most rows (municipalities) a claim holds: its transaction writes the
/// claim, one invoice per row, takes back the invoices of rows removed, and
/// its audit record, within DynamoDB's 100 steps.
pub const MAX_ROWS: usize = 48;

/// The claim month of vaccinations in `month` (「1月請求分」 for December).
pub fn claim_month(month: NaiveDate) -> NaiveDate {
    let m = first_of(month);
    if m.month() == 12 {
        NaiveDate::from_ymd_opt(m.year() + 1, 1, 1).expect("a date")
    } else {
        NaiveDate::from_ymd_opt(m.year(), m.month() + 1, 1).expect("a date")
    }
}

/// The last day a claim for `month`'s vaccinations is submitted without
/// being a correction: the 10th of its claim month (Japan time, the whole day).
pub fn deadline(month: NaiveDate) -> NaiveDate {
    claim_month(month).with_day(10).expect("day 10 exists")
}

/// 「2022年1月請求分（1/10締切）」.
pub fn claim_label(month: NaiveDate) -> String {
    let c = claim_month(month);
    format!("{}年{}月請求分（{}/10締切）", c.year(), c.month(), c.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, 1).unwrap()
    }

    fn line<'a>(b: &'a Bill, k: Kind, label: &str) -> &'a Line {
        b.lines.iter().find(|l| l.kind == k && l.label == label).unwrap_or_else(|| panic!("{label}: {b:?}"))
    }

    #[test]
    fn the_old_form_of_seed_002_bills_five_vaccinations_for_11385_yen() {
        let prices = initial_prices();
        let p = prices_for(&prices, m(2021, 4)).unwrap();
        assert!(!p.new_form());
        let mut c = Counts::default();
        c.set(Kind::Vaccination, Age::From6, Time::Normal, 5);
        let b = bill(&c, p);
        assert_eq!(line(&b, Kind::Vaccination, "6歳以上").amount, 11_385);
        assert_eq!((b.total_count, b.total_amount), (5, 11_385));
        assert_eq!(b.lines.len(), 6, "two ages and a subtotal per kind, no 時間外 / 休日 lines");
    }

    #[test]
    fn the_new_form_of_seed_002_comes_out_at_386400_yen_with_a_5_percent_rate() {
        let mut p = prices_for(&initial_prices(), m(2021, 12)).unwrap().clone();
        assert!(p.new_form());
        p.tax_rate_percent = 5;
        let mut c = Counts::default();
        c.set(Kind::Vaccination, Age::From6, Time::Normal, 100);
        c.set(Kind::Vaccination, Age::From6, Time::Overtime, 50);
        c.set(Kind::Vaccination, Age::From6, Time::Holiday, 5);
        let b = bill(&c, &p);
        assert_eq!(line(&b, Kind::Vaccination, "6歳以上(時間外)").amount, 147_000);
        assert_eq!(line(&b, Kind::Vaccination, "6歳以上(休日)").amount, 22_050);
        let sub = line(&b, Kind::Vaccination, "小計");
        assert_eq!((sub.count, sub.amount), (155, 386_400));
        assert_eq!((b.total_count, b.total_amount), (155, 386_400));
        // The real 10 % rate.
        let real = bill(&c, prices_for(&initial_prices(), m(2021, 12)).unwrap());
        assert_eq!(line(&real, Kind::Vaccination, "6歳以上(時間外)").amount, 154_000);
        assert_eq!(real.total_amount, 227_700 + 154_000 + 23_100);
    }

    #[test]
    fn november_bills_overtime_at_the_normal_price_and_december_with_its_extra() {
        let prices = initial_prices();
        let mut c = Counts::default();
        c.set(Kind::Vaccination, Age::From6, Time::Overtime, 10);
        c.set(Kind::PrescreeningOnly, Age::Under6, Time::Holiday, 1);
        let nov = bill(&c, prices_for(&prices, m(2021, 11)).unwrap());
        assert_eq!(line(&nov, Kind::Vaccination, "6歳以上").amount, 22_770);
        assert_eq!(line(&nov, Kind::PrescreeningOnly, "6歳未満").amount, 2_420);
        let dec = bill(&c, prices_for(&prices, m(2021, 12)).unwrap());
        assert_eq!(line(&dec, Kind::Vaccination, "6歳以上(時間外)").amount, 30_800);
        assert_eq!(line(&dec, Kind::PrescreeningOnly, "6歳未満(休日)").amount, (2_200 + 2_130) * 11 / 10);
        assert_eq!(line(&dec, Kind::Vaccination, "6歳以上").count, 0);
    }

    #[test]
    fn amounts_round_down_per_line() {
        let mut p = initial_prices()[0].clone();
        p.tax_rate_percent = 8;
        // 3 × 1,540 × 1.08 = 4,989.6 → 4,989.
        assert_eq!(p.amount(1_540, 3), 4_989);
    }

    #[test]
    fn months_read_and_print_as_yyyy_mm() {
        assert_eq!(parse_month("2021-12"), Some(m(2021, 12)));
        for bad in ["2021-13", "2021-1", "202112", "2021-12-01", ""] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(month_str(m(2022, 1)), "2022-01");
        assert_eq!(month_label(m(2022, 1)), "2022年1月");
    }

    #[test]
    fn a_month_is_claimed_the_next_month_by_its_10th() {
        assert_eq!(claim_month(m(2021, 12)), m(2022, 1));
        assert_eq!(deadline(NaiveDate::from_ymd_opt(2021, 12, 20).unwrap()), NaiveDate::from_ymd_opt(2022, 1, 10).unwrap());
        assert_eq!(claim_label(m(2021, 12)), "2022年1月請求分（1/10締切）");
        assert!(prices_for(&initial_prices(), m(2021, 1)).is_none(), "no prices before the programme");
    }
}
