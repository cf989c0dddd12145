//! Supply planning (SPEC §5): the vaccine/needle/syringe master, cools, the
//! plan calendar and maintenance windows (national office); weekly demand and
//! vaccination plans (sites); the national review of plans; the registrations
//! of a cool as prefectures and municipalities see them. The Tuesday 15:00
//! cut-off job lives with the other schedules (functions/scheduler).

mod demand;
mod masters;
mod plans;
mod register;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("PlansFunction")
        .grants(&[
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "ses:SendEmail",
        ])
        .protected(Method::GET, "/vaccines", masters::products)
        .protected(Method::PUT, "/vaccines/{code}", masters::put_product)
        .protected(Method::GET, "/cools", masters::cools)
        .protected(Method::POST, "/cools", masters::create_cool)
        .protected(Method::GET, "/cools/{cool_id}", masters::cool)
        .protected(Method::PUT, "/cools/{cool_id}", masters::update_cool)
        .protected(Method::GET, "/plan-calendar", masters::calendar)
        .protected(Method::PUT, "/plan-calendar", masters::put_calendar)
        .protected(Method::GET, "/maintenance-windows", masters::maintenance)
        .protected(
            Method::POST,
            "/maintenance-windows",
            masters::add_maintenance,
        )
        .protected(
            Method::DELETE,
            "/maintenance-windows/{id}",
            masters::end_maintenance,
        )
        .protected(Method::GET, "/cools/{cool_id}/demand", demand::get)
        .protected(Method::PUT, "/cools/{cool_id}/demand", demand::put)
        .protected(
            Method::GET,
            "/cools/{cool_id}/registrations",
            demand::registrations,
        )
        .protected(Method::GET, "/plans", plans::get)
        .protected(Method::PUT, "/plans", plans::put)
        .protected(Method::GET, "/plan-reviews", plans::pending_reviews)
        .protected(Method::GET, "/plan-reviews/{site_id}", plans::review_detail)
        .protected(Method::POST, "/plan-reviews/{site_id}", plans::review)
}
