//! Scheduled jobs. Each runs on its Japan-time schedule (template.yaml,
//! `ScheduleV2` with `Asia/Tokyo`), reads "now" from the clock, and is
//! idempotent: a second run, or a run after a retry, changes nothing.

pub mod allocation_notices;
mod call_centre;
mod code_results;
mod cutoff;
pub mod open_data;
mod outbox;
mod reminders;
mod result_reminders;
pub mod venue_availability;

use serde_json::Value;
use vsys::{App, AppError, AppResult};

/// Every job by the name its schedule passes as `{"job": name}`.
pub const JOBS: [&str; 9] = [
    reminders::NAME,
    call_centre::NAME,
    cutoff::NAME,
    code_results::NAME,
    outbox::NAME,
    allocation_notices::NAME,
    result_reminders::NAME,
    open_data::NAME,
    venue_availability::NAME,
];

/// The IAM actions the jobs call (what the template grants SchedulerFunction).
pub const GRANTS: &[&str] = &[
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "ses:SendEmail",
    "s3:PutObject",
];

pub async fn run(app: &App, job: &str) -> AppResult<Value> {
    let summary = match job {
        reminders::NAME => reminders::run(app).await?,
        call_centre::NAME => call_centre::run(app).await?,
        cutoff::NAME => cutoff::run(app).await?,
        code_results::NAME => code_results::run(app).await?,
        result_reminders::NAME => result_reminders::run(app).await?,
        open_data::NAME => open_data::run(app).await?,
        venue_availability::NAME => venue_availability::run(app).await?,
        // Every minute: no job record (the outbox items are the record).
        outbox::NAME => return outbox::run(app).await,
        allocation_notices::NAME => return allocation_notices::run(app).await,
        other => return Err(AppError::invalid("job", format!("unknown job {other}"))),
    };
    vsys::store::jobs::record(app, job, app.now(), summary.clone()).await?;
    tracing::info!(kind = "job_done", job, summary = %summary, "job finished");
    Ok(summary)
}
