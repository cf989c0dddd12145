//! The public site finder (SPEC §11, コロナワクチンナビ): anyone, without
//! signing in, finds the sites of a prefecture that chose to be listed, by
//! municipality, keyword and vaccine, with their reservation status; a site
//! that chose 「一般不可：特定の人のみ」, a workplace venue and a site without
//! basic data never appear, and nothing private is shown.

use serde_json::{json, Value};
use vsys_e2e::*;

/// Monday 2021-06-21 10:00 JST.
const NOW: &str = "2021-06-21T10:00:00+09:00";

fn profile(name: &str, address: &str, vaccine: &str, listing: &str) -> Value {
    json!({
        "name": name,
        "classification": "clinic",
        "founder": "other",
        "vaccine": vaccine,
        "postal_code": "100-8916",
        "address": address,
        "phone": "03-1234-5678",
        "homepage": "https://clinic.example.jp",
        "freezers_minus75": 1,
        "freezers_minus20": 0,
        "responsible": {"vaccination": {"name": "接種 責任", "phone": "03-1111-2222"}},
        "contacts": {"primary": {"name": "厚労 太郎", "phone": "0312345678", "email": "private@clinic.example.jp"}},
        "public_listing": listing
    })
}

/// The finder without a session: status, Cache-Control and body.
async fn find(st: &Stack, params: &[(&str, &str)]) -> (StatusCode, Option<String>, Value) {
    let res = st
        .http
        .get(format!("{}/public/sites", st.base))
        .query(params)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let cache = res
        .headers()
        .get("cache-control")
        .map(|h| h.to_str().unwrap().to_string());
    (status, cache, res.json().await.unwrap())
}

fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn anyone_finds_the_listed_sites_and_only_those() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let clinic = st
        .site(&admin, "1310000501", "医院1310000501", "131016")
        .await;
    let abc = st
        .site(&admin, "1310000502", "医院1310000502", "131032")
        .await;
    let depot = st
        .site(&admin, "1310000503", "医院1310000503", "131016")
        .await;
    let _blank = st
        .site(&admin, "1310000504", "医院1310000504", "131016")
        .await;
    let wp = st
        .user(
            &admin,
            json!({"role": "workplace", "organisation_code": "wp0501", "organisation_name": "(職域) 本社会場", "municipality_code": "131016"}),
        )
        .await;
    st.save_profile(
        &clinic,
        profile(
            "霞が関クリニック",
            "東京都千代田区霞が関1-2-2",
            "ファイザー",
            "public",
        ),
    )
    .await;
    st.save_profile(
        &abc,
        profile(
            "ＡＢＣメディカル",
            "東京都港区芝公園1-1",
            "武田薬品工業",
            "public",
        ),
    )
    .await;
    st.save_profile(
        &depot,
        profile(
            "千代田配送センター",
            "東京都千代田区大手町1-1",
            "ファイザー",
            "specific_people_only",
        ),
    )
    .await;
    let mut p = profile(
        "(職域) 本社会場",
        "東京都千代田区丸の内1-1",
        "武田薬品工業",
        "public",
    );
    p["classification"] = json!("workplace_venue");
    p["contacts"]["primary"]["email"] = json!(wp.email);
    st.save_profile(&wp, p).await;
    let (s, _) = st
        .put(
            "/facility/reservation-status",
            Some(&clinic.token),
            json!({"status": "few"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    // The prefecture's listed sites, in municipality order, without a session.
    let (s, cache, v) = find(&st, &[("prefecture_code", "13")]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(cache.as_deref(), Some("public, max-age=60"));
    assert_eq!(names(&v), ["霞が関クリニック", "ＡＢＣメディカル"]);
    let first = &v["items"][0];
    assert_eq!(
        (
            first["municipality_name"].as_str(),
            first["reservation_status_label"].as_str(),
            first["reservation_updated_at"].as_str(),
            first["homepage"].as_str(),
        ),
        (
            Some("千代田区"),
            Some("残り少数"),
            Some("2021年06月21日 10:00"),
            Some("https://clinic.example.jp")
        ),
        "{first}"
    );
    // Nothing the site keeps for the authorities is public.
    let text = v.to_string();
    for private in [
        "private@clinic.example.jp",
        "接種 責任",
        "厚労 太郎",
        "freezers",
    ] {
        assert!(!text.contains(private), "{private} shown: {text}");
    }

    // Narrowed by municipality, keyword (any width, any case) and vaccine.
    let (_, _, v) = find(
        &st,
        &[("prefecture_code", "13"), ("municipality_code", "131032")],
    )
    .await;
    assert_eq!(names(&v), ["ＡＢＣメディカル"]);
    let (_, _, v) = find(&st, &[("prefecture_code", "13"), ("keyword", "abc")]).await;
    assert_eq!(names(&v), ["ＡＢＣメディカル"]);
    let (_, _, v) = find(&st, &[("prefecture_code", "13"), ("keyword", "霞が関")]).await;
    assert_eq!(names(&v), ["霞が関クリニック"]);
    let (_, _, v) = find(
        &st,
        &[("prefecture_code", "13"), ("vaccine", "武田薬品工業")],
    )
    .await;
    assert_eq!(names(&v), ["ＡＢＣメディカル"]);
    let (_, _, v) = find(&st, &[("prefecture_code", "27")]).await;
    assert_eq!(names(&v), Vec::<String>::new());
    // Pages follow the cursor to the end.
    let (_, _, v) = find(&st, &[("prefecture_code", "13"), ("limit", "1")]).await;
    assert_eq!(names(&v), ["霞が関クリニック"]);
    let cursor = v["next_cursor"].as_str().unwrap().to_string();
    let (_, _, v) = find(
        &st,
        &[
            ("prefecture_code", "13"),
            ("limit", "1"),
            ("cursor", &cursor),
        ],
    )
    .await;
    assert_eq!(names(&v), ["ＡＢＣメディカル"]);

    // The listing follows the site's choice, and survives its other changes.
    let mut hidden = profile(
        "霞が関クリニック",
        "東京都千代田区霞が関1-2-2",
        "ファイザー",
        "specific_people_only",
    );
    st.save_profile(&clinic, hidden.clone()).await;
    let (_, _, v) = find(&st, &[("prefecture_code", "13")]).await;
    assert_eq!(names(&v), ["ＡＢＣメディカル"]);
    hidden["public_listing"] = json!("public");
    st.save_profile(&clinic, hidden).await;
    let (s, _) = st
        .post(
            "/facility/doctors",
            Some(&clinic.token),
            json!({"name": "厚生 太郎", "kana": "こうせい たろう"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = st
        .put(
            "/facility/reservation-status",
            Some(&clinic.token),
            json!({"status": "available"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, _, v) = find(&st, &[("prefecture_code", "13")]).await;
    assert_eq!(names(&v), ["霞が関クリニック", "ＡＢＣメディカル"]);
    assert_eq!(v["items"][0]["reservation_status_label"], "予約可能");
    // The finder's index itself carries nothing but what is published.
    let raw = st
        .app
        .ddb
        .query()
        .table_name(&st.app.cfg.table)
        .index_name("GSI3")
        .key_condition_expression("GSI3PK = :p")
        .expression_attribute_values(
            ":p",
            aws_sdk_dynamodb::types::AttributeValue::S("PUBLIC#P13".into()),
        )
        .send()
        .await
        .unwrap();
    let items = raw.items();
    assert_eq!(items.len(), 2);
    for item in items {
        let mut names: Vec<&str> = item.keys().map(String::as_str).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "GSI3PK",
                "GSI3SK",
                "PK",
                "SK",
                "listing",
                "reservation_status",
                "reservation_updated_at"
            ]
        );
    }

    // Bad input names the field.
    for (params, field) in [
        (vec![], "prefecture_code"),
        (vec![("prefecture_code", "48")], "prefecture_code"),
        (
            vec![("prefecture_code", "13"), ("municipality_code", "271004")],
            "municipality_code",
        ),
        (
            vec![("prefecture_code", "13"), ("municipality_code", "131999")],
            "municipality_code",
        ),
        (vec![("prefecture_code", "13"), ("limit", "101")], "limit"),
        (vec![("prefecture_code", "13"), ("sort", "name")], "sort"),
    ] {
        let (s, _, v) = find(&st, &params).await;
        assert_eq!(
            (s, v["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{params:?}: {v}"
        );
    }
    let long = "あ".repeat(51);
    let (s, _, v) = find(&st, &[("prefecture_code", "13"), ("keyword", &long)]).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("keyword"))
    );
}

#[tokio::test]
async fn the_area_lists_come_from_master_data() {
    let st = Stack::start(NOW).await;
    let (s, v) = st.get("/public/areas", None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let prefs = v["items"].as_array().unwrap();
    assert_eq!(prefs.len(), 47);
    let munis: usize = prefs
        .iter()
        .map(|p| p["municipalities"].as_array().unwrap().len())
        .sum();
    assert_eq!(munis, 1741);
    let tokyo = &prefs[12];
    assert_eq!(
        (tokyo["code"].as_str(), tokyo["name"].as_str()),
        (Some("13"), Some("東京都"))
    );
    assert_eq!(
        tokyo["municipalities"][0],
        json!({"code": "131016", "name": "千代田区"})
    );
}

#[tokio::test]
async fn every_screen_learns_the_stage_and_a_maintenance_window_without_signing_in() {
    let st = Stack::start(NOW).await;
    let (s, v) = st.get("/public/status", None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        v,
        json!({"now": "2021-06-21T10:00:00+09:00", "stage": "production", "training": false, "maintenance": null})
    );
    let admin = st.national_admin().await;
    let (s, v) = st
        .post(
            "/maintenance-windows",
            Some(&admin.token),
            json!({"from": "2021-06-21T09:30:00+09:00", "until": "2021-06-21T12:00:00+09:00", "reason": "システム更新"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, v) = st.get("/public/status", None).await;
    assert_eq!(
        v["maintenance"],
        json!({"from": "2021-06-21T09:30:00+09:00", "until": "2021-06-21T12:00:00+09:00", "reason": "システム更新"})
    );
    st.set_now("2021-06-21T12:00:00+09:00");
    let (_, v) = st.get("/public/status", None).await;
    assert_eq!(v["maintenance"], Value::Null, "the window has ended");

    let training = Stack::start_stage(vsys::Stage::Training, NOW).await;
    let (_, v) = training.get("/public/status", None).await;
    assert_eq!(
        (v["stage"].as_str(), v["training"].as_bool()),
        (Some("training"), Some(true))
    );
}
