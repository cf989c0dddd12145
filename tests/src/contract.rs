//! Every answer the end-to-end tests receive is checked against
//! `infra/openapi.yaml`: its route must be in the contract, its status listed
//! for that route, and a JSON body must conform to the schema given there.
//! The browser UI is typed from the same contract, so a handler that answers
//! something else fails here before it breaks a screen.
//!
//! OpenAPI 3.0 schemas are JSON Schema with `nullable`; they are rewritten to
//! plain JSON Schema (`type: [T, "null"]`) once, and each response schema is
//! compiled on first use.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

struct Route {
    method: String,
    template: String,
    segments: Vec<String>,
}

struct Contract {
    doc: Value,
    routes: Vec<Route>,
    compiled: Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>,
}

static CONTRACT: LazyLock<Contract> = LazyLock::new(|| {
    let yaml: Value = serde_norway::from_str(include_str!("../../infra/openapi.yaml"))
        .expect("infra/openapi.yaml parses");
    let mut doc = yaml;
    plain_json_schema(&mut doc);
    let mut routes = Vec::new();
    for (template, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            routes.push(Route {
                method: method.to_ascii_uppercase(),
                template: template.clone(),
                segments: template.split('/').map(str::to_string).collect(),
            });
        }
    }
    Contract {
        doc,
        routes,
        compiled: Mutex::new(HashMap::new()),
    }
});

/// `nullable: true` → the type also admits null (JSON Schema has no
/// `nullable`); everything else is JSON Schema already.
fn plain_json_schema(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                match map.get("type").cloned() {
                    Some(Value::String(t)) => {
                        map.insert("type".into(), json!([t, "null"]));
                        // An enum must admit null too.
                        if let Some(Value::Array(e)) = map.get_mut("enum") {
                            e.push(Value::Null);
                        }
                    }
                    _ => {
                        let inner = Value::Object(std::mem::take(map));
                        map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                    }
                }
            }
            for child in map.values_mut() {
                plain_json_schema(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(plain_json_schema),
        _ => {}
    }
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The contract's route for a request path (`/accounts/abc` →
/// `/accounts/{vsys_id}`); literal segments win over parameters.
fn route_of(method: &str, path: &str) -> Option<&'static Route> {
    let segs: Vec<&str> = path.split('/').collect();
    CONTRACT
        .routes
        .iter()
        .filter(|r| r.method == method && r.segments.len() == segs.len())
        .filter(|r| {
            r.segments
                .iter()
                .zip(&segs)
                .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
        })
        .min_by_key(|r| r.segments.iter().filter(|t| t.starts_with('{')).count())
}

/// Checks one answer; `Err` says what the contract does not allow.
pub fn check(method: &str, path: &str, status: u16, body: &Value) -> Result<(), String> {
    let path = path.split('?').next().unwrap_or(path);
    if path.starts_with("/_local/") {
        return Ok(()); // local controls, not part of the API
    }
    let route = route_of(method, path)
        .ok_or_else(|| format!("{method} {path} is not in infra/openapi.yaml"))?;
    let op_pointer = format!(
        "/paths/{}/{}",
        pointer_escape(&route.template),
        route.method.to_ascii_lowercase()
    );
    let op = CONTRACT.doc.pointer(&op_pointer).expect("operation");
    let code = status.to_string();
    let Some(mut response) = op["responses"].get(&code) else {
        return Err(format!(
            "{method} {} answered {status}, which infra/openapi.yaml does not list: {body}",
            route.template
        ));
    };
    let mut resp_pointer = format!("{op_pointer}/responses/{code}");
    if let Some(r) = response.get("$ref").and_then(Value::as_str) {
        resp_pointer = r.trim_start_matches('#').to_string();
        response = CONTRACT.doc.pointer(&resp_pointer).expect("response ref");
    }
    let Some(schema_holder) = response.pointer("/content/application~1json") else {
        return if body.is_null() {
            Ok(())
        } else {
            Err(format!(
                "{method} {} {status}: the contract declares no JSON body, got {body}",
                route.template
            ))
        };
    };
    if schema_holder.get("schema").is_none() {
        return Err(format!("{method} {} {status}: no schema", route.template));
    }
    let schema_pointer = format!("{resp_pointer}/content/application~1json/schema");
    let validator = {
        let mut cache = CONTRACT.compiled.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(schema_pointer.clone())
            .or_insert_with(|| {
                // The whole document as the root, so every `$ref` resolves;
                // the schema itself is reached through a `$ref` to it.
                let mut root = CONTRACT.doc.clone();
                // A URI fragment: the braces of path templates are percent-encoded.
                let fragment = schema_pointer.replace('{', "%7B").replace('}', "%7D");
                root["$ref"] = json!(format!("#{fragment}"));
                std::sync::Arc::new(
                    jsonschema::draft202012::options()
                        .build(&root)
                        .unwrap_or_else(|e| panic!("schema at {schema_pointer}: {e}")),
                )
            })
            .clone()
    };
    let errors: Vec<String> = validator
        .iter_errors(body)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{method} {} {status} does not conform to infra/openapi.yaml:\n  {}\nbody: {body}",
            route.template,
            errors.join("\n  ")
        ))
    }
}

/// Holds an answer to the contract: a test fails on an answer the contract
/// does not allow. With `VSYS_CONTRACT_SAMPLES` set, answers are appended
/// to that file instead (one JSON line each), to write the contract from.
pub fn hold(method: &str, path: &str, status: u16, body: &Value) {
    if let Ok(file) = std::env::var("VSYS_CONTRACT_SAMPLES") {
        use std::io::Write;
        let path = path.split('?').next().unwrap_or(path);
        let route = route_of(method, path).map_or(path.to_string(), |r| r.template.clone());
        let line = json!({"method": method, "route": route, "status": status, "body": body});
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .expect("samples file");
        writeln!(f, "{line}").expect("sample written");
        return;
    }
    if let Err(e) = check(method, path, status, body) {
        panic!("{e}");
    }
}
