//! Every staff page's URL, declared once in axum and grouped by who may use it. A layer in front
//! of each group finds the session, refuses anyone without the group's role (the sign-in page or
//! 403), refuses changes without the session's CSRF token or from another site, and hands the
//! checked form on. A posted action answers 303 to its page (post/redirect/get) with its outcome
//! in a one-time sealed cookie, or, when it changed nothing, renders the page with the problems
//! (422). Every answer is marked `Cache-Control: no-store`. The staff JSON API is in
//! `rest::staff`.

use super::pages;
use crate::accounts::{
    same_secret, Session, SignInError, Stage, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE,
};
use crate::state::AppState;
use crate::web::{
    client::ClientAddr,
    cookies::{cookie, over_tls, scoped_cookie, strict_cookie},
    page::Pages,
    posted::{query_pairs, read_form},
};
use app::{
    api::{
        booking::ClientAddress,
        staff::{
            Outcome, ACCOUNTS_PATH, AGENT_PATH, AGENT_PRECHECK_PATH, AUDIT_PATH, DESK_PATH,
            KIOSKS_PATH, SECURITY_PATH, SIGN_IN_PATH, STAFF_HOME_PATH,
        },
    },
    components::form::form_field,
    domain::{prefs::safe_return_path, staff::role::Role},
    i18n::{Locale, Msg},
    pages::staff::{SignInData, StaffPage},
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, request::Parts, HeaderValue, Method, StatusCode},
    middleware::{from_fn_with_state, map_response, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Router,
};
use serde::{Deserialize, Serialize};

const FORM_LIMIT_BYTES: usize = 64 * 1024;
pub const SIGN_OUT_PATH: &str = "/staff/sign-out";
pub const STAY_PATH: &str = "/staff/stay";
pub const AUDIT_CSV_PATH: &str = "/staff/audit.csv";

/// The one-time cookie carrying a posted action's outcome to the page it redirects to.
const NOTICE_COOKIE: &str = "bianmin_notice";
const NOTICE_SECONDS: i64 = 120;
/// The first line of a sealed notice, so no other sealed value passes for one.
const NOTICE_KIND: &str = "staff notice";

/// A staff page: what its builder in `pages.rs` makes and where it lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Desk,
    Agent,
    AgentPrecheck,
    Accounts,
    Kiosks,
    Audit,
    Security,
}

impl Route {
    pub fn path(self) -> &'static str {
        match self {
            Route::Home => STAFF_HOME_PATH,
            Route::Desk => DESK_PATH,
            Route::Agent => AGENT_PATH,
            Route::AgentPrecheck => AGENT_PRECHECK_PATH,
            Route::Accounts => ACCOUNTS_PATH,
            Route::Kiosks => KIOSKS_PATH,
            Route::Audit => AUDIT_PATH,
            Route::Security => SECURITY_PATH,
        }
    }
}

/// The staff pages. Routes that change state answer POST only (405 to the rest).
pub fn router(state: &AppState) -> Router<AppState> {
    use Role::*;
    let everyone = Router::new()
        .route(STAFF_HOME_PATH, get(show(Route::Home)))
        .route(SIGN_OUT_PATH, post(sign_out))
        .route(STAY_PATH, post(stay))
        .route(
            SECURITY_PATH,
            get(show(Route::Security)).post(act(Route::Security)),
        );
    let registrars = Router::new().route(DESK_PATH, get(show(Route::Desk)).post(act(Route::Desk)));
    // The agent's pre-check stores nothing: its POST renders the answers (like the public one).
    let agents = Router::new()
        .route(AGENT_PATH, get(show(Route::Agent)).post(act(Route::Agent)))
        .route(
            AGENT_PRECHECK_PATH,
            get(show(Route::AgentPrecheck)).post(show(Route::AgentPrecheck)),
        );
    let admins = Router::new()
        .route(
            ACCOUNTS_PATH,
            get(show(Route::Accounts)).post(act(Route::Accounts)),
        )
        .route(
            KIOSKS_PATH,
            get(show(Route::Kiosks)).post(act(Route::Kiosks)),
        )
        .route(AUDIT_PATH, get(show(Route::Audit)))
        .route(AUDIT_CSV_PATH, get(audit_csv));
    Router::new()
        .route(SIGN_IN_PATH, get(sign_in).post(sign_in))
        .merge(only(state, &[Admin, Registrar, Agent], everyone))
        .merge(only(state, &[Registrar], registrars))
        .merge(only(state, &[Agent], agents))
        .merge(only(state, &[Admin], admins))
        .layer(map_response(crate::web::headers::no_store))
}

/// Who may pass the layer in front of a group of routes.
#[derive(Clone)]
struct Guard {
    state: AppState,
    roles: &'static [Role],
}

fn only(state: &AppState, roles: &'static [Role], routes: Router<AppState>) -> Router<AppState> {
    routes.route_layer(from_fn_with_state(
        Guard {
            state: state.clone(),
            roles,
        },
        require_staff,
    ))
}

/// A staff form whose CSRF token the layer checked.
#[derive(Clone, Debug)]
struct StaffForm(Vec<(String, String)>);

/// The session of the signed-in staff member, found by the layer.
#[derive(Clone, Debug)]
struct StaffSession(Session);

async fn require_staff(State(guard): State<Guard>, request: Request<Body>, next: Next) -> Response {
    // No staff route takes any other method: the router answers 405 with the methods the path
    // takes. (Should one ever, its handler would find no session, which only this layer adds,
    // and fail without acting.)
    if !matches!(*request.method(), Method::GET | Method::HEAD | Method::POST) {
        return next.run(request).await;
    }
    let locale = crate::web::visitor_prefs(request.headers()).locale;
    let change = request.method() != Method::GET && request.method() != Method::HEAD;
    if change && !crate::web::same_origin(request.headers()) {
        return refuse(StatusCode::FORBIDDEN, locale, Msg::CrossSiteRefused);
    }
    let now = crate::clock::now().unix_seconds();
    let token = cookie(request.headers(), SESSION_COOKIE).map(str::to_string);
    let session = match token {
        Some(token) => match guard.state.staff.session(&token, now).await {
            Ok(session) => session,
            Err(error) => return failed_before(&request, "staff session", error),
        },
        None => None,
    };
    let Some(session) = session else {
        if change {
            return refuse(StatusCode::UNAUTHORIZED, locale, Msg::StaffSignInNeeded);
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
    // A session part of the way in (the second factor awaited, or one to set up, or a password
    // to change after a reset) opens only the page of that step, and can sign out.
    if session.stage != Stage::Full {
        let path = request.uri().path();
        let step_page =
            path == SECURITY_PATH && matches!(session.stage, Stage::Enrol | Stage::Password);
        if !(step_page || path == SIGN_OUT_PATH) {
            if change {
                return refuse(StatusCode::UNAUTHORIZED, locale, Msg::StaffSignInNeeded);
            }
            let target = if session.stage == Stage::Code {
                SIGN_IN_PATH
            } else {
                SECURITY_PATH
            };
            return redirect(target, &[]);
        }
    }
    let (mut parts, body) = request.into_parts();
    if !guard.roles.contains(&session.identity.role) {
        if change {
            return refuse(StatusCode::FORBIDDEN, locale, Msg::StaffForbidden);
        }
        parts.extensions.insert(session.identity.clone());
        parts.extensions.insert(StaffPage::Forbidden);
        // Shown as a page (the CSV export has none of its own): the page sets 403.
        if parts.uri.path() == AUDIT_CSV_PATH {
            parts.uri = axum::http::Uri::from_static(STAFF_HOME_PATH);
        }
        return render(parts, StatusCode::FORBIDDEN).await;
    }
    if change {
        let Some(pairs) = read_form(body, FORM_LIMIT_BYTES).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        if !same_secret(form_field(&pairs, "csrf"), &session.identity.csrf) {
            return refuse(StatusCode::FORBIDDEN, locale, Msg::StaffCsrfRefused);
        }
        parts.extensions.insert(StaffForm(pairs));
    }
    parts.extensions.insert(StaffSession(session));
    next.run(Request::from_parts(parts, Body::empty())).await
}

/// The page builders' view of a request the layer let through.
fn context(state: &AppState, parts: &Parts) -> pages::Context {
    let StaffSession(session) = parts
        .extensions
        .get::<StaffSession>()
        .cloned()
        .expect("staff routes sit behind require_staff");
    pages::Context {
        state: state.clone(),
        who: session.identity.clone(),
        session,
        address: ClientAddr::of(&parts.extensions).to_string(),
        locale: crate::web::visitor_prefs(&parts.headers).locale,
        form: parts.extensions.get::<StaffForm>().map(|f| f.0.clone()),
        query: query_pairs(&parts.uri),
        views: Default::default(),
    }
}

async fn build(route: Route, context: &pages::Context) -> pages::PageResult<StaffPage> {
    Ok(match route {
        Route::Home => StaffPage::Home(pages::home(context).await?),
        Route::Desk => StaffPage::Desk(Box::new(pages::desk(context).await?)),
        Route::Agent => StaffPage::Agent(Box::new(pages::agent(context).await?)),
        Route::AgentPrecheck => StaffPage::AgentPrecheck(pages::agent_precheck(context).await?),
        Route::Accounts => StaffPage::Accounts(pages::accounts(context).await?),
        Route::Kiosks => StaffPage::Kiosks(pages::kiosks(context).await?),
        Route::Audit => StaffPage::Audit(pages::audit(context).await?),
        Route::Security => StaffPage::Security(Box::new(pages::security(context).await?)),
    })
}

/// `GET` of a staff page: the page's data, and the outcome of the action that led here.
fn show(route: Route) -> impl Fn(State<AppState>, Request<Body>) -> PageFuture + Clone {
    move |State(state), request| Box::pin(show_page(route, state, request))
}

type PageFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>;

async fn show_page(route: Route, state: AppState, request: Request<Body>) -> Response {
    let (mut parts, _) = request.into_parts();
    let context = context(&state, &parts);
    let mut page = match build(route, &context).await {
        Ok(page) => page,
        Err(error) => return failed(&parts, "staff page", error),
    };
    if let Err(error) = context.write_views().await {
        return failed(&parts, "staff page audit", error);
    }
    let notice = take_notice(&state, &parts);
    if let Some(notice) = &notice {
        notice.apply(&mut page);
    }
    parts.extensions.insert(context.who);
    parts.extensions.insert(page);
    parts.extensions.insert(ClientAddress(context.address));
    let had_notice = cookie(&parts.headers, NOTICE_COOKIE).is_some();
    let tls = over_tls(&parts.headers);
    let mut response = render(parts, StatusCode::OK).await;
    if had_notice {
        // Shown once: a reload shows the page as it is, without the notice.
        let deletion = scoped_cookie(NOTICE_COOKIE, "", "/staff", Some(0), tls);
        if let Ok(value) = HeaderValue::from_str(&deletion) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// `POST` of a staff page's action: done, then 303 to the page; or the page with the problems.
fn act(route: Route) -> impl Fn(State<AppState>, Request<Body>) -> PageFuture + Clone {
    move |State(state), request| Box::pin(act_on_page(route, state, request))
}

async fn act_on_page(route: Route, state: AppState, request: Request<Body>) -> Response {
    let (mut parts, _) = request.into_parts();
    let context = context(&state, &parts);
    let page = match build(route, &context).await {
        Ok(page) => page,
        Err(error) => return failed(&parts, "staff action", error),
    };
    let notice = Notice::of(&page);
    // A look-up changes nothing and its answer is shown at once: redirecting would put the
    // phone or ID number looked up into the address.
    let looked_up = context.action() == Some("find");
    if notice.refused || looked_up {
        // The page is shown after all: what it shows is audited.
        if let Err(error) = context.write_views().await {
            return failed(&parts, "staff page audit", error);
        }
        parts.extensions.insert(context.who);
        parts.extensions.insert(ClientAddress(context.address));
        let awaiting_code = matches!(&page, StaffPage::Agent(p)
            if !p.verification.is_empty() && p.errors.is_empty() && p.outcome.is_none());
        parts.extensions.insert(page);
        let status = if awaiting_code || (looked_up && !notice.refused) {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return render(parts, status).await;
    }
    let target = format!(
        "{}{}",
        route.path(),
        view_query(&page, context.posted("code"))
    );
    let tls = over_tls(&parts.headers);
    let cookie = notice
        .sealed(&state)
        .map(|sealed| scoped_cookie(NOTICE_COOKIE, &sealed, "/staff", Some(NOTICE_SECONDS), tls));
    redirect(&target, &cookie.into_iter().collect::<Vec<_>>())
}

/// The address that shows a page as the action left it: for the agent, the booking acted on,
/// by its code (never the phone or ID number it was found by).
fn view_query(page: &StaffPage, acted_on: &str) -> String {
    let pairs: Vec<(&str, String)> = match page {
        StaffPage::Desk(desk) => vec![("date", desk.date.to_string())],
        StaffPage::Agent(agent) if agent.by == "code" && !agent.value.is_empty() => {
            vec![("by", "code".into()), ("value", agent.value.clone())]
        }
        StaffPage::Agent(_) if !acted_on.trim().is_empty() => {
            vec![
                ("by", "code".into()),
                ("value", acted_on.trim().to_string()),
            ]
        }
        _ => Vec::new(),
    };
    if pairs.is_empty() {
        return String::new();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("?{query}")
}

/// What a posted action leaves for the page it redirects to.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Notice {
    ok: bool,
    text: Option<String>,
    /// A kiosk's one-time enrolment code: (kiosk name, code).
    new_code: Option<(String, String)>,
    /// An integrator key just issued: (integrator name, key). Sealed like the rest.
    #[serde(default)]
    new_key: Option<(String, String)>,
    /// New recovery codes, or an account's one-time password after a reset: shown once.
    #[serde(default)]
    recovery_codes: Vec<String>,
    #[serde(default)]
    new_password: Option<(String, String)>,
    /// Not carried: the action changed nothing and the page is shown with its problems.
    #[serde(skip)]
    refused: bool,
}

impl Notice {
    fn of(page: &StaffPage) -> Notice {
        let (outcome, errors, new_code) = match page {
            StaffPage::Desk(p) => (&p.outcome, p.errors.len(), None),
            StaffPage::Agent(p) => (&p.outcome, p.errors.len(), None),
            StaffPage::Accounts(p) => (&p.outcome, p.errors.len(), None),
            StaffPage::Kiosks(p) => (&p.outcome, p.errors.len(), p.new_code.clone()),
            StaffPage::Security(p) => (&p.outcome, p.errors.len(), None),
            _ => (&None, 0, None),
        };
        let (recovery_codes, new_password) = match page {
            StaffPage::Security(p) => (p.recovery_codes.clone(), None),
            StaffPage::Accounts(p) => (Vec::new(), p.new_password.clone()),
            _ => (Vec::new(), None),
        };
        let new_key = match page {
            StaffPage::Kiosks(p) => p.new_key.clone(),
            _ => None,
        };
        Notice {
            ok: outcome.as_ref().is_none_or(|o| o.ok),
            text: outcome.as_ref().map(|o| o.text.clone()),
            new_code,
            new_key,
            recovery_codes,
            new_password,
            // A code sent to a caller's phone: the form stays on the page while it is read out.
            refused: errors > 0
                || outcome.as_ref().is_some_and(|o| !o.ok)
                || matches!(page, StaffPage::Agent(p) if !p.verification.is_empty()),
        }
    }

    fn apply(&self, page: &mut StaffPage) {
        let outcome = self.text.clone().map(|text| Outcome { ok: self.ok, text });
        match page {
            StaffPage::Desk(p) => p.outcome = outcome,
            StaffPage::Agent(p) => p.outcome = outcome,
            StaffPage::Accounts(p) => {
                p.outcome = outcome;
                p.new_password = self.new_password.clone();
            }
            StaffPage::Security(p) => {
                p.outcome = outcome;
                p.recovery_codes = self.recovery_codes.clone();
            }
            StaffPage::Kiosks(p) => {
                p.outcome = outcome;
                p.new_code = self.new_code.clone();
                p.new_key = self.new_key.clone();
            }
            _ => {}
        }
    }

    /// The notice sealed for its cookie; `None` when there is nothing to say.
    fn sealed(&self, state: &AppState) -> Option<String> {
        if self.text.is_none()
            && self.new_code.is_none()
            && self.new_key.is_none()
            && self.recovery_codes.is_empty()
            && self.new_password.is_none()
        {
            return None;
        }
        let expires = crate::clock::real_now().unix_seconds() + NOTICE_SECONDS;
        let json = serde_json::to_string(self).ok()?;
        let plain = format!("{NOTICE_KIND}\n{expires}\n{json}");
        Some(hex::encode(state.cipher.seal_cookie(plain.as_bytes())))
    }
}

/// The notice a redirect left, when it is ours and fresh.
fn take_notice(state: &AppState, parts: &Parts) -> Option<Notice> {
    let sealed = hex::decode(cookie(&parts.headers, NOTICE_COOKIE)?).ok()?;
    let plain = String::from_utf8(state.cipher.open_cookie(&sealed)?).ok()?;
    let mut lines = plain.splitn(3, '\n');
    if lines.next()? != NOTICE_KIND {
        return None;
    }
    let expires: i64 = lines.next()?.parse().ok()?;
    if expires < crate::clock::real_now().unix_seconds() {
        return None;
    }
    serde_json::from_str(lines.next()?).ok()
}

/// `POST /staff/sign-out`.
async fn sign_out(State(state): State<AppState>, request: Request<Body>) -> Response {
    let (parts, _) = request.into_parts();
    let Some(StaffSession(session)) = parts.extensions.get::<StaffSession>().cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let address = ClientAddr::of(&parts.extensions).to_string();
    if let Err(error) = state.staff.sign_out(&session, &address).await {
        return failed(&parts, "sign out", error);
    }
    let clear = strict_cookie(SESSION_COOKIE, "", Some(0), over_tls(&parts.headers));
    redirect(&format!("{SIGN_IN_PATH}?signed_out=1"), &[clear])
}

/// `POST /staff/stay`: the session was refreshed on the way in; back to where the form was.
async fn stay(request: Request<Body>) -> Response {
    let back = request
        .extensions()
        .get::<StaffForm>()
        .map(|f| form_field(&f.0, "return_to").to_string())
        .and_then(|p| safe_return_path(&p).map(str::to_string))
        .unwrap_or_else(|| STAFF_HOME_PATH.to_string());
    redirect(&back, &[])
}

/// `GET /staff/audit.csv`: the filtered audit trail for a spreadsheet.
async fn audit_csv(State(state): State<AppState>, request: Request<Body>) -> Response {
    let (parts, _) = request.into_parts();
    pages::audit_csv(&context(&state, &parts)).await
}

/// `GET` and `POST /staff/sign-in`: the user name and password, then (for an account with a
/// second factor) the code from the authenticator app or a recovery code.
async fn sign_in(State(state): State<AppState>, request: Request<Body>) -> Response {
    let locale = crate::web::visitor_prefs(request.headers()).locale;
    let address = ClientAddr::of(request.extensions()).to_string();
    let now = crate::clock::now().unix_seconds();
    let tls = over_tls(request.headers());
    let post = request.method() == Method::POST;
    if post && !crate::web::same_origin(request.headers()) {
        return refuse(StatusCode::FORBIDDEN, locale, Msg::CrossSiteRefused);
    }
    let (mut parts, body) = request.into_parts();
    let query = query_pairs(&parts.uri);
    let cookie_token = cookie(&parts.headers, SIGN_IN_CSRF_COOKIE).map(str::to_string);
    // A session whose password was right and whose second factor is awaited.
    let awaiting = match cookie(&parts.headers, SESSION_COOKIE) {
        Some(token) => match state.staff.session(token, now).await {
            Ok(session) => session.filter(|s| s.stage == Stage::Code),
            Err(error) => return failed(&parts, "staff session", error),
        },
        None => None,
    };
    let mut page = SignInData {
        next: safe_return_path(form_field(&query, "next"))
            .unwrap_or_default()
            .to_string(),
        notice: (form_field(&query, "signed_out") == "1").then_some(Msg::StaffSignedOut),
        awaiting_code: awaiting.is_some(),
        ..SignInData::default()
    };
    let mut set_cookie = None;
    let mut status = StatusCode::OK;
    if post {
        let Some(form) = read_form(body, FORM_LIMIT_BYTES).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let sent = form_field(&form, "csrf");
        if !cookie_token
            .as_deref()
            .is_some_and(|t| !t.is_empty() && same_secret(t, sent))
        {
            return refuse(StatusCode::FORBIDDEN, locale, Msg::StaffCsrfRefused);
        }
        page.next = safe_return_path(form_field(&form, "next"))
            .unwrap_or_default()
            .to_string();
        let locked_text = |until: i64| {
            let time = app::domain::booking::moment::Moment::from_unix_seconds(until);
            locale.t_with(
                Msg::StaffSignInLocked,
                &[("time", &app::domain::booking::words::time(time))],
            )
        };
        if let Some(session) = &awaiting {
            if form_field(&form, "go") == "restart" {
                if let Err(error) = state
                    .staff
                    .store()
                    .delete_session(&session.token_hash)
                    .await
                {
                    return failed(&parts, "sign in again", error);
                }
                return redirect(
                    SIGN_IN_PATH,
                    &[strict_cookie(SESSION_COOKIE, "", Some(0), tls)],
                );
            }
            // The code is matched against the real time, even on a training server.
            let real = crate::clock::real_unix_seconds();
            match state
                .staff
                .second_factor(session, form_field(&form, "code"), &address, real)
                .await
            {
                Err(error) => return failed(&parts, "second factor", error),
                Ok(Ok(stage)) => {
                    return redirect(
                        &stage_target(stage, &page.next),
                        &[strict_cookie(SIGN_IN_CSRF_COOKIE, "", Some(0), tls)],
                    )
                }
                Ok(Err(SignInError::Locked(until))) => {
                    status = StatusCode::TOO_MANY_REQUESTS;
                    page.error = Some(locked_text(until));
                }
                Ok(Err(_)) => {
                    status = StatusCode::UNAUTHORIZED;
                    page.error = Some(locale.t(Msg::StaffCodeWrong).to_string());
                }
            }
        } else {
            page.username = form_field(&form, "username").chars().take(64).collect();
            match state
                .staff
                .sign_in(&page.username, form_field(&form, "password"), &address, now)
                .await
            {
                Err(error) => return failed(&parts, "sign in", error),
                Ok(Ok((token, stage))) => {
                    let mut cookies = vec![strict_cookie(SESSION_COOKIE, &token, None, tls)];
                    if stage != Stage::Code {
                        cookies.push(strict_cookie(SIGN_IN_CSRF_COOKIE, "", Some(0), tls));
                    }
                    return redirect(&stage_target(stage, &page.next), &cookies);
                }
                Ok(Err(SignInError::Wrong)) => {
                    status = StatusCode::UNAUTHORIZED;
                    page.error = Some(locale.t(Msg::StaffSignInWrong).to_string());
                }
                Ok(Err(SignInError::Busy)) => {
                    status = StatusCode::SERVICE_UNAVAILABLE;
                    page.error = Some(locale.t(Msg::StaffSignInBusy).to_string());
                }
                Ok(Err(SignInError::Locked(until))) => {
                    status = StatusCode::TOO_MANY_REQUESTS;
                    page.error = Some(locked_text(until));
                }
            }
        }
    }
    page.csrf = match cookie_token {
        Some(t) if !t.is_empty() => t,
        _ => {
            let token = crate::accounts::new_token();
            set_cookie = Some(strict_cookie(SIGN_IN_CSRF_COOKIE, &token, None, tls));
            token
        }
    };
    parts.extensions.insert(StaffPage::SignIn(page));
    let mut response = render(parts, status).await;
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// Where a session at `stage` goes after a sign-in step: in (to `next`, a staff page, or the
/// staff home), the code step, or the security page.
fn stage_target(stage: Stage, next: &str) -> String {
    match stage {
        Stage::Full if next.starts_with("/staff") => next.to_string(),
        Stage::Full => STAFF_HOME_PATH.to_string(),
        Stage::Code if !next.is_empty() => format!(
            "{SIGN_IN_PATH}?next={}",
            form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        ),
        Stage::Code => SIGN_IN_PATH.to_string(),
        Stage::Enrol | Stage::Password => SECURITY_PATH.to_string(),
    }
}

/// The staff page at the request's address, rendered with `status`.
async fn render(parts: Parts, status: StatusCode) -> Response {
    match parts.extensions.get::<Pages>().cloned() {
        Some(pages) => pages.render(parts, status).await,
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
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

/// A refusal: a short text page in the visitor's language.
fn refuse(status: StatusCode, locale: Locale, message: Msg) -> Response {
    let mut response = (status, locale.t(message).to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// An internal failure: logged with a reference, and the page's apology giving it.
fn failed(parts: &Parts, context: &str, error: impl std::fmt::Display) -> Response {
    let reference = logged_reference(context, error);
    match parts.extensions.get::<Pages>() {
        Some(pages) => pages.apology(&reference),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn failed_before(
    request: &Request<Body>,
    context: &str,
    error: impl std::fmt::Display,
) -> Response {
    let reference = logged_reference(context, error);
    match request.extensions().get::<Pages>() {
        Some(pages) => pages.apology(&reference),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
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
