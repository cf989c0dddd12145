//! Master data and weekly demand (SPEC §5, seed 000): the worked examples, the
//! Tuesday 15:00 boundary in JST and in UTC, quantities, scope, maintenance
//! windows, and the cut-off job run on time, twice, and late.

use serde_json::{json, Value};
use vsys_e2e::*;

/// Friday 2021-06-25 10:00 JST: the window for the week of 07/05 is open.
const NOW: &str = "2021-06-25T10:00:00+09:00";

fn cool(number: u32, deadline_day: &str, delivery: &str) -> Value {
    json!({
        "number": number,
        "channel": "general",
        "product": "moderna-primary",
        "delivery_week": delivery,
        "vaccination_from": delivery,
        "vaccination_until": "2021-12-31",
        "registration_opens": "2021-06-01T00:00:00+09:00",
        "registration_deadline": format!("{deadline_day}T15:00:00+09:00"),
    })
}

async fn create_cool(st: &Stack, admin: &Session, body: Value) -> String {
    let (s, v) = st.post("/cools", Some(&admin.token), body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["cool_id"].as_str().unwrap().to_string()
}

async fn site(st: &Stack, admin: &Session, code: &str, muni: &str) -> Session {
    st.site(admin, code, &format!("テスト医院{code}"), muni)
        .await
}

fn demand(weekly: u64, packs: u64) -> Value {
    json!({"weekly_planned_doses": weekly, "packs": packs, "storage": "freezer"})
}

#[tokio::test]
async fn masters_are_read_by_all_and_changed_by_the_national_office_only() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let clinic = site(&st, &admin, "1310000001", "131016").await;
    let (s, v) = st.get("/vaccines", Some(&clinic.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let booster = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "moderna-booster")
        .unwrap()
        .clone();
    assert_eq!(booster["doses_per_pack"], 150);
    assert_eq!(booster["needle_ratio_milli"], 1500);

    let product = json!({"name": "テストワクチン", "manufacturer": "テスト製薬", "doses_per_vial": 5, "vials_per_pack": 20,
        "needles_per_box": 100, "syringes_per_box": 100, "needle_ratio_milli": 1100, "syringe_ratio_milli": 1100});
    let (s, _) = st
        .put(
            "/vaccines/test-vaccine",
            Some(&clinic.token),
            product.clone(),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let mut bad = product.clone();
    bad["needle_ratio_milli"] = json!(900);
    let (s, v) = st
        .put("/vaccines/test-vaccine", Some(&admin.token), bad)
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("needle_ratio_milli")),
        "{v}"
    );
    let (s, v) = st
        .put(
            "/vaccines/test-vaccine",
            Some(&admin.token),
            product.clone(),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["doses_per_pack"], 100);
    // Changing it again needs the version read.
    let (s, v) = st
        .put(
            "/vaccines/test-vaccine",
            Some(&admin.token),
            product.clone(),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("stale_version"))
    );

    // Cools: the deadline is a Tuesday at 15:00 JST, the delivery week a later Monday.
    let mut wednesday = cool(7, "2021-06-30", "2021-07-05");
    wednesday["registration_deadline"] = json!("2021-06-30T15:00:00+09:00");
    let (s, v) = st.post("/cools", Some(&admin.token), wednesday).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("registration_deadline")),
        "{v}"
    );
    let mut unknown = cool(7, "2021-06-29", "2021-07-05");
    unknown["product"] = json!("no-such-vaccine");
    let (s, v) = st.post("/cools", Some(&admin.token), unknown).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("product"))
    );
    let (s, _) = st
        .post(
            "/cools",
            Some(&clinic.token),
            cool(7, "2021-06-29", "2021-07-05"),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let id = create_cool(&st, &admin, cool(7, "2021-06-29", "2021-07-05")).await;
    assert_eq!(id, "general-07");
    let (s, v) = st
        .post(
            "/cools",
            Some(&admin.token),
            cool(7, "2021-06-29", "2021-07-05"),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("cool_exists"))
    );
    let (s, v) = st.get("/cools?channel=general", Some(&clinic.token)).await;
    assert_eq!(s, StatusCode::OK);
    let c = &v["items"][0];
    assert_eq!(
        c["label"],
        "武田/モデルナ社ワクチン（1・2回目） 07クール（07/05週配送）"
    );
    assert_eq!(c["state"], "open");
    assert_eq!(c["registration_deadline"], "2021-06-29T15:00:00+09:00");
}

#[tokio::test]
async fn weekly_demand_worked_examples_corrections_and_the_1500_boundary() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let id = create_cool(&st, &admin, cool(7, "2021-06-29", "2021-07-05")).await;
    let clinic = site(&st, &admin, "1310000001", "131016").await;
    let t = Some(clinic.token.as_str());
    let path = format!("/cools/{id}/demand");

    let (s, v) = st.get(&path, t).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["status"].as_str(), v["writable"].as_bool()),
        (Some("not_registered"), Some(true))
    );
    assert!(v["status_label"].as_str().unwrap().contains("未登録"));

    // 100 doses × 30 = 3,000 doses → 32 boxes of needles and of syringes.
    let (s, v) = st.put(&path, t, demand(3000, 30)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let r = &v["registration"];
    assert_eq!(r["doses"], 3000);
    assert_eq!(
        (r["needle_boxes"].as_u64(), r["syringe_boxes"].as_u64()),
        (Some(32), Some(32))
    );
    assert_eq!(r["packs_label"], "100回接種分 × 30 = 3000 回接種分");
    assert_eq!(r["needles_label"], "100本 × 32 箱 (3200 本)");
    let version = r["version"].as_u64().unwrap();

    // Corrected to 1,000 doses → 11 boxes; the boxes can be edited.
    let mut body = demand(1000, 10);
    body["version"] = json!(version);
    let (s, v) = st.put(&path, t, body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["registration"]["needle_boxes"], 11);
    let mut body = demand(1000, 10);
    body["needle_boxes"] = json!(12);
    let (s, v) = st.put(&path, t, body.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (
            v["registration"]["needle_boxes"].as_u64(),
            v["registration"]["syringe_boxes"].as_u64()
        ),
        (Some(12), Some(11))
    );
    // An old version is refused.
    body["version"] = json!(version);
    let (s, v) = st.put(&path, t, body).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("stale_version"))
    );

    // Negative, fractional and absurd quantities name their field.
    for (body, field) in [
        (
            json!({"weekly_planned_doses": 1000, "packs": -1, "storage": "freezer"}),
            "packs",
        ),
        (
            json!({"weekly_planned_doses": 1000, "packs": 2.5, "storage": "freezer"}),
            "packs",
        ),
        (
            json!({"weekly_planned_doses": 1000, "packs": 10_001, "storage": "freezer"}),
            "packs",
        ),
        (
            json!({"weekly_planned_doses": 100_000_000, "packs": 1, "storage": "freezer"}),
            "weekly_planned_doses",
        ),
        (
            json!({"weekly_planned_doses": 0, "packs": 5, "storage": "freezer"}),
            "weekly_planned_doses",
        ),
        (
            json!({"weekly_planned_doses": 1000, "packs": 5, "storage": "cellar"}),
            "storage",
        ),
        (
            json!({"weekly_planned_doses": 1000, "packs": 5, "storage": "freezer", "needle_boxes": -3}),
            "needle_boxes",
        ),
    ] {
        let (s, v) = st.put(&path, t, body.clone()).await;
        assert_eq!(
            (s, v["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{body} → {v}"
        );
    }

    // The boundary, in JST and as the same instants in UTC.
    st.set_now("2021-06-29T14:59:59+09:00");
    let renewed = st.sign_in(&clinic).await;
    let t = Some(renewed.as_str());
    let (s, v) = st.put(&path, t, demand(2000, 20)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    st.set_now("2021-06-29T15:00:00+09:00");
    let (s, v) = st.put(&path, t, demand(5000, 50)).await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("deadline_passed")),
        "{v}"
    );
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("2021年06月29日 15:00"),
        "{v}"
    );
    st.set_now("2021-06-29T05:59:59Z");
    let (s, _) = st.put(&path, t, demand(2100, 21)).await;
    assert_eq!(s, StatusCode::OK);
    st.set_now("2021-06-29T06:00:00Z");
    let (s, _) = st.put(&path, t, demand(5000, 50)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, v) = st.get(&path, t).await;
    assert_eq!(
        v["registration"]["doses"], 2100,
        "the refused write changed nothing"
    );
    assert_eq!(v["writable"], false);
    assert_eq!(v["refusal"]["error"], "deadline_passed");

    // Every change is audited with before and after.
    let trail = vsys::store::audit::trail(
        &st.app,
        &format!("registration:{id}:site-1310000001"),
        20,
        None,
    )
    .await
    .unwrap();
    assert_eq!(trail.items.len(), 5);
    assert!(trail
        .items
        .iter()
        .all(|a| a.actor == clinic.vsys_id && a.after.is_some()));
}

#[tokio::test]
async fn previous_registration_delivery_round_and_cap() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let clinic = site(&st, &admin, "1310000001", "131016").await;
    let t = Some(clinic.token.as_str());
    let c7 = create_cool(&st, &admin, cool(7, "2021-06-29", "2021-07-05")).await;
    let c8 = create_cool(&st, &admin, cool(8, "2021-07-06", "2021-07-12")).await;
    let c9 = create_cool(&st, &admin, cool(9, "2021-07-13", "2021-07-19")).await;
    let (s, v) = st
        .put(&format!("/cools/{c7}/demand"), t, demand(3000, 30))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (
            v["registration"]["delivery_round"].as_u64(),
            v["registration"]["cap_doses"].as_u64()
        ),
        (Some(1), None)
    );
    // Cool 8 is skipped: it still counts as a round (seed 000 ※).
    let (_, v) = st.get(&format!("/cools/{c8}/demand"), t).await;
    assert_eq!(v["status"], "not_registered");
    assert_eq!(
        v["previous"]["cool_id"], c7,
        "what it registered last time is shown"
    );
    let (s, v) = st
        .put(&format!("/cools/{c9}/demand"), t, demand(2500, 30))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["registration"]["delivery_round"], 3);
    assert_eq!(
        v["registration"]["cap_doses"], 2500,
        "from the third round, delivery ≤ weekly planned doses"
    );
}

#[tokio::test]
async fn registrations_are_seen_only_within_scope() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let id = create_cool(&st, &admin, cool(7, "2021-06-29", "2021-07-05")).await;
    let chiyoda = site(&st, &admin, "1310000001", "131016").await;
    let chuo = site(&st, &admin, "1310000002", "131024").await;
    for s in [&chiyoda, &chuo] {
        let (st_, v) = st
            .put(
                &format!("/cools/{id}/demand"),
                Some(&s.token),
                demand(1000, 10),
            )
            .await;
        assert_eq!(st_, StatusCode::OK, "{v}");
    }
    let muni = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let tokyo = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "13"}),
        )
        .await;
    let osaka = st
        .user(
            &admin,
            json!({"role": "prefecture", "organisation_code": "27"}),
        )
        .await;
    let list = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["site_id"].as_str().unwrap().to_string())
            .collect()
    };
    let path = format!("/cools/{id}/registrations");
    let (s, v) = st.get(&path, Some(&muni.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(list(&v), ["site-1310000001"]);
    let (_, v) = st.get(&path, Some(&tokyo.token)).await;
    assert_eq!(list(&v).len(), 2);
    let (_, v) = st
        .get(
            &format!("{path}?municipality_code=131024"),
            Some(&tokyo.token),
        )
        .await;
    assert_eq!(list(&v), ["site-1310000002"]);
    let (_, v) = st.get(&path, Some(&osaka.token)).await;
    assert!(list(&v).is_empty());
    // Narrowing to another area is not a way out of scope.
    let (s, _) = st
        .get(
            &format!("{path}?municipality_code=131024"),
            Some(&muni.token),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = st
        .get(
            &format!("{path}?municipality_code=131016"),
            Some(&osaka.token),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Sites do not list, municipalities do not register.
    let (s, _) = st.get(&path, Some(&chiyoda.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = st
        .put(
            &format!("/cools/{id}/demand"),
            Some(&muni.token),
            demand(1000, 10),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn maintenance_window_refuses_writes_with_its_end_and_keeps_reads() {
    let st = Stack::start(NOW).await;
    let mut admin = st.national_admin().await;
    let id = create_cool(&st, &admin, cool(7, "2021-06-29", "2021-07-05")).await;
    let mut clinic = site(&st, &admin, "1310000001", "131016").await;
    // Sunday 2021-06-27 10:00–17:00 (seed 000).
    let (s, v) = st
        .post(
            "/maintenance-windows",
            Some(&admin.token),
            json!({"from": "2021-06-27T10:00:00+09:00", "until": "2021-06-27T17:00:00+09:00", "reason": "定期メンテナンス"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let window = v["windows"][0]["id"].as_str().unwrap().to_string();
    let (s, _) = st
        .post(
            "/maintenance-windows",
            Some(&clinic.token),
            json!({"from": "2021-06-28T10:00:00+09:00", "until": "2021-06-28T11:00:00+09:00"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    st.set_now("2021-06-27T09:59:59+09:00");
    st.renew(&mut admin).await;
    st.renew(&mut clinic).await;
    let (s, _) = st
        .put(
            &format!("/cools/{id}/demand"),
            Some(&clinic.token),
            demand(1000, 10),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    st.set_now("2021-06-27T10:20:00+09:00");
    let (s, v) = st
        .put(
            &format!("/cools/{id}/demand"),
            Some(&clinic.token),
            demand(3000, 30),
        )
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("maintenance")),
        "{v}"
    );
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("2021年06月27日 17:00"),
        "{v}"
    );
    // Other areas' writes stop too; reads and sign-in keep working.
    let (s, _) = st.post("/accounts", Some(&admin.token), json!({"role": "municipality", "organisation_code": "131024", "email": "x@example.lg.jp"})).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    let (s, v) = st
        .get(&format!("/cools/{id}/demand"), Some(&clinic.token))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["registration"]["doses"], 1000, "nothing changed");
    let token = st.sign_in(&clinic).await;
    let (s, v) = st.get("/maintenance-windows", Some(&token)).await;
    assert_eq!(
        (s, v["active"]["id"].as_str()),
        (StatusCode::OK, Some(window.as_str()))
    );
    // The national office can end it early; then writes work again.
    let (s, v) = st
        .delete(
            &format!("/maintenance-windows/{window}"),
            Some(&admin.token),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, _) = st
        .put(
            &format!("/cools/{id}/demand"),
            Some(&clinic.token),
            demand(3000, 30),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn cutoff_job_freezes_the_cool_once_even_when_run_twice_or_late() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let c7 = create_cool(&st, &admin, cool(7, "2021-06-29", "2021-07-05")).await;
    let c8 = create_cool(&st, &admin, cool(8, "2021-07-06", "2021-07-12")).await;
    let mut a = site(&st, &admin, "1310000001", "131016").await;
    let b = site(&st, &admin, "1310000002", "131024").await;
    for (s, packs) in [(&a, 30), (&b, 10)] {
        let (code, v) = st
            .put(
                &format!("/cools/{c7}/demand"),
                Some(&s.token),
                demand(packs * 100, packs),
            )
            .await;
        assert_eq!(code, StatusCode::OK, "{v}");
    }
    // A correction lowers the total rather than adding to it.
    let (code, _) = st
        .put(
            &format!("/cools/{c7}/demand"),
            Some(&b.token),
            demand(1000, 5),
        )
        .await;
    assert_eq!(code, StatusCode::OK);
    let (code, _) = st
        .put(
            &format!("/cools/{c8}/demand"),
            Some(&a.token),
            demand(1000, 10),
        )
        .await;
    assert_eq!(code, StatusCode::OK);

    st.set_now("2021-06-29T15:00:00+09:00");
    st.renew(&mut a).await;
    let summary = st.job("plan-cutoff").await;
    assert_eq!(summary["closed"].as_array().unwrap().len(), 1, "{summary}");
    assert_eq!(summary["closed"][0]["cool_id"], c7);
    let totals = &summary["closed"][0]["totals"];
    assert_eq!(
        (
            totals["sites"].as_i64(),
            totals["packs"].as_i64(),
            totals["doses"].as_i64()
        ),
        (Some(2), Some(35), Some(3500))
    );
    assert_eq!(totals["needle_boxes"], 32 + 6);
    let (_, v) = st.get(&format!("/cools/{c7}"), Some(&a.token)).await;
    assert_eq!(
        (v["state"].as_str(), v["totals"]["doses"].as_i64()),
        (Some("closed"), Some(3500))
    );
    let desk = st.national_office();
    let mails = st.mails_to(&desk).await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].subject.contains("2021年06月29日 15:00"),
        "{}",
        mails[0].subject
    );
    assert!(
        mails[0]
            .body
            .contains("登録施設数 2 / 35 箱 / 3500 回接種分"),
        "{}",
        mails[0].body
    );

    // Run again (a retry): nothing changes, nothing is mailed.
    st.advance(chrono::Duration::minutes(5));
    let again = st.job("plan-cutoff").await;
    assert_eq!(again["closed"], json!([]));
    assert_eq!(again["summary_mailed"], false);
    assert_eq!(st.mails_to(&desk).await.len(), 1);
    let (_, v) = st.get(&format!("/cools/{c7}"), Some(&a.token)).await;
    assert_eq!(v["closed_at"], "2021-06-29T15:00:00+09:00");

    // The next deadline passes without a run; the job runs a day late and still closes it.
    st.set_now("2021-07-06T15:00:00+09:00");
    st.renew(&mut a).await;
    let (code, v) = st
        .put(
            &format!("/cools/{c8}/demand"),
            Some(&a.token),
            demand(3000, 30),
        )
        .await;
    assert_eq!(
        (code, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("deadline_passed")),
        "refused by the clock before any job"
    );
    st.set_now("2021-07-07T09:30:00+09:00");
    let late = st.job("plan-cutoff").await;
    assert_eq!(late["closed"][0]["cool_id"], c8, "{late}");
    assert_eq!(late["closed"][0]["totals"]["doses"], 1000);
    assert_eq!(late["deadline"], "2021-07-06T15:00:00+09:00");
    assert_eq!(st.mails_to(&desk).await.len(), 2);
}

#[tokio::test]
async fn a_write_that_races_the_cutoff_cannot_land_after_the_cool_is_closed() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let c7 = create_cool(&st, &admin, cool(7, "2021-06-29", "2021-07-05")).await;
    let mut a = site(&st, &admin, "1310000001", "131016").await;
    let (code, _) = st
        .put(
            &format!("/cools/{c7}/demand"),
            Some(&a.token),
            demand(1000, 10),
        )
        .await;
    assert_eq!(code, StatusCode::OK);
    // The job runs with a clock a little ahead of the handler's (different
    // machines): the handler still believes it is 14:59:59.
    st.set_now("2021-06-29T15:00:00+09:00");
    st.job("plan-cutoff").await;
    st.set_now("2021-06-29T14:59:59+09:00");
    st.renew(&mut a).await;
    let (code, v) = st
        .put(
            &format!("/cools/{c7}/demand"),
            Some(&a.token),
            demand(3000, 30),
        )
        .await;
    assert_eq!(
        (code, v["error"].as_str()),
        (StatusCode::CONFLICT, Some("deadline_passed")),
        "{v}"
    );
    let (_, v) = st.get(&format!("/cools/{c7}/demand"), Some(&a.token)).await;
    assert_eq!(v["registration"]["doses"], 1000);
}

#[tokio::test]
async fn the_channel_decides_who_registers_weekly_demand() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let general = create_cool(&st, &admin, cool(7, "2021-06-29", "2021-07-05")).await;
    let mut wp = cool(7, "2021-06-29", "2021-07-05");
    wp["channel"] = json!("workplace");
    let workplace_cool = create_cool(&st, &admin, wp).await;
    let mut b = cool(2, "2021-06-29", "2021-07-05");
    b["channel"] = json!("booster");
    b["product"] = json!("moderna-booster");
    let booster_cool = create_cool(&st, &admin, b).await;
    let clinic = site(&st, &admin, "1310000001", "131016").await;
    let company = st
        .user(
            &admin,
            json!({"role": "workplace", "organisation_code": "W1234", "organisation_name": "日本原燃株式会社", "municipality_code": "131016"}),
        )
        .await;
    let put = |cool: &str, s: &Session| {
        let path = format!("/cools/{cool}/demand");
        let token = s.token.clone();
        let st = &st;
        async move { st.put(&path, Some(&token), demand(3000, 30)).await }
    };
    assert_eq!(put(&workplace_cool, &company).await.0, StatusCode::OK);
    assert_eq!(put(&general, &clinic).await.0, StatusCode::OK);
    assert_eq!(put(&workplace_cool, &clinic).await.0, StatusCode::FORBIDDEN);
    assert_eq!(put(&general, &company).await.0, StatusCode::FORBIDDEN);
    let (s, v) = put(&booster_cool, &clinic).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("cool_id")),
        "boosters use plans: {v}"
    );
    let (s, _) = put("general-99", &clinic).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
