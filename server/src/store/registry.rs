//! What the registry desk reads and changes: an office's bookings by day, and slots cut down
//! when a day is closed or its capacity lowered.

use super::{
    bookings::{release, CANCELLED, CEREMONY, CONFIRMED},
    in_write_tx, now_unix, with_reader, Store,
};

impl Store {
    /// Codes of an office's bookings with slots in `[from, to)` (Unix seconds), by time.
    pub async fn office_booking_codes(
        &self,
        office_id: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        with_reader!(self, |pool| sqlx::query_scalar(
            "SELECT code FROM bookings WHERE office_id = $1 AND starts_at >= $2 AND starts_at < $3
             ORDER BY starts_at, created_at, code",
        )
        .bind(office_id)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await)
    }

    /// Sets a slot's capacity, cancelling the most recently made confirmed bookings beyond it
    /// (their places given back) in the same transaction, so the slot never holds more than
    /// its places. Returns the cancelled codes.
    pub async fn cut_slot(
        &self,
        office_id: &str,
        service: &str,
        start: i64,
        end: i64,
        capacity: u32,
    ) -> Result<Vec<String>, sqlx::Error> {
        let now = now_unix();
        let cancelled = in_write_tx!(self, |tx| {
            // Creating or touching the slot's row first holds it (a row lock on PostgreSQL)
            // while its bookings are counted.
            sqlx::query(
                "INSERT INTO slots (office_id, service, starts_at, ends_at, capacity, booked)
                 VALUES ($1, $2, $3, $4, $5, 0)
                 ON CONFLICT (office_id, service, starts_at) DO UPDATE SET capacity = slots.capacity",
            )
            .bind(office_id)
            .bind(service)
            .bind(start)
            .bind(end)
            .bind(i64::from(capacity))
            .execute(&mut *tx)
            .await?;
            let codes: Vec<(String, bool)> = sqlx::query_as(
                "SELECT code, ceremony FROM bookings
                 WHERE office_id = $1 AND service = $2 AND starts_at = $3 AND status = $4
                 ORDER BY created_at DESC, code DESC",
            )
            .bind(office_id)
            .bind(service)
            .bind(start)
            .bind(CONFIRMED)
            .fetch_all(&mut *tx)
            .await?;
            let excess = codes.len().saturating_sub(capacity as usize);
            let mut cancelled = Vec::new();
            for (code, ceremony) in codes.into_iter().take(excess) {
                sqlx::query(
                    "UPDATE bookings SET status = $1, updated_at = $2, cancelled_by = 'office'
                     WHERE code = $3",
                )
                .bind(CANCELLED)
                .bind(now)
                .bind(&code)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE booking_people SET active = $1 WHERE booking_code = $2")
                    .bind(false)
                    .bind(&code)
                    .execute(&mut *tx)
                    .await?;
                release(&mut tx, office_id, service, start).await?;
                if ceremony {
                    release(&mut tx, office_id, CEREMONY, start).await?;
                }
                cancelled.push(code);
            }
            sqlx::query(
                "UPDATE slots SET capacity = CASE WHEN booked > $1 THEN booked ELSE $1 END
                 WHERE office_id = $2 AND service = $3 AND starts_at = $4",
            )
            .bind(i64::from(capacity))
            .bind(office_id)
            .bind(service)
            .bind(start)
            .execute(&mut *tx)
            .await?;
            cancelled
        });
        Ok(cancelled)
    }
}
