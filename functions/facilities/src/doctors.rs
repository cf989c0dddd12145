//! 接種担当医師: at least one per venue. The profile counts the doctors in the
//! same transaction as every add and delete, so "the last one" is decided on
//! a version nobody else has moved.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::domain::account::{check_email, check_phone};
use vsys::error::codes;
use vsys::http::{Body, User};
use vsys::http::{InContext, Page};
use vsys::store::facilities::{doctor_key, doctor_sk, Doctor, DoctorItem, DOCTOR_COUNTER};
use vsys::store::supply::vaccine_names;
use vsys::store::{audit, next_number, orgs, to_item, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::facility::{check_vaccine, own, stale, Flag};

#[derive(Debug, Serialize)]
pub struct DoctorView {
    pub doctor_id: String,
    #[serde(flatten)]
    pub doctor: Doctor,
    pub updated_at: String,
    pub version: u64,
}

fn doctor_view(d: &DoctorItem) -> DoctorView {
    DoctorView {
        doctor_id: d.id.clone(),
        doctor: d.doctor.clone(),
        updated_at: vsys::clock::to_jst_display(d.updated_at),
        version: d.version,
    }
}

/// The doctors' list carries the facility's flags (「接種担当医師が未登録です」).
#[derive(Debug, Serialize)]
pub struct DoctorsContext {
    pub flags: Vec<Flag>,
}

#[derive(Debug, Serialize)]
pub struct Deleted {
    pub deleted: String,
    /// Doctors left.
    pub doctors: u64,
}

async fn check(app: &App, d: &Doctor) -> AppResult<()> {
    if let Some(p) = &d.phone {
        check_phone(p).map_err(|m| AppError::invalid("phone", m))?;
    }
    if let Some(e) = &d.email {
        check_email(e).map_err(|m| AppError::invalid("email", m))?;
    }
    if !d
        .kana
        .chars()
        .all(|c| ('\u{3041}'..='\u{3096}').contains(&c) || matches!(c, 'ー' | '　' | ' ' | '・'))
    {
        return Err(AppError::invalid(
            "kana",
            "氏名（かな）はひらがなで入力してください。",
        ));
    }
    if !d.vaccines.is_empty() {
        let known = vaccine_names(app).await?;
        for (i, v) in d.vaccines.iter().enumerate() {
            check_vaccine(&format!("vaccines[{i}]"), v, &known)?;
        }
    }
    Ok(())
}

/// GET /facility/doctors
pub async fn list(
    State(app): State<App>,
    User(p): User,
) -> AppResult<InContext<DoctorsContext, DoctorView>> {
    let (f, _) = own(&app, &p, Batch::new()).await?;
    let doctors = of(&app, &f.org.org_id).await?;
    let items = doctors.iter().map(doctor_view).collect::<Vec<_>>();
    Ok(Page::whole(items).with(DoctorsContext {
        flags: crate::facility::flags(&f.profile),
    }))
}

pub async fn of(app: &App, org_id: &str) -> AppResult<Vec<DoctorItem>> {
    vsys::store::facilities::doctors_of(app, org_id).await
}

/// POST /facility/doctors — 新規医師情報.
pub async fn add(
    State(app): State<App>,
    User(p): User,
    Body(doctor): Body<Doctor>,
) -> AppResult<(StatusCode, Json<DoctorView>)> {
    let (f, _) = own(&app, &p, Batch::new()).await?;
    check(&app, &doctor).await?;
    let now = app.now();
    let n = next_number(&app, &orgs::pk(&f.org.org_id), DOCTOR_COUNTER).await?;
    let id = format!("{n:03}");
    let item = DoctorItem {
        pk: orgs::pk(&f.org.org_id),
        sk: doctor_sk(&id),
        id: id.clone(),
        org_id: f.org.org_id.clone(),
        doctor,
        updated_at: now,
        updated_by: p.vsys_id.clone(),
        version: 1,
    };
    let mut profile = f.profile.clone();
    profile.doctors += 1;
    profile.version += 1;
    let mut tx = Tx::new();
    profile.write_in(&mut tx, f.profile.version, stale())?;
    tx.put_new(to_item(&item)?, stale());
    tx.audit(audit::record(
        &p.actor(),
        now,
        "doctor_added",
        &format!("facility:{}", f.org.org_id),
        None,
        Some(json!(doctor_view(&item))),
    )?);
    tx.commit(&app).await?;
    Ok((StatusCode::CREATED, Json(doctor_view(&item))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditReq {
    doctor: Doctor,
    version: u64,
}

async fn one(
    app: &App,
    p: &vsys::auth::Principal,
    id: &str,
) -> AppResult<(crate::facility::Facility, DoctorItem)> {
    let mut batch = Batch::new();
    let doctor = batch.add::<DoctorItem>(doctor_key(&p.org_id, id));
    let (f, mut got) = own(app, p, batch).await?;
    let d = got.take(doctor)?.ok_or_else(AppError::not_found)?;
    Ok((f, d))
}

/// PUT /facility/doctors/{doctor_id}
pub async fn edit(
    State(app): State<App>,
    User(p): User,
    Path(id): Path<String>,
    Body(req): Body<EditReq>,
) -> AppResult<Json<DoctorView>> {
    let (f, before) = one(&app, &p, &id).await?;
    if req.version != before.version {
        return Err(stale());
    }
    check(&app, &req.doctor).await?;
    let now = app.now();
    let mut next = before.clone();
    next.doctor = req.doctor;
    next.updated_at = now;
    next.updated_by = p.vsys_id.clone();
    next.version += 1;
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, before.version, stale())
        .audit(audit::record(
            &p.actor(),
            now,
            "doctor_edited",
            &format!("facility:{}", f.org.org_id),
            Some(json!(doctor_view(&before))),
            Some(json!(doctor_view(&next))),
        )?);
    tx.commit(&app).await?;
    Ok(Json(doctor_view(&next)))
}

/// DELETE /facility/doctors/{doctor_id} — refused for the venue's last doctor.
pub async fn remove(
    State(app): State<App>,
    User(p): User,
    Path(id): Path<String>,
) -> AppResult<Json<Deleted>> {
    let (f, d) = one(&app, &p, &id).await?;
    if f.profile.doctors <= 1 {
        return Err(AppError::from(codes::LAST_DOCTOR));
    }
    let now = app.now();
    let mut profile = f.profile.clone();
    profile.doctors -= 1;
    profile.version += 1;
    let mut tx = Tx::new();
    profile.write_in(&mut tx, f.profile.version, stale())?;
    tx.delete_versioned((&d.pk, &d.sk), d.version, stale());
    tx.audit(audit::record(
        &p.actor(),
        now,
        "doctor_deleted",
        &format!("facility:{}", f.org.org_id),
        Some(json!(doctor_view(&d))),
        None,
    )?);
    tx.commit(&app).await?;
    Ok(Json(Deleted {
        deleted: id,
        doctors: profile.doctors,
    }))
}
