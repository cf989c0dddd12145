//! Reservations (SPEC §9, seeds 001 and 003): seed 001's 192 places and its
//! break variant, the grid of places left after bookings, change and
//! cancel; 2,000 parallel bookings for 200 places and parallel changes
//! into one slot; one live booking per coupon and dose, and the dose
//! interval; scope; bad input named with nothing written; 接種済 feeding
//! the venue's results; the venue status job and the open availability
//! feed; the weekly demand offered from the bookings.

use serde_json::{json, Value};
use futures_util::StreamExt;
use vsys_e2e::*;

/// Monday 2021-03-01; the venue opens on 3/15.
const NOW: &str = "2021-03-01T10:00:00+09:00";
const VENUE: &str = "site-3110000001";

fn plan(venue: &str, first: &str, last: &str, preview: bool) -> Value {
    json!({"venue_id": venue, "product": "moderna-primary", "first_date": first, "last_date": last,
        "weekdays": ["mon", "wed", "fri"], "start": "09:00", "end": "17:00", "slot_minutes": 60,
        "people_per_slot": 4, "preview": preview})
}

fn person(coupon: &str, dose: u8) -> Value {
    json!({"booker_kana": "トットリ ハナコ", "booker_phone": "0857-22-8111", "name": "鳥取 太郎", "name_kana": "トットリ タロウ",
        "birth_date": "1945-05-05", "category": "elderly", "dose": dose, "coupon": coupon})
}

fn booking(venue: &str, date: &str, start: &str, coupon: &str, dose: u8) -> Value {
    let mut b = person(coupon, dose);
    b["venue_id"] = json!(venue);
    b["date"] = json!(date);
    b["start"] = json!(start);
    b
}

fn coupon(n: usize) -> String {
    format!("{:010}", 1_000_000_000 + n)
}

async fn left_by_day(st: &Stack, s: &Session, venue: &str, from: &str, to: &str) -> Vec<(String, Vec<u64>)> {
    let (code, v) = st.get(&format!("/reservation-slots?venue_id={venue}&from={from}&to={to}"), Some(&s.token)).await;
    assert_eq!(code, StatusCode::OK, "{v}");
    let mut days: Vec<(String, Vec<u64>)> = Vec::new();
    for i in v["items"].as_array().unwrap() {
        let d = i["date"].as_str().unwrap().to_string();
        let left = i["left"].as_u64().unwrap();
        match days.last_mut() {
            Some((day, l)) if *day == d => l.push(left),
            _ => days.push((d, vec![left])),
        }
    }
    days
}

#[tokio::test]
async fn slots_bookings_changes_and_cancellations_follow_seed_001() {
    let st = Stack::start_with(vsys::Stage::Production, NOW, &["31"]).await;
    let admin = st.national_admin().await;
    let site = st.site(&admin, "3110000001", "鳥取市集団接種会場", "312011").await;
    let city = st.user(&admin, json!({"role": "municipality", "organisation_code": "312011"})).await;
    let agent = st.user(&admin, json!({"role": "call_centre", "organisation_code": "312011"})).await;
    let yonago = st.user(&admin, json!({"role": "municipality", "organisation_code": "312029"})).await;
    let yonago_agent = st.user(&admin, json!({"role": "call_centre", "organisation_code": "312029"})).await;

    // The venues the municipality works with.
    let (s, v) = st.get("/reservation-venues", Some(&city.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["items"].as_array().unwrap().iter().any(|i| i["venue_id"] == VENUE), "{v}");

    // Seed 001: 3/15–3/26, Mon/Wed/Fri, 9:00–17:00, 60 minutes, 4 people → 192 places.
    let (s, v) = st.post("/reservation-slots", Some(&city.token), plan(VENUE, "2021-03-15", "2021-03-26", true)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!((v["created"].as_bool(), v["days"].as_u64(), v["slots"].as_u64(), v["places"].as_u64()), (Some(false), Some(6), Some(48), Some(192)), "{v}");
    // The preview wrote nothing.
    assert!(left_by_day(&st, &city, VENUE, "2021-03-15", "2021-03-26").await.is_empty());
    // With a 12:00–13:00 break: 7 slots a day.
    let mut with_break = plan(VENUE, "2021-03-15", "2021-03-26", true);
    with_break["breaks"] = json!([{"start": "12:00", "end": "13:00"}]);
    let (s, v) = st.post("/reservation-slots", Some(&city.token), with_break).await;
    assert_eq!((s, v["slots"].as_u64(), v["places"].as_u64()), (StatusCode::OK, Some(42), Some(168)), "{v}");

    // Bad plans: named, nothing written.
    for (change, field) in [
        (json!({"end": "08:00"}), "end"),
        (json!({"people_per_slot": 0}), "people_per_slot"),
        (json!({"last_date": "2021-03-01"}), "last_date"),
        (json!({"weekdays": ["monday"]}), "weekdays[0]"),
        (json!({"breaks": [{"start": "13:00", "end": "12:00"}]}), "breaks[0].end"),
    ] {
        let mut p = plan(VENUE, "2021-03-15", "2021-03-26", false);
        for (k, x) in change.as_object().unwrap() {
            p[k] = x.clone();
        }
        let (s, e) = st.post("/reservation-slots", Some(&city.token), p).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{e}");
    }
    assert!(left_by_day(&st, &city, VENUE, "2021-03-15", "2021-03-26").await.is_empty());

    // Created for real by the call centre; a second time clashes.
    let (s, v) = st.post("/reservation-slots", Some(&agent.token), plan(VENUE, "2021-03-15", "2021-03-26", false)).await;
    assert_eq!((s, v["created"].as_bool(), v["places"].as_u64()), (StatusCode::OK, Some(true), Some(192)), "{v}");
    let (s, e) = st.post("/reservation-slots", Some(&city.token), plan(VENUE, "2021-03-15", "2021-03-15", false)).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("slot_exists")), "{e}");
    // Another municipality sees and makes nothing of the venue's.
    let (s, _) = st.get(&format!("/reservation-slots?venue_id={VENUE}&from=2021-03-15"), Some(&yonago.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = st.post("/reservation-slots", Some(&yonago_agent.token), plan(VENUE, "2021-03-29", "2021-03-29", false)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Bookings: the 9:00 slot of 3/15 takes 4, then is full.
    let mut refs = Vec::new();
    for n in 0..4 {
        let (s, v) = st.post("/bookings", Some(&agent.token), booking(VENUE, "2021-03-15", "09:00", &coupon(n), 1)).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["status_label"], "予約済");
        refs.push((v["reference"].as_str().unwrap().to_string(), v["version"].as_u64().unwrap()));
    }
    let (s, e) = st.post("/bookings", Some(&agent.token), booking(VENUE, "2021-03-15", "09:00", &coupon(99), 1)).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("slot_full")), "{e}");
    assert!(e["message"].as_str().unwrap().starts_with("満員です"), "{e}");
    // One coupon, one live booking per dose.
    let (s, e) = st.post("/bookings", Some(&agent.token), booking(VENUE, "2021-03-15", "10:00", &coupon(0), 1)).await;
    assert_eq!((s, e["error"].as_str(), e["field"].as_str()), (StatusCode::CONFLICT, Some("coupon_booked"), Some("coupon")), "{e}");
    // Dose 2 before Moderna's 28 days: refused with the earliest date.
    let (s, e) = st.post("/bookings", Some(&agent.token), booking(VENUE, "2021-03-26", "09:00", &coupon(0), 2)).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("date")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("2021/04/12以降"), "{e}");
    // Bad people: named, nothing written.
    for (change, field) in [
        (json!({"coupon": "123456789"}), "coupon"),
        (json!({"birth_date": "2030-01-01"}), "birth_date"),
        (json!({"name_kana": "鳥取 太郎"}), "name_kana"),
        (json!({"booker_kana": "Tottori"}), "booker_kana"),
        (json!({"dose": 0}), "dose"),
    ] {
        let mut b = booking(VENUE, "2021-03-17", "09:00", &coupon(50), 1);
        for (k, x) in change.as_object().unwrap() {
            b[k] = x.clone();
        }
        let (s, e) = st.post("/bookings", Some(&agent.token), b).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{e}");
    }
    // Two bookings at 13:00 on 3/15: the grid of places left (seed 001's 「15 15 … 9」 shape).
    for n in 10..12 {
        let (s, v) = st.post("/bookings", Some(&city.token), booking(VENUE, "2021-03-15", "13:00", &coupon(n), 1)).await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    let grid = left_by_day(&st, &agent, VENUE, "2021-03-15", "2021-03-17").await;
    assert_eq!(grid, vec![("2021-03-15".to_string(), vec![0, 4, 4, 4, 2, 4, 4, 4]), ("2021-03-17".to_string(), vec![4; 8])]);

    // A change moves the booking (the old place is free, the new one taken).
    let (first, version) = refs[0].clone();
    let (s, moved) = st.put(&format!("/bookings/{VENUE}/{first}/slot"), Some(&agent.token), json!({"date": "2021-03-17", "start": "10:00", "version": version})).await;
    assert_eq!(s, StatusCode::OK, "{moved}");
    assert_eq!((moved["date"].as_str(), moved["start"].as_str()), (Some("2021-03-17"), Some("10:00")));
    let (s, _) = st.get(&format!("/bookings/{VENUE}/{first}"), Some(&agent.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "the old reference is gone");
    // Cancelled: the place is free again, and the coupon can book again.
    let moved_ref = moved["reference"].as_str().unwrap();
    let (s, v) = st.post(&format!("/bookings/{VENUE}/{moved_ref}/cancel"), Some(&agent.token), json!({"version": moved["version"]})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let grid = left_by_day(&st, &agent, VENUE, "2021-03-15", "2021-03-17").await;
    assert_eq!(grid, vec![("2021-03-15".to_string(), vec![1, 4, 4, 4, 2, 4, 4, 4]), ("2021-03-17".to_string(), vec![4; 8])]);
    let (s, v) = st.post("/bookings", Some(&agent.token), booking(VENUE, "2021-03-15", "09:00", &coupon(0), 1)).await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // A slot cannot go below its bookings, nor be deleted while booked.
    let (s, e) = st.put(&format!("/reservation-slots/{VENUE}/2021-03-15/1300"), Some(&city.token), json!({"places": 1, "closed": false, "version": 1})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("places")), "{e}");
    let (s, e) = st.delete(&format!("/reservation-slots/{VENUE}/2021-03-15/1300"), Some(&city.token)).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("slot_has_bookings")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("予約が2件"), "{e}");
    let (s, v) = st.delete(&format!("/reservation-slots/{VENUE}/2021-03-17/1600"), Some(&city.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Closed: no more bookings.
    let (s, v) = st.put(&format!("/reservation-slots/{VENUE}/2021-03-17/1500"), Some(&city.token), json!({"places": 6, "closed": true, "version": 1})).await;
    assert_eq!((s, v["left"].as_u64()), (StatusCode::OK, Some(0)), "{v}");
    let (s, e) = st.post("/bookings", Some(&agent.token), booking(VENUE, "2021-03-17", "15:00", &coupon(60), 1)).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("slot_closed")), "{e}");

    // The venue-day list for the reception desk, and its audit record.
    let (s, v) = st.get(&format!("/bookings?venue_id={VENUE}&date=2021-03-15"), Some(&city.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["items"].as_array().unwrap().len(), 6, "{v}");
    assert_eq!(v["context"]["venue_name"], "鳥取市集団接種会場");
    let res = st.http.get(format!("{}/bookings?venue_id={VENUE}&date=2021-03-15&format=csv", st.base)).bearer_auth(&city.token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert!(csv.contains("鳥取 太郎") && csv.contains("2021/03/15") && csv.contains(&coupon(10)), "{csv}");
    assert_eq!(csv.lines().count(), 7, "{csv}");
    let reads = vsys::store::audit::trail(&st.app, &format!("bookings:{VENUE}:2021-03-15"), 100, None).await.unwrap().items;
    assert!(reads.iter().filter(|r| r.action == "bookings_read" && r.actor == city.vsys_id).count() >= 2, "{reads:?}");
    assert!(reads.iter().all(|r| !r.after.as_deref().unwrap_or("").contains("鳥取 太郎")), "no personal data in the audit trail");
    // Another municipality's agent and staff: 404; the site itself: counts only.
    for s in [&yonago, &yonago_agent] {
        let (code, _) = st.get(&format!("/bookings?venue_id={VENUE}&date=2021-03-15"), Some(&s.token)).await;
        assert_eq!(code, StatusCode::NOT_FOUND);
        let (code, _) = st.post("/bookings", Some(&s.token), booking(VENUE, "2021-03-17", "09:00", &coupon(70), 1)).await;
        assert_eq!(code, StatusCode::NOT_FOUND);
    }
    let (code, _) = st.get(&format!("/bookings?venue_id={VENUE}&date=2021-03-15"), Some(&site.token)).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert_eq!(left_by_day(&st, &site, VENUE, "2021-03-15", "2021-03-15").await[0].1, vec![0, 4, 4, 4, 2, 4, 4, 4]);
}

#[tokio::test]
async fn two_thousand_parallel_bookings_take_exactly_two_hundred_places() {
    let st = Stack::start_with(vsys::Stage::Production, NOW, &["31"]).await;
    let admin = st.national_admin().await;
    st.site(&admin, "3110000002", "鳥取市大規模接種会場", "312011").await;
    let venue = "site-3110000002";
    let agent = st.user(&admin, json!({"role": "call_centre", "organisation_code": "312011"})).await;
    // 5 slots of 40 on Monday 3/15: 200 places.
    let mut p = plan(venue, "2021-03-15", "2021-03-15", false);
    p["end"] = json!("14:00");
    p["people_per_slot"] = json!(40);
    let (s, v) = st.post("/reservation-slots", Some(&agent.token), p).await;
    assert_eq!((s, v["places"].as_u64()), (StatusCode::OK, Some(200)), "{v}");
    let starts = ["09:00", "10:00", "11:00", "12:00", "13:00"];
    let tries = (0..2000).map(|n| {
        let (st, token) = (&st, agent.token.clone());
        async move { st.post("/bookings", Some(&token), booking(venue, "2021-03-15", starts[n % 5], &coupon(n), 1)).await }
    });
    // A hundred in flight at a time, through the gateway.
    let answers: Vec<(StatusCode, Value)> = futures_util::stream::iter(tries).buffer_unordered(100).collect().await;
    let booked = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let full = answers.iter().filter(|(s, e)| *s == StatusCode::CONFLICT && e["error"] == "slot_full").count();
    assert_eq!((booked, full), (200, 1800), "{:?}", answers.iter().find(|(s, e)| *s != StatusCode::OK && e["error"] != "slot_full"));
    let city = st.user(&admin, json!({"role": "municipality", "organisation_code": "312011"})).await;
    let (_, list) = st.get(&format!("/bookings?venue_id={venue}&date=2021-03-15"), Some(&city.token)).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 200);
    let grid = left_by_day(&st, &city, venue, "2021-03-15", "2021-03-15").await;
    assert_eq!(grid[0].1, vec![0; 5]);

    // Parallel changes into one slot of 5 places: exactly 5 move.
    let mut p = plan(venue, "2021-03-17", "2021-03-17", false);
    p["end"] = json!("10:00");
    p["people_per_slot"] = json!(5);
    let (s, v) = st.post("/reservation-slots", Some(&city.token), p).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let movers: Vec<(String, u64)> = list["items"].as_array().unwrap()[..30]
        .iter()
        .map(|b| (b["reference"].as_str().unwrap().to_string(), b["version"].as_u64().unwrap()))
        .collect();
    let tries = movers.iter().map(|(r, v)| {
        let (st, token) = (&st, agent.token.clone());
        async move { st.put(&format!("/bookings/{venue}/{r}/slot"), Some(&token), json!({"date": "2021-03-17", "start": "09:00", "version": v})).await }
    });
    let answers = futures_util::future::join_all(tries).await;
    let moved = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let full = answers.iter().filter(|(s, e)| *s == StatusCode::CONFLICT && e["error"] == "slot_full").count();
    assert_eq!((moved, full), (5, 25));
    let grid = left_by_day(&st, &city, venue, "2021-03-15", "2021-03-17").await;
    assert_eq!(grid.iter().map(|(_, l)| l.iter().sum::<u64>()).collect::<Vec<_>>(), vec![5, 0]);
    let (_, list) = st.get(&format!("/bookings?venue_id={venue}&date=2021-03-17"), Some(&city.token)).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 5);
}

/// A listed venue's profile (the finder and the feed show it).
fn listed_profile() -> Value {
    json!({
        "name": "鳥取市民体育館 集団接種会場", "classification": "municipal_venue", "founder": "municipality", "vaccine": "武田薬品工業",
        "postal_code": "680-0001", "address": "鳥取県鳥取市浜坂1-1", "phone": "0857-20-3000",
        "freezers_minus75": 0, "freezers_minus20": 1,
        "responsible": {"vaccination": {"name": "接種 責任", "phone": "0857-20-3001"}},
        "contacts": {"primary": {"name": "鳥取 次郎", "phone": "0857203002", "email": "venue@city.tottori.example.jp"}},
        "public_listing": "public"
    })
}

/// The public finder's reservation status label of `venue`.
async fn finder_status(st: &Stack, venue: &str) -> String {
    let (_, v) = st.get("/public/sites?prefecture_code=31", None).await;
    let site = v["items"].as_array().unwrap().iter().find(|s| s["site_id"] == venue).unwrap_or_else(|| panic!("{v}"));
    site["reservation_status_label"].as_str().unwrap().to_string()
}

async fn public_file(st: &Stack, file: &str) -> (StatusCode, Option<String>, String) {
    let res = st.http.get(format!("{}/public/availability/{file}", st.base)).send().await.unwrap();
    let cache = res.headers().get("cache-control").map(|h| h.to_str().unwrap().to_string());
    (res.status(), cache, res.text().await.unwrap())
}

#[tokio::test]
async fn vaccinated_bookings_become_results_and_the_status_and_feed_follow_the_places() {
    let st = Stack::start_with(vsys::Stage::Production, "2021-06-25T10:00:00+09:00", &["31"]).await;
    let mut admin = st.national_admin().await;
    // Moderna delivered to the venue on Monday 7/19: 2 packs = 20 vials of 10 doses.
    let (s, v) = st
        .post("/cools", Some(&admin.token), json!({"number": 1, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-07-19",
            "vaccination_from": "2021-07-19", "vaccination_until": "2021-12-31",
            "registration_opens": "2021-06-01T00:00:00+09:00", "registration_deadline": "2021-06-29T15:00:00+09:00"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let cool = v["cool_id"].as_str().unwrap().to_string();
    let venue = "site-3110000003";
    let boxes = vsys::domain::allocation::Boxes { vaccine: 2, needles: 2, syringes: 2 };
    st.final_allocations(&cool, "312011", &[(venue.into(), "鳥取市民体育館 集団接種会場".into(), boxes)]).await;
    st.set_now("2021-07-20T10:00:00+09:00");
    st.renew(&mut admin).await;
    let mut site = st.site(&admin, "3110000003", "鳥取市民体育館 集団接種会場", "312011").await;
    st.save_profile(&site, listed_profile()).await;
    let mut city = st.user(&admin, json!({"role": "municipality", "organisation_code": "312011"})).await;
    ok(&st, &admin, "PUT", "/wholesalers/tottoriWs", json!({"name": "鳥取薬品", "areas": ["31"], "version": 0})).await;
    let ws = st.user(&admin, json!({"role": "wholesaler", "organisation_code": "tottoriWs", "organisation_name": "鳥取薬品", "prefecture_code": "31"})).await;
    ok(&st, &ws, "POST", "/lots", json!({"lot_number": "FA1234", "product": "moderna-primary", "expiry_date": "2021-12-31"})).await;
    ok(&st, &ws, "PUT", &format!("/deliveries/{cool}/{venue}/schedule"), json!({"scheduled_date": "2021-07-19", "version": 1})).await;
    ok(&st, &ws, "PUT", &format!("/deliveries/{cool}/{venue}/actual"), json!({"delivered_on": "2021-07-19", "lots": [{"lot_number": "FA1234", "vials": 20}], "version": 2})).await;

    // Wednesday 7/21, 9:00–11:00, two slots of 10: 20 places.
    let mut p = plan(venue, "2021-07-21", "2021-07-21", false);
    p["end"] = json!("11:00");
    p["people_per_slot"] = json!(10);
    let (s, v) = st.post("/reservation-slots", Some(&city.token), p).await;
    assert_eq!((s, v["places"].as_u64()), (StatusCode::OK, Some(20)), "{v}");
    st.job("venue-availability").await;
    assert_eq!(finder_status(&st, venue).await, "予約可能");

    // 19 booked: 1 of 20 left is under a tenth → 残り少数; then none → 予約受付不可.
    let mut refs = Vec::new();
    for n in 0..19 {
        let mut b = booking(venue, "2021-07-21", if n < 10 { "09:00" } else { "10:00" }, &coupon(n), 1);
        if n == 1 {
            b["category"] = json!("medical_workers");
        }
        let v = ok(&st, &city, "POST", "/bookings", b).await;
        refs.push((v["reference"].as_str().unwrap().to_string(), v["version"].as_u64().unwrap()));
    }
    let v = st.job("venue-availability").await;
    assert_eq!(v["changed"], 1, "{v}");
    assert_eq!(finder_status(&st, venue).await, "残り少数");
    ok(&st, &city, "POST", "/bookings", booking(venue, "2021-07-21", "10:00", &coupon(19), 1)).await;
    st.job("venue-availability").await;
    assert_eq!(finder_status(&st, venue).await, "予約受付不可");
    let trail = vsys::store::audit::trail(&st.app, &format!("facility:{venue}"), 100, None).await.unwrap().items;
    assert_eq!(trail.iter().filter(|r| r.action == "reservation_status_set" && r.actor == "system:venue-availability").count(), 3, "{trail:?}");
    // A second run changes nothing.
    assert_eq!(st.job("venue-availability").await["changed"], 0);

    // The open feed: the manifest names the three files; the venue, its
    // schedule and its two slots, both busy now; no personal data.
    let (s, cache, manifest) = public_file(&st, "$bulk-publish").await;
    assert_eq!((s, cache.as_deref()), (StatusCode::OK, Some("public, max-age=60")), "{manifest}");
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["output"].as_array().unwrap().len(), 3, "{manifest}");
    assert!(manifest["request"].as_str().unwrap().ends_with("/public/availability/$bulk-publish"), "{manifest}");
    let (_, _, locations) = public_file(&st, "locations.ndjson").await;
    let location: Value = serde_json::from_str(locations.lines().next().unwrap()).unwrap();
    assert_eq!((location["resourceType"].as_str(), location["id"].as_str(), location["address"]["state"].as_str()), (Some("Location"), Some("3110000003"), Some("鳥取県")), "{location}");
    let (_, _, slots) = public_file(&st, "slots.ndjson").await;
    let slots: Vec<Value> = slots.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(slots.iter().map(|s| (s["start"].as_str().unwrap(), s["status"].as_str().unwrap())).collect::<Vec<_>>(), vec![("2021-07-21T09:00:00+09:00", "busy"), ("2021-07-21T10:00:00+09:00", "busy")]);
    let (_, _, all) = public_file(&st, "slots.ndjson").await;
    assert!(!all.contains(&coupon(0)) && !all.contains("鳥取 太郎"));
    let (s, _, _) = public_file(&st, "bookings.ndjson").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Not before the day: 接種済 is refused on 7/20.
    let (first, version) = refs[0].clone();
    let (s, e) = st.put(&format!("/bookings/{venue}/{first}/status"), Some(&city.token), json!({"status": "vaccinated", "version": version})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("status")), "{e}");
    // On the day: two vaccinated become the venue's results, a no-show frees its coupon.
    st.set_now("2021-07-21T10:30:00+09:00");
    for s in [&mut site, &mut city] {
        st.renew(s).await;
    }
    for (r, v) in &refs[..2] {
        let done = ok(&st, &city, "PUT", &format!("/bookings/{venue}/{r}/status"), json!({"status": "vaccinated", "version": v})).await;
        assert_eq!(done["status_label"], "接種済");
    }
    let (r, v) = &refs[2];
    ok(&st, &city, "PUT", &format!("/bookings/{venue}/{r}/status"), json!({"status": "no_show", "version": v})).await;
    let (s, e) = st.put(&format!("/bookings/{venue}/{}/status", refs[0].0), Some(&city.token), json!({"status": "no_show", "version": refs[0].1 + 1})).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("not_booked")), "{e}");
    let results = ok(&st, &site, "GET", "/results", json!(null)).await;
    let mine = &results["items"][0];
    assert_eq!(mine["last"]["counts"]["dose1"]["elderly"], 1, "{results}");
    assert_eq!(mine["last"]["counts"]["dose1"]["medical_workers"], 1, "{results}");
    assert_eq!((mine["last"]["as_of"].as_str(), mine["on_hand_vials"].as_u64()), (Some("2021-07-21"), Some(19)), "one vial opened for 2 doses: {results}");
    // Ten desks marking at once: each dose counted once.
    let marks = refs[3..13].iter().map(|(r, v)| {
        let (st, token) = (&st, city.token.clone());
        async move { st.put(&format!("/bookings/{venue}/{r}/status"), Some(&token), json!({"status": "vaccinated", "version": v})).await }
    });
    let answers = futures_util::future::join_all(marks).await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::OK), "{answers:?}");
    let results = ok(&st, &site, "GET", "/results", json!(null)).await;
    let mine = &results["items"][0];
    assert_eq!((mine["last"]["counts"]["dose1"]["elderly"].as_u64(), mine["on_hand_vials"].as_u64()), (Some(11), Some(18)), "{results}");
    let trail = vsys::store::audit::trail(&st.app, &format!("results:{venue}:moderna-primary"), 100, None).await.unwrap().items;
    assert_eq!(trail.iter().filter(|r| r.action == "result_reported" && r.actor == city.vsys_id).count(), 12, "{trail:?}");
    // Walk-ins typed by the venue: the entry goes on from the bookings' counts.
    let mut counts = mine["last"]["counts"].clone();
    counts["dose1"]["others"] = json!(3);
    let mut report = counts.clone();
    report["as_of"] = json!("2021-07-21");
    report["version"] = mine["version"].clone();
    let v = ok(&st, &site, "PUT", "/results/moderna-primary", report).await;
    assert_eq!(v["last"]["totals"][0], 15, "{v}");
    // The no-show's coupon books its first dose again, on another day.
    let mut p = plan(venue, "2021-07-26", "2021-07-26", false);
    p["end"] = json!("10:00");
    ok(&st, &city, "POST", "/reservation-slots", p).await;
    ok(&st, &city, "POST", "/bookings", booking(venue, "2021-07-26", "09:00", &coupon(2), 1)).await;

    // The venue's weekly demand is offered its bookings: the delivery week
    // of 7/19 holds the 20 places of 7/21 (100 doses a pack of Moderna).
    let v = ok(&st, &site, "GET", &format!("/cools/{cool}/demand"), json!(null)).await;
    let s = &v["suggestion"];
    assert_eq!((s["booked"].as_u64(), s["second_doses_due"].as_u64(), s["doses"].as_u64(), s["packs"].as_u64()), (Some(20), Some(0), Some(20), Some(1)), "{v}");
    // Four weeks on (Moderna's 28 days), the second doses of 7/21 fall due:
    // 19 first doses not missed, one of which has its second booked (8/18).
    st.renew(&mut admin).await;
    let (s, v) = st
        .post("/cools", Some(&admin.token), json!({"number": 2, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-08-16",
            "vaccination_from": "2021-08-16", "vaccination_until": "2021-12-31",
            "registration_opens": "2021-07-16T00:00:00+09:00", "registration_deadline": "2021-08-03T15:00:00+09:00"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let later = v["cool_id"].as_str().unwrap().to_string();
    let mut p = plan(venue, "2021-08-18", "2021-08-18", false);
    p["end"] = json!("10:00");
    ok(&st, &city, "POST", "/reservation-slots", p).await;
    ok(&st, &city, "POST", "/bookings", booking(venue, "2021-08-18", "09:00", &coupon(3), 2)).await;
    let v = ok(&st, &site, "GET", &format!("/cools/{later}/demand"), json!(null)).await;
    let s = &v["suggestion"];
    assert_eq!((s["booked"].as_u64(), s["second_doses_due"].as_u64(), s["doses"].as_u64(), s["packs"].as_u64()), (Some(1), Some(18), Some(19), Some(1)), "{v}");
    assert!(s["arithmetic"].as_str().unwrap().contains("予約済み 1回 ＋ 2回目の接種予定（未予約） 18回 ＝ 19回"), "{v}");
}
