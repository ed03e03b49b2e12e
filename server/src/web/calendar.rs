//! `/marriage/booking.ics?code=&id_last4=`: a booking as a calendar event. It holds the time,
//! the office and the code; no names or ID numbers.

use crate::state::AppState;
use crate::{booking::service::DeskError, clock::now};
use app::domain::booking::{desk::BookingProblem, words::service_name};
use app::i18n::{Locale, Msg};
use axum::{
    extract::{Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use std::collections::BTreeMap;

fn ics_time(seconds: i64) -> String {
    let date = app::domain::date::Date::from_unix_seconds_in_china(seconds - 8 * 3600);
    let in_day = seconds.rem_euclid(86_400);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}00Z",
        date.year(),
        date.month(),
        date.day(),
        in_day / 3600,
        in_day % 3600 / 60
    )
}

/// Escapes text for an iCalendar property value.
fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

pub async fn booking_ics(
    State(state): State<AppState>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> Response {
    // A kiosk would keep the file for the next visitor: its slip offers the QR code instead.
    if crate::web::cookies::cookie(&headers, crate::web::cookies::DEVICE_COOKIE).is_some() {
        let locale = super::visitor_prefs(&headers).locale;
        return (StatusCode::FORBIDDEN, locale.t(Msg::CalendarNotOnKiosk)).into_response();
    }
    let code = query.get("code").cloned().unwrap_or_default();
    let last4 = query.get("id_last4").cloned().unwrap_or_default();
    let booking = match state.desk.find(&code, &last4).await {
        Ok(b) => b,
        Err(DeskError::Problem(BookingProblem::NotFound)) => {
            return StatusCode::NOT_FOUND.into_response()
        }
        Err(e) => {
            let _ = app::error::AppError::internal("booking calendar", e);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let office = state.store.office(&booking.office_id).await.ok().flatten();
    let (name, address) = office
        .map(|o| (o.name_zh, o.address_zh))
        .unwrap_or_default();
    let start = booking.slot_start.unix_seconds();
    let summary = format!(
        "{} · {}",
        Locale::ZhCn.t(service_name(booking.service)),
        name
    );
    let body = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Bianmin//Booking//ZH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}@bianmin", booking.code),
        format!("DTSTAMP:{}", ics_time(now().unix_seconds())),
        format!("DTSTART:{}", ics_time(start)),
        format!("DTEND:{}", ics_time(start + 30 * 60)),
        format!("SUMMARY:{}", ics_text(&summary)),
        format!("LOCATION:{}", ics_text(&address)),
        format!(
            "DESCRIPTION:{}",
            ics_text(&Locale::ZhCn.t_with(Msg::CalendarCode, &[("code", &booking.code)]))
        ),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
        String::new(),
    ]
    .join("\r\n");
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"booking.ics\"",
            ),
        ],
        body,
    )
        .into_response()
}
