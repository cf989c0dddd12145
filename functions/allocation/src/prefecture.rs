//! A prefecture's part (「ワクチン分配作業完了用」/「ワクチン分配量確定用」):
//! its allocation from the nation, 確認済, the municipal split pre-filled by
//! the distribution simulation, 分配完了; then, once the nation locked it,
//! its municipalities' progress with the ○/× checks, reminders (督促) and
//! the data lock that makes every site's allocation final.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use vsys::domain::allocation::{after_step, checks, Basis, Boxes, Status, Step};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::export::{ExportQuery, Sheet};
use vsys::http::{Body, QueryParams, User};
use vsys::masterdata::census;
use vsys::store::allocations::{self, Explanation, MuniItem, MuniRow, NoticeItem, NoticeKind, PrefItem};
use vsys::store::{audit, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::common::{
    self, add_cool, check_rows, counts, default_split, refused, same_version, stale, status_view,
    Cool, CoolBrief, ExplanationView, RowReq, StatusCount, StatusView, VersionReq,
};
use crate::nation::{preview_of, SplitPreview};

/// Who may act on prefecture `pref`'s allocation: the prefecture itself
/// (`true`: it may write), the nation (reads only); anyone else finds nothing.
fn scope(p: &vsys::auth::Principal, pref: &str) -> AppResult<bool> {
    match p.role {
        Role::Prefecture if p.pref.as_deref() == Some(pref) => Ok(true),
        Role::National => Ok(false),
        _ => Err(AppError::not_found()),
    }
}

fn writer(p: &vsys::auth::Principal, pref: &str) -> AppResult<()> {
    if scope(p, pref)? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

struct Read {
    cool: Cool,
    item: Option<PrefItem>,
}

async fn read(app: &App, cool_id: &str, pref: &str) -> AppResult<Read> {
    if census().prefecture(pref).is_none() {
        return Err(AppError::not_found());
    }
    let mut batch = Batch::new();
    let cool = add_cool(&mut batch, cool_id);
    let item = batch.add::<PrefItem>(allocations::pref_key(cool_id, pref));
    let mut got = batch.read(app).await?;
    Ok(Read {
        cool: cool.take(&mut got)?,
        item: got.take(item)?,
    })
}

/// The allocation as the prefecture may act on it: published to it.
fn published(item: Option<PrefItem>) -> AppResult<PrefItem> {
    match item {
        Some(i) if i.status != Status::Unpublished => Ok(i),
        _ => Err(AppError::from(codes::ALLOCATION_NOT_PUBLISHED)),
    }
}

/// The prefecture's screen.
#[derive(Debug, Serialize)]
pub struct PrefView {
    pub cool: CoolBrief,
    pub code: String,
    pub name: String,
    /// What the nation gave (zero until published).
    pub allocated: Boxes,
    pub explanation: Option<ExplanationView>,
    #[serde(flatten)]
    pub status: StatusView,
    pub version: u64,
    /// The basis of the shown split: the saved one's, or the default's.
    pub basis: Basis,
    pub basis_label: &'static str,
    /// Whether `rows` are a saved split (otherwise the default, unsaved).
    pub saved: bool,
    pub rows: Vec<MuniSplitRow>,
    pub split_sum: Boxes,
    pub remaining: Boxes,
    /// Once the nation locked: the municipalities by status.
    pub counts: Vec<StatusCount>,
    /// Municipalities given boxes that are not yet 分配完了.
    pub incomplete: usize,
    pub municipalities_locked: bool,
    pub reminded_on: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MuniSplitRow {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub boxes: Boxes,
    /// The default's explanation (unsaved defaults only).
    pub explanation: Option<ExplanationView>,
    /// The municipality's progress, once the nation has locked.
    pub progress: Option<MuniProgress>,
}

#[derive(Debug, Serialize)]
pub struct MuniProgress {
    #[serde(flatten)]
    pub status: StatusView,
    pub split_sum: Option<Boxes>,
    /// ○ when its split hands out exactly its allocation, × otherwise.
    pub checks: Checks,
}

#[derive(Debug, Serialize)]
pub struct Checks {
    pub vaccine: &'static str,
    pub needles: &'static str,
    pub syringes: &'static str,
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "○"
    } else {
        "×"
    }
}

pub fn checks_of(allocated: Boxes, split: Option<Boxes>) -> Checks {
    let c = checks(allocated, split.unwrap_or_default());
    Checks {
        vaccine: mark(c[0]),
        needles: mark(c[1]),
        syringes: mark(c[2]),
    }
}

/// A municipality's status as the prefecture sees it.
fn muni_status(item: Option<&MuniItem>, pref: &PrefItem) -> Status {
    if pref.final_below() {
        Status::Locked
    } else {
        item.map_or(Status::Unconfirmed, |m| m.status)
    }
}

/// The registered doses by municipality, when the basis needs them.
async fn demand(app: &App, cool_id: &str, pref: &str, basis: Basis) -> AppResult<HashMap<String, u64>> {
    if basis != Basis::RegisteredDemand {
        return Ok(HashMap::new());
    }
    let regs = vsys::store::registrations::all_of_cool(app, cool_id, Some(pref), None).await?;
    Ok(common::demand_by(&regs, |r| r.muni.as_str()))
}

const DEFAULT_BASIS: Basis = Basis::Population;

async fn view(app: &App, cool: &Cool, pref: &str, item: Option<&PrefItem>, may_write: bool) -> AppResult<PrefView> {
    // What the prefecture may see of an allocation not yet published: nothing.
    let visible = item.filter(|i| i.status != Status::Unpublished || !may_write);
    let allocated = visible.map(|i| i.allocated).unwrap_or_default();
    let saved = visible.is_some_and(|i| i.split_saved_at.is_some());
    let basis = visible.and_then(|i| i.split_basis).unwrap_or(DEFAULT_BASIS);
    let mut rows: Vec<MuniSplitRow> = if saved {
        let split: HashMap<&str, Boxes> = visible
            .map(|i| i.split.iter().map(|r| (r.muni.as_str(), r.boxes)).collect())
            .unwrap_or_default();
        census()
            .municipalities_of(pref)
            .map(|m| MuniSplitRow {
                code: m.code.clone(),
                name: m.name.clone(),
                boxes: split.get(m.code.as_str()).copied().unwrap_or_default(),
                explanation: None,
                progress: None,
            })
            .collect()
    } else {
        let d = demand(app, cool.id(), pref, basis).await?;
        let claims = common::municipality_claims(pref, basis, &d);
        let defaults = if allocated == Boxes::default() || claims.iter().all(|c| c.basis == 0) {
            None
        } else {
            Some(default_split(allocated, &claims)?)
        };
        census()
            .municipalities_of(pref)
            .enumerate()
            .map(|(i, m)| {
                let d = defaults.as_ref().map(|d| &d[i]);
                MuniSplitRow {
                    code: m.code.clone(),
                    name: m.name.clone(),
                    boxes: d.map(|d| d.boxes).unwrap_or_default(),
                    explanation: d.map(|d| ExplanationView::from(&Explanation::from(&d.explanation))),
                    progress: None,
                }
            })
            .collect()
    };
    let mut statuses = Vec::new();
    let mut incomplete = 0;
    if let Some(i) = visible.filter(|i| i.passed_down()) {
        let munis: HashMap<String, MuniItem> = allocations::municipalities(app, cool.id(), pref)
            .await?
            .into_iter()
            .map(|m| (m.muni.clone(), m))
            .collect();
        for row in rows.iter_mut() {
            let m = munis.get(&row.code);
            let status = muni_status(m, i);
            let split_sum = m
                .filter(|m| m.split_saved_at.is_some())
                .map(|m| Boxes::sum(m.split.iter().map(|r| &r.boxes)));
            if row.boxes != Boxes::default() {
                statuses.push(status);
                if !matches!(status, Status::Complete | Status::Locked) {
                    incomplete += 1;
                }
            }
            row.progress = Some(MuniProgress {
                status: status_view(status),
                split_sum,
                checks: checks_of(row.boxes, split_sum),
            });
        }
    }
    let split_sum = Boxes::sum(rows.iter().map(|r| &r.boxes));
    Ok(PrefView {
        cool: cool.brief(),
        code: pref.to_string(),
        name: vsys::masterdata::pref_name(pref),
        allocated,
        explanation: visible.and_then(|i| i.explanation.as_ref()).map(ExplanationView::from),
        status: status_view(visible.map_or(Status::Unpublished, |i| i.status)),
        version: visible.map_or(0, |i| i.version),
        basis,
        basis_label: basis.label_ja(),
        saved,
        remaining: allocated.remaining(split_sum),
        split_sum,
        rows,
        counts: counts(
            statuses,
            &[Status::Unconfirmed, Status::Confirmed, Status::Complete, Status::Locked],
        ),
        incomplete,
        municipalities_locked: visible.is_some_and(PrefItem::final_below),
        reminded_on: visible.and_then(|i| i.reminded_on.clone()),
    })
}

/// GET /cools/{cool_id}/allocation/prefectures/{pref}
pub async fn get(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
) -> AppResult<Json<PrefView>> {
    let may_write = scope(&p, &pref)?;
    let r = read(&app, &cool_id, &pref).await?;
    Ok(Json(view(&app, &r.cool, &pref, r.item.as_ref(), may_write).await?))
}

/// Writes `next` over `before` with its audit record, and answers the screen.
async fn save_step(
    app: &App,
    p: &vsys::auth::Principal,
    cool: &Cool,
    before: &PrefItem,
    next: PrefItem,
    action: &str,
    notice: Option<NoticeItem>,
) -> AppResult<Json<PrefView>> {
    let mut tx = Tx::new();
    allocations::write_in(&mut tx, &next, before.version, stale())?;
    if let Some(n) = &notice {
        n.write_in(&mut tx)?;
    }
    tx.audit(audit::record(
        &p.actor(),
        next.updated_at,
        action,
        &format!("allocation:{}:{}", next.cool_id, next.pref),
        Some(serde_json::json!({"status": before.status, "split": before.split})),
        Some(serde_json::json!({"status": next.status, "split": next.split, "basis": next.split_basis})),
    )?);
    tx.commit(app).await?;
    tracing::info!(kind = action, cool = %next.cool_id, pref = %next.pref, "prefecture allocation step");
    Ok(Json(view(app, cool, &next.pref, Some(&next), true).await?))
}

/// The start of the prefecture's own steps: its published allocation on the
/// version the caller saw, and the next item with the status after `step`.
async fn begin(
    app: &App,
    p: &vsys::auth::Principal,
    cool_id: &str,
    pref: &str,
    version: u64,
    step: Step,
) -> AppResult<(Cool, PrefItem, PrefItem)> {
    writer(p, pref)?;
    let r = read(app, cool_id, pref).await?;
    let before = published(r.item)?;
    same_version(version, before.version)?;
    let mut next = before.next(app.now(), &p.vsys_id);
    next.status = after_step(before.status, step).map_err(refused)?;
    Ok((r.cool, before, next))
}

/// POST …/prefectures/{pref}/confirm — 確認済.
pub async fn confirm(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
    Body(req): Body<VersionReq>,
) -> AppResult<Json<PrefView>> {
    let (cool, before, mut next) = begin(&app, &p, &cool_id, &pref, req.version, Step::Confirm).await?;
    next.confirmed_at = Some(next.updated_at);
    save_step(&app, &p, &cool, &before, next, "allocation_confirmed", None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewReq {
    basis: Basis,
}

/// POST …/prefectures/{pref}/preview — the distribution simulation on a
/// basis, over the allocation as it stands; nothing saved.
pub async fn preview(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
    Body(req): Body<PreviewReq>,
) -> AppResult<Json<SplitPreview>> {
    writer(&p, &pref)?;
    let r = read(&app, &cool_id, &pref).await?;
    let item = published(r.item)?;
    let d = demand(&app, &cool_id, &pref, req.basis).await?;
    let claims = common::municipality_claims(&pref, req.basis, &d);
    Ok(Json(preview_of(item.allocated, req.basis, &claims, common::muni_name)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitReq {
    /// The basis of the default, or of the simulation the rows came from.
    basis: Option<Basis>,
    /// Every municipality's boxes; without it, the default on `basis`.
    rows: Option<Vec<RowReq>>,
    version: u64,
}

/// PUT …/prefectures/{pref}/split — saves the whole municipal split at once
/// (one item, whatever the number of municipalities); the sums may not
/// exceed the allocation.
pub async fn split(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
    Body(req): Body<SplitReq>,
) -> AppResult<Json<PrefView>> {
    let (cool, before, mut next) = begin(&app, &p, &cool_id, &pref, req.version, Step::Split).await?;
    let split: Vec<MuniRow> = match &req.rows {
        Some(rows) => {
            check_rows(rows, before.allocated, |c| {
                census().municipality(c).is_some_and(|m| m.pref == pref)
            })?;
            let given: HashMap<&str, Boxes> = rows.iter().map(|x| (x.code.as_str(), x.boxes())).collect();
            census()
                .municipalities_of(&pref)
                .map(|m| MuniRow {
                    muni: m.code.clone(),
                    boxes: given.get(m.code.as_str()).copied().unwrap_or_default(),
                })
                .collect()
        }
        None => {
            let basis = req
                .basis
                .ok_or_else(|| AppError::invalid("basis", "分配量（rows）か基準（basis）を指定してください。"))?;
            let d = demand(&app, &cool_id, &pref, basis).await?;
            default_split(before.allocated, &common::municipality_claims(&pref, basis, &d))?
                .into_iter()
                .map(|x| MuniRow { muni: x.key, boxes: x.boxes })
                .collect()
        }
    };
    next.split = split;
    next.split_basis = req.basis;
    next.split_saved_at = Some(next.updated_at);
    save_step(&app, &p, &cool, &before, next, "allocation_split_saved", None).await
}

/// POST …/prefectures/{pref}/complete — 分配完了 (a saved split first).
pub async fn complete(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
    Body(req): Body<VersionReq>,
) -> AppResult<Json<PrefView>> {
    let (cool, before, mut next) = begin(&app, &p, &cool_id, &pref, req.version, Step::Complete).await?;
    if before.split_saved_at.is_none() {
        return Err(AppError::from(codes::ALLOCATION_SPLIT_MISSING));
    }
    next.completed_at = Some(next.updated_at);
    save_step(&app, &p, &cool, &before, next, "allocation_completed", None).await
}

/// The municipalities given boxes that are not yet 分配完了.
async fn incomplete(app: &App, item: &PrefItem) -> AppResult<Vec<String>> {
    let done: std::collections::HashSet<String> = allocations::municipalities(app, &item.cool_id, &item.pref)
        .await?
        .into_iter()
        .filter(|m| m.status == Status::Complete)
        .map(|m| m.muni)
        .collect();
    Ok(item
        .split
        .iter()
        .filter(|r| r.boxes != Boxes::default() && !done.contains(&r.muni))
        .map(|r| r.muni.clone())
        .collect())
}

/// The prefecture's split as its municipalities act on it: locked by the
/// nation, not yet locked below.
fn passed_down(item: Option<PrefItem>) -> AppResult<PrefItem> {
    let item = published(item)?;
    if !item.passed_down() {
        return Err(codes::ALLOCATION_NOT_PUBLISHED.with(
            "国によるデータロックの後に、市町村の分配作業が始まります。",
        ));
    }
    if item.final_below() {
        return Err(AppError::from(codes::ALLOCATION_LOCKED));
    }
    Ok(item)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemindReq {}

/// POST …/prefectures/{pref}/remind — 督促: mails the municipalities not
/// yet complete; once a day.
pub async fn remind(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
    Body(_): Body<RemindReq>,
) -> AppResult<Json<PrefView>> {
    writer(&p, &pref)?;
    let r = read(&app, &cool_id, &pref).await?;
    let before = passed_down(r.item)?;
    let today = app.now().with_timezone(&vsys::clock::jst()).date_naive().to_string();
    if before.reminded_on.as_deref() == Some(today.as_str()) {
        return Err(AppError::from(codes::ALREADY_REMINDED));
    }
    let late = incomplete(&app, &before).await?;
    if late.is_empty() {
        return Err(AppError::from(codes::NOTHING_TO_REMIND));
    }
    let mut next = before.next(app.now(), &p.vsys_id);
    next.reminded_on = Some(today);
    let mut notice = NoticeItem::new(NoticeKind::Reminder, &cool_id, &pref, next.updated_at)?;
    notice.municipalities = late.clone();
    let mut tx = Tx::new();
    // Two reminders racing: the second finds the version moved.
    allocations::write_in(&mut tx, &next, before.version, AppError::from(codes::ALREADY_REMINDED))?;
    notice.write_in(&mut tx)?;
    tx.audit(audit::record(
        &p.actor(),
        next.updated_at,
        "allocation_reminded",
        &format!("allocation:{cool_id}:{pref}"),
        None,
        Some(serde_json::json!({"municipalities": late})),
    )?);
    tx.commit(&app).await?;
    Ok(Json(view(&app, &r.cool, &pref, Some(&next), true).await?))
}

/// POST …/prefectures/{pref}/lock-municipalities — the data lock of every
/// municipality (all given boxes must be 分配完了): one write seals every
/// municipal split; the sites' allocations are final and fanned out.
pub async fn lock_municipalities(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
    Body(req): Body<VersionReq>,
) -> AppResult<Json<PrefView>> {
    writer(&p, &pref)?;
    let r = read(&app, &cool_id, &pref).await?;
    let before = passed_down(r.item)?;
    same_version(req.version, before.version)?;
    let late = incomplete(&app, &before).await?;
    if !late.is_empty() {
        return Err(codes::ALLOCATION_NOT_COMPLETE.with(format!(
            "分配作業が完了していない市町村が{}あります（{}）。すべての市町村が「分配完了」になってからデータロックしてください。",
            late.len(),
            late.iter().take(5).map(|m| common::muni_name(m)).collect::<Vec<_>>().join("、")
        )));
    }
    let mut next = before.next(app.now(), &p.vsys_id);
    next.municipalities_locked_at = Some(next.updated_at);
    let notice = NoticeItem::new(NoticeKind::SitesFinal, &cool_id, &pref, next.updated_at)?;
    save_step(&app, &p, &r.cool, &before, next, "allocation_municipalities_locked", Some(notice)).await
}

/// GET …/prefectures/{pref}/export — the municipal split with each
/// municipality's status and checks, as CSV or Excel.
pub async fn export(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, pref)): Path<(String, String)>,
    QueryParams(q): QueryParams<ExportQuery>,
) -> AppResult<axum::response::Response> {
    let may_write = scope(&p, &pref)?;
    let r = read(&app, &cool_id, &pref).await?;
    let v = view(&app, &r.cool, &pref, r.item.as_ref(), may_write).await?;
    Sheet {
        title: format!("{} 市町村別の分配量", v.name),
        file: format!("allocation-{cool_id}-{pref}"),
        head: vec![
            "市町村コード", "市町村", "ワクチン（箱）", "針（箱）", "シリンジ（箱）", "分配の状況", "ワクチン分配量チェック", "針分配量チェック", "シリンジ分配量チェック",
        ],
        rows: v
            .rows
            .into_iter()
            .map(|r| {
                let g = r.progress.as_ref();
                vec![
                    r.code.into(),
                    r.name.into(),
                    r.boxes.vaccine.into(),
                    r.boxes.needles.into(),
                    r.boxes.syringes.into(),
                    g.map_or("", |g| g.status.status_label).into(),
                    g.map_or("", |g| g.checks.vaccine).into(),
                    g.map_or("", |g| g.checks.needles).into(),
                    g.map_or("", |g| g.checks.syringes).into(),
                ]
            })
            .collect(),
    }
    .answer(q.format)
}
