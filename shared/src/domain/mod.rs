//! Pure rules and types, no I/O. Every deadline rule takes "now" as a value.

pub mod account;
pub mod allocation;
pub mod availability;
pub mod billing;
pub mod calendar;
pub mod cool;
pub mod cron;
pub mod delivery;
pub mod facility;
pub mod org;
pub mod password;
pub mod reservation;
pub mod results;
pub mod session;
pub mod supply;
