//! The offices, their schedules and the holiday calendar, read once and kept in memory for a few
//! seconds. Every availability read and booking needs them; reading and parsing them from the
//! database each time cost two round trips and two JSON parses per request.
//!
//! A copy is at most [`FRESH_FOR`] old, so files loaded by another process (the `server booking
//! load` command) or another server on the same PostgreSQL database show within that time. Places
//! are never counted from this copy: the slot rows in the database decide, so a stale copy can
//! only offer a slot that the reservation then refuses, never oversell one.

use crate::store::{bookings::OfficeRow, Store};
use app::domain::booking::{
    calendar::{HolidayCalendar, HolidayYear},
    office::OfficeSchedule,
};
use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

/// How long a copy is used before it is read again.
pub const FRESH_FOR: Duration = Duration::from_secs(5);

/// One office as stored, with its schedule parsed (or why it could not be).
#[derive(Debug)]
pub struct CataloguedOffice {
    pub row: OfficeRow,
    pub schedule: Result<OfficeSchedule, String>,
}

/// Every office, in the order regions are shown, and the holiday calendar.
#[derive(Debug)]
pub struct Catalogue {
    pub offices: Vec<CataloguedOffice>,
    pub calendar: Result<HolidayCalendar, String>,
}

impl Catalogue {
    pub async fn read(store: &Store) -> Result<Catalogue, sqlx::Error> {
        let offices = store
            .offices()
            .await?
            .into_iter()
            .map(|row| {
                let schedule =
                    serde_json::from_str(&row.schedule).map_err(|e| format!("{}: {e}", row.id));
                CataloguedOffice { row, schedule }
            })
            .collect();
        let years: Result<Vec<HolidayYear>, String> = store
            .holiday_years()
            .await?
            .iter()
            .map(|json| serde_json::from_str(json).map_err(|e| format!("holiday year: {e}")))
            .collect();
        let calendar = years.and_then(|years| {
            HolidayCalendar::from_years(&years).map_err(|p| format!("holiday years: {p:?}"))
        });
        Ok(Catalogue { offices, calendar })
    }

    pub fn office(&self, id: &str) -> Option<&CataloguedOffice> {
        self.offices.iter().find(|o| o.row.id == id)
    }
}

/// A copy and when it was read.
type Kept<T> = Option<(Instant, Arc<T>)>;

/// A copy of something read from the database, shared and kept for [`FRESH_FOR`].
#[derive(Debug)]
pub struct Fresh<T> {
    copy: Arc<RwLock<Kept<T>>>,
}

impl<T> Default for Fresh<T> {
    fn default() -> Fresh<T> {
        Fresh {
            copy: Arc::default(),
        }
    }
}

impl<T> Clone for Fresh<T> {
    fn clone(&self) -> Fresh<T> {
        Fresh {
            copy: self.copy.clone(),
        }
    }
}

impl<T> Fresh<T> {
    /// The kept copy, or what `read` reads when it is missing or older than [`FRESH_FOR`].
    pub async fn get<E, Fut>(&self, read: impl FnOnce() -> Fut) -> Result<Arc<T>, E>
    where
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        if let Some((read_at, kept)) = self.copy.read().expect("kept copy lock").as_ref() {
            if read_at.elapsed() < FRESH_FOR {
                return Ok(kept.clone());
            }
        }
        let fresh = Arc::new(read().await?);
        *self.copy.write().expect("kept copy lock") = Some((Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    /// Drops the kept copy: the next request reads the database. Called after this process
    /// changes what it holds.
    pub fn forget(&self) {
        *self.copy.write().expect("kept copy lock") = None;
    }
}
