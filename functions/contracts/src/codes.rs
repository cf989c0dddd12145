//! The facility code master (保険医療機関コード and 介護保険事業所番号, as the
//! contract system knows them). A delegation can only be made for a code
//! found here; codes the service desk assigns are added on assignment.

use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use vsys::domain::account::check_phone;
use vsys::domain::facility::{check_facility_code, check_postal_code};
use vsys::domain::org::Role;
use vsys::http::{Body, Text, User};
use vsys::store::contracts::{code_pk, CodeItem, CodeKind};
use vsys::store::{audit, get, orgs, put, to_item, transact};
use vsys::{App, AppError, AppResult};

pub fn code_view(c: &CodeItem) -> Value {
    json!({
        "code": c.code,
        "kind": c.kind,
        "kind_label": match c.kind {
            CodeKind::Medical => "保険医療機関コード",
            CodeKind::Care => "介護保険事業所番号",
        },
        "name": c.name,
        "postal_code": c.postal_code,
        "prefecture_code": c.pref,
        "municipality_code": c.muni,
        "address": c.address,
        "phone": c.phone,
        "application_id": c.application_id,
    })
}

fn checked(code: &str) -> AppResult<()> {
    check_facility_code(code).map_err(|m| AppError::invalid("code", m))
}

/// GET /facility-codes/{code} — 「コードを入力して検索」: hit or not.
pub async fn lookup(
    State(app): State<App>,
    User(_): User,
    Path(code): Path<String>,
) -> AppResult<Json<Value>> {
    checked(&code)?;
    let c: CodeItem = get(&app, &code_pk(&code), "CODE")
        .await?
        .ok_or_else(|| AppError::NotFound {
            message: "このコードはマスタにありません。既存のコードがない場合は、都道府県を経由して新規コード付番を申請してください。".into(),
        })?;
    Ok(Json(code_view(&c)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeReq {
    kind: CodeKind,
    name: Text<100>,
    postal_code: Text<8>,
    municipality_code: Text<6>,
    address: Text<200>,
    phone: Option<Text<20>>,
}

/// PUT /facility-codes/{code} — the national office keeps the master.
pub async fn put_code(
    State(app): State<App>,
    User(p): User,
    Path(code): Path<String>,
    Body(req): Body<CodeReq>,
) -> AppResult<Json<Value>> {
    p.require_role(&[Role::National])?;
    checked(&code)?;
    check_postal_code(&req.postal_code).map_err(|m| AppError::invalid("postal_code", m))?;
    if let Some(ph) = &req.phone {
        check_phone(ph).map_err(|m| AppError::invalid("phone", m))?;
    }
    let muni = orgs::municipality(&app, &req.municipality_code, "municipality_code").await?;
    let before: Option<CodeItem> = get(&app, &code_pk(&code), "CODE").await?;
    let now = app.now();
    let mut item = CodeItem {
        pk: String::new(),
        sk: String::new(),
        code: code.clone(),
        kind: req.kind,
        name: req.name.into_string(),
        postal_code: req.postal_code.into_string(),
        pref: muni.pref.clone().unwrap_or_default(),
        muni: req.municipality_code.into_string(),
        address: req.address.into_string(),
        phone: req.phone.map(Text::into_string),
        application_id: before.as_ref().and_then(|b| b.application_id.clone()),
        added_at: before.as_ref().map_or(now, |b| b.added_at),
    };
    item.set_keys();
    let steps = vec![
        put(to_item(&item)?)?,
        audit::record(
            &p.actor(),
            now,
            "facility_code_saved",
            &format!("code:{code}"),
            before.as_ref().map(code_view),
            Some(code_view(&item)),
        )?,
    ];
    transact(&app, steps, |_| AppError::internal("unconditional")).await?;
    Ok(Json(code_view(&item)))
}
