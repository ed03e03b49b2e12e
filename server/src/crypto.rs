//! Personal data at rest: sealed with AES-256-GCM, and looked up through a keyed hash
//! (HMAC-SHA256), never a plain hash. Both keys are derived from the deployment's data key.

use crate::keys::SecretKey;
use aes_gcm::{
    aead::{Aead, KeyInit},
    Aes256Gcm, Nonce,
};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;
const NONCE_BYTES: usize = 12;

/// Seals and opens personal data, and hashes ID numbers for look-ups.
#[derive(Clone)]
pub struct DataCipher {
    cipher: Aes256Gcm,
    lookup_key: [u8; 32],
    /// Seals the visitor's booking pass cookie (a key of its own: a cookie is never personal
    /// data at rest, nor the other way round).
    passes: Aes256Gcm,
}

fn derive(key: &SecretKey, purpose: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

impl DataCipher {
    pub fn new(data_key: &SecretKey) -> DataCipher {
        let encryption_key = derive(data_key, "bianmin personal data encryption v1");
        DataCipher {
            cipher: Aes256Gcm::new(&encryption_key.into()),
            lookup_key: derive(data_key, "bianmin personal data lookup v1"),
            passes: Aes256Gcm::new(&derive(data_key, "bianmin booking pass v1").into()),
        }
    }

    /// A random nonce followed by the ciphertext and its tag.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        seal_with(&self.cipher, plaintext)
    }

    /// The plaintext, or `None` when the data was altered or sealed with another key.
    pub fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        open_with(&self.cipher, sealed)
    }

    /// Seals a booking pass for its cookie.
    pub fn seal_pass(&self, plaintext: &[u8]) -> Vec<u8> {
        seal_with(&self.passes, plaintext)
    }

    /// A booking pass's plaintext, or `None` when it was altered or sealed with another key.
    pub fn open_pass(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        open_with(&self.passes, sealed)
    }

    /// The keyed hash an ID number is found by.
    pub fn lookup_hash(&self, id_number: &str) -> Vec<u8> {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.lookup_key).expect("any key length");
        mac.update(id_number.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

fn seal_with(cipher: &Aes256Gcm, plaintext: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_BYTES];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), plaintext)
        .expect("AES-GCM encrypts any length used here");
    [nonce.as_slice(), &sealed].concat()
}

fn open_with(cipher: &Aes256Gcm, sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE_BYTES {
        return None;
    }
    let (nonce, body) = sealed.split_at(NONCE_BYTES);
    cipher.decrypt(Nonce::from_slice(nonce), body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_data_opens_only_unaltered_and_with_the_same_key() {
        let cipher = DataCipher::new(&SecretKey::generate());
        let sealed = cipher.seal(b"11010519491231002X");
        assert!(!sealed.windows(18).any(|w| w == b"11010519491231002X"));
        assert_eq!(
            cipher.open(&sealed).as_deref(),
            Some(&b"11010519491231002X"[..])
        );
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(cipher.open(&altered), None);
        assert_eq!(DataCipher::new(&SecretKey::generate()).open(&sealed), None);
        assert_ne!(
            cipher.seal(b"same"),
            cipher.seal(b"same"),
            "a fresh nonce each time"
        );
    }

    #[test]
    fn lookup_hashes_are_stable_per_key_and_differ_between_keys() {
        let key = SecretKey::generate();
        let a = DataCipher::new(&key);
        assert_eq!(
            a.lookup_hash("11010519491231002X"),
            DataCipher::new(&key).lookup_hash("11010519491231002X")
        );
        assert_ne!(
            a.lookup_hash("11010519491231002X"),
            a.lookup_hash("110105194912310029")
        );
        assert_ne!(
            a.lookup_hash("11010519491231002X"),
            DataCipher::new(&SecretKey::generate()).lookup_hash("11010519491231002X")
        );
    }
}
