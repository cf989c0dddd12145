//! One set of routes: the OpenAPI contract, the SAM template and the gateway
//! (the areas the Lambdas run) name the same methods, paths and access; the
//! schedules are valid Japan-time cron expressions naming real jobs.

use std::collections::BTreeSet;
use vsys::domain::cron::Cron;
use vsys::http::Access;

type Route = (String, String, bool);

fn gateway_routes() -> BTreeSet<Route> {
    vsys_local::areas()
        .iter()
        .flat_map(|a| {
            a.routes.iter().map(|r| {
                (
                    r.method.to_string(),
                    r.path.to_string(),
                    r.access == Access::Protected,
                )
            })
        })
        .collect()
}

fn template_routes() -> BTreeSet<Route> {
    vsys::template::routes()
        .into_iter()
        .map(|r| (r.method, r.path, r.protected))
        .collect()
}

fn openapi_routes() -> BTreeSet<Route> {
    let doc: serde_norway::Value =
        serde_norway::from_str(include_str!("../../infra/openapi.yaml")).unwrap();
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for (method, op) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if !["get", "post", "put", "patch", "delete"].contains(&method) {
                continue;
            }
            // `security: []` opts a route out of the session.
            let public = op["security"].as_sequence().is_some_and(|s| s.is_empty());
            out.insert((
                method.to_ascii_uppercase(),
                path.as_str().unwrap().to_string(),
                !public,
            ));
        }
    }
    out
}

#[test]
fn contract_template_and_gateway_name_the_same_routes() {
    let gateway = gateway_routes();
    assert!(gateway.len() >= 20, "{gateway:?}");
    assert_eq!(template_routes(), gateway, "template.yaml vs gateway");
    assert_eq!(openapi_routes(), gateway, "infra/openapi.yaml vs gateway");
}

#[test]
fn each_route_runs_in_the_function_of_its_area() {
    for area in vsys_local::areas() {
        for r in &area.routes {
            let t = vsys::template::routes()
                .into_iter()
                .find(|t| t.method == r.method.as_str() && t.path == r.path)
                .unwrap();
            assert_eq!(t.function, area.function, "{} {}", r.method, r.path);
        }
    }
}

#[test]
fn schedules_are_valid_japan_time_cron_naming_real_jobs() {
    let schedules = vsys::template::schedules();
    assert_eq!(schedules.len(), vsys_scheduler::JOBS.len());
    for s in schedules {
        assert_eq!(s.timezone, "Asia/Tokyo", "{}", s.name);
        Cron::parse(&s.expression).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        assert!(
            vsys_scheduler::JOBS.contains(&s.job.as_str()),
            "{} names unknown job {}",
            s.name,
            s.job
        );
        assert_eq!(s.function, "SchedulerFunction");
    }
}

#[test]
fn the_table_comes_from_the_template() {
    let t = vsys::template::table("training");
    assert_eq!(t.name, "vsys-training");
    assert_eq!(t.ttl_attribute, vsys::store::TTL_ATTRIBUTE);
    let idx: Vec<&str> = t.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(idx, vec!["GSI1", "GSI2", "GSI3"]);
    // The finder's index carries only what a site publishes.
    let finder = t.indexes.iter().find(|i| i.name == "GSI3").unwrap();
    assert_eq!(finder.projection, "INCLUDE");
    assert_eq!(
        finder.included,
        vec!["listing", "reservation_status", "reservation_updated_at"]
    );
    assert_eq!(
        vsys::template::bucket_name("production"),
        "vsys-production-documents-123456789012-ap-northeast-1"
    );
}

#[test]
fn the_contract_lists_exactly_the_error_catalogue() {
    let doc: serde_norway::Value =
        serde_norway::from_str(include_str!("../../infra/openapi.yaml")).unwrap();
    let listed: Vec<&str> = doc["components"]["schemas"]["Error"]["properties"]["error"]["enum"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let catalogue: Vec<&str> = vsys::error::codes::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(
        listed, catalogue,
        "infra/openapi.yaml Error.error vs shared/src/error/codes.rs"
    );
}
