//! Opening hours: a weekly pattern, or 24 hours, with public-holiday rules and date exceptions;
//! and whether a place is open at a moment, until when, or when it opens next.
//!
//! Data files write hours in a compact text form, parts separated by `;`:
//!
//! | part | meaning |
//! |---|---|
//! | `mon-fri 08:30-12:00,14:00-17:30` | intervals on those weekdays (`mon`…`sun`, ranges `mon-fri`, lists `mon,wed`, `daily`) |
//! | `fri 20:00-08:00` | an interval that ends before it starts runs past midnight into the next day |
//! | `sat 24h` / `sun closed` | all day / no hours on those weekdays |
//! | `24h` | open all day, every day |
//! | `holidays closed` / `holidays 09:00-12:00` | on public holidays; see below |
//! | `2026-10-01 closed` / `2026-10-01..2026-10-03 09:00-12:00` | on those dates, instead of anything else |
//! | `closed` | never open (besides the exceptions) |
//!
//! Which hours apply on a date, first match wins:
//! 1. a date exception;
//! 2. on a public holiday, the holiday rule, when there is one;
//! 3. `24h`;
//! 4. on a 调休 working weekend day, when the place has a holiday rule (it follows the official
//!    calendar, like an office), the **Monday** hours: the State Council calls these days working
//!    days without saying which weekday they replace, and Monday hours are the ordinary full-day
//!    pattern of offices;
//! 5. the weekday's hours.
//!
//! An interval belongs to the day it starts on: an overnight interval begun the evening before a
//! holiday runs to its end even when the holiday is closed.

use crate::domain::{booking::calendar::HolidayCalendar, booking::moment::Moment, date::Date};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

const DAY: u16 = 24 * 60;
/// How far ahead [`status_at`] looks for the next opening or closing.
pub const HORIZON_DAYS: i64 = 8;
const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The longest date range one exception part may cover.
const MAX_RANGE_DAYS: i64 = 366;

/// Opening time to closing time in minutes after midnight. When `end <= start` the interval runs
/// past midnight and ends at `end` on the next day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    start: u16,
    end: u16,
}

/// The whole day, 00:00–24:00.
pub const ALL_DAY: Interval = Interval { start: 0, end: DAY };

impl Interval {
    /// `start` in 0..1440, `end` in 0..=1440 (0 and 1440 both mean midnight at the end), and not
    /// equal to `start`.
    pub fn new(start: u16, end: u16) -> Option<Interval> {
        let end = if end == 0 { DAY } else { end };
        (start < DAY && end <= DAY && end != start).then_some(Interval { start, end })
    }

    pub fn start(self) -> u16 {
        self.start
    }

    /// The closing minute on its own day, or on the next day when [`Interval::is_overnight`].
    pub fn end(self) -> u16 {
        self.end
    }

    pub fn is_overnight(self) -> bool {
        self.end < self.start
    }

    /// Minutes from the start of its day to its end: past 1440 when it runs overnight.
    pub fn end_offset(self) -> u16 {
        if self.is_overnight() {
            self.end + DAY
        } else {
            self.end
        }
    }

    fn parse(text: &str) -> Result<Interval, String> {
        let bad = || format!("{text:?} is not a time range like 08:30-12:00");
        let (a, b) = text.split_once('-').ok_or_else(bad)?;
        let start = parse_clock(a).ok_or_else(bad)?;
        let end = parse_clock(b).ok_or_else(bad)?;
        if start == DAY {
            return Err(format!("{text:?} starts at 24:00; write 00:00"));
        }
        Interval::new(start, end)
            .ok_or_else(|| format!("{text:?} is empty; write 24h for a whole day"))
    }
}

fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(DAY),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

fn clock(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", clock(self.start), clock(self.end))
    }
}

/// What a place does on public holidays.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum OnHolidays {
    /// Holidays are ordinary days and 调休 weekends ordinary weekends (funeral homes, most
    /// volunteer stations).
    #[default]
    AsUsual,
    Closed,
    Open(Vec<Interval>),
}

/// A place's opening hours. Serialised as the compact text form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hours {
    /// Open all day every day, unless a holiday rule or exception says otherwise.
    pub all_day: bool,
    /// Monday first; an empty list is a closed day. Ignored when `all_day`.
    pub weekly: [Vec<Interval>; 7],
    pub on_holidays: OnHolidays,
    /// Dates with their own hours; an empty list closes the date.
    pub exceptions: BTreeMap<Date, Vec<Interval>>,
}

/// A part of an hours text that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("in {part:?}: {problem}")]
pub struct HoursError {
    pub part: String,
    pub problem: String,
}

impl Hours {
    /// Open all day, every day.
    pub fn always() -> Hours {
        Hours {
            all_day: true,
            ..Hours::default()
        }
    }

    /// Reads the compact text form described in the module documentation.
    pub fn parse(text: &str) -> Result<Hours, HoursError> {
        let mut hours = Hours::default();
        let mut given = [false; 7];
        let mut said_closed = false;
        let mut said_holidays = false;
        let err = |part: &str, problem: String| HoursError {
            part: part.to_string(),
            problem,
        };
        if text.trim().is_empty() {
            return Err(err(
                text,
                "no hours given; write closed if it never opens".into(),
            ));
        }
        for part in text.split(';') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let lower = part.to_ascii_lowercase();
            let (head, rest) = match lower.split_once(char::is_whitespace) {
                Some((h, r)) => (h, r.trim()),
                None => (lower.as_str(), ""),
            };
            match (head, rest) {
                ("closed", "") => said_closed = true,
                ("24h", "") => {
                    if hours.all_day {
                        return Err(err(part, "24h is given twice".into()));
                    }
                    hours.all_day = true;
                }
                ("holidays", rule) => {
                    if said_holidays {
                        return Err(err(part, "the holiday rule is given twice".into()));
                    }
                    said_holidays = true;
                    hours.on_holidays = match day_intervals(rule).map_err(|p| err(part, p))? {
                        list if list.is_empty() => OnHolidays::Closed,
                        list => OnHolidays::Open(list),
                    };
                }
                (head, rule) if head.as_bytes().first().is_some_and(u8::is_ascii_digit) => {
                    let dates = date_range(head).map_err(|p| err(part, p))?;
                    let list = day_intervals(rule).map_err(|p| err(part, p))?;
                    for date in dates {
                        if hours.exceptions.insert(date, list.clone()).is_some() {
                            return Err(err(part, format!("{date} is given twice")));
                        }
                    }
                }
                (days, rule) => {
                    let days = weekdays(days).map_err(|p| err(part, p))?;
                    let list = day_intervals(rule).map_err(|p| err(part, p))?;
                    for day in days {
                        if given[day] {
                            let name = DAY_KEYS[day];
                            return Err(err(part, format!("{name} is given twice")));
                        }
                        given[day] = true;
                        hours.weekly[day] = list.clone();
                    }
                }
            }
        }
        let any_weekly = given.iter().any(|g| *g);
        if hours.all_day && any_weekly {
            return Err(err(text, "24h already covers every weekday".into()));
        }
        if said_closed && (hours.all_day || any_weekly) {
            return Err(err(
                text,
                "closed contradicts the opening hours given".into(),
            ));
        }
        Ok(hours)
    }

    /// The intervals that start on `date` (see the module documentation for the order of rules).
    pub fn on(&self, date: Date, calendar: &HolidayCalendar) -> &[Interval] {
        if let Some(list) = self.exceptions.get(&date) {
            return list;
        }
        let follows_calendar = self.on_holidays != OnHolidays::AsUsual;
        if calendar.is_public_holiday(date) {
            match &self.on_holidays {
                OnHolidays::AsUsual => {}
                OnHolidays::Closed => return &[],
                OnHolidays::Open(list) => return list,
            }
        }
        if self.all_day {
            return std::slice::from_ref(&ALL_DAY);
        }
        if follows_calendar && calendar.is_working_weekend(date) {
            return &self.weekly[0];
        }
        &self.weekly[usize::from(date.weekday() - 1)]
    }
}

/// `closed`, `24h` or intervals `08:30-12:00,14:00-17:30`, sorted and checked for overlaps.
fn day_intervals(text: &str) -> Result<Vec<Interval>, String> {
    match text {
        "" => Err("the hours are missing after the days".into()),
        "closed" => Ok(Vec::new()),
        "24h" => Ok(vec![ALL_DAY]),
        _ => {
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let mut list = compact
                .split(',')
                .map(Interval::parse)
                .collect::<Result<Vec<_>, _>>()?;
            list.sort();
            for pair in list.windows(2) {
                if pair[0].end_offset() > pair[1].start {
                    return Err(format!("{} overlaps {}", pair[0], pair[1]));
                }
            }
            Ok(list)
        }
    }
}

/// `mon`, `mon-fri`, `mon,wed-fri`, `daily` as weekday indexes (Monday 0).
fn weekdays(text: &str) -> Result<Vec<usize>, String> {
    if text == "daily" {
        return Ok((0..7).collect());
    }
    let day = |name: &str| {
        DAY_KEYS.iter().position(|k| *k == name).ok_or_else(|| {
            format!("{name:?} is not a weekday (mon tue wed thu fri sat sun, or daily), a date, 24h, holidays or closed")
        })
    };
    let mut days = Vec::new();
    for item in text.split(',') {
        match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                if a > b {
                    return Err(format!("{item:?} runs backwards; write it as two parts"));
                }
                days.extend(a..=b);
            }
            None => days.push(day(item)?),
        }
    }
    Ok(days)
}

/// `2026-10-01` or `2026-10-01..2026-10-07`.
fn date_range(text: &str) -> Result<Vec<Date>, String> {
    let bad = |t: &str| format!("{t:?} is not a date like 2026-10-01");
    let (first, last) = match text.split_once("..") {
        Some((a, b)) => (
            Date::parse(a).ok_or_else(|| bad(a))?,
            Date::parse(b).ok_or_else(|| bad(b))?,
        ),
        None => {
            let d = Date::parse(text).ok_or_else(|| bad(text))?;
            (d, d)
        }
    };
    let days = first.days_until(last);
    if !(0..MAX_RANGE_DAYS).contains(&days) {
        return Err(format!(
            "{text:?} must run forwards and cover at most {MAX_RANGE_DAYS} days"
        ));
    }
    Ok((0..=days).map(|i| first.add_days(i)).collect())
}

fn write_list(f: &mut fmt::Formatter<'_>, list: &[Interval]) -> fmt::Result {
    if list.is_empty() {
        return f.write_str("closed");
    }
    if list == [ALL_DAY] {
        return f.write_str("24h");
    }
    for (i, interval) in list.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{interval}")?;
    }
    Ok(())
}

/// The canonical text form: weekdays with equal hours grouped, then holidays, then exceptions
/// with consecutive equal dates as ranges. [`Hours::parse`] reads it back to the same value.
impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = 0;
        let mut sep = |f: &mut fmt::Formatter<'_>| {
            parts += 1;
            if parts > 1 {
                f.write_str("; ")
            } else {
                Ok(())
            }
        };
        if self.all_day {
            sep(f)?;
            f.write_str("24h")?;
        } else {
            let mut done = [false; 7];
            for day in 0..7 {
                if done[day] || self.weekly[day].is_empty() {
                    continue;
                }
                let same: Vec<usize> = (day..7)
                    .filter(|d| !done[*d] && self.weekly[*d] == self.weekly[day])
                    .collect();
                sep(f)?;
                if same.len() == 7 {
                    f.write_str("daily")?;
                } else {
                    let mut i = 0;
                    while i < same.len() {
                        let mut j = i;
                        while j + 1 < same.len() && same[j + 1] == same[j] + 1 {
                            j += 1;
                        }
                        if i > 0 {
                            f.write_str(",")?;
                        }
                        f.write_str(DAY_KEYS[same[i]])?;
                        if j > i {
                            write!(f, "-{}", DAY_KEYS[same[j]])?;
                        }
                        i = j + 1;
                    }
                }
                f.write_str(" ")?;
                write_list(f, &self.weekly[day])?;
                for d in same {
                    done[d] = true;
                }
            }
        }
        match &self.on_holidays {
            OnHolidays::AsUsual => {}
            OnHolidays::Closed => {
                sep(f)?;
                f.write_str("holidays closed")?;
            }
            OnHolidays::Open(list) => {
                sep(f)?;
                f.write_str("holidays ")?;
                write_list(f, list)?;
            }
        }
        let mut exceptions = self.exceptions.iter().peekable();
        while let Some((first, list)) = exceptions.next() {
            let mut last = *first;
            while let Some((next, next_list)) = exceptions.peek() {
                if **next == last.add_days(1)
                    && *next_list == list
                    && first.days_until(**next) < MAX_RANGE_DAYS
                {
                    last = **next;
                    exceptions.next();
                } else {
                    break;
                }
            }
            sep(f)?;
            if last == *first {
                write!(f, "{first} ")?;
            } else {
                write!(f, "{first}..{last} ")?;
            }
            write_list(f, list)?;
        }
        if parts == 0 {
            f.write_str("closed")?;
        }
        Ok(())
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Hours, D::Error> {
        let text = String::deserialize(d)?;
        Hours::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Whether a place is open at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OpenStatus {
    /// Open now; closes at `until`, or `None` when it stays open past the look-ahead of
    /// [`HORIZON_DAYS`] days ("open 24 hours").
    Open { until: Option<Moment> },
    /// Closed now; opens next at `opens`, or `None` when not within [`HORIZON_DAYS`] days.
    Closed { opens: Option<Moment> },
}

impl OpenStatus {
    pub fn is_open(self) -> bool {
        matches!(self, OpenStatus::Open { .. })
    }
}

/// Whether `hours` has the place open at `now`, and until when or from when.
pub fn status_at(hours: &Hours, now: Moment, calendar: &HolidayCalendar) -> OpenStatus {
    let day = i64::from(DAY);
    // Open spans in minutes from the start of now's date, from the day before (overnight
    // intervals) to the end of the look-ahead, merged where they touch.
    let mut spans: Vec<(i64, i64)> = (-1..=HORIZON_DAYS)
        .flat_map(|offset| {
            let date = now.date.add_days(offset);
            hours.on(date, calendar).iter().map(move |i| {
                (
                    offset * day + i64::from(i.start()),
                    offset * day + i64::from(i.end_offset()),
                )
            })
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let at = |m: i64| Moment {
        date: now.date.add_days(m.div_euclid(day)),
        minute: m.rem_euclid(day) as u16,
    };
    let t = i64::from(now.minute);
    let window_end = (HORIZON_DAYS + 1) * day;
    for (start, end) in merged {
        if start <= t && t < end {
            return OpenStatus::Open {
                until: (end < window_end).then(|| at(end)),
            };
        }
        if start > t {
            return OpenStatus::Closed {
                opens: (start - t <= HORIZON_DAYS * day).then(|| at(start)),
            };
        }
    }
    OpenStatus::Closed { opens: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::booking::calendar::HolidayYear;
    use proptest::prelude::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn m(text: &str) -> Moment {
        Moment::parse(&format!("{text}:00+08:00")).unwrap()
    }

    fn calendar() -> HolidayCalendar {
        HolidayCalendar::from_years(&[HolidayYear {
            year: 2026,
            source: "test".into(),
            provisional: false,
            holidays: vec!["2026-10-01..2026-10-07".into()],
            working_days: vec!["2026-09-27".into(), "2026-10-10".into()],
        }])
        .unwrap()
    }

    const OFFICE: &str = "mon-fri 08:30-12:00,14:00-17:30; sat 09:00-12:00";

    #[test]
    fn the_text_form_reads_weekdays_ranges_and_intervals() {
        let h = Hours::parse(OFFICE).unwrap();
        assert!(!h.all_day);
        assert_eq!(h.weekly[0].len(), 2);
        assert_eq!(h.weekly[4][1].start(), 14 * 60);
        assert_eq!(h.weekly[5], vec![Interval::new(540, 720).unwrap()]);
        assert!(h.weekly[6].is_empty());
        assert_eq!(h.to_string(), OFFICE);
        assert_eq!(Hours::parse("24h").unwrap(), Hours::always());
        assert_eq!(
            Hours::parse(" Daily 08:00-18:00 ").unwrap().to_string(),
            "daily 08:00-18:00"
        );
        let odd = Hours::parse("mon,wed,fri 09:00 - 11:00; tue-thu 14:00-15:00").unwrap_err();
        assert!(odd.problem.contains("wed is given twice"), "{odd}");
        let h = Hours::parse("mon,wed,fri 09:00-11:00; sat-sun 24h; holidays closed").unwrap();
        assert_eq!(
            h.to_string(),
            "mon,wed,fri 09:00-11:00; sat-sun 24h; holidays closed"
        );
        assert_eq!(Hours::parse("closed").unwrap(), Hours::default());
        assert_eq!(Hours::default().to_string(), "closed");
    }

    #[test]
    fn a_bad_part_is_named_with_the_reason() {
        for (text, part, says) in [
            (
                "mon-fri 08:30-12:00; sat 9:00-12:00",
                "sat 9:00-12:00",
                "not a time range",
            ),
            (
                "mon-fri 08:30-12:00,11:00-13:00",
                "mon-fri 08:30-12:00,11:00-13:00",
                "overlaps",
            ),
            ("mun 08:00-12:00", "mun 08:00-12:00", "not a weekday"),
            ("fri-mon 08:00-12:00", "fri-mon 08:00-12:00", "backwards"),
            ("mon 08:00-08:00", "mon 08:00-08:00", "empty"),
            ("mon 08:00-25:00", "mon 08:00-25:00", "not a time range"),
            ("mon", "mon", "missing"),
            ("2026-02-30 closed", "2026-02-30 closed", "not a date"),
            (
                "24h; mon 08:00-09:00",
                "24h; mon 08:00-09:00",
                "24h already covers",
            ),
            (
                "holidays closed; holidays 09:00-10:00",
                "holidays 09:00-10:00",
                "twice",
            ),
            ("", "", "no hours"),
        ] {
            let e = Hours::parse(text).unwrap_err();
            assert_eq!(e.part, part, "{text}");
            assert!(e.problem.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn hours_serialise_as_their_text_form() {
        let h = Hours::parse(OFFICE).unwrap();
        assert_eq!(serde_json::to_string(&h).unwrap(), format!("\"{OFFICE}\""));
        assert_eq!(
            serde_json::from_str::<Hours>(&format!("\"{OFFICE}\"")).unwrap(),
            h
        );
        let e = serde_json::from_str::<Hours>("\"mon 8-12\"").unwrap_err();
        assert!(e.to_string().contains("mon 8-12"), "{e}");
    }

    #[test]
    fn an_overnight_interval_keeps_the_place_open_after_midnight() {
        // 2026-11-20 is a Friday.
        let h = Hours::parse("mon-fri 20:00-08:00").unwrap();
        let c = HolidayCalendar::default();
        assert_eq!(
            status_at(&h, m("2026-11-21T02:00"), &c),
            OpenStatus::Open {
                until: Some(m("2026-11-21T08:00"))
            },
            "Saturday 02:00 is still Friday night's shift"
        );
        assert_eq!(
            status_at(&h, m("2026-11-21T08:00"), &c),
            OpenStatus::Closed {
                opens: Some(m("2026-11-23T20:00"))
            },
            "no Saturday or Sunday shift: next is Monday evening"
        );
        assert_eq!(
            status_at(&h, m("2026-11-20T19:59"), &c),
            OpenStatus::Closed {
                opens: Some(m("2026-11-20T20:00"))
            }
        );
        assert_eq!(h.to_string(), "mon-fri 20:00-08:00");
        // Consecutive night shifts touch at 08:00/20:00 without merging.
        assert_eq!(
            status_at(&h, m("2026-11-17T23:00"), &c),
            OpenStatus::Open {
                until: Some(m("2026-11-18T08:00"))
            }
        );
    }

    #[test]
    fn a_place_open_24_hours_has_no_closing_time() {
        let c = calendar();
        let always = Hours::always();
        assert_eq!(
            status_at(&always, m("2026-10-01T03:00"), &c),
            OpenStatus::Open { until: None },
            "holidays are as usual"
        );
        let daily = Hours::parse("daily 00:00-24:00").unwrap();
        assert_eq!(
            status_at(&daily, m("2026-11-22T12:00"), &c),
            OpenStatus::Open { until: None }
        );
        // A closure four days ahead is the closing time.
        let closing = Hours::parse("24h; 2026-11-26 closed").unwrap();
        assert_eq!(
            status_at(&closing, m("2026-11-22T12:00"), &c),
            OpenStatus::Open {
                until: Some(m("2026-11-26T00:00"))
            }
        );
    }

    #[test]
    fn closed_on_public_holidays_and_open_on_swapped_working_days() {
        let c = calendar();
        let h = Hours::parse(&format!("{OFFICE}; holidays closed")).unwrap();
        // Thursday 1 October 2026, National Day.
        assert_eq!(
            status_at(&h, m("2026-10-01T10:00"), &c),
            OpenStatus::Closed {
                opens: Some(m("2026-10-08T08:30"))
            },
            "the whole Golden Week is closed, Saturday included"
        );
        // Saturday 10 October 2026 is worked (调休): Monday hours, not Saturday's.
        assert_eq!(
            status_at(&h, m("2026-10-10T15:00"), &c),
            OpenStatus::Open {
                until: Some(m("2026-10-10T17:30"))
            }
        );
        // Sunday 27 September 2026, worked before the holiday.
        assert_eq!(h.on(d("2026-09-27"), &c), h.weekly[0].as_slice());
        // Without a holiday rule, the calendar is ignored.
        let plain = Hours::parse(OFFICE).unwrap();
        assert!(status_at(&plain, m("2026-10-01T10:00"), &c).is_open());
        assert_eq!(
            status_at(&plain, m("2026-10-10T15:00"), &c),
            OpenStatus::Closed {
                opens: Some(m("2026-10-12T08:30"))
            }
        );
        let short = Hours::parse(&format!("{OFFICE}; holidays 09:00-11:00")).unwrap();
        assert_eq!(
            status_at(&short, m("2026-10-04T10:00"), &c),
            OpenStatus::Open {
                until: Some(m("2026-10-04T11:00"))
            }
        );
    }

    #[test]
    fn a_date_exception_overrides_everything_else() {
        let c = calendar();
        let h = Hours::parse(&format!(
            "{OFFICE}; holidays closed; 2026-10-03 09:00-10:00; 2026-11-23..2026-11-24 closed"
        ))
        .unwrap();
        assert!(status_at(&h, m("2026-10-03T09:30"), &c).is_open());
        assert_eq!(
            status_at(&h, m("2026-11-23T09:00"), &c),
            OpenStatus::Closed {
                opens: Some(m("2026-11-25T08:30"))
            }
        );
        assert_eq!(
            h.to_string(),
            format!(
                "{OFFICE}; holidays closed; 2026-10-03 09:00-10:00; 2026-11-23..2026-11-24 closed"
            )
        );
    }

    #[test]
    fn the_next_opening_is_found_across_a_weekend_or_not_at_all() {
        let c = HolidayCalendar::default();
        let h = Hours::parse("mon-fri 08:30-12:00,14:00-17:30").unwrap();
        // Friday 20 November 2026, after closing.
        assert_eq!(
            status_at(&h, m("2026-11-20T18:00"), &c),
            OpenStatus::Closed {
                opens: Some(m("2026-11-23T08:30"))
            }
        );
        // Lunch break.
        assert_eq!(
            status_at(&h, m("2026-11-20T12:00"), &c),
            OpenStatus::Closed {
                opens: Some(m("2026-11-20T14:00"))
            }
        );
        assert_eq!(
            status_at(&h, m("2026-11-20T11:59"), &c),
            OpenStatus::Open {
                until: Some(m("2026-11-20T12:00"))
            }
        );
        assert_eq!(
            status_at(&Hours::default(), m("2026-11-20T11:59"), &c),
            OpenStatus::Closed { opens: None }
        );
        // Only open on a date nine days away: beyond the look-ahead.
        let far = Hours::parse("2026-11-29 09:00-10:00").unwrap();
        assert_eq!(
            status_at(&far, m("2026-11-20T09:30"), &c),
            OpenStatus::Closed { opens: None }
        );
        assert!(matches!(
            status_at(&far, m("2026-11-21T09:30"), &c),
            OpenStatus::Closed { opens: Some(_) }
        ));
    }

    fn interval() -> impl Strategy<Value = Interval> {
        (0u16..DAY, 0u16..=DAY).prop_filter_map("empty", |(s, e)| Interval::new(s, e))
    }

    fn day_list() -> impl Strategy<Value = Vec<Interval>> {
        prop::collection::vec(interval(), 0..4).prop_map(|mut list| {
            // Keep a non-overlapping prefix, as the parser requires.
            list.sort();
            let mut kept: Vec<Interval> = Vec::new();
            for i in list {
                if kept.last().is_none_or(|k| k.end_offset() <= i.start) {
                    kept.push(i);
                }
            }
            kept
        })
    }

    fn hours() -> impl Strategy<Value = Hours> {
        (
            any::<bool>(),
            prop::array::uniform7(day_list()),
            prop_oneof![
                Just(OnHolidays::AsUsual),
                Just(OnHolidays::Closed),
                day_list()
                    .prop_filter("closed is its own rule", |l| !l.is_empty())
                    .prop_map(OnHolidays::Open),
            ],
            prop::collection::btree_map(
                (0i64..40).prop_map(|i| d("2026-12-20").add_days(i)),
                day_list(),
                0..6,
            ),
        )
            .prop_map(|(all_day, weekly, on_holidays, exceptions)| Hours {
                all_day,
                weekly: if all_day { Default::default() } else { weekly },
                on_holidays,
                exceptions,
            })
    }

    proptest! {
        #[test]
        fn the_text_form_round_trips(h in hours()) {
            let text = h.to_string();
            prop_assert_eq!(Hours::parse(&text), Ok(h), "{}", text);
        }

        #[test]
        fn the_status_agrees_with_the_next_change(h in hours(), day in 0i64..60, minute in 0u16..DAY) {
            let c = calendar();
            let now = Moment { date: d("2026-09-25").add_days(day), minute };
            match status_at(&h, now, &c) {
                OpenStatus::Open { until: Some(end) } => {
                    prop_assert!(end > now);
                    prop_assert!(!status_at(&h, end, &c).is_open());
                    prop_assert!(status_at(&h, end.add_minutes(-1), &c).is_open());
                }
                OpenStatus::Closed { opens: Some(start) } => {
                    prop_assert!(start > now);
                    prop_assert!(status_at(&h, start, &c).is_open());
                    prop_assert!(!status_at(&h, start.add_minutes(-1), &c).is_open());
                }
                _ => {}
            }
        }
    }
}
