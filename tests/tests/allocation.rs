//! Allocation (SPEC §6, seed 001): the whole chain nation → prefecture →
//! municipality → site over HTTP, the training rounds' splits with the real
//! census, every refusal of the steps, reminders, and locks under
//! concurrent writes.

use serde_json::{json, Value};
use vsys_e2e::*;

/// Friday 2021-06-25 10:00 JST: the registrations of cool 1 are open.
const NOW: &str = "2021-06-25T10:00:00+09:00";

async fn create_cool(st: &Stack, admin: &Session) -> String {
    let (s, v) = st
        .post(
            "/cools",
            Some(&admin.token),
            json!({"number": 1, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-07-05",
                "vaccination_from": "2021-07-05", "vaccination_until": "2021-12-31",
                "registration_opens": "2021-06-01T00:00:00+09:00", "registration_deadline": "2021-06-29T15:00:00+09:00"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["cool_id"].as_str().unwrap().to_string()
}

fn boxes(vaccine: u64, needles: u64, syringes: u64) -> Value {
    json!({"vaccine": vaccine, "needles": needles, "syringes": syringes})
}

fn row(code: &str, vaccine: u64, needles: u64, syringes: u64) -> Value {
    json!({"code": code, "vaccine": vaccine, "needles": needles, "syringes": syringes})
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().unwrap()
}

fn find<'a>(v: &'a Value, code: &str) -> &'a Value {
    rows(v)
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("no row {code}: {v}"))
}

fn sum(v: &Value, k: &str) -> u64 {
    rows(v).iter().map(|r| r[k].as_u64().unwrap_or_else(|| r["allocated"][k].as_u64().unwrap())).sum()
}

/// Every row of a default is the floor or the ceiling of its exact quota,
/// and says which.
fn each_row_is_its_quota_rounded(v: &Value) {
    for r in rows(v) {
        let e = &r["explanation"];
        let (num, den) = (e["quota_numerator"].as_u64().unwrap(), e["quota_denominator"].as_u64().unwrap());
        let floor = num / den;
        let got = r["vaccine"].as_u64().unwrap();
        assert_eq!(e["floor"].as_u64().unwrap(), floor, "{r}");
        assert_eq!(got, floor + u64::from(e["extra"] == true), "{r}");
    }
}

async fn ok(st: &Stack, s: &Session, method: &str, path: &str, body: Value) -> Value {
    let (status, v) = match method {
        "POST" => st.post(path, Some(&s.token), body).await,
        "PUT" => st.put(path, Some(&s.token), body).await,
        _ => st.get(path, Some(&s.token)).await,
    };
    assert_eq!(status, StatusCode::OK, "{method} {path}: {v}");
    v
}

async fn refused(st: &Stack, s: &Session, method: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let (status, v) = match method {
        "POST" => st.post(path, Some(&s.token), body).await,
        _ => st.put(path, Some(&s.token), body).await,
    };
    assert!(status.is_client_error(), "{method} {path}: {status} {v}");
    (status, v)
}

/// A download's bytes, after checking its type and that it is an attachment.
async fn download(st: &Stack, s: &Session, path: &str, mime: &str) -> Vec<u8> {
    let res = st
        .http
        .get(format!("{}{path}", st.base))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let h = res.headers();
    assert!(h["content-type"].to_str().unwrap().starts_with(mime), "{h:?}");
    assert!(h["content-disposition"].to_str().unwrap().starts_with("attachment;"), "{h:?}");
    res.bytes().await.unwrap().to_vec()
}

async fn register(st: &Stack, admin: &Session, cool: &str, code: &str, muni: &str, packs: u64) -> Session {
    let s = st.site(admin, code, &format!("分配テスト医院{code}"), muni).await;
    let (status, v) = st
        .put(
            &format!("/cools/{cool}/demand"),
            Some(&s.token),
            json!({"weekly_planned_doses": packs * 100, "packs": packs, "storage": "freezer"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    s
}

#[tokio::test]
async fn the_chain_from_the_nation_to_the_sites() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let cool = create_cool(&st, &admin).await;
    let a = format!("/cools/{cool}/allocation");
    // Two sites of 千代田区 and one of 中央区 register (3, 1 and 2 packs).
    let first = register(&st, &admin, &cool, "1310000001", "131016", 3).await;
    let second = register(&st, &admin, &cool, "1310000002", "131016", 1).await;
    let third = register(&st, &admin, &cool, "1310000003", "131024", 2).await;
    let tokyo = st.user(&admin, json!({"role": "prefecture", "organisation_code": "13"})).await;
    let chiyoda = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    let chuo = st.user(&admin, json!({"role": "municipality", "organisation_code": "131024"})).await;

    // The nation: nothing yet; a what-if on 65+ splits 3,600 exactly.
    let v = ok(&st, &admin, "GET", &a, json!(null)).await;
    assert_eq!((rows(&v).len(), v["version"].as_u64()), (47, Some(0)), "{v}");
    assert_eq!(v["counts"][0]["count"], 47);
    let p = ok(&st, &admin, "POST", &format!("{a}/preview"), json!({"supply": boxes(3600, 36000, 36000), "basis": "population65"})).await;
    assert_eq!(sum(&p, "vaccine"), 3600);
    assert_eq!(sum(&p, "needles"), 36000);
    each_row_is_its_quota_rounded(&p);
    // Nothing was saved by the preview.
    let v = ok(&st, &admin, "GET", &a, json!(null)).await;
    assert!(v["supply"].is_null(), "{v}");
    // Staff below the nation cannot see or change it.
    let (s, _) = st.get(&a, Some(&tokyo.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let v = ok(&st, &admin, "PUT", &a, json!({"supply": boxes(3600, 36000, 36000), "basis": "population65", "version": 0})).await;
    assert_eq!(v["allocated"], boxes(3600, 36000, 36000));
    let tokyo_row = find(&v, "13").clone();
    let tokyo_boxes = tokyo_row["allocated"].clone();
    assert_eq!(tokyo_row["status"], "unpublished");
    assert!(tokyo_row["explanation"]["basis_value"].as_u64().unwrap() > 3_000_000, "{tokyo_row}");
    // Unpublished: Tokyo sees nothing of it and cannot confirm.
    let tp = format!("{a}/prefectures/13");
    let v = ok(&st, &tokyo, "GET", &tp, json!(null)).await;
    assert_eq!((v["status"].as_str(), &v["allocated"]), (Some("unpublished"), &boxes(0, 0, 0)), "{v}");
    let (_, e) = refused(&st, &tokyo, "POST", &format!("{tp}/confirm"), json!({"version": 1})).await;
    assert_eq!(e["error"], "allocation_not_published");

    let board = ok(&st, &admin, "POST", &format!("{a}/publish"), json!({"version": 1})).await;
    assert_eq!(board["counts"][1]["count"], 47, "{board}");
    let v = ok(&st, &tokyo, "GET", &tp, json!(null)).await;
    assert_eq!((v["status"].as_str(), &v["allocated"]), (Some("unconfirmed"), &tokyo_boxes));
    // The default municipal split is the allocation, whole boxes, explained.
    assert!(!v["saved"].as_bool().unwrap());
    assert_eq!(sum(&v, "vaccine"), tokyo_boxes["vaccine"].as_u64().unwrap());
    each_row_is_its_quota_rounded(&v);
    let version = v["version"].as_u64().unwrap();
    let (_, e) = refused(&st, &tokyo, "PUT", &format!("{tp}/split"), json!({"basis": "population", "version": version})).await;
    assert_eq!(e["error"], "allocation_not_confirmed");
    let v = ok(&st, &tokyo, "POST", &format!("{tp}/confirm"), json!({"version": version})).await;
    assert_eq!(v["status_label"], "確認済（分配作業中）");
    let version = v["version"].as_u64().unwrap();
    // Confirmed: the nation can no longer change Tokyo's allocation.
    let (s, e) = refused(&st, &admin, "PUT", &a, json!({"supply": boxes(3600, 36000, 36000), "basis": "population", "version": 1})).await;
    assert_eq!((s, e["error"].as_str(), e["field"].as_str()), (StatusCode::CONFLICT, Some("allocation_already_confirmed"), Some("basis")), "{e}");
    // The simulation on another basis, then a hand split over the allocation names its row.
    let sim = ok(&st, &tokyo, "POST", &format!("{tp}/preview"), json!({"basis": "population65"})).await;
    assert_eq!(sum(&sim, "vaccine"), tokyo_boxes["vaccine"].as_u64().unwrap());
    let (s, e) = refused(&st, &tokyo, "PUT", &format!("{tp}/split"), json!({"rows": [row("131016", 5, 50, 50), row("131024", 3, 30, 30), row("131032", 1, 100000, 0)], "version": version})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("rows[2].needles")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("3行目"), "{e}");
    let (_, e) = refused(&st, &tokyo, "PUT", &format!("{tp}/split"), json!({"rows": [row("271004", 1, 0, 0)], "version": version})).await;
    assert_eq!(e["field"], "rows[0].code");
    let (_, e) = refused(&st, &admin, "POST", &format!("{tp}/lock"), json!({"version": version})).await;
    assert_eq!(e["error"], "allocation_not_complete");
    let (_, e) = refused(&st, &tokyo, "POST", &format!("{tp}/complete"), json!({"version": version})).await;
    assert_eq!(e["error"], "allocation_split_missing");
    let v = ok(&st, &tokyo, "PUT", &format!("{tp}/split"), json!({"rows": [row("131016", 5, 50, 50), row("131024", 3, 30, 30)], "version": version})).await;
    assert!(v["saved"].as_bool().unwrap());
    assert_eq!(find(&v, "131016")["vaccine"], 5);
    assert_eq!(find(&v, "131032")["vaccine"], 0);
    let v = ok(&st, &tokyo, "POST", &format!("{tp}/complete"), json!({"version": v["version"]})).await;
    assert_eq!(v["status"], "complete");
    let (_, e) = refused(&st, &tokyo, "PUT", &format!("{tp}/split"), json!({"basis": "population", "version": v["version"]})).await;
    assert_eq!(e["error"], "allocation_complete");
    // Before the nation's lock the municipalities have nothing to act on.
    let cm = format!("{a}/municipalities/131016");
    let m = ok(&st, &chiyoda, "GET", &cm, json!(null)).await;
    assert!(m["allocated"].is_null(), "{m}");
    let (_, e) = refused(&st, &chiyoda, "POST", &format!("{cm}/confirm"), json!({"version": 0})).await;
    assert_eq!(e["error"], "allocation_not_published");

    let r = ok(&st, &admin, "POST", &format!("{tp}/lock"), json!({"version": v["version"]})).await;
    assert_eq!(r["status"], "locked");
    let (_, e) = refused(&st, &tokyo, "PUT", &format!("{tp}/split"), json!({"basis": "population", "version": r["version"]})).await;
    assert_eq!(e["error"], "allocation_locked");
    // The municipalities given boxes are mailed, once however often the job runs.
    let summary = st.job("allocation-notices").await;
    assert_eq!(summary["notices_finished"], 1, "{summary}");
    st.job("allocation-notices").await;
    let mails = st.mails_to(&chiyoda.email).await;
    let told: Vec<_> = mails.iter().filter(|m| m.subject.contains("ワクチン分配量の割り当て")).collect();
    assert_eq!(told.len(), 1, "{mails:?}");
    assert!(told[0].body.contains("ワクチン 5箱、針 50箱、シリンジ 50箱"), "{}", told[0].body);

    // 千代田区: 5 boxes; its two registered sites are pre-filled with what they asked.
    let m = ok(&st, &chiyoda, "GET", &cm, json!(null)).await;
    assert_eq!((m["allocated"]["vaccine"].as_u64(), m["status"].as_str()), (Some(5), Some("unconfirmed")), "{m}");
    assert_eq!(rows(&m).len(), 2);
    assert_eq!(find(&m, "site-1310000001")["vaccine"], 3);
    assert_eq!(find(&m, "site-1310000002")["vaccine"], 1);
    let (_, e) = refused(&st, &chiyoda, "PUT", &format!("{cm}/split"), json!({"version": 0})).await;
    assert_eq!(e["error"], "allocation_not_confirmed");
    let m = ok(&st, &chiyoda, "POST", &format!("{cm}/confirm"), json!({"version": 0})).await;
    let version = m["version"].clone();
    // A site without a registration gets nothing; nor may the sum exceed 5.
    let (_, e) = refused(&st, &chiyoda, "PUT", &format!("{cm}/split"), json!({"rows": [row("site-1310000099", 1, 0, 0)], "version": version})).await;
    assert_eq!(e["field"], "rows[0].code", "{e}");
    let (_, e) = refused(&st, &chiyoda, "PUT", &format!("{cm}/split"), json!({"rows": [row("site-1310000001", 4, 0, 0), row("site-1310000002", 2, 0, 0)], "version": version})).await;
    assert_eq!(e["field"], "rows[1].vaccine", "{e}");
    let m = ok(&st, &chiyoda, "PUT", &format!("{cm}/split"), json!({"version": version})).await;
    assert_eq!((m["split_sum"]["vaccine"].as_u64(), m["checks"]["vaccine"].as_str()), (Some(4), Some("×")), "{m}");
    ok(&st, &chiyoda, "POST", &format!("{cm}/complete"), json!({"version": m["version"]})).await;
    // Tokyo's board: 千代田区 complete with its checks, 中央区 not yet.
    let v = ok(&st, &tokyo, "GET", &tp, json!(null)).await;
    let p = &find(&v, "131016")["progress"];
    assert_eq!((p["status"].as_str(), p["checks"]["vaccine"].as_str(), p["checks"]["needles"].as_str()), (Some("complete"), Some("×"), Some("×")), "{p}");
    assert_eq!(find(&v, "131024")["progress"]["status"], "unconfirmed");
    assert_eq!(v["incomplete"], 1);
    // The prefecture reads a municipality's split; another municipality does not.
    ok(&st, &tokyo, "GET", &cm, json!(null)).await;
    let (s, _) = st.get(&cm, Some(&chuo.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Every board downloads as CSV (UTF-8 with a BOM) and Excel.
    let csv = download(&st, &admin, &format!("{a}/export?format=csv"), "text/csv").await;
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with("都道府県コード,都道府県,ワクチン（箱）"), "{text}");
    assert!(text.contains(&format!("13,東京都,{},", tokyo_boxes["vaccine"])), "{text}");
    let csv = download(&st, &tokyo, &format!("{tp}/export?format=csv"), "text/csv").await;
    assert!(String::from_utf8_lossy(&csv).contains("131016,千代田区,5,50,50,分配完了,×,×,×"));
    let xlsx = download(&st, &chiyoda, &format!("{cm}/export?format=xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").await;
    assert_eq!(&xlsx[..2], b"PK");
    let (s, e) = st.get(&format!("{cm}/export?format=pdf"), Some(&chiyoda.token)).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("format")), "{e}");

    // 督促: only 中央区 is mailed; a second reminder the same day is refused.
    let (_, e) = refused(&st, &tokyo, "POST", &format!("{tp}/lock-municipalities"), json!({"version": v["version"]})).await;
    assert_eq!(e["error"], "allocation_not_complete");
    assert!(e["message"].as_str().unwrap().contains("中央区"), "{e}");
    let v = ok(&st, &tokyo, "POST", &format!("{tp}/remind"), json!({})).await;
    assert!(v["reminded_on"].as_str().is_some());
    let (_, e) = refused(&st, &tokyo, "POST", &format!("{tp}/remind"), json!({})).await;
    assert_eq!(e["error"], "already_reminded");
    st.job("allocation-notices").await;
    assert!(st.mails_to(&chuo.email).await.iter().any(|m| m.subject.contains("督促")));
    assert!(!st.mails_to(&chiyoda.email).await.iter().any(|m| m.subject.contains("督促")));

    let cu = format!("{a}/municipalities/131024");
    let m = ok(&st, &chuo, "POST", &format!("{cu}/confirm"), json!({"version": 0})).await;
    let m = ok(&st, &chuo, "PUT", &format!("{cu}/split"), json!({"rows": [row("site-1310000003", 3, 30, 30)], "version": m["version"]})).await;
    assert_eq!(m["checks"], json!({"vaccine": "○", "needles": "○", "syringes": "○"}));
    ok(&st, &chuo, "POST", &format!("{cu}/complete"), json!({"version": m["version"]})).await;
    let v = ok(&st, &tokyo, "GET", &tp, json!(null)).await;
    let v = ok(&st, &tokyo, "POST", &format!("{tp}/lock-municipalities"), json!({"version": v["version"]})).await;
    assert!(v["municipalities_locked"].as_bool().unwrap());
    assert_eq!(find(&v, "131016")["progress"]["status"], "locked");
    let (_, e) = refused(&st, &chuo, "POST", &format!("{cu}/confirm"), json!({"version": 3})).await;
    assert_eq!(e["error"], "allocation_locked");

    // Final: every site is mailed and sees its allocation as seed 000 shows
    // it. A run that may write one recipient handles one site and saves how
    // far it got; the next goes on from there.
    let run_one = || vsys::grants::as_function("SchedulerFunction", vsys_scheduler::allocation_notices::run_within(&st.app, 1));
    let summary = run_one().await.unwrap();
    assert_eq!((summary["mailed"].as_u64(), summary["notices_finished"].as_u64()), (Some(1), Some(0)), "{summary}");
    let (_, v) = st.get("/allocations", Some(&second.token)).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "{v}");
    for _ in 0..2 {
        run_one().await.unwrap();
    }
    let summary = st.job("allocation-notices").await;
    assert_eq!(summary, json!({"mailed": 0, "skipped": 0, "notices_finished": 0}));
    let (s, v) = st.get("/allocations", Some(&first.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let got = &v["items"][0];
    assert_eq!((got["packs"].as_u64(), got["vials"].as_u64(), got["doses"].as_u64()), (Some(3), Some(30), Some(300)), "{got}");
    assert!(got["summary"].as_str().unwrap().contains("3箱、30バイアル、300回接種分"), "{got}");
    let (_, v) = st.get("/allocations", Some(&third.token)).await;
    assert_eq!(v["items"][0]["packs"], 3);
    let (_, v) = st.get("/allocations", Some(&second.token)).await;
    // 1 pack = 100 doses: ceil(100 × 1.05 / 100) = 2 boxes of needles, as registered.
    assert_eq!(v["items"][0]["needle_boxes"], 2);
    assert!(st.mails_to(&first.email).await.iter().any(|m| m.subject.contains("ワクチン分配量確定")));
    // A site that received an allocation can no longer become a satellite.
    let (_, f) = st.get("/facility", Some(&first.token)).await;
    let (s, e) = st
        .put(
            "/facility/site-type",
            Some(&first.token),
            json!({"site_type": "satellite", "basic_site_code": "1310000002", "version": f["version"]}),
        )
        .await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("basic_already_allocated")), "{e}");
    // Only sites and workplace venues have allocations of their own.
    let (s, _) = st.get("/allocations", Some(&chiyoda.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_training_rounds_split_exactly_on_the_real_census() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let cool = create_cool(&st, &admin).await;
    let a = format!("/cools/{cool}/allocation");
    // Round 1: 1,741 boxes, one per municipality, and 10 boxes of needles
    // and syringes each: every prefecture gets its number of municipalities.
    let v = ok(&st, &admin, "PUT", &a, json!({"supply": boxes(1741, 17410, 17410), "basis": "one_per_municipality", "version": 0})).await;
    assert_eq!(find(&v, "01")["allocated"], boxes(179, 1790, 1790));
    assert_eq!(find(&v, "13")["allocated"], boxes(62, 620, 620));
    assert_eq!(find(&v, "47")["allocated"]["vaccine"], 41);
    ok(&st, &admin, "POST", &format!("{a}/publish"), json!({"prefectures": ["01"], "version": 1})).await;
    let hokkaido = st.user(&admin, json!({"role": "prefecture", "organisation_code": "01"})).await;
    let hp = format!("{a}/prefectures/01");
    let v = ok(&st, &hokkaido, "GET", &hp, json!(null)).await;
    let v = ok(&st, &hokkaido, "POST", &format!("{hp}/confirm"), json!({"version": v["version"]})).await;
    // Hokkaido's 179 municipalities, one box and ten each, saved in one write.
    let before = st.ddb_calls();
    let v = ok(&st, &hokkaido, "PUT", &format!("{hp}/split"), json!({"basis": "one_per_municipality", "version": v["version"]})).await;
    let calls = st.ddb_calls() - before;
    assert_eq!(rows(&v).len(), 179);
    assert!(rows(&v).iter().all(|r| r["vaccine"] == 1 && r["needles"] == 10 && r["syringes"] == 10), "{v}");
    // The batch read, the session, the write and the answer's reads: a few,
    // whatever the number of municipalities.
    assert!(calls <= 6, "saving Hokkaido's split took {calls} DynamoDB calls");

    // Round 2: 3,600 boxes by population aged 65+; round 3: 15,000.
    for total in [3600u64, 15000] {
        let p = ok(&st, &admin, "POST", &format!("{a}/preview"), json!({"supply": boxes(total, total * 10, total * 10), "basis": "population65"})).await;
        assert_eq!((sum(&p, "vaccine"), sum(&p, "syringes")), (total, total * 10));
        each_row_is_its_quota_rounded(&p);
        assert_eq!(rows(&p).len(), 47);
    }
    // The municipal defaults follow the same method and sum exactly too.
    let sim = ok(&st, &hokkaido, "POST", &format!("{hp}/preview"), json!({"basis": "population65"})).await;
    assert_eq!(sum(&sim, "vaccine"), 179);
    each_row_is_its_quota_rounded(&sim);
    // A hand split of the nation names the prefecture over the supply.
    let mut over: Vec<Value> = vec![row("01", 1000, 0, 0), row("13", 800, 0, 0)];
    let (s, e) = refused(&st, &admin, "PUT", &a, json!({"supply": boxes(1741, 17410, 17410), "basis": "population", "rows": over.clone(), "version": 1})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("rows[1].vaccine")), "{e}");
    over.push(row("99", 1, 0, 0));
    let (_, e) = refused(&st, &admin, "PUT", &a, json!({"supply": boxes(5000, 0, 0), "basis": "population", "rows": over, "version": 1})).await;
    assert_eq!(e["field"], "rows[2].code");
}

/// A prefecture all the way to the nation's lock, with its split saved.
async fn locked_prefecture(st: &Stack, admin: &Session, cool: &str, tokyo: &Session, split: Value) -> Value {
    let a = format!("/cools/{cool}/allocation");
    ok(st, admin, "PUT", &a, json!({"supply": boxes(1741, 17410, 17410), "basis": "one_per_municipality", "version": 0})).await;
    ok(st, admin, "POST", &format!("{a}/publish"), json!({"version": 1})).await;
    let tp = format!("{a}/prefectures/13");
    let v = ok(st, tokyo, "GET", &tp, json!(null)).await;
    let v = ok(st, tokyo, "POST", &format!("{tp}/confirm"), json!({"version": v["version"]})).await;
    let v = ok(st, tokyo, "PUT", &format!("{tp}/split"), json!({"rows": split, "version": v["version"]})).await;
    let v = ok(st, tokyo, "POST", &format!("{tp}/complete"), json!({"version": v["version"]})).await;
    ok(st, admin, "POST", &format!("{tp}/lock"), json!({"version": v["version"]})).await
}

#[tokio::test]
async fn a_lock_holds_against_writes_racing_it() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let cool = create_cool(&st, &admin).await;
    let a = format!("/cools/{cool}/allocation");
    let tokyo = st.user(&admin, json!({"role": "prefecture", "organisation_code": "13"})).await;
    // Eight concurrent confirmations of the same version: exactly one lands.
    ok(&st, &admin, "PUT", &a, json!({"supply": boxes(100, 0, 0), "basis": "population", "version": 0})).await;
    ok(&st, &admin, "POST", &format!("{a}/publish"), json!({"version": 1})).await;
    let tp = format!("{a}/prefectures/13");
    let v = ok(&st, &tokyo, "GET", &tp, json!(null)).await;
    let version = v["version"].clone();
    let confirm = format!("{tp}/confirm");
    let tries = (0..8).map(|_| st.post(&confirm, Some(&tokyo.token), json!({"version": version})));
    let answers = futures_util::future::join_all(tries).await;
    let landed = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(landed, 1, "{answers:?}");
    assert!(answers.iter().all(|(s, v)| *s == StatusCode::OK || v["error"] == "stale_version" || v["error"] == "allocation_already_confirmed"), "{answers:?}");
    drop(st);

    // Every municipality of Tokyo writes while the prefecture locks them:
    // each write lands before the lock or is refused, never after it.
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let cool = create_cool(&st, &admin).await;
    let a = format!("/cools/{cool}/allocation");
    let tokyo = st.user(&admin, json!({"role": "prefecture", "organisation_code": "13"})).await;
    // 千代田区 alone gets boxes; it completes. The others (given nothing)
    // may still confirm and save empty splits.
    let r = locked_prefecture(&st, &admin, &cool, &tokyo, json!([row("131016", 62, 620, 620)])).await;
    assert_eq!(r["status"], "locked");
    let chiyoda = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    let cm = format!("{a}/municipalities/131016");
    let m = ok(&st, &chiyoda, "POST", &format!("{cm}/confirm"), json!({"version": 0})).await;
    let m = ok(&st, &chiyoda, "PUT", &format!("{cm}/split"), json!({"version": m["version"]})).await;
    ok(&st, &chiyoda, "POST", &format!("{cm}/complete"), json!({"version": m["version"]})).await;
    let others = ["131024", "131032", "131041", "131059", "131067"];
    let mut writers = Vec::new();
    for code in others {
        writers.push((code, st.user(&admin, json!({"role": "municipality", "organisation_code": code})).await));
    }
    let tp = format!("{a}/prefectures/13");
    let v = ok(&st, &tokyo, "GET", &tp, json!(null)).await;
    assert_eq!(v["incomplete"], 0);
    let lock_path = format!("{tp}/lock-municipalities");
    let lock = st.post(&lock_path, Some(&tokyo.token), json!({"version": v["version"]}));
    let paths: Vec<String> = writers.iter().map(|(code, _)| format!("{a}/municipalities/{code}/confirm")).collect();
    let writes = writers
        .iter()
        .zip(&paths)
        .map(|((_, s), path)| st.post(path, Some(&s.token), json!({"version": 0})));
    let (lock, writes) = futures_util::future::join(lock, futures_util::future::join_all(writes)).await;
    assert_eq!(lock.0, StatusCode::OK, "{:?}", lock.1);
    for (s, v) in &writes {
        assert!(*s == StatusCode::OK || v["error"] == "allocation_locked", "{s} {v}");
    }
    // After the lock, every write is refused, whatever it is.
    for (code, s) in &writers {
        let (status, e) = st.post(&format!("{a}/municipalities/{code}/confirm"), Some(&s.token), json!({"version": 1})).await;
        assert_eq!((status, e["error"].as_str()), (StatusCode::CONFLICT, Some("allocation_locked")), "{code}: {e}");
    }
    // And what landed before the lock is what the prefecture's board shows.
    let v = ok(&st, &tokyo, "GET", &tp, json!(null)).await;
    assert!(v["municipalities_locked"].as_bool().unwrap());
}

/// Seed 001's training round 1 in the training stage: 1,741 boxes, one per
/// municipality, with 10 boxes of needles and syringes each. Every
/// prefecture confirms, gives each municipality its box and completes, and
/// the nation locks all 47; in 鳥取県 every municipality gives its box to
/// its ダミー病院 and the prefecture locks them; the dummy hospital sees it.
#[tokio::test]
async fn training_round_one_end_to_end() {
    let st = Stack::start_with(vsys::Stage::Training, NOW, &["31"]).await;
    let admin = st.national_admin().await;
    let cool = create_cool(&st, &admin).await;
    let a = format!("/cools/{cool}/allocation");
    ok(&st, &admin, "PUT", &a, json!({"supply": boxes(1741, 17410, 17410), "basis": "one_per_municipality", "version": 0})).await;
    ok(&st, &admin, "POST", &format!("{a}/publish"), json!({"version": 1})).await;
    let codes: Vec<String> = (1..=47).map(|n| format!("{n:02}")).collect();
    // Eight prefectures at a time, each through its own steps.
    for chunk in codes.chunks(8) {
        let runs = chunk.iter().map(|code| {
            let (st, admin, a) = (&st, &admin, &a);
            async move {
                let pref = st.user(admin, json!({"role": "prefecture", "organisation_code": code})).await;
                let tp = format!("{a}/prefectures/{code}");
                let v = ok(st, &pref, "GET", &tp, json!(null)).await;
                let municipalities = rows(&v).len() as u64;
                assert_eq!(v["allocated"], boxes(municipalities, municipalities * 10, municipalities * 10), "{code}");
                let v = ok(st, &pref, "POST", &format!("{tp}/confirm"), json!({"version": v["version"]})).await;
                let v = ok(st, &pref, "PUT", &format!("{tp}/split"), json!({"basis": "one_per_municipality", "version": v["version"]})).await;
                assert!(rows(&v).iter().all(|r| r["vaccine"] == 1 && r["needles"] == 10), "{code}");
                let v = ok(st, &pref, "POST", &format!("{tp}/complete"), json!({"version": v["version"]})).await;
                ok(st, admin, "POST", &format!("{tp}/lock"), json!({"version": v["version"]})).await;
                (code.clone(), pref)
            }
        });
        for (code, pref) in futures_util::future::join_all(runs).await {
            if code != "31" {
                continue;
            }
            // 鳥取県's 19 municipalities each give their box to their dummy hospital.
            let tp = format!("{a}/prefectures/31");
            let v = ok(&st, &pref, "GET", &tp, json!(null)).await;
            let munis: Vec<String> = rows(&v).iter().map(|r| r["code"].as_str().unwrap().to_string()).collect();
            assert_eq!(munis.len(), 19);
            let runs = munis.iter().map(|m| {
                let (st, admin, a) = (&st, &admin, &a);
                async move {
                    let s = st.user(admin, json!({"role": "municipality", "organisation_code": m})).await;
                    let cm = format!("{a}/municipalities/{m}");
                    let v = ok(st, &s, "GET", &cm, json!(null)).await;
                    let names: Vec<&str> = rows(&v).iter().map(|r| r["name"].as_str().unwrap()).collect();
                    assert_eq!(names, ["ダミー病院", "ダミー診療所", "ダミー接種会場"], "{m}");
                    let v = ok(st, &s, "POST", &format!("{cm}/confirm"), json!({"version": 0})).await;
                    let hospital = format!("site-{m}9001");
                    let v = ok(st, &s, "PUT", &format!("{cm}/split"), json!({"rows": [row(&hospital, 1, 10, 10)], "version": v["version"]})).await;
                    assert_eq!(v["checks"], json!({"vaccine": "○", "needles": "○", "syringes": "○"}), "{m}");
                    ok(st, &s, "POST", &format!("{cm}/complete"), json!({"version": v["version"]})).await;
                }
            });
            futures_util::future::join_all(runs).await;
            let v = ok(&st, &pref, "GET", &tp, json!(null)).await;
            assert_eq!(v["incomplete"], 0);
            let before = st.ddb_calls();
            ok(&st, &pref, "POST", &format!("{tp}/lock-municipalities"), json!({"version": v["version"]})).await;
            let lock_calls = st.ddb_calls() - before;
            // The lock's own reads and write, and the answer's reads: not one per municipality.
            assert!(lock_calls < 19, "the lock of 19 municipalities took {lock_calls} calls");
        }
    }
    let v = ok(&st, &admin, "GET", &a, json!(null)).await;
    assert_eq!(v["counts"][4], json!({"status": "locked", "label": "ロック済", "count": 47}), "{v}");
    // The sites' allocations become final through the fan-out (every
    // minute; here until nothing is left).
    let summary = st.job("allocation-notices").await;
    assert_eq!(summary["notices_finished"], 47 + 1, "{summary}");
    let again = st.job("allocation-notices").await;
    assert_eq!(again, json!({"mailed": 0, "skipped": 0, "notices_finished": 0}));
    // Tottori city's dummy hospital signs in and sees its box.
    let hospital = st.user(&admin, json!({"role": "site", "organisation_code": "3120119001", "organisation_name": "ダミー病院", "municipality_code": "312011"})).await;
    let (s, v) = st.get("/allocations", Some(&hospital.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!((v["items"][0]["packs"].as_u64(), v["items"][0]["needle_boxes"].as_u64()), (Some(1), Some(10)), "{v}");
}

/// Workplace venues (職域) are allocated by the nation directly from their
/// registrations: what each asked, split by the largest remainder when the
/// supply is short, editable within the supply, final once locked.
#[tokio::test]
async fn the_nation_allocates_workplace_venues_directly() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let (s, v) = st
        .post(
            "/cools",
            Some(&admin.token),
            json!({"number": 7, "channel": "workplace", "product": "moderna-primary", "delivery_week": "2021-07-05",
                "vaccination_from": "2021-07-05", "vaccination_until": "2021-12-31",
                "registration_opens": "2021-06-01T00:00:00+09:00", "registration_deadline": "2021-06-29T15:00:00+09:00"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let cool = v["cool_id"].as_str().unwrap().to_string();
    let mut venues = Vec::new();
    for (code, packs) in [("tokyoWp1", 30u64), ("tokyoWp2", 10)] {
        let s = st
            .user(&admin, json!({"role": "workplace", "organisation_code": code, "organisation_name": format!("職域会場{code}"), "municipality_code": "131016"}))
            .await;
        let (status, v) = st
            .put(&format!("/cools/{cool}/demand"), Some(&s.token), json!({"weekly_planned_doses": packs * 100, "packs": packs, "storage": "freezer"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        venues.push(s);
    }
    let w = format!("/cools/{cool}/allocation/workplace");
    // The prefectures' chain does not take a workplace cool, nor the reverse.
    let (s, e) = st.get(&format!("/cools/{cool}/allocation"), Some(&admin.token)).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("cool_id")), "{e}");
    let v = ok(&st, &admin, "GET", &w, json!(null)).await;
    assert!(!v["saved"].as_bool().unwrap());
    assert_eq!(find(&v, "wp-tokyoWp1")["vaccine"], 30);
    // 20 boxes for 30 + 10 asked: 15 and 5.
    let v = ok(&st, &admin, "PUT", &w, json!({"supply": boxes(20, 1000, 1000), "version": 0})).await;
    assert_eq!((find(&v, "wp-tokyoWp1")["vaccine"].as_u64(), find(&v, "wp-tokyoWp2")["vaccine"].as_u64()), (Some(15), Some(5)), "{v}");
    let (s, e) = refused(&st, &admin, "PUT", &w, json!({"supply": boxes(20, 1000, 1000), "rows": [row("wp-tokyoWp1", 15, 0, 0), row("wp-tokyoWp2", 6, 0, 0)], "version": 1})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("rows[1].vaccine")), "{e}");
    let (_, e) = refused(&st, &admin, "PUT", &w, json!({"supply": boxes(20, 1000, 1000), "rows": [row("wp-nobody", 1, 0, 0)], "version": 1})).await;
    assert_eq!(e["field"], "rows[0].code");
    let v = ok(&st, &admin, "PUT", &w, json!({"supply": boxes(20, 1000, 1000), "rows": [row("wp-tokyoWp1", 12, 40, 40), row("wp-tokyoWp2", 8, 20, 20)], "version": 1})).await;
    let (s, _) = st.get(&w, Some(&venues[0].token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let v = ok(&st, &admin, "POST", &format!("{w}/lock"), json!({"version": v["version"]})).await;
    assert_eq!(v["status"], "locked");
    let (_, e) = refused(&st, &admin, "PUT", &w, json!({"supply": boxes(20, 1000, 1000), "version": v["version"]})).await;
    assert_eq!(e["error"], "allocation_locked");
    let summary = st.job("allocation-notices").await;
    assert_eq!(summary["mailed"], 2, "{summary}");
    let (_, v) = st.get("/allocations", Some(&venues[1].token)).await;
    assert_eq!((v["items"][0]["packs"].as_u64(), v["items"][0]["doses"].as_u64()), (Some(8), Some(800)), "{v}");
    assert!(st.mails_to(&venues[0].email).await.iter().any(|m| m.body.contains("ワクチン 12箱、針 40箱、シリンジ 40箱")));
}
