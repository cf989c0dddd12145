//! Accounts (SPEC §2): issuance by the national office, one by one and by CSV;
//! listing and reading within the caller's scope; disabling and re-issuing;
//! the audit trail of an account; organisations; call-centre requests; the
//! mails the outbox gave up on.

mod admin;
mod callcentre;
mod issue;
mod mail_failures;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("AccountsFunction")
        .grants(&[
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "ses:SendEmail",
        ])
        .protected(Method::POST, "/accounts", issue::issue_one)
        .protected(Method::POST, "/accounts/bulk", issue::issue_bulk)
        .protected(Method::GET, "/accounts", admin::list)
        .protected(Method::GET, "/accounts/{vsys_id}", admin::get)
        .protected(Method::POST, "/accounts/{vsys_id}/disable", admin::disable)
        .protected(Method::POST, "/accounts/{vsys_id}/reissue", admin::reissue)
        .protected(Method::GET, "/accounts/{vsys_id}/audit", admin::audit_trail)
        .protected(Method::GET, "/organisations", admin::organisations)
        .protected(Method::POST, "/call-centre-requests", callcentre::file)
        .protected(Method::GET, "/call-centre-requests", callcentre::list)
        .protected(
            Method::POST,
            "/call-centre-requests/{id}/withdraw",
            callcentre::withdraw,
        )
        .protected(Method::GET, "/mail-failures", mail_failures::list)
        .protected(
            Method::POST,
            "/mail-failures/{id}/retry",
            mail_failures::retry,
        )
}
