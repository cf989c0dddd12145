//! Least privilege, checked where the emulator cannot: it does not enforce
//! IAM, so this is the one place a missing or surplus permission shows.
//!
//! - Every function's code declares the IAM actions it calls (`Area::grants`,
//!   `vsys_scheduler::GRANTS`, `vsys::auth::AUTHORIZER_GRANTS`), and the
//!   template grants exactly those.
//! - The test command records every AWS call the end-to-end suite makes, with
//!   the function whose code made it (`VSYS_OBSERVED_GRANTS`), and then runs
//!   `observed_calls_match_the_declared_grants`: each call was granted, and
//!   each grant was used.

use std::collections::{BTreeMap, BTreeSet};

fn declared() -> BTreeMap<String, BTreeSet<String>> {
    let mut d: BTreeMap<String, BTreeSet<String>> = vsys_local::areas()
        .into_iter()
        .map(|a| {
            (
                a.function.to_string(),
                a.grants.iter().map(|g| g.to_string()).collect(),
            )
        })
        .collect();
    d.insert(
        "SchedulerFunction".into(),
        vsys_scheduler::GRANTS
            .iter()
            .map(|g| g.to_string())
            .collect(),
    );
    d.insert(
        "AuthorizerFunction".into(),
        vsys::auth::AUTHORIZER_GRANTS
            .iter()
            .map(|g| g.to_string())
            .collect(),
    );
    d
}

#[test]
fn the_template_grants_exactly_what_each_function_declares() {
    let declared = declared();
    let template = vsys::template::grants();
    let names: BTreeSet<&str> = template.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        declared.keys().map(String::as_str).collect(),
        "every function declares its grants"
    );
    for (function, statements) in &template {
        let granted: BTreeSet<String> = statements
            .iter()
            .flat_map(|s| s.actions.iter().cloned())
            .collect();
        assert_eq!(&granted, &declared[function], "{function}");
        for s in statements {
            for a in &s.actions {
                assert!(!a.contains('*'), "{function}: no wildcard actions ({a})");
            }
            for r in &s.resources {
                assert!(r != "*", "{function}: no wildcard resources");
            }
        }
    }
    // The public finder reads its own index of published fields, the open
    // data files and, of the table itself, only the CONFIG partition (the
    // maintenance windows every screen shows) and the published notices'
    // partitions.
    let public = &template
        .iter()
        .find(|(n, _)| n == "PublicFunction")
        .unwrap()
        .1;
    assert_eq!(public.len(), 4);
    assert_eq!(public[0].resources, vec!["${Table.Arn}/index/GSI3"]);
    assert_eq!(
        (public[1].actions.clone(), public[1].resources.clone()),
        (vec!["s3:GetObject".to_string()], vec!["${DocumentsBucket.Arn}/open-data/*".to_string()])
    );
    assert_eq!(
        (public[2].actions.clone(), public[2].resources.clone()),
        (
            vec!["dynamodb:GetItem".to_string()],
            vec!["Table.Arn".to_string()]
        )
    );
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../template.yaml")).unwrap();
    let public_fn = &text[text.find("\n  PublicFunction:").unwrap()..];
    let public_fn = &public_fn[..public_fn[1..].find("\n  # ").unwrap_or(public_fn.len())];
    assert!(
        public_fn.contains("dynamodb:LeadingKeys: [CONFIG]"),
        "the public function's GetItem is held to the CONFIG partition"
    );
    assert_eq!(
        (public[3].actions.clone(), public[3].resources.clone()),
        (vec!["dynamodb:Query".to_string()], vec!["Table.Arn".to_string()])
    );
    assert!(
        public_fn.contains(r#"dynamodb:LeadingKeys: ["NOTICEPUB#*"]"#),
        "the public function's Query of the table is held to the published notices"
    );
    // The authorizer reads and touches the table itself, no index.
    let authorizer = &template
        .iter()
        .find(|(n, _)| n == "AuthorizerFunction")
        .unwrap()
        .1;
    assert_eq!(authorizer[0].resources, vec!["Table.Arn"]);
}

/// Run by the test command after the end-to-end suite, with the file it
/// recorded (ignored otherwise: alone it has nothing to read).
#[test]
#[ignore]
fn observed_calls_match_the_declared_grants() {
    let path =
        std::env::var("VSYS_OBSERVED_GRANTS").expect("VSYS_OBSERVED_GRANTS names the record");
    let text = std::fs::read_to_string(&path).expect("the suite recorded its calls");
    let mut observed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in text.lines() {
        let (function, action) = line.split_once(' ').expect("function action");
        // Set-up of the local stack and the tests' own reads are no function's code.
        if function == "(none)" {
            continue;
        }
        observed
            .entry(function.to_string())
            .or_default()
            .insert(action.to_string());
    }
    let declared = declared();
    for (function, actions) in &observed {
        let granted = declared
            .get(function)
            .unwrap_or_else(|| panic!("{function} is no function of the template"));
        let missing: Vec<&String> = actions.difference(granted).collect();
        assert!(
            missing.is_empty(),
            "{function} calls {missing:?} without a grant"
        );
    }
    for (function, granted) in &declared {
        let used = observed.get(function).cloned().unwrap_or_default();
        let unused: Vec<&String> = granted.difference(&used).collect();
        assert!(
            unused.is_empty(),
            "{function} is granted {unused:?}, which no test saw it use"
        );
    }
}
