//! Delivery and stock (SPEC §7). Today: the wholesaler master (卸マスタ) —
//! each wholesaler's name and delivery area, kept by the nation, and read by
//! the wholesaler itself.

mod wholesalers;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("DeliveryFunction")
        .grants(&["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"])
        .protected(Method::GET, "/wholesalers", wholesalers::list)
        .protected(Method::PUT, "/wholesalers/{code}", wholesalers::put)
        .protected(Method::GET, "/wholesaler", wholesalers::own)
}
