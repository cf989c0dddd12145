//! Supply master data in the table: products (vaccine, needle, syringe), cools,
//! the plan calendar and maintenance windows. The product master, the
//! calendar and the maintenance windows are one small item each, so a
//! handler reads them by key, in the same batch as what else it needs.

use crate::domain::cool::{CoolDef, MaintenanceWindow, Period};
use crate::domain::supply::Product;
use crate::error::AppResult;
use crate::store::{get, query_all};
use crate::App;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One product of the master, with its own version (what a screen read).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProductItem {
    #[serde(flatten)]
    pub product: Product,
    pub version: u64,
}

impl ProductItem {
    pub fn new(product: Product, version: u64) -> ProductItem {
        ProductItem { product, version }
    }
}

/// The whole product master: a few dozen products at most, one item.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProductsItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    /// In code order.
    pub products: Vec<ProductItem>,
    /// The master's version: every change is written on the version read.
    pub version: u64,
}

const PRODUCTS_SK: &str = "PRODUCTS";

pub fn products_key() -> crate::store::Key {
    (CONFIG_PK.into(), PRODUCTS_SK.into())
}

impl ProductsItem {
    pub fn product(&self, code: &str) -> Option<&ProductItem> {
        self.products.iter().find(|p| p.product.code == code)
    }

    /// The product's name as users read it; its code when the master has none.
    pub fn name_of(&self, code: &str) -> String {
        self.product(code).map_or_else(|| code.to_string(), |p| p.product.name.clone())
    }

    /// The master with `p` added or replaced (codes stay in order).
    pub fn with(&self, p: ProductItem) -> ProductsItem {
        let mut next = self.clone();
        (next.pk, next.sk) = products_key();
        next.products.retain(|o| o.product.code != p.product.code);
        next.products.push(p);
        next.products
            .sort_by(|a, b| a.product.code.cmp(&b.product.code));
        next.version += 1;
        next
    }

    /// Writes the master over the version read, in `tx`.
    pub fn write_in(
        &self,
        tx: &mut crate::store::Tx,
        read_version: u64,
        on_stale: impl Into<crate::store::tx::OnFail>,
    ) -> AppResult<()> {
        tx.put_versioned(crate::store::to_item(self)?, read_version, on_stale);
        Ok(())
    }
}

/// The product master (empty before any product is entered).
pub async fn product_master(app: &App) -> AppResult<ProductsItem> {
    let (pk, sk) = products_key();
    Ok(get(app, &pk, &sk).await?.unwrap_or_default())
}

pub async fn products(app: &App) -> AppResult<Vec<ProductItem>> {
    Ok(product_master(app).await?.products)
}

/// The vaccines a facility, doctor or delegation can name: the
/// manufacturers of the product master, sorted, each once.
pub async fn vaccine_names(app: &App) -> AppResult<Vec<String>> {
    let mut v: Vec<String> = products(app)
        .await?
        .into_iter()
        .map(|p| p.product.manufacturer)
        .collect();
    v.sort();
    v.dedup();
    Ok(v)
}

/// A cool and, once its deadline has been closed by the cut-off job, the
/// frozen totals of its registrations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CoolItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    pub cool_id: String,
    #[serde(flatten)]
    pub def: CoolDef,
    /// Set by the cut-off job: the registrations are the allocation input from then on.
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub snapshot: Option<Totals>,
    pub version: u64,
}

/// Sums over the registrations of one cool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub sites: i64,
    pub packs: i64,
    pub doses: i64,
    pub needle_boxes: i64,
    pub syringe_boxes: i64,
}

impl Totals {
    pub fn add(&mut self, o: &Totals) {
        self.sites += o.sites;
        self.packs += o.packs;
        self.doses += o.doses;
        self.needle_boxes += o.needle_boxes;
        self.syringe_boxes += o.syringe_boxes;
    }
}

pub fn cool_pk(cool_id: &str) -> String {
    format!("COOL#{cool_id}")
}

impl CoolItem {
    pub fn new(def: CoolDef, version: u64) -> CoolItem {
        let id = def.id();
        CoolItem {
            pk: cool_pk(&id),
            sk: COOL_SK.into(),
            gsi1pk: "COOLS".into(),
            gsi1sk: format!("{}#{:04}", def.channel.as_str(), def.number),
            cool_id: id,
            def,
            closed_at: None,
            snapshot: None,
            version,
        }
    }
}

impl CoolItem {
    /// This cool's product in a product list (as read once per request).
    pub fn product_in<'a>(&self, products: &'a [ProductItem]) -> Option<&'a Product> {
        products
            .iter()
            .map(|p| &p.product)
            .find(|p| p.code == self.def.product)
    }

    /// "武田/モデルナ社ワクチン（追加接種） 02クール（02/21週配送）", with the
    /// product code where the product is missing from the list.
    pub fn label_in(&self, products: &[ProductItem]) -> String {
        self.def.label(
            self.product_in(products)
                .map_or(self.def.product.as_str(), |p| p.name.as_str()),
        )
    }
}

pub fn cool_key(cool_id: &str) -> crate::store::Key {
    (cool_pk(cool_id), COOL_SK.into())
}

const COOL_SK: &str = "COOL";

pub fn calendar_key() -> crate::store::Key {
    (CONFIG_PK.into(), CALENDAR_SK.into())
}

pub async fn cool(app: &App, cool_id: &str) -> AppResult<Option<CoolItem>> {
    get(app, &cool_pk(cool_id), COOL_SK).await
}

/// Every cool, ordered by channel then number (a few hundred over the years).
pub async fn cools(app: &App) -> AppResult<Vec<CoolItem>> {
    query_all(app, Some("GSI1"), "COOLS", None).await
}

pub const CONFIG_PK: &str = "CONFIG";
pub const CALENDAR_SK: &str = "PLAN_CALENDAR";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CalendarItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub periods: Vec<Period>,
    pub version: u64,
}

impl CalendarItem {
    pub fn new(periods: Vec<Period>, version: u64) -> CalendarItem {
        CalendarItem {
            pk: CONFIG_PK.into(),
            sk: CALENDAR_SK.into(),
            periods,
            version,
        }
    }
}

pub async fn calendar(app: &App) -> AppResult<CalendarItem> {
    Ok(get(app, CONFIG_PK, CALENDAR_SK)
        .await?
        .unwrap_or_else(|| CalendarItem::new(Vec::new(), 0)))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MaintenanceItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub windows: Vec<MaintenanceWindow>,
    pub version: u64,
}

impl MaintenanceItem {
    pub fn new(windows: Vec<MaintenanceWindow>, version: u64) -> MaintenanceItem {
        MaintenanceItem {
            pk: CONFIG_PK.into(),
            sk: "MAINTENANCE".into(),
            windows,
            version,
        }
    }
}

pub async fn maintenance(app: &App) -> AppResult<MaintenanceItem> {
    Ok(get(app, CONFIG_PK, "MAINTENANCE")
        .await?
        .unwrap_or_else(|| MaintenanceItem::new(Vec::new(), 0)))
}
