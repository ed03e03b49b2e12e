//! Office and holiday files: reading, checking, and loading them all or none.
//!
//! The files in `data/booking/` are built into the server and loaded with the sample data; staff
//! load replacements with `server booking check|load FILE...`. A file with any problem is refused
//! whole, with the file, the office's row and the field named, and nothing changes.

use crate::store::{bookings::OfficeRow, Store};
use app::domain::booking::{
    calendar::{HolidayCalendar, HolidayYear},
    office::{Office, OfficeFile},
};
use serde::Deserialize;

pub const SHIPPED: &[(&str, &str)] = &[
    (
        "holidays.toml",
        include_str!("../../data/booking/holidays.toml"),
    ),
    (
        "offices.toml",
        include_str!("../../data/booking/offices.toml"),
    ),
];

/// What a booking data file holds.
#[derive(Clone, Debug)]
pub enum BookingFile {
    Offices(Vec<Office>),
    Holidays(Vec<HolidayYear>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    year: Vec<HolidayYear>,
}

/// Why files were refused: one line per problem, naming the file, row and field.
#[derive(Debug, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct BookingFileError {
    pub problems: Vec<String>,
}

fn refuse(problems: Vec<String>) -> BookingFileError {
    BookingFileError { problems }
}

/// Reads and checks one file; offices files have `[[office]]` tables, holiday files `[[year]]`.
pub fn parse_booking_file(name: &str, text: &str) -> Result<BookingFile, BookingFileError> {
    let toml_problem = |e: toml::de::Error| {
        refuse(vec![format!(
            "{name}: {}",
            e.to_string().trim().replace('\n', " ")
        )])
    };
    let value: toml::Table = toml::from_str(text).map_err(toml_problem)?;
    if value.contains_key("office") {
        let file: OfficeFile = toml::from_str(text).map_err(toml_problem)?;
        file.check().map(BookingFile::Offices).map_err(|problems| {
            refuse(
                problems
                    .into_iter()
                    .map(|p| format!("{name}: office {}: {}: {}", p.row, p.field, p.problem))
                    .collect(),
            )
        })
    } else if value.contains_key("year") {
        let file: HolidayFile = toml::from_str(text).map_err(toml_problem)?;
        HolidayCalendar::from_years(&file.year).map_err(|problems| {
            refuse(
                problems
                    .into_iter()
                    .map(|p| format!("{name}: {}: {}", p.field, p.problem))
                    .collect(),
            )
        })?;
        Ok(BookingFile::Holidays(file.year))
    } else {
        Err(refuse(vec![format!(
            "{name}: neither [[office]] nor [[year]] tables: not an office or holiday file"
        )]))
    }
}

/// The row stored for an office.
pub fn office_row(office: &Office) -> OfficeRow {
    OfficeRow {
        id: office.id.clone(),
        region_id: office.region.clone(),
        name_zh: office.name_zh.clone(),
        name_en: office.name_en.clone(),
        address_zh: office.address_zh.clone(),
        address_en: office.address_en.clone(),
        latitude: office.latitude,
        longitude: office.longitude,
        phone: office.phone.clone(),
        has_ceremony_hall: office.ceremony_hall,
        is_sample: office.sample,
        schedule: serde_json::to_string(&office.schedule).expect("schedules serialize"),
    }
}

/// Checks files and stores them all, or refuses them all. Returns what was loaded, in words.
pub async fn load_booking_files(
    store: &Store,
    files: &[(String, String)],
) -> Result<Vec<String>, anyhow::Error> {
    let mut problems = Vec::new();
    let mut offices = Vec::new();
    let mut years = Vec::new();
    for (name, text) in files {
        match parse_booking_file(name, text) {
            Ok(BookingFile::Offices(o)) => offices.extend(o.into_iter().map(|o| (name.clone(), o))),
            Ok(BookingFile::Holidays(y)) => years.extend(y),
            Err(e) => problems.extend(e.problems),
        }
    }
    let regions: Vec<String> = store
        .list_regions()
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    for (name, office) in &offices {
        if !regions.contains(&office.region) {
            problems.push(format!(
                "{name}: office {}: region: {:?} is not a region this deployment serves",
                office.id, office.region
            ));
        }
    }
    if !problems.is_empty() {
        return Err(refuse(problems).into());
    }
    let rows: Vec<OfficeRow> = offices.iter().map(|(_, o)| office_row(o)).collect();
    let year_rows: Vec<(i32, String)> = years
        .iter()
        .map(|y| (y.year, serde_json::to_string(y).expect("years serialize")))
        .collect();
    store.save_booking_data(&rows, &year_rows).await?;
    let mut loaded: Vec<String> = offices.iter().map(|(_, o)| o.id.clone()).collect();
    loaded.extend(years.iter().map(|y| format!("holidays {}", y.year)));
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_files_pass_their_checks() {
        for (name, text) in SHIPPED {
            parse_booking_file(name, text).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn a_bad_office_file_names_the_file_row_and_field() {
        let text = SHIPPED[1]
            .1
            .replacen("capacity = 6", "capacity = 0", 1)
            .replacen(
                "sessions = [\"09:00-11:30\", \"13:30-17:00\"]",
                "sessions = [\"9 to 11\"]",
                1,
            );
        let e = parse_booking_file("offices.toml", &text).unwrap_err();
        assert_eq!(
            e.problems,
            ["offices.toml: office 1: schedule[0].sessions: write sessions like \"09:00-11:30\""]
        );
        let text = SHIPPED[1].1.replacen("capacity = 6", "capacity = 0", 1);
        let e = parse_booking_file("offices.toml", &text).unwrap_err();
        assert_eq!(
            e.problems,
            ["offices.toml: office 1: schedule[0]: capacity must be 1 to 1000"]
        );
        let e = parse_booking_file("x.toml", "office = 3").unwrap_err();
        assert!(e.problems[0].starts_with("x.toml: "), "{e}");
    }

    #[test]
    fn a_holiday_file_with_a_weekday_as_a_working_day_is_refused() {
        let text = SHIPPED[0].1.replacen("\"2026-01-04\"", "\"2026-01-05\"", 1);
        let e = parse_booking_file("holidays.toml", &text).unwrap_err();
        assert!(
            e.problems[0]
                .starts_with("holidays.toml: year[0].working_days[0]: 2026-01-05 is a weekday"),
            "{e}"
        );
    }
}
