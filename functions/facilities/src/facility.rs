//! What every facility handler shares: reading a facility (its organisation
//! and profile, in one batch with whatever else the handler needs), the view
//! every screen shows, and the checks against the product master.

use serde::Serialize;
use vsys::auth::Principal;
use vsys::clock::to_jst_display;
use vsys::domain::facility::{readiness, ReadinessCheck, ReservationStatus, SiteType};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::store::batch::Got;
use vsys::store::facilities::{Profile, ProfileItem};
use vsys::store::Batch;
use vsys::{App, AppError, AppResult};

pub use vsys::store::facilities::{read, Facility};

/// The caller's own facility (sites and workplace venues only).
pub async fn own(app: &App, p: &Principal, batch: Batch) -> AppResult<(Facility, Got)> {
    p.require_role(&[Role::Site, Role::Workplace])?;
    read(app, &p.org_id, batch)
        .await?
        .ok_or_else(AppError::forbidden)
}

/// A facility the caller's scope covers; 404 otherwise (absent and outside
/// look the same).
pub async fn scoped(app: &App, p: &Principal, org_id: &str) -> AppResult<Facility> {
    let (f, _) = read(app, org_id, Batch::new())
        .await?
        .ok_or_else(AppError::not_found)?;
    if !p.covers(&f.org.org_ref()) {
        return Err(AppError::not_found());
    }
    Ok(f)
}

pub fn stale() -> AppError {
    codes::STALE_VERSION.with("他の操作で施設情報が更新されています。画面を読み込み直してから、もう一度保存してください。")
}

pub fn check_vaccine(field: &str, name: &str, known: &[String]) -> AppResult<()> {
    if known.iter().any(|k| k == name) {
        Ok(())
    } else {
        Err(AppError::invalid(
            field,
            format!(
                "ワクチン「{name}」はマスタにありません。次から選んでください: {}",
                known.join("、")
            ),
        ))
    }
}

/// A flag shown wherever a facility's readiness is shown.
#[derive(Debug, Serialize)]
pub struct Flag {
    pub flag: &'static str,
    pub label: &'static str,
}

pub fn flags(p: &ProfileItem) -> Vec<Flag> {
    let mut f = Vec::new();
    if p.profile.is_none() {
        f.push(Flag {
            flag: "profile_missing",
            label: "基本情報が未登録です",
        });
    }
    if p.doctors == 0 {
        f.push(Flag {
            flag: "no_doctor",
            label: "接種担当医師が未登録です",
        });
    }
    f
}

/// The facility as its own screen and the municipality's detail show it.
#[derive(Debug, Serialize)]
pub struct FacilityView {
    pub organisation_id: String,
    pub role: Role,
    pub code: String,
    pub name: String,
    pub prefecture_code: String,
    pub municipality_code: String,
    pub profile_entered: bool,
    pub profile: Option<Profile>,
    pub classification_label: Option<&'static str>,
    pub founder_label: Option<&'static str>,
    pub public_listing_label: Option<&'static str>,
    pub reservation_status: ReservationStatus,
    pub reservation_status_label: &'static str,
    pub reservation_updated_at: Option<String>,
    pub site_type: SiteType,
    pub site_type_label: &'static str,
    pub basic_site_id: Option<String>,
    pub satellites: u64,
    pub doctors: u64,
    pub readiness: Vec<ReadinessCheck>,
    pub ready: bool,
    pub flags: Vec<Flag>,
    pub contacts_confirmed_at: Option<String>,
    pub updated_at: Option<String>,
    pub version: u64,
}

pub fn view(f: &Facility) -> FacilityView {
    let p = &f.profile;
    let checks = readiness(p.readiness_facts());
    let profile = p.profile.as_ref();
    FacilityView {
        organisation_id: f.org.org_id.clone(),
        role: f.org.role,
        code: f.org.code.clone(),
        name: p.name.clone(),
        prefecture_code: p.pref.clone(),
        municipality_code: p.muni.clone(),
        profile_entered: profile.is_some(),
        profile: profile.cloned(),
        classification_label: profile.map(|x| x.classification.label_ja()),
        founder_label: profile.map(|x| x.founder.label_ja()),
        public_listing_label: profile.map(|x| x.public_listing.label_ja()),
        reservation_status: p.reservation_status,
        reservation_status_label: p.reservation_status.label_ja(),
        reservation_updated_at: p.reservation_updated_at.map(to_jst_display),
        site_type: p.site_type,
        site_type_label: p.site_type.label_ja(),
        basic_site_id: p.basic_site_id.clone(),
        satellites: p.satellites,
        doctors: p.doctors,
        ready: checks.iter().all(|c| c.ok),
        readiness: checks,
        flags: flags(p),
        contacts_confirmed_at: p.contacts_confirmed_at.map(to_jst_display),
        updated_at: p.updated_at.map(to_jst_display),
        version: p.version,
    }
}
