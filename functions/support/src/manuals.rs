//! Manuals (ナレッジ): the national office uploads each audience's manual as
//! a PDF straight into S3 (a presigned PUT of the declared type and size),
//! then publishes it as the next version once the stored file is checked;
//! each audience's users list the latest and earlier versions and download
//! them by presigned URL.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::time::Duration;
use vsys::auth::Principal;
use vsys::domain::calendar::jst_date;
use vsys::domain::manual::{looks_like_pdf, Audience, MAX_BYTES};
use vsys::domain::org::Role;
use vsys::documents;
use vsys::error::codes;
use vsys::http::{Body, Page, Text, User};
use vsys::store::manuals::{self, ManualItem};
use vsys::store::{audit, Tx};
use vsys::{App, AppError, AppResult};

/// How long an upload or download link works.
const LINK_VALID: Duration = Duration::from_secs(300);

#[derive(Debug, Serialize)]
pub struct VersionView {
    pub version: u64,
    /// 第n版
    pub label: String,
    pub title: String,
    pub published_on: NaiveDate,
    pub bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct ManualView {
    pub audience: Audience,
    /// 医療機関用マニュアル, …
    pub name: &'static str,
    /// The latest first.
    pub versions: Vec<VersionView>,
}

fn version_view(m: &ManualItem) -> VersionView {
    VersionView { version: m.version, label: format!("第{}版", m.version), title: m.title.clone(), published_on: m.published_on, bytes: m.bytes }
}

fn audience_of(p: &Principal, raw: &str) -> AppResult<Audience> {
    let a = Audience::parse(raw).ok_or_else(|| AppError::invalid("audience", "対象者は site, municipality, prefecture, workplace, wholesaler のいずれかです。"))?;
    // An audience the caller is not in looks like one that does not exist.
    if !Audience::of(p.role).contains(&a) {
        return Err(AppError::not_found());
    }
    Ok(a)
}

/// GET /manuals — the manuals of the caller's audience (the nation: all).
pub async fn list(State(app): State<App>, User(p): User) -> AppResult<Page<ManualView>> {
    let mut out = Vec::new();
    for a in Audience::of(p.role) {
        let versions = manuals::versions(&app, a).await?;
        out.push(ManualView { audience: a, name: a.title_ja(), versions: versions.iter().map(version_view).collect() });
    }
    Ok(Page::whole(out))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadReq {
    audience: Text<20>,
    filename: Text<200>,
    content_type: Text<100>,
    bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct UploadView {
    pub upload_id: String,
    /// PUT the file here with the Content-Type below, within 5 minutes.
    pub url: String,
    pub method: &'static str,
    pub content_type: &'static str,
}

/// POST /manual-uploads — the nation asks where to PUT a manual's PDF.
pub async fn upload(State(app): State<App>, User(p): User, Body(req): Body<UploadReq>) -> AppResult<(StatusCode, Json<UploadView>)> {
    p.require_role(&[Role::National])?;
    let a = audience_of(&p, &req.audience)?;
    if req.content_type.as_str() != "application/pdf" || !req.filename.to_lowercase().ends_with(".pdf") {
        return Err(AppError::invalid("file", "マニュアルはPDFファイル（.pdf）でアップロードしてください。"));
    }
    if req.bytes == 0 || req.bytes > MAX_BYTES {
        return Err(AppError::invalid("file", format!("ファイルの大きさは{}MBまでです。", MAX_BYTES / 1024 / 1024)));
    }
    let upload_id = vsys::auth::random_hex(16)?;
    let url = documents::upload_url(&app, &documents::manual_key(a.as_str(), &upload_id), "application/pdf", req.bytes, LINK_VALID).await?;
    Ok((StatusCode::CREATED, Json(UploadView { upload_id, url, method: "PUT", content_type: "application/pdf" })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishReq {
    upload_id: Text<32>,
    title: Text<100>,
    /// 最終公開日 (default today).
    published_on: Option<NaiveDate>,
}

/// POST /manuals/{audience}/versions — the nation publishes an uploaded
/// PDF as the next version of the audience's manual.
pub async fn publish(State(app): State<App>, User(p): User, Path(audience): Path<String>, Body(req): Body<PublishReq>) -> AppResult<(StatusCode, Json<VersionView>)> {
    p.require_role(&[Role::National])?;
    let a = audience_of(&p, &audience)?;
    if req.upload_id.len() != 32 || !req.upload_id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::invalid("upload_id", "アップロードIDが正しくありません。"));
    }
    let key = documents::manual_key(a.as_str(), &req.upload_id);
    let Some((bytes, head)) = documents::peek(&app, &key, 8).await? else {
        return Err(AppError::invalid("upload_id", "ファイルがアップロードされていません。もう一度アップロードしてください。"));
    };
    if bytes > MAX_BYTES || !looks_like_pdf(&head) {
        documents::discard(&app, &key).await;
        let m = if bytes > MAX_BYTES { "ファイルが大きすぎます。" } else { "PDFファイルではありません。PDFファイルをアップロードしてください。" };
        return Err(AppError::invalid("file", m));
    }
    let now = app.now();
    let latest = manuals::versions(&app, a).await?.first().map_or(0, |m| m.version);
    let item = ManualItem {
        pk: String::new(),
        sk: String::new(),
        audience: a,
        version: latest + 1,
        title: req.title.into_string(),
        published_on: req.published_on.unwrap_or_else(|| jst_date(now)),
        key,
        bytes,
        uploaded_by: p.vsys_id.clone(),
        uploaded_at: now,
    };
    let mut tx = Tx::new();
    manuals::add_in(&mut tx, &item, codes::RETRY)?;
    tx.audit(audit::record(&p.actor(), now, "manual_published", &format!("manual:{}", a.as_str()), None, Some(json!({"version": item.version, "title": item.title, "bytes": bytes})))?);
    tx.commit(&app).await?;
    Ok((StatusCode::CREATED, Json(version_view(&item))))
}

#[derive(Debug, Serialize)]
pub struct DownloadView {
    pub url: String,
    pub filename: String,
}

/// GET /manuals/{audience}/versions/{version} — a download link (5 minutes)
/// for a version of a manual the caller's audience reads.
pub async fn download(State(app): State<App>, User(p): User, Path((audience, version)): Path<(String, String)>) -> AppResult<Json<DownloadView>> {
    let a = audience_of(&p, &audience)?;
    let version: u64 = version.parse().map_err(|_| AppError::invalid("version", "版は数字で指定してください。"))?;
    let m = manuals::versions(&app, a).await?.into_iter().find(|m| m.version == version).ok_or_else(AppError::not_found)?;
    let filename = format!("{}_第{}版.pdf", a.title_ja(), m.version);
    let url = documents::pdf_url(&app, &m.key, &ascii_name(a, m.version), LINK_VALID).await?;
    Ok(Json(DownloadView { url, filename }))
}

/// The download's file name in ASCII (Content-Disposition without encoding).
fn ascii_name(a: Audience, version: u64) -> String {
    format!("vsys-manual-{}-v{version}.pdf", a.as_str())
}
