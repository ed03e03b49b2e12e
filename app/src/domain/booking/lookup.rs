//! What a hotline agent typed to find a booking: a booking code, an 11-digit mobile number or an
//! 18-character ID number, recognised from the text itself (spaces and dashes ignored), so the
//! agent need not choose first.

use super::{code::normalise_code, phone::Phone};

/// What a look-up searches by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupBy {
    Code,
    Phone,
    Id,
}

impl LookupBy {
    /// The name the forms and the API use: `code`, `phone`, `id`.
    pub fn key(self) -> &'static str {
        match self {
            LookupBy::Code => "code",
            LookupBy::Phone => "phone",
            LookupBy::Id => "id",
        }
    }
}

/// The text as a look-up: what it is and its plain form (a code upper-cased, a phone's 11 digits,
/// an ID number with a capital X). `None` when it is none of them.
pub fn recognise(typed: &str) -> Option<(LookupBy, String)> {
    if let Some(phone) = Phone::parse(typed) {
        return Some((LookupBy::Phone, phone.as_str().to_string()));
    }
    let plain: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let b = plain.as_bytes();
    if b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X')
    {
        return Some((LookupBy::Id, plain));
    }
    normalise_code(typed).map(|code| (LookupBy::Code, code))
}

/// The text as shown back to the agent ("searched by phone 138****0001"): a phone or an ID number
/// masked as on slips, a code as it is.
pub fn shown(by: LookupBy, plain: &str) -> String {
    match by {
        LookupBy::Code => plain.to_string(),
        LookupBy::Phone | LookupBy::Id if plain.len() > 7 => {
            let (head, tail) = (&plain[..3], &plain[plain.len() - 4..]);
            format!("{head}{}{tail}", "*".repeat(plain.len() - 7))
        }
        _ => "*".repeat(plain.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_an_id_and_a_code_are_told_apart_with_spaces_and_dashes() {
        assert_eq!(
            recognise("138 0000-0001"),
            Some((LookupBy::Phone, "13800000001".into()))
        );
        assert_eq!(
            recognise("+86 13800000001"),
            Some((LookupBy::Phone, "13800000001".into()))
        );
        assert_eq!(
            recognise("130602 19950101 011x"),
            Some((LookupBy::Id, "13060219950101011X".into()))
        );
        assert_eq!(
            recognise("acde-fghj"),
            Some((LookupBy::Code, "ACDEFGHJ".into()))
        );
        // Eight digits are not a code (codes have no 0, 1, 2, 5 or 8) nor anything else.
        assert_eq!(recognise("12345678"), None);
        assert_eq!(recognise("王小明"), None);
    }

    #[test]
    fn what_was_searched_is_shown_masked() {
        assert_eq!(shown(LookupBy::Phone, "13800000001"), "138****0001");
        assert_eq!(
            shown(LookupBy::Id, "13060219950101011X"),
            "130***********011X"
        );
        assert_eq!(shown(LookupBy::Code, "ACDEFGHJ"), "ACDEFGHJ");
    }
}
