//! Every minute: send the mails that could not be sent when their change
//! was written (SES refused or was unreachable). Each is tried again after
//! 1, 2, 4 … minutes; after `outbox::MAX_ATTEMPTS` it is given up and listed
//! for the national office (`GET /mail-failures`). A mail is cleared only
//! after SES accepted it, and only if no other run moved it meanwhile.

use serde_json::{json, Value};
use vsys::mail;
use vsys::store::outbox;
use vsys::{App, AppResult};

pub const NAME: &str = "mail-outbox";

/// Mails handled per run (the next run takes the rest).
const BATCH: i32 = 200;

pub async fn run(app: &App) -> AppResult<Value> {
    let now = app.now();
    let (mut sent, mut retrying, mut given_up) = (0, 0, 0);
    for item in outbox::due(app, now, BATCH).await? {
        match mail::send(app, &item.to, item.mail()).await {
            Ok(()) => {
                if outbox::clear(app, &item).await? {
                    sent += 1;
                }
            }
            Err(code) => {
                let next = item.after_failure(now, code);
                if outbox::replace(app, &item, &next).await? {
                    if next.failed_at.is_some() {
                        tracing::error!(
                            kind = "mail_given_up",
                            error = code,
                            "mail given up after retries"
                        );
                        given_up += 1;
                    } else {
                        retrying += 1;
                    }
                }
            }
        }
    }
    // How long the oldest mail still waiting has waited: the alarm on it
    // (template: OutboxStaleAlarm) fires past 15 minutes, and when the runs
    // stop reporting.
    let oldest_unsent = outbox::oldest_waiting(app, now, BATCH).await?;
    tracing::info!(
        kind = "outbox_checked",
        oldest_unsent_seconds = oldest_unsent.num_seconds(),
        sent,
        retrying,
        "outbox checked"
    );
    Ok(json!({ "sent": sent, "retrying": retrying, "given_up": given_up }))
}
