//! The wholesaler's work on the final allocations of its area: the list per
//! cool with the deadline, the scheduled date one by one or by CSV for
//! hundreds of sites, the actual delivery with its lots; and one delivery
//! as the site, its municipality and prefecture, and the nation read it.
//!
//! A scheduled date told to a site goes through an allocation notice (one
//! per prefecture of the sites changed), fanned out by the scheduler: the
//! site is mailed a link to its delivery.

use crate::common::{readable, slash, view, wholesaler, Cools, DeliveryView};
use axum::extract::{Path, State};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use vsys::domain::calendar::jst_date;
use vsys::domain::delivery::{check_delivered_on, check_lots, check_scheduled_date, covers, lot_changes, LotVials};
use vsys::domain::org::Role;
use vsys::error::{codes, RowProblem};
use vsys::http::export::{Format, Sheet};
use vsys::http::{Body, Csv, InContext, Page, QueryParams, User};
use vsys::store::allocations::{NoticeItem, NoticeKind, SiteAllocationItem};
use vsys::store::stock::{self, Holder, Movement};
use vsys::store::{audit, deliveries, facilities, lots, results, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoolQuery {
    cool_id: String,
}

#[derive(Debug, Serialize)]
pub struct CoolContext {
    pub cool_id: String,
    pub cool_label: String,
    pub delivery_week: String,
    pub schedule_deadline: String,
    pub counts: Counts,
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub unscheduled: u64,
    pub scheduled: u64,
    pub delivered: u64,
    pub late: u64,
}

async fn area_list(app: &App, p: &vsys::auth::Principal, cool_id: &str) -> AppResult<(Cools, Vec<DeliveryView>)> {
    let w = wholesaler(app, p).await?;
    let cools = Cools::read(app, [cool_id.to_string()]).await?;
    cools.need(cool_id)?;
    let recs = deliveries::of_area(app, cool_id, &w.areas).await?;
    let views = recs.iter().map(|d| view(app, &cools, d)).collect();
    Ok((cools, views))
}

/// GET /deliveries?cool_id= — the final allocations of the caller
/// wholesaler's area for a cool, with the deadline and where each stands.
pub async fn list(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<CoolQuery>,
) -> AppResult<InContext<CoolContext, DeliveryView>> {
    let (cools, views) = area_list(&app, &p, &q.cool_id).await?;
    let cool = cools.need(&q.cool_id)?;
    let mut counts = Counts::default();
    for v in &views {
        match v.status {
            "unscheduled" => counts.unscheduled += 1,
            "scheduled" => counts.scheduled += 1,
            _ => counts.delivered += 1,
        }
        counts.late += u64::from(v.late);
    }
    Ok(Page::whole(views).with(CoolContext {
        cool_id: q.cool_id.clone(),
        cool_label: cools.label(&q.cool_id),
        delivery_week: cool.def.delivery_week.to_string(),
        schedule_deadline: vsys::domain::delivery::schedule_deadline(cool.def.delivery_week).to_string(),
        counts,
    }))
}

/// The columns of the wholesaler's sheet; the upload reads 会場ID and 納入予定日 back.
const SITE_COLUMN: &str = "会場ID";
const DATE_COLUMN: &str = "納入予定日";
const SHEET_COLUMNS: [&str; 11] = [
    SITE_COLUMN, "医療機関・接種会場", "都道府県", "市区町村", "ワクチン（箱）", "バイアル数", "針（箱）", "シリンジ（箱）", DATE_COLUMN, "納入実績日", "状況",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    cool_id: String,
    format: Format,
}

/// GET /deliveries/export?cool_id=&format= — the same list as CSV or Excel;
/// the CSV, with its 納入予定日 column filled in, is the upload's file.
pub async fn export(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<ExportQuery>,
) -> AppResult<axum::response::Response> {
    let (cools, views) = area_list(&app, &p, &q.cool_id).await?;
    Sheet {
        title: format!("{} 納入予定", cools.label(&q.cool_id)),
        file: format!("deliveries-{}", q.cool_id),
        head: SHEET_COLUMNS.to_vec(),
        rows: views
            .into_iter()
            .map(|v| {
                vec![
                    v.site_id.into(),
                    v.site_name.into(),
                    v.pref_name.into(),
                    v.muni_name.into(),
                    v.boxes.vaccine.into(),
                    v.vials.into(),
                    v.boxes.needles.into(),
                    v.boxes.syringes.into(),
                    slash(&v.scheduled_date).into(),
                    slash(&v.delivered_on).into(),
                    v.status_label.into(),
                ]
            })
            .collect(),
    }
    .answer(q.format)
}

/// GET /deliveries/{cool_id}/{site_id} — one delivery, for whoever may read it.
pub async fn detail(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, site_id)): Path<(String, String)>,
) -> AppResult<Json<DeliveryView>> {
    let areas = match p.role {
        Role::Wholesaler => Some(wholesaler(&app, &p).await?.areas),
        _ => None,
    };
    let d = deliveries::find(&app, &site_id, &cool_id).await?.ok_or_else(AppError::not_found)?;
    readable(&p, &d, areas.as_deref())?;
    let cools = Cools::read(&app, [cool_id]).await?;
    Ok(Json(view(&app, &cools, &d)))
}

/// A wholesaler's delivery of its area, read for a change.
async fn own_delivery(app: &App, p: &vsys::auth::Principal, cool_id: &str, site_id: &str) -> AppResult<(String, SiteAllocationItem, Cools)> {
    let w = wholesaler(app, p).await?;
    let d = deliveries::find(app, site_id, cool_id).await?.ok_or_else(AppError::not_found)?;
    if !covers(&w.areas, &d.pref, &d.muni) {
        return Err(AppError::not_found());
    }
    let cools = Cools::read(app, [cool_id.to_string()]).await?;
    cools.need(cool_id)?;
    Ok((w.code, d, cools))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleReq {
    scheduled_date: NaiveDate,
    version: u64,
}

/// The next state of `d` with `date` scheduled, or why not.
fn scheduled(d: &SiteAllocationItem, date: NaiveDate, week: NaiveDate, now: chrono::DateTime<chrono::Utc>, by: &str, whs: &str) -> Result<SiteAllocationItem, AppError> {
    if d.delivered_on.is_some() {
        return Err(codes::ALREADY_DELIVERED.at("scheduled_date"));
    }
    check_scheduled_date(week, date).map_err(|m| AppError::invalid("scheduled_date", m))?;
    let mut next = d.next(by, whs);
    next.scheduled_date = Some(date);
    next.scheduled_at = Some(now);
    next.set_keys();
    Ok(next)
}

/// The step that tells the sites of one prefecture their dates.
fn notice_in(tx: &mut Tx, cool_id: &str, pref: &str, sites: Vec<String>, now: chrono::DateTime<chrono::Utc>) -> AppResult<()> {
    let mut n = NoticeItem::new(NoticeKind::DeliveryScheduled, cool_id, pref, now)?;
    n.sites = sites;
    n.write_in(tx)
}

/// PUT /deliveries/{cool_id}/{site_id}/schedule — enters or changes the
/// scheduled delivery date (納入予定日); the site is mailed.
pub async fn schedule(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, site_id)): Path<(String, String)>,
    Body(req): Body<ScheduleReq>,
) -> AppResult<Json<DeliveryView>> {
    let (whs, d, cools) = own_delivery(&app, &p, &cool_id, &site_id).await?;
    let now = app.now();
    let week = cools.need(&cool_id)?.def.delivery_week;
    let next = scheduled(&d, req.scheduled_date, week, now, &p.vsys_id, &whs)?;
    if req.version != d.version {
        return Err(codes::STALE_VERSION.into());
    }
    let mut tx = Tx::new();
    deliveries::save_in(&mut tx, &next, d.version, AppError::from(codes::STALE_VERSION))?;
    notice_in(&mut tx, &cool_id, &d.pref, vec![site_id.clone()], now)?;
    tx.audit(audit::record(
        &p.actor(),
        now,
        "delivery_scheduled",
        &format!("delivery:{cool_id}:{site_id}"),
        Some(json!({"scheduled_date": d.scheduled_date})),
        Some(json!({"scheduled_date": next.scheduled_date})),
    )?);
    tx.commit(&app).await?;
    Ok(Json(view(&app, &cools, &next)))
}

/// Rows of an upload.
const MAX_ROWS: usize = 3_000;
/// Rows written per transaction, leaving room for the audit record and a
/// notice per prefecture within DynamoDB's 100 steps.
const ROWS_PER_TX: usize = 90;

#[derive(Debug, Serialize)]
pub struct UploadResult {
    /// Rows whose date was entered or changed (each site mailed).
    pub updated: u64,
    /// Rows with the date already entered, or without a date.
    pub unchanged: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    cool_id: String,
}

/// POST /deliveries/schedule-upload?cool_id= — scheduled dates from a CSV
/// (the list's own sheet, 会場ID and 納入予定日 filled in). Every row is
/// checked first; one bad row or more refuses the file, each named, and
/// nothing is written. Rows without a date, or with the date already
/// entered, change nothing.
pub async fn upload(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<UploadQuery>,
    csv: Csv,
) -> AppResult<Json<UploadResult>> {
    let w = wholesaler(&app, &p).await?;
    let cools = Cools::read(&app, [q.cool_id.clone()]).await?;
    let week = cools.need(&q.cool_id)?.def.delivery_week;
    let rows = csv.rows(&SHEET_COLUMNS, &[SITE_COLUMN, DATE_COLUMN], MAX_ROWS)?;
    let sites: Vec<String> = rows.iter().map(|r| r.get(SITE_COLUMN).unwrap_or_default()).collect();
    let found = deliveries::many(&app, &q.cool_id, &sites).await?;
    let now = app.now();
    let mut problems = Vec::new();
    // (line, record read, its next state)
    let mut changes: Vec<(usize, SiteAllocationItem, SiteAllocationItem)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut unchanged = 0u64;
    for ((row, site), rec) in rows.iter().zip(&sites).zip(found) {
        let mut bad = |field: &str, message: String| {
            problems.push(RowProblem { line: row.line, field: field.into(), message })
        };
        if site.is_empty() {
            bad(SITE_COLUMN, "会場IDを入力してください。".into());
            continue;
        }
        if !seen.insert(site.clone()) {
            bad(SITE_COLUMN, format!("{site} が2回あります。"));
            continue;
        }
        let Some(d) = rec.filter(|d| covers(&w.areas, &d.pref, &d.muni)) else {
            bad(SITE_COLUMN, format!("{site} はこのクールの配送エリア内の分配先にありません。"));
            continue;
        };
        let Some(text) = row.get(DATE_COLUMN) else {
            unchanged += 1;
            continue;
        };
        let Some(date) = parse_date(&text) else {
            bad(DATE_COLUMN, format!("「{text}」は日付（例: 2021/07/05）として読めません。"));
            continue;
        };
        if d.scheduled_date == Some(date) {
            unchanged += 1;
            continue;
        }
        match scheduled(&d, date, week, now, &p.vsys_id, &w.code) {
            Ok(next) => changes.push((row.line, d, next)),
            Err(e) => bad(DATE_COLUMN, e.body().message),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::rows(problems));
    }
    let updated = changes.len() as u64;
    for chunk in changes.chunks(ROWS_PER_TX) {
        let mut tx = Tx::new();
        let mut by_pref: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (line, d, next) in chunk {
            deliveries::save_in(
                &mut tx,
                next,
                d.version,
                codes::STALE_VERSION.with(format!(
                    "{line}行目（{SITE_COLUMN}）: 読み込みの後に変更されました。もう一度アップロードしてください（登録済みの行は変わりません）。"
                )),
            )?;
            by_pref.entry(&d.pref).or_default().push(d.site_id.clone());
        }
        for (pref, sites) in by_pref {
            notice_in(&mut tx, &q.cool_id, pref, sites, now)?;
        }
        tx.audit(audit::record(
            &p.actor(),
            now,
            "delivery_schedule_uploaded",
            &format!("delivery:{}", q.cool_id),
            None,
            Some(json!(chunk.iter().map(|(_, _, n)| json!({"site_id": n.site_id, "scheduled_date": n.scheduled_date})).collect::<Vec<_>>())),
        )?);
        tx.commit(&app).await?;
    }
    Ok(Json(UploadResult { updated, unchanged }))
}

/// `2021/07/05`, `2021-07-05` or `2021/7/5`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim().replace('-', "/");
    NaiveDate::parse_from_str(&t, "%Y/%m/%d").ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActualReq {
    delivered_on: NaiveDate,
    lots: Vec<LotReq>,
    version: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotReq {
    lot_number: String,
    vials: vsys::http::Count<1_000_000>,
}

/// PUT /deliveries/{cool_id}/{site_id}/actual — the actual delivery
/// (納入実績): the day and the lots (from the lot master, of the cool's
/// product). The site's stock of each lot rises in the same transaction; a
/// correction moves only the difference, never below what the site holds.
pub async fn actual(
    State(app): State<App>,
    User(p): User,
    Path((cool_id, site_id)): Path<(String, String)>,
    Body(req): Body<ActualReq>,
) -> AppResult<Json<DeliveryView>> {
    let (whs, d, cools) = own_delivery(&app, &p, &cool_id, &site_id).await?;
    let now = app.now();
    let product = cools.need(&cool_id)?.def.product.clone();
    if d.scheduled_date.is_none() {
        return Err(codes::NOT_SCHEDULED.at("delivered_on"));
    }
    check_delivered_on(jst_date(d.finalised_at), jst_date(now), req.delivered_on)
        .map_err(|m| AppError::invalid("delivered_on", m))?;
    let wanted: Vec<LotVials> = req
        .lots
        .into_iter()
        .map(|l| LotVials { lot_number: l.lot_number.trim().to_string(), vials: l.vials.get() })
        .collect();
    let vials = view(&app, &cools, &d).vials;
    check_lots(&wanted, vials).map_err(|(f, m)| AppError::invalid(&f, m))?;
    let known = lots::some(&app, &wanted.iter().map(|l| l.lot_number.as_str()).collect::<Vec<_>>()).await?;
    for (i, (l, k)) in wanted.iter().zip(&known).enumerate() {
        match k {
            None => {
                return Err(AppError::invalid(
                    &format!("lots[{i}].lot_number"),
                    format!("ロット {} はロットマスタにありません。先にロットを登録してください。", l.lot_number),
                ))
            }
            Some(k) if k.product != product => {
                return Err(AppError::invalid(
                    &format!("lots[{i}].lot_number"),
                    format!("ロット {} はこのクールのワクチンのロットではありません。", l.lot_number),
                ))
            }
            Some(_) => {}
        }
    }
    if req.version != d.version {
        return Err(codes::STALE_VERSION.into());
    }
    let mut next = d.next(&p.vsys_id, &whs);
    next.delivered_on = Some(req.delivered_on);
    next.delivered_at = Some(now);
    next.lots = wanted;
    next.set_keys();
    let mut tx = Tx::new();
    deliveries::save_in(&mut tx, &next, d.version, AppError::from(codes::STALE_VERSION))?;
    let holder = Holder { site_id: &d.site_id, site_name: &d.site_name, pref: &d.pref, muni: &d.muni };
    for (lot, change) in lot_changes(&d.lots, &next.lots) {
        let short = codes::INSUFFICIENT_STOCK.with(format!(
            "ロット {lot} は既に使用・融通されているため、納入数をこれ以上減らせません。"
        ));
        stock::move_in(&mut tx, &holder, &lot, &product, Movement::Received, change, short.at("lots"));
    }
    facilities::record_receipt(&mut tx, &d.site_id, req.delivered_on);
    results::due_in(&mut tx, &d.site_id, &d.site_name, &d.pref, &d.muni, req.delivered_on);
    tx.audit(audit::record(
        &p.actor(),
        now,
        if d.delivered_on.is_some() { "delivery_corrected" } else { "delivery_recorded" },
        &format!("delivery:{cool_id}:{site_id}"),
        d.delivered_on.map(|_| json!({"delivered_on": d.delivered_on, "lots": d.lots})),
        Some(json!({"delivered_on": next.delivered_on, "lots": next.lots})),
    )?);
    tx.commit(&app).await?;
    Ok(Json(view(&app, &cools, &next)))
}
