//! The `policy_files` table: region policy files loaded by staff.

use super::{in_write_tx, now_unix, with_reader, Store};

/// A stored policy file.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredPolicyFile {
    pub region: String,
    pub file_name: String,
    pub content: String,
}

impl Store {
    /// Stores checked policy files, replacing those of the same regions, all or none.
    pub async fn save_policy_files(&self, files: &[StoredPolicyFile]) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            for file in files {
                sqlx::query(
                    "INSERT INTO policy_files (region, file_name, content, loaded_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (region) DO UPDATE SET file_name = excluded.file_name,
                       content = excluded.content, loaded_at = excluded.loaded_at",
                )
                .bind(&file.region)
                .bind(&file.file_name)
                .bind(&file.content)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }

    /// Every stored policy file.
    pub async fn policy_files(&self) -> Result<Vec<StoredPolicyFile>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as("SELECT region, file_name, content FROM policy_files ORDER BY region")
                .fetch_all(pool)
                .await
        })
    }

    /// Changes whenever a policy file is stored: cheap to ask on every request.
    pub async fn policy_files_version(&self) -> Result<(i64, i64), sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*), COALESCE(MAX(loaded_at), 0) FROM policy_files")
                .fetch_one(pool)
                .await
        })
    }
}
