//! Sign-in and everything around it (SPEC §2): sessions, unknown-browser
//! codes, lockout, mailed links and codes (activation, reset, e-mail change),
//! the privacy consent, and the user's own account.

mod links;
mod me;
mod sign_in;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("AuthFunction")
        .grants(&[
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "ses:SendEmail",
        ])
        .open_during_maintenance()
        .public(Method::POST, "/auth/sign-in", sign_in::sign_in)
        .public(Method::POST, "/auth/sign-in/verify", sign_in::verify)
        .public(Method::POST, "/auth/links/open", links::open)
        .public(Method::POST, "/auth/links/complete", links::complete)
        .public(
            Method::POST,
            "/auth/links/confirm-email",
            links::confirm_email,
        )
        .public(Method::POST, "/auth/password-reset", links::request_reset)
        .protected(Method::POST, "/auth/sign-out", sign_in::sign_out)
        .protected(Method::GET, "/me", me::get)
        .protected(Method::POST, "/me/consent", me::consent)
        .protected(Method::POST, "/me/password", me::change_password)
        .protected(Method::POST, "/me/email", me::change_email)
}
