//! Calendar dates in China Standard Time (UTC+8 all year: Asia/Shanghai has had no daylight saving
//! since 1991), without a time-zone database, so the same code runs in the browser.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date, ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && (1900..=9999).contains(&year))
        .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = text[0..4].parse().ok()?;
        let month = text[5..7].parse().ok()?;
        let day = text[8..10].parse().ok()?;
        Date::new(year, month, day)
    }

    /// The date in China at the given Unix time.
    pub fn from_unix_seconds_in_china(seconds: i64) -> Date {
        let days = (seconds + 8 * 3600).div_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Date { year, month, day }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The date `days` later (or earlier, when negative).
    pub fn add_days(self, days: i64) -> Date {
        let (year, month, day) = civil_from_days(self.days_since_epoch() + days);
        Date { year, month, day }
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        ((self.days_since_epoch() + 3).rem_euclid(7) + 1) as u8
    }

    /// Whole years of age on `on` for someone born on `self`.
    pub fn years_until(self, on: Date) -> i32 {
        let mut years = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not a date like 2020-01-31"))
        })
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// (year, month, day) to days since 1970-01-01, after Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to (year, month, day), after Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_print_and_order() {
        let d = Date::parse("2020-02-29").unwrap();
        assert_eq!(d.to_string(), "2020-02-29");
        assert!(Date::parse("2019-02-29").is_none());
        assert!(Date::parse("2020-13-01").is_none());
        assert!(Date::parse("2020-1-01").is_none());
        assert!(Date::parse("20200101").is_none());
        assert!(Date::parse("2016-01-01").unwrap() < Date::parse("2020-01-01").unwrap());
    }

    #[test]
    fn days_add_up_across_months_years_and_leap_days() {
        let d = Date::parse("2024-02-28").unwrap();
        assert_eq!(d.add_days(1).to_string(), "2024-02-29");
        assert_eq!(d.add_days(2).to_string(), "2024-03-01");
        assert_eq!(
            Date::parse("2026-12-31").unwrap().add_days(1).to_string(),
            "2027-01-01"
        );
        assert_eq!(d.add_days(-59).to_string(), "2023-12-31");
        assert_eq!(d.days_until(Date::parse("2025-02-28").unwrap()), 366);
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
    }

    #[test]
    fn weekdays_and_ages_follow_the_calendar() {
        // 2026-11-22 is a Sunday; 2026-11-23 a Monday.
        assert_eq!(Date::parse("2026-11-22").unwrap().weekday(), 7);
        assert_eq!(Date::parse("2026-11-23").unwrap().weekday(), 1);
        let born = Date::parse("2004-11-23").unwrap();
        assert_eq!(born.years_until(Date::parse("2026-11-22").unwrap()), 21);
        assert_eq!(born.years_until(Date::parse("2026-11-23").unwrap()), 22);
    }

    proptest::proptest! {
        #[test]
        fn adding_days_round_trips(days in -30_000i64..40_000) {
            let start = Date::parse("2000-01-01").unwrap();
            let later = start.add_days(days);
            proptest::prop_assert_eq!(start.days_until(later), days);
            proptest::prop_assert_eq!(Date::parse(&later.to_string()), Some(later));
        }
    }

    #[test]
    fn the_date_in_china_turns_at_midnight_beijing_time() {
        // 2026-11-21T15:59:59Z is 23:59:59 in Beijing; one second later it is the 22nd there.
        assert_eq!(
            Date::from_unix_seconds_in_china(1_795_276_799).to_string(),
            "2026-11-21"
        );
        assert_eq!(
            Date::from_unix_seconds_in_china(1_795_276_800).to_string(),
            "2026-11-22"
        );
        assert_eq!(
            Date::from_unix_seconds_in_china(0).to_string(),
            "1970-01-01"
        );
    }
}
