//! Typed settings from environment variables and an optional TOML file. Secrets are never printed.
//!
//! Each setting has an environment variable and a key in the file named by `BIANMIN_CONFIG`;
//! the environment wins. See the README table.

use crate::{
    keys::{Keys, SecretKey},
    proxies::TrustedProxies,
    sms::SmsSettings,
};
use anyhow::{bail, Context};
use app::{
    api::directory::{MapSettings, DEFAULT_TILES},
    domain::booking::moment::Moment,
};
use std::{collections::HashMap, net::SocketAddr, path::PathBuf};

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub keys: Keys,
    /// Whether the data key is the one generated into `<data dir>/secrets.toml` (so that
    /// `server keys rotate` writes the new one there), not a setting.
    pub data_key_in_file: bool,
    pub log_filter: String,
    pub log_format: LogFormat,
    pub sample_data: bool,
    /// Days after an appointment when a booking's personal data is deleted.
    pub retention_days: u32,
    /// The map on the finding pages; `None` when `BIANMIN_MAP_TILES=off`.
    pub map: Option<MapSettings>,
    /// A training server's clock: it starts at this moment and runs on from there. `None` (the
    /// default, and the only choice for a live service) follows the real time.
    pub training_clock: Option<Moment>,
    /// The reverse proxies whose `X-Forwarded-*` headers are believed (`BIANMIN_TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
    /// How text messages are sent (`BIANMIN_SMS_*`; the `file` sender by default).
    pub sms: SmsSettings,
    /// `Strict-Transport-Security` max-age, sent on answers that came over HTTPS
    /// (`BIANMIN_HSTS_SECONDS`; 0 sends none).
    pub hsts_seconds: u32,
    /// Who signs in with a second factor (`BIANMIN_STAFF_SECOND_FACTOR`: `admins`, the default,
    /// or `everyone`).
    pub second_factor: crate::accounts::SecondFactorPolicy,
}

/// One year: browsers then never try this site over plain HTTP.
pub const DEFAULT_HSTS_SECONDS: u32 = 31_536_000;

/// (environment variable, file key) for each setting.
const SETTINGS: &[(&str, &str)] = &[
    ("LEPTOS_SITE_ADDR", "listen"),
    ("DATABASE_URL", "database_url"),
    ("BIANMIN_DATA_DIR", "data_dir"),
    ("BIANMIN_SECRET_KEY", "secret_key"),
    ("BIANMIN_DATA_KEY", "data_key"),
    ("BIANMIN_LOG", "log"),
    ("BIANMIN_LOG_FORMAT", "log_format"),
    ("BIANMIN_SAMPLE_DATA", "sample_data"),
    ("BIANMIN_RETENTION_DAYS", "retention_days"),
    ("BIANMIN_MAP_TILES", "map_tiles"),
    ("BIANMIN_MAP_COORDINATES", "map_coordinates"),
    ("BIANMIN_MAP_ATTRIBUTION", "map_attribution"),
    ("BIANMIN_TRAINING_CLOCK", "training_clock"),
    ("BIANMIN_TRUSTED_PROXIES", "trusted_proxies"),
    ("BIANMIN_HSTS_SECONDS", "hsts_seconds"),
    ("BIANMIN_STAFF_SECOND_FACTOR", "staff_second_factor"),
    ("BIANMIN_SMS_SENDER", "sms_sender"),
    ("BIANMIN_SMS_ENDPOINT", "sms_endpoint"),
    ("BIANMIN_SMS_KEY_ID", "sms_key_id"),
    ("BIANMIN_SMS_KEY_SECRET", "sms_key_secret"),
    ("BIANMIN_SMS_SIGN_NAME", "sms_sign_name"),
    ("BIANMIN_SMS_APP_ID", "sms_app_id"),
    ("BIANMIN_SMS_REGION", "sms_region"),
    ("BIANMIN_SMS_TEMPLATES", "sms_templates"),
];

impl Config {
    /// Reads the process environment (and the file it names).
    pub fn from_env() -> anyhow::Result<Config> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Config::from_sources(&env)
    }

    /// Reads settings from the given environment map; the file named by `BIANMIN_CONFIG`, if any,
    /// supplies what the environment leaves out.
    pub fn from_sources(env: &HashMap<String, String>) -> anyhow::Result<Config> {
        let file = match env.get("BIANMIN_CONFIG").filter(|p| !p.is_empty()) {
            Some(path) => read_config_file(path)?,
            None => HashMap::new(),
        };
        let get = |name: &str| -> Option<String> {
            let key = SETTINGS
                .iter()
                .find(|(env_name, _)| *env_name == name)
                .map(|(_, k)| *k)?;
            env.get(name)
                .filter(|v| !v.is_empty())
                .cloned()
                .or_else(|| file.get(key).cloned())
        };

        let listen = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let listen: SocketAddr = listen.parse().with_context(|| {
            format!("LEPTOS_SITE_ADDR: {listen:?} is not an address like 127.0.0.1:3000")
        })?;
        let data_dir = PathBuf::from(get("BIANMIN_DATA_DIR").unwrap_or_else(|| "var".into()));
        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("bianmin.sqlite3").display()));
        let is_postgres =
            database_url.starts_with("postgres://") || database_url.starts_with("postgresql://");
        if !is_postgres && !database_url.starts_with("sqlite:") {
            bail!("DATABASE_URL must start with sqlite: or postgres://");
        }

        let secret = get("BIANMIN_SECRET_KEY")
            .map(|v| SecretKey::from_hex("BIANMIN_SECRET_KEY", &v))
            .transpose()?;
        let data = get("BIANMIN_DATA_KEY")
            .map(|v| SecretKey::from_hex("BIANMIN_DATA_KEY", &v))
            .transpose()?;
        let data_key_in_file = data.is_none();
        let keys = match (secret, data) {
            (Some(secret), Some(data)) => Keys { secret, data },
            _ if is_postgres => bail!(
                "with PostgreSQL, set BIANMIN_SECRET_KEY and BIANMIN_DATA_KEY explicitly \
                 (64 hex characters each, e.g. from `openssl rand -hex 32`): every server of a \
                 deployment must share them"
            ),
            (secret, data) => {
                let stored = Keys::load_or_generate(&data_dir)?;
                Keys {
                    secret: secret.unwrap_or(stored.secret),
                    data: data.unwrap_or(stored.data),
                }
            }
        };
        // Two keys are two secrets: one leaked must not open what the other guards.
        if keys.secret.as_bytes() == keys.data.as_bytes() {
            bail!("BIANMIN_SECRET_KEY and BIANMIN_DATA_KEY must differ");
        }

        let log_format = match get("BIANMIN_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => bail!("BIANMIN_LOG_FORMAT: {other:?} is not text or json"),
        };
        let sample_data = match get("BIANMIN_SAMPLE_DATA").as_deref() {
            None | Some("true") | Some("1") | Some("yes") => true,
            Some("false") | Some("0") | Some("no") => false,
            Some(other) => bail!("BIANMIN_SAMPLE_DATA: {other:?} is not true or false"),
        };

        let retention_days = match get("BIANMIN_RETENTION_DAYS") {
            None => 90,
            Some(text) => match text.parse::<u32>() {
                Ok(days) if (1..=3650).contains(&days) => days,
                _ => {
                    bail!("BIANMIN_RETENTION_DAYS: {text:?} is not a number of days from 1 to 3650")
                }
            },
        };

        let map = match get("BIANMIN_MAP_TILES") {
            Some(tiles) if tiles.is_empty() || tiles == "off" => None,
            tiles => {
                let gcj02 = match get("BIANMIN_MAP_COORDINATES").as_deref() {
                    None | Some("wgs84") => false,
                    Some("gcj02") => true,
                    Some(other) => {
                        bail!("BIANMIN_MAP_COORDINATES: {other:?} is not wgs84 or gcj02")
                    }
                };
                let settings = MapSettings {
                    attribution: get("BIANMIN_MAP_ATTRIBUTION").unwrap_or_else(|| {
                        if tiles.is_none() {
                            "© OpenStreetMap contributors".into()
                        } else {
                            String::new()
                        }
                    }),
                    tiles: tiles.unwrap_or_else(|| DEFAULT_TILES.into()),
                    gcj02,
                };
                if settings.origin().is_none() || !settings.tiles.contains("{z}") {
                    bail!(
                        "BIANMIN_MAP_TILES: {:?} is not a tile address like https://host/{{z}}/{{x}}/{{y}}.png",
                        settings.tiles
                    );
                }
                Some(settings)
            }
        };

        let training_clock = match get("BIANMIN_TRAINING_CLOCK") {
            None => None,
            Some(text) => Some(Moment::parse(&text).with_context(|| {
                format!(
                    "BIANMIN_TRAINING_CLOCK: {text:?} is not a time like 2026-12-01T09:00:00+08:00"
                )
            })?),
        };

        let trusted_proxies =
            TrustedProxies::parse(&get("BIANMIN_TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|e| anyhow::anyhow!("BIANMIN_TRUSTED_PROXIES: {e}"))?;

        let sms = SmsSettings::from_settings(get).map_err(|e| anyhow::anyhow!(e))?;

        let second_factor = match get("BIANMIN_STAFF_SECOND_FACTOR").as_deref() {
            None | Some("admins") => crate::accounts::SecondFactorPolicy::Admins,
            Some("everyone") => crate::accounts::SecondFactorPolicy::Everyone,
            Some(other) => {
                bail!("BIANMIN_STAFF_SECOND_FACTOR: {other:?} is not admins or everyone")
            }
        };

        let hsts_seconds = match get("BIANMIN_HSTS_SECONDS") {
            None => DEFAULT_HSTS_SECONDS,
            Some(text) => text.parse::<u32>().with_context(|| {
                format!("BIANMIN_HSTS_SECONDS: {text:?} is not a number of seconds (0 for none)")
            })?,
        };

        Ok(Config {
            sms,
            hsts_seconds,
            second_factor,
            trusted_proxies,
            training_clock,
            map,
            retention_days,
            listen,
            database_url,
            data_dir,
            keys,
            data_key_in_file,
            log_filter: get("BIANMIN_LOG").unwrap_or_else(|| "info".into()),
            log_format,
            sample_data,
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

fn read_config_file(path: &str) -> anyhow::Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("BIANMIN_CONFIG: cannot read {path}"))?;
    let table: toml::Table = text
        .parse()
        .with_context(|| format!("{path}: not valid TOML"))?;
    let mut values = HashMap::new();
    for (key, value) in table {
        if !SETTINGS.iter().any(|(_, k)| *k == key) {
            bail!("{path}: unknown setting {key:?}");
        }
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Integer(i) => i.to_string(),
            _ => bail!("{path}: setting {key:?} must be a string, number or boolean"),
        };
        values.insert(key, text);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_use_an_sqlite_file_under_the_data_directory_and_generate_keys() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("var");
        let config =
            Config::from_sources(&env(&[("BIANMIN_DATA_DIR", data_dir.to_str().unwrap())]))
                .unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(
            config.database_url,
            format!("sqlite://{}/bianmin.sqlite3", data_dir.display())
        );
        assert!(data_dir.join("secrets.toml").exists());
        assert!(config.sample_data);
        // A second start reads the same keys back.
        let again = Config::from_sources(&env(&[("BIANMIN_DATA_DIR", data_dir.to_str().unwrap())]))
            .unwrap();
        assert_eq!(again.keys, config.keys);
    }

    #[test]
    fn postgres_requires_explicit_keys() {
        let err =
            Config::from_sources(&env(&[("DATABASE_URL", "postgres://localhost/x")])).unwrap_err();
        assert!(err.to_string().contains("BIANMIN_SECRET_KEY"), "{err}");
        let key = "ab".repeat(32);
        let config = Config::from_sources(&env(&[
            ("DATABASE_URL", "postgres://localhost/x"),
            ("BIANMIN_SECRET_KEY", &key),
            ("BIANMIN_DATA_KEY", &"cd".repeat(32)),
        ]))
        .unwrap();
        assert!(config.is_postgres());
    }

    #[test]
    fn the_two_keys_must_differ() {
        let key = "ab".repeat(32);
        let err = Config::from_sources(&env(&[
            ("DATABASE_URL", "postgres://localhost/x"),
            ("BIANMIN_SECRET_KEY", &key),
            ("BIANMIN_DATA_KEY", &key),
        ]))
        .unwrap_err();
        assert!(err.to_string().contains("must differ"), "{err}");
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bianmin.toml");
        let data_dir = dir.path().join("data");
        std::fs::write(
            &file,
            format!(
                "listen = \"0.0.0.0:8080\"\nlog = \"debug\"\ndata_dir = \"{}\"\n",
                data_dir.display()
            ),
        )
        .unwrap();
        let config = Config::from_sources(&env(&[
            ("BIANMIN_CONFIG", file.to_str().unwrap()),
            ("BIANMIN_LOG", "warn"),
        ]))
        .unwrap();
        assert_eq!(config.listen.to_string(), "0.0.0.0:8080");
        assert_eq!(config.log_filter, "warn");
        assert_eq!(config.data_dir, data_dir);
    }

    #[test]
    fn bad_values_are_refused_with_the_setting_named() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        for (name, value) in [
            ("LEPTOS_SITE_ADDR", "not-an-address"),
            ("DATABASE_URL", "mysql://x"),
            ("BIANMIN_LOG_FORMAT", "xml"),
            ("BIANMIN_SECRET_KEY", "short"),
            ("BIANMIN_TRAINING_CLOCK", "tomorrow at nine"),
        ] {
            let err =
                Config::from_sources(&env(&[("BIANMIN_DATA_DIR", d), (name, value)])).unwrap_err();
            let text = format!("{err:#}");
            assert!(
                text.contains(name.split('_').next_back().unwrap()) || text.contains(name),
                "{name}: {text}"
            );
        }
    }

    #[test]
    fn debug_output_never_shows_keys() {
        let (key, other) = ("ab".repeat(32), "cd".repeat(32));
        let config = Config::from_sources(&env(&[
            ("DATABASE_URL", "postgres://localhost/x"),
            ("BIANMIN_SECRET_KEY", &key),
            ("BIANMIN_DATA_KEY", &other),
        ]))
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains(&key) && !shown.contains(&other));
    }
}
