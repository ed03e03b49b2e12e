//! Secret keys: one for signing cookies and sessions, one for encrypting and hashing personal data.
//!
//! With the embedded database they are generated into the data directory on first run (mode 0600);
//! with PostgreSQL they must be given, so that every server of a deployment shares them.

use anyhow::{bail, Context};
use rand::RngCore;
use std::path::Path;

/// A 256-bit key. Its `Debug` output never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    pub fn generate() -> SecretKey {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        SecretKey(bytes)
    }

    /// Parses 64 hex characters; `name` says which setting was wrong.
    pub fn from_hex(name: &str, hex_text: &str) -> anyhow::Result<SecretKey> {
        let bytes =
            hex::decode(hex_text.trim()).with_context(|| format!("{name}: not hexadecimal"))?;
        let Ok(bytes) = <[u8; 32]>::try_from(bytes.as_slice()) else {
            bail!("{name}: must be 64 hex characters (32 bytes)");
        };
        Ok(SecretKey(bytes))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

/// The deployment's keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    pub secret: SecretKey,
    pub data: SecretKey,
}

const KEY_FILE: &str = "secrets.toml";

impl Keys {
    /// Reads `secrets.toml` from the data directory, creating it with new keys on first run.
    pub fn load_or_generate(data_dir: &Path) -> anyhow::Result<Keys> {
        let path = data_dir.join(KEY_FILE);
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let table: toml::Table = text
                .parse()
                .with_context(|| format!("{}: not valid TOML", path.display()))?;
            let get = |key: &str| -> anyhow::Result<SecretKey> {
                let value = table
                    .get(key)
                    .and_then(|v| v.as_str())
                    .with_context(|| format!("{}: {key} is missing", path.display()))?;
                SecretKey::from_hex(&format!("{}: {key}", path.display()), value)
            };
            return Ok(Keys {
                secret: get("secret_key")?,
                data: get("data_key")?,
            });
        }
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create {}", data_dir.display()))?;
        let keys = Keys {
            secret: SecretKey::generate(),
            data: SecretKey::generate(),
        };
        let text = format!(
            "# Generated on first run. Keep secret; losing data_key makes stored personal data unreadable.\n\
             secret_key = \"{}\"\ndata_key = \"{}\"\n",
            keys.secret.to_hex(),
            keys.data.to_hex()
        );
        write_private(&path, &text)?;
        Ok(keys)
    }
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let first = Keys::load_or_generate(dir.path()).unwrap();
        let second = Keys::load_or_generate(dir.path()).unwrap();
        assert_eq!(first, second);
        assert_ne!(first.secret, first.data);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "key file must not be readable by others");
        }
    }

    #[test]
    fn keys_must_be_32_bytes_of_hex() {
        assert!(SecretKey::from_hex("K", &"0f".repeat(32)).is_ok());
        assert!(SecretKey::from_hex("K", &"0f".repeat(31)).is_err());
        assert!(SecretKey::from_hex("K", &"zz".repeat(32)).is_err());
    }
}
