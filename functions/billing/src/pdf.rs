//! The billing documents as one A4 PDF: the billing summary (請求総括書)
//! to the prefecture's NHI federation, then an invoice (市区町村別請求書)
//! per municipality billed, each a page with the site's particulars and a
//! ruled table of lines: 区分 | 項目 | 件数 | 単価（税抜） | 金額（税込）.

use crate::claims::SiteView;
use vsys::domain::billing::Bill;
use vsys::domain::thousands;
use vsys::pdf::{self, text, text_right, PathBuilder, Rect, A4};

/// What the documents show, already in display form.
pub struct ClaimDoc<'a> {
    pub site: &'a SiteView,
    /// 「2022年1月請求分（2021年12月接種分）」.
    pub heading: String,
    pub submitted_on: String,
    pub corrected: bool,
    pub tax_rate_percent: u32,
    pub summary: &'a Bill,
    /// Per municipality billed: its name (with the prefecture's) and bill.
    pub invoices: Vec<(String, &'a Bill)>,
}

const MARGIN: f32 = 50.0;

fn page(doc: &mut pdf::Document, d: &ClaimDoc, title: &str, addressee: &str, bill: &Bill, full_site: bool) -> Result<(), String> {
    let mut page = pdf::a4(doc);
    let mut s = page.surface();
    let right = A4.0 - MARGIN;
    text_right(&mut s, right, 50.0, 9.0, &format!("提出日 {}", d.submitted_on));
    if d.corrected {
        let mut b = PathBuilder::new();
        b.push_rect(Rect::from_xywh(MARGIN, 36.0, 84.0, 20.0).ok_or("mark box")?);
        pdf::stroke(&mut s, b)?;
        text(&mut s, MARGIN + 6.0, 51.0, 11.0, "請求内容変更");
    }
    text(&mut s, (A4.0 - pdf::width(title, 18.0)) / 2.0, 95.0, 18.0, title);
    text(&mut s, MARGIN, 135.0, 13.0, addressee);
    text(&mut s, MARGIN, 160.0, 11.0, &d.heading);

    // The site's particulars.
    let site = d.site;
    let mut rows: Vec<(&str, String)> = Vec::new();
    if full_site {
        rows.push(("住所", site.address.clone().unwrap_or_default()));
        rows.push(("代表者", site.representative.clone().unwrap_or_default()));
        rows.push(("電話番号", site.phone.clone().unwrap_or_default()));
        rows.push(("施設等区分", site.classification.unwrap_or("").to_string()));
    }
    rows.push(("医療機関等コード", site.code.clone()));
    rows.push(("医療機関等名称", site.name.clone()));
    let label_w = 110.0;
    let mut y = 180.0;
    let mut grid = PathBuilder::new();
    let top = y;
    grid.move_to(MARGIN, y);
    grid.line_to(right, y);
    for (label, value) in &rows {
        text(&mut s, MARGIN + 6.0, y + 15.0, 9.5, label);
        text(&mut s, MARGIN + label_w + 6.0, y + 15.0, 10.0, value);
        y += 22.0;
        grid.move_to(MARGIN, y);
        grid.line_to(right, y);
    }
    for x in [MARGIN, MARGIN + label_w, right] {
        grid.move_to(x, top);
        grid.line_to(x, y);
    }

    // The lines: kind | item | count | unit | amount.
    y += 24.0;
    let cols = [MARGIN, MARGIN + 70.0, MARGIN + 200.0, MARGIN + 280.0, MARGIN + 370.0, right];
    let head = ["区分", "項目", "件数", "単価（税抜）", "金額（税込）"];
    let top = y;
    grid.move_to(MARGIN, y);
    grid.line_to(right, y);
    for (i, h) in head.iter().enumerate() {
        text(&mut s, cols[i] + 6.0, y + 15.0, 9.5, h);
    }
    y += 22.0;
    grid.move_to(MARGIN, y);
    grid.line_to(right, y);
    let mut last_kind = None;
    for l in &bill.lines {
        if last_kind != Some(l.kind) {
            text(&mut s, cols[0] + 6.0, y + 15.0, 10.0, l.kind_label);
            last_kind = Some(l.kind);
        }
        text(&mut s, cols[1] + 6.0, y + 15.0, 10.0, &l.label);
        text_right(&mut s, cols[3] - 6.0, y + 15.0, 10.0, &thousands(l.count));
        if let Some(u) = l.unit_price {
            text_right(&mut s, cols[4] - 6.0, y + 15.0, 10.0, &format!("{}円", thousands(u)));
        }
        text_right(&mut s, cols[5] - 6.0, y + 15.0, 10.0, &format!("{}円", thousands(l.amount)));
        y += 20.0;
        grid.move_to(if l.label == "小計" { MARGIN } else { cols[1] }, y);
        grid.line_to(right, y);
    }
    text(&mut s, cols[0] + 6.0, y + 17.0, 11.0, "合計");
    text_right(&mut s, cols[3] - 6.0, y + 17.0, 11.0, &thousands(bill.total_count));
    text_right(&mut s, cols[5] - 6.0, y + 17.0, 11.0, &format!("{}円", thousands(bill.total_amount)));
    y += 24.0;
    grid.move_to(MARGIN, y);
    grid.line_to(right, y);
    for x in cols {
        grid.move_to(x, top);
        grid.line_to(x, y);
    }
    pdf::stroke(&mut s, grid)?;

    y += 22.0;
    text(&mut s, MARGIN, y, 8.5, &format!("金額は 件数 × 単価（税抜） × (1 + 消費税率{}%) を行ごとに1円未満切り捨てたものです。", d.tax_rate_percent));
    if !bill.new_form {
        text(&mut s, MARGIN, y + 14.0, 8.5, "時間外・休日の加算額は、この請求とは別に請求してください（令和3年11月接種分までの様式）。");
    }
    text(&mut s, MARGIN, A4.1 - 40.0, 8.0, pdf::FOOTER);
    s.finish();
    page.finish();
    Ok(())
}

/// The summary and every invoice; the bytes of one PDF.
pub fn render(d: &ClaimDoc) -> Result<Vec<u8>, String> {
    let mut doc = pdf::Document::new();
    page(&mut doc, d, "コロナワクチン接種費等 請求総括書", &format!("{}国民健康保険団体連合会 御中", d.site.pref_name), d.summary, true)?;
    for (muni, bill) in &d.invoices {
        page(&mut doc, d, "市区町村別請求書", &format!("{muni} 御中"), bill, false)?;
    }
    pdf::finish(doc)
}
