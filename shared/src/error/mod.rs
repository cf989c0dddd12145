//! One error type for the whole request path, mapped once to an HTTP status
//! and the JSON body `{ "error": code, "message": Japanese text, "field": name|null }`.
//! Every code comes from the catalogue ([`codes`]).

pub mod codes;

pub use codes::Code;

use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Serialize;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the input is wrong; `field` names the offending field when there is one.
    #[error("invalid input: {}", code.name())]
    Invalid {
        code: Code,
        message: String,
        field: Option<String>,
    },
    /// 400: an upload with bad rows, every one of them named (the first in `field`).
    #[error("invalid rows")]
    InvalidRows { message: String, rows: Vec<RowProblem> },
    /// 401: no valid session, or wrong credentials.
    #[error("unauthenticated: {}", code.name())]
    Unauthenticated { code: Code, message: String },
    /// 403: signed in, but this role may not do this.
    #[error("forbidden: {}", code.name())]
    Forbidden { code: Code, message: String },
    /// 404: absent, or outside the caller's scope (the two look the same on
    /// purpose); `field` names the input that named it, when there is one.
    #[error("not found")]
    NotFound {
        message: String,
        field: Option<String>,
    },
    /// 409: the record's state does not allow this change (locked, already used, …).
    #[error("conflict: {}", code.name())]
    Conflict {
        code: Code,
        message: String,
        field: Option<String>,
    },
    /// 410: a link or code that has expired or was already used.
    #[error("gone: {}", code.name())]
    Gone { code: Code, message: String },
    /// 429: too many attempts.
    #[error("too many attempts: {}", code.name())]
    TooMany { code: Code, message: String },
    /// 503: maintenance window; the message says until when, `Retry-After` in how long.
    #[error("unavailable")]
    Unavailable {
        message: String,
        retry_after_secs: u64,
    },
    /// 500: a fault of ours or of AWS; the error, with its chain of causes,
    /// goes to the log only.
    #[error("internal: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl AppError {
    /// Bad input in `field`, said in the field's own words.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        codes::INVALID_INPUT.with(message).at(field)
    }
    pub fn not_found() -> Self {
        codes::NOT_FOUND.into()
    }
    pub fn forbidden() -> Self {
        codes::FORBIDDEN.into()
    }

    /// The same error, naming the input `field` it is about.
    pub fn at(self, field: &str) -> Self {
        let f = Some(field.to_string());
        match self {
            AppError::Invalid { code, message, .. } => AppError::Invalid {
                code,
                message,
                field: f,
            },
            AppError::Conflict { code, message, .. } => AppError::Conflict {
                code,
                message,
                field: f,
            },
            AppError::NotFound { message, .. } => AppError::NotFound { message, field: f },
            other => other,
        }
    }

    /// The catalogue code of this error.
    pub fn code(&self) -> Code {
        match self {
            AppError::Invalid { code, .. }
            | AppError::Unauthenticated { code, .. }
            | AppError::Forbidden { code, .. }
            | AppError::Conflict { code, .. }
            | AppError::Gone { code, .. }
            | AppError::TooMany { code, .. } => *code,
            AppError::NotFound { .. } => codes::NOT_FOUND,
            AppError::InvalidRows { .. } => codes::INVALID_CSV_ROW,
            AppError::Unavailable { .. } => codes::MAINTENANCE,
            AppError::Internal(_) => codes::INTERNAL_ERROR,
        }
    }

    /// An internal error: an error value keeps its causes (`source()`);
    /// a message becomes an error of its own.
    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        AppError::Internal(e.into())
    }

    /// The causes of an internal error, outermost first (for the log).
    pub fn causes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let AppError::Internal(e) = self {
            let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e.as_ref());
            while let Some(err) = cur {
                out.push(err.to_string());
                cur = err.source();
            }
        }
        out
    }

    /// The catalogue's status of the error's code, so the status and the
    /// code a client reads can never disagree.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn body(&self) -> ErrorBody {
        let (message, field): (String, Option<String>) = match self {
            AppError::Invalid { message, field, .. }
            | AppError::NotFound { message, field }
            | AppError::Conflict { message, field, .. } => (message.clone(), field.clone()),
            AppError::Unauthenticated { message, .. }
            | AppError::Forbidden { message, .. }
            | AppError::Gone { message, .. }
            | AppError::TooMany { message, .. }
            | AppError::Unavailable { message, .. } => (message.clone(), None),
            AppError::InvalidRows { message, rows } => (message.clone(), rows.first().map(|r| r.field.clone())),
            AppError::Internal(_) => (codes::INTERNAL_ERROR.message().to_string(), None),
        };
        ErrorBody {
            error: self.code().name().to_string(),
            message,
            field,
            rows: match self {
                AppError::InvalidRows { rows, .. } => Some(rows.clone()),
                _ => None,
            },
        }
    }
}

#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    pub field: Option<String>,
    /// Every bad row of an upload (uploads that name all of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RowProblem>>,
}

/// One bad row of an upload: its line (the header is line 1), the column
/// and what is wrong.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct RowProblem {
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl AppError {
    /// The refusal of an upload naming each bad row (at least one).
    pub fn rows(rows: Vec<RowProblem>) -> AppError {
        let shown: Vec<String> = rows.iter().take(5).map(|r| format!("{}行目（{}）: {}", r.line, r.field, r.message)).collect();
        let more = if rows.len() > 5 { format!(" ほか{}行", rows.len() - 5) } else { String::new() };
        AppError::InvalidRows {
            message: format!("{}行に誤りがあるため、登録していません。{}{more}", rows.len(), shown.join(" ／ ")),
            rows,
        }
    }
}

impl Code {
    /// This code with the facts of the case in its message.
    pub fn with(self, message: impl Into<String>) -> AppError {
        let message = message.into();
        match self.status() {
            400 => AppError::Invalid {
                code: self,
                message,
                field: None,
            },
            401 => AppError::Unauthenticated {
                code: self,
                message,
            },
            403 => AppError::Forbidden {
                code: self,
                message,
            },
            404 => AppError::NotFound {
                message,
                field: None,
            },
            410 => AppError::Gone {
                code: self,
                message,
            },
            429 => AppError::TooMany {
                code: self,
                message,
            },
            // 409, and what has no variant of its own (its status comes
            // from the code all the same).
            _ => AppError::Conflict {
                code: self,
                message,
                field: None,
            },
        }
    }

    /// This code, naming the input `field` it is about.
    pub fn at(self, field: &str) -> AppError {
        AppError::from(self).at(field)
    }
}

impl From<Code> for AppError {
    fn from(code: Code) -> AppError {
        code.with(code.message())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(_) = &self {
            // Each cause on its own, outermost first: the log shows the
            // chain, not one flattened string.
            tracing::error!(causes = ?self.causes(), "internal error");
        }
        let mut res = (self.status(), axum::Json(self.body())).into_response();
        if let AppError::Unavailable {
            retry_after_secs, ..
        } = &self
        {
            res.headers_mut().insert(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(*retry_after_secs),
            );
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("transaction failed")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn internal_errors_keep_their_causes() {
        let e = AppError::internal(Outer(std::io::Error::other("connection reset")));
        assert_eq!(e.causes(), vec!["transaction failed", "connection reset"]);
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        // The user sees none of it.
        assert!(!e.body().message.contains("connection"));
        assert_eq!(AppError::internal("plain").causes(), vec!["plain"]);
    }
}
