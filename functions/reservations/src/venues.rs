//! Which venues a caller works with: a municipality and its call centre
//! every site of the municipality; a site only itself, and counts only.

use axum::extract::State;
use serde::Serialize;
use vsys::auth::Principal;
use vsys::domain::org::Role;
use vsys::http::{Page, User};
use vsys::store::orgs::{self, OrgItem};
use vsys::store::reservations::Venue;
use vsys::{App, AppError, AppResult};

/// The roles that book and read bookings: the municipality and its call centre.
pub const BOOKERS: &[Role] = &[Role::Municipality, Role::CallCentre];

/// A venue the caller may work with, as `Venue` keys want it.
pub struct VenueOrg(pub OrgItem);

impl VenueOrg {
    pub fn venue(&self) -> Venue<'_> {
        Venue {
            id: &self.0.org_id,
            name: &self.0.name,
            pref: self.0.pref.as_deref().unwrap_or_default(),
            muni: self.0.muni.as_deref().unwrap_or_default(),
        }
    }
}

/// The caller's municipality (municipality or call centre).
pub fn own_muni(p: &Principal) -> AppResult<&str> {
    p.own_muni(BOOKERS)
}

/// A venue of the caller's municipality (404 for any other, or for an
/// organisation that is not a site). With `counts_only`, a site may name
/// itself.
pub async fn in_scope(app: &App, p: &Principal, venue_id: &str, counts_only: bool) -> AppResult<VenueOrg> {
    match p.role {
        Role::Municipality | Role::CallCentre => {}
        // A site reads its own counts, never the bookings' personal data.
        Role::Site if p.org_id == venue_id && counts_only => {}
        Role::Site if p.org_id == venue_id => return Err(AppError::forbidden()),
        Role::Site => return Err(AppError::not_found()),
        _ => return Err(AppError::forbidden()),
    }
    let org = orgs::find(app, venue_id).await?.ok_or_else(AppError::not_found)?;
    if org.role != Role::Site || (p.role != Role::Site && org.muni != p.muni) {
        return Err(AppError::not_found());
    }
    Ok(VenueOrg(org))
}

#[derive(Debug, Serialize)]
pub struct VenueView {
    pub venue_id: String,
    pub name: String,
    pub code: String,
}

/// GET /reservation-venues — the sites of the caller's municipality (a
/// site: itself), the venues slots can be made for.
pub async fn list(State(app): State<App>, User(p): User) -> AppResult<Page<VenueView>> {
    let view = |o: &OrgItem| VenueView { venue_id: o.org_id.clone(), name: o.name.clone(), code: o.code.clone() };
    if p.role == Role::Site {
        let org = orgs::find(&app, &p.org_id).await?.ok_or_else(AppError::forbidden)?;
        return Ok(Page::whole(vec![view(&org)]));
    }
    let muni = own_muni(&p)?;
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = orgs::of_area(&app, Some(&muni[..2]), Some(muni), 500, cursor.as_deref()).await?;
        out.extend(page.items.iter().filter(|o| o.role == Role::Site).map(view));
        match page.next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(Page::whole(out))
}
