//! Stock by lot (入庫在庫): a site's own stock with each lot's expiry and an
//! estimate of the doses it may use; the municipality's and prefecture's
//! boards of lots held near their expiry.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use vsys::domain::calendar::jst_date;
use vsys::domain::delivery::{estimate, expiring, Estimate, EXPIRY_WARNING_DAYS};
use vsys::domain::org::Role;
use vsys::http::{InContext, Page, QueryParams, User};
use vsys::masterdata::census;
use vsys::store::lots::{self, LotItem};
use vsys::store::stock::{self, StockItem};
use vsys::store::supply::{self, ProductsItem};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct StockRow {
    pub lot_number: String,
    pub product: String,
    pub product_name: String,
    pub expiry_date: Option<String>,
    pub expiring: bool,
    pub received: i64,
    pub transferred_in: i64,
    pub transferred_out: i64,
    pub used: i64,
    pub wasted: i64,
    pub on_hand: i64,
}

#[derive(Debug, Serialize)]
pub struct ProductEstimate {
    pub product: String,
    pub product_name: String,
    pub on_hand_vials: u64,
    #[serde(flatten)]
    pub estimate: Estimate,
}

#[derive(Debug, Serialize)]
pub struct StockContext {
    pub expiring: u64,
    pub warning_days: u64,
    pub estimates: Vec<ProductEstimate>,
}

async fn masters(app: &App) -> AppResult<(HashMap<String, LotItem>, ProductsItem)> {
    let (all, products) = tokio::try_join!(lots::all(app), supply::product_master(app))?;
    Ok((all.into_iter().map(|l| (l.lot_number.clone(), l)).collect(), products))
}

/// GET /stock — the caller site's stock by lot (lots it no longer holds
/// included, for the record), the lots near expiry counted, and per product
/// the doses it holds less the second doses it owes.
pub async fn own(State(app): State<App>, User(p): User) -> AppResult<InContext<StockContext, StockRow>> {
    p.require_role(&[Role::Site, Role::Workplace])?;
    let (items, (lots, products), reports) =
        tokio::try_join!(stock::of_site(&app, &p.org_id), masters(&app), vsys::store::results::of_site(&app, &p.org_id))?;
    let today = jst_date(app.now());
    let rows: Vec<StockRow> = items
        .iter()
        .map(|s| {
            let expiry = lots.get(&s.lot_number).map(|l| l.expiry_date);
            StockRow {
                lot_number: s.lot_number.clone(),
                product: s.product.clone(),
                product_name: products.name_of(&s.product),
                expiry_date: expiry.map(|d| d.to_string()),
                expiring: s.on_hand > 0 && expiry.is_some_and(|d| expiring(d, today)),
                received: s.received,
                transferred_in: s.transferred_in,
                transferred_out: s.transferred_out,
                used: s.used,
                wasted: s.wasted,
                on_hand: s.on_hand,
            }
        })
        .collect();
    let mut by_product: BTreeMap<&str, u64> = BTreeMap::new();
    for s in &items {
        *by_product.entry(&s.product).or_default() += s.on_hand.max(0) as u64;
    }
    // The second doses owed: first doses reported less second doses.
    let reported: BTreeMap<&str, [u64; 3]> = reports.iter().map(|r| (r.product.as_str(), r.counts.doses())).collect();
    let estimates = by_product
        .into_iter()
        .map(|(code, vials)| {
            let per_vial = products.product(code).map_or(0, |p| u64::from(p.product.doses_per_vial));
            ProductEstimate {
                product: code.to_string(),
                product_name: products.name_of(code),
                on_hand_vials: vials,
                estimate: {
                    let d = reported.get(code).copied().unwrap_or_default();
                    estimate(vials, per_vial, d[0], d[1])
                },
            }
        })
        .collect();
    let expiring_count = rows.iter().filter(|r| r.expiring).count() as u64;
    Ok(Page::whole(rows).with(StockContext { expiring: expiring_count, warning_days: EXPIRY_WARNING_DAYS, estimates }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardQuery {
    /// The nation: the prefecture to look at.
    pref: Option<String>,
    /// A prefecture (or the nation): one municipality of it.
    muni: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ExpiringRow {
    pub site_id: String,
    pub site_name: String,
    pub muni: String,
    pub muni_name: String,
    pub lot_number: String,
    pub product_name: String,
    pub expiry_date: String,
    pub on_hand: i64,
}

/// GET /stock/expiring — the lots within 30 days of expiry (or expired)
/// still held by sites of the caller's municipality or prefecture.
pub async fn expiring_board(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<BoardQuery>,
) -> AppResult<Page<ExpiringRow>> {
    let (pref, muni) = p.report_area(q.pref.as_deref(), q.muni.as_deref())?;
    // The nation names the prefecture it looks at.
    let pref = pref.ok_or_else(|| AppError::invalid("pref", "都道府県を指定してください。"))?;
    let (lots, products) = masters(&app).await?;
    let today = jst_date(app.now());
    let mut near: Vec<&LotItem> = lots.values().filter(|l| expiring(l.expiry_date, today)).collect();
    near.sort_by_key(|l| (l.expiry_date, l.lot_number.clone()));
    let c = census();
    let mut rows = Vec::new();
    for lot in near {
        let held: Vec<StockItem> = stock::holders(&app, &pref, muni.as_deref(), &lot.lot_number).await?;
        for s in held {
            rows.push(ExpiringRow {
                muni_name: c.municipality(&s.muni).map(|m| m.name.clone()).unwrap_or_default(),
                site_id: s.site_id,
                site_name: s.site_name,
                muni: s.muni,
                lot_number: lot.lot_number.clone(),
                product_name: products.name_of(&lot.product),
                expiry_date: lot.expiry_date.to_string(),
                on_hand: s.on_hand,
            });
        }
    }
    Ok(Page::whole(rows))
}
