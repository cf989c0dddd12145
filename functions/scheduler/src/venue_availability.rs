//! Every ten minutes: the reservation status of each venue with slots
//! (予約可能 / 残り少数 / 予約受付不可) follows its places left over the days
//! ahead — unless the site chose 予約不要 — and the open availability feed
//! (SMART Scheduling Links, `$bulk-publish`) is written again from the same
//! read of the slots. One query per municipality with venues, however many
//! bookings there are; a status is written only when it changes, each in
//! its own transaction with its audit record, so a second run changes
//! nothing.

use chrono::NaiveDateTime;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use vsys::auth::Actor;
use vsys::domain::availability as feed;
use vsys::domain::calendar::jst_date;
use vsys::domain::facility::ReservationStatus;
use vsys::domain::reservation::{is_ahead, status_from, DAYS_AHEAD};
use vsys::masterdata::census;
use vsys::store::facilities::{self, ProfileItem};
use vsys::store::reservations::{self, SlotItem};
use vsys::store::{audit, supply, Tx};
use vsys::{App, AppError, AppResult};

pub const NAME: &str = "venue-availability";

/// Where the feed's files are served (the public route of the same names).
pub const FEED_PATH: &str = "/public/availability";

pub async fn run(app: &App) -> AppResult<Value> {
    let now = app.now();
    let local: NaiveDateTime = now.with_timezone(&vsys::clock::jst()).naive_local();
    let today = jst_date(now);
    let mut by_muni: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for v in reservations::venues(app).await? {
        by_muni.entry(v.muni).or_default().push(v.venue_id);
    }
    // Every slot ahead, by venue.
    let mut ahead: BTreeMap<String, Vec<SlotItem>> = BTreeMap::new();
    for (muni, venues) in &by_muni {
        for v in venues {
            ahead.entry(v.clone()).or_default();
        }
        let last = today + chrono::Duration::days(DAYS_AHEAD - 1);
        for s in reservations::slots_of(app, muni, today, last).await? {
            if is_ahead(local, s.date, s.start) {
                ahead.entry(s.venue_id.clone()).or_default().push(s);
            }
        }
    }
    let ids: Vec<&str> = ahead.keys().map(String::as_str).collect();
    let profiles = facilities::profiles(app, &ids).await?;
    let actor = Actor::system(NAME);
    let (mut changed, mut kept) = (0u64, 0u64);
    for ((venue, slots), profile) in ahead.iter().zip(&profiles) {
        // A venue whose site has never saved its data is shown nowhere yet.
        let Some(profile) = profile else { continue };
        if profile.reservation_status == ReservationStatus::NotRequired {
            kept += 1;
            continue;
        }
        let open = slots.iter().filter(|s| !s.closed);
        let places: u64 = open.clone().map(|s| u64::from(s.places)).sum();
        let left: u64 = open.map(|s| u64::from(s.places.saturating_sub(s.booked))).sum();
        let status = status_from(places, left);
        if status == profile.reservation_status {
            kept += 1;
            continue;
        }
        let mut next: ProfileItem = profile.clone();
        next.reservation_status = status;
        next.reservation_updated_at = Some(now);
        next.version += 1;
        let mut tx = Tx::new();
        next.write_in(&mut tx, profile.version, vsys::error::codes::STALE_VERSION)?;
        tx.audit(audit::record(
            &actor,
            now,
            "reservation_status_set",
            &format!("facility:{venue}"),
            Some(json!({"status": profile.reservation_status})),
            Some(json!({"status": status, "places": places, "left": left})),
        )?);
        match tx.commit(app).await {
            Ok(()) => changed += 1,
            // The site saved its profile meanwhile: the next run follows.
            Err(AppError::Conflict { .. }) => kept += 1,
            Err(e) => return Err(e),
        }
    }
    let slots = publish(app, &ahead, &profiles).await?;
    Ok(json!({"venues": ahead.len(), "changed": changed, "kept": kept, "feed_slots": slots}))
}

/// Writes the feed's three files and then its manifest (so a reader never
/// finds a manifest newer than its files): the listed venues only.
async fn publish(app: &App, ahead: &BTreeMap<String, Vec<SlotItem>>, profiles: &[Option<ProfileItem>]) -> AppResult<usize> {
    let products = supply::product_master(app).await?;
    let (mut locations, mut schedules, mut slots) = (Vec::new(), Vec::new(), Vec::new());
    for ((_, venue_slots), profile) in ahead.iter().zip(profiles) {
        let Some((p, l)) = profile.as_ref().and_then(|p| p.listing.as_ref().map(|l| (p, l))) else { continue };
        let state = census().prefecture(&l.pref).map_or("", |r| r.name.as_str());
        let city = vsys::masterdata::municipality_name(&l.muni).unwrap_or("");
        locations.push(feed::location(&feed::Venue {
            code: &p.code,
            name: &l.name,
            phone: &l.phone,
            postal_code: &l.postal_code,
            address: &l.address,
            city,
            state,
            homepage: l.homepage.as_deref(),
        }));
        let mut vaccines: Vec<&str> = venue_slots.iter().map(|s| s.product.as_str()).collect();
        vaccines.sort();
        vaccines.dedup();
        for v in vaccines {
            schedules.push(feed::schedule(&p.code, v, &products.name_of(v)));
        }
        for s in venue_slots {
            let left = if s.closed { 0 } else { s.places.saturating_sub(s.booked) };
            slots.push(feed::slot(&p.code, &feed::Slot { product: &s.product, date: s.date, start: s.start, end: s.end, left }, &l.phone));
        }
    }
    let ndjson = "application/fhir+ndjson";
    for ((_, file), lines) in feed::FILES.iter().zip([&locations, &schedules, &slots]) {
        vsys::documents::put_file(app, &vsys::documents::availability_key(file), ndjson, feed::ndjson(lines)).await?;
    }
    let base = format!("{}{FEED_PATH}", vsys::mail::origin(app));
    let manifest = serde_json::to_vec(&feed::manifest(app.now(), &base)).map_err(AppError::internal)?;
    vsys::documents::put_file(app, &vsys::documents::availability_key(feed::MANIFEST), "application/json; charset=utf-8", manifest).await?;
    Ok(slots.len())
}
