//! Master data: the 47 prefectures and 1,741 municipalities (2020 census
//! populations) from `data/`, as organisation items.

use crate::domain::org::Role;
use crate::store::orgs::OrgItem;
use serde::Serialize;
use std::sync::OnceLock;

/// The master data as committed in `data/` (see `data/SOURCES.md`).
pub const PREFECTURES_CSV: &str = include_str!("../../data/prefectures.csv");
pub const MUNICIPALITIES_CSV: &str = include_str!("../../data/municipalities.csv");

#[derive(Debug, serde::Deserialize)]
struct PrefRow {
    code: String,
    name: String,
    kana: String,
    population_total: u64,
    population_65plus: u64,
}

#[derive(Debug, serde::Deserialize)]
struct MuniRow {
    code6: String,
    prefecture_code: String,
    name: String,
    kana: String,
    population_total: u64,
    population_65plus: u64,
}

/// The nation, every prefecture and every municipality as organisations.
pub fn organisations(
    prefectures_csv: &str,
    municipalities_csv: &str,
) -> Result<Vec<OrgItem>, String> {
    let mut out = vec![OrgItem::new(
        Role::National,
        "national",
        "厚生労働省",
        None,
        None,
    )];
    let mut prefs: std::collections::HashMap<String, String> = Default::default();
    for row in csv::Reader::from_reader(prefectures_csv.as_bytes()).deserialize::<PrefRow>() {
        let r = row.map_err(|e| format!("prefectures.csv: {e}"))?;
        let mut o = OrgItem::new(
            Role::Prefecture,
            &r.code,
            &r.name,
            Some(r.code.clone()),
            None,
        );
        o.kana = Some(r.kana);
        o.population_total = Some(r.population_total);
        o.population_65plus = Some(r.population_65plus);
        prefs.insert(r.code.clone(), r.name);
        out.push(o);
    }
    for row in csv::Reader::from_reader(municipalities_csv.as_bytes()).deserialize::<MuniRow>() {
        let r = row.map_err(|e| format!("municipalities.csv: {e}"))?;
        let pref_name = prefs
            .get(&r.prefecture_code)
            .ok_or_else(|| format!("municipality {} names unknown prefecture", r.code6))?;
        let mut o = OrgItem::new(
            Role::Municipality,
            &r.code6,
            &format!("{pref_name}{}", r.name),
            Some(r.prefecture_code.clone()),
            Some(r.code6.clone()),
        );
        o.kana = Some(r.kana);
        o.population_total = Some(r.population_total);
        o.population_65plus = Some(r.population_65plus);
        out.push(o);
    }
    Ok(out)
}

/// A prefecture and its municipalities, by code and name: what a public
/// screen needs for its area selects. Read from the committed master data.
#[derive(Debug, Clone, Serialize)]
pub struct Area {
    pub code: String,
    pub name: String,
    pub municipalities: Vec<AreaMunicipality>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaMunicipality {
    pub code: String,
    pub name: String,
}

/// The 47 prefectures with their municipalities, in code order (parsed once).
pub fn areas() -> &'static [Area] {
    static AREAS: OnceLock<Vec<Area>> = OnceLock::new();
    AREAS.get_or_init(|| {
        let mut out: Vec<Area> = csv::Reader::from_reader(PREFECTURES_CSV.as_bytes())
            .deserialize::<PrefRow>()
            .map(|r| {
                let r = r.expect("data/prefectures.csv is valid");
                Area {
                    code: r.code,
                    name: r.name,
                    municipalities: Vec::new(),
                }
            })
            .collect();
        for r in csv::Reader::from_reader(MUNICIPALITIES_CSV.as_bytes()).deserialize::<MuniRow>() {
            let r = r.expect("data/municipalities.csv is valid");
            if let Some(a) = out.iter_mut().find(|a| a.code == r.prefecture_code) {
                a.municipalities.push(AreaMunicipality {
                    code: r.code6,
                    name: r.name,
                });
            }
        }
        out
    })
}

/// One area's 2020 census populations.
#[derive(Debug, Clone)]
pub struct CensusRow {
    pub code: String,
    /// The prefecture's code (the prefecture itself for a prefecture row).
    pub pref: String,
    pub name: String,
    pub total: u64,
    pub aged_65plus: u64,
}

/// The census of every prefecture and municipality, in code order: the
/// bases of the allocation defaults (parsed once).
pub struct Census {
    pub prefectures: Vec<CensusRow>,
    pub municipalities: Vec<CensusRow>,
}

impl Census {
    pub fn prefecture(&self, code: &str) -> Option<&CensusRow> {
        self.prefectures.iter().find(|p| p.code == code)
    }

    pub fn municipalities_of<'a>(&'a self, pref: &'a str) -> impl Iterator<Item = &'a CensusRow> + 'a {
        self.municipalities.iter().filter(move |m| m.pref == pref)
    }

    pub fn municipality(&self, code: &str) -> Option<&CensusRow> {
        self.municipalities.iter().find(|m| m.code == code)
    }
}

pub fn census() -> &'static Census {
    static CENSUS: OnceLock<Census> = OnceLock::new();
    CENSUS.get_or_init(|| Census {
        prefectures: csv::Reader::from_reader(PREFECTURES_CSV.as_bytes())
            .deserialize::<PrefRow>()
            .map(|r| {
                let r = r.expect("data/prefectures.csv is valid");
                CensusRow {
                    pref: r.code.clone(),
                    code: r.code,
                    name: r.name,
                    total: r.population_total,
                    aged_65plus: r.population_65plus,
                }
            })
            .collect(),
        municipalities: csv::Reader::from_reader(MUNICIPALITIES_CSV.as_bytes())
            .deserialize::<MuniRow>()
            .map(|r| {
                let r = r.expect("data/municipalities.csv is valid");
                CensusRow {
                    code: r.code6,
                    pref: r.prefecture_code,
                    name: r.name,
                    total: r.population_total,
                    aged_65plus: r.population_65plus,
                }
            })
            .collect(),
    })
}

/// One of the three dummy facilities every municipality has in the training
/// stage (seed 001: 「ダミー病院」「ダミー診療所」「ダミー接種会場」).
#[derive(Debug, Clone)]
pub struct TrainingFacility {
    /// `{municipality code}900{1,2,3}`: ten digits, like a facility code.
    pub code: String,
    pub name: &'static str,
    pub pref: String,
    pub muni: String,
}

impl TrainingFacility {
    pub fn org_id(&self) -> String {
        crate::domain::org::Role::Site.org_id(&self.code)
    }
}

/// The training stage's dummy facilities of one municipality.
pub fn training_facilities(muni: &str) -> Vec<TrainingFacility> {
    let pref = muni.get(..2).unwrap_or_default().to_string();
    [("9001", "ダミー病院"), ("9002", "ダミー診療所"), ("9003", "ダミー接種会場")]
        .into_iter()
        .map(|(n, name)| TrainingFacility {
            code: format!("{muni}{n}"),
            name,
            pref: pref.clone(),
            muni: muni.to_string(),
        })
        .collect()
}

/// The name of a prefecture from master data; its code when there is none.
pub fn pref_name(code: &str) -> String {
    census().prefecture(code).map_or_else(|| code.to_string(), |p| p.name.clone())
}

/// The name of a municipality (without its prefecture), from master data.
pub fn municipality_name(code: &str) -> Option<&'static str> {
    areas()
        .iter()
        .find(|a| code.starts_with(&a.code))
        .and_then(|a| a.municipalities.iter().find(|m| m.code == code))
        .map(|m| m.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_municipality_has_three_training_facilities() {
        let all: Vec<TrainingFacility> = census()
            .municipalities
            .iter()
            .flat_map(|m| training_facilities(&m.code))
            .collect();
        assert_eq!(all.len(), 5_223);
        let codes: std::collections::HashSet<&str> = all.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes.len(), 5_223);
        assert!(all.iter().all(|f| f.code.len() == 10 && f.code.bytes().all(|b| b.is_ascii_digit())));
        assert_eq!(training_facilities("312011")[0].org_id(), "site-3120119001");
    }

    #[test]
    fn areas_hold_every_municipality() {
        let a = areas();
        assert_eq!(a.len(), 47);
        assert_eq!(
            a.iter().map(|p| p.municipalities.len()).sum::<usize>(),
            1741
        );
        assert_eq!(municipality_name("131016"), Some("千代田区"));
        assert_eq!(municipality_name("131999"), None);
    }
}
