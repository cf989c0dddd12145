//! The lot master (ロット): wholesalers register the lots they deliver
//! (number, product, expiry date); the nation corrects them; everyone who
//! handles vaccine reads them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::domain::calendar::jst_date;
use vsys::domain::delivery::{check_lot_number, expiring};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{Body, Page, User};
use vsys::store::lots::{self, LotItem};
use vsys::store::supply::{self, ProductsItem};
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct LotView {
    pub lot_number: String,
    pub product: String,
    pub product_name: String,
    pub expiry_date: String,
    /// Within 30 days of expiry, or expired.
    pub expiring: bool,
    pub registered_by_org: String,
    pub updated_at: String,
    pub version: u64,
}

fn view(l: &LotItem, products: &ProductsItem, today: NaiveDate) -> LotView {
    LotView {
        lot_number: l.lot_number.clone(),
        product: l.product.clone(),
        product_name: products.name_of(&l.product),
        expiry_date: l.expiry_date.to_string(),
        expiring: expiring(l.expiry_date, today),
        registered_by_org: l.registered_by_org.clone(),
        updated_at: vsys::clock::to_jst_string(l.updated_at),
        version: l.version,
    }
}

const READERS: [Role; 6] = [Role::National, Role::Wholesaler, Role::Prefecture, Role::Municipality, Role::Site, Role::Workplace];

/// GET /lots — the lot master, by number.
pub async fn list(State(app): State<App>, User(p): User) -> AppResult<Page<LotView>> {
    p.require_role(&READERS)?;
    let (all, products) = tokio::try_join!(lots::all(&app), supply::product_master(&app))?;
    let today = jst_date(app.now());
    Ok(Page::whole(all.iter().map(|l| view(l, &products, today)).collect()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotReq {
    lot_number: String,
    product: String,
    expiry_date: NaiveDate,
}

/// A product of the master.
fn check_product(products: &ProductsItem, product: &str) -> AppResult<()> {
    if products.product(product).is_none() {
        return Err(AppError::invalid("product", format!("製品 {product} はワクチンマスタにありません。")));
    }
    Ok(())
}

/// A new lot's product and expiry: a product of the master, an expiry date
/// not yet past.
fn check(products: &ProductsItem, product: &str, expiry: NaiveDate, today: NaiveDate) -> AppResult<()> {
    check_product(products, product)?;
    if expiry < today {
        return Err(AppError::invalid("expiry_date", "有効期限が過ぎたロットは登録できません。"));
    }
    Ok(())
}

/// POST /lots — registers a lot (a wholesaler, from its delivery records, or the nation).
pub async fn create(State(app): State<App>, User(p): User, Body(req): Body<LotReq>) -> AppResult<(StatusCode, Json<LotView>)> {
    p.require_role(&[Role::National, Role::Wholesaler])?;
    let number = req.lot_number.trim().to_string();
    check_lot_number(&number).map_err(|m| AppError::invalid("lot_number", m))?;
    let products = supply::product_master(&app).await?;
    let now = app.now();
    let today = jst_date(now);
    check(&products, &req.product, req.expiry_date, today)?;
    let item = LotItem::new(&number, &req.product, req.expiry_date, &p.org_id, now, &p.vsys_id, 1);
    let mut tx = Tx::new();
    tx.put_new(to_item(&item)?, codes::LOT_EXISTS.at("lot_number"));
    tx.audit(audit::record(
        &p.actor(),
        now,
        "lot_registered",
        &format!("lot:{number}"),
        None,
        Some(json!({"product": item.product, "expiry_date": item.expiry_date})),
    )?);
    tx.commit(&app).await?;
    Ok((StatusCode::CREATED, Json(view(&item, &products, today))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotChange {
    product: String,
    expiry_date: NaiveDate,
    version: u64,
}

/// PUT /lots/{lot_number} — the nation corrects a lot's product or expiry.
pub async fn change(
    State(app): State<App>,
    User(p): User,
    Path(number): Path<String>,
    Body(req): Body<LotChange>,
) -> AppResult<Json<LotView>> {
    p.require_role(&[Role::National])?;
    let before = lots::find(&app, &number).await?.ok_or_else(AppError::not_found)?;
    let products = supply::product_master(&app).await?;
    let now = app.now();
    let today = jst_date(now);
    check_product(&products, &req.product)?;
    if req.version != before.version {
        return Err(codes::STALE_VERSION.into());
    }
    let mut after = before.clone();
    after.product = req.product;
    after.expiry_date = req.expiry_date;
    after.updated_at = now;
    after.updated_by = p.vsys_id.clone();
    after.version += 1;
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&after)?, before.version, AppError::from(codes::STALE_VERSION));
    tx.audit(audit::record(
        &p.actor(),
        now,
        "lot_changed",
        &format!("lot:{number}"),
        Some(json!({"product": before.product, "expiry_date": before.expiry_date})),
        Some(json!({"product": after.product, "expiry_date": after.expiry_date})),
    )?);
    tx.commit(&app).await?;
    Ok(Json(view(&after, &products, today)))
}
