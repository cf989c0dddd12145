//! Master data of the national office: products, cools, the plan calendar and
//! maintenance windows. Everyone signed in reads them; only the national
//! office changes them, each change audited.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::clock::to_jst_string;
use vsys::domain::cool::{
    check_calendar, maintenance_at, period_at, Channel, CoolDef, MaintenanceWindow, Period,
    PeriodKind,
};
use vsys::domain::org::Role;
use vsys::domain::supply::Product;
use vsys::error::codes;
use vsys::http::Page;
use vsys::http::{Body, Count, QueryParams, Text, User};
use vsys::store::supply::{self, CalendarItem, CoolItem, MaintenanceItem, ProductItem, Totals};
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

fn stale() -> AppError {
    codes::STALE_VERSION.with(
        "他の操作で内容が更新されています。画面を読み込み直してから、もう一度操作してください。",
    )
}

#[derive(Debug, Serialize)]
pub struct ProductView {
    #[serde(flatten)]
    pub product: Product,
    pub doses_per_pack: u64,
    pub version: u64,
}

pub fn product_view(p: &ProductItem) -> ProductView {
    ProductView {
        product: p.product.clone(),
        doses_per_pack: p.product.doses_per_pack(),
        version: p.version,
    }
}

/// GET /vaccines
pub async fn products(State(app): State<App>, User(_): User) -> AppResult<Page<ProductView>> {
    let items = supply::products(&app).await?;
    Ok(Page::whole(items.iter().map(product_view).collect()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductReq {
    name: Text<100>,
    manufacturer: Text<100>,
    doses_per_vial: Count<100>,
    vials_per_pack: Count<1000>,
    needles_per_box: Count<10000>,
    syringes_per_box: Count<10000>,
    needle_ratio_milli: Count<3000>,
    syringe_ratio_milli: Count<3000>,
    /// Days at least since the previous dose (0: not checked).
    #[serde(default)]
    dose_interval_days: Count<730>,
    /// The version read (absent or 0 to create).
    #[serde(default)]
    version: u64,
}

/// PUT /vaccines/{code} — create or change a product (national office).
pub async fn put_product(
    State(app): State<App>,
    User(p): User,
    Path(code): Path<String>,
    Body(req): Body<ProductReq>,
) -> AppResult<Json<ProductView>> {
    p.require_role(&[Role::National])?;
    let product = Product {
        code: code.clone(),
        name: req.name.into_string(),
        manufacturer: req.manufacturer.into_string(),
        doses_per_vial: req.doses_per_vial.get() as u32,
        vials_per_pack: req.vials_per_pack.get() as u32,
        needles_per_box: req.needles_per_box.get() as u32,
        syringes_per_box: req.syringes_per_box.get() as u32,
        needle_ratio_milli: req.needle_ratio_milli.get() as u32,
        syringe_ratio_milli: req.syringe_ratio_milli.get() as u32,
        dose_interval_days: req.dose_interval_days.get() as u32,
    };
    product.check().map_err(|(f, m)| AppError::invalid(f, m))?;
    let master = supply::product_master(&app).await?;
    let before = master.product(&code);
    if before.map_or(0, |b| b.version) != req.version {
        return Err(stale());
    }
    let item = ProductItem::new(product, req.version + 1);
    let mut tx = Tx::new();
    master
        .with(item.clone())
        .write_in(&mut tx, master.version, stale())?;
    tx.audit(audit::record(
        &p.actor(),
        app.now(),
        if before.is_some() {
            "product_changed"
        } else {
            "product_created"
        },
        &format!("product:{code}"),
        before.map(|b| json!(product_view(b))),
        Some(json!(product_view(&item))),
    )?);
    tx.commit(&app).await?;
    Ok(Json(product_view(&item)))
}

/// Where a cool stands at `now`.
pub fn cool_state(c: &CoolDef, now: DateTime<Utc>) -> (&'static str, &'static str) {
    if now >= c.registration_deadline {
        ("closed", "締切済")
    } else if now < c.registration_opens {
        ("upcoming", "受付前")
    } else {
        ("open", "受付中")
    }
}

#[derive(Debug, Serialize)]
pub struct CoolView {
    pub cool_id: String,
    pub number: u32,
    pub channel: Channel,
    pub channel_label: &'static str,
    pub product: String,
    pub label: String,
    pub delivery_week: NaiveDate,
    pub vaccination_from: NaiveDate,
    pub vaccination_until: NaiveDate,
    pub registration_opens: String,
    pub registration_deadline: String,
    pub state: &'static str,
    pub state_label: &'static str,
    /// While open: whole minutes left before the deadline, by the server's
    /// clock (the screens count down from it, not from the PC's clock).
    pub minutes_left: Option<i64>,
    pub closed_at: Option<String>,
    /// The cool's totals, frozen at its cut-off.
    pub totals: Option<Totals>,
    pub version: u64,
}

pub fn cool_view(c: &CoolItem, products: &[ProductItem], now: DateTime<Utc>) -> CoolView {
    let (state, state_label) = cool_state(&c.def, now);
    CoolView {
        cool_id: c.cool_id.clone(),
        number: c.def.number,
        channel: c.def.channel,
        channel_label: c.def.channel.label_ja(),
        product: c.def.product.clone(),
        label: c.label_in(products),
        delivery_week: c.def.delivery_week,
        vaccination_from: c.def.vaccination_from,
        vaccination_until: c.def.vaccination_until,
        registration_opens: to_jst_string(c.def.registration_opens),
        registration_deadline: to_jst_string(c.def.registration_deadline),
        state,
        state_label,
        minutes_left: (state == "open").then(|| (c.def.registration_deadline - now).num_minutes()),
        closed_at: c.closed_at.map(to_jst_string),
        totals: c.snapshot,
        version: c.version,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoolsQuery {
    channel: Option<Channel>,
}

/// GET /cools[?channel=booster]
pub async fn cools(
    State(app): State<App>,
    User(_): User,
    QueryParams(q): QueryParams<CoolsQuery>,
) -> AppResult<Page<CoolView>> {
    let (cools, products) = tokio::try_join!(supply::cools(&app), supply::products(&app))?;
    let now = app.now();
    let list = cools
        .iter()
        .filter(|c| q.channel.is_none_or(|ch| c.def.channel == ch))
        .map(|c| cool_view(c, &products, now))
        .collect();
    Ok(Page::whole(list))
}

/// GET /cools/{cool_id}
pub async fn cool(
    State(app): State<App>,
    User(_): User,
    Path(id): Path<String>,
) -> AppResult<Json<CoolView>> {
    let c = supply::cool(&app, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let products = supply::products(&app).await?;
    Ok(Json(cool_view(&c, &products, app.now())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoolReq {
    number: Count<999>,
    channel: Channel,
    product: Text<40>,
    delivery_week: NaiveDate,
    vaccination_from: NaiveDate,
    vaccination_until: NaiveDate,
    registration_opens: DateTime<Utc>,
    registration_deadline: DateTime<Utc>,
    #[serde(default)]
    version: u64,
}

/// The cool asked for, its version read, and the product master it was
/// checked against (the cool's view names its product from it).
async fn checked_def(app: &App, req: CoolReq) -> AppResult<(CoolDef, u64, Vec<ProductItem>)> {
    let def = CoolDef {
        number: req.number.get() as u32,
        channel: req.channel,
        product: req.product.into_string(),
        delivery_week: req.delivery_week,
        vaccination_from: req.vaccination_from,
        vaccination_until: req.vaccination_until,
        registration_opens: req.registration_opens,
        registration_deadline: req.registration_deadline,
    };
    def.check().map_err(|(f, m)| AppError::invalid(f, m))?;
    let products = supply::products(app).await?;
    if !products.iter().any(|p| p.product.code == def.product) {
        return Err(AppError::invalid(
            "product",
            "ワクチンマスタにない製品です。",
        ));
    }
    Ok((def, req.version, products))
}

async fn write_cool(
    app: &App,
    p: &vsys::auth::Principal,
    before: Option<&CoolItem>,
    item: &CoolItem,
    products: &[ProductItem],
) -> AppResult<CoolView> {
    let now = app.now();
    let exists = || AppError::from(codes::COOL_EXISTS);
    let mut tx = Tx::new();
    tx.put_versioned(
        to_item(item)?,
        before.map_or(0, |b| b.version),
        if before.is_some() { stale() } else { exists() },
    )
    .audit(audit::record(
        &p.actor(),
        now,
        if before.is_some() {
            "cool_changed"
        } else {
            "cool_created"
        },
        &format!("cool:{}", item.cool_id),
        before.map(|b| json!(cool_view(b, products, now))),
        Some(json!(cool_view(item, products, now))),
    )?);
    tx.commit(app).await?;
    Ok(cool_view(item, products, now))
}

/// POST /cools — the national office adds a cool.
pub async fn create_cool(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<CoolReq>,
) -> AppResult<(StatusCode, Json<CoolView>)> {
    p.require_role(&[Role::National])?;
    let (def, _, products) = checked_def(&app, req).await?;
    if def.registration_deadline <= app.now() {
        return Err(AppError::invalid(
            "registration_deadline",
            "締切が過ぎたクールは登録できません。",
        ));
    }
    let item = CoolItem::new(def, 1);
    Ok((
        StatusCode::CREATED,
        Json(write_cool(&app, &p, None, &item, &products).await?),
    ))
}

/// PUT /cools/{cool_id} — changes a cool until its deadline; then it is the
/// allocation's input and stays as it was.
pub async fn update_cool(
    State(app): State<App>,
    User(p): User,
    Path(id): Path<String>,
    Body(req): Body<CoolReq>,
) -> AppResult<Json<CoolView>> {
    p.require_role(&[Role::National])?;
    let before = supply::cool(&app, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (def, version, products) = checked_def(&app, req).await?;
    if def.id() != id {
        return Err(AppError::invalid(
            "number",
            "クールの区分と番号は変更できません。",
        ));
    }
    let now = app.now();
    if before.closed_at.is_some() || now >= before.def.registration_deadline {
        return Err(AppError::from(codes::COOL_CLOSED));
    }
    if def.registration_deadline <= now {
        return Err(AppError::invalid(
            "registration_deadline",
            "締切は現在より後の日時にしてください。",
        ));
    }
    if version != before.version {
        return Err(stale());
    }
    let item = CoolItem::new(def, before.version + 1);
    Ok(Json(
        write_cool(&app, &p, Some(&before), &item, &products).await?,
    ))
}

#[derive(Debug, Serialize)]
pub struct PeriodView {
    pub kind: PeriodKind,
    pub kind_label: &'static str,
    pub label: String,
    pub from: String,
    pub until: String,
    pub cool_number: Option<u32>,
}

fn period_view(p: &Period) -> PeriodView {
    PeriodView {
        kind: p.kind,
        kind_label: p.kind.label_ja(),
        label: p.label.clone(),
        from: to_jst_string(p.from),
        until: to_jst_string(p.until),
        cool_number: p.cool_number,
    }
}

#[derive(Debug, Serialize)]
pub struct CalendarView {
    pub periods: Vec<PeriodView>,
    pub current: Option<PeriodView>,
    pub version: u64,
}

fn calendar_view(c: &CalendarItem, now: DateTime<Utc>) -> CalendarView {
    CalendarView {
        periods: c.periods.iter().map(period_view).collect(),
        current: period_at(&c.periods, now).map(period_view),
        version: c.version,
    }
}

/// GET /plan-calendar
pub async fn calendar(State(app): State<App>, User(_): User) -> AppResult<Json<CalendarView>> {
    Ok(Json(calendar_view(
        &supply::calendar(&app).await?,
        app.now(),
    )))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarReq {
    periods: Vec<PeriodReq>,
    #[serde(default)]
    version: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodReq {
    kind: vsys::domain::cool::PeriodKind,
    label: Text<50>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    #[serde(default)]
    cool_number: Option<Count<999>>,
}

/// PUT /plan-calendar — the national office replaces the calendar. Periods
/// that have already ended are history and must come back unchanged.
pub async fn put_calendar(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<CalendarReq>,
) -> AppResult<Json<CalendarView>> {
    p.require_role(&[Role::National])?;
    let periods: Vec<Period> = req
        .periods
        .into_iter()
        .map(|r| Period {
            kind: r.kind,
            label: r.label.into_string(),
            from: r.from,
            until: r.until,
            cool_number: r.cool_number.map(|c| c.get() as u32),
        })
        .collect();
    check_calendar(&periods).map_err(|(f, m)| AppError::invalid(&f, m))?;
    let now = app.now();
    let before = supply::calendar(&app).await?;
    if before.version != req.version {
        return Err(stale());
    }
    let past = |ps: &[Period]| {
        ps.iter()
            .filter(|x| x.until <= now)
            .cloned()
            .collect::<Vec<_>>()
    };
    if past(&before.periods) != past(&periods) {
        return Err(AppError::Conflict {
            code: vsys::error::codes::PAST_PERIOD_CHANGED,
            message: "終了した期間は変更できません。".into(),
            field: Some("periods".into()),
        });
    }
    let item = CalendarItem::new(periods, before.version + 1);
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&item)?, before.version, stale())
        .audit(audit::record(
            &p.actor(),
            now,
            "plan_calendar_changed",
            "plan_calendar",
            Some(json!(calendar_view(&before, now))),
            Some(json!(calendar_view(&item, now))),
        )?);
    tx.commit(&app).await?;
    Ok(Json(calendar_view(&item, now)))
}

#[derive(Debug, Serialize)]
pub struct WindowView {
    pub id: String,
    pub from: String,
    pub until: String,
    pub reason: Option<String>,
}

fn window_view(w: &MaintenanceWindow) -> WindowView {
    WindowView {
        id: w.id.clone(),
        from: to_jst_string(w.from),
        until: to_jst_string(w.until),
        reason: w.reason.clone(),
    }
}

#[derive(Debug, Serialize)]
pub struct MaintenanceView {
    pub windows: Vec<WindowView>,
    pub active: Option<WindowView>,
    pub version: u64,
}

fn maintenance_view(m: &MaintenanceItem, now: DateTime<Utc>) -> MaintenanceView {
    MaintenanceView {
        windows: m.windows.iter().map(window_view).collect(),
        active: maintenance_at(&m.windows, now).map(window_view),
        version: m.version,
    }
}

/// GET /maintenance-windows
pub async fn maintenance(
    State(app): State<App>,
    User(_): User,
) -> AppResult<Json<MaintenanceView>> {
    Ok(Json(maintenance_view(
        &supply::maintenance(&app).await?,
        app.now(),
    )))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowReq {
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    reason: Option<Text<200>>,
}

/// Longest maintenance window accepted.
const MAX_WINDOW_HOURS: i64 = 72;

async fn save_windows(
    app: &App,
    p: &vsys::auth::Principal,
    before: &MaintenanceItem,
    windows: Vec<MaintenanceWindow>,
    action: &str,
) -> AppResult<MaintenanceView> {
    let now = app.now();
    let item = MaintenanceItem::new(windows, before.version + 1);
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&item)?, before.version, stale())
        .audit(audit::record(
            &p.actor(),
            now,
            action,
            "maintenance_windows",
            Some(json!(maintenance_view(before, now))),
            Some(json!(maintenance_view(&item, now))),
        )?);
    tx.commit(app).await?;
    Ok(maintenance_view(&item, now))
}

/// POST /maintenance-windows — announces a window (national office).
pub async fn add_maintenance(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<WindowReq>,
) -> AppResult<(StatusCode, Json<MaintenanceView>)> {
    p.require_role(&[Role::National])?;
    let now = app.now();
    if req.until <= req.from {
        return Err(AppError::invalid(
            "until",
            "終了日時は開始日時より後にしてください。",
        ));
    }
    if req.until <= now {
        return Err(AppError::invalid(
            "until",
            "終了日時は現在より後にしてください。",
        ));
    }
    if (req.until - req.from).num_hours() > MAX_WINDOW_HOURS {
        return Err(AppError::invalid(
            "until",
            format!("メンテナンスは{MAX_WINDOW_HOURS}時間以内で設定してください。"),
        ));
    }
    let before = supply::maintenance(&app).await?;
    if before
        .windows
        .iter()
        .any(|w| w.from < req.until && req.from < w.until)
    {
        return Err(AppError::invalid(
            "from",
            "既に登録されているメンテナンスと重なっています。",
        ));
    }
    // Ended windows are dropped: the audit trail keeps them.
    let mut windows: Vec<MaintenanceWindow> = before
        .windows
        .iter()
        .filter(|w| w.until > now)
        .cloned()
        .collect();
    windows.push(MaintenanceWindow {
        id: vsys::auth::random_hex(8)?,
        from: req.from,
        until: req.until,
        reason: req.reason.map(Text::into_string),
    });
    windows.sort_by_key(|w| w.from);
    Ok((
        StatusCode::CREATED,
        Json(save_windows(&app, &p, &before, windows, "maintenance_added").await?),
    ))
}

/// DELETE /maintenance-windows/{id} — cancels a window, or ends a running one now.
pub async fn end_maintenance(
    State(app): State<App>,
    User(p): User,
    Path(id): Path<String>,
) -> AppResult<Json<MaintenanceView>> {
    p.require_role(&[Role::National])?;
    let before = supply::maintenance(&app).await?;
    if !before.windows.iter().any(|w| w.id == id) {
        return Err(AppError::not_found());
    }
    let windows = before
        .windows
        .iter()
        .filter(|w| w.id != id)
        .cloned()
        .collect();
    Ok(Json(
        save_windows(&app, &p, &before, windows, "maintenance_ended").await?,
    ))
}
