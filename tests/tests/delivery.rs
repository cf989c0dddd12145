//! Delivery (SPEC §7): the wholesaler master — the nation keeps each
//! wholesaler's delivery area, checked against master data; the wholesaler
//! reads its own.

use serde_json::{json, Value};
use vsys_e2e::*;

const NOW: &str = "2021-06-25T10:00:00+09:00";

#[tokio::test]
async fn the_nation_keeps_the_wholesalers_and_their_areas() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let (s, v) = st.get("/wholesalers", t).await;
    assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "{v}");
    // Each bad entry named: unknown code, twice, a municipality inside a listed prefecture.
    for (areas, field) in [
        (json!(["13", "48"]), "areas[1]"),
        (json!(["131999"]), "areas[0]"),
        (json!(["13", "13"]), "areas[1]"),
        (json!(["131016", "13"]), "areas[0]"),
        (json!([]), "areas[0]"),
    ] {
        let (s, e) = st.put("/wholesalers/tokyoWs", t, json!({"name": "東京薬品", "areas": areas, "version": 0})).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{areas}: {e}");
    }
    let (s, e) = st.put("/wholesalers/t", t, json!({"name": "東京薬品", "areas": ["13"], "version": 0})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("code")), "{e}");
    let (s, e) = st.put("/wholesalers/tokyoWs", t, json!({"name": " ", "areas": ["13"], "version": 0})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("name")), "{e}");
    let (_, v) = st.get("/wholesalers", t).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "nothing written: {v}");

    let (s, v) = st.put("/wholesalers/tokyoWs", t, json!({"name": "東京薬品", "areas": ["13", "271004"], "version": 0})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["areas"], json!([{"code": "13", "name": "東京都"}, {"code": "271004", "name": "大阪市"}]));
    // On the version read only; two saves of the same version: one lands.
    let body = json!({"name": "東京薬品株式会社", "areas": ["13"], "version": 1});
    let (a, b) = futures_util::future::join(
        st.put("/wholesalers/tokyoWs", t, body.clone()),
        st.put("/wholesalers/tokyoWs", t, body),
    )
    .await;
    let landed = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(landed, 1, "{a:?} {b:?}");
    assert!([a, b].iter().any(|(s, v)| *s == StatusCode::CONFLICT && v["error"] == "stale_version"));

    // The wholesaler reads its own area; staff below the nation cannot read the master.
    let ws = st
        .user(&admin, json!({"role": "wholesaler", "organisation_code": "tokyoWs", "organisation_name": "東京薬品株式会社", "prefecture_code": "13"}))
        .await;
    let (s, v) = st.get("/wholesaler", Some(&ws.token)).await;
    assert_eq!((s, v["name"].as_str()), (StatusCode::OK, Some("東京薬品株式会社")), "{v}");
    assert_eq!(v["areas"], json!([{"code": "13", "name": "東京都"}]));
    let (s, _) = st.get("/wholesalers", Some(&ws.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let other = st
        .user(&admin, json!({"role": "wholesaler", "organisation_code": "chibaWs", "organisation_name": "千葉薬品", "prefecture_code": "12"}))
        .await;
    let (s, e) = st.get("/wholesaler", Some(&other.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    assert!(e["message"].as_str().unwrap().contains("卸マスタに登録されていません"));
}

/// Week of 2021-07-19: Thursday 22nd (海の日) and Friday 23rd (スポーツの日) are holidays.
const COOL: &str = r#"{"number": 1, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-07-19",
    "vaccination_from": "2021-07-19", "vaccination_until": "2021-12-31",
    "registration_opens": "2021-06-01T00:00:00+09:00", "registration_deadline": "2021-06-29T15:00:00+09:00"}"#;

fn profile(name: &str) -> Value {
    json!({
        "name": name, "classification": "clinic", "founder": "other", "vaccine": "武田薬品工業",
        "representative": "鳥取 太郎", "postal_code": "680-0011", "address": "鳥取県鳥取市東町1-220",
        "phone": "0857-26-7111", "fax": "0857-26-7112", "homepage": "https://example.jp", "freezers_minus75": 0, "freezers_minus20": 1,
        "parking": "5台", "delivery_name": name, "delivery_address": "鳥取県鳥取市東町1-220",
        "responsible": {
            "vaccination": {"name": "接種 責任", "phone": "0857-11-2222"},
            "storage": {"name": "保管 責任", "phone": "0857-11-2223"},
            "needles_syringes": {"name": "針 責任", "phone": "0857-11-2224"},
            "holiday_contact": {"name": "休日 連絡", "phone": "090-1111-2225"}
        },
        "contacts": {"primary": {"department": "事務部", "name": "鳥取 花子", "phone": "0857267111", "email": "clinic@iryoukikan.example.jp"}},
        "public_listing": "public"
    })
}

/// The sites' final allocations of a cool, from the nation's supply down to
/// 鳥取市's split of what its two basic sites asked (3 and 1 packs).
async fn final_allocations(st: &Stack, admin: &Session, cool: &str) {
    let a = format!("/cools/{cool}/allocation");
    let row = |code: &str, v: u64| json!({"code": code, "vaccine": v, "needles": v * 10, "syringes": v * 10});
    ok(st, admin, "PUT", &a, json!({"supply": {"vaccine": 1741, "needles": 17410, "syringes": 17410}, "basis": "one_per_municipality", "version": 0})).await;
    ok(st, admin, "POST", &format!("{a}/publish"), json!({"version": 1})).await;
    let tottori = st.user(admin, json!({"role": "prefecture", "organisation_code": "31"})).await;
    let tp = format!("{a}/prefectures/31");
    let v = ok(st, &tottori, "GET", &tp, json!(null)).await;
    let v = ok(st, &tottori, "POST", &format!("{tp}/confirm"), json!({"version": v["version"]})).await;
    let v = ok(st, &tottori, "PUT", &format!("{tp}/split"), json!({"rows": [row("312011", 19)], "version": v["version"]})).await;
    let v = ok(st, &tottori, "POST", &format!("{tp}/complete"), json!({"version": v["version"]})).await;
    ok(st, admin, "POST", &format!("{tp}/lock"), json!({"version": v["version"]})).await;
    st.job("allocation-notices").await;
    let city = st.user(admin, json!({"role": "municipality", "organisation_code": "312011"})).await;
    let cm = format!("{a}/municipalities/312011");
    let m = ok(st, &city, "POST", &format!("{cm}/confirm"), json!({"version": 0})).await;
    let m = ok(st, &city, "PUT", &format!("{cm}/split"), json!({"version": m["version"]})).await;
    ok(st, &city, "POST", &format!("{cm}/complete"), json!({"version": m["version"]})).await;
    let v = ok(st, &tottori, "GET", &tp, json!(null)).await;
    ok(st, &tottori, "POST", &format!("{tp}/lock-municipalities"), json!({"version": v["version"]})).await;
    st.job("allocation-notices").await;
}

/// Final allocations of 300 more sites of 米子市, written as the fan-out
/// writes them (one pack each), so that an upload has hundreds of rows.
async fn three_hundred_more(st: &Stack, cool: &str) -> Vec<String> {
    let boxes = vsys::domain::allocation::Boxes { vaccine: 1, needles: 2, syringes: 2 };
    let sites: Vec<_> = (0..300).map(|i| (format!("site-31202{i:05}"), format!("米子テスト医院31202{i:05}"), boxes)).collect();
    st.final_allocations(cool, "312029", &sites).await;
    sites.into_iter().map(|(id, _, _)| id).collect()
}

fn csv_of(rows: &[(String, &str)]) -> String {
    let mut out = String::from("会場ID,納入予定日\n");
    for (site, date) in rows {
        out.push_str(&format!("{site},{date}\n"));
    }
    out
}

async fn upload(st: &Stack, s: &Session, cool: &str, csv: String) -> (StatusCode, Value) {
    st.post_raw(&format!("/deliveries/schedule-upload?cool_id={cool}"), Some(&s.token), "text/csv", &csv).await
}

#[tokio::test]
async fn from_a_final_allocation_to_the_sites_stock() {
    let st = Stack::start_with(vsys::Stage::Production, NOW, &["31", "32"]).await;
    let mut admin = st.national_admin().await;
    let (s, v) = st.post("/cools", Some(&admin.token), serde_json::from_str(COOL).unwrap()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let cool = v["cool_id"].as_str().unwrap().to_string();
    // Two basic sites of 鳥取市 ask for 3 and 1 packs; a satellite of the first asks for nothing.
    let mut first = st.site(&admin, "3110000001", "鳥取第一医院", "312011").await;
    let second = st.site(&admin, "3110000002", "鳥取第二医院", "312011").await;
    let mut satellite = st.site(&admin, "3110000003", "鳥取サテライト診療所", "312011").await;
    for (s, name) in [(&first, "鳥取第一医院"), (&second, "鳥取第二医院"), (&satellite, "鳥取サテライト診療所")] {
        st.save_profile(s, profile(name)).await;
    }
    let (_, f) = st.get("/facility", Some(&satellite.token)).await;
    ok(&st, &satellite, "PUT", "/facility/site-type", json!({"site_type": "satellite", "basic_site_code": "3110000001", "version": f["version"]})).await;
    for (s, packs) in [(&first, 3), (&second, 1)] {
        ok(&st, s, "PUT", &format!("/cools/{cool}/demand"), json!({"weekly_planned_doses": packs * 100, "packs": packs, "storage": "freezer"})).await;
    }
    final_allocations(&st, &admin, &cool).await;
    let yonago_sites = three_hundred_more(&st, &cool).await;

    // The wholesalers: one delivers to 鳥取県, another to 島根県.
    ok(&st, &admin, "PUT", "/wholesalers/tottoriWs", json!({"name": "鳥取薬品", "areas": ["31"], "version": 0})).await;
    ok(&st, &admin, "PUT", "/wholesalers/shimaneWs", json!({"name": "島根薬品", "areas": ["32"], "version": 0})).await;
    let mut ws = st.user(&admin, json!({"role": "wholesaler", "organisation_code": "tottoriWs", "organisation_name": "鳥取薬品", "prefecture_code": "31"})).await;
    let other_ws = st.user(&admin, json!({"role": "wholesaler", "organisation_code": "shimaneWs", "organisation_name": "島根薬品", "prefecture_code": "32"})).await;
    let list = ok(&st, &ws, "GET", &format!("/deliveries?cool_id={cool}"), json!(null)).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 302, "{}", list["counts"]);
    assert_eq!((list["schedule_deadline"].as_str(), list["counts"]["unscheduled"].as_u64(), list["counts"]["late"].as_u64()), (Some("2021-07-16"), Some(302), Some(0)));
    let mine = &list["items"][0];
    assert_eq!((mine["site_id"].as_str(), mine["vials"].as_u64(), mine["status_label"].as_str()), (Some("site-3110000001"), Some(30), Some("納入予定日未登録")), "{mine}");
    let (_, none) = st.get(&format!("/deliveries?cool_id={cool}"), Some(&other_ws.token)).await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0, "{none}");

    // One by one: the delivery week's business days only, on the version read.
    let sched = format!("/deliveries/{cool}/site-3110000001/schedule");
    for (date, says) in [("2021-07-22", "海の日"), ("2021-07-24", "配送週"), ("2021-07-16", "配送週")] {
        let (s, e) = st.put(&sched, Some(&ws.token), json!({"scheduled_date": date, "version": 1})).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("scheduled_date")), "{date}: {e}");
        assert!(e["message"].as_str().unwrap().contains(says), "{e}");
    }
    let (s, e) = st.put(&sched, Some(&other_ws.token), json!({"scheduled_date": "2021-07-19", "version": 1})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    let v = ok(&st, &ws, "PUT", &sched, json!({"scheduled_date": "2021-07-19", "version": 1})).await;
    assert_eq!((v["status"].as_str(), v["scheduled_date"].as_str(), v["version"].as_u64()), (Some("scheduled"), Some("2021-07-19"), Some(2)));
    let (s, e) = st.put(&sched, Some(&ws.token), json!({"scheduled_date": "2021-07-20", "version": 1})).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("stale_version")), "{e}");

    // The site is mailed a link to its delivery; it opens it after signing in, and its allocations show the date.
    st.job("allocation-notices").await;
    let mail = st.mails_to(&first.email).await.into_iter().find(|m| m.subject.contains("納入予定日のお知らせ")).expect("schedule mail");
    let link = format!("/deliveries/{cool}/site-3110000001");
    assert!(mail.body.contains(&link) && mail.body.contains("2021/07/19"), "{}", mail.body);
    assert!(!st.mails_to(&second.email).await.iter().any(|m| m.subject.contains("納入予定日")));
    let v = ok(&st, &first, "GET", &link, json!(null)).await;
    assert_eq!(v["scheduled_date"], "2021-07-19");
    let (_, v) = st.get("/allocations", Some(&first.token)).await;
    assert_eq!(v["items"][0]["delivery_date"], "2021-07-19", "{v}");
    // Nobody outside its area reads it: another site, another wholesaler, another municipality, another prefecture.
    let mut yonago = st.user(&admin, json!({"role": "municipality", "organisation_code": "312029"})).await;
    let mut shimane = st.user(&admin, json!({"role": "prefecture", "organisation_code": "32"})).await;
    for who in [&second, &other_ws, &yonago, &shimane] {
        let (s, _) = st.get(&link, Some(&who.token)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{}", who.email);
    }
    let mut tottori = st.user(&admin, json!({"role": "prefecture", "organisation_code": "31"})).await;
    let mut city = st.user(&admin, json!({"role": "municipality", "organisation_code": "312011"})).await;
    for who in [&tottori, &city, &admin] {
        ok(&st, who, "GET", &link, json!(null)).await;
    }

    // The CSV for 300 sites with two bad rows: each named, nothing written.
    let mut rows: Vec<(String, &str)> = yonago_sites.iter().map(|s| (s.clone(), "2021-07-20")).collect();
    rows[41].1 = "2021/07/23";
    rows.push(("site-3129999999".into(), "2021-07-20"));
    let (s, e) = upload(&st, &ws, &cool, csv_of(&rows)).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_csv_row")), "{e}");
    let bad: Vec<(u64, &str)> = e["rows"].as_array().unwrap().iter().map(|r| (r["line"].as_u64().unwrap(), r["field"].as_str().unwrap())).collect();
    assert_eq!(bad, vec![(43, "納入予定日"), (302, "会場ID")], "{e}");
    assert!(e["rows"][0]["message"].as_str().unwrap().contains("スポーツの日"), "{e}");
    let list = ok(&st, &ws, "GET", &format!("/deliveries?cool_id={cool}"), json!(null)).await;
    assert_eq!(list["counts"]["unscheduled"], 301, "nothing written");
    // The other wholesaler cannot schedule them at all.
    let good: Vec<(String, &str)> = yonago_sites.iter().map(|s| (s.clone(), "2021-07-20")).collect();
    let (s, e) = upload(&st, &other_ws, &cool, csv_of(&good)).await;
    assert_eq!((s, e["rows"].as_array().map(Vec::len)), (StatusCode::BAD_REQUEST, Some(300)), "{e}");
    let before = st.ddb_calls();
    let (s, v) = upload(&st, &ws, &cool, csv_of(&good)).await;
    let calls = st.ddb_calls() - before;
    assert_eq!((s, v["updated"].as_u64()), (StatusCode::OK, Some(300)), "{v}");
    // The session and the maintenance window, the wholesaler, the cool with
    // the products, 3 batch reads of 100 records, 4 transactions of at most 90 rows.
    assert!(calls <= 11, "a 300-row upload took {calls} DynamoDB calls");
    println!("300-row schedule upload: {calls} DynamoDB calls");
    let (_, v) = upload(&st, &ws, &cool, csv_of(&good)).await;
    assert_eq!((v["updated"].as_u64(), v["unchanged"].as_u64()), (Some(0), Some(300)), "the same file again changes nothing: {v}");

    // 納入予定日の確認 on Saturday the 17th: only the second site is left, late.
    st.set_now("2021-07-17T10:00:00+09:00");
    for s in [&mut admin, &mut first, &mut satellite, &mut ws, &mut yonago, &mut shimane, &mut tottori, &mut city] {
        st.renew(s).await;
    }
    let r = ok(&st, &tottori, "GET", "/delivery-reports/unscheduled", json!(null)).await;
    let left: Vec<(&str, bool)> = r["items"].as_array().unwrap().iter().map(|i| (i["site_id"].as_str().unwrap(), i["late"].as_bool().unwrap())).collect();
    assert_eq!(left, vec![("site-3110000002", true)], "{r}");
    assert_eq!((r["total"].as_u64(), r["late"].as_u64()), (Some(1), Some(1)));
    let r = ok(&st, &admin, "GET", "/delivery-reports/unscheduled?pref=31", json!(null)).await;
    assert_eq!(r["total"], 1);
    let r = ok(&st, &yonago, "GET", "/delivery-reports/unscheduled", json!(null)).await;
    assert_eq!(r["total"], 0, "{r}");
    for (who, path) in [(&yonago, "/delivery-reports/unscheduled?muni=312011"), (&shimane, "/delivery-reports/unscheduled?pref=31"), (&shimane, "/delivery-reports/undelivered?muni=312011")] {
        let (s, _) = st.get(path, Some(&who.token)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }
    let res = st.http.get(format!("{}/delivery-reports/unscheduled?format=csv", st.base)).bearer_auth(&city.token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(text.contains("site-3110000002,鳥取第二医院,1,") && text.contains(",2021/07/16,,遅延"), "{text}");
    let res = st.http.get(format!("{}/delivery-reports/undelivered?format=xlsx", st.base)).bearer_auth(&tottori.token).send().await.unwrap();
    assert_eq!(&res.bytes().await.unwrap()[..2], b"PK");

    // 配送状況の確認 on Tuesday the 20th: the first site's day (the 19th) has passed; 米子市's (the 20th) has not.
    st.set_now("2021-07-20T10:00:00+09:00");
    for s in [&mut admin, &mut first, &mut satellite, &mut ws, &mut yonago, &mut shimane, &mut tottori, &mut city] {
        st.renew(s).await;
    }
    let r = ok(&st, &tottori, "GET", "/delivery-reports/undelivered", json!(null)).await;
    let late: Vec<&str> = r["items"].as_array().unwrap().iter().map(|i| i["site_id"].as_str().unwrap()).collect();
    assert_eq!(late, vec!["site-3110000001"], "{r}");

    // The actual delivery, with two lots of the master.
    let actual = format!("/deliveries/{cool}/site-3110000001/actual");
    let lots = |a: &str, av: Value, b: &str, bv: Value| json!([{"lot_number": a, "vials": av}, {"lot_number": b, "vials": bv}]);
    let (s, e) = st.put(&actual, Some(&ws.token), json!({"delivered_on": "2021-07-19", "lots": lots("FA1234", json!(20), "FB5678", json!(10)), "version": 2})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("lots[0].lot_number")), "unknown lot: {e}");
    ok(&st, &ws, "POST", "/lots", json!({"lot_number": "FA1234", "product": "moderna-primary", "expiry_date": "2021-08-10"})).await;
    ok(&st, &ws, "POST", "/lots", json!({"lot_number": "FB5678", "product": "moderna-primary", "expiry_date": "2021-12-31"})).await;
    let (s, e) = st.post("/lots", Some(&ws.token), json!({"lot_number": "FB5678", "product": "moderna-primary", "expiry_date": "2021-12-31"})).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("lot_exists")));
    for (body, field) in [
        (json!({"delivered_on": "2021-07-21", "lots": lots("FA1234", json!(20), "FB5678", json!(10)), "version": 2}), "delivered_on"),
        (json!({"delivered_on": "2021-07-19", "lots": lots("FA1234", json!(20), "FB5678", json!(11)), "version": 2}), "lots[1].vials"),
        (json!({"delivered_on": "2021-07-19", "lots": lots("FA1234", json!(-3), "FB5678", json!(10)), "version": 2}), "lots[0].vials"),
        (json!({"delivered_on": "2021-07-19", "lots": lots("FA1234", json!(1_000_000_000u64), "FB5678", json!(10)), "version": 2}), "lots[0].vials"),
        (json!({"delivered_on": "2021-07-19", "lots": lots("FA1234", json!(5), "FA1234", json!(10)), "version": 2}), "lots[1].lot_number"),
    ] {
        let (s, e) = st.put(&actual, Some(&ws.token), body.clone()).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{body}: {e}");
    }
    let (_, s0) = st.get("/stock", Some(&first.token)).await;
    assert_eq!(s0["items"].as_array().unwrap().len(), 0, "nothing written: {s0}");
    let v = ok(&st, &ws, "PUT", &actual, json!({"delivered_on": "2021-07-19", "lots": lots("FA1234", json!(20), "FB5678", json!(10)), "version": 2})).await;
    assert_eq!((v["status_label"].as_str(), v["delivered_on"].as_str()), (Some("納入済"), Some("2021-07-19")));
    let (s, e) = st.put(&sched, Some(&ws.token), json!({"scheduled_date": "2021-07-20", "version": 3})).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("already_delivered")), "{e}");
    let r = ok(&st, &tottori, "GET", "/delivery-reports/undelivered", json!(null)).await;
    assert_eq!(r["total"], 0, "{r}");

    // The site's stock shows both lots; the one expiring on 8/10 is flagged.
    let stock = ok(&st, &first, "GET", "/stock", json!(null)).await;
    let held: Vec<(&str, i64, bool)> = stock["items"].as_array().unwrap().iter().map(|i| (i["lot_number"].as_str().unwrap(), i["on_hand"].as_i64().unwrap(), i["expiring"].as_bool().unwrap())).collect();
    assert_eq!(held, vec![("FA1234", 20, true), ("FB5678", 10, false)], "{stock}");
    assert_eq!((stock["expiring"].as_u64(), stock["estimates"][0]["available_doses"].as_u64()), (Some(1), Some(300)), "{stock}");

    // The satellite receives 5 vials of FA1234 on the day: the basic site's stock falls.
    let xfer = |vials: u64| json!({"date": "2021-07-20", "lot_number": "FA1234", "vials": vials});
    let before = st.ddb_calls();
    ok(&st, &satellite, "POST", "/facility/transfers", xfer(5)).await;
    println!("transfer (both sides in one transaction): {} DynamoDB calls", st.ddb_calls() - before);
    let (s, e) = st.post("/facility/transfers", Some(&satellite.token), xfer(16)).await;
    assert_eq!((s, e["error"].as_str(), e["field"].as_str()), (StatusCode::CONFLICT, Some("insufficient_stock"), Some("vials")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("15バイアル"), "{e}");
    // Six transfers of 4 at once against 15 on hand: three land, and the stock never goes below zero.
    let tries = (0..6).map(|_| st.post("/facility/transfers", Some(&satellite.token), xfer(4)));
    let answers = futures_util::future::join_all(tries).await;
    let landed = answers.iter().filter(|(s, _)| *s == StatusCode::CREATED).count();
    assert_eq!(landed, 3, "{answers:?}");
    assert!(answers.iter().all(|(s, v)| *s == StatusCode::CREATED || v["error"] == "insufficient_stock"), "{answers:?}");
    let stock = ok(&st, &first, "GET", "/stock", json!(null)).await;
    assert_eq!((stock["items"][0]["on_hand"].as_i64(), stock["items"][0]["transferred_out"].as_i64()), (Some(3), Some(17)), "{stock}");
    let sat = ok(&st, &satellite, "GET", "/stock", json!(null)).await;
    assert_eq!((sat["items"][0]["on_hand"].as_i64(), sat["items"][0]["transferred_in"].as_i64()), (Some(17), Some(17)), "{sat}");
    // A correction of the delivery cannot take back more than the site still holds.
    let (s, e) = st.put(&actual, Some(&ws.token), json!({"delivered_on": "2021-07-19", "lots": lots("FA1234", json!(10), "FB5678", json!(10)), "version": 3})).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("insufficient_stock")), "{e}");
    // The satellite cannot switch its basic site while it holds transferred stock.
    let (_, f) = st.get("/facility", Some(&satellite.token)).await;
    let (s, e) = st.put("/facility/site-type", Some(&satellite.token), json!({"site_type": "satellite", "basic_site_code": "3110000002", "version": f["version"]})).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("transferred_stock_remains")), "{e}");

    // The boards: lots near expiry held in 鳥取市, for the city and the prefecture; nothing of it elsewhere.
    for who in [&city, &tottori] {
        let b = ok(&st, who, "GET", "/stock/expiring", json!(null)).await;
        let rows: Vec<(&str, i64)> = b["items"].as_array().unwrap().iter().map(|i| (i["site_id"].as_str().unwrap(), i["on_hand"].as_i64().unwrap())).collect();
        assert_eq!(rows, vec![("site-3110000001", 3), ("site-3110000003", 17)], "{b}");
    }
    let b = ok(&st, &yonago, "GET", "/stock/expiring", json!(null)).await;
    assert_eq!(b["items"].as_array().unwrap().len(), 0);
    let (s, _) = st.get("/stock/expiring?pref=31", Some(&shimane.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let b = ok(&st, &admin, "GET", "/stock/expiring?pref=31", json!(null)).await;
    assert_eq!(b["items"].as_array().unwrap().len(), 2);
    // The nation corrects a lot's expiry: the flag follows.
    let l = ok(&st, &admin, "GET", "/lots", json!(null)).await;
    assert_eq!(l["items"][0]["version"], 1);
    ok(&st, &admin, "PUT", "/lots/FA1234", json!({"product": "moderna-primary", "expiry_date": "2022-01-31", "version": 1})).await;
    let (s, _) = st.put("/lots/FA1234", Some(&ws.token), json!({"product": "moderna-primary", "expiry_date": "2022-01-31", "version": 2})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let b = ok(&st, &city, "GET", "/stock/expiring", json!(null)).await;
    assert_eq!(b["items"].as_array().unwrap().len(), 0, "{b}");
}
