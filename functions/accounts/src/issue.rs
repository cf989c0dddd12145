//! Issuance by the national office: one account, or a CSV of many.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use vsys::accounts::{self, IssueInput, IssueOutcome, Issued};
use vsys::domain::org::Role;
use vsys::error::ErrorBody;
use vsys::http::{Body, Csv, Text, User};
use vsys::{App, AppResult};

/// Rows per upload: a bulk issuance must finish within one API request.
const MAX_ROWS: usize = 1000;
/// Accounts issued at once within an upload.
const CONCURRENCY: usize = 8;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueReq {
    role: Role,
    organisation_code: Text<20>,
    email: Text<254>,
    contact_name: Option<Text<50>>,
    phone: Option<Text<20>>,
    company: Option<Text<100>>,
    organisation_name: Option<Text<100>>,
    municipality_code: Option<Text<6>>,
    prefecture_code: Option<Text<2>>,
}

fn opt(t: Option<impl Into<String>>) -> Option<String> {
    t.map(Into::into)
}

/// POST /accounts
pub async fn issue_one(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<IssueReq>,
) -> AppResult<(StatusCode, Json<Issued>)> {
    p.require_role(&[Role::National])?;
    let input = IssueInput {
        role: Some(req.role),
        organisation_code: req.organisation_code.into_string(),
        email: req.email.into_string(),
        contact_name: opt(req.contact_name.map(Text::into_string)),
        phone: opt(req.phone.map(Text::into_string)),
        company: opt(req.company.map(Text::into_string)),
        organisation_name: opt(req.organisation_name.map(Text::into_string)),
        municipality_code: opt(req.municipality_code.map(Text::into_string)),
        prefecture_code: opt(req.prefecture_code.map(Text::into_string)),
    };
    let issued = accounts::issue(&app, &p.actor(), &input).await?;
    let status = if issued.outcome == IssueOutcome::Issued {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(issued)))
}

const COLUMNS: [&str; 9] = [
    "organisation_code",
    "role",
    "email",
    "contact_name",
    "phone",
    "company",
    "organisation_name",
    "municipality_code",
    "prefecture_code",
];

/// Reads the upload. Every row is checked before anything is written: one bad
/// row refuses the whole file, naming row and column.
fn parse_rows(csv: &Csv) -> AppResult<Vec<IssueInput>> {
    let mut rows = Vec::new();
    for row in csv.rows(&COLUMNS, &["organisation_code", "role", "email"], MAX_ROWS)? {
        let role_s = row.get("role").unwrap_or_default();
        let input = IssueInput {
            role: Role::parse(&role_s),
            organisation_code: row.get("organisation_code").unwrap_or_default(),
            email: row.get("email").unwrap_or_default(),
            contact_name: row.get("contact_name"),
            phone: row.get("phone"),
            company: row.get("company"),
            organisation_name: row.get("organisation_name"),
            municipality_code: row.get("municipality_code"),
            prefecture_code: row.get("prefecture_code"),
        };
        if let Err(e) = accounts::validate(&input) {
            let b = e.body();
            let field = b.field.unwrap_or_default();
            let msg = if field == "role" && !role_s.is_empty() {
                format!("役割「{role_s}」はありません。")
            } else {
                b.message
            };
            return Err(row.error(&field, &msg));
        }
        rows.push(input);
    }
    Ok(rows)
}

/// POST /accounts/bulk — `text/csv` with the columns `organisation_code,role,email`
/// (and optionally the other fields of a single issuance).
pub async fn issue_bulk(
    State(app): State<App>,
    User(p): User,
    csv: Csv,
) -> AppResult<Json<BulkIssued>> {
    p.require_role(&[Role::National])?;
    let rows = parse_rows(&csv)?;
    let actor = p.actor();
    let results: Vec<BulkRow> = stream::iter(rows.into_iter().enumerate())
        .map(|(i, row)| {
            let app = app.clone();
            let actor = actor.clone();
            async move {
                // Line 1 of the file is its header.
                let line = i + 2;
                match accounts::issue(&app, &actor, &row).await {
                    Ok(done) => BulkRow {
                        row: line,
                        outcome: RowOutcome::from(done.outcome),
                        vsys_id: Some(done.vsys_id),
                        organisation_id: Some(done.organisation_id),
                        error: None,
                    },
                    Err(e) => BulkRow {
                        row: line,
                        outcome: RowOutcome::Failed,
                        vsys_id: None,
                        organisation_id: None,
                        error: Some(e.body()),
                    },
                }
            }
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let count = |o: RowOutcome| results.iter().filter(|r| r.outcome == o).count();
    Ok(Json(BulkIssued {
        issued: count(RowOutcome::Issued),
        already_issued: count(RowOutcome::AlreadyIssued),
        failed: count(RowOutcome::Failed),
        rows: results,
    }))
}

#[derive(Debug, Serialize)]
pub struct BulkIssued {
    pub issued: usize,
    pub already_issued: usize,
    pub failed: usize,
    pub rows: Vec<BulkRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    Issued,
    AlreadyIssued,
    Failed,
}

impl From<IssueOutcome> for RowOutcome {
    fn from(o: IssueOutcome) -> RowOutcome {
        match o {
            IssueOutcome::Issued => RowOutcome::Issued,
            IssueOutcome::AlreadyIssued => RowOutcome::AlreadyIssued,
        }
    }
}

/// One line of the upload: its account, or why it could not be issued.
#[derive(Debug, Serialize)]
pub struct BulkRow {
    pub row: usize,
    pub outcome: RowOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vsys_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}
