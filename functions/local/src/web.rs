//! The browser app at `/app/`, on the API's own origin (as CloudFront serves
//! it in AWS): the built files of `web/dist`, and `index.html` for every
//! other path below `/app/`, so that a deep link such as the mailed
//! `/app/activate?token=…` opens the app, which routes it.

use axum::http::{header, HeaderValue};
use axum::response::Redirect;
use axum::routing::get;
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Where the built app is: `VSYS_WEB_DIST`, else `web/dist` of the repository.
pub fn dist() -> PathBuf {
    std::env::var_os("VSYS_WEB_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/dist"))
}

/// The security headers of every page of the app: nothing but its own
/// scripts and styles run, it talks to its own origin and to the documents
/// bucket (`uploads`: a manual's PDF is PUT to a presigned URL), it is never
/// framed, and no address (with a token in it) leaks as a referrer.
fn csp(uploads: Option<&str>) -> String {
    let connect = uploads.map(|u| format!(" {}", u.trim_end_matches('/'))).unwrap_or_default();
    format!("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{connect}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
}

pub fn router(dist: &Path, uploads: Option<&str>) -> Router {
    let index = dist.join("index.html");
    let files = ServeDir::new(dist).fallback(ServeFile::new(&index));
    Router::new()
        .nest_service("/app", files)
        .route("/", get(|| async { Redirect::to("/app/") }))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp(uploads)).expect("a header value"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}
