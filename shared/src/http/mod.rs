//! HTTP glue: areas (the routes of one Lambda), JSON in with field-named
//! errors, the principal extractor, and responses.

pub mod area;
pub mod client;
pub mod export;
pub mod input;
pub mod page;

pub use area::{Access, Area, RouteInfo};
pub use client::{set_cookies, Client, SetCookies};
pub use input::{csv_row_error, Body, Count, Csv, CsvRow, Prose, QueryParams, Text};
pub use page::{InContext, Page};

/// An answer that only says what happened (「パスワードを変更しました。」).
#[derive(Debug, serde::Serialize)]
pub struct Message {
    pub message: &'static str,
}

use crate::auth::Principal;
use crate::error::AppError;
use axum::extract::FromRequestParts;
use http::request::Parts;

/// A signed-in user who has given the one-time privacy consent. Every
/// protected handler takes this, so the consent rule lives here once.
pub struct User(pub Principal);

/// A signed-in user, consent given or not (consent, sign-out and own-account routes).
pub struct AnyUser(pub Principal);

fn principal_of(parts: &Parts) -> Result<Principal, AppError> {
    parts
        .extensions
        .get::<Principal>()
        .cloned()
        .ok_or_else(|| AppError::Unauthenticated {
            code: crate::error::codes::SESSION_INVALID,
            message: "ログインしてください。".into(),
        })
}

impl<S: Send + Sync> FromRequestParts<S> for User {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let p = principal_of(parts)?;
        if !p.consented {
            return Err(AppError::Forbidden {
                code: crate::error::codes::CONSENT_REQUIRED,
                message: "個人情報の取扱いへの同意が必要です。同意画面から同意してください。"
                    .into(),
            });
        }
        Ok(User(p))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AnyUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(AnyUser(principal_of(parts)?))
    }
}
