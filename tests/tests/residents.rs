//! The services of seed 001's 「その他」 over HTTP: the medical workers'
//! pre-filled screening forms a priority-vaccination venue prints.

use serde_json::json;
use vsys_e2e::*;

const NOW: &str = "2021-04-12T10:00:00+09:00";

fn pdf_text(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

/// Thirty medical workers of the venue's list, as a CSV.
fn workers(bad: Option<(usize, &str, &str)>) -> String {
    let mut csv = String::from("氏名,フリガナ,生年月日,性別,住所,勤務先\n");
    for i in 1..=30 {
        let mut row = [
            format!("医療 太郎{i:02}"),
            format!("イリョウ タロウ{}", "ア".repeat(i % 3 + 1)),
            format!("19{}/0{}/1{}", 60 + i, i % 9 + 1, i % 10),
            if i % 2 == 0 { "女".into() } else { "男".into() },
            format!("東京都千代田区霞が関1-2-{i}"),
            "千代田中央病院".into(),
        ];
        if let Some((line, column, value)) = bad {
            if line == i + 1 {
                let c = ["氏名", "フリガナ", "生年月日", "性別", "住所", "勤務先"].iter().position(|c| *c == column).unwrap();
                row[c] = value.into();
            }
        }
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    csv
}

async fn print(st: &Stack, token: &str, csv: &str) -> reqwest::Response {
    st.http
        .post(format!("{}/screening-forms", st.base))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_venue_prints_the_screening_forms_of_its_thirty_medical_workers() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let venue = st.site(&admin, "1310000001", "千代田優先接種会場", "131016").await;

    // Bad rows are each named, and nothing is printed.
    let mut csv = workers(Some((5, "フリガナ", "医療 タロウ")));
    csv = csv.replace("医療 太郎10,イリョウ タロウアア,1970/02/10", "医療 太郎10,イリョウ タロウアア,1970/02/30");
    let (s, v) = st.post_raw("/screening-forms", Some(&venue.token), "text/csv", &csv).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_csv_row")), "{v}");
    let rows: Vec<(u64, &str)> = v["rows"].as_array().unwrap().iter().map(|r| (r["line"].as_u64().unwrap(), r["field"].as_str().unwrap())).collect();
    assert_eq!(rows, vec![(5, "フリガナ"), (11, "生年月日")], "{v}");
    let (s, v) = st.post_raw("/screening-forms", Some(&venue.token), "text/csv", &workers(Some((3, "性別", "不明")))).await;
    assert_eq!((s, v["rows"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("性別")), "{v}");
    let (s, v) = st.post_raw("/screening-forms", Some(&venue.token), "text/csv", "氏名,フリガナ\n医療 太郎,イリョウ タロウ\n").await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("生年月日")), "a missing column: {v}");

    // The whole list: one PDF, a page per worker, with the venue's name and code.
    let res = print(&st, &venue.token, &workers(None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let pdf = res.bytes().await.unwrap();
    let text = pdf_text(&pdf);
    assert_eq!(text.matches("新型コロナワクチン接種予診票（医療従事者用）").count(), 30, "a page per worker");
    for i in [1, 15, 30] {
        assert!(text.contains(&format!("医療太郎{i:02}")), "worker {i}");
    }
    assert!(text.contains("接種会場:千代田優先接種会場（1310000001）"), "{}", &text[..300]);
    assert!(text.contains("イリョウタロウアア") && text.contains("1961年2月11日生（満60歳）") && text.contains("千代田中央病院"));
    assert!(text.contains("薬や食品などで、重いアレルギー症状（アナフィラキシーなど）を起こしたことがありますか。"));

    // Only venues print them; the audit keeps the count, never the names.
    let muni = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    assert_eq!(print(&st, &muni.token, &workers(None)).await.status(), StatusCode::FORBIDDEN);
    let trail = vsys::store::audit::trail(&st.app, "org:site-1310000001", 20, None).await.unwrap();
    let printed: Vec<_> = trail.items.iter().filter(|r| r.action == "screening_forms_printed").collect();
    assert_eq!(printed.len(), 1);
    let after = printed[0].after.clone().unwrap_or_default();
    assert!(after.contains("30") && !after.contains("医療"), "{after}");
}

// ---- Residents' requests: 住所地外接種の届出 and 接種券の再発行申請 ----

const CHIYODA: &str = "131016";
const SAPPORO: &str = "011002";

/// A resident of Sapporo who will be vaccinated in Chiyoda while working there.
fn out_of_area(email: &str) -> serde_json::Value {
    json!({"kind": "out_of_area", "name": "札幌 花子", "kana": "サッポロ ハナコ", "birth_date": "1985-07-07",
        "address": "北海道札幌市中央区北1条西2丁目", "home_muni": SAPPORO, "coupon": "0112345678",
        "phone": "011-211-2111", "email": email, "reason": "work", "muni": CHIYODA,
        "stay_place": "東京都千代田区丸の内1-1 社員寮", "stay_from": "2021-04-01", "stay_to": "2021-09-30"})
}

fn reissue(email: &str, coupon: &str) -> serde_json::Value {
    json!({"kind": "reissue", "name": "鳥取 次郎", "kana": "トットリ ジロウ", "birth_date": "1950-01-15",
        "address": "鳥取県鳥取市東町1-220", "home_muni": "312011", "coupon": coupon,
        "phone": "0857-22-8111", "email": email, "reason": "lost", "doses_received": [1]})
}

/// Submits a request and opens the mailed link: the link's token.
async fn submit_and_confirm(st: &Stack, body: serde_json::Value) -> String {
    let email = body["email"].as_str().unwrap().to_string();
    let (s, v) = st.post("/public/resident-requests", None, body).await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    let token = link_token(&st.last_mail(&email).await.body);
    let (s, v) = st.post("/public/resident-requests/confirm", None, json!({"token": token})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("new")), "{v}");
    token
}

async fn list(st: &Stack, s: &Session, query: &str) -> (StatusCode, serde_json::Value) {
    st.get(&format!("/resident-requests?{query}"), Some(&s.token)).await
}

async fn public_pdf(st: &Stack, token: &str) -> reqwest::Response {
    st.http.post(format!("{}/public/resident-requests/certificate", st.base)).json(&json!({"token": token})).send().await.unwrap()
}

#[tokio::test]
async fn an_out_of_area_notification_goes_from_the_form_to_the_certificate() {
    let st = Stack::start_with(vsys::Stage::Production, "2021-05-10T10:00:00+09:00", &["01", "13"]).await;
    let admin = st.national_admin().await;
    let chiyoda = st.user(&admin, json!({"role": "municipality", "organisation_code": CHIYODA})).await;
    let shinjuku = st.user(&admin, json!({"role": "municipality", "organisation_code": "131041"})).await;
    let sapporo = st.user(&admin, json!({"role": "municipality", "organisation_code": SAPPORO})).await;
    let site = st.site(&admin, "1310000001", "千代田中央病院", CHIYODA).await;
    let email = format!("hanako-{}@example.jp", unique());

    // Submitted: mailed a link, in no queue until the link is opened.
    let (s, v) = st.post("/public/resident-requests", None, out_of_area(&email)).await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    let mail = st.last_mail(&email).await;
    assert!(mail.subject.contains("メールアドレス確認") && mail.body.contains("千代田区"), "{}", mail.body);
    let token = link_token(&mail.body);
    let (s, v) = list(&st, &chiyoda, "kind=out_of_area&status=new").await;
    assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "{v}");
    let (s, v) = st.post("/public/resident-requests/view", None, json!({"token": token})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("unconfirmed")), "{v}");
    let id = v["id"].as_str().unwrap().to_string();
    // A token that is not one opens nothing.
    let (s, v) = st.post("/public/resident-requests/view", None, json!({"token": "x".repeat(43)})).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::GONE, Some("link_invalid")), "{v}");

    // Opening the link files it, once.
    for _ in 0..2 {
        let (s, v) = st.post("/public/resident-requests/confirm", None, json!({"token": token})).await;
        assert_eq!((s, v["status"].as_str(), v["certificate"].as_bool()), (StatusCode::OK, Some("new"), Some(false)), "{v}");
    }
    let (s, v) = list(&st, &chiyoda, "kind=out_of_area&status=new").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let rows = v["items"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{v}");
    assert_eq!((rows[0]["id"].as_str(), rows[0]["home_muni_name"].as_str(), rows[0]["reason_label"].as_str()), (Some(id.as_str()), Some("北海道札幌市"), Some("単身赴任")));
    // The queue row carries no date of birth, coupon or contact.
    for secret in ["1985", "0112345678", "011-211-2111", &email] {
        assert!(!v.to_string().contains(secret), "{secret} in {v}");
    }

    // Scope: another municipality, the municipality of residence before
    // acceptance, and a site get nothing.
    for s in [&shinjuku, &sapporo] {
        let (code, _) = st.get(&format!("/resident-requests/{id}"), Some(&s.token)).await;
        assert_eq!(code, StatusCode::NOT_FOUND);
    }
    let (code, _) = st.post(&format!("/resident-requests/{id}/accept"), Some(&shinjuku.token), json!({"version": 2})).await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let (code, _) = st.get("/resident-requests", Some(&site.token)).await;
    assert_eq!(code, StatusCode::FORBIDDEN);

    // Chiyoda reads it in full and accepts it.
    let (s, v) = st.get(&format!("/resident-requests/{id}"), Some(&chiyoda.token)).await;
    assert_eq!((s, v["can_decide"].as_bool(), v["coupon"].as_str()), (StatusCode::OK, Some(true), Some("0112345678")), "{v}");
    let version = v["version"].as_u64().unwrap();
    let (s, e) = st.post(&format!("/resident-requests/{id}/accept"), Some(&chiyoda.token), json!({"version": version - 1})).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("stale_version")), "{e}");
    let (s, e) = st.post(&format!("/resident-requests/{id}/reissue"), Some(&chiyoda.token), json!({"version": version, "new_coupon": "0198765432"})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("kind")), "{e}");
    let (s, v) = st.post(&format!("/resident-requests/{id}/accept"), Some(&chiyoda.token), json!({"version": version})).await;
    assert_eq!((s, v["status"].as_str(), v["certificate"].as_bool()), (StatusCode::OK, Some("accepted"), Some(true)), "{v}");
    let (s, e) = st.post(&format!("/resident-requests/{id}/refuse"), Some(&chiyoda.token), json!({"version": version + 1, "reason": "x"})).await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::CONFLICT, Some("request_decided")), "{e}");
    let (_, v) = list(&st, &chiyoda, "kind=out_of_area&status=accepted").await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1), "{v}");
    let (_, v) = list(&st, &chiyoda, "kind=out_of_area&status=new").await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(0), "{v}");

    // The resident is mailed a new link, which downloads the certificate.
    let mail = st.last_mail(&email).await;
    assert!(mail.subject.contains("処理結果") && mail.body.contains("受理"), "{}", mail.body);
    let outcome_token = link_token(&mail.body);
    let res = public_pdf(&st, &outcome_token).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let text = pdf_text(&res.bytes().await.unwrap());
    for want in ["住所地外接種届出済証", &id, "札幌花子", "サッポロハナコ", "1985年7月7日", "北海道札幌市", "0112345678", "単身赴任", "2021年4月1日〜2021年9月30日", "千代田区長"] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    // The first link still shows the status too.
    let (_, v) = st.post("/public/resident-requests/view", None, json!({"token": token})).await;
    assert_eq!(v["status"].as_str(), Some("accepted"), "{v}");

    // Sapporo sees its resident's accepted notification, read-only.
    let (s, v) = list(&st, &sapporo, "view=residents").await;
    assert_eq!((s, v["items"][0]["id"].as_str(), v["items"][0]["muni_name"].as_str()), (StatusCode::OK, Some(id.as_str()), Some("東京都千代田区")), "{v}");
    let (s, v) = st.get(&format!("/resident-requests/{id}"), Some(&sapporo.token)).await;
    assert_eq!((s, v["can_decide"].as_bool()), (StatusCode::OK, Some(false)), "{v}");
    let res = st.http.get(format!("{}/resident-requests/{id}/certificate", st.base)).bearer_auth(&sapporo.token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (s, _) = list(&st, &shinjuku, "view=residents").await;
    assert_eq!(s, StatusCode::OK);

    // Every staff read is audited, and no audit record holds the person.
    let trail = vsys::store::audit::trail(&st.app, &format!("resreq:{id}"), 50, None).await.unwrap().items;
    // (The clock stands still, so the records are compared as a set.)
    let mut actions: Vec<&str> = trail.iter().map(|a| a.action.as_str()).collect();
    actions.sort_unstable();
    assert_eq!(
        actions,
        ["resident_certificate_downloaded", "resident_certificate_downloaded", "resident_request_accepted", "resident_request_filed", "resident_request_read", "resident_request_read", "resident_request_submitted"],
    );
    let all = serde_json::to_string(&trail.iter().map(|a| (&a.before, &a.after)).collect::<Vec<_>>()).unwrap();
    for secret in ["札幌 花子", "1985", "0112345678", &email, "社員寮"] {
        assert!(!all.contains(secret), "{secret} in the audit");
    }

    // Closed, the request is deleted a year after the stay ends (TTL), and
    // every token with it.
    let r = vsys::store::residents::find(&st.app, &id).await.unwrap().unwrap();
    let stay_end = at("2021-09-30T23:59:59Z").timestamp();
    assert_eq!(r.expires_at, Some(stay_end + 365 * 86_400));
    st.set_now("2022-10-01T10:00:00+09:00");
    let (s, _) = st.post("/public/resident-requests/view", None, json!({"token": outcome_token})).await;
    assert_eq!(s, StatusCode::GONE);
    let token = st.sign_in(&chiyoda).await;
    let (_, v) = st.get("/resident-requests?kind=out_of_area&status=accepted", Some(&token)).await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(0), "{v}");
}

#[tokio::test]
async fn an_unconfirmed_request_is_gone_after_a_day() {
    let st = Stack::start_with(vsys::Stage::Production, "2021-05-10T10:00:00+09:00", &["13"]).await;
    let admin = st.national_admin().await;
    let chiyoda = st.user(&admin, json!({"role": "municipality", "organisation_code": CHIYODA})).await;
    let email = format!("late-{}@example.jp", unique());
    let (s, _) = st.post("/public/resident-requests", None, out_of_area(&email)).await;
    assert_eq!(s, StatusCode::ACCEPTED);
    let token = link_token(&st.last_mail(&email).await.body);
    st.advance(chrono::Duration::hours(25));
    let (s, v) = st.post("/public/resident-requests/confirm", None, json!({"token": token})).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::GONE, Some("link_invalid")), "{v}");
    let token = st.sign_in(&chiyoda).await;
    let (_, v) = st.get("/resident-requests?kind=out_of_area&status=new", Some(&token)).await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(0), "{v}");
}

#[tokio::test]
async fn a_coupon_reissue_voids_the_old_number_for_bookings() {
    let st = Stack::start_with(vsys::Stage::Production, "2021-03-01T10:00:00+09:00", &["31"]).await;
    let admin = st.national_admin().await;
    st.site(&admin, "3110000001", "鳥取市集団接種会場", "312011").await;
    let city = st.user(&admin, json!({"role": "municipality", "organisation_code": "312011"})).await;
    let yonago = st.user(&admin, json!({"role": "municipality", "organisation_code": "312029"})).await;
    let (old, new) = ("3100000001", "3100000999");

    let email = format!("jiro-{}@example.jp", unique());
    let token = submit_and_confirm(&st, reissue(&email, old)).await;
    let (_, v) = st.post("/public/resident-requests/view", None, json!({"token": token})).await;
    let id = v["id"].as_str().unwrap().to_string();
    // A refused one of another resident, with its reason mailed.
    let other = format!("other-{}@example.jp", unique());
    let mut damaged = reissue(&other, "3100000002");
    damaged["reason"] = json!("other");
    let (s, e) = st.post("/public/resident-requests", None, damaged.clone()).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("reason_detail")), "{e}");
    damaged["reason_detail"] = json!("洗濯してしまいました");
    submit_and_confirm(&st, damaged).await;

    let (s, v) = st.get("/resident-requests?kind=reissue&status=new", Some(&city.token)).await;
    assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(2)), "{v}");
    let other_id = v["items"].as_array().unwrap().iter().find(|r| r["id"] != id.as_str()).unwrap()["id"].as_str().unwrap().to_string();
    let (s, _) = st.get("/resident-requests?kind=reissue&status=new", Some(&yonago.token)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = st.get(&format!("/resident-requests/{id}"), Some(&yonago.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, e) = st.get("/resident-requests?kind=reissue&status=accepted", Some(&city.token)).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("status")), "{e}");

    // The city books slots; the old coupon books until it is replaced.
    let plan = json!({"venue_id": "site-3110000001", "product": "moderna-primary", "first_date": "2021-03-15", "last_date": "2021-03-15",
        "weekdays": ["mon"], "start": "09:00", "end": "11:00", "slot_minutes": 60, "people_per_slot": 4, "preview": false});
    ok(&st, &city, "POST", "/reservation-slots", plan).await;
    let booking = |coupon: &str| {
        json!({"venue_id": "site-3110000001", "date": "2021-03-15", "start": "09:00", "booker_kana": "トットリ ジロウ", "booker_phone": "0857-22-8111",
            "name": "鳥取 次郎", "name_kana": "トットリ ジロウ", "birth_date": "1950-01-15", "category": "elderly", "dose": 2, "coupon": coupon})
    };

    let (_, v) = st.get(&format!("/resident-requests/{id}"), Some(&city.token)).await;
    let version = v["version"].as_u64().unwrap();
    for (bad, field) in [("123456789", "new_coupon"), (old, "new_coupon")] {
        let (s, e) = st.post(&format!("/resident-requests/{id}/reissue"), Some(&city.token), json!({"version": version, "new_coupon": bad})).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{e}");
    }
    let (s, v) = st.post(&format!("/resident-requests/{id}/reissue"), Some(&city.token), json!({"version": version, "new_coupon": new})).await;
    assert_eq!((s, v["status"].as_str(), v["new_coupon"].as_str()), (StatusCode::OK, Some("reissued"), Some(new)), "{v}");
    let mail = st.last_mail(&email).await;
    assert!(mail.body.contains(new) && mail.body.contains("無効"), "{}", mail.body);

    // The old number is refused by a booking; the new one books.
    let (s, e) = st.post("/bookings", Some(&city.token), booking(old)).await;
    assert_eq!((s, e["error"].as_str(), e["field"].as_str()), (StatusCode::CONFLICT, Some("coupon_void"), Some("coupon")), "{e}");
    let (s, v) = st.post("/bookings", Some(&city.token), booking(new)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // A coupon already void cannot be given as a new number.
    let (_, v) = st.get(&format!("/resident-requests/{other_id}"), Some(&city.token)).await;
    let (s, e) = st.post(&format!("/resident-requests/{other_id}/reissue"), Some(&city.token), json!({"version": v["version"], "new_coupon": old})).await;
    assert_eq!((s, e["error"].as_str(), e["field"].as_str()), (StatusCode::CONFLICT, Some("coupon_void"), Some("new_coupon")), "{e}");

    // The other one is refused, with the reason mailed.
    let (s, v) = st.post(&format!("/resident-requests/{other_id}/refuse"), Some(&city.token), json!({"version": v["version"], "reason": "本人確認書類の写しを添えて窓口で申請してください。"})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("refused")), "{v}");
    assert!(st.last_mail(&other).await.body.contains("本人確認書類の写し"));
    let (_, v) = st.get("/resident-requests?kind=reissue&status=refused", Some(&city.token)).await;
    assert_eq!(v["items"][0]["id"].as_str(), Some(other_id.as_str()), "{v}");
    let (_, v) = st.get("/resident-requests?kind=reissue&status=reissued", Some(&city.token)).await;
    assert_eq!(v["items"][0]["id"].as_str(), Some(id.as_str()), "{v}");
    // A reissue has no certificate.
    let res = public_pdf(&st, &token).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_requests_are_named_and_nothing_is_written_or_mailed() {
    let st = Stack::start_with(vsys::Stage::Production, "2021-05-10T10:00:00+09:00", &[]).await;
    let email = format!("bad-{}@example.jp", unique());
    for (change, field) in [
        (json!({"coupon": "123456789"}), "coupon"),
        (json!({"birth_date": "1985-02-30"}), "birth_date"),
        (json!({"birth_date": "2030-01-01"}), "birth_date"),
        (json!({"kana": "札幌 ハナコ"}), "kana"),
        (json!({"stay_from": "2021-09-30", "stay_to": "2021-04-01"}), "stay_to"),
        (json!({"stay_to": "2021-02-30"}), "stay_to"),
        (json!({"reason": "holiday"}), "reason"),
        (json!({"muni": "999999"}), "muni"),
        (json!({"muni": SAPPORO}), "muni"),
        (json!({"stay_place": null}), "stay_place"),
        (json!({"home_muni": "01100"}), "home_muni"),
        (json!({"phone": "abc"}), "phone"),
        (json!({"email": "no-at-sign"}), "email"),
        (json!({"kind": "transfer"}), "kind"),
        (json!({"name": ""}), "name"),
        (json!({"doses_received": [1, 1]}), "doses_received"),
    ] {
        let mut body = out_of_area(&email);
        for (k, x) in change.as_object().unwrap() {
            body[k] = x.clone();
        }
        if field == "doses_received" {
            body = reissue(&email, "3100000001");
            body["doses_received"] = json!([1, 1]);
        }
        let (s, e) = st.post("/public/resident-requests", None, body).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{change}: {e}");
    }
    assert!(st.mails_to(&email).await.is_empty());
    // Refused input counts against no limit: the address can still submit three.
    for _ in 0..3 {
        let (s, v) = st.post("/public/resident-requests", None, out_of_area(&email)).await;
        assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    }
}

#[tokio::test]
async fn many_requests_from_one_address_are_throttled() {
    let st = Stack::start_with(vsys::Stage::Production, "2021-05-10T10:00:00+09:00", &[]).await;
    let email = format!("flood-{}@example.jp", unique());
    // Ten at once from one e-mail address: exactly three get through.
    let answers = futures_util::future::join_all((0..10).map(|_| st.post("/public/resident-requests", None, out_of_area(&email)))).await;
    let accepted = answers.iter().filter(|(s, _)| *s == StatusCode::ACCEPTED).count();
    let throttled: Vec<_> = answers.iter().filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS).collect();
    assert_eq!((accepted, throttled.len()), (3, 7), "{answers:?}");
    assert_eq!((throttled[0].1["error"].as_str(), throttled[0].1["field"].as_str()), (Some("too_many_requests"), None));
    assert_eq!(st.mails_to(&email).await.len(), 3);
    // From one network address, thirty an hour whatever the e-mail
    // addresses (the ten above count): 25 at once, 20 get through.
    let emails: Vec<String> = (0..25).map(|i| format!("flood{i}-{}@example.jp", unique())).collect();
    let answers = futures_util::future::join_all(emails.iter().map(|e| st.post("/public/resident-requests", None, out_of_area(e)))).await;
    let accepted = answers.iter().filter(|(s, _)| *s == StatusCode::ACCEPTED).count();
    assert_eq!(accepted, 20, "{answers:?}");
    // The next hour, requests get through again.
    st.advance(chrono::Duration::hours(1));
    let (s, v) = st.post("/public/resident-requests", None, out_of_area(&email)).await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
}
