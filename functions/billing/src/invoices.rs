//! What is billed to a municipality, or to a prefecture's municipalities,
//! for a month of vaccination: per site, its counts and amount, whether it
//! was corrected, and the reconciliation warning when the site bills more
//! vaccinations than it reported for the month. As JSON pages, CSV or Excel.

use crate::claims::warning;
use crate::views::{counts_view, CountsView};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vsys::domain::billing::{claim_label, month_label, month_str, parse_month, Age, Counts, Kind, Time};
use vsys::http::export::{Cell, Format, Sheet};
use vsys::http::{Page, QueryParams, Text, User};
use vsys::store::billing::{self, InvoiceItem};
use vsys::store::{results, QueryPage};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    month: Text<7>,
    pref: Option<Text<2>>,
    muni: Option<Text<6>>,
    cursor: Option<Text<2000>>,
    format: Option<Format>,
}

#[derive(Debug, Serialize)]
pub struct InvoiceView {
    pub site_id: String,
    pub site_code: String,
    pub site_name: String,
    pub muni: String,
    pub muni_name: String,
    pub counts: CountsView,
    pub total_count: u64,
    pub total_amount: u64,
    pub corrected: bool,
    pub submitted_at: String,
    /// The site's vaccinations billed for the month (every municipality)
    /// and its doses reported in the results.
    pub site_vaccinations: u64,
    pub reported_doses: u64,
    pub warning: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ListContext {
    pub month: String,
    pub month_label: String,
    pub claim_label: String,
    pub pref: String,
    pub muni: Option<String>,
}

struct Area {
    month: NaiveDate,
    pref: String,
    muni: Option<String>,
}

fn area(p: &vsys::auth::Principal, q: &ListQuery) -> AppResult<Area> {
    let month = parse_month(&q.month).ok_or_else(|| AppError::invalid("month", "接種月は 2021-12 の形で指定してください。"))?;
    let (pref, muni) = p.report_area(q.pref.as_deref(), q.muni.as_deref())?;
    let pref = pref.ok_or_else(|| AppError::invalid("pref", "都道府県を指定してください。"))?;
    Ok(Area { month, pref, muni })
}

async fn page(app: &App, a: &Area, limit: i32, cursor: Option<&str>) -> AppResult<QueryPage<InvoiceItem>> {
    match &a.muni {
        Some(m) => billing::billed_to(app, m, a.month, limit, cursor).await,
        None => billing::billed_in(app, &a.pref, a.month, limit, cursor).await,
    }
}

/// The invoices with each site's reported doses beside them.
async fn views(app: &App, items: Vec<InvoiceItem>, month: NaiveDate) -> AppResult<Vec<InvoiceView>> {
    let mut sites: Vec<&str> = items.iter().map(|i| i.site_id.as_str()).collect();
    sites.sort_unstable();
    sites.dedup();
    let reported = results::month_doses(app, &sites, month).await?;
    let of = |s: &str| sites.binary_search(&s).map_or(0, |i| reported[i]);
    Ok(items
        .iter()
        .map(|i| {
            let r = of(&i.site_id);
            InvoiceView {
                site_id: i.site_id.clone(),
                site_code: i.site_code.clone(),
                site_name: i.site_name.clone(),
                muni: i.muni.clone(),
                muni_name: i.muni_name.clone(),
                counts: counts_view(&i.counts),
                total_count: i.total_count,
                total_amount: i.total_amount,
                corrected: i.corrected,
                submitted_at: vsys::clock::to_jst_string(i.submitted_at),
                site_vaccinations: i.site_vaccinations,
                reported_doses: r,
                warning: warning(i.site_vaccinations, r),
            }
        })
        .collect())
}

/// GET /billing/invoices?month=&pref=&muni= — one page (JSON).
pub async fn list(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<ListQuery>) -> AppResult<Response> {
    if q.format.is_some() {
        return Err(AppError::invalid("format", "ダウンロードは /billing/invoices/export をお使いください。"));
    }
    let a = area(&p, &q)?;
    let got = page(&app, &a, 100, q.cursor.as_deref()).await?;
    let items = views(&app, got.items, a.month).await?;
    Ok(Page::new(items, got.next)
        .with(ListContext { month: month_str(a.month), month_label: month_label(a.month), claim_label: claim_label(a.month), pref: a.pref.clone(), muni: a.muni.clone() })
        .into_response())
}

/// GET /billing/invoices/export?month=&format=csv|xlsx — every page.
pub async fn export(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<ListQuery>) -> AppResult<Response> {
    let format = q.format.ok_or_else(|| AppError::invalid("format", "format に csv または xlsx を指定してください。"))?;
    if q.cursor.is_some() {
        return Err(AppError::invalid("cursor", "ダウンロードはすべての行を含みます。cursor は指定できません。"));
    }
    let a = area(&p, &q)?;
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let got = page(&app, &a, 500, cursor.as_deref()).await?;
        all.extend(got.items);
        match got.next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let counts: Vec<Counts> = all.iter().map(|i| i.counts).collect();
    let items = views(&app, all, a.month).await?;
    let mut head = vec!["接種月", "請求先市区町村コード", "請求先市区町村", "医療機関等コード", "医療機関等名称"];
    head.extend([
        "予診のみ 6歳未満", "予診のみ 6歳未満(時間外)", "予診のみ 6歳未満(休日)", "予診のみ 6歳以上", "予診のみ 6歳以上(時間外)", "予診のみ 6歳以上(休日)",
        "接種 6歳未満", "接種 6歳未満(時間外)", "接種 6歳未満(休日)", "接種 6歳以上", "接種 6歳以上(時間外)", "接種 6歳以上(休日)",
    ]);
    head.extend(["件数計", "金額（税込）", "請求内容変更", "提出日時", "接種実績との照合"]);
    let rows = items
        .iter()
        .zip(&counts)
        .map(|(v, c)| {
            let mut r: Vec<Cell> = vec![month_str(a.month).into(), v.muni.clone().into(), v.muni_name.clone().into(), v.site_code.clone().into(), v.site_name.clone().into()];
            for k in Kind::ALL {
                for g in Age::ALL {
                    for t in Time::ALL {
                        r.push(c.get(k, g, t).into());
                    }
                }
            }
            r.extend([v.total_count.into(), v.total_amount.into(), if v.corrected { "変更" } else { "" }.into(), v.submitted_at.clone().into(), v.warning.clone().unwrap_or_default().into()]);
            r
        })
        .collect();
    let file = format!("billed-{}-{}", a.muni.as_deref().unwrap_or(&a.pref), month_str(a.month));
    Sheet { title: format!("請求一覧 {}", month_label(a.month)), file, head, rows }.answer(format)
}
