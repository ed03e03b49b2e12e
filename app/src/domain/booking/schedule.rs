//! An office's weekly schedule per service, with date-specific closures and capacity changes,
//! turned into the slots of a day.

use super::{calendar::HolidayCalendar, moment::Moment, Service};
use crate::domain::date::Date;
use serde::{Deserialize, Serialize};

/// Opening hours in minutes after midnight, `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub start: u16,
    pub end: u16,
}

/// A weekly pattern: on these weekdays, these sessions, cut into slots of this length, each with
/// this many places.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyTemplate {
    pub service: Service,
    /// ISO weekdays, 1 = Monday.
    pub weekdays: Vec<u8>,
    pub sessions: Vec<Session>,
    pub slot_minutes: u16,
    pub capacity: u32,
}

/// A change on one date: the office (or one service) closed, or a different capacity per slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayChange {
    pub date: Date,
    /// `None` applies to every service.
    pub service: Option<Service>,
    /// `0` closes; any other number replaces each slot's capacity.
    pub capacity: u32,
}

/// A bookable time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub start: Moment,
    pub end: Moment,
    pub capacity: u32,
}

impl WeeklyTemplate {
    /// Whether the template is usable: sessions inside the day, in order, not overlapping, each a
    /// whole number of slots; a sensible slot length and capacity.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !(5..=240).contains(&self.slot_minutes) {
            problems.push("slot_minutes must be 5 to 240".to_string());
        }
        if self.capacity == 0 || self.capacity > 1000 {
            problems.push("capacity must be 1 to 1000".into());
        }
        if self.weekdays.is_empty() || self.weekdays.iter().any(|d| !(1..=7).contains(d)) {
            problems.push("weekdays must list days 1 (Monday) to 7 (Sunday)".into());
        }
        let mut previous_end = 0;
        for s in &self.sessions {
            if s.start >= s.end || s.end > 24 * 60 || s.start < previous_end {
                problems.push("sessions must be in order, inside the day and not overlap".into());
            } else if self.slot_minutes > 0 && (s.end - s.start) % self.slot_minutes != 0 {
                problems.push("each session must be a whole number of slots".into());
            }
            previous_end = s.end;
        }
        problems
    }
}

/// The slots of `service` on `date`. Public holidays have none. A 调休 working weekend day follows
/// the templates that cover every weekday (the office works as on any weekday).
pub fn slots_on(
    date: Date,
    service: Service,
    templates: &[WeeklyTemplate],
    changes: &[DayChange],
    calendar: &HolidayCalendar,
) -> Vec<Slot> {
    if calendar.is_public_holiday(date) {
        return Vec::new();
    }
    let weekday = date.weekday();
    let swapped = calendar.is_working_weekend(date);
    let change = changes
        .iter()
        .filter(|c| c.date == date && c.service.is_none_or(|s| s == service))
        // A change for this service wins over one for the whole office.
        .max_by_key(|c| c.service.is_some());
    if change.is_some_and(|c| c.capacity == 0) {
        return Vec::new();
    }
    let mut slots: Vec<Slot> = templates
        .iter()
        .filter(|t| t.service == service)
        .filter(|t| {
            if swapped {
                (1..=5).all(|d| t.weekdays.contains(&d))
            } else {
                t.weekdays.contains(&weekday)
            }
        })
        .flat_map(|t| {
            t.sessions.iter().flat_map(move |s| {
                (s.start..s.end)
                    .step_by(usize::from(t.slot_minutes.max(1)))
                    .map(move |m| Slot {
                        start: Moment { date, minute: m },
                        end: Moment {
                            date,
                            minute: m + t.slot_minutes,
                        },
                        capacity: t.capacity,
                    })
            })
        })
        .collect();
    if let Some(change) = change {
        for slot in &mut slots {
            slot.capacity = change.capacity;
        }
    }
    slots.sort_by_key(|s| s.start);
    slots.dedup_by_key(|s| s.start);
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::booking::calendar::HolidayYear;

    fn weekday_template() -> WeeklyTemplate {
        WeeklyTemplate {
            service: Service::Marriage,
            weekdays: vec![1, 2, 3, 4, 5],
            sessions: vec![
                Session {
                    start: 9 * 60,
                    end: 11 * 60 + 30,
                },
                Session {
                    start: 13 * 60 + 30,
                    end: 17 * 60,
                },
            ],
            slot_minutes: 30,
            capacity: 10,
        }
    }

    fn calendar() -> HolidayCalendar {
        HolidayCalendar::from_years(&[HolidayYear {
            year: 2026,
            source: "test".into(),
            provisional: false,
            holidays: vec!["2026-10-01..2026-10-07".into()],
            working_days: vec!["2026-10-10".into()],
        }])
        .unwrap()
    }

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn a_weekday_has_its_half_hour_slots_and_weekends_and_holidays_none() {
        let t = [weekday_template()];
        let slots = slots_on(d("2026-12-01"), Service::Marriage, &t, &[], &calendar());
        assert_eq!(slots.len(), 5 + 7);
        assert_eq!(slots[0].start.to_string(), "2026-12-01T09:00:00+08:00");
        assert_eq!(slots[4].end.to_string(), "2026-12-01T11:30:00+08:00");
        assert_eq!(slots[5].start.to_string(), "2026-12-01T13:30:00+08:00");
        assert!(slots_on(d("2026-12-05"), Service::Marriage, &t, &[], &calendar()).is_empty());
        assert!(slots_on(d("2026-10-02"), Service::Marriage, &t, &[], &calendar()).is_empty());
        assert_eq!(
            slots_on(d("2026-10-10"), Service::Marriage, &t, &[], &calendar()).len(),
            12,
            "a swapped working Saturday opens like a weekday"
        );
        assert!(slots_on(d("2026-12-01"), Service::Divorce, &t, &[], &calendar()).is_empty());
    }

    #[test]
    fn closures_and_capacity_changes_apply_to_their_date_and_service() {
        let t = [weekday_template()];
        let closed = DayChange {
            date: d("2026-12-01"),
            service: None,
            capacity: 0,
        };
        assert!(slots_on(
            d("2026-12-01"),
            Service::Marriage,
            &t,
            std::slice::from_ref(&closed),
            &calendar()
        )
        .is_empty());
        assert_eq!(
            slots_on(
                d("2026-12-02"),
                Service::Marriage,
                &t,
                &[closed],
                &calendar()
            )
            .len(),
            12
        );
        let busy = DayChange {
            date: d("2026-12-01"),
            service: Some(Service::Marriage),
            capacity: 20,
        };
        let slots = slots_on(d("2026-12-01"), Service::Marriage, &t, &[busy], &calendar());
        assert!(slots.iter().all(|s| s.capacity == 20));
    }

    #[test]
    fn broken_templates_are_refused_with_reasons() {
        let mut t = weekday_template();
        assert!(t.problems().is_empty());
        t.slot_minutes = 45;
        t.capacity = 0;
        assert_eq!(t.problems().len(), 3);
    }
}
