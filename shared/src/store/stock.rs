//! Each site's stock by lot (入庫在庫): received − transferred out − used −
//! wasted (+ transferred in, for a satellite), with `on_hand` kept beside
//! the counters so that a condition (which cannot add) can hold it at or
//! above zero. One item per site and lot; GSI1 (`STOCK#{pref}` /
//! `{lot}#{muni}#{site}`) finds who holds a lot in a prefecture or a
//! municipality, for the expiry boards.

use crate::domain::results::draw_first_expiring;
use crate::error::{codes, AppResult};
use crate::store::tx::OnFail;
use crate::store::{n, orgs, query_all, s, Key, Tx};
use crate::App;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

const PREFIX: &str = "STOCK#";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StockItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    pub site_id: String,
    #[serde(default)]
    pub site_name: String,
    pub pref: String,
    pub muni: String,
    pub lot_number: String,
    pub product: String,
    #[serde(default)]
    pub received: i64,
    #[serde(default)]
    pub transferred_in: i64,
    #[serde(default)]
    pub transferred_out: i64,
    #[serde(default)]
    pub used: i64,
    #[serde(default)]
    pub wasted: i64,
    #[serde(default)]
    pub on_hand: i64,
}

pub fn key(site_id: &str, lot: &str) -> Key {
    (orgs::pk(site_id), format!("{PREFIX}{lot}"))
}

/// Where a site is, for its stock items' index keys.
pub struct Holder<'a> {
    pub site_id: &'a str,
    pub site_name: &'a str,
    pub pref: &'a str,
    pub muni: &'a str,
}

/// Which counter a delivery or transfer adds to (what the results use or
/// waste is [`consume_in`]).
#[derive(Debug, Clone, Copy)]
pub enum Movement {
    /// Delivered by the wholesaler (negative: a corrected delivery).
    Received,
    TransferredIn,
    TransferredOut,
}

/// The step that moves `vials` (signed) of `lot` at `holder`; a movement
/// that lowers the stock holds only while at least that much is on hand
/// (`on_short` otherwise).
pub fn move_in(tx: &mut Tx, holder: &Holder, lot: &str, product: &str, movement: Movement, vials: i64, on_short: impl Into<OnFail>) {
    let (pk, sk) = key(holder.site_id, lot);
    let counter = match movement {
        Movement::Received => "received",
        Movement::TransferredIn => "transferred_in",
        Movement::TransferredOut => "transferred_out",
    };
    // Out of stock is +vials on `transferred_out` and −vials on hand.
    let (count, hand) = match movement {
        Movement::TransferredOut => (vials, -vials),
        Movement::Received | Movement::TransferredIn => (vials, vials),
    };
    let mut values = vec![
        (":site", s(holder.site_id)),
        (":name", s(holder.site_name)),
        (":pref", s(holder.pref)),
        (":muni", s(holder.muni)),
        (":lot", s(lot)),
        (":product", s(product)),
        (":g1pk", s(format!("STOCK#{}", holder.pref))),
        (":g1sk", s(format!("{lot}#{}#{}", holder.muni, holder.site_id))),
        (":count", n(count)),
        (":hand", n(hand)),
    ];
    let condition = (hand < 0).then(|| {
        values.push((":need", n(-hand)));
        "on_hand >= :need"
    });
    tx.update(
        (&pk, &sk),
        &format!(
            "SET site_id = :site, site_name = :name, pref = :pref, muni = :muni, lot_number = :lot, product = :product, \
             GSI1PK = :g1pk, GSI1SK = :g1sk ADD {counter} :count, on_hand :hand"
        ),
        values,
        condition,
        on_short,
    );
}

/// The step that takes `used` and `wasted` vials (signed: a correction
/// gives back) of `lot` out of a site's stock, never below zero.
pub fn consume_in(tx: &mut Tx, site_id: &str, lot: &str, used: i64, wasted: i64, on_short: impl Into<OnFail>) {
    let (pk, sk) = key(site_id, lot);
    let out = used + wasted;
    let mut values = vec![(":u", n(used)), (":w", n(wasted)), (":h", n(-out))];
    let condition = (out > 0).then(|| {
        values.push((":need", n(out)));
        "on_hand >= :need"
    });
    tx.update((&pk, &sk), "ADD used :u, wasted :w, on_hand :h", values, condition, on_short);
}

/// A site's stock, by lot number.
pub async fn of_site(app: &App, site_id: &str) -> AppResult<Vec<StockItem>> {
    query_all(app, None, &orgs::pk(site_id), Some(PREFIX)).await
}

/// The vials a site holds over all its lots.
pub async fn on_hand(app: &App, site_id: &str) -> AppResult<u64> {
    Ok(of_site(app, site_id).await?.iter().map(|s| s.on_hand.max(0) as u64).sum())
}

/// One site's stock of one lot (zero when it never held it).
pub async fn of_lot(app: &App, site_id: &str, lot: &str) -> AppResult<StockItem> {
    let (pk, sk) = key(site_id, lot);
    Ok(crate::store::get(app, &pk, &sk).await?.unwrap_or_default())
}

/// The sites of a prefecture (or one municipality of it) that hold `lot`.
pub async fn holders(app: &App, pref: &str, muni: Option<&str>, lot: &str) -> AppResult<Vec<StockItem>> {
    let prefix = match muni {
        Some(m) => format!("{lot}#{m}#"),
        None => format!("{lot}#"),
    };
    let all: Vec<StockItem> = query_all(app, Some("GSI1"), &format!("STOCK#{pref}"), Some(&prefix)).await?;
    Ok(all.into_iter().filter(|s| s.on_hand > 0).collect())
}

/// Per lot, the (used, wasted) vials a report moves: what it takes comes
/// out of the first-expiring lots of the product; what a correction gives
/// back returns to the lots that gave it, latest expiry first.
pub async fn moves(app: &App, held: &[StockItem], product: &str, used: i64, wasted: i64) -> AppResult<BTreeMap<String, (i64, i64)>> {
    let mine: Vec<&StockItem> = held.iter().filter(|s| s.product == product).collect();
    let numbers: Vec<&str> = mine.iter().map(|s| s.lot_number.as_str()).collect();
    let expiry: HashMap<String, NaiveDate> = crate::store::lots::some(app, &numbers)
        .await?
        .into_iter()
        .flatten()
        .map(|l| (l.lot_number, l.expiry_date))
        .collect();
    let mut moves: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let take = used.max(0) + wasted.max(0);
    if take > 0 {
        let lots: Vec<(String, Option<NaiveDate>, u64)> =
            mine.iter().map(|s| (s.lot_number.clone(), expiry.get(&s.lot_number).copied(), s.on_hand.max(0) as u64)).collect();
        let on_hand: u64 = lots.iter().map(|l| l.2).sum();
        let drawn = draw_first_expiring(&lots, take as u64).ok_or_else(|| {
            codes::INSUFFICIENT_STOCK.with(format!(
                "在庫（{on_hand}バイアル）を超える接種回数・廃棄数です（あと{}バイアル必要）。納入実績・融通の登録を確認してください。",
                take as u64 - on_hand
            ))
        })?;
        // The used vials first, then the wasted, in the order drawn.
        let mut used_left = used.max(0);
        for (lot, v) in drawn {
            let v = v as i64;
            let u = v.min(used_left);
            used_left -= u;
            let e = moves.entry(lot).or_default();
            e.0 += u;
            e.1 += v - u;
        }
    }
    // Given back: from the lots with the most recent expiry that recorded them.
    let mut give_back = |amount: i64, pick: fn(&StockItem) -> i64, slot: fn(&mut (i64, i64)) -> &mut i64| {
        let mut left = -amount;
        let mut order = mine.clone();
        order.sort_by_key(|s| std::cmp::Reverse(expiry.get(&s.lot_number).copied()));
        for s in order {
            if left <= 0 {
                break;
            }
            let back = left.min(pick(s));
            if back > 0 {
                *slot(moves.entry(s.lot_number.clone()).or_default()) -= back;
                left -= back;
            }
        }
    };
    if used < 0 {
        give_back(used, |s| s.used, |m| &mut m.0);
    }
    if wasted < 0 {
        give_back(wasted, |s| s.wasted, |m| &mut m.1);
    }
    moves.retain(|_, m| *m != (0, 0));
    Ok(moves)
}
