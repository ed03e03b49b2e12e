//! Admin pages: staff accounts, kiosks with their one-time enrolment codes, and the audit trail
//! (filtered, exported as CSV).

use self::{AccountsData as Accounts, AuditData as Audit, KiosksData as Kiosks};
use super::{csrf_input, error_for, outcome_view, role_name, with_page, StaffBar, StaffPage};
use crate::domain::{booking::desk::OfficeInfo, booking::moment::Moment};
use crate::{
    api::staff::{Outcome, StaffIdentity, ACCOUNTS_PATH, AUDIT_PATH, ENROL_PATH, KIOSKS_PATH},
    domain::{
        booking::words::{day, time},
        staff::role::Role,
    },
    error::FieldError,
    i18n::{Locale, Msg},
};
use leptos::prelude::*;
use leptos_meta::Title;

fn text_field(
    name: &'static str,
    label: Msg,
    kind: &'static str,
    errors: &[FieldError],
    locale: Locale,
) -> impl IntoView {
    let id = format!("f-{name}");
    let error = error_for(errors, name);
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=error.is_some()>
            <label for=id.clone()>{locale.t(label)}</label>
            {error.map(|m| view! { <p class="field-error" id=error_id.clone()>{locale.t(m)}</p> })}
            <input type=kind id=id name=name autocomplete="off" required
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=error.is_some().then_some(error_id.clone())/>
        </div>
    }
}

/// A staff account as admins see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountLine {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub office_id: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountsData {
    pub accounts: Vec<AccountLine>,
    pub offices: Vec<OfficeInfo>,
    pub outcome: Option<Outcome>,
    pub errors: Vec<FieldError>,
    /// A one-time password an admin's reset just made: (user name, password), shown once.
    pub new_password: Option<(String, String)>,
}

/// A kiosk as admins see it.
#[derive(Clone, Debug, PartialEq)]
pub struct KioskLine {
    pub id: String,
    pub name: String,
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
    pub enrolled: bool,
    pub revoked: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct KiosksData {
    pub kiosks: Vec<KioskLine>,
    pub regions: Vec<(String, String)>,
    /// A one-time enrolment code just made: (kiosk name, code).
    pub new_code: Option<(String, String)>,
    /// Trusted integrators' API keys.
    pub integrators: Vec<IntegratorLine>,
    /// An integrator key just issued, shown this once: (integrator name, key).
    pub new_key: Option<(String, String)>,
    pub outcome: Option<Outcome>,
    pub errors: Vec<FieldError>,
}

/// A trusted integrator's key, as the admin page lists it (never the key itself).
#[derive(Clone, Debug, PartialEq)]
pub struct IntegratorLine {
    pub id: String,
    pub name: String,
    pub created_by: String,
    pub revoked: bool,
}

/// One line of the audit trail as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditLine {
    pub at: Moment,
    pub actor: String,
    pub role: String,
    pub address: String,
    pub action: String,
    pub record: String,
    pub detail: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditData {
    pub actor: String,
    pub action: String,
    pub record: String,
    pub lines: Vec<AuditLine>,
    pub errors: Vec<FieldError>,
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    with_page(|page, who, locale| match page {
        StaffPage::Accounts(data) => accounts_view(data, who, locale),
        _ => ().into_any(),
    })
}

fn accounts_view(data: Accounts, who: StaffIdentity, locale: Locale) -> AnyView {
    view! {
        <Title text=locale.t(Msg::StaffAccountsHeading)/>
        <StaffBar who=who.clone() return_to=ACCOUNTS_PATH/>
        <h1>{locale.t(Msg::StaffAccountsHeading)}</h1>
        {outcome_view(data.outcome.clone())}
        {data.new_password.map(|(name, password)| view! {
            <div class="notice notice-ok" role="status">
                <p>{locale.t_with(Msg::StaffResetDone, &[("name", &name)])}</p>
                <p class="enrol-code" id="one-time-password">{password}</p>
            </div>
        })}
        <table class="staff-table">
            <thead><tr>
                <th scope="col">{locale.t(Msg::StaffUsername)}</th>
                <th scope="col">{locale.t(Msg::StaffDisplayName)}</th>
                <th scope="col">{locale.t(Msg::StaffRole)}</th>
                <th scope="col">{locale.t(Msg::OfficeLabel)}</th>
                <th scope="col">{locale.t(Msg::StaffState)}</th>
            </tr></thead>
            <tbody>
                {data.accounts.into_iter().map(|a| {
                    let (go, label) = if a.active { ("disable", Msg::StaffDisable) } else { ("enable", Msg::StaffEnable) };
                    view! {
                        <tr>
                            <th scope="row">{a.username}</th>
                            <td>{a.display_name}</td>
                            <td>{locale.t(role_name(a.role))}</td>
                            <td>{a.office_id.unwrap_or_default()}</td>
                            <td>
                                {locale.t(if a.active { Msg::StaffActive } else { Msg::StaffInactive })}
                                <form method="post" action=ACCOUNTS_PATH class="inline-form">
                                    {csrf_input(&who)}
                                    <input type="hidden" name="id" value=a.id.to_string()/>
                                    <button type="submit" name="go" value=go class="button-secondary">{locale.t(label)}</button>
                                </form>
                                <form method="post" action=ACCOUNTS_PATH class="inline-form">
                                    {csrf_input(&who)}
                                    <input type="hidden" name="id" value=a.id.to_string()/>
                                    <button type="submit" name="go" value="reset" class="button-secondary">{locale.t(Msg::StaffResetSignIn)}</button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <h2>{locale.t(Msg::StaffAddAccount)}</h2>
        <form method="post" action=ACCOUNTS_PATH class="staff-form">
            {csrf_input(&who)}
            <input type="hidden" name="go" value="add"/>
            {text_field("username", Msg::StaffUsername, "text", &data.errors, locale)}
            {text_field("display_name", Msg::StaffDisplayName, "text", &data.errors, locale)}
            <div class="field" class:field-invalid=error_for(&data.errors, "role").is_some()>
                <label for="f-role">{locale.t(Msg::StaffRole)}</label>
                <select id="f-role" name="role">
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.key()>{locale.t(role_name(r))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field" class:field-invalid=error_for(&data.errors, "office").is_some()>
                <label for="f-office">{locale.t(Msg::StaffOfficeForRegistrar)}</label>
                {error_for(&data.errors, "office").map(|m| view! { <p class="field-error">{locale.t(m)}</p> })}
                <select id="f-office" name="office">
                    <option value="">"—"</option>
                    {data.offices.iter().map(|o| {
                        let name = match locale { Locale::ZhCn => o.name_zh.clone(), Locale::En => o.name_en.clone() };
                        view! { <option value=o.id.clone()>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            {text_field("password", Msg::StaffInitialPassword, "password", &data.errors, locale)}
            <button type="submit" class="button">{locale.t(Msg::StaffAddAccount)}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn KiosksPage() -> impl IntoView {
    with_page(|page, who, locale| match page {
        StaffPage::Kiosks(data) => kiosks_view(data, who, locale),
        _ => ().into_any(),
    })
}

fn kiosks_view(data: Kiosks, who: StaffIdentity, locale: Locale) -> AnyView {
    view! {
        <Title text=locale.t(Msg::StaffKiosksHeading)/>
        <StaffBar who=who.clone() return_to=KIOSKS_PATH/>
        <h1>{locale.t(Msg::StaffKiosksHeading)}</h1>
        {outcome_view(data.outcome.clone())}
        {data.new_code.map(|(name, code)| view! {
            <div class="notice notice-ok" role="status">
                <p>{locale.t_with(Msg::StaffKioskCode, &[("kiosk", &name), ("path", ENROL_PATH)])}</p>
                <p class="enrol-code" id="enrol-code">{code}</p>
            </div>
        })}
        <table class="staff-table">
            <thead><tr>
                <th scope="col">{locale.t(Msg::StaffKioskName)}</th>
                <th scope="col">{locale.t(Msg::RegionLabel)}</th>
                <th scope="col">{locale.t(Msg::StaffLocation)}</th>
                <th scope="col">{locale.t(Msg::StaffState)}</th>
            </tr></thead>
            <tbody>
                {data.kiosks.into_iter().map(|k| {
                    let state = if k.revoked { Msg::StaffKioskRevoked } else if k.enrolled { Msg::StaffKioskEnrolled } else { Msg::StaffKioskWaiting };
                    view! {
                        <tr>
                            <th scope="row">{k.name}</th>
                            <td>{k.region}</td>
                            <td>{format!("{:.5}, {:.5}", k.latitude, k.longitude)}</td>
                            <td>
                                {locale.t(state)}
                                {(!k.revoked).then(|| view! {
                                    <form method="post" action=KIOSKS_PATH class="inline-form">
                                        {csrf_input(&who)}
                                        <input type="hidden" name="id" value=k.id.clone()/>
                                        <button type="submit" name="go" value="revoke" class="button-secondary">{locale.t(Msg::StaffRevoke)}</button>
                                    </form>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <h2>{locale.t(Msg::StaffAddKiosk)}</h2>
        <form method="post" action=KIOSKS_PATH class="staff-form">
            {csrf_input(&who)}
            <input type="hidden" name="go" value="add"/>
            {text_field("name", Msg::StaffKioskName, "text", &data.errors, locale)}
            <div class="field" class:field-invalid=error_for(&data.errors, "region").is_some()>
                <label for="f-region">{locale.t(Msg::RegionLabel)}</label>
                {error_for(&data.errors, "region").map(|m| view! { <p class="field-error">{locale.t(m)}</p> })}
                <select id="f-region" name="region">
                    {data.regions.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
            {text_field("latitude", Msg::StaffLatitude, "text", &data.errors, locale)}
            {text_field("longitude", Msg::StaffLongitude, "text", &data.errors, locale)}
            <button type="submit" class="button">{locale.t(Msg::StaffAddKiosk)}</button>
        </form>

        <section aria-labelledby="integrators-heading" class="staff-section">
            <h2 id="integrators-heading">{locale.t(Msg::StaffIntegratorsHeading)}</h2>
            <p class="hint">{locale.t(Msg::StaffIntegratorsIntro)}</p>
            {data.new_key.map(|(name, key)| view! {
                <div class="notice notice-ok" role="status">
                    <p>{locale.t_with(Msg::StaffIntegratorKeyShown, &[("name", &name)])}</p>
                    <p class="enrol-code" id="integrator-key">{key}</p>
                </div>
            })}
            <table class="staff-table">
                <thead><tr>
                    <th scope="col">{locale.t(Msg::StaffIntegratorName)}</th>
                    <th scope="col">{locale.t(Msg::StaffIntegratorIssuedBy)}</th>
                    <th scope="col">{locale.t(Msg::StaffState)}</th>
                </tr></thead>
                <tbody>
                    {data.integrators.into_iter().map(|k| view! {
                        <tr>
                            <th scope="row">{k.name}</th>
                            <td>{k.created_by}</td>
                            <td>
                                {locale.t(if k.revoked { Msg::StaffKioskRevoked } else { Msg::StaffIntegratorActive })}
                                {(!k.revoked).then(|| view! {
                                    <form method="post" action=KIOSKS_PATH class="inline-form">
                                        {csrf_input(&who)}
                                        <input type="hidden" name="id" value=k.id.clone()/>
                                        <button type="submit" name="go" value="integrator_revoke" class="button-secondary">{locale.t(Msg::StaffRevoke)}</button>
                                    </form>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <form method="post" action=KIOSKS_PATH class="staff-form">
                {csrf_input(&who)}
                <input type="hidden" name="go" value="integrator_add"/>
                {text_field("integrator_name", Msg::StaffIntegratorName, "text", &data.errors, locale)}
                <button type="submit" class="button">{locale.t(Msg::StaffIntegratorAdd)}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
pub fn AuditPage() -> impl IntoView {
    with_page(|page, who, locale| match page {
        StaffPage::Audit(data) => audit_view(data, who, locale),
        _ => ().into_any(),
    })
}

fn audit_view(data: Audit, who: StaffIdentity, locale: Locale) -> AnyView {
    let query: Vec<String> = [
        ("actor", &data.actor),
        ("action", &data.action),
        ("record", &data.record),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| {
        format!(
            "{k}={}",
            form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
        )
    })
    .collect();
    let export = format!("/staff/audit.csv?{}", query.join("&"));
    view! {
        <Title text=locale.t(Msg::StaffAuditHeading)/>
        <StaffBar who=who.clone() return_to=AUDIT_PATH/>
        <h1>{locale.t(Msg::StaffAuditHeading)}</h1>
        <form method="get" action=AUDIT_PATH class="staff-form inline-fields">
            <div class="field"><label for="f-actor">{locale.t(Msg::StaffAuditActor)}</label>
                <input type="text" id="f-actor" name="actor" value=data.actor.clone()/></div>
            <div class="field"><label for="f-action">{locale.t(Msg::StaffAuditAction)}</label>
                <input type="text" id="f-action" name="action" value=data.action.clone()/></div>
            <div class="field"><label for="f-record">{locale.t(Msg::StaffAuditRecord)}</label>
                <input type="text" id="f-record" name="record" value=data.record.clone()/></div>
            <button type="submit" class="button-secondary">{locale.t(Msg::StaffFilter)}</button>
        </form>
        <p><a href=export class="button-secondary" download="audit.csv">{locale.t(Msg::StaffExportCsv)}</a></p>
        <table class="staff-table audit-table">
            <thead><tr>
                <th scope="col">{locale.t(Msg::StaffAuditWhen)}</th>
                <th scope="col">{locale.t(Msg::StaffAuditActor)}</th>
                <th scope="col">{locale.t(Msg::StaffAuditFrom)}</th>
                <th scope="col">{locale.t(Msg::StaffAuditAction)}</th>
                <th scope="col">{locale.t(Msg::StaffAuditRecord)}</th>
                <th scope="col">{locale.t(Msg::StaffAuditDetail)}</th>
            </tr></thead>
            <tbody>
                {data.lines.into_iter().map(|l| view! {
                    <tr>
                        <td>{format!("{} {}", day(l.at.date, locale), time(l.at))}</td>
                        <td>{l.actor}{(!l.role.is_empty()).then(|| format!(" ({})", l.role))}</td>
                        <td>{l.address}</td>
                        <td>{l.action}</td>
                        <td>{l.record}</td>
                        <td>{l.detail}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
