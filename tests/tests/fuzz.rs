//! Contract fuzzing: schemathesis generates requests for every operation of
//! `infra/openapi.yaml` (valid and invalid ones) against a real stack, once
//! as the national office and once as a site. No answer may be a server
//! error, and every answer must have a status the contract lists for the
//! route and conform to its schema. Run by `infra/test.sh` with the
//! schemathesis it installs (`VSYS_SCHEMATHESIS`); bounded examples per
//! operation keep it to a few minutes.

use vsys_e2e::Stack;

const EXAMPLES: &str = "12";

async fn fuzz_as(st: &Stack, who: &str, token: &str) {
    let st_bin = std::env::var("VSYS_SCHEMATHESIS")
        .expect("VSYS_SCHEMATHESIS names the schemathesis command (infra/test.sh sets it)");
    let contract = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/openapi.yaml");
    let report = std::env::temp_dir().join(format!("vsys-fuzz-{who}-{}", vsys_e2e::unique()));
    // Run from a scratch folder: schemathesis keeps a cache where it runs.
    let scratch = std::env::temp_dir().join(format!("vsys-fuzz-run-{who}-{}", vsys_e2e::unique()));
    std::fs::create_dir_all(&scratch).unwrap();
    let out = tokio::process::Command::new(st_bin)
        .current_dir(&scratch)
        .args([
            "run",
            contract,
            "--url",
            &st.base,
            "--header",
            &format!("Authorization: Bearer {token}"),
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples",
            EXAMPLES,
            "--phases",
            "examples,fuzzing",
            "--seed",
            "2021",
            "--generation-database",
            "none",
            "--workers",
            "2",
            "--no-color",
            // Ending the session would leave the rest of the run signed out.
            "--exclude-path",
            "/auth/sign-out",
            "--report-dir",
            report.to_str().unwrap(),
        ])
        .output()
        .await
        .expect("schemathesis runs");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(
        out.status.success(),
        "schemathesis as {who} found answers the contract does not allow:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
#[ignore = "run by infra/test.sh with schemathesis installed"]
async fn every_operation_answers_within_its_contract() {
    let st = Stack::start("2021-04-19T10:00:00+09:00").await;
    let admin = st.national_admin().await;
    let site = st
        .site(&admin, "1310000001", "千代田クリニック", "131016")
        .await;
    fuzz_as(&st, "national", &admin.token).await;
    fuzz_as(&st, "site", &site.token).await;
}
