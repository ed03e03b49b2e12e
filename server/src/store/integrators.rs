//! Integrator keys: issued, listed, revoked.

use super::{
    in_write_tx, now_unix,
    staff::{audit_in, AuditEntry},
    with_reader, Store,
};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IntegratorRow {
    pub id: String,
    pub name: String,
    pub secret_hash: Vec<u8>,
    pub created_by: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl Store {
    pub async fn create_integrator_key(
        &self,
        id: &str,
        name: &str,
        secret_hash: &[u8],
        created_by: &str,
        line: &AuditEntry,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO integrator_keys (id, name, secret_hash, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(name)
            .bind(secret_hash)
            .bind(created_by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            audit_in(&mut tx, line, now).await?;
        });
        Ok(())
    }

    pub async fn integrator_key(&self, id: &str) -> Result<Option<IntegratorRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT id, name, secret_hash, created_by, created_at, revoked_at
                 FROM integrator_keys WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })
    }

    /// The id and name of the unrevoked key `id` whose secret hashes to `secret_hash`, with the
    /// hits of the counter row (`bucket`, `key_hash`, `window_start`, `expires_at`, as in
    /// [`Store::count_hit`]) once this request is counted; nothing, and nothing counted, for a key
    /// unknown, revoked or with another secret (a guess cannot spend a key's allowance). On
    /// PostgreSQL one statement, one round trip.
    pub async fn integrator_key_counted(
        &self,
        id: &str,
        secret_hash: &[u8],
        (bucket, key_hash, window_start, expires_at): (&str, &[u8], i64, i64),
    ) -> Result<Option<(String, String, i64)>, sqlx::Error> {
        match self {
            Store::Postgres(pg) => {
                let pool = &pg.pool;
                // Committed as a hit is (see `limits::RELAXED_COMMIT`).
                let sql = format!(
                    "WITH k AS (
                       SELECT id, name FROM integrator_keys
                       WHERE id = $1 AND secret_hash = $2 AND revoked_at IS NULL
                     ), hit AS (
                       INSERT INTO rate_counts (bucket, key_hash, window_start, hits, expires_at)
                       SELECT $3, $4, $5, 1, $6 FROM k
                       ON CONFLICT (bucket, key_hash, window_start)
                       DO UPDATE SET hits = rate_counts.hits + 1
                       RETURNING hits
                     ), {}
                     SELECT k.id, k.name, hit.hits FROM k, hit, relaxed",
                    super::limits::RELAXED_COMMIT
                );
                sqlx::query_as(&sql)
                    .bind(id)
                    .bind(secret_hash)
                    .bind(bucket)
                    .bind(key_hash)
                    .bind(window_start)
                    .bind(expires_at)
                    .fetch_optional(pool)
                    .await
            }
            Store::Sqlite(_) => {
                let Some(row) = self.integrator_key(id).await? else {
                    return Ok(None);
                };
                if row.secret_hash != secret_hash || row.revoked_at.is_some() {
                    return Ok(None);
                }
                let hits = self
                    .count_hit(bucket, key_hash, window_start, expires_at)
                    .await?;
                Ok(Some((row.id, row.name, hits)))
            }
        }
    }

    pub async fn integrator_keys(&self) -> Result<Vec<IntegratorRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT id, name, secret_hash, created_by, created_at, revoked_at
                 FROM integrator_keys ORDER BY created_at DESC, id",
            )
            .fetch_all(pool)
            .await
        })
    }

    /// Revokes a key, with the audit line; false when it was unknown or revoked already.
    pub async fn revoke_integrator_key(
        &self,
        id: &str,
        line: &AuditEntry,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let changed = in_write_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE integrator_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                audit_in(&mut tx, line, now).await?;
            }
            changed
        });
        Ok(changed == 1)
    }
}
