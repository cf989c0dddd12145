//! Facilities (SPEC §4): a site's or workplace venue's profile, reservation
//! status, doctors and readiness; basic and satellite sites and the transfers
//! a satellite registers; the national review of a workplace venue's contact
//! e-mail change; the facility lists of municipalities and prefectures.

mod contact;
mod doctors;
mod facility;
mod listing;
mod profile;
mod satellite;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("FacilitiesFunction")
        .grants(&[
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "dynamodb:ConditionCheckItem",
            "ses:SendEmail",
        ])
        .protected(Method::GET, "/facility", profile::get)
        .protected(Method::PUT, "/facility", profile::put)
        .protected(
            Method::PUT,
            "/facility/reservation-status",
            profile::reservation_status,
        )
        .protected(Method::GET, "/facility/readiness", profile::readiness)
        .protected(Method::GET, "/facility/doctors", doctors::list)
        .protected(Method::POST, "/facility/doctors", doctors::add)
        .protected(Method::PUT, "/facility/doctors/{doctor_id}", doctors::edit)
        .protected(
            Method::DELETE,
            "/facility/doctors/{doctor_id}",
            doctors::remove,
        )
        .protected(Method::PUT, "/facility/site-type", satellite::change_type)
        .protected(Method::GET, "/facility/transfers", satellite::transfers)
        .protected(
            Method::POST,
            "/facility/transfers",
            satellite::register_transfer,
        )
        .protected(Method::GET, "/facilities", listing::list)
        .protected(Method::GET, "/facilities/{org_id}", listing::detail)
        .protected(Method::GET, "/contact-changes", contact::pending)
        .protected(Method::POST, "/contact-changes/{org_id}", contact::decide)
}
