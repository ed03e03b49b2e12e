//! Personal data at rest: sealed with AES-256-GCM under the data key, each value bound to its
//! table, column and row, and looked up through a keyed hash (HMAC-SHA256), never a plain hash.
//! Cookies the server hands out (the booking pass, a form's draft, a staff page's notice) are
//! sealed with a key of their own, derived from the secret key.
//!
//! The look-up key is kept in the database, sealed under the data key (`store::sealed`), so
//! that `server keys rotate` can replace the data key without changing a single look-up hash.

use crate::keys::{Keys, SecretKey};
use aes_gcm::{
    aead::{Aead, KeyInit, Payload},
    Aes256Gcm, Nonce,
};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::sync::Arc;

type HmacSha256 = Hmac<Sha256>;
const NONCE_BYTES: usize = 12;

/// Where a sealed value is stored. It is sealed with this as associated data, so a value copied
/// to another row, column or table no longer opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    pub table: &'static str,
    pub column: &'static str,
    pub row: &'a str,
}

impl<'a> Place<'a> {
    /// The people of the booking `code`.
    pub fn booking_people(code: &'a str) -> Place<'a> {
        Place {
            table: "bookings",
            column: "people",
            row: code,
        }
    }

    /// The phone number of the queued message `seal_ref`.
    pub fn message_phone(seal_ref: &'a str) -> Place<'a> {
        Place {
            table: "outbox",
            column: "phone_sealed",
            row: seal_ref,
        }
    }

    /// The template parameters of the queued message `seal_ref`.
    pub fn message_params(seal_ref: &'a str) -> Place<'a> {
        Place {
            table: "outbox",
            column: "params_sealed",
            row: seal_ref,
        }
    }

    /// A staff account's confirmed second-factor secret (`account` is its id).
    pub fn second_factor(account: &'a str) -> Place<'a> {
        Place {
            table: "staff_accounts",
            column: "totp_sealed",
            row: account,
        }
    }

    /// A staff account's second-factor secret shown for enrolment, not yet confirmed.
    pub fn pending_second_factor(account: &'a str) -> Place<'a> {
        Place {
            table: "staff_accounts",
            column: "totp_pending_sealed",
            row: account,
        }
    }

    /// The deployment's look-up key.
    pub fn lookup_key() -> Place<'static> {
        Place {
            table: "key_state",
            column: "lookup_sealed",
            row: "1",
        }
    }

    fn associated_data(&self) -> Vec<u8> {
        format!(
            "bianmin sealed v2\n{}\n{}\n{}",
            self.table, self.column, self.row
        )
        .into_bytes()
    }
}

/// Seals and opens personal data, hashes what is looked up, and seals cookies.
///
/// A clone shares the expanded keys: each AES-256-GCM key schedule is about a kilobyte, and the
/// state every request clones holds the cipher several times over (copying them was a fifth of
/// the server's time under booking load), with one copy of the key material in memory.
#[derive(Clone)]
pub struct DataCipher {
    keys: Arc<CipherKeys>,
}

struct CipherKeys {
    cipher: Aes256Gcm,
    lookup_key: [u8; 32],
    /// Seals the cookies the server hands out (from the secret key: a cookie is never personal
    /// data at rest, nor the other way round).
    cookies: Aes256Gcm,
}

impl std::fmt::Debug for DataCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataCipher([redacted])")
    }
}

fn derive(key: &SecretKey, purpose: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

/// The look-up key a database starts with: derived from its first data key (as databases
/// sealed before the look-up key was stored did), then kept through every rotation.
pub(crate) fn first_lookup_key(data_key: &SecretKey) -> [u8; 32] {
    derive(data_key, "bianmin personal data lookup v1")
}

impl DataCipher {
    /// The ciphers of `keys`, with the look-up key derived from the data key: what a new
    /// database starts with. A server uses [`crate::store::Store::data_cipher`], which reads the
    /// look-up key the database keeps.
    pub fn new(keys: &Keys) -> DataCipher {
        DataCipher::with_lookup_key(keys, first_lookup_key(&keys.data))
    }

    pub(crate) fn with_lookup_key(keys: &Keys, lookup_key: [u8; 32]) -> DataCipher {
        let encryption_key = derive(&keys.data, "bianmin personal data encryption v1");
        DataCipher {
            keys: Arc::new(CipherKeys {
                cipher: Aes256Gcm::new(&encryption_key.into()),
                lookup_key,
                cookies: Aes256Gcm::new(&derive(&keys.secret, "bianmin cookies v1").into()),
            }),
        }
    }

    pub(crate) fn lookup_key(&self) -> &[u8; 32] {
        &self.keys.lookup_key
    }

    /// A random nonce followed by the ciphertext and its tag, bound to `at`.
    pub fn seal(&self, at: Place<'_>, plaintext: &[u8]) -> Vec<u8> {
        seal_with(&self.keys.cipher, plaintext, &at.associated_data())
    }

    /// The plaintext, or `None` when the value was altered, moved from another place or sealed
    /// with another key.
    pub fn open(&self, at: Place<'_>, sealed: &[u8]) -> Option<Vec<u8>> {
        open_with(&self.keys.cipher, sealed, &at.associated_data())
    }

    /// A value sealed before values were bound to their place (no associated data): read only
    /// to reseal it, once (`store::sealed`).
    pub(crate) fn open_unbound(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        open_with(&self.keys.cipher, sealed, b"")
    }

    /// Seals a cookie's value.
    pub fn seal_cookie(&self, plaintext: &[u8]) -> Vec<u8> {
        seal_with(&self.keys.cookies, plaintext, b"bianmin cookie")
    }

    /// A cookie's plaintext, or `None` when it was altered or sealed with another key.
    pub fn open_cookie(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        open_with(&self.keys.cookies, sealed, b"bianmin cookie")
    }

    /// The keyed hash a value is found by.
    pub fn lookup_hash(&self, id_number: &str) -> Vec<u8> {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.keys.lookup_key).expect("any key length");
        mac.update(id_number.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

fn seal_with(cipher: &Aes256Gcm, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_BYTES];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .expect("AES-GCM encrypts any length used here");
    [nonce.as_slice(), &sealed].concat()
}

fn open_with(cipher: &Aes256Gcm, sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE_BYTES {
        return None;
    }
    let (nonce, body) = sealed.split_at(NONCE_BYTES);
    cipher
        .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_data_opens_only_unaltered_in_its_place_and_with_the_same_key() {
        let keys = Keys::generate();
        let cipher = DataCipher::new(&keys);
        let here = Place::booking_people("K7Q2M9");
        let sealed = cipher.seal(here, b"11010519491231002X");
        assert!(!sealed.windows(18).any(|w| w == b"11010519491231002X"));
        assert_eq!(
            cipher.open(here, &sealed).as_deref(),
            Some(&b"11010519491231002X"[..])
        );
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(cipher.open(here, &altered), None);
        assert_eq!(DataCipher::new(&Keys::generate()).open(here, &sealed), None);
        assert_ne!(
            cipher.seal(here, b"same"),
            cipher.seal(here, b"same"),
            "a fresh nonce each time"
        );
        // Moved to another row, another column or another table, it no longer opens.
        assert_eq!(cipher.open(Place::booking_people("K7Q2M8"), &sealed), None);
        let phone = cipher.seal(Place::message_phone("a1"), b"13800138000");
        assert_eq!(cipher.open(Place::message_params("a1"), &phone), None);
        assert_eq!(cipher.open(Place::message_phone("a2"), &phone), None);
        assert_eq!(cipher.open(Place::second_factor("a1"), &phone), None);
        assert_eq!(cipher.open_unbound(&phone), None);
    }

    #[test]
    fn cookies_are_sealed_with_the_secret_key_not_the_data_key() {
        let keys = Keys::generate();
        let cipher = DataCipher::new(&keys);
        let cookie = cipher.seal_cookie(b"pass");
        assert_eq!(cipher.open_cookie(&cookie).as_deref(), Some(&b"pass"[..]));
        let same_data_key = DataCipher::new(&Keys {
            secret: SecretKey::generate(),
            data: keys.data.clone(),
        });
        assert_eq!(same_data_key.open_cookie(&cookie), None);
        let same_secret_key = DataCipher::new(&Keys {
            secret: keys.secret.clone(),
            data: SecretKey::generate(),
        });
        assert_eq!(
            same_secret_key.open_cookie(&cookie).as_deref(),
            Some(&b"pass"[..])
        );
    }

    #[test]
    fn lookup_hashes_are_stable_per_key_and_differ_between_keys() {
        let keys = Keys::generate();
        let a = DataCipher::new(&keys);
        assert_eq!(
            a.lookup_hash("11010519491231002X"),
            DataCipher::new(&keys).lookup_hash("11010519491231002X")
        );
        assert_ne!(
            a.lookup_hash("11010519491231002X"),
            a.lookup_hash("110105194912310029")
        );
        assert_ne!(
            a.lookup_hash("11010519491231002X"),
            DataCipher::new(&Keys::generate()).lookup_hash("11010519491231002X")
        );
        // The look-up key, not the data key, decides the hash: a rotated data key keeps it.
        let rotated = DataCipher::with_lookup_key(
            &Keys {
                secret: keys.secret.clone(),
                data: SecretKey::generate(),
            },
            *a.lookup_key(),
        );
        assert_eq!(
            a.lookup_hash("11010519491231002X"),
            rotated.lookup_hash("11010519491231002X")
        );
    }
}
