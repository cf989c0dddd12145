//! What an operator relies on is in the template: every function is
//! published behind an alias and deployed gradually with a rollback on its
//! own errors alarm and the API's; every function, every dead-letter queue
//! and every scheduled job's dead letters have an alarm; every alarm goes
//! to the topic whose mailbox is a stack parameter; the table is backed up
//! for the five years vaccination records are kept.

use serde_norway::Value;
use std::collections::BTreeSet;

fn template() -> Value {
    serde_norway::from_str(vsys::template::TEMPLATE_YAML).unwrap()
}

fn untag(v: &Value) -> &Value {
    match v {
        Value::Tagged(t) => &t.value,
        other => other,
    }
}

/// The logical id a `!Ref X` or `!GetAtt X.Attr` names.
fn target(v: &Value) -> Option<String> {
    match v {
        Value::Tagged(t) => {
            let s = t.value.as_str()?;
            Some(s.split('.').next()?.to_string())
        }
        _ => None,
    }
}

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(String, &'a Value)> {
    t["Resources"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"].as_str() == Some(ty))
        .map(|(k, r)| (k.as_str().unwrap().to_string(), r))
        .collect()
}

/// The resources each alarm watches (dimensions of its metric or metrics).
fn watched(alarm: &Value) -> BTreeSet<String> {
    let p = &alarm["Properties"];
    let mut dims: Vec<&Value> = p["Dimensions"].as_sequence().map(|d| d.iter().collect()).unwrap_or_default();
    for m in p["Metrics"].as_sequence().into_iter().flatten() {
        if let Some(d) = m["MetricStat"]["Metric"]["Dimensions"].as_sequence() {
            dims.extend(d.iter());
        }
    }
    dims.iter().filter_map(|d| target(&d["Value"])).collect()
}

#[test]
fn every_function_deploys_gradually_behind_an_alias_and_rolls_back_on_its_alarms() {
    let t = template();
    let globals = &t["Globals"]["Function"];
    assert_eq!(globals["AutoPublishAlias"].as_str(), Some("live"));
    assert_eq!(target(&globals["DeploymentPreference"]["Type"]).as_deref(), Some("DeploymentType"));
    assert!(t["Parameters"]["DeploymentType"]["AllowedValues"].as_sequence().unwrap().iter().any(|v| v.as_str() == Some("Canary10Percent5Minutes")));
    let global_alarms: BTreeSet<String> = globals["DeploymentPreference"]["Alarms"].as_sequence().unwrap().iter().filter_map(target).collect();
    assert_eq!(global_alarms, ["ApiErrorRateAlarm", "ApiLatencyAlarm"].map(String::from).into());
    let functions = of_type(&t, "AWS::Serverless::Function");
    assert_eq!(functions.len(), 15);
    for (name, f) in &functions {
        let p = &f["Properties"];
        assert!(p["AutoPublishAlias"].is_null(), "{name} keeps the global alias");
        let own: Vec<String> = p["DeploymentPreference"]["Alarms"].as_sequence().unwrap_or_else(|| panic!("{name}: no rollback alarm")).iter().filter_map(target).collect();
        assert_eq!(own, vec![format!("{name}ErrorsAlarm")], "{name}");
    }
    // The API calls the authorizer's alias, not its latest code.
    let auth = &t["Resources"]["HttpApi"]["Properties"]["Auth"]["Authorizers"]["SessionAuthorizer"]["FunctionArn"];
    assert_eq!(untag(auth).as_str(), Some("AuthorizerFunction.Alias"));
}

#[test]
fn every_function_and_dead_letter_queue_has_an_alarm_to_the_parameters_topic() {
    let t = template();
    let alarms = of_type(&t, "AWS::CloudWatch::Alarm");
    let watched_by = |res: &str, metric: &str| {
        alarms.iter().any(|(_, a)| watched(a).contains(res) && a["Properties"]["MetricName"].as_str() == Some(metric))
    };
    for (name, _) in of_type(&t, "AWS::Serverless::Function") {
        assert!(watched_by(&name, "Errors"), "{name} has no errors alarm");
        assert!(watched_by(&name, "Throttles"), "{name} has no throttles alarm");
    }
    let queues = of_type(&t, "AWS::SQS::Queue");
    assert!(!queues.is_empty());
    for (name, _) in &queues {
        assert!(watched_by(name, "ApproximateNumberOfMessagesVisible"), "{name} has no alarm");
    }
    // Every scheduled job's dead letters go to a queue of the template
    // (none to a queue SAM would make without an alarm).
    let queue_names: BTreeSet<&str> = queues.iter().map(|(n, _)| n.as_str()).collect();
    for (name, f) in of_type(&t, "AWS::Serverless::Function") {
        for (event, e) in f["Properties"]["Events"].as_mapping().into_iter().flatten() {
            if e["Type"].as_str() == Some("ScheduleV2") {
                let dlq = target(&e["Properties"]["DeadLetterConfig"]["Arn"]);
                assert!(dlq.as_deref().is_some_and(|q| queue_names.contains(q)), "{name}.{event:?}: {dlq:?}");
            }
        }
    }
    // The API, the table, the mail reputation and the outbox are watched.
    for (res, alarm) in [("HttpApi", "ApiErrorRateAlarm"), ("HttpApi", "ApiLatencyAlarm"), ("Table", "TableThrottlesAlarm"), ("Table", "TableSystemErrorsAlarm")] {
        assert!(watched(&t["Resources"][alarm]).contains(res), "{alarm}");
    }
    for alarm in ["MailBounceRateAlarm", "MailComplaintRateAlarm", "OutboxStaleAlarm"] {
        assert!(t["Resources"][alarm].is_mapping(), "{alarm}");
    }
    // Every alarm tells the topic, whose mailbox is a parameter.
    for (name, a) in &alarms {
        let actions: Vec<String> = a["Properties"]["AlarmActions"].as_sequence().unwrap().iter().filter_map(target).collect();
        assert_eq!(actions, vec!["AlarmTopic".to_string()], "{name}");
    }
    let topic = &t["Resources"]["AlarmTopic"]["Properties"]["Subscription"][0];
    assert_eq!((topic["Protocol"].as_str(), target(&topic["Endpoint"]).as_deref()), (Some("email"), Some("AlarmEmail")));
    assert_eq!(t["Parameters"]["AlarmEmail"]["Type"].as_str(), Some("String"));
}

#[test]
fn the_table_is_backed_up_for_five_years_and_recoverable_to_a_point_in_time() {
    let t = template();
    let table = &t["Resources"]["Table"]["Properties"];
    assert_eq!(table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"].as_bool(), Some(true));
    let rules = t["Resources"]["BackupPlan"]["Properties"]["BackupPlan"]["BackupPlanRule"].as_sequence().unwrap();
    let kept: Vec<u64> = rules.iter().filter_map(|r| r["Lifecycle"]["DeleteAfterDays"].as_u64()).collect();
    assert_eq!(kept, vec![35, 5 * 365]);
    let selected: Vec<String> = t["Resources"]["BackupSelection"]["Properties"]["BackupSelection"]["Resources"].as_sequence().unwrap().iter().filter_map(target).collect();
    assert_eq!(selected, vec!["Table".to_string()]);
    let bucket = &t["Resources"]["DocumentsBucket"]["Properties"];
    assert_eq!(bucket["VersioningConfiguration"]["Status"].as_str(), Some("Enabled"));
    assert!(bucket["LifecycleConfiguration"]["Rules"].as_sequence().unwrap().iter().any(|r| r["NoncurrentVersionExpiration"].is_mapping()));
}
