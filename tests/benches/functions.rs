//! `infra/bench.sh` runs this: what is ours to measure, not the emulator's speed.
//!
//! 1. Per function: release binary size and start-up (init) time, as ratios
//!    to a hello-world `lambda_http` binary built the same way. Init time is
//!    measured from process start until the function asks the Lambda runtime
//!    API for its first event (a local stand-in for that API records it).
//! 2. DynamoDB round trips per step, counted by the DynamoDB client itself.

use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const FUNCTIONS: [&str; 4] = ["authorizer", "auth", "accounts", "scheduler"];
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
    println!("\n## Binaries and start-up (release, this machine; hello world = 1.00)\n");
    println!("| function | binary size | × hello | init (median of {RUNS}) | × hello |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "| hello (lambda_http) | {:.1} MB | 1.00 | {:.1} ms | 1.00 |",
        hello_size as f64 / 1e6,
        hello_init.as_secs_f64() * 1e3
    );
    for f in FUNCTIONS {
        let bin = release_bin(f);
        let size = std::fs::metadata(&bin).unwrap().len();
        let init = median_init(&bin, &api, &mut rx).await;
        println!(
            "| {f} | {:.1} MB | {:.2} | {:.1} ms | {:.2} |",
            size as f64 / 1e6,
            size as f64 / hello_size as f64,
            init.as_secs_f64() * 1e3,
            init.as_secs_f64() / hello_init.as_secs_f64()
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

    println!("\n## DynamoDB round trips per request (counted by the client)\n");
    println!("| step | round trips |");
    println!("|---|---:|");
    for r in rows {
        println!("{r}");
    }
}

#[tokio::main]
async fn main() {
    startup().await;
    if std::env::var("VSYS_ENDPOINT").is_ok() {
        round_trips().await;
    } else {
        println!("\n(round trips: skipped, no emulator; infra/bench.sh starts one)");
    }
}
