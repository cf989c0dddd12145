//! What the delivery handlers share: who may see a delivery, the cools read
//! with their products, and the answer's shape of one delivery.

use serde::Serialize;
use std::collections::HashMap;
use vsys::auth::Principal;
use vsys::domain::allocation::Boxes;
use vsys::domain::calendar::jst_date;
use vsys::domain::delivery::{covers, schedule_deadline, schedule_late, LotVials};
use vsys::domain::org::Role;
use vsys::domain::supply::Product;
use vsys::masterdata::census;
use vsys::store::allocations::SiteAllocationItem;
use vsys::store::supply::{self, CoolItem, ProductsItem};
use vsys::store::wholesalers::{self, WholesalerItem};
use vsys::store::Batch;
use vsys::{App, AppError, AppResult};

/// The caller wholesaler's master entry (its area).
pub async fn wholesaler(app: &App, p: &Principal) -> AppResult<WholesalerItem> {
    p.require_role(&[Role::Wholesaler])?;
    let code = p.org_id.strip_prefix("whs-").unwrap_or(&p.org_id);
    wholesalers::find(app, code).await?.ok_or_else(|| AppError::NotFound {
        message: "卸マスタに登録されていません。国（厚生労働省）に配送エリアの登録を依頼してください。".into(),
        field: None,
    })
}

/// Whether `p` may read the delivery `d`: the site itself, its municipality,
/// its prefecture, the nation, and a wholesaler whose area covers it
/// (`areas`). Anything else reads as absent.
pub fn readable(p: &Principal, d: &SiteAllocationItem, areas: Option<&[String]>) -> AppResult<()> {
    let ok = match p.role {
        Role::National => true,
        Role::Prefecture => p.pref.as_deref() == Some(d.pref.as_str()),
        Role::Municipality => p.muni.as_deref() == Some(d.muni.as_str()),
        Role::Site | Role::Workplace => p.org_id == d.site_id,
        Role::Wholesaler => areas.is_some_and(|a| covers(a, &d.pref, &d.muni)),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

/// Cools with their products, read once for many deliveries.
pub struct Cools {
    cools: HashMap<String, CoolItem>,
    products: Vec<supply::ProductItem>,
}

impl Cools {
    /// The cools named (at most 99 distinct) and the product master: one batch read.
    pub async fn read(app: &App, ids: impl IntoIterator<Item = String>) -> AppResult<Cools> {
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort();
        ids.dedup();
        let mut batch = Batch::new();
        let products = batch.add::<ProductsItem>(supply::products_key());
        let slots: Vec<_> = ids.iter().take(99).map(|c| batch.add::<CoolItem>(supply::cool_key(c))).collect();
        let mut got = batch.read(app).await?;
        let products = got.take(products)?.unwrap_or_default().products;
        let mut cools = HashMap::new();
        for s in slots {
            if let Some(c) = got.take(s)? {
                cools.insert(c.def.id(), c);
            }
        }
        Ok(Cools { cools, products })
    }

    pub fn get(&self, id: &str) -> Option<&CoolItem> {
        self.cools.get(id)
    }

    /// The cool, which must exist.
    pub fn need(&self, id: &str) -> AppResult<&CoolItem> {
        self.get(id).ok_or_else(|| AppError::NotFound {
            message: format!("クール {id} はありません。"),
            field: Some("cool_id".into()),
        })
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.get(id).and_then(|c| c.product_in(&self.products))
    }

    pub fn label(&self, id: &str) -> String {
        self.get(id).map_or_else(|| id.to_string(), |c| c.label_in(&self.products))
    }
}

/// One delivery as every screen shows it.
#[derive(Debug, Serialize)]
pub struct DeliveryView {
    pub cool_id: String,
    pub cool_label: String,
    pub site_id: String,
    pub site_name: String,
    pub pref: String,
    pub pref_name: String,
    pub muni: String,
    pub muni_name: String,
    pub boxes: Boxes,
    /// Vials of vaccine allocated (packs × vials per pack).
    pub vials: u64,
    pub delivery_week: String,
    /// 納入予定日の登録期日.
    pub schedule_deadline: String,
    pub scheduled_date: Option<String>,
    pub delivered_on: Option<String>,
    pub lots: Vec<LotVials>,
    /// unscheduled / scheduled / delivered.
    pub status: &'static str,
    pub status_label: &'static str,
    /// Unscheduled after the deadline, or scheduled for a day gone by without an actual date.
    pub late: bool,
    pub version: u64,
}

pub fn view(app: &App, cools: &Cools, d: &SiteAllocationItem) -> DeliveryView {
    let today = jst_date(app.now());
    let week = cools.get(&d.cool_id).map(|c| c.def.delivery_week);
    let vials = d.boxes.vaccine * cools.product(&d.cool_id).map_or(0, |p| u64::from(p.vials_per_pack));
    let (status, status_label, late) = match (d.scheduled_date, d.delivered_on) {
        (_, Some(_)) => ("delivered", "納入済", false),
        (Some(s), None) => ("scheduled", "納入予定", s < today),
        (None, None) => ("unscheduled", "納入予定日未登録", week.is_some_and(|w| schedule_late(w, today))),
    };
    let c = census();
    DeliveryView {
        cool_id: d.cool_id.clone(),
        cool_label: cools.label(&d.cool_id),
        site_id: d.site_id.clone(),
        site_name: d.site_name.clone(),
        pref: d.pref.clone(),
        pref_name: c.prefecture(&d.pref).map(|p| p.name.clone()).unwrap_or_default(),
        muni: d.muni.clone(),
        muni_name: c.municipality(&d.muni).map(|m| m.name.clone()).unwrap_or_default(),
        boxes: d.boxes,
        vials,
        delivery_week: week.map(|w| w.to_string()).unwrap_or_default(),
        schedule_deadline: week.map(|w| schedule_deadline(w).to_string()).unwrap_or_default(),
        scheduled_date: d.scheduled_date.map(|x| x.to_string()),
        delivered_on: d.delivered_on.map(|x| x.to_string()),
        lots: d.lots.clone(),
        status,
        status_label,
        late,
        version: d.version,
    }
}

/// The date as the sheets write it (`2021/07/05`), empty when absent.
pub fn slash(d: &Option<String>) -> String {
    d.as_deref().map(|s| s.replace('-', "/")).unwrap_or_default()
}
