//! The scheduled jobs at their exact Japan-time boundaries, fired the
//! documented way (`POST /_local/jobs/{job}`), and idempotent.

use serde_json::{json, Value};
use vsys_e2e::*;

async fn fire(st: &Stack, job: &str) -> Value {
    let (s, v) = st
        .post(&format!("/_local/jobs/{job}"), None, json!({}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["summary"].clone()
}

#[tokio::test]
async fn activation_reminder_next_business_day_after_a_holiday() {
    // Friday 2022-03-18 10:00; Monday 03-21 is 春分の日.
    let st = Stack::start("2022-03-18T10:00:00+09:00").await;
    let admin = st.national_admin().await;
    let (id, email) = st
        .issue(
            &admin,
            json!({"role": "municipality", "organisation_code": "011002"}),
        )
        .await;
    let first = link_token(&st.last_mail(&email).await.body);

    st.set_now("2022-03-21T09:00:00+09:00");
    assert_eq!(
        fire(&st, "activation-reminders").await["skipped"],
        "not a business day"
    );
    st.set_now("2022-03-22T08:59:59+09:00");
    assert_eq!(fire(&st, "activation-reminders").await["reminded"], 0);
    st.set_now("2022-03-22T09:00:00+09:00");
    assert_eq!(fire(&st, "activation-reminders").await["reminded"], 1);
    // Twice changes nothing.
    assert_eq!(fire(&st, "activation-reminders").await["reminded"], 0);
    let mails = st.mails_to(&email).await;
    assert_eq!(mails.len(), 2);
    assert!(
        mails[1].subject.contains("（再送）"),
        "{}",
        mails[1].subject
    );
    assert_ne!(link_token(&mails[1].body), first);
    let (s, v) = st
        .post("/auth/links/open", None, json!({"token": first}))
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("link_expired"))
    );
    // Next business day again, then the reminders stop after three.
    st.set_now("2022-03-23T09:00:00+09:00");
    assert_eq!(fire(&st, "activation-reminders").await["reminded"], 1);
    st.set_now("2022-03-24T09:00:00+09:00");
    assert_eq!(fire(&st, "activation-reminders").await["reminded"], 1);
    st.set_now("2022-03-25T09:00:00+09:00");
    let v = fire(&st, "activation-reminders").await;
    assert_eq!(
        (v["reminded"].as_u64(), v["reminders_exhausted"].as_u64()),
        (Some(0), Some(1)),
        "{v}"
    );
    assert_eq!(st.mails_to(&email).await.len(), 4);
    // After that the national office re-issues; an activated account is never reminded again.
    let admin_token = st.sign_in(&admin).await;
    let (s, v) = st
        .post(
            &format!("/accounts/{id}/reissue"),
            Some(&admin_token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    st.activate(&email, "sapporo2022").await;
    st.set_now("2022-03-28T09:00:00+09:00");
    assert_eq!(
        fire(&st, "activation-reminders").await["reminders_exhausted"],
        0
    );
    let admin_token = st.sign_in(&admin).await;
    let (_, v) = st
        .get(&format!("/accounts/{id}/audit"), Some(&admin_token))
        .await;
    let reminded = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "activation_reminded")
        .count();
    assert_eq!(reminded, 3);
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["actor"] == "system:activation-reminders"));
}

#[tokio::test]
async fn call_centre_requests_close_wednesday_five_pm_and_run_friday() {
    let st = Stack::start("2021-05-10T10:00:00+09:00").await; // Monday
    let admin = st.national_admin().await;
    let muni = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let a = format!("cc-a-{}@call.example.jp", unique());
    let b = format!("cc-b-{}@call.example.jp", unique());
    let new_req = |email: &str| json!({"kind": "new", "company": "予約受付株式会社", "name": "受付 一郎", "email": email, "phone": "03-1111-2222"});

    // Missing fields per kind are named.
    let (s, v) = st
        .post(
            "/call-centre-requests",
            Some(&muni.token),
            json!({"kind": "new", "name": "x", "email": a}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("phone")),
        "{v}"
    );
    let (s, v) = st
        .post(
            "/call-centre-requests",
            Some(&muni.token),
            json!({"kind": "delete", "name": "x", "email": a, "vsys_id": "c999999-01@v-sys.jp"}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("vsys_id")),
        "{v}"
    );

    st.set_now("2021-05-12T16:59:59+09:00");
    let token = st.sign_in(&muni).await;
    let (s, v) = st
        .post("/call-centre-requests", Some(&token), new_req(&a))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["cutoff"], "2021-05-12T17:00:00+09:00");
    assert_eq!(v["issuance_date"], "2021-05-14");
    let req_a = v["id"].as_str().unwrap().to_string();

    st.set_now("2021-05-12T17:00:00+09:00");
    let (s, v) = st
        .post("/call-centre-requests", Some(&token), new_req(&b))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["cutoff"], "2021-05-19T17:00:00+09:00");
    assert_eq!(v["issuance_date"], "2021-05-21");
    let (s, v) = st
        .post(
            &format!("/call-centre-requests/{req_a}/withdraw"),
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("past_cutoff"))
    );

    // Thursday: nothing yet. Friday: A is carried out, B waits a week.
    st.set_now("2021-05-13T09:00:00+09:00");
    assert_eq!(fire(&st, "call-centre-accounts").await["done"], 0);
    assert!(st.mails_to(&a).await.is_empty());
    st.set_now("2021-05-14T09:00:00+09:00");
    let v = fire(&st, "call-centre-accounts").await;
    assert_eq!(
        (v["done"].as_u64(), v["not_yet_due"].as_u64()),
        (Some(1), Some(1)),
        "{v}"
    );
    assert_eq!(
        fire(&st, "call-centre-accounts").await["done"],
        0,
        "a second run changes nothing"
    );
    let login = st.last_mail(&a).await;
    assert!(login.subject.contains("パスワードのリセット"));
    assert!(st
        .last_mail(&muni.email)
        .await
        .subject
        .contains("予約受付業者アカウントの新規発行が完了"));
    let token = st.sign_in(&muni).await;
    let (_, v) = st.get("/call-centre-requests", Some(&token)).await;
    let done = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == req_a.as_str())
        .unwrap()
        .clone();
    assert_eq!(done["status"], "done");
    let cc_id = done["result_vsys_id"].as_str().unwrap().to_string();
    assert!(cc_id.starts_with("c131016-"), "{cc_id}");

    // The call-centre user is scoped to its municipality's call centre.
    let cc = st.activate_and_sign_in(&cc_id, &a).await;
    let (_, v) = st.get("/accounts", Some(&cc.token)).await;
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["vsys_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![cc_id.as_str()]);
    assert_eq!(
        st.get(&format!("/accounts/{}", muni.vsys_id), Some(&cc.token))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        st.get("/call-centre-requests", Some(&cc.token)).await.0,
        StatusCode::FORBIDDEN
    );

    // A change of e-mail filed the next week is carried out on its Friday
    // with B: the operator's sessions end, the new address gets a reset mail.
    st.set_now("2021-05-17T10:00:00+09:00");
    let token = st.sign_in(&muni).await;
    let cc_token = st.sign_in(&cc).await;
    let moved = format!("cc-moved-{}@call.example.jp", unique());
    let (s, v) = st
        .post(
            "/call-centre-requests",
            Some(&token),
            json!({"kind": "change", "name": "受付 一郎", "email": moved, "vsys_id": cc_id, "change_detail": "メールアドレスの変更"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    st.set_now("2021-05-21T09:00:00+09:00");
    let v = fire(&st, "call-centre-accounts").await;
    assert_eq!(
        (v["done"].as_u64(), v["failed"].as_u64()),
        (Some(2), Some(0)),
        "{v}"
    );
    assert!(st
        .last_mail(&moved)
        .await
        .subject
        .contains("パスワードの再設定"));
    assert_eq!(
        st.get("/me", Some(&cc_token)).await.0,
        StatusCode::UNAUTHORIZED,
        "the changed account's sessions ended"
    );

    // A deletion filed the week after is carried out on its Friday.
    st.set_now("2021-05-24T10:00:00+09:00");
    let token = st.sign_in(&muni).await;
    let (s, v) = st
        .post(
            "/call-centre-requests",
            Some(&token),
            json!({"kind": "delete", "name": "受付 一郎", "email": moved, "vsys_id": cc_id}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    st.set_now("2021-05-28T09:00:00+09:00");
    let v = fire(&st, "call-centre-accounts").await;
    assert_eq!(v["done"], 1, "{v}");
    let (s, _) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": cc_id, "password": cc.password, "device_token": cc.device}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "deleted call-centre account can no longer sign in"
    );
    assert!(st
        .last_mail(&b)
        .await
        .subject
        .contains("パスワードのリセット"));
}

#[tokio::test]
async fn local_controls_refuse_cross_site_requests() {
    let st = Stack::start("2021-05-10T10:00:00+09:00").await;
    // What a foreign page could send without a preflight: a form post.
    for path in ["/_local/clock", "/_local/jobs/plan-cutoff"] {
        let (s, v) = st
            .post_raw(path, None, "text/plain", r#"{"advance_seconds": 86400}"#)
            .await;
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden")),
            "{path}"
        );
    }
    let (_, v) = st.get("/_local/clock", None).await;
    assert_eq!(
        v["now"], "2021-05-10T10:00:00+09:00",
        "the clock did not move"
    );
}

#[tokio::test]
async fn a_call_centre_request_that_fails_keeps_its_failure_and_the_rest_go_on() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let st = Stack::start("2021-05-10T10:00:00+09:00").await; // Monday
    let admin = st.national_admin().await;
    let muni = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let (operator, _) = st
        .issue(
            &admin,
            json!({"role": "call_centre", "organisation_code": "131016"}),
        )
        .await;
    let (s, v) = st
        .post(
            "/call-centre-requests",
            Some(&muni.token),
            json!({"kind": "delete", "name": "受付 三郎", "email": "x@call.example.jp", "vsys_id": operator}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let broken_req = v["id"].as_str().unwrap().to_string();
    let newcomer = format!("cc-new-{}@call.example.jp", unique());
    let (s, v) = st
        .post(
            "/call-centre-requests",
            Some(&muni.token),
            json!({"kind": "new", "company": "予約受付株式会社", "name": "受付 四郎", "email": newcomer, "phone": "03-1111-2222"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    // The account the deletion names cannot be read for now (a record the
    // code does not understand stands in for any failure of the store).
    let set_role = |role: &str| {
        st.app
            .ddb
            .update_item()
            .table_name(&st.app.cfg.table)
            .key("PK", AttributeValue::S(format!("USER#{operator}")))
            .key("SK", AttributeValue::S("USER".into()))
            .update_expression("SET #r = :r")
            .expression_attribute_names("#r", "role")
            .expression_attribute_values(":r", AttributeValue::S(role.into()))
            .send()
    };
    set_role("unreadable").await.unwrap();
    st.set_now("2021-05-14T09:00:00+09:00");
    let v = fire(&st, "call-centre-accounts").await;
    assert_eq!(
        (v["done"].as_u64(), v["failed"].as_u64()),
        (Some(1), Some(1)),
        "{v}"
    );
    assert!(st
        .last_mail(&newcomer)
        .await
        .subject
        .contains("パスワードのリセット"));
    let token = st.sign_in(&muni).await;
    let (_, v) = st.get("/call-centre-requests", Some(&token)).await;
    let broken = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == broken_req.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (broken["status"].as_str(), broken["failed_runs"].as_u64()),
        (Some("open"), Some(1))
    );
    // Once the record reads again, the next run carries it out; the other
    // request is not done twice.
    set_role("call_centre").await.unwrap();
    let v = fire(&st, "call-centre-accounts").await;
    assert_eq!(
        (v["done"].as_u64(), v["failed"].as_u64()),
        (Some(1), Some(0)),
        "{v}"
    );
    assert_eq!(st.mails_to(&newcomer).await.len(), 1);
}
