//! The booking API through the real router on the sample offices, at the real clock.

use crate::support;

use app::domain::booking::id_number::check_character;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

struct App {
    router: Router,
    phones: support::Phones,
    store: server::store::Store,
    cipher: server::crypto::DataCipher,
}

async fn app(db: &support::TestDb) -> App {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    let cipher = server::crypto::DataCipher::new(&server::keys::Keys::generate());
    App {
        router: support::router_keyed(&store, &cipher, |_| {}),
        phones: support::Phones::new(&store, &cipher),
        store,
        cipher,
    }
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn get(router: &Router, path: &str) -> (StatusCode, Value) {
    send(router, Request::get(path).body(Body::empty()).unwrap()).await
}

/// A GET with the booking pass in its `Booking-Pass` header.
async fn get_passed(router: &Router, path: &str, pass: &str) -> (StatusCode, Value) {
    send(
        router,
        Request::get(path)
            .header("booking-pass", pass)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn post(router: &Router, path: &str, key: Option<&str>, body: Value) -> (StatusCode, Value) {
    post_with(router, path, &[("idempotency-key", key)], body).await
}

async fn post_with(
    router: &Router,
    path: &str,
    headers: &[(&str, Option<&str>)],
    body: Value,
) -> (StatusCode, Value) {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    for (name, value) in headers {
        if let Some(value) = value {
            request = request.header(*name, *value);
        }
    }
    send(router, request.body(Body::from(body.to_string())).unwrap()).await
}

fn id(birth: &str, seq: u32) -> String {
    let body = format!("130602{birth}{seq:03}");
    format!("{body}{}", check_character(&body).unwrap())
}

/// A couple; each couple has phones of its own.
fn couple(n: u32) -> Value {
    json!([
        {"name": "王小明", "id_number": id("19950101", 2 * n + 1), "phone": format!("138{:08}", 2 * n + 1)},
        {"name": "李小红", "id_number": id("19960202", 2 * n + 2), "phone": format!("139{:08}", 2 * n + 2)}
    ])
}

/// Asks for a code for `booking` (a `POST /bookings` body); answers the verification id and the
/// code the first person's phone received.
async fn code_for(app: &App, booking: &Value) -> (String, String) {
    let (status, sent) = post(
        &app.router,
        "/api/v1/verifications",
        None,
        json!({"purpose": "book", "booking": booking}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    let phone = booking["people"][0]["phone"].as_str().unwrap();
    (
        sent["verification_id"].as_str().unwrap().to_string(),
        app.phones.last_code(phone).await,
    )
}

/// Books `booking` as a client would: a code to the first phone, then the booking with it.
async fn book(app: &App, booking: &Value, key: Option<&str>) -> (StatusCode, Value) {
    let (verification_id, code) = code_for(app, booking).await;
    let mut body = booking.clone();
    body["verification_id"] = json!(verification_id);
    body["verification_code"] = json!(code);
    post(&app.router, "/api/v1/bookings", key, body).await
}

/// Opens the booking `code` with a code sent to its phones (the first is `phone`); its pass.
async fn open(app: &App, code: &str, phone: &str) -> String {
    let (status, sent) = post(
        &app.router,
        "/api/v1/verifications",
        None,
        json!({"purpose": "manage", "booking_code": code}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    let typed = app.phones.last_code(phone).await;
    let (status, opened) = post(
        &app.router,
        &format!("/api/v1/bookings/{code}/open"),
        None,
        json!({"verification_id": sent["verification_id"], "verification_code": typed}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    assert_eq!(opened["booking"]["code"], code);
    opened["pass"].as_str().unwrap().to_string()
}

/// The first bookable marriage slot at an office, by asking the API as a client would.
async fn first_slot(router: &Router, office: &str) -> (String, i64) {
    let (status, days) = get(
        router,
        &format!("/api/v1/offices/{office}/availability?service=marriage"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The second bookable day: a booking on the first may be under 24 hours away (then it can
    // no longer be moved or cancelled), depending on the hour the test runs.
    let day = days[1]["date"]
        .as_str()
        .expect("a bookable day")
        .to_string();
    let (status, slots) = get(
        router,
        &format!("/api/v1/offices/{office}/slots?service=marriage&date={day}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    (
        slots[0]["start"].as_str().unwrap().to_string(),
        slots[0]["capacity"].as_i64().unwrap(),
    )
}

async fn a_couple_books_through_the_api_and_finds_moves_and_cancels_it(db: support::TestDb) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (status, offices) = get(&router, "/api/v1/offices?lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(offices.as_array().unwrap().len(), 5);
    assert!(offices[0]["name"].as_str().unwrap().contains("(sample)"));
    let regions: Vec<&str> = offices
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["region"].as_str().unwrap())
        .collect();
    assert_eq!(
        regions,
        ["baoding", "baoding", "anning", "qufu", "fenghua"],
        "in the order regions are shown"
    );

    let (start, capacity) = first_slot(&router, "baoding-lianchi").await;
    assert_eq!(capacity, 6);
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(1)});
    let (status, booking) = book(&app, &body, Some("try-1")).await;
    assert_eq!(status, StatusCode::CREATED, "{booking}");
    assert_eq!(booking["status"], "confirmed");
    assert_eq!(booking["people"][0]["name_masked"], "王*明");
    // The mask gives nothing towards opening the booking: no ID ending, no birth date.
    let id_masked = booking["people"][1]["id_masked"].as_str().unwrap();
    assert_eq!(
        id_masked,
        format!("130************{}", &id("19960202", 4)[15..])
    );
    assert_eq!(booking["people"][1]["phone_masked"], "139****0004");
    // Texts are not claimed as sent: they wait for the sender.
    assert_eq!(booking["texts"][0]["status"], "due", "{booking}");
    let code = booking["code"].as_str().unwrap().to_string();
    let mut retry = body.clone();
    retry["verification_id"] = json!("already-used");
    retry["verification_code"] = json!("000000");
    let (status, again) = post(&router, "/api/v1/bookings", Some("try-1"), retry).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(
        again["code"],
        code.as_str(),
        "a retry under the same key is the same booking, without a new code"
    );

    // Reading it takes its pass; the pass is had with a code sent to its phone.
    let (status, _) = get(&router, &format!("/api/v1/bookings/{code}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let pass = open(&app, &code, "13800000003").await;
    let (status, found) = get_passed(&router, &format!("/api/v1/bookings/{code}"), &pass).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["slot_start"], start.as_str());
    // A pass opens its own booking only.
    let (status, _) = get_passed(&router, "/api/v1/bookings/ACDEFGHJ", &pass).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, slots) = get(
        &router,
        &format!(
            "/api/v1/offices/baoding-lianchi/slots?service=marriage&date={}",
            &start[..10]
        ),
    )
    .await;
    let later = slots[1]["start"].as_str().unwrap().to_string();
    assert_eq!(slots[0]["remaining"], 5);
    let (status, moved) = post_with(
        &router,
        &format!("/api/v1/bookings/{code}/reschedule"),
        &[("booking-pass", Some(&pass))],
        json!({"slot_start": later}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["slot_start"], later.as_str());
    let (status, _) = post(
        &router,
        &format!("/api/v1/bookings/{code}/cancel"),
        None,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no pass, no cancelling");
    let (status, cancelled) = post_with(
        &router,
        &format!("/api/v1/bookings/{code}/cancel"),
        &[("booking-pass", Some(&pass))],
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cancelled["status"], "cancelled");
}

async fn a_full_slot_answers_409_with_alternatives_and_bad_input_422_naming_fields(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (start, capacity) = first_slot(&router, "baoding-lianchi").await;
    for n in 0..capacity as u32 {
        let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(10 + n)});
        assert_eq!(book(&app, &body, None).await.0, StatusCode::CREATED);
    }
    // A code is sent for a full time too (the slot may free up); the booking then finds it full.
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(30)});
    let (status, full) = book(&app, &body, None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(full["code"], "full");
    assert!(!full["alternatives"].as_array().unwrap().is_empty());

    let mut people = couple(31);
    people[1]["id_number"] = json!("130602199602020000");
    people[0]["name"] = json!("");
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": people});
    let (status, bad) = post(
        &router,
        "/api/v1/verifications?lang=en",
        None,
        json!({"purpose": "book", "booking": body}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["people[0].name", "people[1].id_number"],
        "no code goes out for a bad form"
    );
    assert_eq!(
        bad["fields"][1]["message"],
        "The ID number's check character does not match; please check each character."
    );

    let (status, _) = get(
        &router,
        "/api/v1/offices/baoding-lianchi/slots?service=wedding&date=2026-13-01",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn repeated_look_ups_of_one_booking_code_are_refused(db: support::TestDb) {
    let app = app(&db).await;
    let router = app.router.clone();
    // An unknown code is answered like a known one: a verification id, no phone named.
    let (status, sent) = post(
        &router,
        "/api/v1/verifications",
        None,
        json!({"purpose": "manage", "booking_code": "ACDEFGHJ"}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(sent["verification_id"].as_str().unwrap().len(), 32);
    let wrong = json!({"verification_id": sent["verification_id"], "verification_code": "123456"});
    for _ in 0..9 {
        let (status, body) = post(
            &router,
            "/api/v1/bookings/ACDEFGHJ/open",
            None,
            wrong.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"][0]["field"], "verification_code");
    }
    let (status, body) = post(&router, "/api/v1/bookings/ACDEFGHJ/open", None, wrong).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], "too_many_requests");
    let (status, _) = post(
        &router,
        "/api/v1/verifications",
        None,
        json!({"purpose": "manage", "booking_code": "ACDEFGHJ"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "codes for it stop too"
    );
}

async fn a_booking_counts_only_with_the_code_its_first_phone_received(db: support::TestDb) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (start, _) = first_slot(&router, "baoding-lianchi").await;
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(50)});
    // No code: refused at the code's field.
    let (status, bad) = post(&router, "/api/v1/bookings?lang=en", None, body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert_eq!(bad["fields"][0]["field"], "verification_code");
    let (verification_id, code) = code_for(&app, &body).await;
    // Another phone's code does not count: the code belongs to the first person's phone.
    let mut other = body.clone();
    other["people"][0]["phone"] = json!("13700000001");
    other["verification_id"] = json!(verification_id);
    other["verification_code"] = json!(code);
    let (status, bad) = post(&router, "/api/v1/bookings", None, other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    // A wrong code, then the right one.
    let mut with = body.clone();
    with["verification_id"] = json!(verification_id);
    with["verification_code"] = json!(if code == "000000" { "111111" } else { "000000" });
    let (status, bad) = post(&router, "/api/v1/bookings", None, with.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    with["verification_code"] = json!(code);
    let (status, booked) = post(&router, "/api/v1/bookings", Some("k-50"), with.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    // A code is used once.
    let (status, bad) = post(&router, "/api/v1/bookings", Some("k-51"), with).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    // A new code to the same phone waits a minute.
    let (status, soon) = post(
        &router,
        "/api/v1/verifications",
        None,
        json!({"purpose": "book", "booking": body}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{soon}");
    assert_eq!(soon["fields"][0]["field"], "people[0].phone");
}

async fn what_an_id_number_has_booked_is_told_only_after_the_phone_is_verified(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (start, _) = first_slot(&router, "baoding-lianchi").await;
    let mine = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(60)});
    assert_eq!(book(&app, &mine, None).await.0, StatusCode::CREATED);
    // A stranger with the same ID numbers and their own phone learns nothing without its code.
    let mut theirs = mine.clone();
    theirs["people"][0]["phone"] = json!("13600000060");
    theirs["verification_id"] = json!("made-up");
    theirs["verification_code"] = json!("123456");
    let (status, body) = post(&router, "/api/v1/bookings", None, theirs.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["field"], "verification_code");
    // With their own phone verified they are told the ID number holds a booking.
    theirs.as_object_mut().unwrap().remove("verification_id");
    theirs.as_object_mut().unwrap().remove("verification_code");
    let (status, body) = book(&app, &theirs, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "already_booked");
}

async fn an_idempotency_key_is_bound_to_its_request_and_bodies_must_be_json(db: support::TestDb) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (start, _) = first_slot(&router, "baoding-lianchi").await;
    let mine = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(70)});
    assert_eq!(
        book(&app, &mine, Some("shared")).await.0,
        StatusCode::CREATED
    );
    let theirs = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(71)});
    let (status, body) = book(&app, &theirs, Some("shared")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["field"], "Idempotency-Key");
    assert!(
        body.get("people").is_none(),
        "nothing of the other booking: {body}"
    );

    // A form posted from another site is not JSON: refused before anything is read.
    let (status, body) = send(
        &router,
        Request::post("/api/v1/bookings")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("office_id=baoding-lianchi"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["code"], "unsupported_media_type");
}

async fn a_divorce_second_appointment_waits_for_the_office_to_receive_the_application(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (start, _) = first_slot(&router, "baoding-lianchi").await;
    let people = couple(300);
    let body = json!({"office_id": "baoding-lianchi", "service": "divorce", "slot_start": start, "people": people});
    let (status, first) = book(&app, &body, Some("divorce-1")).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["stage"], 1);
    assert!(first.get("divorce_window").is_none());
    let code = first["code"].as_str().unwrap();
    let pass = open(&app, code, people[0]["phone"].as_str().unwrap()).await;
    let (status, body) = send(
        &router,
        Request::post(format!("/api/v1/bookings/{code}/second-stage"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, "en")
            .header("booking-pass", &pass)
            .body(Body::from(json!({"slot_start": start}).to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "refused");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("received the divorce application"),
        "{body}"
    );
    // Without its pass it is an unknown booking, as everywhere else.
    let (status, _) = post(
        &router,
        &format!("/api/v1/bookings/{code}/second-stage"),
        None,
        json!({"slot_start": start}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn a_kiosk_is_not_given_the_calendar_file(db: support::TestDb) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (slot, _) = first_slot(&router, "baoding-lianchi").await;
    let people = couple(41);
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": slot, "people": people});
    let (status, booking) = book(&app, &body, Some("ics-kiosk")).await;
    assert_eq!(status, StatusCode::CREATED, "{booking}");
    let code = booking["code"].as_str().unwrap();
    let pass = open(&app, code, people[0]["phone"].as_str().unwrap()).await;
    let path = "/marriage/booking.ics".to_string();
    let fetch = |cookie: Option<String>| {
        let mut request = Request::get(&path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let request = request.body(Body::empty()).unwrap();
        let router = router.clone();
        async move {
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8_lossy(&bytes).into_owned())
        }
    };
    // Only the visitor who opened the booking gets its file.
    let (status, _) = fetch(None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = fetch(Some(format!("bianmin_booking={pass}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("BEGIN:VCALENDAR"));
    let (status, body) = fetch(Some(format!(
        "bianmin_kiosk=some-device; bianmin_booking={pass}"
    )))
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("二维码"), "{body}");
    assert!(!body.contains("VCALENDAR"));
}

async fn the_calendar_file_lasts_as_long_as_the_booked_time_in_the_visitors_language(
    db: support::TestDb,
) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (slot, _) = first_slot(&router, "baoding-lianchi").await;
    let people = couple(43);
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": slot, "people": people});
    let (status, booking) = book(&app, &body, Some("ics-length")).await;
    assert_eq!(status, StatusCode::CREATED, "{booking}");
    let code = booking["code"].as_str().unwrap();
    let pass = open(&app, code, people[0]["phone"].as_str().unwrap()).await;
    let (_, slots) = get(
        &router,
        &format!(
            "/api/v1/offices/baoding-lianchi/slots?service=marriage&date={}",
            &slot[..10]
        ),
    )
    .await;
    let booked = slots
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["start"] == slot.as_str())
        .unwrap();
    let minutes = |t: &str| -> i64 {
        t[11..13].parse::<i64>().unwrap() * 60 + t[14..16].parse::<i64>().unwrap()
    };
    let length = minutes(booked["end"].as_str().unwrap()) - minutes(&slot);
    let request = |cookie: &str| {
        Request::get("/marriage/booking.ics")
            .header(header::COOKIE, format!("bianmin_booking={pass}; {cookie}"))
            .body(Body::empty())
            .unwrap()
    };
    let text = |request: Request<Body>| {
        let router = router.clone();
        async move {
            let response = router.oneshot(request).await.unwrap();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            String::from_utf8(bytes.to_vec()).unwrap()
        }
    };
    let zh = text(request("")).await;
    let en = text(request("bianmin_lang=en")).await;
    let unfolded = |ics: &str| ics.replace("\r\n ", "");
    let field = |ics: &str, name: &str| {
        unfolded(ics)
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")).map(str::to_string))
            .unwrap_or_else(|| panic!("{name} in {ics}"))
    };
    // DTSTART/DTEND in UTC: HHMM at positions 9..13 of `YYYYMMDDTHHMMSSZ`.
    let hm = |v: String| v[9..11].parse::<i64>().unwrap() * 60 + v[11..13].parse::<i64>().unwrap();
    assert_eq!(
        hm(field(&zh, "DTEND")) - hm(field(&zh, "DTSTART")),
        length,
        "{zh}"
    );
    assert!(unfolded(&zh).contains(&format!("预约码 {code}")), "{zh}");
    assert!(field(&zh, "SUMMARY").contains("莲池区"), "{zh}");
    assert!(field(&en, "SUMMARY").contains("Lianchi"), "{en}");
    assert!(field(&en, "LOCATION").is_ascii(), "{en}");
    for line in zh.split("\r\n") {
        assert!(line.len() <= 75, "lines are folded at 75 octets: {line:?}");
    }
}

async fn a_trusted_integrator_books_with_its_key_until_it_is_revoked(db: support::TestDb) {
    let app = app(&db).await;
    let router = app.router.clone();
    let (start, _) = first_slot(&router, "baoding-lianchi").await;
    let (id, key) = server::integrators::issue(
        &app.store,
        &app.cipher,
        "城市 App",
        &server::store::staff::AuditEntry::by_command("test", ""),
    )
    .await
    .unwrap();
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(80)});
    let bearer = format!("Bearer {key}");
    let (status, booked) = post_with(
        &router,
        "/api/v1/bookings",
        &[
            ("authorization", Some(&bearer)),
            ("idempotency-key", Some("city-1")),
        ],
        body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    // Audited under the integrator's name.
    let lines = app
        .store
        .audit(&server::store::staff::AuditFilter {
            action: Some("book_by_integrator".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].actor, "integrator:城市 App");
    // A made-up key, or the key once revoked, books nothing.
    let forged = format!("Bearer {}x", &key[..key.len() - 1]);
    let other = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(81)});
    let (status, _) = post_with(
        &router,
        "/api/v1/bookings",
        &[("authorization", Some(&forged))],
        other.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Only the real key's booking spent its allowance: a guess at its secret counts nothing
    // (else anyone knowing a key's id could use up its minute). Counted over this window and the
    // one before, in case the minute turned meanwhile; each look counts itself once.
    let limiter = server::limits::Limiter::new(app.store.clone(), app.cipher.clone());
    let now = server::clock::real_unix_seconds();
    let mut spent = 0;
    for at in [now, now - server::integrators::PER_KEY.window] {
        let counter = limiter.counter(server::integrators::PER_KEY, &id, at);
        let hits = app
            .store
            .count_hit(
                counter.bucket,
                &counter.key_hash,
                counter.window_start,
                counter.expires_at,
            )
            .await
            .unwrap();
        spent += hits - 1;
    }
    assert_eq!(spent, 1, "the key's allowance counts its one booking only");
    assert!(app
        .store
        .revoke_integrator_key(
            &id,
            &server::store::staff::AuditEntry::by_command("test", "")
        )
        .await
        .unwrap());
    let (status, body) = post_with(
        &router,
        "/api/v1/bookings",
        &[("authorization", Some(&bearer))],
        other,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

on_every_backend!(
    the_calendar_file_lasts_as_long_as_the_booked_time_in_the_visitors_language,
    a_kiosk_is_not_given_the_calendar_file,
    a_divorce_second_appointment_waits_for_the_office_to_receive_the_application,
    a_couple_books_through_the_api_and_finds_moves_and_cancels_it,
    a_full_slot_answers_409_with_alternatives_and_bad_input_422_naming_fields,
    repeated_look_ups_of_one_booking_code_are_refused,
    a_booking_counts_only_with_the_code_its_first_phone_received,
    what_an_id_number_has_booked_is_told_only_after_the_phone_is_verified,
    an_idempotency_key_is_bound_to_its_request_and_bodies_must_be_json,
    a_trusted_integrator_books_with_its_key_until_it_is_revoked,
);
