//! Reservation slots and bookings at a municipality's venues (SPEC §9).
//!
//! - slot: `VENUE#{venue}#{date}` / `SLOT#{HHMM}`, with `places`, `booked`
//!   and `closed`; GSI1 `SLOTS#{muni}` / `{date}#{venue}#{HHMM}` (the
//!   municipality's slots by day, for search; counts only).
//! - booking: `VENUE#{venue}#{date}` / `BOOKING#{HHMM}#{id}`, beside its
//!   slot, in the base table only: the person's name, date of birth and
//!   coupon number are in no index. Deleted by TTL a configured number of
//!   days after the vaccination date.
//! - coupon and dose: `COUPON#{coupon}` / `DOSE#{n}`, where the live booking
//!   of that dose is (one per coupon and dose), with the same TTL.
//! - venue with slots: `ORG#{venue}` / `RESVENUE`; GSI2 `RESVENUES` /
//!   `{muni}#{venue}` (sparse), for the job that keeps each venue's
//!   reservation status (予約可能 / 残り少数 / 予約受付不可) following its places.
//!
//! Each booking takes its place with one conditional update of its own
//! slot (`booked < places`), so parallel bookings of one venue-day spread
//! over its slots and a slot can never take more than its places.

use crate::domain::reservation::{BookingStatus, Person};
use crate::error::AppResult;
use crate::store::tx::OnFail;
use crate::store::{n, orgs, query_all, query_range_all, s, to_item, Key, Tx};
use crate::App;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

pub fn day_pk(venue: &str, date: NaiveDate) -> String {
    format!("VENUE#{venue}#{date}")
}

/// `0900` for 9:00: the slot's part of its keys.
pub fn hhmm(t: NaiveTime) -> String {
    t.format("%H%M").to_string()
}

pub fn slot_key(venue: &str, date: NaiveDate, start: NaiveTime) -> Key {
    (day_pk(venue, date), format!("SLOT#{}", hhmm(start)))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SlotItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    pub venue_id: String,
    pub venue_name: String,
    pub pref: String,
    pub muni: String,
    pub product: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub places: u32,
    #[serde(default)]
    pub booked: u32,
    #[serde(default)]
    pub closed: bool,
    pub version: u64,
}

/// Where a venue is, for its slots' keys.
pub struct Venue<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub pref: &'a str,
    pub muni: &'a str,
}

impl SlotItem {
    pub fn new(venue: &Venue, product: &str, date: NaiveDate, start: NaiveTime, end: NaiveTime, places: u32) -> SlotItem {
        let (pk, sk) = slot_key(venue.id, date, start);
        SlotItem {
            pk,
            sk,
            gsi1pk: format!("SLOTS#{}", venue.muni),
            gsi1sk: format!("{date}#{}#{}", venue.id, hhmm(start)),
            venue_id: venue.id.into(),
            venue_name: venue.name.into(),
            pref: venue.pref.into(),
            muni: venue.muni.into(),
            product: product.into(),
            date,
            start,
            end,
            places,
            booked: 0,
            closed: false,
            version: 1,
        }
    }

    pub fn left(&self) -> u32 {
        if self.closed {
            0
        } else {
            self.places.saturating_sub(self.booked)
        }
    }
}

/// The step that creates a slot; `on_taken` when the venue already has a
/// slot starting then.
pub fn create_slot_in(tx: &mut Tx, slot: &SlotItem, on_taken: impl Into<OnFail>) -> AppResult<()> {
    tx.put_new(to_item(slot)?, on_taken);
    Ok(())
}

/// The step that changes a slot's places and whether it is closed, over
/// the version read; never below what is booked (`on_fail` either way).
pub fn edit_slot_in(tx: &mut Tx, slot: &SlotItem, places: u32, closed: bool, on_fail: impl Into<OnFail>) {
    tx.update(
        (&slot.pk, &slot.sk),
        "SET places = :places, closed = :closed ADD #v :one",
        vec![(":places", n(places)), (":closed", AttributeValue::Bool(closed)), (":expected", n(slot.version)), (":one", n(1))],
        Some("#v = :expected AND booked <= :places"),
        on_fail,
    );
}

/// The step that deletes a slot nobody has booked.
pub fn delete_slot_in(tx: &mut Tx, slot: &SlotItem, on_fail: impl Into<OnFail>) {
    tx.delete_if((&slot.pk, &slot.sk), "booked = :zero", vec![(":zero", n(0))], on_fail);
}

/// The step that takes one place of a slot: holds only while it exists in
/// municipality `muni`, is open and has a place left (`on_full`
/// otherwise: the caller reads the slot to tell which).
pub fn take_place_in(tx: &mut Tx, muni: &str, venue: &str, date: NaiveDate, start: NaiveTime, on_full: impl Into<OnFail>) {
    let (pk, sk) = slot_key(venue, date, start);
    tx.update(
        (&pk, &sk),
        "ADD booked :one",
        vec![(":one", n(1)), (":open", AttributeValue::Bool(false)), (":muni", s(muni))],
        Some("attribute_exists(PK) AND muni = :muni AND booked < places AND closed = :open"),
        on_full,
    );
}

/// The step that gives a place back (a cancellation or a change).
pub fn free_place_in(tx: &mut Tx, venue: &str, date: NaiveDate, start: NaiveTime) {
    let (pk, sk) = slot_key(venue, date, start);
    tx.update(
        (&pk, &sk),
        "ADD booked :minus",
        vec![(":minus", n(-1)), (":one", n(1))],
        Some("booked >= :one"),
        OnFail::Internal("a booked slot counts its booking"),
    );
}

/// The slots of one venue-day, in time order.
pub async fn slots_of_day(app: &App, venue: &str, date: NaiveDate) -> AppResult<Vec<SlotItem>> {
    query_all(app, None, &day_pk(venue, date), Some("SLOT#")).await
}

/// A municipality's slots from `from` to `to` (inclusive), by day, venue
/// and time.
pub async fn slots_of(app: &App, muni: &str, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<SlotItem>> {
    query_range_all(app, Some("GSI1"), &format!("SLOTS#{muni}"), &format!("{from}#"), &format!("{to}#~")).await
}

pub async fn slot(app: &App, venue: &str, date: NaiveDate, start: NaiveTime) -> AppResult<Option<SlotItem>> {
    let (pk, sk) = slot_key(venue, date, start);
    crate::store::get(app, &pk, &sk).await
}

/// A booking, beside its slot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BookingItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub id: String,
    pub venue_id: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    #[serde(flatten)]
    pub person: Person,
    pub status: BookingStatus,
    pub booked_at: DateTime<Utc>,
    pub booked_by: String,
    pub version: u64,
    /// TTL (epoch seconds): the configured days after the vaccination date.
    pub expires_at: i64,
}

pub fn booking_key(venue: &str, date: NaiveDate, start: NaiveTime, id: &str) -> Key {
    (day_pk(venue, date), format!("BOOKING#{}#{id}", hhmm(start)))
}

/// The public reference of a booking: its day, time and random part
/// (`2021-03-15.0900.ab12cd34`), which are its key beside the venue.
pub fn booking_ref(date: NaiveDate, start: NaiveTime, id: &str) -> String {
    format!("{date}.{}.{id}", hhmm(start))
}

/// A reference back into its day, time and random part; `None` when malformed.
pub fn parse_booking_ref(r: &str) -> Option<(NaiveDate, NaiveTime, String)> {
    let mut parts = r.splitn(3, '.');
    let date = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(parts.next()?, "%H%M").ok()?;
    let id = parts.next()?;
    (id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| (date, time, id.to_string()))
}

/// The TTL of a booking and its coupon marker.
pub fn expiry(app: &App, date: NaiveDate) -> i64 {
    (date + chrono::Days::new(u64::from(app.cfg.booking_retention_days)))
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp()
}

impl BookingItem {
    #[allow(clippy::too_many_arguments)]
    pub fn new(app: &App, venue: &str, date: NaiveDate, start: NaiveTime, id: &str, person: Person, at: DateTime<Utc>, by: &str) -> BookingItem {
        let (pk, sk) = booking_key(venue, date, start, id);
        BookingItem {
            pk,
            sk,
            id: id.into(),
            venue_id: venue.into(),
            date,
            start,
            person,
            status: BookingStatus::Booked,
            booked_at: at,
            booked_by: by.into(),
            version: 1,
            expires_at: expiry(app, date),
        }
    }

    pub fn reference(&self) -> String {
        booking_ref(self.date, self.start, &self.id)
    }
}

/// The step that writes a new booking (a random key: it cannot be taken).
pub fn create_booking_in(tx: &mut Tx, b: &BookingItem) -> AppResult<()> {
    tx.put_new(to_item(b)?, OnFail::Internal("a new booking's random key"));
    Ok(())
}

/// The step that writes a booking over the version read (a status change).
pub fn save_booking_in(tx: &mut Tx, b: &BookingItem, read_version: u64, on_stale: impl Into<OnFail>) -> AppResult<()> {
    tx.put_versioned(to_item(b)?, read_version, on_stale);
    Ok(())
}

/// The step that deletes a booking as read (a cancellation, or the old
/// place of a change).
pub fn delete_booking_in(tx: &mut Tx, b: &BookingItem, on_stale: impl Into<OnFail>) {
    tx.delete_versioned((&b.pk, &b.sk), b.version, on_stale);
}

/// A booking by venue and reference, unless its TTL has passed.
pub async fn booking(app: &App, venue: &str, reference: &str) -> AppResult<Option<BookingItem>> {
    let Some((date, start, id)) = parse_booking_ref(reference) else {
        return Ok(None);
    };
    let (pk, sk) = booking_key(venue, date, start, &id);
    let b: Option<BookingItem> = crate::store::get(app, &pk, &sk).await?;
    Ok(b.filter(|b| b.expires_at > app.now().timestamp()))
}

/// The bookings of one venue-day, by time (those past their TTL left out).
pub async fn bookings_of_day(app: &App, venue: &str, date: NaiveDate) -> AppResult<Vec<BookingItem>> {
    let now = app.now().timestamp();
    let all: Vec<BookingItem> = query_all(app, None, &day_pk(venue, date), Some("BOOKING#")).await?;
    Ok(all.into_iter().filter(|b| b.expires_at > now).collect())
}

/// Where the live booking of a coupon's dose is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CouponDoseItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub venue_id: String,
    pub date: NaiveDate,
    pub booking: String,
    pub expires_at: i64,
}

pub fn coupon_key(coupon: &str, dose: u8) -> Key {
    (format!("COUPON#{coupon}"), format!("DOSE#{dose}"))
}

impl CouponDoseItem {
    /// The marker of a coupon's dose pointing at booking `b`.
    fn of(coupon: &str, dose: u8, b: &BookingItem) -> CouponDoseItem {
        let (pk, sk) = coupon_key(coupon, dose);
        CouponDoseItem { pk, sk, venue_id: b.venue_id.clone(), date: b.date, booking: b.reference(), expires_at: b.expires_at }
    }
}

/// The step that holds a coupon's dose for a booking; `on_held` when
/// another live booking holds it.
pub fn hold_coupon_in(tx: &mut Tx, coupon: &str, dose: u8, b: &BookingItem, now: DateTime<Utc>, on_held: impl Into<OnFail>) -> AppResult<()> {
    let item = CouponDoseItem::of(coupon, dose, b);
    // An expired marker (TTL not yet run) is as good as none.
    tx.put_if(
        to_item(&item)?,
        "attribute_not_exists(PK) OR expires_at < :now",
        vec![(":now", n(now.timestamp()))],
        on_held,
    );
    Ok(())
}

/// The step that points a coupon's dose at its booking's new place (a change).
pub fn move_coupon_in(tx: &mut Tx, coupon: &str, dose: u8, b: &BookingItem, from: &str) -> AppResult<()> {
    let item = CouponDoseItem::of(coupon, dose, b);
    tx.put_if(to_item(&item)?, "booking = :from", vec![(":from", s(from))], OnFail::Internal("a booking holds its coupon's dose"));
    Ok(())
}

/// The step that frees a coupon's dose (a cancellation).
pub fn release_coupon_in(tx: &mut Tx, coupon: &str, dose: u8, booking: &str) {
    let (pk, sk) = coupon_key(coupon, dose);
    tx.delete_if((&pk, &sk), "booking = :b", vec![(":b", s(booking))], OnFail::Internal("a booking holds its coupon's dose"));
}

/// The live booking of a coupon's dose, if any.
pub async fn coupon_dose(app: &App, coupon: &str, dose: u8) -> AppResult<Option<CouponDoseItem>> {
    let (pk, sk) = coupon_key(coupon, dose);
    let c: Option<CouponDoseItem> = crate::store::get(app, &pk, &sk).await?;
    Ok(c.filter(|c| c.expires_at > app.now().timestamp()))
}

const VENUE_SK: &str = "RESVENUE";
pub const VENUES: &str = "RESVENUES";

/// A venue that has slots, for the reservation-status job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VenueItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub venue_id: String,
    pub muni: String,
}

/// The step that records that a venue has slots (idempotent).
pub fn mark_venue_in(tx: &mut Tx, venue: &Venue) {
    let pk = orgs::pk(venue.id);
    tx.update(
        (&pk, VENUE_SK),
        "SET venue_id = :v, muni = :m, GSI2PK = :g2pk, GSI2SK = :g2sk",
        vec![(":v", s(venue.id)), (":m", s(venue.muni)), (":g2pk", s(VENUES)), (":g2sk", s(format!("{}#{}", venue.muni, venue.id)))],
        None,
        OnFail::Internal("unconditional venue marker"),
    );
}

/// Every venue with slots, by municipality.
pub async fn venues(app: &App) -> AppResult<Vec<VenueItem>> {
    query_all(app, Some("GSI2"), VENUES, None).await
}

pub fn venue_key(venue: &str) -> Key {
    (orgs::pk(venue), VENUE_SK.into())
}

/// Of a venue's bookings from `from` to `to`, the first doses not missed
/// (booked or vaccinated) whose coupon has no second dose booked yet: the
/// second doses still to come. Reads each day's bookings at once, then the
/// coupons' dose-2 markers 100 a BatchGetItem.
pub async fn second_doses_unbooked(app: &App, venue: &str, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<BookingItem>> {
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    let per_day = futures_util::future::try_join_all(days.iter().map(|d| bookings_of_day(app, venue, *d))).await?;
    let firsts: Vec<BookingItem> = per_day.into_iter().flatten().filter(|b| b.person.dose == 1 && b.status != BookingStatus::NoShow).collect();
    let now = app.now().timestamp();
    let keys: Vec<Key> = firsts.iter().map(|b| coupon_key(&b.person.coupon, 2)).collect();
    let markers: Vec<Option<CouponDoseItem>> = crate::store::get_each(app, &keys).await?;
    Ok(firsts.into_iter().zip(markers).filter(|(_, m)| m.as_ref().is_none_or(|m| m.expires_at <= now)).map(|(b, _)| b).collect())
}
