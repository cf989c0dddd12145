//! What every screen shows before anyone signs in: the stage (the training
//! stage is yellow on every page, seed 001) and a maintenance window under
//! way (its end; writes are disabled until then).

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::Json;
use serde::Serialize;
use vsys::clock::to_jst_string;
use vsys::domain::cool::maintenance_at;
use vsys::store::supply;
use vsys::{App, AppResult};

use crate::Cached;

/// Short: a window's start shows within a minute.
const CACHE: &str = "public, max-age=60";

#[derive(Debug, Serialize)]
pub struct StatusView {
    /// The server's time (JST): the screens date what they send by it, not
    /// by the PC's clock.
    pub now: String,
    pub stage: &'static str,
    pub training: bool,
    pub maintenance: Option<Maintenance>,
}

#[derive(Debug, Serialize)]
pub struct Maintenance {
    pub from: String,
    pub until: String,
    pub reason: Option<String>,
}

/// GET /public/status
pub async fn status(State(app): State<App>) -> AppResult<Cached<Json<StatusView>>> {
    let m = supply::maintenance(&app).await?;
    let active = maintenance_at(&m.windows, app.now()).map(|w| Maintenance {
        from: to_jst_string(w.from),
        until: to_jst_string(w.until),
        reason: w.reason.clone(),
    });
    Ok((
        [(CACHE_CONTROL, CACHE)],
        Json(StatusView {
            now: to_jst_string(app.now()),
            stage: app.cfg.stage.as_str(),
            training: app.training(),
            maintenance: active,
        }),
    ))
}
