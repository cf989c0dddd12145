//! The collective contract (集合契約, SPEC §3): the facility code master,
//! delegations (委任状) with their PDF in S3, their receipt by prefectures,
//! municipalities and aggregators, and new-code applications (新規コード付番).
//! The Thursday result mail of new codes runs with the other schedules
//! (functions/scheduler).

mod applications;
mod codes;
pub mod delegations;
pub mod pdf;
mod receipt;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("ContractsFunction")
        .grants(&[
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "ses:SendEmail",
            "s3:PutObject",
            "s3:GetObject",
            "s3:DeleteObject",
        ])
        .protected(Method::GET, "/facility-codes/{code}", codes::lookup)
        .protected(Method::PUT, "/facility-codes/{code}", codes::put_code)
        .protected(Method::POST, "/facility-codes/import", codes::import)
        .protected(Method::GET, "/facility/delegate", delegations::delegate)
        .protected(Method::POST, "/delegations", delegations::register)
        .protected(Method::GET, "/delegations", receipt::list)
        .protected(Method::GET, "/delegations/{number}", delegations::one)
        .protected(Method::GET, "/delegations/{number}/pdf", delegations::pdf)
        .protected(Method::POST, "/delegations/receive", receipt::receive)
        .protected(Method::POST, "/delegations/unreceive", receipt::unreceive)
        .protected(Method::POST, "/delegations/notify", receipt::notify)
        .protected(Method::POST, "/code-applications", applications::file)
        .protected(Method::GET, "/code-applications", applications::list)
        .protected(
            Method::POST,
            "/code-applications/forward",
            applications::forward,
        )
        .protected(Method::GET, "/code-applications/{id}", applications::one)
        .protected(
            Method::POST,
            "/code-applications/{id}/assign",
            applications::assign,
        )
}
