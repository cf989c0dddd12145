//! Master data: the 47 prefectures and 1,741 municipalities (2020 census
//! populations) from `data/`, as organisation items.

use crate::domain::org::Role;
use crate::store::orgs::OrgItem;

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
