//! `infra/bench.sh` runs this: what is ours to measure, not the emulator's speed.
//!
//! 1. Per function: release binary size and start-up (init) time, as ratios
//!    to a hello-world `lambda_http` binary built the same way. Init time is
//!    measured from process start until the function asks the Lambda runtime
//!    API for its first event (a local stand-in for that API records it).
//! 2. DynamoDB round trips per step, counted by the DynamoDB client itself.
//! 3. The delegation PDF and the billing PDF (summary and invoices): bytes
//!    per document and render time per document.
//! 4. The allocation default split's CPU time (47 → 1,741 → 60,000
//!    recipients), and the DynamoDB calls of a lock against the size below it.
//!    The DynamoDB calls of a wholesaler's schedule upload (30 and 300 rows)
//!    and of a satellite's transfer.

use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const FUNCTIONS: [&str; 15] = [
    "authorizer",
    "auth",
    "accounts",
    "plans",
    "facilities",
    "contracts",
    "public",
    "allocation",
    "delivery",
    "results",
    "reservations",
    "billing",
    "support",
    "residents",
    "scheduler",
];
const RUNS: usize = 15;

fn release_bin(name: &str) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.join("target/release").join(name)
}

/// A stand-in for the Lambda runtime API that reports each first `next` call.
async fn runtime_api() -> (String, mpsc::UnboundedReceiver<Instant>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/2018-06-01/runtime/invocation/next",
        axum::routing::get(move || {
            let tx = tx.clone();
            async move {
                let _ = tx.send(Instant::now());
                // Never answer: the function stays waiting for its event.
                tokio::time::sleep(Duration::from_secs(3600)).await;
                ""
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, rx)
}

async fn init_time(
    bin: &std::path::Path,
    api: &str,
    rx: &mut mpsc::UnboundedReceiver<Instant>,
) -> Duration {
    let start = Instant::now();
    let mut child = tokio::process::Command::new(bin)
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", api)
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "bench")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "bench")
        .env("AWS_REGION", "ap-northeast-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("TABLE_NAME", "vsys-production")
        .env("BUCKET_NAME", "bench")
        .env("MAIL_FROM", "no-reply@v-sys.example.jp")
        .env("APP_BASE_URL", "https://v-sys.example.jp")
        .env("NATIONAL_OFFICE_EMAIL", "desk@v-sys.example.jp")
        .env("BOOKING_RETENTION_DAYS", vsys::template::parameter_default("BookingRetentionDays").expect("the template's retention"))
        .env("RUST_LOG", "off")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run infra/bench.sh, which builds it)",
                bin.display()
            )
        });
    let at = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("function reached the runtime API")
        .unwrap();
    child.kill().await.unwrap();
    at - start
}

/// Median init time of `RUNS` starts of `bin`.
async fn median_init(
    bin: &std::path::Path,
    api: &str,
    rx: &mut mpsc::UnboundedReceiver<Instant>,
) -> Duration {
    let mut runs = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        runs.push(init_time(bin, api, rx).await);
    }
    runs.sort();
    runs[RUNS / 2]
}

async fn startup() {
    let (api, mut rx) = runtime_api().await;
    let hello_bin = release_bin("hello");
    let hello_init = median_init(&hello_bin, &api, &mut rx).await;
    let hello_size = std::fs::metadata(&hello_bin).unwrap().len();
    // The yardstick that matters: a hello world that also loads the AWS
    // configuration and builds one DynamoDB client, as every function must.
    let ddb_bin = release_bin("hello-dynamodb");
    let ddb_init = median_init(&ddb_bin, &api, &mut rx).await;
    println!("\n## Binaries and start-up (release, this machine)\n");
    println!(
        "hello = a hello-world lambda_http; hello+ddb = the same building one DynamoDB client.\n"
    );
    println!(
        "| function | binary size | × hello | init (median of {RUNS}) | × hello | × hello+ddb |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| hello (lambda_http) | {:.1} MB | 1.00 | {:.1} ms | 1.00 | {:.2} |",
        hello_size as f64 / 1e6,
        hello_init.as_secs_f64() * 1e3,
        hello_init.as_secs_f64() / ddb_init.as_secs_f64()
    );
    println!(
        "| hello+ddb | {:.1} MB | {:.2} | {:.1} ms | {:.2} | 1.00 |",
        std::fs::metadata(&ddb_bin).unwrap().len() as f64 / 1e6,
        std::fs::metadata(&ddb_bin).unwrap().len() as f64 / hello_size as f64,
        ddb_init.as_secs_f64() * 1e3,
        ddb_init.as_secs_f64() / hello_init.as_secs_f64()
    );
    for f in FUNCTIONS {
        let bin = release_bin(f);
        let size = std::fs::metadata(&bin).unwrap().len();
        let init = median_init(&bin, &api, &mut rx).await;
        println!(
            "| {f} | {:.1} MB | {:.2} | {:.1} ms | {:.2} | {:.2} |",
            size as f64 / 1e6,
            size as f64 / hello_size as f64,
            init.as_secs_f64() * 1e3,
            init.as_secs_f64() / hello_init.as_secs_f64(),
            init.as_secs_f64() / ddb_init.as_secs_f64()
        );
    }
}

async fn round_trips() {
    use serde_json::json;
    use vsys_e2e::*;
    let st = Stack::start("2021-04-19T10:00:00+09:00").await;
    let admin = st.national_admin().await;
    let user = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let mut rows = Vec::new();
    let mut step =
        |name: &str, before: u64, after: u64| rows.push(format!("| {name} | {} |", after - before));

    let b = st.ddb_calls();
    let (s, v) = st.post("/auth/sign-in", None, json!({"vsys_id": user.vsys_id, "password": user.password, "device_token": user.device})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    step("sign-in (known browser)", b, st.ddb_calls());
    let token = v["token"].as_str().unwrap().to_string();

    let b = st.ddb_calls();
    let (s, _) = st.get("/me", Some(&token)).await;
    assert_eq!(s, StatusCode::OK);
    step(
        "protected read GET /me (authorizer included)",
        b,
        st.ddb_calls(),
    );

    // The last use is written at most once a minute: the first request
    // after a quiet minute costs one more round trip.
    st.advance(chrono::Duration::seconds(61));
    let b = st.ddb_calls();
    let (s, _) = st.get("/me", Some(&token)).await;
    assert_eq!(s, StatusCode::OK);
    step(
        "protected read GET /me after a quiet minute (last use written)",
        b,
        st.ddb_calls(),
    );
    let admin = Session {
        token: st.sign_in(&admin).await,
        ..admin
    };

    let b = st.ddb_calls();
    let (s, _) = st
        .get(&format!("/accounts/{}", user.vsys_id), Some(&admin.token))
        .await;
    assert_eq!(s, StatusCode::OK);
    step(
        "protected read GET /accounts/{id} (authorizer included)",
        b,
        st.ddb_calls(),
    );

    let b = st.ddb_calls();
    let (s, _) = st.get("/accounts?prefecture=13", Some(&admin.token)).await;
    assert_eq!(s, StatusCode::OK);
    step(
        "protected list GET /accounts (authorizer included)",
        b,
        st.ddb_calls(),
    );

    let b = st.ddb_calls();
    let (s, _) = st
        .post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": user.vsys_id, "password": user.password}),
        )
        .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    step(
        "sign-in from an unknown browser (code mailed)",
        b,
        st.ddb_calls(),
    );

    let b = st.ddb_calls();
    let (s, _) = st.post("/accounts", Some(&admin.token), json!({"role": "municipality", "organisation_code": "131032", "email": format!("b-{}@x.lg.jp", unique())})).await;
    assert_eq!(s, StatusCode::CREATED);
    step("issue an account (authorizer included)", b, st.ddb_calls());

    supply_steps(&mut step).await;
    contract_steps(&mut step).await;
    allocation_locks(&mut step).await;
    delivery_steps(&mut step).await;
    result_step(&mut step).await;
    reservation_steps(&mut step).await;
    billing_steps(&mut step).await;
    support_steps(&mut step).await;

    println!("\n## DynamoDB round trips per request (counted by the client)\n");
    println!("| step | round trips |");
    println!("|---|---:|");
    for r in rows {
        println!("{r}");
    }

    // 50 parallel wrong passwords at one account: how many reached the
    // hash comparison (the limit, whatever the parallelism).
    use std::sync::atomic::Ordering;
    let victim = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131041"}),
        )
        .await;
    let before = vsys::auth::PASSWORD_COMPARISONS.load(Ordering::SeqCst);
    futures_util::future::join_all((0..50).map(|i| {
        st.post(
            "/auth/sign-in",
            None,
            json!({"vsys_id": victim.vsys_id, "password": format!("guess{i:04}x")}),
        )
    }))
    .await;
    let compared = vsys::auth::PASSWORD_COMPARISONS.load(Ordering::SeqCst) - before;
    println!("\n## Sign-in under parallel attack\n");
    println!(
        "50 parallel wrong passwords at one account: {compared} compared (limit {})",
        vsys::domain::session::FREE_ATTEMPTS
    );
}

/// Round trips of the weekly-demand and plan steps, on their own stack.
async fn supply_steps(step: &mut impl FnMut(&str, u64, u64)) {
    use serde_json::json;
    use vsys_e2e::*;
    let st = Stack::start("2022-02-07T10:00:00+09:00").await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let (s, v) = st
        .put(
            "/plan-calendar",
            t,
            json!({"periods": [{"kind": "registration", "label": "登録期間③",
        "from": "2022-02-04T00:00:00+09:00", "until": "2022-02-08T15:00:00+09:00"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    for (n, channel, product) in [
        (2, "booster", "moderna-booster"),
        (3, "booster", "moderna-booster"),
        (7, "general", "moderna-primary"),
    ] {
        let (s, v) = st.post("/cools", t, json!({"number": n, "channel": channel, "product": product,
            "delivery_week": "2022-02-21", "vaccination_from": "2022-02-28", "vaccination_until": "2022-03-13",
            "registration_opens": "2022-01-01T00:00:00+09:00", "registration_deadline": "2022-02-15T15:00:00+09:00"})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let site = st.user(&admin, json!({"role": "site", "organisation_code": "1310000001", "organisation_name": "ベンチ医院", "municipality_code": "131016"})).await;
    let muni = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let body = json!({"weekly_planned_doses": 3000, "packs": 30, "storage": "freezer"});
    let mut measure = |name: &str, calls: (u64, u64)| step(name, calls.0, calls.1);

    let b = st.ddb_calls();
    let (s, _) = st.get("/cools/general-07/demand", Some(&site.token)).await;
    assert_eq!(s, StatusCode::OK);
    measure("weekly demand: GET /cools/{id}/demand", (b, st.ddb_calls()));
    let b = st.ddb_calls();
    let (s, _) = st
        .put("/cools/general-07/demand", Some(&site.token), body)
        .await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "weekly demand: PUT /cools/{id}/demand (maintenance check included)",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, _) = st
        .get("/cools/general-07/registrations", Some(&muni.token))
        .await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "municipality: GET /cools/{id}/registrations",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, _) = st.get("/plans", Some(&site.token)).await;
    assert_eq!(s, StatusCode::OK);
    measure("plan: GET /plans", (b, st.ddb_calls()));
    let b = st.ddb_calls();
    let (s, v) = st.put("/plans", Some(&site.token), json!({"entries": [{"cool_id": "booster-02", "packs": 4}, {"cool_id": "booster-03", "packs": 3}]})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    measure(
        "plan: PUT /plans, two cools (one transaction)",
        (b, st.ddb_calls()),
    );
    let version = v["review"]["version"].as_u64().unwrap();
    let b = st.ddb_calls();
    let (s, _) = st
        .post(
            "/plan-reviews/site-1310000001",
            t,
            json!({"result": "confirmed", "version": version}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "national: POST /plan-reviews/{site} (mail included)",
        (b, st.ddb_calls()),
    );
}

/// Round trips of the facility and contract steps, on their own stack.
async fn contract_steps(step: &mut impl FnMut(&str, u64, u64)) {
    use serde_json::json;
    use vsys_e2e::*;
    let st = Stack::start("2021-03-15T10:00:00+09:00").await;
    let admin = st.national_admin().await;
    let site = st.user(&admin, json!({"role": "site", "organisation_code": "1310000001", "organisation_name": "ベンチ医院", "municipality_code": "131016"})).await;
    let muni = st
        .user(
            &admin,
            json!({"role": "municipality", "organisation_code": "131016"}),
        )
        .await;
    let (s, _) = st
        .put("/facility-codes/1310000001", Some(&admin.token), json!({"kind": "medical", "name": "ベンチ医院",
            "postal_code": "100-8916", "municipality_code": "131016", "address": "千代田区霞が関1-2-2"}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let t = Some(site.token.as_str());
    let profile = json!({"name": "ベンチ医院", "classification": "clinic", "founder": "other", "vaccine": "ファイザー",
        "postal_code": "100-8916", "address": "東京都千代田区霞が関1-2-2", "phone": "03-1234-5678", "public_listing": "public"});
    let doctor = json!({"name": "厚生 太郎", "kana": "こうせい たろう"});
    let mut measure = |name: &str, calls: (u64, u64)| step(name, calls.0, calls.1);

    // The code master by CSV: 200 new codes over Chiyoda and Minato.
    let mut csv = String::from("code,kind,name,postal_code,municipality_code,address\n");
    for i in 0..200 {
        let muni = if i % 2 == 0 { "131016" } else { "131032" };
        csv.push_str(&format!(
            "13200{i:05},medical,ベンチ病院{i},100-8916,{muni},千代田区霞が関1-2-{i}\n"
        ));
    }
    let b = st.ddb_calls();
    let (s, v) = st
        .post_raw(
            "/facility-codes/import",
            Some(&admin.token),
            "text/csv",
            &csv,
        )
        .await;
    assert_eq!((s, v["added"].as_u64()), (StatusCode::OK, Some(200)), "{v}");
    measure(
        "national: POST /facility-codes/import, 200 new codes (400 items written)",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, v) = st
        .post_raw(
            "/facility-codes/import",
            Some(&admin.token),
            "text/csv",
            &csv,
        )
        .await;
    assert_eq!(
        (s, v["unchanged"].as_u64()),
        (StatusCode::OK, Some(200)),
        "{v}"
    );
    measure(
        "national: the same 200-row import again (nothing written)",
        (b, st.ddb_calls()),
    );

    let b = st.ddb_calls();
    let (s, v) = st.get("/facility", t).await;
    assert_eq!(s, StatusCode::OK);
    measure("facility: GET /facility", (b, st.ddb_calls()));
    let b = st.ddb_calls();
    let (s, _) = st
        .put(
            "/facility",
            t,
            json!({"profile": profile, "version": v["version"]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "facility: PUT /facility (vaccine master read, maintenance check)",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, _) = st.post("/facility/doctors", t, doctor.clone()).await;
    assert_eq!(s, StatusCode::CREATED);
    measure("facility: POST /facility/doctors", (b, st.ddb_calls()));
    let (_, d) = st.post("/facility/doctors", t, doctor).await;
    let b = st.ddb_calls();
    let (s, _) = st
        .delete(
            &format!("/facility/doctors/{}", d["doctor_id"].as_str().unwrap()),
            t,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "facility: DELETE /facility/doctors/{id}",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, _) = st
        .get("/facilities?view=without_doctor", Some(&muni.token))
        .await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "municipality: GET /facilities (one page)",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, _) = st.get("/public/sites?prefecture_code=13", None).await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "public: GET /public/sites (one page, no session)",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, _) = st.get("/facility/delegate", t).await;
    assert_eq!(s, StatusCode::OK);
    measure("delegation: GET /facility/delegate", (b, st.ddb_calls()));
    let b = st.ddb_calls();
    let (s, v) = st.post("/delegations", t, json!({"code_kind": "medical", "code": "1310000001",
        "representative": {"name": "厚生 太郎", "phone": "03-1234-5678", "email": "rep@example.jp"},
        "contact": {"name": "事務 花子", "phone": "03-1234-5679", "email": "contact@example.jp"}, "vaccine": "ファイザー"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    measure(
        "delegation: POST /delegations (PDF to S3 not counted)",
        (b, st.ddb_calls()),
    );
    let number = v["number"].as_str().unwrap().to_string();
    let b = st.ddb_calls();
    let (s, _) = st.post("/auth/sign-in", None, json!({"vsys_id": site.vsys_id, "password": site.password, "device_token": site.device})).await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "site sign-in with the delegation notice",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, _) = st.get(&format!("/delegations/{number}/pdf"), t).await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "delegation: GET /delegations/{n}/pdf (first download)",
        (b, st.ddb_calls()),
    );
    let sel = json!({"numbers": [number]});
    let b = st.ddb_calls();
    let (s, _) = st
        .post("/delegations/receive", Some(&muni.token), sel.clone())
        .await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "receiver: POST /delegations/receive (one)",
        (b, st.ddb_calls()),
    );
    let b = st.ddb_calls();
    let (s, _) = st.post("/delegations/notify", Some(&muni.token), sel).await;
    assert_eq!(s, StatusCode::OK);
    measure(
        "receiver: POST /delegations/notify (one, mail included)",
        (b, st.ddb_calls()),
    );
}

/// The delegation PDF: size, and render time per document (the first render
/// also parses the embedded font).
fn pdf_render() {
    use vsys_contracts::pdf::{render, DelegationForm};
    let form = || DelegationForm {
        number: "1310000001-01",
        date: "2021年03月15日".into(),
        delegate: "東京都千代田区",
        delegate_kind: "市町村",
        rows: vec![
            ("保険医療機関コード", "1310000001".into()),
            (
                "医療機関・接種会場名",
                "医療法人社団ブイシス会 ブイシスクリニック".into(),
            ),
            (
                "所在地",
                "〒100-8916 東京都千代田区霞が関1-2-2 中央合同庁舎第5号館".into(),
            ),
            (
                "契約代表者",
                "院長 厚生 太郎（電話 03-1234-5678 / rep@example.jp）".into(),
            ),
            (
                "担当者",
                "事務部 事務 花子（電話 03-1234-5679 / contact@example.jp）".into(),
            ),
            ("取り扱うワクチン", "ファイザー".into()),
            ("接種施設の種類", "基本型".into()),
            ("委任先", "東京都千代田区（市町村）".into()),
            ("登録日時", "2021年03月15日 10:00".into()),
        ],
    };
    let start = Instant::now();
    let first = render(&form()).unwrap();
    let cold = start.elapsed();
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let s = Instant::now();
        let bytes = render(&form()).unwrap();
        times.push(s.elapsed());
        assert_eq!(bytes.len(), first.len());
    }
    times.sort();
    let median = times[RUNS / 2];
    let font = std::fs::metadata(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fonts/ipaexg.ttf"),
    )
    .unwrap()
    .len();
    println!("\n## Delegation PDF (A4, one page, IPAex Gothic subset)\n");
    println!("| measure | value |");
    println!("|---|---:|");
    println!(
        "| bytes per document | {} ({:.1} KB) |",
        first.len(),
        first.len() as f64 / 1024.0
    );
    println!(
        "| embedded font file | {:.1} MB (document = {:.2} % of it) |",
        font as f64 / 1e6,
        100.0 * first.len() as f64 / font as f64
    );
    println!(
        "| first render (font parsed) | {:.1} ms |",
        cold.as_secs_f64() * 1e3
    );
    println!(
        "| render per document (median of {RUNS}) | {:.1} ms |",
        median.as_secs_f64() * 1e3
    );
}

/// The billing PDF of seed 002's new-form example billed to three
/// municipalities: a summary page and three invoices.
fn billing_pdf_render() {
    use vsys::domain::billing::{bill, initial_prices, prices_for, Age, Counts, Kind, Time};
    use vsys_billing::claims::SiteView;
    use vsys_billing::pdf::{render, ClaimDoc};
    let month = chrono::NaiveDate::from_ymd_opt(2021, 12, 1).unwrap();
    let prices = initial_prices();
    let p = prices_for(&prices, month).unwrap();
    let mut c = Counts::default();
    c.set(Kind::Vaccination, Age::From6, Time::Normal, 100);
    c.set(Kind::Vaccination, Age::From6, Time::Overtime, 50);
    c.set(Kind::Vaccination, Age::From6, Time::Holiday, 5);
    c.set(Kind::PrescreeningOnly, Age::Under6, Time::Normal, 2);
    let each = bill(&c, p);
    let mut total = Counts::default();
    for k in Kind::ALL {
        for a in Age::ALL {
            for t in Time::ALL {
                total.set(k, a, t, c.get(k, a, t) * 3);
            }
        }
    }
    let summary = bill(&total, p);
    let site = SiteView {
        org_id: "site-1310000001".into(),
        code: "1310000001".into(),
        name: "医療法人社団ブイシス会 ブイシスクリニック".into(),
        pref: "13".into(),
        pref_name: "東京都".into(),
        muni: Some("131016".into()),
        muni_name: Some("千代田区".into()),
        address: Some("東京都千代田区霞が関1-2-2 中央合同庁舎第5号館".into()),
        representative: Some("厚生 太郎".into()),
        phone: Some("03-1234-5678".into()),
        classification: Some("診療所"),
    };
    let doc = || ClaimDoc {
        site: &site,
        heading: "2022年1月請求分（2021年12月接種分）".into(),
        submitted_on: "2022年1月5日".into(),
        corrected: false,
        tax_rate_percent: p.tax_rate_percent,
        summary: &summary,
        invoices: vec![("東京都千代田区".into(), &each), ("東京都港区".into(), &each), ("東京都渋谷区".into(), &each)],
    };
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..RUNS {
        let s = Instant::now();
        bytes = render(&doc()).unwrap().len();
        times.push(s.elapsed());
    }
    times.sort();
    println!("\n## Billing PDF (A4, summary + 3 invoices, IPAex Gothic subset)\n");
    println!("| measure | value |");
    println!("|---|---:|");
    println!("| bytes per document (4 pages) | {bytes} ({:.1} KB) |", bytes as f64 / 1024.0);
    println!("| render per document (median of {RUNS}) | {:.1} ms |", times[RUNS / 2].as_secs_f64() * 1e3);
}

/// The default split (three quantities, largest remainder, every row
/// explained) over the 47 prefectures, the 1,741 municipalities and 60,000
/// sites: CPU time, median of RUNS.
fn split_cpu() {
    use vsys::domain::allocation::{split_boxes, Boxes, Claim};
    let census = vsys::masterdata::census();
    let prefs: Vec<Claim> = census
        .prefectures
        .iter()
        .map(|p| Claim { key: p.code.clone(), basis: p.aged_65plus })
        .collect();
    let munis: Vec<Claim> = census
        .municipalities
        .iter()
        .map(|m| Claim { key: m.code.clone(), basis: m.aged_65plus })
        .collect();
    // 60,000 sites with registered doses from 100 to 3,000 (a fixed sequence).
    let mut seed = 2021u64;
    let sites: Vec<Claim> = (0..60_000)
        .map(|i| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            Claim { key: format!("site-{i:06}"), basis: 100 + (seed >> 33) % 2_901 }
        })
        .collect();
    println!("\n## Allocation default split (CPU, this machine)\n");
    println!("| recipients | median of {RUNS} | sum exact |");
    println!("|---:|---:|---|");
    let total = Boxes { vaccine: 15_000, needles: 150_000, syringes: 150_000 };
    for claims in [&prefs, &munis, &sites] {
        let mut times = Vec::new();
        let mut exact = true;
        for _ in 0..RUNS {
            let s = Instant::now();
            let rows = split_boxes(total, claims).unwrap();
            times.push(s.elapsed());
            exact &= Boxes::sum(rows.iter().map(|r| &r.boxes)) == total;
        }
        times.sort();
        println!(
            "| {} | {:.2} ms | {} |",
            claims.len(),
            times[RUNS / 2].as_secs_f64() * 1e3,
            if exact { "yes" } else { "NO" }
        );
    }
}

/// The DynamoDB calls of the nation's lock of a prefecture and of the
/// prefecture's lock of its municipalities, for 鳥取県 (19 municipalities)
/// and 北海道 (179): the same, whatever lies below; and of saving 北海道's
/// whole split.
async fn allocation_locks(step: &mut impl FnMut(&str, u64, u64)) {
    use serde_json::json;
    use vsys_e2e::*;
    let st = Stack::start("2021-06-25T10:00:00+09:00").await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let (s, v) = st.post("/cools", t, json!({"number": 1, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-07-05",
        "vaccination_from": "2021-07-05", "vaccination_until": "2021-12-31",
        "registration_opens": "2021-06-01T00:00:00+09:00", "registration_deadline": "2021-06-29T15:00:00+09:00"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let a = format!("/cools/{}/allocation", v["cool_id"].as_str().unwrap());
    let (s, v) = st.put(&a, t, json!({"supply": {"vaccine": 1741, "needles": 17410, "syringes": 17410}, "basis": "one_per_municipality", "version": 0})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, _) = st.post(&format!("{a}/publish"), t, json!({"version": 1})).await;
    assert_eq!(s, StatusCode::OK);
    for (code, name) in [("31", "鳥取県, 19"), ("01", "北海道, 179")] {
        let pref = st.user(&admin, json!({"role": "prefecture", "organisation_code": code})).await;
        let p = Some(pref.token.as_str());
        let tp = format!("{a}/prefectures/{code}");
        let (_, v) = st.get(&tp, p).await;
        let (_, v) = st.post(&format!("{tp}/confirm"), p, json!({"version": v["version"]})).await;
        let b = st.ddb_calls();
        let (s, v) = st.put(&format!("{tp}/split"), p, json!({"basis": "one_per_municipality", "version": v["version"]})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        step(&format!("prefecture saves its whole municipal split ({name} municipalities)"), b, st.ddb_calls());
        let (_, v) = st.post(&format!("{tp}/complete"), p, json!({"version": v["version"]})).await;
        let b = st.ddb_calls();
        let (s, v) = st.post(&format!("{tp}/lock"), t, json!({"version": v["version"]})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        step(&format!("nation data-locks a prefecture ({name} municipalities)"), b, st.ddb_calls());
    }
}

/// The DynamoDB calls of one results report (its stock, its totals, its
/// due mark and audit in one transaction).
async fn result_step(step: &mut impl FnMut(&str, u64, u64)) {
    use serde_json::json;
    use vsys_e2e::*;
    let st = Stack::start_with(vsys::Stage::Production, "2021-07-20T10:00:00+09:00", &["31"]).await;
    let admin = st.national_admin().await;
    let site = st.site(&admin, "3110000001", "実績医院", "312011").await;
    let (s, _) = st.post("/lots", Some(&admin.token), json!({"lot_number": "BENCH2", "product": "moderna-primary", "expiry_date": "2021-12-31"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let mut tx = vsys::store::Tx::new();
    let holder = vsys::store::stock::Holder { site_id: "site-3110000001", site_name: "実績医院", pref: "31", muni: "312011" };
    vsys::store::stock::move_in(&mut tx, &holder, "BENCH2", "moderna-primary", vsys::store::stock::Movement::Received, 50, "stock");
    vsys::store::facilities::record_receipt(&mut tx, "site-3110000001", chrono::NaiveDate::from_ymd_opt(2021, 7, 19).unwrap());
    vsys::store::results::due_in(&mut tx, "site-3110000001", "実績医院", "31", "312011", chrono::NaiveDate::from_ymd_opt(2021, 7, 19).unwrap());
    tx.commit(&st.app).await.unwrap();
    let zero = json!({"medical_workers": 0, "elderly_facility_workers": 0, "elderly": 0, "underlying_conditions": 0, "others": 0});
    let b = st.ddb_calls();
    let (s, v) = st
        .put(
            "/results/moderna-primary",
            Some(&site.token),
            json!({"as_of": "2021-07-20", "dose1": {"medical_workers": 0, "elderly_facility_workers": 0, "elderly": 100, "underlying_conditions": 0, "others": 0}, "dose2": zero, "dose3": zero, "waste_vials": 1, "version": 0}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    step("site reports its results (stock, running totals, due mark, audit; authorizer included)", b, st.ddb_calls());
}

/// A month's claim: the entry read, its submission (two municipalities),
/// its documents made, and a municipality's list of what is billed to it.
async fn billing_steps(step: &mut impl FnMut(&str, u64, u64)) {
    use serde_json::json;
    use vsys_e2e::*;
    let st = Stack::start_with(vsys::Stage::Production, "2021-04-01T10:00:00+09:00", &["13"]).await;
    let mut admin = st.national_admin().await;
    let mut site = st.site(&admin, "1310000001", "請求医院", "131016").await;
    st.set_now("2021-05-06T10:00:00+09:00");
    st.renew(&mut admin).await;
    st.renew(&mut site).await;
    let muni = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    let t = Some(site.token.as_str());
    let times = |n: u64| json!({"normal": n, "overtime": 0, "holiday": 0});
    let counts = |n: u64| json!({"prescreening_only": {"under6": times(0), "from6": times(1)}, "vaccination": {"under6": times(0), "from6": times(n)}});
    let b = st.ddb_calls();
    let (s, _) = st.get("/billing/claims/2021-04", t).await;
    assert_eq!(s, StatusCode::OK);
    step("billing: GET /billing/claims/{month} (site, profile, claim, prices, reported doses: one batch)", b, st.ddb_calls());
    let b = st.ddb_calls();
    let (s, v) = st
        .put("/billing/claims/2021-04", t, json!({"rows": [{"muni": "131016", "counts": counts(5)}, {"muni": "131130", "counts": counts(1)}], "version": 0}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    step("billing: PUT /billing/claims/{month} (claim, 2 invoices, audit in one transaction)", b, st.ddb_calls());
    let b = st.ddb_calls();
    let (s, _) = st.get("/billing/claims/2021-04/documents?format=pdf", t).await;
    assert_eq!(s, StatusCode::OK);
    step("billing: GET …/documents?format=pdf (PDF to S3 not counted)", b, st.ddb_calls());
    let b = st.ddb_calls();
    let (s, _) = st.get("/billing/invoices?month=2021-04", Some(&muni.token)).await;
    assert_eq!(s, StatusCode::OK);
    step("billing: GET /billing/invoices (municipality, one page, reported doses beside)", b, st.ddb_calls());
}

/// A municipality's notice sent and approved, the public read of an area's
/// notices, an inquiry filed and answered, and an FAQ search.
async fn support_steps(step: &mut impl FnMut(&str, u64, u64)) {
    use serde_json::json;
    use vsys_e2e::*;
    let st = Stack::start_with(vsys::Stage::Production, "2021-11-10T13:10:00+09:00", &["13"]).await;
    let admin = st.national_admin().await;
    let muni = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    let pref = st.user(&admin, json!({"role": "prefecture", "organisation_code": "13"})).await;
    let site = st.site(&admin, "1310000001", "問い合わせ医院", "131016").await;
    let draft = json!({"title_ja": "お知らせ", "body_ja": "本文", "title_en": "Notice", "body_en": "Body", "publish_from": "2021-11-10", "publish_until": "2021-11-30"});
    let b = st.ddb_calls();
    let (s, v) = st.post("/notices", Some(&muni.token), draft).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    step("support: POST /notices (the notice and its audit in one transaction)", b, st.ddb_calls());
    let id = v["id"].as_str().unwrap().to_string();
    let b = st.ddb_calls();
    let (s, v) = st.post(&format!("/notices/{id}/approve"), Some(&pref.token), json!({"version": 1})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    step("support: POST /notices/{id}/approve (notice, public copy, audit, mail to the author's accounts)", b, st.ddb_calls());
    let b = st.ddb_calls();
    let (s, _) = st.get("/public/notices?prefecture_code=13&municipality_code=131016", None).await;
    assert_eq!(s, StatusCode::OK);
    step("support: GET /public/notices (one query of the prefecture's public partition)", b, st.ddb_calls());
    let body = json!({"email": site.email, "phone": "03-1234-5678", "category": "ワクチン分配", "detail": "操作方法", "content": "質問"});
    let b = st.ddb_calls();
    let (s, v) = st.post("/inquiries", Some(&site.token), body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    step("support: POST /inquiries", b, st.ddb_calls());
    let id = v["id"].as_str().unwrap().to_string();
    let b = st.ddb_calls();
    let (s, _) = st.post(&format!("/inquiries/{id}/messages"), Some(&admin.token), json!({"text": "回答", "version": 1})).await;
    assert_eq!(s, StatusCode::OK);
    step("support: POST /inquiries/{id}/messages (the desk's answer, mailed)", b, st.ddb_calls());
    let b = st.ddb_calls();
    let (s, v) = st.get("/faq?q=３回目%20開始", Some(&site.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    step(&format!("support: GET /faq?q= (the whole FAQ of {} entries in one query, scored in memory)", vsys::domain::faq::INITIAL.len()), b, st.ddb_calls());
}

/// A booking, a change and 接種済 at a venue, and how 400 parallel bookings
/// spread over the slot items of one venue-day (no item for the whole day).
async fn reservation_steps(step: &mut impl FnMut(&str, u64, u64)) {
    use futures_util::StreamExt;
    use serde_json::{json, Value};
    use vsys_e2e::*;
    let st = Stack::start_with(vsys::Stage::Production, "2021-03-01T10:00:00+09:00", &["31"]).await;
    let admin = st.national_admin().await;
    st.site(&admin, "3110000001", "集団接種会場", "312011").await;
    let venue = "site-3110000001";
    let agent = st.user(&admin, json!({"role": "call_centre", "organisation_code": "312011"})).await;
    let (s, v) = st
        .post("/reservation-slots", Some(&agent.token), json!({"venue_id": venue, "product": "moderna-primary", "first_date": "2021-03-15", "last_date": "2021-03-17",
            "weekdays": ["mon", "wed"], "start": "09:00", "end": "17:00", "slot_minutes": 60, "people_per_slot": 50}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let person = |n: usize, date: &str, start: &str| {
        json!({"venue_id": venue, "date": date, "start": start, "booker_kana": "ヨヤク ハナコ", "booker_phone": "0857-22-8111", "name": "予約 太郎",
            "name_kana": "ヨヤク タロウ", "birth_date": "1945-05-05", "category": "elderly", "dose": 1, "coupon": format!("{:010}", 1_000_000_000 + n)})
    };
    let b = st.ddb_calls();
    let (s, booked) = st.post("/bookings", Some(&agent.token), person(0, "2021-03-15", "09:00")).await;
    assert_eq!(s, StatusCode::OK, "{booked}");
    step("booking (slot count, booking, coupon marker, audit in one transaction; authorizer included)", b, st.ddb_calls());
    let b = st.ddb_calls();
    let r = booked["reference"].as_str().unwrap();
    let (s, moved) = st.put(&format!("/bookings/{venue}/{r}/slot"), Some(&agent.token), json!({"date": "2021-03-17", "start": "10:00", "version": booked["version"]})).await;
    assert_eq!(s, StatusCode::OK, "{moved}");
    step("booking moved to another slot (authorizer included)", b, st.ddb_calls());
    let b = st.ddb_calls();
    let (s, _) = st.get(&format!("/reservation-slots?venue_id={venue}&from=2021-03-15"), Some(&agent.token)).await;
    assert_eq!(s, StatusCode::OK);
    step("places left of a municipality's venues for 14 days (authorizer included)", b, st.ddb_calls());
    // 400 parallel bookings for one day of 8 slots × 50.
    let starts = ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"];
    let tries = (1..=400).map(|n| {
        let (st, token, body) = (&st, agent.token.clone(), person(n, "2021-03-15", starts[n % 8]));
        async move { st.post("/bookings", Some(&token), body).await }
    });
    let answers: Vec<(StatusCode, Value)> = futures_util::stream::iter(tries).buffer_unordered(50).collect().await;
    let ok = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let slots = vsys::store::reservations::slots_of_day(&st.app, venue, chrono::NaiveDate::from_ymd_opt(2021, 3, 15).unwrap()).await.unwrap();
    let most = slots.iter().map(|s| s.booked).max().unwrap_or(0);
    println!(
        "\n## 400 parallel bookings at one venue-day\n\n{ok} booked over {} slot items (each its own item and condition); the busiest item took {most} ({:.1} % of the day's writes)\n",
        slots.len(),
        f64::from(most) * 100.0 / ok.max(1) as f64
    );
}

/// The DynamoDB calls of a wholesaler's schedule upload of 30 and of 300
/// rows (batch reads of 100, transactions of 90 rows), and of a satellite's
/// transfer (both sides' stock in one transaction).
async fn delivery_steps(step: &mut impl FnMut(&str, u64, u64)) {
    use serde_json::json;
    use vsys_e2e::*;
    let st = Stack::start_with(vsys::Stage::Production, "2021-06-25T10:00:00+09:00", &["31"]).await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let (s, v) = st.post("/cools", t, json!({"number": 1, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-07-19",
        "vaccination_from": "2021-07-19", "vaccination_until": "2021-12-31",
        "registration_opens": "2021-06-01T00:00:00+09:00", "registration_deadline": "2021-06-29T15:00:00+09:00"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let cool = v["cool_id"].as_str().unwrap().to_string();
    let boxes = vsys::domain::allocation::Boxes { vaccine: 1, needles: 2, syringes: 2 };
    let sites: Vec<_> = (0..300).map(|i| (format!("site-31202{i:05}"), format!("米子医院31202{i:05}"), boxes)).collect();
    st.final_allocations(&cool, "312029", &sites).await;
    let ids: Vec<String> = sites.into_iter().map(|(id, _, _)| id).collect();
    let (s, _) = st.put("/wholesalers/benchWs", t, json!({"name": "鳥取薬品", "areas": ["31"], "version": 0})).await;
    assert_eq!(s, StatusCode::OK);
    let ws = st.user(&admin, json!({"role": "wholesaler", "organisation_code": "benchWs", "organisation_name": "鳥取薬品", "prefecture_code": "31"})).await;
    for (n, date) in [(30usize, "2021-07-19"), (300, "2021-07-20")] {
        let csv: String = std::iter::once("会場ID,納入予定日\n".to_string())
            .chain(ids[..n].iter().map(|id| format!("{id},{date}\n")))
            .collect();
        let b = st.ddb_calls();
        let (s, v) = st.post_raw(&format!("/deliveries/schedule-upload?cool_id={cool}"), Some(&ws.token), "text/csv", &csv).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        step(&format!("wholesaler uploads {n} scheduled dates (CSV, authorizer included)"), b, st.ddb_calls());
    }
    // A satellite and its basic site, which holds 10 vials of a lot.
    let profile = |name: &str| json!({"name": name, "classification": "clinic", "founder": "other", "vaccine": "武田薬品工業",
        "postal_code": "680-0011", "address": "鳥取県鳥取市東町1-220", "phone": "0857-26-7111", "public_listing": "public"});
    let basic = st.site(&admin, "3110000001", "基本型医院", "312011").await;
    let satellite = st.site(&admin, "3110000002", "サテライト診療所", "312011").await;
    st.save_profile(&basic, profile("基本型医院")).await;
    st.save_profile(&satellite, profile("サテライト診療所")).await;
    let (_, f) = st.get("/facility", Some(&satellite.token)).await;
    let (s, v) = st.put("/facility/site-type", Some(&satellite.token), json!({"site_type": "satellite", "basic_site_code": "3110000001", "version": f["version"]})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, _) = st.post("/lots", t, json!({"lot_number": "BENCH1", "product": "moderna-primary", "expiry_date": "2021-12-31"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let mut tx = vsys::store::Tx::new();
    let holder = vsys::store::stock::Holder { site_id: "site-3110000001", site_name: "基本型医院", pref: "31", muni: "312011" };
    vsys::store::stock::move_in(&mut tx, &holder, "BENCH1", "moderna-primary", vsys::store::stock::Movement::Received, 10, "stock");
    tx.commit(&st.app).await.unwrap();
    let b = st.ddb_calls();
    let (s, v) = st.post("/facility/transfers", Some(&satellite.token), json!({"date": "2021-06-25", "lot_number": "BENCH1", "vials": 4})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    step("satellite registers a transfer (both sides' stock in one transaction, authorizer included)", b, st.ddb_calls());
}

/// The open-data job after 1,000 and after 20,000 sites reported (spread
/// over the 47 prefectures and 30 days): it reads the running totals, one
/// query per prefecture, never the sites' reports.
async fn open_data_scaling() {
    use std::collections::BTreeMap;
    use vsys_e2e::*;
    println!("\n## Daily open-data job against the number of reporting sites\n");
    println!("| reporting sites | running-total items | DynamoDB calls of the job |");
    println!("|---:|---:|---:|");
    let prefs: Vec<String> = vsys::masterdata::census().prefectures.iter().map(|p| p.code.clone()).collect();
    for sites in [1_000usize, 20_000] {
        let st = Stack::start_with(vsys::Stage::Production, "2021-08-01T06:00:00+09:00", &["31"]).await;
        // What the sites' reports added, one report each: the totals items
        // their transactions would have left.
        let mut totals: BTreeMap<(String, chrono::NaiveDate, u32), i64> = BTreeMap::new();
        let day0 = chrono::NaiveDate::from_ymd_opt(2021, 7, 1).unwrap();
        for i in 0..sites {
            let site = format!("site-{:010}", i);
            let pref = prefs[i % prefs.len()].clone();
            let date = day0 + chrono::Days::new((i % 30) as u64);
            *totals.entry((pref, date, vsys::store::results::shard_of(&site))).or_default() += 10;
        }
        let items: Vec<vsys::store::Item> = totals
            .iter()
            .map(|((pref, date, shard), doses)| {
                vsys::store::to_item(&vsys::store::results::StatsItem {
                    pk: format!("STATS#{pref}"),
                    sk: format!("DAY#{date}#{shard}"),
                    pref: pref.clone(),
                    on_date: *date,
                    dose1: *doses,
                    dose2: 0,
                    dose3: 0,
                })
                .unwrap()
            })
            .collect();
        let n = items.len();
        vsys::store::batch_put(&st.app, items).await.unwrap();
        let b = st.ddb_calls();
        st.job("open-data").await;
        println!("| {sites} | {n} | {} |", st.ddb_calls() - b);
    }
}

/// The cut-off job with 1,000 and with 20,000 registered sites: its DynamoDB
/// calls must not grow with the sites.
async fn cutoff_scaling() {
    use vsys::domain::cool::{Channel, CoolDef};
    use vsys::store::registrations::{RegistrationItem, Storage};
    use vsys::store::supply::CoolItem;
    use vsys::store::{batch_put, to_item};
    use vsys_e2e::*;
    println!("\n## Tuesday 15:00 cut-off against the number of registered sites\n");
    // The emulator keeps each table in memory and scans it for index queries,
    // so its every call slows down as the table grows, unlike DynamoDB. The
    // job's time is therefore also given in units of one index query on the
    // same table: constant there means the job's own work does not grow.
    println!("| registered sites | DynamoDB calls of the job | job time | one index query on that table (emulator) | job time ÷ one query |");
    println!("|---:|---:|---:|---:|---:|");
    for sites in [1_000u64, 20_000] {
        let st = Stack::start("2021-06-25T10:00:00+09:00").await;
        let def = CoolDef {
            number: 7,
            channel: Channel::General,
            product: "moderna-primary".into(),
            delivery_week: "2021-07-05".parse().unwrap(),
            vaccination_from: "2021-07-05".parse().unwrap(),
            vaccination_until: "2021-07-18".parse().unwrap(),
            registration_opens: at("2021-06-18T00:00:00+09:00"),
            registration_deadline: at("2021-06-29T15:00:00+09:00"),
        };
        let cool = CoolItem::new(def, 1);
        let now = at("2021-06-25T10:00:00+09:00");
        let mut items = vec![to_item(&cool).unwrap()];
        for i in 0..sites {
            let mut r = RegistrationItem {
                pk: String::new(),
                sk: String::new(),
                gsi1pk: String::new(),
                gsi1sk: String::new(),
                cool_id: cool.cool_id.clone(),
                channel: Channel::General,
                cool_number: 7,
                site_id: format!("site-13{i:08}"),
                site_name: format!("医院{i}"),
                pref: "13".into(),
                muni: "131016".into(),
                weekly_planned_doses: Some(1000),
                packs: 10,
                doses: 1000,
                needle_boxes: 11,
                syringe_boxes: 11,
                storage: Some(Storage::Freezer),
                delivery_round: 1,
                cap_doses: None,
                registered_at: now,
                updated_at: now,
                updated_by: "bench".into(),
                version: 1,
            };
            r.set_keys();
            items.push(to_item(&r).unwrap());
        }
        // The running totals as the writes would have left them (one shard holds them all here).
        let n = sites as i64;
        items.push(to_item(&serde_json::json!({"PK": format!("COOL#{}", cool.cool_id), "SK": "TOTAL#00",
            "sites": n, "packs": n * 10, "doses": n * 1000, "needle_boxes": n * 11, "syringe_boxes": n * 11})).unwrap());
        batch_put(&st.app, items).await.unwrap();
        let mut query_times = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            vsys::store::supply::cools(&st.app).await.unwrap();
            query_times.push(started.elapsed());
        }
        query_times.sort();
        let one_query = query_times[2];
        st.set_now("2021-06-29T15:00:00+09:00");
        let b = st.ddb_calls();
        let started = Instant::now();
        let summary = st.job("plan-cutoff").await;
        let took = started.elapsed();
        assert_eq!(
            summary["closed"][0]["totals"]["sites"].as_u64(),
            Some(sites),
            "{summary}"
        );
        println!(
            "| {sites} | {} | {:.0} ms | {:.0} ms | {:.1} |",
            st.ddb_calls() - b,
            took.as_secs_f64() * 1e3,
            one_query.as_secs_f64() * 1e3,
            took.as_secs_f64() / one_query.as_secs_f64()
        );
    }
}

#[tokio::main]
async fn main() {
    startup().await;
    pdf_render();
    billing_pdf_render();
    split_cpu();
    if std::env::var("VSYS_ENDPOINT").is_ok() {
        round_trips().await;
        cutoff_scaling().await;
        open_data_scaling().await;
    } else {
        println!("\n(round trips: skipped, no emulator; infra/bench.sh starts one)");
    }
}
