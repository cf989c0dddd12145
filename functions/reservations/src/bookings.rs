//! Bookings (接種予約) by the municipality and its call centre: each one
//! transaction of the slot's count (with its condition), the booking, the
//! coupon's dose and the audit record, so that a slot never takes more
//! than its places however many book at once. Changes move a booking in
//! one transaction; cancellations free the place. Every read of the
//! bookings' personal data is itself audited (who read which venue-day).

use crate::slots::{hm, Hm};
use crate::venues::{in_scope, own_muni};
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::Json;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use vsys::auth::Principal;
use vsys::domain::calendar::jst_date;
use vsys::domain::reservation::{check_person, earliest_next_dose, BookingStatus, Person};
use vsys::domain::results::CATEGORIES;
use vsys::error::codes;
use vsys::http::export::{Format, Sheet};
use vsys::http::{Body, QueryParams, Text, User};
use vsys::store::reservations::{self, BookingItem, SlotItem};
use vsys::store::orgs::{self, OrgItem};
use vsys::store::results::{self, DueItem};
use vsys::store::supply::{self, ProductsItem};
use vsys::store::{audit, stock, Batch, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonReq {
    booker_kana: Text<50>,
    booker_phone: Text<20>,
    name: Text<50>,
    name_kana: Text<50>,
    birth_date: NaiveDate,
    category: Text<40>,
    dose: u8,
    coupon: Text<20>,
}

impl PersonReq {
    fn person(self) -> Person {
        Person {
            booker_kana: self.booker_kana.into_string(),
            booker_phone: self.booker_phone.into_string(),
            name: self.name.into_string(),
            name_kana: self.name_kana.into_string(),
            birth_date: self.birth_date,
            category: self.category.into_string(),
            dose: self.dose,
            coupon: self.coupon.into_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookReq {
    venue_id: Text<40>,
    date: NaiveDate,
    start: Hm,
    #[serde(flatten)]
    person: PersonReq,
}

#[derive(Debug, Serialize)]
pub struct BookingView {
    pub reference: String,
    pub venue_id: String,
    pub date: String,
    pub start: String,
    pub status: BookingStatus,
    pub status_label: &'static str,
    pub booker_kana: String,
    pub booker_phone: String,
    pub name: String,
    pub name_kana: String,
    pub birth_date: String,
    pub category: String,
    pub category_label: &'static str,
    pub dose: u8,
    pub coupon: String,
    pub booked_at: String,
    pub version: u64,
}

fn category_label(key: &str) -> &'static str {
    CATEGORIES.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| l)
}

fn view(b: &BookingItem) -> BookingView {
    let p = &b.person;
    BookingView {
        reference: b.reference(),
        venue_id: b.venue_id.clone(),
        date: b.date.to_string(),
        start: hm(b.start),
        status: b.status,
        status_label: b.status.label_ja(),
        booker_kana: p.booker_kana.clone(),
        booker_phone: p.booker_phone.clone(),
        name: p.name.clone(),
        name_kana: p.name_kana.clone(),
        birth_date: p.birth_date.to_string(),
        category: p.category.clone(),
        category_label: category_label(&p.category),
        dose: p.dose,
        coupon: p.coupon.clone(),
        booked_at: vsys::clock::to_jst_string(b.booked_at),
        version: b.version,
    }
}

/// What an audit record says of a booking: where, which dose, never who.
fn audited(b: &BookingItem) -> serde_json::Value {
    json!({"booking": b.reference(), "date": b.date, "start": hm(b.start), "dose": b.person.dose, "category": b.person.category, "status": b.status})
}

/// A later dose falls at least the product's interval after the earlier
/// one booked through V-SYS (a first dose given elsewhere is not known).
async fn check_interval(app: &App, person: &Person, slot: &SlotItem) -> AppResult<()> {
    if person.dose < 2 {
        return Ok(());
    }
    let (earlier, master) = tokio::try_join!(reservations::coupon_dose(app, &person.coupon, person.dose - 1), supply::product_master(app))?;
    let interval = master.product(&slot.product).map_or(0, |p| p.product.dose_interval_days);
    if let Some(e) = earlier {
        let earliest = earliest_next_dose(e.date, interval);
        if slot.date < earliest {
            return Err(AppError::invalid(
                "date",
                format!(
                    "{}回目の接種は、{}回目（{}）から{interval}日以上あけてください。{}以降の枠を選んでください。",
                    person.dose,
                    person.dose - 1,
                    e.date.format("%Y/%m/%d"),
                    earliest.format("%Y/%m/%d")
                ),
            ));
        }
    }
    Ok(())
}

/// Why a slot refused a place: absent or of another municipality (404),
/// closed, or full. Read only when the transaction failed.
async fn refusal(app: &App, muni: &str, venue: &str, date: NaiveDate, start: NaiveTime) -> AppError {
    match reservations::slot(app, venue, date, start).await {
        Ok(Some(s)) if s.muni == muni && s.closed => codes::SLOT_CLOSED.into(),
        Ok(Some(s)) if s.muni == muni => codes::SLOT_FULL.into(),
        Ok(_) => AppError::not_found(),
        Err(e) => e,
    }
}

/// Commits `tx`; a refused place is explained by [`refusal`].
async fn commit_taking(app: &App, tx: Tx, muni: &str, venue: &str, date: NaiveDate, start: NaiveTime) -> AppResult<()> {
    match tx.commit(app).await {
        Err(e) if e.code() == codes::SLOT_FULL => Err(refusal(app, muni, venue, date, start).await),
        other => other,
    }
}

/// POST /bookings — 接種予約: one transaction, and for a later dose a read
/// of the earlier one.
pub async fn book(State(app): State<App>, User(p): User, Body(req): Body<BookReq>) -> AppResult<Json<BookingView>> {
    let muni = own_muni(&p)?.to_string();
    let person = req.person.person();
    let now = app.now();
    check_person(&person, jst_date(now)).map_err(|(f, m)| AppError::invalid(&f, m))?;
    let (date, start) = (req.date, req.start.0);
    if date < jst_date(now) {
        return Err(AppError::invalid("date", "過去の日付の枠は予約できません。"));
    }
    if person.dose >= 2 {
        let slot = reservations::slot(&app, &req.venue_id, date, start)
            .await?
            .filter(|s| s.muni == muni)
            .ok_or_else(AppError::not_found)?;
        check_interval(&app, &person, &slot).await?;
    }
    let id = vsys::auth::random_hex(8)?;
    let booking = BookingItem::new(&app, &req.venue_id, date, start, &id, person, now, &p.vsys_id);
    let mut tx = Tx::new();
    reservations::take_place_in(&mut tx, &muni, &req.venue_id, date, start, codes::SLOT_FULL);
    reservations::create_booking_in(&mut tx, &booking)?;
    reservations::hold_coupon_in(&mut tx, &booking.person.coupon, booking.person.dose, &booking, now, codes::COUPON_BOOKED.at("coupon"))?;
    // A coupon replaced by a reissue is void (its new number books instead).
    vsys::store::residents::coupon_valid_in(&mut tx, &booking.person.coupon, codes::COUPON_VOID.at("coupon"));
    tx.audit(audit::record(&p.actor(), now, "booking_made", &format!("bookings:{}:{date}", req.venue_id.as_str()), None, Some(audited(&booking)))?);
    commit_taking(&app, tx, &muni, &req.venue_id, date, start).await?;
    tracing::info!(kind = "booking_made", "booking made");
    Ok(Json(view(&booking)))
}

/// Records that `p` read the personal data of a venue-day (one audit record).
async fn audit_read(app: &App, p: &Principal, venue: &str, date: NaiveDate, what: serde_json::Value) -> AppResult<()> {
    let mut tx = Tx::new();
    tx.audit(audit::record(&p.actor(), app.now(), "bookings_read", &format!("bookings:{venue}:{date}"), None, Some(what))?);
    tx.commit(app).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    venue_id: String,
    date: NaiveDate,
    format: Option<Format>,
}

#[derive(Debug, Serialize)]
pub struct DayContext {
    pub venue_id: String,
    pub venue_name: String,
    pub date: String,
}

#[derive(Debug, Serialize)]
pub struct DayPage {
    pub context: DayContext,
    pub items: Vec<BookingView>,
}

/// GET /bookings — a venue-day's bookings by time for the reception desk,
/// or with `format` as CSV or Excel; the read is audited.
pub async fn of_day(State(app): State<App>, User(p): User, QueryParams(q): QueryParams<DayQuery>) -> AppResult<axum::response::Response> {
    let venue = in_scope(&app, &p, &q.venue_id, false).await?;
    let (bookings, slots, master) = tokio::try_join!(
        reservations::bookings_of_day(&app, &q.venue_id, q.date),
        reservations::slots_of_day(&app, &q.venue_id, q.date),
        supply::product_master(&app)
    )?;
    audit_read(&app, &p, &q.venue_id, q.date, json!({"bookings": bookings.len(), "format": q.format.map(|f| format!("{f:?}").to_lowercase())})).await?;
    let ends: HashMap<NaiveTime, (&SlotItem, String)> = slots.iter().map(|s| (s.start, (s, master.name_of(&s.product)))).collect();
    if let Some(format) = q.format {
        return Sheet {
            title: "予約者一覧".into(),
            file: format!("bookings-{}-{}", q.venue_id, q.date),
            head: vec!["接種日", "時間", "ワクチン", "予約番号", "状態", "接種者氏名", "接種者カナ", "生年月日", "接種対象者分類", "接種回数", "クーポン券番号", "予約者カナ", "予約者電話番号"],
            rows: bookings
                .iter()
                .map(|b| {
                    let (time, product) = ends.get(&b.start).map_or((hm(b.start), String::new()), |(s, n)| (format!("{}〜{}", hm(s.start), hm(s.end)), n.clone()));
                    vec![
                        b.date.format("%Y/%m/%d").to_string().into(),
                        time.into(),
                        product.into(),
                        b.reference().into(),
                        b.status.label_ja().into(),
                        b.person.name.clone().into(),
                        b.person.name_kana.clone().into(),
                        b.person.birth_date.format("%Y/%m/%d").to_string().into(),
                        category_label(&b.person.category).into(),
                        u64::from(b.person.dose).into(),
                        b.person.coupon.clone().into(),
                        b.person.booker_kana.clone().into(),
                        b.person.booker_phone.clone().into(),
                    ]
                })
                .collect(),
        }
        .answer(format);
    }
    Ok(Json(DayPage {
        context: DayContext { venue_id: q.venue_id.clone(), venue_name: venue.0.name.clone(), date: q.date.to_string() },
        items: bookings.iter().map(view).collect(),
    })
    .into_response())
}

/// A booking of a venue in the caller's scope (404 otherwise).
async fn find(app: &App, p: &Principal, venue: &str, reference: &str) -> AppResult<BookingItem> {
    in_scope(app, p, venue, false).await?;
    reservations::booking(app, venue, reference).await?.ok_or_else(AppError::not_found)
}

/// GET /bookings/{venue}/{booking} — one booking (the read is audited).
pub async fn one(State(app): State<App>, User(p): User, Path((venue, reference)): Path<(String, String)>) -> AppResult<Json<BookingView>> {
    let b = find(&app, &p, &venue, &reference).await?;
    audit_read(&app, &p, &venue, b.date, json!({"booking": b.reference()})).await?;
    Ok(Json(view(&b)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeReq {
    /// Another venue of the municipality; absent: the same.
    venue_id: Option<Text<40>>,
    date: NaiveDate,
    start: Hm,
    version: u64,
}

/// PUT /bookings/{venue}/{booking}/slot — 予約の変更: the booking moves to
/// another slot in one transaction (the old place freed, the new taken).
pub async fn change(
    State(app): State<App>,
    User(p): User,
    Path((venue, reference)): Path<(String, String)>,
    Body(req): Body<ChangeReq>,
) -> AppResult<Json<BookingView>> {
    let muni = own_muni(&p)?.to_string();
    let old = find(&app, &p, &venue, &reference).await?;
    let to_venue = req.venue_id.as_ref().map_or(venue.clone(), |v| v.to_string());
    let (date, start) = (req.date, req.start.0);
    if old.version != req.version {
        return Err(codes::STALE_VERSION.into());
    }
    if old.status != BookingStatus::Booked {
        return Err(codes::NOT_BOOKED.into());
    }
    if to_venue == venue && date == old.date && start == old.start {
        return Err(codes::SAME_SLOT.into());
    }
    let now = app.now();
    if date < jst_date(now) {
        return Err(AppError::invalid("date", "過去の日付の枠には変更できません。"));
    }
    let slot = reservations::slot(&app, &to_venue, date, start)
        .await?
        .filter(|s| s.muni == muni)
        .ok_or_else(|| AppError::invalid("start", "変更先の枠がありません。"))?;
    check_interval(&app, &old.person, &slot).await?;
    let mut next = BookingItem::new(&app, &to_venue, date, start, &old.id, old.person.clone(), old.booked_at, &old.booked_by);
    next.version = old.version + 1;
    let mut tx = Tx::new();
    reservations::free_place_in(&mut tx, &venue, old.date, old.start);
    reservations::take_place_in(&mut tx, &muni, &to_venue, date, start, codes::SLOT_FULL);
    reservations::delete_booking_in(&mut tx, &old, codes::STALE_VERSION);
    reservations::create_booking_in(&mut tx, &next)?;
    reservations::move_coupon_in(&mut tx, &old.person.coupon, old.person.dose, &next, &old.reference())?;
    tx.audit(audit::record(&p.actor(), now, "booking_changed", &format!("bookings:{venue}:{}", old.date), Some(audited(&old)), Some(json!({"venue": to_venue, "booking": audited(&next)})))?);
    commit_taking(&app, tx, &muni, &to_venue, date, start).await?;
    Ok(Json(view(&next)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionReq {
    version: u64,
}

#[derive(Debug, Serialize)]
pub struct Cancelled {
    pub reference: String,
    pub message: String,
}

/// POST /bookings/{venue}/{booking}/cancel — キャンセル: the place and the
/// coupon's dose are free again.
pub async fn cancel(
    State(app): State<App>,
    User(p): User,
    Path((venue, reference)): Path<(String, String)>,
    Body(req): Body<VersionReq>,
) -> AppResult<Json<Cancelled>> {
    own_muni(&p)?;
    let b = find(&app, &p, &venue, &reference).await?;
    if b.version != req.version {
        return Err(codes::STALE_VERSION.into());
    }
    if b.status != BookingStatus::Booked {
        return Err(codes::NOT_BOOKED.into());
    }
    let mut tx = Tx::new();
    reservations::delete_booking_in(&mut tx, &b, codes::STALE_VERSION);
    reservations::free_place_in(&mut tx, &venue, b.date, b.start);
    reservations::release_coupon_in(&mut tx, &b.person.coupon, b.person.dose, &b.reference());
    tx.audit(audit::record(&p.actor(), app.now(), "booking_cancelled", &format!("bookings:{venue}:{}", b.date), Some(audited(&b)), None)?);
    tx.commit(&app).await?;
    Ok(Json(Cancelled {
        reference: b.reference(),
        message: format!("{} {} の予約をキャンセルしました。", b.date.format("%Y/%m/%d"), hm(b.start)),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusReq {
    status: BookingStatus,
    version: u64,
}

/// Tries of a mark whose booking is unchanged while the venue's results
/// moved: each round, one of the desks marking at once commits.
const MARK_ATTEMPTS: u32 = 16;

/// PUT /bookings/{venue}/{booking}/status — on the day, 接種済 or 来場なし.
/// 接種済 adds the dose to the venue's cumulative results by category and
/// dose (taking the vials from its stock) in the same transaction, so the
/// venue never types it again; a no-show's coupon dose can be booked again.
pub async fn set_status(
    State(app): State<App>,
    User(p): User,
    Path((venue, reference)): Path<(String, String)>,
    Body(req): Body<StatusReq>,
) -> AppResult<Json<BookingView>> {
    // Desks marking bookings of one venue at once meet on its results item
    // (held by its version): a booking still as read is tried again.
    let mut attempt = 0;
    loop {
        let b = find(&app, &p, &venue, &reference).await?;
        if b.version != req.version {
            return Err(codes::STALE_VERSION.into());
        }
        match mark(&app, &p, &b, req.status).await {
            Err(AppError::Conflict { code, .. }) if code == codes::STALE_VERSION && attempt < MARK_ATTEMPTS => attempt += 1,
            done => return done.map(|next| Json(view(&next))),
        }
    }
}

/// One attempt at marking `b` with `status` (its own transaction).
async fn mark(app: &App, p: &Principal, b: &BookingItem, status: BookingStatus) -> AppResult<BookingItem> {
    if b.status != BookingStatus::Booked || status == BookingStatus::Booked {
        return Err(codes::NOT_BOOKED.into());
    }
    let now = app.now();
    let today = jst_date(now);
    if b.date > today {
        return Err(AppError::invalid("status", "接種日の当日以降に登録してください。"));
    }
    let mut next = b.clone();
    next.status = status;
    next.version += 1;
    let mut tx = Tx::new();
    reservations::save_booking_in(&mut tx, &next, b.version, codes::STALE_VERSION)?;
    match status {
        BookingStatus::NoShow => reservations::release_coupon_in(&mut tx, &b.person.coupon, b.person.dose, &b.reference()),
        BookingStatus::Vaccinated => add_to_results_in(app, &mut tx, p, b, today).await?,
        BookingStatus::Booked => unreachable!("refused above"),
    }
    tx.audit(audit::record(&p.actor(), now, "booking_status_set", &format!("bookings:{}:{}", b.venue_id, b.date), Some(audited(b)), Some(audited(&next)))?);
    tx.commit(app).await?;
    Ok(next)
}

/// The steps that add a vaccinated booking to its venue's results of the
/// slot's vaccine, as of today, with their own audit record.
async fn add_to_results_in(app: &App, tx: &mut Tx, p: &Principal, b: &BookingItem, today: NaiveDate) -> AppResult<()> {
    let mut batch = Batch::new();
    let slot = batch.add::<SlotItem>(reservations::slot_key(&b.venue_id, b.date, b.start));
    let products = batch.add::<ProductsItem>(supply::products_key());
    let site = batch.add::<OrgItem>(orgs::key(&b.venue_id));
    let due = batch.add::<DueItem>(results::due_key(&b.venue_id));
    let (mut got, reports, held) = tokio::try_join!(batch.read(app), results::of_site(app, &b.venue_id), stock::of_site(app, &b.venue_id))?;
    let slot = got.take(slot)?.ok_or_else(AppError::not_found)?;
    let products = got.take(products)?.unwrap_or_default();
    let site = got.take(site)?.ok_or_else(AppError::not_found)?;
    let due = got.take(due)?;
    let last = reports.iter().find(|r| r.product == slot.product);
    let counts = last.map(|l| l.counts).unwrap_or_default();
    let counts = counts.with_one_more(b.person.dose, &b.person.category).ok_or_else(|| AppError::invalid("status", "この接種回数・対象者分類は接種実績に数えられません。"))?;
    let per_vial = products.product(&slot.product).map_or(0, |p| u64::from(p.product.doses_per_vial));
    if per_vial == 0 {
        return Err(AppError::NotFound { message: format!("ワクチン {} はマスタにありません。", slot.product), field: Some("product".into()) });
    }
    // A report dated later than today (typed ahead) keeps its date.
    let as_of = last.map_or(today, |l| l.as_of.max(today));
    let (next, _) = results::report_in(
        app,
        tx,
        results::Report { site: &site, product: &slot.product, doses_per_vial: per_vial, last, due: due.as_ref(), held: &held, as_of, counts, at: app.now(), by: &p.vsys_id },
    )
    .await?;
    tx.audit(audit::record(
        &p.actor(),
        app.now(),
        "result_reported",
        &format!("results:{}:{}", b.venue_id, slot.product),
        last.map(|l| json!({"as_of": l.as_of, "counts": l.counts})),
        Some(json!({"as_of": next.as_of, "counts": next.counts, "booking": b.reference()})),
    )?);
    Ok(())
}
