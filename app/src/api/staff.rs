//! What staff and kiosk pages share with the server: who is signed in, the kiosk this browser is,
//! an action's outcome, the desk's slots and chart, and the staff paths. Each page's own data
//! (`*Data`) sits beside the page in `pages::staff`.

use crate::domain::{
    booking::{
        desk::{BookingView, SlotAvailability},
        Service,
    },
    date::Date,
    staff::role::Role,
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
/// A staff member's own password and second factor.
pub const SECURITY_PATH: &str = "/staff/security";
pub const ENROL_PATH: &str = "/kiosk/enrol";
pub const FINISH_PATH: &str = "/kiosk/finish";
