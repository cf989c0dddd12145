//! A facility's delegations (委任状登録, seed 001): who the delegate is (the
//! rule of SPEC §3, shown with its reason before anything is registered),
//! registering one with its PDF in S3, and downloading it by a short-lived
//! presigned URL. Until a delegation is downloaded once, every sign-in of
//! the facility carries a "delegation waiting" notice.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::time::Duration;
use vsys::auth::Principal;
use vsys::clock::to_jst_display;
use vsys::documents;
use vsys::domain::account::{check_email, check_phone};
use vsys::domain::facility::{
    check_facility_code, decide_delegate, DelegateDecision, DelegateFacts, DelegateKind, SiteType,
};
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::http::{Body, Text, User};
use vsys::store::contracts::{
    self, CodeItem, CodeKind, DelegationItem, Person, ReceiptState, DELEGATION_COUNTER,
};
use vsys::store::facilities::{self, Facility};
use vsys::store::orgs::{self, OrgItem};
use vsys::store::{audit, next_number, supply, to_item, Batch, Tx};
use vsys::{App, AppError, AppResult};

use crate::pdf::{render, DelegationForm};

/// How long a download link works.
pub const LINK_VALID: Duration = Duration::from_secs(300);

/// The delegate decided for a facility, with the body it names.
pub struct Decided {
    pub kind: DelegateKind,
    pub org: OrgItem,
    pub reason: &'static str,
}

/// The facility (a site), its code-master entry for `code`, and the facts the
/// delegate rule reads: one BatchGetItem.
async fn facility_and_delegate(
    app: &App,
    p: &Principal,
    code: Option<&str>,
) -> AppResult<(
    Facility,
    Option<CodeItem>,
    Result<Decided, DelegateDecision>,
)> {
    p.require_role(&[Role::Site])?;
    let (Some(pref), Some(muni)) = (p.pref.clone(), p.muni.clone()) else {
        return Err(AppError::forbidden());
    };
    let muni_org = Role::Municipality.org_id(&muni);
    let pref_org = Role::Prefecture.org_id(&pref);
    // The aggregator is only known from the profile, so it is read after.
    let mut batch = Batch::new();
    let first = batch.add::<serde_json::Value>(contracts::municipal_first_key(&muni_org));
    let muni_item = batch.add::<OrgItem>(orgs::key(&muni_org));
    let pref_item = batch.add::<OrgItem>(orgs::key(&pref_org));
    let code_item = batch.add::<CodeItem>(contracts::code_key(code.unwrap_or("-")));
    let (f, mut got) = facilities::read(app, &p.org_id, batch)
        .await?
        .ok_or_else(AppError::forbidden)?;
    let first_done = got.exists(&first);
    let muni_item = got.take(muni_item)?;
    let pref_item = got.take(pref_item)?;
    let code_item = got.take(code_item)?;
    let Some(profile) = f.profile.profile.as_ref() else {
        return Err(AppError::from(codes::PROFILE_MISSING));
    };
    let aggregator = match &profile.aggregator_code {
        Some(c) => orgs::find(app, &Role::Aggregator.org_id(c)).await?,
        None => None,
    };
    let decision = decide_delegate(DelegateFacts {
        founder: profile.founder,
        serves_other_residents: profile.serves_other_residents,
        municipality_delegated_before: first_done,
        has_aggregator: aggregator.is_some(),
    });
    let decided = match decision {
        DelegateDecision::To(kind, reason) => {
            let org = match kind {
                DelegateKind::Prefecture => pref_item,
                DelegateKind::Municipality => muni_item,
                DelegateKind::Aggregator => aggregator,
            }
            .ok_or_else(|| AppError::internal("delegate organisation missing from master"))?;
            Ok(Decided { kind, org, reason })
        }
        other => Err(other),
    };
    Ok((f, code_item, decided))
}

/// Who a facility delegates to and why; when no delegation is needed, only
/// the reason and whether the venue can still bill.
#[derive(Debug, Serialize)]
pub struct DecisionView {
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegate_kind: Option<DelegateKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegate_kind_label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegate_organisation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegate_name: Option<String>,
    pub reason: &'static str,
    pub billable: bool,
}

fn decision_view(d: &Result<Decided, DelegateDecision>) -> DecisionView {
    match d {
        Ok(d) => DecisionView {
            required: true,
            delegate_kind: Some(d.kind),
            delegate_kind_label: Some(d.kind.label_ja()),
            delegate_organisation_id: Some(d.org.org_id.clone()),
            delegate_name: Some(d.org.name.clone()),
            reason: d.reason,
            billable: true,
        },
        Err(DelegateDecision::NotRequired { reason, billable }) => DecisionView {
            required: false,
            delegate_kind: None,
            delegate_kind_label: None,
            delegate_organisation_id: None,
            delegate_name: None,
            reason,
            billable: *billable,
        },
        Err(DelegateDecision::To(..)) => unreachable!("decided delegates are Ok"),
    }
}

/// GET /facility/delegate — who this facility delegates to, and why.
pub async fn delegate(State(app): State<App>, User(p): User) -> AppResult<Json<DecisionView>> {
    let (_, _, decided) = facility_and_delegate(&app, &p, None).await?;
    Ok(Json(decision_view(&decided)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonReq {
    name: Text<50>,
    title: Option<Text<50>>,
    department: Option<Text<50>>,
    phone: Text<20>,
    email: Text<254>,
}

impl PersonReq {
    fn check(self, field: &str) -> AppResult<Person> {
        check_phone(&self.phone).map_err(|m| AppError::invalid(&format!("{field}.phone"), m))?;
        check_email(&self.email).map_err(|m| AppError::invalid(&format!("{field}.email"), m))?;
        Ok(Person {
            name: self.name.into_string(),
            title: self.title.map(Text::into_string),
            department: self.department.map(Text::into_string),
            phone: self.phone.into_string(),
            email: self.email.into_string(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterReq {
    /// 保険医療機関コード (medical) or 介護保険事業所番号 (care).
    code_kind: CodeKind,
    /// Ten digits; checked against the facility code master.
    code: String,
    /// 契約代表者
    representative: PersonReq,
    /// 担当者 (the receipt notification goes to this address)
    contact: PersonReq,
    /// The vaccine handled (a manufacturer of the product master).
    vaccine: Text<50>,
}

fn code_error(code: vsys::error::Code, message: &str) -> AppError {
    code.with(message).at("code")
}

/// POST /delegations — registers a delegation and renders its PDF.
pub async fn register(
    State(app): State<App>,
    User(p): User,
    Body(req): Body<RegisterReq>,
) -> AppResult<(StatusCode, Json<Registered>)> {
    check_facility_code(&req.code).map_err(|m| code_error(codes::INVALID_CODE, m))?;
    let representative = req.representative.check("representative")?;
    let contact = req.contact.check("contact")?;
    let (f, code_item, decided) = facility_and_delegate(&app, &p, Some(&req.code)).await?;
    let entry = code_item.ok_or_else(|| {
        code_error(
            codes::UNKNOWN_CODE,
            "このコードはワクチン接種契約受付システムのマスタにありません。コードを確認し、既存のコードがない場合は都道府県を経由して新規コード付番を申請してください。",
        )
    })?;
    if entry.kind != req.code_kind {
        return Err(AppError::invalid(
            "code_kind",
            match entry.kind {
                CodeKind::Medical => "このコードは保険医療機関コードです。",
                CodeKind::Care => "このコードは介護保険事業所番号です。",
            },
        ));
    }
    let profile = f
        .profile
        .profile
        .as_ref()
        .expect("checked by the delegate rule");
    let own = match req.code_kind {
        CodeKind::Medical => f.org.code == req.code,
        CodeKind::Care => profile.care_code.as_deref() == Some(req.code.as_str()),
    };
    if !own {
        return Err(code_error(
            codes::NOT_OWN_CODE,
            "このコードは貴施設のコードではありません（介護保険事業所番号の場合は施設情報に登録した番号を入力してください）。",
        ));
    }
    if !supply::vaccine_names(&app)
        .await?
        .iter()
        .any(|m| m == req.vaccine.as_str())
    {
        return Err(AppError::invalid(
            "vaccine",
            "取り扱うワクチンはマスタのワクチンから選んでください。",
        ));
    }
    let decided = match decided {
        Ok(d) => d,
        Err(DelegateDecision::NotRequired { reason, .. }) => {
            return Err(codes::DELEGATION_NOT_REQUIRED.with(reason))
        }
        Err(DelegateDecision::To(..)) => unreachable!("decided delegates are Ok"),
    };
    let existing = contracts::of_site(&app, &f.org.org_id).await?;
    if let Some(d) = existing
        .iter()
        .find(|d| d.vaccine == req.vaccine.as_str() && d.delegate_org_id == decided.org.org_id)
    {
        return Err(codes::ALREADY_REGISTERED.with(format!(
            "このワクチンの委任状は登録済みです（委任状番号 {}）。ダウンロードは何度でもできます。",
            d.number
        )));
    }

    let now = app.now();
    let seq = next_number(&app, &orgs::pk(&f.org.org_id), DELEGATION_COUNTER).await?;
    let number = format!("{}-{seq:02}", f.org.code);
    let mut item = DelegationItem {
        pk: String::new(),
        sk: String::new(),
        gsi1pk: String::new(),
        gsi1sk: String::new(),
        number: number.clone(),
        site_id: f.org.org_id.clone(),
        code: req.code.clone(),
        code_kind: req.code_kind,
        facility_name: f.profile.name.clone(),
        postal_code: profile.postal_code.to_string(),
        address: profile.address.to_string(),
        pref: f.profile.pref.clone(),
        muni: f.profile.muni.clone(),
        representative,
        contact,
        vaccine: req.vaccine.into_string(),
        site_type: f.profile.site_type,
        delegate_kind: decided.kind,
        delegate_org_id: decided.org.org_id.clone(),
        delegate_name: decided.org.name.clone(),
        delegate_reason: decided.reason.to_string(),
        pdf_key: format!("delegations/{}/{number}.pdf", f.org.org_id),
        pdf_bytes: 0,
        registered_at: now,
        registered_by: p.vsys_id.clone(),
        first_downloaded_at: None,
        downloads: 0,
        state: ReceiptState::Unreceived,
        received_at: None,
        received_by: None,
        mailed_at: None,
        mailed_by: None,
        version: 1,
    };
    item.set_keys();
    // Rendering is CPU work (font subsetting): off the async workers, so
    // one gateway serving many requests stays responsive meanwhile.
    let owned = item.clone();
    let pdf = tokio::task::spawn_blocking(move || render(&form(&owned)))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    item.pdf_bytes = pdf.len() as u64;
    // The document first: a delegation is never listed without its PDF.
    documents::put_pdf(&app, &item.pdf_key, pdf).await?;
    let mut tx = Tx::new();
    tx.put_new(to_item(&item)?, "delegation number")
        .audit(audit::record(
            &p.actor(),
            now,
            "delegation_registered",
            &format!("delegation:{number}"),
            None,
            Some(json!(view(&item))),
        )?)
        .put_new(
            contracts::delegation_marker(
                &item.site_id,
                &item.vaccine,
                &item.delegate_org_id,
                &number,
            ),
            AppError::from(codes::ALREADY_REGISTERED),
        );
    if decided.kind == DelegateKind::Prefecture {
        // A municipality delegates to its prefecture once: the first wins.
        tx.put_new(
            contracts::municipal_first_marker(&Role::Municipality.org_id(&item.muni), &number),
            codes::DELEGATION_NOT_REQUIRED.with(
                "この市町村の接種施設の委任状は、既に都道府県宛に提出されています（初回のみ）。",
            ),
        );
    }
    if let Err(e) = tx.commit(&app).await {
        // Nothing names the document now: take it back.
        documents::discard(&app, &item.pdf_key).await;
        return Err(e);
    }
    let message = format!(
        "委任状を登録しました。委任状（PDF）をダウンロードして印刷し、押印のうえ{}へ提出してください。",
        item.delegate_name
    );
    Ok((
        StatusCode::CREATED,
        Json(Registered {
            delegation: view(&item),
            message,
        }),
    ))
}

/// A delegation just registered, and what to do with its PDF.
#[derive(Debug, Serialize)]
pub struct Registered {
    #[serde(flatten)]
    pub delegation: DelegationView,
    pub message: String,
}

/// The form as the PDF shows it.
pub fn form(d: &DelegationItem) -> DelegationForm<'_> {
    let person = |x: &Person| {
        let mut s = x.name.clone();
        if let Some(t) = &x.title {
            s = format!("{t} {s}");
        }
        if let Some(dep) = &x.department {
            s = format!("{dep} {s}");
        }
        format!("{s}（電話 {} / {}）", x.phone, x.email)
    };
    DelegationForm {
        number: &d.number,
        date: to_jst_display(d.registered_at)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string(),
        delegate: &d.delegate_name,
        delegate_kind: d.delegate_kind.label_ja(),
        rows: vec![
            (
                match d.code_kind {
                    CodeKind::Medical => "保険医療機関コード",
                    CodeKind::Care => "介護保険事業所番号",
                },
                d.code.clone(),
            ),
            ("医療機関・接種会場名", d.facility_name.clone()),
            ("所在地", format!("〒{} {}", d.postal_code, d.address)),
            ("契約代表者", person(&d.representative)),
            ("担当者", person(&d.contact)),
            ("取り扱うワクチン", d.vaccine.clone()),
            ("接種施設の種類", d.site_type.label_ja().to_string()),
            (
                "委任先",
                format!("{}（{}）", d.delegate_name, d.delegate_kind.label_ja()),
            ),
            ("登録日時", to_jst_display(d.registered_at)),
        ],
    }
}

/// A delegation (委任状) as the facility and its receiver see it.
#[derive(Debug, Serialize)]
pub struct DelegationView {
    pub number: String,
    pub site_id: String,
    pub code: String,
    pub code_kind: CodeKind,
    pub facility_name: String,
    pub postal_code: String,
    pub address: String,
    pub representative: Person,
    pub contact: Person,
    pub vaccine: String,
    pub site_type: SiteType,
    pub site_type_label: &'static str,
    pub delegate_kind: DelegateKind,
    pub delegate_kind_label: &'static str,
    pub delegate_organisation_id: String,
    pub delegate_name: String,
    pub delegate_reason: String,
    pub pdf_bytes: u64,
    pub registered_at: String,
    pub downloaded: bool,
    pub first_downloaded_at: Option<String>,
    pub downloads: u64,
    pub state: ReceiptState,
    pub state_label: &'static str,
    pub received_at: Option<String>,
    pub mailed_at: Option<String>,
    pub locked: bool,
    pub version: u64,
}

pub fn view(d: &DelegationItem) -> DelegationView {
    DelegationView {
        number: d.number.clone(),
        site_id: d.site_id.clone(),
        code: d.code.clone(),
        code_kind: d.code_kind,
        facility_name: d.facility_name.clone(),
        postal_code: d.postal_code.clone(),
        address: d.address.clone(),
        representative: d.representative.clone(),
        contact: d.contact.clone(),
        vaccine: d.vaccine.clone(),
        site_type: d.site_type,
        site_type_label: d.site_type.label_ja(),
        delegate_kind: d.delegate_kind,
        delegate_kind_label: d.delegate_kind.label_ja(),
        delegate_organisation_id: d.delegate_org_id.clone(),
        delegate_name: d.delegate_name.clone(),
        delegate_reason: d.delegate_reason.clone(),
        pdf_bytes: d.pdf_bytes,
        registered_at: to_jst_display(d.registered_at),
        downloaded: d.first_downloaded_at.is_some(),
        first_downloaded_at: d.first_downloaded_at.map(to_jst_display),
        downloads: d.downloads,
        state: d.state,
        state_label: match (d.state, d.locked()) {
            (ReceiptState::Unreceived, _) => "未受領",
            (ReceiptState::Received, false) => "受領済",
            (ReceiptState::Received, true) => "受領済（通知メール送信済）",
        },
        received_at: d.received_at.map(to_jst_display),
        mailed_at: d.mailed_at.map(to_jst_display),
        locked: d.locked(),
        version: d.version,
    }
}

/// A short-lived link to a delegation's PDF.
#[derive(Debug, Serialize)]
pub struct PdfLink {
    pub number: String,
    pub url: String,
    pub expires_in_seconds: u64,
    pub bytes: u64,
}

/// A delegation the caller may see: its facility, its delegate, or the
/// national office. 404 otherwise.
pub async fn visible(app: &App, p: &Principal, number: &str) -> AppResult<DelegationItem> {
    let d = contracts::delegation(app, number)
        .await?
        .ok_or_else(AppError::not_found)?;
    let ok = p.role == Role::National || d.site_id == p.org_id || d.delegate_org_id == p.org_id;
    if !ok {
        return Err(AppError::not_found());
    }
    Ok(d)
}

/// GET /delegations/{number}
pub async fn one(
    State(app): State<App>,
    User(p): User,
    Path(number): Path<String>,
) -> AppResult<Json<DelegationView>> {
    Ok(Json(view(&visible(&app, &p, &number).await?)))
}

/// GET /delegations/{number}/pdf — a presigned URL valid for five minutes.
/// The facility's first download ends its "delegation waiting" notice.
pub async fn pdf(
    State(app): State<App>,
    User(p): User,
    Path(number): Path<String>,
) -> AppResult<Json<PdfLink>> {
    let d = visible(&app, &p, &number).await?;
    let url =
        documents::pdf_url(&app, &d.pdf_key, &format!("{}.pdf", d.number), LINK_VALID).await?;
    let now = app.now();
    if d.site_id == p.org_id {
        // Counted with the version bumped, so a receiver's concurrent save
        // cannot write back a stale "never downloaded". The first download
        // is stamped on the version read (an absent time is stored as NULL,
        // so `if_not_exists` cannot tell).
        let mut tx = Tx::new();
        contracts::count_download_in(
            &mut tx,
            &d,
            now,
            codes::RETRY.with("同時に別の操作が行われました。もう一度ダウンロードしてください。"),
        )?;
        if d.first_downloaded_at.is_none() {
            tx.audit(audit::record(
                &p.actor(),
                now,
                "delegation_downloaded",
                &format!("delegation:{}", d.number),
                None,
                None,
            )?);
        }
        tx.commit(&app).await?;
    }
    Ok(Json(PdfLink {
        number: d.number,
        url,
        expires_in_seconds: LINK_VALID.as_secs(),
        bytes: d.pdf_bytes,
    }))
}
