//! What the server hands the staff pages and kiosk pages. The server's staff gate signs the
//! account in, checks its role and the form's CSRF token, performs the posted action with its
//! audit line, and puts the page's data in the request's extensions; the pages only render it.

use crate::{
    domain::{
        booking::{
            desk::{BookingView, OfficeInfo, SlotAvailability},
            moment::Moment,
            Service,
        },
        date::Date,
        staff::role::Role,
    },
    error::FieldError,
    i18n::Msg,
};

/// The signed-in staff member of this request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffIdentity {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// A registrar's office.
    pub office_id: Option<String>,
    /// The token every form of this session carries.
    pub csrf: String,
    /// When the session ends if nothing happens (Unix seconds, by the server's clock).
    pub idle_deadline: i64,
    /// Seconds from this request to that end: what the page's warning counts down from, so a
    /// browser whose clock differs from the server's still warns on time.
    pub idle_seconds_left: i64,
}

/// The enrolled kiosk this browser is, and the current visit on it.
#[derive(Clone, Debug, PartialEq)]
pub struct KioskDevice {
    pub id: String,
    pub name: String,
    pub region: String,
    pub latitude: f64,
    pub longitude: f64,
    /// The current visit's id (rotated when a visit is finished).
    pub visit: String,
}

/// The outcome of a posted action, shown at the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub ok: bool,
    pub text: String,
}

/// The sign-in page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInData {
    pub username: String,
    pub next: String,
    pub csrf: String,
    pub error: Option<String>,
    pub notice: Option<Msg>,
}

/// One slot of the registrar's day: its places and the bookings in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskSlot {
    pub service: Service,
    pub slot: SlotAvailability,
    pub bookings: Vec<BookingView>,
}

/// One day in the chart of places booked against capacity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartDay {
    pub date: Date,
    pub capacity: u32,
    pub booked: u32,
}

/// The registry desk for one office and one day.
#[derive(Clone, Debug, PartialEq)]
pub struct DeskData {
    pub office: OfficeInfo,
    pub date: Date,
    pub today: Date,
    pub slots: Vec<DeskSlot>,
    pub chart: Vec<ChartDay>,
    pub outcome: Option<Outcome>,
    pub errors: Vec<FieldError>,
}

/// A booking as the hotline sees it: masked, with its office's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundBooking {
    pub booking: BookingView,
    pub office_name: String,
}

/// A facility's short text to read to a caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOut {
    pub id: String,
    pub name: String,
    pub text: String,
}

/// The hotline agent's one screen per call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgentData {
    pub by: String,
    pub value: String,
    pub found: Vec<FoundBooking>,
    /// Free times at the selected booking's office, for rescheduling.
    pub free_times: Vec<(Moment, u32)>,
    pub offices: Vec<OfficeInfo>,
    /// Free times for booking on a caller's behalf (after an office and service are chosen).
    pub book_times: Vec<(Moment, u32)>,
    pub book_office: String,
    pub book_service: String,
    pub q: String,
    pub readouts: Vec<ReadOut>,
    pub outcome: Option<Outcome>,
    pub errors: Vec<FieldError>,
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
    pub outcome: Option<Outcome>,
    pub errors: Vec<FieldError>,
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

/// The kiosk enrolment page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnrolData {
    pub error: Option<Msg>,
}

/// The agent's one-page pre-check: the fields posted (nothing is kept).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentPrecheckData {
    pub form: Vec<(String, String)>,
}

/// What a staff or kiosk page shows, put in the request's extensions by the server.
#[derive(Clone, Debug, PartialEq)]
pub enum StaffPage {
    SignIn(SignInData),
    Home,
    Desk(Box<DeskData>),
    Agent(Box<AgentData>),
    AgentPrecheck(AgentPrecheckData),
    Accounts(AccountsData),
    Kiosks(KiosksData),
    Audit(AuditData),
    Enrol(EnrolData),
    /// Signed in but this role may not open the page.
    Forbidden,
}

/// This request's staff page data and identity (server-rendered pages only).
pub fn staff_page() -> Option<StaffPage> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<StaffPage>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

pub fn staff_identity() -> Option<StaffIdentity> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<StaffIdentity>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The kiosk this browser is, when it is an enrolled one.
pub fn kiosk_device() -> Option<KioskDevice> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<KioskDevice>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// Paths of the staff pages.
pub const SIGN_IN_PATH: &str = "/staff/sign-in";
pub const STAFF_HOME_PATH: &str = "/staff";
pub const DESK_PATH: &str = "/staff/desk";
pub const AGENT_PATH: &str = "/staff/agent";
pub const AGENT_PRECHECK_PATH: &str = "/staff/agent/precheck";
pub const ACCOUNTS_PATH: &str = "/staff/accounts";
pub const KIOSKS_PATH: &str = "/staff/kiosks";
pub const AUDIT_PATH: &str = "/staff/audit";
pub const ENROL_PATH: &str = "/kiosk/enrol";
pub const FINISH_PATH: &str = "/kiosk/finish";
