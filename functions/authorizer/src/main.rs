//! The HTTP API's Lambda authorizer (payload 2.0, simple responses): a valid
//! session token → `isAuthorized` with the principal as context.

use lambda_runtime::{service_fn, LambdaEvent};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthorizerEvent {
    #[serde(default)]
    headers: HashMap<String, String>,
    /// Payload 2.0 hands the `Cookie` header over as this list.
    #[serde(default)]
    cookies: Vec<String>,
    request_context: RequestContext,
}

#[derive(Deserialize)]
struct RequestContext {
    http: HttpContext,
}

#[derive(Deserialize)]
struct HttpContext {
    method: String,
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
            use vsys::auth::cookie;
            // HTTP APIs pass header names in lower case.
            let ev = ev.payload;
            let header = |name: &str| ev.headers.get(name).map(String::as_str);
            let is_read = matches!(
                ev.request_context.http.method.as_str(),
                "GET" | "HEAD" | "OPTIONS"
            );
            let token = match cookie::credential(
                header("authorization"),
                ev.cookies.iter().map(String::as_str),
                is_read,
                header(cookie::CLIENT_HEADER),
            ) {
                Ok(t) => t,
                Err(cookie::Refused::MissingClientHeader) => {
                    return Ok(SimpleResponse {
                        is_authorized: false,
                        context: HashMap::new(),
                    })
                }
            };
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
