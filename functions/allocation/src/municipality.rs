//! A municipality's part: once the nation locked its prefecture, it sees its
//! allocation, marks 確認済, splits it over its basic sites and special
//! venues that registered for the cool (pre-filled from their
//! registrations, capped by the weekly planned doses from a site's third
//! delivery round), and marks 分配完了. In the training stage its three
//! dummy facilities may receive too. Every write checks, in its own
//! transaction, that the prefecture has not locked its municipalities.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use vsys::domain::allocation::{after_step, fill_requests, Boxes, Status, Step};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::export::{ExportQuery, Sheet};
use vsys::http::{Body, QueryParams, User};
use vsys::masterdata::census;
use vsys::store::allocations::{self, MuniItem, PrefItem, SiteRow};
use vsys::store::registrations::RegistrationItem;
use vsys::store::{audit, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::common::{
    add_cool, check_rows, locked, refused, same_version, stale, status_view, Cool, CoolBrief,
    RowReq, StatusView, VersionReq,
};
use crate::prefecture::{checks_of, Checks};

/// The municipality itself writes; its prefecture and the nation read.
fn scope(p: &vsys::auth::Principal, muni: &str) -> AppResult<bool> {
    match p.role {
        Role::Municipality if p.muni.as_deref() == Some(muni) => Ok(true),
        Role::Prefecture if p.pref.as_deref() == muni.get(..2) => Ok(false),
        Role::National => Ok(false),
        _ => Err(AppError::not_found()),
    }
}

fn writer(p: &vsys::auth::Principal, muni: &str) -> AppResult<()> {
    if scope(p, muni)? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

struct Read {
    cool: Cool,
    pref: Option<PrefItem>,
    item: Option<MuniItem>,
    /// Who may receive: the sites registered for the cool (and, in the
    /// training stage, the municipality's three dummy facilities).
    recipients: Vec<Recipient>,
}

/// A site the municipality may give boxes to.
struct Recipient {
    site_id: String,
    site_name: String,
    /// What it registered, capped where its delivery round caps it.
    requested: Boxes,
    weekly_planned_doses: Option<u64>,
    delivery_round: u32,
    cap_doses: Option<u64>,
}

impl Recipient {
    fn of(r: &RegistrationItem, doses_per_pack: Option<u64>) -> Recipient {
        Recipient {
            site_id: r.site_id.clone(),
            site_name: r.site_name.clone(),
            requested: requested(r, doses_per_pack),
            weekly_planned_doses: r.weekly_planned_doses,
            delivery_round: r.delivery_round,
            cap_doses: r.cap_doses,
        }
    }
}

/// The registered sites, and in training the dummy facilities that did not
/// register (nobody signs in as them: seed 001's rounds give them boxes).
fn recipients_of(app: &App, muni: &str, regs: &[RegistrationItem], per: Option<u64>) -> Vec<Recipient> {
    let mut out: Vec<Recipient> = regs.iter().map(|r| Recipient::of(r, per)).collect();
    if app.training() {
        for f in vsys::masterdata::training_facilities(muni) {
            let id = f.org_id();
            if !out.iter().any(|r| r.site_id == id) {
                out.push(Recipient {
                    site_id: id,
                    site_name: f.name.to_string(),
                    requested: Boxes::default(),
                    weekly_planned_doses: None,
                    delivery_round: 0,
                    cap_doses: None,
                });
            }
        }
    }
    out
}

async fn read(app: &App, cool_id: &str, muni: &str) -> AppResult<Read> {
    let m = census().municipality(muni).ok_or_else(AppError::not_found)?;
    let mut batch = Batch::new();
    let cool = add_cool(&mut batch, cool_id);
    let pref = batch.add::<PrefItem>(allocations::pref_key(cool_id, &m.pref));
    let item = batch.add::<MuniItem>(allocations::muni_key(cool_id, muni));
    let mut got = batch.read(app).await?;
    let cool = cool.take(&mut got)?;
    let regs = vsys::store::registrations::all_of_cool(app, cool_id, Some(&m.pref), Some(muni)).await?;
    let per = cool.product.as_ref().map(|p| p.doses_per_pack());
    Ok(Read {
        recipients: recipients_of(app, muni, &regs, per),
        cool,
        pref: got.take(pref)?,
        item: got.take(item)?,
    })
}

/// The prefecture's split as this municipality acts on it: passed down by
/// the nation's lock.
fn passed_down(pref: Option<&PrefItem>) -> AppResult<&PrefItem> {
    pref.filter(|p| p.passed_down())
        .ok_or_else(|| AppError::from(codes::ALLOCATION_NOT_PUBLISHED))
}

/// The municipality's screen.
#[derive(Debug, Serialize)]
pub struct MuniView {
    pub cool: CoolBrief,
    pub code: String,
    pub name: String,
    pub prefecture_code: String,
    /// What the prefecture gave (absent until the nation locked it).
    pub allocated: Option<Boxes>,
    #[serde(flatten)]
    pub status: StatusView,
    pub version: u64,
    /// Whether `rows` are a saved split (otherwise the default, unsaved).
    pub saved: bool,
    pub rows: Vec<SiteSplitRow>,
    pub split_sum: Boxes,
    pub remaining: Boxes,
    pub checks: Checks,
    pub doses_per_pack: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct SiteSplitRow {
    /// The site's id (the `code` of its row in a split request).
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub boxes: Boxes,
    /// What the site registered (希望量), capped where its round caps it.
    pub requested: Boxes,
    pub weekly_planned_doses: Option<u64>,
    pub delivery_round: u32,
    /// From the third delivery round: at most this many doses.
    pub cap_doses: Option<u64>,
}

/// Packs a registration asks for, within its cap.
fn requested(r: &RegistrationItem, doses_per_pack: Option<u64>) -> Boxes {
    let cap_packs = match (r.cap_doses, doses_per_pack) {
        (Some(cap), Some(per)) if per > 0 => cap / per,
        _ => u64::MAX,
    };
    Boxes {
        vaccine: r.packs.min(cap_packs),
        needles: r.needle_boxes,
        syringes: r.syringe_boxes,
    }
}

fn status_of(item: Option<&MuniItem>, pref: Option<&PrefItem>) -> Status {
    match pref {
        Some(p) if p.final_below() => Status::Locked,
        Some(p) if p.passed_down() => item.map_or(Status::Unconfirmed, |m| m.status),
        _ => Status::Unpublished,
    }
}

fn view(cool: &Cool, muni: &str, pref: Option<&PrefItem>, item: Option<&MuniItem>, recipients: &[Recipient]) -> MuniView {
    let m = census().municipality(muni);
    let allocated = pref.filter(|p| p.passed_down()).map(|p| p.for_municipality(muni));
    let per = cool.product.as_ref().map(|p| p.doses_per_pack());
    let saved = item.filter(|i| i.split_saved_at.is_some());
    let boxes: Vec<Boxes> = match saved {
        Some(i) => {
            let by: HashMap<&str, Boxes> = i.split.iter().map(|r| (r.site_id.as_str(), r.boxes)).collect();
            recipients
                .iter()
                .map(|r| by.get(r.site_id.as_str()).copied().unwrap_or_default())
                .collect()
        }
        None => fill_requests(allocated.unwrap_or_default(), &asks(recipients)),
    };
    let rows: Vec<SiteSplitRow> = recipients
        .iter()
        .zip(boxes)
        .map(|(r, b)| SiteSplitRow {
            code: r.site_id.clone(),
            name: r.site_name.clone(),
            boxes: b,
            requested: r.requested,
            weekly_planned_doses: r.weekly_planned_doses,
            delivery_round: r.delivery_round,
            cap_doses: r.cap_doses,
        })
        .collect();
    let split_sum = Boxes::sum(rows.iter().map(|r| &r.boxes));
    let a = allocated.unwrap_or_default();
    MuniView {
        cool: cool.brief(),
        code: muni.to_string(),
        name: m.map(|m| m.name.clone()).unwrap_or_default(),
        prefecture_code: m.map(|m| m.pref.clone()).unwrap_or_default(),
        allocated,
        status: status_view(status_of(item, pref)),
        version: item.map_or(0, |i| i.version),
        saved: saved.is_some(),
        remaining: a.remaining(split_sum),
        checks: checks_of(a, Some(split_sum)),
        split_sum,
        rows,
        doses_per_pack: per,
    }
}

fn asks(recipients: &[Recipient]) -> Vec<(String, Boxes)> {
    recipients.iter().map(|r| (r.site_id.clone(), r.requested)).collect()
}

/// GET /cools/{cool_id}/allocation/municipalities/{muni}
pub async fn get(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, muni)): Path<(String, String)>,
) -> AppResult<Json<MuniView>> {
    scope(&p, &muni)?;
    let r = read(&app, &cool_id, &muni).await?;
    Ok(Json(view(&r.cool, &muni, r.pref.as_ref(), r.item.as_ref(), &r.recipients)))
}

/// Writes `next` (held by the prefecture's lock state) with its audit record.
async fn save_step(app: &App, p: &vsys::auth::Principal, r: &Read, next: MuniItem, action: &str) -> AppResult<Json<MuniView>> {
    let read_version = r.item.as_ref().map_or(0, |i| i.version);
    let mut tx = Tx::new();
    allocations::write_in(&mut tx, &next, read_version, stale())?;
    allocations::below_still_open_in(&mut tx, &next.cool_id, &next.pref, locked());
    tx.audit(audit::record(
        &p.actor(),
        next.updated_at,
        action,
        &format!("allocation:{}:{}", next.cool_id, next.muni),
        r.item.as_ref().map(|b| serde_json::json!({"status": b.status, "split": b.split})),
        Some(serde_json::json!({"status": next.status, "split": next.split})),
    )?);
    tx.commit(app).await?;
    tracing::info!(kind = action, cool = %next.cool_id, muni = %next.muni, "municipal allocation step");
    Ok(Json(view(&r.cool, &next.muni, r.pref.as_ref(), Some(&next), &r.recipients)))
}

/// The item a step starts from (a new one on the first step) and its status.
fn current(app: &App, p: &vsys::auth::Principal, r: &Read, muni: &str, version: u64) -> AppResult<MuniItem> {
    let pref = passed_down(r.pref.as_ref())?;
    if pref.final_below() {
        return Err(locked());
    }
    same_version(version, r.item.as_ref().map_or(0, |i| i.version))?;
    Ok(match &r.item {
        Some(i) => i.next(app.now(), &p.vsys_id),
        None => {
            let mut i = MuniItem::new(&r.cool.item.cool_id, &pref.pref, muni, app.now(), &p.vsys_id);
            i.version = 1;
            i
        }
    })
}

/// POST …/municipalities/{muni}/confirm — 確認済.
pub async fn confirm(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, muni)): Path<(String, String)>,
    Body(req): Body<VersionReq>,
) -> AppResult<Json<MuniView>> {
    writer(&p, &muni)?;
    let r = read(&app, &cool_id, &muni).await?;
    let mut next = current(&app, &p, &r, &muni, req.version)?;
    next.status = after_step(next.status, Step::Confirm).map_err(refused)?;
    next.confirmed_at = Some(next.updated_at);
    save_step(&app, &p, &r, next, "allocation_confirmed").await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitReq {
    /// Every receiving site's boxes (`code`: the site's id); without it,
    /// the default from the registrations.
    rows: Option<Vec<RowReq>>,
    version: u64,
}

/// PUT …/municipalities/{muni}/split — the whole site split at once.
pub async fn split(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, muni)): Path<(String, String)>,
    Body(req): Body<SplitReq>,
) -> AppResult<Json<MuniView>> {
    writer(&p, &muni)?;
    let r = read(&app, &cool_id, &muni).await?;
    let mut next = current(&app, &p, &r, &muni, req.version)?;
    next.status = after_step(next.status, Step::Split).map_err(refused)?;
    let allocated = passed_down(r.pref.as_ref())?.for_municipality(&muni);
    let per = r.cool.product.as_ref().map(|x| x.doses_per_pack());
    let by_site: HashMap<&str, &Recipient> = r.recipients.iter().map(|x| (x.site_id.as_str(), x)).collect();
    let given: HashMap<&str, Boxes> = match &req.rows {
        Some(rows) => {
            // A site without a registration for the cool gets no delivery.
            if let Some(i) = rows.iter().position(|x| !by_site.contains_key(x.code.as_str())) {
                return Err(AppError::invalid(
                    &format!("rows[{i}].code"),
                    "この施設はこのクールの希望量を登録していないため、分配できません（登録がない施設には配送されません）。",
                ));
            }
            check_rows(rows, allocated, |_| true)?;
            for (i, row) in rows.iter().enumerate() {
                let site = by_site[row.code.as_str()];
                if let (Some(cap), Some(per)) = (site.cap_doses, per) {
                    if row.vaccine.get() * per > cap {
                        return Err(AppError::invalid(
                            &format!("rows[{i}].vaccine"),
                            format!(
                                "{}は配送{}回目のため、週当たり接種予定回数（{}回）を超えて分配できません（{}箱 = {}回）。",
                                site.site_name,
                                site.delivery_round,
                                cap,
                                row.vaccine.get(),
                                row.vaccine.get() * per
                            ),
                        ));
                    }
                }
            }
            rows.iter().map(|x| (x.code.as_str(), x.boxes())).collect()
        }
        None => r
            .recipients
            .iter()
            .map(|x| x.site_id.as_str())
            .zip(fill_requests(allocated, &asks(&r.recipients)))
            .collect(),
    };
    let rows: Vec<SiteRow> = r
        .recipients
        .iter()
        .map(|x| SiteRow {
            site_id: x.site_id.clone(),
            site_name: x.site_name.clone(),
            boxes: given.get(x.site_id.as_str()).copied().unwrap_or_default(),
        })
        .collect();
    next.split = rows;
    next.split_saved_at = Some(next.updated_at);
    save_step(&app, &p, &r, next, "allocation_split_saved").await
}

/// POST …/municipalities/{muni}/complete — 分配完了 (a saved split first).
pub async fn complete(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, muni)): Path<(String, String)>,
    Body(req): Body<VersionReq>,
) -> AppResult<Json<MuniView>> {
    writer(&p, &muni)?;
    let r = read(&app, &cool_id, &muni).await?;
    let mut next = current(&app, &p, &r, &muni, req.version)?;
    next.status = after_step(next.status, Step::Complete).map_err(refused)?;
    if next.split_saved_at.is_none() {
        return Err(AppError::from(codes::ALLOCATION_SPLIT_MISSING));
    }
    next.completed_at = Some(next.updated_at);
    save_step(&app, &p, &r, next, "allocation_completed").await
}

/// GET …/municipalities/{muni}/export — the site split with what each site
/// asked, as CSV or Excel.
pub async fn export(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, muni)): Path<(String, String)>,
    QueryParams(q): QueryParams<ExportQuery>,
) -> AppResult<axum::response::Response> {
    scope(&p, &muni)?;
    let r = read(&app, &cool_id, &muni).await?;
    let v = view(&r.cool, &muni, r.pref.as_ref(), r.item.as_ref(), &r.recipients);
    Sheet {
        title: format!("{} 医療機関別の分配量", v.name),
        file: format!("allocation-{cool_id}-{muni}"),
        head: vec![
            "施設ID", "医療機関・接種会場", "希望量 ワクチン（箱）", "希望量 針（箱）", "希望量 シリンジ（箱）", "配送上限（回）", "ワクチン（箱）", "針（箱）", "シリンジ（箱）",
        ],
        rows: v
            .rows
            .into_iter()
            .map(|r| {
                vec![
                    r.code.into(),
                    r.name.into(),
                    r.requested.vaccine.into(),
                    r.requested.needles.into(),
                    r.requested.syringes.into(),
                    r.cap_doses.map_or(String::new(), |c| c.to_string()).into(),
                    r.boxes.vaccine.into(),
                    r.boxes.needles.into(),
                    r.boxes.syringes.into(),
                ]
            })
            .collect(),
    }
    .answer(q.format)
}
