//! A staff member's own sign-in: the password (the current one required) and the second factor
//! (an authenticator app, set up by QR code or by typing its secret, with one-time recovery
//! codes). After an admin's reset the password comes first; where a second factor is required,
//! it is set up before any other staff page opens.

use super::{csrf_input, error_for, outcome_view, with_page, StaffBar, StaffPage};
use crate::{
    api::staff::{Outcome, SECURITY_PATH, STAFF_HOME_PATH},
    domain::qr::qr_path,
    error::FieldError,
    i18n::{Locale, Msg},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// What the security page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecurityData {
    /// `enrol` or `password` while the session waits for that step, else `full`.
    pub stage: String,
    /// Whether a second factor is on for this account.
    pub has_second_factor: bool,
    /// Whether this account's role must have one.
    pub required: bool,
    /// While setting one up: the secret as typed into an app, and the QR code's address.
    pub secret_typed: String,
    pub app_address: String,
    /// Recovery codes not yet used.
    pub recovery_left: i64,
    /// New recovery codes, shown this once.
    pub recovery_codes: Vec<String>,
    pub outcome: Option<Outcome>,
    pub errors: Vec<FieldError>,
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    with_page(|page, who, locale| match page {
        StaffPage::Security(data) => security_view(*data, who, locale),
        _ => ().into_any(),
    })
}

fn security_view(
    data: SecurityData,
    who: crate::api::staff::StaffIdentity,
    locale: Locale,
) -> AnyView {
    let full = data.stage == "full";
    let show_password = data.stage != "enrol";
    let show_factor = data.stage != "password";
    let lead = match data.stage.as_str() {
        "password" => Some(Msg::StaffMustChangePassword),
        "enrol" => Some(Msg::StaffMustEnrol),
        _ => None,
    };
    let codes = (!data.recovery_codes.is_empty()).then(|| {
        view! {
            <section class="staff-section notice notice-ok" aria-labelledby="codes-heading">
                <h2 id="codes-heading">{locale.t(Msg::StaffRecoveryCodesHeading)}</h2>
                <p>{locale.t(Msg::StaffRecoveryCodesIntro)}</p>
                <ul class="recovery-codes" id="recovery-codes">
                    {data.recovery_codes.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}
                </ul>
            </section>
        }
    });
    let old_error = error_for(&data.errors, "old_password");
    let new_error = error_for(&data.errors, "new_password");
    let code_error = error_for(&data.errors, "code");
    let qr = qr_path(&data.app_address).map(|(width, path)| {
        let size = width + 8;
        view! {
            <svg class="qr" viewBox=format!("-4 -4 {size} {size}") role="img"
                aria-label=locale.t(Msg::StaffFactorQrLabel) shape-rendering="crispEdges">
                <rect x="-4" y="-4" width=size.to_string() height=size.to_string() fill="#fff"></rect>
                <path d=path fill="#000"></path>
            </svg>
        }
    });
    let factor = if data.has_second_factor {
        view! {
            <p>{locale.t_with(Msg::StaffFactorOn, &[("left", &data.recovery_left.to_string())])}</p>
            <form method="post" action=SECURITY_PATH class="inline-form">
                {csrf_input(&who)}
                <input type="hidden" name="go" value="recovery"/>
                <button type="submit" class="button-secondary">{locale.t(Msg::StaffRecoveryRenew)}</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <p>{locale.t(if data.required { Msg::StaffFactorRequired } else { Msg::StaffFactorOptional })}</p>
            <ol class="steps">
                <li>{locale.t(Msg::StaffFactorStepApp)}</li>
                <li>{locale.t(Msg::StaffFactorStepScan)}</li>
            </ol>
            {qr}
            <p>{locale.t(Msg::StaffFactorSecretLabel)}" "<code id="factor-secret">{data.secret_typed.clone()}</code></p>
            <form method="post" action=SECURITY_PATH class="staff-form">
                {csrf_input(&who)}
                <input type="hidden" name="go" value="enrol"/>
                <div class="field" class:field-invalid=code_error.is_some()>
                    <label for="f-factor-code">{locale.t(Msg::StaffFactorCodeLabel)}</label>
                    {code_error.map(|m| view! { <p class="field-error" id="f-factor-code-error">{locale.t(m)}</p> })}
                    <input type="text" id="f-factor-code" name="code" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="6" required aria-invalid=code_error.is_some().then_some("true")
                        aria-describedby=code_error.is_some().then_some("f-factor-code-error")/>
                </div>
                <button type="submit" class="button">{locale.t(Msg::StaffFactorConfirm)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=locale.t(Msg::StaffSecurityHeading)/>
        <StaffBar who=who.clone() return_to=SECURITY_PATH/>
        <h1>{locale.t(Msg::StaffSecurityHeading)}</h1>
        {lead.map(|m| view! { <p class="notice" role="status">{locale.t(m)}</p> })}
        {outcome_view(data.outcome.clone())}
        {codes}
        {full.then(|| view! { <p><a href=STAFF_HOME_PATH>{locale.t(Msg::StaffHomeHeading)}</a></p> })}
        {show_password.then(|| view! {
            <section class="staff-section" aria-labelledby="password-heading">
                <h2 id="password-heading">{locale.t(Msg::StaffPasswordHeading)}</h2>
                <form method="post" action=SECURITY_PATH class="staff-form">
                    {csrf_input(&who)}
                    <input type="hidden" name="go" value="password"/>
                    <div class="field" class:field-invalid=old_error.is_some()>
                        <label for="f-old">{locale.t(Msg::StaffPasswordOld)}</label>
                        {old_error.map(|m| view! { <p class="field-error" id="f-old-error">{locale.t(m)}</p> })}
                        <input type="password" id="f-old" name="old_password" autocomplete="current-password" required
                            aria-invalid=old_error.is_some().then_some("true")
                            aria-describedby=old_error.is_some().then_some("f-old-error")/>
                    </div>
                    <div class="field" class:field-invalid=new_error.is_some()>
                        <label for="f-new">{locale.t(Msg::StaffPasswordNew)}</label>
                        {new_error.map(|m| view! { <p class="field-error" id="f-new-error">{locale.t(m)}</p> })}
                        <input type="password" id="f-new" name="new_password" autocomplete="new-password" required minlength="12"
                            aria-invalid=new_error.is_some().then_some("true")
                            aria-describedby=new_error.is_some().then_some("f-new-error")/>
                    </div>
                    <div class="field">
                        <label for="f-again">{locale.t(Msg::StaffPasswordAgain)}</label>
                        <input type="password" id="f-again" name="new_password_again" autocomplete="new-password" required minlength="12"/>
                    </div>
                    <button type="submit" class="button">{locale.t(Msg::StaffPasswordChange)}</button>
                </form>
            </section>
        })}
        {show_factor.then(|| view! {
            <section class="staff-section" aria-labelledby="factor-heading">
                <h2 id="factor-heading">{locale.t(Msg::StaffFactorHeading)}</h2>
                {factor}
            </section>
        })}
    }
    .into_any()
}
