//! The divorce cooling-off period (Civil Code art. 1077): after the application is received on day
//! D, 30 days follow in which either party may withdraw; then both must appear within the next 30
//! days. Counting starts the day after D; a period whose last day is not a working day (a public
//! holiday or weekend) ends on the next working day instead.

use super::calendar::HolidayCalendar;
use crate::domain::date::Date;
use serde::{Deserialize, Serialize};

pub const COOLING_OFF_DAYS: i64 = 30;
pub const SECOND_STAGE_DAYS: i64 = 30;

/// When the cooling-off period ends and the days the second appointment may be on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivorceWindow {
    pub received: Date,
    pub cooling_off_ends: Date,
    pub first_day: Date,
    pub last_day: Date,
}

impl DivorceWindow {
    pub fn new(received: Date, calendar: &HolidayCalendar) -> DivorceWindow {
        let cooling_off_ends = calendar.next_working_day(received.add_days(COOLING_OFF_DAYS));
        let first_day = cooling_off_ends.add_days(1);
        let last_day = calendar.next_working_day(cooling_off_ends.add_days(SECOND_STAGE_DAYS));
        DivorceWindow {
            received,
            cooling_off_ends,
            first_day,
            last_day,
        }
    }

    pub fn contains(&self, date: Date) -> bool {
        self.first_day <= date && date <= self.last_day
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::booking::calendar::HolidayYear;

    fn calendar() -> HolidayCalendar {
        HolidayCalendar::from_years(&[HolidayYear {
            year: 2026,
            source: "test".into(),
            provisional: false,
            holidays: vec!["2026-10-01..2026-10-07".into()],
            working_days: vec![],
        }])
        .unwrap()
    }

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn the_second_appointment_falls_in_days_31_to_60() {
        // Received Monday 2026-11-02: day 30 is Wednesday 12-02, day 60 Friday 2027-01-01… a
        // holiday in real life, but not in this one-year test calendar, so it stands.
        let w = DivorceWindow::new(d("2026-11-02"), &calendar());
        assert_eq!(w.cooling_off_ends, d("2026-12-02"));
        assert_eq!(w.first_day, d("2026-12-03"));
        assert_eq!(w.last_day, d("2027-01-01"));
        assert!(!w.contains(d("2026-12-02")));
        assert!(w.contains(d("2026-12-03")) && w.contains(d("2027-01-01")));
        assert!(!w.contains(d("2027-01-02")));
    }

    #[test]
    fn a_period_ending_on_a_holiday_or_weekend_ends_on_the_next_working_day() {
        // Received 2026-09-01: day 30 is 2026-10-01, National Day, so cooling-off ends 10-08.
        let w = DivorceWindow::new(d("2026-09-01"), &calendar());
        assert_eq!(w.cooling_off_ends, d("2026-10-08"));
        assert_eq!(w.first_day, d("2026-10-09"));
        // 10-08 + 30 = 11-07, a Saturday: the window runs to Monday 11-09.
        assert_eq!(w.last_day, d("2026-11-09"));
    }
}
