//! Deliveries (SPEC §7) on the sites' final allocation records
//! (`store::allocations::SiteAllocationItem`): a wholesaler's area, one
//! record, many records at once, and the two reports' open deliveries.

use crate::error::AppResult;
use crate::store::allocations::{
    delivery_area_pk, site_key, SiteAllocationItem, DELIVERY_UNDELIVERED, DELIVERY_UNSCHEDULED,
};
use crate::store::tx::OnFail;
use crate::store::{get_each, query_all, to_item, Tx};
use crate::App;

/// The final allocations of a cool in an area of prefectures (one query
/// each) and municipalities (one query each, inside their prefecture's
/// partition), in prefecture and municipality order.
pub async fn of_area(app: &App, cool_id: &str, areas: &[String]) -> AppResult<Vec<SiteAllocationItem>> {
    let mut out: Vec<SiteAllocationItem> = Vec::new();
    for a in areas {
        let (pref, prefix) = match a.len() {
            2 => (a.as_str(), None),
            _ => (&a[..2], Some(format!("{a}#"))),
        };
        out.extend(query_all::<SiteAllocationItem>(app, Some("GSI1"), &delivery_area_pk(cool_id, pref), prefix.as_deref()).await?);
    }
    out.sort_by(|a, b| (&a.pref, &a.muni, &a.site_id).cmp(&(&b.pref, &b.muni, &b.site_id)));
    Ok(out)
}

pub async fn find(app: &App, site_id: &str, cool_id: &str) -> AppResult<Option<SiteAllocationItem>> {
    let (pk, sk) = site_key(site_id, cool_id);
    crate::store::get(app, &pk, &sk).await
}

/// The records of `sites` for one cool, in their order (`None` where a site
/// has none): one BatchGetItem per hundred.
pub async fn many(app: &App, cool_id: &str, sites: &[String]) -> AppResult<Vec<Option<SiteAllocationItem>>> {
    let keys: Vec<_> = sites.iter().map(|s| site_key(s, cool_id)).collect();
    get_each(app, &keys).await
}

/// Which open deliveries a report lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// Final allocations still without a scheduled date.
    Unscheduled,
    /// Scheduled, without an actual date.
    Undelivered,
}

/// The open deliveries of the nation (`pref` None), a prefecture or one of
/// its municipalities, across cools.
pub async fn open(app: &App, which: Open, pref: Option<&str>, muni: Option<&str>) -> AppResult<Vec<SiteAllocationItem>> {
    let pk = match which {
        Open::Unscheduled => DELIVERY_UNSCHEDULED,
        Open::Undelivered => DELIVERY_UNDELIVERED,
    };
    let prefix = match (pref, muni) {
        (_, Some(m)) => Some(format!("{}#{m}#", &m[..2])),
        (Some(p), None) => Some(format!("{p}#")),
        (None, None) => None,
    };
    query_all(app, Some("GSI2"), pk, prefix.as_deref()).await
}

/// Writes a delivery's next state over the version read.
pub fn save_in(tx: &mut Tx, next: &SiteAllocationItem, read_version: u64, on_stale: impl Into<OnFail>) -> AppResult<()> {
    tx.put_versioned(to_item(next)?, read_version, on_stale);
    Ok(())
}
