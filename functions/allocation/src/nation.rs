//! The nation's part: a cool's supply, its split over the 47 prefectures
//! (a default on a chosen basis, each row explained, or edited by hand), the
//! what-if preview, publication, and the data lock of each prefecture.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use vsys::domain::allocation::{after_step, Basis, Boxes, Status, Step};
use vsys::domain::org::Role;
use vsys::http::export::{ExportQuery, Sheet};
use vsys::http::{Body, QueryParams, User};
use vsys::masterdata::census;
use vsys::store::allocations::{self, Explanation, NationItem, NoticeItem, NoticeKind, PrefItem};
use vsys::store::{audit, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::common::{
    self, add_cool, check_rows, counts, default_split, refused, same_version, stale, status_view,
    BoxesReq, Cool, CoolBrief, ExplanationView, RowReq, StatusView, VersionReq,
};

struct Read {
    cool: Cool,
    nation: Option<NationItem>,
    prefs: HashMap<String, PrefItem>,
}

/// The cool, the nation's item and every prefecture item: one batch, one query.
async fn read(app: &App, cool_id: &str) -> AppResult<Read> {
    let mut batch = Batch::new();
    let cool = add_cool(&mut batch, cool_id);
    let nation = batch.add::<NationItem>(allocations::nation_key(cool_id));
    let mut got = batch.read(app).await?;
    let cool = cool.take(&mut got)?;
    let nation = got.take(nation)?;
    let prefs = allocations::prefectures(app, cool_id)
        .await?
        .into_iter()
        .map(|p| (p.pref.clone(), p))
        .collect();
    Ok(Read { cool, nation, prefs })
}

/// The nation's board (ワクチン分配量の決定): the supply, every prefecture's
/// allocation with its explanation and status, and the counts by status.
#[derive(Debug, Serialize)]
pub struct NationBoard {
    pub cool: CoolBrief,
    pub supply: Option<Boxes>,
    pub basis: Option<Basis>,
    pub basis_label: Option<&'static str>,
    /// The nation item's version (0 before the first save).
    pub version: u64,
    pub allocated: Boxes,
    pub rows: Vec<PrefRow>,
    pub counts: Vec<common::StatusCount>,
}

#[derive(Debug, Serialize)]
pub struct PrefRow {
    pub code: String,
    pub name: String,
    pub allocated: Boxes,
    pub explanation: Option<ExplanationView>,
    #[serde(flatten)]
    pub status: StatusView,
    /// The municipal split's sums, once the prefecture has saved one.
    pub split_sum: Option<Boxes>,
    pub municipalities_locked: bool,
    pub version: u64,
}

pub fn pref_row(code: &str, item: Option<&PrefItem>) -> PrefRow {
    PrefRow {
        code: code.to_string(),
        name: vsys::masterdata::pref_name(code),
        allocated: item.map(|i| i.allocated).unwrap_or_default(),
        explanation: item.and_then(|i| i.explanation.as_ref()).map(ExplanationView::from),
        status: status_view(item.map_or(Status::Unpublished, |i| i.status)),
        split_sum: item
            .filter(|i| i.split_saved_at.is_some())
            .map(|i| Boxes::sum(i.split.iter().map(|r| &r.boxes))),
        municipalities_locked: item.is_some_and(PrefItem::final_below),
        version: item.map_or(0, |i| i.version),
    }
}

const SHOWN: [Status; 5] = [
    Status::Unpublished,
    Status::Unconfirmed,
    Status::Confirmed,
    Status::Complete,
    Status::Locked,
];

fn board_of(r: &Read) -> NationBoard {
    let rows: Vec<PrefRow> = census()
        .prefectures
        .iter()
        .map(|p| pref_row(&p.code, r.prefs.get(&p.code)))
        .collect();
    NationBoard {
        cool: r.cool.brief(),
        supply: r.nation.as_ref().map(|n| n.supply),
        basis: r.nation.as_ref().map(|n| n.basis),
        basis_label: r.nation.as_ref().map(|n| n.basis.label_ja()),
        version: r.nation.as_ref().map_or(0, |n| n.version),
        allocated: Boxes::sum(rows.iter().map(|x| &x.allocated)),
        counts: counts(rows.iter().map(|x| x.status.status), &SHOWN),
        rows,
    }
}

/// GET /cools/{cool_id}/allocation
pub async fn board(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
) -> AppResult<Json<NationBoard>> {
    p.require_role(&[Role::National])?;
    Ok(Json(board_of(&read(&app, &cool_id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewReq {
    supply: BoxesReq,
    basis: Basis,
}

/// A default split computed without saving (the what-if preview).
#[derive(Debug, Serialize)]
pub struct SplitPreview {
    pub basis: Basis,
    pub basis_label: &'static str,
    pub total: Boxes,
    /// The bases' sum (the quotas' denominator).
    pub basis_total: u64,
    pub rows: Vec<PreviewRow>,
}

#[derive(Debug, Serialize)]
pub struct PreviewRow {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub boxes: Boxes,
    pub explanation: ExplanationView,
}

/// The demand by prefecture, read only when the basis needs it.
async fn demand(app: &App, cool_id: &str, basis: Basis) -> AppResult<HashMap<String, u64>> {
    if basis != Basis::RegisteredDemand {
        return Ok(HashMap::new());
    }
    let regs = vsys::store::registrations::all_of_cool(app, cool_id, None, None).await?;
    Ok(common::demand_by(&regs, |r| r.pref.as_str()))
}

pub fn preview_of(
    total: Boxes,
    basis: Basis,
    claims: &[vsys::domain::allocation::Claim],
    name: impl Fn(&str) -> String,
) -> AppResult<SplitPreview> {
    let rows = default_split(total, claims)?;
    Ok(SplitPreview {
        basis,
        basis_label: basis.label_ja(),
        total,
        basis_total: claims.iter().map(|c| c.basis).sum(),
        rows: rows
            .iter()
            .map(|r| PreviewRow {
                name: name(&r.key),
                code: r.key.clone(),
                boxes: r.boxes,
                explanation: ExplanationView::from(&Explanation::from(&r.explanation)),
            })
            .collect(),
    })
}

/// POST /cools/{cool_id}/allocation/preview — another total or basis,
/// computed, nothing saved.
pub async fn preview(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
    Body(req): Body<PreviewReq>,
) -> AppResult<Json<SplitPreview>> {
    p.require_role(&[Role::National])?;
    let mut batch = Batch::new();
    let cool = add_cool(&mut batch, &cool_id);
    cool.take(&mut batch.read(&app).await?)?;
    let demand = demand(&app, &cool_id, req.basis).await?;
    let claims = common::prefecture_claims(req.basis, &demand);
    Ok(Json(preview_of(
        req.supply.boxes(),
        req.basis,
        &claims,
        vsys::masterdata::pref_name,
    )?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveReq {
    supply: BoxesReq,
    basis: Basis,
    /// A hand split; without it, the default split on `basis`.
    rows: Option<Vec<RowReq>>,
    /// The nation item's version read (0 before the first save).
    version: u64,
}

/// PUT /cools/{cool_id}/allocation — saves the supply and the prefectures'
/// allocations (not yet shown to them: see publish). A prefecture that has
/// confirmed keeps its allocation: a split that changes it is refused.
pub async fn save(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
    Body(req): Body<SaveReq>,
) -> AppResult<Json<NationBoard>> {
    p.require_role(&[Role::National])?;
    let mut r = read(&app, &cool_id).await?;
    same_version(req.version, r.nation.as_ref().map_or(0, |n| n.version))?;
    let supply = req.supply.boxes();
    let now = app.now();
    // Each prefecture's new allocation, and its explanation when a default.
    let planned: Vec<(String, Boxes, Option<Explanation>)> = match &req.rows {
        None => {
            let d = demand(&app, &cool_id, req.basis).await?;
            default_split(supply, &common::prefecture_claims(req.basis, &d))?
                .iter()
                .map(|x| (x.key.clone(), x.boxes, Some(Explanation::from(&x.explanation))))
                .collect()
        }
        Some(rows) => {
            check_rows(rows, supply, |c| census().prefecture(c).is_some())?;
            let given: HashMap<&str, Boxes> =
                rows.iter().map(|x| (x.code.as_str(), x.boxes())).collect();
            census()
                .prefectures
                .iter()
                .map(|c| (c.code.clone(), given.get(c.code.as_str()).copied().unwrap_or_default(), None))
                .collect()
        }
    };
    let mut tx = Tx::new();
    let mut changed = Vec::new();
    for (i, (code, boxes, explanation)) in planned.into_iter().enumerate() {
        let before = r.prefs.get(&code);
        // The same boxes: nothing to write, whatever the prefecture has done
        // with them (only the explanation of a default may be refreshed, and
        // only while the prefecture has not confirmed).
        if let Some(b) = before.filter(|b| b.allocated == boxes) {
            if b.explanation == explanation || after_step(b.status, Step::Allocate).is_err() {
                continue;
            }
        }
        let base = before
            .cloned()
            .unwrap_or_else(|| PrefItem::new(&cool_id, &code, now, &p.vsys_id));
        after_step(base.status, Step::Allocate).map_err(|e| {
            let field = match &req.rows {
                Some(rows) => format!(
                    "rows[{}]",
                    rows.iter().position(|x| x.code == code).unwrap_or(i)
                ),
                None => "basis".into(),
            };
            refused(e).at(&field)
        })?;
        let mut next = base.next(now, &p.vsys_id);
        next.allocated = boxes;
        next.explanation = explanation;
        allocations::write_in(&mut tx, &next, before.map_or(0, |b| b.version), stale())?;
        changed.push(next);
    }
    let mut nation = r
        .nation
        .clone()
        .unwrap_or_else(|| NationItem::new(&cool_id, supply, req.basis, now, &p.vsys_id));
    let read_version = r.nation.as_ref().map_or(0, |n| n.version);
    nation.supply = supply;
    nation.basis = req.basis;
    nation.updated_at = now;
    nation.updated_by = p.vsys_id.clone();
    nation.version = read_version + 1;
    allocations::write_in(&mut tx, &nation, read_version, stale())?;
    tx.audit(audit::record(
        &p.actor(),
        now,
        "allocation_saved",
        &format!("allocation:{cool_id}"),
        r.nation.as_ref().map(|n| serde_json::json!({"supply": n.supply, "basis": n.basis})),
        Some(serde_json::json!({
            "supply": supply,
            "basis": req.basis,
            "hand_split": req.rows.is_some(),
            "prefectures": changed.iter().map(|c| serde_json::json!({"pref": c.pref, "allocated": c.allocated})).collect::<Vec<_>>(),
        })),
    )?);
    tx.commit(&app).await?;
    tracing::info!(kind = "allocation_saved", cool = %cool_id, changed = changed.len(), "national allocation saved");
    for c in changed {
        r.prefs.insert(c.pref.clone(), c);
    }
    r.nation = Some(nation);
    Ok(Json(board_of(&r)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishReq {
    /// The prefectures to publish to; all that are unpublished when absent.
    prefectures: Option<Vec<String>>,
    /// The nation item's version: what is published is what was seen.
    version: u64,
}

/// POST /cools/{cool_id}/allocation/publish — shows the allocations to the
/// prefectures (未公開 → 未確認).
pub async fn publish(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
    Body(req): Body<PublishReq>,
) -> AppResult<Json<NationBoard>> {
    p.require_role(&[Role::National])?;
    let mut r = read(&app, &cool_id).await?;
    let nation = r.nation.as_ref().ok_or_else(|| {
        AppError::invalid("version", "先に供給量と都道府県別の分配量を保存してください。")
    })?;
    same_version(req.version, nation.version)?;
    let wanted: Vec<String> = match &req.prefectures {
        Some(list) => {
            for (i, c) in list.iter().enumerate() {
                if !r.prefs.contains_key(c) {
                    return Err(AppError::invalid(
                        &format!("prefectures[{i}]"),
                        format!("{c} の分配量は保存されていません。"),
                    ));
                }
            }
            list.clone()
        }
        None => r
            .prefs
            .values()
            .filter(|x| x.status == Status::Unpublished)
            .map(|x| x.pref.clone())
            .collect(),
    };
    let now = app.now();
    let mut tx = Tx::new();
    tx.check_version(
        (&nation.pk, &nation.sk),
        nation.version,
        stale(),
    );
    let mut published = Vec::new();
    for code in &wanted {
        let before = &r.prefs[code];
        if before.status != Status::Unpublished {
            continue;
        }
        let mut next = before.next(now, &p.vsys_id);
        next.status = Status::Unconfirmed;
        next.published_at = Some(now);
        allocations::write_in(&mut tx, &next, before.version, stale())?;
        published.push(next);
    }
    if published.is_empty() {
        return Ok(Json(board_of(&r)));
    }
    tx.audit(audit::record(
        &p.actor(),
        now,
        "allocation_published",
        &format!("allocation:{cool_id}"),
        None,
        Some(serde_json::json!({"prefectures": published.iter().map(|x| &x.pref).collect::<Vec<_>>()})),
    )?);
    tx.commit(&app).await?;
    for x in published {
        r.prefs.insert(x.pref.clone(), x);
    }
    Ok(Json(board_of(&r)))
}

/// POST /cools/{cool_id}/allocation/prefectures/{pref}/lock — the data
/// lock (only once 分配完了): the prefecture's split is final, and its
/// municipalities are told (through a notice the scheduler fans out). One
/// write, whatever the number of municipalities.
pub async fn lock(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
    Body(req): Body<VersionReq>,
) -> AppResult<Json<PrefRow>> {
    p.require_role(&[Role::National])?;
    let mut batch = Batch::new();
    let cool = add_cool(&mut batch, &cool_id);
    let item = batch.add::<PrefItem>(allocations::pref_key(&cool_id, &pref));
    let mut got = batch.read(&app).await?;
    cool.take(&mut got)?;
    let before = got.take(item)?.ok_or_else(AppError::not_found)?;
    same_version(req.version, before.version)?;
    let status = after_step(before.status, Step::Lock).map_err(refused)?;
    let now = app.now();
    let mut next = before.next(now, &p.vsys_id);
    next.status = status;
    next.locked_at = Some(now);
    let notice = NoticeItem::new(NoticeKind::MunicipalitiesMayStart, &cool_id, &pref, now)?;
    let mut tx = Tx::new();
    allocations::write_in(&mut tx, &next, before.version, stale())?;
    notice.write_in(&mut tx)?;
    tx.audit(audit::record(
        &p.actor(),
        now,
        "allocation_locked",
        &format!("allocation:{cool_id}:{pref}"),
        Some(serde_json::json!({"status": before.status})),
        Some(serde_json::json!({"status": next.status, "split": next.split})),
    )?);
    tx.commit(&app).await?;
    tracing::info!(kind = "allocation_locked", cool = %cool_id, pref = %pref, "prefecture locked");
    Ok(Json(pref_row(&pref, Some(&next))))
}

/// GET /cools/{cool_id}/allocation/export — the board's rows as CSV or Excel.
pub async fn export(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
    QueryParams(q): QueryParams<ExportQuery>,
) -> AppResult<axum::response::Response> {
    p.require_role(&[Role::National])?;
    let b = board_of(&read(&app, &cool_id).await?);
    Sheet {
        title: "都道府県別の分配量".into(),
        file: format!("allocation-{cool_id}"),
        head: vec![
            "都道府県コード", "都道府県", "ワクチン（箱）", "針（箱）", "シリンジ（箱）", "基準値", "按分", "切捨て", "端数順位", "端数配分", "分配の状況",
        ],
        rows: b
            .rows
            .into_iter()
            .map(|r| {
                let e = r.explanation.as_ref();
                vec![
                    r.code.into(),
                    r.name.into(),
                    r.allocated.vaccine.into(),
                    r.allocated.needles.into(),
                    r.allocated.syringes.into(),
                    e.map_or(String::new(), |e| e.basis_value.to_string()).into(),
                    e.map_or(String::new(), |e| e.quota.clone()).into(),
                    e.map_or(String::new(), |e| e.floor.to_string()).into(),
                    e.map_or(String::new(), |e| e.remainder_rank.to_string()).into(),
                    e.map_or("", |e| if e.extra { "+1" } else { "" }).into(),
                    r.status.status_label.into(),
                ]
            })
            .collect(),
    }
    .answer(q.format)
}
