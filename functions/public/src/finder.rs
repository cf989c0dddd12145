//! The public site finder: listed sites of a prefecture (narrowed by
//! municipality, keyword and vaccine) with address, contact and reservation
//! status. Only what a site publishes is shown; a site that chose
//! 「一般不可：特定の人のみ」, a workplace venue, or a site that has not
//! entered its basic data is not in the finder's index at all.

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use serde::{Deserialize, Serialize};
use vsys::domain::facility::ReservationStatus;
use vsys::domain::org::Role;
use vsys::http::QueryParams;
use vsys::http::{InContext, Page};
use vsys::masterdata::{self, Area};
use vsys::store::facilities::{listed_sites, ListedSite};
use vsys::{App, AppError, AppResult};

use crate::Cached;

/// Answers may be cached this long by browsers and the CDN: a reservation
/// status a minute old is fine, and the finder stays cheap under load.
const CACHE: &str = "public, max-age=60";
/// The area lists change with master data only.
const CACHE_AREAS: &str = "public, max-age=86400";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinderQuery {
    prefecture_code: String,
    municipality_code: Option<String>,
    /// Part of the name or address.
    keyword: Option<String>,
    /// A vaccine (manufacturer) the site handles.
    vaccine: Option<String>,
    cursor: Option<String>,
    limit: Option<i32>,
}

/// Full-width ASCII as half-width, and lower case, so that 「ＡＢＣ」, "abc"
/// and "ABC" find each other.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn keeps(f: &ListedSite, keyword: Option<&str>, vaccine: Option<&str>) -> bool {
    let p = &f.listing;
    let by_keyword =
        keyword.is_none_or(|k| fold(&p.name).contains(k) || fold(&p.address).contains(k));
    let by_vaccine = vaccine.is_none_or(|v| p.vaccine.as_deref() == Some(v));
    by_keyword && by_vaccine
}

/// A site as the public finder (コロナワクチンナビ) shows it.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub site_id: String,
    pub name: String,
    pub classification_label: &'static str,
    pub prefecture_code: String,
    pub municipality_code: String,
    pub municipality_name: Option<&'static str>,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    pub homepage: Option<String>,
    pub parking: Option<String>,
    pub vaccine: Option<String>,
    pub reservation_status: ReservationStatus,
    pub reservation_status_label: &'static str,
    pub reservation_updated_at: Option<String>,
}

fn site_view(f: &ListedSite) -> SiteView {
    let p = &f.listing;
    SiteView {
        site_id: p.org_id.clone(),
        name: p.name.clone(),
        classification_label: p.classification.label_ja(),
        prefecture_code: p.pref.clone(),
        municipality_code: p.muni.clone(),
        municipality_name: masterdata::municipality_name(&p.muni),
        postal_code: p.postal_code.clone(),
        address: p.address.clone(),
        phone: p.phone.clone(),
        homepage: p.homepage.clone(),
        parking: p.parking.clone(),
        vaccine: p.vaccine.clone(),
        reservation_status: f.reservation_status,
        reservation_status_label: f.reservation_status.label_ja(),
        reservation_updated_at: f.reservation_updated_at.map(vsys::clock::to_jst_display),
    }
}

/// The area a finder page lists.
#[derive(Debug, Serialize)]
pub struct FinderArea {
    pub prefecture_code: String,
    pub municipality_code: Option<String>,
}

/// GET /public/sites — one page of listed sites in municipality order. Pages
/// may come back shorter than `limit` when the keyword or vaccine skips
/// sites; follow `next_cursor` to the end.
pub async fn sites(
    State(app): State<App>,
    QueryParams(q): QueryParams<FinderQuery>,
) -> AppResult<Cached<InContext<FinderArea, SiteView>>> {
    Role::Prefecture
        .check_code(&q.prefecture_code)
        .map_err(|m| AppError::invalid("prefecture_code", m))?;
    if let Some(m) = &q.municipality_code {
        Role::Municipality
            .check_code(m)
            .map_err(|msg| AppError::invalid("municipality_code", msg))?;
        if !m.starts_with(&q.prefecture_code) || masterdata::municipality_name(m).is_none() {
            return Err(AppError::invalid(
                "municipality_code",
                "この都道府県の市区町村コードではありません。",
            ));
        }
    }
    let keyword = match q.keyword.as_deref().map(str::trim) {
        Some(k) if k.chars().count() > 50 => {
            return Err(AppError::invalid(
                "keyword",
                "キーワードは50文字以内で入力してください。",
            ))
        }
        Some("") | None => None,
        Some(k) => Some(fold(k)),
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            "limit は1〜100で指定してください。",
        ));
    }
    let page = listed_sites(
        &app,
        &q.prefecture_code,
        q.municipality_code.as_deref(),
        limit,
        q.cursor.as_deref(),
    )
    .await?;
    let rows = page
        .items
        .iter()
        .filter(|f| keeps(f, keyword.as_deref(), q.vaccine.as_deref()))
        .map(site_view)
        .collect();
    Ok((
        [(CACHE_CONTROL, CACHE)],
        Page::new(rows, page.next).with(FinderArea {
            prefecture_code: q.prefecture_code,
            municipality_code: q.municipality_code,
        }),
    ))
}

/// GET /public/areas — the prefectures and their municipalities.
pub async fn areas() -> Cached<Page<&'static Area>> {
    (
        [(CACHE_CONTROL, CACHE_AREAS)],
        Page::whole(masterdata::areas().iter().collect()),
    )
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn keywords_fold_width_and_case() {
        assert_eq!(fold("ＡＢＣ　クリニック"), "abc クリニック");
        assert_eq!(fold("Abc"), "abc");
        assert_eq!(fold("霞が関１－２"), "霞が関1-2");
    }
}
