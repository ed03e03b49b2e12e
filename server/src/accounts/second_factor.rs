//! The staff second factor: a time-based one-time code (TOTP, RFC 6238: HMAC-SHA1, six digits,
//! 30-second steps, one step of clock drift either way) from an authenticator app, and one-time
//! recovery codes for a lost phone.

use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per code.
pub const STEP_SECONDS: i64 = 30;
/// Recovery codes made at once.
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits that cannot be mistaken for each other when read off paper.
const RECOVERY_ALPHABET: &[u8] = b"ACDEFGHJKLMNPQRTUVWXY34679";

/// A new 160-bit secret, as RFC 4226 recommends.
pub fn new_secret() -> Vec<u8> {
    use rand::RngCore;
    let mut secret = vec![0u8; 20];
    rand::rng().fill_bytes(&mut secret);
    secret
}

fn totp(secret: &[u8]) -> Option<TOTP> {
    TOTP::new(Algorithm::SHA1, 6, 0, STEP_SECONDS as u64, secret.to_vec()).ok()
}

/// The secret as an authenticator app takes it when typed: base32, in groups of four.
pub fn typed_secret(secret: &[u8]) -> String {
    let Secret::Encoded(text) = Secret::Raw(secret.to_vec()).to_encoded() else {
        return String::new();
    };
    text.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The secret from its typed form (base32, spaces allowed), as an app reads it.
pub fn secret_from_typed(typed: &str) -> Option<Vec<u8>> {
    let plain: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    Secret::Encoded(plain).to_bytes().ok()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn app_address(issuer: &str, account: &str, secret: &[u8]) -> String {
    let Secret::Encoded(encoded) = Secret::Raw(secret.to_vec()).to_encoded() else {
        return String::new();
    };
    let escape = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    format!(
        "otpauth://totp/{}:{}?secret={encoded}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECONDS}",
        escape(issuer),
        escape(account),
        escape(issuer)
    )
}

/// The code of the step holding `unix_seconds`.
pub fn code_at(secret: &[u8], unix_seconds: i64) -> Option<String> {
    Some(totp(secret)?.generate(unix_seconds.max(0) as u64))
}

/// The step whose code `typed` is, if it is the code of the current step or of one step either
/// side (a phone's clock a little off). The caller accepts each step once.
pub fn matching_step(secret: &[u8], typed: &str, now: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret)?;
    let step = now.div_euclid(STEP_SECONDS);
    [step, step - 1, step + 1].into_iter().find(|s| {
        let code = totp.generate((s * STEP_SECONDS).max(0) as u64);
        crate::accounts::same_secret(&code, &typed)
    })
}

/// New recovery codes, `XXXXX-XXXXX` (about 47 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = (0..10)
                .map(|_| RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &raw[..5], &raw[5..])
        })
        .collect()
}

/// A recovery code as typed (any case, with or without the dash or spaces), as it is hashed.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let plain: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (plain.len() == 10).then(|| format!("{}-{}", &plain[..5], &plain[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1: the secret "12345678901234567890".
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let secret = b"12345678901234567890";
        // The RFC lists eight digits; six are their last six.
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(secret, time).unwrap(), code, "at {time}");
        }
    }

    #[test]
    fn a_code_matches_its_step_and_the_ones_beside_it_only() {
        let secret = new_secret();
        let now = 1_800_000_015;
        let code = code_at(&secret, now).unwrap();
        assert_eq!(matching_step(&secret, &code, now), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 90), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
    }

    #[test]
    fn recovery_codes_are_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let code = &codes[0];
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(
            normalise_recovery_code(&typed).as_deref(),
            Some(code.as_str())
        );
    }

    #[test]
    fn the_app_address_carries_the_secret_in_base32() {
        let secret = b"12345678901234567890";
        let address = app_address("便民", "admin1", secret);
        assert!(address.starts_with("otpauth://totp/"), "{address}");
        assert!(
            address.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            "{address}"
        );
        assert_eq!(typed_secret(secret).split(' ').next(), Some("GEZD"));
        assert_eq!(
            secret_from_typed(&typed_secret(secret)).unwrap(),
            secret.to_vec()
        );
    }
}
