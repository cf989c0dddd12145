//! Basic and satellite sites (基本型・サテライト型（連携型）, SPEC §4): a
//! satellite is linked to exactly one basic site of the same vaccine, and the
//! three change rules read the supply facts that allocations and transfers
//! keep. A satellite registers each transfer (融通) on the day.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::domain::calendar::jst_date;
use vsys::domain::facility::{
    check_facility_code, check_type_change, SiteType, SupplyFacts, TypeRefusal,
};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{Body, Count, Text, User};
use vsys::http::{InContext, Page};
use vsys::store::facilities::{
    count_satellite_in, profile_unchanged_in, record_transfer, supply_key, transfers_of,
    transfers_unchanged_in, SupplyItem, TransferItem,
};
use vsys::store::stock::{self, Holder, Movement};
use vsys::store::{audit, lots, results, to_item, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::facility::{own, read, stale, FacilityView};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeReq {
    site_type: SiteType,
    /// The basic site a satellite links to, by its 10-digit code.
    basic_site_code: Option<Text<10>>,
    version: u64,
}

fn refused(r: TypeRefusal) -> AppError {
    match r {
        TypeRefusal::BasicSiteRequired | TypeRefusal::NotForBasic => {
            AppError::invalid(r.field(), r.message())
        }
        _ => AppError::Conflict {
            code: r.code(),
            message: r.message(),
            field: Some(r.field().into()),
        },
    }
}

/// The one answer for every basic site that cannot be linked (unknown, in
/// another municipality, not basic, another vaccine): a site learns nothing
/// about sites outside its area by trying codes.
fn basic_unavailable() -> AppError {
    AppError::NotFound {
        message: "指定したコードの基本型接種施設とは連携できません。同じ市区町村にあり、同じワクチンを取り扱う基本型接種施設のコードを指定してください。".into(),
        field: Some("basic_site_code".into()),
    }
}

/// PUT /facility/site-type — become basic or satellite, or switch the basic site.
pub async fn change_type(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<TypeReq>,
) -> AppResult<Json<FacilityView>> {
    let mut batch = Batch::new();
    let supply = batch.add::<SupplyItem>(supply_key(&p.org_id));
    let (f, mut got) = own(&app, &p, batch).await?;
    let mut facts = got.take(supply)?.map(|i| i.facts).unwrap_or_default();
    facts.transferred_stock_vials = stock::on_hand(&app, &p.org_id).await?;
    let basic_id = match &req.basic_site_code {
        Some(code) => {
            check_facility_code(code).map_err(|m| AppError::invalid("basic_site_code", m))?;
            Some(Role::Site.org_id(code))
        }
        None => None,
    };
    if basic_id.as_deref() == Some(f.org.org_id.as_str()) {
        return Err(AppError::invalid(
            "basic_site_code",
            "自施設を連携先の基本型には指定できません。",
        ));
    }
    let from = (f.profile.site_type, f.profile.basic_site_id.as_deref());
    let to = (req.site_type, basic_id.as_deref());
    check_type_change(from, to, facts).map_err(refused)?;
    if from.0 == SiteType::Basic && to.0 == SiteType::Satellite && f.profile.satellites > 0 {
        return Err(AppError::Conflict {
            code: vsys::error::codes::BASIC_HAS_SATELLITES,
            message: format!(
                "この施設には連携しているサテライト型（連携型）接種施設が{}施設あるため、サテライト型には変更できません。",
                f.profile.satellites
            ),
            field: Some("site_type".into()),
        });
    }
    let linking = basic_id.is_some() && from.1 != to.1;
    if let (true, Some(id)) = (linking, &basic_id) {
        let basic = read(&app, id, Batch::new())
            .await?
            .map(|(b, _)| b)
            .filter(|b| b.profile.muni == f.profile.muni)
            .ok_or_else(basic_unavailable)?;
        let vaccine = |x: &vsys::store::facilities::ProfileItem| {
            x.profile
                .as_ref()
                .and_then(|p| p.vaccine.as_ref().map(|v| v.to_string()))
        };
        if basic.profile.site_type != SiteType::Basic
            || vaccine(&f.profile).is_none()
            || vaccine(&f.profile) != vaccine(&basic.profile)
        {
            return Err(basic_unavailable());
        }
    }
    // The version is checked last: a basic site outside the area gets the
    // same answer whatever else is wrong with the request.
    if req.version != f.profile.version {
        return Err(stale());
    }
    let now = app.now();
    let mut next = f.profile.clone();
    next.site_type = req.site_type;
    next.basic_site_id = basic_id.clone();
    next.updated_at = Some(now);
    next.updated_by = Some(p.vsys_id.clone());
    next.version += 1;
    let mut tx = Tx::new();
    next.write_in(&mut tx, f.profile.version, stale())?;
    // Decided on the stock read: no transfer may land in between.
    transfers_unchanged_in(&mut tx, &f.org.org_id, facts.transfers_received, stale());
    tx.audit(audit::record(
        &p.actor(),
        now,
        "site_type_changed",
        &format!("facility:{}", f.org.org_id),
        Some(json!({ "site_type": from.0, "basic_site_id": from.1 })),
        Some(json!({ "site_type": to.0, "basic_site_id": to.1 })),
    )?);
    // The basic sites count their satellites (and their own saves see it).
    if from.1 != to.1 {
        if let Some(old) = from.1 {
            count_satellite_in(&mut tx, old, -1, "uncounting a satellite");
        }
        if let Some(new) = to.1 {
            count_satellite_in(&mut tx, new, 1, basic_unavailable());
        }
    }
    tx.commit(&app).await?;
    Ok(Json(crate::facility::view(&crate::facility::Facility {
        org: f.org,
        profile: next,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferReq {
    /// The day the vials arrived (JST): transfers are registered on the day.
    date: NaiveDate,
    lot_number: Text<30>,
    vials: Count<10_000>,
}

/// POST /facility/transfers — 融通の登録 by a satellite.
pub async fn register_transfer(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<TransferReq>,
) -> AppResult<(StatusCode, Json<TransferView>)> {
    let (f, _) = own(&app, &p, Batch::new()).await?;
    let (SiteType::Satellite, Some(basic)) = (f.profile.site_type, f.profile.basic_site_id.clone())
    else {
        return Err(AppError::from(codes::NOT_SATELLITE));
    };
    let now = app.now();
    let today = jst_date(now);
    if req.date != today {
        return Err(AppError::invalid(
            "date",
            format!("融通は受け取った当日（{today}）に登録してください。"),
        ));
    }
    if req.vials.get() == 0 {
        return Err(AppError::invalid(
            "vials",
            "バイアル数は1以上で入力してください。",
        ));
    }
    let lot_number = req.lot_number.into_string();
    vsys::domain::delivery::check_lot_number(&lot_number).map_err(|m| AppError::invalid("lot_number", m))?;
    // The lot from the master, and what the basic site holds of it.
    let (lot, held) = tokio::try_join!(lots::find(&app, &lot_number), stock::of_lot(&app, &basic, &lot_number))?;
    let Some(lot) = lot else {
        return Err(AppError::invalid(
            "lot_number",
            format!("ロット {lot_number} はロットマスタにありません。納品書のロット番号を確認してください。"),
        ));
    };
    let short = |held: i64| {
        codes::INSUFFICIENT_STOCK
            .with(format!(
                "基本型接種施設のロット {lot_number} の在庫は{held}バイアルです。在庫を超える融通は登録できません。"
            ))
            .at("vials")
    };
    if held.on_hand < req.vials.get() as i64 {
        return Err(short(held.on_hand.max(0)));
    }
    let (pk, sk) = TransferItem::key_for(&f.org.org_id, today)?;
    let item = TransferItem {
        pk,
        sk,
        org_id: f.org.org_id.clone(),
        from_site_id: basic.clone(),
        date: today.to_string(),
        lot_number: lot_number.clone(),
        vials: req.vials.get(),
        registered_at: now,
        registered_by: p.vsys_id.clone(),
    };
    let vials = item.vials as i64;
    let mut tx = Tx::new();
    // Still a satellite of the same basic site while this is written.
    profile_unchanged_in(&mut tx, &f.org.org_id, f.profile.version, stale());
    tx.put_new(to_item(&item)?, "new transfer key");
    record_transfer(&mut tx, &f.org.org_id, today);
    // Both sides in this transaction: the basic site's stock falls (never
    // below zero, whoever transfers at the same time), the satellite's rises.
    let from = Holder { site_id: &basic, site_name: &held.site_name, pref: &held.pref, muni: &held.muni };
    let raced = codes::INSUFFICIENT_STOCK
        .with(format!("基本型接種施設のロット {lot_number} の在庫が、同時に登録された融通で足りなくなりました。在庫を確認してください。"))
        .at("vials");
    stock::move_in(&mut tx, &from, &lot_number, &lot.product, Movement::TransferredOut, vials, raced);
    let (pref, muni) = (f.org.pref.clone().unwrap_or_default(), f.org.muni.clone().unwrap_or_default());
    let to = Holder { site_id: &f.org.org_id, site_name: &f.org.name, pref: &pref, muni: &muni };
    stock::move_in(&mut tx, &to, &lot_number, &lot.product, Movement::TransferredIn, vials, "unconditional stock in");
    // Received: due to report its results.
    results::due_in(&mut tx, &f.org.org_id, &f.org.name, &pref, &muni, today);
    tx.audit(audit::record(
        &p.actor(),
        now,
        "transfer_registered",
        &format!("facility:{}", f.org.org_id),
        None,
        Some(json!(transfer_view(&item))),
    )?);
    tx.commit(&app).await?;
    Ok((StatusCode::CREATED, Json(transfer_view(&item))))
}

#[derive(Debug, Serialize)]
pub struct TransferView {
    pub date: String,
    pub lot_number: String,
    pub vials: u64,
    pub from_site_id: String,
    pub registered_at: String,
}

fn transfer_view(t: &TransferItem) -> TransferView {
    TransferView {
        date: t.date.clone(),
        lot_number: t.lot_number.clone(),
        vials: t.vials,
        from_site_id: t.from_site_id.clone(),
        registered_at: vsys::clock::to_jst_display(t.registered_at),
    }
}

/// The transfers' list carries the facts the basic/satellite rules read.
#[derive(Debug, Serialize)]
pub struct TransfersContext {
    pub supply: SupplyFacts,
}

/// GET /facility/transfers — the satellite's transfers (newest first) and
/// the facts the basic/satellite rules read.
pub async fn transfers(
    State(app): State<App>,
    User(p): User,
) -> AppResult<InContext<TransfersContext, TransferView>> {
    let mut batch = Batch::new();
    let supply = batch.add::<SupplyItem>(supply_key(&p.org_id));
    let (f, mut got) = own(&app, &p, batch).await?;
    let mut facts = got.take(supply)?.map(|i| i.facts).unwrap_or_default();
    let (list, on_hand) = tokio::try_join!(transfers_of(&app, &f.org.org_id, 100), stock::on_hand(&app, &f.org.org_id))?;
    facts.transferred_stock_vials = on_hand;
    let items = list.iter().map(transfer_view).collect::<Vec<_>>();
    Ok(Page::whole(items).with(TransfersContext { supply: facts }))
}
