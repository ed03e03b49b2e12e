//! `/api/v1/staff`: the staff JSON API (a scanner station checks couples in, call-centre
//! software looks bookings up, an admin exports the audit trail). It answers a signed-in staff
//! session (its cookie), and a change only with the session's `X-CSRF-Token` header from this
//! site. Errors have the same body as the rest of the API.

use super::error::{caller_locale, ApiError};
use crate::state::AppState;
use crate::{
    accounts::{same_secret, Session, SESSION_COOKIE},
    booking::service::DeskError,
    staff::{gate::logged_reference, pages},
    web::{client::ClientAddr, cookies::cookie, posted::query_pairs},
};
use app::{
    domain::{booking::desk::BookingView, staff::role::Role},
    i18n::{Locale, Msg},
};
use axum::{
    body::Bytes,
    extract::{FromRequestParts, Path, State},
    http::{request::Parts, HeaderMap, Method, StatusCode},
    middleware::map_response,
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(bookings))
        .routes(routes!(check_in))
        .routes(routes!(audit))
        .layer(map_response(crate::web::headers::no_store))
}

/// The signed-in staff member calling, with the caller's language and address.
pub struct StaffCaller {
    pub session: Session,
    pub locale: Locale,
    pub address: ClientAddr,
    query: Vec<(String, String)>,
}

impl FromRequestParts<AppState> for StaffCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let locale = caller_locale(None, &parts.headers);
        let forbidden = |m: Msg| ApiError::new(StatusCode::FORBIDDEN, "forbidden", locale.t(m));
        let change = parts.method != Method::GET && parts.method != Method::HEAD;
        if change && !crate::web::same_origin(&parts.headers) {
            return Err(forbidden(Msg::CrossSiteRefused));
        }
        let now = crate::clock::now().unix_seconds();
        let session = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) => state
                .staff
                .session(token, now)
                .await
                .map_err(|e| internal(locale, e))?,
            None => None,
        };
        // Only a full session: one waiting for its second factor (or a step after a reset)
        // opens nothing here.
        let Some(session) = session.filter(|s| s.stage == crate::accounts::Stage::Full) else {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                locale.t(Msg::StaffSignInNeeded),
            ));
        };
        if change {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !same_secret(sent, &session.identity.csrf) {
                return Err(forbidden(Msg::StaffCsrfRefused));
            }
        }
        Ok(StaffCaller {
            session,
            locale,
            address: ClientAddr::of(&parts.extensions),
            query: query_pairs(&parts.uri),
        })
    }
}

impl StaffCaller {
    /// Refuses a caller whose role is not among `roles`.
    fn allow(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.session.identity.role) {
            return Ok(());
        }
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            self.locale.t(Msg::StaffForbidden),
        ))
    }

    fn context(&self, state: &AppState) -> pages::Context {
        pages::Context {
            state: state.clone(),
            who: self.session.identity.clone(),
            session: self.session.clone(),
            address: self.address.to_string(),
            locale: self.locale,
            form: None,
            query: self.query.clone(),
            views: Default::default(),
        }
    }
}

fn internal(locale: Locale, error: impl std::fmt::Display) -> ApiError {
    let reference = logged_reference("staff API", error);
    let mut error = ApiError::from_app(
        app::error::AppError::Internal {
            reference: reference.clone(),
        },
        locale,
    );
    error.reference = Some(reference);
    error
}

/// The signed-in staff member.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    /// `admin`, `registrar` or `agent`.
    pub role: String,
    /// A registrar's office.
    pub office: Option<String>,
    /// When the session ends if nothing happens (Unix seconds).
    pub session_ends_at: i64,
}

#[utoipa::path(get, path = "/staff/me",
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
pub async fn me(caller: StaffCaller) -> Result<Json<Me>, ApiError> {
    let who = caller.session.identity;
    Ok(Json(Me {
        username: who.username,
        role: who.role.key().to_string(),
        office: who.office_id,
        session_ends_at: who.idle_deadline,
    }))
}

/// Bookings found, masked.
#[derive(Serialize, ToSchema)]
pub struct FoundBookings {
    #[schema(value_type = Vec<Object>)]
    pub bookings: Vec<BookingView>,
}

/// What to look bookings up by. A POST body, so no phone or ID number is ever in a URL (where
/// proxies, logs and browser history would keep it).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingSearch {
    /// code, phone or id
    pub by: String,
    /// the booking code, phone number or ID number
    pub value: String,
}

/// Bookings by code, phone or ID number: agents see every office's, registrars their own.
#[utoipa::path(post, path = "/staff/bookings/search", request_body = BookingSearch,
    params(("X-CSRF-Token" = String, Header, description = "the session's CSRF token")),
    responses((status = 200, body = FoundBookings), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 415, body = ApiError), (status = 422, body = ApiError)))]
pub async fn bookings(
    State(state): State<AppState>,
    caller: StaffCaller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<FoundBookings>, ApiError> {
    caller.allow(&[Role::Agent, Role::Registrar])?;
    super::body::json_only(&headers, caller.locale)?;
    let BookingSearch { by, value } = super::body::parse_json(&body, caller.locale)?;
    let value = value.trim().to_string();
    if value.is_empty() || value.chars().count() > 40 {
        return Err(super::error::invalid(
            vec![("value".into(), Msg::StaffFindValueNeeded)],
            caller.locale,
        ));
    }
    let context = caller.context(&state);
    let mut found = match by.as_str() {
        "code" => match state.desk.by_code(&value).await {
            Ok(v) => vec![v],
            Err(DeskError::Problem(_)) => Vec::new(),
            Err(e) => return Err(internal(caller.locale, e)),
        },
        "phone" | "id" => state
            .desk
            .find_by_person(&value)
            .await
            .map_err(|e| internal(caller.locale, e))?,
        _ => {
            return Err(super::error::invalid(
                vec![("by".into(), Msg::StaffLookupKindInvalid)],
                caller.locale,
            ))
        }
    };
    // A registrar's office boundary: other offices' bookings are not there for them.
    let who = &caller.session.identity;
    if who.role == Role::Registrar {
        found.retain(|b| who.office_id.as_deref() == Some(b.office_id.as_str()));
    }
    // The audit names what was looked up by, never the phone or ID number itself.
    let codes: Vec<&str> = found.iter().map(|b| b.code.as_str()).collect();
    context
        .audit_line(
            "look_up",
            codes.first().copied(),
            &format!("by={by} found={}", codes.join(",")),
        )
        .await
        .map_err(|e| internal(caller.locale, e))?;
    Ok(Json(FoundBookings { bookings: found }))
}

#[utoipa::path(post, path = "/staff/bookings/{code}/check-in",
    params(("code" = String, Path), ("X-CSRF-Token" = String, Header, description = "the session's CSRF token")),
    responses((status = 200, body = Object), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn check_in(
    State(state): State<AppState>,
    caller: StaffCaller,
    Path(code): Path<String>,
) -> Result<Json<BookingView>, ApiError> {
    caller.allow(&[Role::Registrar])?;
    let locale = caller.locale;
    let desk = &state.desk;
    let office = caller
        .session
        .identity
        .office_id
        .clone()
        .unwrap_or_default();
    match desk.by_code(&code).await {
        Ok(b) if b.office_id == office => {}
        Ok(_) | Err(DeskError::Problem(_)) => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                locale.t(Msg::StaffCodeNotHere),
            ))
        }
        Err(e) => return Err(internal(locale, e)),
    }
    let line = caller.context(&state).line("check_in", Some(&code), "api");
    let view = match desk.check_in(&code, crate::clock::now(), &line).await {
        Ok(view) => view,
        Err(DeskError::Problem(problem)) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                locale.t(problem.message()),
            ))
        }
        Err(e) => return Err(internal(locale, e)),
    };
    Ok(Json(view))
}

#[utoipa::path(get, path = "/staff/audit",
    params(("actor" = Option<String>, Query), ("action" = Option<String>, Query),
        ("record" = Option<String>, Query), ("from" = Option<String>, Query), ("to" = Option<String>, Query)),
    responses((status = 200, description = "the audit trail as CSV", content_type = "text/csv"),
        (status = 401, body = ApiError), (status = 403, body = ApiError)))]
pub async fn audit(
    State(state): State<AppState>,
    caller: StaffCaller,
) -> Result<Response, ApiError> {
    caller.allow(&[Role::Admin])?;
    Ok(pages::audit_csv(&caller.context(&state))
        .await
        .into_response())
}
