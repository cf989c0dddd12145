//! Documents in S3 (the delegation PDFs, the billing documents, the open-data files): stored,
//! taken back, read, and handed out by presigned URL. Handlers and jobs
//! call these, never the S3 client.

use crate::error::{AppError, AppResult};
use crate::App;
use std::time::Duration;

/// Stores a PDF under `key`.
pub async fn put_pdf(app: &App, key: &str, pdf: Vec<u8>) -> AppResult<()> {
    app.s3()
        .put_object()
        .bucket(&app.cfg.bucket)
        .key(key)
        .content_type("application/pdf")
        .body(pdf.into())
        .send()
        .await
        .map_err(crate::store::sdk_err)?;
    Ok(())
}

/// Removes the document `key` (a PDF whose record did not land). Best
/// effort: an object nothing names is never listed or served.
pub async fn discard(app: &App, key: &str) {
    if let Err(e) = app
        .s3()
        .delete_object()
        .bucket(&app.cfg.bucket)
        .key(key)
        .send()
        .await
    {
        tracing::warn!(error = %crate::store::sdk_err(e), "document not taken back");
    }
}

/// A URL that downloads the PDF `key` as `filename` for `valid`.
pub async fn pdf_url(app: &App, key: &str, filename: &str, valid: Duration) -> AppResult<String> {
    file_url(app, key, filename, "application/pdf", valid).await
}

/// A URL that downloads the file `key` as `filename` of `content_type` for `valid`.
pub async fn file_url(app: &App, key: &str, filename: &str, content_type: &str, valid: Duration) -> AppResult<String> {
    let config =
        aws_sdk_s3::presigning::PresigningConfig::expires_in(valid).map_err(AppError::internal)?;
    let url = app
        .s3()
        .get_object()
        .bucket(&app.cfg.bucket)
        .key(key)
        .response_content_type(content_type)
        .response_content_disposition(format!("attachment; filename=\"{filename}\""))
        .presigned(config)
        .await
        .map_err(AppError::internal)?;
    Ok(url.uri().to_string())
}

/// Where a site's billing document for a month and claim version is kept
/// (`ext`: pdf, csv or xlsx).
pub fn billing_key(site_id: &str, month: &str, version: u64, ext: &str) -> String {
    format!("billing/{site_id}/{month}/v{version}.{ext}")
}

/// The open data of the vaccination statistics (written every morning).
pub const OPEN_DATA_JSON: &str = "open-data/vaccinations.json";
pub const OPEN_DATA_CSV: &str = "open-data/vaccinations.csv";

/// The open availability feed (SMART Scheduling Links), one key per file
/// of [`crate::domain::availability::FILES`] and its manifest.
pub fn availability_key(file: &str) -> String {
    format!("open-data/availability/{file}")
}

/// Stores a file under `key` with its content type (replacing what was there).
pub async fn put_file(app: &App, key: &str, content_type: &str, body: Vec<u8>) -> AppResult<()> {
    app.s3()
        .put_object()
        .bucket(&app.cfg.bucket)
        .key(key)
        .content_type(content_type)
        .body(body.into())
        .send()
        .await
        .map_err(crate::store::sdk_err)?;
    Ok(())
}

/// Reads a file back; `None` when nothing is stored under `key`.
pub async fn find(app: &App, key: &str) -> AppResult<Option<Vec<u8>>> {
    use aws_sdk_s3::operation::get_object::GetObjectError;
    match app.s3().get_object().bucket(&app.cfg.bucket).key(key).send().await {
        Ok(out) => Ok(Some(out.body.collect().await.map_err(AppError::internal)?.into_bytes().to_vec())),
        Err(e) if matches!(e.as_service_error(), Some(GetObjectError::NoSuchKey(_))) => Ok(None),
        Err(e) => Err(crate::store::sdk_err(e)),
    }
}

/// Reads a stored document back (tools and tests).
pub async fn get(app: &App, key: &str) -> AppResult<Vec<u8>> {
    let out = app
        .s3()
        .get_object()
        .bucket(&app.cfg.bucket)
        .key(key)
        .send()
        .await
        .map_err(crate::store::sdk_err)?;
    let bytes = out.body.collect().await.map_err(AppError::internal)?;
    Ok(bytes.into_bytes().to_vec())
}

/// Where an uploaded manual is kept (its audience and upload id).
pub fn manual_key(audience: &str, upload_id: &str) -> String {
    format!("manuals/{audience}/{upload_id}.pdf")
}

/// A URL the browser PUTs a file of `content_type` and exactly `length`
/// bytes to, for `valid` (both are signed: another type or size is refused
/// by S3).
pub async fn upload_url(app: &App, key: &str, content_type: &str, length: u64, valid: Duration) -> AppResult<String> {
    let config = aws_sdk_s3::presigning::PresigningConfig::expires_in(valid).map_err(AppError::internal)?;
    let length = i64::try_from(length).map_err(AppError::internal)?;
    let url = app
        .s3()
        .put_object()
        .bucket(&app.cfg.bucket)
        .key(key)
        .content_type(content_type)
        .content_length(length)
        .presigned(config)
        .await
        .map_err(AppError::internal)?;
    Ok(url.uri().to_string())
}

/// What is stored under `key`: its size and first bytes (a type check
/// without reading the whole file); `None` when nothing is there.
pub async fn peek(app: &App, key: &str, first: u64) -> AppResult<Option<(u64, Vec<u8>)>> {
    use aws_sdk_s3::operation::get_object::GetObjectError;
    let out = app
        .s3()
        .get_object()
        .bucket(&app.cfg.bucket)
        .key(key)
        .range(format!("bytes=0-{}", first.saturating_sub(1)))
        .send()
        .await;
    match out {
        Ok(out) => {
            // Content-Range: bytes 0-7/12345 gives the whole size.
            let size = out
                .content_range()
                .and_then(|r| r.rsplit('/').next())
                .and_then(|n| n.parse().ok())
                .or_else(|| out.content_length().and_then(|n| u64::try_from(n).ok()))
                .unwrap_or(0);
            let bytes = out.body.collect().await.map_err(AppError::internal)?.into_bytes().to_vec();
            Ok(Some((size, bytes)))
        }
        Err(e) if matches!(e.as_service_error(), Some(GetObjectError::NoSuchKey(_))) => Ok(None),
        Err(e) => Err(crate::store::sdk_err(e)),
    }
}
