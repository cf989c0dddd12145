//! Call-centre account requests: a municipality files new / change / delete
//! for its call centre; requests close Wednesday 17:00 JST and are carried out
//! on Friday of that week by the scheduled job.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::Page;
use vsys::http::{Body, QueryParams, User};
use vsys::store::callcentre::{self, CcForm, CcRequestItem, CcRequestView, RequestStatus};
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

fn required<T>(v: Option<T>, field: &str, what: &str) -> AppResult<T> {
    v.ok_or_else(|| AppError::invalid(field, format!("{what}を入力してください。")))
}

/// POST /call-centre-requests — municipalities only (the inquiry form's
/// call-centre account category files the same request).
pub async fn file(State(app): State<App>, User(p): User, Body(form): Body<CcForm>) -> AppResult<(StatusCode, Json<Filed>)> {
    let item = callcentre::prepare(&app, &p, form, "").await?;
    let mut tx = Tx::new();
    callcentre::file_in(&mut tx, &item, &p)?;
    tx.commit(&app).await?;
    let message = callcentre::filed_message(&item);
    Ok((StatusCode::CREATED, Json(Filed { request: item.view(), message })))
}

/// A filed request and when it will be processed.
#[derive(Debug, Serialize)]
pub struct Filed {
    #[serde(flatten)]
    pub request: CcRequestView,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    prefecture: Option<String>,
    municipality: Option<String>,
    cursor: Option<String>,
    limit: Option<i32>,
}

/// GET /call-centre-requests — a municipality its own, a prefecture its
/// municipalities', the nation any prefecture's.
pub async fn list(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<ListQuery>,
) -> AppResult<Page<CcRequestView>> {
    let limit = match q.limit {
        None => 100,
        Some(n) if (1..=500).contains(&n) => n,
        Some(_) => {
            return Err(AppError::invalid(
                "limit",
                "件数（limit）は1〜500で指定してください。",
            ))
        }
    };
    let (pref, muni) = match p.role {
        Role::National => {
            let pref = required(q.prefecture, "prefecture", "都道府県コード")?;
            Role::Prefecture
                .check_code(&pref)
                .map_err(|m| AppError::invalid("prefecture", m))?;
            (pref, q.municipality)
        }
        Role::Prefecture => {
            if q.municipality
                .as_ref()
                .is_some_and(|m| !m.starts_with(p.pref.as_deref().unwrap_or("-")))
            {
                return Err(AppError::forbidden());
            }
            (p.pref.clone().unwrap_or_default(), q.municipality)
        }
        Role::Municipality => {
            if q.municipality
                .as_ref()
                .is_some_and(|m| Some(m) != p.muni.as_ref())
            {
                return Err(AppError::forbidden());
            }
            (p.pref.clone().unwrap_or_default(), p.muni.clone())
        }
        _ => return Err(AppError::forbidden()),
    };
    let page = callcentre::list(&app, &pref, muni.as_deref(), limit, q.cursor.as_deref()).await?;
    let items = page.items.iter().map(CcRequestItem::view).collect();
    Ok(Page::new(items, page.next))
}

/// POST /call-centre-requests/{id}/withdraw — before the cut-off only.
pub async fn withdraw(
    State(app): State<App>,
    User(p): User,
    Path(id): Path<String>,
) -> AppResult<Json<CcRequestView>> {
    let item = match callcentre::find(&app, &id).await? {
        Some(i) if p.role == Role::Municipality && p.muni.as_deref() == Some(&i.muni) => i,
        _ => return Err(AppError::not_found()),
    };
    let now = app.now();
    if item.status != RequestStatus::Open {
        return Err(AppError::from(codes::NOT_OPEN));
    }
    if now >= item.cutoff {
        return Err(AppError::from(codes::PAST_CUTOFF));
    }
    let mut next = item.clone();
    next.status = RequestStatus::Withdrawn;
    next.processed_at = Some(now);
    next.version += 1;
    next.set_keys();
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, item.version, AppError::from(codes::RETRY))
        .audit(audit::record(
            &p.actor(),
            now,
            "call_centre_request_withdrawn",
            &format!("ccreq:{id}"),
            Some(serde_json::json!(item.view())),
            Some(serde_json::json!(next.view())),
        )?);
    tx.commit(&app).await?;
    Ok(Json(next.view()))
}
