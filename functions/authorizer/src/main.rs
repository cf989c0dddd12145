//! The HTTP API's Lambda authorizer (payload 2.0, simple responses): a valid
//! session token → `isAuthorized` with the principal as context.

use lambda_runtime::{service_fn, LambdaEvent};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Deserialize)]
struct AuthorizerEvent {
    #[serde(default)]
    headers: HashMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SimpleResponse {
    is_authorized: bool,
    context: HashMap<String, String>,
}

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    vsys::logging::init();
    let app = vsys::App::from_env().await?;
    lambda_runtime::run(service_fn(|ev: LambdaEvent<AuthorizerEvent>| {
        let app = app.clone();
        async move {
            // HTTP APIs pass header names in lower case.
            let token =
                vsys::auth::bearer(ev.payload.headers.get("authorization").map(String::as_str));
            let res = match vsys::auth::authorize(&app, token).await {
                Ok(p) => SimpleResponse {
                    is_authorized: true,
                    context: p.to_context(),
                },
                Err(vsys::AppError::Unauthenticated { .. }) => SimpleResponse {
                    is_authorized: false,
                    context: HashMap::new(),
                },
                Err(e) => return Err(lambda_runtime::Error::from(e.to_string())),
            };
            Ok::<_, lambda_runtime::Error>(res)
        }
    }))
    .await
}
