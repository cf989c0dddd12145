//! JSON logs for CloudWatch. Handlers log what happened and to which record
//! kind, never a password, token, code, e-mail address or personal record.

use tracing_subscriber::EnvFilter;

/// Initialises JSON logging once per process; `RUST_LOG` sets the level.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,aws_config=warn,aws_smithy_runtime=warn"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_span_list(false)
        .without_time()
        .try_init();
}
