//! `/marriage/booking.ics`: the visitor's open booking (their booking pass, opened with a code
//! sent to its phone) as a calendar event (RFC 5545, written by the icalendar crate: escaped and
//! folded lines). It holds the time the booking lasts, the office and the code, in the visitor's
//! language; no names or ID numbers. Without an open pass there is nothing to give.

use crate::state::AppState;
use crate::{booking::service::DeskError, clock::now};
use app::domain::booking::{desk::BookingProblem, words::service_name};
use app::i18n::{Locale, Msg};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use icalendar::{Calendar, Component, Event, EventLike};

/// A moment as the calendar file's UTC time.
fn utc(moment: app::domain::booking::moment::Moment) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(moment.unix_seconds(), 0).unwrap_or_default()
}

pub async fn booking_ics(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    // A kiosk would keep the file for the next visitor: its slip offers the QR code instead.
    if crate::web::cookies::cookie(&headers, crate::web::cookies::DEVICE_COOKIE).is_some() {
        let locale = super::visitor_prefs(&headers).locale;
        return (StatusCode::FORBIDDEN, locale.t(Msg::CalendarNotOnKiosk)).into_response();
    }
    let Some(pass) = super::booking::open_pass(&state.cipher, &headers).filter(|p| p.is_open())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let booking = match state.desk.by_code(&pass.code).await {
        Ok(b) => b,
        Err(DeskError::Problem(BookingProblem::NotFound)) => {
            return StatusCode::NOT_FOUND.into_response()
        }
        Err(e) => {
            let _ = app::error::AppError::internal("booking calendar", e);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let locale = super::visitor_prefs(&headers).locale;
    let office = state.store.office(&booking.office_id).await.ok().flatten();
    let (name, address) = office
        .map(|o| match locale {
            Locale::ZhCn => (o.name_zh, o.address_zh),
            Locale::En => (o.name_en, o.address_en),
        })
        .unwrap_or_default();
    // The event lasts as long as the booked time does (30 minutes when the schedule says nothing).
    let start = booking.slot_start;
    let end = match state
        .desk
        .slots(&booking.office_id, booking.service, start.date, now())
        .await
    {
        Ok(slots) => slots.iter().find(|s| s.start == start).map(|s| s.end),
        Err(_) => None,
    }
    .unwrap_or_else(|| {
        app::domain::booking::moment::Moment::from_unix_seconds(start.unix_seconds() + 30 * 60)
    });
    let summary = format!("{} · {}", locale.t(service_name(booking.service)), name);
    let event = Event::new()
        .uid(&format!("{}@bianmin", booking.code))
        .timestamp(utc(now()))
        .starts(utc(start))
        .ends(utc(end))
        .summary(&summary)
        .location(&address)
        .description(&locale.t_with(Msg::CalendarCode, &[("code", &booking.code)]))
        .done();
    let body = Calendar::new().push(event).done().to_string();
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
