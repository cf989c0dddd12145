//! Facilities (医療機関・接種会場, SPEC §4): the profile's fields and checks,
//! reservation status, the readiness of a venue, and the rules for basic and
//! satellite sites.

use serde::{Deserialize, Serialize};

/// 施設分類.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Hospital,
    Clinic,
    /// 特設の接種会場（市町村運営）
    MunicipalVenue,
    /// 特設の接種会場（委託）
    CommissionedVenue,
    /// 特設の接種会場（都道府県運営）
    PrefecturalVenue,
    WorkplaceVenue,
    /// 介護医療院・介護老人保健施設 (their code is the 介護保険事業所番号)
    CareFacility,
    Other,
}

impl Classification {
    pub fn label_ja(self) -> &'static str {
        match self {
            Classification::Hospital => "病院",
            Classification::Clinic => "診療所",
            Classification::MunicipalVenue => "特設の接種会場（市町村運営）",
            Classification::CommissionedVenue => "特設の接種会場（委託）",
            Classification::PrefecturalVenue => "特設の接種会場（都道府県運営）",
            Classification::WorkplaceVenue => "職域接種会場",
            Classification::CareFacility => "介護医療院・介護老人保健施設",
            Classification::Other => "その他",
        }
    }

    /// The special venues a municipality looks after (view 「市町村内の特設の接種会場」).
    pub fn is_special_venue(self) -> bool {
        matches!(
            self,
            Classification::MunicipalVenue
                | Classification::CommissionedVenue
                | Classification::PrefecturalVenue
        )
    }
}

/// 設置主体: who set the venue up (decides the delegate, SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Founder {
    Municipality,
    Prefecture,
    Other,
}

impl Founder {
    pub fn label_ja(self) -> &'static str {
        match self {
            Founder::Municipality => "市町村",
            Founder::Prefecture => "都道府県",
            Founder::Other => "その他",
        }
    }
}

/// コロナワクチンナビでの公開.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicListing {
    /// 公開する
    Public,
    /// 一般不可：特定の人のみ — not shown to the public (e.g. a delivery centre).
    SpecificPeopleOnly,
}

impl PublicListing {
    pub fn label_ja(self) -> &'static str {
        match self {
            PublicListing::Public => "公開する",
            PublicListing::SpecificPeopleOnly => "一般不可：特定の人のみ",
        }
    }
}

/// 予約空き状況.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    Available,
    Few,
    Closed,
    NotRequired,
    Unregistered,
}

impl ReservationStatus {
    pub fn label_ja(self) -> &'static str {
        match self {
            ReservationStatus::Available => "予約可能",
            ReservationStatus::Few => "残り少数",
            ReservationStatus::Closed => "予約受付不可",
            ReservationStatus::NotRequired => "予約不要",
            ReservationStatus::Unregistered => "未登録",
        }
    }
}

/// 基本型 / サテライト型（連携型）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteType {
    Basic,
    Satellite,
}

impl SiteType {
    pub fn label_ja(self) -> &'static str {
        match self {
            SiteType::Basic => "基本型",
            SiteType::Satellite => "サテライト型（連携型）",
        }
    }
}

/// 郵便番号 in the form `000-0000`.
pub fn check_postal_code(s: &str) -> Result<(), &'static str> {
    let b = s.as_bytes();
    let ok = b.len() == 8
        && b[3] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 3 || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err("郵便番号は000-0000の形式（半角数字とハイフン）で入力してください。")
    }
}

/// ホームページ: an http(s) address.
pub fn check_homepage(s: &str) -> Result<(), &'static str> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) if r.contains('.') && s.bytes().all(|b| b.is_ascii_graphic()) => Ok(()),
        _ => Err("ホームページはhttps://から始まるアドレスで入力してください。"),
    }
}

/// A 10-digit facility code (保険医療機関コード or 介護保険事業所番号).
pub fn check_facility_code(s: &str) -> Result<(), &'static str> {
    if s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("コードは10桁の半角数字で入力してください（ハイフンや記号は不要です）。")
    }
}

/// The four checks of a workplace venue before its plan is registered
/// (seed 002), and the one every venue needs (a doctor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadinessFacts {
    /// ワクチン接種責任者, ワクチン保管管理責任者, 針・シリンジ保管管理責任者,
    /// 保管等に関する土日・祝日の連絡先 — all filled.
    pub responsible_persons_filled: bool,
    /// Deep-freezer counts stated (zero is a statement).
    pub freezers_stated: bool,
    /// Contact persons filled and confirmed since the venue was set up.
    pub contacts_current: bool,
    pub doctors: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadinessCheck {
    pub key: &'static str,
    pub label: &'static str,
    pub ok: bool,
    /// What to do when not ok.
    pub hint: &'static str,
}

/// The readiness list as the venue's screen shows it, in the seed's order.
pub fn readiness(f: ReadinessFacts) -> Vec<ReadinessCheck> {
    vec![
        ReadinessCheck {
            key: "responsible_persons",
            label: "責任者・連絡先（ワクチン接種責任者、ワクチン保管管理責任者、針・シリンジ保管管理責任者、土日・祝日の連絡先）",
            ok: f.responsible_persons_filled,
            hint: "未記入の責任者・連絡先を登録してください。",
        },
        ReadinessCheck {
            key: "deep_freezers",
            label: "ディープフリーザーの台数（厚労省から貸与＋所有）",
            ok: f.freezers_stated,
            hint: "ディープフリーザー（-75℃・-20℃）の台数を登録してください（保有しない場合は0台）。",
        },
        ReadinessCheck {
            key: "contacts",
            label: "担当者（医療機関担当者・企業・大学の担当者）",
            ok: f.contacts_current,
            hint: "担当者の情報を確認し、変更があれば更新してください。",
        },
        ReadinessCheck {
            key: "doctors",
            label: "接種担当医師（会場ごとに1名以上）",
            ok: f.doctors > 0,
            hint: "接種担当医師を1名以上登録してください。",
        },
    ]
}

/// What the basic/satellite rules read. Allocations and transfers keep the
/// two counts up to date in the same transaction that records them; the
/// stock is the site's stock by lot, read beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SupplyFacts {
    /// Allocations (分配) this site has ever received.
    pub allocations_received: u64,
    /// Transfers (融通) this site has ever received.
    pub transfers_received: u64,
    /// Vials a satellite holds (all came by transfer): received − used −
    /// wasted over its lots (`store::stock`), never a stored count.
    #[serde(skip_deserializing)]
    pub transferred_stock_vials: u64,
    /// The first day vaccine arrived (a delivery or a transfer): results
    /// are reported from then on.
    pub first_received_on: Option<chrono::NaiveDate>,
}

/// Why a change between basic and satellite is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRefusal {
    AllocatedBasic,
    SatelliteWithTransfers,
    StockRemains(u64),
    BasicSiteRequired,
    NotForBasic,
}

impl TypeRefusal {
    pub fn code(self) -> crate::error::Code {
        use crate::error::codes;
        match self {
            TypeRefusal::AllocatedBasic => codes::BASIC_ALREADY_ALLOCATED,
            TypeRefusal::SatelliteWithTransfers => codes::SATELLITE_ALREADY_RECEIVED_TRANSFER,
            TypeRefusal::StockRemains(_) => codes::TRANSFERRED_STOCK_REMAINS,
            TypeRefusal::BasicSiteRequired => codes::BASIC_SITE_REQUIRED,
            TypeRefusal::NotForBasic => codes::BASIC_SITE_NOT_ALLOWED,
        }
    }

    pub fn field(self) -> &'static str {
        match self {
            TypeRefusal::StockRemains(_)
            | TypeRefusal::BasicSiteRequired
            | TypeRefusal::NotForBasic => "basic_site_code",
            _ => "site_type",
        }
    }

    pub fn message(self) -> String {
        match self {
            TypeRefusal::AllocatedBasic => "既にワクチンの分配を受けたことがあるため、基本型からサテライト型（連携型）には変更できません。".into(),
            TypeRefusal::SatelliteWithTransfers => "既にワクチンの融通を受けたことがあるため、サテライト型（連携型）から基本型には変更できません。".into(),
            TypeRefusal::StockRemains(v) => format!("融通を受けたワクチンの在庫が{v}バイアル残っているため、基本型の変更はできません。在庫が0になってから変更してください。"),
            TypeRefusal::BasicSiteRequired => "サテライト型（連携型）の場合は、連携する基本型接種施設のコードを1つ指定してください。".into(),
            TypeRefusal::NotForBasic => "基本型接種施設には連携先の基本型を指定できません。".into(),
        }
    }
}

/// Checks a change of type (and of the linked basic site) against the three
/// rules of SPEC §4. `from`/`to` are (type, linked basic site).
pub fn check_type_change(
    from: (SiteType, Option<&str>),
    to: (SiteType, Option<&str>),
    facts: SupplyFacts,
) -> Result<(), TypeRefusal> {
    match (to.0, to.1) {
        (SiteType::Satellite, None) => return Err(TypeRefusal::BasicSiteRequired),
        (SiteType::Basic, Some(_)) => return Err(TypeRefusal::NotForBasic),
        _ => {}
    }
    match (from.0, to.0) {
        (SiteType::Basic, SiteType::Satellite) if facts.allocations_received > 0 => {
            Err(TypeRefusal::AllocatedBasic)
        }
        (SiteType::Satellite, SiteType::Basic) if facts.transfers_received > 0 => {
            Err(TypeRefusal::SatelliteWithTransfers)
        }
        (SiteType::Satellite, SiteType::Satellite)
            if from.1 != to.1 && facts.transferred_stock_vials > 0 =>
        {
            Err(TypeRefusal::StockRemains(facts.transferred_stock_vials))
        }
        _ => Ok(()),
    }
}

/// To whom a facility delegates (委任先, SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DelegateKind {
    Prefecture,
    Municipality,
    Aggregator,
}

impl DelegateKind {
    pub fn label_ja(self) -> &'static str {
        match self {
            DelegateKind::Prefecture => "都道府県",
            DelegateKind::Municipality => "市町村",
            DelegateKind::Aggregator => "とりまとめ団体",
        }
    }
}

/// The facts the delegate rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelegateFacts {
    pub founder: Founder,
    /// A municipal venue that may vaccinate residents of other municipalities.
    pub serves_other_residents: bool,
    /// The municipality has already delegated to its prefecture once.
    pub municipality_delegated_before: bool,
    /// The facility belongs to an aggregator (郡市医師会 等).
    pub has_aggregator: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DelegateDecision {
    /// Register a delegation to this kind of body.
    To(DelegateKind, &'static str),
    /// No delegation is needed; `billable` says whether the venue can bill
    /// the national health insurance federation (国保連).
    NotRequired {
        reason: &'static str,
        billable: bool,
    },
}

/// The rule of SPEC §3 (seed 001 「接種受託側としての委任状の提出」).
pub fn decide_delegate(f: DelegateFacts) -> DelegateDecision {
    match f.founder {
        Founder::Municipality if !f.serves_other_residents => DelegateDecision::NotRequired {
            reason: "市町村が設ける接種施設で、他市町村に住民票のある方への接種を行わないため、委任状の提出は不要です（接種費用は市町村が支弁し、国保連への請求はできません）。",
            billable: false,
        },
        Founder::Municipality if f.municipality_delegated_before => DelegateDecision::NotRequired {
            reason: "市町村が設ける接種施設の委任状は初回のみ都道府県宛に提出します。この市町村は既に提出済みのため、追加の提出は不要です。",
            billable: true,
        },
        Founder::Municipality => DelegateDecision::To(
            DelegateKind::Prefecture,
            "市町村が設ける接種施設で、居住地外の方も接種の対象とするため、初回のみ都道府県宛に提出します。",
        ),
        Founder::Prefecture => DelegateDecision::To(
            DelegateKind::Municipality,
            "都道府県が設ける接種施設のため、接種施設ごとに所在地の市町村宛に提出します。",
        ),
        Founder::Other if f.has_aggregator => DelegateDecision::To(
            DelegateKind::Aggregator,
            "接種施設ごとに、所属するとりまとめ団体宛に提出します。",
        ),
        Founder::Other => DelegateDecision::To(
            DelegateKind::Municipality,
            "所属するとりまとめ団体がないため、接種施設ごとに所在地の市町村宛に提出します。",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_and_codes() {
        assert!(check_postal_code("100-8916").is_ok());
        for bad in [
            "1008916",
            "100-891",
            "10-08916",
            "１００-８９１６",
            "100-891a",
            "100_8916",
        ] {
            assert!(check_postal_code(bad).is_err(), "{bad}");
        }
        assert!(check_facility_code("1312345678").is_ok());
        for bad in ["131234567", "13123456789", "13123456a8", "1312-45678", ""] {
            assert!(check_facility_code(bad).is_err(), "{bad}");
        }
        assert!(check_homepage("https://xxhp.jp").is_ok());
        assert!(check_homepage("xxhp.jp").is_err());
    }

    fn facts(founder: Founder, others: bool, before: bool, agg: bool) -> DelegateFacts {
        DelegateFacts {
            founder,
            serves_other_residents: others,
            municipality_delegated_before: before,
            has_aggregator: agg,
        }
    }

    #[test]
    fn each_delegate_rule() {
        use DelegateDecision::*;
        assert!(matches!(
            decide_delegate(facts(Founder::Municipality, false, false, false)),
            NotRequired {
                billable: false,
                ..
            }
        ));
        assert!(matches!(
            decide_delegate(facts(Founder::Municipality, true, false, true)),
            To(DelegateKind::Prefecture, _)
        ));
        assert!(matches!(
            decide_delegate(facts(Founder::Municipality, true, true, false)),
            NotRequired { billable: true, .. }
        ));
        // A prefectural venue delegates to its municipality every time.
        assert!(matches!(
            decide_delegate(facts(Founder::Prefecture, true, true, true)),
            To(DelegateKind::Municipality, _)
        ));
        assert!(matches!(
            decide_delegate(facts(Founder::Other, false, false, true)),
            To(DelegateKind::Aggregator, _)
        ));
        assert!(matches!(
            decide_delegate(facts(Founder::Other, false, false, false)),
            To(DelegateKind::Municipality, _)
        ));
    }

    #[test]
    fn basic_and_satellite_rules() {
        let none = SupplyFacts::default();
        let allocated = SupplyFacts {
            allocations_received: 1,
            ..none
        };
        let transferred = SupplyFacts {
            transfers_received: 2,
            transferred_stock_vials: 3,
            ..none
        };
        let used_up = SupplyFacts {
            transfers_received: 2,
            transferred_stock_vials: 0,
            ..none
        };
        let basic = (SiteType::Basic, None);
        let sat_a = (SiteType::Satellite, Some("site-1"));
        let sat_b = (SiteType::Satellite, Some("site-2"));
        // 1. basic → satellite only if never allocated
        assert_eq!(check_type_change(basic, sat_a, none), Ok(()));
        assert_eq!(
            check_type_change(basic, sat_a, allocated),
            Err(TypeRefusal::AllocatedBasic)
        );
        // 2. satellite → basic only if never received a transfer
        assert_eq!(check_type_change(sat_a, basic, allocated), Ok(()));
        assert_eq!(
            check_type_change(sat_a, basic, used_up),
            Err(TypeRefusal::SatelliteWithTransfers)
        );
        // 3. switching the basic site only with zero transferred stock
        assert_eq!(
            check_type_change(sat_a, sat_b, transferred),
            Err(TypeRefusal::StockRemains(3))
        );
        assert_eq!(check_type_change(sat_a, sat_b, used_up), Ok(()));
        assert_eq!(check_type_change(sat_a, sat_a, transferred), Ok(()));
        // exactly one basic site for a satellite, none for a basic site
        assert_eq!(
            check_type_change(basic, (SiteType::Satellite, None), none),
            Err(TypeRefusal::BasicSiteRequired)
        );
        assert_eq!(
            check_type_change(basic, (SiteType::Basic, Some("site-1")), none),
            Err(TypeRefusal::NotForBasic)
        );
    }

    #[test]
    fn readiness_lists_four_checks() {
        let r = readiness(ReadinessFacts {
            responsible_persons_filled: true,
            freezers_stated: true,
            contacts_current: true,
            doctors: 0,
        });
        assert_eq!(r.len(), 4);
        assert_eq!(
            r.iter()
                .filter(|c| !c.ok)
                .map(|c| c.key)
                .collect::<Vec<_>>(),
            ["doctors"]
        );
    }
}
