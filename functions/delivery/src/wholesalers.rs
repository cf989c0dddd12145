//! The wholesaler master: the nation lists and keeps each wholesaler's
//! name and delivery area (prefectures and municipalities); a wholesaler
//! reads its own.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use vsys::domain::delivery::{area_name, check_areas};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{Body, Page, Text, User};
use vsys::store::wholesalers::{self, WholesalerItem};
use vsys::store::{audit, to_item, Tx};
use vsys::{App, AppError, AppResult};

#[derive(Debug, Serialize)]
pub struct WholesalerView {
    pub code: String,
    pub name: String,
    pub areas: Vec<AreaView>,
    pub updated_at: String,
    pub version: u64,
}

#[derive(Debug, Serialize)]
pub struct AreaView {
    pub code: String,
    pub name: String,
}

fn view(w: &WholesalerItem) -> WholesalerView {
    WholesalerView {
        code: w.code.clone(),
        name: w.name.clone(),
        areas: w
            .areas
            .iter()
            .map(|a| AreaView {
                code: a.clone(),
                name: area_name(a).unwrap_or_default(),
            })
            .collect(),
        updated_at: vsys::clock::to_jst_string(w.updated_at),
        version: w.version,
    }
}

/// GET /wholesalers — the master (national office).
pub async fn list(State(app): State<App>, User(p): User) -> AppResult<Page<WholesalerView>> {
    p.require_role(&[Role::National])?;
    let all = wholesalers::all(&app).await?;
    Ok(Page::whole(all.iter().map(view).collect()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutReq {
    name: Text<100>,
    /// Prefecture (2 digits) and municipality (6 digits) codes.
    areas: Vec<String>,
    /// The version read (0 for a new wholesaler).
    version: u64,
}

/// PUT /wholesalers/{code} — adds or changes a wholesaler (national office).
pub async fn put(
    State(app): State<App>,
    User(p): User,
    Path(code): Path<String>,
    Body(req): Body<PutReq>,
) -> AppResult<Json<WholesalerView>> {
    p.require_role(&[Role::National])?;
    Role::Wholesaler
        .check_code(&code)
        .map_err(|m| AppError::invalid("code", m))?;
    if req.name.as_str().trim().is_empty() {
        return Err(AppError::invalid("name", "卸業者名を入力してください。"));
    }
    if req.areas.len() > 2_000 {
        return Err(AppError::invalid("areas", "配送エリアは2,000件までです。"));
    }
    check_areas(&req.areas).map_err(|(i, m)| AppError::invalid(&format!("areas[{i}]"), m))?;
    let before = wholesalers::find(&app, &code).await?;
    if req.version != before.as_ref().map_or(0, |b| b.version) {
        return Err(AppError::from(codes::STALE_VERSION));
    }
    let now = app.now();
    let after = WholesalerItem::new(
        &code,
        req.name.as_str().trim(),
        req.areas,
        now,
        &p.vsys_id,
        req.version + 1,
    );
    let mut tx = Tx::new();
    tx.put_versioned(to_item(&after)?, req.version, AppError::from(codes::STALE_VERSION));
    tx.audit(audit::record(
        &p.actor(),
        now,
        if before.is_some() { "wholesaler_changed" } else { "wholesaler_added" },
        &format!("wholesaler:{code}"),
        before.as_ref().map(|b| serde_json::json!({"name": b.name, "areas": b.areas})),
        Some(serde_json::json!({"name": after.name, "areas": after.areas})),
    )?);
    tx.commit(&app).await?;
    Ok(Json(view(&after)))
}

/// GET /wholesaler — the caller wholesaler's own entry (its delivery area).
pub async fn own(State(app): State<App>, User(p): User) -> AppResult<Json<WholesalerView>> {
    p.require_role(&[Role::Wholesaler])?;
    let code = p.org_id.strip_prefix("whs-").unwrap_or(&p.org_id);
    let w = wholesalers::find(&app, code)
        .await?
        .ok_or_else(|| AppError::NotFound {
            message: "卸マスタに登録されていません。国（厚生労働省）に配送エリアの登録を依頼してください。".into(),
            field: None,
        })?;
    Ok(Json(view(&w)))
}
