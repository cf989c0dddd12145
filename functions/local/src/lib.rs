//! The local gateway: every area's routes on one 127.0.0.1 server at the
//! template's paths, the authorizer in front of the protected ones, the
//! scheduled jobs on their Japan-time clock, and a few `/_local` controls
//! (clock, firing a job, reading sent mail) that exist only here.

pub mod control;
pub mod setup;
pub mod web;

use std::sync::Arc;
use vsys::clock::AdjustableClock;
use vsys::http::Area;
use vsys::App;

/// Every HTTP area, as deployed (one Lambda each).
pub fn areas() -> Vec<Area> {
    vec![
        vsys_auth::area(),
        vsys_accounts::area(),
        vsys_plans::area(),
        vsys_facilities::area(),
        vsys_contracts::area(),
        vsys_public::area(),
        vsys_allocation::area(),
        vsys_delivery::area(),
        vsys_reservations::area(),
        vsys_results::area(),
        vsys_billing::area(),
        vsys_support::area(),
        vsys_residents::area(),
    ]
}

/// The whole API plus the local controls.
pub fn gateway(app: App, clock: Arc<AdjustableClock>, emulator: Option<String>) -> axum::Router {
    let mut router = axum::Router::new();
    for area in areas() {
        router = router.merge(area.local_router(app.clone()));
    }
    router
        // The emulator's S3 is where the browser PUTs an upload.
        .merge(web::router(&web::dist(), app.endpoint_url()))
        .merge(control::router(app, clock, emulator))
        .fallback(|| async {
            vsys::AppError::NotFound {
                message: "このURLはありません。".into(),
                field: None,
            }
        })
}

/// Fires each scheduled job when its cron expression (read in its time zone,
/// Asia/Tokyo) matches the clock's current minute. Runs forever.
pub async fn run_schedules(app: App) {
    use vsys::domain::cron::Cron;
    let schedules: Vec<(Cron, String)> = vsys::template::schedules()
        .into_iter()
        .map(|s| {
            assert_eq!(
                s.timezone, "Asia/Tokyo",
                "schedule {} must run on Japan time",
                s.name
            );
            (
                Cron::parse(&s.expression).expect("template cron expressions are valid"),
                s.job,
            )
        })
        .collect();
    let mut last_minute = None;
    loop {
        let now = app.now().with_timezone(&vsys::clock::jst());
        let minute = now.format("%Y-%m-%dT%H:%M").to_string();
        if last_minute.as_ref() != Some(&minute) {
            last_minute = Some(minute);
            for (cron, job) in &schedules {
                if cron.matches(now) {
                    let run = vsys_scheduler::run(&app, job);
                    match vsys::grants::as_function("SchedulerFunction", run).await {
                        // The outbox runs every minute: only runs that did something are told.
                        Ok(summary)
                            if summary
                                .as_object()
                                .is_some_and(|m| m.values().all(|v| v == 0)) => {}
                        Ok(summary) => eprintln!("[schedule] {job}: {summary}"),
                        Err(e) => eprintln!("[schedule] {job} failed: {e}"),
                    }
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}
