//! The services of seed 001's 「その他」 over HTTP: the medical workers'
//! pre-filled screening forms a priority-vaccination venue prints.

use serde_json::json;
use vsys_e2e::*;

const NOW: &str = "2021-04-12T10:00:00+09:00";

fn pdf_text(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

/// Thirty medical workers of the venue's list, as a CSV.
fn workers(bad: Option<(usize, &str, &str)>) -> String {
    let mut csv = String::from("氏名,フリガナ,生年月日,性別,住所,勤務先\n");
    for i in 1..=30 {
        let mut row = [
            format!("医療 太郎{i:02}"),
            format!("イリョウ タロウ{}", "ア".repeat(i % 3 + 1)),
            format!("19{}/0{}/1{}", 60 + i, i % 9 + 1, i % 10),
            if i % 2 == 0 { "女".into() } else { "男".into() },
            format!("東京都千代田区霞が関1-2-{i}"),
            "千代田中央病院".into(),
        ];
        if let Some((line, column, value)) = bad {
            if line == i + 1 {
                let c = ["氏名", "フリガナ", "生年月日", "性別", "住所", "勤務先"].iter().position(|c| *c == column).unwrap();
                row[c] = value.into();
            }
        }
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    csv
}

async fn print(st: &Stack, token: &str, csv: &str) -> reqwest::Response {
    st.http
        .post(format!("{}/screening-forms", st.base))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_venue_prints_the_screening_forms_of_its_thirty_medical_workers() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let venue = st.site(&admin, "1310000001", "千代田優先接種会場", "131016").await;

    // Bad rows are each named, and nothing is printed.
    let mut csv = workers(Some((5, "フリガナ", "医療 タロウ")));
    csv = csv.replace("医療 太郎10,イリョウ タロウアア,1970/02/10", "医療 太郎10,イリョウ タロウアア,1970/02/30");
    let (s, v) = st.post_raw("/screening-forms", Some(&venue.token), "text/csv", &csv).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_csv_row")), "{v}");
    let rows: Vec<(u64, &str)> = v["rows"].as_array().unwrap().iter().map(|r| (r["line"].as_u64().unwrap(), r["field"].as_str().unwrap())).collect();
    assert_eq!(rows, vec![(5, "フリガナ"), (11, "生年月日")], "{v}");
    let (s, v) = st.post_raw("/screening-forms", Some(&venue.token), "text/csv", &workers(Some((3, "性別", "不明")))).await;
    assert_eq!((s, v["rows"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("性別")), "{v}");
    let (s, v) = st.post_raw("/screening-forms", Some(&venue.token), "text/csv", "氏名,フリガナ\n医療 太郎,イリョウ タロウ\n").await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("生年月日")), "a missing column: {v}");

    // The whole list: one PDF, a page per worker, with the venue's name and code.
    let res = print(&st, &venue.token, &workers(None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let pdf = res.bytes().await.unwrap();
    let text = pdf_text(&pdf);
    assert_eq!(text.matches("新型コロナワクチン接種予診票（医療従事者用）").count(), 30, "a page per worker");
    for i in [1, 15, 30] {
        assert!(text.contains(&format!("医療太郎{i:02}")), "worker {i}");
    }
    assert!(text.contains("接種会場:千代田優先接種会場（1310000001）"), "{}", &text[..300]);
    assert!(text.contains("イリョウタロウアア") && text.contains("1961年2月11日生（満60歳）") && text.contains("千代田中央病院"));
    assert!(text.contains("薬や食品などで、重いアレルギー症状（アナフィラキシーなど）を起こしたことがありますか。"));

    // Only venues print them; the audit keeps the count, never the names.
    let muni = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    assert_eq!(print(&st, &muni.token, &workers(None)).await.status(), StatusCode::FORBIDDEN);
    let trail = vsys::store::audit::trail(&st.app, "org:site-1310000001", 20, None).await.unwrap();
    let printed: Vec<_> = trail.items.iter().filter(|r| r.action == "screening_forms_printed").collect();
    assert_eq!(printed.len(), 1);
    let after = printed[0].after.clone().unwrap_or_default();
    assert!(after.contains("30") && !after.contains("医療"), "{after}");
}
