//! Creating the local stack's resources from the template and loading master data.

use serde_json::Value;
use vsys::store::{batch_put, schema, to_item};
use vsys::{App, Config, Stage};

/// The configuration of the local stack for a stage: every name from the template.
pub fn local_config(stage: Stage, base_url: &str) -> Config {
    let s = stage.as_str();
    Config {
        stage,
        table: vsys::template::table(s).name,
        bucket: vsys::template::bucket_name(s),
        mail_from: vsys::template::mail_identity(s),
        app_base_url: format!("{base_url}/app"),
        id_domain: vsys::template::parameter_default("IdDomain")
            .unwrap_or_else(|| "v-sys.jp".into()),
        national_office_email: vsys::template::parameter_default("NationalOfficeEmail")
            .unwrap_or_default(),
        booking_retention_days: vsys::template::parameter_default("BookingRetentionDays")
            .and_then(|d| d.parse().ok())
            .unwrap_or(90),
    }
}

/// Creates the table (named `table`, shaped as the template says), the bucket
/// and the mail identity. Safe to run again.
pub async fn create_resources(app: &App, stage: Stage) -> Result<bool, String> {
    let def = vsys::template::table(stage.as_str());
    let created = schema::create_table(&app.ddb, &def, &app.cfg.table)
        .await
        .map_err(|e| e.to_string())?;
    schema::create_bucket(app.s3(), &app.cfg.bucket, vsys::template::EMULATOR_REGION)
        .await
        .map_err(|e| e.to_string())?;
    // Any origin: the local gateways listen on whatever port they are given
    // (the template allows the app's origin only).
    schema::allow_uploads_from(app.s3(), &app.cfg.bucket, "*")
        .await
        .map_err(|e| e.to_string())?;
    schema::create_mail_identity(app.ses(), &app.cfg.mail_from)
        .await
        .map_err(|e| e.to_string())?;
    Ok(created)
}

/// Loads the nation, prefectures and municipalities, and the initial vaccine
/// master; `filter` picks which organisations
/// (tests load a few prefectures). Reports progress through `progress`.
pub async fn load_master_data(
    app: &App,
    filter: impl Fn(&vsys::store::orgs::OrgItem) -> bool,
    progress: impl Fn(usize, usize),
) -> Result<usize, String> {
    let orgs: Vec<_> = vsys::masterdata::organisations(
        vsys::masterdata::PREFECTURES_CSV,
        vsys::masterdata::MUNICIPALITIES_CSV,
    )?
    .into_iter()
    .filter(|o| filter(o))
    .collect();
    let total = orgs.len();
    let items = orgs
        .iter()
        .map(to_item)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let mut done = 0;
    for chunk in items.chunks(250) {
        batch_put(app, chunk.to_vec())
            .await
            .map_err(|e| e.to_string())?;
        done += chunk.len();
        progress(done, total);
    }
    load_products(app).await?;
    load_billing_prices(app).await?;
    load_faq(app).await?;
    Ok(total)
}

/// The training stage's three dummy facilities of every municipality that
/// `filter` picks (seed 001: 5,223 in all), as sites with a blank profile.
/// Safe to run again (the same keys are written). Reports progress.
pub async fn load_training_facilities(
    app: &App,
    filter: impl Fn(&str) -> bool,
    progress: impl Fn(usize, usize),
) -> Result<usize, String> {
    use vsys::domain::org::Role;
    use vsys::store::facilities::ProfileItem;
    use vsys::store::orgs::OrgItem;
    let facilities: Vec<_> = vsys::masterdata::census()
        .municipalities
        .iter()
        .filter(|m| filter(&m.code))
        .flat_map(|m| vsys::masterdata::training_facilities(&m.code))
        .collect();
    let total = facilities.len();
    let mut items = Vec::with_capacity(total * 2);
    for f in &facilities {
        let org = OrgItem::new(Role::Site, &f.code, f.name, Some(f.pref.clone()), Some(f.muni.clone()));
        let mut profile = ProfileItem::blank(&org);
        // Stored, so its first save goes over version 1.
        profile.version = 1;
        items.push(to_item(&org).map_err(|e| e.to_string())?);
        items.push(to_item(&profile).map_err(|e| e.to_string())?);
    }
    let mut done = 0;
    for chunk in items.chunks(500) {
        batch_put(app, chunk.to_vec())
            .await
            .map_err(|e| e.to_string())?;
        done += chunk.len() / 2;
        progress(done, total);
    }
    Ok(total)
}

/// Adds the initial products of the vaccine master that are not there yet
/// (a product the national office has edited stays as edited).
pub async fn load_products(app: &App) -> Result<usize, String> {
    use vsys::store::supply::{product_master, ProductItem};
    let master = product_master(app).await.map_err(|e| e.to_string())?;
    let mut next = master.clone();
    let mut added = 0;
    for p in vsys::domain::supply::initial_products() {
        if master.product(&p.code).is_none() {
            next = next.with(ProductItem::new(p, 1));
            added += 1;
        }
    }
    if added > 0 {
        let mut tx = vsys::store::Tx::new();
        next.write_in(&mut tx, master.version, "product master moved during setup")
            .map_err(|e| e.to_string())?;
        tx.commit(app).await.map_err(|e| e.to_string())?;
    }
    Ok(added)
}

/// Loads the initial billing price master (SPEC §10) when there is none
/// yet (a master the national office has edited stays as edited).
pub async fn load_billing_prices(app: &App) -> Result<bool, String> {
    use vsys::store::billing::{self, PricesItem};
    let master = billing::prices(app).await.map_err(|e| e.to_string())?;
    if master.version > 0 {
        return Ok(false);
    }
    let mut tx = vsys::store::Tx::new();
    let next = PricesItem::new(vsys::domain::billing::initial_prices(), None, None, 1);
    billing::save_prices_in(&mut tx, &next, 0, "billing prices loaded meanwhile").map_err(|e| e.to_string())?;
    tx.commit(app).await.map_err(|e| e.to_string())?;
    Ok(true)
}

/// Loads the initial FAQ (domain::faq::INITIAL) when there is none yet
/// (an FAQ the national office has edited stays as edited).
pub async fn load_faq(app: &App) -> Result<bool, String> {
    use vsys::store::faq::{self, FaqItem};
    if !faq::all(app).await.map_err(|e| e.to_string())?.is_empty() {
        return Ok(false);
    }
    let now = app.now();
    let entries: Vec<FaqItem> = vsys::domain::faq::INITIAL
        .iter()
        .enumerate()
        .map(|(i, (question, answer))| FaqItem {
            pk: String::new(),
            sk: String::new(),
            id: format!("{:04}", i + 1),
            question: question.to_string(),
            answer: answer.to_string(),
            updated_at: now,
            updated_by: "system".into(),
            version: 1,
        })
        .collect();
    faq::load(app, &entries).await.map_err(|e| e.to_string())?;
    Ok(true)
}

/// What the emulator's SES has sent, optionally to one address.
pub async fn sent_mail(endpoint: &str, to: Option<&str>) -> Result<Vec<Value>, String> {
    let url = format!("{}/moto-api/data.json", endpoint.trim_end_matches('/'));
    let data: Value = reqwest::get(&url)
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let messages = data["ses"]["Message"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    Ok(messages
        .into_iter()
        .filter(|m| {
            to.is_none_or(|to| {
                m["destinations"]["ToAddresses"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(to)))
            })
        })
        .collect())
}
