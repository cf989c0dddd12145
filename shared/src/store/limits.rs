//! Attempt limits that hold under parallel requests: every guess (password,
//! code, security answer) is counted by one conditional `UpdateItem` *before*
//! it is compared. A request whose count does not fit under the limit is
//! refused without comparing anything, so P parallel requests can never get
//! more comparisons than the limit allows.
//!
//! | counter                       | item                                | limit |
//! |-------------------------------|-------------------------------------|-------|
//! | passwords, unknown browsers   | account: `unknown_attempts` / `unknown_hold_until` | [`FREE_ATTEMPTS`], then growing delays |
//! | passwords, known browsers     | account: `known_attempts` / `known_hold_until`     | the same, apart |
//! | security answers              | account: `answer_attempts`          | [`MAX_ANSWER_ATTEMPTS`] until a right one |
//! | one challenge's or link's code | the challenge / link: `attempts` / `code_attempts` | [`CODE_MAX_ATTEMPTS`] |
//! | codes mailed / compared per hour | `USER#{id}` / `RATE#{kind}#{yyyymmddhh}` | [`CODE_MAILS_PER_HOUR`], [`CODE_CHECKS_PER_HOUR`] |
//! | residents' requests per hour, by e-mail address and by network address | `RESLIMIT#{sha256}` / `RATE#{what}#{yyyymmddhh}` | see `domain::resident` |

use crate::domain::account::AccountStatus;
use crate::domain::session::{
    CODE_CHECKS_PER_HOUR, CODE_MAILS_PER_HOUR, CODE_MAX_ATTEMPTS, FREE_ATTEMPTS, IN_FLIGHT_HOLD,
    MAX_ANSWER_ATTEMPTS,
};
use crate::error::{AppError, AppResult};
use crate::store::links::{ChallengeItem, LinkItem};
use crate::store::tx::OnFail;
use crate::store::users::{self, UserItem};
use crate::store::{from_item, n, s, sdk_err, Item, Tx};
use crate::App;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};
use chrono::{DateTime, Utc};

/// Which password counter an attempt is charged to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Browser {
    /// A browser presenting a device token (the SHA-256 given here) that
    /// the account may remember.
    Presented(String),
    /// No device token.
    Unknown,
}

/// The outcome of counting one password attempt.
#[derive(Debug)]
pub enum Attempt {
    /// Counted: compare now. `known`: charged to the known-browser counter.
    Go {
        user: Box<UserItem>,
        attempt: u32,
        known: bool,
    },
    /// Too many attempts of this kind: refuse without comparing.
    Held,
    /// No active account of that ID.
    NoAccount,
}

/// The attribute names of a counter.
fn counter(known: bool) -> (&'static str, &'static str) {
    if known {
        ("known_attempts", "known_hold_until")
    } else {
        ("unknown_attempts", "unknown_hold_until")
    }
}

/// An UpdateItem that either answers the item as written or, when its
/// condition failed, the item as it was (`None`: no item).
async fn conditional_update(
    app: &App,
    req: aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder,
) -> AppResult<Result<Item, Option<Item>>> {
    let res = req
        .table_name(&app.cfg.table)
        .return_values(ReturnValue::AllNew)
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .send()
        .await;
    match res {
        Ok(out) => Ok(Ok(out.attributes.unwrap_or_default())),
        Err(SdkError::ServiceError(e)) => match e.err() {
            UpdateItemError::ConditionalCheckFailedException(c) => Ok(Err(c.item().cloned())),
            _ => Err(sdk_err(SdkError::ServiceError(e))),
        },
        Err(e) => Err(sdk_err(e)),
    }
}

/// Counts one password attempt on the account `vsys_id` (one round trip in
/// the usual case, which also reads the account): on the known-browser
/// counter when the presented device is remembered, else on the
/// unknown-browser counter. Within [`FREE_ATTEMPTS`] attempts are allowed at
/// once; beyond, one at a time after the hold the last failure set (and the
/// attempt holds the next for [`IN_FLIGHT_HOLD`] while it is compared).
pub async fn count_password_attempt(
    app: &App,
    vsys_id: &str,
    browser: &Browser,
    now: DateTime<Utc>,
) -> AppResult<Attempt> {
    let mut known = matches!(browser, Browser::Presented(_));
    loop {
        let (att, hold) = counter(known);
        let mut cond = String::from(
            "attribute_exists(PK) AND #status = :active AND (attribute_not_exists(#att) OR #att < :free OR #hold <= :now)",
        );
        let mut req = app
            .ddb
            .update_item()
            .key("PK", s(users::pk(vsys_id)))
            .key("SK", s(users::SK))
            .update_expression("ADD #att :one, #v :one SET #hold = :inflight")
            .expression_attribute_names("#att", att)
            .expression_attribute_names("#hold", hold)
            .expression_attribute_names("#v", "version")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":active", s("active"))
            .expression_attribute_values(":free", n(FREE_ATTEMPTS))
            .expression_attribute_values(":now", n(now.timestamp()))
            .expression_attribute_values(":inflight", n((now + IN_FLIGHT_HOLD).timestamp()));
        if let (true, Browser::Presented(device)) = (known, browser) {
            cond.push_str(" AND known_devices.#dev > :now");
            req = req.expression_attribute_names("#dev", device);
        }
        match conditional_update(app, req.condition_expression(cond)).await? {
            Ok(item) => {
                let user: UserItem = from_item(item)?;
                let attempt = if known {
                    user.known_attempts
                } else {
                    user.unknown_attempts
                };
                return Ok(Attempt::Go {
                    user: Box::new(user),
                    attempt,
                    known,
                });
            }
            Err(None) => return Ok(Attempt::NoAccount),
            Err(Some(old)) => {
                let user: UserItem = from_item(old)?;
                if user.status != AccountStatus::Active {
                    return Ok(Attempt::NoAccount);
                }
                match browser {
                    // The device is not (or no longer) remembered: it is an
                    // unknown browser like any other.
                    Browser::Presented(d) if known && !user.knows_device(d, now) => known = false,
                    _ => return Ok(Attempt::Held),
                }
            }
        }
    }
}

/// The step that records a wrong password: the next attempt of this kind
/// waits until `hold_until`. Written only while the counter still stands at
/// `attempt`, so a slower earlier failure never shortens a later hold.
pub fn failed_password_in(
    tx: &mut Tx,
    vsys_id: &str,
    known: bool,
    attempt: u32,
    hold_until: DateTime<Utc>,
    on_moved: impl Into<OnFail>,
) {
    let (att, hold) = counter(known);
    tx.update(
        (&users::pk(vsys_id), users::SK),
        &format!("SET {hold} = :hold ADD #v :one"),
        vec![
            (":hold", n(hold_until.timestamp())),
            (":one", n(1)),
            (":attempt", n(attempt)),
        ],
        Some(format!("{att} = :attempt").as_str()),
        on_moved,
    );
}

/// Counts one try on the item (`pk`, `sk`) in its attribute `attr`, while
/// fewer than `max` were counted (and `also` holds): the item as counted, or
/// `None` (no such item, tries used up, or `also` failed). The item's
/// version moves with the count, so no write based on an older read can
/// undo it.
async fn count_try<T: serde::de::DeserializeOwned>(
    app: &App,
    (pk, sk): (&str, &str),
    attr: &str,
    max: u32,
    also: Option<(&str, AttributeValue)>,
) -> AppResult<Option<T>> {
    let mut cond =
        String::from("attribute_exists(PK) AND (attribute_not_exists(#att) OR #att < :max)");
    let mut req = app
        .ddb
        .update_item()
        .key("PK", s(pk))
        .key("SK", s(sk))
        .update_expression("ADD #att :one, #v :one")
        .expression_attribute_names("#att", attr)
        .expression_attribute_names("#v", "version")
        .expression_attribute_values(":one", n(1))
        .expression_attribute_values(":max", n(max));
    if let Some((also_attr, value)) = also {
        cond.push_str(" AND #also = :also");
        req = req
            .expression_attribute_names("#also", also_attr)
            .expression_attribute_values(":also", value);
    }
    match conditional_update(app, req.condition_expression(cond)).await? {
        Ok(item) => Ok(Some(from_item(item)?)),
        Err(_) => Ok(None),
    }
}

/// Counts one security answer on the account: the account as counted, or
/// `None` when [`MAX_ANSWER_ATTEMPTS`] answers were compared since the last
/// right one (only a re-issue by the national office helps then).
pub async fn count_answer_attempt(app: &App, vsys_id: &str) -> AppResult<Option<UserItem>> {
    let pk = users::pk(vsys_id);
    count_try(
        app,
        (&pk, users::SK),
        "answer_attempts",
        MAX_ANSWER_ATTEMPTS,
        None,
    )
    .await
}

/// Counts one code comparison on a sign-in challenge: the challenge as
/// counted, or `None` (unknown, or its tries used). The caller checks its
/// validity in time.
pub async fn count_challenge_code(
    app: &App,
    challenge_pk: &str,
) -> AppResult<Option<ChallengeItem>> {
    count_try(
        app,
        (challenge_pk, "CHAL"),
        "attempts",
        CODE_MAX_ATTEMPTS,
        None,
    )
    .await
}

/// Counts one code comparison on a mailed link: the link as counted, or
/// `None` when the current code's tries are used up (or a new code was
/// mailed meanwhile). Single use is held by the completing write.
pub async fn count_link_code(app: &App, link: &LinkItem) -> AppResult<Option<LinkItem>> {
    count_try(
        app,
        (&link.pk, "LINK"),
        "code_attempts",
        CODE_MAX_ATTEMPTS,
        Some(("opened", n(link.opened))),
    )
    .await
}

/// What an hourly cap counts.
#[derive(Debug, Clone, Copy)]
pub enum Hourly {
    /// Verification codes mailed (sign-in challenges, link openings).
    CodeMails,
    /// Verification codes compared.
    CodeChecks,
}

impl Hourly {
    fn key(self) -> (&'static str, u32) {
        match self {
            Hourly::CodeMails => ("code_mails", CODE_MAILS_PER_HOUR),
            Hourly::CodeChecks => ("code_checks", CODE_CHECKS_PER_HOUR),
        }
    }
}

/// Takes one of this hour's allowance of `kind` for the account: `false`
/// when the hour's allowance is used up.
pub async fn take_hourly(
    app: &App,
    vsys_id: &str,
    kind: Hourly,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let (what, limit) = kind.key();
    take_allowance(app, &users::pk(vsys_id), what, limit, now).await
}

/// Takes one of this hour's `limit` of `what` in partition `pk`: `false`
/// when the hour's allowance is used up. (A fixed window per clock hour,
/// counted by one conditional update, so parallel requests never get more;
/// the item expires by itself.)
pub async fn take_allowance(
    app: &App,
    pk: &str,
    what: &str,
    limit: u32,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let hour = now.format("%Y%m%d%H");
    let req = app
        .ddb
        .update_item()
        .key("PK", s(pk))
        .key("SK", s(format!("RATE#{what}#{hour}")))
        .update_expression("ADD taken :one SET expires_at = :ttl")
        .condition_expression("attribute_not_exists(taken) OR taken < :limit")
        .expression_attribute_values(":one", n(1))
        .expression_attribute_values(":limit", n(limit))
        .expression_attribute_values(":ttl", n((now + chrono::Duration::hours(2)).timestamp()));
    Ok(conditional_update(app, req).await?.is_ok())
}

/// The refusal of an hourly cap, in the user's words.
pub fn hourly_refusal(kind: Hourly) -> AppError {
    let message = match kind {
        Hourly::CodeMails => "確認コードの送信回数が1時間の上限に達しました。しばらく時間をおいてから再度お試しください。",
        Hourly::CodeChecks => "確認コードの入力回数が1時間の上限に達しました。しばらく時間をおいてから再度お試しください。",
    };
    AppError::TooMany {
        code: crate::error::codes::TOO_MANY_ATTEMPTS,
        message: message.into(),
    }
}
