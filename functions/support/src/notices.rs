//! Notices (お知らせ): a prefecture or municipality writes one in Japanese
//! and English with its publication period and sends it for approval; the
//! nation approves a prefecture's, the prefecture its municipalities'; sent
//! back with a comment (mailed), corrected and sent again; withdrawn. Every
//! step is one transaction with its audit record.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::auth::Principal;
use vsys::domain::calendar::jst_date;
use vsys::domain::notice::{self, Approver, NoticeStatus, MAX_BODY, MAX_TITLE};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{Body, Page, Prose, QueryParams, Text, User};
use vsys::mail::{self, templates};
use vsys::store::notices::{self, NoticeItem};
use vsys::store::{audit, orgs, users, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct NoticeView {
    pub id: String,
    pub author_org: String,
    pub author_name: String,
    pub prefecture_code: String,
    pub municipality_code: Option<String>,
    /// `national` or the approving prefecture's code.
    pub approver: String,
    pub title_ja: String,
    pub body_ja: String,
    pub title_en: String,
    pub body_en: String,
    pub publish_from: NaiveDate,
    pub publish_until: NaiveDate,
    pub status: NoticeStatus,
    pub status_label: &'static str,
    pub comment: Option<String>,
    pub created_at: String,
    pub sent_at: String,
    pub decided_at: Option<String>,
    pub version: u64,
}

fn view(n: &NoticeItem) -> NoticeView {
    use vsys::clock::to_jst_string;
    NoticeView {
        id: n.id.clone(),
        author_org: n.author_org.clone(),
        author_name: n.author_name.clone(),
        prefecture_code: n.pref.clone(),
        municipality_code: n.muni.clone(),
        approver: n.approver.clone(),
        title_ja: n.title_ja.clone(),
        body_ja: n.body_ja.clone(),
        title_en: n.title_en.clone(),
        body_en: n.body_en.clone(),
        publish_from: n.publish_from,
        publish_until: n.publish_until,
        status: n.status,
        status_label: n.status.label_ja(),
        comment: n.comment.clone(),
        created_at: to_jst_string(n.created_at),
        sent_at: to_jst_string(n.sent_at),
        decided_at: n.decided_at.map(to_jst_string),
        version: n.version,
    }
}

/// The approver queue the caller works (the nation's, or its prefecture's).
fn queue_of(p: &Principal) -> Option<String> {
    match p.role {
        Role::National => Some(Approver::Nation.key()),
        Role::Prefecture => p.pref.clone(),
        _ => None,
    }
}

fn is_author(p: &Principal, n: &NoticeItem) -> bool {
    p.org_id == n.author_org
}

fn is_approver(p: &Principal, n: &NoticeItem) -> bool {
    queue_of(p).as_deref() == Some(n.approver.as_str())
}

/// The notice if the caller wrote it or approves it; 404 for anyone else.
async fn in_scope(app: &App, p: &Principal, id: &str) -> AppResult<NoticeItem> {
    match notices::find(app, id).await? {
        Some(n) if is_author(p, &n) || is_approver(p, &n) => Ok(n),
        _ => Err(AppError::not_found()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `mine` (the organisation's own, default) or `review` (waiting for the caller's approval).
    view: Option<String>,
    cursor: Option<String>,
}

/// GET /notices — the caller's own notices, or (`view=review`) those
/// waiting for its approval.
pub async fn list(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<ListQuery>) -> AppResult<Page<NoticeView>> {
    let page = match q.view.as_deref() {
        None | Some("mine") => {
            p.require_role(&[Role::Prefecture, Role::Municipality])?;
            notices::of_author(&app, &p.org_id, 50, q.cursor.as_deref()).await?
        }
        Some("review") => {
            let queue = queue_of(&p).ok_or_else(AppError::forbidden)?;
            notices::pending_for(&app, &queue, 50, q.cursor.as_deref()).await?
        }
        Some(_) => return Err(AppError::invalid("view", "view は mine または review を指定してください。")),
    };
    Ok(Page::new(page.items.iter().map(view).collect(), page.next))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftReq {
    title_ja: Text<MAX_TITLE>,
    body_ja: Prose<MAX_BODY>,
    title_en: Text<MAX_TITLE>,
    body_en: Prose<MAX_BODY>,
    publish_from: NaiveDate,
    publish_until: NaiveDate,
    /// The version read (corrections only).
    version: Option<u64>,
}

fn apply(n: &mut NoticeItem, req: DraftReq, today: NaiveDate) -> AppResult<()> {
    notice::check_period(req.publish_from, req.publish_until, today).map_err(|m| AppError::invalid("publish_until", m))?;
    n.title_ja = req.title_ja.into_string();
    n.body_ja = req.body_ja.into_string();
    n.title_en = req.title_en.into_string();
    n.body_en = req.body_en.into_string();
    n.publish_from = req.publish_from;
    n.publish_until = req.publish_until;
    Ok(())
}

/// POST /notices — a prefecture or municipality writes a notice and sends
/// it for approval.
pub async fn create(State(app): State<App>, User(p): User, Body(req): Body<DraftReq>) -> AppResult<(StatusCode, Json<NoticeView>)> {
    let approver = notice::approver(p.role, p.pref.as_deref()).ok_or_else(AppError::forbidden)?;
    if req.version.is_some() {
        return Err(AppError::invalid("version", "新しいお知らせには version を指定しません。"));
    }
    let org = orgs::find(&app, &p.org_id).await?.ok_or_else(AppError::forbidden)?;
    let now = app.now();
    let mut n = NoticeItem {
        pk: String::new(),
        sk: String::new(),
        gsi1pk: String::new(),
        gsi1sk: String::new(),
        gsi2pk: None,
        gsi2sk: None,
        id: format!("{}-{}", jst_date(now).format("%Y%m%d"), vsys::auth::random_hex(5)?),
        author_org: p.org_id.clone(),
        author_name: org.name.clone(),
        pref: p.pref.clone().unwrap_or_default(),
        muni: if p.role == Role::Municipality { p.muni.clone() } else { None },
        approver: approver.key(),
        title_ja: String::new(),
        body_ja: String::new(),
        title_en: String::new(),
        body_en: String::new(),
        publish_from: jst_date(now),
        publish_until: jst_date(now),
        status: NoticeStatus::Pending,
        comment: None,
        created_at: now,
        created_by: p.vsys_id.clone(),
        sent_at: now,
        decided_at: None,
        decided_by: None,
        version: 1,
    };
    apply(&mut n, req, jst_date(now))?;
    let mut tx = Tx::new();
    notices::save_in(&mut tx, &n, 0, codes::RETRY)?;
    tx.audit(audit::record(&p.actor(), now, "notice_submitted", &format!("notice:{}", n.id), None, Some(json!(view(&n))))?);
    tx.commit(&app).await?;
    Ok((StatusCode::CREATED, Json(view(&n))))
}

/// GET /notices/{id}
pub async fn one(State(app): State<App>, User(p): User, Path(id): Path<String>) -> AppResult<Json<NoticeView>> {
    Ok(Json(view(&in_scope(&app, &p, &id).await?)))
}

/// PUT /notices/{id} — the author corrects a notice waiting for approval or
/// sent back; it goes to the approver again.
pub async fn correct(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<DraftReq>) -> AppResult<Json<NoticeView>> {
    let before = in_scope(&app, &p, &id).await?;
    if !is_author(&p, &before) {
        return Err(AppError::forbidden());
    }
    let read = req.version.ok_or_else(|| AppError::invalid("version", "version を指定してください。"))?;
    if read != before.version {
        return Err(codes::STALE_VERSION.into());
    }
    if !before.status.editable() {
        return Err(codes::NOTICE_DECIDED.into());
    }
    let now = app.now();
    let mut n = before.clone();
    apply(&mut n, req, jst_date(now))?;
    n.status = NoticeStatus::Pending;
    n.sent_at = now;
    n.version += 1;
    let mut tx = Tx::new();
    notices::save_in(&mut tx, &n, before.version, codes::STALE_VERSION)?;
    tx.audit(audit::record(&p.actor(), now, "notice_corrected", &format!("notice:{id}"), Some(json!(view(&before))), Some(json!(view(&n))))?);
    tx.commit(&app).await?;
    Ok(Json(view(&n)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideReq {
    version: u64,
    /// The reason, mailed to the author (required to send back).
    comment: Option<Prose<1000>>,
}

enum Decision {
    Approve,
    SendBack,
    Withdraw,
}

async fn decide(app: &App, p: &Principal, id: &str, req: DecideReq, d: Decision) -> AppResult<NoticeView> {
    let before = in_scope(app, p, id).await?;
    let (allowed, to, action) = match d {
        Decision::Approve => (is_approver(p, &before) && before.status == NoticeStatus::Pending, NoticeStatus::Approved, "notice_approved"),
        Decision::SendBack => (is_approver(p, &before) && before.status == NoticeStatus::Pending, NoticeStatus::SentBack, "notice_sent_back"),
        // The author or its approver takes a notice down (or back before approval).
        Decision::Withdraw => (matches!(before.status, NoticeStatus::Pending | NoticeStatus::Approved), NoticeStatus::Withdrawn, "notice_withdrawn"),
    };
    if matches!(d, Decision::Approve | Decision::SendBack) && !is_approver(p, &before) {
        return Err(AppError::forbidden());
    }
    if req.version != before.version {
        return Err(codes::STALE_VERSION.into());
    }
    if !allowed {
        return Err(codes::NOTICE_DECIDED.into());
    }
    let comment = match (&d, req.comment) {
        (Decision::SendBack, None) => return Err(AppError::invalid("comment", "差戻しの理由（コメント）を入力してください。")),
        (_, c) => c.map(Prose::into_string),
    };
    let now = app.now();
    let mut n = before.clone();
    n.status = to;
    n.comment = comment;
    n.decided_at = Some(now);
    n.decided_by = Some(p.vsys_id.clone());
    n.version += 1;
    let mut tx = Tx::new();
    notices::save_in(&mut tx, &n, before.version, codes::STALE_VERSION)?;
    match (before.status, n.status) {
        (_, NoticeStatus::Approved) => notices::publish_in(&mut tx, &n)?,
        (NoticeStatus::Approved, _) => notices::unpublish_in(&mut tx, &before),
        _ => {}
    }
    tx.audit(audit::record(&p.actor(), now, action, &format!("notice:{id}"), Some(json!(view(&before))), Some(json!(view(&n))))?);
    let mut queued = Vec::new();
    if matches!(d, Decision::Approve | Decision::SendBack) {
        let approver_name = if before.approver == Approver::Nation.key() {
            "厚生労働省".to_string()
        } else {
            orgs::find(app, &Role::Prefecture.org_id(&before.approver)).await?.map(|o| o.name).unwrap_or_else(|| before.approver.clone())
        };
        for to in users::active_emails(app, Some(&before.pref), before.muni.as_deref(), &before.author_org).await? {
            let m = templates::notice_decided(
                &before.author_name,
                &before.title_ja,
                to_label(n.status),
                &approver_name,
                n.comment.as_deref(),
                &mail::page(app, &format!("/notices/{id}")),
                app.training(),
            );
            let q = mail::queue(app, &to, m)?;
            tx.mail(&q)?;
            queued.push(q);
        }
    }
    tx.commit(app).await?;
    mail::deliver(app, &queued).await;
    Ok(view(&n))
}

fn to_label(s: NoticeStatus) -> &'static str {
    match s {
        NoticeStatus::Approved => "承認",
        _ => s.label_ja(),
    }
}

/// POST /notices/{id}/approve — the approver publishes it for its period.
pub async fn approve(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<DecideReq>) -> AppResult<Json<NoticeView>> {
    Ok(Json(decide(&app, &p, &id, req, Decision::Approve).await?))
}

/// POST /notices/{id}/send-back — the approver returns it with a comment.
pub async fn send_back(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<DecideReq>) -> AppResult<Json<NoticeView>> {
    Ok(Json(decide(&app, &p, &id, req, Decision::SendBack).await?))
}

/// POST /notices/{id}/withdraw — the author or its approver takes it down.
pub async fn withdraw(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<DecideReq>) -> AppResult<Json<NoticeView>> {
    Ok(Json(decide(&app, &p, &id, req, Decision::Withdraw).await?))
}

#[derive(Debug, Serialize)]
pub struct HomeNotice {
    pub id: String,
    pub author_name: String,
    pub title: String,
    pub body: String,
    pub publish_from: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct HomeView {
    /// The notices in force in the caller's area (its prefecture's and its municipality's).
    pub notices: Vec<HomeNotice>,
    /// Notices waiting for the caller's approval.
    pub waiting_for_approval: usize,
}

/// GET /notices/home — what the home screen shows: the notices in force
/// in the caller's area, and how many wait for its approval.
pub async fn home(State(app): State<App>, User(p): User) -> AppResult<Json<HomeView>> {
    let today = jst_date(app.now());
    let notices = match p.pref.as_deref() {
        Some(pref) => notices::in_force(&app, pref, p.muni.as_deref(), today)
            .await?
            .into_iter()
            .map(|n| HomeNotice { id: n.id, author_name: n.author_name, title: n.title_ja, body: n.body_ja, publish_from: n.publish_from })
            .collect(),
        None => Vec::new(),
    };
    let waiting = match queue_of(&p) {
        Some(q) => notices::pending_for(&app, &q, 100, None).await?.items.len(),
        None => 0,
    };
    Ok(Json(HomeView { notices, waiting_for_approval: waiting }))
}
