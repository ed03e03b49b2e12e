//! The web front and JSON API, driven through the real router on a real SQLite file.

use crate::support;

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use server::store::Store;
use tower::ServiceExt;

struct TestApp {
    router: Router,
    store: Store,
    _db: support::TestDb,
}

async fn app(db: support::TestDb) -> TestApp {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    let router = support::router_on(&store);
    TestApp {
        router,
        store,
        _db: db,
    }
}

struct Reply {
    status: StatusCode,
    headers: http::HeaderMap,
    body: String,
}

impl TestApp {
    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    async fn get_with_cookie(&self, path: &str, cookie: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    async fn post_form(&self, path: &str, body: &str, extra: &[(&str, &str)]) -> Reply {
        let mut request =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Posts a pre-check screen as a browser without JavaScript does and follows it to the next
    /// screen's own address with the cookies it set, as the browser would.
    async fn precheck(&self, body: &str, extra: &[(&str, &str)]) -> Reply {
        let posted = self.post_form("/eligibility/check", body, extra).await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
        let mut cookies: Vec<String> = extra
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
            .map(|(_, value)| value.to_string())
            .collect();
        cookies.extend(
            posted
                .set_cookies()
                .into_iter()
                .filter(|c| !c.ends_with('=')),
        );
        let mut request = Request::get(posted.header("location"));
        for (name, value) in extra {
            if !name.eq_ignore_ascii_case("cookie") {
                request = request.header(*name, *value);
            }
        }
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }
}

impl Reply {
    /// Each `Set-Cookie`'s `name=value`.
    fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").to_string())
            .collect()
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

async fn home_page_is_chinese_by_default_with_four_services_the_hotline_and_the_regions(
    db: support::TestDb,
) {
    let app = app(db).await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(
        page.body.contains(r#"<html lang="zh-CN""#),
        "html lang is zh-CN"
    );
    for text in [
        "救助资格预查",
        "婚姻登记预约",
        "殡葬服务",
        "志愿服务站",
        "12345",
        "保定市",
        "奉化区",
    ] {
        assert!(page.body.contains(text), "home page shows {text}");
    }
    for href in [
        "/eligibility",
        "/marriage",
        "/funeral",
        "/volunteer",
        "/help",
        "/privacy",
        "tel:12345",
    ] {
        assert!(
            page.body.contains(&format!("href=\"{href}\"")),
            "home page links to {href}"
        );
    }
}

async fn the_language_cookie_switches_every_string_to_english(db: support::TestDb) {
    let app = app(db).await;
    let page = app.get_with_cookie("/", "bianmin_lang=en").await;
    assert!(page.body.contains(r#"<html lang="en""#));
    for text in [
        "Assistance eligibility pre-check",
        "Marriage registration booking",
        "Baoding",
        "Regions served",
    ] {
        assert!(page.body.contains(text), "English page shows {text}");
    }
    assert!(
        !page.body.contains("救助资格预查"),
        "no Chinese service names on the English page"
    );
}

/// The texts the pre-check's island shows travel in its page, in the page's language only (the
/// WebAssembly does not carry them); pages without that island carry none.
async fn the_precheck_page_carries_its_islands_texts_in_its_own_language(db: support::TestDb) {
    let app = app(db).await;
    let block = |body: &str| -> Option<Vec<String>> {
        let start = r#"<script type="application/json" id="bianmin-texts">"#;
        let rest = body.split(start).nth(1)?;
        let json = rest.split("</script>").next()?;
        Some(serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON ({e}): {json}")))
    };
    let in_browser = app::i18n::Msg::ALL
        .iter()
        .filter(|m| m.in_browser())
        .count();
    let chinese = block(&app.get("/eligibility/check").await.body).expect("the texts' block");
    let english = block(
        &app.get_with_cookie("/eligibility/check", "bianmin_lang=en")
            .await
            .body,
    )
    .expect("the texts' block in English");
    assert_eq!(chinese.len(), in_browser);
    assert_eq!(english.len(), in_browser);
    assert_eq!(chinese[0], "便民");
    assert_eq!(english[0], "Bianmin");
    assert!(
        !english
            .iter()
            .any(|t| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "the English page carries no Chinese texts"
    );
    for path in ["/", "/marriage/book", "/places"] {
        assert!(
            block(&app.get(path).await.body).is_none(),
            "{path} carries no texts"
        );
    }
}

async fn the_text_size_cookie_marks_the_page_for_large_text(db: support::TestDb) {
    let app = app(db).await;
    let page = app.get_with_cookie("/help", "bianmin_text=large").await;
    assert!(page.body.contains(r#"class="text-large""#));
    assert!(page.body.contains(r#"aria-pressed="true""#));
}

async fn every_page_answers_and_unknown_pages_get_a_styled_404(db: support::TestDb) {
    let app = app(db).await;
    for path in [
        "/",
        "/eligibility",
        "/marriage",
        "/funeral",
        "/volunteer",
        "/help",
        "/privacy",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
    }
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("找不到这个页面"));
    assert!(
        missing.body.contains("class=\"site-header\""),
        "404 has the site header"
    );
}

async fn pages_carry_a_nonce_based_csp_and_security_headers(db: support::TestDb) {
    let app = app(db).await;
    let page = app.get("/").await;
    let csp = page.header("content-security-policy");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("script nonce in CSP");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the nonce"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("object-src 'none'"));
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(page.header("referrer-policy"), "same-origin");
    assert_eq!(page.header("cache-control"), "private, no-cache");
    let other = app.get("/").await;
    assert_ne!(
        other.header("content-security-policy"),
        csp,
        "a fresh nonce per response"
    );
    let health = app.get("/healthz").await;
    assert!(health
        .header("content-security-policy")
        .contains("frame-ancestors 'none'"));
}

async fn pages_are_compressed_for_browsers_that_accept_brotli(db: support::TestDb) {
    let app = app(db).await;
    let page = app
        .send(
            Request::get("/")
                .header(header::ACCEPT_ENCODING, "br, gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(page.header("content-encoding"), "br");
}

async fn choosing_a_language_sets_a_cookie_and_returns_to_the_page(db: support::TestDb) {
    let app = app(db).await;
    let reply = app
        .post_form("/prefs", "lang=en&return_to=%2Fhelp", &[])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/help");
    assert!(reply.header("set-cookie").starts_with("bianmin_lang=en;"));

    let reply = app
        .post_form("/prefs", "text_size=large&return_to=%2F", &[])
        .await;
    assert!(reply
        .header("set-cookie")
        .starts_with("bianmin_text=large;"));
}

async fn a_switch_on_a_precheck_screen_carries_its_answers_back_to_the_same_screen(
    db: support::TestDb,
) {
    let app = app(db).await;
    // A screen reached without JavaScript has its own address; its switches return there, and
    // the answers wait in the pre-check's cookie.
    let posted = app
        .post_form(
            "/eligibility/check",
            "region=baoding&step=hukou&go=next&hukou=urban",
            &[],
        )
        .await;
    let kept: Vec<String> = posted
        .set_cookies()
        .into_iter()
        .filter(|c| !c.ends_with('='))
        .collect();
    let screen = app
        .get_with_cookie(posted.header("location"), &kept.join("; "))
        .await;
    assert!(screen
        .body
        .contains("家里一起生活、共同计算收入的有几个人？"));
    let switch = screen
        .body
        .split(r#"<form method="post" action="/prefs" class="switch">"#)
        .nth(1)
        .and_then(|rest| rest.split("</form>").next())
        .expect("the language switch");
    assert!(
        switch.contains(r#"name="return_to" value="/eligibility/check?step=size""#),
        "{switch}"
    );
    let reply = app
        .post_form(
            "/prefs",
            "return_to=%2Feligibility%2Fcheck%3Fstep%3Dsize&lang=en",
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/eligibility/check?step=size");
    let again = app
        .get_with_cookie(
            "/eligibility/check?step=size",
            &format!("bianmin_lang=en; {}", kept.join("; ")),
        )
        .await;
    assert!(
        again
            .body
            .contains("How many people live together and share income?"),
        "the same screen, in English"
    );
    assert!(again
        .body
        .contains(r#"<input type="hidden" name="hukou" value="urban">"#));

    // A screen answered with its post (a household too large for the cookie) carries its
    // answers in the switch, and a 307 sends the post back to the pre-check.
    let reply = app
        .post_form(
            "/prefs",
            "return_to=%2Feligibility%2Fcheck&region=baoding&hukou=urban&step=hukou&go=next&lang=en",
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(reply.header("location"), "/eligibility/check");
    assert!(reply.header("set-cookie").starts_with("bianmin_lang=en;"));
    // Elsewhere a switch goes back with a GET as before.
    let elsewhere = app
        .post_form("/prefs", "return_to=%2Fhelp&step=hukou&lang=en", &[])
        .await;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER);
}

async fn bad_preference_input_is_refused_in_the_visitors_language_and_sets_nothing(
    db: support::TestDb,
) {
    let app = app(db).await;
    let reply = app
        .post_form("/prefs", "lang=fr", &[("cookie", "bianmin_lang=en")])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("not supported"), "{}", reply.body);
    assert!(reply.headers.get("set-cookie").is_none());

    let reply = app
        .post_form(
            "/prefs",
            "lang=en&return_to=https%3A%2F%2Fevil.example%2F",
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("返回地址"), "{}", reply.body);
    assert!(reply.headers.get("set-cookie").is_none());
}

async fn a_preference_post_from_another_site_is_refused(db: support::TestDb) {
    let app = app(db).await;
    let reply = app
        .post_form(
            "/prefs",
            "lang=en",
            &[
                ("host", "bianmin.example"),
                ("origin", "https://evil.example"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.headers.get("set-cookie").is_none());
    let same = app
        .post_form(
            "/prefs",
            "lang=en",
            &[
                ("host", "bianmin.example"),
                ("origin", "https://bianmin.example"),
            ],
        )
        .await;
    assert_eq!(same.status, StatusCode::SEE_OTHER);
}

async fn oversized_request_bodies_are_refused(db: support::TestDb) {
    let app = app(db).await;
    let body = format!(
        "lang=en&padding={}",
        "x".repeat(server::http::BODY_LIMIT_BYTES + 1)
    );
    let reply = app.post_form("/prefs", &body, &[]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

async fn health_and_readiness_follow_the_database(db: support::TestDb) {
    let app = app(db).await;
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status, StatusCode::OK);
    app.store.close().await;
    assert_eq!(
        app.get("/healthz").await.status,
        StatusCode::OK,
        "the process still answers"
    );
    assert_eq!(
        app.get("/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

async fn a_database_failure_shows_an_apology_with_a_reference_and_status_500(db: support::TestDb) {
    let app = app(db).await;
    app.store.close().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.body.contains("抱歉，出了点问题"));
    assert!(
        page.body.contains("参考编号："),
        "the page gives a reference number"
    );
    assert!(
        !page.body.to_lowercase().contains("pool"),
        "no database details leak to the page"
    );
}

async fn the_api_lists_regions_in_the_callers_language(db: support::TestDb) {
    let app = app(db).await;
    let zh = app.get("/api/v1/regions").await;
    assert_eq!(zh.status, StatusCode::OK);
    let json = zh.json();
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 4);
    assert_eq!(regions[0]["id"], "baoding");
    assert_eq!(regions[0]["name"], "保定市");

    let en = app.get("/api/v1/regions?lang=en").await.json();
    assert_eq!(en["regions"][0]["name"], "Baoding");
    let one = app.get("/api/v1/regions/qufu?lang=en").await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json()["province"], "Jining, Shandong");
}

async fn api_errors_are_json_with_a_code_and_each_bad_field_named(db: support::TestDb) {
    let app = app(db).await;
    let bad = app.get("/api/v1/regions?lang=fr&colour=red").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json = bad.json();
    assert_eq!(json["code"], "invalid_input");
    let fields: Vec<&str> = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["lang", "colour"]);

    let missing = app.get("/api/v1/regions/atlantis").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["code"], "not_found");
    let unknown = app
        .send(
            Request::get("/api/v1/nothing-here")
                .header("accept-language", "en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.json()["message"],
        "The requested item was not found."
    );
}

async fn the_openapi_document_describes_the_api(db: support::TestDb) {
    let app = app(db).await;
    let doc = app.get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let json = doc.json();
    assert!(json["openapi"].as_str().unwrap().starts_with("3."));
    assert!(json["paths"]["/api/v1/regions"]["get"].is_object());
    assert!(json["paths"]["/api/v1/regions/{id}"]["get"].is_object());
    assert!(json["paths"]["/api/v1/regions/{id}/policy"]["get"].is_object());
    assert!(json["paths"]["/api/v1/eligibility/check"]["post"].is_object());
    assert!(json["components"]["schemas"]["CheckRequest"].is_object());
    assert!(json["components"]["schemas"]["ApiError"].is_object());
}

async fn the_eligibility_page_shows_the_figures_in_force_with_sources_and_sample_marks(
    db: support::TestDb,
) {
    let app = app(db).await;
    let page = app.get("/eligibility").await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "城市低保标准",
        "每人每月 ¥666",
        "每人每月 ¥400",
        "低保标准的 1.3 倍",
        "保定市民政事业发展第十四个五年规划",
        "最低生活保障（低保）",
    ] {
        assert!(page.body.contains(text), "eligibility page shows {text}");
    }
    // Anning's orphan figures are from its plan; its dibao standards are samples and say so.
    assert!(page.body.contains("每人每月 ¥2,000"));
    assert!(page.body.contains("示例数据"));

    let english = app.get_with_cookie("/eligibility", "bianmin_lang=en").await;
    assert!(english.body.contains("¥666 per person a month"));
    assert!(
        english
            .body
            .contains(r#"<span lang="zh-CN">保定市民政事业发展第十四个五年规划</span>"#),
        "Chinese document names are marked as Chinese for screen readers"
    );
}

const HOUSEHOLD_OF_THREE: &str = "region=baoding&hukou=urban&size=3\
    &m0.age=40&m0.seen=yes&m1.age=38&m1.relation=spouse&m1.seen=yes\
    &m2.age=10&m2.relation=child&m2.seen=yes&m2.parents=present\
    &income_mode=exact&income=1500&emergency=no&supporter=yes";

async fn a_precheck_screen_posted_without_javascript_leads_to_the_next_and_is_never_cached(
    db: support::TestDb,
) {
    let app = app(db).await;
    let first = app.get("/eligibility/check").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("您家户口在哪个地区？"));
    assert_eq!(first.header("cache-control"), "no-store");

    // The post is answered with the next screen's own address, so Back and Reload never ask to
    // send a form again; the answers go into a sealed cookie for the pre-check only.
    let posted = app
        .post_form(
            "/eligibility/check",
            "step=region&go=next&region=baoding",
            &[],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    assert_eq!(posted.header("location"), "/eligibility/check?step=hukou");
    let set: Vec<&str> = posted
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let kept = set
        .iter()
        .find(|c| c.starts_with("bianmin_precheck0=") && !c.starts_with("bianmin_precheck0=;"))
        .expect("the answers are kept");
    for part in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/eligibility/check",
        "Max-Age=1800",
    ] {
        assert!(kept.contains(part), "{kept}");
    }
    assert!(!kept.contains("baoding"), "sealed, not readable");
    let next = app
        .precheck("step=region&go=next&region=baoding", &[])
        .await;
    assert_eq!(next.status, StatusCode::OK);
    assert!(next.body.contains("您家是城镇户口还是农村户口？"));
    assert!(next
        .body
        .contains(r#"<input type="hidden" name="region" value="baoding">"#));
    assert_eq!(next.header("cache-control"), "no-store");
    assert!(next.header("content-security-policy").contains("nonce-"));

    // Back opens the previous screen's address: the question again, with its answer.
    let cookie = posted
        .set_cookies()
        .into_iter()
        .filter(|c| !c.ends_with('='))
        .collect::<Vec<_>>()
        .join("; ");
    let back = app
        .get_with_cookie("/eligibility/check?step=region", &cookie)
        .await;
    assert!(back.body.contains("您家户口在哪个地区？"));
    assert!(
        back.body.contains(r#"value="baoding" checked"#)
            || back.body.contains(r#"value="baoding" selected"#),
        "the answer given is shown"
    );
    // A screen's address without the answers (another browser, or after half an hour) starts
    // at the first question, and a forged cookie is ignored.
    let bare = app.get("/eligibility/check?step=hukou").await;
    assert!(bare.body.contains("您家户口在哪个地区？"));
    let forged = app
        .get_with_cookie("/eligibility/check?step=hukou", "bianmin_precheck0=AAAA")
        .await;
    assert!(forged.body.contains("您家户口在哪个地区？"));
    // "Start again" deletes them.
    let restart = app
        .post_form(
            "/eligibility/check",
            "step=result&go=restart",
            &[(header::COOKIE.as_str(), &cookie)],
        )
        .await;
    assert_eq!(restart.header("location"), "/eligibility/check");
    assert!(
        restart.set_cookies().iter().all(|c| c.ends_with('=')),
        "{:?}",
        restart.set_cookies()
    );
}

async fn a_bad_precheck_answer_is_named_at_its_field_and_the_screen_stays(db: support::TestDb) {
    let app = app(db).await;
    let reply = app
        .precheck("region=baoding&hukou=urban&step=size&go=next&size=abc", &[])
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply
        .body
        .contains(r#"<input type="hidden" name="step" value="size">"#));
    assert!(reply.body.contains(r#"id="f-size-error""#));
    assert!(reply.body.contains("请填写 1 到 30 之间的人数。"));
    assert!(reply.body.contains(r#"aria-invalid="true""#));
    assert!(
        reply.body.contains(r#"value="abc""#),
        "the answer given is kept"
    );

    let english = app
        .precheck(
            "step=size&go=next&size=0&region=baoding&hukou=urban",
            &[(header::COOKIE.as_str(), "bianmin_lang=en")],
        )
        .await;
    assert!(english
        .body
        .contains("Enter a number of people from 1 to 30."));
}

async fn a_complete_precheck_posted_without_javascript_shows_the_hand_worked_result(
    db: support::TestDb,
) {
    let app = app(db).await;
    let check = app
        .precheck(&format!("{HOUSEHOLD_OF_THREE}&step=supporter&go=next"), &[])
        .await;
    assert!(check.body.contains("核对您的回答"));
    let result = app
        .precheck(&format!("{HOUSEHOLD_OF_THREE}&step=check&go=next"), &[])
        .await;
    assert!(result.body.contains("预查结果"));
    assert!(result.body.contains("约每月 ¥498"));
    // It opens with what the family most likely gets ...
    assert!(
        result
            .body
            .contains("最可能符合的是最低生活保障（低保），约每月 ¥498。"),
        "the summary leads"
    );
    // ... and says that today it uses Baoding's 2020 figures, the newest published.
    assert!(
        result.body.contains("这里用的是 2020 年的标准"),
        "old figures are said plainly"
    );
    assert!(result
        .body
        .contains("补差 = ¥666 × 3 人 − 家庭月收入 ¥1,500 = ¥498。"));
    assert!(
        result.body.contains("/eligibility/check#"),
        "a link that reopens the result"
    );
    assert!(result.body.contains(r#"aria-label="打开本结果的二维码""#));

    // Skipping questions never reaches the result: the first unanswered screen is shown.
    let skipped = app.precheck("region=baoding&step=check&go=next", &[]).await;
    assert!(skipped
        .body
        .contains(r#"<input type="hidden" name="step" value="hukou">"#));
}

async fn the_result_names_the_street_office_chosen_and_answers_what_ifs_by_date(
    db: support::TestDb,
) {
    let app = app(db).await;
    let result = |extra: &str| {
        let body = format!("{HOUSEHOLD_OF_THREE}&step=result&go=next{extra}");
        let app = &app;
        async move { app.precheck(&body, &[]).await.body }
    };
    // Before a street is chosen: the general sentence and the region's streets to choose from.
    let general = result("").await;
    assert!(general.contains("户籍所在地的街道办事处或乡镇人民政府社会救助窗口"));
    assert!(general.contains(r#"<option value="baoding-xianfeng-street-office""#));
    assert!(
        !general.contains(r#"<option value="anning-lianran-street-office""#),
        "only the region's own streets"
    );

    // Chosen: the office by name, with its address, hours, phone and page.
    let named = result("&street=baoding-xianfeng-street-office").await;
    assert!(named.contains("到先锋街道办事处（示例）的社会救助窗口申请"));
    assert!(named.contains("保定市竞秀区先锋街道示例路 10 号"));
    assert!(named.contains(r#"href="tel:0312-0000200""#));
    assert!(named.contains(r#"href="/places/baoding-xianfeng-street-office""#));

    // Another region's office is refused at the field, and nothing is named.
    let wrong = result("&street=anning-lianran-street-office").await;
    assert!(wrong.contains("所选街道或乡镇不在列表中，请重新选择。"));
    assert!(!wrong.contains("到连然街道办事处"));

    // On 2016-06-01 Baoding's urban standard was ¥450: 3 × ¥450 = ¥1,350, below the family's
    // ¥1,500, so the dibao they would get today (¥666 × 3 − ¥1,500 = ¥498) was not open then.
    let then = result("&whatif_date=2016-06-01").await;
    assert!(then.contains("如果在 2016-06-01 申请："), "{then}");
    assert!(then.contains("最低生活保障（低保）：很可能符合 · 约每月 ¥498 → 不太可能符合"));
    // Baoding has no figures for 2015; a date before the 2014 measures is refused at the field.
    let before = result("&whatif_date=2015-06-01").await;
    assert!(before.contains("保定市没有 2015-06-01 施行的标准，无法计算。"));
    let refused = result("&whatif_date=2013-12-31").await;
    assert!(refused.contains(r#"id="f-whatif_date-error""#));
    assert!(refused.contains("只能计算 2014 年 5 月 1 日"));
}

/// Every page of the app's route list, and every other public route, answers its own methods
/// and 405 to the rest: nothing is changed, or shown, by a method it was not made for.
async fn every_public_route_answers_its_methods_and_405_to_the_rest(db: support::TestDb) {
    let app = app(db).await;
    // Pages answer GET; these also take their form posted without JavaScript.
    let posted_pages = [
        "/eligibility/check",
        "/marriage/book",
        "/marriage/manage",
        "/kiosk/enrol",
    ];
    let mut routes: Vec<(String, Vec<&str>)> = leptos_axum::generate_route_list(app::App)
        .into_iter()
        .map(|r| r.path().to_string())
        .filter(|path| !path.starts_with("/staff"))
        .map(|path| {
            let methods = if posted_pages.contains(&path.as_str()) {
                vec!["GET", "POST"]
            } else {
                vec!["GET"]
            };
            (path, methods)
        })
        .collect();
    routes.sort();
    routes.dedup();
    assert!(routes.len() >= 14, "{routes:?}");
    for (path, methods) in [
        ("/prefs", vec!["POST"]),
        ("/kiosk/finish", vec!["POST"]),
        ("/marriage/booking.ics", vec!["GET"]),
        ("/healthz", vec!["GET"]),
        ("/readyz", vec!["GET"]),
        ("/fn/regions", vec!["POST"]),
        ("/fn/policies-today", vec!["POST"]),
    ] {
        routes.push((path.to_string(), methods));
    }
    for (path, methods) in &routes {
        let uri = path.replace("{id}", "anning-care-home");
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let reply = app
                .send(
                    Request::builder()
                        .method(method)
                        .uri(&uri)
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            if methods.contains(&method) {
                assert_ne!(
                    reply.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}"
                );
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} answers only {methods:?}"
                );
            }
        }
    }
}

async fn every_documented_api_operation_is_routed_and_nothing_else_under_the_api(
    db: support::TestDb,
) {
    let app = app(db).await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 18, "{} paths", paths.len());
    for (path, operations) in paths {
        let concrete = path.replace("{id}", "anning").replace("{code}", "ACDEFGHJ");
        let documented: Vec<String> = operations
            .as_object()
            .unwrap()
            .keys()
            .map(|m| m.to_uppercase())
            .collect();
        for method in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
            let reply = app
                .send(
                    Request::builder()
                        .method(method)
                        .uri(&concrete)
                        .header(header::CONTENT_TYPE, "application/json")
                        .body(Body::from("{}"))
                        .unwrap(),
                )
                .await;
            if documented.iter().any(|m| m == method) {
                assert_ne!(
                    reply.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}"
                );
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}: a path in the document answers only its documented methods"
                );
            }
        }
    }
    let unknown = app.get("/api/v1/no-such-thing").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["code"], "not_found");
}

on_every_backend!(
    every_public_route_answers_its_methods_and_405_to_the_rest,
    every_documented_api_operation_is_routed_and_nothing_else_under_the_api,
    home_page_is_chinese_by_default_with_four_services_the_hotline_and_the_regions,
    the_language_cookie_switches_every_string_to_english,
    the_precheck_page_carries_its_islands_texts_in_its_own_language,
    the_text_size_cookie_marks_the_page_for_large_text,
    every_page_answers_and_unknown_pages_get_a_styled_404,
    pages_carry_a_nonce_based_csp_and_security_headers,
    pages_are_compressed_for_browsers_that_accept_brotli,
    choosing_a_language_sets_a_cookie_and_returns_to_the_page,
    a_switch_on_a_precheck_screen_carries_its_answers_back_to_the_same_screen,
    bad_preference_input_is_refused_in_the_visitors_language_and_sets_nothing,
    a_preference_post_from_another_site_is_refused,
    oversized_request_bodies_are_refused,
    health_and_readiness_follow_the_database,
    a_database_failure_shows_an_apology_with_a_reference_and_status_500,
    the_api_lists_regions_in_the_callers_language,
    api_errors_are_json_with_a_code_and_each_bad_field_named,
    the_openapi_document_describes_the_api,
    the_eligibility_page_shows_the_figures_in_force_with_sources_and_sample_marks,
    a_precheck_screen_posted_without_javascript_leads_to_the_next_and_is_never_cached,
    a_bad_precheck_answer_is_named_at_its_field_and_the_screen_stays,
    a_complete_precheck_posted_without_javascript_shows_the_hand_worked_result,
    the_result_names_the_street_office_chosen_and_answers_what_ifs_by_date,
);
