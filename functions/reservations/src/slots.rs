//! Slots (予約枠の設定): created in bulk from a plan after a preview,
//! searched with their places left, edited, closed and deleted.

use crate::venues::{in_scope, own_muni};
use axum::extract::{Path, State};
use axum::Json;
use chrono::{Days, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;
use vsys::domain::calendar::jst_date;
use vsys::domain::org::Role;
use vsys::domain::reservation::{check_plan, slots, Break, SlotPlan};
use vsys::error::codes;
use vsys::http::{Body, Count, Page, QueryParams, Text, User};
use vsys::store::reservations::{self, SlotItem};
use vsys::store::supply::{self, ProductsItem};
use vsys::store::{audit, Tx};
use vsys::{App, AppError, AppResult};

/// The most slots one plan creates (a venue open every day for a year in
/// 15-minute slots is under 20,000; a plan is a few weeks).
pub const MAX_SLOTS: usize = 3_000;
/// Slots written per transaction (with its audit record, under 100 steps).
const CHUNK: usize = 95;
/// The longest search, in days.
const MAX_SEARCH_DAYS: u64 = 62;

/// `HH:MM` on the quarter hour grid of a day.
#[derive(Debug, Clone, Copy)]
pub struct Hm(pub NaiveTime);

impl<'de> Deserialize<'de> for Hm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let s = String::deserialize(d)?;
        NaiveTime::parse_from_str(&s, "%H:%M")
            .map(Hm)
            .map_err(|_| D::Error::custom("時刻は「09:00」の形で入力してください。"))
    }
}

/// `mon` … `sun`.
#[derive(Debug, Clone, Copy)]
pub struct Day(pub Weekday);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let s = String::deserialize(d)?;
        let w = match s.as_str() {
            "mon" => Weekday::Mon,
            "tue" => Weekday::Tue,
            "wed" => Weekday::Wed,
            "thu" => Weekday::Thu,
            "fri" => Weekday::Fri,
            "sat" => Weekday::Sat,
            "sun" => Weekday::Sun,
            _ => return Err(D::Error::custom("曜日は mon〜sun で指定してください。")),
        };
        Ok(Day(w))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakReq {
    start: Hm,
    end: Hm,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanReq {
    venue_id: Text<40>,
    product: Text<40>,
    first_date: NaiveDate,
    last_date: NaiveDate,
    weekdays: Vec<Day>,
    start: Hm,
    end: Hm,
    /// Absent or null: one slot for the whole opening time.
    slot_minutes: Option<Count<720>>,
    people_per_slot: Count<1000>,
    #[serde(default)]
    breaks: Vec<BreakReq>,
    #[serde(default)]
    include_holidays: bool,
    /// True: answer what would be created, write nothing.
    #[serde(default)]
    preview: bool,
}

#[derive(Debug, Serialize)]
pub struct PlannedView {
    pub date: String,
    pub start: String,
    pub end: String,
    pub places: u32,
}

#[derive(Debug, Serialize)]
pub struct PlanResult {
    pub created: bool,
    pub days: usize,
    pub slots: usize,
    pub places: u64,
    pub items: Vec<PlannedView>,
}

pub fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// The product of a slot, from the master (400 naming `product` otherwise).
fn product_in(master: &ProductsItem, code: &str) -> AppResult<()> {
    master
        .product(code)
        .map(|_| ())
        .ok_or_else(|| AppError::invalid("product", format!("ワクチン {code} はマスタにありません。")))
}

/// POST /reservation-slots — 予約枠の一括作成 (or its preview).
pub async fn create(State(app): State<App>, User(p): User, Body(req): Body<PlanReq>) -> AppResult<Json<PlanResult>> {
    own_muni(&p)?;
    let plan = SlotPlan {
        first_date: req.first_date,
        last_date: req.last_date,
        weekdays: req.weekdays.iter().map(|d| d.0).collect(),
        start: req.start.0,
        end: req.end.0,
        slot_minutes: req.slot_minutes.map(|m| m.get() as u32),
        people_per_slot: req.people_per_slot.get() as u32,
        breaks: req.breaks.iter().map(|b| Break { start: b.start.0, end: b.end.0 }).collect(),
        include_holidays: req.include_holidays,
    };
    check_plan(&plan).map_err(|(f, m)| AppError::invalid(&f, m))?;
    let today = jst_date(app.now());
    if plan.first_date < today {
        return Err(AppError::invalid("first_date", "開始日は今日以降の日付で入力してください。"));
    }
    let (venue, master) = tokio::try_join!(in_scope(&app, &p, &req.venue_id, false), supply::product_master(&app))?;
    product_in(&master, &req.product)?;
    let planned = slots(&plan);
    if planned.is_empty() {
        return Err(AppError::invalid("weekdays", "この期間・曜日では作成される枠がありません（祝日は「祝日も作成する」を選んだときだけ作成されます）。"));
    }
    if planned.len() > MAX_SLOTS {
        return Err(AppError::invalid("last_date", format!("一度に作成できる枠は{MAX_SLOTS}枠までです（{}枠）。期間を分けて作成してください。", planned.len())));
    }
    let mut days: Vec<NaiveDate> = planned.iter().map(|s| s.date).collect();
    days.dedup();
    let result = |created: bool| PlanResult {
        created,
        days: days.len(),
        slots: planned.len(),
        places: planned.iter().map(|s| u64::from(s.places)).sum(),
        items: planned.iter().map(|s| PlannedView { date: s.date.to_string(), start: hm(s.start), end: hm(s.end), places: s.places }).collect(),
    };
    let v = venue.venue();
    let existing = reservations::slots_of(&app, v.muni, plan.first_date, plan.last_date).await?;
    if let Some(clash) = existing.iter().find(|e| e.venue_id == v.id && planned.iter().any(|s| s.date == e.date && s.start == e.start)) {
        return Err(codes::SLOT_EXISTS.with(format!(
            "{} {} からの予約枠がすでにあります。既存の枠と重ならない期間・時間で作成してください。",
            clash.date.format("%Y/%m/%d"),
            hm(clash.start)
        )));
    }
    if req.preview {
        return Ok(Json(result(false)));
    }
    let now = app.now();
    for (i, chunk) in planned.chunks(CHUNK).enumerate() {
        let mut tx = Tx::new();
        if i == 0 {
            reservations::mark_venue_in(&mut tx, &v);
        }
        for s in chunk {
            let item = SlotItem::new(&v, &req.product, s.date, s.start, s.end, s.places);
            let taken = codes::SLOT_EXISTS.with(format!("{} {} からの予約枠が同時に作成されました。", s.date.format("%Y/%m/%d"), hm(s.start)));
            reservations::create_slot_in(&mut tx, &item, taken)?;
        }
        let (first, last) = (chunk[0], chunk[chunk.len() - 1]);
        tx.audit(audit::record(
            &p.actor(),
            now,
            "slots_created",
            &format!("slots:{}", v.id),
            None,
            Some(json!({
                "product": req.product.as_str(),
                "from": format!("{} {}", first.date, hm(first.start)),
                "until": format!("{} {}", last.date, hm(last.start)),
                "slots": chunk.len(),
                "places_per_slot": plan.people_per_slot,
            })),
        )?);
        tx.commit(&app).await?;
    }
    Ok(Json(result(true)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    venue_id: Option<String>,
    from: NaiveDate,
    to: Option<NaiveDate>,
    product: Option<String>,
    keyword: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SlotView {
    pub venue_id: String,
    pub venue_name: String,
    pub product: String,
    pub product_name: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub places: u32,
    pub booked: u32,
    pub left: u32,
    pub closed: bool,
    pub version: u64,
}

pub fn slot_view(s: &SlotItem, master: &ProductsItem) -> SlotView {
    SlotView {
        venue_id: s.venue_id.clone(),
        venue_name: s.venue_name.clone(),
        product: s.product.clone(),
        product_name: master.name_of(&s.product),
        date: s.date.to_string(),
        start: hm(s.start),
        end: hm(s.end),
        places: s.places,
        booked: s.booked,
        left: s.left(),
        closed: s.closed,
        version: s.version,
    }
}

/// GET /reservation-slots — the places left per day and slot of the
/// caller's venues (a site: its own), by venue, keyword, dates and vaccine.
pub async fn search(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<SearchQuery>) -> AppResult<Page<SlotView>> {
    let to = q.to.unwrap_or(q.from + Days::new(13));
    if to < q.from {
        return Err(AppError::invalid("to", "終了日は開始日以降の日付で入力してください。"));
    }
    if (to - q.from).num_days() as u64 >= MAX_SEARCH_DAYS {
        return Err(AppError::invalid("to", format!("検索できる期間は{MAX_SEARCH_DAYS}日までです。")));
    }
    let venue_id = if p.role == Role::Site { Some(q.venue_id.clone().unwrap_or_else(|| p.org_id.clone())) } else { q.venue_id.clone() };
    let muni = match &venue_id {
        Some(v) => in_scope(&app, &p, v, true).await?.0.muni.unwrap_or_default(),
        None => own_muni(&p)?.to_string(),
    };
    let (found, master) = tokio::try_join!(reservations::slots_of(&app, &muni, q.from, to), supply::product_master(&app))?;
    let keyword = q.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty());
    let items = found
        .iter()
        .filter(|s| venue_id.as_deref().is_none_or(|v| s.venue_id == v))
        .filter(|s| q.product.as_deref().is_none_or(|x| s.product == x))
        .filter(|s| keyword.is_none_or(|k| s.venue_name.contains(k)))
        .map(|s| slot_view(s, &master))
        .collect();
    Ok(Page::whole(items))
}

/// `{venue}/{date}/{HHMM}` of a slot's path.
pub fn slot_path(date: &str, start: &str) -> AppResult<(NaiveDate, NaiveTime)> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| AppError::not_found())?;
    let t = NaiveTime::parse_from_str(start, "%H%M").map_err(|_| AppError::not_found())?;
    Ok((d, t))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditReq {
    places: Count<1000>,
    closed: bool,
    version: u64,
}

/// PUT /reservation-slots/{venue}/{date}/{start} — a slot's places and
/// whether it takes bookings; never fewer places than booked.
pub async fn edit(
    State(app): State<App>,
    User(p): User,
    Path((venue_id, date, start)): Path<(String, String, String)>,
    Body(req): Body<EditReq>,
) -> AppResult<Json<SlotView>> {
    let (date, start) = slot_path(&date, &start)?;
    in_scope(&app, &p, &venue_id, false).await?;
    let (slot, master) = tokio::try_join!(reservations::slot(&app, &venue_id, date, start), supply::product_master(&app))?;
    let slot = slot.ok_or_else(AppError::not_found)?;
    if slot.version != req.version {
        return Err(codes::STALE_VERSION.into());
    }
    let places = req.places.get() as u32;
    if places == 0 {
        return Err(AppError::invalid("places", "1枠の人数は1人以上で入力してください（受付を止めるときは「受付停止」にしてください）。"));
    }
    if places < slot.booked {
        return Err(AppError::invalid("places", format!("予約済みの人数（{}人）より少なくできません。", slot.booked)));
    }
    let mut tx = Tx::new();
    let moved = codes::STALE_VERSION.with("同時に予約が入りました。画面を読み込み直してから、もう一度お試しください。");
    reservations::edit_slot_in(&mut tx, &slot, places, req.closed, moved);
    tx.audit(audit::record(
        &p.actor(),
        app.now(),
        "slot_changed",
        &format!("slots:{venue_id}"),
        Some(json!({"date": date, "start": hm(start), "places": slot.places, "closed": slot.closed})),
        Some(json!({"date": date, "start": hm(start), "places": places, "closed": req.closed})),
    )?);
    tx.commit(&app).await?;
    let mut next = slot;
    next.places = places;
    next.closed = req.closed;
    next.version += 1;
    Ok(Json(slot_view(&next, &master)))
}

#[derive(Debug, Serialize)]
pub struct Done {
    pub message: String,
}

/// DELETE /reservation-slots/{venue}/{date}/{start} — a slot nobody booked.
pub async fn delete(
    State(app): State<App>,
    User(p): User,
    Path((venue_id, date, start)): Path<(String, String, String)>,
) -> AppResult<Json<Done>> {
    let (date, start) = slot_path(&date, &start)?;
    in_scope(&app, &p, &venue_id, false).await?;
    let slot = reservations::slot(&app, &venue_id, date, start).await?.ok_or_else(AppError::not_found)?;
    let has = |n: u32| codes::SLOT_HAS_BOOKINGS.with(format!("この枠には予約が{n}件あるため削除できません。予約を変更・キャンセルしてから削除するか、「受付停止」にしてください。"));
    if slot.booked > 0 {
        return Err(has(slot.booked));
    }
    let mut tx = Tx::new();
    reservations::delete_slot_in(&mut tx, &slot, has(1));
    tx.audit(audit::record(
        &p.actor(),
        app.now(),
        "slot_deleted",
        &format!("slots:{venue_id}"),
        Some(json!({"date": date, "start": hm(start), "places": slot.places})),
        None,
    )?);
    tx.commit(&app).await?;
    Ok(Json(Done { message: format!("{} {} の枠を削除しました。", date.format("%Y/%m/%d"), hm(start)) }))
}
