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

async fn router(db: &support::TestDb) -> Router {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    support::router_on(&store)
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

async fn post(router: &Router, path: &str, key: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    send(router, request.body(Body::from(body.to_string())).unwrap()).await
}

fn id(birth: &str, seq: u32) -> String {
    let body = format!("130602{birth}{seq:03}");
    format!("{body}{}", check_character(&body).unwrap())
}

fn couple(n: u32) -> Value {
    json!([
        {"name": "王小明", "id_number": id("19950101", 2 * n + 1), "phone": "13800000001"},
        {"name": "李小红", "id_number": id("19960202", 2 * n + 2), "phone": "13900000002"}
    ])
}

/// The first bookable marriage slot at an office, by asking the API as a client would.
async fn first_slot(router: &Router, office: &str) -> (String, i64) {
    let (status, days) = get(
        router,
        &format!("/api/v1/offices/{office}/availability?service=marriage"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let day = days[0]["date"]
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
    let router = router(&db).await;
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
    let (status, booking) = post(&router, "/api/v1/bookings", Some("try-1"), body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{booking}");
    assert_eq!(booking["status"], "confirmed");
    assert_eq!(booking["people"][0]["name_masked"], "王*明");
    assert!(booking["people"][1]["id_masked"]
        .as_str()
        .unwrap()
        .contains("********"));
    assert_eq!(booking["people"][1]["phone_masked"], "139****0002");
    let code = booking["code"].as_str().unwrap().to_string();
    let (_, again) = post(&router, "/api/v1/bookings", Some("try-1"), body).await;
    assert_eq!(
        again["code"],
        code.as_str(),
        "a retry under the same key is the same booking"
    );

    let last4 = &id("19960202", 4)[14..];
    let (status, found) = get(
        &router,
        &format!("/api/v1/bookings/{code}?id_last4={last4}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["slot_start"], start.as_str());

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
    let (status, moved) = post(
        &router,
        &format!("/api/v1/bookings/{code}/reschedule"),
        None,
        json!({"id_last4": last4, "slot_start": later}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["slot_start"], later.as_str());
    let (status, cancelled) = post(
        &router,
        &format!("/api/v1/bookings/{code}/cancel"),
        None,
        json!({"id_last4": last4}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cancelled["status"], "cancelled");
}

async fn a_full_slot_answers_409_with_alternatives_and_bad_input_422_naming_fields(
    db: support::TestDb,
) {
    let router = router(&db).await;
    let (start, capacity) = first_slot(&router, "baoding-lianchi").await;
    for n in 0..capacity as u32 {
        let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(10 + n)});
        assert_eq!(
            post(&router, "/api/v1/bookings", None, body).await.0,
            StatusCode::CREATED
        );
    }
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": couple(30)});
    let (status, full) = post(&router, "/api/v1/bookings", None, body).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(full["code"], "full");
    assert!(!full["alternatives"].as_array().unwrap().is_empty());

    let mut people = couple(31);
    people[1]["id_number"] = json!("130602199602020000");
    people[0]["name"] = json!("");
    let body = json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": start, "people": people});
    let (status, bad) = post(&router, "/api/v1/bookings?lang=en", None, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["people[0].name", "people[1].id_number"]);
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

async fn repeated_failed_look_ups_are_refused(db: support::TestDb) {
    let router = router(&db).await;
    for _ in 0..10 {
        let (status, _) = get(&router, "/api/v1/bookings/ACDEFGHJ?id_last4=1234").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, body) = get(&router, "/api/v1/bookings/ACDEFGHJ?id_last4=1234").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], "too_many_requests");
}

async fn a_divorce_second_appointment_waits_for_the_office_to_receive_the_application(
    db: support::TestDb,
) {
    let router = router(&db).await;
    let (start, _) = first_slot(&router, "baoding-lianchi").await;
    let people = couple(300);
    let (status, first) = post(
        &router,
        "/api/v1/bookings?lang=en",
        Some("divorce-1"),
        json!({"office_id": "baoding-lianchi", "service": "divorce", "slot_start": start, "people": people}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["stage"], 1);
    assert!(first.get("divorce_window").is_none());
    let code = first["code"].as_str().unwrap();
    let last4 = &people[0]["id_number"].as_str().unwrap()[14..];
    let (status, body) = send(
        &router,
        Request::post(format!("/api/v1/bookings/{code}/second-stage"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::from(
                json!({"id_last4": last4, "slot_start": start}).to_string(),
            ))
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
    // A wrong ID ending is an unknown booking, as everywhere else.
    let (status, _) = post(
        &router,
        &format!("/api/v1/bookings/{code}/second-stage"),
        None,
        json!({"id_last4": "0000", "slot_start": start}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn a_kiosk_is_not_given_the_calendar_file(db: support::TestDb) {
    let router = router(&db).await;
    let (slot, _) = first_slot(&router, "baoding-lianchi").await;
    let people = couple(41);
    let (status, booking) = post(
        &router,
        "/api/v1/bookings",
        Some("ics-kiosk"),
        json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": slot, "people": people}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{booking}");
    let last4 = &people[0]["id_number"].as_str().unwrap()[14..];
    let path = format!(
        "/marriage/booking.ics?code={}&id_last4={last4}",
        booking["code"].as_str().unwrap()
    );
    let fetch = |cookie: Option<&'static str>| {
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
    let (status, body) = fetch(None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("BEGIN:VCALENDAR"));
    let (status, body) = fetch(Some("bianmin_kiosk=some-device")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("二维码"), "{body}");
    assert!(!body.contains("VCALENDAR"));
}

async fn the_calendar_file_lasts_as_long_as_the_booked_time_in_the_visitors_language(
    db: support::TestDb,
) {
    let router = router(&db).await;
    let (slot, _) = first_slot(&router, "baoding-lianchi").await;
    let people = couple(43);
    let (status, booking) = post(
        &router,
        "/api/v1/bookings",
        Some("ics-length"),
        json!({"office_id": "baoding-lianchi", "service": "marriage", "slot_start": slot, "people": people}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{booking}");
    let code = booking["code"].as_str().unwrap();
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
    let last4 = &people[0]["id_number"].as_str().unwrap()[14..];
    let request = |cookie: &str| {
        Request::get(format!(
            "/marriage/booking.ics?code={code}&id_last4={last4}"
        ))
        .header(header::COOKIE, cookie)
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

on_every_backend!(
    the_calendar_file_lasts_as_long_as_the_booked_time_in_the_visitors_language,
    a_kiosk_is_not_given_the_calendar_file,
    a_divorce_second_appointment_waits_for_the_office_to_receive_the_application,
    a_couple_books_through_the_api_and_finds_moves_and_cancels_it,
    a_full_slot_answers_409_with_alternatives_and_bad_input_422_naming_fields,
    repeated_failed_look_ups_are_refused,
);
