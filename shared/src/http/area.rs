//! An `Area` is the set of routes one Lambda serves. It records each route's
//! method, path and access as it registers the handler, so the local gateway,
//! the Lambda runtime and the route-consistency test all read one list.

use crate::auth::{bearer, Principal};
use crate::error::AppError;
use crate::App;
use axum::handler::Handler;
use axum::routing::{on, MethodFilter};
use axum::Router;
use http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No session needed (sign-in, links, password reset).
    Public,
    /// Behind the authorizer.
    Protected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

pub struct Area {
    /// The template's function this area runs as (logical id).
    pub function: &'static str,
    pub routes: Vec<RouteInfo>,
    public: Router<App>,
    protected: Router<App>,
}

fn filter(m: &Method) -> MethodFilter {
    match *m {
        Method::GET => MethodFilter::GET,
        Method::POST => MethodFilter::POST,
        Method::PUT => MethodFilter::PUT,
        Method::PATCH => MethodFilter::PATCH,
        Method::DELETE => MethodFilter::DELETE,
        _ => panic!("unsupported method {m}"),
    }
}

impl Area {
    pub fn new(function: &'static str) -> Area {
        Area {
            function,
            routes: Vec::new(),
            public: Router::new(),
            protected: Router::new(),
        }
    }

    pub fn public<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Area
    where
        H: Handler<T, App>,
        T: 'static,
    {
        self.public = self.public.route(path, on(filter(&method), handler));
        self.routes.push(RouteInfo {
            method,
            path,
            access: Access::Public,
        });
        self
    }

    pub fn protected<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Area
    where
        H: Handler<T, App>,
        T: 'static,
    {
        self.protected = self.protected.route(path, on(filter(&method), handler));
        self.routes.push(RouteInfo {
            method,
            path,
            access: Access::Protected,
        });
        self
    }

    /// The router as the local gateway runs it: the authorizer runs in-process
    /// in front of the protected routes, exactly as API Gateway runs it in AWS.
    pub fn local_router(self, app: App) -> Router {
        let authorizer = axum::middleware::from_fn_with_state(app.clone(), local_authorizer);
        self.public
            .merge(self.protected.route_layer(authorizer))
            .with_state(app)
    }

    /// The router as the Lambda runs it: API Gateway has already run the
    /// authorizer; its context becomes the [`Principal`].
    pub fn lambda_router(self, app: App) -> Router {
        let from_context = axum::middleware::from_fn(principal_from_authorizer_context);
        self.public
            .merge(self.protected.route_layer(from_context))
            .with_state(app)
    }
}

async fn local_authorizer(
    axum::extract::State(app): axum::extract::State<App>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, AppError> {
    let header = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let principal = crate::auth::authorize(&app, bearer(header)).await?;
    req.extensions_mut().insert(principal);
    Ok(next.run(req).await)
}

async fn principal_from_authorizer_context(
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, AppError> {
    use lambda_http::request::RequestContext;
    let principal = match req.extensions().get::<RequestContext>() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx
            .authorizer
            .as_ref()
            .and_then(|a| Principal::from_context(&a.fields)),
        _ => None,
    };
    let principal = principal.ok_or_else(|| AppError::Unauthenticated {
        code: "session_invalid",
        message: "ログインしてください。".into(),
    })?;
    req.extensions_mut().insert(principal);
    Ok(next.run(req).await)
}
