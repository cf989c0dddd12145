//! A site's results (接種実績) and waste (廃棄数) per vaccine, as seed 000
//! draws the entry: the last registered cumulative values and their date
//! beside today's. A report takes the vials it accounts for out of the
//! site's stock (first expiring first), adds its change to the
//! prefecture's running totals of the day, and clears the site's "not
//! reported since its last delivery" mark — all in one transaction.

use axum::extract::{Path, State};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use vsys::domain::calendar::jst_date;
use vsys::domain::org::Role;
use vsys::domain::results::{check_report, ByCategory, Cumulative, Last, CATEGORIES, WASTE_RULE};
use vsys::error::codes;
use vsys::http::{Body, Count, InContext, Page, User};
use vsys::store::facilities::{supply_key, SupplyItem};
use vsys::store::orgs::{self, OrgItem};
use vsys::store::results::{self, DueItem, ResultItem};
use vsys::store::stock;
use vsys::store::supply::{self, ProductsItem};
use vsys::store::{audit, Batch, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct LastView {
    pub as_of: String,
    pub counts: Cumulative,
    /// Per dose number (1, 2, 3), the sum of the categories.
    pub totals: [u64; 3],
    pub total: u64,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub struct VaccineResults {
    pub product: String,
    pub product_name: String,
    pub doses_per_vial: u64,
    pub on_hand_vials: u64,
    pub last: Option<LastView>,
    pub version: u64,
}

#[derive(Debug, Serialize)]
pub struct ResultsContext {
    pub categories: Vec<Category>,
    pub waste_rule: &'static str,
    pub first_received_on: Option<String>,
    /// Received since the last report (no report means zero).
    pub due_since: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Category {
    pub key: &'static str,
    pub label: &'static str,
}

fn last_view(r: &ResultItem) -> LastView {
    LastView {
        as_of: r.as_of.to_string(),
        counts: r.counts,
        totals: r.counts.doses(),
        total: r.counts.all_doses(),
        updated_at: vsys::clock::to_jst_string(r.updated_at),
    }
}

/// The product's name and doses per vial (0: not in the master).
fn product_name(products: &ProductsItem, code: &str) -> (String, u64) {
    (products.name_of(code), products.product(code).map_or(0, |p| u64::from(p.product.doses_per_vial)))
}

/// GET /results — the caller site's vaccines (those it holds or reported),
/// each with its last report.
pub async fn own(State(app): State<App>, User(p): User) -> AppResult<InContext<ResultsContext, VaccineResults>> {
    p.require_role(&[Role::Site, Role::Workplace])?;
    let mut batch = Batch::new();
    let products = batch.add::<ProductsItem>(supply::products_key());
    let supply = batch.add::<SupplyItem>(supply_key(&p.org_id));
    let due = batch.add::<DueItem>(results::due_key(&p.org_id));
    let (mut got, reports, held) = tokio::try_join!(batch.read(&app), results::of_site(&app, &p.org_id), stock::of_site(&app, &p.org_id))?;
    let products = got.take(products)?.unwrap_or_default();
    let facts = got.take(supply)?.map(|s| s.facts).unwrap_or_default();
    let due = got.take(due)?;
    let mut by_product: BTreeMap<String, (u64, Option<&ResultItem>)> = BTreeMap::new();
    for s in &held {
        by_product.entry(s.product.clone()).or_default().0 += s.on_hand.max(0) as u64;
    }
    for r in &reports {
        by_product.entry(r.product.clone()).or_default().1 = Some(r);
    }
    let items = by_product
        .into_iter()
        .map(|(code, (on_hand, last))| {
            let (name, per_vial) = product_name(&products, &code);
            VaccineResults {
                product: code,
                product_name: name,
                doses_per_vial: per_vial,
                on_hand_vials: on_hand,
                last: last.map(last_view),
                version: last.map_or(0, |r| r.version),
            }
        })
        .collect();
    Ok(Page::whole(items).with(ResultsContext {
        categories: CATEGORIES.iter().map(|(key, label)| Category { key, label }).collect(),
        waste_rule: WASTE_RULE,
        first_received_on: facts.first_received_on.map(|d| d.to_string()),
        due_since: due.map(|d| d.since.to_string()),
    }))
}

type N = Count<10_000_000>;

/// One dose number's counts; `total`, when sent, must be their sum.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseReq {
    medical_workers: N,
    elderly_facility_workers: N,
    elderly: N,
    underlying_conditions: N,
    others: N,
    total: Option<u64>,
}

impl DoseReq {
    fn counts(&self, field: &str) -> AppResult<ByCategory> {
        let c = ByCategory {
            medical_workers: self.medical_workers.get(),
            elderly_facility_workers: self.elderly_facility_workers.get(),
            elderly: self.elderly.get(),
            underlying_conditions: self.underlying_conditions.get(),
            others: self.others.get(),
        };
        if let Some(t) = self.total {
            if t != c.total() {
                return Err(AppError::invalid(
                    &format!("{field}.total"),
                    format!("合計（{t}）が対象者分類ごとの人数の和（{}）と合いません。合計は入力せず、自動計算の値をお使いください。", c.total()),
                ));
            }
        }
        Ok(c)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportReq {
    as_of: NaiveDate,
    dose1: DoseReq,
    dose2: DoseReq,
    dose3: DoseReq,
    waste_vials: Count<1_000_000>,
    /// Present: the report corrects the last one (lower values or an
    /// earlier day allowed), for this reason.
    correction_reason: Option<String>,
    version: u64,
}

/// PUT /results/{product} — the cumulative report as of a day.
pub async fn put(
    State(app): State<App>,
    User(p): User,
    Path(product): Path<String>,
    Body(req): Body<ReportReq>,
) -> AppResult<Json<VaccineResults>> {
    p.require_role(&[Role::Site, Role::Workplace])?;
    let counts = Cumulative {
        dose1: req.dose1.counts("dose1")?,
        dose2: req.dose2.counts("dose2")?,
        dose3: req.dose3.counts("dose3")?,
        waste_vials: req.waste_vials.get(),
    };
    let mut batch = Batch::new();
    let products = batch.add::<ProductsItem>(supply::products_key());
    let supply = batch.add::<SupplyItem>(supply_key(&p.org_id));
    let due = batch.add::<DueItem>(results::due_key(&p.org_id));
    let org = batch.add::<OrgItem>(orgs::key(&p.org_id));
    let last = batch.add::<ResultItem>(results::key(&p.org_id, &product));
    let (mut got, held) = tokio::try_join!(batch.read(&app), stock::of_site(&app, &p.org_id))?;
    let products = got.take(products)?.unwrap_or_default();
    let (name, per_vial) = product_name(&products, &product);
    if per_vial == 0 {
        return Err(AppError::NotFound { message: format!("ワクチン {product} はマスタにありません。"), field: Some("product".into()) });
    }
    let facts = got.take(supply)?.map(|s| s.facts).unwrap_or_default();
    let due = got.take(due)?;
    let org = got.take(org)?.ok_or_else(AppError::forbidden)?;
    let last = got.take(last)?;
    let now = app.now();
    let reason = req.correction_reason.as_deref().map(str::trim);
    check_report(
        last.as_ref().map(|l| Last { as_of: l.as_of, counts: l.counts }).as_ref(),
        &counts,
        req.as_of,
        jst_date(now),
        facts.first_received_on,
        reason,
    )
    .map_err(|(f, m)| AppError::invalid(&f, m))?;
    if req.version != last.as_ref().map_or(0, |l| l.version) {
        return Err(codes::STALE_VERSION.into());
    }
    let mut tx = Tx::new();
    let (next, taken) = results::report_in(
        &app,
        &mut tx,
        results::Report {
            site: &org,
            product: &product,
            doses_per_vial: per_vial,
            last: last.as_ref(),
            due: due.as_ref(),
            held: &held,
            as_of: req.as_of,
            counts,
            at: now,
            by: &p.vsys_id,
        },
    )
    .await?;
    tx.audit(audit::record(
        &p.actor(),
        now,
        if reason.is_some() { "result_corrected" } else { "result_reported" },
        &format!("results:{}:{product}", p.org_id),
        last.as_ref().map(|l| json!({"as_of": l.as_of, "counts": l.counts})),
        Some(json!({"as_of": next.as_of, "counts": next.counts, "correction_reason": reason})),
    )?);
    tx.commit(&app).await?;
    let on_hand = held.iter().filter(|s| s.product == product).map(|s| s.on_hand.max(0) as u64).sum::<u64>();
    Ok(Json(VaccineResults {
        product,
        product_name: name,
        doses_per_vial: per_vial,
        on_hand_vials: (on_hand as i64 - taken).max(0) as u64,
        last: Some(last_view(&next)),
        version: next.version,
    }))
}
