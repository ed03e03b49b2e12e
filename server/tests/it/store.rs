//! The store test suite. Every test runs against an SQLite file, and against PostgreSQL when a
//! server is reachable at `BIANMIN_TEST_POSTGRES_URL` (the README's test command starts one).
//! Each test gets a fresh database.

use crate::support;

use app::domain::region::Region;
use server::store::Store;
use support::TestDb;

fn region(id: &str, name: &str) -> Region {
    Region {
        id: id.into(),
        name_zh: format!("{name}市"),
        name_en: name.into(),
        province_zh: "测试省".into(),
        province_en: "Test".into(),
        is_sample: true,
    }
}

async fn sample_data_is_loaded_once_and_staff_changes_survive_a_restart(db: TestDb) {
    let store = db.open().await;
    assert_eq!(
        store.load_sample_data().await.unwrap(),
        3,
        "regions, offices with the holiday calendar, and facilities"
    );
    assert_eq!(store.offices().await.unwrap().len(), 5);
    assert_eq!(store.facilities().await.unwrap().len(), 48);
    let ids: Vec<String> = store
        .list_regions()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        ids,
        ["baoding", "anning", "qufu", "fenghua"],
        "regions in display order"
    );

    assert!(store.delete_office("fenghua").await.unwrap());
    for facility in store.facilities().await.unwrap() {
        if facility.region_id == "fenghua" {
            assert!(store.delete_facility(&facility.id).await.unwrap());
        }
    }
    store.delete_region("fenghua").await.unwrap();
    let mut baoding = store.get_region("baoding").await.unwrap().unwrap();
    baoding.name_en = "Baoding City".into();
    store.upsert_region(&baoding, 0).await.unwrap();
    store.close().await;

    let store = db.open().await;
    assert_eq!(
        store.load_sample_data().await.unwrap(),
        0,
        "sample data must load only once"
    );
    assert!(
        store.get_region("fenghua").await.unwrap().is_none(),
        "a removed region stays removed"
    );
    assert!(
        store.office("fenghua").await.unwrap().is_none(),
        "and its office too"
    );
    assert_eq!(
        store.get_region("baoding").await.unwrap().unwrap().name_en,
        "Baoding City"
    );
    db.drop(store).await;
}

async fn migrations_can_run_again_on_a_migrated_database(db: TestDb) {
    let store = db.open().await;
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
    db.drop(store).await;
}

async fn upsert_replaces_a_region_with_the_same_id_and_delete_reports_what_it_did(db: TestDb) {
    let store = db.open().await;
    store
        .upsert_region(&region("xian", "Xi'an"), 5)
        .await
        .unwrap();
    store
        .upsert_region(&region("xian", "Xian"), 5)
        .await
        .unwrap();
    let all = store.list_regions().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name_en, "Xian");
    assert!(all[0].is_sample);
    assert!(store.delete_region("xian").await.unwrap());
    assert!(!store.delete_region("xian").await.unwrap());
    db.drop(store).await;
}

async fn concurrent_writers_all_succeed(db: TestDb) {
    let store = db.open().await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .upsert_region(&region(&format!("r{i:03}"), &format!("R{i}")), i)
                .await
        }));
    }
    for task in tasks {
        task.await
            .unwrap()
            .expect("no writer may fail, e.g. with 'database is locked'");
    }
    assert_eq!(store.list_regions().await.unwrap().len(), 64);
    db.drop(store).await;
}

async fn a_closed_store_fails_its_readiness_ping(db: TestDb) {
    let store = db.open().await;
    store.ping().await.unwrap();
    store.close().await;
    assert!(store.ping().await.is_err());
    db.drop_closed().await;
}

async fn a_checked_policy_file_replaces_the_shipped_one_and_a_bad_one_changes_nothing(db: TestDb) {
    use app::domain::{date::Date, eligibility::policy::Param};
    use server::policy::{load_policy_files, PolicyRegistry, SHIPPED};
    let store = db.open().await;
    let registry = PolicyRegistry::new().unwrap();
    let urban_2020 = |policies: &std::collections::BTreeMap<
        String,
        app::domain::eligibility::policy::Policy,
    >| {
        policies["baoding"]
            .in_force(Date::parse("2020-06-01").unwrap())
            .unwrap()
            .get(Param::DibaoStandardUrban)
    };
    assert_eq!(
        urban_2020(&registry.policies(&store).await.unwrap()),
        66_600
    );

    let baoding = SHIPPED
        .iter()
        .find(|(n, _)| *n == "baoding.toml")
        .unwrap()
        .1;
    let raised = baoding.replacen("value = 666", "value = 700", 1);
    let loaded = load_policy_files(&store, &[("staff/baoding.toml".into(), raised.clone())])
        .await
        .unwrap();
    assert_eq!(loaded, ["baoding"]);
    assert_eq!(
        urban_2020(&registry.policies(&store).await.unwrap()),
        70_000,
        "the server follows the load"
    );

    // One good file and one bad: neither is stored.
    let good = raised.replacen("value = 700", "value = 710", 1);
    let bad = SHIPPED
        .iter()
        .find(|(n, _)| *n == "qufu.toml")
        .unwrap()
        .1
        .replacen("value = 1.3", "value = 9", 1);
    let err = load_policy_files(
        &store,
        &[("baoding.toml".into(), good), ("qufu.toml".into(), bad)],
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("qufu.toml: values["), "{err}");
    assert_eq!(
        urban_2020(&registry.policies(&store).await.unwrap()),
        70_000,
        "nothing changed"
    );
    db.drop(store).await;
}

on_every_backend!(
    sample_data_is_loaded_once_and_staff_changes_survive_a_restart,
    migrations_can_run_again_on_a_migrated_database,
    upsert_replaces_a_region_with_the_same_id_and_delete_reports_what_it_did,
    concurrent_writers_all_succeed,
    a_closed_store_fails_its_readiness_ping,
    a_checked_policy_file_replaces_the_shipped_one_and_a_bad_one_changes_nothing,
);

/// SQLite specifics: the file is created with its folder, in WAL mode with foreign keys on.
#[tokio::test]
async fn sqlite_file_is_created_in_wal_mode_with_foreign_keys_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/bianmin.sqlite3");
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    assert!(path.exists());
    let Store::Sqlite(_) = &store else {
        panic!("expected SQLite")
    };
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    drop(pool);
    // Foreign keys are on for the store's own connections.
    let fk = server::store::sqlite_foreign_keys_enabled(&store)
        .await
        .unwrap();
    assert!(fk);
}

/// Two processes on one file (the server and a data-loading command) write at the same time:
/// the busy timeout and `BEGIN IMMEDIATE` make both wait their turn instead of failing.
#[tokio::test]
async fn two_stores_on_one_sqlite_file_write_concurrently_without_lock_errors() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("shared.sqlite3").display());
    let a = Store::open(&url).await.unwrap();
    a.migrate().await.unwrap();
    let b = Store::open(&url).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            store
                .upsert_region(&region(&format!("p{i:03}"), "P"), i)
                .await
        }));
    }
    for task in tasks {
        task.await
            .unwrap()
            .expect("no 'database is locked' between two writers");
    }
    assert_eq!(a.list_regions().await.unwrap().len(), 40);
}

/// Every table and column after migration, with whether it may be empty (NULL).
type Schema = std::collections::BTreeSet<(String, String, bool)>;

async fn sqlite_schema(url: &str) -> Schema {
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.\"notnull\", p.pk FROM sqlite_master m \
         JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows.into_iter()
        .map(|(table, column, not_null, pk)| (table, column, not_null == 0 && pk == 0))
        .collect()
}

async fn postgres_schema(url: &str) -> Schema {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows.into_iter()
        .map(|(table, column, nullable)| (table, column, nullable == "YES"))
        .collect()
}

#[tokio::test]
async fn both_stores_have_the_same_tables_and_columns_after_migration() {
    let Some(pg) = support::postgres_or_skip().await else {
        return;
    };
    let sqlite = support::sqlite_store();
    let (lite_store, pg_store) = (sqlite.open().await, pg.open().await);
    lite_store.close().await;
    let url = |db: &support::TestDb| match db {
        support::TestDb::Sqlite { url, .. } | support::TestDb::Postgres { url, .. } => url.clone(),
    };
    let lite = sqlite_schema(&url(&sqlite)).await;
    let postgres = postgres_schema(&url(&pg)).await;
    assert!(lite.len() > 20, "the schema was read: {lite:?}");
    let only_lite: Vec<_> = lite.difference(&postgres).collect();
    let only_pg: Vec<_> = postgres.difference(&lite).collect();
    assert!(
        only_lite.is_empty() && only_pg.is_empty(),
        "(table, column, nullable) only in SQLite: {only_lite:?}; only in PostgreSQL: {only_pg:?}"
    );
    pg.drop(pg_store).await;
}
