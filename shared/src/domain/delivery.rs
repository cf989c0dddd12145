//! Delivery (SPEC §7): the wholesalers' delivery areas. An area is a list of
//! prefectures (two digits) and municipalities (six digits) from master
//! data; a municipality whose prefecture is listed too would be listed twice.

use crate::masterdata::census;

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

#[cfg(test)]
mod tests {
    use super::*;

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
