//! Billing (請求, SPEC §10, seed 002): the nation's effective-dated price
//! master; each site's monthly claim by municipality of residence, with
//! corrections after the 10th; the billing summary to the prefecture's NHI
//! federation and the invoice per municipality as PDF, CSV and Excel in
//! S3; what is billed to each municipality and prefecture.

// Public for the benchmark, which renders the documents of a claim.
pub mod claims;
mod documents;
mod invoices;
pub mod pdf;
mod prices;
mod views;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("BillingFunction")
        .grants(&["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query", "s3:PutObject", "s3:GetObject"])
        .protected(Method::GET, "/billing-prices", prices::get)
        .protected(Method::PUT, "/billing-prices", prices::put)
        .protected(Method::GET, "/billing/claims", claims::list)
        .protected(Method::GET, "/billing/claims/{month}", claims::one)
        .protected(Method::PUT, "/billing/claims/{month}", claims::submit)
        .protected(Method::GET, "/billing/claims/{month}/documents", documents::make)
        .protected(Method::GET, "/billing/invoices", invoices::list)
        .protected(Method::GET, "/billing/invoices/export", invoices::export)
}
