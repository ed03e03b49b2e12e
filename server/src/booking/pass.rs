//! The booking pass: proof that a visitor opened a booking (by booking it, or with its code and
//! a code sent to its phone), sealed with the deployment's pass key (AES-GCM) so it cannot be
//! made or altered elsewhere. The web keeps it in an HttpOnly cookie; API callers send it in the
//! `Booking-Pass` header. While a code is awaited the pass names the verification instead.

use crate::crypto::DataCipher;

/// The first line of a pass, so nothing else sealed with the same key passes for one.
const KIND: &str = "booking pass";
/// How long a pass lasts: long enough to read, print or change a booking in one sitting.
pub const SECONDS: i64 = 30 * 60;

/// An opened (or, with `verification`, awaited) booking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pass {
    pub code: String,
    /// The verification awaited; empty once the booking is open.
    pub verification: String,
}

/// The sealed pass, as hex, valid for [`SECONDS`] from `now` (Unix seconds, real time).
pub fn seal(cipher: &DataCipher, pass: &Pass, now: i64) -> String {
    let plain = format!(
        "{KIND}\n{}\n{}\n{}",
        pass.code,
        pass.verification,
        now + SECONDS
    );
    hex::encode(cipher.seal_cookie(plain.as_bytes()))
}

/// The pass in `sealed`, when it is ours and still valid at `now`.
pub fn open(cipher: &DataCipher, sealed: &str, now: i64) -> Option<Pass> {
    let plain = String::from_utf8(cipher.open_cookie(&hex::decode(sealed.trim()).ok()?)?).ok()?;
    let mut lines = plain.split('\n');
    if lines.next()? != KIND {
        return None;
    }
    let (code, verification, expires) = (lines.next()?, lines.next()?, lines.next()?);
    (expires.parse::<i64>().ok()? > now).then(|| Pass {
        code: code.to_string(),
        verification: verification.to_string(),
    })
}
