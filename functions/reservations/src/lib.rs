//! Reservations at a municipality's venues (接種予約, SPEC §9): the slots it
//! (or its call centre) creates in bulk and edits; search of the places
//! left; bookings, changes and cancellations by the call centre, each one
//! transaction that can never overbook a slot; the venue's bookings per
//! day for the reception desk (every read audited), also as CSV and Excel.

mod bookings;
mod slots;
mod venues;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("ReservationsFunction")
        .grants(&["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"])
        .protected(Method::GET, "/reservation-venues", venues::list)
        .protected(Method::GET, "/reservation-slots", slots::search)
        .protected(Method::POST, "/reservation-slots", slots::create)
        .protected(Method::PUT, "/reservation-slots/{venue}/{date}/{start}", slots::edit)
        .protected(Method::DELETE, "/reservation-slots/{venue}/{date}/{start}", slots::delete)
        .protected(Method::GET, "/bookings", bookings::of_day)
        .protected(Method::POST, "/bookings", bookings::book)
        .protected(Method::GET, "/bookings/{venue}/{booking}", bookings::one)
        .protected(Method::PUT, "/bookings/{venue}/{booking}/slot", bookings::change)
        .protected(Method::PUT, "/bookings/{venue}/{booking}/status", bookings::set_status)
        .protected(Method::POST, "/bookings/{venue}/{booking}/cancel", bookings::cancel)
}
