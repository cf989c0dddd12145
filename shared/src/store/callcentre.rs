//! Call-centre account requests (予約受付業者のアカウントの発行・変更・削除).
//! Filed by a municipality, closed every Wednesday 17:00 JST, carried out by
//! the Friday job of the same week.

use crate::auth::Principal;
use crate::domain::account::{check_email, check_phone, AccountStatus};
use crate::domain::calendar::{call_centre_cutoff, call_centre_issuance_day, jst_date};
use crate::domain::org::Role;
use crate::error::{codes, AppError, AppResult};
use crate::http::Text;
use crate::store::{audit, get, query, to_item, users, QueryPage, Tx};
use crate::App;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a municipality fills in (seed 003's three formats: 新規発行 会社名・
/// 氏名・メールアドレス・電話番号; 変更 V-SYS ID・氏名・メールアドレス・変更内容;
/// 削除 V-SYS ID・氏名・メールアドレス). Filed on its own or as the
/// inquiry form's call-centre account category: one request either way.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CcForm {
    pub kind: RequestKind,
    /// 会社名 (new)
    pub company: Option<Text<100>>,
    /// 氏名
    pub name: Text<50>,
    /// メールアドレス
    pub email: Text<254>,
    /// 電話番号 (new)
    pub phone: Option<Text<20>>,
    /// The existing account (change, delete).
    pub vsys_id: Option<Text<300>>,
    /// 変更内容 (change)
    pub change_detail: Option<Text<500>>,
}

/// Checks a municipality's form and builds its open request (keys set);
/// errors name `{prefix}{field}`.
pub async fn prepare(app: &App, p: &Principal, form: CcForm, prefix: &str) -> AppResult<CcRequestItem> {
    p.require_role(&[Role::Municipality])?;
    let (Some(pref), Some(muni)) = (p.pref.clone(), p.muni.clone()) else {
        return Err(AppError::forbidden());
    };
    let field = |f: &str| format!("{prefix}{f}");
    fn need<T>(v: Option<T>, field: String, what: &str) -> AppResult<T> {
        v.ok_or_else(|| AppError::invalid(&field, format!("{what}を入力してください。")))
    }
    check_email(&form.email).map_err(|m| AppError::invalid(&field("email"), m))?;
    let (company, phone, target, detail) = match form.kind {
        RequestKind::New => {
            let phone = need(form.phone, field("phone"), "電話番号")?;
            check_phone(&phone).map_err(|m| AppError::invalid(&field("phone"), m))?;
            (Some(need(form.company, field("company"), "会社名")?.into_string()), Some(phone.into_string()), None, None)
        }
        RequestKind::Change => (
            form.company.map(Text::into_string),
            form.phone.map(Text::into_string),
            Some(need(form.vsys_id, field("vsys_id"), "V-SYS ID")?.into_string()),
            Some(need(form.change_detail, field("change_detail"), "変更内容")?.into_string()),
        ),
        RequestKind::Delete => (None, None, Some(need(form.vsys_id, field("vsys_id"), "V-SYS ID")?.into_string()), None),
    };
    if let Some(id) = &target {
        // Only this municipality's own call-centre accounts can be named.
        let ok = users::find(app, id)
            .await?
            .is_some_and(|u| u.role == Role::CallCentre && u.muni.as_deref() == Some(&muni) && u.status != AccountStatus::Disabled);
        if !ok {
            return Err(AppError::invalid(&field("vsys_id"), "この市区町村の有効な予約受付業者アカウントのV-SYS IDを入力してください。"));
        }
    }
    let now = app.now();
    let cutoff = call_centre_cutoff(now);
    let mut item = CcRequestItem {
        failed_runs: 0,
        pk: String::new(),
        sk: String::new(),
        gsi1pk: String::new(),
        gsi1sk: String::new(),
        gsi2pk: None,
        gsi2sk: None,
        id: format!("{}-{}", jst_date(now).format("%Y%m%d"), crate::auth::random_hex(6)?),
        kind: form.kind,
        status: RequestStatus::Open,
        pref,
        muni,
        filed_by: p.vsys_id.clone(),
        filed_at: now,
        cutoff,
        issuance_date: call_centre_issuance_day(cutoff),
        company,
        name: form.name.into_string(),
        email: form.email.into_string(),
        phone,
        target_vsys_id: target,
        change_detail: detail,
        result_vsys_id: None,
        result_message: None,
        processed_at: None,
        version: 1,
    };
    item.set_keys();
    Ok(item)
}

/// The steps that file a prepared request: the request and its audit record.
pub fn file_in(tx: &mut Tx, item: &CcRequestItem, p: &Principal) -> AppResult<()> {
    tx.put_new(to_item(item)?, codes::RETRY.with("もう一度お試しください。")).audit(audit::record(
        &p.actor(),
        item.filed_at,
        "call_centre_request_filed",
        &format!("ccreq:{}", item.id),
        None,
        Some(serde_json::json!(item.view())),
    )?);
    Ok(())
}

/// 「受け付けました。締切 …、… の予定です。」
pub fn filed_message(item: &CcRequestItem) -> String {
    format!("受け付けました。{}", schedule_message(item))
}

/// 「締切 …、アカウントの処理とログイン用メールの送付は … の予定です。」
pub fn schedule_message(item: &CcRequestItem) -> String {
    format!(
        "締切 {}、アカウントの処理とログイン用メールの送付は {} の予定です。",
        item.cutoff.with_timezone(&crate::clock::jst()).format("%m月%d日 %H:%M"),
        item.issuance_date.format("%m月%d日")
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    New,
    Change,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for its Friday.
    Open,
    /// Withdrawn by the municipality before the cut-off.
    Withdrawn,
    /// Carried out.
    Done,
    /// Could not be carried out (e.g. the account named was not this municipality's).
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CcRequestItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    /// Present while open: the Friday job's work queue, by cut-off.
    #[serde(rename = "GSI2PK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2pk: Option<String>,
    #[serde(rename = "GSI2SK", skip_serializing_if = "Option::is_none", default)]
    pub gsi2sk: Option<String>,

    pub id: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub pref: String,
    pub muni: String,
    pub filed_by: String,
    pub filed_at: DateTime<Utc>,
    pub cutoff: DateTime<Utc>,
    pub issuance_date: NaiveDate,
    pub company: Option<String>,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    /// The existing account a change or deletion is about.
    pub target_vsys_id: Option<String>,
    pub change_detail: Option<String>,
    pub result_vsys_id: Option<String>,
    pub result_message: Option<String>,
    pub processed_at: Option<DateTime<Utc>>,
    /// Runs that failed on this request (it stays open and is tried again
    /// by the next run; the national office sees the count).
    #[serde(default)]
    pub failed_runs: u32,
    pub version: u64,
}

pub fn pk(id: &str) -> String {
    format!("CCREQ#{id}")
}

impl CcRequestItem {
    pub fn set_keys(&mut self) {
        self.pk = pk(&self.id);
        self.sk = "CCREQ".into();
        self.gsi1pk = format!("CCREQ#P{}", self.pref);
        self.gsi1sk = format!(
            "{}#{}#{}",
            self.muni,
            self.filed_at.format("%Y-%m-%dT%H:%M:%SZ"),
            self.id
        );
        (self.gsi2pk, self.gsi2sk) =
            crate::store::sparse_keys(self.status == RequestStatus::Open, "CCREQ#OPEN", || {
                format!("{}#{}", self.cutoff.format("%Y-%m-%dT%H:%M:%SZ"), self.id)
            });
    }

    pub fn view(&self) -> CcRequestView {
        use crate::clock::to_jst_string;
        CcRequestView {
            id: self.id.clone(),
            kind: self.kind,
            status: self.status,
            municipality_code: self.muni.clone(),
            filed_by: self.filed_by.clone(),
            filed_at: to_jst_string(self.filed_at),
            cutoff: to_jst_string(self.cutoff),
            issuance_date: self.issuance_date,
            company: self.company.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            target_vsys_id: self.target_vsys_id.clone(),
            change_detail: self.change_detail.clone(),
            result_vsys_id: self.result_vsys_id.clone(),
            result_message: self.result_message.clone(),
            processed_at: self.processed_at.map(to_jst_string),
            failed_runs: self.failed_runs,
            version: self.version,
        }
    }
}

/// A call-centre account request as the municipality and the office see it.
#[derive(Debug, Clone, Serialize)]
pub struct CcRequestView {
    pub id: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub municipality_code: String,
    pub filed_by: String,
    pub filed_at: String,
    pub cutoff: String,
    pub issuance_date: NaiveDate,
    pub company: Option<String>,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub target_vsys_id: Option<String>,
    pub change_detail: Option<String>,
    pub result_vsys_id: Option<String>,
    pub result_message: Option<String>,
    pub processed_at: Option<String>,
    pub failed_runs: u32,
    pub version: u64,
}

pub async fn find(app: &App, id: &str) -> AppResult<Option<CcRequestItem>> {
    get(app, &pk(id), "CCREQ").await
}

pub async fn list(
    app: &App,
    pref: &str,
    muni: Option<&str>,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<QueryPage<CcRequestItem>> {
    let prefix = muni.map(|m| format!("{m}#"));
    query(
        app,
        Some("GSI1"),
        &format!("CCREQ#P{pref}"),
        prefix.as_deref(),
        false,
        limit,
        cursor,
    )
    .await
}

/// Open requests, oldest cut-off first (the Friday job reads only those whose cut-off has passed).
pub async fn open(app: &App) -> AppResult<Vec<CcRequestItem>> {
    crate::store::query_all(app, Some("GSI2"), "CCREQ#OPEN", None).await
}
