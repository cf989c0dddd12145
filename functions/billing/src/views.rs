//! The API's shapes of counts and price sets: named fields where the
//! store keeps arrays, months as `YYYY-MM`.

use serde::{Deserialize, Serialize};
use vsys::domain::billing::{month_str, Age, Counts, Kind, PriceSet, Time};
use vsys::http::Count;

type N = Count<1_000_000>;

/// 通常 / 時間外 / 休日.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Times<T> {
    pub normal: T,
    pub overtime: T,
    pub holiday: T,
}

/// 6歳未満 / 6歳以上.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ages<T> {
    pub under6: Times<T>,
    pub from6: Times<T>,
}

/// 予診のみ / 接種, each by age and time.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountsOf<T> {
    pub prescreening_only: Ages<T>,
    pub vaccination: Ages<T>,
}

pub type CountsReq = CountsOf<N>;
pub type CountsView = CountsOf<u64>;

impl<T: Copy> CountsOf<T> {
    fn at(&self, k: Kind, a: Age, t: Time) -> T {
        let ages = match k {
            Kind::PrescreeningOnly => &self.prescreening_only,
            Kind::Vaccination => &self.vaccination,
        };
        let times = match a {
            Age::Under6 => &ages.under6,
            Age::From6 => &ages.from6,
        };
        match t {
            Time::Normal => times.normal,
            Time::Overtime => times.overtime,
            Time::Holiday => times.holiday,
        }
    }
}

impl CountsReq {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for k in Kind::ALL {
            for a in Age::ALL {
                for t in Time::ALL {
                    c.set(k, a, t, self.at(k, a, t).get());
                }
            }
        }
        c
    }
}

pub fn counts_view(c: &Counts) -> CountsView {
    let times = |k, a| Times { normal: c.get(k, a, Time::Normal), overtime: c.get(k, a, Time::Overtime), holiday: c.get(k, a, Time::Holiday) };
    let ages = |k| Ages { under6: times(k, Age::Under6), from6: times(k, Age::From6) };
    CountsOf { prescreening_only: ages(Kind::PrescreeningOnly), vaccination: ages(Kind::Vaccination) }
}

/// A price set as the API reads and writes it.
#[derive(Debug, Serialize)]
pub struct PriceSetView {
    /// The first month of vaccination it applies to.
    pub effective_from: String,
    pub vaccination_from6: u64,
    pub vaccination_under6: u64,
    pub prescreening_from6: u64,
    pub prescreening_under6: u64,
    pub overtime_extra: Option<u64>,
    pub holiday_extra: Option<u64>,
    pub tax_rate_percent: u32,
    /// The new form (時間外 / 休日 lines in the summary).
    pub new_form: bool,
}

pub fn price_view(p: &PriceSet) -> PriceSetView {
    PriceSetView {
        effective_from: month_str(p.effective_from),
        vaccination_from6: p.vaccination_from6,
        vaccination_under6: p.vaccination_under6,
        prescreening_from6: p.prescreening_from6,
        prescreening_under6: p.prescreening_under6,
        overtime_extra: p.overtime_extra,
        holiday_extra: p.holiday_extra,
        tax_rate_percent: p.tax_rate_percent,
        new_form: p.new_form(),
    }
}
