//! Input: JSON bodies whose every error names its field, bounded strings,
//! query strings and CSV uploads.

use crate::error::codes;
use crate::error::AppError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use bytes::Bytes;
use http::request::Parts;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// Largest JSON body accepted.
pub const JSON_LIMIT: usize = 256 * 1024;
/// Largest CSV upload accepted (a bulk issuance of a few thousand rows).
pub const CSV_LIMIT: usize = 4 * 1024 * 1024;

/// Turns a serde error at `path` into the one error shape, in Japanese.
fn describe(path: &str, raw: &str) -> AppError {
    // serde_json appends " at line L column C"; the user needs neither.
    let msg = raw.rfind(" at line ").map(|i| &raw[..i]).unwrap_or(raw);
    let quoted = |prefix: &str| -> Option<String> {
        let rest = msg.strip_prefix(prefix)?;
        let start = rest.find('`')? + 1;
        let end = rest[start..].find('`')? + start;
        Some(rest[start..end].to_string())
    };
    let join = |name: &str| -> String {
        if path.is_empty() || path == "." {
            name.to_string()
        } else if path.ends_with(name) {
            path.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(f) = quoted("missing field ") {
        return AppError::invalid(&join(&f), "必須項目が入力されていません。");
    }
    if let Some(f) = quoted("unknown field ") {
        return AppError::invalid(&join(&f), "受け付けない項目が含まれています。");
    }
    let field = if path.is_empty() || path == "." {
        None
    } else {
        Some(path)
    };
    let message = if msg.starts_with("invalid type")
        || msg.starts_with("invalid value")
        || msg.starts_with("invalid length")
    {
        "値の型または形式が正しくありません。".to_string()
    } else if msg.starts_with("unknown variant") {
        "選択肢にない値です。".to_string()
    } else if msg.is_ascii() {
        // Another serde message of the library, not one of ours.
        "値が正しくありません。".to_string()
    } else {
        // Our own validators speak Japanese already.
        msg.to_string()
    };
    AppError::Invalid {
        code: crate::error::codes::INVALID_INPUT,
        message,
        field: field.map(str::to_string),
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(codes::INVALID_JSON.with("リクエスト本文（JSON）がありません。"));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => Ok(v),
        Err(e) => {
            use serde_json::error::Category;
            match e.inner().classify() {
                Category::Syntax | Category::Eof | Category::Io => {
                    Err(codes::INVALID_JSON.with("リクエスト本文がJSONとして正しくありません。"))
                }
                Category::Data => Err(describe(&e.path().to_string(), &e.inner().to_string())),
            }
        }
    }
}

async fn read_limited(req: Request, limit: usize) -> Result<Bytes, AppError> {
    axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| {
            codes::BODY_TOO_LARGE.with(format!(
                "リクエスト本文が大きすぎます（上限 {} KB）。",
                limit / 1024
            ))
        })
}

/// A JSON request body. Unknown fields, wrong types, missing and over-long
/// values are refused with 400 naming the field.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_limited(req, JSON_LIMIT).await?;
        parse_json(&bytes).map(Body)
    }
}

/// A CSV upload (UTF-8, with or without BOM).
pub struct Csv(pub String);

impl<S: Send + Sync> FromRequest<S> for Csv {
    type Rejection = AppError;
    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_limited(req, CSV_LIMIT).await?;
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| codes::INVALID_CSV.with("CSVはUTF-8で保存してください。"))?;
        Ok(Csv(text.trim_start_matches('\u{feff}').to_string()))
    }
}

/// One data row of a CSV upload: its line in the file (the header is line
/// 1) and its values by column; an empty cell is absent.
pub struct CsvRow {
    pub line: usize,
    values: Vec<(String, String)>,
}

impl CsvRow {
    pub fn get(&self, column: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(c, v)| c == column && !v.is_empty())
            .map(|(_, v)| v.clone())
    }

    /// The refusal of the whole upload for this row's `column`.
    pub fn error(&self, column: &str, message: &str) -> AppError {
        csv_row_error(self.line, column, message)
    }
}

/// The refusal of a whole upload for line `line`, column `column` (also for
/// checks made after the rows were read, such as against master data).
pub fn csv_row_error(line: usize, column: &str, message: &str) -> AppError {
    AppError::Invalid {
        code: crate::error::codes::INVALID_CSV_ROW,
        message: format!("{line}行目（{column}）: {message}"),
        field: Some(column.to_string()),
    }
}

impl Csv {
    /// The data rows, after checking the header against `columns` (each
    /// known; every `required` one present), the shape of every row and
    /// their number (1 to `max_rows`). Nothing is written before an upload
    /// has been read whole, so one bad row refuses the file.
    pub fn rows(
        &self,
        columns: &[&str],
        required: &[&str],
        max_rows: usize,
    ) -> Result<Vec<CsvRow>, AppError> {
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(false)
            .from_reader(self.0.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|_| codes::INVALID_CSV.with("CSVの見出し行が読めません。"))?
            .clone();
        for h in headers.iter() {
            if !columns.contains(&h) {
                return Err(codes::INVALID_CSV
                    .with(format!(
                        "不明な列「{h}」があります。使える列: {}",
                        columns.join(", ")
                    ))
                    .at(h));
            }
        }
        for r in required {
            if !headers.iter().any(|h| h == *r) {
                return Err(codes::INVALID_CSV
                    .with(format!("必須の列「{r}」がありません。"))
                    .at(r));
            }
        }
        let mut rows = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = rec.map_err(|_| {
                codes::INVALID_CSV.with(format!("{line}行目: 列の数が見出しと合いません。"))
            })?;
            if rows.len() >= max_rows {
                return Err(codes::TOO_MANY_ROWS.with(format!(
                    "1回にアップロードできるのは{max_rows}行までです。ファイルを分けてください。"
                )));
            }
            rows.push(CsvRow {
                line,
                values: headers
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect(),
            });
        }
        if rows.is_empty() {
            return Err(codes::INVALID_CSV.with("CSVにデータ行がありません。"));
        }
        Ok(rows)
    }
}

/// Query-string parameters, with the same field-named errors as bodies.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(q.as_bytes()));
        serde_path_to_error::deserialize::<_, T>(de)
            .map(QueryParams)
            .map_err(|e| describe(&e.path().to_string(), &e.inner().to_string()))
    }
}

/// A trimmed, non-empty string of at most `MAX` characters without control
/// characters. Its errors are in Japanese and name the field they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text<const MAX: usize>(pub String);

impl<const MAX: usize> Text<MAX> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> std::ops::Deref for Text<MAX> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de, const MAX: usize> Deserialize<'de> for Text<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let s = String::deserialize(d)?;
        let t = s.trim();
        if t.is_empty() {
            return Err(D::Error::custom("入力してください。"));
        }
        let n = t.chars().count();
        if n > MAX {
            return Err(D::Error::custom(format!(
                "{MAX}文字以内で入力してください（{n}文字）。"
            )));
        }
        if t.chars().any(char::is_control) {
            return Err(D::Error::custom("改行や制御文字は使えません。"));
        }
        Ok(Text(t.to_string()))
    }
}

/// A trimmed, non-empty text of at most `MAX` characters that may run over
/// several lines (a notice, an inquiry, an answer): line ends become `\n`,
/// tabs are kept, other control characters are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Prose<const MAX: usize>(pub String);

impl<const MAX: usize> Prose<MAX> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

impl<'de, const MAX: usize> Deserialize<'de> for Prose<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let s = String::deserialize(d)?.replace("\r\n", "\n").replace('\r', "\n");
        let t = s.trim();
        if t.is_empty() {
            return Err(D::Error::custom("入力してください。"));
        }
        let n = t.chars().count();
        if n > MAX {
            return Err(D::Error::custom(format!("{MAX}文字以内で入力してください（{n}文字）。")));
        }
        if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(D::Error::custom("制御文字は使えません。"));
        }
        Ok(Prose(t.to_string()))
    }
}

/// A whole number from 0 to `MAX` (quantities: doses, packs, boxes). Negative,
/// fractional and absurd values are refused in Japanese, naming the field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Count<const MAX: u64>(pub u64);

impl<const MAX: u64> Count<MAX> {
    pub fn get(self) -> u64 {
        self.0
    }
}

impl<'de, const MAX: u64> Deserialize<'de> for Count<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Number::deserialize(d)
            .map_err(|_| D::Error::custom(format!("0以上{MAX}以下の整数で入力してください。")))?;
        match v.as_u64() {
            Some(n) if n <= MAX => Ok(Count(n)),
            Some(_) => Err(D::Error::custom(format!(
                "{MAX}以下の数を入力してください。"
            ))),
            None => Err(D::Error::custom(format!(
                "0以上{MAX}以下の整数で入力してください。"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Req {
        email: Text<10>,
        count: u32,
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        name: Text<3>,
    }

    fn field_of(json: &str) -> (Option<String>, String) {
        let e = parse_json::<Req>(json.as_bytes()).unwrap_err();
        let b = e.body();
        (b.field, b.message)
    }

    #[test]
    fn every_error_names_its_field() {
        assert_eq!(field_of(r#"{"count":1}"#).0.as_deref(), Some("email"));
        assert_eq!(
            field_of(r#"{"email":"a","count":"x"}"#).0.as_deref(),
            Some("count")
        );
        assert_eq!(
            field_of(r#"{"email":"a","count":1,"extra":2}"#)
                .0
                .as_deref(),
            Some("extra")
        );
        let (f, m) = field_of(r#"{"email":"abcdefghijk","count":1}"#);
        assert_eq!(f.as_deref(), Some("email"));
        assert!(m.contains("10文字以内"), "{m}");
        assert_eq!(
            field_of(r#"{"email":"a","count":1,"inner":{"name":"abcd"}}"#)
                .0
                .as_deref(),
            Some("inner.name")
        );
        assert_eq!(
            field_of(r#"{"email":"a","count":-1}"#).0.as_deref(),
            Some("count")
        );
        assert_eq!(
            field_of(r#"{"email":"  ","count":1}"#).1,
            "入力してください。"
        );
        assert_eq!(
            parse_json::<Req>(b"{").unwrap_err().body().error,
            "invalid_json"
        );
    }

    #[test]
    fn counts_refuse_negative_fractional_and_absurd_values() {
        #[derive(Debug, Deserialize)]
        struct Q {
            #[allow(dead_code)]
            packs: Count<100>,
        }
        let msg = |j: &str| parse_json::<Q>(j.as_bytes()).unwrap_err().body();
        assert_eq!(
            parse_json::<Q>(br#"{"packs":100}"#).unwrap().packs,
            Count(100)
        );
        for bad in [r#"{"packs":-1}"#, r#"{"packs":1.5}"#, r#"{"packs":"3"}"#] {
            let b = msg(bad);
            assert_eq!(b.field.as_deref(), Some("packs"), "{bad}");
            assert_eq!(b.message, "0以上100以下の整数で入力してください。", "{bad}");
        }
        assert_eq!(
            msg(r#"{"packs":101}"#).message,
            "100以下の数を入力してください。"
        );
    }

    #[test]
    fn prose_keeps_its_lines_and_refuses_other_control_characters() {
        #[derive(Debug, Deserialize)]
        struct Q {
            body: Prose<10>,
        }
        let ok = parse_json::<Q>("{\"body\":\" 一行目\\r\\n二行目 \"}".as_bytes()).unwrap();
        assert_eq!(ok.body.as_str(), "一行目\n二行目");
        let bad = parse_json::<Q>(br#"{"body":"a\u0007b"}"#).unwrap_err().body();
        assert_eq!(bad.field.as_deref(), Some("body"));
        let long = parse_json::<Q>("{\"body\":\"あいうえおかきくけこさ\"}".as_bytes()).unwrap_err().body();
        assert_eq!(long.message, "10文字以内で入力してください（11文字）。");
    }
}
