//! Weekly demand (希望量, seed 000): a site registers for one cool of the
//! general or workplace channel from its opening until Tuesday 15:00 JST, and
//! may correct it until then. Prefectures and municipalities read the
//! registrations of their area.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::domain::cool::{demand_writable, Channel};
use vsys::domain::org::Role;
use vsys::domain::reservation::{suggest_demand, DemandSuggestion};
use vsys::http::{Count, QueryParams, User};
use vsys::http::{InContext, Page};
use vsys::store::registrations::{self, HistoryItem, RegistrationItem, RegistrationView, Storage};
use vsys::store::supply::{self, CoolItem, ProductItem, ProductsItem};
use vsys::store::{audit, reservations, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::masters::{cool_view, CoolView};
use crate::register::{self, refusal_view, refused, Quantities, RefusalView, Site};

/// What a weekly-demand screen and its write need.
struct Demand {
    site: Site,
    /// A cool of weekly demand for the caller's kind of site.
    cool: CoolItem,
    /// The site's registration for it, if any.
    current: Option<RegistrationItem>,
    /// The site's registrations of the channel in brief.
    history: HistoryItem,
    products: Vec<ProductItem>,
    /// Whether the site is a reservation venue (it has slots).
    venue: bool,
}

/// Reads the registering site, the cool, the site's registration and
/// history, and the product master: one BatchGetItem, every key known from
/// the session and the path (a site registers general cools, a workplace
/// venue workplace cools).
async fn demand_of(app: &App, p: &vsys::auth::Principal, cool_id: &str) -> AppResult<Demand> {
    let channel = match p.role {
        Role::Site => Channel::General,
        Role::Workplace => Channel::Workplace,
        _ => return Err(AppError::forbidden()),
    };
    let mut batch = Batch::new();
    let cool = batch.add::<CoolItem>(supply::cool_key(cool_id));
    let registration = batch.add::<RegistrationItem>(register::registration_key(p, cool_id)?);
    let history = batch.add::<HistoryItem>(registrations::history_key(&p.org_id, channel));
    let products = batch.add::<ProductsItem>(supply::products_key());
    let venue = batch.add::<reservations::VenueItem>(reservations::venue_key(&p.org_id));
    let (site, mut got) = register::site_with(app, p, batch).await?;
    let cool = got.take(cool)?.ok_or_else(AppError::not_found)?;
    match cool.def.channel {
        Channel::Booster => {
            return Err(AppError::invalid(
                "cool_id",
                "追加接種のクールは「接種計画の登録」から登録してください。",
            ))
        }
        c if c != channel => return Err(AppError::forbidden()),
        _ => {}
    }
    Ok(Demand {
        current: got.take(registration)?,
        history: got
            .take(history)?
            .unwrap_or_else(|| HistoryItem::empty(&site.id, channel)),
        products: got.take(products)?.unwrap_or_default().products,
        venue: got.take(venue)?.is_some(),
        site,
        cool,
    })
}

/// GET /cools/{cool_id}/demand — the site's registration for the cool (or
/// that there is none), what it registered last time, and whether it can write.
pub async fn get(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
) -> AppResult<Json<DemandView>> {
    let Demand {
        site,
        cool,
        current,
        history,
        products,
        venue,
    } = demand_of(&app, &p, &cool_id).await?;
    let product = cool.product_in(&products);
    let suggestion = match product {
        Some(product) if venue => Some(suggestion(&app, &site, &cool, product).await?),
        _ => None,
    };
    let previous = history.before(cool.def.number);
    let now = app.now();
    let refusal = demand_writable(&cool.def, now).err();
    Ok(Json(DemandView {
        cool: cool_view(&cool, &products, now),
        status: if current.is_some() {
            "registered"
        } else {
            "not_registered"
        },
        status_label: if current.is_some() {
            "希望量登録済みです。（変更する場合、希望量修正の上登録ボタンを押してください。）"
        } else {
            "希望量が未登録です。（希望量を確認の上登録ボタンを押してください。）"
        },
        registration: current.as_ref().map(|r| register::view(r, product)),
        previous: previous.map(|r| register::view(r, product)),
        writable: refusal.is_none(),
        refusal: refusal.map(refusal_view),
        doses_per_pack: product.map(|x| x.doses_per_pack()),
        suggestion,
    }))
}

/// For a reservation venue: the places booked in the cool's delivery week
/// (its Monday to Sunday) and the first doses whose second falls due in it
/// (the product's interval earlier) without a second booked yet.
async fn suggestion(app: &App, site: &Site, cool: &CoolItem, product: &vsys::domain::supply::Product) -> AppResult<DemandSuggestion> {
    let week = cool.def.delivery_week;
    let last = week + chrono::Duration::days(6);
    let interval = chrono::Duration::days(i64::from(product.dose_interval_days));
    let (slots, due) = tokio::try_join!(
        reservations::slots_of(app, &site.muni, week, last),
        async {
            if product.dose_interval_days == 0 {
                return Ok(Vec::new());
            }
            reservations::second_doses_unbooked(app, &site.id, week - interval, last - interval).await
        }
    )?;
    let booked: u64 = slots.iter().filter(|s| s.venue_id == site.id).map(|s| u64::from(s.booked)).sum();
    Ok(suggest_demand(booked, due.len() as u64, product.doses_per_pack()))
}

/// The weekly-demand screen (希望量の登録) of one cool.
#[derive(Debug, Serialize)]
pub struct DemandView {
    pub cool: CoolView,
    pub status: &'static str,
    pub status_label: &'static str,
    pub registration: Option<RegistrationView>,
    /// What the site registered for the cool before (前回の登録).
    pub previous: Option<RegistrationView>,
    pub writable: bool,
    pub refusal: Option<RefusalView>,
    pub doses_per_pack: Option<u64>,
    /// A reservation venue's suggested figure, from its bookings.
    pub suggestion: Option<DemandSuggestion>,
}

/// A registration as saved; `changed` is false when it equalled what was stored.
#[derive(Debug, Serialize)]
pub struct Saved {
    pub registration: RegistrationView,
    pub changed: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandReq {
    /// 週当たり接種予定回数
    weekly_planned_doses: Count<100_000>,
    /// 納入希望量 (packs)
    packs: Count<10_000>,
    /// 保管管理
    storage: Storage,
    /// Computed from the master when absent; editable.
    needle_boxes: Option<Count<10_000>>,
    syringe_boxes: Option<Count<10_000>>,
    /// The version read (absent when registering for the first time).
    version: Option<u64>,
}

/// PUT /cools/{cool_id}/demand — register or correct the weekly demand.
pub async fn put(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
    vsys::http::Body(req): vsys::http::Body<DemandReq>,
) -> AppResult<Json<Saved>> {
    let Demand {
        site,
        cool,
        current: before,
        history,
        products,
        ..
    } = demand_of(&app, &p, &cool_id).await?;
    site.may_register()?;
    // The clock decides first: a write at 15:00:00 is late even if the
    // cut-off job has not run yet.
    demand_writable(&cool.def, app.now()).map_err(refused)?;
    if req.packs.get() > 0 && req.weekly_planned_doses.get() == 0 {
        return Err(AppError::invalid(
            "weekly_planned_doses",
            "希望量を登録する場合は、週当たり接種予定回数を入力してください。",
        ));
    }
    let product = cool
        .product_in(&products)
        .cloned()
        .ok_or_else(|| AppError::internal("cool names a missing product"))?;
    if req.version.is_some() && req.version != before.as_ref().map(|b| b.version) {
        return Err(register::stale());
    }
    let q = Quantities {
        weekly_planned_doses: Some(req.weekly_planned_doses.get()),
        packs: req.packs.get(),
        storage: Some(req.storage),
        needle_boxes: req.needle_boxes.map(Count::get),
        syringe_boxes: req.syringe_boxes.map(Count::get),
    };
    let after = register::build(
        &app,
        &p,
        &site,
        &cool,
        &product,
        q,
        history.first_number,
        before.as_ref(),
    );
    if !register::changed(before.as_ref(), &after) {
        let same = before.as_ref().unwrap_or(&after);
        return Ok(Json(Saved {
            registration: register::view(same, Some(&product)),
            changed: false,
        }));
    }
    let mut tx = Tx::new();
    register::write_in(&mut tx, before.as_ref(), &after)?;
    history
        .after(&after)
        .write_in(&mut tx, history.version, register::stale())?;
    tx.audit(audit::record(
        &p.actor(),
        app.now(),
        if before.is_some() {
            "demand_changed"
        } else {
            "demand_registered"
        },
        &format!("registration:{}:{}", cool.cool_id, site.id),
        before.as_ref().map(|b| serde_json::json!(b.view())),
        Some(serde_json::json!(after.view())),
    )?);
    tx.commit(&app).await?;
    tracing::info!(kind = "demand_registered", cool = %cool.cool_id, "demand registered");
    Ok(Json(Saved {
        registration: register::view(&after, Some(&product)),
        changed: true,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// A municipality inside the caller's prefecture (prefectures, nation).
    municipality_code: Option<String>,
    cursor: Option<String>,
}

/// Page size of registration lists.
const PAGE: i32 = 200;

/// GET /cools/{cool_id}/registrations — the registrations of a cool in the
/// caller's area: the nation all, a prefecture its own, a municipality its own.
pub async fn registrations(
    State(app): State<App>,
    User(p): User,
    Path(cool_id): Path<String>,
    QueryParams(q): QueryParams<ListQuery>,
) -> AppResult<InContext<OfCool, RegistrationView>> {
    let (mut pref, mut muni) = match p.role {
        Role::National => (None, None),
        Role::Prefecture => (Some(p.pref.clone().ok_or_else(AppError::forbidden)?), None),
        Role::Municipality => (
            Some(p.pref.clone().ok_or_else(AppError::forbidden)?),
            Some(p.muni.clone().ok_or_else(AppError::forbidden)?),
        ),
        _ => return Err(AppError::forbidden()),
    };
    if let Some(m) = &q.municipality_code {
        Role::Municipality
            .check_code(m)
            .map_err(|msg| AppError::invalid("municipality_code", msg))?;
        // Narrowing never widens: it must lie inside the caller's own area.
        let m_pref = m[..2].to_string();
        if pref.as_ref().is_some_and(|own| *own != m_pref)
            || muni.as_ref().is_some_and(|own| own != m)
        {
            return Err(AppError::not_found());
        }
        pref = Some(m_pref);
        muni = Some(m.clone());
    }
    // The cool and the product master by key in one batch, then the page.
    let mut batch = Batch::new();
    let cool = batch.add::<CoolItem>(supply::cool_key(&cool_id));
    let master = batch.add::<ProductsItem>(supply::products_key());
    let mut got = batch.read(&app).await?;
    let cool = got.take(cool)?.ok_or_else(AppError::not_found)?;
    let products = got.take(master)?.unwrap_or_default().products;
    let page = registrations::of_cool(
        &app,
        &cool.cool_id,
        pref.as_deref(),
        muni.as_deref(),
        PAGE,
        q.cursor.as_deref(),
    )
    .await?;
    let product = cool.product_in(&products);
    let items = page
        .items
        .iter()
        .map(|r| register::view(r, product))
        .collect();
    Ok(Page::new(items, page.next).with(OfCool {
        cool: cool_view(&cool, &products, app.now()),
    }))
}

/// A list of one cool names its cool.
#[derive(Debug, Serialize)]
pub struct OfCool {
    pub cool: CoolView,
}
