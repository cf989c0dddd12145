//! Vaccination plans over the February 2022 calendar of seed 002: what is
//! writable on each day, confirmed cools, the national review and its mail,
//! and the cut-off of a booster cool.

use serde_json::{json, Value};
use vsys_e2e::*;

/// Tuesday 2022-02-01 10:00 JST, before the calendar below starts.
const NOW: &str = "2022-02-01T10:00:00+09:00";

fn jst(day: &str, time: &str) -> String {
    format!("2022-{day}T{time}+09:00")
}

fn period(kind: &str, label: &str, from: String, until: String, cool: Option<u32>) -> Value {
    let mut p = json!({"kind": kind, "label": label, "from": from, "until": until});
    if let Some(c) = cool {
        p["cool_number"] = json!(c);
    }
    p
}

/// Seed 002 「スケジュール」: registration periods ③–⑦, plan review weeks,
/// distribution of cool 2 (deadline 2/15) and cool 3 (deadline 3/1).
fn calendar() -> Value {
    let r = "registration";
    json!({"periods": [
        period(r, "登録期間③", jst("02-04", "00:00:00"), jst("02-08", "15:00:00"), None),
        period("plan_review", "計画確認中", jst("02-08", "15:00:00"), jst("02-11", "00:00:00"), None),
        period(r, "登録期間④", jst("02-11", "00:00:00"), jst("02-15", "15:00:00"), None),
        period("distribution", "第2クール分配処理中", jst("02-15", "15:00:00"), jst("02-19", "00:00:00"), Some(2)),
        period(r, "登録期間⑤", jst("02-19", "00:00:00"), jst("02-22", "15:00:00"), None),
        period("plan_review", "計画確認中", jst("02-22", "15:00:00"), jst("02-26", "00:00:00"), None),
        period(r, "登録期間⑥", jst("02-26", "00:00:00"), jst("03-01", "15:00:00"), None),
        period("distribution", "第3クール分配処理中", jst("03-01", "15:00:00"), jst("03-05", "00:00:00"), Some(3)),
        period(r, "登録期間⑦", jst("03-05", "00:00:00"), jst("03-08", "15:00:00"), None),
    ]})
}

fn booster(number: u32, deadline: &str, delivery: &str, from: &str, until: &str) -> Value {
    json!({
        "number": number, "channel": "booster", "product": "moderna-booster",
        "delivery_week": delivery, "vaccination_from": from, "vaccination_until": until,
        "registration_opens": "2022-01-01T00:00:00+09:00",
        "registration_deadline": format!("{deadline}T15:00:00+09:00"),
    })
}

fn entries(list: &[(&str, u64)]) -> Value {
    json!({"entries": list.iter().map(|(c, p)| json!({"cool_id": c, "packs": p})).collect::<Vec<_>>(), "storage": "freezer"})
}

async fn setup(st: &Stack) -> (Session, Session) {
    let admin = st.national_admin().await;
    let (s, v) = st
        .put("/plan-calendar", Some(&admin.token), calendar())
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    for c in [
        booster(2, "2022-02-15", "2022-02-21", "2022-02-28", "2022-03-13"),
        booster(3, "2022-03-01", "2022-03-07", "2022-03-14", "2022-03-27"),
        booster(4, "2022-03-22", "2022-03-28", "2022-04-04", "2022-04-17"),
    ] {
        let (s, v) = st.post("/cools", Some(&admin.token), c).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let clinic = st
        .user(
            &admin,
            json!({"role": "site", "organisation_code": "1310000001", "organisation_name": "千代田クリニック", "municipality_code": "131016"}),
        )
        .await;
    (admin, clinic)
}

/// Moves the clock and signs both in again (sessions do not outlive days).
async fn on(st: &Stack, when: String, who: &mut [&mut Session]) {
    st.set_now(&when);
    for s in who.iter_mut() {
        st.renew(s).await;
    }
}

fn plan_of<'a>(v: &'a Value, cool: &str) -> &'a Value {
    v["cools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cool"]["cool_id"] == cool)
        .unwrap()
}

#[tokio::test]
async fn the_february_2022_calendar_decides_what_is_writable_each_day() {
    let st = Stack::start(NOW).await;
    let (mut admin, mut clinic) = setup(&st).await;
    let put = |token: String, body: Value| {
        let st = &st;
        async move { st.put("/plans", Some(&token), body).await }
    };

    // Before the calendar starts nothing can be registered.
    let (s, v) = put(clinic.token.clone(), entries(&[("booster-02", 4)])).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("outside_registration_period")),
        "{v}"
    );

    // 2/7 (Mon), registration period ③: the plan for all coming cools at once.
    on(&st, jst("02-07", "10:00:00"), &mut [&mut clinic]).await;
    let (s, v) = put(
        clinic.token.clone(),
        entries(&[("booster-02", 4), ("booster-03", 3), ("booster-04", 2)]),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let c2 = &plan_of(&v, "booster-02")["plan"];
    assert_eq!(c2["packs_label"], "150回接種分 × 4 = 600 回接種分");
    assert_eq!(c2["needles_label"], "100本 × 9 箱 (900 本)");
    assert_eq!(v["review"]["state"], "pending");
    assert_eq!(v["phase"]["label"], "登録期間③");

    // Each day of February at noon: W writable, R plan review, D distribution.
    let days = [
        ("02-08", 'W'),
        ("02-09", 'R'),
        ("02-10", 'R'),
        ("02-11", 'W'),
        ("02-14", 'W'),
        ("02-15", 'W'),
        ("02-16", 'D'),
        ("02-17", 'D'),
        ("02-18", 'D'),
        ("02-19", 'W'),
        ("02-22", 'W'),
        ("02-23", 'R'),
        ("02-25", 'R'),
        ("02-26", 'W'),
        ("02-28", 'W'),
        ("03-02", 'D'),
        ("03-05", 'W'),
    ];
    for (day, want) in days {
        on(&st, jst(day, "12:00:00"), &mut [&mut clinic]).await;
        let (_, v) = st.get("/plans", Some(&clinic.token)).await;
        let got = match (v["writable"].as_bool(), v["refusal"]["error"].as_str()) {
            (Some(true), _) => 'W',
            (_, Some("plan_review_in_progress")) => 'R',
            (_, Some("distribution_in_progress")) => 'D',
            other => panic!("{day}: {other:?} {v}"),
        };
        assert_eq!(got, want, "2022-{day}");
    }

    // In review every cool is refused, and the message says until when.
    on(&st, jst("02-09", "12:00:00"), &mut [&mut clinic]).await;
    let (s, v) = put(clinic.token.clone(), entries(&[("booster-04", 3)])).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("plan_review_in_progress")),
        "{v}"
    );
    let msg = v["message"].as_str().unwrap();
    assert!(
        msg.contains("計画確認中") && msg.contains("2022年02月11日 00:00"),
        "{msg}"
    );

    // Cool 2's deadline: 14:59:59 accepted, 15:00:00 refused as distribution.
    on(&st, jst("02-15", "14:59:59"), &mut [&mut clinic]).await;
    let (s, v) = put(clinic.token.clone(), entries(&[("booster-02", 5)])).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    st.set_now(&jst("02-15", "15:00:00"));
    let (s, v) = put(clinic.token.clone(), entries(&[("booster-02", 6)])).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("distribution_in_progress")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("分配処理中"));

    // The job closes cool 2 with the 5 packs registered before 15:00.
    let summary = st.job("plan-cutoff").await;
    assert_eq!(summary["closed"][0]["cool_id"], "booster-02", "{summary}");
    assert_eq!(summary["closed"][0]["totals"]["doses"], 750);
    assert!(summary["phase"]
        .as_str()
        .unwrap()
        .contains("第2クール分配処理中"));

    // 2/19 (Sat), registration ⑤: cool 2 is confirmed and read-only; the others change.
    on(&st, jst("02-19", "10:00:00"), &mut [&mut clinic]).await;
    let (s, v) = put(
        clinic.token.clone(),
        entries(&[("booster-02", 6), ("booster-03", 3)]),
    )
    .await;
    assert_eq!(
        (s, v["error"].as_str(), v["field"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("cool_confirmed"),
            Some("entries[0].packs")
        ),
        "{v}"
    );
    // Sending the whole table with cool 2 unchanged is fine, even with another
    // storage choice (which then applies to the open cools only).
    let mut whole = entries(&[("booster-02", 5), ("booster-03", 2), ("booster-04", 2)]);
    whole["storage"] = json!("deep_freezer");
    let (s, v) = put(clinic.token.clone(), whole).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(plan_of(&v, "booster-02")["state"], "closed");
    assert_eq!(plan_of(&v, "booster-02")["writable"], false);
    assert_eq!(plan_of(&v, "booster-03")["plan"]["packs"], 2);
    assert_eq!(plan_of(&v, "booster-03")["plan"]["storage"], "deep_freezer");
    assert_eq!(plan_of(&v, "booster-02")["plan"]["storage"], "freezer");

    // Bad entries name their field.
    for (body, field) in [
        (entries(&[("booster-09", 1)]), "entries[0].cool_id"),
        (
            entries(&[("booster-03", 1), ("booster-03", 2)]),
            "entries[1].cool_id",
        ),
        (
            json!({"entries": [{"cool_id": "booster-03", "packs": -2}]}),
            "entries[0].packs",
        ),
        (json!({"entries": []}), "entries"),
    ] {
        let (s, v) = put(clinic.token.clone(), body.clone()).await;
        assert_eq!(
            (s, v["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{body} → {v}"
        );
    }

    // Only sites plan; only the nation reviews.
    on(
        &st,
        jst("02-21", "10:00:00"),
        &mut [&mut clinic, &mut admin],
    )
    .await;
    let (s, _) = put(admin.token.clone(), entries(&[("booster-03", 1)])).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = st.get("/plan-reviews", Some(&clinic.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_national_office_reviews_each_changed_plan_and_the_site_is_mailed() {
    let st = Stack::start(NOW).await;
    let (mut admin, mut clinic) = setup(&st).await;
    on(
        &st,
        jst("02-07", "10:00:00"),
        &mut [&mut clinic, &mut admin],
    )
    .await;
    let (s, v) = st
        .put(
            "/plans",
            Some(&clinic.token),
            entries(&[("booster-02", 40)]),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let (s, v) = st.get("/plan-reviews", Some(&admin.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let pending = v["items"].as_array().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["site_name"], "千代田クリニック");
    let version = pending[0]["version"].as_u64().unwrap();
    let (_, v) = st
        .get("/plan-reviews/site-1310000001", Some(&admin.token))
        .await;
    assert_eq!(v["plan"][0]["doses"], 6000);

    // Needs revision requires a comment.
    let (s, v) = st
        .post(
            "/plan-reviews/site-1310000001",
            Some(&admin.token),
            json!({"result": "needs_revision", "version": version}),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("comment"))
    );
    let (s, v) = st
        .post(
            "/plan-reviews/site-1310000001",
            Some(&admin.token),
            json!({"result": "needs_revision", "comment": "接種体制に比べて計画量が過大です。", "version": version}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mail = st.last_mail(&clinic.email).await;
    assert!(mail.subject.contains("要見直"), "{}", mail.subject);
    assert!(mail.body.contains("計画量が過大です"), "{}", mail.body);
    let (_, v) = st.get("/plans", Some(&clinic.token)).await;
    assert_eq!(
        (
            v["review"]["state"].as_str(),
            v["review"]["state_label"].as_str()
        ),
        (Some("needs_revision"), Some("要見直"))
    );
    let (_, v) = st.get("/plan-reviews", Some(&admin.token)).await;
    assert!(v["items"].as_array().unwrap().is_empty());

    // The site revises; the review reopens. A reviewer holding the old version is stopped.
    let (s, _) = st
        .put("/plans", Some(&clinic.token), entries(&[("booster-02", 4)]))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = st
        .post(
            "/plan-reviews/site-1310000001",
            Some(&admin.token),
            json!({"result": "confirmed", "version": version}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("plan_changed_since"))
    );
    let (_, v) = st.get("/plan-reviews", Some(&admin.token)).await;
    let version = v["items"][0]["version"].as_u64().unwrap();
    let (s, v) = st
        .post(
            "/plan-reviews/site-1310000001",
            Some(&admin.token),
            json!({"result": "confirmed", "version": version}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(st.last_mail(&clinic.email).await.subject.contains("確認済"));
    let (s, v) = st
        .post(
            "/plan-reviews/site-1310000001",
            Some(&admin.token),
            json!({"result": "confirmed", "version": version + 1}),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_reviewed"))
    );
    let (s, _) = st
        .post(
            "/plan-reviews/site-9999999999",
            Some(&admin.token),
            json!({"result": "confirmed", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_calendar_is_checked_and_its_past_cannot_be_rewritten() {
    let st = Stack::start(NOW).await;
    let (mut admin, _) = setup(&st).await;
    let mut bad = calendar();
    bad["periods"][2]["from"] = json!(jst("02-11", "01:00:00"));
    bad["version"] = json!(1);
    let (s, v) = st.put("/plan-calendar", Some(&admin.token), bad).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("periods[2].from")),
        "{v}"
    );
    let mut bad = calendar();
    bad["periods"][3]
        .as_object_mut()
        .unwrap()
        .remove("cool_number");
    bad["version"] = json!(1);
    let (s, v) = st.put("/plan-calendar", Some(&admin.token), bad).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("periods[3].cool_number")),
        "{v}"
    );

    on(&st, jst("02-16", "10:00:00"), &mut [&mut admin]).await;
    let (_, v) = st.get("/plan-calendar", Some(&admin.token)).await;
    assert_eq!(v["current"]["label"], "第2クール分配処理中");
    // Moving an ended period is refused; extending the future is fine.
    let mut past = calendar();
    past["periods"][0]["label"] = json!("登録期間（変更）");
    past["version"] = json!(1);
    let (s, v) = st.put("/plan-calendar", Some(&admin.token), past).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("past_period_changed")),
        "{v}"
    );
    let mut longer = calendar();
    longer["periods"].as_array_mut().unwrap().push(period(
        "plan_review",
        "計画確認中",
        jst("03-08", "15:00:00"),
        jst("03-12", "00:00:00"),
        None,
    ));
    longer["version"] = json!(1);
    let (s, v) = st.put("/plan-calendar", Some(&admin.token), longer).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["periods"].as_array().unwrap().len(), 10);
    // Closed cools cannot be edited any more.
    let (s, v) = st
        .put(
            "/cools/booster-02",
            Some(&admin.token),
            booster(2, "2022-02-22", "2022-02-28", "2022-03-07", "2022-03-20"),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("cool_closed")),
        "{v}"
    );
}
