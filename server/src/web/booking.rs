//! The marriage booking forms. Each POST is a handler: it reads the form, makes the change, and
//! answers `303 See Other` to the page that shows the result (post/redirect/get), so a reload
//! never posts again. When nothing changed it renders the posted page with the reason (422).
//!
//! The booking just made, or found with its code and an ID ending, stays open for the visitor in
//! a sealed, HttpOnly cookie (the booking pass), so neither secret is ever in an address. A
//! kiosk's "finish" deletes it.

use super::{
    client::{ClientAddr, SameOrigin},
    cookies::{cookie, over_tls, scoped_cookie},
    page::Pages,
    posted::read_form,
};
use crate::crypto::DataCipher;
use crate::state::AppState;
use app::{
    api::{
        backend::Backend,
        booking::{BookingPass, ClientAddress, RefusedForm},
    },
    components::form::form_field,
    domain::booking::{
        desk::{BookingProblem, BookingRequest, PersonInput},
        moment::Moment,
        Service,
    },
    error::AppError,
    pages::marriage::{BOOKED_PATH, BOOK_PATH, MANAGE_PATH},
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::post,
    Extension, Router,
};

/// The cookie holding the booking pass; only the marriage pages receive it.
pub const PASS_COOKIE: &str = "bianmin_booking";
const PASS_PATH: &str = "/marriage";
/// The first line of a pass, so nothing else sealed with the same key passes for one.
const PASS_KIND: &str = "booking pass";
/// How long a pass lasts: long enough to read, print or change a booking in one sitting.
const PASS_SECONDS: i64 = 30 * 60;
/// A booking form is a few hundred bytes.
const FORM_LIMIT_BYTES: usize = 16 * 1024;

/// The booking forms' handlers (the pages themselves are the app's routes).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(BOOK_PATH, post(book))
        .route(MANAGE_PATH, post(manage))
}

fn field(form: &[(String, String)], name: &str) -> String {
    form_field(form, name).trim().to_string()
}

/// The request's parts with its form read; `Err` when the body is too large.
async fn form_of(
    request: Request<Body>,
) -> Result<(http::request::Parts, Vec<(String, String)>), Response> {
    let (parts, body) = request.into_parts();
    match read_form(body, FORM_LIMIT_BYTES).await {
        Some(form) => Ok((parts, form)),
        None => Err(StatusCode::PAYLOAD_TOO_LARGE.into_response()),
    }
}

/// `POST /marriage/book`: books the posted time for the posted people.
async fn book(
    State(state): State<AppState>,
    Extension(pages): Extension<Pages>,
    Extension(backend): Extension<Backend>,
    _: SameOrigin,
    request: Request<Body>,
) -> Response {
    let (parts, form) = match form_of(request).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let (Some(service), Some(slot)) = (
        Service::parse(&field(&form, "service")),
        Moment::parse(&field(&form, "slot")),
    ) else {
        return see_other(BOOK_PATH, None);
    };
    let people = (0..service.people())
        .map(|i| PersonInput {
            name: field(&form, &format!("people[{i}].name")),
            id_number: field(&form, &format!("people[{i}].id_number")),
            phone: field(&form, &format!("people[{i}].phone")),
        })
        .collect();
    let request = BookingRequest {
        office_id: field(&form, "office"),
        service,
        slot_start: slot,
        people,
        ceremony: field(&form, "ceremony") == "yes",
    };
    let key = field(&form, "key");
    match backend.booking.book(request, key).await {
        Ok(Ok(booking)) => {
            let id = field(&form, "people[0].id_number").to_ascii_uppercase();
            let last4 = id.get(id.len().saturating_sub(4)..).unwrap_or("");
            let pass = pass_cookie(&state.cipher, &booking.code, last4, &parts.headers);
            see_other(BOOKED_PATH, Some(pass))
        }
        Ok(Err(problem)) => refused(&pages, parts, form, problem).await,
        Err(error) => error_page(&pages, parts, error).await,
    }
}

/// `POST /marriage/manage`: `go=find` opens a booking with its code and an ID ending; `cancel`,
/// `move` and `second` change the open booking.
async fn manage(
    State(state): State<AppState>,
    Extension(pages): Extension<Pages>,
    Extension(backend): Extension<Backend>,
    _: SameOrigin,
    client: ClientAddr,
    request: Request<Body>,
) -> Response {
    let (parts, form) = match form_of(request).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let client = client.ip().to_string();
    let desk = &backend.booking;
    let go = field(&form, "go");
    if go == "find" {
        let code = field(&form, "code");
        let last4 = field(&form, "id_last4").to_ascii_uppercase();
        return match desk.find(code, last4.clone(), client).await {
            Ok(Ok(booking)) => {
                let pass = pass_cookie(&state.cipher, &booking.code, &last4, &parts.headers);
                see_other(&format!("{MANAGE_PATH}?step=booking"), Some(pass))
            }
            Ok(Err(problem)) => refused(&pages, parts, form, problem).await,
            Err(error) => error_page(&pages, parts, error).await,
        };
    }
    let Some(pass) = parts.extensions.get::<BookingPass>().cloned() else {
        return see_other(MANAGE_PATH, None);
    };
    let (code, last4) = (pass.code.clone(), pass.id_last4.clone());
    let slot = Moment::parse(&field(&form, "slot"));
    let outcome = match (go.as_str(), slot) {
        ("cancel", _) => desk.cancel(code, last4, client).await,
        ("move", Some(start)) => desk.reschedule(code, last4, start, client).await,
        ("second", Some(start)) => {
            desk.book_second_stage(code, last4, start, field(&form, "key"), client)
                .await
        }
        ("move" | "second", None) => {
            return see_other(&format!("{MANAGE_PATH}?step={go}"), None);
        }
        _ => return see_other(&format!("{MANAGE_PATH}?step=booking"), None),
    };
    match outcome {
        // A second appointment is a booking of its own: the pass moves to it.
        Ok(Ok(booking)) => {
            let pass = (booking.code != pass.code)
                .then(|| pass_cookie(&state.cipher, &booking.code, &pass.id_last4, &parts.headers));
            see_other(&format!("{MANAGE_PATH}?done={go}"), pass)
        }
        Ok(Err(problem)) => refused(&pages, parts, form, problem).await,
        Err(error) => error_page(&pages, parts, error).await,
    }
}

fn see_other(to: &str, cookie: Option<String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(to) {
        headers.insert(header::LOCATION, location);
    }
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}

/// The posted page again, with the form and why nothing changed.
async fn refused(
    pages: &Pages,
    mut parts: http::request::Parts,
    form: Vec<(String, String)>,
    problem: BookingProblem,
) -> Response {
    parts.extensions.insert(RefusedForm { form, problem });
    pages.render(parts, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// An internal error (logged with a reference where it happened): the apology with it.
async fn error_page(pages: &Pages, _: http::request::Parts, error: AppError) -> Response {
    pages.error(error)
}

/// The `Set-Cookie` value of a pass for the booking `code` opened with `id_last4`.
fn pass_cookie(cipher: &DataCipher, code: &str, id_last4: &str, headers: &HeaderMap) -> String {
    let expires = crate::clock::real_now().unix_seconds() + PASS_SECONDS;
    let plain = format!("{PASS_KIND}\n{code}\n{id_last4}\n{expires}");
    let sealed = hex::encode(cipher.seal_pass(plain.as_bytes()));
    scoped_cookie(
        PASS_COOKIE,
        &sealed,
        PASS_PATH,
        Some(PASS_SECONDS),
        over_tls(headers),
    )
}

/// The cookie that deletes the pass (a kiosk's "finish").
pub fn pass_deletion(tls: bool) -> String {
    scoped_cookie(PASS_COOKIE, "", PASS_PATH, Some(0), tls)
}

/// The pass in a request's cookies, when it is ours and still valid.
fn open_pass(cipher: &DataCipher, headers: &HeaderMap) -> Option<BookingPass> {
    let sealed = hex::decode(cookie(headers, PASS_COOKIE)?).ok()?;
    let plain = String::from_utf8(cipher.open_pass(&sealed)?).ok()?;
    let mut lines = plain.split('\n');
    if lines.next()? != PASS_KIND {
        return None;
    }
    let (code, id_last4, expires) = (lines.next()?, lines.next()?, lines.next()?);
    let expires: i64 = expires.parse().ok()?;
    (expires > crate::clock::real_now().unix_seconds()).then(|| BookingPass {
        code: code.to_string(),
        id_last4: id_last4.to_string(),
    })
}

/// Before the marriage pages and their handlers: hands the visitor's pass and address to them,
/// and keeps every answer out of caches (they show personal data).
pub async fn booking_pages(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if ![BOOK_PATH, MANAGE_PATH, BOOKED_PATH].contains(&path) {
        return next.run(request).await;
    }
    if let Some(pass) = open_pass(&state.cipher, request.headers()) {
        request.extensions_mut().insert(pass);
    }
    let client = ClientAddr::of(request.extensions()).ip().to_string();
    request.extensions_mut().insert(ClientAddress(client));
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
