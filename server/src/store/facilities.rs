//! The facilities directory as stored: one row per facility, its checked record as JSON.

use super::{in_write_tx, now_unix, with_reader, Store};

/// One facility as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FacilityRow {
    pub id: String,
    pub kind: String,
    pub region_id: String,
    /// The facility in the import JSON format.
    pub content: String,
    /// Pinyin initials of the Chinese name (`凤凰山公墓` → `fhsgm`).
    pub initials: String,
}

impl Store {
    /// Adds or replaces these facilities, all or none.
    pub async fn save_facilities(&self, rows: &[FacilityRow]) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            for row in rows {
                sqlx::query(
                    "INSERT INTO facilities (id, kind, region_id, content, initials, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,
                       region_id = excluded.region_id, content = excluded.content,
                       initials = excluded.initials, updated_at = excluded.updated_at",
                )
                .bind(&row.id)
                .bind(&row.kind)
                .bind(&row.region_id)
                .bind(&row.content)
                .bind(&row.initials)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }

    /// Removes a facility; false when there was none.
    pub async fn delete_facility(&self, id: &str) -> Result<bool, sqlx::Error> {
        let deleted = in_write_tx!(self, |tx| {
            sqlx::query("DELETE FROM facilities WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(deleted == 1)
    }

    /// Every facility, by id.
    pub async fn facilities(&self) -> Result<Vec<FacilityRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT id, kind, region_id, content, initials FROM facilities ORDER BY id",
            )
            .fetch_all(pool)
            .await
        })
    }
}
