//! Reads `template.yaml`, the one source of truth for the table's keys and
//! indexes, the resource names, the routes and the schedules. The local stack
//! creates its table from here and the tests compare routes against it, so no
//! second hand-written copy exists to drift.

use serde_norway::Value;
use std::sync::OnceLock;

pub const TEMPLATE_YAML: &str = include_str!("../../template.yaml");

/// Account and region the local emulator answers with.
pub const EMULATOR_ACCOUNT: &str = "123456789012";
pub const EMULATOR_REGION: &str = "ap-northeast-1";

fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_norway::from_str(TEMPLATE_YAML).expect("template.yaml is valid YAML"))
}

fn untag(v: &Value) -> &Value {
    match v {
        Value::Tagged(t) => &t.value,
        other => other,
    }
}

fn tag_of(v: &Value) -> Option<String> {
    match v {
        Value::Tagged(t) => Some(t.tag.to_string()),
        _ => None,
    }
}

fn resources() -> impl Iterator<Item = (&'static str, &'static Value)> {
    doc()["Resources"]
        .as_mapping()
        .expect("template has Resources")
        .iter()
        .map(|(k, v)| (k.as_str().expect("resource names are strings"), v))
}

fn resource_of_type(ty: &str) -> &'static Value {
    resources()
        .find(|(_, r)| r["Type"].as_str() == Some(ty))
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("template has no {ty}"))
}

/// Resolves `!Sub` / `!Ref` / plain strings for a stage, with the emulator's account and region.
pub fn resolve(v: &Value, stage: &str) -> String {
    let param_default = |name: &str| -> String {
        if name == "Stage" {
            return stage.to_string();
        }
        doc()["Parameters"][name]["Default"]
            .as_str()
            .unwrap_or_else(|| panic!("parameter {name} has no default"))
            .to_string()
    };
    match tag_of(v).as_deref() {
        Some("!Ref") => param_default(untag(v).as_str().expect("!Ref name")),
        Some("!Sub") => {
            let mut s = untag(v)
                .as_str()
                .expect("!Sub takes a string here")
                .to_string();
            s = s
                .replace("${AWS::AccountId}", EMULATOR_ACCOUNT)
                .replace("${AWS::Region}", EMULATOR_REGION);
            while let Some(start) = s.find("${") {
                let end = s[start..].find('}').expect("closed ${") + start;
                let name = s[start + 2..end].to_string();
                s.replace_range(start..=end, &param_default(&name));
            }
            s
        }
        _ => v.as_str().expect("plain string").to_string(),
    }
}

#[derive(Debug, Clone)]
pub struct TableDef {
    pub name: String,
    /// (attribute, type) pairs.
    pub attributes: Vec<(String, String)>,
    /// (attribute, HASH|RANGE).
    pub key: Vec<(String, String)>,
    /// (index name, key, projection type).
    pub indexes: Vec<IndexDef>,
    pub ttl_attribute: String,
}

fn key_schema(v: &Value) -> Vec<(String, String)> {
    v.as_sequence()
        .expect("KeySchema list")
        .iter()
        .map(|k| {
            (
                k["AttributeName"].as_str().unwrap().to_string(),
                k["KeyType"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A global secondary index as the template declares it.
#[derive(Debug, Clone)]
pub struct IndexDef {
    pub name: String,
    pub key: Vec<(String, String)>,
    /// `ALL`, `KEYS_ONLY` or `INCLUDE`…
    pub projection: String,
    /// …with the attributes an `INCLUDE` projection carries.
    pub included: Vec<String>,
}

/// The DynamoDB table as the template declares it, named for `stage`.
pub fn table(stage: &str) -> TableDef {
    let p = &resource_of_type("AWS::DynamoDB::Table")["Properties"];
    TableDef {
        name: resolve(&p["TableName"], stage),
        attributes: p["AttributeDefinitions"]
            .as_sequence()
            .expect("AttributeDefinitions")
            .iter()
            .map(|a| {
                (
                    a["AttributeName"].as_str().unwrap().to_string(),
                    a["AttributeType"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
        key: key_schema(&p["KeySchema"]),
        indexes: p["GlobalSecondaryIndexes"]
            .as_sequence()
            .map(|s| {
                s.iter()
                    .map(|g| IndexDef {
                        name: g["IndexName"].as_str().unwrap().to_string(),
                        key: key_schema(&g["KeySchema"]),
                        projection: g["Projection"]["ProjectionType"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                        included: g["Projection"]["NonKeyAttributes"]
                            .as_sequence()
                            .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        ttl_attribute: p["TimeToLiveSpecification"]["AttributeName"]
            .as_str()
            .expect("TTL attribute")
            .to_string(),
    }
}

/// The documents bucket's name for `stage`.
pub fn bucket_name(stage: &str) -> String {
    resolve(
        &resource_of_type("AWS::S3::Bucket")["Properties"]["BucketName"],
        stage,
    )
}

/// The SES identity mail is sent from.
pub fn mail_identity(stage: &str) -> String {
    resolve(
        &resource_of_type("AWS::SES::EmailIdentity")["Properties"]["EmailIdentity"],
        stage,
    )
}

/// A default of the template's parameters.
pub fn parameter_default(name: &str) -> Option<String> {
    let v = &doc()["Parameters"][name]["Default"];
    v.as_str().map(str::to_string).or_else(|| v.as_u64().map(|n| n.to_string()))
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TemplateRoute {
    pub method: String,
    pub path: String,
    /// False where the route opts out of the authorizer (`Authorizer: NONE`).
    pub protected: bool,
    pub function: String,
}

/// Every HTTP API route of every function.
pub fn routes() -> Vec<TemplateRoute> {
    let mut out = Vec::new();
    for (name, r) in resources() {
        if r["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let Some(events) = r["Properties"]["Events"].as_mapping() else {
            continue;
        };
        for (_, e) in events {
            if e["Type"].as_str() != Some("HttpApi") {
                continue;
            }
            let p = &e["Properties"];
            out.push(TemplateRoute {
                method: p["Method"].as_str().expect("Method").to_ascii_uppercase(),
                path: p["Path"].as_str().expect("Path").to_string(),
                protected: p["Auth"]["Authorizer"].as_str() != Some("NONE"),
                function: name.to_string(),
            });
        }
    }
    out.sort();
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSchedule {
    pub function: String,
    pub name: String,
    pub expression: String,
    pub timezone: String,
    /// The `job` named in the schedule's input.
    pub job: String,
}

/// Every scheduled invocation (`ScheduleV2` events).
pub fn schedules() -> Vec<TemplateSchedule> {
    let mut out = Vec::new();
    for (fname, r) in resources() {
        let Some(events) = r["Properties"]["Events"].as_mapping() else {
            continue;
        };
        for (ename, e) in events {
            if e["Type"].as_str() != Some("ScheduleV2") {
                continue;
            }
            let p = &e["Properties"];
            let input: serde_json::Value =
                serde_json::from_str(p["Input"].as_str().expect("schedule Input"))
                    .expect("schedule Input is JSON");
            out.push(TemplateSchedule {
                function: fname.to_string(),
                name: ename.as_str().unwrap().to_string(),
                expression: p["ScheduleExpression"]
                    .as_str()
                    .expect("ScheduleExpression")
                    .to_string(),
                timezone: p["ScheduleExpressionTimezone"]
                    .as_str()
                    .unwrap_or("UTC")
                    .to_string(),
                job: input["job"].as_str().expect("Input.job").to_string(),
            });
        }
    }
    out
}

/// One statement of a function's inline policy: its actions and resources
/// (each resource as written: `${Table.Arn}/index/GSI3`, `Table.Arn`, …).
#[derive(Debug, Clone)]
pub struct Grant {
    pub actions: Vec<String>,
    pub resources: Vec<String>,
}

/// What the template's policies grant each function (logical id → statements).
pub fn grants() -> Vec<(String, Vec<Grant>)> {
    let text = |v: &Value| -> String {
        match untag(v) {
            Value::String(s) => s.clone(),
            Value::Sequence(s) => s
                .iter()
                .map(|x| x.as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("."),
            other => format!("{other:?}"),
        }
    };
    let mut out = Vec::new();
    for (name, r) in resources() {
        if r["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let mut statements = Vec::new();
        for policy in r["Properties"]["Policies"]
            .as_sequence()
            .into_iter()
            .flatten()
        {
            for st in policy["Statement"].as_sequence().into_iter().flatten() {
                let list = |v: &Value| -> Vec<String> {
                    match v.as_sequence() {
                        Some(s) => s.iter().map(text).collect(),
                        None => vec![text(v)],
                    }
                };
                statements.push(Grant {
                    actions: list(&st["Action"]),
                    resources: list(&st["Resource"]),
                });
            }
        }
        out.push((name.to_string(), statements));
    }
    out
}
