//! A moment in China time (UTC+8 all year), to the minute: what appointment times and booking
//! rules are written in.

use crate::domain::date::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A date and minute of the day in Asia/Shanghai, ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment {
    pub date: Date,
    /// Minutes after midnight, 0–1439.
    pub minute: u16,
}

const CHINA_OFFSET_SECONDS: i64 = 8 * 3600;

impl Moment {
    pub fn new(date: Date, minute: u16) -> Option<Moment> {
        (minute < 24 * 60).then_some(Moment { date, minute })
    }

    /// `hh:mm` on a date.
    pub fn at(date: Date, hour: u16, minute: u16) -> Moment {
        Moment {
            date,
            minute: (hour * 60 + minute).min(24 * 60 - 1),
        }
    }

    pub fn from_unix_seconds(seconds: i64) -> Moment {
        let local = seconds + CHINA_OFFSET_SECONDS;
        Moment {
            date: Date::from_unix_seconds_in_china(seconds),
            minute: (local.rem_euclid(86_400) / 60) as u16,
        }
    }

    pub fn unix_seconds(self) -> i64 {
        self.date.days_since_epoch() * 86_400 + i64::from(self.minute) * 60 - CHINA_OFFSET_SECONDS
    }

    /// The moment `minutes` later (or earlier).
    pub fn add_minutes(self, minutes: i64) -> Moment {
        Moment::from_unix_seconds(self.unix_seconds() + minutes * 60)
    }

    /// Reads RFC 3339 (`2026-12-01T09:00:00+08:00`, `…Z` or another offset), in China time.
    pub fn parse(text: &str) -> Option<Moment> {
        let (date, rest) = text.split_once('T')?;
        let date = Date::parse(date)?;
        let (time, offset_seconds) = if let Some(t) = rest.strip_suffix('Z') {
            (t, 0)
        } else {
            let at = rest.rfind(['+', '-'])?;
            let (time, offset) = rest.split_at(at);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let (h, m) = offset[1..].split_once(':')?;
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            (time, sign * (h * 3600 + m * 60))
        };
        let mut parts = time.split(':');
        let hour: i64 = parts.next()?.parse().ok()?;
        let minute: i64 = parts.next()?.parse().ok()?;
        let second: f64 = parts.next().unwrap_or("0").parse().ok()?;
        if hour > 23 || minute > 59 || !(0.0..60.0).contains(&second) || second != 0.0 {
            return None;
        }
        let utc = date.days_since_epoch() * 86_400 + hour * 3600 + minute * 60 - offset_seconds;
        Some(Moment::from_unix_seconds(utc))
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}T{:02}:{:02}:00+08:00",
            self.date,
            self.minute / 60,
            self.minute % 60
        )
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Moment, D::Error> {
        let text = String::deserialize(d)?;
        Moment::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text:?} is not a time like 2026-12-01T09:00:00+08:00"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_print_and_parse_in_china_time() {
        let m = Moment::parse("2026-12-01T09:30:00+08:00").unwrap();
        assert_eq!(m.to_string(), "2026-12-01T09:30:00+08:00");
        assert_eq!(Moment::parse("2026-12-01T01:30:00Z"), Some(m));
        assert_eq!(Moment::parse("2026-11-30T20:30:00-05:00"), Some(m));
        assert_eq!(Moment::from_unix_seconds(m.unix_seconds()), m);
        assert_eq!(
            m.add_minutes(15 * 60).to_string(),
            "2026-12-02T00:30:00+08:00"
        );
        for bad in [
            "2026-12-01 09:30",
            "2026-12-01T25:00:00+08:00",
            "2026-12-01T09:30:15+08:00",
        ] {
            assert!(Moment::parse(bad).is_none(), "{bad}");
        }
    }
}
