//! `vsys-local`: the local stack's command.
//!
//! ```text
//! vsys-local setup                      create table, bucket, mail identity; load master data
//! vsys-local serve [--port 8080]        the gateway on 127.0.0.1 with the scheduled jobs
//! vsys-local bootstrap-admin EMAIL      issue the first national administrator account
//! vsys-local run-job NAME               run a scheduled job now
//! vsys-local mail [ADDRESS]             print the mail the emulator's SES has sent
//! ```
//!
//! Environment: `VSYS_ENDPOINT` (the emulator of DynamoDB and S3, e.g.
//! http://127.0.0.1:4566; unset = real AWS with `TABLE_NAME` etc. as in the
//! template), `VSYS_MAIL_ENDPOINT` (the emulator of SES), `VSYS_STAGE`
//! (production | training).

use std::sync::Arc;
use vsys::clock::AdjustableClock;
use vsys::{App, Stage};

fn usage() -> ! {
    eprintln!("usage: vsys-local setup | serve [--port N] | bootstrap-admin EMAIL | run-job NAME | mail [ADDRESS]");
    std::process::exit(2)
}

struct Env {
    endpoint: Option<String>,
    mail_endpoint: Option<String>,
    stage: Stage,
    port: u16,
}

async fn build_app(env: &Env, clock: Arc<AdjustableClock>) -> App {
    match &env.endpoint {
        Some(ep) => {
            let base = format!("http://127.0.0.1:{}", env.port);
            let mail_ep = env.mail_endpoint.as_deref().unwrap_or(ep);
            App::local(
                ep,
                mail_ep,
                vsys_local::setup::local_config(env.stage, &base),
                clock,
            )
        }
        None => {
            let cfg = vsys::Config::from_env().unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(2)
            });
            let sdk = vsys::app::load_aws_config().await;
            App::new(&sdk, cfg, clock)
        }
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut port = 8080u16;
    if let Some(i) = args.iter().position(|a| a == "--port") {
        port = args
            .get(i + 1)
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| usage());
    }
    let stage_s = std::env::var("VSYS_STAGE").unwrap_or_else(|_| "production".into());
    let env = Env {
        endpoint: std::env::var("VSYS_ENDPOINT")
            .ok()
            .filter(|s| !s.is_empty()),
        mail_endpoint: std::env::var("VSYS_MAIL_ENDPOINT")
            .ok()
            .filter(|s| !s.is_empty()),
        stage: Stage::parse(&stage_s).unwrap_or_else(|| usage()),
        port,
    };
    let clock = Arc::new(AdjustableClock::default());
    let app = build_app(&env, clock.clone()).await;
    match args.first().map(String::as_str) {
        Some("setup") => setup(&app, env.stage).await,
        Some("serve") => serve(app, clock, &env).await,
        Some("bootstrap-admin") => {
            bootstrap(&app, args.get(1).unwrap_or_else(|| usage()), &env).await
        }
        Some("run-job") => {
            let job = args.get(1).unwrap_or_else(|| usage());
            match vsys_scheduler::run(&app, job).await {
                Ok(s) => println!("{s}"),
                Err(e) => fail(e),
            }
        }
        Some("mail") => {
            let ep = env
                .mail_endpoint
                .as_deref()
                .or(env.endpoint.as_deref())
                .unwrap_or_else(|| usage());
            let msgs = vsys_local::setup::sent_mail(ep, args.get(1).map(String::as_str))
                .await
                .unwrap_or_else(|e| fail(e));
            for m in msgs {
                println!(
                    "To: {}\nSubject: {}\n\n{}\n{}",
                    m["destinations"]["ToAddresses"],
                    m["subject"].as_str().unwrap_or(""),
                    m["body"].as_str().unwrap_or(""),
                    "=".repeat(60)
                );
            }
        }
        _ => usage(),
    }
}

fn fail(e: impl std::fmt::Display) -> ! {
    eprintln!("error: {e}");
    std::process::exit(1)
}

async fn setup(app: &App, stage: Stage) {
    let created = vsys_local::setup::create_resources(app, stage)
        .await
        .unwrap_or_else(|e| fail(e));
    println!(
        "table {} {}",
        app.cfg.table,
        if created { "created" } else { "already there" }
    );
    println!(
        "bucket {} and mail identity {} ready",
        app.cfg.bucket, app.cfg.mail_from
    );
    let n = vsys_local::setup::load_master_data(
        app,
        |_| true,
        |done, total| {
            eprint!("\rmaster data: {done}/{total} organisations");
        },
    )
    .await
    .unwrap_or_else(|e| fail(e));
    eprintln!();
    println!(
        "master data loaded: {n} organisations (nation, 47 prefectures, 1,741 municipalities) and the vaccine master"
    );
    if stage == Stage::Training {
        let n = vsys_local::setup::load_training_facilities(
            app,
            |_| true,
            |done, total| {
                let width = 40;
                let filled = done * width / total.max(1);
                eprint!(
                    "\rtraining facilities [{}{}] {done}/{total}",
                    "#".repeat(filled),
                    " ".repeat(width - filled)
                );
            },
        )
        .await
        .unwrap_or_else(|e| fail(e));
        eprintln!();
        println!("training facilities: {n} (ダミー病院, ダミー診療所, ダミー接種会場 in every municipality)");
    }
}

async fn bootstrap(app: &App, email: &str, env: &Env) {
    let actor = vsys::auth::Actor {
        id: "bootstrap".into(),
        role: "system".into(),
        org: "national".into(),
    };
    let input = vsys::accounts::IssueInput {
        role: Some(vsys::domain::org::Role::National),
        organisation_code: "national".into(),
        email: email.to_string(),
        contact_name: Some("国 管理者".into()),
        ..Default::default()
    };
    let issued = vsys::accounts::issue(app, &actor, &input)
        .await
        .unwrap_or_else(|e| fail(format!("{e}: {}", e.body().message)));
    println!(
        "national administrator: {} ({:?})",
        issued.vsys_id, issued.outcome
    );
    if env.endpoint.is_some() {
        println!(
            "the activation mail: GET http://127.0.0.1:{}/_local/mail?to={email}",
            env.port
        );
    }
}

async fn serve(app: App, clock: Arc<AdjustableClock>, env: &Env) {
    // The gateway's /_local controls move the clock and fire jobs: they must
    // never reach a real table.
    let local = env.endpoint.as_deref().is_some_and(|e| {
        let host = e
            .split("://")
            .nth(1)
            .unwrap_or(e)
            .split(['/', '?'])
            .next()
            .unwrap_or("");
        host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]")
    });
    if !local {
        fail("serve runs only against the local emulator on this machine: set VSYS_ENDPOINT to its 127.0.0.1 address (infra/run.sh does)");
    }
    let router = vsys_local::gateway(
        app.clone(),
        clock,
        env.mail_endpoint.clone().or(env.endpoint.clone()),
    );
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], env.port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .unwrap_or_else(|e| fail(format!("cannot listen on {addr}: {e}")));
    tokio::spawn(vsys_local::run_schedules(app));
    println!(
        "V-SYS gateway listening on http://{addr} (stage {})",
        env.stage.as_str()
    );
    axum::serve(listener, router)
        .await
        .unwrap_or_else(|e| fail(e));
}
