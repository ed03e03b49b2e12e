//! Working days: weekends, public holidays, and the weekend days worked instead (调休), as the
//! State Council publishes them each year. The calendar is data, loaded from a file per year.

use crate::domain::date::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One year's published holiday arrangement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayYear {
    pub year: i32,
    /// The notice it comes from.
    pub source: String,
    /// True while the notice is not yet published and the dates are a forecast.
    #[serde(default)]
    pub provisional: bool,
    /// Days off: single dates or ranges `2026-10-01..2026-10-07`.
    pub holidays: Vec<String>,
    /// Weekend days that are working days.
    #[serde(default)]
    pub working_days: Vec<String>,
}

/// A problem with a holiday file, naming the entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarProblem {
    pub field: String,
    pub problem: String,
}

/// Public holidays and 调休 working days of the years loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayCalendar {
    holidays: BTreeSet<Date>,
    working_weekends: BTreeSet<Date>,
}

fn dates_of(entry: &str) -> Option<Vec<Date>> {
    let (first, last) = match entry.split_once("..") {
        Some((a, b)) => (Date::parse(a.trim())?, Date::parse(b.trim())?),
        None => {
            let d = Date::parse(entry.trim())?;
            (d, d)
        }
    };
    let days = first.days_until(last);
    (0..=31)
        .contains(&days)
        .then(|| (0..=days).map(|i| first.add_days(i)).collect())
}

impl HolidayCalendar {
    /// Builds the calendar from years of arrangements, or every problem found.
    pub fn from_years(years: &[HolidayYear]) -> Result<HolidayCalendar, Vec<CalendarProblem>> {
        let mut calendar = HolidayCalendar::default();
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, year) in years.iter().enumerate() {
            if !seen.insert(year.year) {
                problems.push(CalendarProblem {
                    field: format!("year[{i}].year"),
                    problem: format!("{} appears twice", year.year),
                });
            }
            for (list, name, weekend_only) in [
                (&year.holidays, "holidays", false),
                (&year.working_days, "working_days", true),
            ] {
                for (j, entry) in list.iter().enumerate() {
                    let field = format!("year[{i}].{name}[{j}]");
                    let Some(dates) = dates_of(entry) else {
                        problems.push(CalendarProblem {
                            field,
                            problem: format!(
                                "{entry:?} is not a date or a range like 2026-10-01..2026-10-07"
                            ),
                        });
                        continue;
                    };
                    for date in dates {
                        if date.year() != year.year {
                            problems.push(CalendarProblem {
                                field: field.clone(),
                                problem: format!("{date} is not in {}", year.year),
                            });
                        } else if weekend_only && date.weekday() < 6 {
                            problems.push(CalendarProblem {
                                field: field.clone(),
                                problem: format!("{date} is a weekday; only weekend days are listed as working days"),
                            });
                        } else if weekend_only {
                            calendar.working_weekends.insert(date);
                        } else {
                            calendar.holidays.insert(date);
                        }
                    }
                }
            }
        }
        for date in calendar.holidays.intersection(&calendar.working_weekends) {
            problems.push(CalendarProblem {
                field: "working_days".into(),
                problem: format!("{date} is both a holiday and a working day"),
            });
        }
        if problems.is_empty() {
            Ok(calendar)
        } else {
            Err(problems)
        }
    }

    pub fn is_public_holiday(&self, date: Date) -> bool {
        self.holidays.contains(&date)
    }

    /// A 调休 weekend day worked in exchange for a holiday.
    pub fn is_working_weekend(&self, date: Date) -> bool {
        self.working_weekends.contains(&date)
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        !self.holidays.contains(&date)
            && (date.weekday() < 6 || self.working_weekends.contains(&date))
    }

    /// `date` itself when it is a working day, otherwise the next one.
    pub fn next_working_day(&self, date: Date) -> Date {
        let mut d = date;
        while !self.is_working_day(d) {
            d = d.add_days(1);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> HolidayCalendar {
        HolidayCalendar::from_years(&[HolidayYear {
            year: 2026,
            source: "test".into(),
            provisional: false,
            holidays: vec!["2026-10-01..2026-10-07".into(), "2026-01-01".into()],
            working_days: vec!["2026-10-10".into(), "2026-09-20".into()],
        }])
        .unwrap()
    }

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn holidays_weekends_and_swapped_working_days() {
        let c = sample();
        assert!(!c.is_working_day(d("2026-10-01")), "National Day");
        assert!(
            !c.is_working_day(d("2026-10-03")),
            "a Saturday in the holiday"
        );
        assert!(
            c.is_working_day(d("2026-10-10")),
            "a Saturday worked instead (调休)"
        );
        assert!(!c.is_working_day(d("2026-10-11")), "an ordinary Sunday");
        assert!(c.is_working_day(d("2026-10-09")), "an ordinary Friday");
        assert_eq!(c.next_working_day(d("2026-10-01")), d("2026-10-08"));
        assert_eq!(c.next_working_day(d("2026-10-09")), d("2026-10-09"));
    }

    #[test]
    fn a_bad_file_names_each_entry() {
        let problems = HolidayCalendar::from_years(&[HolidayYear {
            year: 2026,
            source: "test".into(),
            provisional: false,
            holidays: vec!["2026-13-01".into(), "2027-01-01".into()],
            working_days: vec!["2026-10-09".into()],
        }])
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "year[0].holidays[0]",
                "year[0].holidays[1]",
                "year[0].working_days[0]"
            ]
        );
    }
}
