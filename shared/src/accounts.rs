//! Account workflows shared by the accounts area, the auth area and the
//! scheduled jobs: issuing an account and mailing its links.

use crate::auth::Actor;
use crate::domain::account::{check_email, check_phone, vsys_id, AccountStatus};
use crate::domain::org::Role;
use crate::error::codes;
use crate::error::{AppError, AppResult};
use crate::mail::{self, templates};
use crate::store::facilities::ProfileItem;
use crate::store::links::{new_link, LinkPurpose};
use crate::store::orgs::{self, OrgItem};
use crate::store::users::{self, UserItem};
use crate::store::{audit, next_number, to_item, Tx};
use crate::App;
use serde::Serialize;

/// What is needed to issue one account.
#[derive(Debug, Clone, Default)]
pub struct IssueInput {
    pub role: Option<Role>,
    pub organisation_code: String,
    pub email: String,
    pub contact_name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    /// For an organisation not yet known: its name…
    pub organisation_name: Option<String>,
    /// …and where it is (sites, workplaces, aggregators).
    pub municipality_code: Option<String>,
    /// Wholesalers: their prefecture.
    pub prefecture_code: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueOutcome {
    Issued,
    /// This organisation already has an account for this address: nothing new.
    AlreadyIssued,
}

#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    pub vsys_id: String,
    pub organisation_id: String,
    pub outcome: IssueOutcome,
}

/// The checks that need no database, field by field (also run on every CSV row
/// before anything of an upload is written).
pub fn validate(input: &IssueInput) -> AppResult<Role> {
    let role = input
        .role
        .ok_or_else(|| AppError::invalid("role", "役割（role）を指定してください。"))?;
    role.check_code(&input.organisation_code)
        .map_err(|m| AppError::invalid("organisation_code", m))?;
    check_email(&input.email).map_err(|m| AppError::invalid("email", m))?;
    if let Some(p) = &input.phone {
        check_phone(p).map_err(|m| AppError::invalid("phone", m))?;
    }
    if let Some(m) = &input.municipality_code {
        Role::Municipality
            .check_code(m)
            .map_err(|msg| AppError::invalid("municipality_code", msg))?;
    }
    if let Some(p) = &input.prefecture_code {
        Role::Prefecture
            .check_code(p)
            .map_err(|msg| AppError::invalid("prefecture_code", msg))?;
    }
    let long = |v: &Option<String>, max: usize| v.as_ref().is_some_and(|s| s.chars().count() > max);
    if long(&input.contact_name, 50) {
        return Err(AppError::invalid(
            "contact_name",
            "50文字以内で入力してください。",
        ));
    }
    if long(&input.organisation_name, 100) {
        return Err(AppError::invalid(
            "organisation_name",
            "100文字以内で入力してください。",
        ));
    }
    if long(&input.company, 100) {
        return Err(AppError::invalid(
            "company",
            "100文字以内で入力してください。",
        ));
    }
    Ok(role)
}

/// The organisation an account is issued for: from master data, or created
/// with the account for bodies that master data does not list.
async fn organisation(app: &App, role: Role, input: &IssueInput) -> AppResult<(OrgItem, bool)> {
    let org_id = role.org_id(&input.organisation_code);
    if let Some(o) = orgs::find(app, &org_id).await? {
        return Ok((o, false));
    }
    let unknown = || {
        AppError::invalid(
            "organisation_code",
            "この組織コードはマスタに登録されていません。",
        )
    };
    let name_required =
        || AppError::invalid("organisation_name", "新しい組織の名称を入力してください。");
    match role {
        Role::National | Role::Prefecture | Role::Municipality => Err(unknown()),
        Role::CallCentre => {
            let muni = orgs::find(app, &Role::Municipality.org_id(&input.organisation_code))
                .await?
                .ok_or_else(unknown)?;
            let name = input
                .organisation_name
                .clone()
                .unwrap_or_else(|| format!("{} 予約受付業者", muni.name));
            Ok((
                OrgItem::new(
                    role,
                    &input.organisation_code,
                    &name,
                    muni.pref.clone(),
                    muni.muni.clone(),
                ),
                true,
            ))
        }
        Role::Wholesaler => {
            let name = input
                .organisation_name
                .as_deref()
                .ok_or_else(name_required)?;
            let pref = input.prefecture_code.clone().ok_or_else(|| {
                AppError::invalid(
                    "prefecture_code",
                    "卸業者の都道府県コードを入力してください。",
                )
            })?;
            Ok((
                OrgItem::new(role, &input.organisation_code, name, Some(pref), None),
                true,
            ))
        }
        Role::Site | Role::Workplace | Role::Aggregator => {
            let name = input
                .organisation_name
                .as_deref()
                .ok_or_else(name_required)?;
            let code = input.municipality_code.as_deref().ok_or_else(|| {
                AppError::invalid(
                    "municipality_code",
                    "所在地の市区町村コードを入力してください。",
                )
            })?;
            let muni = orgs::municipality(app, code, "municipality_code").await?;
            let mut org = OrgItem::new(
                role,
                &input.organisation_code,
                name,
                muni.pref.clone(),
                muni.muni.clone(),
            );
            org.joined_on = Some(crate::domain::calendar::jst_date(app.now()));
            Ok((org, true))
        }
    }
}

/// Issues one account and mails its "complete your password reset" link.
/// Issuing the same organisation and address again changes nothing.
///
/// The V-SYS ID's number comes from the organisation's counter (one atomic
/// update), so concurrent issuances for one organisation (bulk uploads) never
/// contend for a number; the account itself is then written in one transaction.
pub async fn issue(app: &App, actor: &Actor, input: &IssueInput) -> AppResult<Issued> {
    let role = validate(input)?;
    let email = input.email.trim().to_string();
    let (org, created) = organisation(app, role, input).await?;
    let already = |vsys_id: String| Issued {
        vsys_id,
        organisation_id: org.org_id.clone(),
        outcome: IssueOutcome::AlreadyIssued,
    };
    if let Some(u) = users::find_by_org_email(app, &org.org_id, &email).await? {
        return Ok(already(u.vsys_id));
    }
    if created {
        register_organisation(app, actor, &org).await?;
    }
    let now = app.now();
    let seq = next_number(app, &orgs::pk(&org.org_id), ACCOUNT_COUNTER).await?;
    let id = vsys_id(role, &org.code, seq, &app.cfg.id_domain, app.training());
    let mut user = UserItem {
        pk: String::new(),
        sk: String::new(),
        gsi1pk: String::new(),
        gsi1sk: String::new(),
        gsi2pk: None,
        gsi2sk: None,
        vsys_id: id.clone(),
        email: email.clone(),
        contact_name: input.contact_name.clone(),
        phone: input.phone.clone(),
        company: input.company.clone(),
        role,
        org_id: org.org_id.clone(),
        org_name: org.name.clone(),
        pref: org.pref.clone(),
        muni: org.muni.clone(),
        status: AccountStatus::Pending,
        password_hash: None,
        security_question: None,
        security_answer_hash: None,
        consented_at: None,
        unknown_attempts: 0,
        unknown_hold_until: 0,
        known_attempts: 0,
        known_hold_until: 0,
        answer_attempts: 0,
        session_epoch: 0,
        known_devices: Default::default(),
        link_generation: 1,
        issued_at: now,
        issued_by: actor.id.clone(),
        last_mailed_at: now,
        reminders_sent: 0,
        activated_at: None,
        last_sign_in_at: None,
        disabled_at: None,
        version: 1,
    };
    user.set_keys();
    let (token, link) = new_link(&id, LinkPurpose::Activate, 1, now, None)?;
    let queued = mail::queue(
        app,
        &email,
        templates::activation(
            &id,
            &mail::link(app, "activate", &token),
            link.valid_until,
            false,
            app.training(),
        ),
    )?;
    let mut tx = Tx::new();
    tx.put_new(
        to_item(&users::uniqueness(&org.org_id, &email, &id))?,
        AppError::from(codes::RETRY),
    )
    .put_new(to_item(&user)?, "new account id")
    .put_new(to_item(&link)?, "new link")
    .audit(audit::record(
        actor,
        now,
        "account_issued",
        &format!("account:{id}"),
        None,
        Some(serde_json::json!(user.view())),
    )?)
    .mail(&queued)?;
    match tx.commit(app).await {
        Ok(()) => {}
        // The same address was issued for this organisation at the same moment.
        Err(AppError::Conflict { .. }) => {
            let u = users::find_by_org_email(app, &org.org_id, &email)
                .await?
                .ok_or_else(|| AppError::internal("uniqueness item vanished"))?;
            return Ok(already(u.vsys_id));
        }
        Err(e) => return Err(e),
    }
    mail::deliver(app, &[queued]).await;
    tracing::info!(
        kind = "account_issued",
        role = role.as_str(),
        "account issued"
    );
    Ok(Issued {
        vsys_id: id,
        organisation_id: org.org_id.clone(),
        outcome: IssueOutcome::Issued,
    })
}

/// The counter item (under the organisation's partition) numbering its accounts.
const ACCOUNT_COUNTER: &str = "SEQ#ACCOUNTS";

/// Records a body that master data does not list (a site, company, wholesaler,
/// call centre) when its first account is issued; a concurrent first issuance
/// may have recorded it already, which is fine.
async fn register_organisation(app: &App, actor: &Actor, org: &OrgItem) -> AppResult<()> {
    let exists = || AppError::from(codes::RETRY);
    let mut tx = Tx::new();
    tx.put_new(to_item(org)?, exists());
    // A facility is listed for its municipality and prefecture from the
    // start, flagged until it enters its basic data.
    if matches!(org.role, Role::Site | Role::Workplace) {
        let mut blank = ProfileItem::blank(org);
        blank.version = 1;
        blank.write_in(&mut tx, 0, exists())?;
    }
    tx.audit(audit::record(
        actor,
        app.now(),
        "organisation_registered",
        &format!("organisation:{}", org.org_id),
        None,
        Some(serde_json::json!({
            "organisation_id": org.org_id, "role": org.role, "code": org.code, "name": org.name, "prefecture": org.pref, "municipality": org.muni,
        })),
    )?);
    match tx.commit(app).await {
        Ok(()) | Err(AppError::Conflict { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Mails a fresh activation link to a pending account (reminder or re-issue):
/// the new link voids every older one. `None` if the account changed meanwhile.
pub async fn remail_activation(
    app: &App,
    actor: &Actor,
    user: &UserItem,
    reminder: bool,
) -> AppResult<Option<UserItem>> {
    let mut next = user.clone();
    if reminder {
        next.reminders_sent += 1;
    } else {
        next.reminders_sent = 0;
    }
    let action = if reminder {
        "activation_reminded"
    } else {
        "activation_reissued"
    };
    remail_link(
        app,
        actor,
        user,
        next,
        LinkPurpose::Activate,
        action,
        |token, until| {
            templates::activation(
                &user.vsys_id,
                &mail::link(app, "activate", token),
                until,
                reminder,
                app.training(),
            )
        },
    )
    .await
}

/// Mails a fresh password-reset link to an active account (`next` as the
/// caller adjusted it): the new link voids every older one. `None` if the
/// account changed meanwhile.
pub async fn mail_reset_link(
    app: &App,
    actor: &Actor,
    user: &UserItem,
    next: UserItem,
    action: &str,
) -> AppResult<Option<UserItem>> {
    remail_link(
        app,
        actor,
        user,
        next,
        LinkPurpose::Reset,
        action,
        |token, until| reset_link_mail(app, &user.vsys_id, token, until),
    )
    .await
}

/// A new link of `purpose` for the account, written in one transaction with
/// the account (its link generation bumped, so every older link dies), the
/// audit record and the mail, which is then sent.
async fn remail_link(
    app: &App,
    actor: &Actor,
    user: &UserItem,
    mut next: UserItem,
    purpose: LinkPurpose,
    action: &str,
    mail_of: impl FnOnce(&str, chrono::DateTime<chrono::Utc>) -> mail::Mail,
) -> AppResult<Option<UserItem>> {
    let now = app.now();
    next.link_generation += 1;
    next.last_mailed_at = now;
    next.version += 1;
    next.set_keys();
    let (token, link) = new_link(&user.vsys_id, purpose, next.link_generation, now, None)?;
    let queued = mail::queue(app, &user.email, mail_of(&token, link.valid_until))?;
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&next)?, user.version, AppError::from(codes::RETRY))
        .put_new(to_item(&link)?, "new link")
        .audit(audit::record(
            actor,
            now,
            action,
            &format!("account:{}", user.vsys_id),
            Some(serde_json::json!(user.view())),
            Some(serde_json::json!(next.view())),
        )?)
        .mail(&queued)?;
    match tx.commit(app).await {
        Ok(()) => {}
        Err(AppError::Conflict { .. }) => return Ok(None),
        Err(e) => return Err(e),
    }
    mail::deliver(app, &[queued]).await;
    Ok(Some(next))
}

/// Mails a password-reset link to `to` (the account's address, or its new
/// address after an e-mail change).
pub fn reset_link_mail(
    app: &App,
    vsys_id: &str,
    token: &str,
    valid_until: chrono::DateTime<chrono::Utc>,
) -> mail::Mail {
    templates::password_reset(
        vsys_id,
        &mail::link(app, "reset-password", token),
        valid_until,
        app.training(),
    )
}
