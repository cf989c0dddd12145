//! The delivery reports of seed 001 for the nation, a prefecture and a
//! municipality: 納入予定日の確認 (final allocations still without a
//! scheduled date, with the deadline) and 配送状況の確認 (deliveries whose
//! scheduled date has passed without an actual date). Each reads its own
//! sparse index partition, narrowed to the caller's area.

use crate::common::{slash, view, Cools, DeliveryView};
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use vsys::auth::Principal;
use vsys::http::export::{Format, Sheet};
use vsys::http::{InContext, Page, QueryParams, User};
use vsys::store::deliveries::{self, Open};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// The nation: one prefecture; a prefecture: one of its municipalities.
    pref: Option<String>,
    muni: Option<String>,
    format: Option<Format>,
}

fn which(name: &str) -> AppResult<Open> {
    match name {
        "unscheduled" => Ok(Open::Unscheduled),
        "undelivered" => Ok(Open::Undelivered),
        _ => Err(AppError::not_found()),
    }
}

#[derive(Debug, Serialize)]
pub struct ReportContext {
    pub report: &'static str,
    pub title: &'static str,
    pub total: u64,
    pub late: u64,
    pub as_of: String,
}

async fn rows(app: &App, p: &Principal, report: &str, q: &ReportQuery) -> AppResult<(Open, Vec<DeliveryView>)> {
    let open = which(report)?;
    let (pref, muni) = p.report_area(q.pref.as_deref(), q.muni.as_deref())?;
    let recs = deliveries::open(app, open, pref.as_deref(), muni.as_deref()).await?;
    let cools = Cools::read(app, recs.iter().map(|r| r.cool_id.clone())).await?;
    let mut views: Vec<DeliveryView> = recs.iter().map(|d| view(app, &cools, d)).collect();
    // 配送状況: only the deliveries whose day has passed.
    if open == Open::Undelivered {
        views.retain(|v| v.late);
    }
    views.sort_by(|a, b| (&a.cool_id, &a.pref, &a.muni, &a.site_id).cmp(&(&b.cool_id, &b.pref, &b.muni, &b.site_id)));
    Ok((open, views))
}

fn title(open: Open) -> &'static str {
    match open {
        Open::Unscheduled => "納入予定日の確認（納入予定日が登録されていない分配）",
        Open::Undelivered => "配送状況の確認（納入予定日を過ぎて納入実績が登録されていない分配）",
    }
}

/// GET /delivery-reports/{report} — `unscheduled` or `undelivered`, as a
/// list (JSON), or with `format` as CSV or Excel.
pub async fn report(
    State(app): State<App>,
    User(p): User,
    Path(report): Path<String>,
    QueryParams(q): QueryParams<ReportQuery>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let (open, views) = rows(&app, &p, &report, &q).await?;
    if let Some(format) = q.format {
        let head = vec!["クール", "都道府県", "市区町村", "会場ID", "医療機関・接種会場", "ワクチン（箱）", "針（箱）", "シリンジ（箱）", "納入予定日の登録期日", "納入予定日", "遅延"];
        return Sheet {
            title: title(open).split('（').next().unwrap_or_default().to_string(),
            file: format!("delivery-{report}"),
            head,
            rows: views
                .into_iter()
                .map(|v| {
                    vec![
                        v.cool_label.into(),
                        v.pref_name.into(),
                        v.muni_name.into(),
                        v.site_id.into(),
                        v.site_name.into(),
                        v.boxes.vaccine.into(),
                        v.boxes.needles.into(),
                        v.boxes.syringes.into(),
                        slash(&Some(v.schedule_deadline)).into(),
                        slash(&v.scheduled_date).into(),
                        if v.late { "遅延" } else { "" }.into(),
                    ]
                })
                .collect(),
        }
        .answer(format);
    }
    let late = views.iter().filter(|v| v.late).count() as u64;
    let total = views.len() as u64;
    let page: InContext<ReportContext, DeliveryView> = Page::whole(views).with(ReportContext {
        report: match open {
            Open::Unscheduled => "unscheduled",
            Open::Undelivered => "undelivered",
        },
        title: title(open),
        total,
        late,
        as_of: vsys::clock::to_jst_string(app.now()),
    });
    Ok(page.into_response())
}
