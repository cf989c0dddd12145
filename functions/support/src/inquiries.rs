//! Inquiries (問い合わせフォーム, seed 002): any signed-in user files one with
//! its category and detail; the national office's service desk lists them
//! by status and category, answers (mailed to the asker and shown to it),
//! and closes. The asking organisation sees its own; nobody else does.
//! The call-centre account category (seed 003) files the call-centre
//! account request in the same transaction.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::auth::Principal;
use vsys::domain::account::check_phone;
use vsys::domain::calendar::jst_date;
use vsys::domain::inquiry::{self, InquiryStatus, CATEGORIES};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{Body, Page, Prose, QueryParams, Text, User};
use vsys::mail::{self, templates};
use vsys::store::callcentre::{self, CcForm};
use vsys::store::inquiries::{self, InquiryItem, Message};
use vsys::store::{audit, orgs, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct MessageView {
    pub at: String,
    /// 事務局 (the desk) or the asker.
    pub from_desk: bool,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct InquiryView {
    pub id: String,
    pub org_id: String,
    pub org_name: String,
    pub email: String,
    pub phone: String,
    pub category: String,
    pub detail: String,
    pub content: String,
    pub status: InquiryStatus,
    pub status_label: &'static str,
    pub messages: Vec<MessageView>,
    pub call_centre_request: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: u64,
}

fn view(i: &InquiryItem) -> InquiryView {
    use vsys::clock::to_jst_string;
    InquiryView {
        id: i.id.clone(),
        org_id: i.org_id.clone(),
        org_name: i.org_name.clone(),
        email: i.email.clone(),
        phone: i.phone.clone(),
        category: i.category.clone(),
        detail: i.detail.clone(),
        content: i.content.clone(),
        status: i.status,
        status_label: i.status.label_ja(),
        messages: i.messages.iter().map(|m| MessageView { at: to_jst_string(m.at), from_desk: m.desk, text: m.text.clone() }).collect(),
        call_centre_request: i.call_centre_request.clone(),
        created_at: to_jst_string(i.created_at),
        updated_at: to_jst_string(i.updated_at),
        version: i.version,
    }
}

/// The service desk is the national office.
fn is_desk(p: &Principal) -> bool {
    p.role == Role::National
}

async fn in_scope(app: &App, p: &Principal, id: &str) -> AppResult<InquiryItem> {
    match inquiries::find(app, id).await? {
        Some(i) if is_desk(p) || i.org_id == p.org_id => Ok(i),
        _ => Err(AppError::not_found()),
    }
}

#[derive(Debug, Serialize)]
pub struct CategoryView {
    pub category: &'static str,
    pub details: &'static [&'static str],
}

/// GET /inquiry-categories — the form's お問い合わせ分類 and their 詳細.
pub async fn categories(User(_): User) -> Page<CategoryView> {
    Page::whole(CATEGORIES.iter().map(|(c, d)| CategoryView { category: c, details: d }).collect())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileReq {
    email: Text<254>,
    phone: Text<20>,
    category: Text<50>,
    detail: Text<100>,
    content: Prose<4000>,
    /// The call-centre account request (that category only).
    call_centre: Option<CcForm>,
}

#[derive(Debug, Serialize)]
pub struct Filed {
    #[serde(flatten)]
    pub inquiry: InquiryView,
    pub message: String,
}

/// POST /inquiries — files an inquiry (and, for the call-centre account
/// category, the call-centre account request with it).
pub async fn file(State(app): State<App>, User(p): User, Body(req): Body<FileReq>) -> AppResult<(StatusCode, Json<Filed>)> {
    vsys::domain::account::check_email(&req.email).map_err(|m| AppError::invalid("email", m))?;
    check_phone(&req.phone).map_err(|m| AppError::invalid("phone", m))?;
    inquiry::check_category(&req.category, &req.detail).map_err(|(f, m)| AppError::invalid(f, m))?;
    let cc = match (inquiry::is_call_centre_request(&req.category, &req.detail), req.call_centre) {
        (true, Some(form)) => Some(callcentre::prepare(&app, &p, form, "call_centre.").await?),
        (true, None) => return Err(AppError::invalid("call_centre", "予約受付業者のアカウントの申請内容（新規発行・変更・削除）を入力してください。")),
        (false, Some(_)) => return Err(AppError::invalid("call_centre", "この問い合わせ詳細では予約受付業者の申請内容は入力しません。")),
        (false, None) => None,
    };
    let org = orgs::find(&app, &p.org_id).await?.ok_or_else(AppError::forbidden)?;
    let now = app.now();
    let mut item = InquiryItem {
        pk: String::new(),
        sk: String::new(),
        gsi1pk: String::new(),
        gsi1sk: String::new(),
        gsi2pk: String::new(),
        gsi2sk: String::new(),
        id: format!("{}-{}", jst_date(now).format("%Y%m%d"), vsys::auth::random_hex(4)?),
        org_id: p.org_id.clone(),
        org_name: org.name,
        asked_by: p.vsys_id.clone(),
        email: req.email.into_string(),
        phone: req.phone.into_string(),
        category: req.category.into_string(),
        detail: req.detail.into_string(),
        content: req.content.into_string(),
        status: InquiryStatus::Open,
        messages: Vec::new(),
        call_centre_request: cc.as_ref().map(|c| c.id.clone()),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    item.set_keys();
    let mut tx = Tx::new();
    inquiries::save_in(&mut tx, &item, 0, codes::RETRY)?;
    // The audit keeps what was asked about, not the asker's contact details.
    tx.audit(audit::record(&p.actor(), now, "inquiry_filed", &format!("inquiry:{}", item.id), None, Some(json!({"category": item.category, "detail": item.detail})))?);
    let mut message = format!("お問い合わせを受け付けました（受付番号 {}）。回答はメールと「問い合わせ」画面でお知らせします。", item.id);
    if let Some(cc) = &cc {
        callcentre::file_in(&mut tx, cc, &p)?;
        message = format!("{message}予約受付業者アカウントの申請: {}", callcentre::schedule_message(cc));
    }
    tx.commit(&app).await?;
    Ok((StatusCode::CREATED, Json(Filed { inquiry: view(&item), message })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// The desk: `open`, `answered` or `closed` (default open).
    status: Option<InquiryStatus>,
    /// The desk: one category only.
    category: Option<String>,
    cursor: Option<String>,
}

/// GET /inquiries — the desk: by status (and category); everyone else:
/// its organisation's own, newest first.
pub async fn list(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<ListQuery>) -> AppResult<Page<InquiryView>> {
    if let Some(c) = &q.category {
        if !CATEGORIES.iter().any(|(k, _)| k == c) {
            return Err(AppError::invalid("category", "お問い合わせ分類を一覧から選んでください。"));
        }
    }
    let page = if is_desk(&p) {
        inquiries::in_status(&app, q.status.unwrap_or(InquiryStatus::Open), 100, q.cursor.as_deref()).await?
    } else {
        inquiries::of_org(&app, &p.org_id, 100, q.cursor.as_deref()).await?
    };
    let keep = |i: &&InquiryItem| q.category.as_deref().is_none_or(|c| i.category == c) && (is_desk(&p) || q.status.is_none_or(|s| i.status == s));
    Ok(Page::new(page.items.iter().filter(keep).map(view).collect(), page.next))
}

/// GET /inquiries/{id}
pub async fn one(State(app): State<App>, User(p): User, Path(id): Path<String>) -> AppResult<Json<InquiryView>> {
    Ok(Json(view(&in_scope(&app, &p, &id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageReq {
    text: Prose<4000>,
    version: u64,
}

/// POST /inquiries/{id}/messages — the desk answers (mailed to the asker),
/// or the asker writes back (the inquiry is open again for the desk).
pub async fn message(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<MessageReq>) -> AppResult<Json<InquiryView>> {
    let before = in_scope(&app, &p, &id).await?;
    if req.version != before.version {
        return Err(codes::STALE_VERSION.into());
    }
    if before.status == InquiryStatus::Closed {
        return Err(codes::INQUIRY_CLOSED.into());
    }
    let desk = is_desk(&p);
    let now = app.now();
    let mut next = before.clone();
    next.messages.push(Message { at: now, by: p.vsys_id.clone(), desk, text: req.text.into_string() });
    next.status = if desk { InquiryStatus::Answered } else { InquiryStatus::Open };
    next.updated_at = now;
    next.version += 1;
    let mut tx = Tx::new();
    inquiries::save_in(&mut tx, &next, before.version, codes::STALE_VERSION)?;
    tx.audit(audit::record(&p.actor(), now, if desk { "inquiry_answered" } else { "inquiry_replied" }, &format!("inquiry:{id}"), Some(json!({"status": before.status})), Some(json!({"status": next.status, "messages": next.messages.len()})))?);
    let mut queued = Vec::new();
    if desk {
        let text = &next.messages.last().map(|m| m.text.clone()).unwrap_or_default();
        let m = templates::inquiry_answered(&next.org_name, &id, &next.category, &next.detail, text, &mail::page(&app, &format!("/inquiries/{id}")), app.training());
        let q = mail::queue(&app, &next.email, m)?;
        tx.mail(&q)?;
        queued.push(q);
    }
    tx.commit(&app).await?;
    mail::deliver(&app, &queued).await;
    Ok(Json(view(&next)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseReq {
    version: u64,
}

/// POST /inquiries/{id}/close — the desk closes an inquiry (完了).
pub async fn close(State(app): State<App>, User(p): User, Path(id): Path<String>, Body(req): Body<CloseReq>) -> AppResult<Json<InquiryView>> {
    let before = in_scope(&app, &p, &id).await?;
    if !is_desk(&p) {
        return Err(AppError::forbidden());
    }
    if req.version != before.version {
        return Err(codes::STALE_VERSION.into());
    }
    if before.status == InquiryStatus::Closed {
        return Err(codes::INQUIRY_CLOSED.into());
    }
    let now = app.now();
    let mut next = before.clone();
    next.status = InquiryStatus::Closed;
    next.updated_at = now;
    next.version += 1;
    let mut tx = Tx::new();
    inquiries::save_in(&mut tx, &next, before.version, codes::STALE_VERSION)?;
    tx.audit(audit::record(&p.actor(), now, "inquiry_closed", &format!("inquiry:{id}"), Some(json!({"status": before.status})), Some(json!({"status": next.status})))?);
    tx.commit(&app).await?;
    Ok(Json(view(&next)))
}
