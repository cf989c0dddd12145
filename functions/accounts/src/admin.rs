//! Reading and administering accounts, always within the caller's scope.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vsys::domain::account::AccountStatus;
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::Page;
use vsys::http::{QueryParams, User};
use vsys::store::orgs;
use vsys::store::users::{self, AccountView, UserItem};
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    prefecture: Option<String>,
    municipality: Option<String>,
    organisation: Option<String>,
    cursor: Option<String>,
    limit: Option<i32>,
}

fn page_limit(l: Option<i32>) -> AppResult<i32> {
    match l {
        None => Ok(100),
        Some(n) if (1..=500).contains(&n) => Ok(n),
        Some(_) => Err(AppError::invalid(
            "limit",
            "件数（limit）は1〜500で指定してください。",
        )),
    }
}

/// Where a listing may look, given who asks. A filter outside the caller's
/// scope is refused without telling what is there.
fn listing_scope(
    p: &vsys::auth::Principal,
    q: &ListQuery,
) -> AppResult<(Option<String>, Option<String>, Option<String>)> {
    let outside = || AppError::forbidden();
    if let Some(pref) = &q.prefecture {
        Role::Prefecture
            .check_code(pref)
            .map_err(|m| AppError::invalid("prefecture", m))?;
    }
    if let Some(m) = &q.municipality {
        Role::Municipality
            .check_code(m)
            .map_err(|msg| AppError::invalid("municipality", msg))?;
    }
    // A municipality code names its prefecture in its first two digits.
    let pref_of_muni = q.municipality.as_ref().map(|m| m[..2].to_string());
    match p.role {
        Role::National => Ok((
            q.prefecture.clone().or(pref_of_muni),
            q.municipality.clone(),
            q.organisation.clone(),
        )),
        Role::Prefecture => {
            if q.prefecture
                .as_ref()
                .is_some_and(|x| Some(x) != p.pref.as_ref())
                || pref_of_muni
                    .as_ref()
                    .is_some_and(|x| Some(x) != p.pref.as_ref())
            {
                return Err(outside());
            }
            Ok((
                p.pref.clone(),
                q.municipality.clone(),
                q.organisation.clone(),
            ))
        }
        Role::Municipality => {
            if q.prefecture
                .as_ref()
                .is_some_and(|x| Some(x) != p.pref.as_ref())
                || q.municipality
                    .as_ref()
                    .is_some_and(|x| Some(x) != p.muni.as_ref())
            {
                return Err(outside());
            }
            Ok((p.pref.clone(), p.muni.clone(), q.organisation.clone()))
        }
        _ => Ok((p.pref.clone(), p.muni.clone(), Some(p.org_id.clone()))),
    }
}

/// GET /accounts?prefecture=13&municipality=131016&organisation=…&cursor=…
pub async fn list(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<ListQuery>,
) -> AppResult<Page<AccountView>> {
    let limit = page_limit(q.limit)?;
    let (pref, muni, org) = listing_scope(&p, &q)?;
    // An organisation filter must itself lie inside the scope: resolve it.
    let (pref, muni) = match &org {
        Some(org_id) if p.role != Role::Site => {
            // One answer for an organisation outside the scope and for one
            // that does not exist: a listing never confirms what is there.
            match vsys::store::orgs::find(&app, org_id).await? {
                Some(o) if p.covers(&o.org_ref()) => (o.pref.clone(), o.muni.clone()),
                _ => return Ok(Page::whole(vec![])),
            }
        }
        _ => (pref, muni),
    };
    let page = users::list(
        &app,
        pref.as_deref(),
        muni.as_deref(),
        org.as_deref(),
        limit,
        q.cursor.as_deref(),
    )
    .await?;
    let items = page
        .items
        .iter()
        .filter(|u| p.covers(&u.org_ref()))
        .map(UserItem::view)
        .collect();
    Ok(Page::new(items, page.next))
}

/// The account, if the caller's scope covers it (404 otherwise: a user of
/// another organisation learns nothing, not even that it exists).
async fn scoped_account(
    app: &App,
    p: &vsys::auth::Principal,
    vsys_id: &str,
) -> AppResult<UserItem> {
    match users::find(app, vsys_id).await? {
        Some(u) if p.covers(&u.org_ref()) || u.vsys_id == p.vsys_id => Ok(u),
        _ => Err(AppError::not_found()),
    }
}

/// GET /accounts/{vsys_id}
pub async fn get(
    State(app): State<App>,
    User(p): User,
    Path(vsys_id): Path<String>,
) -> AppResult<Json<AccountView>> {
    Ok(Json(scoped_account(&app, &p, &vsys_id).await?.view()))
}

/// POST /accounts/{vsys_id}/disable — national office only; its sessions
/// end with it (the authorizer admits only active accounts of the same epoch).
pub async fn disable(
    State(app): State<App>,
    User(p): User,
    Path(vsys_id): Path<String>,
) -> AppResult<Json<AccountView>> {
    let user = scoped_account(&app, &p, &vsys_id).await?;
    p.require_role(&[Role::National])?;
    if user.status == AccountStatus::Disabled {
        return Err(AppError::from(codes::ALREADY_DISABLED));
    }
    if user.vsys_id == p.vsys_id {
        return Err(AppError::from(codes::SELF_DISABLE));
    }
    let next = user.disabled(app.now());
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, user.version, AppError::from(codes::RETRY))
        .audit(audit::record(
            &p.actor(),
            app.now(),
            "account_disabled",
            &format!("account:{vsys_id}"),
            Some(serde_json::json!(user.view())),
            Some(serde_json::json!(next.view())),
        )?);
    tx.commit(&app).await?;
    Ok(Json(next.view()))
}

/// POST /accounts/{vsys_id}/reissue — a new activation mail for a pending
/// account; for an active account whose security answers were given wrong
/// too often, the count starts afresh and a password-reset mail goes out.
pub async fn reissue(
    State(app): State<App>,
    User(p): User,
    Path(vsys_id): Path<String>,
) -> AppResult<Json<AccountView>> {
    let user = scoped_account(&app, &p, &vsys_id).await?;
    p.require_role(&[Role::National])?;
    if user.status == AccountStatus::Active
        && user.answer_attempts >= vsys::domain::session::MAX_ANSWER_ATTEMPTS
    {
        return Ok(Json(unblock_reset(&app, &p, &user).await?.view()));
    }
    if user.status != AccountStatus::Pending {
        return Err(AppError::from(codes::NOT_PENDING));
    }
    let next = vsys::accounts::remail_activation(&app, &p.actor(), &user, false)
        .await?
        .ok_or_else(|| AppError::from(codes::RETRY))?;
    Ok(Json(next.view()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    cursor: Option<String>,
    limit: Option<i32>,
}

/// GET /accounts/{vsys_id}/audit — who changed what, newest first.
pub async fn audit_trail(
    State(app): State<App>,
    User(p): User,
    Path(vsys_id): Path<String>,
    QueryParams(q): QueryParams<PageQuery>,
) -> AppResult<Page<AuditEntry>> {
    scoped_account(&app, &p, &vsys_id).await?;
    let page = audit::trail(
        &app,
        &format!("account:{vsys_id}"),
        page_limit(q.limit)?,
        q.cursor.as_deref(),
    )
    .await?;
    let items = page
        .items
        .iter()
        .map(|r| AuditEntry {
            at: r.at.clone(),
            actor: r.actor.clone(),
            actor_role: r.actor_role.clone(),
            actor_organisation: r.actor_org.clone(),
            action: r.action.clone(),
            before: r
                .before
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok()),
            after: r
                .after
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok()),
        })
        .collect();
    Ok(Page::new(items, page.next))
}

/// One change of an account's history. Before and after are the snapshots
/// the change recorded (each action its own shape).
#[derive(Debug, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub actor_role: String,
    pub actor_organisation: String,
    pub action: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgQuery {
    prefecture: Option<String>,
    municipality: Option<String>,
    cursor: Option<String>,
    limit: Option<i32>,
}

/// GET /organisations?prefecture=13 — organisations in scope (master data and
/// bodies created by issuance), by prefecture.
pub async fn organisations(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<OrgQuery>,
) -> AppResult<Page<OrgView>> {
    let lq = ListQuery {
        prefecture: q.prefecture,
        municipality: q.municipality,
        organisation: None,
        cursor: None,
        limit: None,
    };
    let (pref, muni, org) = listing_scope(&p, &lq)?;
    let page = orgs::of_area(
        &app,
        pref.as_deref(),
        muni.as_deref(),
        page_limit(q.limit)?,
        q.cursor.as_deref(),
    )
    .await?;
    let items = page
        .items
        .iter()
        .filter(|o| p.covers(&o.org_ref()) && org.as_ref().is_none_or(|id| id == &o.org_id))
        .map(|o| OrgView {
            organisation_id: o.org_id.clone(),
            role: o.role,
            code: o.code.clone(),
            name: o.name.clone(),
            kana: o.kana.clone(),
            prefecture_code: o.pref.clone(),
            municipality_code: o.muni.clone(),
            population_total: o.population_total,
            population_65plus: o.population_65plus,
        })
        .collect();
    Ok(Page::new(items, page.next))
}

#[derive(Debug, Serialize)]
pub struct OrgView {
    pub organisation_id: String,
    pub role: Role,
    pub code: String,
    pub name: String,
    pub kana: Option<String>,
    pub prefecture_code: Option<String>,
    pub municipality_code: Option<String>,
    pub population_total: Option<u64>,
    pub population_65plus: Option<u64>,
}

/// Lets an account blocked by wrong security answers reset its password
/// again: the count starts afresh and a new reset link is mailed (every older
/// link dies with the generation).
async fn unblock_reset(
    app: &App,
    p: &vsys::auth::Principal,
    user: &UserItem,
) -> AppResult<UserItem> {
    let mut next = user.clone();
    next.answer_attempts = 0;
    vsys::accounts::mail_reset_link(app, &p.actor(), user, next, "security_answer_unblocked")
        .await?
        .ok_or_else(|| AppError::from(codes::RETRY))
}
