//! The Tuesday 15:00 JST cut-off (SPEC §5). Closes every cool whose deadline
//! has passed: its total shards are closed, so no registration of the cool can
//! change any more and the registrations as they stand are the allocation
//! input; the sums are frozen on the cool. Then the national office gets a
//! summary. The plan calendar moves on by itself: its periods are data and
//! every handler reads them by the clock.
//!
//! Cost per closed cool is fixed (`SHARDS` updates and one transaction),
//! whatever the number of sites. Re-running changes nothing: closed cools are
//! skipped and the summary of a deadline is mailed once.

use serde_json::{json, Value};
use vsys::auth::Actor;
use vsys::clock::{to_jst_display, to_jst_string};
use vsys::domain::cool::{last_deadline, period_at};
use vsys::error::codes;
use vsys::mail::{self, templates};
use vsys::store::registrations::close_totals;
use vsys::store::supply::{self, CoolItem};
use vsys::store::{audit, jobs, to_item, Tx};
use vsys::{App, AppError, AppResult};

pub const NAME: &str = "plan-cutoff";

pub async fn run(app: &App) -> AppResult<Value> {
    let now = app.now();
    let deadline = last_deadline(now);
    let actor = Actor::system(NAME);
    let (cools, products, calendar) = tokio::try_join!(
        supply::cools(app),
        supply::products(app),
        supply::calendar(app)
    )?;
    let mut closed = Vec::new();
    for cool in cools
        .into_iter()
        .filter(|c| c.closed_at.is_none() && c.def.registration_deadline <= now)
    {
        let totals = close_totals(app, &cool.cool_id, now).await?;
        let mut after = cool.clone();
        after.closed_at = Some(now);
        after.snapshot = Some(totals);
        after.version += 1;
        let snapshot = |c: &CoolItem| json!({ "closed_at": c.closed_at.map(to_jst_string), "totals": c.snapshot });
        let mut tx = Tx::new();
        tx.put_versioned(to_item(&after)?, cool.version, AppError::from(codes::RETRY))
            .audit(audit::record(
                &actor,
                now,
                "cool_closed",
                &format!("cool:{}", cool.cool_id),
                Some(snapshot(&cool)),
                Some(snapshot(&after)),
            )?);

        match tx.commit(app).await {
            Ok(()) => {}
            // A parallel run closed it first.
            Err(AppError::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        }
        let label = cool.label_in(&products);
        closed.push((cool, label, totals));
    }
    let phase = period_at(&calendar.periods, now)
        .map(|p| format!("{}（{}まで）", p.label, to_jst_display(p.until)))
        .unwrap_or_else(|| "計画カレンダーに期間の登録がありません".into());
    // One summary per deadline, however often the job runs.
    let list: Vec<templates::ClosedCool> = closed
        .iter()
        .map(|(_, label, t)| templates::ClosedCool {
            label: label.clone(),
            sites: t.sites,
            packs: t.packs,
            doses: t.doses,
            needle_boxes: t.needle_boxes,
            syringe_boxes: t.syringe_boxes,
        })
        .collect();
    let queued = mail::queue(
        app,
        &app.cfg.national_office_email,
        templates::cutoff_summary(deadline, &list, &phase, app.training()),
    )?;
    // The deadline's marker and its summary mail are written together.
    let mut tx = Tx::new();
    jobs::mark_deadline_in(
        &mut tx,
        "plan-cutoff",
        deadline,
        now,
        AppError::from(codes::RETRY),
    )?;
    tx.mail(&queued)?;
    let first_run = match tx.commit(app).await {
        Ok(()) => true,
        Err(AppError::Conflict { .. }) => false,
        Err(e) => return Err(e),
    };
    // A late run that closed more than the first sends a summary of its own.
    let mailed = first_run || !closed.is_empty();
    if !first_run && mailed {
        let mut tx = Tx::new();
        tx.mail(&queued)?;
        tx.commit(app).await?;
    }
    if mailed {
        mail::deliver(app, &[queued]).await;
    }
    Ok(json!({
        "deadline": to_jst_string(deadline),
        "closed": closed.iter().map(|(c, _, t)| json!({ "cool_id": c.cool_id, "totals": t })).collect::<Vec<_>>(),
        "phase": phase,
        "summary_mailed": mailed,
    }))
}
