//! Vaccination results and waste (SPEC §8): each site's cumulative report
//! per vaccine, with what it takes from its stock; the municipalities' and
//! prefectures' reports and the sites that have not reported since their
//! last delivery. The public statistics and open data are the public
//! function's and the scheduler's, from the running totals kept here.

mod report;
mod reports;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("ResultsFunction")
        .grants(&["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])
        .protected(Method::GET, "/results", report::own)
        .protected(Method::PUT, "/results/{product}", report::put)
        .protected(Method::GET, "/result-reports", reports::results)
        .protected(Method::GET, "/result-reports/missing", reports::missing)
}
