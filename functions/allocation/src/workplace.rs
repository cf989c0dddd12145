//! Workplace venues (職域接種会場): the nation allocates a workplace cool
//! directly to the venues that registered for it, pre-filled with what each
//! asked (split by the largest remainder where the supply is short), edits
//! it, and locks it, which makes every venue's allocation final.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use vsys::domain::allocation::{fill_requests, Boxes, Status};
use vsys::domain::org::Role;
use vsys::http::{Body, User};
use vsys::store::allocations::{self, NoticeItem, NoticeKind, VenueRow, WorkplaceItem};
use vsys::store::registrations::RegistrationItem;
use vsys::store::{audit, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::common::{
    add_cool, check_rows, locked, same_version, stale, status_view, BoxesReq, Cool, CoolBrief,
    RowReq, StatusView, VersionReq,
};

struct Read {
    cool: Cool,
    header: Option<WorkplaceItem>,
    rows: Vec<VenueRow>,
    regs: Vec<RegistrationItem>,
}

async fn read(app: &App, cool_id: &str) -> AppResult<Read> {
    let mut batch = Batch::new();
    let cool = add_cool(&mut batch, cool_id);
    let cool = cool.take_workplace(&mut batch.read(app).await?)?;
    let (header, rows) = allocations::workplace(app, cool_id).await?;
    let regs = vsys::store::registrations::all_of_cool(app, cool_id, None, None).await?;
    Ok(Read { cool, header, rows, regs })
}

fn asked(r: &RegistrationItem) -> Boxes {
    Boxes {
        vaccine: r.packs,
        needles: r.needle_boxes,
        syringes: r.syringe_boxes,
    }
}

/// The nation's workplace allocation screen.
#[derive(Debug, Serialize)]
pub struct WorkplaceView {
    pub cool: CoolBrief,
    pub supply: Option<Boxes>,
    #[serde(flatten)]
    pub status: StatusView,
    pub version: u64,
    pub saved: bool,
    pub rows: Vec<VenueView>,
    pub split_sum: Boxes,
}

#[derive(Debug, Serialize)]
pub struct VenueView {
    /// The venue's id (the `code` of its row in a save).
    pub code: String,
    pub name: String,
    pub municipality_code: String,
    #[serde(flatten)]
    pub boxes: Boxes,
    pub requested: Boxes,
}

fn view(r: &Read) -> WorkplaceView {
    let supply = r.header.as_ref().map(|h| h.supply);
    let saved: HashMap<&str, Boxes> = r.rows.iter().map(|x| (x.site_id.as_str(), x.boxes)).collect();
    let asks: Vec<(String, Boxes)> = r.regs.iter().map(|x| (x.site_id.clone(), asked(x))).collect();
    let boxes: Vec<Boxes> = if r.header.is_some() {
        r.regs
            .iter()
            .map(|x| saved.get(x.site_id.as_str()).copied().unwrap_or_default())
            .collect()
    } else {
        // Before the first save: what each asked.
        asks.iter().map(|(_, b)| *b).collect()
    };
    let rows: Vec<VenueView> = r
        .regs
        .iter()
        .zip(boxes)
        .map(|(x, b)| VenueView {
            code: x.site_id.clone(),
            name: x.site_name.clone(),
            municipality_code: x.muni.clone(),
            boxes: b,
            requested: asked(x),
        })
        .collect();
    WorkplaceView {
        cool: r.cool.brief(),
        supply,
        status: status_view(r.header.as_ref().map_or(Status::Unpublished, |h| h.status)),
        version: r.header.as_ref().map_or(0, |h| h.version),
        saved: r.header.is_some(),
        split_sum: Boxes::sum(rows.iter().map(|x| &x.boxes)),
        rows,
    }
}

/// GET /cools/{cool_id}/allocation/workplace
pub async fn get(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
) -> AppResult<Json<WorkplaceView>> {
    p.require_role(&[Role::National])?;
    Ok(Json(view(&read(&app, &cool_id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveReq {
    supply: BoxesReq,
    /// Every venue's boxes (`code`: the venue's id); without it, what each
    /// asked, split by the largest remainder where the supply is short.
    rows: Option<Vec<RowReq>>,
    version: u64,
}

/// PUT /cools/{cool_id}/allocation/workplace — the whole split at once.
pub async fn save(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
    Body(req): Body<SaveReq>,
) -> AppResult<Json<WorkplaceView>> {
    p.require_role(&[Role::National])?;
    let mut r = read(&app, &cool_id).await?;
    let read_version = r.header.as_ref().map_or(0, |h| h.version);
    same_version(req.version, read_version)?;
    if r.header.as_ref().is_some_and(|h| h.status == Status::Locked) {
        return Err(locked());
    }
    let supply = req.supply.boxes();
    let by_site: HashMap<&str, &RegistrationItem> = r.regs.iter().map(|x| (x.site_id.as_str(), x)).collect();
    let given: HashMap<String, Boxes> = match &req.rows {
        Some(rows) => {
            if let Some(i) = rows.iter().position(|x| !by_site.contains_key(x.code.as_str())) {
                return Err(AppError::invalid(
                    &format!("rows[{i}].code"),
                    "この職域接種会場はこのクールの希望量を登録していないため、分配できません。",
                ));
            }
            check_rows(rows, supply, |_| true)?;
            rows.iter().map(|x| (x.code.clone(), x.boxes())).collect()
        }
        None => {
            let asks: Vec<(String, Boxes)> = r.regs.iter().map(|x| (x.site_id.clone(), asked(x))).collect();
            asks.iter()
                .map(|(id, _)| id.clone())
                .zip(fill_requests(supply, &asks))
                .collect()
        }
    };
    let rows: Vec<VenueRow> = r
        .regs
        .iter()
        .map(|x| VenueRow {
            site_id: x.site_id.clone(),
            boxes: given.get(&x.site_id).copied().unwrap_or_default(),
        })
        .collect();
    let now = app.now();
    let mut header = r
        .header
        .clone()
        .unwrap_or_else(|| WorkplaceItem::new(&cool_id, supply, now, &p.vsys_id));
    header.supply = supply;
    header.updated_at = now;
    header.updated_by = p.vsys_id.clone();
    header.version = read_version + 1;
    let mut tx = Tx::new();
    allocations::workplace_in(&mut tx, &header, read_version, &rows, stale())?;
    tx.audit(audit::record(
        &p.actor(),
        now,
        "workplace_allocation_saved",
        &format!("allocation:{cool_id}:workplace"),
        None,
        Some(serde_json::json!({"supply": supply, "venues": rows.len(), "allocated": Boxes::sum(rows.iter().map(|x| &x.boxes))})),
    )?);
    tx.commit(&app).await?;
    r.header = Some(header);
    r.rows = rows;
    Ok(Json(view(&r)))
}

/// POST /cools/{cool_id}/allocation/workplace/lock — final: every venue is
/// mailed and sees its allocation (fanned out by the scheduler).
pub async fn lock(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
    Body(req): Body<VersionReq>,
) -> AppResult<Json<WorkplaceView>> {
    p.require_role(&[Role::National])?;
    let mut r = read(&app, &cool_id).await?;
    let before = r.header.clone().ok_or_else(|| {
        vsys::error::codes::ALLOCATION_SPLIT_MISSING.with("先に職域接種会場別の分配量を保存してください。")
    })?;
    same_version(req.version, before.version)?;
    if before.status == Status::Locked {
        return Err(locked());
    }
    let now = app.now();
    let mut next = before.clone();
    next.status = Status::Locked;
    next.locked_at = Some(now);
    next.updated_at = now;
    next.updated_by = p.vsys_id.clone();
    next.version += 1;
    let notice = NoticeItem::new(NoticeKind::WorkplaceFinal, &cool_id, "00", now)?;
    let mut tx = Tx::new();
    allocations::write_in(&mut tx, &next, before.version, stale())?;
    notice.write_in(&mut tx)?;
    tx.audit(audit::record(
        &p.actor(),
        now,
        "workplace_allocation_locked",
        &format!("allocation:{cool_id}:workplace"),
        Some(serde_json::json!({"status": before.status})),
        Some(serde_json::json!({"status": next.status})),
    )?);
    tx.commit(&app).await?;
    r.header = Some(next);
    Ok(Json(view(&r)))
}
