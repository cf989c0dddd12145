//! Running an area on AWS Lambda: build `App` once per cold start, then serve
//! the area's router for every API Gateway event.

use crate::http::Area;
use crate::App;
use tracing::Instrument;

/// The whole `main` of an HTTP function.
pub async fn serve(area: fn() -> Area) -> Result<(), lambda_http::Error> {
    crate::logging::init();
    let app = App::from_env().await.map_err(|e| lambda_http::Error::from(e.to_string()))?;
    let router = area().lambda_router(app);
    let svc = tower::ServiceBuilder::new().map_request(|req: lambda_http::Request| req).service(router);
    lambda_http::run(tower::service_fn(move |req: lambda_http::Request| {
        use lambda_http::RequestExt;
        let request_id = req.lambda_context_ref().map(|c| c.request_id.clone()).unwrap_or_default();
        let span = tracing::info_span!("request", request_id = %request_id, method = %req.method(), path = %req.uri().path());
        let mut svc = svc.clone();
        async move {
            use tower::Service;
            let res = svc.call(req).await;
            if let Ok(r) = &res {
                tracing::info!(status = r.status().as_u16(), "done");
            }
            res
        }
        .instrument(span)
    }))
    .await
}

pub use lambda_http::Error;
