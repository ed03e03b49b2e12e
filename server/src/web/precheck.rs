//! The pre-check without JavaScript. Each screen posts its form (every answer so far rides along
//! in hidden fields); the answers that come out are kept in a sealed cookie for this page only,
//! and the browser is sent on to the next screen's own address (`?step=…`, post/redirect/get).
//! So every screen is a plain GET: Back shows the previous question, Reload shows the same one,
//! and nothing asks to resend a form. A screen whose answers have problems is sent back to its own
//! address, which shows them. The cookie lasts half an hour, is replaced at every screen and is
//! deleted by "start again" and a kiosk's "finish". A household too large for cookies (rare) gets
//! its next screen as the answer to its post, as before. No screen is ever stored by browsers or
//! proxies.

use super::cookies::{cookie, over_tls, scoped_cookie};
use crate::{crypto::DataCipher, state::AppState};
use app::{
    components::form::SubmittedForm,
    components::precheck::{PrecheckShown, PRECHECK_PATH},
    domain::eligibility::questions::Wizard,
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine;

/// The largest form accepted; a household of 30 needs about 6 KiB.
const FORM_LIMIT_BYTES: usize = 64 * 1024;
/// The answers' cookie, split into parts `…0`, `…1` (browsers keep about 4 KiB a cookie).
pub const ANSWERS_COOKIE: &str = "bianmin_precheck";
/// The first field of the sealed answers, so nothing else sealed with the same key passes.
const ANSWERS_KIND: &str = "precheck answers";
/// How long kept answers last without a new screen.
const ANSWERS_SECONDS: i64 = 30 * 60;
/// Characters per cookie part, and parts at most: about 6 KB in all keeps the request's `Cookie`
/// line under the 8 KiB proxies accept by default.
const PART_CHARS: usize = 3000;
const PARTS: usize = 2;

pub async fn form_pages(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if request.uri().path() != PRECHECK_PATH {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let tls = over_tls(&parts.headers);
    let mut response = if parts.method == Method::POST {
        let Some(pairs) = super::posted::read_form(body, FORM_LIMIT_BYTES).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let regions = regions_in_force(&state).await;
        let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
        let after = Wizard::submit(&pairs, &regions);
        let restart = pairs.iter().any(|(k, v)| k == "go" && v == "restart");
        if restart {
            see_other(PRECHECK_PATH, answers_deletion(tls))
        } else {
            match answers_cookies(&state.cipher, &after, tls) {
                Some(cookies) => see_other(&screen_address(&after), cookies),
                None => {
                    parts.extensions.insert(SubmittedForm(pairs));
                    next.run(super::posted::as_page_request(parts)).await
                }
            }
        }
    } else {
        let query: Vec<(String, String)> =
            form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        let asked = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        // The first screen's address has no step: Back to it shows the answer kept too.
        if let Some((answers, checked)) = open_answers(&state.cipher, &parts.headers) {
            let step = asked("step").unwrap_or_else(|| "region".into());
            parts.extensions.insert(PrecheckShown {
                checked: checked.as_deref() == Some(step.as_str()),
                returning: asked("return").as_deref() == Some("check"),
                step,
                answers,
            });
        }
        next.run(Request::from_parts(parts, body)).await
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The regions whose figures are in force today (the pre-check's region question accepts these).
async fn regions_in_force(state: &AppState) -> Vec<String> {
    let today = crate::clock::today();
    match state.policies.policies(&state.store).await {
        Ok(policies) => policies
            .values()
            .filter(|p| p.in_force(today).is_ok())
            .map(|p| p.region.clone())
            .collect(),
        Err(error) => {
            tracing::error!(%error, "load policies for the pre-check");
            Vec::new()
        }
    }
}

/// A screen's own address.
pub fn screen_address(w: &Wizard) -> String {
    let back = if w.returning { "&return=check" } else { "" };
    format!("{PRECHECK_PATH}?step={}{back}", w.step.key())
}

fn see_other(to: &str, cookies: Vec<String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(to) {
        headers.insert(header::LOCATION, location);
    }
    for c in cookies {
        if let Ok(value) = HeaderValue::from_str(&c) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The cookies keeping a screen's answers (and, when it had problems, which screen to show them
/// on), or `None` when they do not fit.
fn answers_cookies(cipher: &DataCipher, w: &Wizard, tls: bool) -> Option<Vec<String>> {
    let expires = crate::clock::real_now().unix_seconds() + ANSWERS_SECONDS;
    let answers: Vec<(&String, &String)> = w.answers.0.iter().collect();
    let checked = (!w.errors.is_empty()).then(|| w.step.key());
    let body = serde_json::to_string(&(ANSWERS_KIND, expires, answers, checked))
        .expect("answers serialize");
    let sealed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(cipher.seal_cookie(body.as_bytes()));
    if sealed.len() > PART_CHARS * PARTS {
        return None;
    }
    let pieces: Vec<&str> = sealed
        .as_bytes()
        .chunks(PART_CHARS)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    Some(
        (0..PARTS)
            .map(|i| match pieces.get(i) {
                Some(piece) => scoped_cookie(
                    &format!("{ANSWERS_COOKIE}{i}"),
                    piece,
                    PRECHECK_PATH,
                    Some(ANSWERS_SECONDS),
                    tls,
                ),
                None => scoped_cookie(
                    &format!("{ANSWERS_COOKIE}{i}"),
                    "",
                    PRECHECK_PATH,
                    Some(0),
                    tls,
                ),
            })
            .collect(),
    )
}

/// The cookies that delete kept answers ("start again", and a kiosk's "finish").
pub fn answers_deletion(tls: bool) -> Vec<String> {
    (0..PARTS)
        .map(|i| {
            scoped_cookie(
                &format!("{ANSWERS_COOKIE}{i}"),
                "",
                PRECHECK_PATH,
                Some(0),
                tls,
            )
        })
        .collect()
}

/// Kept answers, and the screen they had problems on, when the cookie is ours and current.
type Kept = (Vec<(String, String)>, Option<String>);

fn open_answers(cipher: &DataCipher, headers: &HeaderMap) -> Option<Kept> {
    let mut sealed = String::new();
    for i in 0..PARTS {
        match cookie(headers, &format!("{ANSWERS_COOKIE}{i}")) {
            Some(piece) if !piece.is_empty() => sealed.push_str(piece),
            _ => break,
        }
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sealed)
        .ok()?;
    let plain = cipher.open_cookie(&bytes)?;
    let (kind, expires, answers, checked): (String, i64, Vec<(String, String)>, Option<String>) =
        serde_json::from_slice(&plain).ok()?;
    (kind == ANSWERS_KIND && expires > crate::clock::real_now().unix_seconds())
        .then_some((answers, checked))
}
