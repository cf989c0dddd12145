//! The browser app's session: tokens travel only in HttpOnly cookies, and a
//! write authenticated by the cookie must carry the app's mark (CSRF).

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};
use vsys_e2e::{code_in, contract, link_token, Stack};

/// One request as the browser app sends it (or, with `mark` false, as a
/// forged cross-site form would), with the cookies it holds.
async fn browser(
    st: &Stack,
    method: reqwest::Method,
    path: &str,
    cookies: &[String],
    mark: bool,
    body: Option<Value>,
) -> (StatusCode, Vec<String>, Value) {
    let mut req = st
        .http
        .request(method.clone(), format!("{}{path}", st.base));
    if mark {
        req = req.header("x-vsys-client", "web");
    }
    if !cookies.is_empty() {
        req = req.header(COOKIE, cookies.join("; "));
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let set: Vec<String> = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let text = res.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    };
    contract::hold(method.as_str(), path, status.as_u16(), &body);
    (status, set, body)
}

/// `name=value` of the cookie `name` among Set-Cookie headers, checking it
/// is out of reach of scripts and other sites.
fn cookie(set: &[String], name: &str) -> String {
    let c = set
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {set:?}"));
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(c.contains(attr), "{c} lacks {attr}");
    }
    c.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn the_browser_never_sees_a_token_and_a_forged_write_is_refused() {
    let st = Stack::start("2021-07-05T01:00:00Z").await;
    let admin = st.national_admin().await;
    let (vsys_id, email) = st
        .issue(
            &admin,
            json!({"role": "site", "organisation_code": "1312345678", "organisation_name": "千代田クリニック", "municipality_code": "131016"}),
        )
        .await;
    use reqwest::Method;

    // The mailed link, opened in the browser: the browser becomes a known one.
    let link = link_token(&st.last_mail(&email).await.body);
    let (s, _, v) = browser(
        &st,
        Method::POST,
        "/auth/links/open",
        &[],
        true,
        Some(json!({"token": link})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let code = code_in(&st.last_mail(&email).await.body);
    let (s, set, v) = browser(
        &st,
        Method::POST,
        "/auth/links/complete",
        &[],
        true,
        Some(json!({"token": link, "code": code, "new_password": "vaccine2021", "security_question": "出生地は?", "security_answer": "東京"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(
        v.get("device_token").is_none(),
        "the device token stays in its cookie: {v}"
    );
    let device = cookie(&set, "vsys_device");

    // Sign-in from that browser: no code, the session in a cookie only.
    let (s, set, v) = browser(
        &st,
        Method::POST,
        "/auth/sign-in",
        std::slice::from_ref(&device),
        true,
        Some(json!({"vsys_id": vsys_id, "password": "vaccine2021"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "known browser by its cookie: {v}");
    assert!(v.get("token").is_none(), "no token in the body: {v}");
    let session = cookie(&set, "vsys_session");
    let jar = vec![device.clone(), session.clone()];

    let (s, _, v) = browser(&st, Method::GET, "/me", &jar, true, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["vsys_id"], json!(vsys_id));

    // A write with the cookie but without the app's mark is what another
    // site's form would send: refused, and nothing changed.
    let (s, _, v) = browser(
        &st,
        Method::POST,
        "/me/consent",
        &jar,
        false,
        Some(json!({"agree": true})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    assert_eq!(v["error"], "client_mark_missing");
    let (_, _, me) = browser(&st, Method::GET, "/me", &jar, true, None).await;
    assert_eq!(me["privacy_consented"], json!(false));
    let (s, _, v) = browser(
        &st,
        Method::POST,
        "/me/consent",
        &jar,
        true,
        Some(json!({"agree": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // Sign-out clears the cookie, and the old value is dead anyway.
    let (s, set, _) = browser(&st, Method::POST, "/auth/sign-out", &jar, true, None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert!(
        set.iter()
            .any(|c| c.starts_with("vsys_session=;") && c.contains("Max-Age=0")),
        "{set:?}"
    );
    let (s, _, v) = browser(&st, Method::GET, "/me", &jar, true, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");

    // API clients are unchanged: the token in the body, no cookies.
    let (s, set, v) = browser(
        &st,
        Method::POST,
        "/auth/sign-in",
        &[],
        false,
        Some(json!({"vsys_id": vsys_id, "password": "vaccine2021", "device_token": device.trim_start_matches("vsys_device=")})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["token"].is_string() && set.is_empty(), "{v} {set:?}");
}
