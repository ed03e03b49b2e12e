//! Mainland mobile numbers, for booking messages. Personal data: `Debug` is masked.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Reads an 11-digit mobile number (`1[3-9]…`), ignoring spaces, dashes and a `+86` prefix.
    pub fn parse(text: &str) -> Option<Phone> {
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        let digits = digits.strip_prefix("+86").unwrap_or(&digits);
        let b = digits.as_bytes();
        (b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]))
        .then(|| Phone(digits.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Shown on pages and in logs: `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_are_read_as_typed_and_shown_masked() {
        let phone = Phone::parse("+86 138-1234-5678").unwrap();
        assert_eq!(phone.as_str(), "13812345678");
        assert_eq!(phone.masked(), "138****5678");
        assert_eq!(format!("{phone:?}"), "Phone(138****5678)");
        for bad in [
            "1381234567",
            "12812345678",
            "23812345678",
            "1381234567a",
            "",
        ] {
            assert!(Phone::parse(bad).is_none(), "{bad:?} should be refused");
        }
    }
}
