//! New-code applications (新規コード付番, seed 001): a municipality or the
//! prefecture files an application for a venue without a code; the prefecture
//! forwards the week's applications to the service desk (Monday morning);
//! the desk assigns a unique 10-digit code (Tuesday–Wednesday), which enters
//! the code master at once; the result mail goes out on Thursday (job
//! `new-code-results`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::auth::Principal;
use vsys::clock::to_jst_display;
use vsys::domain::account::{check_email, check_phone};
use vsys::domain::facility::{check_facility_code, check_postal_code, Founder};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::Page;
use vsys::http::{Body, QueryParams, Text, User};
use vsys::store::contracts::{
    Applicant, ApplicationFacility, ApplicationStatus, CodeApplicationItem, CodeItem, CodeKind,
    VenueKind, APPLICATION_COUNTER, ASSIGNED_CODE_COUNTER,
};
use vsys::store::{audit, next_number, orgs, to_item, Tx};
use vsys::{App, AppError, AppResult};

/// Applications forwarded in one transaction (two steps each).
const FORWARD_CHUNK: usize = 50;

/// A new-code application (新規コード付番申請) as every screen shows it.
#[derive(Debug, Serialize)]
pub struct ApplicationView {
    pub id: String,
    pub status: ApplicationStatus,
    pub status_label: &'static str,
    pub applicant: Applicant,
    pub founder: Founder,
    pub founder_label: &'static str,
    pub venue_kind: VenueKind,
    pub venue_kind_label: &'static str,
    pub facility: ApplicationFacility,
    pub filed_at: String,
    pub forwarded_at: Option<String>,
    pub assigned_code: Option<String>,
    pub assigned_at: Option<String>,
    pub notified_at: Option<String>,
    pub version: u64,
}

pub fn view(a: &CodeApplicationItem) -> ApplicationView {
    ApplicationView {
        id: a.id.clone(),
        status: a.status,
        status_label: a.status.label_ja(),
        applicant: a.applicant.clone(),
        founder: a.founder,
        founder_label: a.founder.label_ja(),
        venue_kind: a.venue_kind,
        venue_kind_label: match a.venue_kind {
            VenueKind::MedicalInstitution => "医療機関",
            VenueKind::SpecialVenue => "特設の会場",
        },
        facility: a.facility.clone(),
        filed_at: to_jst_display(a.filed_at),
        forwarded_at: a.forwarded_at.map(to_jst_display),
        assigned_code: a.assigned_code.clone(),
        assigned_at: a.assigned_at.map(to_jst_display),
        notified_at: a.notified_at.map(to_jst_display),
        version: a.version,
    }
}

/// What the prefecture sent to the service desk.
#[derive(Debug, Serialize)]
pub struct Forwarded {
    pub forwarded: usize,
    pub applications: Vec<ApplicationView>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantReq {
    name: Text<50>,
    organisation: Text<100>,
    department: Text<100>,
    title: Option<Text<50>>,
    email: Text<254>,
    phone: Text<20>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacilityReq {
    name: Text<100>,
    representative: Text<50>,
    postal_code: Text<8>,
    municipality_code: Text<6>,
    address: Text<200>,
    phone: Text<20>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileReq {
    applicant: ApplicantReq,
    /// 申請会場の設置主体
    founder: Founder,
    /// 申請会場の種類
    venue_kind: VenueKind,
    facility: FacilityReq,
}

/// POST /code-applications — filed by a municipality (for its area) or a
/// prefecture (for any municipality of it, including others' venues).
pub async fn file(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<FileReq>,
) -> AppResult<(StatusCode, Json<ApplicationView>)> {
    p.require_role(&[Role::Prefecture, Role::Municipality])?;
    let a = req.applicant;
    check_email(&a.email).map_err(|m| AppError::invalid("applicant.email", m))?;
    check_phone(&a.phone).map_err(|m| AppError::invalid("applicant.phone", m))?;
    let f = req.facility;
    check_postal_code(&f.postal_code).map_err(|m| AppError::invalid("facility.postal_code", m))?;
    check_phone(&f.phone).map_err(|m| AppError::invalid("facility.phone", m))?;
    let muni = orgs::municipality(&app, &f.municipality_code, "facility.municipality_code").await?;
    if !p.covers(&muni.org_ref()) {
        return Err(AppError::invalid(
            "facility.municipality_code",
            "管轄外の市区町村の申請はできません。",
        ));
    }
    let now = app.now();
    let n = next_number(&app, APPLICATION_COUNTER.0, APPLICATION_COUNTER.1).await?;
    let mut item = CodeApplicationItem {
        pk: String::new(),
        sk: String::new(),
        gsi1pk: String::new(),
        gsi1sk: String::new(),
        gsi2pk: None,
        gsi2sk: None,
        id: format!("NC{n:06}"),
        applicant: Applicant {
            name: a.name.into_string(),
            organisation: a.organisation.into_string(),
            department: a.department.into_string(),
            title: a.title.map(Text::into_string),
            email: a.email.into_string(),
            phone: a.phone.into_string(),
        },
        founder: req.founder,
        venue_kind: req.venue_kind,
        facility: ApplicationFacility {
            name: f.name.into_string(),
            representative: f.representative.into_string(),
            postal_code: f.postal_code.into_string(),
            pref: muni.pref.clone().unwrap_or_default(),
            muni: f.municipality_code.into_string(),
            address: f.address.into_string(),
            phone: f.phone.into_string(),
        },
        status: ApplicationStatus::Filed,
        filed_at: now,
        filed_by: p.vsys_id.clone(),
        forwarded_at: None,
        assigned_code: None,
        assigned_at: None,
        notified_at: None,
        version: 1,
    };
    item.set_keys();
    let mut tx = Tx::new();
    tx.put_new(to_item(&item)?, AppError::internal("application id taken"))
        .audit(audit::record(
            &p.actor(),
            now,
            "code_application_filed",
            &format!("code_application:{}", item.id),
            None,
            Some(json!(view(&item))),
        )?);
    tx.commit(&app).await?;
    Ok((StatusCode::CREATED, Json(view(&item))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    status: Option<ApplicationStatus>,
    prefecture_code: Option<String>,
}

/// GET /code-applications — a prefecture's (or municipality's) applications
/// by status; the service desk's queue of forwarded ones, or a prefecture's.
pub async fn list(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<ListQuery>,
) -> AppResult<Page<ApplicationView>> {
    let items: Vec<CodeApplicationItem> = match (p.role, &q.prefecture_code) {
        (Role::National, None) if q.status.is_none_or(|s| s == ApplicationStatus::Forwarded) => {
            vsys::store::contracts::awaiting_codes(&app).await?
        }
        (Role::National, None) => {
            return Err(AppError::invalid(
                "prefecture_code",
                "付番待ち以外の申請は都道府県コードを指定して表示してください。",
            ))
        }
        (Role::National, Some(pref)) => by_pref(&app, pref, q.status).await?,
        (Role::Prefecture | Role::Municipality, _) => {
            let own = p.pref.clone().ok_or_else(AppError::forbidden)?;
            if q.prefecture_code.as_ref().is_some_and(|c| *c != own) {
                return Err(AppError::not_found());
            }
            let mut all = by_pref(&app, &own, q.status).await?;
            if p.role == Role::Municipality {
                all.retain(|a| Some(&a.facility.muni) == p.muni.as_ref());
            }
            all
        }
        _ => return Err(AppError::forbidden()),
    };
    Ok(Page::whole(items.iter().map(view).collect()))
}

async fn by_pref(
    app: &App,
    pref: &str,
    status: Option<ApplicationStatus>,
) -> AppResult<Vec<CodeApplicationItem>> {
    Role::Prefecture
        .check_code(pref)
        .map_err(|m| AppError::invalid("prefecture_code", m))?;
    vsys::store::contracts::applications_of(app, pref, status).await
}

/// POST /code-applications/forward — the prefecture sends every application
/// it has received so far to the service desk (とりまとめ結果の提出, Monday AM).
pub async fn forward(State(app): State<App>, User(p): User) -> AppResult<Json<Forwarded>> {
    p.require_role(&[Role::Prefecture])?;
    let pref = p.pref.clone().ok_or_else(AppError::forbidden)?;
    let filed = by_pref(&app, &pref, Some(ApplicationStatus::Filed)).await?;
    let now = app.now();
    let mut forwarded = Vec::new();
    for chunk in filed.chunks(FORWARD_CHUNK) {
        let mut tx = Tx::new();
        for a in chunk {
            let mut next = a.clone();
            next.status = ApplicationStatus::Forwarded;
            next.forwarded_at = Some(now);
            next.version += 1;
            next.set_keys();
            tx.put_versioned(
                to_item(&next)?,
                a.version,
                codes::STALE_VERSION.with("同時に別の操作が行われました。もう一度お試しください。"),
            )
            .audit(audit::record(
                &p.actor(),
                now,
                "code_application_forwarded",
                &format!("code_application:{}", a.id),
                Some(json!({ "status": a.status })),
                Some(json!({ "status": next.status })),
            )?);
            forwarded.push(next);
        }
        tx.commit(&app).await?;
    }
    Ok(Json(Forwarded {
        forwarded: forwarded.len(),
        applications: forwarded.iter().map(view).collect(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignReq {
    /// The code to assign; when absent the next free code is taken.
    code: Option<String>,
    version: u64,
}

/// The next code of the service desk's own range: `9` + prefecture + 7 digits.
async fn next_code(app: &App, pref: &str) -> AppResult<String> {
    let n = next_number(app, ASSIGNED_CODE_COUNTER.0, ASSIGNED_CODE_COUNTER.1).await?;
    if n >= 10_000_000 {
        return Err(AppError::internal("assigned code range exhausted"));
    }
    Ok(format!("9{pref}{n:07}"))
}

/// POST /code-applications/{id}/assign — the service desk assigns a code.
pub async fn assign(
    State(app): State<App>,
    User(p): User,
    Path(id): Path<String>,
    Body(req): Body<AssignReq>,
) -> AppResult<Json<ApplicationView>> {
    p.require_role(&[Role::National])?;
    let a = application(&app, &p, &id).await?;
    if a.status != ApplicationStatus::Forwarded {
        return Err(codes::NOT_FORWARDED.with(format!(
            "この申請は付番できる状態ではありません（状態: {}）。",
            a.status.label_ja()
        )));
    }
    if req.version != a.version {
        return Err(codes::STALE_VERSION
            .with("他の操作で申請が更新されています。画面を読み込み直してください。"));
    }
    let code = match req.code {
        Some(c) => {
            check_facility_code(&c).map_err(|m| AppError::invalid("code", m))?;
            c
        }
        None => next_code(&app, &a.facility.pref).await?,
    };
    let now = app.now();
    let mut entry = CodeItem {
        pk: String::new(),
        sk: String::new(),
        code: code.clone(),
        kind: CodeKind::Medical,
        name: a.facility.name.clone(),
        postal_code: a.facility.postal_code.clone(),
        pref: a.facility.pref.clone(),
        muni: a.facility.muni.clone(),
        address: a.facility.address.clone(),
        phone: Some(a.facility.phone.clone()),
        application_id: Some(a.id.clone()),
        added_at: now,
        version: 1,
    };
    entry.set_keys();
    let mut next = a.clone();
    next.status = ApplicationStatus::Assigned;
    next.assigned_code = Some(code.clone());
    next.assigned_at = Some(now);
    next.version += 1;
    next.set_keys();
    let mut tx = Tx::new();
    tx.put_new(
        to_item(&entry)?,
        AppError::Conflict {
            code: vsys::error::codes::CODE_TAKEN,
            message: "このコードは既に使われています。別のコードを指定してください。".into(),
            field: Some("code".into()),
        },
    )
    .put_versioned(
        to_item(&next)?,
        a.version,
        codes::STALE_VERSION
            .with("他の操作で申請が更新されています。画面を読み込み直してください。"),
    )
    .audit(audit::record(
        &p.actor(),
        now,
        "new_code_assigned",
        &format!("code_application:{id}"),
        Some(json!({ "status": a.status })),
        Some(json!({ "status": next.status, "code": code })),
    )?);
    tx.commit(&app).await?;
    Ok(Json(view(&next)))
}

async fn application(app: &App, p: &Principal, id: &str) -> AppResult<CodeApplicationItem> {
    let a: CodeApplicationItem = vsys::store::contracts::application(app, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let visible = match p.role {
        Role::National => true,
        Role::Prefecture => p.pref.as_ref() == Some(&a.facility.pref),
        Role::Municipality => p.muni.as_ref() == Some(&a.facility.muni),
        _ => false,
    };
    if !visible {
        return Err(AppError::not_found());
    }
    Ok(a)
}

/// GET /code-applications/{id}
pub async fn one(
    State(app): State<App>,
    User(p): User,
    Path(id): Path<String>,
) -> AppResult<Json<ApplicationView>> {
    Ok(Json(view(&application(&app, &p, &id).await?)))
}
