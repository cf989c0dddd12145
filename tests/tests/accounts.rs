//! Issuance (single and CSV), input errors, scope on every protected route,
//! disabling and re-issuing.

use serde_json::{json, Value};
use vsys_e2e::*;

const NOW: &str = "2021-04-19T10:00:00+09:00";

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"role": "municipality", "organisation_code": "131016"}),
            "email",
        ),
        (
            json!({"role": "mayor", "organisation_code": "131016", "email": "a@b.jp"}),
            "role",
        ),
        (
            json!({"role": "municipality", "organisation_code": 131016, "email": "a@b.jp"}),
            "organisation_code",
        ),
        (
            json!({"role": "municipality", "organisation_code": "131016", "email": "a@b.jp", "extra": 1}),
            "extra",
        ),
        (
            json!({"role": "municipality", "organisation_code": "131016", "email": "a@b.jp", "contact_name": "長".repeat(51)}),
            "contact_name",
        ),
        (
            json!({"role": "municipality", "organisation_code": "13101", "email": "a@b.jp"}),
            "organisation_code",
        ),
        (
            json!({"role": "municipality", "organisation_code": "131016", "email": "not-mail"}),
            "email",
        ),
        (
            json!({"role": "site", "organisation_code": "131234567", "email": "a@b.jp"}),
            "organisation_code",
        ),
        (
            json!({"role": "site", "organisation_code": "13123456789", "email": "a@b.jp"}),
            "organisation_code",
        ),
        (
            json!({"role": "site", "organisation_code": "13123456a8", "email": "a@b.jp"}),
            "organisation_code",
        ),
        (
            json!({"role": "site", "organisation_code": "1312345678", "email": "a@b.jp"}),
            "organisation_name",
        ),
        (
            json!({"role": "site", "organisation_code": "1312345678", "email": "a@b.jp", "organisation_name": "X", "municipality_code": "999999"}),
            "municipality_code",
        ),
        (
            json!({"role": "municipality", "organisation_code": "999999", "email": "a@b.jp"}),
            "organisation_code",
        ),
    ];
    for (body, field) in cases {
        let (s, v) = st.post("/accounts", t, body.clone()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}: {v}");
        assert_eq!(v["field"].as_str(), Some(field), "{body}: {v}");
        assert!(
            !v["message"].as_str().unwrap().is_ascii(),
            "Japanese message: {v}"
        );
    }
    let (s, v) = st
        .post_raw("/accounts", t, "application/json", "{\"role\": ")
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_json"))
    );
    // Nothing of the above was written: Tokyo has only the administrator's… none.
    let (_, v) = st.get("/accounts?prefecture=13", t).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "{v}");
}

#[tokio::test]
async fn bulk_csv_checks_every_row_first_then_issues_once() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let u = unique();
    let bad = format!("organisation_code,role,email\n131016,municipality,a-{u}@x.lg.jp\n27,prefecture,not-an-address\n");
    let (s, v) = st.post_raw("/accounts/bulk", t, "text/csv", &bad).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["message"].as_str().unwrap().starts_with("3行目"), "{v}");
    assert_eq!(v["field"], "email");
    let (_, v) = st.get("/accounts?prefecture=13", t).await;
    assert!(
        v["items"].as_array().unwrap().is_empty(),
        "nothing half-written: {v}"
    );

    let good = format!(
        "\u{feff}organisation_code,role,email,organisation_name,municipality_code\n\
         131016,municipality,a-{u}@x.lg.jp,,\n\
         27,prefecture,b-{u}@x.lg.jp,,\n\
         1310000001,site,c-{u}@x.lg.jp,千代田ダミー病院,131016\n"
    );
    let (s, v) = st.post_raw("/accounts/bulk", t, "text/csv", &good).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["issued"].as_u64(), v["failed"].as_u64()),
        (Some(3), Some(0)),
        "{v}"
    );
    for who in ["a", "b", "c"] {
        assert!(st
            .last_mail(&format!("{who}-{u}@x.lg.jp"))
            .await
            .subject
            .contains("パスワードのリセット"));
    }
    // The same file again issues nothing new.
    let (_, v) = st.post_raw("/accounts/bulk", t, "text/csv", &good).await;
    assert_eq!(
        (v["issued"].as_u64(), v["already_issued"].as_u64()),
        (Some(0), Some(3)),
        "{v}"
    );
    let (_, v) = st.get("/accounts?municipality=131016", t).await;
    assert_eq!(
        v["items"].as_array().unwrap().len(),
        2,
        "municipality and its site: {v}"
    );
}

/// Every protected route of the accounts area, called by someone whose scope
/// does not cover the target, answers 403 or 404 and shows nothing.
#[tokio::test]
async fn other_organisations_learn_nothing() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
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
    let osaka = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "27"}),
        )
        .await;
    let tokyo = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "13"}),
        )
        .await;
    let clinic = st
        .user(&admin, json!({"role": "site", "organisation_code": "1310000002", "organisation_name": "千代田クリニック", "municipality_code": "131016"}))
        .await;
    let target = &chiyoda.vsys_id;
    let (s, v) = st.post("/call-centre-requests", Some(&chiyoda.token), json!({"kind": "new", "company": "コール株式会社", "name": "受付 太郎", "email": format!("cc-{}@call.example.jp", unique()), "phone": "03-1234-5678"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let req_id = v["id"].as_str().unwrap().to_string();

    for outsider in [&minato, &osaka, &clinic] {
        let t = Some(outsider.token.as_str());
        for path in [
            format!("/accounts/{target}"),
            format!("/accounts/{target}/audit"),
        ] {
            let (s, v) = st.get(&path, t).await;
            assert_eq!(
                s,
                StatusCode::NOT_FOUND,
                "{} GET {path}: {v}",
                outsider.vsys_id
            );
            assert!(!v.to_string().contains(&chiyoda.email));
        }
        for path in [
            format!("/accounts/{target}/disable"),
            format!("/accounts/{target}/reissue"),
        ] {
            let (s, _) = st.post(&path, t, json!({})).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{} POST {path}", outsider.vsys_id);
        }
        let (s, _) = st
            .post(
                &format!("/call-centre-requests/{req_id}/withdraw"),
                t,
                json!({}),
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // Listings never include Chiyoda's records.
        let (_, v) = st.get("/accounts", t).await;
        assert!(
            !v.to_string().contains(target.as_str()),
            "{} sees {target}: {v}",
            outsider.vsys_id
        );
        let (s, v) = st.get("/accounts?municipality=131016", t).await;
        assert!(s == StatusCode::FORBIDDEN || !v.to_string().contains(target.as_str()));
        let (_, v) = st.get("/call-centre-requests", t).await;
        assert!(!v.to_string().contains(&req_id), "{v}");
        // Issuing is the national office's.
        let (s, _) = st
            .post(
                "/accounts",
                t,
                json!({"role": "municipality", "organisation_code": "131016", "email": "x@y.jp"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = st
            .post_raw(
                "/accounts/bulk",
                t,
                "text/csv",
                "organisation_code,role,email\n131016,municipality,x@y.jp\n",
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    // A site sees only itself; a municipality its own people; a prefecture its municipalities.
    let (_, v) = st.get("/accounts", Some(&clinic.token)).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (_, v) = st.get("/accounts", Some(&chiyoda.token)).await;
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["vsys_id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&target.as_str())
            && ids.contains(&clinic.vsys_id.as_str())
            && !ids.contains(&minato.vsys_id.as_str())
    );
    let (s, _) = st
        .get(&format!("/accounts/{target}"), Some(&tokyo.token))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, v) = st.get("/call-centre-requests", Some(&tokyo.token)).await;
    assert!(v.to_string().contains(&req_id));
    // Tokyo's prefecture cannot disable (national only), but may read.
    let (s, _) = st
        .post(
            &format!("/accounts/{target}/disable"),
            Some(&tokyo.token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Organisations: Osaka asking for Tokyo's list is refused.
    let (s, _) = st
        .get("/organisations?prefecture=13", Some(&osaka.token))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = st
        .get("/organisations?prefecture=27", Some(&osaka.token))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        v["items"].as_array().unwrap().len(),
        44,
        "Osaka and its 43 municipalities"
    );
}

#[tokio::test]
async fn disable_ends_sessions_and_reissue_voids_old_links() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let (s, v) = st
        .post(
            &format!("/accounts/{}/disable", user.vsys_id),
            Some(&admin.token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "disabled");
    assert_eq!(
        st.get("/me", Some(&user.token)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (s, _) = st.post("/auth/sign-in", None, json!({"vsys_id": user.vsys_id, "password": user.password, "device_token": user.device})).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = st
        .post(
            &format!("/accounts/{}/disable", user.vsys_id),
            Some(&admin.token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    let (id, email) = st
        .issue(
            &admin,
            json!({"role": "municipality", "organisation_code": "131032"}),
        )
        .await;
    let old = link_token(&st.last_mail(&email).await.body);
    let (s, v) = st
        .post(
            &format!("/accounts/{id}/reissue"),
            Some(&admin.token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = st
        .post("/auth/links/open", None, json!({"token": old}))
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("link_superseded"))
    );
    st.activate(&email, "minato2021").await;
}

#[tokio::test]
async fn bulk_rows_of_one_organisation_get_consecutive_ids() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let u = unique();
    let mut csv = String::from("organisation_code,role,email,contact_name\n");
    for i in 0..12 {
        csv.push_str(&format!(
            "272035,municipality,staff{i}-{u}@city.toyonaka.example.lg.jp,職員{i}\n"
        ));
    }
    let (s, v) = st
        .post_raw("/accounts/bulk", Some(&admin.token), "text/csv", &csv)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["issued"], 12, "{v}");
    let mut ids: Vec<String> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["vsys_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let want: Vec<String> = (1..=12)
        .map(|n| format!("m272035-{n:02}@v-sys.jp"))
        .collect();
    assert_eq!(ids, want);
}
