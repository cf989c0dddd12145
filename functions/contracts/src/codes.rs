//! The facility code master (保険医療機関コード and 介護保険事業所番号, as the
//! contract system knows them). A delegation can only be made for a code
//! found here; codes the service desk assigns are added on assignment.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::domain::account::check_phone;
use vsys::domain::facility::{check_facility_code, check_postal_code};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{csv_row_error, Body, Csv, Text, User};
use vsys::store::contracts::{code_key, CodeItem, CodeKind};
use vsys::store::orgs::OrgItem;
use vsys::store::{audit, orgs, to_item, Batch, Tx, TRANSACT_LIMIT};
use vsys::{App, AppError, AppResult};

/// A code-master entry as the lookup and the office show it.
#[derive(Debug, PartialEq, Serialize)]
pub struct CodeView {
    pub code: String,
    pub kind: CodeKind,
    pub kind_label: &'static str,
    pub name: String,
    pub postal_code: String,
    pub prefecture_code: String,
    pub municipality_code: String,
    pub address: String,
    pub phone: Option<String>,
    pub application_id: Option<String>,
}

pub fn code_view(c: &CodeItem) -> CodeView {
    CodeView {
        code: c.code.clone(),
        kind: c.kind,
        kind_label: match c.kind {
            CodeKind::Medical => "保険医療機関コード",
            CodeKind::Care => "介護保険事業所番号",
        },
        name: c.name.clone(),
        postal_code: c.postal_code.clone(),
        prefecture_code: c.pref.clone(),
        municipality_code: c.muni.clone(),
        address: c.address.clone(),
        phone: c.phone.clone(),
        application_id: c.application_id.clone(),
    }
}

/// What an import did, row by row counted.
#[derive(Debug, Serialize)]
pub struct Imported {
    pub rows: usize,
    pub added: u64,
    pub changed: u64,
    pub unchanged: u64,
}

fn checked(code: &str) -> AppResult<()> {
    check_facility_code(code).map_err(|m| AppError::invalid("code", m))
}

/// GET /facility-codes/{code} — 「コードを入力して検索」: hit or not.
pub async fn lookup(
    State(app): State<App>,
    User(_): User,
    Path(code): Path<String>,
) -> AppResult<Json<CodeView>> {
    checked(&code)?;
    let c: CodeItem = vsys::store::contracts::code(&app, &code)
        .await?
        .ok_or_else(|| AppError::NotFound {
            message: "このコードはマスタにありません。既存のコードがない場合は、都道府県を経由して新規コード付番を申請してください。".into(),
            field: None,
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

/// What the national office states about a code, by hand or by import.
struct CodeFields {
    kind: CodeKind,
    name: String,
    postal_code: String,
    muni: String,
    address: String,
    phone: Option<String>,
}

/// The master entry for `code` as `fields` state it; what the master keeps
/// of its own (the application it was assigned for, when it was added)
/// carries over from the entry `before`.
fn entry(
    code: &str,
    fields: &CodeFields,
    pref: String,
    before: Option<&CodeItem>,
    now: chrono::DateTime<chrono::Utc>,
) -> CodeItem {
    let mut item = CodeItem {
        pk: String::new(),
        sk: String::new(),
        code: code.to_string(),
        kind: fields.kind,
        name: fields.name.clone(),
        postal_code: fields.postal_code.clone(),
        pref,
        muni: fields.muni.clone(),
        address: fields.address.clone(),
        phone: fields.phone.clone(),
        application_id: before.and_then(|b| b.application_id.clone()),
        added_at: before.map_or(now, |b| b.added_at),
        version: before.map_or(1, |b| b.version + 1),
    };
    item.set_keys();
    item
}

fn changed_meanwhile() -> AppError {
    AppError::from(codes::CHANGED_MEANWHILE)
}

/// PUT /facility-codes/{code} — the national office keeps the master.
pub async fn put_code(
    State(app): State<App>,
    User(p): User,
    Path(code): Path<String>,
    Body(req): Body<CodeReq>,
) -> AppResult<Json<CodeView>> {
    p.require_role(&[Role::National])?;
    checked(&code)?;
    check_postal_code(&req.postal_code).map_err(|m| AppError::invalid("postal_code", m))?;
    if let Some(ph) = &req.phone {
        check_phone(ph).map_err(|m| AppError::invalid("phone", m))?;
    }
    let muni = orgs::municipality(&app, &req.municipality_code, "municipality_code").await?;
    let before: Option<CodeItem> = vsys::store::contracts::code(&app, &code).await?;
    let now = app.now();
    let fields = CodeFields {
        kind: req.kind,
        name: req.name.into_string(),
        postal_code: req.postal_code.into_string(),
        muni: req.municipality_code.into_string(),
        address: req.address.into_string(),
        phone: req.phone.map(Text::into_string),
    };
    let item = entry(
        &code,
        &fields,
        muni.pref.clone().unwrap_or_default(),
        before.as_ref(),
        now,
    );
    let mut tx = Tx::new();
    tx.put_versioned(
        to_item(&item)?,
        before.as_ref().map_or(0, |b| b.version),
        changed_meanwhile(),
    )
    .audit(audit::record(
        &p.actor(),
        now,
        "facility_code_saved",
        &format!("code:{code}"),
        before.as_ref().map(|b| json!(code_view(b))),
        Some(json!(code_view(&item))),
    )?);
    tx.commit(&app).await?;
    Ok(Json(code_view(&item)))
}

/// Rows per upload: an import must finish within one API request.
const MAX_IMPORT_ROWS: usize = 5_000;

const IMPORT_COLUMNS: [&str; 7] = [
    "code",
    "kind",
    "name",
    "postal_code",
    "municipality_code",
    "address",
    "phone",
];

/// One row of an import, checked.
struct ImportRow {
    line: usize,
    code: String,
    fields: CodeFields,
}

fn import_rows(csv: &Csv) -> AppResult<Vec<ImportRow>> {
    let mut out: Vec<ImportRow> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let rows = csv.rows(&IMPORT_COLUMNS, &IMPORT_COLUMNS[..6], MAX_IMPORT_ROWS)?;
    for row in rows {
        let v = |c: &str| row.get(c).unwrap_or_default();
        let code = v("code");
        check_facility_code(&code).map_err(|m| row.error("code", m))?;
        if let Some(first) = seen.insert(code.clone(), row.line) {
            return Err(row.error("code", &format!("コード{code}は{first}行目にもあります。")));
        }
        let kind =
            match v("kind").as_str() {
                "medical" | "保険医療機関コード" => CodeKind::Medical,
                "care" | "介護保険事業所番号" => CodeKind::Care,
                _ => return Err(row.error(
                    "kind",
                    "種別は medical（保険医療機関コード）または care（介護保険事業所番号）です。",
                )),
            };
        let text = |c: &str, max: usize, label: &str| -> AppResult<String> {
            let t = v(c);
            if t.is_empty() || t.chars().count() > max {
                return Err(row.error(c, &format!("{label}は1〜{max}文字で入力してください。")));
            }
            Ok(t)
        };
        let name = text("name", 100, "名称")?;
        let address = text("address", 200, "所在地")?;
        let postal_code = v("postal_code");
        check_postal_code(&postal_code).map_err(|m| row.error("postal_code", m))?;
        let muni = v("municipality_code");
        Role::Municipality
            .check_code(&muni)
            .map_err(|m| row.error("municipality_code", m))?;
        let phone = row.get("phone");
        if let Some(ph) = &phone {
            check_phone(ph).map_err(|m| row.error("phone", m))?;
        }
        out.push(ImportRow {
            line: row.line,
            code,
            fields: CodeFields {
                kind,
                name,
                postal_code,
                muni,
                address,
                phone,
            },
        });
    }
    Ok(out)
}

/// POST /facility-codes/import — the national office loads the code master
/// from a CSV (`code,kind,name,postal_code,municipality_code,address[,phone]`).
/// Every row is checked, municipalities included, before anything is
/// written; rows equal to the stored entry are skipped, so uploading a file
/// again changes nothing and completes an import that was interrupted. Each
/// added or changed entry gets its audit record.
pub async fn import(State(app): State<App>, User(p): User, csv: Csv) -> AppResult<Json<Imported>> {
    p.require_role(&[Role::National])?;
    let rows = import_rows(&csv)?;

    // The municipalities named, each read once (1,741 at most).
    let mut munis: Vec<&str> = rows.iter().map(|r| r.fields.muni.as_str()).collect();
    munis.sort_unstable();
    munis.dedup();
    let mut pref_of = std::collections::HashMap::new();
    for chunk in munis.chunks(100) {
        let mut batch = Batch::new();
        let slots: Vec<_> = chunk
            .iter()
            .map(|m| batch.add::<OrgItem>(orgs::key(&Role::Municipality.org_id(m))))
            .collect();
        let mut got = batch.read(&app).await?;
        for (m, slot) in chunk.iter().zip(slots) {
            if let Some(o) = got.take(slot)? {
                pref_of.insert(m.to_string(), o.pref.unwrap_or_default());
            }
        }
    }
    if let Some(r) = rows.iter().find(|r| !pref_of.contains_key(&r.fields.muni)) {
        return Err(csv_row_error(
            r.line,
            "municipality_code",
            &format!(
                "市区町村コード{}はマスタに登録されていません。",
                r.fields.muni
            ),
        ));
    }

    let now = app.now();
    let actor = p.actor();
    let (mut added, mut changed, mut unchanged) = (0u64, 0u64, 0u64);
    // Each entry and its audit record are written together, on the version
    // read: a change never lands without its record, nor over a change
    // made meanwhile.
    let mut pairs = Vec::new();
    for chunk in rows.chunks(100) {
        let mut batch = Batch::new();
        let slots: Vec<_> = chunk
            .iter()
            .map(|r| batch.add::<CodeItem>(code_key(&r.code)))
            .collect();
        let mut got = batch.read(&app).await?;
        for (r, slot) in chunk.iter().zip(slots) {
            let before = got.take(slot)?;
            let pref = pref_of[&r.fields.muni].clone();
            let next = entry(&r.code, &r.fields, pref, before.as_ref(), now);
            let before_view = before.as_ref().map(code_view);
            let after_view = code_view(&next);
            match &before_view {
                Some(b) if *b == after_view => {
                    unchanged += 1;
                    continue;
                }
                Some(_) => changed += 1,
                None => added += 1,
            }
            pairs.push((
                to_item(&next)?,
                before.as_ref().map_or(0, |b| b.version),
                audit::record(
                    &actor,
                    now,
                    "facility_code_imported",
                    &format!("code:{}", r.code),
                    before_view.map(|b| json!(b)),
                    Some(json!(after_view)),
                )?,
            ));
        }
    }
    // As many pairs a transaction as DynamoDB takes. Should one fail, what
    // landed before stays (each pair whole) and uploading the file again
    // completes the rest: unchanged rows are skipped.
    let mut pairs = pairs.into_iter().peekable();
    while pairs.peek().is_some() {
        let mut tx = Tx::new();
        for (entry, version, record) in pairs.by_ref().take(TRANSACT_LIMIT / 2) {
            tx.put_versioned(entry, version, changed_meanwhile())
                .audit(record);
        }
        tx.commit(&app).await?;
    }
    Ok(Json(Imported {
        rows: rows.len(),
        added,
        changed,
        unchanged,
    }))
}
