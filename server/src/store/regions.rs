//! The `regions` table.

use super::{in_write_tx, with_reader, Store};
use app::domain::region::Region;

#[derive(sqlx::FromRow)]
struct RegionRow {
    id: String,
    name_zh: String,
    name_en: String,
    province_zh: String,
    province_en: String,
    is_sample: bool,
}

impl From<RegionRow> for Region {
    fn from(row: RegionRow) -> Region {
        Region {
            id: row.id,
            name_zh: row.name_zh,
            name_en: row.name_en,
            province_zh: row.province_zh,
            province_en: row.province_en,
            is_sample: row.is_sample,
        }
    }
}

const COLUMNS: &str = "id, name_zh, name_en, province_zh, province_en, is_sample";

/// Inserts a region; the caller appends what to do when the id exists. Bind with [`bind_region!`].
pub(crate) const INSERT: &str = "INSERT INTO regions (id, name_zh, name_en, province_zh, province_en, is_sample, sort_order, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Binds a region's columns, its sort order and the time to an [`INSERT`] query.
macro_rules! bind_region {
    ($query:expr, $region:expr, $sort_order:expr) => {
        $query
            .bind(&$region.id)
            .bind(&$region.name_zh)
            .bind(&$region.name_en)
            .bind(&$region.province_zh)
            .bind(&$region.province_en)
            .bind($region.is_sample)
            .bind($sort_order)
            .bind($crate::store::now_unix())
    };
}
pub(crate) use bind_region;

const ON_CONFLICT_REPLACE: &str = " ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
       province_zh = excluded.province_zh, province_en = excluded.province_en,
       is_sample = excluded.is_sample, sort_order = excluded.sort_order, updated_at = excluded.updated_at";

impl Store {
    /// All regions, in their display order.
    pub async fn list_regions(&self) -> Result<Vec<Region>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM regions ORDER BY sort_order, id");
        let rows: Vec<RegionRow> =
            with_reader!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(Region::from).collect())
    }

    /// One region by id.
    pub async fn get_region(&self, id: &str) -> Result<Option<Region>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM regions WHERE id = $1");
        let row: Option<RegionRow> = with_reader!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(Region::from))
    }

    /// Adds a region or replaces the one with the same id.
    pub async fn upsert_region(&self, region: &Region, sort_order: i64) -> Result<(), sqlx::Error> {
        let sql = format!("{INSERT}{ON_CONFLICT_REPLACE}");
        in_write_tx!(self, |tx| {
            bind_region!(sqlx::query(&sql), region, sort_order)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Removes a region; true when it existed.
    pub async fn delete_region(&self, id: &str) -> Result<bool, sqlx::Error> {
        let result = in_write_tx!(self, |tx| {
            sqlx::query("DELETE FROM regions WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(result > 0)
    }
}
