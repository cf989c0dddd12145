//! Allocation (SPEC §6, seed 001 「ワクチン分配にかかる情報連携の詳細プロセス」):
//! the nation splits a cool's supply over the prefectures and publishes it;
//! each prefecture confirms, splits over its municipalities and completes;
//! the nation data-locks it; each municipality confirms, splits over its
//! sites and completes; the prefecture reminds the late ones and data-locks
//! its municipalities, which makes every site's allocation final. Workplace
//! venues are allocated by the nation directly (workplace.rs). The mails
//! and facts a lock causes are fanned out by the scheduler
//! (functions/scheduler/src/allocation_notices.rs).

mod common;
mod municipality;
mod nation;
mod prefecture;
mod site;
mod workplace;

use axum::http::Method;
use vsys::http::Area;

pub fn area() -> Area {
    Area::new("AllocationFunction")
        .grants(&[
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:Query",
            "dynamodb:ConditionCheckItem",
        ])
        .protected(Method::GET, "/cools/{cool_id}/allocation", nation::board)
        .protected(Method::PUT, "/cools/{cool_id}/allocation", nation::save)
        .protected(Method::GET, "/cools/{cool_id}/allocation/export", nation::export)
        .protected(Method::POST, "/cools/{cool_id}/allocation/preview", nation::preview)
        .protected(Method::POST, "/cools/{cool_id}/allocation/publish", nation::publish)
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/prefectures/{pref}/lock",
            nation::lock,
        )
        .protected(
            Method::GET,
            "/cools/{cool_id}/allocation/prefectures/{pref}",
            prefecture::get,
        )
        .protected(
            Method::GET,
            "/cools/{cool_id}/allocation/prefectures/{pref}/export",
            prefecture::export,
        )
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/prefectures/{pref}/confirm",
            prefecture::confirm,
        )
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/prefectures/{pref}/preview",
            prefecture::preview,
        )
        .protected(
            Method::PUT,
            "/cools/{cool_id}/allocation/prefectures/{pref}/split",
            prefecture::split,
        )
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/prefectures/{pref}/complete",
            prefecture::complete,
        )
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/prefectures/{pref}/remind",
            prefecture::remind,
        )
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/prefectures/{pref}/lock-municipalities",
            prefecture::lock_municipalities,
        )
        .protected(
            Method::GET,
            "/cools/{cool_id}/allocation/municipalities/{muni}",
            municipality::get,
        )
        .protected(
            Method::GET,
            "/cools/{cool_id}/allocation/municipalities/{muni}/export",
            municipality::export,
        )
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/municipalities/{muni}/confirm",
            municipality::confirm,
        )
        .protected(
            Method::PUT,
            "/cools/{cool_id}/allocation/municipalities/{muni}/split",
            municipality::split,
        )
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/municipalities/{muni}/complete",
            municipality::complete,
        )
        .protected(Method::GET, "/cools/{cool_id}/allocation/workplace", workplace::get)
        .protected(Method::PUT, "/cools/{cool_id}/allocation/workplace", workplace::save)
        .protected(
            Method::POST,
            "/cools/{cool_id}/allocation/workplace/lock",
            workplace::lock,
        )
        .protected(Method::GET, "/allocations", site::list)
}
