//! A site's final allocations, as seed 000 shows them: product, cool,
//! packs, vials, doses, needle and syringe boxes.

use axum::extract::State;
use serde::Serialize;
use vsys::domain::org::Role;
use vsys::domain::thousands;
use vsys::http::{Page, User};
use vsys::store::allocations;
use vsys::store::supply::{self, CoolItem, ProductsItem};
use vsys::store::Batch;
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct SiteAllocation {
    pub cool_id: String,
    pub label: String,
    pub product_name: String,
    pub packs: u64,
    pub vials: u64,
    pub doses: u64,
    pub needle_boxes: u64,
    pub needles: u64,
    pub syringe_boxes: u64,
    pub syringes: u64,
    /// The seed's line: "… 07クール（06/28週納入分）: 10箱、100バイアル、1,000回接種分 …".
    pub summary: String,
    pub finalised_at: String,
    /// Entered by the wholesaler (納入予定日); absent until then.
    pub delivery_date: Option<String>,
    /// 納入実績: the day delivered; absent until then.
    pub delivered_on: Option<String>,
}

/// At most this many allocations in one answer: one batch read, with the product master.
const KEPT: usize = 100;

/// GET /allocations — the caller site's final allocations, the latest first.
pub async fn list(State(app): State<App>, User(p): User) -> AppResult<Page<SiteAllocation>> {
    if !matches!(p.role, Role::Site | Role::Workplace) {
        return Err(AppError::forbidden());
    }
    let mut recs = allocations::of_site(&app, &p.org_id).await?;
    recs.sort_by_key(|r| std::cmp::Reverse(r.finalised_at));
    recs.truncate(KEPT - 1);
    let mut batch = Batch::new();
    let products = batch.add::<ProductsItem>(supply::products_key());
    let cools: Vec<_> = recs
        .iter()
        .map(|r| batch.add::<CoolItem>(supply::cool_key(&r.cool_id)))
        .collect();
    let mut got = batch.read(&app).await?;
    let products = got.take(products)?.unwrap_or_default().products;
    let mut out = Vec::new();
    for (r, slot) in recs.iter().zip(cools) {
        let Some(cool) = got.take(slot)? else { continue };
        let product = cool.product_in(&products);
        let (vials_per_pack, doses_per_pack, needles_per_box, syringes_per_box) = product
            .map(|x| {
                (
                    u64::from(x.vials_per_pack),
                    x.doses_per_pack(),
                    u64::from(x.needles_per_box),
                    u64::from(x.syringes_per_box),
                )
            })
            .unwrap_or((0, 0, 0, 0));
        let b = r.boxes;
        let label = cool.label_in(&products);
        out.push(SiteAllocation {
            summary: format!(
                "{label}: {}箱、{}バイアル、{}回接種分／針 {}箱 = {}本／シリンジ {}箱 = {}本",
                thousands(b.vaccine),
                thousands(b.vaccine * vials_per_pack),
                thousands(b.vaccine * doses_per_pack),
                thousands(b.needles),
                thousands(b.needles * needles_per_box),
                thousands(b.syringes),
                thousands(b.syringes * syringes_per_box),
            ),
            cool_id: r.cool_id.clone(),
            product_name: product.map(|x| x.name.clone()).unwrap_or_else(|| cool.def.product.clone()),
            label,
            packs: b.vaccine,
            vials: b.vaccine * vials_per_pack,
            doses: b.vaccine * doses_per_pack,
            needle_boxes: b.needles,
            needles: b.needles * needles_per_box,
            syringe_boxes: b.syringes,
            syringes: b.syringes * syringes_per_box,
            finalised_at: vsys::clock::to_jst_string(r.finalised_at),
            delivery_date: r.scheduled_date.map(|d| d.to_string()),
            delivered_on: r.delivered_on.map(|d| d.to_string()),
        });
    }
    Ok(Page::whole(out))
}
