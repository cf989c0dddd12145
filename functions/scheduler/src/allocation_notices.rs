//! Every minute: fans out what allocation locks and reminders leave behind
//! (store::allocations::NoticeItem). A lock is one write whatever lies below
//! it; the mails to every municipality, and for final allocations every
//! site's record, its "allocations received" fact and its mails, are
//! written here, one recipient per transaction with a marker that makes a
//! second run skip it. A run writes at most [`PER_RUN`] recipients and saves
//! how far it got; the next minute's run goes on from there. A wholesaler's
//! scheduled dates are told to the sites the same way.

use serde_json::{json, Value};
use std::collections::HashMap;
use vsys::domain::account::AccountStatus;
use vsys::domain::allocation::Boxes;
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::mail::{self, templates, Mail};
use vsys::masterdata::census;
use vsys::store::allocations::{self, NoticeItem, NoticeKind, PrefItem, SiteAllocationItem, SiteRow};
use vsys::store::registrations::{self, RegistrationItem};
use vsys::store::outbox::OutboxItem;
use vsys::store::supply::{self, CoolItem, ProductsItem};
use vsys::store::{deliveries, facilities, users, Batch, Tx};
use vsys::{App, AppError, AppResult};

pub const NAME: &str = "allocation-notices";

/// Recipients written per run: well inside one invocation's time.
const PER_RUN: usize = 400;

/// One recipient of a notice: an organisation, and for a site its final
/// allocation.
struct Recipient {
    org_id: String,
    name: String,
    boxes: Boxes,
    /// The scheduled delivery date (scheduled deliveries only).
    scheduled: Option<chrono::NaiveDate>,
    site: Option<SiteAllocationItem>,
}

pub async fn run(app: &App) -> AppResult<Value> {
    run_within(app, PER_RUN).await
}

/// One run that writes at most `budget` recipients.
pub async fn run_within(app: &App, mut budget: usize) -> AppResult<Value> {
    let (mut mailed, mut skipped, mut finished) = (0u64, 0u64, 0u64);
    for notice in allocations::notices_due(app).await? {
        if budget == 0 {
            break;
        }
        let (label, pref) = context(app, &notice).await?;
        let recipients = recipients_of(app, &notice, pref.as_ref()).await?;
        let addresses = addresses_of(app, &notice, &recipients).await?;
        // Recipients come in the same order every run (what they are read
        // from is locked): a run goes on where the last one stopped.
        let mut reached = notice.sent as usize;
        let mut done_all = true;
        for r in recipients.iter().skip(reached) {
            if budget == 0 {
                done_all = false;
                break;
            }
            let to = addresses.get(&r.org_id).map(Vec::as_slice).unwrap_or_default();
            // A municipality without an account has nothing to receive.
            if !(to.is_empty() && r.site.is_none()) {
                budget -= 1;
                match handle(app, &notice, &label, r, to).await {
                    Ok(n) => mailed += n,
                    // Handled by a run that stopped before saving its progress.
                    Err(AppError::Conflict { code, .. }) if code == codes::ALREADY_DECIDED => skipped += 1,
                    Err(e) => {
                        allocations::save_notice(app, &notice.progressed(reached as u64)).await?;
                        return Err(e);
                    }
                }
            }
            reached += 1;
        }
        if done_all {
            allocations::save_notice(app, &notice.finished(app.now(), reached as u64)).await?;
            finished += 1;
        } else {
            allocations::save_notice(app, &notice.progressed(reached as u64)).await?;
        }
    }
    Ok(json!({ "mailed": mailed, "skipped": skipped, "notices_finished": finished }))
}

/// The cool's label and the prefecture's allocation the notice is about.
async fn context(app: &App, n: &NoticeItem) -> AppResult<(String, Option<PrefItem>)> {
    let mut batch = Batch::new();
    let cool = batch.add::<CoolItem>(supply::cool_key(&n.cool_id));
    let products = batch.add::<ProductsItem>(supply::products_key());
    let pref = batch.add::<PrefItem>(allocations::pref_key(&n.cool_id, &n.pref));
    let mut got = batch.read(app).await?;
    let products = got.take(products)?.unwrap_or_default().products;
    let label = got
        .take(cool)?
        .map(|c| c.label_in(&products))
        .unwrap_or_else(|| n.cool_id.clone());
    Ok((label, got.take(pref)?))
}

/// The active accounts' addresses of each recipient: a prefecture's
/// organisations are read once per notice (one partition); workplace venues,
/// spread over every prefecture, one by one.
async fn addresses_of(app: &App, n: &NoticeItem, recipients: &[Recipient]) -> AppResult<HashMap<String, Vec<String>>> {
    let mut addresses: HashMap<String, Vec<String>> = HashMap::new();
    let accounts = match n.kind {
        NoticeKind::WorkplaceFinal => {
            let mut all = Vec::new();
            for r in recipients {
                if let Some(site) = &r.site {
                    all.extend(users::list(app, Some(&site.pref), Some(&site.muni), Some(&r.org_id), 90, None).await?.items);
                }
            }
            all
        }
        _ => users::of_prefecture(app, &n.pref).await?,
    };
    for u in accounts {
        if u.status == AccountStatus::Active {
            addresses.entry(u.org_id.clone()).or_default().push(u.email.clone());
        }
    }
    Ok(addresses)
}

async fn recipients_of(app: &App, n: &NoticeItem, pref: Option<&PrefItem>) -> AppResult<Vec<Recipient>> {
    // A prefecture's notice without its allocation (never written so) has no one to tell.
    let muni_recipients = |codes: Vec<&str>| -> Vec<Recipient> {
        let Some(pref) = pref else { return Vec::new() };
        codes
            .into_iter()
            .map(|code| Recipient {
                org_id: Role::Municipality.org_id(code),
                name: census().municipality(code).map(|m| m.name.clone()).unwrap_or_default(),
                boxes: pref.for_municipality(code),
                scheduled: None,
                site: None,
            })
            .collect()
    };
    Ok(match n.kind {
        NoticeKind::MunicipalitiesMayStart => muni_recipients(
            pref.map(|p| {
                p.split
                    .iter()
                    .filter(|r| r.boxes != Boxes::default())
                    .map(|r| r.muni.as_str())
                    .collect()
            })
            .unwrap_or_default(),
        ),
        NoticeKind::Reminder => muni_recipients(n.municipalities.iter().map(String::as_str).collect()),
        NoticeKind::SitesFinal => {
            let mut out = Vec::new();
            for m in allocations::municipalities(app, &n.cool_id, &n.pref).await? {
                for row in m.split.iter().filter(|r| r.boxes != Boxes::default()) {
                    out.push(Recipient {
                        org_id: row.site_id.clone(),
                        name: row.site_name.clone(),
                        boxes: row.boxes,
                        scheduled: None,
                        site: Some(SiteAllocationItem::new(&n.cool_id, &m.pref, &m.muni, row, n.created_at)),
                    });
                }
            }
            out
        }
        NoticeKind::WorkplaceFinal => workplace_recipients(app, n).await?,
        NoticeKind::DeliveryScheduled => deliveries::many(app, &n.cool_id, &n.sites)
            .await?
            .into_iter()
            .flatten()
            .map(|d| Recipient {
                org_id: d.site_id.clone(),
                name: d.site_name.clone(),
                boxes: d.boxes,
                scheduled: d.scheduled_date,
                site: None,
            })
            .collect(),
    })
}

/// The venues given boxes by a locked workplace allocation, with their names
/// and areas from their registrations.
async fn workplace_recipients(app: &App, n: &NoticeItem) -> AppResult<Vec<Recipient>> {
    let (_, rows) = allocations::workplace(app, &n.cool_id).await?;
    let regs: HashMap<String, RegistrationItem> = registrations::all_of_cool(app, &n.cool_id, None, None)
        .await?
        .into_iter()
        .map(|r| (r.site_id.clone(), r))
        .collect();
    Ok(rows
        .into_iter()
        .filter(|r| r.boxes != Boxes::default())
        .filter_map(|r| {
            let reg = regs.get(&r.site_id)?;
            let row = SiteRow {
                site_id: r.site_id.clone(),
                site_name: reg.site_name.clone(),
                boxes: r.boxes,
            };
            Some(Recipient {
                org_id: r.site_id.clone(),
                name: reg.site_name.clone(),
                boxes: r.boxes,
                scheduled: None,
                site: Some(SiteAllocationItem::new(&n.cool_id, &reg.pref, &reg.muni, &row, n.created_at)),
            })
        })
        .collect())
}

/// One recipient's transaction: its marker, its mails, and for a site its
/// record and fact. The number of mails queued.
async fn handle(app: &App, n: &NoticeItem, label: &str, r: &Recipient, to: &[String]) -> AppResult<u64> {
    let boxes = r.boxes.text_ja();
    let training = app.training();
    let mail_of = || -> Mail {
        match n.kind {
            NoticeKind::MunicipalitiesMayStart => templates::allocation_passed_down(
                &r.name,
                label,
                &boxes,
                &mail::page(app, &format!("allocation/{}", n.cool_id)),
                training,
            ),
            NoticeKind::Reminder => templates::allocation_reminder(
                &r.name,
                &census().prefecture(&n.pref).map(|p| p.name.clone()).unwrap_or_default(),
                label,
                &mail::page(app, &format!("allocation/{}", n.cool_id)),
                training,
            ),
            NoticeKind::SitesFinal | NoticeKind::WorkplaceFinal => templates::allocation_final(
                &r.name,
                label,
                &boxes,
                &mail::page(app, "allocations"),
                training,
            ),
            NoticeKind::DeliveryScheduled => templates::delivery_scheduled(
                &r.name,
                label,
                &boxes,
                &r.scheduled.map(|d| d.format("%Y/%m/%d").to_string()).unwrap_or_default(),
                &mail::page(app, &format!("deliveries/{}/{}", n.cool_id, r.org_id)),
                training,
            ),
        }
    };
    // At most 90 addresses, so that the transaction stays within its 100 steps.
    let queued: Vec<OutboxItem> = to
        .iter()
        .take(90)
        .map(|email| mail::queue(app, email, mail_of()))
        .collect::<AppResult<_>>()?;
    let mut tx = Tx::new();
    n.recipient_in(&mut tx, &r.org_id, app.now());
    if let Some(site) = &r.site {
        allocations::site_record_in(&mut tx, site)?;
        facilities::record_allocation(&mut tx, &r.org_id);
    }
    for q in &queued {
        tx.mail(q)?;
    }
    tx.commit(app).await?;
    mail::deliver(app, &queued).await;
    Ok(queued.len() as u64)
}
