//! The receipt notification is mailed before the delegation is locked: when
//! sending fails nothing is locked and the receiver can send again. (Its own
//! test binary: it takes the shared mail emulator's sender identity away for
//! a moment, which no other test may see.)

use serde_json::json;
use vsys_e2e::*;

/// Monday 2021-03-15 10:00 JST.
const NOW: &str = "2021-03-15T10:00:00+09:00";

#[tokio::test]
async fn a_failed_receipt_mail_locks_nothing() {
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

    // Mail cannot go out: the receiver is told, and nothing is locked.
    let sender = st.app.cfg.mail_from.clone();
    st.app
        .ses
        .delete_email_identity()
        .email_identity(&sender)
        .send()
        .await
        .unwrap();
    let (s, _) = st
        .post("/delegations/notify", Some(&chiyoda.token), sel.clone())
        .await;
    vsys::store::schema::create_mail_identity(&st.app.ses, &sender)
        .await
        .unwrap();
    assert!(s.is_server_error(), "{s}");
    let (_, v) = st
        .get(&format!("/delegations/{number}"), Some(&chiyoda.token))
        .await;
    assert_eq!(
        (v["locked"].as_bool(), v["mailed_at"].as_str()),
        (Some(false), None),
        "{v}"
    );
    assert!(st.mails_to(&contact).await.is_empty());

    // Sent again: mailed once, then locked.
    let (s, v) = st
        .post("/delegations/notify", Some(&chiyoda.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["delegations"][0]["locked"], true);
    assert_eq!(st.mails_to(&contact).await.len(), 1);
    let (s, v) = st
        .post("/delegations/unreceive", Some(&chiyoda.token), sel)
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("delegation_locked")),
        "{v}"
    );
}
