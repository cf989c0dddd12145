//! A site's claim (請求) for a month of vaccination, as seed 002's entry
//! screen draws it: the counts by kind, age and time for the residents of
//! the site's own municipality first (「医療機関と同一市内にお住まいの方」),
//! then one row per other municipality added. Submitted by the 10th of the
//! following month; after that a change is a correction, marked on the
//! documents and audited as such. The reconciliation warning holds the
//! vaccinations billed against the results the site reported for the month.

use crate::views::{counts_view, price_view, CountsReq, CountsView, PriceSetView};
use axum::extract::{Path, State};
use axum::Json;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use vsys::domain::billing::{bill, claim_label, deadline, month_label, month_str, parse_month, prices_for, Bill, Counts, PriceSet, MAX_ROWS};
use vsys::domain::calendar::jst_date;
use vsys::domain::org::Role;
use vsys::error::codes;
use vsys::masterdata::pref_name;
use vsys::http::{Body, Page, Text, User};
use vsys::store::billing::{self, ClaimItem, ClaimRow, PricesItem};
use vsys::store::facilities::{profile_key, ProfileItem};
use vsys::store::orgs::{self, OrgItem};
use vsys::store::results::{month_key, MonthItem};
use vsys::store::{audit, Batch, Tx};
use vsys::{App, AppError, AppResult};

/// The site as its documents name it.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub org_id: String,
    pub code: String,
    pub name: String,
    pub pref: String,
    pub pref_name: String,
    pub muni: Option<String>,
    pub muni_name: Option<String>,
    pub address: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    /// 施設等区分.
    pub classification: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    pub muni: String,
    pub muni_name: String,
    pub counts: CountsView,
    pub bill: Option<Bill>,
}

#[derive(Debug, Serialize)]
pub struct ClaimView {
    pub month: String,
    pub month_label: String,
    /// 「2022年1月請求分（1/10締切）」.
    pub claim_label: String,
    pub deadline: String,
    pub past_deadline: bool,
    pub site: SiteView,
    /// The prices the month is billed at: those of the submitted claim, or
    /// the master's for the month.
    pub prices: Option<PriceSetView>,
    pub rows: Vec<RowView>,
    pub summary: Option<Bill>,
    pub submitted: bool,
    pub corrected: bool,
    pub corrections: u64,
    pub submitted_at: Option<String>,
    /// Doses the site reported in its results for the month.
    pub reported_doses: u64,
    pub billed_vaccinations: u64,
    pub warning: Option<String>,
    pub version: u64,
}

/// What a claim page needs, read in one batch.
pub struct Facts {
    pub site: SiteView,
    pub claim: Option<ClaimItem>,
    pub prices: PricesItem,
    pub reported: u64,
}

fn site_view(org: &OrgItem, profile: Option<&ProfileItem>) -> SiteView {
    let pf = profile.and_then(|p| p.profile.as_ref());
    let pref = org.pref.clone().unwrap_or_default();
    SiteView {
        org_id: org.org_id.clone(),
        code: org.code.clone(),
        name: pf.map_or_else(|| org.name.clone(), |p| p.name.to_string()),
        pref_name: pref_name(&pref),
        pref,
        muni: org.muni.clone(),
        muni_name: org.muni.as_deref().and_then(vsys::masterdata::municipality_name).map(str::to_string),
        address: pf.map(|p| p.address.to_string()),
        representative: pf.and_then(|p| p.representative.as_ref()).map(|r| r.to_string()),
        phone: pf.map(|p| p.phone.to_string()),
        classification: pf.map(|p| p.classification.label_ja()),
    }
}

/// The month of a path, known and ended (a month is billed once it is over).
pub fn month_of(app: &App, raw: &str) -> AppResult<NaiveDate> {
    let m = parse_month(raw).ok_or_else(|| AppError::invalid("month", "接種月は 2021-12 の形で指定してください。"))?;
    let today = jst_date(app.now());
    let this_month = today.with_day(1).expect("day 1");
    if m >= this_month {
        return Err(AppError::invalid("month", format!("{}の接種分は、月が明けてから請求できます。", month_label(m))));
    }
    Ok(m)
}

pub async fn facts(app: &App, site_id: &str, month: NaiveDate) -> AppResult<Facts> {
    let mut batch = Batch::new();
    let org = batch.add::<OrgItem>(orgs::key(site_id));
    let profile = batch.add::<ProfileItem>(profile_key(site_id));
    let claim = batch.add::<ClaimItem>(billing::claim_key(site_id, month));
    let prices = batch.add::<PricesItem>(billing::prices_key());
    let done = batch.add::<MonthItem>(month_key(site_id, month));
    let mut got = batch.read(app).await?;
    let org = got.take(org)?.ok_or_else(AppError::not_found)?;
    let profile = got.take(profile)?;
    if let Some(joined) = org.joined_on.filter(|j| month < j.with_day(1).expect("day 1")) {
        return Err(AppError::invalid("month", format!("{}の接種分は請求できません。この医療機関の登録（{}）より前の月です。", month_label(month), joined.format("%Y/%m/%d"))));
    }
    Ok(Facts {
        site: site_view(&org, profile.as_ref()),
        claim: got.take(claim)?,
        prices: got.take(prices)?.unwrap_or_else(|| PricesItem::new(Vec::new(), None, None, 0)),
        reported: got.take(done)?.map_or(0, |m| m.doses.max(0) as u64),
    })
}

/// The warning shown to the site before it submits and to the
/// municipality: more vaccinations billed than results reported.
pub fn warning(billed: u64, reported: u64) -> Option<String> {
    (billed > reported).then(|| format!("請求する接種回数（{billed}回）が、この月の接種実績として報告された回数（{reported}回）を上回っています。接種実績の入力と請求内容をご確認ください。"))
}

fn require_site(p: &vsys::auth::Principal) -> AppResult<()> {
    p.require_role(&[Role::Site, Role::Workplace])
}

fn view(app: &App, month: NaiveDate, f: &Facts) -> ClaimView {
    let past = jst_date(app.now()) > deadline(month);
    let prices: Option<&PriceSet> = f.claim.as_ref().map(|c| &c.prices).or_else(|| prices_for(&f.prices.sets, month));
    let mut rows: Vec<RowView> = match &f.claim {
        Some(c) => c.rows.iter().map(|r| RowView { muni: r.muni.clone(), muni_name: r.muni_name.clone(), counts: counts_view(&r.counts), bill: Some(bill(&r.counts, &c.prices)) }).collect(),
        None => Vec::new(),
    };
    if rows.is_empty() {
        if let (Some(m), Some(n)) = (&f.site.muni, &f.site.muni_name) {
            rows.push(RowView { muni: m.clone(), muni_name: n.clone(), counts: counts_view(&Counts::default()), bill: prices.map(|p| bill(&Counts::default(), p)) });
        }
    }
    let billed = f.claim.as_ref().map_or(0, |c| c.total().vaccinations());
    ClaimView {
        month: month_str(month),
        month_label: month_label(month),
        claim_label: claim_label(month),
        deadline: deadline(month).to_string(),
        past_deadline: past,
        site: f.site.clone(),
        prices: prices.map(price_view),
        rows,
        summary: f.claim.as_ref().map(ClaimItem::summary),
        submitted: f.claim.is_some(),
        corrected: f.claim.as_ref().is_some_and(|c| c.corrected),
        corrections: f.claim.as_ref().map_or(0, |c| c.corrections),
        submitted_at: f.claim.as_ref().map(|c| vsys::clock::to_jst_string(c.submitted_at)),
        reported_doses: f.reported,
        billed_vaccinations: billed,
        warning: f.claim.as_ref().and_then(|_| warning(billed, f.reported)),
        version: f.claim.as_ref().map_or(0, |c| c.version),
    }
}

#[derive(Debug, Serialize)]
pub struct ClaimSummary {
    pub month: String,
    pub month_label: String,
    pub claim_label: String,
    pub total_count: u64,
    pub total_amount: u64,
    pub municipalities: usize,
    pub corrected: bool,
    pub submitted_at: String,
}

/// GET /billing/claims — the site's claims, newest month first.
pub async fn list(State(app): State<App>, User(p): User) -> AppResult<Page<ClaimSummary>> {
    require_site(&p)?;
    let claims = billing::claims_of(&app, &p.org_id).await?;
    Ok(Page::whole(
        claims
            .iter()
            .map(|c| {
                let s = c.summary();
                ClaimSummary {
                    month: month_str(c.month),
                    month_label: month_label(c.month),
                    claim_label: claim_label(c.month),
                    total_count: s.total_count,
                    total_amount: s.total_amount,
                    municipalities: c.rows.iter().filter(|r| r.counts.total() > 0).count(),
                    corrected: c.corrected,
                    submitted_at: vsys::clock::to_jst_string(c.submitted_at),
                }
            })
            .collect(),
    ))
}

/// GET /billing/claims/{month} — the month's entry: the claim submitted,
/// or a blank one with the site's own municipality.
pub async fn one(State(app): State<App>, User(p): User, Path(month): Path<String>) -> AppResult<Json<ClaimView>> {
    require_site(&p)?;
    let month = month_of(&app, &month)?;
    let f = facts(&app, &p.org_id, month).await?;
    Ok(Json(view(&app, month, &f)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowReq {
    muni: Text<6>,
    counts: CountsReq,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimReq {
    rows: Vec<RowReq>,
    /// 「請求内容変更の場合はチェック」: required after the deadline.
    #[serde(default)]
    correction: bool,
    version: u64,
}

/// The rows checked: known municipalities, each once, the site's own first.
fn check_rows(rows: Vec<RowReq>, own: Option<&str>) -> AppResult<Vec<ClaimRow>> {
    if rows.is_empty() {
        return Err(AppError::invalid("rows", "請求する市区町村を1行以上入力してください。"));
    }
    if rows.len() > MAX_ROWS {
        return Err(AppError::invalid("rows", format!("1か月の請求に入れられる市区町村は{MAX_ROWS}までです。")));
    }
    let mut out: Vec<ClaimRow> = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        let field = format!("rows[{i}].muni");
        let Some(name) = vsys::masterdata::municipality_name(&r.muni) else {
            return Err(AppError::invalid(&field, format!("市区町村コード {} はマスタにありません。", r.muni.as_str())));
        };
        if out.iter().any(|o| o.muni == *r.muni) {
            return Err(AppError::invalid(&field, format!("{name}の行が重複しています。1市区町村1行で入力してください。")));
        }
        if i == 0 {
            if let Some(own) = own.filter(|o| *o != r.muni.as_str()) {
                let own_name = vsys::masterdata::municipality_name(own).unwrap_or(own);
                return Err(AppError::invalid(&field, format!("1行目は医療機関と同一市区町村（{own_name}）にお住まいの方の件数です。")));
            }
        }
        out.push(ClaimRow { muni: r.muni.as_str().to_string(), muni_name: name.to_string(), counts: r.counts.counts() });
    }
    Ok(out)
}

/// PUT /billing/claims/{month} — submits the month's claim (again), on the
/// version read; after the deadline only as a correction.
pub async fn submit(State(app): State<App>, User(p): User, Path(month): Path<String>, Body(req): Body<ClaimReq>) -> AppResult<Json<ClaimView>> {
    require_site(&p)?;
    let month = month_of(&app, &month)?;
    let f = facts(&app, &p.org_id, month).await?;
    let rows = check_rows(req.rows, f.site.muni.as_deref())?;
    let prices = prices_for(&f.prices.sets, month).ok_or_else(|| AppError::invalid("month", format!("{}の接種に適用する単価が単価マスタにありません。", month_label(month))))?;
    let now = app.now();
    let before = f.claim.as_ref();
    // A claim first submitted after the deadline is a late claim (月遅れ請求);
    // changing a submitted one after it is a correction.
    let late = jst_date(now) > deadline(month) && before.is_some();
    if late && !req.correction {
        return Err(AppError::invalid("correction", format!("締切（{}）を過ぎています。請求内容を変更する場合は「請求内容変更の場合はチェック」にチェックしてください。", deadline(month).format("%-m/%-d"))));
    }
    if before.map_or(0, |c| c.version) != req.version {
        return Err(codes::STALE_VERSION.into());
    }
    let (pk, sk) = billing::claim_key(&p.org_id, month);
    let next = ClaimItem {
        pk,
        sk,
        site_id: p.org_id.clone(),
        month,
        rows,
        // Billed at the master's prices as they stand at this submission;
        // the documents read them from the claim.
        prices: prices.clone(),
        corrected: late || before.is_some_and(|c| c.corrected),
        corrections: before.map_or(0, |c| c.corrections) + u64::from(late),
        submitted_at: now,
        submitted_by: p.vsys_id.clone(),
        version: req.version + 1,
    };
    let mut tx = Tx::new();
    billing::submit_in(&mut tx, &next, before, &f.site.code, &f.site.name, codes::STALE_VERSION)?;
    let action = if late { "billing_corrected" } else { "billing_submitted" };
    let summary = |c: &ClaimItem| json!({"rows": c.rows.iter().map(|r| json!({"muni": r.muni, "counts": r.counts})).collect::<Vec<_>>(), "total_amount": c.summary().total_amount});
    tx.audit(audit::record(&p.actor(), now, action, &format!("claim:{}:{}", p.org_id, month_str(month)), before.map(summary), Some(summary(&next)))?);
    tx.commit(&app).await?;
    let f = Facts { claim: Some(next), ..f };
    Ok(Json(view(&app, month, &f)))
}
