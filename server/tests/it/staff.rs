//! Staff security through the real router: every staff route and API endpoint without a session
//! and with each wrong role; CSRF and cross-site refusals; sign-in lock-out; the audit trail
//! refusing changes; script in names shown as text. On SQLite and PostgreSQL.

use crate::support;

use app::domain::staff::role::Role;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use server::{
    accounts::add_account,
    store::{staff::AuditEntry, Store},
};
use tower::ServiceExt;

const PASSWORD: &str = "a long test passphrase";
const OFFICE: &str = "anning";

async fn setup(db: &support::TestDb) -> (Router, Store) {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    for (user, role) in [
        ("admin1", Role::Admin),
        ("clerk1", Role::Registrar),
        ("agent1", Role::Agent),
    ] {
        let office = (role == Role::Registrar).then_some(OFFICE);
        add_account(
            &store,
            user,
            user,
            role,
            office,
            PASSWORD,
            &server::store::staff::AuditEntry::by_command("test", ""),
        )
        .await
        .unwrap();
    }
    (server_on(&store), store)
}

/// A server of the deployment on this store: every one shares the store and the data key.
fn server_on(store: &Store) -> Router {
    let options = server::http::leptos_options("127.0.0.1:0".parse().unwrap()).unwrap();
    let key = support::fixed_keys();
    server::http::router(server::state::AppState::new(
        options,
        store.clone(),
        server::crypto::DataCipher::new(&key),
    ))
}

struct Reply {
    status: StatusCode,
    location: String,
    cookies: Vec<String>,
    cache: String,
    body: String,
}

async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let location = header(header::LOCATION);
    let cache = header(header::CACHE_CONTROL);
    let cookies = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        location,
        cookies,
        cache,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

/// The value of the first hidden `csrf` field on a page.
fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

async fn try_sign_in(router: &Router, user: &str, password: &str) -> Reply {
    let page = send(
        router,
        Request::get("/staff/sign-in").body(Body::empty()).unwrap(),
    )
    .await;
    let cookie = cookie_pair(&page.cookies[0]);
    let body = form(&[
        ("csrf", &csrf_of(&page.body)),
        ("username", user),
        ("password", password),
    ]);
    send(
        router,
        Request::post("/staff/sign-in")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// Signs in; returns the session cookie pair and the session's CSRF token.
async fn sign_in(router: &Router, user: &str) -> (String, String) {
    let reply = try_sign_in(router, user, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{user} signs in");
    let session = reply
        .cookies
        .iter()
        .find(|c| c.starts_with("bianmin_staff="))
        .expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"));
    let token = cookie_pair(session);
    assert!(
        token.len() >= "bianmin_staff=".len() + 32,
        "128 bits or more"
    );
    // An admin's first sign-in sets up the second factor before any staff page opens.
    if reply.location == "/staff/security" {
        set_up_second_factor(router, &token).await;
    }
    let home = send(
        router,
        Request::get("/staff")
            .header(header::COOKIE, &token)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    (token.clone(), csrf_of(&home.body))
}

fn request(method: &str, path: &str, cookie: Option<&str>, csrf: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    if method == "POST" {
        builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(csrf) = csrf {
            builder = builder.header("x-csrf-token", csrf);
            return builder.body(Body::from(form(&[("csrf", csrf)]))).unwrap();
        }
    }
    builder.body(Body::empty()).unwrap()
}

/// Every staff page and API endpoint, with a method it answers and the roles that may use it.
const STAFF_ROUTES: [(&str, &str, &[Role]); 21] = {
    use Role::*;
    const EVERYONE: &[Role] = &[Admin, Registrar, Agent];
    [
        ("GET", "/staff", EVERYONE),
        ("GET", "/staff/desk", &[Registrar]),
        ("GET", "/staff/agent", &[Agent]),
        ("GET", "/staff/agent/precheck", &[Agent]),
        ("POST", "/staff/agent/precheck", &[Agent]),
        ("GET", "/staff/accounts", &[Admin]),
        ("GET", "/staff/kiosks", &[Admin]),
        ("GET", "/staff/audit", &[Admin]),
        ("GET", "/staff/audit.csv", &[Admin]),
        ("POST", "/staff/sign-out", EVERYONE),
        ("POST", "/staff/stay", EVERYONE),
        ("GET", "/api/v1/staff/me", EVERYONE),
        ("POST", "/api/v1/staff/bookings/search", &[Agent, Registrar]),
        ("POST", "/api/v1/staff/bookings/ABC/check-in", &[Registrar]),
        ("GET", "/api/v1/staff/audit", &[Admin]),
        ("POST", "/staff/desk", &[Registrar]),
        ("POST", "/staff/agent", &[Agent]),
        ("POST", "/staff/accounts", &[Admin]),
        ("POST", "/staff/kiosks", &[Admin]),
        ("GET", "/staff/security", EVERYONE),
        ("POST", "/staff/security", EVERYONE),
    ]
};

/// Signed in with a role that may use it, every staff route answers its own methods and 405 to
/// the rest (the API routes too).
async fn every_staff_route_answers_405_to_methods_it_does_not_take(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    for (user, role) in [
        ("admin1", Role::Admin),
        ("clerk1", Role::Registrar),
        ("agent1", Role::Agent),
    ] {
        let (cookie, csrf) = sign_in(&router, user).await;
        let mut paths: Vec<&str> = STAFF_ROUTES
            .iter()
            .filter(|(_, _, roles)| roles.contains(&role))
            .map(|(_, path, _)| *path)
            .collect();
        paths.dedup();
        for path in paths {
            let takes: Vec<&str> = STAFF_ROUTES
                .iter()
                .filter(|(_, p, _)| *p == path)
                .map(|(m, _, _)| *m)
                .collect();
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
                if takes.contains(&method) {
                    continue;
                }
                // With the session's token, so the request is refused for its method alone.
                let reply = send(&router, request(method, path, Some(&cookie), Some(&csrf))).await;
                assert_eq!(
                    reply.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{user}: {method} {path} (it takes {takes:?})"
                );
            }
        }
        let still = send(&router, request("GET", "/staff", Some(&cookie), None)).await;
        assert_eq!(still.status, StatusCode::OK, "{user} is still signed in");
    }
    db.drop(store).await;
}

async fn every_staff_route_refuses_strangers_and_wrong_roles(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    for (method, path, _) in STAFF_ROUTES {
        let reply = send(&router, request(method, path, None, None)).await;
        if method == "GET" && !path.starts_with("/api/") {
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{method} {path} without a session"
            );
            assert!(
                reply.location.starts_with("/staff/sign-in?next="),
                "{path}: {}",
                reply.location
            );
        } else {
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} without a session"
            );
        }
        assert_eq!(reply.cache, "no-store", "{path}");
    }
    for (user, role) in [
        ("admin1", Role::Admin),
        ("clerk1", Role::Registrar),
        ("agent1", Role::Agent),
    ] {
        let (cookie, csrf) = sign_in(&router, user).await;
        for (method, path, roles) in STAFF_ROUTES {
            if path == "/staff/sign-out" {
                continue;
            }
            let reply = send(&router, request(method, path, Some(&cookie), Some(&csrf))).await;
            if roles.contains(&role) {
                assert!(
                    reply.status != StatusCode::FORBIDDEN
                        && reply.status != StatusCode::UNAUTHORIZED,
                    "{user} may {method} {path}: {}",
                    reply.status
                );
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{user} may not {method} {path}"
                );
            }
        }
    }
    db.drop(store).await;
}

async fn state_changes_need_the_csrf_token_and_the_same_site(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let (cookie, csrf) = sign_in(&router, "clerk1").await;
    let tomorrow = server::clock::today().add_days(1).to_string();
    let close = |token: &str| {
        form(&[
            ("csrf", token),
            ("go", "change_day"),
            ("date", &tomorrow),
            ("service", "all"),
            ("capacity", "0"),
            ("confirm", "yes"),
        ])
    };
    let post = |body: String, origin: Option<&str>| {
        let mut b = Request::post("/staff/desk")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            b = b
                .header(header::ORIGIN, origin)
                .header(header::HOST, "bianmin.example");
        }
        b.body(Body::from(body)).unwrap()
    };
    let missing = send(
        &router,
        post(
            form(&[
                ("go", "change_day"),
                ("date", &tomorrow),
                ("capacity", "0"),
                ("confirm", "yes"),
            ]),
            None,
        ),
    )
    .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = send(&router, post(close("0000"), None)).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let cross = send(&router, post(close(&csrf), Some("https://evil.example"))).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let api = send(
        &router,
        Request::post("/api/v1/staff/bookings/ABC/check-in")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        api.status,
        StatusCode::FORBIDDEN,
        "API posts need the X-CSRF-Token header"
    );
    let filter = server::store::staff::AuditFilter {
        action: Some("close_day".into()),
        limit: 10,
        ..Default::default()
    };
    assert!(
        store.audit(&filter).await.unwrap().is_empty(),
        "nothing was closed"
    );
    let views = server::store::staff::AuditFilter {
        action: Some("view_day".into()),
        limit: 100,
        ..Default::default()
    };
    let viewed_before = store.audit(&views).await.unwrap().len();
    let done = send(&router, post(close(&csrf), Some("https://bianmin.example"))).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        store.audit(&views).await.unwrap().len(),
        viewed_before,
        "a redirected action shows no day, so none is audited as viewed"
    );
    let shown = send(
        &router,
        Request::get(done.location.as_str())
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(store.audit(&views).await.unwrap().len(), viewed_before + 1);
    assert_eq!(done.location, format!("/staff/desk?date={tomorrow}"));
    assert_eq!(
        store.audit(&filter).await.unwrap().len(),
        1,
        "the closure is audited"
    );
    db.drop(store).await;
}

async fn five_wrong_passwords_lock_the_account(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    for _ in 0..5 {
        let reply = try_sign_in(&router, "agent1", "not the password!").await;
        assert!(
            reply.status == StatusCode::UNAUTHORIZED
                || reply.status == StatusCode::TOO_MANY_REQUESTS
        );
        assert!(!reply
            .cookies
            .iter()
            .any(|c| c.starts_with("bianmin_staff=")));
    }
    let locked = try_sign_in(&router, "agent1", PASSWORD).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked even with the right password"
    );
    assert!(locked.body.contains("锁定"), "the page says it is locked");
    // The count is kept in the database: another server of the deployment refuses too.
    let other = try_sign_in(&server_on(&store), "agent1", PASSWORD).await;
    assert_eq!(other.status, StatusCode::TOO_MANY_REQUESTS);
    let failed = server::store::staff::AuditFilter {
        action: Some("sign_in_failed".into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.audit(&failed).await.unwrap().len(), 5);
    db.drop(store).await;
}

async fn audit_rows_cannot_be_changed_or_deleted(db: support::TestDb) {
    let store = db.open().await;
    store
        .append_audit(&AuditEntry {
            actor: "admin1".into(),
            address: "127.0.0.1".into(),
            action: "sign_in".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let attempts = [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ];
    match (&db, &store) {
        (support::TestDb::Sqlite { url, .. }, _) => {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            for sql in attempts {
                assert!(
                    sqlx::query(sql).execute(&pool).await.is_err(),
                    "{sql} is refused"
                );
            }
            pool.close().await;
        }
        (_, Store::Postgres(pg)) => {
            let pool = pg.pool();
            for sql in attempts.into_iter().chain(["TRUNCATE audit_log"]) {
                assert!(
                    sqlx::query(sql).execute(pool).await.is_err(),
                    "{sql} is refused"
                );
            }
        }
        _ => unreachable!(),
    }
    let all = store
        .audit(&server::store::staff::AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].actor, "admin1");
    db.drop(store).await;
}

async fn script_in_names_is_shown_as_text(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    add_account(
        &store,
        "odd1",
        "<script>alert(1)</script>",
        Role::Agent,
        None,
        PASSWORD,
        &server::store::staff::AuditEntry::by_command("test", ""),
    )
    .await
    .unwrap();
    let (cookie, _) = sign_in(&router, "odd1").await;
    let home = send(
        &router,
        Request::get("/staff")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        home.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped"
    );
    assert!(!home.body.contains("<script>alert(1)"));
    db.drop(store).await;
}

async fn an_agent_runs_the_one_page_precheck_and_gets_a_text_to_read_out(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let (cookie, csrf) = sign_in(&router, "agent1").await;
    let post = |pairs: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(pairs);
        Request::post("/staff/agent/precheck")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&all)))
            .unwrap()
    };
    // One adult with no income, no savings and no one to support them in Anning.
    let caller = [
        ("region", "anning"),
        ("hukou", "urban"),
        ("size", "1"),
        ("m0.age", "58"),
        ("m0.seen", "yes"),
        ("m0.grade", "none"),
        ("income_mode", "exact"),
        ("income", "0"),
        ("assets", "0"),
        ("vehicles", "0"),
        ("homes", "1"),
        ("emergency", "no"),
        ("supporter", "no"),
    ];
    let audited = || async {
        let filter = server::store::staff::AuditFilter {
            action: Some("precheck".into()),
            limit: 10,
            ..Default::default()
        };
        store.audit(&filter).await.unwrap()
    };

    // Every question on one page; changing the size and updating adds the new member's questions.
    let bigger: Vec<_> = caller
        .iter()
        .map(|&(k, v)| if k == "size" { (k, "3") } else { (k, v) })
        .chain([("go", "update")])
        .collect();
    let updated = send(&router, post(&bigger)).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    for field in [
        "name=\"region\"",
        "name=\"m2.age\"",
        "name=\"m2.relation\"",
        "name=\"supporter\"",
    ] {
        assert!(updated.body.contains(field), "{field} on the page");
    }
    assert!(
        !updated.body.contains("precheck-readout"),
        "no result before it is asked for"
    );

    // The questions a page shows travel in its `shown` field.
    let shown_in = |body: &str| -> String {
        body.split(r#"name="shown" value=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the page says which questions it shows")
            .to_string()
    };
    let three = shown_in(&updated.body);

    // Enter pressed in the size field of a one-person form (its result button is the form's
    // first): the answers now lead to new questions, which are shown without any error.
    let one_person: Vec<_> = caller.iter().copied().chain([("go", "update")]).collect();
    let one = shown_in(&send(&router, post(&one_person)).await.body);
    let entered: Vec<_> = bigger
        .iter()
        .map(|&(k, v)| if k == "go" { (k, "result") } else { (k, v) })
        .chain([("shown", one.as_str())])
        .collect();
    let entered = send(&router, post(&entered)).await;
    assert!(entered.body.contains("name=\"m2.age\""));
    assert!(
        !entered.body.contains("error-summary"),
        "no errors for unseen questions"
    );
    assert!(!entered.body.contains("precheck-readout"));

    // The result asked for with two members' answers missing: named at their fields, no result.
    let missing: Vec<_> = bigger
        .iter()
        .map(|&(k, v)| if k == "go" { (k, "result") } else { (k, v) })
        .chain([("shown", three.as_str())])
        .collect();
    let refused = send(&router, post(&missing)).await;
    assert!(refused.body.contains("error-summary"), "{}", refused.body);
    assert!(refused.body.contains("href=\"#f-m1-age\""));
    assert!(!refused.body.contains("precheck-readout"));

    let mut complete = caller.to_vec();
    complete.push(("go", "result"));
    complete.push(("shown", one.as_str()));
    let shown = send(&router, post(&complete)).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.cache, "no-store");
    let at = shown
        .body
        .find("id=\"precheck-readout\"")
        .expect("a text to read out");
    let text = &shown.body[at..shown.body[at..].find("</p>").unwrap() + at];
    assert!(text.contains("很可能符合"), "{text}");
    assert!(text.contains("最低生活保障"), "{text}");
    assert!(text.contains("约每月"), "{text}");
    assert!(text.contains("申请时请带"), "{text}");
    assert!(text.contains("街道办事处"), "{text}");
    let lines = audited().await;
    assert_eq!(lines.len(), 1, "each shown result is audited once");
    assert_eq!(lines[0].actor, "agent1");
    assert!(lines[0].detail.is_empty(), "no answers in the audit trail");
    db.drop(store).await;
}

async fn wrong_enrolment_codes_pause_enrolment(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let code = "ACDEFGH3";
    let hash = server::accounts::token_hash(code);
    let expires = server::clock::now().unix_seconds() + 3600;
    store
        .create_kiosk(
            "k-test",
            "测试终端",
            "anning",
            24.9,
            102.5,
            &hash,
            expires,
            &server::store::staff::AuditEntry::by_command("test", ""),
        )
        .await
        .unwrap();
    let enrol = |router: &Router, code: &str| {
        let request = Request::post("/kiosk/enrol")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[("code", code)])))
            .unwrap();
        let router = router.clone();
        async move { send(&router, request).await }
    };
    for n in 1..=5 {
        let reply = enrol(&router, "WRNGC0DE").await;
        let expected = if n < 5 {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(reply.status, expected, "attempt {n}");
        assert!(!reply
            .cookies
            .iter()
            .any(|c| c.starts_with("bianmin_kiosk=")));
    }
    // Even the right code is refused while paused, on this server or another, and stays usable.
    for router in [router.clone(), server_on(&store)] {
        let reply = enrol(&router, code).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.body.contains("错误次数过多"), "the page says why");
        assert!(!reply
            .cookies
            .iter()
            .any(|c| c.starts_with("bianmin_kiosk=")));
    }
    db.drop(store).await;
}

/// Sends a staff form from the site's own pages.
fn staff_post(path: &str, cookie: &str, pairs: &[(&str, &str)]) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://bianmin.example")
        .header(header::HOST, "bianmin.example")
        .body(Body::from(form(pairs)))
        .unwrap()
}

async fn routes_that_change_things_refuse_every_method_but_post(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let (cookie, _) = sign_in(&router, "clerk1").await;
    for path in [
        "/staff/sign-out",
        "/staff/stay",
        "/api/v1/staff/bookings/ABC/check-in",
    ] {
        let reply = send(&router, request("GET", path, Some(&cookie), None)).await;
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "GET {path}");
    }
    let still = send(&router, request("GET", "/staff", Some(&cookie), None)).await;
    assert_eq!(
        still.status,
        StatusCode::OK,
        "GET sign-out did not sign out"
    );
    db.drop(store).await;
}

async fn an_admin_action_redirects_and_its_one_time_code_is_shown_once(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let (cookie, csrf) = sign_in(&router, "admin1").await;
    let added = send(
        &router,
        staff_post(
            "/staff/kiosks",
            &cookie,
            &[
                ("csrf", &csrf),
                ("go", "add"),
                ("name", "莲池大厅一号机"),
                ("region", "baoding"),
                ("latitude", "38.87"),
                ("longitude", "115.46"),
            ],
        ),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(added.location, "/staff/kiosks");
    let notice = added
        .cookies
        .iter()
        .find(|c| c.starts_with("bianmin_notice="))
        .expect("the outcome travels in a cookie");
    assert!(notice.contains("HttpOnly") && notice.contains("Path=/staff"));
    let with_notice = format!("{cookie}; {}", cookie_pair(notice));
    let shown = send(
        &router,
        request("GET", "/staff/kiosks", Some(&with_notice), None),
    )
    .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.body.contains("id=\"enrol-code\""),
        "the code is shown"
    );
    assert!(
        shown
            .cookies
            .iter()
            .any(|c| c.starts_with("bianmin_notice=;") && c.contains("Max-Age=0")),
        "and the notice is deleted once shown"
    );
    let reloaded = send(
        &router,
        request("GET", "/staff/kiosks", Some(&cookie), None),
    )
    .await;
    assert!(
        !reloaded.body.contains("id=\"enrol-code\""),
        "a reload shows no code"
    );
    assert_eq!(
        reloaded.body.matches("莲池大厅一号机").count(),
        1,
        "the kiosk was added once"
    );
    let forged = format!("{cookie}; bianmin_notice=00ff00ff00ff00ff00ff00ff00ff00ff00");
    let forged = send(
        &router,
        request("GET", "/staff/kiosks", Some(&forged), None),
    )
    .await;
    assert_eq!(forged.status, StatusCode::OK);
    assert!(!forged.body.contains("id=\"enrol-code\""));

    let bad = send(
        &router,
        staff_post(
            "/staff/kiosks",
            &cookie,
            &[
                ("csrf", &csrf),
                ("go", "add"),
                ("name", ""),
                ("region", "baoding"),
            ],
        ),
    )
    .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "problems: the page again"
    );
    assert!(bad.body.contains("aria-invalid=\"true\""));
    db.drop(store).await;
}

async fn an_admin_issues_an_integrator_key_shown_once_and_revokes_it(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let (cookie, csrf) = sign_in(&router, "admin1").await;
    let issued = send(
        &router,
        staff_post(
            "/staff/kiosks",
            &cookie,
            &[
                ("csrf", &csrf),
                ("go", "integrator_add"),
                ("integrator_name", "城市 App"),
            ],
        ),
    )
    .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let notice = issued
        .cookies
        .iter()
        .find(|c| c.starts_with("bianmin_notice="))
        .expect("the key travels sealed to the page that shows it");
    let shown = send(
        &router,
        request(
            "GET",
            "/staff/kiosks",
            Some(&format!("{cookie}; {}", cookie_pair(notice))),
            None,
        ),
    )
    .await;
    let key = shown
        .body
        .split(r#"id="integrator-key" class="enrol-code">"#)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("the key is shown: {}", shown.body))
        .to_string();
    assert!(key.starts_with("bmk_"), "{key}");
    let again = send(
        &router,
        request("GET", "/staff/kiosks", Some(&cookie), None),
    )
    .await;
    assert!(!again.body.contains(&key), "shown once");
    assert!(again.body.contains("城市 App"));
    let keys = store.integrator_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert_ne!(keys[0].secret_hash, key.as_bytes(), "only a hash is kept");
    let revoked = send(
        &router,
        staff_post(
            "/staff/kiosks",
            &cookie,
            &[
                ("csrf", &csrf),
                ("go", "integrator_revoke"),
                ("id", &keys[0].id),
            ],
        ),
    )
    .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert!(store.integrator_keys().await.unwrap()[0]
        .revoked_at
        .is_some());
    db.drop(store).await;
}

async fn an_agent_books_for_a_caller_with_the_code_the_caller_reads_out(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let key = support::fixed_keys();
    let phones = support::Phones::new(&store, &server::crypto::DataCipher::new(&key));
    let (cookie, csrf) = sign_in(&router, "agent1").await;
    let days = send(
        &router,
        Request::get("/api/v1/offices/anning/availability?service=marriage")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let days: serde_json::Value = serde_json::from_str(&days.body).unwrap();
    // The second bookable day: a booking on the first may be under 24 hours away (then it can
    // no longer be moved or cancelled), depending on the hour the test runs.
    let day = days[1]["date"].as_str().unwrap().to_string();
    let slots = send(
        &router,
        Request::get(format!(
            "/api/v1/offices/anning/slots?service=marriage&date={day}"
        ))
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    let slots: serde_json::Value = serde_json::from_str(&slots.body).unwrap();
    let start = slots[0]["start"].as_str().unwrap().to_string();
    let id = |birth: &str, seq: u32| {
        let body = format!("130602{birth}{seq:03}");
        format!(
            "{body}{}",
            app::domain::booking::id_number::check_character(&body).unwrap()
        )
    };
    let (first, second) = (id("19900101", 601), id("19910202", 602));
    let post = |pairs: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(pairs);
        Request::post("/staff/agent")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&all)))
            .unwrap()
    };
    let booking = [
        ("office", "anning"),
        ("service", "marriage"),
        ("slot_start", start.as_str()),
        ("idempotency_key", "agent-key-1"),
        ("people[0].name", "赵小云"),
        ("people[0].id_number", first.as_str()),
        ("people[0].phone", "13700000601"),
        ("people[1].name", "钱小雨"),
        ("people[1].id_number", second.as_str()),
        ("people[1].phone", "13700000602"),
        ("consent", "yes"),
    ];
    let mut asked = booking.to_vec();
    asked.push(("go", "book_code"));
    let sent = send(&router, post(&asked)).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(
        sent.body.contains("验证码将发送至 137****0601"),
        "{}",
        sent.body
    );
    assert!(
        sent.body.contains(r#"value="赵小云""#),
        "what was typed stays"
    );
    let verification = sent
        .body
        .split(r#"name="verification" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let code = phones.last_code("13700000601").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mut confirm = booking.to_vec();
    confirm.extend([
        ("go", "book"),
        ("verification", verification.as_str()),
        ("verification_code", wrong),
    ]);
    let refused = send(&router, post(&confirm)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("验证码不对"), "{}", refused.body);
    confirm.pop();
    confirm.push(("verification_code", code.as_str()));
    let booked = send(&router, post(&confirm)).await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", booked.body);
    assert!(booked.location.contains("by=code"), "{}", booked.location);

    // Cancelling for the caller asks for the agent's word that the caller heard it cannot be
    // undone; without it nothing changes.
    let code = booked
        .location
        .split("value=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("the booking's code")
        .to_string();
    let unconfirmed = send(
        &router,
        post(&[
            ("go", "cancel"),
            ("code", &code),
            ("reason", "caller_asked"),
        ]),
    )
    .await;
    assert!(
        unconfirmed.body.contains("取消前请先告诉来电人"),
        "{}",
        unconfirmed.body
    );
    let cancel_lines = || async {
        let filter = server::store::staff::AuditFilter {
            action: Some("cancel".into()),
            limit: 10,
            ..Default::default()
        };
        store.audit(&filter).await.unwrap()
    };
    assert!(cancel_lines().await.is_empty(), "nothing cancelled");
    let cancelled = send(
        &router,
        post(&[
            ("go", "cancel"),
            ("code", &code),
            ("reason", "caller_asked"),
            ("confirmed", "yes"),
        ]),
    )
    .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    let after = send(
        &router,
        Request::get(format!("/staff/agent?by=code&value={code}"))
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(after.body.contains("已取消"), "{}", after.body);
    let lines = cancel_lines().await;
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].detail.contains("reason=caller_asked"),
        "{:?}",
        lines[0]
    );
    db.drop(store).await;
}

async fn texts_that_could_not_be_sent_are_listed_for_admins_and_their_office(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let cipher = server::crypto::DataCipher::new(&server::keys::Keys::generate());
    for (office, phone) in [(OFFICE, "13800000077"), ("qufu", "13800000088")] {
        store
            .queue(&server::store::outbox::NewMessage {
                seal_ref: "r1".into(),
                phone_sealed: cipher
                    .seal(server::crypto::Place::message_phone("r1"), phone.as_bytes()),
                phone_masked: format!("138****{}", &phone[7..]),
                template: "booked".into(),
                params_sealed: cipher.seal(server::crypto::Place::message_params("r1"), b"[]"),
                office_id: Some(office.into()),
                booking_code: Some("ACDEFGHJ".into()),
            })
            .await
            .unwrap();
    }
    let now = chrono::Utc::now().timestamp();
    for message in store.claim_due_messages(now, 60, 10).await.unwrap() {
        store
            .message_failed(message.id, "isv.MOBILE_NUMBER_ILLEGAL", None)
            .await
            .unwrap();
    }
    let page = |user: &'static str, path: &'static str| {
        let router = router.clone();
        async move {
            let (session, _) = sign_in(&router, user).await;
            send(
                &router,
                Request::get(path)
                    .header(header::COOKIE, &session)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .body
        }
    };
    let admin = page("admin1", "/staff").await;
    assert!(admin.contains("发送失败的短信"), "{admin}");
    assert!(admin.contains("138****0077") && admin.contains("138****0088"));
    assert!(admin.contains("isv.MOBILE_NUMBER_ILLEGAL"));
    assert!(!admin.contains("13800000077"), "numbers stay masked");
    let desk = page("clerk1", "/staff/desk").await;
    assert!(desk.contains("138****0077"), "its own office's");
    assert!(!desk.contains("138****0088"), "not another office's");
    let agent = page("agent1", "/staff").await;
    assert!(!agent.contains("发送失败的短信"));
    db.drop(store).await;
}

async fn the_staff_api_answers_errors_in_the_api_shape(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let stranger = send(&router, request("GET", "/api/v1/staff/me", None, None)).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = serde_json::from_str(&stranger.body).unwrap();
    assert_eq!(body["code"], "unauthorized");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    let (cookie, csrf) = sign_in(&router, "agent1").await;
    let bad = send(
        &router,
        search(&cookie, &csrf, r#"{"by": "name", "value": "x"}"#),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
    assert_eq!(body["code"], "invalid_input");
    assert_eq!(body["fields"][0]["field"], "by");
    let doc = send(&router, request("GET", "/api/v1/openapi.json", None, None)).await;
    let doc: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    for path in [
        "/api/v1/staff/me",
        "/api/v1/staff/bookings/search",
        "/api/v1/staff/bookings/{code}/check-in",
        "/api/v1/staff/audit",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is in the document");
    }
    db.drop(store).await;
}

async fn the_audit_export_opens_in_a_spreadsheet_with_its_chinese_and_no_formulas(
    db: support::TestDb,
) {
    let (router, store) = setup(&db).await;
    let (cookie, csrf) = sign_in(&router, "admin1").await;
    // A kiosk named like a formula, whose name lands in the audit trail.
    let added = send(
        &router,
        staff_post(
            "/staff/kiosks",
            &cookie,
            &[
                ("csrf", &csrf),
                ("go", "add"),
                ("name", "=HYPERLINK(\"x\") 大厅"),
                ("region", "baoding"),
                ("latitude", "38.87"),
                ("longitude", "115.46"),
            ],
        ),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let export = send(
        &router,
        request("GET", "/staff/audit.csv", Some(&cookie), None),
    )
    .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export
        .body
        .starts_with("\u{feff}id,at,actor,role,address,action,record,detail\n"));
    let mut reader =
        csv::Reader::from_reader(export.body.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let added = rows
        .iter()
        .find(|r| &r[5] == "kiosk_add")
        .expect("the kiosk's addition is in the export");
    assert_eq!(
        &added[7], "'=HYPERLINK(\"x\") 大厅",
        "a formula is shown as text"
    );
    assert_eq!(&added[2], "admin1");
    db.drop(store).await;
}

/// A staff API look-up, as call-centre software sends it.
fn search(cookie: &str, csrf: &str, body: &str) -> Request<Body> {
    Request::post("/api/v1/staff/bookings/search")
        .header(header::COOKIE, cookie)
        .header("x-csrf-token", csrf)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// Forty wrong passwords for one account at the same moment: each is counted before it is
/// judged, so at most five are judged and every other one is refused as locked (or busy).
async fn parallel_wrong_passwords_are_counted_before_they_are_judged(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let mut forms = Vec::new();
    for _ in 0..40 {
        let page = send(
            &router,
            Request::get("/staff/sign-in").body(Body::empty()).unwrap(),
        )
        .await;
        forms.push((cookie_pair(&page.cookies[0]), csrf_of(&page.body)));
    }
    let tasks: Vec<_> = forms
        .into_iter()
        .map(|(cookie, csrf)| {
            let router = router.clone();
            tokio::spawn(async move {
                let body = form(&[
                    ("csrf", &csrf),
                    ("username", "agent1"),
                    ("password", "not the password!"),
                ]);
                let request = Request::post("/staff/sign-in")
                    .header(header::COOKIE, cookie)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(body))
                    .unwrap();
                router.oneshot(request).await.unwrap().status()
            })
        })
        .collect();
    let (mut judged, mut locked) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::UNAUTHORIZED => judged += 1,
            StatusCode::TOO_MANY_REQUESTS => locked += 1,
            // Busy: no check slot within its wait, so nothing was counted.
            StatusCode::SERVICE_UNAVAILABLE => {}
            other => panic!("a wrong password answered {other}"),
        }
    }
    assert!(
        judged <= 4,
        "{judged} wrong passwords were judged as merely wrong"
    );
    let failed = server::store::staff::AuditFilter {
        action: Some("sign_in_failed".into()),
        limit: 100,
        ..Default::default()
    };
    assert!(store.audit(&failed).await.unwrap().len() <= 5);
    // On a loaded machine most of the burst may be answered busy, which counts nothing; the
    // attempts still owed to reach five are made one at a time.
    if locked == 0 {
        for _ in judged..5 {
            let wrong = try_sign_in(&router, "agent1", "not the password!").await;
            assert!(
                wrong.status == StatusCode::UNAUTHORIZED
                    || wrong.status == StatusCode::TOO_MANY_REQUESTS
            );
        }
    }
    let right = try_sign_in(&router, "agent1", PASSWORD).await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the account is locked"
    );
    db.drop(store).await;
}

/// Books a marriage at `office` through the public API, as a couple would: the first bookable
/// slot, a code to the first person's phone, then the booking. The second person's phone is
/// `shared`. Answers the booking's code.
async fn book_at(
    router: &Router,
    phones: &support::Phones,
    office: &str,
    seq: u32,
    shared: &str,
) -> String {
    let json = |reply: Reply| -> serde_json::Value {
        assert!(
            reply.status.is_success(),
            "{}: {}",
            reply.status,
            reply.body
        );
        serde_json::from_str(&reply.body).unwrap()
    };
    let get = |path: String| Request::get(path).body(Body::empty()).unwrap();
    let post = |path: &str, body: serde_json::Value| {
        Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let days = json(
        send(
            router,
            get(format!(
                "/api/v1/offices/{office}/availability?service=marriage"
            )),
        )
        .await,
    );
    let day = days[0]["date"].as_str().unwrap();
    let slots = json(
        send(
            router,
            get(format!(
                "/api/v1/offices/{office}/slots?service=marriage&date={day}"
            )),
        )
        .await,
    );
    let id = |birth: &str, n: u32| {
        let body = format!("130602{birth}{n:03}");
        format!(
            "{body}{}",
            app::domain::booking::id_number::check_character(&body).unwrap()
        )
    };
    let phone = format!("13800000{seq:03}");
    let phone = phone.as_str();
    let mut booking = serde_json::json!({
        "office_id": office,
        "service": "marriage",
        "slot_start": slots[0]["start"],
        "people": [
            {"name": "赵小云", "id_number": id("19900101", seq), "phone": phone},
            {"name": "钱小雨", "id_number": id("19910202", seq + 1), "phone": shared},
        ],
    });
    let sent = json(
        send(
            router,
            post(
                "/api/v1/verifications",
                serde_json::json!({"purpose": "book", "booking": booking}),
            ),
        )
        .await,
    );
    booking["verification_id"] = sent["verification_id"].clone();
    booking["verification_code"] = serde_json::json!(phones.last_code(phone).await);
    let booked = json(send(router, post("/api/v1/bookings", booking)).await);
    booked["code"].as_str().unwrap().to_string()
}

/// A registrar's look-ups stop at the office boundary; an agent's cover every office.
async fn registrars_find_only_their_own_offices_bookings(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let key = support::fixed_keys();
    let phones = support::Phones::new(&store, &server::crypto::DataCipher::new(&key));
    let other = store
        .offices()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .find(|id| id != OFFICE)
        .expect("a second office");
    // One couple books at this registrar's office, another elsewhere; one phone is in both.
    let here = book_at(&router, &phones, OFFICE, 701, "13700000700").await;
    let there = book_at(&router, &phones, &other, 702, "13700000700").await;
    let found = |who: &'static str| {
        let (router, there) = (router.clone(), there.clone());
        async move {
            let (cookie, csrf) = sign_in(&router, who).await;
            let mut seen = Vec::new();
            for body in [
                r#"{"by": "phone", "value": "13700000700"}"#.to_string(),
                format!(r#"{{"by": "code", "value": "{there}"}}"#),
            ] {
                let reply = send(&router, search(&cookie, &csrf, &body)).await;
                assert_eq!(reply.status, StatusCode::OK, "{who}: {}", reply.body);
                assert!(!reply.body.contains("13700000700"), "phones are masked");
                let found: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
                for b in found["bookings"].as_array().unwrap() {
                    seen.push(b["code"].as_str().unwrap().to_string());
                }
            }
            seen.sort();
            seen.dedup();
            seen
        }
    };
    assert_eq!(
        found("clerk1").await,
        vec![here.clone()],
        "the registrar's own office only"
    );
    let mut both = vec![here, there.clone()];
    both.sort();
    assert_eq!(found("agent1").await, both, "an agent finds every office's");
    db.drop(store).await;
}

/// Strangers use a kiosk one after another: no staff member signs in on one, a session brought
/// to it ends, and "finish" ends one too.
async fn a_kiosk_refuses_staff_sign_in_and_finish_ends_a_staff_session(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let code = "BCDEFGH4";
    let expires = server::clock::now().unix_seconds() + 3600;
    store
        .create_kiosk(
            "k-hall",
            "大厅终端",
            "anning",
            24.9,
            102.5,
            &server::accounts::token_hash(code),
            expires,
            &server::store::staff::AuditEntry::by_command("test", ""),
        )
        .await
        .unwrap();
    let enrolled = send(
        &router,
        Request::post("/kiosk/enrol")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[("code", code)])))
            .unwrap(),
    )
    .await;
    let device = enrolled
        .cookies
        .iter()
        .find(|c| c.starts_with("bianmin_kiosk="))
        .map(|c| cookie_pair(c))
        .expect("the kiosk is enrolled");
    let on_kiosk = |path: &str, session: Option<&str>| {
        let cookies = match session {
            Some(session) => format!("{device}; {session}"),
            None => device.clone(),
        };
        Request::get(path)
            .header(header::COOKIE, cookies)
            .body(Body::empty())
            .unwrap()
    };
    let form_page = send(&router, on_kiosk("/staff/sign-in", None)).await;
    assert_eq!(
        form_page.status,
        StatusCode::FORBIDDEN,
        "no sign-in form on a kiosk"
    );
    assert!(
        form_page.body.contains("自助服务终端"),
        "{}",
        form_page.body
    );
    let alive = |session: String| {
        let router = router.clone();
        async move {
            let page = send(
                &router,
                Request::get("/staff")
                    .header(header::COOKIE, session)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            page.status == StatusCode::OK
        }
    };
    // A session signed in elsewhere and brought to the kiosk ends there.
    let (session, _) = sign_in(&router, "agent1").await;
    assert!(alive(session.clone()).await);
    let brought = send(&router, on_kiosk("/staff", Some(&session))).await;
    assert_eq!(brought.status, StatusCode::FORBIDDEN);
    assert!(
        !alive(session).await,
        "the session brought to the kiosk has ended"
    );
    let api = send(&router, on_kiosk("/api/v1/staff/me", None)).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN, "nor the staff API");
    // "Finish" ends a session too.
    let (session, _) = sign_in(&router, "agent1").await;
    let finished = send(
        &router,
        Request::post("/kiosk/finish")
            .header(header::COOKIE, format!("{device}; {session}"))
            .header(header::ORIGIN, "https://bianmin.example")
            .header(header::HOST, "bianmin.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(finished.status, StatusCode::SEE_OTHER);
    assert!(finished
        .cookies
        .iter()
        .any(|c| c.starts_with("bianmin_staff=;")));
    for kept in [
        "bianmin_precheck0=;",
        "bianmin_precheck1=;",
        "bianmin_draft=;",
    ] {
        assert!(
            finished.cookies.iter().any(|c| c.starts_with(kept)),
            "finish deletes the visit's {kept}"
        );
    }
    assert!(!alive(session).await, "finish ended the session");
    db.drop(store).await;
}

/// The content of the element whose opening tag holds `attribute`, up to the next `end`.
fn between(html: &str, attribute: &str, end: &str) -> String {
    let at = html
        .find(attribute)
        .unwrap_or_else(|| panic!("{attribute} on the page"));
    let open = at + html[at..].find('>').unwrap() + 1;
    html[open..].split(end).next().unwrap().to_string()
}

/// Sets up an authenticator app as its owner would, from the key the security page shows;
/// answers the secret and the recovery codes shown once.
async fn set_up_second_factor(router: &Router, session: &str) -> (Vec<u8>, Vec<String>) {
    use server::accounts::second_factor;
    let page = send(
        router,
        Request::get("/staff/security")
            .header(header::COOKIE, session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let secret =
        second_factor::secret_from_typed(&between(&page.body, "id=\"factor-secret\"", "<"))
            .expect("the key is shown");
    let code = second_factor::code_at(&secret, server::clock::real_unix_seconds()).unwrap();
    let csrf = csrf_of(&page.body);
    let done = send(
        router,
        staff_post(
            "/staff/security",
            session,
            &[("csrf", &csrf), ("go", "enrol"), ("code", &code)],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let notice = done
        .cookies
        .iter()
        .find(|c| c.starts_with("bianmin_notice="))
        .map(|c| cookie_pair(c))
        .expect("the recovery codes travel to the page once");
    let shown = send(
        router,
        Request::get("/staff/security")
            .header(header::COOKIE, format!("{session}; {notice}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let list = between(&shown.body, "id=\"recovery-codes\"", "</ul>");
    let codes: Vec<String> = list
        .split("<code>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{list}");
    (secret, codes)
}

/// Two sign-ins with the password before the app is set up: once one sets it up, the other may
/// not set up another over it, and must give a code like any later sign-in.
async fn a_second_factor_set_up_elsewhere_asks_other_sessions_for_a_code(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let staff_session = |reply: &Reply| {
        cookie_pair(
            reply
                .cookies
                .iter()
                .find(|c| c.starts_with("bianmin_staff="))
                .unwrap(),
        )
    };
    let first = try_sign_in(&router, "admin1", PASSWORD).await;
    let second = try_sign_in(&router, "admin1", PASSWORD).await;
    assert_eq!(second.location, "/staff/security");
    let (first, second) = (staff_session(&first), staff_session(&second));
    set_up_second_factor(&router, &first).await;
    let before = store.account_by_username("admin1").await.unwrap().unwrap();

    let security = send(
        &router,
        Request::get("/staff/security")
            .header(header::COOKIE, &second)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(security.status, StatusCode::SEE_OTHER, "{}", security.body);
    assert!(
        security.location.starts_with("/staff/sign-in"),
        "{}",
        security.location
    );
    let home = send(
        &router,
        Request::get("/staff")
            .header(header::COOKIE, &second)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_ne!(
        home.status,
        StatusCode::OK,
        "the password alone opens nothing"
    );
    let after = store.account_by_username("admin1").await.unwrap().unwrap();
    assert_eq!(after.totp_sealed, before.totp_sealed, "the factor stands");
    assert!(after.totp_pending_sealed.is_none(), "no new one was begun");
    db.drop(store).await;
}

/// Over HTTPS the sign-in's cookies carry the `__Host-` prefix (so no subdomain or plain-HTTP
/// page can plant one), and a session cookie without it is not read.
async fn over_https_staff_cookies_are_host_prefixed(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let https = |request: axum::http::request::Builder| {
        request
            .header("x-forwarded-proto", "https")
            .header(header::HOST, "bianmin.example")
    };
    let page = send(
        &router,
        https(Request::get("/staff/sign-in"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        page.cookies[0].starts_with("__Host-") && page.cookies[0].contains("; Secure"),
        "{:?}",
        page.cookies
    );
    let reply = send(
        &router,
        https(Request::post("/staff/sign-in"))
            .header(header::COOKIE, cookie_pair(&page.cookies[0]))
            .header(header::ORIGIN, "https://bianmin.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("csrf", &csrf_of(&page.body)),
                ("username", "agent1"),
                ("password", PASSWORD),
            ])))
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let session = reply
        .cookies
        .iter()
        .find(|c| c.starts_with("__Host-bianmin_staff="))
        .unwrap_or_else(|| panic!("{:?}", reply.cookies));
    assert!(
        session.contains("Path=/") && session.contains("Secure") && !session.contains("Domain")
    );
    let pair = cookie_pair(session);
    let home = |cookie: String| {
        let router = router.clone();
        async move {
            send(
                &router,
                https(Request::get("/staff"))
                    .header(header::COOKIE, cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .status
        }
    };
    assert_eq!(home(pair.clone()).await, StatusCode::OK);
    let unprefixed = pair.trim_start_matches("__Host-").to_string();
    assert_ne!(
        home(unprefixed).await,
        StatusCode::OK,
        "an unprefixed cookie is not read"
    );
    db.drop(store).await;
}

/// A sign-in waiting for its code: the cookies and the form's token.
struct CodeStep {
    cookies: String,
    csrf: String,
}

/// Posts a code on a sign-in waiting for one.
async fn post_code(router: &Router, step: &CodeStep, code: &str) -> Reply {
    send(
        router,
        Request::post("/staff/sign-in")
            .header(header::COOKIE, &step.cookies)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[("csrf", &step.csrf), ("code", code)])))
            .unwrap(),
    )
    .await
}

/// The password step of a sign-in with a second factor: the page then asks for the code.
async fn password_step(router: &Router, user: &str) -> CodeStep {
    let page = send(
        router,
        Request::get("/staff/sign-in").body(Body::empty()).unwrap(),
    )
    .await;
    let signin_cookie = cookie_pair(&page.cookies[0]);
    let csrf = csrf_of(&page.body);
    let reply = send(
        router,
        Request::post("/staff/sign-in")
            .header(header::COOKIE, &signin_cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("csrf", &csrf),
                ("username", user),
                ("password", PASSWORD),
            ])))
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply.location.starts_with("/staff/sign-in"),
        "{}",
        reply.location
    );
    let session = reply
        .cookies
        .iter()
        .find(|c| c.starts_with("bianmin_staff="))
        .map(|c| cookie_pair(c))
        .unwrap();
    let cookies = format!("{session}; {signin_cookie}");
    let asking = send(
        router,
        Request::get("/staff/sign-in")
            .header(header::COOKIE, &cookies)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(asking.body.contains("f-code"), "the code is asked for");
    CodeStep { cookies, csrf }
}

/// The password, then `code`: the session cookie and the reply to the code.
async fn sign_in_with_code(router: &Router, user: &str, code: &str) -> (String, Reply) {
    let step = password_step(router, user).await;
    let answer = post_code(router, &step, code).await;
    let session = step.cookies.split("; ").next().unwrap().to_string();
    (session, answer)
}

/// An admin signs in with a password and then a code: the first time sets up the app; later,
/// the password alone opens nothing, a wrong or reused code is refused and counted, and a
/// recovery code works once.
async fn admins_sign_in_with_a_second_factor(db: support::TestDb) {
    use server::accounts::second_factor;
    let (router, store) = setup(&db).await;
    // The first sign-in: only the security page opens until the app is set up.
    let first = try_sign_in(&router, "admin1", PASSWORD).await;
    assert_eq!(first.location, "/staff/security");
    let session = cookie_pair(
        first
            .cookies
            .iter()
            .find(|c| c.starts_with("bianmin_staff="))
            .unwrap(),
    );
    for path in ["/staff", "/staff/accounts", "/api/v1/staff/me"] {
        let reply = send(
            &router,
            Request::get(path)
                .header(header::COOKIE, &session)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(
            reply.status == StatusCode::SEE_OTHER || reply.status == StatusCode::UNAUTHORIZED,
            "{path} before the second factor: {}",
            reply.status
        );
    }
    let (secret, recovery) = set_up_second_factor(&router, &session).await;
    let home = send(
        &router,
        Request::get("/staff")
            .header(header::COOKIE, &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(home.status, StatusCode::OK, "in once the app is set up");

    // Later: the password, then the code of the moment, once.
    let now = server::clock::real_unix_seconds();
    let (_, wrong) = sign_in_with_code(&router, "admin1", "000000").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("验证码不正确"), "{}", wrong.body);
    // The code of the next step (the enrolment used this one), as a phone a little ahead shows.
    let code = second_factor::code_at(&secret, now + 30).unwrap();
    let (session, right) = sign_in_with_code(&router, "admin1", &code).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
    assert_eq!(right.location, "/staff");
    let home = send(
        &router,
        Request::get("/staff")
            .header(header::COOKIE, &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(home.status, StatusCode::OK);
    let (_, replayed) = sign_in_with_code(&router, "admin1", &code).await;
    assert_eq!(
        replayed.status,
        StatusCode::UNAUTHORIZED,
        "a code is good once"
    );
    let (_, recovered) = sign_in_with_code(&router, "admin1", &recovery[0].to_lowercase()).await;
    assert_eq!(
        recovered.status,
        StatusCode::SEE_OTHER,
        "a recovery code, however typed"
    );
    let step = password_step(&router, "admin1").await;
    let again = post_code(&router, &step, &recovery[0]).await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "each recovery code works once"
    );
    // Wrong codes count like wrong passwords, and the right password before them stays counted
    // until a code is right: five tries in all lock the account, password and all.
    for code in ["111111", "222222"] {
        assert_eq!(
            post_code(&router, &step, code).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let locked = post_code(&router, &step, "333333").await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        locked.body
    );
    let password = try_sign_in(&router, "admin1", PASSWORD).await;
    assert_eq!(
        password.status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked for the password too"
    );
    let audit = |action: &str| server::store::staff::AuditFilter {
        action: Some(action.into()),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(
        store.audit(&audit("second_factor_on")).await.unwrap().len(),
        1
    );
    assert!(!store
        .audit(&audit("sign_in_code_failed"))
        .await
        .unwrap()
        .is_empty());
    db.drop(store).await;
}

/// A staff member changes their own password with the current one; an admin's reset gives a
/// one-time password, shown once, that must be changed before anything else opens.
async fn passwords_are_changed_with_the_old_one_and_reset_by_an_admin(db: support::TestDb) {
    let (router, store) = setup(&db).await;
    let (cookie, csrf) = sign_in(&router, "agent1").await;
    let change = |old: &str, new: &str, again: &str| {
        staff_post(
            "/staff/security",
            &cookie,
            &[
                ("csrf", &csrf),
                ("go", "password"),
                ("old_password", old),
                ("new_password", new),
                ("new_password_again", again),
            ],
        )
    };
    let wrong = send(
        &router,
        change(
            "not my password!",
            "a brand new passphrase",
            "a brand new passphrase",
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("当前密码不正确"));
    let differ = send(
        &router,
        change(PASSWORD, "a brand new passphrase", "another passphrase!"),
    )
    .await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = send(
        &router,
        change(PASSWORD, "a brand new passphrase", "a brand new passphrase"),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        try_sign_in(&router, "agent1", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        try_sign_in(&router, "agent1", "a brand new passphrase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // The admin resets the agent's sign-in.
    let (admin, admin_csrf) = sign_in(&router, "admin1").await;
    let id = store
        .account_by_username("agent1")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let reset = send(
        &router,
        staff_post(
            "/staff/accounts",
            &admin,
            &[("csrf", &admin_csrf), ("go", "reset"), ("id", &id)],
        ),
    )
    .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    let notice = reset
        .cookies
        .iter()
        .find(|c| c.starts_with("bianmin_notice="))
        .map(|c| cookie_pair(c))
        .unwrap();
    let shown = send(
        &router,
        Request::get("/staff/accounts")
            .header(header::COOKIE, format!("{admin}; {notice}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let one_time = between(&shown.body, "id=\"one-time-password\"", "<");
    assert_eq!(one_time.len(), 16);
    let reply = try_sign_in(&router, "agent1", &one_time).await;
    assert_eq!(
        reply.location, "/staff/security",
        "the new password comes first"
    );
    let session = cookie_pair(
        reply
            .cookies
            .iter()
            .find(|c| c.starts_with("bianmin_staff="))
            .unwrap(),
    );
    let agent_page = send(
        &router,
        Request::get("/staff/agent")
            .header(header::COOKIE, &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(agent_page.location, "/staff/security");
    let page = send(
        &router,
        Request::get("/staff/security")
            .header(header::COOKIE, &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let csrf = csrf_of(&page.body);
    let changed = send(
        &router,
        staff_post(
            "/staff/security",
            &session,
            &[
                ("csrf", &csrf),
                ("go", "password"),
                ("old_password", &one_time),
                ("new_password", "the agent's own phrase"),
                ("new_password_again", "the agent's own phrase"),
            ],
        ),
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    let agent_page = send(
        &router,
        Request::get("/staff/agent")
            .header(header::COOKIE, &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(agent_page.status, StatusCode::OK, "in after the change");
    let audit = server::store::staff::AuditFilter {
        action: Some("account_reset".into()),
        limit: 10,
        ..Default::default()
    };
    let lines = store.audit(&audit).await.unwrap();
    assert_eq!((lines.len(), lines[0].actor.as_str()), (1, "admin1"));
    assert!(
        !lines[0].detail.contains(&one_time),
        "the password is never in the audit trail"
    );
    db.drop(store).await;
}

on_every_backend!(
    admins_sign_in_with_a_second_factor,
    a_second_factor_set_up_elsewhere_asks_other_sessions_for_a_code,
    over_https_staff_cookies_are_host_prefixed,
    passwords_are_changed_with_the_old_one_and_reset_by_an_admin,
    a_kiosk_refuses_staff_sign_in_and_finish_ends_a_staff_session,
    parallel_wrong_passwords_are_counted_before_they_are_judged,
    registrars_find_only_their_own_offices_bookings,
    an_admin_issues_an_integrator_key_shown_once_and_revokes_it,
    an_agent_books_for_a_caller_with_the_code_the_caller_reads_out,
    texts_that_could_not_be_sent_are_listed_for_admins_and_their_office,
    the_audit_export_opens_in_a_spreadsheet_with_its_chinese_and_no_formulas,
    routes_that_change_things_refuse_every_method_but_post,
    every_staff_route_answers_405_to_methods_it_does_not_take,
    an_admin_action_redirects_and_its_one_time_code_is_shown_once,
    the_staff_api_answers_errors_in_the_api_shape,
    wrong_enrolment_codes_pause_enrolment,
    every_staff_route_refuses_strangers_and_wrong_roles,
    state_changes_need_the_csrf_token_and_the_same_site,
    five_wrong_passwords_lock_the_account,
    audit_rows_cannot_be_changed_or_deleted,
    script_in_names_is_shown_as_text,
    an_agent_runs_the_one_page_precheck_and_gets_a_text_to_read_out,
);
