//! The collective contract (SPEC §3, seed 001): a facility registers its
//! delegation, downloads the PDF (its text read back), the receiver marks it
//! received, mails the receipt and is then locked out of reverting; each
//! delegate rule; bad codes; scope; and the new-code application from filing
//! to the Thursday result mail and a delegation with the assigned code.

use serde_json::{json, Value};
use vsys_e2e::*;

/// Monday 2021-03-15 10:00 JST.
const NOW: &str = "2021-03-15T10:00:00+09:00";

async fn master(st: &Stack, admin: &Session, code: &str, kind: &str, name: &str, muni: &str) {
    let (s, v) = st
        .put(
            &format!("/facility-codes/{code}"),
            Some(&admin.token),
            json!({"kind": kind, "name": name, "postal_code": "100-8916", "municipality_code": muni, "address": "千代田区霞が関1-2-2"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

fn profile(name: &str, classification: &str, founder: &str) -> Value {
    json!({
        "name": name,
        "classification": classification,
        "founder": founder,
        "vaccine": "ファイザー",
        "postal_code": "100-8916",
        "address": "東京都千代田区霞が関1-2-2",
        "phone": "03-1234-5678",
        "public_listing": "public"
    })
}

fn delegation(code: &str, kind: &str) -> Value {
    json!({
        "code_kind": kind,
        "code": code,
        "representative": {"name": "厚生 太郎", "title": "院長", "phone": "03-1234-5678", "email": "rep@clinic.example.jp"},
        "contact": {"name": "事務 花子", "department": "事務部", "phone": "03-1234-5679", "email": format!("contact-{code}-{}@clinic.example.jp", unique())},
        "vaccine": "ファイザー",
    })
}

async fn register(st: &Stack, s: &Session, body: Value) -> (StatusCode, Value) {
    st.post("/delegations", Some(&s.token), body).await
}

fn pdf_text(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn a_delegation_from_registration_to_the_locked_receipt() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let clinic = st
        .site(&admin, "1310000101", "〇〇クリニック", "131016")
        .await;
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
    let other = st.site(&admin, "1310000102", "△△医院", "131016").await;
    master(
        &st,
        &admin,
        "1310000101",
        "medical",
        "〇〇クリニック",
        "131016",
    )
    .await;

    // The delegate is decided from the profile, so it must exist first.
    let (s, v) = st.get("/facility/delegate", Some(&clinic.token)).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("profile_missing")),
        "{v}"
    );
    st.save_profile(&clinic, profile("〇〇クリニック", "clinic", "other"))
        .await;
    let (s, d) = st
        .post(
            "/facility/doctors",
            Some(&clinic.token),
            json!({"name": "厚生 太郎", "kana": "こうせい たろう"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let (s, v) = st.get("/facility/delegate", Some(&clinic.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["delegate_kind"], "municipality");
    assert_eq!(v["delegate_name"], "東京都千代田区");
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("とりまとめ団体がない"),
        "{v}"
    );

    // Bad codes, each naming the field.
    for (code, error) in [
        ("131000010", "invalid_code"),
        ("13100001011", "invalid_code"),
        ("13100001a1", "invalid_code"),
        ("1310-00101", "invalid_code"),
        ("1399999999", "unknown_code"),
        ("1310000102", "unknown_code"),
    ] {
        let (s, v) = register(&st, &clinic, delegation(code, "medical")).await;
        assert_eq!(
            (s, v["error"].as_str(), v["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(error), Some("code")),
            "{code}: {v}"
        );
    }
    // Another facility's code (in the master) is not this facility's.
    master(&st, &admin, "1310000102", "medical", "△△医院", "131016").await;
    let (s, v) = register(&st, &clinic, delegation("1310000102", "medical")).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("not_own_code")),
        "{v}"
    );
    let (s, v) = register(&st, &clinic, delegation("1310000101", "care")).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("code_kind")),
        "{v}"
    );
    let mut bad = delegation("1310000101", "medical");
    bad["contact"]["email"] = json!("not-an-address");
    let (s, v) = register(&st, &clinic, bad).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("contact.email")),
        "{v}"
    );
    let (s, v) = st.get("/delegations", Some(&clinic.token)).await;
    assert_eq!(
        (s, v["items"].as_array().unwrap().len()),
        (StatusCode::OK, 0)
    );

    let (s, v) = register(&st, &clinic, delegation("1310000101", "medical")).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let number = v["number"].as_str().unwrap().to_string();
    let contact = v["contact"]["email"].as_str().unwrap().to_string();
    assert_eq!(number, "1310000101-01");
    assert_eq!(v["state_label"], "未受領");
    let (s, v) = register(&st, &clinic, delegation("1310000101", "medical")).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_registered")),
        "{v}"
    );

    // Every sign-in carries the notice until the first download.
    let token = st.sign_in(&clinic).await;
    let (_, me) = st.get("/me", Some(&token)).await;
    assert_eq!(me["notices"][0]["kind"], "delegation_waiting", "{me}");
    let (s, v) = st
        .post("/auth/sign-in", None, json!({"vsys_id": clinic.vsys_id, "password": clinic.password, "device_token": clinic.device}))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["notices"][0]["delegation"], number.as_str());

    // Download by presigned URL; the PDF's text names facility, code and delegate.
    let (s, v) = st
        .get(&format!("/delegations/{number}/pdf"), Some(&token))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["expires_in_seconds"], 300);
    let res = reqwest::get(v["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The embedded font is subset to the glyphs used (the whole font is 6 MB).
    assert!(
        bytes.len() < 80_000,
        "subset font keeps the PDF small: {}",
        bytes.len()
    );
    let text = pdf_text(&bytes);
    for expected in [
        "委任状",
        "〇〇クリニック",
        "1310000101",
        "東京都千代田区",
        "保険医療機関コード",
        "ファイザー",
        "基本型",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    let (_, v) = st
        .post("/auth/sign-in", None, json!({"vsys_id": clinic.vsys_id, "password": clinic.password, "device_token": clinic.device}))
        .await;
    assert_eq!(v["notices"], json!([]));
    // Downloads repeat.
    let (s, _) = st
        .get(&format!("/delegations/{number}/pdf"), Some(&token))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, v) = st
        .get(&format!("/delegations/{number}"), Some(&token))
        .await;
    assert_eq!(v["downloads"], 2);

    // Nobody else sees it.
    for t in [&other.token, &minato.token] {
        let (s, _) = st.get(&format!("/delegations/{number}"), Some(t)).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = st.get(&format!("/delegations/{number}/pdf"), Some(t)).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
    let (s, v) = st
        .post(
            "/delegations/receive",
            Some(&minato.token),
            json!({"numbers": [number]}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::NOT_FOUND, Some("numbers[0]")),
        "{v}"
    );
    let (s, _) = st
        .post(
            "/delegations/receive",
            Some(&clinic.token),
            json!({"numbers": [number]}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, v) = st.get("/delegations", Some(&minato.token)).await;
    assert_eq!(v["items"], json!([]));

    // The receiver: unreceived → received → back → received → mail → locked.
    let (s, v) = st.get("/delegations", Some(&chiyoda.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["items"][0]["number"], number.as_str());
    let sel = json!({"numbers": [number]});
    let (s, v) = st
        .post("/delegations/notify", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("not_received")),
        "{v}"
    );
    let (s, v) = st
        .post("/delegations/receive", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["delegations"][0]["state_label"], "受領済");
    let (_, v) = st.get("/delegations", Some(&chiyoda.token)).await;
    assert_eq!(v["items"], json!([]));
    let (_, v) = st
        .get("/delegations?view=received", Some(&chiyoda.token))
        .await;
    assert_eq!(v["items"][0]["number"], number.as_str());
    let (s, _) = st
        .post("/delegations/receive", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, v) = st
        .post("/delegations/unreceive", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(
        (s, v["delegations"][0]["state"].as_str()),
        (StatusCode::OK, Some("unreceived")),
        "{v}"
    );
    let (s, _) = st
        .post("/delegations/receive", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::OK);
    let contact = contact.as_str();
    assert!(st.mails_to(contact).await.is_empty());
    let (s, v) = st
        .post("/delegations/notify", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["delegations"][0]["mailed_at"], "2021年03月15日 10:00");
    assert_eq!(v["delegations"][0]["locked"], true);
    let m = st.last_mail(contact).await;
    assert!(m.subject.contains(&number), "{}", m.subject);
    assert!(
        m.body.contains("〇〇クリニック") && m.body.contains("東京都千代田区"),
        "{}",
        m.body
    );
    let (s, v) = st
        .post("/delegations/unreceive", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("delegation_locked")),
        "{v}"
    );
    let (s, _) = st
        .post("/delegations/notify", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(st.mails_to(contact).await.len(), 1);
    let (_, v) = st
        .get(&format!("/delegations/{number}"), Some(&token))
        .await;
    assert_eq!(v["state_label"], "受領済（通知メール送信済）");
    // Every change left its audit record, with who made it. (The clock is
    // frozen, so the records share one time and are compared as a set.)
    let trail = vsys::store::audit::trail(&st.app, &format!("delegation:{number}"), 20, None)
        .await
        .unwrap();
    let mut actions: Vec<(&str, &str)> = trail
        .items
        .iter()
        .map(|r| (r.action.as_str(), r.actor.as_str()))
        .collect();
    actions.sort();
    let (c, m) = (clinic.vsys_id.as_str(), chiyoda.vsys_id.as_str());
    assert_eq!(
        actions,
        [
            ("delegation_downloaded", c),
            ("delegation_receipt_mailed", m),
            ("delegation_received", m),
            ("delegation_received", m),
            ("delegation_registered", c),
            ("delegation_unreceived", m),
        ]
    );
}

#[tokio::test]
async fn each_delegate_rule() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let tokyo = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "13"}),
        )
        .await;
    let minato = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131032"}),
        )
        .await;
    let agg = st
        .user(&admin, json!({"role": "aggregator", "organisation_code": "chiyodaIshikai", "organisation_name": "千代田区医師会", "municipality_code": "131016"}))
        .await;

    // A municipal venue for its own residents only: none, and not billable.
    let own = st
        .site(&admin, "1310000201", "区民センター会場", "131016")
        .await;
    st.save_profile(
        &own,
        profile("区民センター会場", "municipal_venue", "municipality"),
    )
    .await;
    master(
        &st,
        &admin,
        "1310000201",
        "medical",
        "区民センター会場",
        "131016",
    )
    .await;
    let (_, v) = st.get("/facility/delegate", Some(&own.token)).await;
    assert_eq!(
        (v["required"].as_bool(), v["billable"].as_bool()),
        (Some(false), Some(false)),
        "{v}"
    );
    let (s, v) = register(&st, &own, delegation("1310000201", "medical")).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("delegation_not_required")),
        "{v}"
    );

    // Serving other residents too: once, to the prefecture.
    let arena = st
        .site(&admin, "1310000202", "区民アリーナ会場", "131016")
        .await;
    let mut p = profile("区民アリーナ会場", "municipal_venue", "municipality");
    p["serves_other_residents"] = json!(true);
    st.save_profile(&arena, p.clone()).await;
    master(
        &st,
        &admin,
        "1310000202",
        "medical",
        "区民アリーナ会場",
        "131016",
    )
    .await;
    let (s, v) = register(&st, &arena, delegation("1310000202", "medical")).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(
        (v["delegate_kind"].as_str(), v["delegate_name"].as_str()),
        (Some("prefecture"), Some("東京都"))
    );
    let second = st.site(&admin, "1310000203", "区役所会場", "131016").await;
    st.save_profile(&second, p).await;
    master(&st, &admin, "1310000203", "medical", "区役所会場", "131016").await;
    let (_, v) = st.get("/facility/delegate", Some(&second.token)).await;
    assert_eq!(
        (v["required"].as_bool(), v["billable"].as_bool()),
        (Some(false), Some(true)),
        "{v}"
    );
    assert!(v["reason"].as_str().unwrap().contains("初回のみ"));
    let (_, v) = st.get("/delegations", Some(&tokyo.token)).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);

    // A prefectural venue: each venue, to the municipality where it is.
    let hc = st
        .site(&admin, "1310000204", "都保健所会場", "131032")
        .await;
    st.save_profile(
        &hc,
        profile("都保健所会場", "prefectural_venue", "prefecture"),
    )
    .await;
    master(
        &st,
        &admin,
        "1310000204",
        "medical",
        "都保健所会場",
        "131032",
    )
    .await;
    let (s, v) = register(&st, &hc, delegation("1310000204", "medical")).await;
    assert_eq!(
        (s, v["delegate_name"].as_str()),
        (StatusCode::CREATED, Some("東京都港区")),
        "{v}"
    );
    let (_, v) = st.get("/delegations", Some(&minato.token)).await;
    assert_eq!(v["items"][0]["number"], "1310000204-01");

    // Others: their aggregator if they have one…
    let member = st
        .site(&admin, "1310000205", "医師会員クリニック", "131016")
        .await;
    let mut p = profile("医師会員クリニック", "clinic", "other");
    p["aggregator_code"] = json!("chiyodaIshikai");
    st.save_profile(&member, p).await;
    master(
        &st,
        &admin,
        "1310000205",
        "medical",
        "医師会員クリニック",
        "131016",
    )
    .await;
    // The same form sent twice at once (a double click) registers one
    // delegation and leaves one document.
    let form = delegation("1310000205", "medical");
    let (a, b) = tokio::join!(
        register(&st, &member, form.clone()),
        register(&st, &member, form)
    );
    let (created, refused) = if a.0 == StatusCode::CREATED {
        (a, b)
    } else {
        (b, a)
    };
    let v = created.1;
    assert_eq!(
        (
            created.0,
            v["delegate_kind"].as_str(),
            v["delegate_name"].as_str()
        ),
        (
            StatusCode::CREATED,
            Some("aggregator"),
            Some("千代田区医師会")
        ),
        "{v}"
    );
    assert_eq!(
        (refused.0, refused.1["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_registered")),
        "{}",
        refused.1
    );
    let number = v["number"].as_str().unwrap().to_string();
    let (_, own) = st.get("/delegations", Some(&member.token)).await;
    assert_eq!(own["items"].as_array().unwrap().len(), 1, "{own}");
    let stored = st
        .app
        .s3()
        .list_objects_v2()
        .bucket(&st.app.cfg.bucket)
        .prefix("delegations/site-1310000205/")
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = stored.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, [format!("delegations/site-1310000205/{number}.pdf")]);
    let (_, v) = st.get("/delegations", Some(&agg.token)).await;
    assert_eq!(v["items"][0]["number"], number.as_str());
    let (s, _) = st
        .post(
            "/delegations/receive",
            Some(&agg.token),
            json!({"numbers": [number]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    // …and a care facility delegates with its 介護保険事業所番号 (to its municipality).
    let care = st
        .site(&admin, "1310000206", "介護老人保健施設さくら", "131016")
        .await;
    let mut p = profile("介護老人保健施設さくら", "care_facility", "other");
    let (_, cur) = st.get("/facility", Some(&care.token)).await;
    let (s, v) = st
        .put(
            "/facility",
            Some(&care.token),
            json!({"profile": p.clone(), "version": cur["version"]}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("profile.care_code")),
        "{v}"
    );
    p["care_code"] = json!("1371000001");
    st.save_profile(&care, p).await;
    master(
        &st,
        &admin,
        "1371000001",
        "care",
        "介護老人保健施設さくら",
        "131016",
    )
    .await;
    let (s, v) = register(&st, &care, delegation("1371000001", "care")).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(
        (v["code_kind"].as_str(), v["delegate_name"].as_str()),
        (Some("care"), Some("東京都千代田区"))
    );
}

#[tokio::test]
async fn a_new_code_from_application_to_delegation() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let tokyo = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "13"}),
        )
        .await;
    let chiyoda = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let osaka = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "27"}),
        )
        .await;
    let applicant_email = format!("hanako-{}@mhlw.example.go.jp", unique());
    let application = json!({
        "applicant": {"name": "厚生 花子", "organisation": "千代田区", "department": "予防接種室", "title": "担当", "email": applicant_email, "phone": "03-0000-0000"},
        "founder": "municipality",
        "venue_kind": "special_venue",
        "facility": {"name": "ブイシスセンター", "representative": "厚生 太郎", "postal_code": "999-9999", "municipality_code": "131016", "address": "霞ヶ関町1-2-2", "phone": "03-9999-9999"}
    });
    let mut bad = application.clone();
    bad["facility"]["postal_code"] = json!("9999999");
    let (s, v) = st
        .post("/code-applications", Some(&chiyoda.token), bad)
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("facility.postal_code")),
        "{v}"
    );
    let mut outside = application.clone();
    outside["facility"]["municipality_code"] = json!("131032");
    let (s, v) = st
        .post("/code-applications", Some(&chiyoda.token), outside)
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("facility.municipality_code")),
        "{v}"
    );
    let (s, v) = st
        .post(
            "/code-applications",
            Some(&chiyoda.token),
            application.clone(),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(v["status"], "filed");

    // The prefecture collects and forwards (Monday morning).
    let (_, v) = st
        .get("/code-applications?status=filed", Some(&tokyo.token))
        .await;
    assert_eq!(v["items"][0]["id"], id.as_str());
    let (_, v) = st.get("/code-applications", Some(&osaka.token)).await;
    assert_eq!(v["items"], json!([]));
    let (s, _) = st
        .get(&format!("/code-applications/{id}"), Some(&osaka.token))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = st
        .post(
            &format!("/code-applications/{id}/assign"),
            Some(&admin.token),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("not_forwarded")),
        "{v}"
    );
    let (s, _) = st
        .post(
            "/code-applications/forward",
            Some(&chiyoda.token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = st
        .post("/code-applications/forward", Some(&tokyo.token), json!({}))
        .await;
    assert_eq!(
        (s, v["forwarded"].as_u64()),
        (StatusCode::OK, Some(1)),
        "{v}"
    );
    let (_, v) = st
        .post("/code-applications/forward", Some(&tokyo.token), json!({}))
        .await;
    assert_eq!(v["forwarded"], 0);

    // The service desk assigns (Tuesday–Wednesday); a taken code is refused.
    st.set_now("2021-03-16T11:00:00+09:00");
    let mut admin = admin;
    st.renew(&mut admin).await;
    let (_, v) = st.get("/code-applications", Some(&admin.token)).await;
    let app_v = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap()
        .clone();
    let mut chiyoda = chiyoda;
    st.renew(&mut chiyoda).await;
    master(&st, &admin, "1310000301", "medical", "既存病院", "131016").await;
    let (s, v) = st
        .post(
            &format!("/code-applications/{id}/assign"),
            Some(&admin.token),
            json!({"code": "1310000301", "version": app_v["version"]}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str(), v["field"].as_str()),
        (StatusCode::CONFLICT, Some("code_taken"), Some("code")),
        "{v}"
    );
    let (s, v) = st
        .post(
            &format!("/code-applications/{id}/assign"),
            Some(&admin.token),
            json!({"version": app_v["version"]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let code = v["assigned_code"].as_str().unwrap().to_string();
    assert_eq!(code, "9130000001");
    let (s, v) = st
        .get(&format!("/facility-codes/{code}"), Some(&chiyoda.token))
        .await;
    assert_eq!(
        (s, v["name"].as_str()),
        (StatusCode::OK, Some("ブイシスセンター")),
        "{v}"
    );
    assert!(st.mails_to(&applicant_email).await.is_empty());

    // Thursday: the result mail, once.
    st.set_now("2021-03-18T09:00:00+09:00");
    st.renew(&mut admin).await;
    let summary = st.job("new-code-results").await;
    assert_eq!(summary["notified"], 1, "{summary}");
    let m = st.last_mail(&applicant_email).await;
    assert!(
        m.body.contains(&code) && m.body.contains("ブイシスセンター"),
        "{}",
        m.body
    );
    assert_eq!(st.job("new-code-results").await["notified"], 0);
    assert_eq!(st.mails_to(&applicant_email).await.len(), 1);
    let mut tokyo = tokyo;
    st.renew(&mut tokyo).await;
    let (_, v) = st
        .get(&format!("/code-applications/{id}"), Some(&tokyo.token))
        .await;
    assert_eq!(v["status_label"], "結果通知済み");

    // The assigned code makes a delegation possible.
    let venue = st.site(&admin, &code, "ブイシスセンター", "131016").await;
    let mut p = profile("ブイシスセンター", "municipal_venue", "municipality");
    p["serves_other_residents"] = json!(true);
    st.save_profile(&venue, p).await;
    let (s, v) = register(&st, &venue, delegation(&code, "medical")).await;
    assert_eq!(
        (s, v["delegate_name"].as_str()),
        (StatusCode::CREATED, Some("東京都")),
        "{v}"
    );
}

#[tokio::test]
async fn the_code_master_is_loaded_from_a_csv() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let chiyoda = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let header = "code,kind,name,postal_code,municipality_code,address,phone\n";
    let rows = [
        "1310000401,medical,千代田中央病院,100-0001,131016,千代田区千代田1-1,03-1111-1111",
        "1371000401,介護保険事業所番号,介護老人保健施設あおば,105-0001,131032,港区虎ノ門1-1,",
        "2710000401,medical,大阪北診療所,530-0001,271004,大阪市北区梅田1-1,06-1111-1111",
    ];

    // Each bad row refuses the whole file, naming line and column.
    for (bad, line, field) in [
        (
            "131000040,medical,九桁病院,100-0001,131016,千代田区1,",
            "3行目",
            "code",
        ),
        (
            "13100004011,medical,十一桁病院,100-0001,131016,千代田区1,",
            "3行目",
            "code",
        ),
        (
            "131000040a,medical,英字病院,100-0001,131016,千代田区1,",
            "3行目",
            "code",
        ),
        (
            "1310000401,medical,重複病院,100-0001,131016,千代田区1,",
            "3行目",
            "code",
        ),
        (
            "1310000402,dental,歯科,100-0001,131016,千代田区1,",
            "3行目",
            "kind",
        ),
        (
            "1310000402,medical,郵便病院,1000001,131016,千代田区1,",
            "3行目",
            "postal_code",
        ),
        (
            "1310000402,medical,無名市病院,100-0001,131999,千代田区1,",
            "3行目",
            "municipality_code",
        ),
        (
            "1310000402,medical,,100-0001,131016,千代田区1,",
            "3行目",
            "name",
        ),
    ] {
        let csv = format!("{header}{}\n{bad}\n", rows[0]);
        let (s, v) = st
            .post_raw("/facility-codes/import", t, "text/csv", &csv)
            .await;
        assert_eq!(
            (s, v["error"].as_str(), v["field"].as_str()),
            (
                StatusCode::BAD_REQUEST,
                Some("invalid_csv_row"),
                Some(field)
            ),
            "{bad}: {v}"
        );
        assert!(v["message"].as_str().unwrap().starts_with(line), "{v}");
    }
    let (s, _) = st.get("/facility-codes/1310000401", t).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "nothing half-written");
    let (s, v) = st
        .post_raw(
            "/facility-codes/import",
            t,
            "text/csv",
            "name,code\nx,1310000401\n",
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str(), v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_csv"), Some("kind")),
        "{v}"
    );
    let good = format!("\u{feff}{header}{}\n", rows.join("\n"));
    let (s, _) = st
        .post_raw(
            "/facility-codes/import",
            Some(&chiyoda.token),
            "text/csv",
            &good,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let (s, v) = st
        .post_raw("/facility-codes/import", t, "text/csv", &good)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (
            v["added"].as_u64(),
            v["changed"].as_u64(),
            v["unchanged"].as_u64()
        ),
        (Some(3), Some(0), Some(0)),
        "{v}"
    );
    let (_, v) = st
        .get("/facility-codes/1371000401", Some(&chiyoda.token))
        .await;
    assert_eq!(
        (
            v["kind"].as_str(),
            v["name"].as_str(),
            v["prefecture_code"].as_str(),
            v["phone"].as_str()
        ),
        (
            Some("care"),
            Some("介護老人保健施設あおば"),
            Some("13"),
            None
        ),
        "{v}"
    );
    let (_, v) = st.get("/facility-codes/2710000401", t).await;
    assert_eq!(v["prefecture_code"], "27", "{v}");

    // The same file again changes nothing; a corrected row and a new one do.
    let (_, v) = st
        .post_raw("/facility-codes/import", t, "text/csv", &good)
        .await;
    assert_eq!(
        (
            v["added"].as_u64(),
            v["changed"].as_u64(),
            v["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(3)),
        "{v}"
    );
    let next = format!(
        "{header}{}\n{}\n{}\n1310000402,medical,千代田東クリニック,100-0002,131016,千代田区皇居外苑1-2,\n",
        rows[0].replace("千代田中央病院", "千代田中央総合病院"),
        rows[1],
        rows[2]
    );
    let (_, v) = st
        .post_raw("/facility-codes/import", t, "text/csv", &next)
        .await;
    assert_eq!(
        (
            v["added"].as_u64(),
            v["changed"].as_u64(),
            v["unchanged"].as_u64()
        ),
        (Some(1), Some(1), Some(2)),
        "{v}"
    );
    let (_, v) = st.get("/facility-codes/1310000401", t).await;
    assert_eq!(v["name"], "千代田中央総合病院");
    // Each change has its record, before and after.
    let trail = vsys::store::audit::trail(&st.app, "code:1310000401", 10, None)
        .await
        .unwrap();
    assert_eq!(trail.items.len(), 2);
    assert!(trail
        .items
        .iter()
        .all(|r| r.action == "facility_code_imported" && r.actor == admin.vsys_id));
    assert!(trail.items.iter().any(|r| r.before.is_none()));
    assert!(trail.items.iter().any(|r| r
        .before
        .as_deref()
        .is_some_and(|b| b.contains("千代田中央病院"))
        && r.after
            .as_deref()
            .is_some_and(|a| a.contains("千代田中央総合病院"))));
}

#[tokio::test]
async fn parallel_saves_of_one_code_each_land_with_their_audit_record_or_not_at_all() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    master(&st, &admin, "1310000901", "medical", "並行医院", "131016").await;
    let answers = futures_util::future::join_all((0..8).map(|i| {
        st.put(
            "/facility-codes/1310000901",
            Some(&admin.token),
            json!({"kind": "medical", "name": format!("並行医院{i}"), "postal_code": "100-8916", "municipality_code": "131016", "address": "千代田区霞が関1-2-2"}),
        )
    }))
    .await;
    let saved: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::OK)
        .map(|(_, v)| v)
        .collect();
    assert!(!saved.is_empty());
    for (s, v) in &answers {
        assert!(
            *s == StatusCode::OK
                || (*s == StatusCode::CONFLICT && v["error"] == "changed_meanwhile"),
            "{s} {v}"
        );
    }
    // One audit record per save that landed (and the first one's).
    let records = st
        .app
        .ddb
        .query()
        .table_name(&st.app.cfg.table)
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S("AUDIT#code:1310000901".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(records.items().len(), saved.len() + 1);
    let (_, now) = st
        .get("/facility-codes/1310000901", Some(&admin.token))
        .await;
    assert!(saved.iter().any(|v| v["name"] == now["name"]), "{now}");
}
