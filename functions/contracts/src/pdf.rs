//! The delegation (委任状) as an A4 PDF form: title, addressee, the delegation
//! sentence, a ruled table of the facility's data, and a box for the seal.
//!
//! Set with `vsys::pdf` (IPAex Gothic, embedded and subset).

use vsys::pdf::{self, text, wrap, PathBuilder, Rect, A4};

/// What the form shows, already in display form.
pub struct DelegationForm<'a> {
    pub number: &'a str,
    pub date: String,
    pub delegate: &'a str,
    pub delegate_kind: &'a str,
    pub rows: Vec<(&'a str, String)>,
}

const MARGIN: f32 = 56.0;
const LABEL_W: f32 = 150.0;
const ROW_PAD: f32 = 7.0;

/// Renders the form; the bytes of one PDF.
pub fn render(form: &DelegationForm) -> Result<Vec<u8>, String> {
    let mut doc = pdf::Document::new();
    let mut page = pdf::a4(&mut doc);
    let mut s = page.surface();
    let right = A4.0 - MARGIN;

    text(
        &mut s,
        right - 190.0,
        60.0,
        9.0,
        &format!("委任状番号 {}", form.number),
    );
    text(&mut s, A4.0 / 2.0 - 36.0, 100.0, 24.0, "委 任 状");
    text(&mut s, right - 150.0, 130.0, 11.0, &form.date);
    text(
        &mut s,
        MARGIN,
        165.0,
        14.0,
        &format!("{} 殿（{}）", form.delegate, form.delegate_kind),
    );
    let mut y = 200.0;
    let sentence = "当施設は、新型コロナウイルス感染症に係る予防接種の実施に関する集合契約の締結並びに接種費用の請求及び受領に関する権限を、上記の者に委任します。";
    for line in wrap(sentence, 11.0, right - MARGIN) {
        text(&mut s, MARGIN, y, 11.0, &line);
        y += 17.0;
    }
    y += 12.0;

    // The ruled table: label | value, values wrapped to the column.
    let value_w = right - MARGIN - LABEL_W - 2.0 * ROW_PAD;
    let mut grid = PathBuilder::new();
    let top = y;
    grid.move_to(MARGIN, top);
    grid.line_to(right, top);
    for (label, value) in &form.rows {
        let lines = wrap(value, 10.5, value_w);
        let h = (lines.len() as f32) * 15.0 + 2.0 * ROW_PAD;
        text(&mut s, MARGIN + ROW_PAD, y + ROW_PAD + 11.0, 10.0, label);
        for (i, l) in lines.iter().enumerate() {
            text(
                &mut s,
                MARGIN + LABEL_W + ROW_PAD,
                y + ROW_PAD + 11.0 + i as f32 * 15.0,
                10.5,
                l,
            );
        }
        y += h;
        grid.move_to(MARGIN, y);
        grid.line_to(right, y);
    }
    for x in [MARGIN, MARGIN + LABEL_W, right] {
        grid.move_to(x, top);
        grid.line_to(x, y);
    }
    // The seal box (印) at the foot, for the paper the facility stamps.
    let seal = Rect::from_xywh(right - 70.0, y + 30.0, 70.0, 70.0).ok_or("seal box")?;
    grid.push_rect(seal);
    pdf::stroke(&mut s, grid)?;
    text(&mut s, right - 42.0, y + 70.0, 12.0, "印");
    text(
        &mut s,
        MARGIN,
        y + 60.0,
        9.0,
        "契約代表者の押印のうえ、委任先へ提出してください。",
    );
    text(
        &mut s,
        MARGIN,
        A4.1 - 40.0,
        8.0,
        pdf::FOOTER,
    );
    s.finish();
    page.finish();
    pdf::finish(doc)
}
