//! Mail through SES v2: Japanese plain-text messages with single-use links.
//!
//! A handler never sends mail directly: it queues each mail with
//! [`queue`] as a step of the transaction that causes it (the outbox,
//! `store::outbox`), and after the commit hands the queued mails to
//! [`deliver`], which sends them at once; what cannot be sent now is sent by
//! the `mail-outbox` job.

pub mod templates;

use crate::error::AppResult;
use crate::store::outbox::{self, OutboxItem};
use crate::App;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};

#[derive(Debug, Clone)]
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// A mail to `to`, queued at the app's now: push [`OutboxItem::put_step`]
/// into the transaction, then [`deliver`] it after the commit.
pub fn queue(app: &App, to: &str, mail: Mail) -> AppResult<OutboxItem> {
    OutboxItem::new(to, mail, app.now())
}

/// Sends mails whose transaction has just committed and clears them from the
/// outbox. A mail that cannot be sent now stays queued for the job; the
/// request that caused it succeeds all the same (its change has landed).
pub async fn deliver(app: &App, queued: &[OutboxItem]) {
    for item in queued {
        match send(app, &item.to, item.mail()).await {
            Ok(()) => {
                if let Err(e) = outbox::clear(app, item).await {
                    // Left queued: the job sends it again (at least once).
                    tracing::warn!(error = %e, "sent mail not cleared from the outbox");
                }
            }
            Err(code) => tracing::warn!(
                kind = "mail_deferred",
                error = code,
                "mail left for the outbox job"
            ),
        }
    }
}

/// Sends one mail; the error is the SES error's code only. The recipient and
/// body never go to the log.
pub async fn send(app: &App, to: &str, mail: Mail) -> Result<(), &'static str> {
    let utf8 = |s: String| {
        Content::builder()
            .data(s)
            .charset("UTF-8")
            .build()
            .expect("data set")
    };
    app.ses()
        .send_email()
        .from_email_address(&app.cfg.mail_from)
        .destination(Destination::builder().to_addresses(to).build())
        .content(
            EmailContent::builder()
                .simple(
                    Message::builder()
                        .subject(utf8(mail.subject))
                        .body(Body::builder().text(utf8(mail.body)).build())
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .map_err(|e| {
            // SES messages can name the addresses concerned (a recipient
            // outside the sandbox, say): only the error's kind is kept.
            use aws_sdk_sesv2::error::SdkError;
            match &e {
                SdkError::ServiceError(se) => ses_code(se.err()),
                SdkError::TimeoutError(_) => "timeout",
                SdkError::DispatchFailure(_) => "dispatch failure",
                SdkError::ResponseError(_) => "unreadable response",
                _ => "request not built",
            }
        })?;
    tracing::info!(kind = "mail_sent", "mail sent");
    Ok(())
}

/// The error code of a failed send, as a static string (the outbox keeps it).
fn ses_code(e: &aws_sdk_sesv2::operation::send_email::SendEmailError) -> &'static str {
    use aws_sdk_sesv2::error::ProvideErrorMetadata;
    match e.code() {
        Some("MessageRejected") => "MessageRejected",
        Some("MailFromDomainNotVerifiedException") => "MailFromDomainNotVerified",
        Some("AccountSuspendedException") => "AccountSuspended",
        Some("SendingPausedException") => "SendingPaused",
        Some("LimitExceededException") => "LimitExceeded",
        Some("TooManyRequestsException") => "TooManyRequests",
        Some("NotFoundException") => "NotFound",
        Some("BadRequestException") => "BadRequest",
        _ => "service error",
    }
}

/// A screen of the browser UI (a link without a token; the screen asks for
/// sign-in first).
pub fn page(app: &App, path: &str) -> String {
    format!(
        "{}/{}",
        app.cfg.app_base_url.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// The origin the browser UI and the API share (`https://host`), for
/// absolute URLs of public routes.
pub fn origin(app: &App) -> String {
    let url = app.cfg.app_base_url.trim_end_matches('/');
    let host_end = url.find("://").map_or(0, |i| i + 3);
    match url[host_end..].find('/') {
        Some(i) => url[..host_end + i].to_string(),
        None => url.to_string(),
    }
}

/// A link into the browser UI.
pub fn link(app: &App, path: &str, token: &str) -> String {
    format!(
        "{}/{}?token={}",
        app.cfg.app_base_url.trim_end_matches('/'),
        path.trim_start_matches('/'),
        token
    )
}
