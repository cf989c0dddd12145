//! Which client sent a request: the browser app (credentials in HttpOnly
//! cookies, see [`crate::auth::cookie`]) or an API client (tokens in bodies
//! and the bearer header).

use crate::auth::cookie;
use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderName;
use axum::response::AppendHeaders;

#[derive(Debug, Clone, Default)]
pub struct Client {
    /// The browser app: tokens go to cookies, never into a body.
    pub web: bool,
    /// The browser's known-browser token, from its cookie.
    pub device: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Client, Self::Rejection> {
        let h = &parts.headers;
        let web =
            h.get(cookie::CLIENT_HEADER).and_then(|v| v.to_str().ok()) == Some(cookie::CLIENT_WEB);
        let device = cookie::find(
            h.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()),
            cookie::DEVICE,
        )
        .map(str::to_string);
        Ok(Client { web, device })
    }
}

/// `Set-Cookie` headers of an answer (none for API clients).
pub type SetCookies = AppendHeaders<Vec<(HeaderName, String)>>;

pub fn set_cookies(cookies: Vec<String>) -> SetCookies {
    AppendHeaders(cookies.into_iter().map(|c| (SET_COOKIE, c)).collect())
}
