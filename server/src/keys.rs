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
/// The keys a rotation is moving to, written before the database changes and renamed over
/// `secrets.toml` once it has: if the rotation stops between the two, the next start finds
/// which of the two the database was sealed with.
const NEXT_KEY_FILE: &str = "secrets.next.toml";

impl Keys {
    /// Two new random keys (tests, and a first run).
    pub fn generate() -> Keys {
        Keys {
            secret: SecretKey::generate(),
            data: SecretKey::generate(),
        }
    }

    /// Reads `secrets.toml` from the data directory, creating it with new keys on first run.
    pub fn load_or_generate(data_dir: &Path) -> anyhow::Result<Keys> {
        let path = data_dir.join(KEY_FILE);
        if path.exists() {
            return read_key_file(&path);
        }
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create {}", data_dir.display()))?;
        let keys = Keys::generate();
        write_private(&path, &keys.file_text("Generated on first run"))?;
        Ok(keys)
    }

    /// The keys of an unfinished rotation in `data_dir`, if one was started.
    pub fn next_in(data_dir: &Path) -> anyhow::Result<Option<Keys>> {
        let path = data_dir.join(NEXT_KEY_FILE);
        if !path.exists() {
            return Ok(None);
        }
        read_key_file(&path).map(Some)
    }

    /// Writes `self` as the keys a rotation moves to (replacing an unfinished one's).
    pub fn write_next(&self, data_dir: &Path) -> anyhow::Result<()> {
        Keys::discard_next(data_dir)?;
        write_private(
            &data_dir.join(NEXT_KEY_FILE),
            &self.file_text("Written by `server keys rotate`"),
        )
    }

    /// Makes the rotation's keys the data directory's keys.
    pub fn adopt_next(data_dir: &Path) -> anyhow::Result<()> {
        std::fs::rename(data_dir.join(NEXT_KEY_FILE), data_dir.join(KEY_FILE))
            .with_context(|| format!("cannot replace {}", data_dir.join(KEY_FILE).display()))
    }

    /// Forgets an unfinished rotation that never reached the database.
    pub fn discard_next(data_dir: &Path) -> anyhow::Result<()> {
        let path = data_dir.join(NEXT_KEY_FILE);
        if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
        Ok(())
    }

    /// The secret key as 64 hex characters (to pass it on as a setting).
    pub fn secret_hex(&self) -> String {
        self.secret.to_hex()
    }

    /// The data key as 64 hex characters (to pass it on as a setting).
    pub fn data_hex(&self) -> String {
        self.data.to_hex()
    }

    fn file_text(&self, origin: &str) -> String {
        format!(
            "# {origin}. Keep secret; losing data_key makes stored personal data unreadable.\n\
             secret_key = \"{}\"\ndata_key = \"{}\"\n",
            self.secret.to_hex(),
            self.data.to_hex()
        )
    }
}

fn read_key_file(path: &Path) -> anyhow::Result<Keys> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
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
    Ok(Keys {
        secret: get("secret_key")?,
        data: get("data_key")?,
    })
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
