//! The certificate of an accepted out-of-area notification
//! (住所地外接種届出済証): one A4 page the resident shows at the venue,
//! issued in the name of the receiving municipality's mayor. Rendered on
//! each download from the request itself, so it is never stored apart from
//! the record it certifies and goes when that record expires.

use crate::form::muni_label;
use crate::pdf::{download, ymd};
use axum::response::Response;
use serde_json::json;
use vsys::auth::Actor;
use vsys::domain::resident::{reason_label, RequestKind, RequestStatus};
use vsys::masterdata::municipality_name;
use vsys::pdf::{self, text, text_right, PathBuilder, A4};
use vsys::store::residents::RequestItem;
use vsys::store::{audit, Tx};
use vsys::{App, AppError, AppResult};

const MARGIN: f32 = 56.0;

/// The certificate's PDF.
pub fn render(r: &RequestItem) -> Result<Vec<u8>, String> {
    let mut doc = pdf::Document::new();
    let mut page = pdf::a4(&mut doc);
    let mut s = page.surface();
    let right = A4.0 - MARGIN;
    let title = "住所地外接種届出済証";
    text(&mut s, (A4.0 - pdf::width(title, 20.0)) / 2.0, 90.0, 20.0, title);
    text_right(&mut s, right, 130.0, 10.0, &format!("受付番号 {}", r.id));
    let issued = r.decided_at.map(vsys::domain::calendar::jst_date).map(ymd).unwrap_or_default();
    text_right(&mut s, right, 146.0, 10.0, &format!("交付日 {issued}"));
    let lines = pdf::wrap(
        "下記の者から、新型コロナウイルス感染症に係る予防接種を当市区町村において受けることについて、住所地外接種の届出があったことを証明します。",
        11.0,
        right - MARGIN,
    );
    let mut y = 186.0;
    for l in &lines {
        text(&mut s, MARGIN, y, 11.0, l);
        y += 18.0;
    }
    y += 10.0;
    text(&mut s, (A4.0 - pdf::width("記", 12.0)) / 2.0, y, 12.0, "記");
    y += 16.0;
    let stay = match (r.stay_from, r.stay_to) {
        (Some(f), Some(t)) => format!("{} 〜 {}", ymd(f), ymd(t)),
        _ => String::new(),
    };
    let rows: [(&str, String); 9] = [
        ("氏名", r.name.clone()),
        ("フリガナ", r.kana.clone()),
        ("生年月日", ymd(r.birth_date)),
        ("住民票の住所", r.address.clone()),
        ("住民票のある市区町村", muni_label(&r.home_muni)),
        ("接種券の券番号", r.coupon.clone()),
        ("届出の理由", reason_label(r.kind.reasons(), &r.reason).unwrap_or("").to_string()),
        ("滞在先", r.stay_place.clone().unwrap_or_default()),
        ("滞在期間", stay),
    ];
    let label_w = 140.0;
    let top = y;
    let mut grid = PathBuilder::new();
    for (label, value) in &rows {
        let values = pdf::wrap(value, 11.0, right - MARGIN - label_w - 12.0);
        let h = 12.0 + 16.0 * values.len().max(1) as f32;
        grid.move_to(MARGIN, y);
        grid.line_to(right, y);
        text(&mut s, MARGIN + 6.0, y + 18.0, 10.0, label);
        for (i, v) in values.iter().enumerate() {
            text(&mut s, MARGIN + label_w + 6.0, y + 18.0 + 16.0 * i as f32, 11.0, v);
        }
        y += h;
    }
    grid.move_to(MARGIN, y);
    grid.line_to(right, y);
    for x in [MARGIN, MARGIN + label_w, right] {
        grid.move_to(x, top);
        grid.line_to(x, y);
    }
    pdf::stroke(&mut s, grid)?;
    y += 40.0;
    for l in pdf::wrap(
        "接種を受ける際は、この届出済証と接種券（クーポン券）、本人確認書類を接種会場にお持ちください。滞在期間を過ぎた場合や届出の内容に変更がある場合は、あらためて届け出てください。",
        9.5,
        right - MARGIN,
    ) {
        text(&mut s, MARGIN, y, 9.5, &l);
        y += 15.0;
    }
    let mayor = format!("{}長", municipality_name(&r.muni).unwrap_or(&r.muni));
    text_right(&mut s, right, y + 50.0, 13.0, &mayor);
    text(&mut s, MARGIN, A4.1 - 36.0, 7.0, pdf::FOOTER);
    s.finish();
    page.finish();
    pdf::finish(doc)
}

/// The certificate as a download, audited as a read of the request by
/// `actor`; 404 while there is none.
pub async fn answer(app: &App, actor: &Actor, r: &RequestItem) -> AppResult<Response> {
    if r.kind != RequestKind::OutOfArea || r.status != RequestStatus::Accepted {
        return Err(AppError::NotFound { message: "届出済証は、届出が受理されると発行されます。".into(), field: None });
    }
    let pdf = render(r).map_err(AppError::internal)?;
    let mut tx = Tx::new();
    tx.audit(audit::record(actor, app.now(), "resident_certificate_downloaded", &format!("resreq:{}", r.id), None, Some(json!({"kind": r.kind})))?);
    tx.commit(app).await?;
    Ok(download(&format!("todokede-{}.pdf", r.id), pdf))
}
