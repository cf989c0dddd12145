//! Receiving delegations (委任状受領, seed 001): a prefecture, municipality or
//! aggregator lists the delegations addressed to it (未受領一覧 / 受領済一覧),
//! marks a selection received or back to unreceived, and sends the receipt
//! notification mail for a selection — after which those records are locked.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::auth::Principal;
use vsys::domain::org::Role;
use vsys::http::{Body, QueryParams, User};
use vsys::http::{InContext, Page};
use vsys::mail::{self, templates};
use vsys::store::contracts::{self, delegation_key, DelegationItem, ReceiptState};
use vsys::store::{audit, to_item, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::delegations::{view, DelegationView};

/// Delegations changed in one request (two transaction steps each).
const MAX_SELECTION: usize = 25;

const RECEIVERS: [Role; 3] = [Role::Prefecture, Role::Municipality, Role::Aggregator];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListView {
    Unreceived,
    Received,
    /// A facility's own delegations.
    #[serde(skip_deserializing)]
    Own,
}

/// A list of delegations names its view.
#[derive(Debug, Serialize)]
pub struct Listed {
    pub view: ListView,
}

/// The delegations a selection changed.
#[derive(Debug, Serialize)]
pub struct Changed {
    pub count: usize,
    pub delegations: Vec<DelegationView>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    view: Option<ListView>,
    cursor: Option<String>,
}

/// GET /delegations — a facility's own delegations; a receiver's unreceived
/// (default) or received ones, oldest first.
pub async fn list(
    State(app): State<App>,
    User(p): User,
    QueryParams(q): QueryParams<ListQuery>,
) -> AppResult<InContext<Listed, DelegationView>> {
    if p.role == Role::Site {
        let own = contracts::of_site(&app, &p.org_id).await?;
        return Ok(Page::whole(own.iter().map(view).collect()).with(Listed {
            view: ListView::Own,
        }));
    }
    p.require_role(&RECEIVERS)?;
    let v = q.view.unwrap_or(ListView::Unreceived);
    let page = contracts::addressed_to(
        &app,
        &p.org_id,
        v == ListView::Received,
        q.cursor.as_deref(),
    )
    .await?;
    let items = page.items.iter().map(view).collect();
    Ok(Page::new(items, page.next).with(Listed { view: v }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionReq {
    numbers: Vec<String>,
}

/// The selected delegations addressed to the caller, in the order given; an
/// unknown or foreign number is 404 naming its position.
async fn selection(app: &App, p: &Principal, numbers: &[String]) -> AppResult<Vec<DelegationItem>> {
    p.require_role(&RECEIVERS)?;
    if numbers.is_empty() || numbers.len() > MAX_SELECTION {
        return Err(AppError::invalid(
            "numbers",
            format!("委任状を1〜{MAX_SELECTION}件選んでください。"),
        ));
    }
    let mut batch = Batch::new();
    let mut slots = Vec::new();
    for (i, n) in numbers.iter().enumerate() {
        if numbers[..i].contains(n) {
            return Err(AppError::invalid(
                &format!("numbers[{i}]"),
                "同じ委任状が2回選ばれています。",
            ));
        }
        slots.push(batch.add::<DelegationItem>(delegation_key(n).ok_or_else(|| not_found(i))?));
    }
    let mut got = batch.read(app).await?;
    let mut out = Vec::new();
    for (i, slot) in slots.into_iter().enumerate() {
        let d = got.take(slot)?.ok_or_else(|| not_found(i))?;
        if d.delegate_org_id != p.org_id {
            return Err(not_found(i));
        }
        out.push(d);
    }
    Ok(out)
}

fn not_found(i: usize) -> AppError {
    AppError::NotFound {
        message: "選択した委任状が見つかりません（貴団体宛の委任状のみ操作できます）。".into(),
        field: Some(format!("numbers[{i}]")),
    }
}

fn refused(i: usize, code: vsys::error::Code, message: &str) -> AppError {
    code.with(message).at(&format!("numbers[{i}]"))
}

#[derive(Clone, Copy)]
enum Action {
    Receive,
    Revert,
    Notify,
}

/// The change `action` makes to every selected delegation: the records as
/// they will be, and the transaction (record and audit each) that writes
/// them. Nothing is written yet; any refused delegation refuses the lot.
async fn prepare(
    app: &App,
    p: &Principal,
    numbers: &[String],
    action: Action,
) -> AppResult<(Vec<DelegationItem>, Tx)> {
    let selected = selection(app, p, numbers).await?;
    let now = app.now();
    let mut tx = Tx::new();
    let mut changed = Vec::new();
    for (i, d) in selected.iter().enumerate() {
        if d.locked() {
            return Err(refused(
                i,
                vsys::error::codes::DELEGATION_LOCKED,
                "受領通知メールを送信済みの委任状は変更できません。",
            ));
        }
        let mut next = d.clone();
        let name = match action {
            Action::Receive => {
                if d.state == ReceiptState::Received {
                    return Err(refused(
                        i,
                        vsys::error::codes::ALREADY_RECEIVED,
                        "この委任状は受領済みです。",
                    ));
                }
                next.state = ReceiptState::Received;
                next.received_at = Some(now);
                next.received_by = Some(p.vsys_id.clone());
                "delegation_received"
            }
            Action::Revert => {
                if d.state != ReceiptState::Received {
                    return Err(refused(
                        i,
                        vsys::error::codes::NOT_RECEIVED,
                        "この委任状は未受領です。",
                    ));
                }
                next.state = ReceiptState::Unreceived;
                next.received_at = None;
                next.received_by = None;
                "delegation_unreceived"
            }
            Action::Notify => {
                if d.state != ReceiptState::Received {
                    return Err(refused(
                        i,
                        vsys::error::codes::NOT_RECEIVED,
                        "受領通知メールは受領済みの委任状にのみ送信できます。",
                    ));
                }
                next.mailed_at = Some(now);
                next.mailed_by = Some(p.vsys_id.clone());
                "delegation_receipt_mailed"
            }
        };
        next.version += 1;
        next.set_keys();
        tx.put_versioned(
            to_item(&next)?,
            d.version,
            refused(
                i,
                vsys::error::codes::STALE_VERSION,
                "他の操作で委任状が更新されています。一覧を読み込み直してください。",
            ),
        )
        .audit(audit::record(
            &p.actor(),
            now,
            name,
            &format!("delegation:{}", d.number),
            Some(json!({ "state": d.state, "mailed_at": d.mailed_at })),
            Some(json!({ "state": next.state, "mailed_at": next.mailed_at })),
        )?);
        changed.push(next);
    }
    Ok((changed, tx))
}

/// Applies `action` to every selected delegation in one transaction.
async fn apply(
    app: &App,
    p: &Principal,
    numbers: &[String],
    action: Action,
) -> AppResult<Vec<DelegationItem>> {
    let (changed, tx) = prepare(app, p, numbers, action).await?;
    tx.commit(app).await?;
    Ok(changed)
}

fn answer(items: &[DelegationItem]) -> Json<Changed> {
    Json(Changed {
        count: items.len(),
        delegations: items.iter().map(view).collect(),
    })
}

/// POST /delegations/receive — 受領.
pub async fn receive(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<SelectionReq>,
) -> AppResult<Json<Changed>> {
    Ok(answer(
        &apply(&app, &p, &req.numbers, Action::Receive).await?,
    ))
}

/// POST /delegations/unreceive — 未受領に戻す (until the mail is sent).
pub async fn unreceive(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<SelectionReq>,
) -> AppResult<Json<Changed>> {
    Ok(answer(
        &apply(&app, &p, &req.numbers, Action::Revert).await?,
    ))
}

/// POST /delegations/notify — メール送信: the receipt notification to each
/// facility's contact; the records are locked. The lock and the mails are one
/// transaction (the mails through the outbox): a locked record always has its
/// mail, sent now or, should SES fail, by the outbox job once it recovers.
pub async fn notify(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<SelectionReq>,
) -> AppResult<Json<Changed>> {
    let (done, mut tx) = prepare(&app, &p, &req.numbers, Action::Notify).await?;
    let queued = done
        .iter()
        .map(|d| {
            let m = templates::delegation_received(
                &d.facility_name,
                &d.number,
                &d.delegate_name,
                d.received_at.unwrap_or_else(|| app.now()),
                app.training(),
            );
            mail::queue(&app, &d.contact.email, m)
        })
        .collect::<AppResult<Vec<_>>>()?;
    for q in &queued {
        tx.mail(q)?;
    }
    tx.commit(&app).await?;
    mail::deliver(&app, &queued).await;
    Ok(answer(&done))
}
