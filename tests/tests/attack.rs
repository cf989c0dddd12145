//! Sign-in under parallel attack: every guess is counted before it is
//! compared, so 50 parallel wrong passwords or codes get exactly the limit of
//! comparisons, never 5 × 50. (One test in a binary of its own: it reads the
//! process's comparison counters, which no other test may move meanwhile.)

use chrono::Duration;
use futures_util::future::join_all;
use serde_json::json;
use std::sync::atomic::Ordering;
use vsys::auth::{CODE_COMPARISONS, PASSWORD_COMPARISONS};
use vsys::domain::session::{CODE_MAX_ATTEMPTS, FREE_ATTEMPTS};
use vsys_e2e::*;

const NOW: &str = "2021-04-19T10:00:00+09:00";
const PARALLEL: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_guesses_get_only_the_limit() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let victim = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;

    // 50 wrong passwords at once, from browsers the account does not know.
    let before = PASSWORD_COMPARISONS.load(Ordering::SeqCst);
    let answers = join_all((0..PARALLEL).map(|i| {
        st.post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": victim.vsys_id, "password": format!("guess{i:04}x")}),
        )
    }))
    .await;
    let compared = PASSWORD_COMPARISONS.load(Ordering::SeqCst) - before;
    assert_eq!(compared, u64::from(FREE_ATTEMPTS), "passwords compared");
    assert!(answers
        .iter()
        .all(|(s, v)| *s == StatusCode::UNAUTHORIZED && v["error"] == "invalid_credentials"));
    // The right password from an unknown browser is refused afterwards…
    let (s, _) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": victim.vsys_id, "password": victim.password}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // …and the owner's own browser still gets in.
    let (s, v) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": victim.vsys_id, "password": victim.password, "device_token": victim.device}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // 50 wrong codes at once on one sign-in challenge (a second account, whose
    // right password was typed on a new browser).
    let other = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131024"}),
        )
        .await;
    let (s, v) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": other.vsys_id, "password": other.password}),
        )
        .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    let challenge = v["challenge_id"].as_str().unwrap().to_string();
    let code = code_in(&st.last_mail(&other.email).await.body);
    let wrong = |i: usize| {
        let w = format!("{:06}", (i * 7919) % 1_000_000);
        if w == code {
            "999999".to_string()
        } else {
            w
        }
    };
    let before = CODE_COMPARISONS.load(Ordering::SeqCst);
    join_all((0..PARALLEL).map(|i| {
        st.post(
            "/auth/sign-in/verify",
            None,
            json!({"challenge_id": challenge, "code": wrong(i)}),
        )
    }))
    .await;
    let compared = CODE_COMPARISONS.load(Ordering::SeqCst) - before;
    assert_eq!(compared, u64::from(CODE_MAX_ATTEMPTS), "codes compared");
    let (s, v) = st
        .post(
            "/auth/sign-in/verify",
            None,
            json!({"challenge_id": challenge, "code": code}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::GONE, Some("challenge_expired"))
    );

    // Fresh challenges do not bring fresh tries without end: codes compared
    // per account and hour are capped too.
    st.advance(Duration::minutes(1));
    let mut compared_this_hour = compared;
    for _ in 0..3 {
        let (s, v) = st
            .post(
                "/auth/sign-in",
                None,
                json!({"vsys_id": other.vsys_id, "password": other.password}),
            )
            .await;
        if s != StatusCode::ACCEPTED {
            break;
        }
        let challenge = v["challenge_id"].as_str().unwrap().to_string();
        let before = CODE_COMPARISONS.load(Ordering::SeqCst);
        join_all((0..10).map(|i| {
            st.post(
                "/auth/sign-in/verify",
                None,
                json!({"challenge_id": challenge, "code": wrong(i)}),
            )
        }))
        .await;
        compared_this_hour += CODE_COMPARISONS.load(Ordering::SeqCst) - before;
    }
    // (The account's activation compared one code in this hour already.)
    assert_eq!(
        compared_this_hour + 1,
        u64::from(vsys::domain::session::CODE_CHECKS_PER_HOUR)
    );

    // 50 wrong codes at once on a mailed link.
    let (_, email) = st
        .issue(
            &admin,
            json!({"role": "municipality", "organisation_code": "131032"}),
        )
        .await;
    let link = link_token(&st.last_mail(&email).await.body);
    let (s, _) = st
        .post("/auth/links/open", None, json!({"token": link}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let code = code_in(&st.last_mail(&email).await.body);
    let before = CODE_COMPARISONS.load(Ordering::SeqCst);
    join_all((0..PARALLEL).map(|i| {
        let c = if wrong(i) == code { "999999".to_string() } else { wrong(i) };
        st.post(
            "/auth/links/complete",
            None,
            json!({"token": link, "code": c, "new_password": "minato2021", "security_question": "q", "security_answer": "a"}),
        )
    }))
    .await;
    let compared = CODE_COMPARISONS.load(Ordering::SeqCst) - before;
    assert_eq!(
        compared,
        u64::from(CODE_MAX_ATTEMPTS),
        "link codes compared"
    );
}
