//! The morning after each Tuesday 15:00 deadline (Wednesday 09:00 JST): the
//! sites that received vaccine before the deadline and have reported
//! nothing since are mailed a reminder — no report means zero for the next
//! allocation. One site per transaction, with a marker per deadline and
//! site, so a second run mails nobody again.

use serde_json::{json, Value};
use std::collections::HashMap;
use vsys::domain::account::AccountStatus;
use vsys::domain::calendar::jst_date;
use vsys::domain::cool::last_deadline;
use vsys::error::codes;
use vsys::mail::{self, templates};
use vsys::store::outbox::OutboxItem;
use vsys::store::{results, users, Tx};
use vsys::{App, AppError, AppResult};

pub const NAME: &str = "result-reminders";

pub async fn run(app: &App) -> AppResult<Value> {
    let now = app.now();
    let deadline = last_deadline(now);
    let day = jst_date(deadline);
    let due: Vec<_> = results::due(app, None, None).await?.into_iter().filter(|d| d.since <= day).collect();
    let mut addresses: HashMap<String, HashMap<String, Vec<String>>> = HashMap::new();
    let (mut mailed, mut skipped) = (0u64, 0u64);
    for d in &due {
        if !addresses.contains_key(&d.pref) {
            let mut of_pref: HashMap<String, Vec<String>> = HashMap::new();
            for u in users::of_prefecture(app, &d.pref).await? {
                if u.status == AccountStatus::Active {
                    of_pref.entry(u.org_id.clone()).or_default().push(u.email.clone());
                }
            }
            addresses.insert(d.pref.clone(), of_pref);
        }
        let to = addresses[&d.pref].get(&d.site_id).cloned().unwrap_or_default();
        let queued: Vec<OutboxItem> = to
            .iter()
            .take(90)
            .map(|email| {
                mail::queue(
                    app,
                    email,
                    templates::results_reminder(&d.site_name, &d.since.format("%Y/%m/%d").to_string(), &mail::page(app, "results"), app.training()),
                )
            })
            .collect::<AppResult<_>>()?;
        let mut tx = Tx::new();
        results::reminded_in(&mut tx, deadline, &d.site_id, now, AppError::from(codes::ALREADY_DECIDED));
        for q in &queued {
            tx.mail(q)?;
        }
        match tx.commit(app).await {
            Ok(()) => {
                mail::deliver(app, &queued).await;
                mailed += 1;
            }
            Err(AppError::Conflict { code, .. }) if code == codes::ALREADY_DECIDED => skipped += 1,
            Err(e) => return Err(e),
        }
    }
    Ok(json!({ "deadline": deadline.to_rfc3339(), "reminded": mailed, "already_reminded": skipped }))
}
