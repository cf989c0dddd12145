//! A facility's own profile (医療機関・接種会場の詳細), reservation status and
//! readiness. A workplace venue's change of its contact e-mail is not applied
//! here: it waits for the national office, which issues the new ID.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::domain::account::{check_email, check_phone};
use vsys::domain::calendar::{add_business_days, jst_date};
use vsys::domain::facility::{
    check_facility_code, check_homepage, check_postal_code, readiness as checks, Classification,
    Founder, ReadinessCheck, ReservationStatus,
};
use vsys::domain::org::Role;
use vsys::http::{Body, User};
use vsys::store::facilities::{
    contact_key, Contact, ContactChangeItem, ContactChangeStatus, Profile, ProfileItem,
};
use vsys::store::supply::vaccine_names;
use vsys::store::{audit, orgs, to_item, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::facility::{check_vaccine, own, stale, view, Facility, FacilityView, Flag};

/// GET /facility
pub async fn get(State(app): State<App>, User(p): User) -> AppResult<Json<OwnView>> {
    let mut batch = Batch::new();
    let change = batch.add::<ContactChangeItem>(contact_key(&p.org_id));
    let (f, mut got) = own(&app, &p, batch).await?;
    let change = got.take(change)?;
    Ok(Json(OwnView {
        facility: view(&f),
        contact_change: change.as_ref().map(contact_change_view),
        message: None,
    }))
}

/// The facility as its own screen shows it: with its pending change of
/// contact, and after a save the message that explains what happens next.
#[derive(Debug, Serialize)]
pub struct OwnView {
    #[serde(flatten)]
    pub facility: FacilityView,
    pub contact_change: Option<ContactChangeView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactChangeView {
    pub organisation_id: String,
    pub organisation_name: String,
    pub status: ContactChangeStatus,
    pub status_label: &'static str,
    pub old_email: String,
    pub new_contact: Contact,
    pub requested_at: String,
    pub due: String,
    pub new_vsys_id: Option<String>,
    pub disabled_vsys_ids: Vec<String>,
    pub comment: Option<String>,
    pub version: u64,
    /// Only in the national office's list: past its due date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
}

pub fn contact_change_view(c: &ContactChangeItem) -> ContactChangeView {
    ContactChangeView {
        organisation_id: c.org_id.clone(),
        organisation_name: c.org_name.clone(),
        status: c.status,
        status_label: match c.status {
            ContactChangeStatus::Pending => "国の確認待ち（新しいV-SYS IDを発行します）",
            ContactChangeStatus::Approved => "新しいV-SYS IDを発行しました",
            ContactChangeStatus::Rejected => "変更は承認されませんでした",
        },
        old_email: c.old_email.clone(),
        new_contact: c.new_contact.clone(),
        requested_at: vsys::clock::to_jst_display(c.requested_at),
        due: c.due.clone(),
        new_vsys_id: c.new_vsys_id.clone(),
        disabled_vsys_ids: c.disabled_vsys_ids.clone(),
        comment: c.comment.clone(),
        version: c.version,
        overdue: None,
    }
}

fn bad(field: &str, msg: &str) -> AppError {
    AppError::invalid(field, msg)
}

fn check_contact(field: &str, c: &Contact) -> AppResult<()> {
    check_phone(&c.phone).map_err(|m| bad(&format!("{field}.phone"), m))?;
    check_email(&c.email).map_err(|m| bad(&format!("{field}.email"), m))
}

/// The checks a profile needs beyond its types, each naming its field.
fn check(p: &Profile, role: Role) -> AppResult<()> {
    check_postal_code(&p.postal_code).map_err(|m| bad("profile.postal_code", m))?;
    check_phone(&p.phone).map_err(|m| bad("profile.phone", m))?;
    if let Some(fax) = &p.fax {
        check_phone(fax).map_err(|m| bad("profile.fax", m))?;
    }
    if let Some(h) = &p.homepage {
        check_homepage(h).map_err(|m| bad("profile.homepage", m))?;
    }
    for (name, v) in [
        ("freezers_minus75", p.freezers_minus75),
        ("freezers_minus20", p.freezers_minus20),
    ] {
        if v.is_some_and(|n| n > 99) {
            return Err(bad(
                &format!("profile.{name}"),
                "ディープフリーザーの台数は0〜99台で入力してください。",
            ));
        }
    }
    let r = &p.responsible;
    for (name, person) in [
        ("vaccination", &r.vaccination),
        ("storage", &r.storage),
        ("needles_syringes", &r.needles_syringes),
        ("holiday_contact", &r.holiday_contact),
    ] {
        if let Some(x) = person {
            check_phone(&x.phone)
                .map_err(|m| bad(&format!("profile.responsible.{name}.phone"), m))?;
        }
    }
    if let Some(c) = &p.contacts.primary {
        check_contact("profile.contacts.primary", c)?;
    }
    if let Some(c) = &p.contacts.company {
        check_contact("profile.contacts.company", c)?;
    }
    if let Some(c) = &p.care_code {
        check_facility_code(c).map_err(|m| bad("profile.care_code", m))?;
    } else if p.classification == Classification::CareFacility {
        return Err(bad(
            "profile.care_code",
            "介護医療院・介護老人保健施設は介護保険事業所番号（10桁）を入力してください。",
        ));
    }
    let founder_needed = match p.classification {
        Classification::MunicipalVenue => Some(Founder::Municipality),
        Classification::PrefecturalVenue => Some(Founder::Prefecture),
        _ => None,
    };
    if founder_needed.is_some_and(|f| f != p.founder) {
        return Err(bad(
            "profile.founder",
            "施設分類と設置主体が合っていません（市町村運営の特設会場は市町村、都道府県運営の特設会場は都道府県）。",
        ));
    }
    if (role == Role::Workplace) != (p.classification == Classification::WorkplaceVenue) {
        return Err(bad(
            "profile.classification",
            if role == Role::Workplace {
                "職域接種会場の施設分類は「職域接種会場」です。"
            } else {
                "「職域接種会場」は職域接種のアカウントでのみ選べます。"
            },
        ));
    }
    Ok(())
}

/// The checks that read master data: the vaccine and the aggregator.
async fn check_masters(app: &App, p: &Profile) -> AppResult<()> {
    if let Some(v) = &p.vaccine {
        check_vaccine("profile.vaccine", v, &vaccine_names(app).await?)?;
    }
    if let Some(code) = &p.aggregator_code {
        let agg = orgs::find(app, &Role::Aggregator.org_id(code)).await?;
        if agg.is_none() {
            return Err(bad(
                "profile.aggregator_code",
                "このとりまとめ団体のコードは登録されていません。",
            ));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileReq {
    profile: Profile,
    /// The version read (0 when the facility has never saved its profile).
    version: u64,
}

/// The pending change when a workplace venue names a new e-mail for its
/// primary contact; the saved profile keeps the current contact meanwhile.
fn contact_change(
    app: &App,
    p: &vsys::auth::Principal,
    f: &Facility,
    profile: &mut Profile,
    before: Option<&ContactChangeItem>,
) -> Option<ContactChangeItem> {
    if f.org.role != Role::Workplace {
        return None;
    }
    let old = f
        .profile
        .profile
        .as_ref()
        .and_then(|x| x.contacts.primary.clone())?;
    let new = profile.contacts.primary.clone()?;
    if old.email.eq_ignore_ascii_case(&new.email) {
        return None;
    }
    profile.contacts.primary = Some(old.clone());
    let now = app.now();
    let mut item = ContactChangeItem {
        pk: String::new(),
        sk: String::new(),
        gsi2pk: None,
        gsi2sk: None,
        org_id: f.org.org_id.clone(),
        org_name: profile.name.to_string(),
        pref: f.profile.pref.clone(),
        muni: f.profile.muni.clone(),
        old_email: old.email.to_string(),
        new_contact: new,
        requested_at: now,
        requested_by: p.vsys_id.clone(),
        due: add_business_days(jst_date(now), 5).to_string(),
        status: ContactChangeStatus::Pending,
        decided_at: None,
        decided_by: None,
        new_vsys_id: None,
        disabled_vsys_ids: Vec::new(),
        comment: None,
        version: before.map_or(1, |b| b.version + 1),
    };
    item.set_keys();
    Some(item)
}

/// PUT /facility — saves the whole profile (the screen sends its form).
pub async fn put(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<ProfileReq>,
) -> AppResult<Json<OwnView>> {
    let mut batch = Batch::new();
    let change_slot = batch.add::<ContactChangeItem>(contact_key(&p.org_id));
    let (f, mut got) = own(&app, &p, batch).await?;
    let before_change = got.take(change_slot)?;
    if req.version != f.profile.version {
        return Err(stale());
    }
    let mut profile = req.profile;
    check(&profile, f.org.role)?;
    check_masters(&app, &profile).await?;
    let now = app.now();
    let change = contact_change(&app, &p, &f, &mut profile, before_change.as_ref());

    let mut next = f.profile.clone();
    next.name = profile.name.to_string();
    if profile.contacts.primary.is_some() {
        next.contacts_confirmed_at = Some(now);
    }
    next.profile = Some(profile);
    next.updated_at = Some(now);
    next.updated_by = Some(p.vsys_id.clone());
    next.version = f.profile.version + 1;

    let mut tx = Tx::new();
    next.write_in(&mut tx, f.profile.version, stale())?;
    tx.audit(audit::record(
        &p.actor(),
        now,
        "facility_profile_saved",
        &format!("facility:{}", f.org.org_id),
        serde_json::to_value(&f.profile.profile).ok(),
        serde_json::to_value(&next.profile).ok(),
    )?);
    // The organisation's name follows the facility's (lists, registrations).
    if next.name != f.org.name {
        let mut org = f.org.clone();
        org.name = next.name.clone();
        org.version += 1;
        tx.put_versioned(to_item(&org)?, f.org.version, stale());
    }
    if let Some(c) = &change {
        tx.put_versioned(
            to_item(c)?,
            before_change.as_ref().map_or(0, |b| b.version),
            stale(),
        );
        tx.audit(audit::record(
            &p.actor(),
            now,
            "contact_change_requested",
            &format!("facility:{}", f.org.org_id),
            Some(json!({ "email": c.old_email })),
            Some(json!({ "email": c.new_contact.email, "due": c.due })),
        )?);
    }
    tx.commit(&app).await?;
    Ok(Json(OwnView {
        facility: view(&Facility {
            org: f.org,
            profile: next,
        }),
        contact_change: change.as_ref().map(contact_change_view),
        message: change.as_ref().map(|c| format!(
            "担当者のメールアドレスの変更を受け付けました。国の確認後、{}までを目安に新しいV-SYS IDを発行し、変更前のIDは使用できなくなります。それまでは現在のIDをお使いください。",
            c.due
        )),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationReq {
    status: ReservationStatus,
}

/// PUT /facility/reservation-status — 予約の受付情報の変更.
pub async fn reservation_status(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<ReservationReq>,
) -> AppResult<Json<ReservationView>> {
    let (f, _) = own(&app, &p, Batch::new()).await?;
    let now = app.now();
    let mut next: ProfileItem = f.profile.clone();
    next.reservation_status = req.status;
    next.reservation_updated_at = Some(now);
    next.version += 1;
    let mut tx = Tx::new();
    next.write_in(&mut tx, f.profile.version, stale())?;
    tx.audit(audit::record(
        &p.actor(),
        now,
        "reservation_status_set",
        &format!("facility:{}", f.org.org_id),
        Some(json!({ "status": f.profile.reservation_status })),
        Some(json!({ "status": req.status })),
    )?);
    tx.commit(&app).await?;
    Ok(Json(ReservationView {
        reservation_status: next.reservation_status,
        reservation_status_label: next.reservation_status.label_ja(),
        reservation_updated_at: vsys::clock::to_jst_display(now),
    }))
}

#[derive(Debug, Serialize)]
pub struct ReservationView {
    pub reservation_status: ReservationStatus,
    pub reservation_status_label: &'static str,
    pub reservation_updated_at: String,
}

/// GET /facility/readiness — the checklist before registering a plan.
pub async fn readiness(State(app): State<App>, User(p): User) -> AppResult<Json<ReadinessView>> {
    let (f, _) = own(&app, &p, Batch::new()).await?;
    let list = checks(f.profile.readiness_facts());
    Ok(Json(ReadinessView {
        organisation_id: f.org.org_id,
        ready: list.iter().all(|c| c.ok),
        checks: list,
        flags: crate::facility::flags(&f.profile),
    }))
}

#[derive(Debug, Serialize)]
pub struct ReadinessView {
    pub organisation_id: String,
    pub ready: bool,
    pub checks: Vec<ReadinessCheck>,
    pub flags: Vec<Flag>,
}
