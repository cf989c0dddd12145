//! What weekly demand and plans share: the site writing, building one
//! registration from the master, and the transaction steps that write it
//! together with its cool's running totals.

use serde::Serialize;
use vsys::auth::Principal;
use vsys::domain::cool::{delivery_cap, delivery_round, Refusal};
use vsys::domain::facility::SiteType;
use vsys::domain::org::Role;
use vsys::domain::supply::Product;
use vsys::error::codes;
use vsys::store::batch::Got;
use vsys::store::facilities::{profile_key, ProfileItem};
use vsys::store::orgs::OrgItem;
use vsys::store::registrations::{
    self, add_to_totals, QuantityLabels, RegistrationItem, RegistrationView, Storage,
};
use vsys::store::supply::{CoolItem, Totals};
use vsys::store::{orgs, to_item, Batch, Key, Tx};
use vsys::{App, AppError, AppResult};

/// The facility registering, from its organisation record.
pub struct Site {
    pub id: String,
    pub name: String,
    pub pref: String,
    pub muni: String,
    /// A satellite receives transfers from its basic site and registers no
    /// demand or plan of its own (SPEC §4).
    pub satellite: bool,
}

impl Site {
    pub fn may_register(&self) -> AppResult<()> {
        if self.satellite {
            return Err(AppError::from(codes::SATELLITE_NO_DEMAND));
        }
        Ok(())
    }
}

/// Sites and workplace venues register; nobody else. Their organisation and
/// facility profile are read in one batch together with the `extra` items
/// the handler needs, which come back in the order asked (`None` where absent).
pub async fn site_with(app: &App, p: &Principal, mut batch: Batch) -> AppResult<(Site, Got)> {
    p.require_role(&[Role::Site, Role::Workplace])?;
    let org = batch.add::<OrgItem>(orgs::key(&p.org_id));
    let profile = batch.add::<ProfileItem>(profile_key(&p.org_id));
    let mut got = batch.read(app).await?;
    let org = got.take(org)?.ok_or_else(AppError::forbidden)?;
    let profile = got.take(profile)?;
    let (Some(pref), Some(muni)) = (org.pref, org.muni) else {
        return Err(AppError::forbidden());
    };
    Ok((
        Site {
            id: org.org_id,
            name: org.name,
            pref,
            muni,
            satellite: profile.is_some_and(|f| f.site_type == SiteType::Satellite),
        },
        got,
    ))
}

/// The key of the caller's registration for `cool_id` (its area is in the session).
pub fn registration_key(p: &Principal, cool_id: &str) -> AppResult<Key> {
    let (Some(pref), Some(muni)) = (p.pref.as_deref(), p.muni.as_deref()) else {
        return Err(AppError::forbidden());
    };
    Ok(registrations::key(cool_id, pref, muni, &p.org_id))
}

pub fn refused(r: Refusal) -> AppError {
    r.code().with(r.message())
}

/// Why a form is read-only now (the cut-off passed, plan review is under
/// way…), as the screen shows it above the form.
#[derive(Debug, Serialize)]
pub struct RefusalView {
    pub error: &'static str,
    pub message: String,
}

pub fn refusal_view(r: Refusal) -> RefusalView {
    RefusalView {
        error: r.code().name(),
        message: r.message(),
    }
}

/// The quantities a site asks for; needles and syringes default to the master's computation.
pub struct Quantities {
    pub weekly_planned_doses: Option<u64>,
    pub packs: u64,
    pub storage: Option<Storage>,
    pub needle_boxes: Option<u64>,
    pub syringe_boxes: Option<u64>,
}

/// The registration of `site` for `cool` with `q`, numbered after the site's
/// the site's first cool in the channel, `first_number` (for the delivery
/// round and its cap).
#[allow(clippy::too_many_arguments)]
pub fn build(
    app: &App,
    p: &Principal,
    site: &Site,
    cool: &CoolItem,
    product: &Product,
    q: Quantities,
    first_number: Option<u32>,
    before: Option<&RegistrationItem>,
) -> RegistrationItem {
    let now = app.now();
    let doses = q.packs * product.doses_per_pack();
    let first = first_number.map_or(cool.def.number, |f| f.min(cool.def.number));
    let round = delivery_round(first, cool.def.number);
    let mut item = RegistrationItem {
        pk: String::new(),
        sk: String::new(),
        gsi1pk: String::new(),
        gsi1sk: String::new(),
        cool_id: cool.cool_id.clone(),
        channel: cool.def.channel,
        cool_number: cool.def.number,
        site_id: site.id.clone(),
        site_name: site.name.clone(),
        pref: site.pref.clone(),
        muni: site.muni.clone(),
        weekly_planned_doses: q.weekly_planned_doses,
        packs: q.packs,
        doses,
        needle_boxes: q
            .needle_boxes
            .unwrap_or_else(|| product.needle_boxes(doses)),
        syringe_boxes: q
            .syringe_boxes
            .unwrap_or_else(|| product.syringe_boxes(doses)),
        storage: q.storage,
        delivery_round: round,
        cap_doses: q.weekly_planned_doses.and_then(|w| delivery_cap(round, w)),
        registered_at: before.map_or(now, |b| b.registered_at),
        updated_at: now,
        updated_by: p.vsys_id.clone(),
        version: before.map_or(1, |b| b.version + 1),
    };
    item.set_keys();
    item
}

/// Whether `after` asks for anything different from `before`.
pub fn changed(before: Option<&RegistrationItem>, after: &RegistrationItem) -> bool {
    before.is_none_or(|b| {
        (
            b.weekly_planned_doses,
            b.packs,
            b.needle_boxes,
            b.syringe_boxes,
            b.storage,
        ) != (
            after.weekly_planned_doses,
            after.packs,
            after.needle_boxes,
            after.syringe_boxes,
            after.storage,
        )
    })
}

/// Two steps per registration: the item (still at the version read) and its
/// change to the cool's totals (refused once the cool is closed).
pub fn write_in(
    tx: &mut Tx,
    before: Option<&RegistrationItem>,
    after: &RegistrationItem,
) -> AppResult<()> {
    let old = before.map(RegistrationItem::totals).unwrap_or_default();
    let new = after.totals();
    let delta = Totals {
        sites: new.sites - old.sites,
        packs: new.packs - old.packs,
        doses: new.doses - old.doses,
        needle_boxes: new.needle_boxes - old.needle_boxes,
        syringe_boxes: new.syringe_boxes - old.syringe_boxes,
    };
    tx.put_versioned(to_item(after)?, before.map_or(0, |b| b.version), stale());
    add_to_totals(tx, &after.cool_id, &after.site_id, &delta);
    Ok(())
}

/// A registration changed by someone else since it was read.
pub fn stale() -> AppError {
    codes::STALE_VERSION.with("他の操作で登録内容が更新されています。画面を読み込み直してから、もう一度登録してください。")
}

/// A registration as the site's screen shows it, with the seed's labels.
pub fn view(r: &RegistrationItem, product: Option<&Product>) -> RegistrationView {
    RegistrationView {
        labels: product.map(|p| QuantityLabels {
            packs_label: p.packs_label(r.packs),
            needles_label: format!(
                "{}本 × {} 箱 ({} 本)",
                p.needles_per_box,
                r.needle_boxes,
                r.needle_boxes * u64::from(p.needles_per_box)
            ),
            syringes_label: format!(
                "{}本 × {} 箱 ({} 本)",
                p.syringes_per_box,
                r.syringe_boxes,
                r.syringe_boxes * u64::from(p.syringes_per_box)
            ),
        }),
        ..r.view()
    }
}
