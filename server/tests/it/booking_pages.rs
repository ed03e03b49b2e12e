//! The booking pages without JavaScript, through the real router: each posted form makes its
//! change and redirects to the page showing the result, so reloading that page changes nothing;
//! the booking stays open for the visitor in a sealed cookie, never in an address.

use crate::support;

use app::domain::booking::id_number::check_character;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: http::HeaderMap,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `name=value` of the booking pass this reply sets.
    fn pass(&self) -> String {
        let cookie = self.header("set-cookie");
        assert!(
            cookie.starts_with("bianmin_booking="),
            "sets the pass: {cookie}"
        );
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        cookie.split(';').next().unwrap().to_string()
    }
}

struct App {
    router: Router,
    phones: support::Phones,
}

async fn app(db: &support::TestDb) -> App {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    let cipher = server::crypto::DataCipher::new(&server::keys::Keys::generate());
    App {
        router: support::router_keyed(&store, &cipher, |_| {}),
        phones: support::Phones::new(&store, &cipher),
    }
}

/// The `name=value` of the cookie `name` this reply sets.
fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// Books with the posted form as a browser without JavaScript would: "send me a code", the
/// page again with the code field, then the code from the phone and "confirm".
async fn book_by_form(app: &App, form: &[(&str, &str)]) -> Reply {
    let router = &app.router;
    let mut asked = form.to_vec();
    asked.push(("go", "code"));
    let sent = post(router, "/marriage/book", &asked, "").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert!(sent
        .header("location")
        .starts_with("/marriage/book?step=code"));
    let draft =
        set_cookie(&sent, "bianmin_draft").expect("the form is kept while the code is awaited");
    let page = get(router, sent.header("location"), &draft).await;
    assert!(page.body.contains("短信验证码"), "the code field");
    assert!(page.body.contains("王小明"), "what was typed stays");
    let verification = page
        .body
        .split(r#"name="verification" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the verification travels with the form")
        .to_string();
    let phone = form
        .iter()
        .find(|(k, _)| *k == "people[0].phone")
        .unwrap()
        .1;
    let code = app.phones.last_code(phone).await;
    let mut confirmed = form.to_vec();
    confirmed.extend([
        ("go", "book"),
        ("verification", &verification),
        ("verification_code", &code),
    ]);
    post(router, "/marriage/book", &confirmed, &draft).await
}

async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(router: &Router, path: &str, cookie: &str) -> Reply {
    let mut request = Request::get(path);
    if !cookie.is_empty() {
        request = request.header(header::COOKIE, cookie);
    }
    send(router, request.body(Body::empty()).unwrap()).await
}

async fn post(router: &Router, path: &str, form: &[(&str, &str)], cookie: &str) -> Reply {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "bianmin.example")
        .header(header::ORIGIN, "http://bianmin.example");
    if !cookie.is_empty() {
        request = request.header(header::COOKIE, cookie);
    }
    send(router, request.body(Body::from(body)).unwrap()).await
}

fn id(birth: &str, seq: u32) -> String {
    let body = format!("130602{birth}{seq:03}");
    format!("{body}{}", check_character(&body).unwrap())
}

/// The first bookable marriage time at the Lianchi sample office, as the API tells it.
async fn first_slot(router: &Router) -> String {
    let days = get(
        router,
        "/api/v1/offices/baoding-lianchi/availability?service=marriage",
        "",
    )
    .await;
    let days: serde_json::Value = serde_json::from_str(&days.body).unwrap();
    // The second bookable day: a booking on the first may be under 24 hours away (then it can
    // no longer be moved or cancelled), depending on the hour the test runs.
    let day = days[1]["date"].as_str().expect("a bookable day");
    let slots = get(
        router,
        &format!("/api/v1/offices/baoding-lianchi/slots?service=marriage&date={day}"),
        "",
    )
    .await;
    let slots: serde_json::Value = serde_json::from_str(&slots.body).unwrap();
    slots[0]["start"].as_str().unwrap().to_string()
}

async fn places_left(router: &Router, slot: &str) -> i64 {
    let date = &slot[..10];
    let slots = get(
        router,
        &format!("/api/v1/offices/baoding-lianchi/slots?service=marriage&date={date}"),
        "",
    )
    .await;
    let slots: serde_json::Value = serde_json::from_str(&slots.body).unwrap();
    slots
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["start"] == slot)
        .map(|s| s["remaining"].as_i64().unwrap())
        .unwrap()
}

fn booking_form<'a>(slot: &'a str, first: &'a str, second: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("service", "marriage"),
        ("office", "baoding-lianchi"),
        ("slot", slot),
        ("key", "form-key-1"),
        ("people[0].name", "王小明"),
        ("people[0].id_number", first),
        ("people[0].phone", "13800000001"),
        ("people[1].name", "李小红"),
        ("people[1].id_number", second),
        ("people[1].phone", "13900000002"),
    ]
}

async fn a_posted_booking_redirects_to_its_slip_and_reloading_the_slip_books_nothing(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let slot = first_slot(&router).await;
    let before = places_left(&router, &slot).await;
    let (first, second) = (id("19950101", 11), id("19960202", 12));
    let posted = book_by_form(&app, &booking_form(&slot, &first, &second)).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    assert_eq!(posted.header("location"), "/marriage/booked");
    assert!(
        !posted.header("location").contains(&first[14..]),
        "no secret in the address"
    );
    let pass = posted.pass();
    for _ in 0..2 {
        let slip = get(&router, "/marriage/booked", &pass).await;
        assert_eq!(slip.status, StatusCode::OK);
        assert!(slip.body.contains("预约成功"), "the slip is shown");
        assert!(slip.body.contains("王*明"));
        assert!(
            slip.body.contains("将发送至 138****0001"),
            "texts are not claimed as sent"
        );
        assert!(!slip.body.contains("已发送到"));
        assert_eq!(slip.header("cache-control"), "no-store");
    }
    assert_eq!(
        places_left(&router, &slot).await,
        before - 1,
        "one place taken, however often the slip is shown"
    );
    let without = get(&router, "/marriage/booked", "").await;
    assert!(
        !without.body.contains("王*明"),
        "without the pass, nothing of it"
    );
    assert!(without.body.contains("这里没有可显示的预约"));
    let forged = get(
        &router,
        "/marriage/booked",
        "bianmin_booking=00ff00ff00ff00ff00ff00ff00ff",
    )
    .await;
    assert!(
        !forged.body.contains("王*明"),
        "a made-up pass opens nothing"
    );
}

async fn a_booking_form_with_a_wrong_id_is_shown_again_with_422_and_changes_nothing(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let slot = first_slot(&router).await;
    let before = places_left(&router, &slot).await;
    let first = id("19950101", 21);
    let mut wrong = id("19960202", 22);
    let last = if wrong.ends_with('1') { "2" } else { "1" };
    wrong.replace_range(17.., last);
    let mut form = booking_form(&slot, &first, &wrong);
    form.push(("go", "code"));
    let posted = post(&router, "/marriage/book", &form, "").await;
    assert_eq!(posted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(posted.body.contains("身份证号校验位不对"));
    assert!(
        app.phones.texts().await.is_empty(),
        "no code goes out for a bad form"
    );
    assert!(
        posted.body.contains(&format!(r#"value="{wrong}""#)),
        "what was typed stays"
    );
    assert!(posted.headers.get("set-cookie").is_none());
    assert_eq!(places_left(&router, &slot).await, before);
}

async fn a_marriage_booking_for_two_people_of_the_same_sex_is_refused_at_the_second_id(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let slot = first_slot(&router).await;
    let before = places_left(&router, &slot).await;
    // Sequence numbers 51 and 53: both odd, both men by the ID's 17th digit.
    let (first, second) = (id("19950101", 51), id("19960202", 53));
    let mut form = booking_form(&slot, &first, &second);
    form.push(("go", "code"));
    let posted = post(&router, "/marriage/book", &form, "").await;
    assert_eq!(posted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(posted.body.contains("两个身份证号显示为同一性别"));
    assert!(app.phones.texts().await.is_empty(), "no code goes out");
    assert_eq!(places_left(&router, &slot).await, before);
}

/// A Saturday (the sample offices rest at weekends) at the first slot's hour, in the same week or
/// the next: `2026-12-05T09:00:00+08:00`.
fn a_saturday_like(slot: &str) -> String {
    let date = app::domain::date::Date::parse(&slot[..10]).unwrap();
    let saturday = date.add_days(i64::from((6 + 7 - date.weekday()) % 7));
    format!("{saturday}{}", &slot[10..])
}

async fn a_closed_time_offers_free_times_and_picking_one_keeps_everything_typed(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let slot = first_slot(&router).await;
    let saturday = a_saturday_like(&slot);
    let (first, second) = (id("19950101", 61), id("19960202", 62));
    let mut form = booking_form(&saturday, &first, &second);
    form.push(("ceremony", "no"));
    form.push(("go", "code"));
    let posted = post(&router, "/marriage/book", &form, "").await;
    assert_eq!(posted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        posted.body.contains("这个时间不办理预约"),
        "{}",
        posted.body
    );
    assert!(
        posted.body.contains("可以选择这些时间"),
        "alternatives offered"
    );
    assert!(app.phones.texts().await.is_empty(), "no code goes out");
    let draft = set_cookie(&posted, "bianmin_draft").expect("the form is kept");
    let link = posted
        .body
        .split(r#"<li><a href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("a free time to pick: {}", posted.body))
        .replace("&amp;", "&");
    assert!(link.contains("slot="), "{link}");
    // Picking it opens the details form with both people as typed: nothing to type again.
    let picked = get(&router, &link, &draft).await;
    assert_eq!(picked.status, StatusCode::OK);
    for typed in [
        "王小明",
        "李小红",
        &first,
        &second,
        "13800000001",
        "13900000002",
    ] {
        assert!(
            picked.body.contains(&format!(r#"value="{typed}""#)),
            "{typed} is kept"
        );
    }
    assert!(
        !picked.body.contains(&saturday),
        "the closed time is not carried"
    );
}

async fn a_booking_form_from_another_site_or_by_another_method_is_refused(db: support::TestDb) {
    let router = app(&db).await.router;
    let slot = first_slot(&router).await;
    let (first, second) = (id("19950101", 31), id("19960202", 32));
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(booking_form(&slot, &first, &second))
        .finish();
    let cross = send(
        &router,
        Request::post("/marriage/book")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "bianmin.example")
            .header(header::ORIGIN, "https://elsewhere.example")
            .body(Body::from(body.clone()))
            .unwrap(),
    )
    .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let put = send(
        &router,
        Request::put("/marriage/book")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
}

async fn a_found_booking_is_cancelled_by_a_post_that_redirects_and_a_reload_cancels_nothing_more(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let slot = first_slot(&router).await;
    let (first, second) = (id("19950101", 41), id("19960202", 42));
    let booked = book_by_form(&app, &booking_form(&slot, &first, &second)).await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER);
    let slip = get(&router, "/marriage/booked", &booked.pass()).await;
    let code = slip
        .body
        .split(r#"id="slip-code""#)
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .expect("the slip shows its code")
        .trim()
        .to_string();

    let plain = get(&router, "/marriage/manage", "").await;
    assert!(plain.body.contains("预约码"), "the look-up form");
    assert!(!plain.body.contains("后四位"), "no ID ending is asked for");
    // A code awaited opens nothing: the wrong one is named at its field.
    let sent = post(
        &router,
        "/marriage/manage",
        &[("go", "send"), ("code", &code.to_lowercase())],
        "",
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let awaiting = sent.pass();
    let right = app.phones.last_code("13800000001").await;
    let wrong_code = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let wrong = post(
        &router,
        "/marriage/manage",
        &[("go", "open"), ("verification_code", wrong_code)],
        &awaiting,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("验证码不对"), "{}", wrong.body);
    assert!(wrong.headers.get("set-cookie").is_none());
    let not_yet = get(&router, "/marriage/manage?step=booking", &awaiting).await;
    assert!(
        !not_yet.body.contains("王*明"),
        "awaiting a code shows nothing of the booking"
    );
    let opened = post(
        &router,
        "/marriage/manage",
        &[("go", "open"), ("verification_code", &right)],
        &awaiting,
    )
    .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    assert_eq!(opened.header("location"), "/marriage/manage?step=booking");
    let pass = opened.pass();
    let shown = get(&router, "/marriage/manage?step=booking", &pass).await;
    assert!(shown.body.contains(&code));
    assert!(
        !shown.body.contains(&second[12..]),
        "no more of an ID number than its mask"
    );

    let before = places_left(&router, &slot).await;
    // Cancelling asks first, saying it cannot be undone and what the limit is.
    let asked = get(&router, "/marriage/manage?step=cancel", &pass).await;
    assert!(asked.body.contains("确定要取消这次预约吗？"));
    assert!(
        asked
            .body
            .contains("180 天内取消 5 次或未到场 2 次的，180 天内不能再预约。"),
        "{}",
        asked.body
    );
    // A post that did not come from that page changes nothing and goes to it.
    let unasked = post(&router, "/marriage/manage", &[("go", "cancel")], &pass).await;
    assert_eq!(unasked.status, StatusCode::SEE_OTHER);
    assert_eq!(unasked.header("location"), "/marriage/manage?step=cancel");
    assert_eq!(places_left(&router, &slot).await, before);

    let confirmed = [("go", "cancel"), ("confirmed", "yes")];
    let cancelled = post(&router, "/marriage/manage", &confirmed, &pass).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(cancelled.header("location"), "/marriage/manage?done=cancel");
    for _ in 0..2 {
        let page = get(&router, "/marriage/manage?done=cancel", &pass).await;
        assert!(page.body.contains("预约已取消，名额已释放。"));
        // The cancelled booking leads with it and offers nothing to show at the desk.
        assert!(page.body.contains("这次预约已取消"));
        assert!(
            !page.body.contains(r#"aria-label="预约码二维码""#),
            "no QR code"
        );
        assert!(!page.body.contains("booking.ics"), "no calendar file");
    }
    assert_eq!(places_left(&router, &slot).await, before + 1);

    // The form posted twice (a double tap, or Back and submit again): the place goes back once.
    let again = post(&router, "/marriage/manage", &confirmed, &pass).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        places_left(&router, &slot).await,
        before + 1,
        "released once"
    );

    let no_pass = post(&router, "/marriage/manage", &confirmed, "").await;
    assert_eq!(no_pass.status, StatusCode::SEE_OTHER);
    assert_eq!(no_pass.header("location"), "/marriage/manage");
}

async fn a_lost_code_is_texted_again_to_the_phone_it_was_booked_with_and_to_no_other(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let slot = first_slot(&router).await;
    let (first, second) = (id("19950303", 61), id("19960404", 62));
    let booked = book_by_form(&app, &booking_form(&slot, &first, &second)).await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER);
    let slip = get(&router, "/marriage/booked", &booked.pass()).await;
    let code = slip
        .body
        .split(r#"id="slip-code""#)
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .trim()
        .to_string();
    let page = get(&router, "/marriage/manage?step=recover", "").await;
    assert!(page.body.contains("用手机号找回预约码"));
    assert!(page.body.contains(r#"autocomplete="tel-national""#));
    let texts_before = app.phones.texts().await.len();

    // The second person's number, typed as it is read out: the code goes to that phone only.
    let asked = post(
        &router,
        "/marriage/manage",
        &[("go", "recover"), ("phone", "139 0000 0002")],
        "",
    )
    .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    assert_eq!(asked.header("location"), "/marriage/manage?done=recover");
    let texts = app.phones.texts().await;
    let new: Vec<_> = texts[texts_before..].to_vec();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].0, "139****0002");
    assert!(new[0].1.contains(&format!("预约码 {code}")), "{new:?}");
    let done = get(&router, "/marriage/manage?done=recover", "").await;
    assert!(
        done.body
            .contains("如果这个手机号有未办理的预约，预约码会在几分钟内用短信发到这个号码"),
        "it says what will happen, not that it was sent"
    );

    // A number without bookings gets the same answer, and no text goes anywhere.
    let unknown = post(
        &router,
        "/marriage/manage",
        &[("go", "recover"), ("phone", "13700000009")],
        "",
    )
    .await;
    assert_eq!(unknown.header("location"), "/marriage/manage?done=recover");
    assert_eq!(app.phones.texts().await.len(), texts_before + 1);

    // Not a phone number: named at the field, nothing sent.
    let wrong = post(
        &router,
        "/marriage/manage",
        &[("go", "recover"), ("phone", "12345")],
        "",
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("请填写 11 位手机号码。"));
    assert!(wrong.body.contains(r#"id="f-phone-error""#));

    // Three a day per phone: the fourth is refused before anything is looked up or sent.
    for _ in 0..2 {
        post(
            &router,
            "/marriage/manage",
            &[("go", "recover"), ("phone", "13900000002")],
            "",
        )
        .await;
    }
    let sent = app.phones.texts().await.len();
    let over = post(
        &router,
        "/marriage/manage",
        &[("go", "recover"), ("phone", "13900000002")],
        "",
    )
    .await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.body.contains("这个号码今天找回的次数已满"));
    assert_eq!(app.phones.texts().await.len(), sent);
}

on_every_backend!(
    a_posted_booking_redirects_to_its_slip_and_reloading_the_slip_books_nothing,
    a_booking_form_with_a_wrong_id_is_shown_again_with_422_and_changes_nothing,
    a_marriage_booking_for_two_people_of_the_same_sex_is_refused_at_the_second_id,
    a_closed_time_offers_free_times_and_picking_one_keeps_everything_typed,
    a_booking_form_from_another_site_or_by_another_method_is_refused,
    a_found_booking_is_cancelled_by_a_post_that_redirects_and_a_reload_cancels_nothing_more,
    a_lost_code_is_texted_again_to_the_phone_it_was_booked_with_and_to_no_other,
);
