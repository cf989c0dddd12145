//! Facilities (SPEC §4, seeds 000 and 002): the profile and its checks, the
//! reservation status, doctors (never fewer than one once registered), the
//! readiness list, what municipalities and prefectures see, basic and
//! satellite sites under their three rules, transfers on the day, and a
//! workplace venue's contact e-mail change reviewed by the national office.

use serde_json::{json, Value};
use vsys::store::facilities::record_allocation;
use vsys::store::stock::{self, Holder, Movement};
use vsys::AppError;
use vsys_e2e::*;

/// Monday 2021-06-21 10:00 JST.
const NOW: &str = "2021-06-21T10:00:00+09:00";

async fn site(st: &Stack, admin: &Session, code: &str, muni: &str) -> Session {
    st.site(admin, code, &format!("テスト医院{code}"), muni)
        .await
}

fn profile(name: &str) -> Value {
    json!({
        "name": name,
        "classification": "clinic",
        "founder": "other",
        "vaccine": "武田薬品工業",
        "representative": "厚生 太郎",
        "postal_code": "100-8916",
        "address": "東京都千代田区霞が関1-2-2",
        "phone": "03-1234-5678",
        "fax": "03-2345-6789",
        "homepage": "https://xxhp.jp",
        "freezers_minus75": 1,
        "freezers_minus20": 0,
        "parking": "10台",
        "delivery_name": name,
        "delivery_address": "東京都千代田区霞が関1-2-2",
        "responsible": {
            "vaccination": {"name": "接種 責任", "phone": "03-1111-2222"},
            "storage": {"name": "保管 責任", "phone": "03-1111-2223"},
            "needles_syringes": {"name": "針 責任", "phone": "03-1111-2224"},
            "holiday_contact": {"name": "休日 連絡", "phone": "090-1111-2225"}
        },
        "contacts": {"primary": {"department": "事務部", "name": "厚労 太郎", "phone": "0312345678", "email": "before@iryoukikan.example.jp"}},
        "public_listing": "public"
    })
}

fn doctor(name: &str) -> Value {
    json!({"name": name, "kana": "こうせい たろう", "phone": "0001112222", "email": "doctor@example.jp", "vaccines": ["武田薬品工業"]})
}

fn flags(v: &Value) -> Vec<String> {
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["flag"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn profile_doctors_readiness_and_what_the_area_sees() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let clinic = site(&st, &admin, "1310000001", "131016").await;
    let chiyoda = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let minato = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131032"}),
        )
        .await;
    let tokyo = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "13"}),
        )
        .await;
    let osaka = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "27"}),
        )
        .await;

    // Before the first save the facility is listed, flagged.
    let (s, v) = st.get("/facility", Some(&clinic.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["profile_entered"], false);
    assert_eq!(flags(&v), ["profile_missing", "no_doctor"]);
    assert_eq!(v["reservation_status_label"], "未登録");

    // Bad input names the field; nothing is written.
    for (field, value, named) in [
        ("postal_code", json!("1008916"), "profile.postal_code"),
        ("postal_code", json!("100-891"), "profile.postal_code"),
        ("phone", json!("03-1234"), "profile.phone"),
        ("homepage", json!("xxhp.jp"), "profile.homepage"),
        ("freezers_minus75", json!(-1), "profile.freezers_minus75"),
        ("classification", json!("castle"), "profile.classification"),
        ("vaccine", json!("不明ワクチン"), "profile.vaccine"),
        (
            "aggregator_code",
            json!("nosuchagg"),
            "profile.aggregator_code",
        ),
        (
            "classification",
            json!("workplace_venue"),
            "profile.classification",
        ),
    ] {
        let mut p = profile("〇〇病院");
        p[field] = value;
        let (s, v) = st
            .put(
                "/facility",
                Some(&clinic.token),
                json!({"profile": p, "version": 1}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{field}: {v}");
        assert_eq!(v["field"], named, "{v}");
    }
    let mut p = profile("〇〇病院");
    p["classification"] = json!("municipal_venue");
    let (s, v) = st
        .put(
            "/facility",
            Some(&clinic.token),
            json!({"profile": p, "version": 1}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("profile.founder")),
        "{v}"
    );
    let (_, v) = st.get("/facility", Some(&clinic.token)).await;
    assert_eq!(v["profile_entered"], false);

    let v = st.save_profile(&clinic, profile("〇〇病院")).await;
    assert_eq!(v["name"], "〇〇病院");
    assert_eq!(v["classification_label"], "診療所");
    assert_eq!(flags(&v), ["no_doctor"]);
    // A stale version is refused.
    let (s, v) = st
        .put(
            "/facility",
            Some(&clinic.token),
            json!({"profile": profile("古い"), "version": 1}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("stale_version"))
    );

    // Readiness: everything but the doctor.
    let (_, r) = st.get("/facility/readiness", Some(&clinic.token)).await;
    assert_eq!(r["ready"], false);
    let missing: Vec<&str> = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["doctors"]);

    // Doctors: bad kana, then one, then the last one cannot go.
    let mut bad = doctor("厚生 太郎");
    bad["kana"] = json!("コウセイ");
    let (s, v) = st.post("/facility/doctors", Some(&clinic.token), bad).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("kana")),
        "{v}"
    );
    let (s, d1) = st
        .post(
            "/facility/doctors",
            Some(&clinic.token),
            doctor("厚生 太郎"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d1}");
    let id1 = d1["doctor_id"].as_str().unwrap().to_string();
    let (s, v) = st
        .delete(&format!("/facility/doctors/{id1}"), Some(&clinic.token))
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("last_doctor")),
        "{v}"
    );
    let (_, r) = st.get("/facility/readiness", Some(&clinic.token)).await;
    assert_eq!(r["ready"], true, "{r}");
    let (s, d2) = st
        .post(
            "/facility/doctors",
            Some(&clinic.token),
            doctor("厚生 花子"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let id2 = d2["doctor_id"].as_str().unwrap();
    let (s, v) = st
        .put(
            &format!("/facility/doctors/{id2}"),
            Some(&clinic.token),
            json!({"doctor": doctor("厚生 花子（編集）"), "version": d2["version"]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = st
        .delete(&format!("/facility/doctors/{id1}"), Some(&clinic.token))
        .await;
    assert_eq!((s, v["doctors"].as_u64()), (StatusCode::OK, Some(1)), "{v}");
    let (_, v) = st.get("/facility/doctors", Some(&clinic.token)).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    assert_eq!(v["items"][0]["name"], "厚生 花子（編集）");

    // Reservation status with its update time.
    let (s, v) = st
        .put(
            "/facility/reservation-status",
            Some(&clinic.token),
            json!({"status": "few"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["reservation_status_label"], "残り少数");
    assert_eq!(v["reservation_updated_at"], "2021年06月21日 10:00");
    let (s, _) = st
        .put(
            "/facility/reservation-status",
            Some(&clinic.token),
            json!({"status": "maybe"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // A municipal special venue, still without a doctor.
    let venue = site(&st, &admin, "1310000002", "131016").await;
    let mut p = profile("市民アリーナ接種会場");
    p["classification"] = json!("municipal_venue");
    p["founder"] = json!("municipality");
    st.save_profile(&venue, p).await;

    // The municipality lists its area by view; others see nothing of it.
    let (s, v) = st.get("/facilities", Some(&chiyoda.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    let (_, v) = st
        .get("/facilities?view=special_venues", Some(&chiyoda.token))
        .await;
    let names: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["市民アリーナ接種会場"]);
    let (_, v) = st
        .get("/facilities?view=without_doctor", Some(&chiyoda.token))
        .await;
    assert_eq!(v["items"][0]["flags"][0]["flag"], "no_doctor");
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (s, v) = st
        .get("/facilities/site-1310000001", Some(&chiyoda.token))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["doctor_list"].as_array().unwrap().len(), 1);
    let (s, _) = st
        .get("/facilities/site-1310000001", Some(&minato.token))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, v) = st.get("/facilities", Some(&minato.token)).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 0);
    let (s, _) = st
        .get("/facilities?municipality_code=131016", Some(&minato.token))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The prefecture sees both and may narrow; another prefecture may not.
    let (_, v) = st
        .get("/facilities?municipality_code=131016", Some(&tokyo.token))
        .await;
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    let (s, _) = st
        .get("/facilities?municipality_code=131016", Some(&osaka.token))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = st
        .get("/facilities/site-1310000001", Some(&osaka.token))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A site reads its own facility only.
    let (s, _) = st.get("/facilities", Some(&clinic.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = st
        .get("/facilities/site-1310000002", Some(&clinic.token))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn set_type(st: &Stack, s: &Session, body: Value) -> (StatusCode, Value) {
    let (_, cur) = st.get("/facility", Some(&s.token)).await;
    let mut body = body;
    body["version"] = cur["version"].clone();
    st.put("/facility/site-type", Some(&s.token), body).await
}

async fn facts(st: &Stack, add: impl FnOnce(&mut vsys::store::Tx)) {
    let mut tx = vsys::store::Tx::new();
    add(&mut tx);
    tx.commit(&st.app).await.unwrap();
}

#[tokio::test]
async fn basic_and_satellite_follow_the_three_rules() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let a = site(&st, &admin, "1310000011", "131016").await;
    let b = site(&st, &admin, "1310000012", "131016").await;
    let c = site(&st, &admin, "1310000013", "131016").await;
    let pfizer = site(&st, &admin, "1310000014", "131032").await;
    let elsewhere = site(&st, &admin, "1310000016", "131032").await;
    for (s, name) in [
        (&a, "A病院"),
        (&b, "Bクリニック"),
        (&c, "C病院"),
        (&elsewhere, "E病院"),
    ] {
        st.save_profile(s, profile(name)).await;
    }
    let mut p = profile("Dクリニック");
    p["vaccine"] = json!("ファイザー");
    st.save_profile(&pfizer, p).await;

    // Exactly one basic site, of the same vaccine, never itself.
    let (s, v) = set_type(&st, &b, json!({"site_type": "satellite"})).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("basic_site_code")),
        "{v}"
    );
    let (s, v) = set_type(
        &st,
        &b,
        json!({"site_type": "satellite", "basic_site_code": "1310000012"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    // Another vaccine, an unknown code, a basic site of another municipality:
    // one and the same answer, so trying codes tells nothing about sites
    // outside the area.
    let (_, untouched) = st.get("/facility", Some(&elsewhere.token)).await;
    let mut refusals = Vec::new();
    for code in ["1310000014", "1399999999", "1310000016"] {
        let (s, v) = set_type(
            &st,
            &b,
            json!({"site_type": "satellite", "basic_site_code": code}),
        )
        .await;
        assert_eq!(
            (s, v["error"].as_str(), v["field"].as_str()),
            (
                StatusCode::NOT_FOUND,
                Some("not_found"),
                Some("basic_site_code")
            ),
            "{v}"
        );
        refusals.push(v);
    }
    assert!(refusals.windows(2).all(|w| w[0] == w[1]));
    // …and the other municipality's site was not touched.
    let (_, v) = st.get("/facility", Some(&elsewhere.token)).await;
    assert_eq!(v, untouched);
    let (s, v) = set_type(
        &st,
        &b,
        json!({"site_type": "satellite", "basic_site_code": "1310000011"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["site_type_label"], "サテライト型（連携型）");
    assert_eq!(v["basic_site_id"], "site-1310000011");
    let (_, v) = st.get("/facility", Some(&a.token)).await;
    assert_eq!(v["satellites"], 1);
    // Satellites register no demand; their basic site does.
    let (s, v) = st
        .post(
            "/cools",
            Some(&admin.token),
            json!({"number": 7, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-06-28",
                "vaccination_from": "2021-06-28", "vaccination_until": "2021-12-31",
                "registration_opens": "2021-06-01T00:00:00+09:00", "registration_deadline": "2021-06-22T15:00:00+09:00"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let demand_path = format!("/cools/{}/demand", v["cool_id"].as_str().unwrap());
    let demand = json!({"weekly_planned_doses": 300, "packs": 3, "storage": "freezer"});
    let (s, v) = st.put(&demand_path, Some(&b.token), demand.clone()).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("satellite_no_demand")),
        "{v}"
    );
    let (s, v) = st.put(&demand_path, Some(&a.token), demand).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // A basic site serving a satellite cannot become one itself.
    let (s, v) = set_type(
        &st,
        &a,
        json!({"site_type": "satellite", "basic_site_code": "1310000013"}),
    )
    .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("basic_has_satellites")),
        "{v}"
    );

    // Rule 1: basic → satellite only if never allocated.
    facts(&st, |tx| record_allocation(tx, "site-1310000013")).await;
    let (s, v) = set_type(
        &st,
        &c,
        json!({"site_type": "satellite", "basic_site_code": "1310000011"}),
    )
    .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("basic_already_allocated")),
        "{v}"
    );
    assert_eq!(v["field"], "site_type");

    // Transfers: satellites only, on the day.
    let (s, v) = st
        .post(
            "/facility/transfers",
            Some(&a.token),
            json!({"date": "2021-06-21", "lot_number": "3002345", "vials": 2}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("not_satellite")),
        "{v}"
    );
    let (s, v) = st
        .post(
            "/facility/transfers",
            Some(&b.token),
            json!({"date": "2021-06-20", "lot_number": "3002345", "vials": 2}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("date")),
        "{v}"
    );
    let (s, v) = st
        .post(
            "/facility/transfers",
            Some(&b.token),
            json!({"date": "2021-06-21", "lot_number": "3002345", "vials": 0}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("vials")),
        "{v}"
    );
    // A transfer draws on the basic site's stock of a lot of the master.
    let (s, v) = st
        .post(
            "/facility/transfers",
            Some(&b.token),
            json!({"date": "2021-06-21", "lot_number": "3002345", "vials": 2}),
        )
        .await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("lot_number")), "{v}");
    let (s, v) = st
        .post("/lots", Some(&admin.token), json!({"lot_number": "3002345", "product": "moderna-primary", "expiry_date": "2021-12-31"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = st
        .post(
            "/facility/transfers",
            Some(&b.token),
            json!({"date": "2021-06-21", "lot_number": "3002345", "vials": 2}),
        )
        .await;
    assert_eq!((s, v["error"].as_str(), v["field"].as_str()), (StatusCode::CONFLICT, Some("insufficient_stock"), Some("vials")), "{v}");
    let basic = Holder { site_id: "site-1310000011", site_name: "A病院", pref: "13", muni: "131016" };
    facts(&st, |tx| stock::move_in(tx, &basic, "3002345", "moderna-primary", Movement::Received, 2, "stock")).await;
    let (s, v) = st
        .post(
            "/facility/transfers",
            Some(&b.token),
            json!({"date": "2021-06-21", "lot_number": "3002345", "vials": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, v) = st.get("/facility/transfers", Some(&b.token)).await;
    assert_eq!(v["items"][0]["vials"], 2);
    assert_eq!(v["supply"]["transferred_stock_vials"], 2);

    // Rule 3: switching the basic site only with zero transferred stock.
    let mut c_basic = profile("C病院");
    c_basic["vaccine"] = json!("武田薬品工業");
    let (s, v) = set_type(
        &st,
        &b,
        json!({"site_type": "satellite", "basic_site_code": "1310000013"}),
    )
    .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("transferred_stock_remains")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("2バイアル"), "{v}");
    // The two vials are used (as the results will record them).
    facts(&st, |tx| stock::consume_in(tx, "site-1310000012", "3002345", 2, 0, "stock")).await;
    // More than what is left cannot be used.
    let mut tx = vsys::store::Tx::new();
    stock::consume_in(&mut tx, "site-1310000012", "3002345", 1, 0, AppError::from(vsys::error::codes::RETRY));
    let over = tx.commit(&st.app).await;
    assert!(matches!(over, Err(AppError::Conflict { .. })));
    let (s, v) = set_type(
        &st,
        &b,
        json!({"site_type": "satellite", "basic_site_code": "1310000013"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, v) = st.get("/facility", Some(&a.token)).await;
    assert_eq!(v["satellites"], 0);
    let (_, v) = st.get("/facility", Some(&c.token)).await;
    assert_eq!(v["satellites"], 1);

    // Rule 2: satellite → basic only if it never received a transfer.
    let (s, v) = set_type(&st, &b, json!({"site_type": "basic"})).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("satellite_already_received_transfer")
        ),
        "{v}"
    );
    // A satellite that never received one may.
    let e = site(&st, &admin, "1310000015", "131016").await;
    st.save_profile(&e, profile("Eクリニック")).await;
    let (s, _) = set_type(
        &st,
        &e,
        json!({"site_type": "satellite", "basic_site_code": "1310000011"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = set_type(&st, &e, json!({"site_type": "basic"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, v) = st
        .get(
            "/facilities?view=satellite",
            Some(
                &st.user(
                    &admin,
                    json!({"role": "municipality", "organisation_code": "131016"}),
                )
                .await
                .token,
            ),
        )
        .await;
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["organisation_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["site-1310000012"]);
}

#[tokio::test]
async fn a_workplace_contact_email_change_issues_a_new_id_after_review() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let wp = st
        .user(
            &admin,
            json!({"role": "workplace", "organisation_code": "wp0042", "organisation_name": "(職域) 〇〇 接種会場", "municipality_code": "131016"}),
        )
        .await;
    let mut p = profile("(職域) 〇〇 接種会場");
    p["classification"] = json!("workplace_venue");
    p["contacts"]["primary"]["email"] = json!(wp.email);
    st.save_profile(&wp, p.clone()).await;
    let (s, d) = st
        .post("/facility/doctors", Some(&wp.token), doctor("厚生 太郎"))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");

    // Name and phone change: applied, nothing issued.
    p["contacts"]["primary"]["name"] = json!("厚労 太郎（改）");
    p["contacts"]["primary"]["phone"] = json!("0312345679");
    let v = st.save_profile(&wp, p.clone()).await;
    assert!(v["contact_change"].is_null(), "{v}");
    assert_eq!(
        v["profile"]["contacts"]["primary"]["name"],
        "厚労 太郎（改）"
    );

    // The e-mail change waits for the national office; the old contact stays.
    let new_email = format!("after-{}@iryoukikan.example.jp", unique());
    p["contacts"]["primary"] = json!({"department": "〇〇部", "name": "厚労 次郎", "phone": "0312345678", "email": new_email});
    let v = st.save_profile(&wp, p.clone()).await;
    assert_eq!(v["contact_change"]["status"], "pending", "{v}");
    // Monday 06-21 + 5 business days = Monday 06-28.
    assert_eq!(v["contact_change"]["due"], "2021-06-28");
    assert_eq!(
        v["profile"]["contacts"]["primary"]["email"],
        wp.email.as_str()
    );
    assert!(v["message"].as_str().unwrap().contains("2021-06-28"));
    assert!(st.mails_to(&new_email).await.is_empty());

    let (s, _) = st.get("/contact-changes", Some(&wp.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = st.get("/contact-changes", Some(&admin.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let change = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["organisation_id"] == "wp-wp0042")
        .unwrap()
        .clone();
    assert_eq!(change["overdue"], false);
    let (s, v) = st
        .post(
            "/contact-changes/wp-wp0042",
            Some(&admin.token),
            json!({"decision": "reject", "version": change["version"]}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("comment")),
        "{v}"
    );
    let (s, v) = st
        .post(
            "/contact-changes/wp-wp0042",
            Some(&admin.token),
            json!({"decision": "approve", "version": change["version"]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "approved");
    let new_id = v["new_vsys_id"].as_str().unwrap().to_string();
    assert_eq!(v["disabled_vsys_ids"], json!([wp.vsys_id]));
    let (s, _) = st
        .post(
            "/contact-changes/wp-wp0042",
            Some(&admin.token),
            json!({"decision": "approve", "version": v["version"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // The old ID is unusable; the new one activates into the same venue.
    let (s, _) = st.get("/facility", Some(&wp.token)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": wp.vsys_id, "password": wp.password, "device_token": wp.device}),
        )
        .await;
    assert!(s.is_client_error());
    let next = st.activate_and_sign_in(&new_id, &new_email).await;
    let (s, v) = st.get("/facility", Some(&next.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["organisation_id"], "wp-wp0042");
    assert_eq!(v["doctors"], 1);
    assert_eq!(
        v["profile"]["contacts"]["primary"]["email"],
        new_email.as_str()
    );
    assert_eq!(v["contact_change"]["status"], "approved");
    let (_, v) = st.get("/contact-changes", Some(&admin.token)).await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["organisation_id"] != "wp-wp0042"));
}
