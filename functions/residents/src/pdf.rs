//! The pre-filled screening form (新型コロナワクチン接種 予診票) for medical
//! workers: one A4 page per worker, laid out as the official form — the
//! person's particulars at the top (here already filled in, with the venue
//! that prints it), the questions with はい / いいえ and the doctor's column,
//! the doctor's and the person's decisions, and the record of the
//! vaccination.

use chrono::{Datelike, NaiveDate};
use vsys::domain::resident::Sex;
use vsys::pdf::{self, text, text_right, PathBuilder, Rect, A4};

pub struct Venue {
    pub name: String,
    pub code: String,
}

pub struct Worker {
    pub name: String,
    pub kana: String,
    pub birth: NaiveDate,
    pub age: u32,
    pub sex: Sex,
    pub address: String,
    pub employer: String,
}

/// The official form's questions (質問事項).
pub const QUESTIONS: [&str; 10] = [
    "新型コロナワクチンの接種を初めて受けますか。",
    "現在、何らかの病気にかかって、治療（投薬など）を受けていますか。",
    "最近1か月以内に熱が出たり、病気にかかったりしましたか。",
    "今日、体に具合が悪いところがありますか。",
    "けいれん（ひきつけ）を起こしたことがありますか。",
    "薬や食品などで、重いアレルギー症状（アナフィラキシーなど）を起こしたことがありますか。",
    "これまでに予防接種を受けて具合が悪くなったことはありますか。",
    "現在、妊娠している可能性（生理が予定より遅れているなど）はありますか。または、授乳中ですか。",
    "2週間以内に予防接種を受けましたか。",
    "今日の予防接種について質問がありますか。",
];

const MARGIN: f32 = 40.0;

fn rect(b: &mut PathBuilder, x: f32, y: f32, w: f32, h: f32) -> Result<(), String> {
    b.push_rect(Rect::from_xywh(x, y, w, h).ok_or("a box")?);
    Ok(())
}

/// 「1960年4月1日」
pub(crate) fn ymd(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A generated PDF as a download that no cache keeps (it holds personal data).
pub(crate) fn download(filename: &str, pdf: Vec<u8>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        pdf,
    )
        .into_response()
}

fn page(doc: &mut pdf::Document, venue: &Venue, w: &Worker) -> Result<(), String> {
    let mut page = pdf::a4(doc);
    let mut s = page.surface();
    let right = A4.0 - MARGIN;
    let width = right - MARGIN;
    let mut grid = PathBuilder::new();
    let title = "新型コロナワクチン接種 予診票（医療従事者用）";
    text(&mut s, (A4.0 - pdf::width(title, 16.0)) / 2.0, 52.0, 16.0, title);
    text_right(&mut s, right, 72.0, 8.5, &format!("接種会場: {}（{}）", venue.name, venue.code));

    // The particulars, filled in.
    let rows: [(&str, String); 5] = [
        ("住所", w.address.clone()),
        ("フリガナ", w.kana.clone()),
        ("氏名", w.name.clone()),
        ("生年月日", format!("{}生（満{}歳）　性別 {}", ymd(w.birth), w.age, w.sex.label_ja())),
        ("勤務先", w.employer.clone()),
    ];
    let label_w = 80.0;
    let mut y = 84.0;
    let top = y;
    for (label, value) in &rows {
        let h = if *label == "氏名" { 26.0 } else { 20.0 };
        text(&mut s, MARGIN + 6.0, y + h - 6.0, 9.0, label);
        text(&mut s, MARGIN + label_w + 6.0, y + h - 6.0, if *label == "氏名" { 13.0 } else { 10.0 }, value);
        grid.move_to(MARGIN, y);
        grid.line_to(right, y);
        y += h;
    }
    grid.move_to(MARGIN, y);
    grid.line_to(right, y);
    for x in [MARGIN, MARGIN + label_w, right] {
        grid.move_to(x, top);
        grid.line_to(x, y);
    }
    text(&mut s, MARGIN, y + 14.0, 8.0, "電話番号（　　　　）　　　　－　　　　　　　体温　　　　度　　　分（接種前）");

    // The questions: 質問事項 | 回答欄 | 医師記入欄.
    y += 26.0;
    let (answer_x, doctor_x) = (MARGIN + width * 0.62, MARGIN + width * 0.80);
    let top = y;
    text(&mut s, MARGIN + 6.0, y + 13.0, 9.0, "質問事項");
    text(&mut s, answer_x + 6.0, y + 13.0, 9.0, "回答欄");
    text(&mut s, doctor_x + 6.0, y + 13.0, 9.0, "医師記入欄");
    y += 18.0;
    for (i, q) in QUESTIONS.iter().enumerate() {
        grid.move_to(MARGIN, y);
        grid.line_to(right, y);
        let lines = pdf::wrap(&format!("{}. {q}", i + 1), 8.5, answer_x - MARGIN - 10.0);
        let h = 8.0 + 11.0 * lines.len() as f32;
        for (j, l) in lines.iter().enumerate() {
            text(&mut s, MARGIN + 5.0, y + 12.0 + 11.0 * j as f32, 8.5, l);
        }
        text(&mut s, answer_x + 10.0, y + 12.0, 9.0, "□はい　□いいえ");
        y += h.max(22.0);
    }
    grid.move_to(MARGIN, y);
    grid.line_to(right, y);
    for x in [MARGIN, answer_x, doctor_x, right] {
        grid.move_to(x, top);
        grid.line_to(x, y);
    }
    grid.move_to(MARGIN, top);
    grid.line_to(right, top);

    // The decisions.
    y += 18.0;
    text(&mut s, MARGIN, y, 9.0, "医師記入欄　以上の問診及び診察の結果、今日の接種は（ 可能 ・ 見合わせる ）");
    text(&mut s, MARGIN, y + 16.0, 9.0, "本人に対して、接種の効果、副反応及び予防接種健康被害救済制度について説明した。　医師署名又は記名押印");
    y += 36.0;
    text(&mut s, MARGIN, y, 9.0, "医師の診察・説明を受け、接種の効果や副反応などについて理解した上で、接種を（ 希望します ・ 希望しません ）");
    text(&mut s, MARGIN, y + 16.0, 9.0, "本人署名");
    text(&mut s, MARGIN + 220.0, y + 16.0, 9.0, &format!("（{}）", w.name));

    // The record of the vaccination.
    y += 30.0;
    let top = y;
    let cols = [MARGIN, MARGIN + width * 0.22, MARGIN + width * 0.42, MARGIN + width * 0.58, MARGIN + width * 0.80, right];
    for (i, h) in ["ワクチン名・ロット番号", "接種量", "実施場所", "医師名", "接種年月日"].iter().enumerate() {
        text(&mut s, cols[i] + 4.0, y + 13.0, 8.5, h);
    }
    y += 18.0;
    text(&mut s, cols[2] + 4.0, y + 16.0, 7.5, &venue.name.chars().take(14).collect::<String>());
    y += 26.0;
    for yy in [top, top + 18.0, y] {
        grid.move_to(MARGIN, yy);
        grid.line_to(right, yy);
    }
    for x in cols {
        grid.move_to(x, top);
        grid.line_to(x, y);
    }
    let mut frame = PathBuilder::new();
    rect(&mut frame, MARGIN - 6.0, 30.0, width + 12.0, y - 18.0)?;
    pdf::stroke(&mut s, frame)?;
    pdf::stroke(&mut s, grid)?;
    text(&mut s, MARGIN, A4.1 - 30.0, 7.0, pdf::FOOTER);
    s.finish();
    page.finish();
    Ok(())
}

/// One PDF, a page per worker, in the order of the list.
pub fn render(venue: &Venue, workers: &[Worker]) -> Result<Vec<u8>, String> {
    let mut doc = pdf::Document::new();
    for w in workers {
        page(&mut doc, venue, w)?;
    }
    pdf::finish(doc)
}
