//! POST /screening-forms — a venue uploads the list of medical workers it
//! vaccinates (CSV: 氏名, フリガナ, 生年月日, 性別, 住所, 勤務先) and gets one
//! PDF with a pre-filled screening form (予診票) per worker. Every bad row
//! is named and nothing is printed; the list is never stored (the PDF goes
//! straight back), and the audit keeps how many forms were printed, not
//! for whom.

use crate::pdf::{download, render, Venue, Worker};
use axum::extract::State;
use axum::response::Response;
use serde_json::json;
use vsys::domain::calendar::jst_date;
use vsys::domain::org::Role;
use vsys::domain::resident::{age_on, check_kana, parse_birth_date, Sex};
use vsys::error::RowProblem;
use vsys::http::{Csv, User};
use vsys::store::{audit, orgs, Tx};
use vsys::{App, AppError, AppResult};

pub const COLUMNS: [&str; 6] = ["氏名", "フリガナ", "生年月日", "性別", "住所", "勤務先"];
/// A venue's list at a time (the PDF must stay within a response).
pub const MAX_ROWS: usize = 500;

/// The longest each column may be (what the form has room for).
fn max_len(column: &str) -> usize {
    match column {
        "住所" => 80,
        "勤務先" => 50,
        _ => 40,
    }
}

pub async fn print(State(app): State<App>, User(p): User, csv: Csv) -> AppResult<Response> {
    p.require_role(&[Role::Site, Role::Workplace])?;
    let rows = csv.rows(&COLUMNS, &COLUMNS, MAX_ROWS)?;
    let today = jst_date(app.now());
    let mut problems = Vec::new();
    let mut workers = Vec::new();
    for row in &rows {
        let mut bad = |field: &str, message: String| problems.push(RowProblem { line: row.line, field: field.into(), message });
        let mut cell = |column: &str| -> Option<String> {
            let v = row.get(column);
            match &v {
                None => bad(column, format!("{column}を入力してください。")),
                Some(s) if s.chars().count() > max_len(column) => bad(column, format!("{column}は{}文字以内で入力してください。", max_len(column))),
                Some(s) if s.chars().any(char::is_control) => bad(column, "改行や制御文字は使えません。".into()),
                Some(_) => return v,
            }
            None
        };
        let (name, kana, birth, sex, address, employer) = (cell("氏名"), cell("フリガナ"), cell("生年月日"), cell("性別"), cell("住所"), cell("勤務先"));
        let mut bad = |field: &str, message: &str| problems.push(RowProblem { line: row.line, field: field.into(), message: message.into() });
        let kana = kana.filter(|k| check_kana(k).map_err(|m| bad("フリガナ", m)).is_ok());
        let birth = birth.and_then(|b| parse_birth_date(&b, today).map_err(|m| bad("生年月日", m)).ok());
        let sex = sex.and_then(|s| Sex::parse(&s).map_err(|m| bad("性別", m)).ok());
        if let (Some(name), Some(kana), Some(birth), Some(sex), Some(address), Some(employer)) = (name, kana, birth, sex, address, employer) {
            workers.push(Worker { age: age_on(birth, today), name, kana, birth, sex, address, employer });
        }
    }
    if !problems.is_empty() {
        return Err(AppError::rows(problems));
    }
    let org = orgs::find(&app, &p.org_id).await?.ok_or_else(AppError::forbidden)?;
    let venue = Venue { name: org.name.clone(), code: org.code.clone() };
    let pdf = render(&venue, &workers).map_err(AppError::internal)?;
    let mut tx = Tx::new();
    tx.audit(audit::record(&p.actor(), app.now(), "screening_forms_printed", &format!("org:{}", p.org_id), None, Some(json!({"forms": workers.len()})))?);
    tx.commit(&app).await?;
    Ok(download(&format!("yoshinhyo-{}.pdf", today.format("%Y%m%d")), pdf))
}
