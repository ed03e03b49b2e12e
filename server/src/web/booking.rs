//! The marriage booking forms. Each POST is a handler: it reads the form, makes the change, and
//! answers `303 See Other` to the page that shows the result (post/redirect/get), so a reload
//! never posts again. When nothing changed it renders the posted page with the reason (422).
//!
//! Booking takes two posts: `go=code` checks the form and sends a code to the first person's
//! phone, keeping the form in a sealed cookie (the draft) while the code is awaited; `go=book`
//! checks the code and books. Once the phone is verified the draft says so, so picking another
//! time after a full one needs no new code.
//!
//! The booking just made, or opened with its code and a code sent to its phones, stays open for
//! the visitor in a sealed, HttpOnly cookie (the booking pass), so no secret is ever in an
//! address. A kiosk's "finish" deletes the pass and the draft.

use super::{
    client::{ClientAddr, SameOrigin},
    cookies::{cookie, over_tls, scoped_cookie},
    page::Pages,
    posted::read_form,
};
use crate::booking::pass::{self, Pass};
use crate::crypto::DataCipher;
use crate::state::AppState;
use app::{
    api::{
        backend::{Backend, Proof},
        booking::{BookingPass, ClientAddress, DraftForm, RefusedForm},
        staff::KioskDevice,
    },
    components::form::form_field,
    domain::booking::{
        desk::{BookingProblem, BookingRequest, PersonInput},
        moment::Moment,
        phone::Phone,
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
/// The cookie holding a booking form while its code is awaited; only the booking page gets it.
pub const DRAFT_COOKIE: &str = "bianmin_draft";
/// The first line of a draft, so nothing else sealed with the same key passes for one.
const DRAFT_KIND: &str = "booking draft";
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

/// Who asks, for the limits every server shares: an enrolled kiosk by its id (a hall of
/// strangers behind one address), anyone else by their address (IPv6 by /64).
pub fn client_key(extensions: &http::Extensions) -> String {
    match extensions.get::<KioskDevice>() {
        Some(kiosk) => format!("kiosk:{}", kiosk.id),
        None => ClientAddr::of(extensions).limit_key(),
    }
}

/// The booking request of a posted form, when it names a service and a time.
fn booking_request(form: &[(String, String)]) -> Option<BookingRequest> {
    let service = Service::parse(&field(form, "service"))?;
    let slot = Moment::parse(&field(form, "slot"))?;
    let people = (0..service.people())
        .map(|i| PersonInput {
            name: field(form, &format!("people[{i}].name")),
            id_number: field(form, &format!("people[{i}].id_number")),
            phone: field(form, &format!("people[{i}].phone")),
        })
        .collect();
    Some(BookingRequest {
        office_id: field(form, "office"),
        service,
        slot_start: slot,
        people,
        ceremony: field(form, "ceremony") == "yes",
    })
}

/// `POST /marriage/book`: `go=code` sends a code to the contact phone and keeps the form;
/// `go=book` checks the code (unless the phone was verified in this sitting) and books.
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
    let Some(request) = booking_request(&form) else {
        return see_other(BOOK_PATH, None);
    };
    let client = client_key(&parts.extensions);
    let contact = Phone::parse(&field(&form, "people[0].phone"));
    let draft = open_draft(&state.cipher, &parts.headers);
    let verified = draft
        .as_ref()
        .map(|d| field(d, "verified_phone"))
        .filter(|v| !v.is_empty())
        .is_some_and(|v| contact.as_ref().is_some_and(|c| c.as_str() == v));
    let desk = &backend.booking;
    // What the form keeps between its steps: everything but the buttons and the code typed.
    let kept = |extra: &[(&str, &str)]| -> Vec<(String, String)> {
        let mut kept: Vec<(String, String)> = form
            .iter()
            .filter(|(k, _)| {
                !["go", "verification_code", "verification", "verified_phone"].contains(&k.as_str())
            })
            .cloned()
            .collect();
        kept.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        kept
    };
    let key = field(&form, "key");
    if field(&form, "go") == "code" {
        return match desk.request_booking_code(request, client).await {
            Ok(Ok(id)) => {
                let draft = draft_cookie(
                    &state.cipher,
                    &kept(&[("verification", &id)]),
                    &parts.headers,
                );
                let to = format!(
                    "{BOOK_PATH}?step=code&service={}&office={}&slot={}",
                    field(&form, "service"),
                    app::pages::marriage::encode(&field(&form, "office")),
                    app::pages::marriage::encode(&field(&form, "slot")),
                );
                see_other(&to, Some(draft))
            }
            // A time that cannot be had: the form is kept for the alternatives offered.
            Ok(Err(problem @ (BookingProblem::Full { .. } | BookingProblem::Refused { .. }))) => {
                let draft = draft_cookie(&state.cipher, &kept(&[]), &parts.headers);
                refused(&pages, parts, form, problem, Some(draft)).await
            }
            Ok(Err(problem)) => refused(&pages, parts, form, problem, None).await,
            Err(error) => error_page(&pages, parts, error).await,
        };
    }
    // The code first (it is used up when right); then the phone stays verified for this sitting.
    let mut verified_draft = None;
    if !verified {
        match desk
            .verify_booking_phone(
                request.clone(),
                field(&form, "verification"),
                field(&form, "verification_code"),
                key.clone(),
                client.clone(),
            )
            .await
        {
            Ok(Ok(())) => {
                let phone = contact
                    .as_ref()
                    .map(|c| c.as_str().to_string())
                    .unwrap_or_default();
                verified_draft = Some(draft_cookie(
                    &state.cipher,
                    &kept(&[("verified_phone", &phone)]),
                    &parts.headers,
                ));
            }
            Ok(Err(problem)) => return refused(&pages, parts, form, problem, None).await,
            Err(error) => return error_page(&pages, parts, error).await,
        }
    }
    match desk
        .book_verified(request, Proof::Verified, key, client)
        .await
    {
        Ok(Ok(booking)) => {
            let pass = pass_cookie(&state.cipher, &booking.code, "", &parts.headers);
            let mut response = see_other(BOOKED_PATH, Some(pass));
            append_cookie(&mut response, &draft_deletion(over_tls(&parts.headers)));
            response
        }
        Ok(Err(problem)) => {
            let mut form = form.clone();
            form.retain(|(k, _)| k != "verification" && k != "verification_code");
            form.push(("verified".into(), "yes".into()));
            refused(&pages, parts, form, problem, verified_draft).await
        }
        Err(error) => error_page(&pages, parts, error).await,
    }
}

/// `POST /marriage/manage`: `go=send` sends a code to the phones of the booking with the posted
/// code (or the pass's); `go=open` opens it with that code; `go=recover` texts a phone's booking
/// codes to it again; `cancel`, `move` and `second`
/// change the open booking.
async fn manage(
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
    let client = client_key(&parts.extensions);
    let desk = &backend.booking;
    let go = field(&form, "go");
    let pass = parts.extensions.get::<BookingPass>().cloned();
    if go == "send" {
        let code = Some(field(&form, "code"))
            .filter(|c| !c.is_empty())
            .or_else(|| pass.as_ref().map(|p| p.code.clone()))
            .unwrap_or_default();
        return match desk.request_manage_code(code.clone(), client).await {
            Ok(Ok(id)) => {
                let code = app::domain::booking::code::normalise_code(&code).unwrap_or(code);
                let pass = pass_cookie(&state.cipher, &code, &id, &parts.headers);
                see_other(&format!("{MANAGE_PATH}?step=code"), Some(pass))
            }
            Ok(Err(problem)) => refused(&pages, parts, form, problem, None).await,
            Err(error) => error_page(&pages, parts, error).await,
        };
    }
    if go == "recover" {
        return match desk.resend_codes(field(&form, "phone"), client).await {
            Ok(Ok(())) => see_other(&format!("{MANAGE_PATH}?done=recover"), None),
            Ok(Err(problem)) => refused(&pages, parts, form, problem, None).await,
            Err(error) => error_page(&pages, parts, error).await,
        };
    }
    if go == "open" {
        let Some(pass) = pass.filter(|p| !p.is_open()) else {
            return see_other(MANAGE_PATH, None);
        };
        let entered = field(&form, "verification_code");
        return match desk
            .open_booking(
                pass.code.clone(),
                pass.verification.clone(),
                entered,
                client,
            )
            .await
        {
            Ok(Ok(booking)) => {
                let pass = pass_cookie(&state.cipher, &booking.code, "", &parts.headers);
                see_other(&format!("{MANAGE_PATH}?step=booking"), Some(pass))
            }
            Ok(Err(problem)) => refused(&pages, parts, form, problem, None).await,
            Err(error) => error_page(&pages, parts, error).await,
        };
    }
    let Some(pass) = pass.filter(BookingPass::is_open) else {
        return see_other(MANAGE_PATH, None);
    };
    let code = pass.code.clone();
    let slot = Moment::parse(&field(&form, "slot"));
    let outcome = match (go.as_str(), slot) {
        // Only from the page that asked "cancel this booking?".
        ("cancel", _) if field(&form, "confirmed") != "yes" => {
            return see_other(&format!("{MANAGE_PATH}?step=cancel"), None);
        }
        ("cancel", _) => desk.cancel(code).await,
        ("move", Some(start)) => desk.reschedule(code, start).await,
        ("second", Some(start)) => {
            desk.book_second_stage(code, start, field(&form, "key"))
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
                .then(|| pass_cookie(&state.cipher, &booking.code, "", &parts.headers));
            see_other(&format!("{MANAGE_PATH}?done={go}"), pass)
        }
        Ok(Err(problem)) => refused(&pages, parts, form, problem, None).await,
        Err(error) => error_page(&pages, parts, error).await,
    }
}

fn append_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
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
    cookie: Option<String>,
) -> Response {
    parts.extensions.insert(RefusedForm { form, problem });
    let mut response = pages.render(parts, StatusCode::UNPROCESSABLE_ENTITY).await;
    if let Some(cookie) = cookie {
        append_cookie(&mut response, &cookie);
    }
    response
}

/// An internal error (logged with a reference where it happened): the apology with it.
async fn error_page(pages: &Pages, _: http::request::Parts, error: AppError) -> Response {
    pages.error(error)
}

/// The `Set-Cookie` value of a pass for the booking `code` (awaiting `verification`, or open
/// when it is empty).
fn pass_cookie(cipher: &DataCipher, code: &str, verification: &str, headers: &HeaderMap) -> String {
    let sealed = pass::seal(
        cipher,
        &Pass {
            code: code.to_string(),
            verification: verification.to_string(),
        },
        crate::clock::real_now().unix_seconds(),
    );
    scoped_cookie(
        PASS_COOKIE,
        &sealed,
        PASS_PATH,
        Some(pass::SECONDS),
        over_tls(headers),
    )
}

/// The cookie that deletes the pass (a kiosk's "finish").
pub fn pass_deletion(tls: bool) -> String {
    scoped_cookie(PASS_COOKIE, "", PASS_PATH, Some(0), tls)
}

/// The cookie that deletes the draft (after booking, and a kiosk's "finish").
pub fn draft_deletion(tls: bool) -> String {
    scoped_cookie(DRAFT_COOKIE, "", BOOK_PATH, Some(0), tls)
}

/// The pass in a request's cookies, when it is ours and still valid.
pub(super) fn open_pass(cipher: &DataCipher, headers: &HeaderMap) -> Option<BookingPass> {
    let opened = pass::open(
        cipher,
        cookie(headers, PASS_COOKIE)?,
        crate::clock::real_now().unix_seconds(),
    )?;
    Some(BookingPass {
        code: opened.code,
        verification: opened.verification,
    })
}

/// The `Set-Cookie` value keeping a booking form (sealed: it holds the people's details) on the
/// booking page for as long as a pass lasts.
fn draft_cookie(cipher: &DataCipher, form: &[(String, String)], headers: &HeaderMap) -> String {
    let expires = crate::clock::real_now().unix_seconds() + pass::SECONDS;
    let body = serde_json::to_string(&(DRAFT_KIND, expires, form)).expect("a form serializes");
    let sealed = hex::encode(cipher.seal_cookie(body.as_bytes()));
    scoped_cookie(
        DRAFT_COOKIE,
        &sealed,
        BOOK_PATH,
        Some(pass::SECONDS),
        over_tls(headers),
    )
}

/// The kept booking form in a request's cookies, when it is ours and still valid.
fn open_draft(cipher: &DataCipher, headers: &HeaderMap) -> Option<Vec<(String, String)>> {
    let sealed = hex::decode(cookie(headers, DRAFT_COOKIE)?).ok()?;
    let plain = cipher.open_cookie(&sealed)?;
    let (kind, expires, form): (String, i64, Vec<(String, String)>) =
        serde_json::from_slice(&plain).ok()?;
    (kind == DRAFT_KIND && expires > crate::clock::real_now().unix_seconds()).then_some(form)
}

/// Before the marriage pages and their handlers: hands the visitor's pass and address to them,
/// and keeps every answer out of caches (they show personal data).
pub async fn booking_pages(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let path = path.as_str();
    if ![BOOK_PATH, MANAGE_PATH, BOOKED_PATH].contains(&path) {
        return next.run(request).await;
    }
    if let Some(pass) = open_pass(&state.cipher, request.headers()) {
        request.extensions_mut().insert(pass);
    }
    if path == BOOK_PATH {
        if let Some(mut form) = open_draft(&state.cipher, request.headers()) {
            // The page shows "verified" rather than the number that was.
            if form
                .iter()
                .any(|(k, v)| k == "verified_phone" && !v.is_empty())
            {
                form.retain(|(k, _)| k != "verified_phone");
                form.push(("verified".into(), "yes".into()));
            }
            request.extensions_mut().insert(DraftForm { form });
        }
    }
    let client = client_key(request.extensions());
    request.extensions_mut().insert(ClientAddress(client));
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
