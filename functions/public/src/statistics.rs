//! 接種状況の見える化: the open data the scheduler writes every morning
//! (doses per prefecture, day and dose number), served as JSON or CSV with
//! caching. The public chart reads the same file, so the chart and the
//! download always agree.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vsys::http::QueryParams;
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    format: Option<Format>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
}

/// Kept for 10 minutes by browsers and the CDN: the file changes once a day.
const CACHE: &str = "public, max-age=600";

/// GET /public/statistics — the open data (`format`: json, the default, or csv).
pub async fn statistics(axum::extract::State(app): axum::extract::State<App>, QueryParams(q): QueryParams<Query>) -> AppResult<Response> {
    let (key, mime, file) = match q.format.unwrap_or(Format::Json) {
        Format::Json => (vsys::documents::OPEN_DATA_JSON, "application/json; charset=utf-8", None),
        Format::Csv => (vsys::documents::OPEN_DATA_CSV, "text/csv; charset=utf-8", Some("attachment; filename=\"vaccinations.csv\"")),
    };
    let body = vsys::documents::find(&app, key).await?.ok_or_else(|| AppError::NotFound {
        message: "接種状況の統計はまだ公開されていません（毎朝5時に更新します）。".into(),
        field: None,
    })?;
    let mut res = (
        [(CONTENT_TYPE, HeaderValue::from_static(mime)), (CACHE_CONTROL, HeaderValue::from_static(CACHE))],
        body,
    )
        .into_response();
    if let Some(f) = file {
        res.headers_mut().insert(axum::http::header::CONTENT_DISPOSITION, HeaderValue::from_static(f));
    }
    Ok(res)
}

