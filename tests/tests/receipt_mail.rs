//! The mail outbox: every mail is written with the change that causes it.
//! While SES refuses to send, changes still land and their mails wait; once
//! it recovers, every mail arrives exactly once, and a mail given up after
//! repeated failures is listed for the national office, which can send it
//! again. (Its own test binary: it takes the shared mail emulator's sender
//! identity away for a while, which no other test may see.)

use serde_json::json;
use vsys_e2e::*;

/// Monday 2021-03-15 10:00 JST.
const NOW: &str = "2021-03-15T10:00:00+09:00";

#[tokio::test]
async fn mails_wait_in_the_outbox_while_ses_fails_and_arrive_once() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let clinic = st
        .site(&admin, "1310000601", "□□クリニック", "131016")
        .await;
    let chiyoda = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let (s, v) = st
        .put(
            "/facility-codes/1310000601",
            Some(&admin.token),
            json!({"kind": "medical", "name": "□□クリニック", "postal_code": "100-8916", "municipality_code": "131016", "address": "千代田区霞が関1-2-2"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    st.save_profile(
        &clinic,
        json!({"name": "□□クリニック", "classification": "clinic", "founder": "other",
            "vaccine": "ファイザー", "postal_code": "100-8916", "address": "東京都千代田区霞が関1-2-2",
            "phone": "03-1234-5678", "public_listing": "public"}),
    )
    .await;
    let contact = format!("contact-{}@clinic.example.jp", unique());
    let (s, v) = st
        .post(
            "/delegations",
            Some(&clinic.token),
            json!({"code_kind": "medical", "code": "1310000601",
                "representative": {"name": "厚生 太郎", "phone": "03-1234-5678", "email": "rep@clinic.example.jp"},
                "contact": {"name": "事務 花子", "phone": "03-1234-5679", "email": contact},
                "vaccine": "ファイザー"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let number = v["number"].as_str().unwrap().to_string();
    let sel = json!({"numbers": [number]});
    let (s, _) = st
        .post("/delegations/receive", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::OK);

    // SES refuses every mail for a while.
    let sender = st.app.cfg.mail_from.clone();
    st.app
        .ses()
        .delete_email_identity()
        .email_identity(&sender)
        .send()
        .await
        .unwrap();
    // The receipt is sent and locked all the same: its mail waits.
    let (s, v) = st
        .post("/delegations/notify", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["delegations"][0]["locked"], true);
    assert!(st.mails_to(&contact).await.is_empty());
    let (s, v) = st
        .post("/delegations/unreceive", Some(&chiyoda.token), sel)
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("delegation_locked")),
        "{v}"
    );
    // The job tries it again with growing delays, and gives up after eight.
    let mut given_up = 0;
    for _ in 0..8 {
        st.advance(chrono::Duration::minutes(61));
        let v = st.job("mail-outbox").await;
        assert_eq!(v["sent"], 0, "{v}");
        given_up += v["given_up"].as_u64().unwrap();
    }
    assert_eq!(given_up, 1);

    // A sign-in code asked for while SES still fails…
    let (s, v) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": chiyoda.vsys_id, "password": chiyoda.password}),
        )
        .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    let codes_before = st.mails_to(&chiyoda.email).await.len();

    // SES recovers: the waiting code goes out with the next run, once.
    vsys::store::schema::create_mail_identity(st.app.ses(), &sender)
        .await
        .unwrap();
    st.advance(chrono::Duration::minutes(3));
    let v = st.job("mail-outbox").await;
    assert_eq!(
        (v["sent"].as_u64(), v["given_up"].as_u64()),
        (Some(1), Some(0)),
        "{v}"
    );
    assert_eq!(st.mails_to(&chiyoda.email).await.len(), codes_before + 1);
    st.advance(chrono::Duration::minutes(3));
    assert_eq!(st.job("mail-outbox").await["sent"], 0);
    assert_eq!(st.mails_to(&chiyoda.email).await.len(), codes_before + 1);

    // The given-up receipt mail is listed for the national office…
    let admin_token = st.sign_in(&admin).await;
    let (s, v) = st.get("/mail-failures", Some(&admin_token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{v}");
    assert_eq!(items[0]["to"], contact.as_str());
    assert_eq!(items[0]["attempts"], 8);
    assert!(items[0]["last_error"].is_string());
    assert!(st.mails_to(&contact).await.is_empty());
    // …not to anyone else…
    let chiyoda_token = st.sign_in(&chiyoda).await;
    let (s, _) = st.get("/mail-failures", Some(&chiyoda_token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // …and sent again on its word, exactly once.
    let id = items[0]["id"].as_str().unwrap();
    let (s, v) = st
        .post(
            &format!("/mail-failures/{id}/retry"),
            Some(&admin_token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(st.job("mail-outbox").await["sent"], 1);
    assert_eq!(st.job("mail-outbox").await["sent"], 0);
    let mails = st.mails_to(&contact).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body.contains(&number), "{}", mails[0].body);
    let (_, v) = st.get("/mail-failures", Some(&admin_token)).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 0);
}
