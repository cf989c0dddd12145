//! The published notices of an area, as コロナワクチンナビ shows them: the
//! prefecture's own and those of the municipality asked for, in force
//! today, newest first, in the reader's language.

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vsys::domain::calendar::jst_date;
use vsys::domain::org::Role;
use vsys::http::{Page, QueryParams};
use vsys::{App, AppError, AppResult};

use crate::Cached;

/// A notice is news: a minute old is fine.
const CACHE: &str = "public, max-age=60";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticesQuery {
    prefecture_code: String,
    municipality_code: Option<String>,
    /// `ja` (default) or `en`.
    lang: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PublicNotice {
    pub id: String,
    pub author_name: String,
    pub title: String,
    pub body: String,
    pub publish_from: NaiveDate,
    pub publish_until: NaiveDate,
}

/// GET /public/notices
pub async fn notices(State(app): State<App>, QueryParams(q): QueryParams<NoticesQuery>) -> AppResult<Cached<Page<PublicNotice>>> {
    Role::Prefecture.check_code(&q.prefecture_code).map_err(|m| AppError::invalid("prefecture_code", m))?;
    if let Some(m) = &q.municipality_code {
        Role::Municipality.check_code(m).map_err(|e| AppError::invalid("municipality_code", e))?;
        if !m.starts_with(&q.prefecture_code) {
            return Err(AppError::invalid("municipality_code", "市区町村コードが都道府県と一致しません。"));
        }
    }
    let english = match q.lang.as_deref() {
        None | Some("ja") => false,
        Some("en") => true,
        Some(_) => return Err(AppError::invalid("lang", "lang は ja または en を指定してください。")),
    };
    let today = jst_date(app.now());
    let items = vsys::store::notices::in_force(&app, &q.prefecture_code, q.municipality_code.as_deref(), today).await?;
    let rows = items
        .into_iter()
        .map(|n| {
            let (title, body) = if english { (n.title_en, n.body_en) } else { (n.title_ja, n.body_ja) };
            PublicNotice { id: n.id, author_name: n.author_name, title, body, publish_from: n.publish_from, publish_until: n.publish_until }
        })
        .collect();
    Ok(([(CACHE_CONTROL, CACHE)], Page::whole(rows)))
}
