//! Delivery (SPEC §7): the wholesaler master — the nation keeps each
//! wholesaler's delivery area, checked against master data; the wholesaler
//! reads its own.

use serde_json::json;
use vsys_e2e::*;

const NOW: &str = "2021-06-25T10:00:00+09:00";

#[tokio::test]
async fn the_nation_keeps_the_wholesalers_and_their_areas() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let t = Some(admin.token.as_str());
    let (s, v) = st.get("/wholesalers", t).await;
    assert_eq!((s, v["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "{v}");
    // Each bad entry named: unknown code, twice, a municipality inside a listed prefecture.
    for (areas, field) in [
        (json!(["13", "48"]), "areas[1]"),
        (json!(["131999"]), "areas[0]"),
        (json!(["13", "13"]), "areas[1]"),
        (json!(["131016", "13"]), "areas[0]"),
        (json!([]), "areas[0]"),
    ] {
        let (s, e) = st.put("/wholesalers/tokyoWs", t, json!({"name": "東京薬品", "areas": areas, "version": 0})).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{areas}: {e}");
    }
    let (s, e) = st.put("/wholesalers/t", t, json!({"name": "東京薬品", "areas": ["13"], "version": 0})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("code")), "{e}");
    let (s, e) = st.put("/wholesalers/tokyoWs", t, json!({"name": " ", "areas": ["13"], "version": 0})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::BAD_REQUEST, Some("name")), "{e}");
    let (_, v) = st.get("/wholesalers", t).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "nothing written: {v}");

    let (s, v) = st.put("/wholesalers/tokyoWs", t, json!({"name": "東京薬品", "areas": ["13", "271004"], "version": 0})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["areas"], json!([{"code": "13", "name": "東京都"}, {"code": "271004", "name": "大阪市"}]));
    // On the version read only; two saves of the same version: one lands.
    let body = json!({"name": "東京薬品株式会社", "areas": ["13"], "version": 1});
    let (a, b) = futures_util::future::join(
        st.put("/wholesalers/tokyoWs", t, body.clone()),
        st.put("/wholesalers/tokyoWs", t, body),
    )
    .await;
    let landed = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(landed, 1, "{a:?} {b:?}");
    assert!([a, b].iter().any(|(s, v)| *s == StatusCode::CONFLICT && v["error"] == "stale_version"));

    // The wholesaler reads its own area; staff below the nation cannot read the master.
    let ws = st
        .user(&admin, json!({"role": "wholesaler", "organisation_code": "tokyoWs", "organisation_name": "東京薬品株式会社", "prefecture_code": "13"}))
        .await;
    let (s, v) = st.get("/wholesaler", Some(&ws.token)).await;
    assert_eq!((s, v["name"].as_str()), (StatusCode::OK, Some("東京薬品株式会社")), "{v}");
    assert_eq!(v["areas"], json!([{"code": "13", "name": "東京都"}]));
    let (s, _) = st.get("/wholesalers", Some(&ws.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let other = st
        .user(&admin, json!({"role": "wholesaler", "organisation_code": "chibaWs", "organisation_name": "千葉薬品", "prefecture_code": "12"}))
        .await;
    let (s, e) = st.get("/wholesaler", Some(&other.token)).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    assert!(e["message"].as_str().unwrap().contains("卸マスタに登録されていません"));
}
