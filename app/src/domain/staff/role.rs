//! Roles and what each may do. A request names the action it performs; the server refuses it
//! (403) unless the signed-in account's role allows it.

use serde::{Deserialize, Serialize};

/// A staff account's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Accounts, kiosks, data files and the audit trail.
    Admin,
    /// One office's bookings: check-in, no-shows, received applications, closures.
    Registrar,
    /// The hotline: finds and changes bookings for callers, books on their behalf.
    Agent,
}

/// Something a staff member does that needs a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ManageAccounts,
    ManageKiosks,
    LoadDataFiles,
    ReadAudit,
    /// Find a booking by code, phone or ID number, and see it masked.
    LookUpBookings,
    BookOnBehalf,
    ChangeBookings,
    CheckIn,
    MarkNoShow,
    ReceiveApplication,
    CloseDays,
    SendSummary,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Registrar, Role::Agent];

    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Registrar => "registrar",
            Role::Agent => "agent",
        }
    }

    pub fn parse(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Whether this role may perform `action`. Admins run the system but do not handle
    /// residents' bookings; registrars handle their office's visits; agents help callers.
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Admin => matches!(
                action,
                ManageAccounts | ManageKiosks | LoadDataFiles | ReadAudit
            ),
            Role::Registrar => matches!(
                action,
                LookUpBookings
                    | ChangeBookings
                    | CheckIn
                    | MarkNoShow
                    | ReceiveApplication
                    | CloseDays
            ),
            Role::Agent => matches!(
                action,
                LookUpBookings | BookOnBehalf | ChangeBookings | SendSummary
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_does_its_own_work_only() {
        assert!(Role::Admin.may(Action::ManageAccounts));
        assert!(
            !Role::Admin.may(Action::LookUpBookings),
            "admins do not browse residents' bookings"
        );
        assert!(Role::Registrar.may(Action::CheckIn) && !Role::Agent.may(Action::CheckIn));
        assert!(
            Role::Agent.may(Action::BookOnBehalf) && !Role::Registrar.may(Action::BookOnBehalf)
        );
        assert!(!Role::Agent.may(Action::ReadAudit) && !Role::Registrar.may(Action::ReadAudit));
        for role in Role::ALL {
            assert_eq!(Role::parse(role.key()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
