//! Thursday 09:00 JST: the results of new-code applications (新規コード付番)
//! assigned since the last run are mailed to their applicants (seed 001
//! 「付番結果を伝達【木曜】」). Each application is marked notified in the
//! same transaction that queues its mail (the outbox), so a re-run never
//! mails twice and a failed send is retried until it arrives.

use serde_json::{json, Value};
use vsys::auth::Actor;
use vsys::error::codes;
use vsys::mail::{self, templates};
use vsys::store::contracts::ApplicationStatus;
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

pub const NAME: &str = "new-code-results";

pub async fn run(app: &App) -> AppResult<Value> {
    let now = app.now();
    let actor = Actor::system(NAME);
    let due = vsys::store::contracts::results_to_mail(app).await?;
    let (mut mailed, mut skipped) = (0, 0);
    for a in due {
        let Some(code) = a.assigned_code.clone() else {
            continue;
        };
        let mut next = a.clone();
        next.status = ApplicationStatus::Notified;
        next.notified_at = Some(now);
        next.version += 1;
        next.set_keys();
        let queued = mail::queue(
            app,
            &a.applicant.email,
            templates::new_code_result(
                &a.applicant.name,
                &a.facility.name,
                &a.id,
                &code,
                app.training(),
            ),
        )?;
        let mut tx = Tx::new();
        tx.put_versioned(to_item(&next)?, a.version, AppError::from(codes::RETRY))
            .audit(audit::record(
                &actor,
                now,
                "new_code_notified",
                &format!("code_application:{}", a.id),
                Some(json!({ "status": a.status })),
                Some(json!({ "status": next.status })),
            )?)
            .mail(&queued)?;

        match tx.commit(app).await {
            Ok(()) => {}
            // Changed meanwhile (another run): theirs to mail.
            Err(AppError::Conflict { .. }) => {
                skipped += 1;
                continue;
            }
            Err(e) => return Err(e),
        }
        mail::deliver(app, &[queued]).await;
        mailed += 1;
    }
    Ok(json!({ "notified": mailed, "skipped": skipped }))
}
