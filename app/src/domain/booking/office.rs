//! Registry offices as staff write them in a file: where they are, what they offer, their weekly
//! schedule per service, date changes and booking rules. Checked whole; every problem names the
//! office's row and field.

use super::{
    rules::BookingRules,
    schedule::{DayChange, Session, WeeklyTemplate},
    Service,
};
use crate::domain::{date::Date, region::is_valid_region_id};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeFile {
    pub office: Vec<OfficeEntry>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeEntry {
    pub id: String,
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub latitude: f64,
    pub longitude: f64,
    pub phone: String,
    /// Opening hours as people read them.
    pub hours_zh: String,
    pub hours_en: String,
    pub services: Vec<Service>,
    #[serde(default)]
    pub ceremony_hall: bool,
    #[serde(default)]
    pub sample: bool,
    #[serde(default)]
    pub rules: BookingRules,
    pub schedule: Vec<TemplateEntry>,
    #[serde(default)]
    pub changes: Vec<ChangeEntry>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateEntry {
    pub service: Service,
    pub weekdays: Vec<u8>,
    /// `"09:00-11:30"`.
    pub sessions: Vec<String>,
    pub slot_minutes: u16,
    pub capacity: u32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeEntry {
    pub date: Date,
    #[serde(default)]
    pub service: Option<Service>,
    pub capacity: u32,
}

/// What the booking pages and the server use of an office's file, stored as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSchedule {
    pub services: Vec<Service>,
    pub hours_zh: String,
    pub hours_en: String,
    pub templates: Vec<WeeklyTemplate>,
    pub changes: Vec<DayChange>,
    pub rules: BookingRules,
}

/// A checked office.
#[derive(Clone, Debug, PartialEq)]
pub struct Office {
    pub id: String,
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub latitude: f64,
    pub longitude: f64,
    pub phone: String,
    pub ceremony_hall: bool,
    pub sample: bool,
    pub schedule: OfficeSchedule,
}

/// One problem, naming the office's position in the file and the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeProblem {
    pub row: usize,
    pub field: String,
    pub problem: String,
}

/// `"09:00-11:30"` → minutes.
pub fn parse_session(text: &str) -> Option<Session> {
    let minute = |t: &str| {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
    };
    let (a, b) = text.split_once('-')?;
    Some(Session {
        start: minute(a)?,
        end: minute(b)?,
    })
}

fn is_slug(id: &str) -> bool {
    (3..=60).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl OfficeFile {
    pub fn check(&self) -> Result<Vec<Office>, Vec<OfficeProblem>> {
        let mut problems = Vec::new();
        let mut offices = Vec::new();
        let mut ids = BTreeSet::new();
        for (row, e) in self.office.iter().enumerate() {
            let mut bad = |field: &str, problem: String| {
                problems.push(OfficeProblem {
                    row: row + 1,
                    field: field.to_string(),
                    problem,
                })
            };
            if !is_slug(&e.id) {
                bad(
                    "id",
                    format!("{:?} must be 3–60 lower-case letters, digits or '-'", e.id),
                );
            } else if !ids.insert(e.id.clone()) {
                bad("id", format!("{:?} appears twice", e.id));
            }
            if !is_valid_region_id(&e.region) {
                bad("region", format!("{:?} is not a region id", e.region));
            }
            for (field, text) in [
                ("name_zh", &e.name_zh),
                ("name_en", &e.name_en),
                ("address_zh", &e.address_zh),
                ("address_en", &e.address_en),
                ("phone", &e.phone),
                ("hours_zh", &e.hours_zh),
                ("hours_en", &e.hours_en),
            ] {
                if text.trim().is_empty() {
                    bad(field, "must not be empty".into());
                }
            }
            if !(3.0..=54.0).contains(&e.latitude) {
                bad("latitude", format!("{} is outside China", e.latitude));
            }
            if !(73.0..=136.0).contains(&e.longitude) {
                bad("longitude", format!("{} is outside China", e.longitude));
            }
            if e.services.is_empty() {
                bad("services", "list at least one service".into());
            }
            if e.services.contains(&Service::Ceremony)
                && (!e.ceremony_hall || !e.services.contains(&Service::Marriage))
            {
                bad(
                    "services",
                    "a ceremony needs a ceremony hall and marriage registration".into(),
                );
            }
            let r = &e.rules;
            if !(1..=90).contains(&r.open_days_ahead)
                || r.open_minute >= 24 * 60
                || r.cutoff_minute >= 24 * 60
                || r.cutoff_days_before >= r.open_days_ahead
                || r.lookback_days == 0
            {
                bad(
                    "rules",
                    "booking must open 1–90 days ahead, before the cut-off, at times within the day"
                        .into(),
                );
            }
            let mut templates = Vec::new();
            for (i, t) in e.schedule.iter().enumerate() {
                let field = format!("schedule[{i}]");
                if !e.services.contains(&t.service) {
                    bad(
                        &field,
                        format!("{} is not among the office's services", t.service.key()),
                    );
                }
                let sessions: Option<Vec<Session>> =
                    t.sessions.iter().map(|s| parse_session(s)).collect();
                let Some(sessions) = sessions else {
                    bad(
                        &format!("{field}.sessions"),
                        "write sessions like \"09:00-11:30\"".into(),
                    );
                    continue;
                };
                let template = WeeklyTemplate {
                    service: t.service,
                    weekdays: t.weekdays.clone(),
                    sessions,
                    slot_minutes: t.slot_minutes,
                    capacity: t.capacity,
                };
                for problem in template.problems() {
                    bad(&field, problem);
                }
                templates.push(template);
            }
            for service in &e.services {
                if !e.schedule.iter().any(|t| t.service == *service) {
                    bad("schedule", format!("{} has no schedule", service.key()));
                }
            }
            for (i, c) in e.changes.iter().enumerate() {
                if c.service.is_some_and(|s| !e.services.contains(&s)) || c.capacity > 1000 {
                    bad(
                        &format!("changes[{i}]"),
                        "unknown service or capacity above 1000".into(),
                    );
                }
            }
            offices.push(Office {
                id: e.id.clone(),
                region: e.region.clone(),
                name_zh: e.name_zh.clone(),
                name_en: e.name_en.clone(),
                address_zh: e.address_zh.clone(),
                address_en: e.address_en.clone(),
                latitude: e.latitude,
                longitude: e.longitude,
                phone: e.phone.clone(),
                ceremony_hall: e.ceremony_hall,
                sample: e.sample,
                schedule: OfficeSchedule {
                    services: e.services.clone(),
                    hours_zh: e.hours_zh.clone(),
                    hours_en: e.hours_en.clone(),
                    templates,
                    changes: e
                        .changes
                        .iter()
                        .map(|c| DayChange {
                            date: c.date,
                            service: c.service,
                            capacity: c.capacity,
                        })
                        .collect(),
                    rules: e.rules.clone(),
                },
            });
        }
        if problems.is_empty() {
            Ok(offices)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_read_from_clock_times() {
        assert_eq!(
            parse_session("09:00-11:30"),
            Some(Session {
                start: 540,
                end: 690
            })
        );
        assert_eq!(
            parse_session("9:00 - 17:00"),
            Some(Session {
                start: 540,
                end: 1020
            })
        );
        assert_eq!(parse_session("09:00"), None);
        assert_eq!(parse_session("25:00-26:00"), None);
    }
}
