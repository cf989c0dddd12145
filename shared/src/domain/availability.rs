//! The open availability feed: the venues' free places in the SMART
//! Scheduling Links format (a `$bulk-publish` manifest naming Location,
//! Schedule and Slot NDJSON files, FHIR R4 shapes), so that search services
//! can show where a place is free — as CoWIN's public availability API and
//! VaccineFinder did. Counts only: nothing of a booking is in it.
//!
//! - Location: one per listed venue, by its 10-digit code.
//! - Schedule: one per venue and vaccine (`{code}.{product}`).
//! - Slot: one per slot ahead, `free` with its places left as the
//!   slot-capacity extension, or `busy` when none is left or it is closed.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::{json, Value};

/// The files of the feed, as the manifest names them and the public route serves them.
pub const MANIFEST: &str = "$bulk-publish";
pub const FILES: [(&str, &str); 3] = [("Location", "locations.ndjson"), ("Schedule", "schedules.ndjson"), ("Slot", "slots.ndjson")];

const EXT: &str = "http://fhir-registry.smarthealthit.org/StructureDefinition";

/// A listed venue, as the finder publishes it.
pub struct Venue<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub phone: &'a str,
    pub postal_code: &'a str,
    pub address: &'a str,
    /// 市区町村名 and 都道府県名.
    pub city: &'a str,
    pub state: &'a str,
    pub homepage: Option<&'a str>,
}

/// One slot ahead, counts only.
pub struct Slot<'a> {
    pub product: &'a str,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub left: u32,
}

/// A FHIR id: up to 64 of letters, digits, `.` and `_` (others become `_`).
pub fn fhir_id(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).take(64).collect()
}

pub fn schedule_id(code: &str, product: &str) -> String {
    fhir_id(&format!("{code}.{product}"))
}

pub fn location(v: &Venue) -> Value {
    let mut telecom = vec![json!({"system": "phone", "value": v.phone})];
    if let Some(h) = v.homepage {
        telecom.push(json!({"system": "url", "value": h}));
    }
    json!({
        "resourceType": "Location",
        "id": fhir_id(v.code),
        "identifier": [{"system": "urn:vsys:medical-institution-code", "value": v.code}],
        "name": v.name,
        "telecom": telecom,
        "address": {"line": [v.address], "city": v.city, "state": v.state, "postalCode": v.postal_code, "country": "JP"},
    })
}

pub fn schedule(code: &str, product: &str, product_name: &str) -> Value {
    json!({
        "resourceType": "Schedule",
        "id": schedule_id(code, product),
        "serviceType": [{"coding": [
            {"system": "http://terminology.hl7.org/CodeSystem/service-type", "code": "57", "display": "Immunization"},
            {"system": "http://fhir-registry.smarthealthit.org/CodeSystem/service-type", "code": "covid19-immunization", "display": "COVID-19 Immunization Appointment"}
        ]}],
        "actor": [{"reference": format!("Location/{}", fhir_id(code))}],
        "extension": [{"url": format!("{EXT}/vaccine-product"), "valueCoding": {"system": "urn:vsys:product", "code": product, "display": product_name}}],
    })
}

/// Japan time, as the slots' times are kept.
fn jst(date: NaiveDate, t: NaiveTime) -> String {
    format!("{}T{}+09:00", date, t.format("%H:%M:%S"))
}

pub fn slot(code: &str, s: &Slot, booking_phone: &str) -> Value {
    let mut extension = vec![json!({"url": format!("{EXT}/booking-phone"), "valueString": booking_phone})];
    if s.left > 0 {
        extension.push(json!({"url": format!("{EXT}/slot-capacity"), "valueInteger": s.left}));
    }
    json!({
        "resourceType": "Slot",
        "id": fhir_id(&format!("{code}.{}.{}", s.date.format("%Y%m%d"), s.start.format("%H%M"))),
        "schedule": {"reference": format!("Schedule/{}", schedule_id(code, s.product))},
        "status": if s.left > 0 { "free" } else { "busy" },
        "start": jst(s.date, s.start),
        "end": jst(s.date, s.end),
        "extension": extension,
    })
}

/// The manifest: when the files were made and where each is (`base` is
/// the feed's own URL, without the file).
pub fn manifest(at: DateTime<Utc>, base: &str) -> Value {
    let base = base.trim_end_matches('/');
    json!({
        "transactionTime": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "request": format!("{base}/{MANIFEST}"),
        "output": FILES.iter().map(|(t, f)| json!({"type": t, "url": format!("{base}/{f}")})).collect::<Vec<_>>(),
        "error": [],
    })
}

/// One NDJSON file: a minified JSON object per line.
pub fn ndjson(lines: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for l in lines {
        out.extend_from_slice(l.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_free_with_their_places_left_or_busy() {
        let d = NaiveDate::from_ymd_opt(2021, 3, 15).unwrap();
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let free = slot("3110000001", &Slot { product: "moderna-primary", date: d, start: t(9), end: t(10), left: 3 }, "0857-22-8111");
        assert_eq!(free["id"], "3110000001.20210315.0900");
        assert_eq!(free["status"], "free");
        assert_eq!(free["start"], "2021-03-15T09:00:00+09:00");
        assert_eq!(free["schedule"]["reference"], "Schedule/3110000001.moderna_primary");
        assert!(free["extension"].as_array().unwrap().iter().any(|e| e["valueInteger"] == 3));
        let busy = slot("3110000001", &Slot { product: "moderna-primary", date: d, start: t(10), end: t(11), left: 0 }, "0857-22-8111");
        assert_eq!(busy["status"], "busy");
        assert_eq!(busy["extension"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn the_manifest_names_every_file_by_its_full_url() {
        let m = manifest(DateTime::parse_from_rfc3339("2021-03-15T01:00:00Z").unwrap().to_utc(), "https://v-sys.example/public/availability/");
        assert_eq!(m["request"], "https://v-sys.example/public/availability/$bulk-publish");
        assert_eq!(m["output"][2]["url"], "https://v-sys.example/public/availability/slots.ndjson");
        assert_eq!(m["transactionTime"], "2021-03-15T01:00:00Z");
        assert_eq!(fhir_id("site-31/x"), "site_31_x");
        assert_eq!(ndjson(&[json!({"a": 1}), json!({"b": 2})]), b"{\"a\":1}\n{\"b\":2}\n");
    }
}
