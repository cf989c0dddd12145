//! The end-to-end harness: each test gets its own gateway (the same routers
//! the Lambdas run, the authorizer in front) on a random 127.0.0.1 port, its
//! own table in the emulator, and its own clock. Tests speak HTTP only, and
//! read mail back from the emulator's SES.

pub mod contract;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::sync::Arc;
use vsys::clock::AdjustableClock;
use vsys::{App, Stage};

pub use reqwest::StatusCode;

pub fn emulator() -> String {
    std::env::var("VSYS_ENDPOINT").expect(
        "VSYS_ENDPOINT is not set: run the tests with infra/test.sh, which starts the emulator",
    )
}

pub fn mail_emulator() -> String {
    std::env::var("VSYS_MAIL_ENDPOINT").expect("VSYS_MAIL_ENDPOINT is not set: run the tests with infra/test.sh, which starts the emulator")
}

/// A unique suffix for names and addresses, so parallel tests never meet.
pub fn unique() -> String {
    vsys::auth::random_hex(5).unwrap()
}

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

pub struct Stack {
    pub base: String,
    pub app: App,
    pub clock: Arc<AdjustableClock>,
    pub http: reqwest::Client,
}

#[derive(Debug, Clone)]
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// A finished test's table is deleted, so that the emulator (which keeps
/// everything in memory) holds only the tables of tests still running.
impl Drop for Stack {
    fn drop(&mut self) {
        let table = self.app.cfg.table.clone();
        // Dropped inside the test's runtime, which cannot be blocked on: a
        // thread of its own with a client of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                let ddb = aws_sdk_dynamodb::Client::new(&App::emulator_sdk_config(&emulator()));
                let _ = vsys::store::schema::delete_table(&ddb, &table).await;
            });
        })
        .join();
    }
}

/// A signed-in user of a test.
#[derive(Debug, Clone)]
pub struct Session {
    pub vsys_id: String,
    pub email: String,
    pub password: String,
    pub token: String,
    pub device: String,
}

impl Stack {
    /// A production-stage stack with the clock frozen at `now`.
    pub async fn start(now: &str) -> Stack {
        Stack::start_stage(Stage::Production, now).await
    }

    pub async fn start_stage(stage: Stage, now: &str) -> Stack {
        Stack::start_with(stage, now, &["01", "13", "27", "31"]).await
    }

    /// A stack with the nation, every prefecture, and the municipalities of
    /// `prefectures` only: the emulator copies a table on every transaction
    /// step, so a test that makes hundreds of them keeps its table small.
    pub async fn start_with(stage: Stage, now: &str, prefectures: &[&str]) -> Stack {
        let endpoint = emulator();
        let clock = Arc::new(AdjustableClock::frozen_at(at(now)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut cfg = vsys_local::setup::local_config(stage, &base);
        cfg.table = format!("vsys-test-{}", unique());
        // Each stack has its own service desk, so mail counts are per test.
        cfg.national_office_email = format!("desk-{}@mhlw.example.go.jp", unique());
        let app = App::local(&endpoint, &mail_emulator(), cfg, clock.clone());
        vsys_local::setup::create_resources(&app, stage)
            .await
            .unwrap();
        vsys_local::setup::load_master_data(
            &app,
            |o| o.muni.is_none() || o.pref.as_deref().is_some_and(|p| prefectures.contains(&p)),
            |_, _| {},
        )
        .await
        .unwrap();
        let router = vsys_local::gateway(app.clone(), clock.clone(), Some(mail_emulator()));
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Stack {
            base,
            app,
            clock,
            http: reqwest::Client::new(),
        }
    }

    pub fn set_now(&self, now: &str) {
        self.clock.freeze(at(now));
    }

    pub fn advance(&self, d: chrono::Duration) {
        self.clock.advance(d);
    }

    async fn send(&self, req: reqwest::RequestBuilder, token: Option<&str>) -> (StatusCode, Value) {
        let req = match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        };
        let req = req.build().unwrap();
        let (method, path) = (req.method().to_string(), req.url().path().to_string());
        let res = self.http.execute(req).await.unwrap();
        let status = res.status();
        let json = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let text = res.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        // Every answer is held to the contract (tests/src/contract.rs).
        if json || body.is_null() {
            contract::hold(&method, &path, status.as_u16(), &body);
        }
        (status, body)
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.send(
            self.http.post(format!("{}{path}", self.base)).json(&body),
            token,
        )
        .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: &str,
    ) -> (StatusCode, Value) {
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body.to_string());
        self.send(req, token).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.send(
            self.http.put(format!("{}{path}", self.base)).json(&body),
            token,
        )
        .await
    }

    /// A signed-in account of a new site (医療機関・接種会場) with 10-digit
    /// `code`, named `name`, in municipality `muni`.
    pub async fn site(&self, admin: &Session, code: &str, name: &str, muni: &str) -> Session {
        self.user(
            admin,
            serde_json::json!({"role": "site", "organisation_code": code, "organisation_name": name, "municipality_code": muni}),
        )
        .await
    }

    /// Saves a facility's whole profile on the version it has now (the
    /// screen's "save"); the facility as answered.
    pub async fn save_profile(&self, s: &Session, profile: Value) -> Value {
        let (_, cur) = self.get("/facility", Some(&s.token)).await;
        let (status, v) = self
            .put(
                "/facility",
                Some(&s.token),
                serde_json::json!({"profile": profile, "version": cur["version"]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.send(self.http.delete(format!("{}{path}", self.base)), token)
            .await
    }

    /// Fires a scheduled job now, the documented way; returns its summary.
    pub async fn job(&self, name: &str) -> Value {
        let (s, v) = self
            .post(&format!("/_local/jobs/{name}"), None, json!({}))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["summary"].clone()
    }

    pub fn national_office(&self) -> String {
        self.app.cfg.national_office_email.clone()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.send(self.http.get(format!("{}{path}", self.base)), token)
            .await
    }

    /// Every mail the emulator's SES sent to `to`, oldest first.
    pub async fn mails_to(&self, to: &str) -> Vec<Mail> {
        vsys_local::setup::sent_mail(&mail_emulator(), Some(to))
            .await
            .unwrap()
            .into_iter()
            .map(|m| Mail {
                subject: m["subject"].as_str().unwrap_or("").into(),
                body: m["body"].as_str().unwrap_or("").into(),
            })
            .collect()
    }

    pub async fn last_mail(&self, to: &str) -> Mail {
        self.mails_to(to)
            .await
            .pop()
            .unwrap_or_else(|| panic!("no mail to {to}"))
    }

    /// Issues the first national administrator as the bootstrap command does,
    /// activates it and signs in with consent given.
    pub async fn national_admin(&self) -> Session {
        let email = format!("admin-{}@mhlw.example.go.jp", unique());
        let actor = vsys::auth::Actor {
            id: "bootstrap".into(),
            role: "system".into(),
            org: "national".into(),
        };
        let input = vsys::accounts::IssueInput {
            role: Some(vsys::domain::org::Role::National),
            organisation_code: "national".into(),
            email: email.clone(),
            ..Default::default()
        };
        let issued = vsys::accounts::issue(&self.app, &actor, &input)
            .await
            .unwrap();
        self.activate_and_sign_in(&issued.vsys_id, &email).await
    }

    /// Issues an account through the API as `admin`.
    pub async fn issue(&self, admin: &Session, mut body: Value) -> (String, String) {
        let email = format!(
            "{}-{}@example.lg.jp",
            body["role"].as_str().unwrap().replace('_', "-"),
            unique()
        );
        body["email"] = json!(email);
        let (s, v) = self.post("/accounts", Some(&admin.token), body).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        (v["vsys_id"].as_str().unwrap().to_string(), email)
    }

    /// Opens the activation link of the last mail, sets a password, signs in
    /// and gives consent: the complete first sign-in.
    pub async fn activate_and_sign_in(&self, vsys_id: &str, email: &str) -> Session {
        let device = self.activate(email, "vaccine2021").await;
        let (s, v) = self
            .post(
                "/auth/sign-in",
                None,
                json!({"vsys_id": vsys_id, "password": "vaccine2021", "device_token": device}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let token = v["token"].as_str().unwrap().to_string();
        let (s, v) = self
            .post("/me/consent", Some(&token), json!({"agree": true}))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        Session {
            vsys_id: vsys_id.into(),
            email: email.into(),
            password: "vaccine2021".into(),
            token,
            device,
        }
    }

    /// Follows the newest link mailed to `email` through code and password; returns the device token.
    pub async fn activate(&self, email: &str, password: &str) -> String {
        let link = link_token(&self.last_mail(email).await.body);
        let (s, v) = self
            .post("/auth/links/open", None, json!({"token": link}))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let code = code_in(&self.last_mail(email).await.body);
        let (s, v) = self
            .post(
                "/auth/links/complete",
                None,
                json!({"token": link, "code": code, "new_password": password, "security_question": "最初に飼ったペットの名前", "security_answer": "ポチ"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["device_token"].as_str().unwrap().to_string()
    }

    /// Issues an account of `role` for `code` (with its extra fields) and signs it in.
    pub async fn user(&self, admin: &Session, body: Value) -> Session {
        let (id, email) = self.issue(admin, body).await;
        self.activate_and_sign_in(&id, &email).await
    }

    /// Signs a known user in again from its browser; returns the new session token.
    pub async fn sign_in(&self, s: &Session) -> String {
        self.sign_in_from(s).await.0
    }

    /// Signs in from the user's browser: remembered, or (once it is no longer,
    /// 180 days on) with the code mailed for the new browser. The session
    /// token, and the browser's new token when it was not remembered.
    async fn sign_in_from(&self, s: &Session) -> (String, Option<String>) {
        let (st, v) = self
            .post(
                "/auth/sign-in",
                None,
                json!({"vsys_id": s.vsys_id, "password": s.password, "device_token": s.device}),
            )
            .await;
        if st == StatusCode::ACCEPTED {
            let code = code_in(&self.last_mail(&s.email).await.body);
            let (st, v) = self
                .post("/auth/sign-in/verify", None, json!({"challenge_id": v["challenge_id"], "code": code}))
                .await;
            assert_eq!(st, StatusCode::OK, "{v}");
            return (v["token"].as_str().unwrap().to_string(), v["device_token"].as_str().map(str::to_string));
        }
        assert_eq!(st, StatusCode::OK, "{v}");
        (v["token"].as_str().unwrap().to_string(), None)
    }

    /// Signs in again after the clock has moved past the session's lifetime.
    pub async fn renew(&self, s: &mut Session) {
        let (token, device) = self.sign_in_from(s).await;
        s.token = token;
        if let Some(d) = device {
            s.device = d;
        }
    }

    pub fn ddb_calls(&self) -> u64 {
        self.app.ddb_calls.get()
    }

    /// Final allocations of `cool` for sites of `muni` (id, name, boxes),
    /// written as the allocation fan-out writes them, 100 per transaction:
    /// for tests that need many sites' deliveries without the whole chain.
    pub async fn final_allocations(&self, cool: &str, muni: &str, sites: &[(String, String, vsys::domain::allocation::Boxes)]) {
        use vsys::store::allocations::{site_record_in, SiteAllocationItem, SiteRow};
        for chunk in sites.chunks(100) {
            let mut tx = vsys::store::Tx::new();
            for (site_id, site_name, boxes) in chunk {
                let row = SiteRow { site_id: site_id.clone(), site_name: site_name.clone(), boxes: *boxes };
                site_record_in(&mut tx, &SiteAllocationItem::new(cool, &muni[..2], muni, &row, self.app.now())).unwrap();
            }
            tx.commit(&self.app).await.unwrap();
        }
    }
}

/// A call that must succeed (any 2xx): its answer.
pub async fn ok(st: &Stack, s: &Session, method: &str, path: &str, body: Value) -> Value {
    let (status, v) = match method {
        "GET" => st.get(path, Some(&s.token)).await,
        "POST" => st.post(path, Some(&s.token), body).await,
        _ => st.put(path, Some(&s.token), body).await,
    };
    assert!(status.is_success(), "{method} {path}: {status} {v}");
    v
}

/// The token of the link in a mail body.
pub fn link_token(body: &str) -> String {
    let re = regex_lite::Regex::new(r"token=([A-Za-z0-9_-]{20,})").unwrap();
    re.captures(body)
        .unwrap_or_else(|| panic!("no link in mail: {body}"))[1]
        .to_string()
}

/// The 6-digit verification code in a mail body.
pub fn code_in(body: &str) -> String {
    let re = regex_lite::Regex::new(r"確認コード: (\d{6})").unwrap();
    re.captures(body)
        .unwrap_or_else(|| panic!("no code in mail: {body}"))[1]
        .to_string()
}
