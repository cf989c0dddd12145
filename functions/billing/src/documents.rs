//! The billing documents of a submitted claim, made into S3 for its
//! version and handed out by presigned URL: the PDF (summary and invoices),
//! or the same lines as CSV or Excel.

use crate::claims::{facts, month_of};
use crate::pdf::{render, ClaimDoc};
use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use vsys::domain::billing::{bill, claim_label, claim_month, month_label, month_str, Bill};
use vsys::domain::calendar::jst_date;
use vsys::domain::org::Role;
use vsys::documents;
use vsys::error::codes;
use vsys::masterdata::pref_name;
use vsys::http::export::{Cell, Sheet};
use vsys::http::{QueryParams, User};
use vsys::store::billing::ClaimItem;
use vsys::{App, AppError, AppResult};

const LINK_VALID: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    Pdf,
    Csv,
    Xlsx,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocQuery {
    format: DocFormat,
}

#[derive(Debug, Serialize)]
pub struct DocLink {
    pub url: String,
    pub filename: String,
    pub bytes: usize,
    pub expires_in_seconds: u64,
}

/// Every line of the summary and of each invoice, one table.
fn sheet(c: &ClaimItem, site_code: &str, site_name: &str, federation: &str, invoices: &[(String, Bill)]) -> Sheet {
    let summary = c.summary();
    let changed = if c.corrected { "変更" } else { "" };
    let mut rows = Vec::new();
    let mut add = |doc: &str, to: &str, b: &Bill| {
        // 帳票, 請求先, 請求月, 接種月, コード, 名称: the same on every row of a document.
        let lead = || vec![Cell::from(doc), to.into(), claim_label(c.month).into(), month_str(c.month).into(), site_code.into(), site_name.into()];
        for l in &b.lines {
            let mut row = lead();
            row.extend([l.kind_label.into(), l.label.clone().into(), l.count.into(), l.unit_price.map_or(Cell::from(""), Cell::from), l.amount.into(), changed.into()]);
            rows.push(row);
        }
        let mut total = lead();
        total.extend(["合計".into(), "".into(), b.total_count.into(), "".into(), b.total_amount.into(), changed.into()]);
        rows.push(total);
    };
    add("請求総括書", federation, &summary);
    for (muni, b) in invoices {
        add("市区町村別請求書", muni, b);
    }
    Sheet {
        title: "請求".into(),
        file: format!("billing-{site_code}-{}", month_str(c.month)),
        head: vec!["帳票", "請求先", "請求月", "接種月", "医療機関等コード", "医療機関等名称", "区分", "項目", "件数", "単価（税抜）", "金額（税込）", "請求内容変更"],
        rows,
    }
}

/// GET /billing/claims/{month}/documents?format=pdf|csv|xlsx
pub async fn make(State(app): State<App>, User(p): User, Path(month): Path<String>, QueryParams(q): QueryParams<DocQuery>) -> AppResult<Json<DocLink>> {
    p.require_role(&[Role::Site, Role::Workplace])?;
    let month = month_of(&app, &month)?;
    let f = facts(&app, &p.org_id, month).await?;
    let c = f.claim.as_ref().ok_or(codes::CLAIM_NOT_SUBMITTED)?;
    let federation = format!("{}国民健康保険団体連合会", pref_name(&f.site.pref));
    let invoices: Vec<(String, Bill)> = c
        .rows
        .iter()
        .filter(|r| r.counts.total() > 0)
        .map(|r| (format!("{}{}", pref_name(&r.muni[..2]), r.muni_name), bill(&r.counts, &c.prices)))
        .collect();
    let (bytes, mime, ext) = match q.format {
        DocFormat::Pdf => {
            let summary = c.summary();
            let doc = ClaimDoc {
                site: &f.site,
                heading: format!("{}請求分（{}接種分）", month_label(claim_month(month)), month_label(month)),
                submitted_on: jst_date(c.submitted_at).format("%Y年%-m月%-d日").to_string(),
                corrected: c.corrected,
                tax_rate_percent: c.prices.tax_rate_percent,
                summary: &summary,
                invoices: invoices.iter().map(|(m, b)| (m.clone(), b)).collect(),
            };
            (render(&doc).map_err(AppError::internal)?, "application/pdf", "pdf")
        }
        DocFormat::Csv => (sheet(c, &f.site.code, &f.site.name, &federation, &invoices).csv()?, "text/csv; charset=utf-8", "csv"),
        DocFormat::Xlsx => (sheet(c, &f.site.code, &f.site.name, &federation, &invoices).xlsx()?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    };
    let key = documents::billing_key(&p.org_id, &month_str(month), c.version, ext);
    let n = bytes.len();
    documents::put_file(&app, &key, mime, bytes).await?;
    let filename = format!("billing-{}-{}.{ext}", f.site.code, month_str(month));
    let url = documents::file_url(&app, &key, &filename, mime, LINK_VALID).await?;
    Ok(Json(DocLink { url, filename, bytes: n, expires_in_seconds: LINK_VALID.as_secs() }))
}
