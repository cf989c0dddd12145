//! Delivery and stock (SPEC §7): the wholesaler master (卸マスタ), the
//! wholesalers' scheduled and actual deliveries of the final allocations of
//! their areas, the reports of late ones, the lot master and each site's
//! stock by lot.

mod common;
mod deliveries;
mod lots;
mod reports;
mod stock;
mod wholesalers;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("DeliveryFunction")
        .grants(&[
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:Query",
            "dynamodb:BatchGetItem",
            "dynamodb:UpdateItem",
        ])
        .protected(Method::GET, "/wholesalers", wholesalers::list)
        .protected(Method::PUT, "/wholesalers/{code}", wholesalers::put)
        .protected(Method::GET, "/wholesaler", wholesalers::own)
        .protected(Method::GET, "/deliveries", deliveries::list)
        .protected(Method::GET, "/deliveries/export", deliveries::export)
        .protected(Method::POST, "/deliveries/schedule-upload", deliveries::upload)
        .protected(Method::GET, "/deliveries/{cool_id}/{site_id}", deliveries::detail)
        .protected(Method::PUT, "/deliveries/{cool_id}/{site_id}/schedule", deliveries::schedule)
        .protected(Method::PUT, "/deliveries/{cool_id}/{site_id}/actual", deliveries::actual)
        .protected(Method::GET, "/delivery-reports/{report}", reports::report)
        .protected(Method::GET, "/lots", lots::list)
        .protected(Method::POST, "/lots", lots::create)
        .protected(Method::PUT, "/lots/{lot_number}", lots::change)
        .protected(Method::GET, "/stock", stock::own)
        .protected(Method::GET, "/stock/expiring", stock::expiring_board)
}
