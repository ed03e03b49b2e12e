//! Sign-in attempts: after too many failures in a window, an account (or an address) is locked
//! for a while, and the page says until when. Counted separately per account and per address.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThrottlePolicy {
    /// This many failures…
    pub max_failures: usize,
    /// …within this many seconds…
    pub window_seconds: i64,
    /// …lock for this many seconds.
    pub lock_seconds: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> ThrottlePolicy {
        ThrottlePolicy {
            max_failures: 5,
            window_seconds: 15 * 60,
            lock_seconds: 15 * 60,
        }
    }
}

/// The failed attempts of one account or address (Unix seconds), oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    failures: Vec<i64>,
    locked_until: Option<i64>,
}

impl Attempts {
    /// Attempts as stored: the failures' times (oldest first) and the lock's end.
    pub fn from_stored(failures: Vec<i64>, locked_until: Option<i64>) -> Attempts {
        Attempts {
            failures,
            locked_until,
        }
    }

    /// The failures' times, oldest first, for storing.
    pub fn failures(&self) -> &[i64] {
        &self.failures
    }

    /// When the lock ends, if one was started, for storing.
    pub fn locked_until(&self) -> Option<i64> {
        self.locked_until
    }

    /// `Err(until)` while locked.
    pub fn check(&self, now: i64) -> Result<(), i64> {
        match self.locked_until {
            Some(until) if now < until => Err(until),
            _ => Ok(()),
        }
    }

    /// Records a failure; returns the end of the lock it starts, if it starts one.
    pub fn fail(&mut self, now: i64, policy: &ThrottlePolicy) -> Option<i64> {
        self.failures.retain(|t| now - t < policy.window_seconds);
        self.failures.push(now);
        if self.failures.len() >= policy.max_failures {
            self.failures.clear();
            let until = now + policy.lock_seconds;
            self.locked_until = Some(until);
            return Some(until);
        }
        None
    }

    /// A successful sign-in forgets the failures.
    pub fn succeed(&mut self) {
        self.failures.clear();
        self.locked_until = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_in_fifteen_minutes_lock_for_fifteen() {
        let p = ThrottlePolicy::default();
        let mut a = Attempts::default();
        for t in [0, 60, 120, 180] {
            assert_eq!(a.fail(t, &p), None);
        }
        assert_eq!(a.check(200), Ok(()));
        assert_eq!(a.fail(240, &p), Some(240 + 900));
        assert_eq!(a.check(500), Err(1140));
        assert_eq!(a.check(1140), Ok(()));
    }

    #[test]
    fn old_failures_fall_out_of_the_window_and_success_forgets_them() {
        let p = ThrottlePolicy::default();
        let mut a = Attempts::default();
        for t in [0, 60, 120, 180] {
            a.fail(t, &p);
        }
        assert_eq!(
            a.fail(1000, &p),
            None,
            "failures older than 15 minutes no longer count"
        );
        a.succeed();
        for t in [1100, 1110, 1120, 1130] {
            assert_eq!(a.fail(t, &p), None);
        }
    }
}
