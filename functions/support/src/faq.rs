//! The FAQ (seed 002's chatbot): anyone signed in searches it in Japanese
//! and gets the closest few entries; the national office keeps it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::domain::faq;
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{Body, Page, Prose, QueryParams, Text, User};
use vsys::store::faq::{self as store, FaqItem};
use vsys::store::{audit, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct EntryView {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub updated_at: String,
    pub version: u64,
}

fn view(e: &FaqItem) -> EntryView {
    EntryView { id: e.id.clone(), question: e.question.clone(), answer: e.answer.clone(), updated_at: vsys::clock::to_jst_string(e.updated_at), version: e.version }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// The question as typed; without it, every entry.
    q: Option<String>,
}

/// GET /faq?q= — the closest entries to a typed question, best first
/// (none when nothing is close: the screen offers 「この中にない」 → the
/// inquiry form); without `q`, every entry.
pub async fn search(State(app): State<App>, User(_): User, QueryParams(q): QueryParams<SearchQuery>) -> AppResult<Page<EntryView>> {
    let entries = store::all(&app).await?;
    let Some(query) = q.q.filter(|s| !s.trim().is_empty()) else {
        return Ok(Page::whole(entries.iter().map(view).collect()));
    };
    if query.chars().count() > 200 {
        return Err(AppError::invalid("q", "質問は200文字以内で入力してください。"));
    }
    let best = faq::search(&query, entries.iter().map(|e| (e.id.as_str(), e.question.as_str(), e.answer.as_str())));
    Ok(Page::whole(best.iter().filter_map(|(id, _)| entries.iter().find(|e| e.id == *id)).map(view).collect()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryReq {
    question: Text<200>,
    answer: Prose<2000>,
    /// The version read (changes only).
    version: Option<u64>,
}

/// POST /faq — the nation adds an entry.
pub async fn add(State(app): State<App>, User(p): User, Body(req): Body<EntryReq>) -> AppResult<(StatusCode, Json<EntryView>)> {
    p.require_role(&[Role::National])?;
    let now = app.now();
    let e = FaqItem {
        pk: String::new(),
        sk: String::new(),
        id: format!("{}-{}", now.format("%Y%m%d"), vsys::auth::random_hex(3)?),
        question: req.question.into_string(),
        answer: req.answer.into_string(),
        updated_at: now,
        updated_by: p.vsys_id.clone(),
        version: 1,
    };
    let mut tx = Tx::new();
    store::save_in(&mut tx, &e, 0, codes::RETRY)?;
    tx.audit(audit::record(&p.actor(), now, "faq_added", &format!("faq:{}", e.id), None, Some(json!(view(&e))))?);
    tx.commit(&app).await?;
    Ok((StatusCode::CREATED, Json(view(&e))))
}

/// PUT /faq/{id} — the nation changes an entry, on the version read.
pub async fn change(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<EntryReq>) -> AppResult<Json<EntryView>> {
    p.require_role(&[Role::National])?;
    let before = store::find(&app, &id).await?.ok_or_else(AppError::not_found)?;
    let read = req.version.ok_or_else(|| AppError::invalid("version", "version を指定してください。"))?;
    if read != before.version {
        return Err(codes::STALE_VERSION.into());
    }
    let now = app.now();
    let mut e = before.clone();
    e.question = req.question.into_string();
    e.answer = req.answer.into_string();
    e.updated_at = now;
    e.updated_by = p.vsys_id.clone();
    e.version += 1;
    let mut tx = Tx::new();
    store::save_in(&mut tx, &e, before.version, codes::STALE_VERSION)?;
    tx.audit(audit::record(&p.actor(), now, "faq_changed", &format!("faq:{id}"), Some(json!(view(&before))), Some(json!(view(&e))))?);
    tx.commit(&app).await?;
    Ok(Json(view(&e)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteReq {
    version: u64,
}

/// POST /faq/{id}/delete — the nation removes an entry.
pub async fn delete(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<DeleteReq>) -> AppResult<StatusCode> {
    p.require_role(&[Role::National])?;
    let before = store::find(&app, &id).await?.ok_or_else(AppError::not_found)?;
    if req.version != before.version {
        return Err(codes::STALE_VERSION.into());
    }
    let now = app.now();
    let mut tx = Tx::new();
    store::delete_in(&mut tx, &id, before.version, codes::STALE_VERSION);
    tx.audit(audit::record(&p.actor(), now, "faq_deleted", &format!("faq:{id}"), Some(json!(view(&before))), None)?);
    tx.commit(&app).await?;
    Ok(StatusCode::NO_CONTENT)
}
