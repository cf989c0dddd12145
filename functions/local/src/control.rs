//! `/_local/*`: controls of the local stack only (not in the template, never
//! deployed): the clock, firing a scheduled job now, reading sent mail.

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use vsys::clock::{to_jst_string, AdjustableClock};
use vsys::http::Body;
use vsys::{App, AppError, AppResult};

#[derive(Clone)]
struct Ctl {
    app: App,
    clock: Arc<AdjustableClock>,
    emulator: Option<String>,
}

pub fn router(app: App, clock: Arc<AdjustableClock>, emulator: Option<String>) -> Router {
    Router::new()
        .route("/_local/clock", get(read_clock).post(set_clock))
        .route("/_local/jobs/{job}", post(fire_job))
        .route("/_local/mail", get(mail))
        .with_state(Ctl {
            app,
            clock,
            emulator,
        })
        .route_layer(axum::middleware::from_fn(same_site_only))
}

/// The controls change the clock and run jobs: a page of another site open in
/// the developer's browser must not be able to. A cross-site form or image
/// cannot send a JSON content type without a preflight (which is never
/// answered here), so every change must carry one.
async fn same_site_only(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, AppError> {
    let json = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if req.method() != axum::http::Method::GET && !json {
        // Not part of the API: the local controls refuse like any forbidden change.
        return Err(vsys::error::codes::FORBIDDEN
            .with("ローカル操作は Content-Type: application/json で送信してください。"));
    }
    Ok(next.run(req).await)
}

async fn read_clock(State(c): State<Ctl>) -> Json<Value> {
    Json(json!({ "now": to_jst_string(c.app.now()), "frozen": c.clock.is_frozen() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockReq {
    /// Stop time at this instant (RFC 3339, e.g. `2021-04-21T17:00:00+09:00`).
    freeze_at: Option<String>,
    /// Let time run from this instant.
    run_from: Option<String>,
    /// Move the clock by this many seconds.
    advance_seconds: Option<i64>,
    /// Back to real time.
    reset: Option<bool>,
}

fn instant(field: &str, s: &str) -> AppResult<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| {
            AppError::invalid(
                field,
                "RFC 3339 形式（例 2021-04-21T17:00:00+09:00）で指定してください。",
            )
        })
}

async fn set_clock(State(c): State<Ctl>, Body(req): Body<ClockReq>) -> AppResult<Json<Value>> {
    if let Some(t) = &req.freeze_at {
        c.clock.freeze(instant("freeze_at", t)?);
    }
    if let Some(t) = &req.run_from {
        c.clock.run_from(instant("run_from", t)?);
    }
    if let Some(s) = req.advance_seconds {
        c.clock.advance(chrono::Duration::seconds(s));
    }
    if req.reset == Some(true) {
        c.clock.reset();
    }
    Ok(read_clock(State(c)).await)
}

async fn fire_job(State(c): State<Ctl>, Path(job): Path<String>) -> AppResult<Json<Value>> {
    if !vsys_scheduler::JOBS.contains(&job.as_str()) {
        return Err(AppError::invalid(
            "job",
            format!(
                "ジョブ名は {} のいずれかです。",
                vsys_scheduler::JOBS.join(", ")
            ),
        ));
    }
    let summary =
        vsys::grants::as_function("SchedulerFunction", vsys_scheduler::run(&c.app, &job)).await?;
    Ok(Json(
        json!({ "job": job, "ran_at": to_jst_string(c.app.now()), "summary": summary }),
    ))
}

#[derive(Deserialize)]
struct MailQuery {
    to: Option<String>,
}

/// Mail the emulator's SES received, newest last (optionally for one address).
async fn mail(State(c): State<Ctl>, Query(q): Query<MailQuery>) -> AppResult<Json<Value>> {
    let Some(endpoint) = c.emulator else {
        return Err(AppError::NotFound {
            message: "メールの確認はエミュレータ使用時のみです。".into(),
            field: None,
        });
    };
    let messages = crate::setup::sent_mail(&endpoint, q.to.as_deref())
        .await
        .map_err(AppError::internal)?;
    Ok(Json(json!({ "messages": messages })))
}
