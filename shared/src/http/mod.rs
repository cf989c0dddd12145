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

/// The network address a request came from, for the public forms' limits:
/// API Gateway's `sourceIp` in AWS (the gateway sets it; a client cannot),
/// the peer's address where the server records it, and `local` otherwise
/// (the local gateway: every caller is this machine).
pub struct SourceIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for SourceIp {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        use lambda_http::request::RequestContext;
        let from_gateway = match parts.extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(ctx)) => ctx.http.source_ip.clone(),
            _ => None,
        };
        let peer = || {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        };
        Ok(SourceIp(from_gateway.or_else(peer).unwrap_or_else(|| "local".into())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_http::aws_lambda_events::apigw::ApiGatewayV2httpRequestContext;
    use lambda_http::request::RequestContext;

    async fn source(req: http::Request<()>) -> String {
        let (mut parts, _) = req.into_parts();
        SourceIp::from_request_parts(&mut parts, &()).await.unwrap().0
    }

    #[tokio::test]
    async fn the_source_address_is_api_gateways_and_never_a_header() {
        let mut rc = ApiGatewayV2httpRequestContext::default();
        rc.http.source_ip = Some("203.0.113.7".into());
        let mut req = http::Request::builder().header("x-forwarded-for", "198.51.100.1").body(()).unwrap();
        req.extensions_mut().insert(RequestContext::ApiGatewayV2(rc));
        assert_eq!(source(req).await, "203.0.113.7");
        let req = http::Request::builder().header("x-forwarded-for", "198.51.100.1").body(()).unwrap();
        assert_eq!(source(req).await, "local");
    }
}
