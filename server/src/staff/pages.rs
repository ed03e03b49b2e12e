//! The data of each staff page, after the posted action (if any) is performed and audited.
//! Each function reads the page's query and form, acts, and returns what the page shows.

use super::gate::apology;
use crate::{
    booking::service::{CancelledBy, DeskError},
    state::AppState,
    store::staff::{AuditEntry, AuditFilter, AuditRow},
};
use app::components::form::form_field as field;
use app::components::precheck::compact::CompactCheck;
use app::{
    api::staff::{Outcome, StaffIdentity},
    domain::directory::words::read_out,
    domain::{
        booking::{
            desk::{BookingRequest, FailedText, OfficeInfo, PersonInput},
            moment::Moment,
            Service,
        },
        date::Date,
        staff::role::Role,
    },
    error::FieldError,
    i18n::{Locale, Msg},
    pages::staff::{
        AccountLine, AccountsData, AgentData, AgentPrecheckData, AuditData, AuditLine, DeskData,
        FoundBooking, IntegratorLine, KioskLine, KiosksData, ReadOut, SecurityData,
    },
};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

/// Everything a page builder needs about the request.
pub struct Context {
    pub state: AppState,
    pub who: StaffIdentity,
    /// The session the request came with (its stage, its account).
    pub session: crate::accounts::Session,
    pub address: String,
    pub locale: Locale,
    /// The posted form, when the request was a post (its CSRF token already checked).
    pub form: Option<Vec<(String, String)>>,
    pub query: Vec<(String, String)>,
    /// What the page shows, to audit once it is shown: a posted action that redirects shows
    /// nothing, and its page after the redirect is audited then.
    pub views: std::sync::Mutex<Vec<(String, Option<String>, String)>>,
}

/// Why a staff page could not be built: a failure to log with a reference and apologise for
/// (problems for the clerk are part of the page, not errors).
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("booking desk: {0}")]
    Desk(#[from] DeskError),
    #[error("directory: {0}")]
    Directory(#[from] crate::directory::service::DirectoryError),
    #[error("account: {0}")]
    Account(#[from] crate::accounts::AccountProblem),
    #[error("{0}")]
    Setup(String),
}

pub type PageResult<T> = Result<T, StaffError>;

impl Context {
    pub(crate) fn posted(&self, name: &str) -> &str {
        self.form.as_deref().map(|f| field(f, name)).unwrap_or("")
    }

    fn asked(&self, name: &str) -> &str {
        field(&self.query, name)
    }

    /// The action posted (`go`), when this is a post.
    pub(crate) fn action(&self) -> Option<&str> {
        self.form.as_ref().map(|_| self.posted("go"))
    }

    async fn audit(&self, action: &str, record: Option<&str>, detail: &str) -> PageResult<()> {
        self.audit_line(action, record, detail).await?;
        Ok(())
    }

    /// Notes that the page shows this (a day, a booking, the trail); written by [`Self::write_views`].
    fn viewed(&self, action: &str, record: Option<&str>, detail: &str) {
        if let Ok(mut views) = self.views.lock() {
            views.push((action.into(), record.map(str::to_string), detail.into()));
        }
    }

    /// Audits what the page shows, now that it is shown.
    pub async fn write_views(&self) -> Result<(), sqlx::Error> {
        let views = self
            .views
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default();
        for (action, record, detail) in views {
            self.audit_line(&action, record.as_deref(), &detail).await?;
        }
        Ok(())
    }

    /// The audit line of an action of this staff member's request, for the store to write in
    /// the action's own transaction.
    pub fn line(&self, action: &str, record: Option<&str>, detail: &str) -> AuditEntry {
        AuditEntry {
            actor: self.who.username.clone(),
            role: Some(self.who.role.key().to_string()),
            address: self.address.clone(),
            action: action.to_string(),
            record: record.map(str::to_string),
            detail: detail.to_string(),
        }
    }

    /// Writes an audit line for this staff member's request.
    pub async fn audit_line(
        &self,
        action: &str,
        record: Option<&str>,
        detail: &str,
    ) -> Result<(), sqlx::Error> {
        self.state
            .staff
            .audit(&self.who, &self.address, action, record, detail)
            .await
    }

    fn now(&self) -> Moment {
        crate::clock::now()
    }

    fn ok(&self, text: String) -> Option<Outcome> {
        Some(Outcome { ok: true, text })
    }

    fn failed(&self, text: String) -> Option<Outcome> {
        Some(Outcome { ok: false, text })
    }
}

fn invalid(field: &str, message: Msg) -> Vec<FieldError> {
    vec![FieldError {
        field: field.into(),
        message,
    }]
}

/// Splits a desk error into what to tell the clerk, or a real failure.
fn problem_or_fail(error: DeskError, locale: Locale) -> PageResult<String> {
    match error {
        DeskError::Problem(problem) => Ok(locale.t(problem.message()).to_string()),
        other => Err(other.into()),
    }
}

async fn offices(context: &Context) -> PageResult<Vec<OfficeInfo>> {
    Ok(context.state.desk.offices().await?)
}

fn office_name(offices: &[OfficeInfo], id: &str, locale: Locale) -> String {
    offices
        .iter()
        .find(|o| o.id == id)
        .map(|o| match locale {
            Locale::ZhCn => o.name_zh.clone(),
            Locale::En => o.name_en.clone(),
        })
        .unwrap_or_else(|| id.to_string())
}

/// The registry desk: one office, one day.
pub async fn desk(context: &Context) -> PageResult<DeskData> {
    let locale = context.locale;
    let office_id = context.who.office_id.clone().unwrap_or_default();
    let all = offices(context).await?;
    let office = all
        .iter()
        .find(|o| o.id == office_id)
        .cloned()
        .ok_or_else(|| {
            StaffError::Setup(format!(
                "registrar {} has no known office",
                context.who.username
            ))
        })?;
    let now = context.now();
    let today = now.date;
    let mut errors = Vec::new();
    let mut outcome = None;
    let date_text = if context.form.is_some() {
        context.posted("date")
    } else {
        context.asked("date")
    };
    let date = if date_text.is_empty() {
        today
    } else {
        match Date::parse(date_text) {
            Some(d) => d,
            None => {
                errors = invalid("date", Msg::DateInvalid);
                today
            }
        }
    };
    let state = &context.state;
    match context.action() {
        Some(go @ ("check_in" | "no_show" | "received")) => {
            let code = context.posted("code").trim().to_ascii_uppercase();
            let found = state.desk.by_code(&code).await;
            let mine = matches!(&found, Ok(b) if b.office_id == office_id);
            if code.is_empty() {
                errors = invalid("code", Msg::BookingCodeRequired);
            } else if !mine {
                errors = invalid("code", Msg::StaffCodeNotHere);
            } else {
                let line = context.line(go, Some(&code), "");
                let result = match go {
                    "check_in" => state.desk.check_in(&code, now, &line).await,
                    "no_show" => state.desk.mark_no_show(&code, now, &line).await,
                    _ => {
                        state
                            .desk
                            .receive_divorce_application(&code, now, &line)
                            .await
                    }
                };
                match result {
                    Ok(view) => {
                        let msg = match go {
                            "check_in" => Msg::StaffCheckedIn,
                            "no_show" => Msg::StaffMarkedNoShow,
                            _ => Msg::StaffReceived,
                        };
                        let names = view
                            .people
                            .iter()
                            .map(|p| p.name_masked.clone())
                            .collect::<Vec<_>>()
                            .join("、");
                        outcome = context
                            .ok(locale.t_with(msg, &[("code", &view.code), ("names", &names)]));
                    }
                    Err(error) => {
                        let text = problem_or_fail(error, locale)?;
                        outcome = context.failed(text);
                    }
                }
            }
        }
        Some("change_day") => {
            let service = match context.posted("service") {
                "" | "all" => Ok(None),
                key => Service::parse(key).map(Some).ok_or(()),
            };
            let capacity = context.posted("capacity").trim().parse::<u32>();
            match (service, capacity) {
                (Err(()), _) => errors = invalid("service", Msg::ServiceInvalid),
                (_, Err(_)) => errors = invalid("capacity", Msg::StaffCapacityInvalid),
                (_, Ok(c)) if c > 500 => errors = invalid("capacity", Msg::StaffCapacityInvalid),
                _ if date < today => errors = invalid("date", Msg::StaffDateInPast),
                (Ok(service), Ok(capacity)) if context.posted("confirm") == "yes" => {
                    let detail = format!(
                        "date={date} service={} capacity={capacity}",
                        service.map_or("all", |s| s.key()),
                    );
                    let line = context.line("close_day", Some(&office_id), &detail);
                    let cancelled = state
                        .desk
                        .change_day(&office_id, date, service, capacity, &line)
                        .await?;
                    outcome = context.ok(locale.t_with(
                        Msg::StaffDayChanged,
                        &[("count", &cancelled.len().to_string())],
                    ));
                }
                _ => errors = invalid("confirm", Msg::StaffConfirmNeeded),
            }
        }
        _ => {}
    }
    let slots = state.desk.office_day(&office_id, date).await?;
    context.viewed("view_day", Some(&office_id), &date.to_string());
    let chart = state.desk.chart(&office_id, today, 14).await?;
    let failed_texts = failed_texts(&state.store, Some(&office_id)).await?;
    Ok(DeskData {
        office,
        date,
        today,
        slots,
        chart,
        outcome,
        errors,
        failed_texts,
    })
}

/// The staff home: for admins, the texts of every office that could not be sent.
pub async fn home(context: &Context) -> PageResult<Vec<FailedText>> {
    if context.who.role != Role::Admin {
        return Ok(Vec::new());
    }
    Ok(failed_texts(&context.state.store, None).await?)
}

/// The newest texts that could not be sent (of one office, or of all).
async fn failed_texts(
    store: &crate::store::Store,
    office: Option<&str>,
) -> Result<Vec<FailedText>, sqlx::Error> {
    Ok(store
        .messages(crate::store::outbox::FAILED, office, 50)
        .await?
        .into_iter()
        .map(|m| FailedText {
            phone_masked: m.phone_masked,
            template: m.template,
            booking_code: m.booking_code,
            office_id: m.office_id,
            queued_at: Moment::from_unix_seconds(m.created_at),
            error: m.last_error.unwrap_or_default(),
        })
        .collect())
}

/// The agent's one-page pre-check. The answers are used for this page only, never stored or
/// logged; the audit trail records that a pre-check result was shown, not what was answered.
pub async fn agent_precheck(context: &Context) -> PageResult<AgentPrecheckData> {
    let form = context.form.clone().unwrap_or_default();
    if field(&form, "go") == "result" {
        let policies = context
            .state
            .policies
            .in_force(&context.state.store, crate::clock::today())
            .await?;
        let regions: Vec<&str> = policies.iter().map(|p| p.region.as_str()).collect();
        if CompactCheck::submit(&form, &regions).shows_result() {
            context.viewed("precheck", None, "");
        }
    }
    Ok(AgentPrecheckData { form })
}

/// The hotline agent's screen.
pub async fn agent(context: &Context) -> PageResult<AgentData> {
    let locale = context.locale;
    let state = &context.state;
    let now = context.now();
    let mut page = AgentData {
        offices: offices(context).await?,
        ..AgentData::default()
    };
    let source = |name: &str| -> String {
        if context.form.is_some() {
            context.posted(name).to_string()
        } else {
            context.asked(name).to_string()
        }
    };
    page.by = source("by");
    page.value = source("value").trim().to_string();
    // What was typed says what it is: a phone typed with "code" chosen is looked up as a phone.
    if let Some((by, plain)) = app::domain::booking::lookup::recognise(&page.value) {
        page.by = by.key().to_string();
        page.value = plain;
    }
    // A phone or ID number is looked up only when posted: in an address it would be kept in
    // the browser's history and the logs. A booking code may come in the address (the page
    // after an action shows its booking that way).
    if context.form.is_none() && page.by != "code" {
        page.value.clear();
    }
    page.q = source("q").trim().to_string();
    page.book_office = source("office");
    page.book_service = source("service");

    match context.action() {
        Some("cancel") if context.posted("confirmed") != "yes" => {
            page.outcome = context.failed(locale.t(Msg::StaffCancelNotConfirmed).to_string());
            page.by = "code".into();
            page.value = context.posted("code").to_string();
        }
        Some("cancel") => {
            let code = context.posted("code");
            let reason = app::pages::staff::agent::CANCEL_REASONS
                .iter()
                .map(|(key, _)| *key)
                .find(|key| *key == context.posted("reason"))
                .unwrap_or("other");
            let booking = state.desk.by_code(code).await;
            match booking {
                Ok(booking) => {
                    let detail = format!("on behalf of a caller; reason={reason}");
                    let line = context.line("cancel", Some(&booking.code), &detail);
                    match state
                        .desk
                        .cancel_found(booking, CancelledBy::Agent, now, Some(&line))
                        .await
                    {
                        Ok(view) => {
                            page.outcome = context
                                .ok(locale.t_with(Msg::StaffCancelled, &[("code", &view.code)]));
                            page.by = "code".into();
                            page.value = view.code;
                        }
                        Err(e) => page.outcome = context.failed(problem_or_fail(e, locale)?),
                    }
                }
                Err(e) => page.outcome = context.failed(problem_or_fail(e, locale)?),
            }
        }
        Some("reschedule") => {
            let code = context.posted("code").to_string();
            match Moment::parse(context.posted("slot_start")) {
                None => page.errors = invalid("slot_start", Msg::SlotStartInvalid),
                Some(start) => match state.desk.by_code(&code).await {
                    Ok(booking) => {
                        let detail = format!(
                            "from {} to {} on behalf of a caller",
                            booking.slot_start.unix_seconds(),
                            start.unix_seconds()
                        );
                        let line = context.line("reschedule", Some(&booking.code), &detail);
                        match state
                            .desk
                            .reschedule_found(booking, start, now, Some(&line))
                            .await
                        {
                            Ok(view) => {
                                page.outcome = context.ok(locale.t_with(
                                    Msg::StaffRescheduled,
                                    &[
                                        ("code", &view.code),
                                        (
                                            "time",
                                            &app::domain::booking::words::day_and_time(
                                                view.slot_start,
                                                locale,
                                            ),
                                        ),
                                    ],
                                ));
                                page.by = "code".into();
                                page.value = view.code;
                            }
                            Err(e) => page.outcome = context.failed(problem_or_fail(e, locale)?),
                        }
                    }
                    Err(e) => page.outcome = context.failed(problem_or_fail(e, locale)?),
                },
            }
        }
        Some("summary") => {
            let code = context.posted("code");
            // The audit trail keeps no phone numbers, masked or not: how many only.
            let line = context.line("send_summary", None, "");
            match state.desk.send_summary(code, &line).await {
                Ok(sent) if sent.is_empty() => {
                    page.outcome = context.failed(locale.t(Msg::StaffNoPhone).to_string())
                }
                Ok(sent) => {
                    page.outcome = context
                        .ok(locale.t_with(Msg::StaffSummarySent, &[("phones", &sent.join("、"))]));
                }
                Err(e) => page.outcome = context.failed(problem_or_fail(e, locale)?),
            }
        }
        Some("book_code") => send_code_for_caller(context, &mut page, now).await?,
        Some("book") => book_on_behalf(context, &mut page, now).await?,
        _ => {}
    }

    // Look-up: by code, phone or ID number.
    if !page.value.is_empty() {
        let found = match page.by.as_str() {
            "code" => match state.desk.by_code(&page.value).await {
                Ok(view) => vec![view],
                Err(DeskError::Problem(_)) => Vec::new(),
                Err(e) => return Err(e.into()),
            },
            "phone" | "id" => state.desk.find_by_person(&page.value).await?,
            _ => {
                page.errors = invalid("by", Msg::StaffLookupKindInvalid);
                Vec::new()
            }
        };
        // The audit names what was looked up by, never the phone or ID number itself.
        let codes: Vec<&str> = found.iter().map(|b| b.code.as_str()).collect();
        context.viewed(
            "look_up",
            codes.first().copied(),
            &format!("by={} found={}", page.by, codes.join(",")),
        );
        for booking in &found {
            context.viewed("view_booking", Some(&booking.code), "");
        }
        if page.errors.is_empty() {
            page.searched = searched_words(&page.by, &page.value, locale);
        }
        if found.is_empty() && page.errors.is_empty() {
            page.errors = invalid("value", Msg::StaffNothingFound);
        }
        if let Some(first) = found
            .iter()
            .find(|b| b.status == app::domain::booking::desk::BookingStatus::Confirmed)
        {
            page.free_times = free_times(context, &first.office_id, first.service, now).await?;
        }
        page.found = found
            .into_iter()
            .map(|booking| FoundBooking {
                office_name: office_name(&page.offices, &booking.office_id, locale),
                booking,
            })
            .collect();
    }

    // Times for booking on a caller's behalf.
    if let (false, Some(service)) = (
        page.book_office.is_empty(),
        Service::parse(&page.book_service),
    ) {
        if page.offices.iter().any(|o| o.id == page.book_office) {
            page.book_times = free_times(context, &page.book_office, service, now).await?;
        }
    }

    // Directory read-outs.
    if !page.q.is_empty() {
        let pairs = vec![
            ("q".to_string(), page.q.clone()),
            ("limit".into(), "5".into()),
        ];
        if let Ok((_, found)) = state.directory.search(pairs, now).await? {
            page.readouts = found
                .hits
                .into_iter()
                .map(|hit| ReadOut {
                    id: hit.facility.id.clone(),
                    name: hit.facility.name(locale).to_string(),
                    text: read_out(&hit.facility, hit.status, locale),
                })
                .collect();
        }
        context.viewed(
            "directory_read_out",
            None,
            &format!("results={}", page.readouts.len()),
        );
    }
    Ok(page)
}

/// Free times in the next 15 days at an office, for a select list (none for an unknown office).
async fn free_times(
    context: &Context,
    office: &str,
    service: Service,
    now: Moment,
) -> PageResult<Vec<(Moment, u32)>> {
    let days = (now.date, now.date.add_days(14));
    match context
        .state
        .desk
        .free_times(office, service, days, now)
        .await
    {
        Ok(times) => Ok(times),
        Err(DeskError::Problem(_)) => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

/// The booking an agent posted for a caller, with the caller's consent; `None` (and the problem
/// at its field) when the form is not complete.
fn caller_booking(context: &Context, page: &mut AgentData) -> Option<BookingRequest> {
    page.book_form = context.form.clone().unwrap_or_default();
    page.book_form
        .retain(|(k, _)| k != "csrf" && k != "verification_code");
    if context.posted("consent") != "yes" {
        page.errors = invalid("consent", Msg::StaffConsentNeeded);
        return None;
    }
    let Some(service) = Service::parse(context.posted("service")) else {
        page.errors = invalid("service", Msg::ServiceInvalid);
        return None;
    };
    let Some(start) = Moment::parse(context.posted("slot_start")) else {
        page.errors = invalid("slot_start", Msg::SlotStartInvalid);
        return None;
    };
    let people_count = if service == Service::Reissue { 1 } else { 2 };
    let people = (0..people_count)
        .map(|i| PersonInput {
            name: context.posted(&format!("people[{i}].name")).to_string(),
            id_number: context
                .posted(&format!("people[{i}].id_number"))
                .to_string(),
            phone: context.posted(&format!("people[{i}].phone")).to_string(),
        })
        .collect();
    Some(BookingRequest {
        office_id: context.posted("office").to_string(),
        service,
        slot_start: start,
        people,
        ceremony: false,
    })
}

/// Who asks for codes on a caller's behalf: the agent (one client with a hall-sized allowance).
fn agent_client(context: &Context) -> String {
    format!("staff:{}", context.who.username)
}

/// Texts a code to the caller's phone (the first person's) for the booking on the form, which
/// stays on the page while the caller reads the code out.
async fn send_code_for_caller(
    context: &Context,
    page: &mut AgentData,
    now: Moment,
) -> PageResult<()> {
    let Some(request) = caller_booking(context, page) else {
        return Ok(());
    };
    match context
        .state
        .desk
        .request_booking_code(&request, &agent_client(context), now)
        .await
    {
        Ok(id) => {
            context
                .audit("send_booking_code", None, "to the caller's phone")
                .await?;
            page.verification = id;
        }
        Err(DeskError::Problem(app::domain::booking::desk::BookingProblem::Invalid { fields })) => {
            page.errors = fields
        }
        Err(e) => page.outcome = context.failed(problem_or_fail(e, context.locale)?),
    }
    Ok(())
}

/// Books for a caller with the code their phone received (read out to the agent).
async fn book_on_behalf(context: &Context, page: &mut AgentData, now: Moment) -> PageResult<()> {
    let locale = context.locale;
    let Some(request) = caller_booking(context, page) else {
        return Ok(());
    };
    page.verification = context.posted("verification").to_string();
    let key = context.posted("idempotency_key");
    let key = (!key.is_empty()).then_some(key);
    let booked = context
        .state
        .desk
        .book_with_code(
            &request,
            context.posted("verification"),
            context.posted("verification_code"),
            key,
            &agent_client(context),
            now,
            Some(&context.line(
                "book_on_behalf",
                None,
                "the caller agreed and read out the code",
            )),
        )
        .await;
    match booked {
        Ok(view) => {
            page.outcome = context.ok(locale.t_with(Msg::StaffBooked, &[("code", &view.code)]));
            page.by = "code".into();
            page.value = view.code;
            page.book_office.clear();
            page.book_service.clear();
            page.book_form.clear();
            page.verification.clear();
        }
        Err(DeskError::Problem(app::domain::booking::desk::BookingProblem::Invalid { fields })) => {
            page.errors = fields
        }
        Err(e) => page.outcome = context.failed(problem_or_fail(e, locale)?),
    }
    Ok(())
}

/// Accounts: list, add, turn off and on.
pub async fn accounts(context: &Context) -> PageResult<AccountsData> {
    let locale = context.locale;
    let store = context.state.staff.store();
    let mut page = AccountsData {
        offices: offices(context).await?,
        ..AccountsData::default()
    };
    match context.action() {
        Some("add") => {
            let username = context.posted("username").trim();
            let display = context.posted("display_name").trim();
            let role = Role::parse(context.posted("role"));
            let office = context.posted("office").trim();
            let password = context.posted("password");
            if display.is_empty() || display.chars().count() > 64 {
                page.errors = invalid("display_name", Msg::StaffDisplayNameInvalid);
            } else if let Some(role) = role {
                let office = (role == Role::Registrar && !office.is_empty()).then_some(office);
                let line = context.line("account_add", None, "");
                match crate::accounts::add_account(
                    store, username, display, role, office, password, &line,
                )
                .await
                {
                    Ok(_) => {
                        page.outcome = context
                            .ok(locale.t_with(Msg::StaffAccountAdded, &[("username", username)]));
                    }
                    Err(problem) => match problem.field() {
                        Some((field, message)) => page.errors = invalid(field, message),
                        None => return Err(problem.into()),
                    },
                }
            } else {
                page.errors = invalid("role", Msg::StaffRoleInvalid);
            }
        }
        Some("reset") => {
            let id = context.posted("id").parse::<i64>().ok();
            let own = store
                .account_by_username(&context.who.username)
                .await?
                .is_some_and(|a| Some(a.id) == id);
            let name = match id {
                Some(id) => store
                    .accounts()
                    .await?
                    .into_iter()
                    .find(|a| a.id == id)
                    .map(|a| a.username),
                None => None,
            };
            match (id, name) {
                // One's own sign-in is changed on the security page, with the current password.
                _ if own => {
                    page.outcome = context.failed(locale.t(Msg::StaffCannotDisableSelf).to_string())
                }
                (Some(id), Some(name)) => {
                    if let Some(password) = context
                        .state
                        .staff
                        .reset_sign_in(&context.who, id, &context.address)
                        .await?
                    {
                        page.new_password = Some((name, password));
                    }
                }
                _ => {}
            }
        }
        Some(go @ ("disable" | "enable")) => {
            if let Ok(id) = context.posted("id").parse::<i64>() {
                let own = store
                    .account_by_username(&context.who.username)
                    .await?
                    .is_some_and(|a| a.id == id);
                if own && go == "disable" {
                    page.outcome =
                        context.failed(locale.t(Msg::StaffCannotDisableSelf).to_string());
                } else if store
                    .set_account_active(
                        id,
                        go == "enable",
                        &context.line(&format!("account_{go}"), Some(&id.to_string()), ""),
                    )
                    .await?
                {
                    page.outcome = context.ok(locale.t(Msg::StaffSaved).to_string());
                }
            }
        }
        _ => {}
    }
    page.accounts = store
        .accounts()
        .await?
        .into_iter()
        .filter_map(|a| {
            Some(AccountLine {
                role: Role::parse(&a.role)?,
                id: a.id,
                username: a.username,
                display_name: a.display_name,
                office_id: a.office_id,
                active: a.active,
            })
        })
        .collect();
    Ok(page)
}

/// Kiosks: list, add (with a one-time enrolment code), revoke.
pub async fn kiosks(context: &Context) -> PageResult<KiosksData> {
    let locale = context.locale;
    let store = context.state.staff.store();
    let regions = store.list_regions().await?;
    let mut page = KiosksData {
        regions: regions
            .iter()
            .map(|r| (r.id.clone(), r.name(locale).to_string()))
            .collect(),
        ..KiosksData::default()
    };
    match context.action() {
        Some("add") => {
            let name = context.posted("name").trim().to_string();
            let region = context.posted("region").to_string();
            let lat = context.posted("latitude").trim().parse::<f64>();
            let lng = context.posted("longitude").trim().parse::<f64>();
            if name.is_empty() || name.chars().count() > 64 {
                page.errors = invalid("name", Msg::StaffKioskNameInvalid);
            } else if !regions.iter().any(|r| r.id == region) {
                page.errors = invalid("region", Msg::RegionInvalid);
            } else {
                match (lat, lng) {
                    (Ok(lat), Ok(lng))
                        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) =>
                    {
                        let line = context.line("kiosk_add", None, &name);
                        let (_, code) =
                            super::kiosk::create(store, &name, &region, lat, lng, &line).await?;
                        page.new_code = Some((name, code));
                    }
                    (Ok(lat), _) if (-90.0..=90.0).contains(&lat) => {
                        page.errors = invalid("longitude", Msg::StaffCoordinateInvalid)
                    }
                    _ => page.errors = invalid("latitude", Msg::StaffCoordinateInvalid),
                }
            }
        }
        Some("revoke") => {
            let id = context.posted("id");
            if store
                .revoke_kiosk(id, &context.line("kiosk_revoke", Some(id), ""))
                .await?
            {
                page.outcome = context.ok(locale.t(Msg::StaffSaved).to_string());
            }
        }
        Some("integrator_add") => {
            let name = context.posted("integrator_name").trim().to_string();
            if name.is_empty() || name.chars().count() > 64 {
                page.errors = invalid("integrator_name", Msg::StaffIntegratorNameInvalid);
            } else {
                let (_, key) = crate::integrators::issue(
                    &context.state.store,
                    &context.state.cipher,
                    &name,
                    &context.line("integrator_key_issue", None, &name),
                )
                .await?;
                page.new_key = Some((name, key));
            }
        }
        Some("integrator_revoke") => {
            let id = context.posted("id");
            if context
                .state
                .store
                .revoke_integrator_key(id, &context.line("integrator_key_revoke", Some(id), ""))
                .await?
            {
                page.outcome = context.ok(locale.t(Msg::StaffSaved).to_string());
            }
        }
        _ => {}
    }
    page.integrators = context
        .state
        .store
        .integrator_keys()
        .await?
        .into_iter()
        .map(|k| IntegratorLine {
            revoked: k.revoked_at.is_some(),
            id: k.id,
            name: k.name,
            created_by: k.created_by,
        })
        .collect();
    page.kiosks = store
        .kiosks()
        .await?
        .into_iter()
        .map(|k| KioskLine {
            enrolled: k.enrolled_at.is_some(),
            revoked: k.revoked_at.is_some(),
            id: k.id,
            name: k.name,
            region: k.region_id,
            latitude: k.latitude,
            longitude: k.longitude,
        })
        .collect();
    Ok(page)
}

fn audit_filter(context: &Context, limit: i64) -> AuditFilter {
    let some = |name: &str| {
        let v = context.asked(name).trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    let day = |name: &str| Date::parse(context.asked(name).trim());
    AuditFilter {
        actor: some("actor"),
        action: some("action"),
        record: some("record"),
        from: day("from").map(|d| Moment::at(d, 0, 0).unix_seconds()),
        to: day("to").map(|d| Moment::at(d.add_days(1), 0, 0).unix_seconds()),
        limit,
    }
}

fn audit_line(row: AuditRow) -> AuditLine {
    AuditLine {
        at: Moment::from_unix_seconds(row.at),
        actor: row.actor,
        role: row.role.unwrap_or_default(),
        address: row.address,
        action: row.action,
        record: row.record.unwrap_or_default(),
        detail: row.detail,
    }
}

/// The audit trail, filtered.
pub async fn audit(context: &Context) -> PageResult<AuditData> {
    let filter = audit_filter(context, 200);
    let rows = context.state.staff.store().audit(&filter).await?;
    context.viewed("audit_read", None, "");
    Ok(AuditData {
        actor: context.asked("actor").to_string(),
        action: context.asked("action").to_string(),
        record: context.asked("record").to_string(),
        lines: rows.into_iter().map(audit_line).collect(),
        errors: Vec::new(),
    })
}

/// The filtered audit trail as CSV (UTF-8 with a byte-order mark; spreadsheet-safe: cells
/// starting with `=+-@` get a leading apostrophe).
pub async fn audit_csv(context: &Context) -> Response {
    let filter = audit_filter(context, 100_000);
    let rows = match context.state.staff.store().audit(&filter).await {
        Ok(rows) => rows,
        Err(error) => {
            let (_, apology) = apology(context.locale, "audit export", error);
            return (StatusCode::INTERNAL_SERVER_ERROR, apology).into_response();
        }
    };
    if let Err(error) = context
        .audit("audit_export", None, &format!("rows={}", rows.len()))
        .await
    {
        tracing::error!(%error, "audit of the audit export failed");
    }
    // A byte-order mark first, so spreadsheet programs read the Chinese as UTF-8.
    let mut out = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    let header = [
        "id", "at", "actor", "role", "address", "action", "record", "detail",
    ];
    let mut written = out.write_record(header);
    for row in rows {
        let at = Moment::from_unix_seconds(row.at);
        let cells = [
            row.id.to_string(),
            format!("{} {}", at.date, app::domain::booking::words::time(at)),
            row.actor,
            row.role.unwrap_or_default(),
            row.address,
            row.action,
            row.record.unwrap_or_default(),
            row.detail,
        ];
        written = written.and_then(|_| out.write_record(cells.iter().map(|c| inert(c))));
    }
    let finished = written.and_then(|_| out.into_inner().map_err(|e| e.into_error().into()));
    let out = match finished {
        Ok(bytes) => bytes,
        Err(error) => {
            let (_, apology) = apology(context.locale, "audit export", error);
            return (StatusCode::INTERNAL_SERVER_ERROR, apology).into_response();
        }
    };
    let mut response = out.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"audit.csv\""),
    );
    response
}

/// A cell a spreadsheet shows as text: one starting with `= + - @` would be read as a formula,
/// so it gets a leading apostrophe (the csv writer quotes commas, quotes and line breaks).
fn inert(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// The security page: the staff member's own password and second factor.
pub async fn security(context: &Context) -> PageResult<SecurityData> {
    use crate::accounts::{PasswordProblem, Stage};
    let locale = context.locale;
    let staff = &context.state.staff;
    let session = &context.session;
    let address = context.address.as_str();
    // Codes are matched against the real time, even on a training server.
    let now = crate::clock::real_unix_seconds();
    let mut page = SecurityData::default();
    match context.action() {
        Some("password") => {
            let typed = (
                context.posted("old_password"),
                context.posted("new_password"),
                context.posted("new_password_again"),
            );
            match staff.change_password(session, typed, address, now).await? {
                Ok(_) => page.outcome = context.ok(locale.t(Msg::StaffPasswordChanged).to_string()),
                Err(PasswordProblem::OldWrong) => {
                    page.errors = invalid("old_password", Msg::StaffPasswordOldWrong)
                }
                Err(PasswordProblem::NewWeak) => {
                    page.errors = invalid("new_password", Msg::StaffPasswordNewWeak)
                }
                Err(PasswordProblem::NewDiffers) => {
                    page.errors = invalid("new_password", Msg::StaffPasswordDiffers)
                }
                Err(PasswordProblem::Locked(until)) => {
                    let time = Moment::from_unix_seconds(until);
                    page.outcome = context.failed(locale.t_with(
                        Msg::StaffSignInLocked,
                        &[("time", &app::domain::booking::words::time(time))],
                    ));
                }
                Err(PasswordProblem::Busy) => {
                    page.outcome = context.failed(locale.t(Msg::StaffSignInBusy).to_string())
                }
            }
        }
        Some("enrol") => {
            match staff
                .confirm_enrolment(session, context.posted("code"), address, now)
                .await?
            {
                Some(codes) => {
                    page.recovery_codes = codes;
                    page.outcome = context.ok(locale.t(Msg::StaffFactorTurnedOn).to_string());
                }
                None => page.errors = invalid("code", Msg::StaffCodeWrong),
            }
        }
        Some("recovery") => {
            let on = staff
                .store()
                .account_by_username(&context.who.username)
                .await?
                .is_some_and(|a| a.totp_sealed.is_some());
            if on {
                page.recovery_codes = staff.renew_recovery_codes(session, address).await?;
                page.outcome = context.ok(locale.t(Msg::StaffRecoveryRenewed).to_string());
            }
        }
        _ => {}
    }
    // The state after the action: the session's stage and the account as stored now.
    let (stage, account) = match staff.store().session(&session.token_hash).await? {
        Some((row, account)) => (Stage::parse(&row.stage), Some(account)),
        None => (session.stage, None),
    };
    page.stage = stage.key().to_string();
    page.required = staff.requires_second_factor(context.who.role);
    page.has_second_factor = account.as_ref().is_some_and(|a| a.totp_sealed.is_some());
    if page.has_second_factor {
        page.recovery_left = staff
            .store()
            .recovery_codes_left(session.account_id)
            .await?;
    } else if stage != Stage::Password {
        let (typed, app_address) = staff.enrolment(session).await?;
        page.secret_typed = typed;
        page.app_address = app_address;
    }
    Ok(page)
}

/// What a look-up searched, for the agent to read back: "按手机号 138****0001 查找".
fn searched_words(by: &str, value: &str, locale: Locale) -> String {
    use app::domain::booking::lookup::{shown, LookupBy};
    let (by, name) = match by {
        "phone" => (LookupBy::Phone, Msg::StaffByPhone),
        "id" => (LookupBy::Id, Msg::StaffById),
        _ => (LookupBy::Code, Msg::StaffByCode),
    };
    let name = match locale {
        Locale::ZhCn => locale.t(name).to_string(),
        Locale::En => locale.t(name).to_lowercase(),
    };
    locale.t_with(
        Msg::StaffSearchedBy,
        &[("by", &name), ("value", &shown(by, value))],
    )
}
