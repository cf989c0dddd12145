//! One error type for the whole request path, mapped once to an HTTP status
//! and the JSON body `{ "error": code, "message": Japanese text, "field": name|null }`.

use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Serialize;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the input is wrong; `field` names the offending field when there is one.
    #[error("invalid input: {code}")]
    Invalid {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 401: no valid session, or wrong credentials.
    #[error("unauthenticated: {code}")]
    Unauthenticated { code: &'static str, message: String },
    /// 403: signed in, but this role may not do this.
    #[error("forbidden: {code}")]
    Forbidden { code: &'static str, message: String },
    /// 404: absent, or outside the caller's scope (the two look the same on
    /// purpose); `field` names the input that named it, when there is one.
    #[error("not found")]
    NotFound {
        message: String,
        field: Option<String>,
    },
    /// 409: the record's state does not allow this change (locked, already used, …).
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 410: a link or code that has expired or was already used.
    #[error("gone: {code}")]
    Gone { code: &'static str, message: String },
    /// 429: too many attempts.
    #[error("too many attempts: {code}")]
    TooMany { code: &'static str, message: String },
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
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            code: "invalid_input",
            message: message.into(),
            field: Some(field.to_string()),
        }
    }
    pub fn invalid_code(
        code: &'static str,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        AppError::Invalid {
            code,
            message: message.into(),
            field: field.map(str::to_string),
        }
    }
    pub fn not_found() -> Self {
        AppError::NotFound {
            message: "対象が見つかりません。".into(),
            field: None,
        }
    }
    pub fn forbidden() -> Self {
        AppError::Forbidden {
            code: "forbidden",
            message: "この操作を行う権限がありません。".into(),
        }
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
            field: None,
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

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Invalid { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::Gone { .. } => StatusCode::GONE,
            AppError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> ErrorBody {
        let (code, message, field): (&str, String, Option<String>) = match self {
            AppError::Invalid {
                code,
                message,
                field,
            } => (code, message.clone(), field.clone()),
            AppError::Unauthenticated { code, message } => (code, message.clone(), None),
            AppError::Forbidden { code, message } => (code, message.clone(), None),
            AppError::NotFound { message, field } => ("not_found", message.clone(), field.clone()),
            AppError::Conflict {
                code,
                message,
                field,
            } => (code, message.clone(), field.clone()),
            AppError::Gone { code, message } => (code, message.clone(), None),
            AppError::TooMany { code, message } => (code, message.clone(), None),
            AppError::Unavailable { message, .. } => ("maintenance", message.clone(), None),
            AppError::Internal(_) => (
                "internal_error",
                "システムエラーが発生しました。しばらくしてから再度お試しください。".to_string(),
                None,
            ),
        };
        ErrorBody {
            error: code.to_string(),
            message,
            field,
        }
    }
}

#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    pub field: Option<String>,
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
