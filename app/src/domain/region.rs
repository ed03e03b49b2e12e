//! The regions (cities and districts) a deployment serves.

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// A city or district with its own policy figures and facilities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// Stable id used in URLs, files and the API, e.g. `baoding`.
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub province_zh: String,
    pub province_en: String,
    /// True when the record is sample data rather than an official source.
    pub is_sample: bool,
}

impl Region {
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.name_zh,
            Locale::En => &self.name_en,
        }
    }

    pub fn province(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.province_zh,
            Locale::En => &self.province_en,
        }
    }
}

/// A region id: lowercase ASCII letters, digits and `_`, 2 to 32 characters.
pub fn is_valid_region_id(id: &str) -> bool {
    (2..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && id.as_bytes()[0].is_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_ids_are_short_lowercase_words() {
        for ok in ["baoding", "anning", "qufu", "fenghua", "xi_an2"] {
            assert!(is_valid_region_id(ok), "{ok}");
        }
        for bad in [
            "",
            "b",
            "Baoding",
            "bao-ding",
            "2city",
            "保定",
            &"x".repeat(33),
        ] {
            assert!(!is_valid_region_id(bad), "{bad}");
        }
    }
}
