//! Notices with approval, the inquiry desk (and the call-centre account
//! request filed through it), manuals in versions per audience, and the
//! FAQ search, over HTTP through the gateway (SPEC §11, seeds 000–003).

use serde_json::{json, Value};
use vsys_e2e::*;

/// Wednesday 2021-11-10 13:10 JST, when seed 002's chatbot was asked
/// 「3回目接種は、いつ開始しますか？」.
const NOW: &str = "2021-11-10T13:10:00+09:00";

fn draft(title: &str, from: &str, until: &str) -> Value {
    json!({"title_ja": title, "body_ja": "3回目接種の予約受付を開始します。\n詳しくは区のホームページをご覧ください。",
        "title_en": format!("{title} (English)"), "body_en": "Booking for the third dose opens.", "publish_from": from, "publish_until": until})
}

async fn public_notices(st: &Stack, query: &str) -> (Vec<String>, Option<String>) {
    let res = st.http.get(format!("{}/public/notices?{query}", st.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cache = res.headers().get("cache-control").and_then(|v| v.to_str().ok()).map(str::to_string);
    let v: Value = res.json().await.unwrap();
    let titles = v["items"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap().to_string()).collect();
    (titles, cache)
}

async fn audit_actions(st: &Stack, target: &str) -> Vec<String> {
    let trail = vsys::store::audit::trail(&st.app, target, 50, None).await.unwrap();
    let mut actions: Vec<String> = trail.items.iter().map(|r| r.action.clone()).collect();
    actions.sort();
    actions
}

#[tokio::test]
async fn a_municipal_notice_is_sent_back_corrected_approved_shown_and_withdrawn() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let chiyoda = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    let tokyo = st.user(&admin, json!({"role": "prefecture", "organisation_code": "13"})).await;
    let osaka = st.user(&admin, json!({"role": "prefecture", "organisation_code": "27"})).await;
    let site = st.site(&admin, "1310000001", "千代田お知らせ診療所", "131016").await;
    let t = Some(chiyoda.token.as_str());

    // Bad input is named, and nothing is written.
    for (body, field) in [
        (draft("お知らせ", "2021-11-30", "2021-11-01"), "publish_until"),
        (draft("お知らせ", "2021-10-01", "2021-10-31"), "publish_until"),
        ({
            let mut d = draft("お知らせ", "2021-11-10", "2021-11-30");
            d["title_ja"] = json!("長".repeat(101));
            d
        }, "title_ja"),
        ({
            let mut d = draft("お知らせ", "2021-11-10", "2021-11-30");
            d["body_en"] = json!("  ");
            d
        }, "body_en"),
        ({
            let mut d = draft("お知らせ", "2021-11-10", "2021-11-30");
            d["title_en"] = json!("two\nlines");
            d
        }, "title_en"),
    ] {
        let (s, v) = st.post("/notices", t, body).await;
        assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{v}");
    }
    let (_, v) = st.get("/notices", t).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "{v}");
    // A site writes no notices.
    let (s, _) = st.post("/notices", Some(&site.token), draft("x", "2021-11-10", "2021-11-30")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Written and sent to 東京都 (not to the nation, not to 大阪府).
    let (s, v) = st.post("/notices", t, draft("千代田区 3回目接種のお知らせ", "2021-11-10", "2021-12-31")).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!((v["status"].as_str(), v["approver"].as_str(), v["version"].as_u64()), (Some("pending"), Some("13"), Some(1)));
    let id = v["id"].as_str().unwrap().to_string();
    assert!(public_notices(&st, "prefecture_code=13&municipality_code=131016").await.0.is_empty(), "not before approval");
    for who in [&osaka, &admin] {
        let (s, _) = st.get(&format!("/notices/{id}"), Some(&who.token)).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = st.post(&format!("/notices/{id}/approve"), Some(&who.token), json!({"version": 1})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
    let (_, v) = st.get("/notices?view=review", Some(&osaka.token)).await;
    assert!(v["items"].as_array().unwrap().is_empty());
    let (_, v) = st.get("/notices?view=review", Some(&tokyo.token)).await;
    assert_eq!(v["items"][0]["id"], id.as_str());
    let (_, v) = st.get("/notices/home", Some(&tokyo.token)).await;
    assert_eq!(v["waiting_for_approval"], 1);
    // The author cannot approve its own.
    let (s, _) = st.post(&format!("/notices/{id}/approve"), t, json!({"version": 1})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Sent back: a comment is required, and mailed.
    let (s, v) = st.post(&format!("/notices/{id}/send-back"), Some(&tokyo.token), json!({"version": 1})).await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("comment")));
    let (s, v) = st
        .post(&format!("/notices/{id}/send-back"), Some(&tokyo.token), json!({"version": 1, "comment": "英語の本文に予約の開始日を入れてください。"}))
        .await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("sent_back")), "{v}");
    let mail = st.last_mail(&chiyoda.email).await;
    assert!(mail.subject.contains("差戻し"), "{}", mail.subject);
    assert!(mail.body.contains("英語の本文に予約の開始日を入れてください。") && mail.body.contains("東京都"), "{}", mail.body);
    let (s, _) = st.post(&format!("/notices/{id}/approve"), Some(&tokyo.token), json!({"version": 2})).await;
    assert_eq!(s, StatusCode::CONFLICT, "a sent-back notice waits for its correction");

    // Corrected (on the version read) and sent again; approved.
    let mut fixed = draft("千代田区 3回目接種のお知らせ", "2021-11-10", "2021-12-31");
    fixed["body_en"] = json!("Booking for the third dose opens on 1 December.");
    fixed["version"] = json!(1);
    let (s, v) = st.put(&format!("/notices/{id}"), t, fixed.clone()).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::CONFLICT, Some("stale_version")));
    fixed["version"] = json!(2);
    let (s, v) = st.put(&format!("/notices/{id}"), t, fixed).await;
    assert_eq!((s, v["status"].as_str(), v["version"].as_u64()), (StatusCode::OK, Some("pending"), Some(3)), "{v}");
    let (s, v) = st.post(&format!("/notices/{id}/approve"), Some(&tokyo.token), json!({"version": 3})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("approved")), "{v}");
    assert!(st.last_mail(&chiyoda.email).await.subject.contains("承認"));
    let (s, _) = st.put(&format!("/notices/{id}"), t, draft("x", "2021-11-10", "2021-11-30")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "a correction names its version");

    // On the finder of 千代田区 in both languages, cached; not on 渋谷区's.
    let (ja, cache) = public_notices(&st, "prefecture_code=13&municipality_code=131016").await;
    assert_eq!(ja, vec!["千代田区 3回目接種のお知らせ".to_string()]);
    assert_eq!(cache.as_deref(), Some("public, max-age=60"));
    let (en, _) = public_notices(&st, "prefecture_code=13&municipality_code=131016&lang=en").await;
    assert_eq!(en, vec!["千代田区 3回目接種のお知らせ (English)".to_string()]);
    assert!(public_notices(&st, "prefecture_code=13&municipality_code=131130").await.0.is_empty());
    let res = st.http.get(format!("{}/public/notices?prefecture_code=13&municipality_code=271004", st.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // The site of 千代田区 sees it on its home screen.
    let (_, v) = st.get("/notices/home", Some(&site.token)).await;
    assert_eq!(v["notices"][0]["title"], "千代田区 3回目接種のお知らせ", "{v}");

    // 東京都's own notice is approved by the nation, and shown on every municipality of Tokyo.
    let (s, v) = st.post("/notices", Some(&tokyo.token), draft("東京都からのお知らせ", "2021-11-10", "2021-11-30")).await;
    assert_eq!((s, v["approver"].as_str()), (StatusCode::CREATED, Some("national")), "{v}");
    let pref_notice = v["id"].as_str().unwrap().to_string();
    let (s, _) = st.post(&format!("/notices/{pref_notice}/approve"), Some(&tokyo.token), json!({"version": 1})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, v) = st.get("/notices?view=review", Some(&admin.token)).await;
    assert_eq!(v["items"][0]["id"], pref_notice.as_str());
    let (s, _) = st.post(&format!("/notices/{pref_notice}/approve"), Some(&admin.token), json!({"version": 1})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(public_notices(&st, "prefecture_code=13&municipality_code=131130").await.0, vec!["東京都からのお知らせ".to_string()]);
    assert_eq!(public_notices(&st, "prefecture_code=13&municipality_code=131016").await.0.len(), 2);
    assert!(public_notices(&st, "prefecture_code=27").await.0.is_empty());

    // Withdrawn, and gone.
    let (s, v) = st.post(&format!("/notices/{id}/withdraw"), t, json!({"version": 4})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("withdrawn")), "{v}");
    assert_eq!(public_notices(&st, "prefecture_code=13&municipality_code=131016").await.0, vec!["東京都からのお知らせ".to_string()]);
    // After its period it is gone too.
    st.set_now("2021-12-01T09:00:00+09:00");
    assert!(public_notices(&st, "prefecture_code=13&municipality_code=131130").await.0.is_empty());
    assert_eq!(
        audit_actions(&st, &format!("notice:{id}")).await,
        vec!["notice_approved", "notice_corrected", "notice_sent_back", "notice_submitted", "notice_withdrawn"]
    );
}

fn inquiry(email: &str, category: &str, detail: &str) -> Value {
    json!({"email": email, "phone": "03-1234-5678", "category": category, "detail": detail, "content": "ワクチンの分配量が表示されません。\n画面の操作方法を教えてください。"})
}

#[tokio::test]
async fn an_inquiry_is_answered_by_the_desk_and_only_its_organisation_sees_it() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let site = st.site(&admin, "1310000001", "問い合わせ診療所", "131016").await;
    let other = st.site(&admin, "1310000002", "別の診療所", "131016").await;
    let t = Some(site.token.as_str());

    let (_, v) = st.get("/inquiry-categories", t).await;
    let account = v["items"].as_array().unwrap().iter().find(|c| c["category"] == "アカウント").unwrap().clone();
    assert!(account["details"].as_array().unwrap().iter().any(|d| d == "予約受付業者（コールセンター）のアカウントの発行・返納・削除"));

    // Bad input is named, and nothing is written.
    let mut long = inquiry(&site.email, "ワクチン分配", "操作方法");
    long["content"] = json!("あ".repeat(4001));
    for (body, field) in [
        (inquiry(&site.email, "天気", "その他"), "category"),
        (inquiry(&site.email, "ワクチン分配", "追加接種(3回目接種)"), "detail"),
        (inquiry("not-an-address", "ワクチン分配", "操作方法"), "email"),
        (long, "content"),
    ] {
        let (s, v) = st.post("/inquiries", t, body).await;
        assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{v}");
    }
    let (_, v) = st.get("/inquiries", t).await;
    assert!(v["items"].as_array().unwrap().is_empty());

    let (s, v) = st.post("/inquiries", t, inquiry(&site.email, "ワクチン分配", "操作方法")).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::CREATED, Some("open")), "{v}");
    let id = v["id"].as_str().unwrap().to_string();
    assert!(v["message"].as_str().unwrap().contains(&id));

    // Nobody else's: another site gets 404 for it and does not list it.
    let (s, _) = st.get(&format!("/inquiries/{id}"), Some(&other.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = st.post(&format!("/inquiries/{id}/messages"), Some(&other.token), json!({"text": "x", "version": 1})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, v) = st.get("/inquiries", Some(&other.token)).await;
    assert!(v["items"].as_array().unwrap().is_empty());
    let (s, _) = st.post(&format!("/inquiries/{id}/close"), t, json!({"version": 1})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "only the desk closes");

    // The desk lists it by status and category, and answers; the answer is mailed.
    let (_, v) = st.get("/inquiries?status=open&category=ワクチン分配", Some(&admin.token)).await;
    assert!(v["items"].as_array().unwrap().iter().any(|i| i["id"] == id.as_str()), "{v}");
    let (_, v) = st.get("/inquiries?status=open&category=希望量登録", Some(&admin.token)).await;
    assert!(!v["items"].as_array().unwrap().iter().any(|i| i["id"] == id.as_str()));
    let (s, v) = st
        .post(&format!("/inquiries/{id}/messages"), Some(&admin.token), json!({"text": "分配量は「ワクチン分配」画面の\n割当量の欄に表示されます。", "version": 1}))
        .await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("answered")), "{v}");
    let mail = st.last_mail(&site.email).await;
    assert!(mail.subject.contains(&id), "{}", mail.subject);
    assert!(mail.body.contains("割当量の欄に表示されます。"), "{}", mail.body);
    let (_, v) = st.get(&format!("/inquiries/{id}"), t).await;
    assert_eq!((v["messages"][0]["from_desk"].as_bool(), v["status_label"].as_str()), (Some(true), Some("回答済")), "{v}");

    // The asker writes back (open again), the desk closes, and it stays closed.
    let (s, v) = st.post(&format!("/inquiries/{id}/messages"), t, json!({"text": "表示されました。", "version": 2})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("open")), "{v}");
    let (s, v) = st.post(&format!("/inquiries/{id}/close"), Some(&admin.token), json!({"version": 3})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("closed")), "{v}");
    let (s, v) = st.post(&format!("/inquiries/{id}/messages"), t, json!({"text": "もう一点", "version": 4})).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::CONFLICT, Some("inquiry_closed")));
    assert_eq!(
        audit_actions(&st, &format!("inquiry:{id}")).await,
        vec!["inquiry_answered", "inquiry_closed", "inquiry_filed", "inquiry_replied"]
    );
    // The audit keeps what was asked about, never the asker's contact details.
    let trail = vsys::store::audit::trail(&st.app, &format!("inquiry:{id}"), 10, None).await.unwrap();
    let text = serde_json::to_string(&trail.items.iter().map(|r| (&r.before, &r.after)).collect::<Vec<_>>()).unwrap();
    assert!(!text.contains(&site.email) && !text.contains("03-1234-5678"), "{text}");
}

#[tokio::test]
async fn the_call_centre_category_files_the_request_that_the_friday_job_carries_out() {
    let st = Stack::start("2021-05-10T10:00:00+09:00").await; // Monday
    let admin = st.national_admin().await;
    let muni = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    let site = st.site(&admin, "1310000001", "診療所", "131016").await;
    let t = Some(muni.token.as_str());
    let operator = format!("cc-{}@call.example.jp", unique());
    let detail = "予約受付業者（コールセンター）のアカウントの発行・返納・削除";
    let mut body = inquiry(&muni.email, "アカウント", detail);

    let (s, v) = st.post("/inquiries", t, body.clone()).await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("call_centre")), "{v}");
    body["call_centre"] = json!({"kind": "new", "company": "予約受付株式会社", "name": "受付 一郎", "email": operator});
    let (s, v) = st.post("/inquiries", t, body.clone()).await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("call_centre.phone")), "{v}");
    let (_, v) = st.get("/call-centre-requests", t).await;
    assert!(v["items"].as_array().unwrap().is_empty(), "nothing half-written");
    let (s, _) = st.post("/inquiries", Some(&site.token), body.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the request is the municipality's");

    body["call_centre"]["phone"] = json!("03-1111-2222");
    let (s, v) = st.post("/inquiries", t, body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let req = v["call_centre_request"].as_str().unwrap().to_string();
    assert!(v["message"].as_str().unwrap().contains("05月14日"), "{v}");
    let (_, v) = st.get("/call-centre-requests", t).await;
    assert_eq!((v["items"][0]["id"].as_str(), v["items"][0]["company"].as_str()), (Some(req.as_str()), Some("予約受付株式会社")), "{v}");
    // The desk sees the inquiry with the request it filed.
    let (_, v) = st.get("/inquiries?category=アカウント", Some(&admin.token)).await;
    assert_eq!(v["items"][0]["call_centre_request"], req.as_str());

    // Friday: the job issues the account and mails its sign-in link.
    st.set_now("2021-05-14T09:00:00+09:00");
    let (s, v) = st.post("/_local/jobs/call-centre-accounts", None, json!({})).await;
    assert_eq!((s, v["summary"]["done"].as_u64()), (StatusCode::OK, Some(1)), "{v}");
    assert!(st.last_mail(&operator).await.subject.contains("パスワードのリセット"));
}

#[tokio::test]
async fn manuals_are_published_in_versions_and_read_by_their_audience_only() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let site = st.site(&admin, "1310000001", "マニュアル診療所", "131016").await;
    let muni = st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await;
    let a = Some(admin.token.as_str());
    let pdf = |n: u8| [b"%PDF-1.7\n".as_slice(), &vec![b'x'; 100 + n as usize], b"\n%%EOF\n"].concat();

    // Only PDFs, within the size, and only by the nation.
    let ask = |name: &str, ct: &str, bytes: u64| json!({"audience": "site", "filename": name, "content_type": ct, "bytes": bytes});
    for body in [ask("manual.docx", "application/pdf", 100), ask("manual.pdf", "text/plain", 100), ask("manual.pdf", "application/pdf", 60 * 1024 * 1024)] {
        let (s, v) = st.post("/manual-uploads", a, body).await;
        assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("file")), "{v}");
    }
    let (s, _) = st.post("/manual-uploads", Some(&site.token), ask("m.pdf", "application/pdf", 100)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    async fn upload(st: &Stack, token: &str, bytes: Vec<u8>, title: &str) -> (StatusCode, Value) {
        let (s, v) = st
            .post("/manual-uploads", Some(token), json!({"audience": "site", "filename": "manual.pdf", "content_type": "application/pdf", "bytes": bytes.len()}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let put = reqwest::Client::new().put(v["url"].as_str().unwrap()).header("content-type", "application/pdf").body(bytes).send().await.unwrap();
        assert!(put.status().is_success(), "{}", put.status());
        st.post("/manuals/site/versions", Some(token), json!({"upload_id": v["upload_id"], "title": title})).await
    }
    let (s, v) = upload(&st, &admin.token, pdf(1), "医療機関用マニュアル 第1版").await;
    assert_eq!((s, v["version"].as_u64(), v["label"].as_str()), (StatusCode::CREATED, Some(1), Some("第1版")), "{v}");
    let (s, v) = upload(&st, &admin.token, pdf(2), "医療機関用マニュアル 第2版").await;
    assert_eq!((s, v["version"].as_u64()), (StatusCode::CREATED, Some(2)), "{v}");
    // A file that is not a PDF, whatever it was declared as, is refused and not kept.
    let (s, v) = upload(&st, &admin.token, b"PK\x03\x04 not a pdf".to_vec(), "偽物").await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("file")), "{v}");
    let (s, v) = st.post("/manuals/site/versions", a, json!({"upload_id": "0".repeat(32), "title": "x"})).await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("upload_id")), "{v}");

    // The site lists the latest first and downloads either version.
    let (_, v) = st.get("/manuals", Some(&site.token)).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["items"][0]["name"], "医療機関用マニュアル");
    let versions: Vec<u64> = v["items"][0]["versions"].as_array().unwrap().iter().map(|x| x["version"].as_u64().unwrap()).collect();
    assert_eq!(versions, vec![2, 1]);
    let (s, v) = st.get("/manuals/site/versions/1", Some(&site.token)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let body = reqwest::get(v["url"].as_str().unwrap()).await.unwrap().bytes().await.unwrap();
    assert_eq!(body.to_vec(), pdf(1));
    // An audience not addressed cannot list or download it.
    let (_, v) = st.get("/manuals", Some(&muni.token)).await;
    assert_eq!(v["items"][0]["audience"], "municipality");
    assert!(v["items"][0]["versions"].as_array().unwrap().is_empty());
    let (s, _) = st.get("/manuals/site/versions/1", Some(&muni.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = st.get("/manuals/site/versions/9", Some(&site.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(audit_actions(&st, "manual:site").await, vec!["manual_published", "manual_published"]);
}

#[tokio::test]
async fn the_faq_finds_the_same_entry_however_the_question_is_typed() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let site = st.site(&admin, "1310000001", "FAQ診療所", "131016").await;
    let t = Some(site.token.as_str());
    let first = |v: &Value| v["items"][0]["question"].as_str().unwrap_or_default().to_string();

    let (_, typed) = st.get("/faq?q=3回目接種はいつ開始しますか", t).await;
    assert_eq!(first(&typed), "3回目接種はいつ開始しますか？");
    assert!(typed["items"].as_array().unwrap().len() >= 2, "the closest few: {typed}");
    let (_, short) = st.get("/faq?q=３回目%E3%80%80開始", t).await;
    assert_eq!(first(&short), first(&typed));
    let (_, spaced) = st.get("/faq?q=３回目+開始", t).await;
    assert_eq!(first(&spaced), first(&typed));
    let (_, none) = st.get("/faq?q=駐車場の台数", t).await;
    assert!(none["items"].as_array().unwrap().is_empty(), "{none}");
    let (s, v) = st.get(&format!("/faq?q={}", "あ".repeat(201)), t).await;
    assert_eq!((s, v["field"].as_str()), (StatusCode::BAD_REQUEST, Some("q")));

    // The national office keeps it.
    let (s, _) = st.post("/faq", t, json!({"question": "x", "answer": "y"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = st.post("/faq", Some(&admin.token), json!({"question": "接種会場の駐車場は何台ですか？", "answer": "各会場のお知らせをご覧ください。"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_str().unwrap().to_string();
    let (_, v) = st.get("/faq?q=駐車場の台数", t).await;
    assert_eq!(v["items"][0]["id"], id.as_str(), "{v}");
    let (s, v) = st.put(&format!("/faq/{id}"), Some(&admin.token), json!({"question": "q", "answer": "a", "version": 7})).await;
    assert_eq!((s, v["error"].as_str()), (StatusCode::CONFLICT, Some("stale_version")));
    let (s, _) = st.post(&format!("/faq/{id}/delete"), Some(&admin.token), json!({"version": 1})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, v) = st.get("/faq?q=駐車場の台数", t).await;
    assert!(v["items"].as_array().unwrap().is_empty());
    assert_eq!(audit_actions(&st, &format!("faq:{id}")).await, vec!["faq_added", "faq_deleted"]);
}
