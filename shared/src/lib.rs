//! V-SYS shared library.
//!
//! Data flows one way: HTTP request → area handler (parse, check scope) →
//! domain rule (pure) → store / mail (I/O) → response. `domain` never does
//! I/O; handlers never build DynamoDB expressions (that is `store`).

pub mod accounts;
pub mod app;
pub mod auth;
pub mod clock;
pub mod documents;
pub mod domain;
pub mod error;
pub mod grants;
pub mod http;
pub mod lambda;
pub mod logging;
pub mod mail;
pub mod masterdata;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod store;
pub mod template;

pub use app::{App, Config, Stage};
pub use error::{AppError, AppResult};
