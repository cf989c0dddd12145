//! Results and waste (SPEC §8, seed 000): a site's cumulative reports after
//! its delivery — seed 000's worked example, a lower cumulative refused and
//! then accepted as a correction with its audit record, waste and the stock
//! it draws on, bad input named, racing reports — the area reports and the
//! sites not reported, the Wednesday reminder (once), and the public
//! statistics and open data equal to the sum of the reports.

use serde_json::{json, Value};
use vsys_e2e::*;

/// Friday 2021-06-25: the cool is entered; the deliveries come on 7/19.
const NOW: &str = "2021-06-25T10:00:00+09:00";

/// A site's final allocation of `packs` (as the allocation fan-out writes it).
async fn final_allocation(st: &Stack, cool: &str, site: &str, name: &str, muni: &str, packs: u64) {
    let boxes = vsys::domain::allocation::Boxes { vaccine: packs, needles: packs, syringes: packs };
    st.final_allocations(cool, muni, &[(site.into(), name.into(), boxes)]).await;
}

fn dose(medical: u64, elderly: u64) -> Value {
    json!({"medical_workers": medical, "elderly_facility_workers": 0, "elderly": elderly, "underlying_conditions": 0, "others": 0})
}

fn report(as_of: &str, d1: Value, d2: Value, waste: u64, version: u64) -> Value {
    json!({"as_of": as_of, "dose1": d1, "dose2": d2, "dose3": dose(0, 0), "waste_vials": waste, "version": version})
}

fn stock_of<'a>(v: &'a Value, lot: &str) -> &'a Value {
    v["items"].as_array().unwrap().iter().find(|i| i["lot_number"] == lot).unwrap_or_else(|| panic!("{lot}: {v}"))
}

#[tokio::test]
async fn reports_draw_on_the_stock_and_add_up_to_the_public_statistics() {
    let st = Stack::start_with(vsys::Stage::Production, NOW, &["31"]).await;
    let mut admin = st.national_admin().await;
    let (s, v) = st
        .post(
            "/cools",
            Some(&admin.token),
            json!({"number": 1, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-07-19",
                "vaccination_from": "2021-07-19", "vaccination_until": "2021-12-31",
                "registration_opens": "2021-06-01T00:00:00+09:00", "registration_deadline": "2021-06-29T15:00:00+09:00"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let cool = v["cool_id"].as_str().unwrap().to_string();
    let mut clinic = st.site(&admin, "3110000001", "鳥取実績医院", "312011").await;
    let mut quiet = st.site(&admin, "3110000002", "鳥取未報告医院", "312011").await;
    final_allocation(&st, &cool, "site-3110000001", "鳥取実績医院", "312011", 5).await;
    final_allocation(&st, &cool, "site-3110000002", "鳥取未報告医院", "312011", 1).await;
    ok(&st, &admin, "PUT", "/wholesalers/tottoriWs", json!({"name": "鳥取薬品", "areas": ["31"], "version": 0})).await;
    let mut ws = st.user(&admin, json!({"role": "wholesaler", "organisation_code": "tottoriWs", "organisation_name": "鳥取薬品", "prefecture_code": "31"})).await;
    let mut city = st.user(&admin, json!({"role": "municipality", "organisation_code": "312011"})).await;
    let mut yonago = st.user(&admin, json!({"role": "municipality", "organisation_code": "312029"})).await;
    let mut tokyo = st.user(&admin, json!({"role": "prefecture", "organisation_code": "13"})).await;
    // Before any delivery there is nothing to report on.
    let (s, e) = st.put("/results/moderna-primary", Some(&clinic.token), report("2021-06-25", dose(0, 1), dose(0, 0), 0, 0)).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("as_of")), "{e}");

    // Delivered on Monday 7/19: 5 packs = 50 vials, in two lots (FB expires first).
    st.set_now("2021-07-20T10:00:00+09:00");
    for s in [&mut admin, &mut clinic, &mut quiet, &mut ws, &mut city, &mut yonago, &mut tokyo] {
        st.renew(s).await;
    }
    ok(&st, &ws, "POST", "/lots", json!({"lot_number": "FA1234", "product": "moderna-primary", "expiry_date": "2021-12-31"})).await;
    ok(&st, &ws, "POST", "/lots", json!({"lot_number": "FB5678", "product": "moderna-primary", "expiry_date": "2021-08-10"})).await;
    for (site, lots) in [("site-3110000001", json!([{"lot_number": "FA1234", "vials": 40}, {"lot_number": "FB5678", "vials": 10}])), ("site-3110000002", json!([{"lot_number": "FA1234", "vials": 10}]))] {
        ok(&st, &ws, "PUT", &format!("/deliveries/{cool}/{site}/schedule"), json!({"scheduled_date": "2021-07-19", "version": 1})).await;
        ok(&st, &ws, "PUT", &format!("/deliveries/{cool}/{site}/actual"), json!({"delivered_on": "2021-07-19", "lots": lots, "version": 2})).await;
    }
    let v = ok(&st, &clinic, "GET", "/results", json!(null)).await;
    let mine = &v["items"][0];
    assert_eq!((mine["product"].as_str(), mine["on_hand_vials"].as_u64(), mine["doses_per_vial"].as_u64()), (Some("moderna-primary"), Some(50), Some(10)), "{v}");
    assert!(mine["last"].is_null());
    assert_eq!((v["due_since"].as_str(), v["first_received_on"].as_str()), (Some("2021-07-19"), Some("2021-07-19")));
    assert!(v["waste_rule"].as_str().unwrap().contains("1回でも接種に使ったバイアル"));
    let m = ok(&st, &city, "GET", "/result-reports/missing", json!(null)).await;
    let missing: Vec<&str> = m["items"].as_array().unwrap().iter().map(|i| i["site_id"].as_str().unwrap()).collect();
    assert_eq!(missing, vec!["site-3110000001", "site-3110000002"], "{m}");

    // Bad input: each refused naming its field, nothing written.
    let path = "/results/moderna-primary";
    let mut bad_total = report("2021-07-19", dose(0, 100), dose(0, 0), 0, 0);
    bad_total["dose1"]["total"] = json!(99);
    for (body, field) in [
        (report("2021-07-21", dose(0, 100), dose(0, 0), 0, 0), "as_of"),
        (report("2021-07-18", dose(0, 100), dose(0, 0), 0, 0), "as_of"),
        (report("2021-07-19", dose(0, 100), json!({"medical_workers": -1, "elderly_facility_workers": 0, "elderly": 0, "underlying_conditions": 0, "others": 0}), 0, 0), "dose2.medical_workers"),
        (report("2021-07-19", dose(1_000_000_000, 0), dose(0, 0), 0, 0), "dose1.medical_workers"),
        (bad_total, "dose1.total"),
    ] {
        let (s, e) = st.put(path, Some(&clinic.token), body.clone()).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{body}: {e}");
    }
    let (s, e) = st.put(path, Some(&clinic.token), report("2021-07-19", dose(0, 600), dose(0, 0), 0, 0)).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("insufficient_stock")), "more doses than the stock holds: {e}");

    // Seed 000's example: last 1st 100 / 2nd 0 / total 100; then 1st 350, 2nd 50: total 400.
    let before = st.ddb_calls();
    let v = ok(&st, &clinic, "PUT", path, report("2021-07-19", dose(0, 100), dose(0, 0), 0, 0)).await;
    println!("one report: {} DynamoDB calls", st.ddb_calls() - before);
    assert_eq!((v["last"]["totals"].clone(), v["last"]["total"].as_u64(), v["version"].as_u64()), (json!([100, 0, 0]), Some(100), Some(1)));
    // 100 doses = 10 vials, from the lot that expires first.
    let s1 = ok(&st, &clinic, "GET", "/stock", json!(null)).await;
    assert_eq!((stock_of(&s1, "FB5678")["on_hand"].as_i64(), stock_of(&s1, "FA1234")["on_hand"].as_i64()), (Some(0), Some(40)), "{s1}");
    let m = ok(&st, &city, "GET", "/result-reports/missing", json!(null)).await;
    assert_eq!(m["items"].as_array().unwrap().len(), 1, "reported: no longer missing {m}");
    // Two reports of the same version at once: one lands.
    let next = report("2021-07-20", dose(50, 300), dose(0, 50), 2, 1);
    let (a, b) = futures_util::future::join(st.put(path, Some(&clinic.token), next.clone()), st.put(path, Some(&clinic.token), next)).await;
    assert_eq!([a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count(), 1, "{a:?} {b:?}");
    let v = ok(&st, &clinic, "GET", "/results", json!(null)).await;
    assert_eq!((v["items"][0]["last"]["totals"].clone(), v["items"][0]["last"]["total"].as_u64()), (json!([350, 50, 0]), Some(400)), "{v}");
    // 400 doses = 40 vials and 2 wasted: FA1234 gave 32.
    let s2 = ok(&st, &clinic, "GET", "/stock", json!(null)).await;
    let fa = stock_of(&s2, "FA1234");
    assert_eq!((fa["on_hand"].as_i64(), fa["used"].as_i64(), fa["wasted"].as_i64()), (Some(8), Some(30), Some(2)), "{s2}");

    // Lower than the last: refused, then accepted as a correction (audited), giving a vial back.
    let lower = report("2021-07-20", dose(50, 290), dose(0, 50), 2, 2);
    let (s, e) = st.put(path, Some(&clinic.token), lower.clone()).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("dose1.elderly")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("300"), "{e}");
    let mut corrected = lower.clone();
    corrected["correction_reason"] = json!(" ");
    let (s, e) = st.put(path, Some(&clinic.token), corrected.clone()).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("correction_reason")), "{e}");
    corrected["correction_reason"] = json!("高齢者の人数を重複して数えていたため");
    let v = ok(&st, &clinic, "PUT", path, corrected).await;
    assert_eq!(v["last"]["total"], 390);
    let trail = vsys::store::audit::trail(&st.app, "results:site-3110000001:moderna-primary", 10, None).await.unwrap();
    let actions: Vec<&str> = trail.items.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "result_corrected").count(), 1, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "result_reported").count(), 2, "{actions:?}");
    let s3 = ok(&st, &clinic, "GET", "/stock", json!(null)).await;
    assert_eq!(stock_of(&s3, "FA1234")["on_hand"], 9, "{s3}");
    // 9 vials (90 doses) held; 340 first doses and 50 second: 290 second doses owed, so all 90 are held back.
    let e = &s3["estimates"][0];
    assert_eq!((e["on_hand_doses"].as_u64(), e["held_for_second_doses"].as_u64(), e["available_doses"].as_u64()), (Some(90), Some(90), Some(0)), "{s3}");

    // The city's report: results, waste and the waste rate (2 of 41 vials), as CSV and Excel.
    let r = ok(&st, &city, "GET", "/result-reports", json!(null)).await;
    let row = &r["items"][0];
    assert_eq!((row["total"].as_u64(), row["used_vials"].as_u64(), row["waste_vials"].as_u64(), row["waste_rate_permille"].as_u64()), (Some(390), Some(39), Some(2), Some(49)), "{r}");
    let res = st.http.get(format!("{}/result-reports?format=csv", st.base)).bearer_auth(&city.token).send().await.unwrap();
    let text = res.text().await.unwrap();
    assert!(text.contains("site-3110000001,鳥取実績医院,") && text.contains(",390,39,2,4.9%"), "{text}");
    let res = st.http.get(format!("{}/result-reports?pref=31&format=xlsx", st.base)).bearer_auth(&admin.token).send().await.unwrap();
    assert_eq!(&res.bytes().await.unwrap()[..2], b"PK");
    // Nobody outside the area reads them.
    for (who, path) in [(&yonago, "/result-reports?muni=312011"), (&tokyo, "/result-reports?pref=31"), (&tokyo, "/result-reports/missing?muni=312011")] {
        let (s, _) = st.get(path, Some(&who.token)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }
    let r = ok(&st, &yonago, "GET", "/result-reports", json!(null)).await;
    assert_eq!(r["items"].as_array().unwrap().len(), 0);
    let (s, _) = st.get("/results", Some(&city.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Wednesday 09:00: the site that received vaccine and never reported is reminded, once.
    st.set_now("2021-07-21T09:00:00+09:00");
    let summary = st.job("result-reminders").await;
    assert_eq!((summary["reminded"].as_u64(), summary["already_reminded"].as_u64()), (Some(1), Some(0)), "{summary}");
    let summary = st.job("result-reminders").await;
    assert_eq!((summary["reminded"].as_u64(), summary["already_reminded"].as_u64()), (Some(0), Some(1)), "{summary}");
    let told = st.mails_to(&quiet.email).await.into_iter().filter(|m| m.subject.contains("接種実績の登録のお願い")).count();
    assert_eq!(told, 1);
    assert!(!st.mails_to(&clinic.email).await.iter().any(|m| m.subject.contains("接種実績の登録のお願い")));

    // The open data: the sum of the reports (the correction and the race included), per day and cumulative.
    let before = st.ddb_calls();
    let summary = st.job("open-data").await;
    let job_calls = st.ddb_calls() - before;
    println!("open-data job: {job_calls} DynamoDB calls");
    assert!(summary["rows"].as_u64().unwrap() >= 2, "{summary}");
    // One query per prefecture and the job's record: the sites do not count.
    assert_eq!(job_calls, 47 + 1);
    let (s, v) = st.get("/public/statistics", None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let rows: Vec<&Value> = v["rows"].as_array().unwrap().iter().filter(|r| r["prefecture_code"] == "31").collect();
    assert_eq!(rows.len(), 2, "{v}");
    assert_eq!((rows[0]["date"].as_str(), rows[0]["dose1"].as_i64()), (Some("2021-07-19"), Some(100)));
    assert_eq!((rows[1]["dose1_cumulative"].as_i64(), rows[1]["dose2_cumulative"].as_i64(), rows[1]["total_cumulative"].as_i64()), (Some(340), Some(50), Some(390)), "{v}");
    assert!(v["licence"].as_str().unwrap().starts_with("CC BY 4.0"));
    let res = st.http.get(format!("{}/public/statistics?format=csv", st.base)).send().await.unwrap();
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("max-age"));
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("date,prefecture_code,prefecture,dose1,dose2,dose3"), "{csv}");
    assert!(csv.contains("2021-07-20,31,鳥取県,240,50,0,340,50,0,390"), "{csv}");
}
