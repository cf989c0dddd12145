//! What a resident fills in, checked field by field (each error names its
//! field), and the views of a request: the row of a municipal queue, and
//! the whole request as its municipality and the resident see it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vsys::clock::to_jst_display;
use vsys::domain::account::{check_email, check_phone};
use vsys::domain::calendar::jst_date;
use vsys::domain::resident::{
    check_coupon, check_doses, check_kana, check_stay, parse_birth_date, reason_label, RequestKind, RequestStatus, CONFIRM_WITHIN,
};
use vsys::http::{Prose, Text};
use vsys::masterdata::municipality_name;
use vsys::store::residents::{new_id, RequestItem, RowItem};
use vsys::{App, AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitReq {
    pub kind: RequestKind,
    /// 氏名
    pub name: Text<50>,
    /// フリガナ
    pub kana: Text<50>,
    /// 生年月日 (YYYY-MM-DD)
    pub birth_date: Text<10>,
    /// 住民票の住所
    pub address: Text<120>,
    /// 住民票のある市区町村 (6-digit code)
    pub home_muni: Text<6>,
    /// 券番号 (10 digits)
    pub coupon: Text<20>,
    pub phone: Text<20>,
    pub email: Text<254>,
    pub reason: Text<20>,
    /// Required when the reason is 「その他」.
    pub reason_detail: Option<Prose<500>>,
    /// Out of area: the municipality where the vaccination happens.
    pub muni: Option<Text<6>>,
    /// Out of area: 滞在先 (hospital, lodging, …).
    pub stay_place: Option<Text<120>>,
    pub stay_from: Option<NaiveDate>,
    pub stay_to: Option<NaiveDate>,
    /// Reissue: the doses already received.
    pub doses_received: Option<Vec<u8>>,
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::invalid(field, message)
}

fn need<T>(v: Option<T>, field: &str, what: &str) -> AppResult<T> {
    v.ok_or_else(|| invalid(field, format!("{what}を入力してください。")))
}

fn known_muni(code: &str, field: &str) -> AppResult<()> {
    if code.len() == 6 && municipality_name(code).is_some() {
        Ok(())
    } else {
        Err(invalid(field, "市区町村を一覧から選んでください。"))
    }
}

/// Checks a submission and builds the unconfirmed request it files.
pub fn check(app: &App, req: SubmitReq) -> AppResult<RequestItem> {
    let now = app.now();
    let today = jst_date(now);
    check_kana(&req.kana).map_err(|m| invalid("kana", m))?;
    let birth_date = parse_birth_date(&req.birth_date, today).map_err(|m| invalid("birth_date", m))?;
    known_muni(&req.home_muni, "home_muni")?;
    check_coupon(&req.coupon).map_err(|m| invalid("coupon", m))?;
    check_phone(&req.phone).map_err(|m| invalid("phone", m))?;
    check_email(&req.email).map_err(|m| invalid("email", m))?;
    if reason_label(req.kind.reasons(), &req.reason).is_none() {
        return Err(invalid("reason", "理由を一覧から選んでください。"));
    }
    let reason_detail = req.reason_detail.map(Prose::into_string);
    if req.reason.as_str() == "other" && reason_detail.is_none() {
        return Err(invalid("reason_detail", "「その他」の場合は、理由を具体的に入力してください。"));
    }
    let home_muni = req.home_muni.into_string();
    let (muni, stay_place, stay_from, stay_to, doses) = match req.kind {
        RequestKind::OutOfArea => {
            let muni = need(req.muni, "muni", "接種を受ける市区町村")?.into_string();
            known_muni(&muni, "muni")?;
            if muni == home_muni {
                return Err(invalid("muni", "住民票のある市区町村で接種を受ける場合は、届出は不要です。"));
            }
            let place = need(req.stay_place, "stay_place", "滞在先")?.into_string();
            let from = need(req.stay_from, "stay_from", "滞在期間の開始日")?;
            let to = need(req.stay_to, "stay_to", "滞在期間の終了日")?;
            check_stay(from, to, today).map_err(|(f, m)| invalid(f, m))?;
            (muni, Some(place), Some(from), Some(to), Vec::new())
        }
        RequestKind::Reissue => {
            let doses = check_doses(req.doses_received.as_deref().unwrap_or_default()).map_err(|m| invalid("doses_received", m))?;
            (home_muni.clone(), None, None, None, doses)
        }
    };
    let id = new_id(now)?;
    let (pk, sk) = vsys::store::residents::key(&id);
    Ok(RequestItem {
        pk,
        sk,
        id,
        kind: req.kind,
        status: RequestStatus::Unconfirmed,
        muni,
        home_muni,
        name: req.name.into_string(),
        kana: req.kana.into_string(),
        birth_date,
        address: req.address.into_string(),
        coupon: req.coupon.into_string(),
        phone: req.phone.into_string(),
        email: req.email.into_string(),
        reason: req.reason.into_string(),
        reason_detail,
        stay_place,
        stay_from,
        stay_to,
        doses_received: doses,
        created_at: now,
        filed_at: None,
        decided_at: None,
        decided_by: None,
        refusal_reason: None,
        new_coupon: None,
        tokens: Vec::new(),
        expires_at: Some((now + CONFIRM_WITHIN).timestamp()),
        version: 1,
    })
}

pub fn muni_label(code: &str) -> String {
    let pref = vsys::masterdata::pref_name(&code[..2.min(code.len())]);
    format!("{pref}{}", municipality_name(code).unwrap_or(code))
}

fn reason_text(kind: RequestKind, code: &str) -> &'static str {
    reason_label(kind.reasons(), code).unwrap_or("")
}

/// A row of a queue: what the list shows, nothing more.
#[derive(Debug, Serialize)]
pub struct RowView {
    pub id: String,
    pub kind: RequestKind,
    pub kind_label: &'static str,
    pub status: RequestStatus,
    pub status_label: &'static str,
    pub muni: String,
    pub muni_name: String,
    pub home_muni: String,
    pub home_muni_name: String,
    pub name: String,
    pub reason_label: &'static str,
    pub stay_from: Option<NaiveDate>,
    pub stay_to: Option<NaiveDate>,
    pub filed_at: String,
    pub decided_at: Option<String>,
}

pub fn row_view(r: &RowItem) -> RowView {
    RowView {
        id: r.id.clone(),
        kind: r.kind,
        kind_label: r.kind.label_ja(),
        status: r.status,
        status_label: r.status.label_ja(),
        muni: r.muni.clone(),
        muni_name: muni_label(&r.muni),
        home_muni: r.home_muni.clone(),
        home_muni_name: muni_label(&r.home_muni),
        name: r.name.clone(),
        reason_label: reason_text(r.kind, &r.reason),
        stay_from: r.stay_from,
        stay_to: r.stay_to,
        filed_at: to_jst_display(r.filed_at),
        decided_at: r.decided_at.map(to_jst_display),
    }
}

/// A whole request: for its municipalities, and for the resident holding
/// its link.
#[derive(Debug, Serialize)]
pub struct RequestView {
    pub id: String,
    pub kind: RequestKind,
    pub kind_label: &'static str,
    pub status: RequestStatus,
    pub status_label: &'static str,
    pub muni: String,
    pub muni_name: String,
    pub home_muni: String,
    pub home_muni_name: String,
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
    pub address: String,
    pub coupon: String,
    pub phone: String,
    pub email: String,
    pub reason: String,
    pub reason_label: &'static str,
    pub reason_detail: Option<String>,
    pub stay_place: Option<String>,
    pub stay_from: Option<NaiveDate>,
    pub stay_to: Option<NaiveDate>,
    pub doses_received: Vec<u8>,
    pub filed_at: Option<String>,
    pub decided_at: Option<String>,
    pub refusal_reason: Option<String>,
    pub new_coupon: Option<String>,
    /// Whether the 届出済証 can be downloaded (an accepted notification).
    pub certificate: bool,
    /// Whether the reader may decide it (its municipality, while new).
    pub can_decide: bool,
    pub version: u64,
}

pub fn view(r: &RequestItem, can_decide: bool) -> RequestView {
    RequestView {
        id: r.id.clone(),
        kind: r.kind,
        kind_label: r.kind.label_ja(),
        status: r.status,
        status_label: r.status.label_ja(),
        muni: r.muni.clone(),
        muni_name: muni_label(&r.muni),
        home_muni: r.home_muni.clone(),
        home_muni_name: muni_label(&r.home_muni),
        name: r.name.clone(),
        kana: r.kana.clone(),
        birth_date: r.birth_date,
        address: r.address.clone(),
        coupon: r.coupon.clone(),
        phone: r.phone.clone(),
        email: r.email.clone(),
        reason: r.reason.clone(),
        reason_label: reason_text(r.kind, &r.reason),
        reason_detail: r.reason_detail.clone(),
        stay_place: r.stay_place.clone(),
        stay_from: r.stay_from,
        stay_to: r.stay_to,
        doses_received: r.doses_received.clone(),
        filed_at: r.filed_at.map(to_jst_display),
        decided_at: r.decided_at.map(to_jst_display),
        refusal_reason: r.refusal_reason.clone(),
        new_coupon: r.new_coupon.clone(),
        certificate: r.kind == RequestKind::OutOfArea && r.status == RequestStatus::Accepted,
        can_decide: can_decide && r.status == RequestStatus::New,
        version: r.version,
    }
}

/// What the audit keeps of a request: never the person.
pub fn audited(r: &RequestItem) -> serde_json::Value {
    serde_json::json!({"kind": r.kind, "status": r.status, "muni": r.muni, "home_muni": r.home_muni})
}
