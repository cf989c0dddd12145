//! The delegation (委任状) as an A4 PDF form: title, addressee, the delegation
//! sentence, a ruled table of the facility's data, and a box for the seal.
//!
//! Text is set in IPAex Gothic (IPA Font License v1.0, `fonts/`), embedded
//! and subset by krilla, so a page stays around 10 KB. The font lives in this
//! crate only, so no other function carries its 6 MB.

use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use std::sync::OnceLock;

static FONT_DATA: &[u8] = include_bytes!("../fonts/ipaexg.ttf");

fn font() -> Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| {
        Font::new(FONT_DATA.to_vec().into(), 0).expect("the bundled font is a valid TrueType font")
    })
    .clone()
}

/// What the form shows, already in display form.
pub struct DelegationForm<'a> {
    pub number: &'a str,
    pub date: String,
    pub delegate: &'a str,
    pub delegate_kind: &'a str,
    pub rows: Vec<(&'a str, String)>,
}

const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;
const LABEL_W: f32 = 150.0;
const ROW_PAD: f32 = 7.0;

/// Splits `text` into lines that fit `width` at `size` (full-width characters
/// take the full size, others about half).
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut w = 0.0;
    for c in text.chars() {
        let cw = if c.is_ascii() { size * 0.55 } else { size };
        if w + cw > width && !lines.last().is_some_and(String::is_empty) {
            lines.push(String::new());
            w = 0.0;
        }
        lines.last_mut().expect("one line").push(c);
        w += cw;
    }
    lines
}

/// Renders the form; the bytes of one PDF.
pub fn render(form: &DelegationForm) -> Result<Vec<u8>, String> {
    let font = font();
    let mut doc = Document::new();
    let mut page = doc.start_page_with(PageSettings::from_wh(A4.0, A4.1).ok_or("page size")?);
    let mut s = page.surface();
    let text = |s: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, t: &str| {
        s.draw_text(
            Point::from_xy(x, y),
            font.clone(),
            size,
            t,
            false,
            TextDirection::Auto,
        );
    };
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
    s.set_fill(None);
    s.set_stroke(Some(Stroke {
        width: 0.8,
        ..Stroke::default()
    }));
    s.draw_path(&grid.finish().ok_or("table path")?);
    s.set_stroke(None);
    s.set_fill(Some(krilla::paint::Fill::default()));
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
        "ワクチン接種円滑化システム（V-SYS）で作成 / 書体: IPAexゴシック（IPAフォントライセンスv1.0）",
    );
    s.finish();
    page.finish();
    doc.finish().map_err(|e| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_width() {
        let lines = wrap("あいうえおかきくけこ", 10.0, 45.0);
        assert_eq!(lines, ["あいうえ", "おかきく", "けこ"]);
        assert_eq!(wrap("", 10.0, 45.0), [""]);
    }
}
