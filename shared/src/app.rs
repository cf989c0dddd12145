//! `App`: the AWS clients, configuration and clock, built once per cold start
//! and shared by reference with every handler. The DynamoDB client is built
//! at start-up (every function reads the table); the S3 and SES clients on
//! first use, so a function that never sends mail or stores documents never
//! pays for building them.

use crate::clock::{Clock, SystemClock};
use aws_sdk_dynamodb::config::interceptors::BeforeSerializationInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Production,
    /// The training environment: separate data, IDs ending in `.training`.
    Training,
}

impl Stage {
    pub fn parse(s: &str) -> Option<Stage> {
        match s {
            "production" => Some(Stage::Production),
            "training" => Some(Stage::Training),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Production => "production",
            Stage::Training => "training",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub stage: Stage,
    pub table: String,
    pub bucket: String,
    /// Sender address of every mail; an SES identity of its own.
    pub mail_from: String,
    /// Where the browser UI lives; mailed links point there.
    pub app_base_url: String,
    /// Domain part of V-SYS IDs.
    pub id_domain: String,
    /// Mailbox of the national service desk (summaries, review queues).
    pub national_office_email: String,
    /// Days a booking (its personal data) is kept after the vaccination
    /// date before DynamoDB's TTL deletes it.
    pub booking_retention_days: u32,
}

impl Config {
    /// Reads the configuration the template gives each function.
    pub fn from_env() -> Result<Config, String> {
        let var =
            |k: &str| std::env::var(k).map_err(|_| format!("environment variable {k} is not set"));
        let stage_s = std::env::var("VSYS_STAGE").unwrap_or_else(|_| "production".into());
        Ok(Config {
            stage: Stage::parse(&stage_s).ok_or_else(|| {
                format!("VSYS_STAGE must be production or training, not {stage_s}")
            })?,
            table: var("TABLE_NAME")?,
            bucket: var("BUCKET_NAME")?,
            mail_from: var("MAIL_FROM")?,
            app_base_url: var("APP_BASE_URL")?,
            id_domain: std::env::var("ID_DOMAIN").unwrap_or_else(|_| "v-sys.jp".into()),
            national_office_email: var("NATIONAL_OFFICE_EMAIL")?,
            booking_retention_days: var("BOOKING_RETENTION_DAYS")?
                .parse()
                .map_err(|_| "BOOKING_RETENTION_DAYS must be a number of days".to_string())?,
        })
    }
}

/// Counts the DynamoDB API calls a client makes (one per operation, retries
/// excluded), so benchmarks report round trips measured, not estimated.
#[derive(Debug, Default)]
pub struct DynamoCallCounter {
    calls: AtomicU64,
}

impl DynamoCallCounter {
    pub fn get(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }
}

/// Observes every AWS call: counts the DynamoDB client's calls (`counter`)
/// and records each call's IAM actions for [`crate::grants`].
#[derive(Debug)]
struct CallInterceptor {
    counter: Option<Arc<DynamoCallCounter>>,
}

impl Intercept for CallInterceptor {
    fn name(&self) -> &'static str {
        "CallInterceptor"
    }
    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        if let Some(c) = &self.counter {
            c.calls.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
    // The operation's name is in the configuration only from here on.
    fn read_before_serialization(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _rc: &aws_sdk_dynamodb::config::RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        crate::grants::observe(context, cfg);
        Ok(())
    }
}

pub struct AppInner {
    pub ddb: aws_sdk_dynamodb::Client,
    ses: OnceLock<aws_sdk_sesv2::Client>,
    s3: OnceLock<aws_sdk_s3::Client>,
    sdk: aws_config::SdkConfig,
    mail_sdk: aws_config::SdkConfig,
    pub cfg: Config,
    pub clock: Arc<dyn Clock>,
    pub ddb_calls: Arc<DynamoCallCounter>,
}

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct App(Arc<AppInner>);

impl std::ops::Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

impl App {
    /// Builds the clients from an SDK configuration. With a custom endpoint
    /// (the local emulator) S3 uses path-style addressing.
    pub fn new(sdk: &aws_config::SdkConfig, cfg: Config, clock: Arc<dyn Clock>) -> App {
        App::with_mail_sdk(sdk, sdk, cfg, clock)
    }

    /// As [`App::new`], with mail sent through its own SDK configuration. The
    /// local stack runs SES in an emulator of its own: reading sent mail back
    /// from an emulator dumps its whole state, which must stay small.
    pub fn with_mail_sdk(
        sdk: &aws_config::SdkConfig,
        mail_sdk: &aws_config::SdkConfig,
        cfg: Config,
        clock: Arc<dyn Clock>,
    ) -> App {
        let ddb_calls = Arc::new(DynamoCallCounter::default());
        let ddb_conf = aws_sdk_dynamodb::config::Builder::from(sdk)
            .interceptor(CallInterceptor {
                counter: Some(ddb_calls.clone()),
            })
            .build();
        App(Arc::new(AppInner {
            ddb: aws_sdk_dynamodb::Client::from_conf(ddb_conf),
            ses: OnceLock::new(),
            s3: OnceLock::new(),
            sdk: sdk.clone(),
            mail_sdk: mail_sdk.clone(),
            cfg,
            clock,
            ddb_calls,
        }))
    }

    /// Production start-up: configuration from the environment, credentials
    /// and region from the Lambda environment, the real clock.
    pub async fn from_env() -> Result<App, String> {
        let cfg = Config::from_env()?;
        let sdk = load_aws_config().await;
        Ok(App::new(&sdk, cfg, Arc::new(SystemClock)))
    }

    /// An SDK configuration for the local emulator: fixed test credentials.
    pub fn emulator_sdk_config(endpoint: &str) -> aws_config::SdkConfig {
        let creds =
            aws_credential_types::Credentials::new("test", "test", None, None, "vsys-local");
        aws_config::SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("ap-northeast-1"))
            .endpoint_url(endpoint)
            // The emulator answers 500 when two writes meet inside one table
            // (it deep-copies the table for every transaction while another
            // request changes it); such a request never applied, so retrying it
            // is safe. More attempts than the default three keep concurrent
            // writers (bulk issuance) from seeing emulator-only failures.
            .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(10))
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(creds),
            )
            .build()
    }

    /// The local stack: data services and mail each in their emulator.
    pub fn local(
        data_endpoint: &str,
        mail_endpoint: &str,
        cfg: Config,
        clock: Arc<dyn Clock>,
    ) -> App {
        App::with_mail_sdk(
            &App::emulator_sdk_config(data_endpoint),
            &App::emulator_sdk_config(mail_endpoint),
            cfg,
            clock,
        )
    }

    /// The custom endpoint of the AWS services (the local emulator), if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.sdk.endpoint_url()
    }

    /// The S3 client (documents), built on first use. With a custom
    /// endpoint (the local emulator) it uses path-style addressing.
    pub fn s3(&self) -> &aws_sdk_s3::Client {
        self.s3.get_or_init(|| {
            let conf = aws_sdk_s3::config::Builder::from(&self.sdk)
                .force_path_style(self.sdk.endpoint_url().is_some())
                .interceptor(CallInterceptor { counter: None })
                .build();
            aws_sdk_s3::Client::from_conf(conf)
        })
    }

    /// The SES client (mail), built on first use.
    pub fn ses(&self) -> &aws_sdk_sesv2::Client {
        self.ses.get_or_init(|| {
            let conf = aws_sdk_sesv2::config::Builder::from(&self.mail_sdk)
                .interceptor(CallInterceptor { counter: None })
                .build();
            aws_sdk_sesv2::Client::from_conf(conf)
        })
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn training(&self) -> bool {
        self.cfg.stage == Stage::Training
    }
}

pub use aws_config::SdkConfig;

/// The SDK configuration of the environment (Lambda role, region, endpoint).
pub async fn load_aws_config() -> SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await
}
