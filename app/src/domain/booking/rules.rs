//! An office's booking rules, as data: when booking opens for a day, the cut-off before an
//! appointment, how late a cancellation is allowed, and the limits on no-shows and cancellations.

use super::moment::Moment;
use crate::{domain::date::Date, i18n::Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookingRules {
    /// A day can be booked from this many days before it…
    pub open_days_ahead: u16,
    /// …from this time of day (minutes after midnight).
    pub open_minute: u16,
    /// Booking closes this many days before the appointment…
    pub cutoff_days_before: u16,
    /// …at this time of day.
    pub cutoff_minute: u16,
    /// A booking can be cancelled or moved until this many hours before it.
    pub cancel_hours_before: u16,
    /// This many no-shows…
    pub no_show_limit: u16,
    /// …or this many cancellations…
    pub cancel_limit: u16,
    /// …within this many days…
    pub lookback_days: u16,
    /// …stop an ID number from booking for this many days.
    pub block_days: u16,
}

impl Default for BookingRules {
    fn default() -> BookingRules {
        BookingRules {
            open_days_ahead: 15,
            open_minute: 8 * 60,
            cutoff_days_before: 1,
            cutoff_minute: 15 * 60,
            cancel_hours_before: 24,
            no_show_limit: 2,
            cancel_limit: 5,
            lookback_days: 180,
            block_days: 180,
        }
    }
}

/// Why a time cannot be booked (or a booking changed) now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Refusal {
    InThePast,
    NotOpenYet {
        opens: Moment,
    },
    PastCutoff {
        closed: Moment,
    },
    TooLateToChange {
        until: Moment,
    },
    Blocked {
        until: Date,
    },
    /// A divorce's second appointment must fall inside the window after the cooling-off period.
    OutsideDivorceWindow {
        first: Date,
        last: Date,
    },
    /// The second appointment needs the office to have received the application first.
    ApplicationNotReceived,
    /// The booking is not in a state that allows this (cancelled, already attended, …).
    WrongStatus,
    /// Check-in and "received" happen on the appointment's day.
    NotToday,
    /// A no-show can only be recorded once the appointment has begun.
    NotStartedYet,
    /// The office takes no appointments at that time (a rest day, a closed day, between slots).
    NoAppointmentThen,
}

impl Refusal {
    pub fn message(self) -> Msg {
        match self {
            Refusal::InThePast => Msg::BookingInThePast,
            Refusal::NotOpenYet { .. } => Msg::BookingNotOpenYet,
            Refusal::PastCutoff { .. } => Msg::BookingPastCutoff,
            Refusal::TooLateToChange { .. } => Msg::BookingTooLateToChange,
            Refusal::Blocked { .. } => Msg::BookingBlocked,
            Refusal::OutsideDivorceWindow { .. } => Msg::OutsideDivorceWindow,
            Refusal::ApplicationNotReceived => Msg::ApplicationNotReceived,
            Refusal::WrongStatus => Msg::BookingWrongStatus,
            Refusal::NotToday => Msg::BookingNotToday,
            Refusal::NotStartedYet => Msg::BookingNotStartedYet,
            Refusal::NoAppointmentThen => Msg::SlotUnknown,
        }
    }
}

/// Something a person did with a booking that counts towards the limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strike {
    NoShow,
    Cancellation,
}

impl BookingRules {
    /// When booking opens for appointments on `date`.
    pub fn opens(&self, date: Date) -> Moment {
        Moment {
            date: date.add_days(-i64::from(self.open_days_ahead)),
            minute: self.open_minute,
        }
    }

    /// When booking closes for appointments on `date`.
    pub fn closes(&self, date: Date) -> Moment {
        Moment {
            date: date.add_days(-i64::from(self.cutoff_days_before)),
            minute: self.cutoff_minute,
        }
    }

    /// Whether a slot starting at `start` can be booked at `now`.
    pub fn check_booking(&self, start: Moment, now: Moment) -> Result<(), Refusal> {
        if start <= now {
            return Err(Refusal::InThePast);
        }
        let opens = self.opens(start.date);
        if now < opens {
            return Err(Refusal::NotOpenYet { opens });
        }
        let closed = self.closes(start.date);
        if now >= closed {
            return Err(Refusal::PastCutoff { closed });
        }
        Ok(())
    }

    /// Whether a booking at `start` can still be cancelled or moved at `now`.
    pub fn check_change(&self, start: Moment, now: Moment) -> Result<(), Refusal> {
        let until = start.add_minutes(-60 * i64::from(self.cancel_hours_before));
        if now >= until {
            return Err(Refusal::TooLateToChange { until });
        }
        Ok(())
    }

    /// The first and last dates that can be booked at `now` (the last may be before the first
    /// when nothing is open).
    pub fn bookable_dates(&self, now: Moment) -> (Date, Date) {
        let first = if now.minute < self.cutoff_minute {
            now.date.add_days(i64::from(self.cutoff_days_before))
        } else {
            now.date.add_days(i64::from(self.cutoff_days_before) + 1)
        };
        let last = if now.minute >= self.open_minute {
            now.date.add_days(i64::from(self.open_days_ahead))
        } else {
            now.date.add_days(i64::from(self.open_days_ahead) - 1)
        };
        (first.max(now.date), last)
    }

    /// Until when an ID number with these strikes (dates and kinds) may not book, if it is blocked
    /// on `today`. The block runs from the strike that reached a limit.
    pub fn blocked_until(&self, strikes: &[(Date, Strike)], today: Date) -> Option<Date> {
        let mut sorted = strikes.to_vec();
        sorted.sort_by_key(|(d, _)| *d);
        let mut until: Option<Date> = None;
        for (i, (date, kind)) in sorted.iter().enumerate() {
            let limit = match kind {
                Strike::NoShow => self.no_show_limit,
                Strike::Cancellation => self.cancel_limit,
            };
            let window_start = date.add_days(-i64::from(self.lookback_days) + 1);
            let count = sorted[..=i]
                .iter()
                .filter(|(d, k)| k == kind && *d >= window_start)
                .count();
            if limit > 0 && count >= usize::from(limit) {
                let end = date.add_days(i64::from(self.block_days));
                until = Some(until.map_or(end, |u| u.max(end)));
            }
        }
        until.filter(|u| *u > today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> Moment {
        Moment::parse(text).unwrap()
    }

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn booking_opens_15_days_ahead_at_8_and_closes_at_15_the_day_before() {
        let r = BookingRules::default();
        let slot = at("2026-12-16T09:00:00+08:00");
        assert_eq!(
            r.check_booking(slot, at("2026-12-01T07:59:00+08:00")),
            Err(Refusal::NotOpenYet {
                opens: at("2026-12-01T08:00:00+08:00")
            })
        );
        assert_eq!(
            r.check_booking(slot, at("2026-12-01T08:00:00+08:00")),
            Ok(())
        );
        assert_eq!(
            r.check_booking(slot, at("2026-12-15T14:59:00+08:00")),
            Ok(())
        );
        assert_eq!(
            r.check_booking(slot, at("2026-12-15T15:00:00+08:00")),
            Err(Refusal::PastCutoff {
                closed: at("2026-12-15T15:00:00+08:00")
            })
        );
        assert_eq!(
            r.check_booking(slot, at("2026-12-16T10:00:00+08:00")),
            Err(Refusal::InThePast)
        );
    }

    #[test]
    fn the_bookable_dates_follow_the_clock() {
        let r = BookingRules::default();
        assert_eq!(
            r.bookable_dates(at("2026-12-01T09:00:00+08:00")),
            (d("2026-12-02"), d("2026-12-16"))
        );
        assert_eq!(
            r.bookable_dates(at("2026-12-01T16:00:00+08:00")),
            (d("2026-12-03"), d("2026-12-16"))
        );
        assert_eq!(
            r.bookable_dates(at("2026-12-01T07:00:00+08:00")),
            (d("2026-12-02"), d("2026-12-15"))
        );
    }

    #[test]
    fn changes_are_allowed_until_24_hours_before() {
        let r = BookingRules::default();
        let slot = at("2026-12-16T09:00:00+08:00");
        assert_eq!(
            r.check_change(slot, at("2026-12-15T08:59:00+08:00")),
            Ok(())
        );
        assert!(r
            .check_change(slot, at("2026-12-15T09:00:00+08:00"))
            .is_err());
    }

    #[test]
    fn two_no_shows_or_five_cancellations_in_180_days_block_for_180_days() {
        let r = BookingRules::default();
        let today = d("2026-12-01");
        let one = [(d("2026-10-01"), Strike::NoShow)];
        assert_eq!(r.blocked_until(&one, today), None);
        let two = [
            (d("2026-06-01"), Strike::NoShow),
            (d("2026-10-01"), Strike::NoShow),
        ];
        assert_eq!(r.blocked_until(&two, today), Some(d("2027-03-30")));
        let far_apart = [
            (d("2025-01-01"), Strike::NoShow),
            (d("2026-10-01"), Strike::NoShow),
        ];
        assert_eq!(
            r.blocked_until(&far_apart, today),
            None,
            "the first is outside the 180 days"
        );
        let four: Vec<_> = (1..=4)
            .map(|m| (d(&format!("2026-0{m}-01")), Strike::Cancellation))
            .collect();
        assert_eq!(r.blocked_until(&four, today), None);
        let mut five = four.clone();
        five.push((d("2026-05-01"), Strike::Cancellation));
        assert_eq!(
            r.blocked_until(&five, d("2026-10-27")),
            Some(d("2026-10-28")),
            "blocked for 180 days from the fifth"
        );
        assert_eq!(
            r.blocked_until(&five, today),
            None,
            "and free again after them"
        );
        let recent: Vec<_> = (7..=11)
            .map(|m| (d(&format!("2026-{m:02}-01")), Strike::Cancellation))
            .collect();
        assert_eq!(r.blocked_until(&recent, today), Some(d("2027-04-30")));
    }

    proptest! {
        #[test]
        fn a_bookable_slot_is_always_between_opening_and_cut_off(
            slot_day in 0i64..60, slot_minute in 480u16..1080, now_day in 0i64..60, now_minute in 0u16..1440,
        ) {
            let r = BookingRules::default();
            let base = d("2026-12-01");
            let slot = Moment { date: base.add_days(slot_day), minute: slot_minute };
            let now = Moment { date: base.add_days(now_day), minute: now_minute };
            if r.check_booking(slot, now).is_ok() {
                prop_assert!(now >= r.opens(slot.date) && now < r.closes(slot.date) && now < slot);
                let (first, last) = r.bookable_dates(now);
                prop_assert!(first <= slot.date && slot.date <= last);
            }
        }

        #[test]
        fn more_strikes_never_shorten_a_block(
            days in proptest::collection::vec((0i64..400, any::<bool>()), 0..12), extra in (0i64..400, any::<bool>()),
        ) {
            let r = BookingRules::default();
            let base = d("2026-01-01");
            let strike = |(day, no_show): (i64, bool)| (base.add_days(day), if no_show { Strike::NoShow } else { Strike::Cancellation });
            let strikes: Vec<_> = days.into_iter().map(strike).collect();
            let today = base.add_days(400);
            let before = r.blocked_until(&strikes, today);
            let mut more = strikes.clone();
            more.push(strike(extra));
            let after = r.blocked_until(&more, today);
            prop_assert!(after >= before);
        }
    }
}
