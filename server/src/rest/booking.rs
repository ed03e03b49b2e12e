//! The booking API: offices, availability, slots, and bookings (create, find, cancel, move).
//! Personal data is answered masked only; pages and logs never see it in full.

use super::error::{caller_locale, invalid, ApiError};
use crate::{booking::service::DeskError, clock::now, state::AppState, web::client::ClientAddr};
use app::{
    domain::{
        booking::{
            desk::{BookingProblem, BookingRequest, BookingView, OfficeInfo, PersonInput},
            moment::Moment,
            Service,
        },
        date::Date,
    },
    error::AppError,
    i18n::{Locale, Msg},
};
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct OfficeDto {
    pub id: String,
    pub region: String,
    pub name: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub phone: String,
    pub hours: String,
    /// marriage, divorce, reissue, ceremony
    pub services: Vec<String>,
    pub ceremony_hall: bool,
    pub is_sample: bool,
}

fn office_dto(office: OfficeInfo, locale: Locale) -> OfficeDto {
    OfficeDto {
        name: office.name(locale).to_string(),
        address: office.address(locale).to_string(),
        hours: office.hours(locale).to_string(),
        services: office
            .services
            .iter()
            .map(|s| s.key().to_string())
            .collect(),
        id: office.id,
        region: office.region,
        latitude: office.latitude,
        longitude: office.longitude,
        phone: office.phone,
        ceremony_hall: office.ceremony_hall,
        is_sample: office.sample,
    }
}

fn booking_error(error: DeskError, locale: Locale, context: &str) -> ApiError {
    let plain = |status, code, message: Msg, alternatives| ApiError {
        code,
        message: locale.t(message).to_string(),
        fields: Vec::new(),
        alternatives,
        reference: None,
        status,
    };
    match error {
        DeskError::Problem(BookingProblem::NotFound) => plain(
            StatusCode::NOT_FOUND,
            "not_found",
            Msg::ResourceNotFound,
            Vec::new(),
        ),
        DeskError::Problem(BookingProblem::Full { alternatives }) => {
            plain(StatusCode::CONFLICT, "full", Msg::SlotFull, alternatives)
        }
        DeskError::Problem(BookingProblem::Refused {
            refusal,
            alternatives,
        }) => plain(
            StatusCode::CONFLICT,
            "refused",
            refusal.message(),
            alternatives,
        ),
        DeskError::Problem(BookingProblem::AlreadyBooked { position }) => ApiError {
            fields: vec![super::ApiFieldError {
                field: format!("people[{position}].id_number"),
                message: locale.t(Msg::AlreadyBooked).to_string(),
            }],
            ..plain(
                StatusCode::CONFLICT,
                "already_booked",
                Msg::AlreadyBooked,
                Vec::new(),
            )
        },
        DeskError::Problem(BookingProblem::Invalid { fields }) => ApiError {
            fields: fields
                .iter()
                .map(|f| super::ApiFieldError {
                    field: f.field.clone(),
                    message: locale.t(f.message).to_string(),
                })
                .collect(),
            ..plain(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                Msg::InputInvalid,
                Vec::new(),
            )
        },
        other => {
            let AppError::Internal { reference } = AppError::internal(context, other) else {
                unreachable!("internal() makes an internal error")
            };
            ApiError {
                reference: Some(reference),
                ..plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    Msg::InternalError,
                    Vec::new(),
                )
            }
        }
    }
}

/// Reads the query: only the named parameters, each checked by `read`.
pub(super) fn query_locale(
    query: &BTreeMap<String, String>,
    allowed: &[&str],
    headers: &HeaderMap,
) -> Result<Locale, ApiError> {
    let lang = query.get("lang").map(String::as_str);
    let locale = caller_locale(lang, headers);
    let mut bad = Vec::new();
    if lang.is_some_and(|t| Locale::from_tag(t).is_none()) {
        bad.push(("lang".to_string(), Msg::LangInvalid));
    }
    for name in query
        .keys()
        .filter(|k| k.as_str() != "lang" && !allowed.contains(&k.as_str()))
    {
        bad.push((name.clone(), Msg::InputInvalid));
    }
    if bad.is_empty() {
        Ok(locale)
    } else {
        Err(invalid(bad, locale))
    }
}

/// Registry offices that take bookings.
#[utoipa::path(get, path = "/offices",
    params(("lang" = Option<String>, Query, description = "zh-CN (default) or en")),
    responses((status = 200, body = Vec<OfficeDto>)))]
pub async fn list_offices(
    State(state): State<AppState>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Vec<OfficeDto>>, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    let offices = state
        .desk
        .offices()
        .await
        .map_err(|e| ApiError::from_app(AppError::internal("list offices", e), locale))?;
    Ok(Json(
        offices.into_iter().map(|o| office_dto(o, locale)).collect(),
    ))
}

fn parse_service(
    query: &BTreeMap<String, String>,
    bad: &mut Vec<(String, Msg)>,
) -> Option<Service> {
    let service = query.get("service").and_then(|s| Service::parse(s));
    if service.is_none() {
        bad.push(("service".into(), Msg::ServiceNotOffered));
    }
    service
}

fn parse_date(
    query: &BTreeMap<String, String>,
    name: &str,
    bad: &mut Vec<(String, Msg)>,
) -> Option<Date> {
    let date = query.get(name).and_then(|d| Date::parse(d));
    if query.contains_key(name) && date.is_none() {
        bad.push((name.into(), Msg::DateInvalid));
    }
    date
}

/// Days with places left (those bookable now), between `from` and `to`.
#[utoipa::path(get, path = "/offices/{id}/availability",
    params(("id" = String, Path), ("service" = String, Query), ("from" = Option<String>, Query), ("to" = Option<String>, Query)),
    responses((status = 200, body = Vec<Object>), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn availability(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let locale = query_locale(&query, &["service", "from", "to"], &headers)?;
    let mut bad = Vec::new();
    let service = parse_service(&query, &mut bad);
    let now = now();
    let from = parse_date(&query, "from", &mut bad).unwrap_or(now.date);
    let to = parse_date(&query, "to", &mut bad).unwrap_or(now.date.add_days(31));
    let (Some(service), true) = (service, bad.is_empty()) else {
        return Err(invalid(bad, locale));
    };
    Ok(
        match state.desk.availability(&id, service, from, to, now).await {
            Ok(days) => Json(days).into_response(),
            Err(e) => booking_error(e, locale, "availability").into_response(),
        },
    )
}

/// The slots of a day with their places.
#[utoipa::path(get, path = "/offices/{id}/slots",
    params(("id" = String, Path), ("service" = String, Query), ("date" = String, Query)),
    responses((status = 200, body = Vec<Object>), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn slots(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let locale = query_locale(&query, &["service", "date"], &headers)?;
    let mut bad = Vec::new();
    let service = parse_service(&query, &mut bad);
    let date = parse_date(&query, "date", &mut bad);
    if date.is_none() && !bad.iter().any(|(f, _)| f == "date") {
        bad.push(("date".into(), Msg::DateInvalid));
    }
    let (Some(service), Some(date)) = (service, date) else {
        return Err(invalid(bad, locale));
    };
    Ok(match state.desk.slots(&id, service, date, now()).await {
        Ok(slots) => Json(slots).into_response(),
        Err(e) => booking_error(e, locale, "slots").into_response(),
    })
}

/// A new booking.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBooking {
    pub office_id: String,
    /// marriage, divorce or reissue
    pub service: String,
    /// `2026-12-01T09:00:00+08:00`
    pub slot_start: String,
    #[schema(value_type = Vec<Object>)]
    pub people: Vec<PersonInput>,
    #[serde(default)]
    pub ceremony: bool,
}

/// A booking, people masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookingDto {
    pub code: String,
    pub status: String,
    pub office_id: String,
    pub service: String,
    pub slot_start: String,
    pub ceremony: bool,
    #[schema(value_type = Vec<Object>)]
    pub people: Vec<app::domain::booking::desk::PersonMasked>,
    /// 1, or 2 for a divorce's second appointment
    pub stage: u8,
    /// For a second appointment: the code of the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_code: Option<String>,
    /// For a received divorce application: the code of its second appointment, once booked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_code: Option<String>,
    /// For a received divorce application and its second appointment: the cooling-off period
    /// and the days the second appointment may be on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub divorce_window: Option<DivorceWindowDto>,
}

/// Dates (YYYY-MM-DD, China time) of a divorce's cooling-off period and second-stage window.
#[derive(Debug, Serialize, ToSchema)]
pub struct DivorceWindowDto {
    pub received: String,
    pub cooling_off_ends: String,
    pub first_day: String,
    pub last_day: String,
}

fn dto(view: BookingView) -> BookingDto {
    BookingDto {
        code: view.code,
        status: view.status.key().into(),
        office_id: view.office_id,
        service: view.service.key().into(),
        slot_start: view.slot_start.to_string(),
        ceremony: view.ceremony,
        people: view.people,
        stage: view.stage,
        first_code: view.first_code,
        second_code: view.second_code,
        divorce_window: view.divorce_window.map(|w| DivorceWindowDto {
            received: w.received.to_string(),
            cooling_off_ends: w.cooling_off_ends.to_string(),
            first_day: w.first_day.to_string(),
            last_day: w.last_day.to_string(),
        }),
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &Bytes, locale: Locale) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        invalid(
            vec![(
                if path == "." { "body".into() } else { path },
                Msg::InputInvalid,
            )],
            locale,
        )
    })
}

/// The request's `Idempotency-Key`, if it sent one (at most 100 characters).
fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, (String, Msg)> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty());
    match key {
        Some(k) if k.len() > 100 => Err(("Idempotency-Key".to_string(), Msg::InputInvalid)),
        key => Ok(key),
    }
}

/// A new time for a booking, or 422 naming `slot_start`.
fn slot_start(text: &str, locale: Locale) -> Result<Moment, ApiError> {
    Moment::parse(text)
        .ok_or_else(|| invalid(vec![("slot_start".into(), Msg::SlotUnknown)], locale))
}

/// Books a slot. Send an `Idempotency-Key` header: a retry with the same key answers with the
/// same booking.
#[utoipa::path(post, path = "/bookings", request_body = CreateBooking,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = BookingDto), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_booking(
    State(state): State<AppState>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    let input: CreateBooking = parse_json(&body, locale)?;
    let mut bad = Vec::new();
    let service = Service::parse(&input.service);
    if service.is_none() {
        bad.push(("service".to_string(), Msg::ServiceNotOffered));
    }
    let start = Moment::parse(&input.slot_start);
    if start.is_none() {
        bad.push(("slot_start".to_string(), Msg::SlotUnknown));
    }
    let key = idempotency_key(&headers).unwrap_or_else(|problem| {
        bad.push(problem);
        None
    });
    let (Some(service), Some(start), true) = (service, start, bad.is_empty()) else {
        return Err(invalid(bad, locale));
    };
    let request = BookingRequest {
        office_id: input.office_id,
        service,
        slot_start: start,
        people: input.people,
        ceremony: input.ceremony,
    };
    Ok(match state.desk.book(&request, key, now()).await {
        Ok(view) => (StatusCode::CREATED, Json(dto(view))).into_response(),
        Err(e) => booking_error(e, locale, "create booking").into_response(),
    })
}

/// Checks the look-up guard, runs `f`, and counts a not-found as a failure.
async fn guarded<F, Fut>(state: &AppState, client: ClientAddr, locale: Locale, f: F) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<BookingView, DeskError>>,
{
    let ip = client.ip();
    if state.lookups.is_refused(ip).await {
        return ApiError {
            code: "too_many_requests",
            message: locale.t(Msg::TooManyLookups).to_string(),
            fields: Vec::new(),
            alternatives: Vec::new(),
            reference: None,
            status: StatusCode::TOO_MANY_REQUESTS,
        }
        .into_response();
    }
    match f().await {
        Ok(view) => Json(dto(view)).into_response(),
        Err(e) => {
            if matches!(e, DeskError::Problem(BookingProblem::NotFound)) {
                state.lookups.fail(ip);
            }
            booking_error(e, locale, "booking look-up").into_response()
        }
    }
}

/// A booking, found by its code and the last four characters of either ID number.
#[utoipa::path(get, path = "/bookings/{code}",
    params(("code" = String, Path), ("id_last4" = String, Query)),
    responses((status = 200, body = BookingDto), (status = 404, body = ApiError), (status = 429, body = ApiError)))]
pub async fn get_booking(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(code): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let locale = query_locale(&query, &["id_last4"], &headers)?;
    let last4 = query.get("id_last4").cloned().unwrap_or_default();
    let desk = state.desk.clone();
    Ok(guarded(&state, client, locale, || async move {
        desk.find(&code, &last4).await
    })
    .await)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBooking {
    pub id_last4: String,
}

/// Cancels a booking and gives its place back.
#[utoipa::path(post, path = "/bookings/{code}/cancel", request_body = CancelBooking,
    params(("code" = String, Path)),
    responses((status = 200, body = BookingDto), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn cancel_booking(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller_locale(None, &headers);
    let input: CancelBooking = parse_json(&body, locale)?;
    let desk = state.desk.clone();
    Ok(guarded(&state, client, locale, || async move {
        desk.cancel(&code, &input.id_last4, now()).await
    })
    .await)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleBooking {
    pub id_last4: String,
    pub slot_start: String,
}

/// Moves a booking: the new place is taken before the old one is given back.
#[utoipa::path(post, path = "/bookings/{code}/reschedule", request_body = RescheduleBooking,
    params(("code" = String, Path)),
    responses((status = 200, body = BookingDto), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn reschedule_booking(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller_locale(None, &headers);
    let input: RescheduleBooking = parse_json(&body, locale)?;
    let start = slot_start(&input.slot_start, locale)?;
    let desk = state.desk.clone();
    Ok(guarded(&state, client, locale, || async move {
        desk.reschedule(&code, &input.id_last4, start, now()).await
    })
    .await)
}

/// Books a divorce's second appointment for the people of the first (found with its code and an
/// ID ending), inside the window after the cooling-off period. Send an `Idempotency-Key` header.
#[utoipa::path(post, path = "/bookings/{code}/second-stage", request_body = RescheduleBooking,
    params(("code" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = BookingDto), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn book_second_stage(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller_locale(None, &headers);
    let input: RescheduleBooking = parse_json(&body, locale)?;
    let start = slot_start(&input.slot_start, locale)?;
    let key = idempotency_key(&headers)
        .map_err(|problem| invalid(vec![problem], locale))?
        .map(str::to_string);
    let desk = state.desk.clone();
    let response = guarded(&state, client, locale, || async move {
        desk.book_second_stage(&code, &input.id_last4, start, key.as_deref(), now())
            .await
    })
    .await;
    Ok(if response.status() == StatusCode::OK {
        let (mut parts, body) = response.into_parts();
        parts.status = StatusCode::CREATED;
        Response::from_parts(parts, body)
    } else {
        response
    })
}
