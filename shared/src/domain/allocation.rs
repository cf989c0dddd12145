//! Splitting whole boxes over recipients (SPEC §6): the nation's default
//! split over the prefectures, a prefecture's over its municipalities, a
//! municipality's over its sites. Whole boxes, sums exact, by the largest
//! remainder method (Hamilton): each recipient gets the whole part of its
//! exact quota, and the boxes left over go one each to the largest
//! remainders. Every share carries its explanation, so a screen can say why
//! a prefecture got what it got.
//!
//! Ties in the remainder are broken by the larger basis, then by the
//! recipient's key (a prefecture or municipality code), so the same input
//! always gives the same split.

use serde::Serialize;

/// One recipient and its basis (population, population aged 65+, registered
/// demand in doses…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub key: String,
    pub basis: u64,
}

/// One recipient's share, with how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    pub key: String,
    pub basis: u64,
    /// The exact quota, total × basis / Σ basis, as a fraction.
    pub quota_numerator: u128,
    pub quota_denominator: u128,
    /// The whole part of the quota.
    pub floor: u64,
    /// 1 = the largest remainder; every recipient is ranked.
    pub remainder_rank: usize,
    /// Whether it got one of the boxes left over after the floors.
    pub extra: bool,
    pub boxes: u64,
}

impl Share {
    /// The quota as a decimal, for display ("12.47").
    pub fn quota(&self) -> f64 {
        self.quota_numerator as f64 / self.quota_denominator as f64
    }
}

/// Why a split cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// Nobody to give to.
    NoRecipients,
    /// Every basis is zero: there is no proportion to follow.
    NoBasis,
    /// The same recipient twice.
    Duplicate(String),
}

/// Splits `total` whole boxes over `claims` in proportion to their bases.
/// The shares come back in the order of `claims` and always sum to `total`.
pub fn largest_remainder(total: u64, claims: &[Claim]) -> Result<Vec<Share>, SplitError> {
    if claims.is_empty() {
        return Err(SplitError::NoRecipients);
    }
    let mut seen = std::collections::HashSet::new();
    for c in claims {
        if !seen.insert(c.key.as_str()) {
            return Err(SplitError::Duplicate(c.key.clone()));
        }
    }
    let sum: u128 = claims.iter().map(|c| u128::from(c.basis)).sum();
    if sum == 0 {
        return Err(SplitError::NoBasis);
    }
    let total128 = u128::from(total);
    // Exact arithmetic: quota = total × basis / sum; remainder = (total ×
    // basis) mod sum, compared as numerators over the common denominator.
    let mut shares: Vec<(Share, u128)> = claims
        .iter()
        .map(|c| {
            let numerator = total128 * u128::from(c.basis);
            let floor = (numerator / sum) as u64;
            (
                Share {
                    key: c.key.clone(),
                    basis: c.basis,
                    quota_numerator: numerator,
                    quota_denominator: sum,
                    floor,
                    remainder_rank: 0,
                    extra: false,
                    boxes: floor,
                },
                numerator % sum,
            )
        })
        .collect();
    let floors: u64 = shares.iter().map(|(s, _)| s.floor).sum();
    let left = (total - floors) as usize;
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let (sa, ra) = &shares[a];
        let (sb, rb) = &shares[b];
        rb.cmp(ra)
            .then(sb.basis.cmp(&sa.basis))
            .then(sa.key.cmp(&sb.key))
    });
    for (rank, &i) in order.iter().enumerate() {
        let (s, _) = &mut shares[i];
        s.remainder_rank = rank + 1;
        if rank < left {
            s.extra = true;
            s.boxes += 1;
        }
    }
    Ok(shares.into_iter().map(|(s, _)| s).collect())
}

/// A split entered by hand (a prefecture over its municipalities): the row
/// that makes it exceed what there is to split, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrun {
    /// Index of the first row at which the running sum exceeds `available`.
    pub row: usize,
    pub sum: u64,
    pub available: u64,
}

pub fn check_within(available: u64, rows: &[u64]) -> Result<u64, Overrun> {
    let mut sum = 0u64;
    for (row, n) in rows.iter().enumerate() {
        sum = sum.saturating_add(*n);
        if sum > available {
            return Err(Overrun {
                row,
                sum: rows.iter().fold(0u64, |a, b| a.saturating_add(*b)),
                available,
            });
        }
    }
    Ok(sum)
}

/// The three quantities allocated together: vaccine packs (箱), needle boxes
/// and syringe boxes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Boxes {
    pub vaccine: u64,
    pub needles: u64,
    pub syringes: u64,
}

/// Which of the three quantities, as fields and screens name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Vaccine,
    Needles,
    Syringes,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Vaccine, Kind::Needles, Kind::Syringes];

    pub fn field(self) -> &'static str {
        match self {
            Kind::Vaccine => "vaccine",
            Kind::Needles => "needles",
            Kind::Syringes => "syringes",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Kind::Vaccine => "ワクチン",
            Kind::Needles => "針",
            Kind::Syringes => "シリンジ",
        }
    }
}

impl Boxes {
    pub fn get(&self, k: Kind) -> u64 {
        match k {
            Kind::Vaccine => self.vaccine,
            Kind::Needles => self.needles,
            Kind::Syringes => self.syringes,
        }
    }

    fn set(&mut self, k: Kind, v: u64) {
        match k {
            Kind::Vaccine => self.vaccine = v,
            Kind::Needles => self.needles = v,
            Kind::Syringes => self.syringes = v,
        }
    }

    /// "ワクチン 10箱、針 100箱、シリンジ 100箱" (mails).
    pub fn text_ja(&self) -> String {
        format!(
            "ワクチン {}箱、針 {}箱、シリンジ {}箱",
            self.vaccine, self.needles, self.syringes
        )
    }

    /// What is left of these boxes once `used` are handed out (never below zero).
    pub fn remaining(&self, used: Boxes) -> Boxes {
        Boxes {
            vaccine: self.vaccine.saturating_sub(used.vaccine),
            needles: self.needles.saturating_sub(used.needles),
            syringes: self.syringes.saturating_sub(used.syringes),
        }
    }

    pub fn sum<'a>(rows: impl IntoIterator<Item = &'a Boxes>) -> Boxes {
        rows.into_iter().fold(Boxes::default(), |a, b| Boxes {
            vaccine: a.vaccine.saturating_add(b.vaccine),
            needles: a.needles.saturating_add(b.needles),
            syringes: a.syringes.saturating_add(b.syringes),
        })
    }
}

/// The basis of a default split (分配シミュレーション).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 人口 (2020 census)
    Population,
    /// 65歳以上人口 (2020 census)
    Population65,
    /// The doses registered by the sites inside (frozen at the cut-off).
    RegisteredDemand,
    /// One box per municipality inside (training round 1).
    OnePerMunicipality,
}

impl Basis {
    pub fn label_ja(self) -> &'static str {
        match self {
            Basis::Population => "人口比",
            Basis::Population65 => "65歳以上人口比",
            Basis::RegisteredDemand => "希望量（登録された接種回数）比",
            Basis::OnePerMunicipality => "1市町村1箱",
        }
    }
}

/// One recipient's default for all three quantities; the explanation is the
/// vaccine's (needles and syringes follow the same basis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowDefault {
    pub key: String,
    pub boxes: Boxes,
    pub explanation: Share,
}

/// Splits each of the three quantities of `total` over `claims` by the
/// largest remainder, all on the same bases.
pub fn split_boxes(total: Boxes, claims: &[Claim]) -> Result<Vec<RowDefault>, SplitError> {
    let mut rows: Vec<RowDefault> = largest_remainder(total.vaccine, claims)?
        .into_iter()
        .map(|s| RowDefault {
            key: s.key.clone(),
            boxes: Boxes {
                vaccine: s.boxes,
                ..Boxes::default()
            },
            explanation: s,
        })
        .collect();
    for k in [Kind::Needles, Kind::Syringes] {
        for (row, s) in rows.iter_mut().zip(largest_remainder(total.get(k), claims)?) {
            row.boxes.set(k, s.boxes);
        }
    }
    Ok(rows)
}

/// A hand split of all three quantities: the first quantity and row whose
/// running sum exceeds what there is.
pub fn check_boxes_within(available: Boxes, rows: &[Boxes]) -> Result<Boxes, (Kind, Overrun)> {
    for k in Kind::ALL {
        let col: Vec<u64> = rows.iter().map(|r| r.get(k)).collect();
        check_within(available.get(k), &col).map_err(|o| (k, o))?;
    }
    Ok(Boxes::sum(rows))
}

/// A municipality's default split over its sites: each site's registered
/// request (capped where its delivery round caps it), or, where the
/// requests of one quantity exceed what the municipality has, that quantity
/// split by the largest remainder on the requests (so nobody gets more than
/// it asked for).
pub fn fill_requests(available: Boxes, requests: &[(String, Boxes)]) -> Vec<Boxes> {
    let mut out = vec![Boxes::default(); requests.len()];
    for k in Kind::ALL {
        let asked: u64 = requests.iter().map(|(_, b)| b.get(k)).sum();
        if asked <= available.get(k) {
            for (o, (_, b)) in out.iter_mut().zip(requests) {
                o.set(k, b.get(k));
            }
            continue;
        }
        let claims: Vec<Claim> = requests
            .iter()
            .map(|(key, b)| Claim { key: key.clone(), basis: b.get(k) })
            .collect();
        if let Ok(shares) = largest_remainder(available.get(k), &claims) {
            for (o, s) in out.iter_mut().zip(shares) {
                o.set(k, s.boxes);
            }
        }
    }
    out
}

/// Where one level's allocation stands (分配の状況).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Entered by the level above but not yet given (国が未公開).
    Unpublished,
    /// 未確認
    Unconfirmed,
    /// 確認済（分配作業中）
    Confirmed,
    /// 分配完了
    Complete,
    /// データロック済
    Locked,
}

impl Status {
    pub fn label_ja(self) -> &'static str {
        match self {
            Status::Unpublished => "未公開",
            Status::Unconfirmed => "未確認",
            Status::Confirmed => "確認済（分配作業中）",
            Status::Complete => "分配完了",
            Status::Locked => "ロック済",
        }
    }
}

/// What a user asks of an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The level above changes (or gives) the allocated amount.
    Allocate,
    /// The recipient marks it 確認済.
    Confirm,
    /// The recipient saves its split below.
    Split,
    /// The recipient marks 分配完了.
    Complete,
    /// The level above data-locks it.
    Lock,
}

/// Why a step is refused where the allocation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRefusal {
    NotPublished,
    NotConfirmed,
    AlreadyConfirmed,
    AlreadyComplete,
    NotComplete,
    Locked,
}

/// The status after `step`, or why it is refused: allocated → 確認済 → split
/// (any number of times) → 分配完了 → locked; the level above may change the
/// amount only until the recipient has confirmed it.
pub fn after_step(status: Status, step: Step) -> Result<Status, StepRefusal> {
    use Status::*;
    use StepRefusal as R;
    match (step, status) {
        (_, Locked) => Err(R::Locked),
        (Step::Allocate, Unpublished | Unconfirmed) => Ok(status),
        (Step::Allocate, _) => Err(R::AlreadyConfirmed),
        (_, Unpublished) => Err(R::NotPublished),
        (Step::Confirm, Unconfirmed) => Ok(Confirmed),
        (Step::Confirm, _) => Err(R::AlreadyConfirmed),
        (Step::Split | Step::Complete, Unconfirmed) => Err(R::NotConfirmed),
        (Step::Split, Confirmed) => Ok(Confirmed),
        (Step::Complete, Confirmed) => Ok(Complete),
        (Step::Split | Step::Complete, _) => Err(R::AlreadyComplete),
        (Step::Lock, Complete) => Ok(Locked),
        (Step::Lock, _) => Err(R::NotComplete),
    }
}

/// ○ when a split hands out exactly what was allocated, × otherwise (the
/// prefecture's check columns, per quantity).
pub fn checks(allocated: Boxes, split: Boxes) -> [bool; 3] {
    Kind::ALL.map(|k| allocated.get(k) == split.get(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(list: &[(&str, u64)]) -> Vec<Claim> {
        list.iter()
            .map(|(k, b)| Claim {
                key: k.to_string(),
                basis: *b,
            })
            .collect()
    }

    fn boxes(s: &[Share]) -> Vec<u64> {
        s.iter().map(|x| x.boxes).collect()
    }

    #[test]
    fn the_sum_is_always_the_total() {
        let c = claims(&[
            ("01", 5_224_614),
            ("13", 14_047_594),
            ("27", 8_837_685),
            ("47", 1_467_480),
        ]);
        for total in [0, 1, 2, 3, 7, 100, 1_741, 3_600, 15_000] {
            let s = largest_remainder(total, &c).unwrap();
            assert_eq!(boxes(&s).iter().sum::<u64>(), total, "total {total}");
        }
    }

    #[test]
    fn every_share_is_its_quota_rounded_down_or_up() {
        // A small linear congruential generator: the same cases every run.
        let mut seed = 2021u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..500 {
            let n = 1 + next(47) as usize;
            let c: Vec<Claim> = (0..n)
                .map(|i| Claim {
                    key: format!("{i:02}"),
                    basis: next(3_000_000),
                })
                .collect();
            if c.iter().all(|x| x.basis == 0) {
                continue;
            }
            let total = next(20_000);
            let s = largest_remainder(total, &c).unwrap();
            assert_eq!(s.iter().map(|x| x.boxes).sum::<u64>(), total);
            let extras = s.iter().filter(|x| x.extra).count() as u64;
            assert_eq!(extras, total - s.iter().map(|x| x.floor).sum::<u64>());
            for x in &s {
                let floor = (x.quota_numerator / x.quota_denominator) as u64;
                assert_eq!(x.floor, floor);
                assert!(x.boxes == floor || x.boxes == floor + 1, "{x:?}");
            }
        }
    }

    #[test]
    fn the_worked_example_explains_every_share() {
        // 10 boxes over 3 : 3 : 1 → quotas 30/7, 30/7, 10/7 (4.29, 4.29,
        // 1.43); floors 4, 4, 1; the one box left goes to the largest
        // remainder, c's 3/7 (a's and b's are 2/7).
        let s = largest_remainder(10, &claims(&[("a", 3), ("b", 3), ("c", 1)])).unwrap();
        assert_eq!(boxes(&s), vec![4, 4, 2]);
        assert_eq!((s[2].floor, s[2].remainder_rank, s[2].extra), (1, 1, true));
        assert_eq!((s[0].quota_numerator, s[0].quota_denominator), (30, 7));
        assert!((s[0].quota() - 4.2857).abs() < 1e-3);
        // a and b tie on remainder and basis: the key decides, a before b.
        assert_eq!((s[0].remainder_rank, s[1].remainder_rank), (2, 3));
        assert!(!s[0].extra && !s[1].extra);
    }

    #[test]
    fn ties_go_to_the_larger_basis_then_the_key() {
        // Equal remainders and bases: the smaller key.
        let s = largest_remainder(1, &claims(&[("13", 1), ("01", 1)])).unwrap();
        assert_eq!(boxes(&s), vec![0, 1]);
        // 3 boxes over 1 : 5 → quotas 0.5 and 2.5, equal remainders: the
        // larger basis gets the box, whatever the keys.
        let s = largest_remainder(3, &claims(&[("a", 1), ("b", 5)])).unwrap();
        assert_eq!(boxes(&s), vec![0, 3]);
        let s = largest_remainder(3, &claims(&[("b", 1), ("a", 5)])).unwrap();
        assert_eq!(boxes(&s), vec![0, 3]);
    }

    #[test]
    fn zero_bases_and_duplicates_are_refused() {
        assert_eq!(largest_remainder(5, &[]), Err(SplitError::NoRecipients));
        assert_eq!(
            largest_remainder(5, &claims(&[("a", 0), ("b", 0)])),
            Err(SplitError::NoBasis)
        );
        assert_eq!(
            largest_remainder(5, &claims(&[("a", 1), ("a", 2)])),
            Err(SplitError::Duplicate("a".into()))
        );
        // A zero basis among others gets nothing, not even a left-over box.
        let s = largest_remainder(3, &claims(&[("a", 0), ("b", 1), ("c", 1)])).unwrap();
        assert_eq!(s[0].boxes, 0);
    }

    #[test]
    fn training_round_one_gives_each_prefecture_a_box_per_municipality() {
        // Seed 001's first training round: 1,741 boxes with the number of
        // municipalities as the basis — exact, nothing left over.
        let areas = crate::masterdata::areas();
        let c: Vec<Claim> = areas
            .iter()
            .map(|a| Claim {
                key: a.code.clone(),
                basis: a.municipalities.len() as u64,
            })
            .collect();
        let total: u64 = c.iter().map(|x| x.basis).sum();
        assert_eq!(total, 1_741);
        let s = largest_remainder(total, &c).unwrap();
        assert!(s.iter().all(|x| x.boxes == x.basis && !x.extra));
        let tokyo = s.iter().find(|x| x.key == "13").unwrap();
        assert_eq!(tokyo.boxes, 62);
    }

    #[test]
    fn a_hand_split_may_not_exceed_what_there_is_and_names_the_row() {
        assert_eq!(check_within(10, &[3, 3, 4]), Ok(10));
        assert_eq!(check_within(10, &[3, 3]), Ok(6));
        assert_eq!(
            check_within(10, &[3, 3, 4, 1, 2]),
            Err(Overrun {
                row: 3,
                sum: 13,
                available: 10
            })
        );
    }

    #[test]
    fn all_three_quantities_split_on_one_basis() {
        // Training round 1: 1 vaccine box and 10 needle and syringe boxes per
        // municipality, over three prefectures of 179, 62 and 43.
        let c = claims(&[("01", 179), ("13", 62), ("27", 43)]);
        let total = Boxes { vaccine: 284, needles: 2_840, syringes: 2_840 };
        let rows = split_boxes(total, &c).unwrap();
        assert_eq!(rows[0].boxes, Boxes { vaccine: 179, needles: 1_790, syringes: 1_790 });
        assert_eq!(Boxes::sum(rows.iter().map(|r| &r.boxes)), total);
        assert_eq!(rows[1].explanation.basis, 62);
    }

    #[test]
    fn a_hand_split_names_the_quantity_and_row_over_the_allocation() {
        let available = Boxes { vaccine: 10, needles: 100, syringes: 100 };
        let ok = [Boxes { vaccine: 6, needles: 60, syringes: 60 }, Boxes { vaccine: 4, needles: 40, syringes: 40 }];
        assert_eq!(check_boxes_within(available, &ok), Ok(available));
        let over = [Boxes { vaccine: 6, needles: 60, syringes: 60 }, Boxes { vaccine: 4, needles: 41, syringes: 40 }];
        let (k, o) = check_boxes_within(available, &over).unwrap_err();
        assert_eq!((k, o.row, o.sum), (Kind::Needles, 1, 101));
        assert_eq!(checks(available, Boxes::sum(&ok)), [true, true, true]);
        assert_eq!(checks(available, Boxes { vaccine: 9, ..available }), [false, true, true]);
    }

    #[test]
    fn the_steps_go_in_order_and_a_lock_is_final() {
        use Status::*;
        let s = after_step(Unconfirmed, Step::Confirm).unwrap();
        assert_eq!(s, Confirmed);
        assert_eq!(after_step(Unconfirmed, Step::Split), Err(StepRefusal::NotConfirmed));
        assert_eq!(after_step(Confirmed, Step::Split), Ok(Confirmed));
        assert_eq!(after_step(Confirmed, Step::Lock), Err(StepRefusal::NotComplete));
        assert_eq!(after_step(Confirmed, Step::Complete), Ok(Complete));
        assert_eq!(after_step(Complete, Step::Split), Err(StepRefusal::AlreadyComplete));
        assert_eq!(after_step(Complete, Step::Allocate), Err(StepRefusal::AlreadyConfirmed));
        assert_eq!(after_step(Complete, Step::Lock), Ok(Locked));
        for step in [Step::Allocate, Step::Confirm, Step::Split, Step::Complete, Step::Lock] {
            assert_eq!(after_step(Locked, step), Err(StepRefusal::Locked));
        }
        assert_eq!(after_step(Unpublished, Step::Confirm), Err(StepRefusal::NotPublished));
        assert_eq!(after_step(Unpublished, Step::Allocate), Ok(Unpublished));
    }

    #[test]
    fn sites_get_what_they_asked_unless_the_municipality_has_less() {
        let req = vec![
            ("a".to_string(), Boxes { vaccine: 3, needles: 32, syringes: 32 }),
            ("b".to_string(), Boxes { vaccine: 1, needles: 11, syringes: 11 }),
        ];
        let enough = Boxes { vaccine: 5, needles: 50, syringes: 50 };
        assert_eq!(fill_requests(enough, &req), vec![req[0].1, req[1].1]);
        // 2 vaccine boxes for 3 + 1 asked: 1.5 and 0.5, the tie to the larger request.
        let short = Boxes { vaccine: 2, needles: 50, syringes: 40 };
        let got = fill_requests(short, &req);
        assert_eq!((got[0].vaccine, got[1].vaccine), (2, 0));
        assert_eq!(got[0].syringes + got[1].syringes, 40);
        assert!(got[0].syringes <= 32 && got[1].syringes <= 11);
    }
}
