//! SPEC §2 end to end: first sign-in, links, codes, passwords, lockout,
//! sessions, unknown browsers, e-mail change, forgotten password, training.

use chrono::Duration;
use serde_json::json;
use vsys_e2e::*;

const NOW: &str = "2021-04-19T10:00:00+09:00"; // a Monday

#[tokio::test]
async fn complete_first_sign_in_over_http() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    // Issue a municipality account.
    let email = format!("kenko-{}@city.chiyoda.example.lg.jp", unique());
    let (s, v) = st
        .post("/accounts", Some(&admin.token), json!({"role": "municipality", "organisation_code": "131016", "email": email, "contact_name": "千代田 花子"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["vsys_id"].as_str().unwrap().to_string();
    assert!(
        id.starts_with("m131016-") && id.ends_with("@v-sys.jp"),
        "{id}"
    );

    // The issuance mail: a 24-hour single-use link, with the user name.
    let mail = st.last_mail(&email).await;
    assert!(
        mail.subject.contains("パスワードのリセットを完了"),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains(&id) && mail.body.contains("24時間"));
    let link = link_token(&mail.body);

    // Opening the link mails a 6-digit code.
    let (s, v) = st
        .post("/auth/links/open", None, json!({"token": link}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["purpose"], "activate");
    assert_eq!(v["vsys_id"], id.as_str());
    let code = code_in(&st.last_mail(&email).await.body);

    // Code + password + security question activates the account.
    let (s, v) = st
        .post("/auth/links/complete", None, json!({"token": link, "code": code, "new_password": "chiyoda2021", "security_question": "出身地", "security_answer": "千代田"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let device = v["device_token"].as_str().unwrap().to_string();

    // Sign in from the same browser: no code needed; consent is still due.
    let (s, v) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": id, "password": "chiyoda2021", "device_token": device}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["privacy_consent_required"], true);
    let token = v["token"].as_str().unwrap().to_string();
    assert!(token.len() >= 22, "at least 128 random bits");

    // Before consent, business routes are refused; /me works.
    let (s, v) = st.get("/accounts", Some(&token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(v["error"], "consent_required");
    let (s, v) = st.get("/me", Some(&token)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["privacy_consent_required"], true);

    let (s, v) = st
        .post("/me/consent", Some(&token), json!({"agree": false}))
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("agree"))
    );
    let (s, _) = st
        .post("/me/consent", Some(&token), json!({"agree": true}))
        .await;
    assert_eq!(s, StatusCode::OK);

    // A protected route now answers, scoped to the municipality.
    let (s, v) = st.get("/accounts", Some(&token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["vsys_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![id.as_str()]);

    // The same link cannot be used twice.
    let (s, v) = st
        .post("/auth/links/open", None, json!({"token": link}))
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("link_used"))
    );

    // The audit trail holds issuance, activation, sign-in and consent.
    let (_, v) = st
        .get(&format!("/accounts/{id}/audit"), Some(&admin.token))
        .await;
    let actions: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for a in [
        "account_issued",
        "account_activated",
        "signed_in",
        "privacy_consented",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    // …and no audit record carries a secret.
    assert!(!v.to_string().contains("argon2") && !v.to_string().contains(&device));
}

#[tokio::test]
async fn expired_link_and_superseded_link() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let (id, email) = st
        .issue(
            &admin,
            json!({"role": "prefecture", "organisation_code": "13"}),
        )
        .await;
    let link = link_token(&st.last_mail(&email).await.body);

    // 23:59:59 later the link still opens; at 24:00:00 it has expired.
    st.advance(Duration::hours(24) - Duration::seconds(1));
    let (s, _) = st
        .post("/auth/links/open", None, json!({"token": link}))
        .await;
    assert_eq!(s, StatusCode::OK);
    st.advance(Duration::seconds(1));
    let (s, v) = st
        .post("/auth/links/open", None, json!({"token": link}))
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("link_expired")),
        "{v}"
    );
    let (s, v) = st
        .post(
            "/auth/links/complete",
            None,
            json!({"token": link, "code": "000000", "new_password": "tokyo2021a"}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("link_expired"))
    );

    // Asking again for a link mails a new one and voids the old.
    let (s, _) = st
        .post("/auth/password-reset", None, json!({"vsys_id": id}))
        .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    let fresh = link_token(&st.last_mail(&email).await.body);
    assert_ne!(fresh, link);
    st.advance(Duration::hours(1));
    let (s, _) = st
        .post("/auth/links/open", None, json!({"token": fresh}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = st
        .post("/auth/links/open", None, json!({"token": "x".repeat(43)}))
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("link_invalid"))
    );
}

#[tokio::test]
async fn wrong_codes_are_limited_and_codes_expire() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let (_, email) = st
        .issue(
            &admin,
            json!({"role": "municipality", "organisation_code": "131032"}),
        )
        .await;
    let link = link_token(&st.last_mail(&email).await.body);
    st.post("/auth/links/open", None, json!({"token": link}))
        .await;
    let code = code_in(&st.last_mail(&email).await.body);
    let wrong = if code == "111111" { "222222" } else { "111111" };
    let body = |c: &str| json!({"token": link, "code": c, "new_password": "minato2021", "security_question": "q", "security_answer": "a"});
    for left in (1..5).rev() {
        let (s, v) = st.post("/auth/links/complete", None, body(wrong)).await;
        assert_eq!(
            (s, v["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("code")),
            "{v}"
        );
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains(&format!("あと{left}回")),
            "{v}"
        );
    }
    let (s, v) = st.post("/auth/links/complete", None, body(wrong)).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("code_void"))
    );
    // Even the right code is void now.
    let (s, _) = st.post("/auth/links/complete", None, body(&code)).await;
    assert_eq!(s, StatusCode::GONE);

    // Reopening mails a new code, valid for 10 minutes only.
    st.post("/auth/links/open", None, json!({"token": link}))
        .await;
    let code = code_in(&st.last_mail(&email).await.body);
    st.advance(Duration::minutes(10));
    let (s, v) = st.post("/auth/links/complete", None, body(&code)).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("code_expired"))
    );
}

#[tokio::test]
async fn weak_passwords_are_refused_rule_by_rule() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let (id, email) = st
        .issue(
            &admin,
            json!({"role": "municipality", "organisation_code": "131041"}),
        )
        .await;
    let link = link_token(&st.last_mail(&email).await.body);
    st.post("/auth/links/open", None, json!({"token": link}))
        .await;
    let code = code_in(&st.last_mail(&email).await.body);
    for (pw, rule) in [
        ("abc1234", "8文字以上"),
        ("12345678", "英字"),
        ("abcdefgh", "数字"),
        (id.as_str(), "V-SYS ID"),
    ] {
        let (s, v) = st
            .post("/auth/links/complete", None, json!({"token": link, "code": code, "new_password": pw, "security_question": "q", "security_answer": "a"}))
            .await;
        assert_eq!(
            (s, v["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("new_password")),
            "{pw}: {v}"
        );
        assert!(v["message"].as_str().unwrap().contains(rule), "{pw}: {v}");
    }
    // Missing security question on activation names the field.
    let (s, v) = st
        .post(
            "/auth/links/complete",
            None,
            json!({"token": link, "code": code, "new_password": "shinjuku21"}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("security_question")),
        "{v}"
    );
    // Nothing was half-written: the account is still pending and the link usable.
    let (_, v) = st.get(&format!("/accounts/{id}"), Some(&admin.token)).await;
    assert_eq!(v["status"], "pending");
    let (s, _) = st
        .post("/auth/links/complete", None, json!({"token": link, "code": code, "new_password": "shinjuku21", "security_question": "q", "security_answer": "a"}))
        .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn wrong_passwords_slow_down_unknown_browsers_never_the_owner() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131059"}),
        )
        .await;
    // Someone who guessed the ID (they are guessable) tries passwords from
    // their own browser.
    let guess = json!({"vsys_id": user.vsys_id, "password": "wrong-pass1"});
    let mut answers = Vec::new();
    for _ in 0..7 {
        answers.push(st.post("/auth/sign-in", None, guess.clone()).await);
    }
    // Wrong, held, unknown or disabled: one and the same answer.
    let (s_unknown, v_unknown) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": "nobody@v-sys.jp", "password": "wrong-pass1"}),
        )
        .await;
    assert_eq!(s_unknown, StatusCode::UNAUTHORIZED);
    for (s, v) in &answers {
        assert_eq!((*s, v), (s_unknown, &v_unknown));
    }
    // The owner is told once, when the delays begin.
    let mails = st.mails_to(&user.email).await;
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.subject.contains("ログインの失敗が続いています"))
            .count(),
        1
    );
    // The guesser's browser is held even with the right password…
    let right_unknown = json!({"vsys_id": user.vsys_id, "password": user.password});
    let (s, v) = st.post("/auth/sign-in", None, right_unknown.clone()).await;
    assert_eq!((s, &v), (s_unknown, &v_unknown));
    // …while the owner's browser signs in as always.
    let right_known =
        json!({"vsys_id": user.vsys_id, "password": user.password, "device_token": user.device});
    let (s, v) = st.post("/auth/sign-in", None, right_known.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Growing delays, not a lock: after the hold one attempt is compared.
    st.advance(Duration::minutes(1));
    let (s, v) = st.post("/auth/sign-in", None, right_unknown.clone()).await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::ACCEPTED, Some("verification_required")),
        "{v}"
    );
    let admin_token = st.sign_in(&admin).await;
    let (_, v) = st
        .get(
            &format!("/accounts/{}/audit", user.vsys_id),
            Some(&admin_token),
        )
        .await;
    let actions: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"sign_in_throttled"), "{actions:?}");
    assert!(actions.contains(&"password_failed"), "{actions:?}");
    // A disabled account answers like an unknown one.
    let (s, _) = st
        .post(
            &format!("/accounts/{}/disable", user.vsys_id),
            Some(&admin_token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = st.post("/auth/sign-in", None, right_known).await;
    assert_eq!((s, &v), (s_unknown, &v_unknown));
}

#[tokio::test]
async fn remembered_browsers_are_forgotten_after_180_days() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let known =
        json!({"vsys_id": user.vsys_id, "password": user.password, "device_token": user.device});
    st.advance(Duration::days(179));
    let (s, _) = st.post("/auth/sign-in", None, known.clone()).await;
    assert_eq!(s, StatusCode::OK);
    st.advance(Duration::days(2));
    let (s, v) = st.post("/auth/sign-in", None, known).await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::ACCEPTED, Some("verification_required"))
    );
}

#[tokio::test]
async fn sessions_time_out_and_sign_out_revokes() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "27"}),
        )
        .await;
    // Idle timeout: 29 minutes of quiet is fine, 30 is not.
    st.advance(Duration::minutes(29));
    let (s, _) = st.get("/me", Some(&user.token)).await;
    assert_eq!(s, StatusCode::OK);
    st.advance(Duration::minutes(30));
    let (s, v) = st.get("/me", Some(&user.token)).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("session_invalid"))
    );

    // Absolute timeout: 12 hours even when busy.
    let sign_in =
        json!({"vsys_id": user.vsys_id, "password": user.password, "device_token": user.device});
    let (_, v) = st.post("/auth/sign-in", None, sign_in.clone()).await;
    let token = v["token"].as_str().unwrap().to_string();
    for _ in 0..25 {
        st.advance(Duration::minutes(29) + Duration::seconds(59));
        let (s, _) = st.get("/me", Some(&token)).await;
        if s != StatusCode::OK {
            break;
        }
    }
    let (s, _) = st.get("/me", Some(&token)).await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "12 hours after sign-in the session has ended"
    );

    // Sign-out revokes at once.
    let (_, v) = st.post("/auth/sign-in", None, sign_in).await;
    let token = v["token"].as_str().unwrap().to_string();
    let (s, _) = st.post("/auth/sign-out", Some(&token), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = st.get("/me", Some(&token)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = st.get("/me", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = st.get("/me", Some("not-a-session")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_browser_needs_a_mailed_code() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131067"}),
        )
        .await;
    let (s, v) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": user.vsys_id, "password": user.password}),
        )
        .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    assert_eq!(v["status"], "verification_required");
    assert!(v.get("token").is_none());
    let challenge = v["challenge_id"].as_str().unwrap().to_string();
    let mail = st.last_mail(&user.email).await;
    assert!(mail.body.contains("新しいブラウザ"));
    let code = code_in(&mail.body);
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let (s, v) = st
        .post(
            "/auth/sign-in/verify",
            None,
            json!({"challenge_id": challenge, "code": wrong}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("code"))
    );
    let (s, v) = st
        .post(
            "/auth/sign-in/verify",
            None,
            json!({"challenge_id": challenge, "code": code}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let device = v["device_token"].as_str().unwrap().to_string();
    let (s, _) = st.get("/me", Some(v["token"].as_str().unwrap())).await;
    assert_eq!(s, StatusCode::OK);
    // The challenge is single use; the new browser is now known.
    let (s, _) = st
        .post(
            "/auth/sign-in/verify",
            None,
            json!({"challenge_id": challenge, "code": code}),
        )
        .await;
    assert_eq!(s, StatusCode::GONE);
    let (s, _) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": user.vsys_id, "password": user.password, "device_token": device}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn email_change_confirms_on_old_then_resets_on_new() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131075"}),
        )
        .await;
    let new_email = format!("successor-{}@city.example.lg.jp", unique());
    let (s, v) = st
        .post(
            "/me/email",
            Some(&user.token),
            json!({"new_email": "not-an-address", "current_password": user.password}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("new_email"))
    );
    // The current password is asked again: an open session is not enough.
    let (s, v) = st
        .post(
            "/me/email",
            Some(&user.token),
            json!({"new_email": new_email, "current_password": "wrong-pass9"}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("current_password"))
    );
    let (s, v) = st
        .post(
            "/me/email",
            Some(&user.token),
            json!({"new_email": new_email, "current_password": user.password}),
        )
        .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    // The confirmation goes to the OLD address, nothing to the new one yet.
    let confirm = st.last_mail(&user.email).await;
    assert!(confirm.subject.contains("メールアドレス変更の確認"));
    assert!(st.mails_to(&new_email).await.is_empty());
    let (s, v) = st
        .post(
            "/auth/links/confirm-email",
            None,
            json!({"token": link_token(&confirm.body)}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // The session ended; a reset mail reached the new address.
    let (s, _) = st.get("/me", Some(&user.token)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let reset = st.last_mail(&new_email).await;
    assert!(reset.subject.contains("パスワードの再設定"));
    let link = link_token(&reset.body);
    let (s, v) = st
        .post("/auth/links/open", None, json!({"token": link}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["security_question"], "最初に飼ったペットの名前");
    let code = code_in(&st.last_mail(&new_email).await.body);
    let (s, v) = st.post("/auth/links/complete", None, json!({"token": link, "code": code, "new_password": "successor22", "security_answer": "ポチ"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, v) = st
        .get(&format!("/accounts/{}", user.vsys_id), Some(&admin.token))
        .await;
    assert_eq!(v["email"], new_email.as_str());
}

#[tokio::test]
async fn forgotten_password_does_not_reveal_ids() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131083"}),
        )
        .await;
    let (s1, v1) = st
        .post(
            "/auth/password-reset",
            None,
            json!({"vsys_id": "ghost@v-sys.jp"}),
        )
        .await;
    st.advance(Duration::minutes(2));
    let (s2, v2) = st
        .post(
            "/auth/password-reset",
            None,
            json!({"vsys_id": user.vsys_id}),
        )
        .await;
    assert_eq!(
        (s1, &v1),
        (s2, &v2),
        "same answer whether or not the ID exists"
    );
    let mail = st.last_mail(&user.email).await;
    assert!(mail.subject.contains("パスワードの再設定"));
    let link = link_token(&mail.body);
    st.post("/auth/links/open", None, json!({"token": link}))
        .await;
    let code = code_in(&st.last_mail(&user.email).await.body);
    // The security answer is asked.
    let (s, v) = st
        .post(
            "/auth/links/complete",
            None,
            json!({"token": link, "code": code, "new_password": "newpass2022"}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("security_answer"))
    );
    let (s, v) = st.post("/auth/links/complete", None, json!({"token": link, "code": code, "new_password": "newpass2022", "security_answer": "違う"})).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("security_answer"))
    );
    let (s, v) = st.post("/auth/links/complete", None, json!({"token": link, "code": code, "new_password": "newpass2022", "security_answer": " ポチ "})).await;
    assert_eq!(s, StatusCode::OK);
    let new_device = v["device_token"].as_str().unwrap().to_string();
    // The reset ended the old session; the new password works, the old does not.
    let (s, _) = st.get("/me", Some(&user.token)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": user.vsys_id, "password": user.password, "device_token": new_device}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": user.vsys_id, "password": "newpass2022", "device_token": new_device}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    // Browsers remembered before the reset are forgotten: a mailed code again.
    let (s, v) = st.post("/auth/sign-in", None, json!({"vsys_id": user.vsys_id, "password": "newpass2022", "device_token": user.device})).await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::ACCEPTED, Some("verification_required"))
    );
}

#[tokio::test]
async fn password_change_ends_the_other_sessions() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "01"}),
        )
        .await;
    let (_, v) = st.post("/auth/sign-in", None, json!({"vsys_id": user.vsys_id, "password": user.password, "device_token": user.device})).await;
    let other = v["token"].as_str().unwrap().to_string();
    let (s, v) = st
        .post(
            "/me/password",
            Some(&user.token),
            json!({"current_password": "wrong1234", "new_password": "hokkaido22"}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("current_password"))
    );
    let (s, v) = st
        .post(
            "/me/password",
            Some(&user.token),
            json!({"current_password": user.password, "new_password": "hokkaido22"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        st.get("/me", Some(&other)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(st.get("/me", Some(&user.token)).await.0, StatusCode::OK);
    // Remembered browsers are forgotten: the next sign-in proves the mailbox.
    let (s, v) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": user.vsys_id, "password": "hokkaido22", "device_token": user.device}),
        )
        .await;
    assert_eq!(
        (s, v["status"].as_str()),
        (StatusCode::ACCEPTED, Some("verification_required"))
    );
}

#[tokio::test]
async fn training_stage_ids_end_with_training() {
    let st = Stack::start_stage(vsys::Stage::Training, NOW).await;
    let admin = st.national_admin().await;
    assert!(
        admin.vsys_id.ends_with("@v-sys.jp.training"),
        "{}",
        admin.vsys_id
    );
    let (id, email) = st
        .issue(
            &admin,
            json!({"role": "municipality", "organisation_code": "271004"}),
        )
        .await;
    assert!(id.ends_with(".training"));
    assert!(st
        .last_mail(&email)
        .await
        .subject
        .starts_with("【トレーニング環境】"));
    let (_, v) = st.get("/me", Some(&admin.token)).await;
    assert_eq!(v["training"], true);
}

#[tokio::test]
async fn wrong_security_answers_block_resets_until_the_national_office_helps() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131091"}),
        )
        .await;
    // Each wrong answer is counted, also across newly opened links.
    let mut last = json!(null);
    for round in 0..3 {
        st.advance(Duration::minutes(2));
        st.post(
            "/auth/password-reset",
            None,
            json!({"vsys_id": user.vsys_id}),
        )
        .await;
        let link = link_token(&st.last_mail(&user.email).await.body);
        st.post("/auth/links/open", None, json!({"token": link}))
            .await;
        let code = code_in(&st.last_mail(&user.email).await.body);
        for _ in 0..2 {
            let (s, v) = st.post("/auth/links/complete", None, json!({"token": link, "code": code, "new_password": "reset2022x", "security_answer": format!("違う{round}")})).await;
            assert!(
                s == StatusCode::BAD_REQUEST || s == StatusCode::FORBIDDEN,
                "{v}"
            );
            last = v;
        }
    }
    assert_eq!(last["error"], "security_answer_blocked", "{last}");
    // The national office re-issues: a fresh reset mail, and the count starts afresh.
    let (s, v) = st
        .post(
            &format!("/accounts/{}/reissue", user.vsys_id),
            Some(&admin.token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let link = link_token(&st.last_mail(&user.email).await.body);
    st.post("/auth/links/open", None, json!({"token": link}))
        .await;
    let code = code_in(&st.last_mail(&user.email).await.body);
    let (s, v) = st.post("/auth/links/complete", None, json!({"token": link, "code": code, "new_password": "reset2022x", "security_answer": "ポチ"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_in_use() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131105"}),
        )
        .await;
    let second = st.sign_in(&user).await;
    for t in [&user.token, &second] {
        assert_eq!(st.get("/me", Some(t)).await.0, StatusCode::OK);
    }
    let (s, v) = st
        .post(
            &format!("/accounts/{}/disable", user.vsys_id),
            Some(&admin.token),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // The very next request of each session is refused, within the minute.
    for t in [&user.token, &second] {
        let (s, v) = st.get("/me", Some(t)).await;
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("session_invalid"))
        );
    }
    // A token naming another account than its session's is no session at all.
    let forged = format!(
        "{}.{}",
        user.token.split('.').next().unwrap(),
        admin.token.split('.').nth(1).unwrap()
    );
    assert_eq!(
        st.get("/me", Some(&forged)).await.0,
        StatusCode::UNAUTHORIZED
    );
}
