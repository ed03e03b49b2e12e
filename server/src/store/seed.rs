//! Sample data, loaded once per data set: a later start never brings back what staff removed or
//! changed.

use super::{in_write_tx, now_unix, regions, with_reader, Store};
use app::domain::region::{is_valid_region_id, Region};

/// The regions of the source documents, shipped with the server.
pub const SAMPLE_REGIONS: &str = include_str!("../../data/regions.json");
const REGIONS_SEED: &str = "regions-v1";
const BOOKING_SEED: &str = "booking-v1";

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
        Ok(loaded + self.load_sample_booking_data().await?)
    }

    /// The shipped sample offices and holiday calendar, once.
    async fn load_sample_booking_data(&self) -> Result<usize, SeedError> {
        let done: Option<String> = with_reader!(self, |pool| {
            sqlx::query_scalar("SELECT name FROM seed_runs WHERE name = $1")
                .bind(BOOKING_SEED)
                .fetch_optional(pool)
                .await
        })?;
        if done.is_some() {
            return Ok(0);
        }
        let files: Vec<(String, String)> = crate::booking::files::SHIPPED
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        crate::booking::files::load_booking_files(self, &files)
            .await
            .map_err(|e| SeedError::Booking(e.to_string()))?;
        in_write_tx!(self, |tx| {
            sqlx::query("INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2)")
                .bind(BOOKING_SEED)
                .bind(now_unix())
                .execute(&mut *tx)
                .await?;
        });
        Ok(1)
    }
}
