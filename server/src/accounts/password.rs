//! Staff passwords: Argon2id with the crate's recommended parameters, stored as PHC strings.

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// Why a new password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weak {
    TooShort,
    SameAsUsername,
}

/// Checks a new password: long enough and not the user name.
pub fn check_new(username: &str, password: &str) -> Result<(), Weak> {
    if password.chars().count() < MIN_LENGTH {
        return Err(Weak::TooShort);
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return Err(Weak::SameAsUsername);
    }
    Ok(())
}

/// Hashes a password with a fresh salt.
pub fn hash(password: &str) -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let salt = SaltString::encode_b64(&bytes).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id hashing with default parameters")
        .to_string()
}

/// Whether `password` matches the stored hash. A malformed hash matches nothing.
pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to check against when the account does not exist, so an unknown user name takes as
/// long to refuse as a wrong password.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password that matches nothing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_and_matches_only_its_password() {
        let stored = hash("correct horse battery");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify(&stored, "correct horse battery"));
        assert!(!verify(&stored, "correct horse batterY"));
        assert!(!verify("not a hash", "correct horse battery"));
        assert_ne!(stored, hash("correct horse battery"), "salted");
    }

    #[test]
    fn short_passwords_and_the_user_name_are_refused() {
        assert_eq!(check_new("clerk", "short"), Err(Weak::TooShort));
        assert_eq!(
            check_new("clerk.longname", "Clerk.Longname"),
            Err(Weak::SameAsUsername)
        );
        assert_eq!(check_new("clerk", "a long enough phrase"), Ok(()));
    }
}
