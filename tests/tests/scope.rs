//! The scope matrix: every protected route × every role below the nation ×
//! the records of another organisation of the same kind (another prefecture,
//! municipality, site, workplace venue, wholesaler, call centre, aggregator).
//!
//! The callers live in Tokyo (prefecture 13, municipality 千代田区 131016);
//! the other organisations in Osaka (27, 大阪市 271004). A route that names a
//! record (path or filter) must answer 403 or 404 when it names Osaka's; every
//! answer of every route must be free of anything of Osaka's (IDs, names,
//! addresses). The route list comes from the areas, so a route added without
//! its row here fails the test.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use vsys_e2e::*;

const NOW: &str = "2021-04-19T10:00:00+09:00";

/// What a route is asked for, and what must hold of the answer.
enum Ask {
    /// Names the other organisation's record: 403 or 404, and nothing of it.
    Theirs(String, Value),
    /// Acts on the caller's own organisation (or on national master data):
    /// whatever the answer, nothing of the other organisation.
    Own(String, Value),
}

struct Other {
    /// Strings that only the other organisations' records contain.
    markers: Vec<String>,
    ids: BTreeMap<&'static str, String>,
}

fn id<'a>(o: &'a Other, k: &str) -> &'a str {
    o.ids.get(k).unwrap_or_else(|| panic!("fixture {k}"))
}

/// The row of each route: how to ask it for the other organisation's records.
fn ask(method: &str, path: &str, o: &Other, cool: &str) -> Option<Ask> {
    use Ask::*;
    let e = || json!({});
    Some(match (method, path) {
        // Accounts and organisations.
        ("GET", "/accounts") => Own(format!("/accounts?organisation={}", id(o, "site_org")), e()),
        ("GET", "/accounts/{vsys_id}") => Theirs(format!("/accounts/{}", id(o, "account")), e()),
        ("GET", "/accounts/{vsys_id}/audit") => {
            Theirs(format!("/accounts/{}/audit", id(o, "account")), e())
        }
        ("POST", "/accounts/{vsys_id}/disable") => {
            Theirs(format!("/accounts/{}/disable", id(o, "account")), e())
        }
        ("POST", "/accounts/{vsys_id}/reissue") => Theirs(
            format!("/accounts/{}/reissue", id(o, "pending_account")),
            e(),
        ),
        ("POST", "/accounts") => Own(
            "/accounts".into(),
            json!({"role": "site", "organisation_code": "2710000001", "email": format!("x-{}@example.jp", unique())}),
        ),
        ("POST", "/accounts/bulk") => Own("/accounts/bulk".into(), e()),
        ("GET", "/organisations") => Own("/organisations".into(), e()),
        ("GET", "/call-centre-requests") => Own("/call-centre-requests".into(), e()),
        ("POST", "/call-centre-requests") => Own(
            "/call-centre-requests".into(),
            json!({"kind": "delete", "name": "x", "email": "x@example.jp", "vsys_id": id(o, "call_centre")}),
        ),
        ("GET", "/mail-failures") => Own(path.into(), e()),
        ("POST", "/mail-failures/{id}/retry") => Own("/mail-failures/none/retry".into(), e()),
        ("POST", "/call-centre-requests/{id}/withdraw") => Theirs(
            format!("/call-centre-requests/{}/withdraw", id(o, "cc_request")),
            e(),
        ),
        // Own account and session.
        ("GET", "/me") | ("POST", "/auth/sign-out") | ("POST", "/me/consent") => {
            Own(path.into(), json!({"agree": true}))
        }
        ("POST", "/me/password") | ("POST", "/me/email") => Own(path.into(), e()),
        // Supply planning: national master data, the caller's own registrations.
        ("GET", "/vaccines")
        | ("GET", "/cools")
        | ("GET", "/plan-calendar")
        | ("GET", "/maintenance-windows")
        | ("GET", "/plans")
        | ("GET", "/plan-reviews") => Own(path.into(), e()),
        ("PUT", "/vaccines/{code}") => Own("/vaccines/moderna-primary".into(), e()),
        ("POST", "/cools") | ("PUT", "/plan-calendar") | ("POST", "/maintenance-windows") => {
            Own(path.into(), e())
        }
        ("PUT", "/plans") => Own(path.into(), json!({"entries": []})),
        ("DELETE", "/maintenance-windows/{id}") => Own("/maintenance-windows/none".into(), e()),
        ("GET", "/cools/{cool_id}") | ("PUT", "/cools/{cool_id}") => {
            Own(format!("/cools/{cool}"), e())
        }
        ("GET", "/cools/{cool_id}/demand") | ("PUT", "/cools/{cool_id}/demand") => Own(
            format!("/cools/{cool}/demand"),
            json!({"weekly_planned_doses": 100, "packs": 1, "storage": "freezer"}),
        ),
        ("GET", "/cools/{cool_id}/registrations") => Theirs(
            format!("/cools/{cool}/registrations?municipality_code=271004"),
            e(),
        ),
        ("GET", "/plan-reviews/{site_id}") | ("POST", "/plan-reviews/{site_id}") => Theirs(
            format!("/plan-reviews/{}", id(o, "site_org")),
            json!({"result": "confirmed", "version": 1}),
        ),
        // Facilities.
        ("GET", "/facility")
        | ("PUT", "/facility")
        | ("PUT", "/facility/reservation-status")
        | ("GET", "/facility/readiness")
        | ("GET", "/facility/doctors")
        | ("POST", "/facility/doctors")
        | ("GET", "/facility/transfers")
        | ("POST", "/facility/transfers")
        | ("GET", "/facility/delegate") => Own(path.into(), e()),
        ("PUT", "/facility/doctors/{doctor_id}") | ("DELETE", "/facility/doctors/{doctor_id}") => {
            Own(
                format!("/facility/doctors/{}", id(o, "doctor")),
                json!({"name": "x", "kana": "えっくす"}),
            )
        }
        ("PUT", "/facility/site-type") => Theirs(
            path.into(),
            json!({"site_type": "satellite", "basic_site_code": "2710000001", "version": 2}),
        ),
        ("GET", "/facilities") => Theirs("/facilities?municipality_code=271004".into(), e()),
        ("GET", "/facilities/{org_id}") => {
            Theirs(format!("/facilities/{}", id(o, "site_org")), e())
        }
        ("GET", "/contact-changes") => Own(path.into(), e()),
        ("POST", "/contact-changes/{org_id}") => Theirs(
            format!("/contact-changes/{}", id(o, "workplace_org")),
            json!({"decision": "approve", "version": 1}),
        ),
        // The collective contract.
        ("GET", "/facility-codes/{code}") | ("PUT", "/facility-codes/{code}") => {
            Own("/facility-codes/1310000001".into(), e())
        }
        ("POST", "/facility-codes/import") => Own(path.into(), e()),
        ("POST", "/delegations") => Own(path.into(), e()),
        ("GET", "/delegations") => Own(path.into(), e()),
        ("GET", "/delegations/{number}") => {
            Theirs(format!("/delegations/{}", id(o, "delegation")), e())
        }
        ("GET", "/delegations/{number}/pdf") => {
            Theirs(format!("/delegations/{}/pdf", id(o, "delegation")), e())
        }
        ("POST", "/delegations/receive")
        | ("POST", "/delegations/unreceive")
        | ("POST", "/delegations/notify") => {
            Theirs(path.into(), json!({"numbers": [id(o, "delegation")]}))
        }
        ("GET", "/code-applications") => Own(path.into(), e()),
        ("POST", "/code-applications") | ("POST", "/code-applications/forward") => {
            Own(path.into(), e())
        }
        ("GET", "/code-applications/{id}") => Theirs(
            format!("/code-applications/{}", id(o, "code_application")),
            e(),
        ),
        ("POST", "/code-applications/{id}/assign") => Theirs(
            format!("/code-applications/{}/assign", id(o, "code_application")),
            json!({"version": 1}),
        ),
        // Allocation: the nation's board and steps (403 below the nation),
        // another prefecture's and municipality's allocations, the site's own.
        ("GET", "/cools/{cool_id}/allocation") => Own(format!("/cools/{cool}/allocation"), e()),
        ("PUT", "/cools/{cool_id}/allocation") => Own(
            format!("/cools/{cool}/allocation"),
            json!({"supply": {"vaccine": 10, "needles": 0, "syringes": 0}, "basis": "population", "version": 0}),
        ),
        ("POST", "/cools/{cool_id}/allocation/preview") => Own(
            format!("/cools/{cool}/allocation/preview"),
            json!({"supply": {"vaccine": 10, "needles": 0, "syringes": 0}, "basis": "population"}),
        ),
        ("POST", "/cools/{cool_id}/allocation/publish") => {
            Own(format!("/cools/{cool}/allocation/publish"), json!({"version": 1}))
        }
        ("GET", "/cools/{cool_id}/allocation/prefectures/{pref}") => {
            Theirs(format!("/cools/{cool}/allocation/prefectures/27"), e())
        }
        ("POST", "/cools/{cool_id}/allocation/prefectures/{pref}/preview") => Theirs(
            format!("/cools/{cool}/allocation/prefectures/27/preview"),
            json!({"basis": "population"}),
        ),
        ("POST", "/cools/{cool_id}/allocation/prefectures/{pref}/remind") => {
            Theirs(format!("/cools/{cool}/allocation/prefectures/27/remind"), e())
        }
        ("POST", p) | ("PUT", p) if p.starts_with("/cools/{cool_id}/allocation/prefectures/{pref}/") => Theirs(
            p.replace("{cool_id}", cool).replace("{pref}", "27"),
            json!({"version": 1}),
        ),
        ("GET", "/cools/{cool_id}/allocation/municipalities/{muni}") => {
            Theirs(format!("/cools/{cool}/allocation/municipalities/271004"), e())
        }
        ("POST", p) | ("PUT", p) if p.starts_with("/cools/{cool_id}/allocation/municipalities/{muni}/") => Theirs(
            p.replace("{cool_id}", cool).replace("{muni}", "271004"),
            json!({"version": 1}),
        ),
        ("GET", "/cools/{cool_id}/allocation/export") => {
            Own(format!("/cools/{cool}/allocation/export?format=csv"), e())
        }
        ("GET", "/cools/{cool_id}/allocation/prefectures/{pref}/export") => {
            Theirs(format!("/cools/{cool}/allocation/prefectures/27/export?format=csv"), e())
        }
        ("GET", "/cools/{cool_id}/allocation/municipalities/{muni}/export") => {
            Theirs(format!("/cools/{cool}/allocation/municipalities/271004/export?format=xlsx"), e())
        }
        ("GET", "/cools/{cool_id}/allocation/workplace") => {
            Own(format!("/cools/{cool}/allocation/workplace"), e())
        }
        ("PUT", "/cools/{cool_id}/allocation/workplace") => Own(
            format!("/cools/{cool}/allocation/workplace"),
            json!({"supply": {"vaccine": 10, "needles": 0, "syringes": 0}, "version": 0}),
        ),
        ("POST", "/cools/{cool_id}/allocation/workplace/lock") => {
            Own(format!("/cools/{cool}/allocation/workplace/lock"), json!({"version": 1}))
        }
        ("GET", "/allocations") => Own(path.into(), e()),
        // The wholesaler master: the nation's (403 below it); a wholesaler's own entry.
        ("GET", "/wholesalers") | ("GET", "/wholesaler") => Own(path.into(), e()),
        ("PUT", "/wholesalers/{code}") => Own(
            format!("/wholesalers/{}", id(o, "wholesaler_code")),
            json!({"name": "x", "areas": ["13"], "version": 1}),
        ),
        // Deliveries and stock: a wholesaler's own area, another site's
        // delivery (Osaka's, scheduled), another area's reports and stock.
        ("GET", "/deliveries") => Own(format!("/deliveries?cool_id={cool}"), e()),
        ("GET", "/deliveries/export") => Own(format!("/deliveries/export?cool_id={cool}&format=csv"), e()),
        ("POST", "/deliveries/schedule-upload") => Own(format!("/deliveries/schedule-upload?cool_id={cool}"), e()),
        ("GET", "/deliveries/{cool_id}/{site_id}") => Theirs(format!("/deliveries/{cool}/{}", id(o, "site_org")), e()),
        ("PUT", "/deliveries/{cool_id}/{site_id}/schedule") => Theirs(
            format!("/deliveries/{cool}/{}/schedule", id(o, "site_org")),
            json!({"scheduled_date": "2021-05-11", "version": 2}),
        ),
        ("PUT", "/deliveries/{cool_id}/{site_id}/actual") => Theirs(
            format!("/deliveries/{cool}/{}/actual", id(o, "site_org")),
            json!({"delivered_on": "2021-04-19", "lots": [{"lot_number": id(o, "lot"), "vials": 1}], "version": 2}),
        ),
        ("GET", "/delivery-reports/{report}") => Theirs("/delivery-reports/undelivered?muni=271004".into(), e()),
        ("GET", "/lots") | ("GET", "/stock") => Own(path.into(), e()),
        ("POST", "/lots") => Own(path.into(), json!({"lot_number": format!("T{}", unique()), "product": "moderna-primary", "expiry_date": "2021-12-31"})),
        ("PUT", "/lots/{lot_number}") => Own(
            format!("/lots/{}", id(o, "lot")),
            json!({"product": "moderna-primary", "expiry_date": "2021-04-20", "version": 1}),
        ),
        ("GET", "/stock/expiring") => Theirs("/stock/expiring?pref=27".into(), e()),
        // Results: the caller's own; another area's reports and missing sites.
        ("GET", "/results") => Own(path.into(), e()),
        ("PUT", "/results/{product}") => Own(
            "/results/moderna-primary".into(),
            json!({"as_of": "2021-04-19", "dose1": {"medical_workers": 1, "elderly_facility_workers": 0, "elderly": 0, "underlying_conditions": 0, "others": 0},
                "dose2": {"medical_workers": 0, "elderly_facility_workers": 0, "elderly": 0, "underlying_conditions": 0, "others": 0},
                "dose3": {"medical_workers": 0, "elderly_facility_workers": 0, "elderly": 0, "underlying_conditions": 0, "others": 0}, "waste_vials": 0, "version": 0}),
        ),
        ("GET", "/result-reports") => Theirs("/result-reports?muni=271004".into(), e()),
        ("GET", "/result-reports/missing") => Theirs("/result-reports/missing?muni=271004".into(), e()),
        // Reservations: Osaka's venue, its slots and its booking.
        ("GET", "/reservation-venues") => Own(path.into(), e()),
        ("GET", "/reservation-slots") => Theirs(format!("/reservation-slots?venue_id={}&from=2021-04-26", id(o, "site_org")), e()),
        ("POST", "/reservation-slots") => Theirs(
            path.into(),
            json!({"venue_id": id(o, "site_org"), "product": "moderna-primary", "first_date": "2021-05-03", "last_date": "2021-05-03", "weekdays": ["mon"],
                "start": "09:00", "end": "10:00", "slot_minutes": 60, "people_per_slot": 4, "include_holidays": true}),
        ),
        ("PUT", "/reservation-slots/{venue}/{date}/{start}") | ("DELETE", "/reservation-slots/{venue}/{date}/{start}") => Theirs(
            format!("/reservation-slots/{}/2021-04-26/0900", id(o, "site_org")),
            json!({"places": 9, "closed": false, "version": 2}),
        ),
        ("GET", "/bookings") => Theirs(format!("/bookings?venue_id={}&date=2021-04-26", id(o, "site_org")), e()),
        ("POST", "/bookings") => Theirs(path.into(), osaka_booking(id(o, "site_org"), "9000000002")),
        ("GET", "/bookings/{venue}/{booking}") => Theirs(format!("/bookings/{}/{}", id(o, "site_org"), id(o, "booking")), e()),
        ("PUT", "/bookings/{venue}/{booking}/slot") => Theirs(
            format!("/bookings/{}/{}/slot", id(o, "site_org"), id(o, "booking")),
            json!({"date": "2021-04-26", "start": "09:00", "version": 1}),
        ),
        ("PUT", "/bookings/{venue}/{booking}/status") => Theirs(
            format!("/bookings/{}/{}/status", id(o, "site_org"), id(o, "booking")),
            json!({"status": "no_show", "version": 1}),
        ),
        ("POST", "/bookings/{venue}/{booking}/cancel") => Theirs(
            format!("/bookings/{}/{}/cancel", id(o, "site_org"), id(o, "booking")),
            json!({"version": 1}),
        ),
        // Billing: the national price master (403 below the nation), the
        // caller's own claims, what is billed to 大阪市 and 大阪府.
        ("GET", "/billing-prices") | ("GET", "/billing/claims") => Own(path.into(), e()),
        ("PUT", "/billing-prices") => Own(path.into(), json!({"sets": [], "version": 1})),
        ("GET", "/billing/claims/{month}") | ("PUT", "/billing/claims/{month}") => {
            Own("/billing/claims/2021-03".into(), json!({"rows": [{"muni": "271004", "counts": billing_counts(1)}], "version": 0}))
        }
        ("GET", "/billing/claims/{month}/documents") => Own("/billing/claims/2021-03/documents?format=csv".into(), e()),
        ("GET", "/billing/invoices") => Theirs("/billing/invoices?month=2021-04&muni=271004".into(), e()),
        ("GET", "/billing/invoices/export") => Theirs("/billing/invoices/export?month=2021-04&pref=27&format=csv".into(), e()),
        // Notices: 大阪市's waiting for 大阪府, 大阪府's published in Osaka.
        ("GET", "/notices") => Own("/notices?view=review".into(), e()),
        ("GET", "/notices/home") => Own(path.into(), e()),
        ("POST", "/notices") => Own(path.into(), notice_draft("東京のお知らせ")),
        ("GET", "/notices/{id}") => Theirs(format!("/notices/{}", id(o, "notice")), e()),
        ("PUT", "/notices/{id}") => Theirs(format!("/notices/{}", id(o, "notice")), json!({"version": 1, "title_ja": "x", "body_ja": "x", "title_en": "x", "body_en": "x", "publish_from": "2021-04-19", "publish_until": "2021-04-30"})),
        ("POST", "/notices/{id}/approve") | ("POST", "/notices/{id}/withdraw") => {
            Theirs(path.replace("{id}", id(o, "notice")), json!({"version": 1}))
        }
        ("POST", "/notices/{id}/send-back") => Theirs(path.replace("{id}", id(o, "notice")), json!({"version": 1, "comment": "x"})),
        // Inquiries: the Osaka site's.
        ("GET", "/inquiry-categories") | ("GET", "/inquiries") => Own(path.into(), e()),
        ("POST", "/inquiries") => Own(
            path.into(),
            json!({"email": "tokyo@example.jp", "phone": "03-1234-5678", "category": "ワクチン分配", "detail": "その他", "content": "質問"}),
        ),
        ("GET", "/inquiries/{id}") => Theirs(format!("/inquiries/{}", id(o, "inquiry")), e()),
        ("POST", "/inquiries/{id}/messages") => Theirs(path.replace("{id}", id(o, "inquiry")), json!({"text": "x", "version": 1})),
        ("POST", "/inquiries/{id}/close") => Theirs(path.replace("{id}", id(o, "inquiry")), json!({"version": 1})),
        // Manuals and the FAQ are national: nothing of Osaka's in them.
        ("GET", "/manuals") | ("GET", "/faq") => Own(path.into(), e()),
        ("POST", "/manual-uploads") => Own(path.into(), json!({"audience": "site", "filename": "a.pdf", "content_type": "application/pdf", "bytes": 10})),
        ("POST", "/manuals/{audience}/versions") => Own("/manuals/site/versions".into(), json!({"upload_id": "0".repeat(32), "title": "x"})),
        ("GET", "/manuals/{audience}/versions/{version}") => Own("/manuals/site/versions/1".into(), e()),
        ("POST", "/faq") => Own(path.into(), json!({"question": "x", "answer": "x"})),
        ("PUT", "/faq/{id}") => Own("/faq/0001".into(), json!({"question": "x", "answer": "x", "version": 1})),
        ("POST", "/faq/{id}/delete") => Own("/faq/0001/delete".into(), json!({"version": 1})),
        // The caller's own list of workers, printed and never stored.
        ("POST", "/screening-forms") => Own(path.into(), e()),
        // Residents' requests: the one filed with 大阪市.
        ("GET", "/resident-requests") => Own("/resident-requests?kind=out_of_area&status=new".into(), e()),
        ("GET", "/resident-requests/{id}") | ("GET", "/resident-requests/{id}/certificate") => Theirs(path.replace("{id}", id(o, "resident_request")), e()),
        ("POST", "/resident-requests/{id}/accept") => Theirs(path.replace("{id}", id(o, "resident_request")), json!({"version": 2})),
        ("POST", "/resident-requests/{id}/reissue") => Theirs(path.replace("{id}", id(o, "resident_request")), json!({"version": 2, "new_coupon": "0110000002"})),
        ("POST", "/resident-requests/{id}/refuse") => Theirs(path.replace("{id}", id(o, "resident_request")), json!({"version": 2, "reason": "x"})),
        _ => return None,
    })
}

fn notice_draft(title: &str) -> Value {
    json!({"title_ja": title, "body_ja": "本文", "title_en": "Notice", "body_en": "Body", "publish_from": "2021-04-19", "publish_until": "2021-05-31"})
}

fn osaka_booking(venue: &str, coupon: &str) -> Value {
    json!({"venue_id": venue, "date": "2021-04-26", "start": "09:00", "booker_kana": "ウメダ ハナコ", "booker_phone": "06-1234-0000",
        "name": "梅田 予約", "name_kana": "ウメダ ヨヤク", "birth_date": "1950-01-01", "category": "elderly", "dose": 1, "coupon": coupon})
}

/// Claim counts: `n` normal vaccinations of people aged 6 or more.
fn billing_counts(n: u64) -> Value {
    let times = |n| json!({"normal": n, "overtime": 0, "holiday": 0});
    json!({"prescreening_only": {"under6": times(0), "from6": times(0)}, "vaccination": {"under6": times(0), "from6": times(n)}})
}

fn site_profile(name: &str, osaka: bool) -> Value {
    let (postal_code, address) = if osaka {
        ("530-0001", "大阪府大阪市北区梅田1-1-1")
    } else {
        ("100-8916", "東京都千代田区霞が関1-2-2")
    };
    json!({
        "name": name,
        "classification": "clinic",
        "founder": "other",
        "vaccine": "ファイザー",
        "postal_code": postal_code,
        "address": address,
        "phone": "06-1234-5678",
        "public_listing": "public"
    })
}

/// The other side: one organisation of each kind in Osaka, with records.
async fn osaka(st: &Stack, admin: &Session, cool: &str) -> Other {
    let mut ids = BTreeMap::new();
    let u = unique();
    let site_name = format!("梅田スコープ診療所{u}");
    let site = st
        .user(
            admin,
            json!({"role": "site", "organisation_code": "2710000001", "organisation_name": site_name, "municipality_code": "271004"}),
        )
        .await;
    st.save_profile(&site, site_profile(&site_name, true)).await;
    let (s, v) = st
        .post(
            "/facility/doctors",
            Some(&site.token),
            json!({"name": "大阪 太郎", "kana": "おおさか たろう"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    ids.insert(
        "doctor",
        v["doctor_id"].as_str().unwrap_or("001").to_string(),
    );
    // Its delegation (to 大阪市, its municipality).
    let (s, v) = st
        .put(
            "/facility-codes/2710000001",
            Some(&admin.token),
            json!({"kind": "medical", "name": site_name, "postal_code": "530-0001", "municipality_code": "271004", "address": "大阪市北区梅田1-1-1"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = st
        .post(
            "/delegations",
            Some(&site.token),
            json!({
                "code_kind": "medical",
                "code": "2710000001",
                "representative": {"name": "梅田 一郎", "title": "院長", "phone": "06-1234-5678", "email": "rep@umeda.example.jp"},
                "contact": {"name": "梅田 花子", "department": "事務部", "phone": "06-1234-5679", "email": format!("umeda-{u}@umeda.example.jp")},
                "vaccine": "ファイザー",
            }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    ids.insert("delegation", v["number"].as_str().unwrap().to_string());
    let city = st
        .user(
            admin,
            json!({"role": "municipality", "organisation_code": "271004"}),
        )
        .await;
    // 大阪市's call-centre request and new-code application.
    let (s, v) = st
        .post(
            "/call-centre-requests",
            Some(&city.token),
            json!({"kind": "new", "company": "大阪コール株式会社", "name": "受付 次郎", "email": format!("osaka-cc-{u}@call.example.jp"), "phone": "06-1111-2222"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    ids.insert("cc_request", v["id"].as_str().unwrap().to_string());
    let (s, v) = st
        .post(
            "/code-applications",
            Some(&city.token),
            json!({
                "applicant": {"name": "大阪 花子", "organisation": "大阪市", "department": "保健所", "title": "担当", "email": format!("osaka-app-{u}@city.osaka.example.jp"), "phone": "06-0000-0000"},
                "founder": "municipality",
                "venue_kind": "special_venue",
                "facility": {"name": format!("大阪スコープ会場{u}"), "representative": "大阪 太郎", "postal_code": "530-0001", "municipality_code": "271004", "address": "北区梅田2-2-2", "phone": "06-9999-9999"}
            }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    ids.insert("code_application", v["id"].as_str().unwrap().to_string());
    let pref = st
        .user(
            admin,
            json!({"role": "prefecture", "organisation_code": "27"}),
        )
        .await;
    let workplace = st
        .user(
            admin,
            json!({"role": "workplace", "organisation_code": "osakaWp", "organisation_name": format!("大阪職域会場{u}"), "municipality_code": "271004"}),
        )
        .await;
    let (wholesaler, _) = st
        .issue(
            admin,
            json!({"role": "wholesaler", "organisation_code": "osakaWs", "organisation_name": format!("大阪卸{u}"), "prefecture_code": "27"}),
        )
        .await;
    // Its entry in the wholesaler master.
    let (s, v) = st
        .put(
            "/wholesalers/osakaWs",
            Some(&admin.token),
            json!({"name": format!("大阪卸{u}"), "areas": ["27"], "version": 0}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (call_centre, _) = st
        .issue(
            admin,
            json!({"role": "call_centre", "organisation_code": "271004", "organisation_name": format!("大阪予約受付{u}")}),
        )
        .await;
    let (aggregator, _) = st
        .issue(
            admin,
            json!({"role": "aggregator", "organisation_code": "osakaIshikai", "organisation_name": format!("大阪市医師会{u}"), "municipality_code": "271004"}),
        )
        .await;
    ids.insert("account", site.vsys_id.clone());
    ids.insert("pending_account", aggregator.clone());
    ids.insert("call_centre", call_centre.clone());
    ids.insert("site_org", "site-2710000001".into());
    ids.insert("workplace_org", "workplace-osakaWp".into());
    ids.insert("wholesaler_code", "osakaWs".into());
    // The site's final allocation, scheduled, and its stock of a lot near expiry.
    let lot = "OSAKA-LOT-1".to_string();
    let (s, v) = st
        .post("/lots", Some(&admin.token), json!({"lot_number": lot, "product": "moderna-primary", "expiry_date": "2021-05-01"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let row = vsys::store::allocations::SiteRow {
        site_id: "site-2710000001".into(),
        site_name: site_name.clone(),
        boxes: vsys::domain::allocation::Boxes { vaccine: 1, needles: 1, syringes: 1 },
    };
    let mut rec = vsys::store::allocations::SiteAllocationItem::new(cool, "27", "271004", &row, st.app.now());
    rec.scheduled_date = chrono::NaiveDate::from_ymd_opt(2021, 4, 16);
    rec.set_keys();
    let mut tx = vsys::store::Tx::new();
    vsys::store::allocations::site_record_in(&mut tx, &rec).unwrap();
    let holder = vsys::store::stock::Holder { site_id: "site-2710000001", site_name: &site_name, pref: "27", muni: "271004" };
    vsys::store::stock::move_in(&mut tx, &holder, &lot, "moderna-primary", vsys::store::stock::Movement::Received, 10, "stock");
    // Its report, and a later delivery it has not reported on.
    let counts = vsys::domain::results::Cumulative {
        dose1: vsys::domain::results::ByCategory { elderly: 10, ..Default::default() },
        ..Default::default()
    };
    let day = chrono::NaiveDate::from_ymd_opt(2021, 4, 16).unwrap();
    let report = vsys::store::results::ResultItem::new("site-2710000001", &site_name, "27", "271004", "moderna-primary", day, counts, 1, st.app.now(), "x", 1);
    vsys::store::results::save_in(&mut tx, &report, 0, "report").unwrap();
    vsys::store::results::due_in(&mut tx, "site-2710000001", &site_name, "27", "271004", day);
    tx.commit(&st.app).await.unwrap();
    ids.insert("lot", lot);
    // A slot at its venue, booked by 大阪市.
    let (s, v) = st
        .post(
            "/reservation-slots",
            Some(&city.token),
            json!({"venue_id": "site-2710000001", "product": "moderna-primary", "first_date": "2021-04-26", "last_date": "2021-04-26", "weekdays": ["mon"],
                "start": "09:00", "end": "10:00", "slot_minutes": 60, "people_per_slot": 4}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = st.post("/bookings", Some(&city.token), osaka_booking("site-2710000001", "9000000001")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    ids.insert("booking", v["reference"].as_str().unwrap().to_string());
    // Its claim for April, billed to 大阪市 once the month is over.
    st.set_now("2021-05-06T10:00:00+09:00");
    let token = st.sign_in(&site).await;
    let (s, v) = st
        .put("/billing/claims/2021-04", Some(&token), json!({"rows": [{"muni": "271004", "counts": billing_counts(3)}], "version": 0}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    st.set_now(NOW);
    // 大阪市's notice waiting for 大阪府, and 大阪府's published by the nation.
    let (s, v) = st.post("/notices", Some(&city.token), notice_draft(&format!("梅田のお知らせ{u}"))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    ids.insert("notice", v["id"].as_str().unwrap().to_string());
    let (s, v) = st.post("/notices", Some(&pref.token), notice_draft(&format!("大阪府のお知らせ{u}"))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = st.post(&format!("/notices/{}/approve", v["id"].as_str().unwrap()), Some(&admin.token), json!({"version": 1})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // The Osaka site's inquiry.
    let token = st.sign_in(&site).await;
    let (s, v) = st
        .post("/inquiries", Some(&token), json!({"email": site.email, "phone": "06-1234-0000", "category": "ワクチン分配", "detail": "その他", "content": format!("梅田の問い合わせ{u}")}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    ids.insert("inquiry", v["id"].as_str().unwrap().to_string());
    // A resident's notification filed with 大阪市.
    let resident = format!("umeda-{u}@example.jp");
    let (s, v) = st
        .post("/public/resident-requests", None, json!({"kind": "out_of_area", "name": "梅田 住民", "kana": "ウメダ ジュウミン", "birth_date": "1980-01-01",
            "address": "北海道札幌市中央区", "home_muni": "011002", "coupon": "0110000001", "phone": "011-000-0000", "email": resident,
            "reason": "study", "muni": "271004", "stay_place": "大阪市北区梅田", "stay_from": "2021-04-01", "stay_to": "2022-03-31"}))
        .await;
    assert_eq!(s, StatusCode::ACCEPTED, "{v}");
    let token = link_token(&st.last_mail(&resident).await.body);
    let (s, v) = st.post("/public/resident-requests/confirm", None, json!({"token": token})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    ids.insert("resident_request", v["id"].as_str().unwrap().to_string());
    let markers = vec![
        site.vsys_id.clone(),
        site.email.clone(),
        city.vsys_id.clone(),
        pref.vsys_id.clone(),
        workplace.vsys_id.clone(),
        wholesaler,
        call_centre,
        aggregator,
        site_name,
        "2710000001".into(),
        "梅田".into(),
        u,
    ];
    Other { markers, ids }
}

#[tokio::test]
async fn no_role_sees_or_changes_another_organisations_records() {
    let st = Stack::start(NOW).await;
    let admin = st.national_admin().await;
    let (s, v) = st
        .post(
            "/cools",
            Some(&admin.token),
            json!({"number": 1, "channel": "general", "product": "moderna-primary", "delivery_week": "2021-05-10",
                "vaccination_from": "2021-05-10", "vaccination_until": "2021-12-31",
                "registration_opens": "2021-04-01T00:00:00+09:00", "registration_deadline": "2021-04-27T15:00:00+09:00"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let cool = v["cool_id"].as_str().unwrap().to_string();
    let other = osaka(&st, &admin, &cool).await;
    // Osaka's site registers its demand, so there is something to see.
    let osaka_site = st
        .user(
            &admin,
            json!({"role": "site", "organisation_code": "2710000002", "organisation_name": "梅田第二診療所", "municipality_code": "271004"}),
        )
        .await;
    st.save_profile(&osaka_site, site_profile("梅田第二診療所", true))
        .await;
    let (s, v) = st
        .put(
            &format!("/cools/{cool}/demand"),
            Some(&osaka_site.token),
            json!({"weekly_planned_doses": 300, "packs": 3, "storage": "freezer"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // The callers: one of each kind, in Tokyo.
    let tokyo_site = st
        .site(&admin, "1310000001", "千代田テスト診療所", "131016")
        .await;
    st.save_profile(&tokyo_site, site_profile("千代田テスト診療所", false))
        .await;
    let callers = vec![
        ("prefecture", st.user(&admin, json!({"role": "prefecture", "organisation_code": "13"})).await),
        ("municipality", st.user(&admin, json!({"role": "municipality", "organisation_code": "131016"})).await),
        ("site", tokyo_site),
        ("workplace", st.user(&admin, json!({"role": "workplace", "organisation_code": "tokyoWp", "organisation_name": "東京職域会場", "municipality_code": "131016"})).await),
        ("wholesaler", st.user(&admin, json!({"role": "wholesaler", "organisation_code": "tokyoWs", "organisation_name": "東京卸", "prefecture_code": "13"})).await),
        ("call_centre", st.user(&admin, json!({"role": "call_centre", "organisation_code": "131016"})).await),
        ("aggregator", st.user(&admin, json!({"role": "aggregator", "organisation_code": "chiyodaIshikai", "organisation_name": "千代田区医師会", "municipality_code": "131016"})).await),
    ];

    let routes: Vec<(String, String)> = vsys_local::areas()
        .into_iter()
        .flat_map(|a| a.routes)
        .filter(|r| r.access == vsys::http::Access::Protected)
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let missing: Vec<String> = routes
        .iter()
        .filter(|(m, p)| ask(m, p, &other, &cool).is_none())
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the scope matrix: {missing:?}"
    );

    let mut checked = 0;
    for (role, caller) in &callers {
        for (method, path) in &routes {
            // Signing out would end the caller's session for the rows after it.
            if path == "/auth/sign-out" {
                continue;
            }
            let (theirs, url, body) = match ask(method, path, &other, &cool).unwrap() {
                Ask::Theirs(u, b) => (true, u, b),
                Ask::Own(u, b) => (false, u, b),
            };
            let t = Some(caller.token.as_str());
            let (status, answer) = match method.as_str() {
                "GET" => st.get(&url, t).await,
                "POST" => st.post(&url, t, body).await,
                "PUT" => st.put(&url, t, body).await,
                "DELETE" => st.delete(&url, t).await,
                m => panic!("method {m}"),
            };
            let text = answer.to_string();
            for m in &other.markers {
                assert!(
                    !text.contains(m.as_str()),
                    "{role} {method} {url}: the answer shows {m}: {text}"
                );
            }
            if theirs {
                assert!(
                    status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                    "{role} {method} {url}: {status} {text}"
                );
            }
            assert!(
                status != StatusCode::UNAUTHORIZED && !status.is_server_error(),
                "{role} {method} {url}: {status} {text}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, callers.len() * (routes.len() - 1));
    // A listing filtered to an organisation outside the scope answers exactly
    // as one filtered to an organisation that does not exist.
    for (role, caller) in &callers {
        let t = Some(caller.token.as_str());
        let theirs = st
            .get(
                &format!("/accounts?organisation={}", id(&other, "site_org")),
                t,
            )
            .await;
        let nobody = st.get("/accounts?organisation=site-2719999999", t).await;
        assert_eq!(theirs, nobody, "{role}");
    }
    // Nothing of Osaka's moved: its delegation is still waiting, its
    // accounts active, its request open.
    let (_, v) = st
        .get(
            &format!("/delegations/{}", id(&other, "delegation")),
            Some(&admin.token),
        )
        .await;
    assert!(v["received_at"].is_null(), "{v}");
    let (_, v) = st
        .get(
            &format!("/accounts/{}", id(&other, "account")),
            Some(&admin.token),
        )
        .await;
    assert_eq!(v["status"], "active");
}
