//! Every morning (05:00 JST): the public statistics of vaccination (接種状況)
//! as open data — doses given per prefecture, day and dose number, daily
//! and cumulative — written to S3 as CSV and JSON, which the public site
//! serves. Read from the running totals the reports keep (one query per
//! prefecture), so the job costs the same for 1,000 sites as for 60,000;
//! it rewrites the same files from the same totals, so a second run
//! changes nothing.

use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use vsys::masterdata::census;
use vsys::store::results;
use vsys::{App, AppResult};

pub const NAME: &str = "open-data";


/// The columns, as the open data documents them (docs in README).
pub const COLUMNS: [&str; 10] = [
    "date", "prefecture_code", "prefecture", "dose1", "dose2", "dose3", "dose1_cumulative", "dose2_cumulative", "dose3_cumulative", "total_cumulative",
];

#[derive(Debug, Serialize)]
pub struct Row {
    pub date: String,
    pub prefecture_code: String,
    pub prefecture: String,
    pub dose1: i64,
    pub dose2: i64,
    pub dose3: i64,
    pub dose1_cumulative: i64,
    pub dose2_cumulative: i64,
    pub dose3_cumulative: i64,
    pub total_cumulative: i64,
}

pub async fn run(app: &App) -> AppResult<Value> {
    let mut rows = Vec::new();
    for p in &census().prefectures {
        let mut days: BTreeMap<chrono::NaiveDate, [i64; 3]> = BTreeMap::new();
        for t in results::totals(app, &p.code).await? {
            let d = days.entry(t.on_date).or_default();
            d[0] += t.dose1;
            d[1] += t.dose2;
            d[2] += t.dose3;
        }
        let mut cum = [0i64; 3];
        for (date, d) in days {
            for i in 0..3 {
                cum[i] += d[i];
            }
            rows.push(Row {
                date: date.to_string(),
                prefecture_code: p.code.clone(),
                prefecture: p.name.clone(),
                dose1: d[0],
                dose2: d[1],
                dose3: d[2],
                dose1_cumulative: cum[0],
                dose2_cumulative: cum[1],
                dose3_cumulative: cum[2],
                total_cumulative: cum.iter().sum(),
            });
        }
    }
    rows.sort_by(|a, b| (&a.date, &a.prefecture_code).cmp(&(&b.date, &b.prefecture_code)));
    let doc = json!({
        "title": "新型コロナワクチンの接種回数（都道府県別・日別）",
        "licence": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.ja)",
        "source": "V-SYS（医療機関・接種会場の接種実績の報告）",
        "updated_at": vsys::clock::to_jst_string(app.now()),
        "columns": COLUMNS,
        "rows": rows,
    });
    let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    csv.write_record(COLUMNS).map_err(vsys::AppError::internal)?;
    for r in &rows {
        csv.serialize(r).map_err(vsys::AppError::internal)?;
    }
    let csv = csv.into_inner().map_err(vsys::AppError::internal)?;
    vsys::documents::put_file(app, vsys::documents::OPEN_DATA_JSON, "application/json; charset=utf-8", serde_json::to_vec(&doc).map_err(vsys::AppError::internal)?).await?;
    vsys::documents::put_file(app, vsys::documents::OPEN_DATA_CSV, "text/csv; charset=utf-8", csv).await?;
    Ok(json!({ "rows": rows.len() }))
}
