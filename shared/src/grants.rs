//! The IAM actions each function's code needs, as the local stack observes
//! them: every AWS call is recorded with the function whose code made it
//! (`grants::as_function` marks a request's task). Only when
//! `VSYS_OBSERVED_GRANTS` names a file (the test command), where each new
//! (function, action) pair is appended; the permissions test compares them
//! with the template. In AWS the environment variable is never set.

use aws_sdk_dynamodb::config::interceptors::BeforeSerializationInterceptorContextRef;
use aws_sdk_dynamodb::config::ConfigBag;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use std::collections::BTreeSet;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

tokio::task_local! {
    static FUNCTION: &'static str;
}

/// Runs `f` as the code of the template's function `name`.
pub async fn as_function<F: std::future::Future>(name: &'static str, f: F) -> F::Output {
    FUNCTION.scope(name, f).await
}

/// The pairs written so far, and the file they go to.
type Sink = Mutex<(BTreeSet<String>, std::fs::File)>;

fn sink() -> Option<&'static Sink> {
    static SINK: OnceLock<Option<Sink>> = OnceLock::new();
    SINK.get_or_init(|| {
        let path = std::env::var("VSYS_OBSERVED_GRANTS").ok()?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()?;
        Some(Mutex::new((BTreeSet::new(), file)))
    })
    .as_ref()
}

/// The IAM actions one call needs: its own, or for a transaction, those
/// of each of its steps (IAM knows no transaction action).
fn actions(
    service: &str,
    op: &str,
    context: &BeforeSerializationInterceptorContextRef<'_>,
) -> Vec<String> {
    use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsInput;
    let prefix = match service {
        "DynamoDB" => "dynamodb",
        "S3" => "s3",
        "SESv2" => "ses",
        other => other,
    };
    if let Some(t) = context.input().downcast_ref::<TransactWriteItemsInput>() {
        return t
            .transact_items()
            .iter()
            .map(|i| {
                let a = if i.put.is_some() {
                    "PutItem"
                } else if i.update.is_some() {
                    "UpdateItem"
                } else if i.delete.is_some() {
                    "DeleteItem"
                } else {
                    "ConditionCheckItem"
                };
                format!("dynamodb:{a}")
            })
            .collect();
    }
    vec![format!("{prefix}:{op}")]
}

pub(crate) fn observe(context: &BeforeSerializationInterceptorContextRef<'_>, cfg: &ConfigBag) {
    let Some(sink) = sink() else { return };
    let Some(meta) = cfg.load::<Metadata>() else {
        return;
    };
    let function = FUNCTION.try_with(|f| *f).unwrap_or("(none)");
    let mut guard = sink.lock().expect("grants sink");
    for action in actions(meta.service(), meta.name(), context) {
        let line = format!("{function} {action}");
        if guard.0.insert(line.clone()) {
            let _ = writeln!(guard.1, "{line}");
        }
    }
}
