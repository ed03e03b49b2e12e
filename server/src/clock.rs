//! The time in China: the real time, or a training server's clock that runs from a chosen start.

use app::domain::{booking::moment::Moment, date::Date};

/// Today in China, for "rules in force now".
pub fn today() -> Date {
    now().date
}

/// The current moment in China: the real time, or a training server's clock.
pub fn now() -> Moment {
    Moment::from_unix_seconds(real_unix_seconds() + TRAINING_SHIFT.get().copied().unwrap_or(0))
}

/// How far a training server's clock is ahead of (or behind) the real time, in seconds.
static TRAINING_SHIFT: std::sync::OnceLock<i64> = std::sync::OnceLock::new();

/// Sets this process's clock to `start`, from where it runs on, for a training server
/// (`BIANMIN_TRAINING_CLOCK`). Only the first call counts.
pub fn start_training_clock(start: Moment) {
    let _ = TRAINING_SHIFT.set(start.unix_seconds() - real_unix_seconds());
}

/// The real current moment in China, whatever a training server's clock says. Personal data
/// ages in real time, so deleting it past its use goes by this clock.
pub fn real_now() -> Moment {
    Moment::from_unix_seconds(real_unix_seconds())
}

/// Whether this process runs on a training clock.
pub fn on_training_clock() -> bool {
    TRAINING_SHIFT.get().is_some()
}

/// Seconds since the epoch for `at`, to the second: a moment holds only its minute, so when `at`
/// is this process's current minute (a live request) the clock's second is added; any other
/// moment (a test's, a replay's) counts from its minute's start. Codes, resends and limits are
/// timed with this, where a minute's rounding would matter.
pub fn seconds_at(at: Moment) -> i64 {
    let minute = at.unix_seconds();
    let precise = real_unix_seconds() + TRAINING_SHIFT.get().copied().unwrap_or(0);
    if precise - precise.rem_euclid(60) == minute {
        precise
    } else {
        minute
    }
}

/// The real time in seconds since the epoch, to the second (the text sender times retries by it).
pub fn real_unix_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
