//! The gate in front of every staff page and staff API endpoint. It finds the session, refuses
//! anyone without the route's role (a sign-in page or 403 in the browser, 401 or 403 from the
//! API), refuses state-changing requests without the session's CSRF token or from another
//! site, performs posted actions, and marks every answer `Cache-Control: no-store`.

use super::{pages, same_secret, SignInError, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE};
use crate::web::{
    posted::{as_page_request, query_pairs, read_form},
    AppState,
};
use app::{
    api::{
        booking::ClientAddress,
        staff::{SignInPage, StaffPage, SIGN_IN_PATH, STAFF_HOME_PATH},
    },
    domain::{prefs::safe_return_path, staff::role::Role},
    i18n::{Locale, Msg},
    pages::precheck::form_field,
};
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use std::net::SocketAddr;

const FORM_LIMIT_BYTES: usize = 64 * 1024;

/// A route behind the gate and who may use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    SignIn,
    SignOut,
    Stay,
    Home,
    Desk,
    Agent,
    AgentPrecheck,
    Accounts,
    Kiosks,
    Audit,
    AuditCsv,
    ApiMe,
    ApiBookings,
    ApiCheckIn,
    ApiAudit,
}

impl Route {
    /// The route of a path, when it is behind the gate.
    pub fn of(path: &str) -> Option<Route> {
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        Some(match path {
            "/staff/sign-in" => Route::SignIn,
            "/staff/sign-out" => Route::SignOut,
            "/staff/stay" => Route::Stay,
            "/staff" => Route::Home,
            "/staff/desk" => Route::Desk,
            "/staff/agent" => Route::Agent,
            "/staff/agent/precheck" => Route::AgentPrecheck,
            "/staff/accounts" => Route::Accounts,
            "/staff/kiosks" => Route::Kiosks,
            "/staff/audit" => Route::Audit,
            "/staff/audit.csv" => Route::AuditCsv,
            "/api/v1/staff/me" => Route::ApiMe,
            "/api/v1/staff/bookings" => Route::ApiBookings,
            "/api/v1/staff/audit" => Route::ApiAudit,
            p if p.starts_with("/api/v1/staff/bookings/") && p.ends_with("/check-in") => {
                Route::ApiCheckIn
            }
            _ => return None,
        })
    }

    /// The roles allowed; empty for the sign-in page, which everyone may open.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Route::SignIn => &[],
            Route::SignOut | Route::Stay | Route::Home | Route::ApiMe => &[Admin, Registrar, Agent],
            Route::Desk | Route::ApiCheckIn => &[Registrar],
            Route::Agent | Route::AgentPrecheck => &[Agent],
            Route::ApiBookings => &[Agent, Registrar],
            Route::Accounts | Route::Kiosks | Route::Audit | Route::AuditCsv | Route::ApiAudit => {
                &[Admin]
            }
        }
    }

    pub fn is_api(self) -> bool {
        matches!(
            self,
            Route::ApiMe | Route::ApiBookings | Route::ApiCheckIn | Route::ApiAudit
        )
    }

    /// Every gated path with a method it answers, for tests that try each one.
    pub const ALL: [(&'static str, &'static str); 16] = [
        ("GET", "/staff"),
        ("GET", "/staff/desk"),
        ("GET", "/staff/agent"),
        ("GET", "/staff/agent/precheck"),
        ("POST", "/staff/agent/precheck"),
        ("GET", "/staff/accounts"),
        ("GET", "/staff/kiosks"),
        ("GET", "/staff/audit"),
        ("GET", "/staff/audit.csv"),
        ("POST", "/staff/sign-out"),
        ("POST", "/staff/stay"),
        ("GET", "/api/v1/staff/me"),
        ("GET", "/api/v1/staff/bookings?by=code&value=ABC"),
        ("POST", "/api/v1/staff/bookings/ABC/check-in"),
        ("GET", "/api/v1/staff/audit"),
        ("POST", "/staff/desk"),
    ];
}

/// Reads a cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, _)| n.trim() == name)
        .map(|(_, v)| v.trim())
}

/// Whether cookies must carry `Secure`: the request came over TLS (directly or, behind a proxy,
/// as its `X-Forwarded-Proto` says).
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A strict cookie: HttpOnly, SameSite=Strict, `Secure` over TLS; `max_age` none for a session
/// cookie, `Some(0)` to delete.
pub fn strict_cookie(name: &str, value: &str, max_age: Option<i64>, tls: bool) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if tls {
        cookie.push_str("; Secure");
    }
    cookie
}

/// The address the request came from (the TCP peer), for audit lines and throttling.
pub fn client_address(extensions: &axum::http::Extensions) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub async fn gate(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let Some(route) = Route::of(request.uri().path()) else {
        return next.run(request).await;
    };
    let mut response = guarded(&state, route, request, next).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn guarded(state: &AppState, route: Route, request: Request<Body>, next: Next) -> Response {
    let address = client_address(request.extensions());
    let locale = crate::web::visitor_prefs(request.headers()).locale;
    let now = crate::services::now().unix_seconds();
    let tls = over_tls(request.headers());
    let post = request.method() == Method::POST;
    if post && !crate::web::same_origin(request.headers()) {
        return refuse(route, StatusCode::FORBIDDEN, locale, Msg::CrossSiteRefused);
    }
    if route == Route::SignIn {
        return sign_in(state, request, next, &address, locale, now, tls).await;
    }

    let token = cookie(request.headers(), SESSION_COOKIE).map(str::to_string);
    let session = match token {
        Some(token) => match state.staff.session(&token, now).await {
            Ok(session) => session,
            Err(error) => return internal(route, locale, "staff session", error),
        },
        None => None,
    };
    let Some(session) = session else {
        if route.is_api() || post {
            return refuse(
                route,
                StatusCode::UNAUTHORIZED,
                locale,
                Msg::StaffSignInNeeded,
            );
        }
        let next_path = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        let target = format!(
            "{SIGN_IN_PATH}?next={}",
            form_urlencoded::byte_serialize(next_path.as_bytes()).collect::<String>()
        );
        return redirect(&target, &[]);
    };
    if !route.roles().contains(&session.identity.role) {
        if route.is_api() || post {
            return refuse(route, StatusCode::FORBIDDEN, locale, Msg::StaffForbidden);
        }
        let (mut parts, body) = request.into_parts();
        parts.extensions.insert(session.identity.clone());
        parts.extensions.insert(StaffPage::Forbidden);
        let mut response = next.run(Request::from_parts(parts, body)).await;
        *response.status_mut() = StatusCode::FORBIDDEN;
        return response;
    }

    let (mut parts, body) = request.into_parts();
    let form = if post {
        let Some(pairs) = read_form(body, FORM_LIMIT_BYTES).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let sent = if route.is_api() {
            parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        } else {
            form_field(&pairs, "csrf").to_string()
        };
        if !same_secret(&sent, &session.identity.csrf) {
            return refuse(route, StatusCode::FORBIDDEN, locale, Msg::StaffCsrfRefused);
        }
        Some(pairs)
    } else {
        None
    };
    let query = query_pairs(&parts.uri);

    let context = pages::Context {
        state: state.clone(),
        who: session.identity.clone(),
        address: address.clone(),
        locale,
        form,
        query,
    };
    let page = match route {
        Route::SignOut => {
            if let Err(error) = state.staff.sign_out(&session, &address).await {
                return internal(route, locale, "sign out", error);
            }
            let clear = strict_cookie(SESSION_COOKIE, "", Some(0), tls);
            return redirect(&format!("{SIGN_IN_PATH}?signed_out=1"), &[clear]);
        }
        Route::Stay => {
            // The session was refreshed on the way in.
            let back = context
                .form
                .as_deref()
                .map(|f| form_field(f, "return_to").to_string())
                .and_then(|p| safe_return_path(&p).map(str::to_string))
                .unwrap_or_else(|| STAFF_HOME_PATH.to_string());
            return redirect(&back, &[]);
        }
        Route::ApiMe => {
            return Json(serde_json::json!({
                "username": session.identity.username,
                "role": session.identity.role.key(),
                "office": session.identity.office_id,
                "session_ends_at": session.identity.idle_deadline,
            }))
            .into_response()
        }
        Route::ApiBookings => return pages::api_bookings(&context).await,
        Route::ApiCheckIn => {
            let code = parts
                .uri
                .path()
                .trim_start_matches("/api/v1/staff/bookings/")
                .trim_end_matches("/check-in")
                .to_string();
            return pages::api_check_in(&context, &code).await;
        }
        Route::ApiAudit | Route::AuditCsv => return pages::audit_csv(&context).await,
        Route::Home => Ok(StaffPage::Home),
        Route::Desk => pages::desk(&context)
            .await
            .map(|p| StaffPage::Desk(Box::new(p))),
        Route::Agent => pages::agent(&context)
            .await
            .map(|p| StaffPage::Agent(Box::new(p))),
        Route::AgentPrecheck => pages::agent_precheck(&context)
            .await
            .map(StaffPage::AgentPrecheck),
        Route::Accounts => pages::accounts(&context).await.map(StaffPage::Accounts),
        Route::Kiosks => pages::kiosks(&context).await.map(StaffPage::Kiosks),
        Route::Audit => pages::audit(&context).await.map(StaffPage::Audit),
        Route::SignIn => unreachable!("handled above"),
    };
    let page = match page {
        Ok(page) => page,
        Err(error) => return internal(route, locale, "staff page", error),
    };
    parts.extensions.insert(session.identity);
    parts.extensions.insert(page);
    parts.extensions.insert(ClientAddress(address));
    next.run(as_page_request(parts)).await
}

async fn sign_in(
    state: &AppState,
    request: Request<Body>,
    next: Next,
    address: &str,
    locale: Locale,
    now: i64,
    tls: bool,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let query = query_pairs(&parts.uri);
    let cookie_token = cookie(&parts.headers, SIGN_IN_CSRF_COOKIE).map(str::to_string);
    let mut page = SignInPage {
        next: safe_return_path(form_field(&query, "next"))
            .unwrap_or_default()
            .to_string(),
        notice: (form_field(&query, "signed_out") == "1").then_some(Msg::StaffSignedOut),
        ..SignInPage::default()
    };
    let mut set_cookie = None;
    let mut status = StatusCode::OK;
    if parts.method == Method::POST {
        let Some(form) = read_form(body, FORM_LIMIT_BYTES).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let sent = form_field(&form, "csrf");
        if !cookie_token
            .as_deref()
            .is_some_and(|t| !t.is_empty() && same_secret(t, sent))
        {
            return refuse(
                Route::SignIn,
                StatusCode::FORBIDDEN,
                locale,
                Msg::StaffCsrfRefused,
            );
        }
        page.username = form_field(&form, "username").chars().take(64).collect();
        page.next = safe_return_path(form_field(&form, "next"))
            .unwrap_or_default()
            .to_string();
        match state
            .staff
            .sign_in(&page.username, form_field(&form, "password"), address, now)
            .await
        {
            Err(error) => return internal(Route::SignIn, locale, "sign in", error),
            Ok(Ok(token)) => {
                let target = if page.next.starts_with("/staff") {
                    page.next.clone()
                } else {
                    STAFF_HOME_PATH.to_string()
                };
                return redirect(
                    &target,
                    &[
                        strict_cookie(SESSION_COOKIE, &token, None, tls),
                        strict_cookie(SIGN_IN_CSRF_COOKIE, "", Some(0), tls),
                    ],
                );
            }
            Ok(Err(SignInError::Wrong)) => {
                status = StatusCode::UNAUTHORIZED;
                page.error = Some(locale.t(Msg::StaffSignInWrong).to_string());
            }
            Ok(Err(SignInError::Locked(until))) => {
                status = StatusCode::TOO_MANY_REQUESTS;
                let time = app::domain::booking::moment::Moment::from_unix_seconds(until);
                page.error = Some(locale.t_with(
                    Msg::StaffSignInLocked,
                    &[("time", &app::domain::booking::words::time(time))],
                ));
            }
        }
    }
    page.csrf = match cookie_token {
        Some(t) if !t.is_empty() => t,
        _ => {
            let token = super::new_token();
            set_cookie = Some(strict_cookie(SIGN_IN_CSRF_COOKIE, &token, None, tls));
            token
        }
    };
    parts.extensions.insert(StaffPage::SignIn(page));
    let mut response = next.run(as_page_request(parts)).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

fn redirect(target: &str, cookies: &[String]) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(target) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A refusal: JSON from the API, a short text page in the browser.
fn refuse(route: Route, status: StatusCode, locale: Locale, message: Msg) -> Response {
    let text = locale.t(message);
    if route.is_api() {
        return (status, Json(serde_json::json!({ "error": text }))).into_response();
    }
    let mut response = (status, text.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Logs a failure with its context under a fresh reference number, and returns the number.
pub fn logged_reference(context: &str, error: impl std::fmt::Display) -> String {
    let reference = app::error::new_reference();
    tracing::error!(%reference, context, error = %error, "staff request failed");
    reference
}

/// Logs a failure like [`logged_reference`]; returns the number and a short apology giving it.
pub fn apology(locale: Locale, context: &str, error: impl std::fmt::Display) -> (String, String) {
    let reference = logged_reference(context, error);
    let text = format!(
        "{} {}",
        locale.t(Msg::InternalError),
        locale.t_with(Msg::ErrorReference, &[("reference", &reference)])
    );
    (reference, text)
}

fn internal(
    route: Route,
    locale: Locale,
    context: &str,
    error: impl std::fmt::Display,
) -> Response {
    let (reference, text) = apology(locale, context, error);
    if route.is_api() {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(serde_json::json!({ "error": text, "reference": reference })),
        )
            .into_response();
    }
    (StatusCode::INTERNAL_SERVER_ERROR, text).into_response()
}
