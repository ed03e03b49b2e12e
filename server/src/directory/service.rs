//! The directory the pages and the API search: the stored facilities plus the marriage registry
//! offices of the booking data, kept in memory for a few seconds like the booking catalogue.

use super::pinyin::initials;
use crate::{
    booking::{catalogue::Fresh, service::BookingDesk},
    store::{facilities::FacilityRow, Store},
};
use app::{
    domain::{
        booking::{
            calendar::HolidayCalendar,
            desk::OfficeInfo,
            moment::Moment,
            schedule::{Session, WeeklyTemplate},
            Service,
        },
        date::Date,
        directory::{
            facility::{Accessibility, Facility, Kind, Phone},
            hours::{status_at, Hours, OpenStatus},
            import::{self, ImportProblem},
            search::{find, street_places, FoundFacilities, Query, StreetPlace},
        },
    },
    error::FieldError,
};
use std::sync::Arc;

/// Why the directory could not answer.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
    #[error("stored facility {id} is unreadable: {problem}")]
    BadRecord { id: String, problem: String },
    #[error("booking data: {0}")]
    Booking(String),
}

/// Every facility, with the pinyin initials of each name in the same order, and the regions a
/// search may name.
#[derive(Debug, Default)]
pub struct Listing {
    pub facilities: Vec<Facility>,
    pub initials: Vec<String>,
    pub regions: Vec<String>,
}

#[derive(Clone)]
pub struct Directory {
    store: Store,
    desk: BookingDesk,
    kept: Fresh<Listing>,
}

impl Directory {
    pub fn new(store: Store, desk: BookingDesk) -> Directory {
        Directory {
            store,
            desk,
            kept: Fresh::default(),
        }
    }

    /// The listing, read again when older than the booking catalogue's freshness.
    pub async fn listing(&self) -> Result<Arc<Listing>, DirectoryError> {
        self.kept.get(|| self.read_listing()).await
    }

    async fn read_listing(&self) -> Result<Listing, DirectoryError> {
        let mut listing = Listing::default();
        for row in self.store.facilities().await? {
            let facility: Facility =
                serde_json::from_str(&row.content).map_err(|e| DirectoryError::BadRecord {
                    id: row.id.clone(),
                    problem: e.to_string(),
                })?;
            listing.facilities.push(facility);
            listing.initials.push(row.initials);
        }
        let offices = self
            .desk
            .offices()
            .await
            .map_err(|e| DirectoryError::Booking(e.to_string()))?;
        let schedules = self.desk.office_templates().await.unwrap_or_default();
        for office in offices {
            let hours = schedules
                .iter()
                .find(|(id, _)| *id == office.id)
                .map(|(_, t)| registry_hours(t))
                .unwrap_or_default();
            listing.initials.push(initials(&office.name_zh));
            listing.facilities.push(registry_facility(office, hours));
        }
        listing.regions = self
            .store
            .list_regions()
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        Ok(listing)
    }

    /// Forgets the kept listing, after this process changed the directory.
    pub fn forget_cached(&self) {
        self.kept.forget();
    }

    async fn calendar(&self) -> Result<HolidayCalendar, DirectoryError> {
        self.desk
            .calendar()
            .await
            .map_err(|e| DirectoryError::Booking(e.to_string()))
    }

    /// One page of the facilities matching query-string pairs (the API's names) at `now`, with
    /// the query as read; or the problems with the pairs, each naming its field.
    pub async fn search(
        &self,
        pairs: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
        now: Moment,
    ) -> Result<Result<(Query, FoundFacilities), Vec<FieldError>>, DirectoryError> {
        let listing = self.listing().await?;
        let regions: Vec<&str> = listing.regions.iter().map(String::as_str).collect();
        let query = match Query::from_pairs(pairs, &regions) {
            Ok(query) => query,
            Err(fields) => return Ok(Err(fields)),
        };
        let calendar = self.calendar().await?;
        let found = find(
            &listing.facilities,
            &listing.initials,
            &query,
            now,
            &calendar,
        )
        .into();
        Ok(Ok((query, found)))
    }

    /// One facility and whether it is open at `now`.
    pub async fn facility(
        &self,
        id: &str,
        now: Moment,
    ) -> Result<Option<(Facility, OpenStatus)>, DirectoryError> {
        let listing = self.listing().await?;
        let Some(facility) = listing.facilities.iter().find(|f| f.id == id) else {
            return Ok(None);
        };
        let status = status_at(&facility.hours, now, &self.calendar().await?);
        Ok(Some((facility.clone(), status)))
    }

    /// Streets residents can pick as "where I am".
    pub async fn places(&self) -> Result<Vec<StreetPlace>, DirectoryError> {
        Ok(street_places(&self.listing().await?.facilities))
    }
}

/// A registry office as a directory entry (its booking pages hold the rest).
fn registry_facility(office: OfficeInfo, hours: Hours) -> Facility {
    Facility {
        id: format!("registry-{}", office.id),
        kind: Kind::MarriageRegistry,
        region: office.region,
        district_zh: String::new(),
        district_en: None,
        street_zh: String::new(),
        street_en: None,
        name_zh: office.name_zh,
        name_en: office.name_en,
        address_zh: office.address_zh,
        address_en: office.address_en,
        latitude: office.latitude,
        longitude: office.longitude,
        phones: vec![Phone {
            label_zh: "登记处".into(),
            label_en: Some("Registry".into()),
            number: office.phone,
        }],
        phone_24h: None,
        hours,
        tags: Vec::new(),
        accessibility: Accessibility::default(),
        prices: Vec::new(),
        note_zh: Some(office.hours_zh),
        note_en: Some(office.hours_en),
        directions_zh: None,
        directions_en: None,
        last_checked: Date::new(2026, 11, 1).expect("date"),
        source: "booking data (server/data/booking/offices.toml)".into(),
        is_sample: office.sample,
    }
}

/// Opening hours from an office's weekly templates: the union of its services' sessions per
/// weekday, closed on public holidays.
fn registry_hours(templates: &[WeeklyTemplate]) -> Hours {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut parts = Vec::new();
    for (i, day) in DAYS.iter().enumerate() {
        let weekday = i as u8 + 1;
        let mut sessions: Vec<&Session> = templates
            .iter()
            .filter(|t| t.service != Service::Ceremony && t.weekdays.contains(&weekday))
            .flat_map(|t| t.sessions.iter())
            .collect();
        sessions.sort_by_key(|s| s.start);
        sessions.dedup();
        if !sessions.is_empty() {
            let hhmm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
            let spans: Vec<String> = sessions
                .iter()
                .map(|s| format!("{}-{}", hhmm(s.start), hhmm(s.end)))
                .collect();
            parts.push(format!("{day} {}", spans.join(",")));
        }
    }
    parts.push("holidays closed".into());
    Hours::parse(&parts.join("; ")).unwrap_or_default()
}

/// Why a facilities file was not loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{} problem(s) in the file", .0.len())]
    Problems(Vec<ImportProblem>),
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
}

/// Checks a whole facilities file (`json` or `csv`) against the stored regions.
pub async fn check_file(
    store: &Store,
    text: &str,
    csv: bool,
    today: Date,
) -> Result<Vec<Facility>, LoadError> {
    let regions: Vec<String> = store
        .list_regions()
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
    let parsed = if csv {
        import::parse_csv(text, today, &regions)
    } else {
        import::parse_json(text, today, &regions)
    };
    parsed.map_err(LoadError::Problems)
}

/// Checks and stores a whole facilities file: every row, or none. Returns how many were stored.
pub async fn load_file(
    store: &Store,
    text: &str,
    csv: bool,
    today: Date,
) -> Result<usize, LoadError> {
    let facilities = check_file(store, text, csv, today).await?;
    let rows: Vec<FacilityRow> = facilities
        .iter()
        .map(|f| FacilityRow {
            id: f.id.clone(),
            kind: f.kind.key().into(),
            region_id: f.region.clone(),
            content: serde_json::to_string(f).expect("facility serialises"),
            initials: initials(&f.name_zh),
        })
        .collect();
    store.save_facilities(&rows).await?;
    Ok(rows.len())
}

/// Every stored facility in the import format (`json` or `csv`).
pub async fn export(store: &Store, csv: bool) -> Result<String, DirectoryError> {
    let mut facilities = Vec::new();
    for row in store.facilities().await? {
        facilities.push(serde_json::from_str::<Facility>(&row.content).map_err(|e| {
            DirectoryError::BadRecord {
                id: row.id.clone(),
                problem: e.to_string(),
            }
        })?);
    }
    Ok(if csv {
        import::to_csv(&facilities)
    } else {
        import::to_json(&facilities)
    })
}
