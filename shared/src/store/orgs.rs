//! Organisations: the nation, prefectures and municipalities (from master
//! data) and the bodies created when their first account is issued.

use crate::domain::org::{OrgRef, Role};
use crate::error::{AppError, AppResult};
use crate::store::get;
use crate::App;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrgItem {
    #[serde(rename = "PK")]
    pub pk: String,
    #[serde(rename = "SK")]
    pub sk: String,
    #[serde(rename = "GSI1PK")]
    pub gsi1pk: String,
    #[serde(rename = "GSI1SK")]
    pub gsi1sk: String,
    pub org_id: String,
    pub role: Role,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub kana: Option<String>,
    pub pref: Option<String>,
    pub muni: Option<String>,
    #[serde(default)]
    pub population_total: Option<u64>,
    #[serde(default)]
    pub population_65plus: Option<u64>,
    /// The day (JST) a site or workplace venue was registered with its
    /// first account: it bills no month before this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_on: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub version: u64,
}

/// The sort key of an organisation's own item.
pub const SK: &str = "ORG";

pub fn key(org_id: &str) -> crate::store::Key {
    (pk(org_id), SK.into())
}

pub fn pk(org_id: &str) -> String {
    format!("ORG#{org_id}")
}

impl OrgItem {
    pub fn new(
        role: Role,
        code: &str,
        name: &str,
        pref: Option<String>,
        muni: Option<String>,
    ) -> OrgItem {
        let org_id = role.org_id(code);
        OrgItem {
            pk: pk(&org_id),
            sk: SK.into(),
            gsi1pk: area_pk(pref.as_deref()),
            gsi1sk: format!("{}#{}", muni.as_deref().unwrap_or("000000"), org_id),
            org_id,
            role,
            code: code.to_string(),
            name: name.to_string(),
            kana: None,
            pref,
            muni,
            population_total: None,
            population_65plus: None,
            joined_on: None,
            version: 1,
        }
    }

    pub fn org_ref(&self) -> OrgRef {
        OrgRef {
            org_id: self.org_id.clone(),
            role: self.role,
            pref: self.pref.clone(),
            muni: self.muni.clone(),
        }
    }
}

/// One page of the organisations of a prefecture (`None`: national bodies),
/// narrowed to a municipality when given, in municipality order.
pub async fn of_area(
    app: &App,
    pref: Option<&str>,
    muni: Option<&str>,
    limit: i32,
    cursor: Option<&str>,
) -> AppResult<crate::store::QueryPage<OrgItem>> {
    crate::store::area_page(app, "GSI1", &area_pk(pref), muni, limit, cursor).await
}

fn area_pk(pref: Option<&str>) -> String {
    format!("ORGS#P{}", pref.unwrap_or("00"))
}

pub async fn find(app: &App, org_id: &str) -> AppResult<Option<OrgItem>> {
    get(app, &pk(org_id), SK).await
}

/// The municipality of `code` from master data; an unknown code is a 400
/// naming `field`.
pub async fn municipality(app: &App, code: &str, field: &str) -> AppResult<OrgItem> {
    find(app, &Role::Municipality.org_id(code))
        .await?
        .ok_or_else(|| AppError::invalid(field, "この市区町村コードはマスタに登録されていません。"))
}
