//! Call-centre account requests: a municipality files new / change / delete
//! for its call centre; requests close Wednesday 17:00 JST and are carried out
//! on Friday of that week by the scheduled job.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::domain::account::{check_email, check_phone, AccountStatus};
use vsys::domain::calendar::{call_centre_cutoff, call_centre_issuance_day};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::Page;
use vsys::http::{Body, QueryParams, Text, User};
use vsys::store::callcentre::{self, CcRequestItem, CcRequestView, RequestKind, RequestStatus};
use vsys::store::{audit, to_item, users, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileReq {
    kind: RequestKind,
    /// 会社名 (new)
    company: Option<Text<100>>,
    /// 氏名
    name: Text<50>,
    /// メールアドレス
    email: Text<254>,
    /// 電話番号 (new)
    phone: Option<Text<20>>,
    /// The existing account (change, delete).
    vsys_id: Option<Text<300>>,
    /// 変更内容 (change)
    change_detail: Option<Text<500>>,
}

fn required<T>(v: Option<T>, field: &str, what: &str) -> AppResult<T> {
    v.ok_or_else(|| AppError::invalid(field, format!("{what}を入力してください。")))
}

/// POST /call-centre-requests — municipalities only.
pub async fn file(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<FileReq>,
) -> AppResult<(StatusCode, Json<Filed>)> {
    p.require_role(&[Role::Municipality])?;
    let (Some(pref), Some(muni)) = (p.pref.clone(), p.muni.clone()) else {
        return Err(AppError::forbidden());
    };
    check_email(&req.email).map_err(|m| AppError::invalid("email", m))?;
    let (company, phone, target, detail) = match req.kind {
        RequestKind::New => {
            let phone = required(req.phone, "phone", "電話番号")?;
            check_phone(&phone).map_err(|m| AppError::invalid("phone", m))?;
            (
                Some(required(req.company, "company", "会社名")?.into_string()),
                Some(phone.into_string()),
                None,
                None,
            )
        }
        RequestKind::Change => (
            req.company.map(Text::into_string),
            req.phone.map(Text::into_string),
            Some(required(req.vsys_id, "vsys_id", "V-SYS ID")?.into_string()),
            Some(required(req.change_detail, "change_detail", "変更内容")?.into_string()),
        ),
        RequestKind::Delete => (
            None,
            None,
            Some(required(req.vsys_id, "vsys_id", "V-SYS ID")?.into_string()),
            None,
        ),
    };
    if let Some(id) = &target {
        // Only this municipality's own call-centre accounts can be named.
        let ok = users::find(&app, id).await?.is_some_and(|u| {
            u.role == Role::CallCentre
                && u.muni.as_deref() == Some(&muni)
                && u.status != AccountStatus::Disabled
        });
        if !ok {
            return Err(AppError::invalid(
                "vsys_id",
                "この市区町村の有効な予約受付業者アカウントのV-SYS IDを入力してください。",
            ));
        }
    }
    let now = app.now();
    let cutoff = call_centre_cutoff(now);
    let mut item = CcRequestItem {
        failed_runs: 0,
        pk: String::new(),
        sk: String::new(),
        gsi1pk: String::new(),
        gsi1sk: String::new(),
        gsi2pk: None,
        gsi2sk: None,
        id: format!(
            "{}-{}",
            vsys::domain::calendar::jst_date(now).format("%Y%m%d"),
            vsys::auth::random_hex(6)?
        ),
        kind: req.kind,
        status: RequestStatus::Open,
        pref,
        muni,
        filed_by: p.vsys_id.clone(),
        filed_at: now,
        cutoff,
        issuance_date: call_centre_issuance_day(cutoff),
        company,
        name: req.name.into_string(),
        email: req.email.into_string(),
        phone,
        target_vsys_id: target,
        change_detail: detail,
        result_vsys_id: None,
        result_message: None,
        processed_at: None,
        version: 1,
    };
    item.set_keys();
    let mut tx = Tx::new();
    tx.put_new(
        to_item(&item)?,
        codes::RETRY.with("もう一度お試しください。"),
    )
    .audit(audit::record(
        &p.actor(),
        now,
        "call_centre_request_filed",
        &format!("ccreq:{}", item.id),
        None,
        Some(serde_json::json!(item.view())),
    )?);
    tx.commit(&app).await?;
    let message = format!(
        "受け付けました。締切 {}、アカウントの処理とログイン用メールの送付は {} の予定です。",
        cutoff
            .with_timezone(&vsys::clock::jst())
            .format("%m月%d日 %H:%M"),
        item.issuance_date.format("%m月%d日")
    );
    Ok((
        StatusCode::CREATED,
        Json(Filed {
            request: item.view(),
            message,
        }),
    ))
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
