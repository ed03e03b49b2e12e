//! Staff pages: sign-in, the staff home, the registry desk, the hotline console and the admin
//! pages, plus the kiosk enrolment page. The server's staff gate checks the session, the role
//! and the form's CSRF token, performs the posted action, and hands each page its data; these
//! components only render it. Every form works without JavaScript.

pub mod admin;
pub mod agent;
pub mod desk;
pub mod security;

pub use admin::{
    AccountLine, AccountsData, AuditData, AuditLine, IntegratorLine, KioskLine, KiosksData,
};
pub use agent::{AgentData, AgentPrecheckData, FoundBooking, ReadOut};
pub use desk::DeskData;
pub use security::SecurityData;

use crate::components::session_warning::SessionWarning;
use crate::{
    api::staff::{
        kiosk_device, staff_identity, Outcome, StaffIdentity, ACCOUNTS_PATH, AGENT_PATH,
        AUDIT_PATH, DESK_PATH, ENROL_PATH, KIOSKS_PATH, SECURITY_PATH, SIGN_IN_PATH,
    },
    domain::{booking::moment::Moment, staff::role::Role},
    error::FieldError,
    i18n::{Locale, Msg},
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The sign-in page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInData {
    pub username: String,
    pub next: String,
    pub csrf: String,
    pub error: Option<String>,
    pub notice: Option<Msg>,
    /// The password was right: the second factor's code is asked for now.
    pub awaiting_code: bool,
}

/// The kiosk enrolment page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnrolData {
    pub error: Option<Msg>,
}

/// What a staff or kiosk page shows, put in the request's extensions by the server.
#[derive(Clone, Debug, PartialEq)]
pub enum StaffPage {
    SignIn(SignInData),
    /// The staff home; for admins, with the texts of every office that could not be sent.
    Home(Vec<crate::domain::booking::desk::FailedText>),
    Desk(Box<DeskData>),
    Agent(Box<AgentData>),
    AgentPrecheck(AgentPrecheckData),
    Accounts(AccountsData),
    Kiosks(KiosksData),
    Audit(AuditData),
    Security(Box<SecurityData>),
    Enrol(EnrolData),
    /// Signed in but this role may not open the page.
    Forbidden,
}

/// This request's staff page data (server-rendered pages only).
pub fn staff_page() -> Option<StaffPage> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<StaffPage>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

pub fn role_name(role: Role) -> Msg {
    match role {
        Role::Admin => Msg::RoleAdmin,
        Role::Registrar => Msg::RoleRegistrar,
        Role::Agent => Msg::RoleAgent,
    }
}

/// The hidden CSRF field every staff form carries.
pub fn csrf_input(who: &StaffIdentity) -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=who.csrf.clone()/> }
}

/// The message for a field, if the server named it.
pub fn error_for(errors: &[FieldError], name: &str) -> Option<Msg> {
    errors.iter().find(|e| e.field == name).map(|e| e.message)
}

/// The result of the action just performed.
pub fn outcome_view(outcome: Option<Outcome>) -> impl IntoView {
    outcome.map(|o| {
        let class = if o.ok {
            "notice notice-ok"
        } else {
            "notice notice-error"
        };
        // Focus lands here after the post, so the keyboard starts from what happened, not
        // from the top of the page.
        view! { <p class=class role="status" id="outcome" tabindex="-1" autofocus>{o.text}</p> }
    })
}

/// Who is signed in, when the session ends if idle, and the ways to stay or sign out.
#[component]
pub fn StaffBar(who: StaffIdentity, return_to: &'static str) -> impl IntoView {
    let locale = prefs_context().locale;
    let ends = crate::domain::booking::words::time(Moment::from_unix_seconds(who.idle_deadline));
    let policy = crate::domain::staff::session::SessionPolicy::default();
    view! {
        <div class="staff-bar">
            <p>
                {locale.t_with(Msg::StaffSignedInAs, &[("name", &who.display_name), ("role", locale.t(role_name(who.role)))])}
                " · "
                <span id="session-ends">{locale.t_with(Msg::StaffSessionEnds, &[("time", &ends)])}</span>
            </p>
            <form method="post" action="/staff/stay" class="inline-form">
                {csrf_input(&who)}
                <input type="hidden" name="return_to" value=return_to/>
                <button type="submit" class="button-secondary" id="stay-signed-in">{locale.t(Msg::StaffStay)}</button>
            </form>
            <a href=SECURITY_PATH class="button-secondary">{locale.t(Msg::StaffSecurityHeading)}</a>
            <form method="post" action="/staff/sign-out" class="inline-form">
                {csrf_input(&who)}
                <button type="submit" class="button-secondary">{locale.t(Msg::StaffSignOut)}</button>
            </form>
            <SessionWarning
                text=locale.t(Msg::StaffSessionWarning).to_string()
                stay=locale.t(Msg::StaffStay).to_string()
                csrf=who.csrf.clone()
                return_to=return_to.to_string()
                seconds_left=who.idle_seconds_left
                idle_seconds=policy.idle_seconds
                warn_seconds=policy.warn_seconds
            />
        </div>
    }
}

/// Renders a staff page from the gate's data, or the refusal.
pub fn with_page(render: impl FnOnce(StaffPage, StaffIdentity, Locale) -> AnyView) -> AnyView {
    let locale = prefs_context().locale;
    match (staff_page(), staff_identity()) {
        (Some(StaffPage::Forbidden), _) => forbidden(locale),
        (Some(page), Some(who)) => render(page, who, locale),
        _ => {
            view! { <p><a href=SIGN_IN_PATH>{locale.t(Msg::StaffSignInHeading)}</a></p> }.into_any()
        }
    }
}

fn forbidden(locale: Locale) -> AnyView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <Title text=locale.t(Msg::StaffForbiddenHeading)/>
        <h1>{locale.t(Msg::StaffForbiddenHeading)}</h1>
        <p>{locale.t(Msg::StaffForbidden)}</p>
        <p><a href="/staff">{locale.t(Msg::StaffHomeHeading)}</a></p>
    }
    .into_any()
}

/// Texts that could not be sent, newest first, for the people to be reached another way.
pub fn failed_texts_view(
    texts: &[crate::domain::booking::desk::FailedText],
    locale: Locale,
) -> Option<AnyView> {
    if texts.is_empty() {
        return None;
    }
    Some(
        view! {
            <section aria-labelledby="failed-texts-heading" class="staff-section failed-texts">
                <h2 id="failed-texts-heading">{locale.t(Msg::FailedTextsHeading)}</h2>
                <p class="hint">{locale.t(Msg::FailedTextsIntro)}</p>
                <table class="staff-table">
                    <thead><tr>
                        <th scope="col">{locale.t(Msg::FailedTextQueued)}</th>
                        <th scope="col">{locale.t(Msg::BookingCodeLabel)}</th>
                        <th scope="col">{locale.t(Msg::FailedTextPhone)}</th>
                        <th scope="col">{locale.t(Msg::FailedTextKind)}</th>
                        <th scope="col">{locale.t(Msg::FailedTextReason)}</th>
                    </tr></thead>
                    <tbody>
                        {texts.iter().map(|t| view! {
                            <tr>
                                <td>{crate::domain::booking::words::day_and_time(t.queued_at, locale)}</td>
                                <td>{t.booking_code.clone().unwrap_or_default()}</td>
                                <td>{t.phone_masked.clone()}</td>
                                <td>{locale.t(t.kind())}</td>
                                <td>{t.error.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
        .into_any(),
    )
}

#[component]
pub fn StaffHomePage() -> impl IntoView {
    with_page(|page, who, locale| {
        let failed = match &page {
            StaffPage::Home(texts) => failed_texts_view(texts, locale),
            _ => None,
        };
        let links: Vec<(&str, Msg, Msg)> = match who.role {
            Role::Admin => vec![
                (
                    ACCOUNTS_PATH,
                    Msg::StaffAccountsHeading,
                    Msg::StaffAccountsIntro,
                ),
                (KIOSKS_PATH, Msg::StaffKiosksHeading, Msg::StaffKiosksIntro),
                (AUDIT_PATH, Msg::StaffAuditHeading, Msg::StaffAuditIntro),
            ],
            Role::Registrar => vec![(DESK_PATH, Msg::StaffDeskHeading, Msg::StaffDeskIntro)],
            Role::Agent => vec![(AGENT_PATH, Msg::StaffAgentHeading, Msg::StaffAgentIntro)],
        };
        view! {
            <Title text=locale.t(Msg::StaffHomeHeading)/>
            <StaffBar who=who.clone() return_to="/staff"/>
            <h1>{locale.t(Msg::StaffHomeHeading)}</h1>
            <ul class="staff-links">
                {links.into_iter().map(|(href, title, intro)| view! {
                    <li><a href=href class="area-card"><span class="area-title">{locale.t(title)}</span><span>{locale.t(intro)}</span></a></li>
                }).collect_view()}
            </ul>
            {failed}
        }
        .into_any()
    })
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let Some(StaffPage::SignIn(page)) = staff_page() else {
        return view! { <p>{locale.t(Msg::StaffSignInHeading)}</p> }.into_any();
    };
    let describedby = page.error.as_ref().map(|_| "sign-in-error");
    if page.awaiting_code {
        return view! {
            <Title text=locale.t(Msg::StaffCodeHeading)/>
            <h1>{locale.t(Msg::StaffCodeHeading)}</h1>
            <p class="lead">{locale.t(Msg::StaffCodeIntro)}</p>
            {page.error.clone().map(|e| view! { <p class="notice notice-error field-error" id="sign-in-error" role="alert">{e}</p> })}
            <form method="post" action=SIGN_IN_PATH class="staff-form">
                <input type="hidden" name="csrf" value=page.csrf.clone()/>
                <input type="hidden" name="next" value=page.next/>
                <div class="field">
                    <label for="f-code">{locale.t(Msg::StaffCodeLabel)}</label>
                    <p class="hint" id="f-code-hint">{locale.t(Msg::StaffSignInCodeHint)}</p>
                    <input type="text" id="f-code" name="code" autocomplete="one-time-code" required
                        autocapitalize="characters" spellcheck="false" maxlength="14"
                        aria-invalid=page.error.is_some().then_some("true")
                        aria-describedby=if page.error.is_some() { "f-code-hint sign-in-error" } else { "f-code-hint" }/>
                </div>
                <button type="submit" class="button">{locale.t(Msg::StaffSignIn)}</button>
            </form>
            <form method="post" action=SIGN_IN_PATH class="inline-form">
                <input type="hidden" name="csrf" value=page.csrf.clone()/>
                <input type="hidden" name="go" value="restart"/>
                <button type="submit" class="button-secondary">{locale.t(Msg::StaffCodeRestart)}</button>
            </form>
        }
        .into_any();
    }
    view! {
        <Title text=locale.t(Msg::StaffSignInHeading)/>
        <h1>{locale.t(Msg::StaffSignInHeading)}</h1>
        <p class="lead">{locale.t(Msg::StaffSignInIntro)}</p>
        {page.notice.map(|m| view! { <p class="notice" role="status">{locale.t(m)}</p> })}
        {page.error.clone().map(|e| view! { <p class="notice notice-error field-error" id="sign-in-error" role="alert">{e}</p> })}
        <form method="post" action=SIGN_IN_PATH class="staff-form">
            <input type="hidden" name="csrf" value=page.csrf/>
            <input type="hidden" name="next" value=page.next/>
            <div class="field">
                <label for="f-username">{locale.t(Msg::StaffUsername)}</label>
                <input type="text" id="f-username" name="username" value=page.username
                    autocomplete="username" required autocapitalize="none" spellcheck="false"
                    aria-invalid=page.error.is_some().then_some("true") aria-describedby=describedby/>
            </div>
            <div class="field">
                <label for="f-password">{locale.t(Msg::StaffPassword)}</label>
                <input type="password" id="f-password" name="password" autocomplete="current-password" required
                    aria-invalid=page.error.is_some().then_some("true") aria-describedby=describedby/>
            </div>
            <button type="submit" class="button">{locale.t(Msg::StaffSignIn)}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn EnrolPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let error = match staff_page() {
        Some(StaffPage::Enrol(page)) => page.error,
        _ => None,
    };
    let enrolled = kiosk_device();
    view! {
        <Title text=locale.t(Msg::KioskEnrolHeading)/>
        <h1>{locale.t(Msg::KioskEnrolHeading)}</h1>
        {enrolled.map(|k| view! { <p class="notice notice-ok" role="status">{locale.t_with(Msg::KioskEnrolled, &[("kiosk", &k.name)])}</p> })}
        <p class="lead">{locale.t(Msg::KioskEnrolIntro)}</p>
        <form method="post" action=ENROL_PATH class="staff-form">
            <div class="field" class:field-invalid=error.is_some()>
                <label for="f-code">{locale.t(Msg::KioskEnrolCode)}</label>
                {error.map(|m| view! { <p class="field-error" id="f-code-error">{locale.t(m)}</p> })}
                <input type="text" id="f-code" name="code" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" maxlength="12" required
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error.is_some().then_some("f-code-error")/>
            </div>
            <button type="submit" class="button">{locale.t(Msg::KioskEnrolButton)}</button>
        </form>
    }
}
