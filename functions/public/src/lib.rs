//! What anyone may read without signing in (SPEC §11): the public site
//! finder (コロナワクチンナビ) over the sites that chose to be listed, with
//! their reservation status, the prefectures and municipalities its
//! screen selects from, and the stage and maintenance state every screen
//! shows. Served by its own function so that public traffic
//! scales and is throttled apart from the staff's.

mod availability;
mod finder;
mod notices;
mod statistics;
mod status;

use axum::http::{HeaderName, Method};
use vsys::http::Area;

/// An answer with its Cache-Control: every public answer is cached.
type Cached<T> = ([(HeaderName, &'static str); 1], T);

pub fn area() -> Area {
    Area::new("PublicFunction")
        .grants(&["dynamodb:Query", "dynamodb:GetItem", "s3:GetObject"])
        .public(Method::GET, "/public/sites", finder::sites)
        .public(Method::GET, "/public/areas", finder::areas)
        .public(Method::GET, "/public/notices", notices::notices)
        .public(Method::GET, "/public/status", status::status)
        .public(Method::GET, "/public/statistics", statistics::statistics)
        .public(Method::GET, "/public/availability/{file}", availability::file)
}
