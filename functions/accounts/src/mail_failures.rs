//! Mails the outbox gave up on (SES refused them again and again), for the
//! national office: who should have received what, how often it was tried and
//! the last error; one can be put back into the queue.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::Page;
use vsys::http::{QueryParams, User};
use vsys::store::audit;
use vsys::store::outbox::{self, OutboxItem};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    cursor: Option<String>,
    limit: Option<i32>,
}

#[derive(Debug, Serialize)]
pub struct MailView {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub created_at: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub failed_at: Option<String>,
}

fn view(m: &OutboxItem) -> MailView {
    use vsys::clock::to_jst_string;
    MailView {
        id: m.id.clone(),
        to: m.to.clone(),
        subject: m.subject.clone(),
        created_at: to_jst_string(m.created_at),
        attempts: m.attempts,
        last_error: m.last_error.clone(),
        failed_at: m.failed_at.map(to_jst_string),
    }
}

/// GET /mail-failures — national office only.
pub async fn list(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<PageQuery>,
) -> AppResult<Page<MailView>> {
    p.require_role(&[Role::National])?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            "件数（limit）は1〜500で指定してください。",
        ));
    }
    let page = outbox::failed(&app, limit, q.cursor.as_deref()).await?;
    let items = page.items.iter().map(view).collect();
    Ok(Page::new(items, page.next))
}

/// POST /mail-failures/{id}/retry — back into the queue; the outbox job
/// sends it within the minute.
pub async fn retry(
    State(app): State<App>,
    User(p): User,
    Path(id): Path<String>,
) -> AppResult<Json<MailView>> {
    p.require_role(&[Role::National])?;
    if id.len() > 64 {
        return Err(AppError::invalid("id", "IDが長すぎます。"));
    }
    let item = outbox::find(&app, &id)
        .await?
        .filter(|m| m.failed_at.is_some())
        .ok_or_else(AppError::not_found)?;
    let now = app.now();
    let next = item.requeued(now);
    let mut tx = vsys::store::Tx::new();
    tx.put_versioned(
        vsys::store::to_item(&next)?,
        item.version,
        codes::RETRY.with("同時に別の操作が行われました。一覧を読み込み直してください。"),
    )
    .audit(audit::record(
        &p.actor(),
        now,
        "mail_requeued",
        &format!("mail:{id}"),
        None,
        None,
    )?);
    tx.commit(&app).await?;
    Ok(Json(view(&next)))
}
