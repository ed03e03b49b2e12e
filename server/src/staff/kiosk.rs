//! Enrolled kiosks. Staff add a kiosk and get a one-time code (valid for a day); typing it on
//! the kiosk's enrolment page sets a long-lived device cookie. Only a browser holding a live
//! device cookie is in kiosk mode; no URL turns it on. On a kiosk, every visit has an id in a
//! readable cookie; "finish" (or the idle timeout) wipes the visit's cookies and storage and
//! starts a new visit.

use super::gate::apology;
use crate::accounts::{new_token, token_hash};
use crate::state::AppState;
use crate::{
    store::Store,
    web::{
        client::ClientAddr,
        cookies::{cookie, over_tls, strict_cookie},
        posted::{as_page_request, read_form},
    },
};
use app::{
    api::staff::{KioskDevice, ENROL_PATH, FINISH_PATH},
    components::form::form_field,
    domain::prefs::{CONTRAST_COOKIE, LANG_COOKIE, TEXT_SIZE_COOKIE},
    i18n::Msg,
    pages::staff::{EnrolData, StaffPage},
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::web::cookies::DEVICE_COOKIE;
/// The current visit on a kiosk (readable by the kiosk's script, holds nothing personal).
pub const VISIT_COOKIE: &str = "bianmin_visit";
/// How long the device cookie lasts: five years.
const DEVICE_MAX_AGE: i64 = 5 * 365 * 24 * 3600;
/// How long an enrolment code works.
const CODE_LIFETIME: i64 = 24 * 3600;
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A one-time code, written in groups of four for reading aloud: `K7QM-2XPA`.
fn new_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    let raw: String = (0..8)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &raw[..4], &raw[4..])
}

/// The code as typed, reduced to its characters (case, spaces and dashes do not matter).
fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Adds a kiosk waiting for enrolment, with the audit line `line` (its record the new id);
/// returns its id and one-time code.
pub async fn create(
    store: &Store,
    name: &str,
    region: &str,
    latitude: f64,
    longitude: f64,
    line: &crate::store::staff::AuditEntry,
) -> Result<(String, String), sqlx::Error> {
    let id = format!("kiosk-{}", &new_token()[..12]);
    let code = new_code();
    let expires = crate::clock::now().unix_seconds() + CODE_LIFETIME;
    store
        .create_kiosk(
            &id,
            name,
            region,
            latitude,
            longitude,
            &token_hash(&normalise_code(&code)),
            expires,
            &crate::store::staff::AuditEntry {
                record: Some(id.clone()),
                ..line.clone()
            },
        )
        .await?;
    Ok((id, code))
}

/// Marks kiosk requests: finds the device, starts a visit when there is none, and handles the
/// enrolment and "finish" posts.
pub async fn kiosk_mode(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let method = request.method();
    match (path, method) {
        (ENROL_PATH, &Method::GET | &Method::HEAD | &Method::POST) => {
            return enrol(&state, request, next).await
        }
        (FINISH_PATH, &Method::POST) => return finish(&state, request.headers().clone()).await,
        (ENROL_PATH, _) => return method_not_allowed("GET, HEAD, POST"),
        (FINISH_PATH, _) => return method_not_allowed("POST"),
        _ => {}
    }
    // Only pages (and the staff API, which a kiosk refuses) are kiosk pages: scripts, styles,
    // the WASM and the public API keep their own caching and need no device look-up.
    let staff_path =
        path == "/staff" || path.starts_with("/staff/") || path.starts_with("/api/v1/staff");
    let last = path.rsplit('/').next().unwrap_or_default();
    if !staff_path && (path.starts_with("/pkg/") || path.starts_with("/api/") || last.contains('.'))
    {
        return next.run(request).await;
    }
    let device = match cookie(request.headers(), DEVICE_COOKIE) {
        Some(token) if !token.is_empty() => {
            match state
                .staff
                .store()
                .kiosk_by_device(&token_hash(token))
                .await
            {
                Ok(found) => found,
                Err(error) => {
                    tracing::error!(%error, "kiosk look-up failed");
                    None
                }
            }
        }
        _ => None,
    };
    let Some(kiosk) = device else {
        return next.run(request).await;
    };
    // A kiosk is used by strangers one after another: no staff member signs in on one, and a
    // session brought to it is ended, so the next visitor cannot inherit it.
    if staff_path {
        let locale = crate::web::visitor_prefs(request.headers()).locale;
        let mut response = (
            StatusCode::FORBIDDEN,
            locale.t(Msg::KioskNoStaff).to_string(),
        )
            .into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        end_staff_session(&state, request.headers(), response.headers_mut()).await;
        return response;
    }
    let existing = cookie(request.headers(), VISIT_COOKIE)
        .filter(|v| v.len() == 32 && v.chars().all(|c| c.is_ascii_hexdigit()))
        .map(str::to_string);
    let visit = existing
        .clone()
        .unwrap_or_else(|| new_token()[..32].to_string());
    request.extensions_mut().insert(KioskDevice {
        id: kiosk.id,
        name: kiosk.name,
        region: kiosk.region_id,
        latitude: kiosk.latitude,
        longitude: kiosk.longitude,
        visit: visit.clone(),
    });
    let tls = over_tls(request.headers());
    let mut response = next.run(request).await;
    // Nothing of a visit is kept by the browser's cache for the next visitor.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if existing.is_none() {
        if let Ok(value) = HeaderValue::from_str(&visit_cookie(&visit, tls)) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The visit cookie (read by the kiosk island in the browser, so not HttpOnly).
fn visit_cookie(visit: &str, tls: bool) -> String {
    let secure = if tls { "; Secure" } else { "" };
    let name = crate::web::cookies::wire_name(VISIT_COOKIE, "/", tls);
    format!("{name}={visit}; Path=/; SameSite=Strict{secure}")
}

/// Ends the staff session whose cookie the request carries, if any, and deletes the cookie.
async fn end_staff_session(
    state: &AppState,
    sent: &http::HeaderMap,
    headers: &mut http::HeaderMap,
) {
    let Some(token) = cookie(sent, crate::accounts::SESSION_COOKIE) else {
        return;
    };
    if let Err(error) = state.staff.store().delete_session(&token_hash(token)).await {
        tracing::error!(%error, "ending a staff session on a kiosk failed");
    }
    let tls = over_tls(sent);
    if let Ok(v) = HeaderValue::from_str(&strict_cookie(
        crate::accounts::SESSION_COOKIE,
        "",
        Some(0),
        tls,
    )) {
        headers.append(header::SET_COOKIE, v);
    }
}

/// 405, with the methods the route takes.
fn method_not_allowed(allow: &'static str) -> Response {
    let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// `POST /kiosk/finish`: the visit's cookies go (a staff session too), the browser is told to
/// clear this site's storage and cache, a new visit begins, and the kiosk shows the home page.
async fn finish(state: &AppState, sent: http::HeaderMap) -> Response {
    if !crate::web::same_origin(&sent) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let tls = over_tls(&sent);
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    let secure = if tls { "; Secure" } else { "" };
    for name in [LANG_COOKIE, TEXT_SIZE_COOKIE, CONTRAST_COOKIE] {
        if let Ok(v) = HeaderValue::from_str(&format!("{name}=; Path=/; Max-Age=0{secure}")) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    let deletions = [
        crate::web::pass_deletion(tls),
        crate::web::draft_deletion(tls),
    ]
    .into_iter()
    .chain(crate::web::answers_deletion(tls));
    for deletion in deletions {
        if let Ok(v) = HeaderValue::from_str(&deletion) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&visit_cookie(&new_token()[..32], tls)) {
        headers.append(header::SET_COOKIE, v);
    }
    end_staff_session(state, &sent, response.headers_mut()).await;
    response
}

/// `GET /kiosk/enrol` shows the form; `POST` with a live code sets the device cookie.
async fn enrol(state: &AppState, request: Request<Body>, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let mut page = EnrolData::default();
    let mut status = StatusCode::OK;
    if parts.method == Method::POST {
        if !crate::web::same_origin(&parts.headers) {
            return StatusCode::FORBIDDEN.into_response();
        }
        let Some(form) = read_form(body, 4096).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let code = normalise_code(form_field(&form, "code"));
        let address = ClientAddr::of(&parts.extensions).to_string();
        let device = new_token();
        let now = crate::clock::now().unix_seconds();
        // Guessing codes is slowed like guessing passwords: 5 wrong codes from an address in 15
        // minutes stop enrolment from it for 15 minutes. The attempt is counted before the code
        // is checked, so parallel guesses cannot pass the limit.
        let started = match state.staff.count_enrolment(&address, now).await {
            Ok(Ok(started)) => started,
            Ok(Err(_)) => {
                page.error = Some(Msg::KioskEnrolLocked);
                parts.extensions.insert(StaffPage::Enrol(page));
                return refused_page(parts, next, StatusCode::TOO_MANY_REQUESTS).await;
            }
            Err(error) => {
                return enrol_failed(&parts.headers, error);
            }
        };
        let enrolled = if code.len() == 8 {
            match state
                .staff
                .store()
                .enrol_kiosk(&token_hash(&code), &token_hash(&device), now, &address)
                .await
            {
                Ok(found) => found,
                Err(error) => {
                    return enrol_failed(&parts.headers, error);
                }
            }
        } else {
            None
        };
        let store = state.staff.store();
        match enrolled {
            Some(_) => {
                // The enrolment and its audit line were written together.
                if let Err(error) = state.staff.enrolled(&address).await {
                    return enrol_failed(&parts.headers, error);
                }
                let tls = over_tls(&parts.headers);
                let mut response = StatusCode::SEE_OTHER.into_response();
                let headers = response.headers_mut();
                headers.insert(header::LOCATION, HeaderValue::from_static("/"));
                if let Ok(v) = HeaderValue::from_str(&strict_cookie(
                    DEVICE_COOKIE,
                    &device,
                    Some(DEVICE_MAX_AGE),
                    tls,
                )) {
                    headers.append(header::SET_COOKIE, v);
                }
                return response;
            }
            None => {
                let failed = store
                    .append_audit(&crate::store::staff::AuditEntry {
                        actor: "-".into(),
                        role: None,
                        address,
                        action: "kiosk_enrol_failed".into(),
                        record: None,
                        detail: String::new(),
                    })
                    .await;
                if let Err(error) = failed {
                    return enrol_failed(&parts.headers, error);
                }
                if started.is_some() {
                    page.error = Some(Msg::KioskEnrolLocked);
                    status = StatusCode::TOO_MANY_REQUESTS;
                } else {
                    page.error = Some(Msg::KioskCodeWrong);
                    status = StatusCode::UNPROCESSABLE_ENTITY;
                }
            }
        }
    }
    parts.extensions.insert(StaffPage::Enrol(page));
    refused_page(parts, next, status).await
}

/// A short apology with a reference number, in the visitor's language; the error is logged.
fn enrol_failed(headers: &http::HeaderMap, error: impl std::fmt::Display) -> Response {
    let locale = crate::web::visitor_prefs(headers).locale;
    let (_, text) = apology(locale, "kiosk enrolment", error);
    (StatusCode::INTERNAL_SERVER_ERROR, text).into_response()
}

/// The enrolment page with this status (OK, or why the code was refused), never cached.
async fn refused_page(parts: http::request::Parts, next: Next, status: StatusCode) -> Response {
    let mut response = next.run(as_page_request(parts)).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_in_two_groups_and_match_however_typed() {
        let code = new_code();
        assert_eq!(code.len(), 9);
        assert_eq!(&code[4..5], "-");
        assert_eq!(
            normalise_code(&code.to_lowercase().replace('-', " ")),
            code.replace('-', "")
        );
    }
}
