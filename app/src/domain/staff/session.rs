//! How long a staff session lasts: it ends after a spell without activity (with a warning shortly
//! before, and a way to stay signed in) and, whatever the activity, after an absolute lifetime.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPolicy {
    /// Seconds without a request after which the session ends.
    pub idle_seconds: i64,
    /// Seconds before the idle end at which the page warns.
    pub warn_seconds: i64,
    /// Seconds after sign-in after which the session ends regardless.
    pub lifetime_seconds: i64,
}

impl Default for SessionPolicy {
    fn default() -> SessionPolicy {
        SessionPolicy {
            idle_seconds: 15 * 60,
            warn_seconds: 2 * 60,
            lifetime_seconds: 12 * 60 * 60,
        }
    }
}

/// Where a session stands at a moment (all times Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// In use; `ends_at` is when it will end without activity, `warn` whether to warn now.
    Active {
        ends_at: i64,
        warn: bool,
    },
    Expired,
}

impl SessionPolicy {
    pub fn state(&self, signed_in_at: i64, last_seen_at: i64, now: i64) -> SessionState {
        let ends_at = (last_seen_at + self.idle_seconds).min(signed_in_at + self.lifetime_seconds);
        if now >= ends_at {
            SessionState::Expired
        } else {
            SessionState::Active {
                ends_at,
                warn: now >= ends_at - self.warn_seconds,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_sessions_warn_two_minutes_before_ending_and_no_session_outlives_its_lifetime() {
        let p = SessionPolicy::default();
        assert_eq!(
            p.state(0, 0, 60),
            SessionState::Active {
                ends_at: 900,
                warn: false
            }
        );
        assert_eq!(
            p.state(0, 0, 780),
            SessionState::Active {
                ends_at: 900,
                warn: true
            }
        );
        assert_eq!(p.state(0, 0, 900), SessionState::Expired);
        // Activity keeps it going, until the absolute lifetime.
        let late = 12 * 3600 - 100;
        assert_eq!(
            p.state(0, late, late + 10),
            SessionState::Active {
                ends_at: 12 * 3600,
                warn: true
            }
        );
        assert_eq!(p.state(0, late, 12 * 3600), SessionState::Expired);
    }
}
