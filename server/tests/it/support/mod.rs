//! Test databases: a temporary SQLite file, or a fresh PostgreSQL database per test.
#![allow(dead_code)]

use server::store::Store;

/// A database for one test.
pub enum TestDb {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

impl TestDb {
    /// Opens (or reopens, as a restart would) the store and applies migrations.
    pub async fn open(&self) -> Store {
        let url = match self {
            TestDb::Sqlite { url, .. } | TestDb::Postgres { url, .. } => url,
        };
        let store = Store::open(url).await.expect("open test store");
        store.migrate().await.expect("migrate test store");
        store
    }

    /// Closes the store and removes the database (as dropping it would).
    pub async fn drop(self, store: Store) {
        store.close().await;
    }

    pub async fn drop_closed(self) {}
}

/// A test's PostgreSQL database goes with the test, passed or failed: dropping the handle drops
/// the database (on a thread of its own, since `Drop` cannot wait on the test's runtime).
impl Drop for TestDb {
    fn drop(&mut self) {
        let TestDb::Postgres {
            admin_url, name, ..
        } = self
        else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime to drop the test database");
            runtime.block_on(async move {
                let admin = sqlx::PgPool::connect(&admin_url)
                    .await
                    .expect("connect to PostgreSQL");
                let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                // Parallel tests dropping databases at once can collide in the catalogue.
                for attempt in 1..=10 {
                    match sqlx::query(&sql).execute(&admin).await {
                        Ok(_) => break,
                        Err(e) if attempt == 10 => eprintln!("note: could not drop {name}: {e}"),
                        Err(_) => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
                    }
                }
                admin.close().await;
            });
        });
        let _ = dropped.join();
    }
}

/// The whole application on `store`, as a deployment serves it (a fresh data key).
pub fn router_on(store: &Store) -> axum::Router {
    router_with(store, |_| {})
}

/// The whole application on `store`, with its state changed by `configure` first (as settings
/// would change it).
pub fn router_with(
    store: &Store,
    configure: impl FnOnce(&mut server::state::AppState),
) -> axum::Router {
    let cipher = server::crypto::DataCipher::new(&server::keys::Keys::generate());
    router_keyed(store, &cipher, configure)
}

/// The whole application on `store` with the data key of `cipher` (to read what it sends).
pub fn router_keyed(
    store: &Store,
    cipher: &server::crypto::DataCipher,
    configure: impl FnOnce(&mut server::state::AppState),
) -> axum::Router {
    let options = server::http::leptos_options("127.0.0.1:0".parse().unwrap()).unwrap();
    let mut state = server::state::AppState::new(options, store.clone(), cipher.clone());
    configure(&mut state);
    server::http::router(state)
}

/// The residents' phones, as far as a test can see them: the outbox drained by the `file`
/// sender, the way `make run` shows texts to a person trying the app.
pub struct Phones {
    store: Store,
    cipher: server::crypto::DataCipher,
    dir: tempfile::TempDir,
}

impl Phones {
    pub fn new(store: &Store, cipher: &server::crypto::DataCipher) -> Phones {
        Phones {
            store: store.clone(),
            cipher: cipher.clone(),
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Every text sent so far: (masked phone, text), oldest first.
    pub async fn texts(&self) -> Vec<(String, String)> {
        let sender = std::sync::Arc::new(server::sms::Sender::new(
            &server::sms::SmsSettings::File,
            self.dir.path(),
        ));
        let now = chrono::Utc::now().timestamp();
        while server::sms::worker::send_due(&self.store, &self.cipher, &sender, now)
            .await
            .expect("send texts")
            > 0
        {}
        std::fs::read_to_string(self.dir.path().join("outbox.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '\t');
                let (_, phone, text) = (parts.next()?, parts.next()?, parts.next()?);
                Some((phone.to_string(), text.to_string()))
            })
            .collect()
    }

    /// The last code texted to `phone` (a full number: its mask is what the file shows).
    pub async fn last_code(&self, phone: &str) -> String {
        let masked = format!("{}****{}", &phone[..3], &phone[7..]);
        let texts = self.texts().await;
        texts
            .iter()
            .rev()
            .filter(|(to, _)| *to == masked)
            .find_map(|(_, text)| {
                let at = text.find("验证码 ")? + "验证码 ".len();
                Some(text[at..at + 6].to_string())
            })
            .unwrap_or_else(|| panic!("no code was texted to {masked}: {texts:?}"))
    }
}

pub fn sqlite_store() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.sqlite3").display());
    TestDb::Sqlite { _dir: dir, url }
}

/// A fresh PostgreSQL database, or `None` (with a note) when no server is configured.
/// When `BIANMIN_TEST_POSTGRES_URL` is set, an unreachable server fails the test.
pub async fn postgres_or_skip() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("BIANMIN_TEST_POSTGRES_URL") else {
        eprintln!("note: BIANMIN_TEST_POSTGRES_URL is not set; PostgreSQL variant skipped");
        return None;
    };
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("BIANMIN_TEST_POSTGRES_URL is set but the server is not reachable");
    let name = format!("bianmin_test_{}", hex_id());
    let sql = format!("CREATE DATABASE \"{name}\"");
    sqlx::query(&sql)
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin_url);
    let url = format!("{base}/{name}");
    Some(TestDb::Postgres {
        admin_url,
        name,
        url,
    })
}

fn hex_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Defines each listed `async fn name(db: TestDb)` as a test on SQLite and one on PostgreSQL
/// (skipped, with a note, when no server is configured).
#[macro_export]
macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name(super::support::sqlite_store()).await; })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() {
                if let Some(db) = super::support::postgres_or_skip().await { super::$name(db).await; }
            })*
        }
    };
}

/// The same keys every time, for tests that build two servers on one database.
pub fn fixed_keys() -> server::keys::Keys {
    let key = |hex: &str| server::keys::SecretKey::from_hex("test key", &hex.repeat(32)).unwrap();
    server::keys::Keys {
        secret: key("a5"),
        data: key("5a"),
    }
}
