//! The national office's review of workplace venues' contact e-mail changes
//! (seed 002): approving issues a V-SYS ID for the new address (its
//! activation mail goes out at once), disables the old contact's ID, and puts
//! the new contact on the venue, whose data carry over. Due within 5
//! business days of the request.

use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use vsys::accounts::{self, IssueInput};
use vsys::domain::account::AccountStatus;
use vsys::domain::calendar::jst_date;
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::Page;
use vsys::http::{Body, Text, User};
use vsys::store::facilities::{contact_key, ContactChangeItem, ContactChangeStatus};
use vsys::store::{audit, to_item, users, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::facility::{read, stale};
use crate::profile::{contact_change_view, ContactChangeView};

/// GET /contact-changes — pending changes, earliest due first, overdue flagged.
pub async fn pending(State(app): State<App>, User(p): User) -> AppResult<Page<ContactChangeView>> {
    p.require_role(&[Role::National])?;
    let items = vsys::store::facilities::pending_contact_changes(&app).await?;
    let today = jst_date(app.now()).to_string();
    let rows = items
        .iter()
        .map(|c| ContactChangeView {
            overdue: Some(c.due < today),
            ..contact_change_view(c)
        })
        .collect();
    Ok(Page::whole(rows))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideReq {
    decision: Decision,
    comment: Option<Text<500>>,
    version: u64,
}

/// POST /contact-changes/{org_id}
pub async fn decide(
    State(app): State<App>,
    User(p): User,
    Path(org_id): Path<String>,
    Body(req): Body<DecideReq>,
) -> AppResult<Json<ContactChangeView>> {
    p.require_role(&[Role::National])?;
    let mut batch = Batch::new();
    let change = batch.add::<ContactChangeItem>(contact_key(&org_id));
    let (f, mut got) = read(&app, &org_id, batch)
        .await?
        .ok_or_else(AppError::not_found)?;
    let change = got.take(change)?.ok_or_else(AppError::not_found)?;
    if change.status != ContactChangeStatus::Pending {
        return Err(AppError::from(codes::ALREADY_DECIDED));
    }
    if req.version != change.version {
        return Err(stale());
    }
    if req.decision == Decision::Reject && req.comment.is_none() {
        return Err(AppError::invalid(
            "comment",
            "承認しない場合は理由を入力してください。",
        ));
    }
    let now = app.now();
    let mut next = change.clone();
    next.decided_at = Some(now);
    next.decided_by = Some(p.vsys_id.clone());
    next.comment = req.comment.map(Text::into_string);
    next.version += 1;
    let mut tx = Tx::new();
    let mut old_ids = Vec::new();
    if req.decision == Decision::Approve {
        // Issuing is idempotent (the same address again is "already issued"),
        // so an approval that fails after this point can simply be repeated.
        let c = &change.new_contact;
        let issued = accounts::issue(
            &app,
            &p.actor(),
            &IssueInput {
                role: Some(Role::Workplace),
                organisation_code: f.org.code.clone(),
                email: c.email.to_string(),
                contact_name: Some(c.name.to_string()),
                phone: Some(c.phone.to_string()),
                ..IssueInput::default()
            },
        )
        .await?;
        let old = match users::find_by_org_email(&app, &org_id, &change.old_email).await? {
            Some(u) => users::find(&app, &u.vsys_id).await?,
            None => None,
        };
        if let Some(old) = old {
            if old.status != AccountStatus::Disabled && old.vsys_id != issued.vsys_id {
                let disabled = old.disabled(now);
                tx.put_versioned(to_item(&disabled)?, old.version, stale());
                tx.audit(audit::record(
                    &p.actor(),
                    now,
                    "account_disabled",
                    &format!("account:{}", old.vsys_id),
                    Some(serde_json::json!(old.view())),
                    Some(serde_json::json!(disabled.view())),
                )?);
                old_ids.push(old.vsys_id);
            }
        }
        let mut profile = f.profile.clone();
        if let Some(pr) = profile.profile.as_mut() {
            pr.contacts.primary = Some(change.new_contact.clone());
        }
        profile.contacts_confirmed_at = Some(now);
        profile.version += 1;
        profile.write_in(&mut tx, f.profile.version, stale())?;
        next.status = ContactChangeStatus::Approved;
        next.new_vsys_id = Some(issued.vsys_id);
        next.disabled_vsys_ids = old_ids.clone();
    } else {
        next.status = ContactChangeStatus::Rejected;
    }
    next.set_keys();
    tx.put_versioned(to_item(&next)?, change.version, stale());
    tx.audit(audit::record(
        &p.actor(),
        now,
        "contact_change_decided",
        &format!("facility:{org_id}"),
        Some(json!({ "status": change.status })),
        Some(json!({ "status": next.status, "new_vsys_id": next.new_vsys_id, "disabled": next.disabled_vsys_ids })),
    )?);
    // Disabling the old account (above) ends its sessions in this same write.
    tx.commit(&app).await?;
    Ok(Json(contact_change_view(&next)))
}
