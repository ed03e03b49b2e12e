//! Sample data, loaded once per data set: a later start never brings back what staff removed or
//! changed.

use crate::store::{in_write_tx, now_unix, regions, with_reader, Store};
use app::domain::region::{is_valid_region_id, Region};

/// The regions of the source documents, shipped with the server.
pub const SAMPLE_REGIONS: &str = include_str!("../data/regions.json");
const REGIONS_SEED: &str = "regions-v1";
const BOOKING_SEED: &str = "booking-v1";
const DIRECTORY_SEED: &str = "directory-v1";
/// The sample facilities (funeral homes, cemeteries, stations), shipped with the server.
pub const SAMPLE_FACILITIES: &str = include_str!("../data/directory/facilities.json");

/// Why sample data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("data/regions.json: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("data/regions.json: entry {index}: id {id:?} is not a valid region id")]
    BadId { index: usize, id: String },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("shipped booking files: {0}")]
    Booking(String),
    #[error("shipped facilities file: {0}")]
    Directory(String),
}

/// Parses and checks the shipped region list.
pub fn sample_regions() -> Result<Vec<Region>, SeedError> {
    let regions: Vec<Region> = serde_json::from_str(SAMPLE_REGIONS)?;
    for (index, region) in regions.iter().enumerate() {
        if !is_valid_region_id(&region.id) {
            return Err(SeedError::BadId {
                index,
                id: region.id.clone(),
            });
        }
    }
    Ok(regions)
}

impl Store {
    /// Loads the sample data sets not loaded before; returns how many were loaded now.
    pub async fn load_sample_data(&self) -> Result<usize, SeedError> {
        let sample = sample_regions()?;
        let loaded = in_write_tx!(self, |tx| {
            let done: Option<(String,)> =
                sqlx::query_as("SELECT name FROM seed_runs WHERE name = $1")
                    .bind(REGIONS_SEED)
                    .fetch_optional(&mut *tx)
                    .await?;
            if done.is_some() {
                0
            } else {
                let sql = format!("{} ON CONFLICT (id) DO NOTHING", regions::INSERT);
                for (order, region) in sample.iter().enumerate() {
                    regions::bind_region!(sqlx::query(&sql), region, order as i64)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2)")
                    .bind(REGIONS_SEED)
                    .bind(now_unix())
                    .execute(&mut *tx)
                    .await?;
                1
            }
        });
        let booking = self.load_sample_booking_data().await?;
        Ok(loaded + booking + self.load_sample_facilities().await?)
    }

    /// Whether a sample data set was loaded before.
    async fn seeded(&self, name: &str) -> Result<bool, sqlx::Error> {
        let done: Option<String> = with_reader!(self, |pool| {
            sqlx::query_scalar("SELECT name FROM seed_runs WHERE name = $1")
                .bind(name)
                .fetch_optional(pool)
                .await
        })?;
        Ok(done.is_some())
    }

    async fn mark_seeded(&self, name: &str) -> Result<(), sqlx::Error> {
        in_write_tx!(self, |tx| {
            sqlx::query("INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2)")
                .bind(name)
                .bind(now_unix())
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// The shipped sample facilities, once.
    async fn load_sample_facilities(&self) -> Result<usize, SeedError> {
        if self.seeded(DIRECTORY_SEED).await? {
            return Ok(0);
        }
        let today = app::domain::date::Date::from_unix_seconds_in_china(now_unix());
        crate::directory::service::load_file(self, SAMPLE_FACILITIES, false, today)
            .await
            .map_err(|e| match e {
                crate::directory::service::LoadError::Problems(problems) => SeedError::Directory(
                    problems
                        .iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                crate::directory::service::LoadError::Storage(e) => SeedError::Database(e),
            })?;
        self.mark_seeded(DIRECTORY_SEED).await?;
        Ok(1)
    }

    /// The shipped sample offices and holiday calendar, once.
    async fn load_sample_booking_data(&self) -> Result<usize, SeedError> {
        if self.seeded(BOOKING_SEED).await? {
            return Ok(0);
        }
        let files: Vec<(String, String)> = crate::booking::files::SHIPPED
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        crate::booking::files::load_booking_files(self, &files)
            .await
            .map_err(|e| SeedError::Booking(e.to_string()))?;
        self.mark_seeded(BOOKING_SEED).await?;
        Ok(1)
    }
}
