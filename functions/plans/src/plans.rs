//! Vaccination plans (接種計画, seed 002): a site registers its plan for all
//! coming booster cools at once and changes it during registration periods of
//! the plan calendar. Cools past their deadline are read-only; during plan
//! review or distribution processing nothing changes. The national office
//! reviews every changed plan: confirmed (確認済) or needs revision (要見直).

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashSet;
use vsys::domain::cool::{period_at, plan_cool_writable, plans_writable, Channel, PeriodKind};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::Page;
use vsys::http::{Body, Count, Text, User};
use vsys::mail::{self, templates};
use vsys::store::outbox::OutboxItem;
use vsys::store::registrations::{
    self, PlanReviewItem, RegistrationItem, RegistrationView, ReviewState, ReviewView, Storage,
};
use vsys::store::supply::{self, CalendarItem, CoolItem, ProductItem};
use vsys::store::{audit, to_item, users, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::masters::{cool_view, CoolView};
use crate::register::{self, refusal_view, refused, Quantities, RefusalView, Site};

/// Most cools one plan may name (each costs two transaction steps).
const MAX_ENTRIES: usize = 26;

/// The booster cools a plan covers now: every one whose vaccination period has not ended.
fn coming(cools: Vec<CoolItem>, today: chrono::NaiveDate) -> Vec<CoolItem> {
    cools
        .into_iter()
        .filter(|c| c.def.channel == Channel::Booster && c.def.vaccination_until >= today)
        .collect()
}

fn plan_view(
    app: &App,
    calendar: &[vsys::domain::cool::Period],
    cools: &[CoolItem],
    products: &[ProductItem],
    mine: &[RegistrationItem],
    review: Option<&PlanReviewItem>,
) -> PlanView {
    let now = app.now();
    let phase = period_at(calendar, now);
    let writable = plans_writable(calendar, now);
    let rows = cools
        .iter()
        .map(|c| {
            let reg = mine.iter().find(|r| r.cool_id == c.cool_id);
            let open = plan_cool_writable(&c.def, now).is_ok();
            PlanRow {
                cool: cool_view(c, products, now),
                plan: reg.map(|r| register::view(r, c.product_in(products))),
                state: if open { "planned" } else { "closed" },
                // 計画中 / 分配済み (the seed's two captions)
                state_label: if open {
                    "計画中"
                } else {
                    "締切済（変更不可）"
                },
                writable: open && writable.is_ok(),
            }
        })
        .collect();
    PlanView {
        phase: phase.map(|p| PhaseView {
            kind: p.kind,
            kind_label: p.kind.label_ja(),
            label: p.label.clone(),
            until: vsys::clock::to_jst_string(p.until),
        }),
        writable: writable.is_ok(),
        refusal: writable.err().map(refusal_view),
        review: review.map(PlanReviewItem::view),
        cools: rows,
    }
}

/// The plan screen (接種計画の登録): every coming cool, the phase banner that
/// makes it read-only, and the review state.
#[derive(Debug, Serialize)]
pub struct PlanView {
    pub phase: Option<PhaseView>,
    pub writable: bool,
    pub refusal: Option<RefusalView>,
    pub review: Option<ReviewView>,
    pub cools: Vec<PlanRow>,
}

#[derive(Debug, Serialize)]
pub struct PhaseView {
    pub kind: PeriodKind,
    pub kind_label: &'static str,
    pub label: String,
    pub until: String,
}

#[derive(Debug, Serialize)]
pub struct PlanRow {
    pub cool: CoolView,
    pub plan: Option<RegistrationView>,
    pub state: &'static str,
    pub state_label: &'static str,
    pub writable: bool,
}

/// One site's review and the plan it reviews.
#[derive(Debug, Serialize)]
pub struct ReviewDetail {
    pub review: ReviewView,
    pub plan: Vec<RegistrationView>,
}

/// What a plan screen shows, in two round trips: one batch read of the site,
/// the calendar and the review state; then the cools, the products and the
/// site's plan at once.
async fn load(
    app: &App,
    p: &vsys::auth::Principal,
) -> AppResult<(
    Site,
    CalendarItem,
    Vec<CoolItem>,
    Vec<ProductItem>,
    Vec<RegistrationItem>,
    Option<PlanReviewItem>,
)> {
    let mut batch = Batch::new();
    let calendar = batch.add::<CalendarItem>(supply::calendar_key());
    let review = batch.add::<PlanReviewItem>(registrations::review_key(&p.org_id));
    let (site, mut got) = register::site_with(app, p, batch).await?;
    let calendar = got
        .take(calendar)?
        .unwrap_or_else(|| CalendarItem::new(Vec::new(), 0));
    let review = got.take(review)?;
    let (cools, products, mine) = tokio::try_join!(
        supply::cools(app),
        supply::products(app),
        registrations::of_site(app, &site.id, Channel::Booster),
    )?;
    Ok((site, calendar, cools, products, mine, review))
}

/// GET /plans — the site's plan for every coming booster cool.
pub async fn get(State(app): State<App>, User(p): User) -> AppResult<Json<PlanView>> {
    let (_, calendar, cools, products, mine, review) = load(&app, &p).await?;
    let cools = coming(cools, vsys::domain::calendar::jst_date(app.now()));
    Ok(Json(plan_view(
        &app,
        &calendar.periods,
        &cools,
        &products,
        &mine,
        review.as_ref(),
    )))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanReq {
    entries: Vec<EntryReq>,
    /// 保管管理 of the venue.
    storage: Option<Storage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryReq {
    cool_id: Text<20>,
    /// Packs (e.g. 150回接種分 × 4).
    packs: Count<10_000>,
    needle_boxes: Option<Count<10_000>>,
    syringe_boxes: Option<Count<10_000>>,
}

/// PUT /plans — registers or changes the plan for any number of coming cools
/// at once. Entries equal to what is stored are left alone, so the screen can
/// send its whole table; a changed entry for a closed cool is refused.
pub async fn put(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<PlanReq>,
) -> AppResult<Json<PlanView>> {
    if req.entries.is_empty() || req.entries.len() > MAX_ENTRIES {
        return Err(AppError::invalid(
            "entries",
            format!("計画は1〜{MAX_ENTRIES}クール分で登録してください。"),
        ));
    }
    let (site, calendar, cools, products, mine, review) = load(&app, &p).await?;
    site.may_register()?;
    let now = app.now();
    // During plan review or distribution processing no cool may change.
    plans_writable(&calendar.periods, now).map_err(refused)?;
    let mut seen = HashSet::new();
    let mut changes: Vec<(Option<&RegistrationItem>, RegistrationItem)> = Vec::new();
    for (i, e) in req.entries.iter().enumerate() {
        let field = |f: &str| format!("entries[{i}].{f}");
        let cool = cools
            .iter()
            .find(|c| c.cool_id == e.cool_id.as_str() && c.def.channel == Channel::Booster)
            .ok_or_else(|| {
                AppError::invalid(
                    &field("cool_id"),
                    "追加接種のクールマスタにないクールです。",
                )
            })?;
        if !seen.insert(cool.cool_id.clone()) {
            return Err(AppError::invalid(
                &field("cool_id"),
                "同じクールが2回含まれています。",
            ));
        }
        let product = cool
            .product_in(&products)
            .ok_or_else(|| AppError::internal("cool names a missing product"))?;
        let before = mine.iter().find(|r| r.cool_id == cool.cool_id);
        let q = Quantities {
            weekly_planned_doses: None,
            packs: e.packs.get(),
            storage: req.storage.or(before.and_then(|b| b.storage)),
            needle_boxes: e.needle_boxes.map(Count::get),
            syringe_boxes: e.syringe_boxes.map(Count::get),
        };
        let first = mine.iter().map(|r| r.cool_number).min();
        let after = register::build(&app, &p, &site, cool, product, q, first, before);
        if !register::changed(before, &after) {
            continue;
        }
        if let Err(r) = plan_cool_writable(&cool.def, now) {
            // A closed cool keeps what it had; only asking for other
            // quantities is an error (a storage choice alone is ignored).
            let quantities = |r: Option<&RegistrationItem>| {
                r.map_or((0, 0, 0), |r| (r.packs, r.needle_boxes, r.syringe_boxes))
            };
            if quantities(before) == quantities(Some(&after)) {
                continue;
            }
            return Err(AppError::Conflict {
                code: vsys::error::codes::COOL_CONFIRMED,
                message: format!("{}（分配量確定済のクールは変更できません。）", r.message()),
                field: Some(field("packs")),
            });
        }
        changes.push((before, after));
    }
    let cools = coming(cools, vsys::domain::calendar::jst_date(now));
    if changes.is_empty() {
        return Ok(Json(plan_view(
            &app,
            &calendar.periods,
            &cools,
            &products,
            &mine,
            review.as_ref(),
        )));
    }
    // Every change goes back to the national office for review.
    let mut next_review = PlanReviewItem {
        pk: String::new(),
        sk: String::new(),
        gsi2pk: None,
        gsi2sk: None,
        site_id: site.id.clone(),
        site_name: site.name.clone(),
        pref: site.pref.clone(),
        muni: site.muni.clone(),
        state: ReviewState::Pending,
        changed_at: now,
        comment: None,
        reviewed_at: None,
        reviewed_by: None,
        version: review.as_ref().map_or(1, |r| r.version + 1),
    };
    next_review.set_keys();
    let mut tx = Tx::new();
    for (before, after) in &changes {
        register::write_in(&mut tx, *before, after)?;
    }
    tx.put_versioned(
        to_item(&next_review)?,
        review.as_ref().map_or(0, |r| r.version),
        register::stale(),
    );
    tx.audit(audit::record(
        &p.actor(),
        now,
        "plan_changed",
        &format!("plan:{}", site.id),
        Some(json!(changes
            .iter()
            .filter_map(|(b, _)| b.map(RegistrationItem::view))
            .collect::<Vec<_>>())),
        Some(json!(changes
            .iter()
            .map(|(_, a)| a.view())
            .collect::<Vec<_>>())),
    )?);
    tx.commit(&app).await?;
    tracing::info!(kind = "plan_changed", cools = changes.len(), "plan changed");
    let mut updated: Vec<RegistrationItem> = mine
        .iter()
        .filter(|r| !changes.iter().any(|(_, a)| a.cool_id == r.cool_id))
        .cloned()
        .collect();
    updated.extend(changes.into_iter().map(|(_, a)| a));
    Ok(Json(plan_view(
        &app,
        &calendar.periods,
        &cools,
        &products,
        &updated,
        Some(&next_review),
    )))
}

/// GET /plan-reviews — plans waiting for the national office, oldest change first.
pub async fn pending_reviews(State(app): State<App>, User(p): User) -> AppResult<Page<ReviewView>> {
    p.require_role(&[Role::National])?;
    let items = registrations::pending_reviews(&app).await?;
    Ok(Page::whole(
        items.iter().map(PlanReviewItem::view).collect(),
    ))
}

/// GET /plan-reviews/{site_id} — one site's review state and plan.
pub async fn review_detail(
    State(app): State<App>,
    User(p): User,
    Path(site_id): Path<String>,
) -> AppResult<Json<ReviewDetail>> {
    p.require_role(&[Role::National])?;
    let (review, mine, cools, products) = tokio::try_join!(
        registrations::review(&app, &site_id),
        registrations::of_site(&app, &site_id, Channel::Booster),
        supply::cools(&app),
        supply::products(&app),
    )?;
    let review = review.ok_or_else(AppError::not_found)?;
    let plan = mine
        .iter()
        .map(|r| {
            let product = cools
                .iter()
                .find(|c| c.cool_id == r.cool_id)
                .and_then(|c| c.product_in(&products));
            register::view(r, product)
        })
        .collect();
    Ok(Json(ReviewDetail {
        review: review.view(),
        plan,
    }))
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReviewResult {
    Confirmed,
    NeedsRevision,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewReq {
    result: ReviewResult,
    comment: Option<Text<500>>,
    /// The version of the review item the reviewer looked at.
    version: u64,
}

/// POST /plan-reviews/{site_id} — the national office answers a changed plan;
/// the site's accounts are mailed.
pub async fn review(
    State(app): State<App>,
    User(p): User,
    Path(site_id): Path<String>,
    Body(req): Body<ReviewReq>,
) -> AppResult<Json<ReviewView>> {
    p.require_role(&[Role::National])?;
    if req.result == ReviewResult::NeedsRevision && req.comment.is_none() {
        return Err(AppError::invalid(
            "comment",
            "要見直の場合は、見直してほしい点をコメントに入力してください。",
        ));
    }
    let before = registrations::review(&app, &site_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if before.version != req.version {
        return Err(AppError::from(codes::PLAN_CHANGED_SINCE));
    }
    if before.state != ReviewState::Pending {
        return Err(AppError::from(codes::ALREADY_REVIEWED));
    }
    let now = app.now();
    let mut after = before.clone();
    after.state = match req.result {
        ReviewResult::Confirmed => ReviewState::Confirmed,
        ReviewResult::NeedsRevision => ReviewState::NeedsRevision,
    };
    after.comment = req.comment.map(Text::into_string);
    after.reviewed_at = Some(now);
    after.reviewed_by = Some(p.vsys_id.clone());
    after.version += 1;
    after.set_keys();
    let queued = review_mails(&app, &after).await?;
    let mut tx = Tx::new();
    tx.put_versioned(
        to_item(&after)?,
        before.version,
        AppError::from(codes::PLAN_CHANGED_SINCE),
    )
    .audit(audit::record(
        &p.actor(),
        now,
        "plan_reviewed",
        &format!("plan:{site_id}"),
        Some(serde_json::json!(before.view())),
        Some(serde_json::json!(after.view())),
    )?);
    for q in &queued {
        tx.mail(q)?;
    }
    tx.commit(&app).await?;
    mail::deliver(&app, &queued).await;
    Ok(Json(after.view()))
}

/// The review result's mail to every active account of the site.
async fn review_mails(app: &App, r: &PlanReviewItem) -> AppResult<Vec<OutboxItem>> {
    let accounts = users::list(
        app,
        Some(&r.pref),
        Some(&r.muni),
        Some(&r.site_id),
        100,
        None,
    )
    .await?;
    accounts
        .items
        .iter()
        .filter(|u| u.status == vsys::domain::account::AccountStatus::Active)
        .map(|u| {
            let m = templates::plan_review_result(
                &r.site_name,
                r.state.label_ja(),
                r.comment.as_deref(),
                app.training(),
            );
            mail::queue(app, &u.email, m)
        })
        .collect()
}
