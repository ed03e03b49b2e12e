//! Booking codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B),
//! so they can be read over the phone and typed on a kiosk.

pub const ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";
pub const LENGTH: usize = 8;

/// A code from random numbers; `pick(n)` returns a number in `0..n`.
pub fn new_code(mut pick: impl FnMut(usize) -> usize) -> String {
    (0..LENGTH)
        .map(|_| char::from(ALPHABET[pick(ALPHABET.len()) % ALPHABET.len()]))
        .collect()
}

/// A code as typed (any case, spaces and dashes ignored), if it can be one. A scanned booking
/// slip types its link (`…/marriage/manage?code=ACDE…`), which gives the code in it.
pub fn normalise_code(text: &str) -> Option<String> {
    // ASCII lower-casing keeps byte positions, so the index is the original text's too.
    let text = match text.to_ascii_lowercase().rfind("code=") {
        Some(at) => text[at + 5..].split(['&', '#']).next().unwrap_or_default(),
        None => text,
    };
    let code: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_only_the_readable_alphabet_and_are_read_back_as_typed() {
        let mut n = 0;
        let code = new_code(|len| {
            n += 7;
            n % len
        });
        assert_eq!(code.len(), 8);
        assert_eq!(normalise_code(&code.to_lowercase()), Some(code.clone()));
        assert_eq!(
            normalise_code(&format!("{} {}", &code[..4], &code[4..])),
            Some(code)
        );
        assert_eq!(
            normalise_code("ACDE-FGH0"),
            None,
            "0 is not in the alphabet"
        );
        assert_eq!(normalise_code("ACDEFGH"), None);
        assert_eq!(
            normalise_code("https://bianmin.example/marriage/manage?code=acdefgh3&x=1"),
            Some("ACDEFGH3".into()),
            "a scanned slip's link"
        );
        assert_eq!(
            normalise_code("https://bianmin.example/marriage/manage?code=ACDE"),
            None
        );
        assert_eq!(
            normalise_code("HTTPS://BIANMIN.EXAMPLE/MARRIAGE/MANAGE?CODE=ACDEFGH3"),
            Some("ACDEFGH3".into()),
            "a scanner that types capitals"
        );
        for look_alike in b"0O1IL2Z5S8B" {
            assert!(!ALPHABET.contains(look_alike));
        }
    }
}
