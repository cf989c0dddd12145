//! Help and news (SPEC §11, seed 000–003): notices with approval (お知らせ),
//! the inquiry form and its service desk (問い合わせ), manuals per audience
//! (ナレッジ) and the FAQ search that comes before the inquiry form.

mod faq;
mod inquiries;
mod manuals;
pub mod notices;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("SupportFunction")
        .grants(&["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query", "s3:PutObject", "s3:GetObject", "s3:DeleteObject", "ses:SendEmail"])
        .protected(Method::GET, "/notices", notices::list)
        .protected(Method::POST, "/notices", notices::create)
        .protected(Method::GET, "/notices/home", notices::home)
        .protected(Method::GET, "/notices/{id}", notices::one)
        .protected(Method::PUT, "/notices/{id}", notices::correct)
        .protected(Method::POST, "/notices/{id}/approve", notices::approve)
        .protected(Method::POST, "/notices/{id}/send-back", notices::send_back)
        .protected(Method::POST, "/notices/{id}/withdraw", notices::withdraw)
        .protected(Method::GET, "/inquiry-categories", inquiries::categories)
        .protected(Method::GET, "/inquiries", inquiries::list)
        .protected(Method::POST, "/inquiries", inquiries::file)
        .protected(Method::GET, "/inquiries/{id}", inquiries::one)
        .protected(Method::POST, "/inquiries/{id}/messages", inquiries::message)
        .protected(Method::POST, "/inquiries/{id}/close", inquiries::close)
        .protected(Method::GET, "/manuals", manuals::list)
        .protected(Method::POST, "/manual-uploads", manuals::upload)
        .protected(Method::POST, "/manuals/{audience}/versions", manuals::publish)
        .protected(Method::GET, "/manuals/{audience}/versions/{version}", manuals::download)
        .protected(Method::GET, "/faq", faq::search)
        .protected(Method::POST, "/faq", faq::add)
        .protected(Method::PUT, "/faq/{id}", faq::change)
        .protected(Method::POST, "/faq/{id}/delete", faq::delete)
}
