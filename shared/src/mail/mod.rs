//! Mail through SES v2: Japanese plain-text messages with single-use links.

pub mod templates;

use crate::error::{AppError, AppResult};
use crate::App;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};

#[derive(Debug, Clone)]
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// Sends one mail. The recipient and body never go to the log.
pub async fn send(app: &App, to: &str, mail: Mail) -> AppResult<()> {
    let utf8 = |s: String| {
        Content::builder()
            .data(s)
            .charset("UTF-8")
            .build()
            .expect("data set")
    };
    app.ses
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
            // outside the sandbox, say): only the error's code is logged.
            use aws_sdk_sesv2::error::{ProvideErrorMetadata, SdkError};
            let code = match &e {
                SdkError::ServiceError(se) => se.err().code().unwrap_or("service error"),
                SdkError::TimeoutError(_) => "timeout",
                SdkError::DispatchFailure(_) => "dispatch failure",
                SdkError::ResponseError(_) => "unreadable response",
                _ => "request not built",
            };
            AppError::internal(format!("mail not sent: {code}"))
        })?;
    tracing::info!(kind = "mail_sent", "mail sent");
    Ok(())
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
