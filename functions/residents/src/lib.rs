//! Residents' requests and the services for them (seed 001, feature 8
//! 「その他」): the notification of vaccination outside the home
//! municipality (住所地外接種の届出) and its certificate, the reissue of a
//! lost or damaged coupon (接種券の再発行), both filed by residents on
//! public forms and decided by municipalities; and the medical workers'
//! pre-filled screening forms (医療従事者個人向け予診票) a
//! priority-vaccination venue prints for the workers on its list.

mod certificate;
mod form;
// Public for the benchmark, which renders a venue's forms.
pub mod pdf;
mod public;
mod queue;
mod screening;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("ResidentsFunction")
        .grants(&[
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "dynamodb:ConditionCheckItem",
            "ses:SendEmail",
        ])
        .protected(Method::POST, "/screening-forms", screening::print)
        .public(Method::POST, "/public/resident-requests", public::submit)
        .public(Method::POST, "/public/resident-requests/view", public::status)
        .public(Method::POST, "/public/resident-requests/confirm", public::confirm)
        .public(Method::POST, "/public/resident-requests/certificate", public::certificate)
        .protected(Method::GET, "/resident-requests", queue::list)
        .protected(Method::GET, "/resident-requests/{id}", queue::one)
        .protected(Method::GET, "/resident-requests/{id}/certificate", queue::certificate)
        .protected(Method::POST, "/resident-requests/{id}/accept", queue::accept)
        .protected(Method::POST, "/resident-requests/{id}/reissue", queue::reissue)
        .protected(Method::POST, "/resident-requests/{id}/refuse", queue::refuse)
}
