//! The booking API: offices, availability, slots, and bookings (create, find, cancel, move).
//! Personal data is answered masked only; pages and logs never see it in full.

use super::{
    body,
    error::{caller_locale, invalid, query_locale, ApiError},
};
use crate::{
    booking::service::{CancelledBy, DeskError},
    clock::now,
    state::AppState,
    web::client::ClientAddr,
};
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
    http::{header, HeaderMap, StatusCode},
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
        DeskError::Problem(BookingProblem::Limited) => plain(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            Msg::TooManyLookups,
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
    /// The id from `POST /verifications` (purpose `book`) for the first person's phone.
    #[serde(default)]
    pub verification_id: String,
    /// The six-digit code that phone received.
    #[serde(default)]
    pub verification_code: String,
}

/// What a code is sent for: `book` (with the booking as it will be made; the code goes to the
/// first person's phone) or `manage` (with `booking_code`; the code goes to that booking's
/// phones, if the booking exists: the answer is the same either way).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateVerification {
    /// book or manage
    pub purpose: String,
    #[serde(default, deserialize_with = "body::present")]
    pub booking: Option<BookingDraft>,
    #[serde(default, deserialize_with = "body::present")]
    pub booking_code: Option<String>,
}

/// A booking as it will be made (the body of `POST /bookings` without the code).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingDraft {
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

/// A code on its way.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationDto {
    pub verification_id: String,
    /// Seconds the code is good for.
    pub expires_in: i64,
    /// Seconds before another code can go to the same phone.
    pub resend_after: i64,
}

/// The code sent to a booking's phone, to open it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenBooking {
    pub verification_id: String,
    pub verification_code: String,
}

/// An opened booking and its pass: send the pass as the `Booking-Pass` header to read, move or
/// cancel it (for 30 minutes).
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenedDto {
    pub pass: String,
    pub expires_in: i64,
    pub booking: BookingDto,
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
    /// The text messages about the booking: where (masked) and whether they went.
    #[schema(value_type = Vec<Object>)]
    pub texts: Vec<app::domain::booking::desk::TextNote>,
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
        texts: view.texts,
        divorce_window: view.divorce_window.map(|w| DivorceWindowDto {
            received: w.received.to_string(),
            cooling_off_ends: w.cooling_off_ends.to_string(),
            first_day: w.first_day.to_string(),
            last_day: w.last_day.to_string(),
        }),
    }
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

fn booking_request(
    (office_id, service, slot_start, people, ceremony): (
        String,
        String,
        String,
        Vec<PersonInput>,
        bool,
    ),
    headers: &HeaderMap,
    locale: Locale,
) -> Result<(BookingRequest, Option<String>), ApiError> {
    let mut bad = Vec::new();
    let service_parsed = Service::parse(&service);
    if service_parsed.is_none() {
        bad.push(("service".to_string(), Msg::ServiceNotOffered));
    }
    let start = Moment::parse(&slot_start);
    if start.is_none() {
        bad.push(("slot_start".to_string(), Msg::SlotUnknown));
    }
    let key = idempotency_key(headers).unwrap_or_else(|problem| {
        bad.push(problem);
        None
    });
    let (Some(service), Some(start), true) = (service_parsed, start, bad.is_empty()) else {
        return Err(invalid(bad, locale));
    };
    Ok((
        BookingRequest {
            office_id,
            service,
            slot_start: start,
            people,
            ceremony,
        },
        key.map(str::to_string),
    ))
}

/// Sends a six-digit code: for `book`, to the first person's phone of the booking about to be
/// made (checked as booking it would be); for `manage`, to the phones of the booking with that
/// code. Codes last 5 minutes, allow 5 tries and are used once; another goes to the same phone
/// after 60 seconds; codes per phone, ID number and client are limited per day.
#[utoipa::path(post, path = "/verifications", request_body = CreateVerification,
    responses((status = 202, body = VerificationDto), (status = 409, body = ApiError), (status = 415, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn create_verification(
    State(state): State<AppState>,
    client: ClientAddr,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    body::json_only(&headers, locale)?;
    let input: CreateVerification = body::parse_json(&body, locale)?;
    let client = client.limit_key();
    let sent = match (input.purpose.as_str(), input.booking, input.booking_code) {
        ("book", Some(b), None) => {
            let (request, _) = booking_request(
                (b.office_id, b.service, b.slot_start, b.people, b.ceremony),
                &HeaderMap::new(),
                locale,
            )?;
            state
                .desk
                .request_booking_code(&request, &client, now())
                .await
        }
        ("manage", None, Some(code)) => state.desk.request_manage_code(&code, &client, now()).await,
        ("book", _, _) => return Err(invalid(vec![("booking".into(), Msg::InputInvalid)], locale)),
        ("manage", _, _) => {
            return Err(invalid(
                vec![("booking_code".into(), Msg::InputInvalid)],
                locale,
            ))
        }
        _ => return Err(invalid(vec![("purpose".into(), Msg::InputInvalid)], locale)),
    };
    Ok(match sent {
        Ok(id) => (
            StatusCode::ACCEPTED,
            Json(VerificationDto {
                verification_id: id,
                expires_in: crate::verification::CODE_SECONDS,
                resend_after: crate::verification::RESEND_SECONDS,
            }),
        )
            .into_response(),
        Err(e) => booking_error(e, locale, "send code").into_response(),
    })
}

/// Books a slot with the code sent to the first person's phone (`POST /verifications`), or, for
/// a trusted integrator, with its key in `Authorization: Bearer` instead. Send an
/// `Idempotency-Key` header: a retry with the same key and the same request answers with the
/// same booking (for 24 hours); the same key with another request is refused (422).
#[utoipa::path(post, path = "/bookings", request_body = CreateBooking,
    params(("Idempotency-Key" = Option<String>, Header), ("Authorization" = Option<String>, Header, description = "a trusted integrator's key: `Bearer bmk_…`")),
    responses((status = 201, body = BookingDto), (status = 401, body = ApiError), (status = 409, body = ApiError), (status = 415, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn create_booking(
    State(state): State<AppState>,
    client: ClientAddr,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    body::json_only(&headers, locale)?;
    let input: CreateBooking = body::parse_json(&body, locale)?;
    let (request, key) = booking_request(
        (
            input.office_id,
            input.service,
            input.slot_start,
            input.people,
            input.ceremony,
        ),
        &headers,
        locale,
    )?;
    if let Some(token) = headers.get(header::AUTHORIZATION) {
        return by_integrator(&state, client, token, &request, key.as_deref(), locale).await;
    }
    let booked = state
        .desk
        .book_with_code(
            &request,
            &input.verification_id,
            &input.verification_code,
            key.as_deref(),
            &client.limit_key(),
            now(),
            None,
        )
        .await;
    Ok(match booked {
        Ok(view) => (StatusCode::CREATED, Json(dto(view))).into_response(),
        Err(e) => booking_error(e, locale, "create booking").into_response(),
    })
}

/// A booking by a trusted integrator (its key in `Authorization: Bearer`), which verified the
/// resident itself: no code; limited and audited per key.
async fn by_integrator(
    state: &AppState,
    client: ClientAddr,
    token: &header::HeaderValue,
    request: &BookingRequest,
    key: Option<&str>,
    locale: Locale,
) -> Result<Response, ApiError> {
    let failed = |e: sqlx::Error| booking_error(DeskError::Storage(e), locale, "integrator key");
    // The key is checked and counted against its allowance in one step.
    let (integrator, over) = crate::integrators::authenticate(
        &state.store,
        &state.cipher,
        state.desk.verifier.limiter(),
        token.to_str().unwrap_or_default(),
        now().unix_seconds(),
    )
    .await
    .map_err(failed)?
    .ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            locale.t(Msg::IntegratorKeyInvalid),
        )
    })?;
    if over.is_err() {
        return Err(booking_error(
            DeskError::Problem(BookingProblem::Limited),
            locale,
            "integrator limit",
        ));
    }
    let line = crate::store::staff::AuditEntry {
        actor: format!("integrator:{}", integrator.name),
        role: Some("integrator".into()),
        address: client.to_string(),
        action: "book_by_integrator".into(),
        record: None,
        detail: format!("key {}", integrator.id),
    };
    Ok(
        match state
            .desk
            .book_audited(request, key, now(), Some(&line))
            .await
        {
            Ok(view) => (StatusCode::CREATED, Json(dto(view))).into_response(),
            Err(e) => booking_error(e, locale, "integrator booking").into_response(),
        },
    )
}

/// Opens a booking with the code sent to its phones; answers it with a pass for the calls that
/// read or change it. Tries per booking code and per client are limited on every server.
#[utoipa::path(post, path = "/bookings/{code}/open", request_body = OpenBooking,
    params(("code" = String, Path)),
    responses((status = 200, body = OpenedDto), (status = 415, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn open_booking(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller_locale(None, &headers);
    body::json_only(&headers, locale)?;
    let input: OpenBooking = body::parse_json(&body, locale)?;
    let opened = state
        .desk
        .open_booking(
            &code,
            &input.verification_id,
            &input.verification_code,
            &client.limit_key(),
            now(),
        )
        .await;
    Ok(match opened {
        Ok(view) => {
            let pass = crate::booking::pass::seal(
                &state.cipher,
                &crate::booking::pass::Pass {
                    code: view.code.clone(),
                    verification: String::new(),
                },
                crate::clock::real_now().unix_seconds(),
            );
            Json(OpenedDto {
                pass,
                expires_in: crate::booking::pass::SECONDS,
                booking: dto(view),
            })
            .into_response()
        }
        Err(e) => booking_error(e, locale, "open booking").into_response(),
    })
}

/// The booking the `Booking-Pass` header opened, when it is the one at `code`; else 404 (the
/// same as a booking that does not exist).
fn passed(
    state: &AppState,
    headers: &HeaderMap,
    code: &str,
    locale: Locale,
) -> Result<String, ApiError> {
    let pass = headers
        .get("booking-pass")
        .and_then(|v| v.to_str().ok())
        .and_then(|p| {
            crate::booking::pass::open(&state.cipher, p, crate::clock::real_now().unix_seconds())
        })
        .filter(|p| p.verification.is_empty());
    let wanted = app::domain::booking::code::normalise_code(code);
    match (pass, wanted) {
        (Some(pass), Some(wanted)) if pass.code == wanted => Ok(pass.code),
        _ => Err(booking_error(
            DeskError::Problem(BookingProblem::NotFound),
            locale,
            "booking pass",
        )),
    }
}

fn answer(
    result: Result<BookingView, DeskError>,
    status: StatusCode,
    locale: Locale,
    context: &str,
) -> Response {
    match result {
        Ok(view) => (status, Json(dto(view))).into_response(),
        Err(e) => booking_error(e, locale, context).into_response(),
    }
}

/// A booking opened with `POST /bookings/{code}/open`, with its pass in the `Booking-Pass` header.
#[utoipa::path(get, path = "/bookings/{code}",
    params(("code" = String, Path), ("Booking-Pass" = String, Header)),
    responses((status = 200, body = BookingDto), (status = 404, body = ApiError)))]
pub async fn get_booking(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    let code = passed(&state, &headers, &code, locale)?;
    Ok(answer(
        state.desk.by_code(&code).await,
        StatusCode::OK,
        locale,
        "booking",
    ))
}

/// Cancels an opened booking (its pass in `Booking-Pass`) and gives its place back.
#[utoipa::path(post, path = "/bookings/{code}/cancel",
    params(("code" = String, Path), ("Booking-Pass" = String, Header)),
    responses((status = 200, body = BookingDto), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn cancel_booking(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let locale = caller_locale(None, &headers);
    let code = passed(&state, &headers, &code, locale)?;
    let cancelled = state.desk.cancel(&code, CancelledBy::Resident, now()).await;
    Ok(answer(cancelled, StatusCode::OK, locale, "cancel booking"))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleBooking {
    pub slot_start: String,
}

/// Moves an opened booking (its pass in `Booking-Pass`): the new place is taken before the old
/// one is given back.
#[utoipa::path(post, path = "/bookings/{code}/reschedule", request_body = RescheduleBooking,
    params(("code" = String, Path), ("Booking-Pass" = String, Header)),
    responses((status = 200, body = BookingDto), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 415, body = ApiError)))]
pub async fn reschedule_booking(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller_locale(None, &headers);
    let code = passed(&state, &headers, &code, locale)?;
    body::json_only(&headers, locale)?;
    let input: RescheduleBooking = body::parse_json(&body, locale)?;
    let start = slot_start(&input.slot_start, locale)?;
    let moved = state.desk.reschedule(&code, start, now()).await;
    Ok(answer(moved, StatusCode::OK, locale, "reschedule booking"))
}

/// Books a divorce's second appointment for the people of the first (opened: its pass in
/// `Booking-Pass`), inside the window after the cooling-off period. Send an `Idempotency-Key`.
#[utoipa::path(post, path = "/bookings/{code}/second-stage", request_body = RescheduleBooking,
    params(("code" = String, Path), ("Booking-Pass" = String, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = BookingDto), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 415, body = ApiError), (status = 422, body = ApiError)))]
pub async fn book_second_stage(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller_locale(None, &headers);
    let code = passed(&state, &headers, &code, locale)?;
    body::json_only(&headers, locale)?;
    let input: RescheduleBooking = body::parse_json(&body, locale)?;
    let start = slot_start(&input.slot_start, locale)?;
    let key = idempotency_key(&headers).map_err(|problem| invalid(vec![problem], locale))?;
    let booked = state.desk.book_second_stage(&code, start, key, now()).await;
    Ok(answer(
        booked,
        StatusCode::CREATED,
        locale,
        "book second stage",
    ))
}
