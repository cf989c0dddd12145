//! Friday: carry out the call-centre requests closed on Wednesday 17:00.
//! New → issue the account (login mail goes out); change → update the
//! account (a new address gets a reset mail); delete → disable it.

use serde_json::{json, Value};
use vsys::accounts::{self, IssueInput};
use vsys::auth::Actor;
use vsys::domain::account::AccountStatus;
use vsys::domain::calendar::jst_date;
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::mail::{self, templates};
use vsys::store::callcentre::{self, CcRequestItem, RequestKind, RequestStatus};
use vsys::store::links::{new_link, LinkPurpose};
use vsys::store::outbox::OutboxItem;
use vsys::store::users::{self, UserItem};
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

pub const NAME: &str = "call-centre-accounts";

pub async fn run(app: &App) -> AppResult<Value> {
    let now = app.now();
    let today = jst_date(now);
    let actor = Actor::system(NAME);
    let (mut done, mut rejected, mut later, mut failed) = (0, 0, 0, 0);
    for req in callcentre::open(app).await? {
        // Only requests whose Friday has come (their Wednesday cut-off has passed).
        if now < req.cutoff || today < req.issuance_date {
            later += 1;
            continue;
        }
        let outcome = carry_out(app, &actor, &req).await;
        let (status, vsys_id, message) = match outcome {
            Ok((id, msg)) => (RequestStatus::Done, id, msg),
            Err(
                e @ (AppError::Invalid { .. }
                | AppError::Conflict { .. }
                | AppError::NotFound { .. }),
            ) => (
                RequestStatus::Rejected,
                req.target_vsys_id.clone(),
                e.body().message,
            ),
            Err(e) => {
                // One request that cannot be carried out now (e.g. the
                // store refuses a write) keeps its own failure and stays open
                // for the next run; the others go on.
                tracing::error!(request = %req.id, error = ?e, "call-centre request failed");
                failed += 1;
                record_failure(app, &actor, &req).await?;
                continue;
            }
        };
        let mut next = req.clone();
        next.status = status;
        next.result_vsys_id = vsys_id;
        next.result_message = Some(message.clone());
        next.processed_at = Some(now);
        next.version += 1;
        next.set_keys();
        let queued = municipality_mail(app, &req, &message).await?;
        let mut tx = Tx::new();
        tx.put_versioned(to_item(&next)?, req.version, AppError::from(codes::RETRY))
            .audit(audit::record(
                &actor,
                now,
                "call_centre_request_processed",
                &format!("ccreq:{}", req.id),
                Some(serde_json::json!(req.view())),
                Some(serde_json::json!(next.view())),
            )?);
        if let Some(q) = &queued {
            tx.mail(q)?;
        }
        // A concurrent run already closed it: nothing more to do.
        if tx.commit(app).await.is_err() {
            continue;
        }
        if status == RequestStatus::Done {
            done += 1;
        } else {
            rejected += 1;
        }
        if let Some(q) = queued {
            mail::deliver(app, &[q]).await;
        }
    }
    Ok(json!({ "done": done, "rejected": rejected, "not_yet_due": later, "failed": failed }))
}

/// Counts a failed run on the request, which stays open.
async fn record_failure(app: &App, actor: &Actor, req: &CcRequestItem) -> AppResult<()> {
    let mut next = req.clone();
    next.failed_runs += 1;
    next.version += 1;
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, req.version, AppError::from(codes::RETRY))
        .audit(audit::record(
            actor,
            app.now(),
            "call_centre_request_failed",
            &format!("ccreq:{}", req.id),
            None,
            Some(json!({ "failed_runs": next.failed_runs })),
        )?);

    match tx.commit(app).await {
        Ok(()) | Err(AppError::Conflict { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

fn kind_ja(k: RequestKind) -> &'static str {
    match k {
        RequestKind::New => "新規発行",
        RequestKind::Change => "変更",
        RequestKind::Delete => "削除",
    }
}

/// The municipality's copy of the result, to the account that filed it.
async fn municipality_mail(
    app: &App,
    req: &CcRequestItem,
    result: &str,
) -> AppResult<Option<OutboxItem>> {
    let Some(filer) = users::find(app, &req.filed_by).await? else {
        return Ok(None);
    };
    let m = templates::call_centre_done(
        &filer.org_name,
        kind_ja(req.kind),
        &req.name,
        result,
        app.training(),
    );
    Ok(Some(mail::queue(app, &filer.email, m)?))
}

/// The account a change or deletion names, if it is still this municipality's.
async fn target(app: &App, req: &CcRequestItem) -> AppResult<UserItem> {
    let id = req.target_vsys_id.as_deref().unwrap_or_default();
    users::find(app, id)
        .await?
        .filter(|u| {
            u.role == Role::CallCentre
                && u.muni.as_deref() == Some(&req.muni)
                && u.status != AccountStatus::Disabled
        })
        .ok_or_else(|| {
            AppError::invalid(
                "vsys_id",
                "対象のアカウントが見つからないか、すでに無効です。",
            )
        })
}

async fn carry_out(
    app: &App,
    actor: &Actor,
    req: &CcRequestItem,
) -> AppResult<(Option<String>, String)> {
    match req.kind {
        RequestKind::New => {
            let input = IssueInput {
                role: Some(Role::CallCentre),
                organisation_code: req.muni.clone(),
                email: req.email.clone(),
                contact_name: Some(req.name.clone()),
                phone: req.phone.clone(),
                company: req.company.clone(),
                ..Default::default()
            };
            let issued = accounts::issue(app, actor, &input).await?;
            Ok((
                Some(issued.vsys_id.clone()),
                format!(
                    "V-SYS ID {} を発行し、ログイン用メールを送付しました。",
                    issued.vsys_id
                ),
            ))
        }
        RequestKind::Change => {
            let user = target(app, req).await?;
            let now = app.now();
            let mut next = user.clone();
            next.contact_name = Some(req.name.clone());
            if req.company.is_some() {
                next.company = req.company.clone();
            }
            if req.phone.is_some() {
                next.phone = req.phone.clone();
            }
            let email_changed = !req.email.eq_ignore_ascii_case(&user.email);
            let mut tx = Tx::new();
            let mut reset = None;
            if email_changed {
                next.email = req.email.clone();
                next.known_devices.clear();
                next.end_sessions();
                next.link_generation += 1;
                next.last_mailed_at = now;
                let purpose = if user.status == AccountStatus::Pending {
                    LinkPurpose::Activate
                } else {
                    LinkPurpose::Reset
                };
                let (token, link) =
                    new_link(&user.vsys_id, purpose, next.link_generation, now, None)?;
                let old_uniqueness = users::uniqueness_key(&user.org_id, &user.email);
                tx.put_new(to_item(&link)?, "new link")
                    .delete((&old_uniqueness.0, &old_uniqueness.1))
                    .put_new(
                        to_item(&users::uniqueness(&user.org_id, &req.email, &user.vsys_id))?,
                        codes::EMAIL_TAKEN
                            .with("同じ組織に同じメールアドレスのアカウントがあります。"),
                    );
                let m = match purpose {
                    LinkPurpose::Activate => templates::activation(
                        &user.vsys_id,
                        &mail::link(app, "activate", &token),
                        link.valid_until,
                        false,
                        app.training(),
                    ),
                    _ => accounts::reset_link_mail(app, &user.vsys_id, &token, link.valid_until),
                };
                let queued = mail::queue(app, &req.email, m)?;
                tx.mail(&queued)?;
                reset = Some(queued);
            }
            next.version += 1;
            next.set_keys();
            tx.put_versioned(to_item(&next)?, user.version, AppError::from(codes::RETRY))
                .audit(audit::record(
                    actor,
                    now,
                    "account_changed",
                    &format!("account:{}", user.vsys_id),
                    Some(serde_json::json!(user.view())),
                    Some(serde_json::json!(next.view())),
                )?);
            tx.commit(app).await?;
            if let Some(queued) = reset {
                mail::deliver(app, &[queued]).await;
            }
            Ok((
                Some(user.vsys_id.clone()),
                format!("V-SYS ID {} の登録内容を変更しました。", user.vsys_id),
            ))
        }
        RequestKind::Delete => {
            let user = target(app, req).await?;
            let now = app.now();
            let next = user.disabled(now);
            let mut tx = Tx::new();
            tx.put_versioned(to_item(&next)?, user.version, AppError::from(codes::RETRY))
                .audit(audit::record(
                    actor,
                    now,
                    "account_disabled",
                    &format!("account:{}", user.vsys_id),
                    Some(serde_json::json!(user.view())),
                    Some(serde_json::json!(next.view())),
                )?);
            tx.commit(app).await?;
            Ok((
                Some(user.vsys_id.clone()),
                format!("V-SYS ID {} を削除（無効化）しました。", user.vsys_id),
            ))
        }
    }
}
