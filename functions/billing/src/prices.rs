//! The price master (単価マスタ): unit prices tax excluded and the
//! consumption-tax rate, each set in force from a month of vaccination;
//! kept by the national office, read by everyone who bills or is billed.

use crate::views::{price_view, PriceSetView};
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::domain::billing::{parse_month, PriceSet};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{Body, Count, Text, User};
use vsys::store::billing::{self, PricesItem};
use vsys::store::{audit, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct PricesView {
    pub sets: Vec<PriceSetView>,
    pub updated_at: Option<String>,
    pub version: u64,
}

fn view(p: &PricesItem) -> PricesView {
    PricesView { sets: p.sets.iter().map(price_view).collect(), updated_at: p.updated_at.map(vsys::clock::to_jst_string), version: p.version }
}

/// GET /billing-prices — every set, oldest first.
pub async fn get(State(app): State<App>, User(_): User) -> AppResult<Json<PricesView>> {
    Ok(Json(view(&billing::prices(&app).await?)))
}

type Yen = Count<100_000>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceSetReq {
    effective_from: Text<7>,
    vaccination_from6: Yen,
    vaccination_under6: Yen,
    prescreening_from6: Yen,
    prescreening_under6: Yen,
    overtime_extra: Option<Yen>,
    holiday_extra: Option<Yen>,
    tax_rate_percent: Count<100>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricesReq {
    sets: Vec<PriceSetReq>,
    version: u64,
}

fn check(sets: Vec<PriceSetReq>) -> AppResult<Vec<PriceSet>> {
    if sets.is_empty() {
        return Err(AppError::invalid("sets", "単価を1件以上登録してください。"));
    }
    if sets.len() > 50 {
        return Err(AppError::invalid("sets", "単価は50件までです。"));
    }
    let mut out: Vec<PriceSet> = Vec::new();
    for (i, s) in sets.into_iter().enumerate() {
        let Some(from) = parse_month(&s.effective_from) else {
            return Err(AppError::invalid(&format!("sets[{i}].effective_from"), "適用開始月は 2021-12 の形で入力してください。"));
        };
        if out.iter().any(|p| p.effective_from == from) {
            return Err(AppError::invalid(&format!("sets[{i}].effective_from"), format!("適用開始月 {} が重複しています。", s.effective_from.as_str())));
        }
        out.push(PriceSet {
            effective_from: from,
            vaccination_from6: s.vaccination_from6.get(),
            vaccination_under6: s.vaccination_under6.get(),
            prescreening_from6: s.prescreening_from6.get(),
            prescreening_under6: s.prescreening_under6.get(),
            overtime_extra: s.overtime_extra.map(Count::get),
            holiday_extra: s.holiday_extra.map(Count::get),
            tax_rate_percent: s.tax_rate_percent.get() as u32,
        });
    }
    Ok(out)
}

/// PUT /billing-prices — the national office replaces the sets, on the
/// version read. Claims already submitted keep the prices they were
/// billed at.
pub async fn put(State(app): State<App>, User(p): User, Body(req): Body<PricesReq>) -> AppResult<Json<PricesView>> {
    p.require_role(&[Role::National])?;
    let sets = check(req.sets)?;
    let before = billing::prices(&app).await?;
    if before.version != req.version {
        return Err(codes::STALE_VERSION.into());
    }
    let now = app.now();
    let next = PricesItem::new(sets, Some(now), Some(&p.vsys_id), before.version + 1);
    let mut tx = Tx::new();
    billing::save_prices_in(&mut tx, &next, before.version, codes::STALE_VERSION)?;
    tx.audit(audit::record(&p.actor(), now, "billing_prices_saved", "billing-prices", Some(json!(before.sets)), Some(json!(next.sets)))?);
    tx.commit(&app).await?;
    Ok(Json(view(&next)))
}
