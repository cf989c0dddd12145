//! Tables downloaded as CSV or Excel: every progress board exports the rows
//! its screen shows. CSV is UTF-8 with a byte-order mark, so that Excel on a
//! Japanese Windows PC opens it without garbling; the Excel file is one
//! sheet with a bold header row and numbers as numbers.

use crate::error::{AppError, AppResult};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

/// `?format=csv` or `?format=xlsx`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    pub format: Format,
}

pub enum Cell {
    Text(String),
    Number(u64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Number(n)
    }
}

/// One table: its sheet name, the file's (ASCII) base name, the header and
/// the rows.
pub struct Sheet {
    pub title: String,
    pub file: String,
    pub head: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

fn text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => n.to_string(),
    }
}

impl Sheet {
    pub fn csv(&self) -> AppResult<Vec<u8>> {
        let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
        w.write_record(&self.head).map_err(AppError::internal)?;
        for r in &self.rows {
            w.write_record(r.iter().map(text)).map_err(AppError::internal)?;
        }
        w.into_inner().map_err(|e| AppError::internal(e.to_string()))
    }

    pub fn xlsx(&self) -> AppResult<Vec<u8>> {
        use rust_xlsxwriter::{Format as XFormat, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        // Excel's sheet names: at most 31 characters, none of []:*?/\.
        let name: String = self
            .title
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(&name).map_err(AppError::internal)?;
        let bold = XFormat::new().set_bold();
        for (col, h) in self.head.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, *h, &bold)
                .map_err(AppError::internal)?;
        }
        for (i, r) in self.rows.iter().enumerate() {
            let row = i as u32 + 1;
            for (col, c) in r.iter().enumerate() {
                match c {
                    Cell::Text(s) => sheet.write_string(row, col as u16, s),
                    Cell::Number(n) => sheet.write_number(row, col as u16, *n as f64),
                }
                .map_err(AppError::internal)?;
            }
        }
        sheet.autofit();
        book.save_to_buffer().map_err(AppError::internal)
    }

    /// The download in `format`.
    pub fn answer(&self, format: Format) -> AppResult<Response> {
        let (bytes, mime, ext) = match format {
            Format::Csv => (self.csv()?, "text/csv; charset=utf-8", "csv"),
            Format::Xlsx => (
                self.xlsx()?,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
        };
        let disposition = format!("attachment; filename=\"{}.{ext}\"", self.file);
        Ok((
            [
                (header::CONTENT_TYPE, mime.to_string()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            bytes,
        )
            .into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            title: "都道府県別の分配量".into(),
            file: "allocation".into(),
            head: vec!["都道府県", "ワクチン"],
            rows: vec![vec!["北海道".into(), 179u64.into()], vec!["東京都, \"区部\"".into(), 62u64.into()]],
        }
    }

    #[test]
    fn csv_has_a_bom_and_quotes_what_needs_quoting() {
        let b = sheet().csv().unwrap();
        assert_eq!(&b[..3], &[0xEF, 0xBB, 0xBF]);
        let t = String::from_utf8(b[3..].to_vec()).unwrap();
        assert_eq!(t, "都道府県,ワクチン\n北海道,179\n\"東京都, \"\"区部\"\"\",62\n");
    }

    #[test]
    fn xlsx_is_a_zip_package() {
        let b = sheet().xlsx().unwrap();
        assert_eq!(&b[..2], b"PK");
    }
}
