//! The municipalities' and prefectures' reports (R3_市町村レポート style):
//! each site's results, waste and waste rate, also as CSV and Excel; and
//! the sites that have received vaccine since their last report (no report
//! means zero for the next allocation).

use axum::extract::State;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use vsys::domain::results::waste_rate_permille;
use vsys::http::export::{Format, Sheet};
use vsys::http::{Page, QueryParams, User};
use vsys::masterdata::census;
use vsys::store::results;
use vsys::store::supply;
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaQuery {
    pref: Option<String>,
    muni: Option<String>,
    format: Option<Format>,
}

#[derive(Debug, Serialize)]
pub struct ResultRow {
    pub site_id: String,
    pub site_name: String,
    pub muni: String,
    pub muni_name: String,
    pub product: String,
    pub product_name: String,
    pub as_of: String,
    pub dose1: u64,
    pub dose2: u64,
    pub dose3: u64,
    pub total: u64,
    pub used_vials: u64,
    pub waste_vials: u64,
    /// 廃棄率: wasted ÷ (used + wasted), in permille.
    pub waste_rate_permille: u64,
}

fn rate(permille: u64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// GET /result-reports — each site's last report of the caller's area (the
/// nation names a prefecture), or with `format` as CSV or Excel.
pub async fn results(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<AreaQuery>) -> AppResult<axum::response::Response> {
    let (pref, muni) = p.report_area(q.pref.as_deref(), q.muni.as_deref())?;
    let pref = pref.ok_or_else(|| AppError::invalid("pref", "都道府県を指定してください。"))?;
    let (items, products) = tokio::try_join!(results::of_area(&app, &pref, muni.as_deref()), supply::product_master(&app))?;
    let c = census();
    let rows: Vec<ResultRow> = items
        .iter()
        .map(|r| {
            let d = r.counts.doses();
            ResultRow {
                site_id: r.site_id.clone(),
                site_name: r.site_name.clone(),
                muni: r.muni.clone(),
                muni_name: c.municipality(&r.muni).map(|m| m.name.clone()).unwrap_or_default(),
                product: r.product.clone(),
                product_name: products.name_of(&r.product),
                as_of: r.as_of.to_string(),
                dose1: d[0],
                dose2: d[1],
                dose3: d[2],
                total: r.counts.all_doses(),
                used_vials: r.used_vials,
                waste_vials: r.counts.waste_vials,
                waste_rate_permille: waste_rate_permille(r.used_vials, r.counts.waste_vials),
            }
        })
        .collect();
    if let Some(format) = q.format {
        return Sheet {
            title: "接種実績・廃棄数".into(),
            file: format!("results-{}", muni.as_deref().unwrap_or(&pref)),
            head: vec!["市区町村", "会場ID", "医療機関・接種会場", "ワクチン", "報告日", "1回目", "2回目", "3回目", "合計", "使用バイアル数", "廃棄数（バイアル）", "廃棄率"],
            rows: rows
                .into_iter()
                .map(|r| {
                    vec![
                        r.muni_name.into(),
                        r.site_id.into(),
                        r.site_name.into(),
                        r.product_name.into(),
                        r.as_of.replace('-', "/").into(),
                        r.dose1.into(),
                        r.dose2.into(),
                        r.dose3.into(),
                        r.total.into(),
                        r.used_vials.into(),
                        r.waste_vials.into(),
                        rate(r.waste_rate_permille).into(),
                    ]
                })
                .collect(),
        }
        .answer(format);
    }
    Ok(Page::whole(rows).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissingQuery {
    pref: Option<String>,
    muni: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MissingRow {
    pub site_id: String,
    pub site_name: String,
    pub pref: String,
    pub muni: String,
    pub muni_name: String,
    /// The last delivery (or transfer) since which nothing was reported.
    pub since: String,
}

/// GET /result-reports/missing — the sites of the caller's area that have
/// received vaccine since their last report.
pub async fn missing(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<MissingQuery>) -> AppResult<Page<MissingRow>> {
    let (pref, muni) = p.report_area(q.pref.as_deref(), q.muni.as_deref())?;
    let c = census();
    let rows = results::due(&app, pref.as_deref(), muni.as_deref())
        .await?
        .into_iter()
        .map(|d| MissingRow {
            muni_name: c.municipality(&d.muni).map(|m| m.name.clone()).unwrap_or_default(),
            site_id: d.site_id,
            site_name: d.site_name,
            pref: d.pref,
            muni: d.muni,
            since: d.since.to_string(),
        })
        .collect();
    Ok(Page::whole(rows))
}
