//! The browser's credentials: the session token and the known-browser token
//! live in `HttpOnly; Secure; SameSite=Strict` cookies that no script can
//! read. API clients keep using the `Authorization: Bearer` header.
//!
//! The browser app marks every request with `X-VSYS-Client: web`. The mark
//! does two things: sign-in answers it with cookies instead of tokens in the
//! body, and a write authenticated by the cookie alone must carry it — the
//! CSRF defence: another site's page cannot add a custom header to a request
//! to this origin without a CORS preflight, which the API never grants (and
//! SameSite=Strict keeps the cookie off cross-site requests to begin with).

use crate::domain::session::{ABSOLUTE_TIMEOUT, DEVICE_MEMORY};

pub const SESSION: &str = "vsys_session";
pub const DEVICE: &str = "vsys_device";
pub const CLIENT_HEADER: &str = "x-vsys-client";
pub const CLIENT_WEB: &str = "web";

/// The value of cookie `name` among the request's `Cookie` headers (HTTP
/// APIs hand them over as a list, one `name=value` pair or several each).
pub fn find<'a>(cookie_headers: impl IntoIterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    cookie_headers
        .into_iter()
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty() && v.len() <= 512)
}

fn set(name: &str, value: &str, max_age_secs: i64) -> String {
    format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; Secure; SameSite=Strict")
}

/// `Set-Cookie` for a new session (it dies with the session's absolute timeout).
pub fn session(token: &str) -> String {
    set(SESSION, token, ABSOLUTE_TIMEOUT.num_seconds())
}

/// `Set-Cookie` remembering this browser (it passed a mailed code).
pub fn device(token: &str) -> String {
    set(DEVICE, token, DEVICE_MEMORY.num_seconds())
}

/// `Set-Cookie` ending the session cookie (the device cookie stays: the
/// browser is still known at the next sign-in).
pub fn clear_session() -> String {
    set(SESSION, "", 0)
}

/// Why a request's credential was refused before it was even checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// A write carried the session cookie without the browser app's mark.
    MissingClientHeader,
}

/// The session token a request presents: the bearer header, else the
/// session cookie (for writes only together with the browser app's mark).
pub fn credential<'a>(
    authorization: Option<&'a str>,
    cookie_headers: impl IntoIterator<Item = &'a str>,
    is_read: bool,
    client_header: Option<&str>,
) -> Result<Option<&'a str>, Refused> {
    if let Some(t) = super::bearer(authorization) {
        return Ok(Some(t));
    }
    let Some(t) = find(cookie_headers, SESSION) else {
        return Ok(None);
    };
    if !is_read && client_header != Some(CLIENT_WEB) {
        return Err(Refused::MissingClientHeader);
    }
    Ok(Some(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several_headers_and_pairs() {
        let hs = ["a=1; vsys_device=dev", "vsys_session=tok"];
        assert_eq!(find(hs, SESSION), Some("tok"));
        assert_eq!(find(hs, DEVICE), Some("dev"));
        assert_eq!(find(hs, "missing"), None);
        assert_eq!(find(["vsys_session="], SESSION), None);
    }

    #[test]
    fn cookies_are_out_of_reach_of_scripts_and_other_sites() {
        let c = session("tok");
        for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
            assert!(c.contains(attr), "{c} lacks {attr}");
        }
        assert!(clear_session().contains("Max-Age=0"));
    }

    #[test]
    fn a_cookie_write_needs_the_browser_apps_mark_a_bearer_does_not() {
        let cookie = ["vsys_session=tok"];
        assert_eq!(credential(None, cookie, true, None), Ok(Some("tok")));
        assert_eq!(
            credential(None, cookie, false, None),
            Err(Refused::MissingClientHeader)
        );
        assert_eq!(
            credential(None, cookie, false, Some("web")),
            Ok(Some("tok"))
        );
        assert_eq!(
            credential(Some("Bearer b"), cookie, false, None),
            Ok(Some("b"))
        );
        assert_eq!(credential(None, [], false, None), Ok(None));
    }
}
