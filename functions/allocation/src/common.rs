//! What every level's handlers share: the cool read with its product, the
//! request shapes of boxes, the answers' pieces, the refusals of the steps,
//! and the bases of the default splits.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use vsys::domain::allocation::{
    check_boxes_within, Basis, Boxes, Claim, RowDefault, Status, StepRefusal,
};
use vsys::domain::cool::Channel;
use vsys::domain::supply::Product;
use vsys::error::codes;
use vsys::http::Count;
use vsys::masterdata::census;
use vsys::store::allocations::Explanation;
use vsys::store::registrations::RegistrationItem;
use vsys::store::supply::{self, CoolItem, ProductsItem};
use vsys::store::batch::{Got, Slot};
use vsys::store::Batch;
use vsys::{AppError, AppResult};

/// A cool as the allocation screens name it.
#[derive(Debug, Serialize)]
pub struct CoolBrief {
    pub cool_id: String,
    pub label: String,
    pub channel: Channel,
    pub delivery_week: chrono::NaiveDate,
    /// Whether the cut-off has frozen its registrations (the demand basis).
    pub closed: bool,
}

/// The cool of an allocation and its product, read in the caller's batch.
pub struct CoolRead {
    cool: Slot<CoolItem>,
    products: Slot<ProductsItem>,
}

pub fn add_cool(batch: &mut Batch, cool_id: &str) -> CoolRead {
    CoolRead {
        cool: batch.add(supply::cool_key(cool_id)),
        products: batch.add(supply::products_key()),
    }
}

pub struct Cool {
    pub item: CoolItem,
    pub product: Option<Product>,
    pub label: String,
}

impl CoolRead {
    /// The cool, which must exist and be one the chain allocates (workplace
    /// venues are allocated by the nation directly from their registrations).
    pub fn take(self, got: &mut Got) -> AppResult<Cool> {
        self.take_if(got, |c| c != Channel::Workplace, "職域接種のクールは国が職域接種会場ごとに直接分配します。")
    }

    /// A workplace cool (the nation allocates its venues directly).
    pub fn take_workplace(self, got: &mut Got) -> AppResult<Cool> {
        self.take_if(
            got,
            |c| c == Channel::Workplace,
            "職域接種のクールではありません。都道府県への分配は「ワクチン分配量の決定」から行います。",
        )
    }

    fn take_if(self, got: &mut Got, fits: impl Fn(Channel) -> bool, refusal: &str) -> AppResult<Cool> {
        let item = got.take(self.cool)?.ok_or_else(AppError::not_found)?;
        if !fits(item.def.channel) {
            return Err(AppError::invalid("cool_id", refusal));
        }
        let products = got.take(self.products)?.unwrap_or_default().products;
        let product = item.product_in(&products).cloned();
        let label = item.label_in(&products);
        Ok(Cool {
            item,
            product,
            label,
        })
    }
}

impl Cool {
    pub fn brief(&self) -> CoolBrief {
        CoolBrief {
            cool_id: self.item.cool_id.clone(),
            label: self.label.clone(),
            channel: self.item.def.channel,
            delivery_week: self.item.def.delivery_week,
            closed: self.item.closed_at.is_some(),
        }
    }

    pub fn id(&self) -> &str {
        &self.item.cool_id
    }
}

/// Boxes as a request carries them.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxesReq {
    pub vaccine: Count<10_000_000>,
    pub needles: Count<100_000_000>,
    pub syringes: Count<100_000_000>,
}

impl BoxesReq {
    pub fn boxes(self) -> Boxes {
        Boxes {
            vaccine: self.vaccine.get(),
            needles: self.needles.get(),
            syringes: self.syringes.get(),
        }
    }
}

/// A row of a hand split: a recipient's code and its boxes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowReq {
    pub code: String,
    pub vaccine: Count<10_000_000>,
    pub needles: Count<100_000_000>,
    pub syringes: Count<100_000_000>,
}

impl RowReq {
    pub fn boxes(&self) -> Boxes {
        Boxes {
            vaccine: self.vaccine.get(),
            needles: self.needles.get(),
            syringes: self.syringes.get(),
        }
    }
}

/// The body of a step that acts on what the caller saw.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionReq {
    pub version: u64,
}

/// A default's explanation as screens show it.
#[derive(Debug, Clone, Serialize)]
pub struct ExplanationView {
    pub basis_value: u64,
    /// The exact quota, to two decimals ("12.47").
    pub quota: String,
    pub quota_numerator: u64,
    pub quota_denominator: u64,
    pub floor: u64,
    pub remainder_rank: u64,
    /// Whether it got one of the boxes left over after the floors (端数配分).
    pub extra: bool,
}

impl From<&Explanation> for ExplanationView {
    fn from(e: &Explanation) -> ExplanationView {
        let q = e.quota_numerator as f64 / e.quota_denominator.max(1) as f64;
        ExplanationView {
            basis_value: e.basis_value,
            quota: format!("{q:.2}"),
            quota_numerator: e.quota_numerator,
            quota_denominator: e.quota_denominator,
            floor: e.floor,
            remainder_rank: e.remainder_rank,
            extra: e.extra,
        }
    }
}

/// How many recipients stand at each status (the progress boards).
#[derive(Debug, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub label: &'static str,
    pub count: usize,
}

pub fn counts(statuses: impl IntoIterator<Item = Status>, shown: &[Status]) -> Vec<StatusCount> {
    let mut n: HashMap<Status, usize> = HashMap::new();
    for s in statuses {
        *n.entry(s).or_default() += 1;
    }
    shown
        .iter()
        .map(|s| StatusCount {
            status: *s,
            label: s.label_ja(),
            count: n.get(s).copied().unwrap_or(0),
        })
        .collect()
}

/// The status a board shows, with its label.
#[derive(Debug, Serialize)]
pub struct StatusView {
    pub status: Status,
    pub status_label: &'static str,
}

pub fn status_view(s: Status) -> StatusView {
    StatusView {
        status: s,
        status_label: s.label_ja(),
    }
}

/// A refused step as the user reads it.
pub fn refused(r: StepRefusal) -> AppError {
    AppError::from(match r {
        StepRefusal::NotPublished => codes::ALLOCATION_NOT_PUBLISHED,
        StepRefusal::NotConfirmed => codes::ALLOCATION_NOT_CONFIRMED,
        StepRefusal::AlreadyConfirmed => codes::ALLOCATION_ALREADY_CONFIRMED,
        StepRefusal::AlreadyComplete => codes::ALLOCATION_COMPLETE,
        StepRefusal::NotComplete => codes::ALLOCATION_NOT_COMPLETE,
        StepRefusal::Locked => codes::ALLOCATION_LOCKED,
    })
}

/// Another write moved the allocation since the caller read it.
pub fn stale() -> AppError {
    AppError::from(codes::STALE_VERSION)
}

/// A write that met the lock (the lock landed first).
pub fn locked() -> AppError {
    AppError::from(codes::ALLOCATION_LOCKED)
}

/// The version the caller saw must be the one stored.
pub fn same_version(seen: u64, stored: u64) -> AppResult<()> {
    if seen == stored {
        Ok(())
    } else {
        Err(stale())
    }
}

/// A hand split's rows: each code once and known (`known`), the sums within
/// `available`; the error names the row and quantity.
pub fn check_rows(
    rows: &[RowReq],
    available: Boxes,
    known: impl Fn(&str) -> bool,
) -> AppResult<Boxes> {
    let mut seen = std::collections::HashSet::new();
    for (i, r) in rows.iter().enumerate() {
        if !known(&r.code) {
            return Err(AppError::invalid(
                &format!("rows[{i}].code"),
                format!("{} は分配先に含まれていません。", r.code),
            ));
        }
        if !seen.insert(r.code.as_str()) {
            return Err(AppError::invalid(
                &format!("rows[{i}].code"),
                format!("{} が2回入力されています。", r.code),
            ));
        }
    }
    let boxes: Vec<Boxes> = rows.iter().map(RowReq::boxes).collect();
    check_boxes_within(available, &boxes).map_err(|(k, o)| {
        AppError::invalid(
            &format!("rows[{}].{}", o.row, k.field()),
            format!(
                "{}の分配量の合計（{}）が割当量（{}）を超えています（{}行目: {}）。",
                k.label_ja(),
                o.sum,
                o.available,
                o.row + 1,
                rows[o.row].code
            ),
        )
    })
}

/// The registered doses of a cool's sites, summed by `key` of each
/// registration (its prefecture or its municipality).
pub fn demand_by(regs: &[RegistrationItem], key: impl Fn(&RegistrationItem) -> &str) -> HashMap<String, u64> {
    let mut m: HashMap<String, u64> = HashMap::new();
    for r in regs {
        *m.entry(key(r).to_string()).or_default() += r.doses;
    }
    m
}

/// The claims of the 47 prefectures on `basis` (`demand`: registered doses
/// by prefecture, read only for that basis).
pub fn prefecture_claims(basis: Basis, demand: &HashMap<String, u64>) -> Vec<Claim> {
    let c = census();
    c.prefectures
        .iter()
        .map(|p| Claim {
            key: p.code.clone(),
            basis: match basis {
                Basis::Population => p.total,
                Basis::Population65 => p.aged_65plus,
                Basis::RegisteredDemand => demand.get(&p.code).copied().unwrap_or(0),
                Basis::OnePerMunicipality => c.municipalities_of(&p.code).count() as u64,
            },
        })
        .collect()
}

/// The claims of a prefecture's municipalities on `basis`.
pub fn municipality_claims(pref: &str, basis: Basis, demand: &HashMap<String, u64>) -> Vec<Claim> {
    census()
        .municipalities_of(pref)
        .map(|m| Claim {
            key: m.code.clone(),
            basis: match basis {
                Basis::Population => m.total,
                Basis::Population65 => m.aged_65plus,
                Basis::RegisteredDemand => demand.get(&m.code).copied().unwrap_or(0),
                Basis::OnePerMunicipality => 1,
            },
        })
        .collect()
}

/// A default split, or why there is none (nothing registered yet, say).
pub fn default_split(total: Boxes, claims: &[Claim]) -> AppResult<Vec<RowDefault>> {
    vsys::domain::allocation::split_boxes(total, claims).map_err(|e| match e {
        vsys::domain::allocation::SplitError::NoBasis => AppError::invalid(
            "basis",
            "この基準では配分できません（基準となる値がすべて0です。希望量の登録がない場合は人口比などを選んでください）。",
        ),
        other => AppError::internal(format!("default split: {other:?}")),
    })
}

pub fn muni_name(code: &str) -> String {
    census()
        .municipality(code)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| code.to_string())
}
