//! Residents' requests and the services for them (seed 001, feature 8
//! 「その他」): the medical workers' pre-filled screening forms
//! (医療従事者個人向け予診票) a priority-vaccination venue prints for the
//! workers on its list.

// Public for the benchmark, which renders a venue's forms.
pub mod pdf;
mod screening;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("ResidentsFunction")
        .grants(&["dynamodb:GetItem", "dynamodb:PutItem"])
        .protected(Method::POST, "/screening-forms", screening::print)
}
