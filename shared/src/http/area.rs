//! An `Area` is the set of routes one Lambda serves. It records each route's
//! method, path and access as it registers the handler, so the local gateway,
//! the Lambda runtime and the route-consistency test all read one list.

use crate::auth::{cookie, Principal};
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
    /// The IAM actions its code calls (`dynamodb:GetItem`, …): exactly what
    /// the template grants the function, and what the test suite observes
    /// it use (tests/tests/grants.rs).
    pub grants: &'static [&'static str],
    pub routes: Vec<RouteInfo>,
    /// Whether protected writes of this area stop during maintenance windows.
    guard_writes: bool,
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
            grants: &[],
            routes: Vec::new(),
            guard_writes: true,
            public: Router::new(),
            protected: Router::new(),
        }
    }

    /// The IAM actions the area's code calls.
    pub fn grants(mut self, grants: &'static [&'static str]) -> Area {
        self.grants = grants;
        self
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

    /// Sign-in and own-account routes keep working during maintenance, so
    /// users can still sign in and read.
    pub fn open_during_maintenance(mut self) -> Area {
        self.guard_writes = false;
        self
    }

    /// An area of public routes only (the finder) has no layers to add:
    /// axum refuses a route layer on an empty router.
    fn has_protected(&self) -> bool {
        self.routes.iter().any(|r| r.access == Access::Protected)
    }

    /// The protected routes, behind the maintenance guard unless exempt.
    fn guarded(protected: Router<App>, guard_writes: bool, app: &App) -> Router<App> {
        if guard_writes {
            protected.route_layer(axum::middleware::from_fn_with_state(
                app.clone(),
                maintenance_guard,
            ))
        } else {
            protected
        }
    }

    /// The router as the local gateway runs it: the authorizer runs in-process
    /// in front of the protected routes, exactly as API Gateway runs it in AWS.
    pub fn local_router(self, app: App) -> Router {
        let function = self.function;
        // Every AWS call made while serving a route is the code of this
        // area's function (the permissions test reads what each one needs).
        let as_function = axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                crate::grants::as_function(function, next.run(req))
            },
        );
        if !self.has_protected() {
            return self
                .public
                .with_state(app)
                .route_layer(as_function)
                .route_layer(axum::middleware::from_fn(short_ids));
        }
        let authorizer = axum::middleware::from_fn_with_state(app.clone(), local_authorizer);
        let protected =
            Self::guarded(self.protected, self.guard_writes, &app).route_layer(authorizer);
        self.public
            .merge(protected)
            .with_state(app)
            .route_layer(as_function)
            .route_layer(axum::middleware::from_fn(short_ids))
    }

    /// The router as the Lambda runs it: API Gateway has already run the
    /// authorizer; its context becomes the [`Principal`].
    pub fn lambda_router(self, app: App) -> Router {
        let short_ids = axum::middleware::from_fn(short_ids);
        if !self.has_protected() {
            return self.public.with_state(app).route_layer(short_ids);
        }
        let from_context = axum::middleware::from_fn(principal_from_authorizer_context);
        let protected =
            Self::guarded(self.protected, self.guard_writes, &app).route_layer(from_context);
        self.public
            .merge(protected)
            .with_state(app)
            .route_layer(short_ids)
    }
}

/// The longest path segment any record's id has (V-SYS IDs, org ids, codes).
const MAX_SEGMENT: usize = 128;

/// An over-long id in the path is bad input (400), not a key the store
/// refuses (which would surface as an internal error).
async fn short_ids(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, AppError> {
    if req
        .uri()
        .path()
        .split('/')
        .any(|seg| seg.len() > MAX_SEGMENT)
    {
        return Err(AppError::invalid("path", "URLに含まれるIDが長すぎます。"));
    }
    Ok(next.run(req).await)
}

/// Paths that stay writable in a maintenance window: ending or moving the
/// window itself.
const MAINTENANCE_PATHS: &str = "/maintenance-windows";

/// During a maintenance window every write answers 503 with the end time and
/// changes nothing; reads keep working. The windows are data (one item).
async fn maintenance_guard(
    axum::extract::State(app): axum::extract::State<App>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, AppError> {
    let read = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !read && !req.uri().path().starts_with(MAINTENANCE_PATHS) {
        let now = app.now();
        let windows = crate::store::supply::maintenance(&app).await?;
        if let Some(w) = crate::domain::cool::maintenance_at(&windows.windows, now) {
            return Err(AppError::Unavailable {
                message: format!(
                    "ただいまメンテナンス中のため、登録・変更はできません。{}以降に再度お試しください。",
                    crate::clock::to_jst_display(w.until)
                ),
                retry_after_secs: (w.until - now).num_seconds().max(1) as u64,
            });
        }
    }
    Ok(next.run(req).await)
}

async fn local_authorizer(
    axum::extract::State(app): axum::extract::State<App>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, AppError> {
    let headers = req.headers();
    fn text(v: &http::HeaderValue) -> Option<&str> {
        v.to_str().ok()
    }
    let is_read = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let token = cookie::credential(
        headers.get(http::header::AUTHORIZATION).and_then(text),
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(text),
        is_read,
        headers.get(cookie::CLIENT_HEADER).and_then(text),
    )
    .map_err(|_| AppError::from(crate::error::codes::CLIENT_MARK_MISSING))?;
    let principal =
        crate::grants::as_function("AuthorizerFunction", crate::auth::authorize(&app, token))
            .await?;
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
        code: crate::error::codes::SESSION_INVALID,
        message: "ログインしてください。".into(),
    })?;
    req.extensions_mut().insert(principal);
    Ok(next.run(req).await)
}
