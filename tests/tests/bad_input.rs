//! Input that no screen sends still gets a clear 400, never a 500: an
//! over-long id in any route's path, and a cursor that is not one the list
//! handed out (garbage, or a key of another partition or index).

use base64::Engine;
use serde_json::json;
use vsys_e2e::*;

#[tokio::test]
async fn long_ids_and_forged_cursors_are_bad_input() {
    let st = Stack::start("2021-04-19T10:00:00+09:00").await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let long = "x".repeat(300);
    for area in vsys_local::areas() {
        for r in area.routes.iter().filter(|r| r.path.contains('{')) {
            let path = regex_lite::Regex::new(r"\{[a-z_]+\}")
                .unwrap()
                .replace_all(r.path, long.as_str())
                .to_string();
            let (s, v) = match r.method.as_str() {
                "GET" => st.get(&path, t).await,
                "POST" => st.post(&path, t, json!({})).await,
                "PUT" => st.put(&path, t, json!({})).await,
                _ => st.delete(&path, t).await,
            };
            assert_eq!(
                (s, v["field"].as_str()),
                (StatusCode::BAD_REQUEST, Some("path")),
                "{} {}: {v}",
                r.method,
                r.path
            );
        }
    }
    let b64 = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let forged = [
        "%%%".to_string(),
        "bm90IGpzb24".to_string(),
        b64(json!({"PK": "USER#someone", "SK": "USER"})),
        b64(json!({"PK": "x", "SK": "y", "GSI1PK": "ACCT#P27", "GSI1SK": "z"})),
        b64(json!({"PK": "x", "SK": "y", "GSI9PK": "a", "GSI9SK": "b"})),
        "A".repeat(5000),
    ];
    for list in [
        "/accounts?prefecture=13",
        "/organisations?prefecture=13",
        "/accounts/nobody@v-sys.jp/audit",
        "/mail-failures",
        "/public/sites?prefecture_code=13",
    ] {
        for c in &forged {
            let (s, v) = st
                .get(
                    &format!("{list}&cursor={c}")
                        .replacen("audit&", "audit?", 1)
                        .replacen("failures&", "failures?", 1),
                    t,
                )
                .await;
            assert!(
                s == StatusCode::BAD_REQUEST || s == StatusCode::NOT_FOUND,
                "{list} cursor {c}: {s} {v}"
            );
            if s == StatusCode::BAD_REQUEST {
                assert_eq!(v["field"], "cursor", "{list}: {v}");
            }
        }
    }
}
