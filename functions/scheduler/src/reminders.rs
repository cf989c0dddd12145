//! Accounts not activated within 24 hours are mailed again on the next
//! business day from 09:00 JST (at most `MAX_ACTIVATION_REMINDERS` times).

use serde_json::{json, Value};
use vsys::auth::Actor;
use vsys::domain::account::AccountStatus;
use vsys::domain::calendar::{activation_reminder_due, is_business_day, jst_date};
use vsys::domain::session::MAX_ACTIVATION_REMINDERS;
use vsys::store::users;
use vsys::{App, AppResult};

pub const NAME: &str = "activation-reminders";

pub async fn run(app: &App) -> AppResult<Value> {
    let now = app.now();
    if !is_business_day(jst_date(now)) {
        return Ok(json!({ "skipped": "not a business day" }));
    }
    let actor = Actor::system(NAME);
    let (mut sent, mut waiting, mut exhausted) = (0, 0, 0);
    for user in users::pending(app).await? {
        if user.status != AccountStatus::Pending {
            continue;
        }
        if user.reminders_sent >= MAX_ACTIVATION_REMINDERS {
            exhausted += 1;
            continue;
        }
        if now < activation_reminder_due(user.last_mailed_at) {
            waiting += 1;
            continue;
        }
        if vsys::accounts::remail_activation(app, &actor, &user, true)
            .await?
            .is_some()
        {
            sent += 1;
        }
    }
    Ok(json!({ "reminded": sent, "not_yet_due": waiting, "reminders_exhausted": exhausted }))
}
