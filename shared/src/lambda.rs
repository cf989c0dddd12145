//! Running an area on AWS Lambda: build `App` once per cold start, then serve
//! the area's router for every API Gateway event, one log span per request.
//! The closing line of each request says its status, how long it took and
//! how many DynamoDB calls it made (an execution environment serves one
//! request at a time, so the client's counter moves for this request only):
//! a slow request is followed from its trace id to these lines.

use crate::http::Area;
use crate::App;
use tracing::Instrument;

pub use lambda_http::Error;

/// The whole `main` of an HTTP function.
pub async fn serve(area: fn() -> Area) -> Result<(), Error> {
    crate::logging::init();
    let app = App::from_env().await.map_err(Error::from)?;
    let calls = app.ddb_calls.clone();
    let router = area().lambda_router(app);
    lambda_http::run(tower::service_fn(move |req: lambda_http::Request| {
        use lambda_http::RequestExt;
        use tower::ServiceExt;
        let request_id = req
            .lambda_context_ref()
            .map(|c| c.request_id.clone())
            .unwrap_or_default();
        // The route's template (`GET /accounts/{vsys_id}`), never the raw
        // path or query string: those hold V-SYS IDs and personal data.
        let route = match req.request_context_ref() {
            Some(lambda_http::request::RequestContext::ApiGatewayV2(ctx)) => {
                ctx.route_key.clone().unwrap_or_default()
            }
            _ => String::new(),
        };
        let span = tracing::info_span!("request", request_id = %request_id, route = %route);
        let router = router.clone();
        let calls = calls.clone();
        async move {
            let (started, calls_before) = (std::time::Instant::now(), calls.get());
            let res = router.oneshot(req).await;
            if let Ok(r) = &res {
                tracing::info!(
                    status = r.status().as_u16(),
                    ms = started.elapsed().as_millis() as u64,
                    dynamodb_calls = calls.get() - calls_before,
                    "done"
                );
            }
            res
        }
        .instrument(span)
    }))
    .await
}
