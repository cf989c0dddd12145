//! In AWS, API Gateway runs the authorizer and hands its context to the
//! function: the Lambda router must turn that context into the same
//! `Principal` the local gateway's in-process authorizer produces, and refuse
//! a protected route without it.

use lambda_http::aws_lambda_events::apigw::{
    ApiGatewayRequestAuthorizer, ApiGatewayV2httpRequestContext,
};
use lambda_http::request::RequestContext;
use std::sync::Arc;
use tower::ServiceExt;
use vsys::auth::Principal;
use vsys::domain::org::Role;

fn app() -> vsys::App {
    // No AWS call is made here: /me's handler is never reached without a principal,
    // and the authorizer context is read without DynamoDB.
    let cfg = vsys_local::setup::local_config(vsys::Stage::Production, "http://127.0.0.1:1");
    vsys::App::new(
        &vsys::App::emulator_sdk_config("http://127.0.0.1:1"),
        cfg,
        Arc::new(vsys::clock::SystemClock),
    )
}

fn request(ctx: Option<&Principal>) -> http::Request<lambda_http::Body> {
    let mut req = http::Request::builder()
        .method("POST")
        .uri("/me/consent")
        .body(lambda_http::Body::from("{\"agree\": false}"))
        .unwrap();
    let mut rc = ApiGatewayV2httpRequestContext::default();
    if let Some(p) = ctx {
        let mut a = ApiGatewayRequestAuthorizer::default();
        a.fields = p
            .to_context()
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        rc.authorizer = Some(a);
    }
    req.extensions_mut()
        .insert(RequestContext::ApiGatewayV2(rc));
    req
}

#[tokio::test]
async fn authorizer_context_becomes_the_principal() {
    let p = Principal {
        vsys_id: "m131016-01@v-sys.jp".into(),
        role: Role::Municipality,
        org_id: "muni-131016".into(),
        pref: Some("13".into()),
        muni: Some("131016".into()),
        consented: false,
        session: "0".repeat(64),
    };
    // With the context, the handler runs (and refuses `agree: false` by field).
    let res = vsys_auth::area()
        .lambda_router(app())
        .oneshot(request(Some(&p)))
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body = axum::body::to_bytes(res.into_body(), 4096).await.unwrap();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["field"], "agree");
    // Without it, 401 before any handler.
    let res = vsys_auth::area()
        .lambda_router(app())
        .oneshot(request(None))
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn every_area_builds_its_lambda_router_and_public_routes_need_no_context() {
    // Each function's router is built as its Lambda builds it at start-up
    // (an area of public routes only, like the finder, included).
    for area in vsys_local::areas() {
        let _ = area.lambda_router(app());
    }
    let finder = vsys_local::areas()
        .into_iter()
        .find(|a| a.function == "PublicFunction")
        .expect("the finder's area");
    let req = http::Request::builder()
        .method("GET")
        .uri("/public/areas")
        .body(lambda_http::Body::Empty)
        .unwrap();
    let res = finder.lambda_router(app()).oneshot(req).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=86400");
}
