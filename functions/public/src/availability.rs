//! The open availability feed (SMART Scheduling Links): the manifest
//! (`$bulk-publish`) and its Location, Schedule and Slot files, as the
//! venue-availability job last wrote them, with caching — search services
//! poll the manifest every few minutes.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use vsys::domain::availability::{FILES, MANIFEST};
use vsys::{App, AppError, AppResult};

/// The job writes every ten minutes; a minute's caching keeps polling cheap.
const CACHE: &str = "public, max-age=60";

/// GET /public/availability/{file} — `$bulk-publish` or one of its files.
pub async fn file(State(app): State<App>, Path(file): Path<String>) -> AppResult<Response> {
    let mime = if file == MANIFEST {
        "application/json; charset=utf-8"
    } else if FILES.iter().any(|(_, f)| *f == file) {
        "application/fhir+ndjson"
    } else {
        return Err(AppError::NotFound { message: format!("{file} はありません。{MANIFEST} から辿ってください。"), field: Some("file".into()) });
    };
    let body = vsys::documents::find(&app, &vsys::documents::availability_key(&file)).await?.ok_or_else(|| AppError::NotFound {
        message: "空き枠の公開データはまだ作成されていません（10分ごとに更新します）。".into(),
        field: None,
    })?;
    Ok(([(CONTENT_TYPE, HeaderValue::from_static(mime)), (CACHE_CONTROL, HeaderValue::from_static(CACHE))], body).into_response())
}
