//! The facility lists of municipalities and prefectures (「全医療機関・接種会場
//! の一覧」 with views such as 「市町村内の特設の接種会場」), and one facility's
//! detail with its doctors.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::domain::facility::{Classification, ReservationStatus, SiteType};
use vsys::domain::org::Role;
use vsys::http::{InContext, Page};
use vsys::http::{QueryParams, User};
use vsys::store::facilities::ProfileItem;
use vsys::{App, AppError, AppResult};

use crate::facility::{flags, scoped, view, FacilityView, Flag};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    All,
    /// 市町村内の特設の接種会場
    SpecialVenues,
    WorkplaceVenues,
    /// Venues flagged for a missing doctor.
    WithoutDoctor,
    /// Facilities that have not entered their basic data.
    ProfileMissing,
    Basic,
    Satellite,
}

impl View {
    fn keeps(self, p: &ProfileItem) -> bool {
        let class = p.profile.as_ref().map(|x| x.classification);
        match self {
            View::All => true,
            View::SpecialVenues => class.is_some_and(|c| c.is_special_venue()),
            View::WorkplaceVenues => p.role == Role::Workplace,
            View::WithoutDoctor => p.doctors == 0,
            View::ProfileMissing => p.profile.is_none(),
            View::Basic => p.site_type == SiteType::Basic,
            View::Satellite => p.site_type == SiteType::Satellite,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    prefecture_code: Option<String>,
    municipality_code: Option<String>,
    view: Option<View>,
    cursor: Option<String>,
    limit: Option<i32>,
}

/// The area a listing covers: the caller's own, narrowed (never widened) by
/// the query.
fn area(p: &vsys::auth::Principal, q: &ListQuery) -> AppResult<(String, Option<String>)> {
    let muni_of = |m: &str| -> AppResult<String> {
        Role::Municipality
            .check_code(m)
            .map_err(|msg| AppError::invalid("municipality_code", msg))?;
        Ok(m[..2].to_string())
    };
    match p.role {
        Role::National => {
            if let Some(m) = &q.municipality_code {
                return Ok((muni_of(m)?, Some(m.clone())));
            }
            let pref = q.prefecture_code.clone().ok_or_else(|| {
                AppError::invalid("prefecture_code", "都道府県コードを指定してください。")
            })?;
            Role::Prefecture
                .check_code(&pref)
                .map_err(|m| AppError::invalid("prefecture_code", m))?;
            Ok((pref, None))
        }
        Role::Prefecture => {
            let own = p.pref.clone().ok_or_else(AppError::forbidden)?;
            if q.prefecture_code.as_ref().is_some_and(|c| *c != own) {
                return Err(AppError::not_found());
            }
            match &q.municipality_code {
                Some(m) if muni_of(m)? != own => Err(AppError::not_found()),
                m => Ok((own, m.clone())),
            }
        }
        Role::Municipality => {
            let (Some(pref), Some(muni)) = (p.pref.clone(), p.muni.clone()) else {
                return Err(AppError::forbidden());
            };
            if q.municipality_code.as_ref().is_some_and(|m| *m != muni)
                || q.prefecture_code.as_ref().is_some_and(|c| *c != pref)
            {
                return Err(AppError::not_found());
            }
            Ok((pref, Some(muni)))
        }
        _ => Err(AppError::forbidden()),
    }
}

/// GET /facilities — one page of the facilities in the caller's area, in
/// municipality order, kept by `view`. Pages may come back shorter than
/// `limit` when a view skips facilities; follow `next_cursor` to the end.
pub async fn list(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<ListQuery>,
) -> AppResult<InContext<ListContext, FacilityRow>> {
    let (pref, muni) = area(&p, &q)?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            "limit は1〜500で指定してください。",
        ));
    }
    let view_kind = q.view.unwrap_or(View::All);
    let page =
        vsys::store::facilities::of_area(&app, &pref, muni.as_deref(), limit, q.cursor.as_deref())
            .await?;
    let rows = page
        .items
        .iter()
        .filter(|f| view_kind.keeps(f))
        .map(|f| {
            let prof = f.profile.as_ref();
            FacilityRow {
                organisation_id: f.org_id.clone(),
                role: f.role,
                code: f.code.clone(),
                name: f.name.clone(),
                municipality_code: f.muni.clone(),
                classification: prof.map(|x| x.classification),
                classification_label: prof.map(|x| x.classification.label_ja()),
                address: prof.map(|x| x.address.to_string()),
                site_type: f.site_type,
                site_type_label: f.site_type.label_ja(),
                reservation_status: f.reservation_status,
                reservation_status_label: f.reservation_status.label_ja(),
                doctors: f.doctors,
                flags: flags(f),
            }
        })
        .collect();
    Ok(Page::new(rows, page.next).with(ListContext {
        prefecture_code: pref,
        municipality_code: muni,
        view: view_kind,
    }))
}

/// One row of the facilities list (施設一覧).
#[derive(Debug, Serialize)]
pub struct FacilityRow {
    pub organisation_id: String,
    pub role: Role,
    pub code: String,
    pub name: String,
    pub municipality_code: String,
    pub classification: Option<Classification>,
    pub classification_label: Option<&'static str>,
    pub address: Option<String>,
    pub site_type: SiteType,
    pub site_type_label: &'static str,
    pub reservation_status: ReservationStatus,
    pub reservation_status_label: &'static str,
    pub doctors: u64,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Serialize)]
pub struct ListContext {
    pub prefecture_code: String,
    pub municipality_code: Option<String>,
    pub view: View,
}

/// A facility as the municipality's detail shows it, with its doctors.
#[derive(Debug, Serialize)]
pub struct DetailView {
    #[serde(flatten)]
    pub facility: FacilityView,
    pub doctor_list: Vec<DoctorRow>,
}

#[derive(Debug, Serialize)]
pub struct DoctorRow {
    pub doctor_id: String,
    pub name: String,
    pub kana: String,
    pub vaccines: Vec<String>,
}

/// GET /facilities/{org_id} — a facility within the caller's scope, with its doctors.
pub async fn detail(
    State(app): State<App>,
    User(p): User,
    Path(org_id): Path<String>,
) -> AppResult<Json<DetailView>> {
    let f = scoped(&app, &p, &org_id).await?;
    let doctors = crate::doctors::of(&app, &f.org.org_id).await?;
    Ok(Json(DetailView {
        facility: view(&f),
        doctor_list: doctors
            .iter()
            .map(|d| DoctorRow {
                doctor_id: d.id.clone(),
                name: d.doctor.name.to_string(),
                kana: d.doctor.kana.to_string(),
                vaccines: d.doctor.vaccines.iter().map(|v| v.to_string()).collect(),
            })
            .collect(),
    }))
}
