//! What every PDF form shares (the delegation, the billing documents): A4
//! pages, text set in IPAex Gothic (IPA Font License v1.0, `fonts/`),
//! embedded and subset by krilla so that a page stays around 10 KB, ruled
//! lines, and wrapping by width. Behind the `pdf` feature: only the
//! functions that make documents carry the font's 6 MB.

use krilla::geom::Point;
use krilla::page::{Page, PageSettings};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use std::sync::OnceLock;

pub use krilla::geom::{PathBuilder, Rect};
pub use krilla::Document;

static FONT_DATA: &[u8] = include_bytes!("../fonts/ipaexg.ttf");

/// The font, parsed once per process.
pub fn font() -> Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| Font::new(FONT_DATA.to_vec().into(), 0).expect("the bundled font is a valid TrueType font")).clone()
}

/// A4 portrait, in points.
pub const A4: (f32, f32) = (595.0, 842.0);

/// The foot line every form carries.
pub const FOOTER: &str = "ワクチン接種円滑化システム（V-SYS）で作成 / 書体: IPAexゴシック（IPAフォントライセンスv1.0）";

/// Starts an A4 page.
pub fn a4(doc: &mut Document) -> Page<'_> {
    doc.start_page_with(PageSettings::from_wh(A4.0, A4.1).expect("A4 is a valid size"))
}

/// The width of `text` at `size`: full-width characters take the full
/// size, others about half (the forms' columns are sized by it).
pub fn width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| if c.is_ascii() { size * 0.55 } else { size }).sum()
}

/// Draws `t` with its baseline at (`x`, `y`).
pub fn text(s: &mut Surface, x: f32, y: f32, size: f32, t: &str) {
    s.draw_text(Point::from_xy(x, y), font(), size, t, false, TextDirection::Auto);
}

/// Draws `t` ending at `right` (figures in a column).
pub fn text_right(s: &mut Surface, right: f32, y: f32, size: f32, t: &str) {
    text(s, right - width(t, size), y, size, t);
}

/// Strokes the lines of `p` (tables, boxes), thin and black.
pub fn stroke(s: &mut Surface, p: PathBuilder) -> Result<(), String> {
    let path = p.finish().ok_or("an empty path")?;
    s.set_fill(None);
    s.set_stroke(Some(Stroke { width: 0.8, ..Stroke::default() }));
    s.draw_path(&path);
    s.set_stroke(None);
    s.set_fill(Some(Fill::default()));
    Ok(())
}

/// Splits `text` into lines that fit `width` at `size`.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut w = 0.0;
    for c in text.chars() {
        let cw = self::width(c.encode_utf8(&mut [0; 4]), size);
        if w + cw > width && !lines.last().is_some_and(String::is_empty) {
            lines.push(String::new());
            w = 0.0;
        }
        lines.last_mut().expect("one line").push(c);
        w += cw;
    }
    lines
}

/// The bytes of the finished document.
pub fn finish(doc: Document) -> Result<Vec<u8>, String> {
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

    #[test]
    fn figures_are_half_width() {
        assert_eq!(width("12", 10.0), 11.0);
        assert_eq!(width("円", 10.0), 10.0);
    }
}
