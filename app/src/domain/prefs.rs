//! Display preferences a visitor chooses (language, text size), kept in cookies.

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// Cookie holding the language tag.
pub const LANG_COOKIE: &str = "bianmin_lang";
/// Cookie holding the text size.
pub const TEXT_SIZE_COOKIE: &str = "bianmin_text";
/// Cookie holding the contrast choice.
pub const CONTRAST_COOKIE: &str = "bianmin_contrast";
/// How long a preference is remembered: one year.
pub const COOKIE_MAX_AGE_SECS: u32 = 365 * 24 * 60 * 60;

/// Standard or large text (适老化 large-text mode).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextSize {
    #[default]
    Standard,
    Large,
}

impl TextSize {
    pub fn as_str(self) -> &'static str {
        match self {
            TextSize::Standard => "standard",
            TextSize::Large => "large",
        }
    }

    pub fn parse(value: &str) -> Option<TextSize> {
        match value.trim() {
            "standard" => Some(TextSize::Standard),
            "large" => Some(TextSize::Large),
            _ => None,
        }
    }
}

/// What the visitor chose, or the defaults (Chinese, standard text).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    pub locale: Locale,
    pub text_size: TextSize,
    /// High contrast (light text on black).
    pub high_contrast: bool,
    /// Whether the visitor chose a text size (a kiosk starts with large text otherwise).
    pub text_size_chosen: bool,
}

impl Prefs {
    /// Reads the preferences from a `Cookie` request header; unknown or malformed values fall back to
    /// the defaults, because a stale cookie must never stop a page from showing.
    pub fn from_cookie_header(header: &str) -> Prefs {
        let mut prefs = Prefs::default();
        for pair in header.split(';') {
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            match name.trim() {
                LANG_COOKIE => {
                    if let Some(locale) = Locale::from_tag(value) {
                        prefs.locale = locale;
                    }
                }
                TEXT_SIZE_COOKIE => {
                    if let Some(size) = TextSize::parse(value) {
                        prefs.text_size = size;
                        prefs.text_size_chosen = true;
                    }
                }
                CONTRAST_COOKIE => prefs.high_contrast = value.trim() == "high",
                _ => {}
            }
        }
        prefs
    }

    /// Classes for the `<html>` element that the style sheet keys on.
    pub fn html_class(self) -> String {
        let size = match self.text_size {
            TextSize::Standard => "text-standard",
            TextSize::Large => "text-large",
        };
        if self.high_contrast {
            format!("{size} contrast-high")
        } else {
            size.to_string()
        }
    }
}

/// A `Set-Cookie` value remembering one preference.
pub fn preference_cookie(name: &str, value: &str) -> String {
    format!("{name}={value}; Path=/; Max-Age={COOKIE_MAX_AGE_SECS}; SameSite=Lax")
}

/// Accepts a path to go back to after a preference change only when it stays on this site:
/// it must start with one `/`, and not `//` or `/\`, which browsers read as another host.
pub fn safe_return_path(path: &str) -> Option<&str> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control());
    ok.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cookie_means_chinese_and_standard_text() {
        assert_eq!(
            Prefs::from_cookie_header(""),
            Prefs {
                locale: Locale::ZhCn,
                text_size: TextSize::Standard,
                ..Prefs::default()
            }
        );
    }

    #[test]
    fn cookies_choose_language_and_text_size() {
        let prefs = Prefs::from_cookie_header("other=1; bianmin_lang=en; bianmin_text=large");
        assert_eq!(
            prefs,
            Prefs {
                locale: Locale::En,
                text_size: TextSize::Large,
                text_size_chosen: true,
                ..Prefs::default()
            }
        );
        assert_eq!(prefs.html_class(), "text-large");
    }

    #[test]
    fn unknown_cookie_values_fall_back_to_defaults() {
        let prefs = Prefs::from_cookie_header("bianmin_lang=xx; bianmin_text=huge; broken");
        assert_eq!(prefs, Prefs::default());
    }

    #[test]
    fn return_paths_must_stay_on_this_site() {
        assert_eq!(safe_return_path("/marriage?x=1"), Some("/marriage?x=1"));
        assert_eq!(safe_return_path("/"), Some("/"));
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "",
            "marriage",
            "/a\nb",
        ] {
            assert_eq!(safe_return_path(bad), None, "{bad:?} must be refused");
        }
    }

    #[test]
    fn preference_cookie_is_site_wide_and_long_lived() {
        let cookie = preference_cookie(LANG_COOKIE, "en");
        assert!(cookie.starts_with("bianmin_lang=en;"));
        assert!(cookie.contains("Path=/"));
        assert!(cookie.contains("Max-Age=31536000"));
        assert!(cookie.contains("SameSite=Lax"));
    }
}
