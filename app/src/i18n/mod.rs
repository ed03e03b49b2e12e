//! Translations. Chinese (zh-CN) is the default; English is complete.
//!
//! Every user-facing string is a [`Msg`]. The `messages!` table below takes both languages for each
//! entry, so a missing translation is a compile error rather than a blank on screen.

mod messages;

#[cfg(feature = "ssr")]
pub use messages::browser_texts_json;
pub use messages::{browser_texts, Msg, TEXTS_ID};
use serde::{Deserialize, Serialize};

/// A language the interface speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag used in `<html lang>`, cookies and the API.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Reads a tag as sent by a cookie, a form or an `Accept-Language` entry.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase();
        match tag.as_str() {
            "zh" | "zh-cn" | "zh-hans" | "zh-hans-cn" => Some(Locale::ZhCn),
            "en" | "en-us" | "en-gb" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::ZhCn => "中文",
            Locale::En => "English",
        }
    }

    /// Translates a message.
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self)
    }

    /// Translates a message and fills its `{name}` placeholders. In English a counted word
    /// written `member(s)` agrees with the number before it (see [`english_plurals`]).
    pub fn t_with(self, msg: Msg, args: &[(&str, &str)]) -> String {
        let text = fill(msg.text(self), args);
        match self {
            Locale::ZhCn => text,
            Locale::En => english_plurals(&text),
        }
    }
}

/// English words written `word(s)` (or `child(ren)`) right after a number: "1 member(s)" →
/// "1 member", "3 member(s)" → "3 members", "1 person(s)" → "1 person", "2 person(s)" →
/// "2 people", "2 child(ren)" → "2 children". A mark with no number before its word stays.
pub fn english_plurals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = ["(s)", "(ren)"]
            .into_iter()
            .filter_map(|mark| rest.find(mark).map(|at| (at, mark)))
            .min();
        let Some((at, mark)) = next else {
            break;
        };
        let (before, after) = rest.split_at(at);
        let word_start = before
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let word = &before[word_start..];
        let number: String = before[..word_start]
            .strip_suffix(' ')
            .map(|head| {
                let start = head
                    .rfind(|c: char| !(c.is_ascii_digit() || c == ','))
                    .map_or(0, |i| i + 1);
                head[start..].replace(',', "")
            })
            .unwrap_or_default();
        out.push_str(&before[..word_start]);
        match number.parse::<u64>() {
            Ok(1) => out.push_str(word),
            Ok(_) if word == "person" => out.push_str("people"),
            Ok(_) => {
                out.push_str(word);
                out.push_str(&mark[1..mark.len() - 1]);
            }
            Err(_) => {
                out.push_str(word);
                out.push_str(mark);
            }
        }
        rest = &after[mark.len()..];
    }
    out.push_str(rest);
    out
}

/// Replaces each `{name}` in `template` with its value from `args`; unknown names stay as they are.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The `{name}` placeholders a template uses, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_both_languages_with_the_same_placeholders() {
        for msg in Msg::ALL {
            let zh = msg.text(Locale::ZhCn);
            let en = msg.text(Locale::En);
            assert!(!zh.trim().is_empty(), "{msg:?} has no Chinese text");
            assert!(!en.trim().is_empty(), "{msg:?} has no English text");
            let mut zh_names = placeholders(zh);
            let mut en_names = placeholders(en);
            zh_names.sort();
            en_names.sort();
            assert_eq!(
                zh_names, en_names,
                "{msg:?} placeholders differ between languages"
            );
        }
    }

    #[test]
    fn every_message_is_written_by_its_name_and_read_back() {
        for &msg in Msg::ALL {
            let json = serde_json::to_string(&msg).unwrap();
            assert_eq!(json, format!("\"{}\"", msg.name()));
            assert_eq!(format!("{msg:?}"), msg.name());
            assert_eq!(serde_json::from_str::<Msg>(&json).unwrap(), msg);
        }
        assert_eq!(
            serde_json::to_string(&Msg::SiteName).unwrap(),
            "\"SiteName\""
        );
        assert!(serde_json::from_str::<Msg>("\"NoSuchMessage\"").is_err());
        assert!(serde_json::from_str::<Msg>("3").is_err());
    }

    #[test]
    fn english_text_contains_no_chinese_characters() {
        for msg in Msg::ALL {
            let en = msg.text(Locale::En);
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{msg:?} English text has Chinese in it: {en}"
            );
        }
    }

    #[test]
    fn tags_round_trip_and_common_variants_are_understood() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("zh-Hans"), Some(Locale::ZhCn));
        assert_eq!(Locale::from_tag(" EN-us "), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
    }

    #[test]
    fn english_counted_words_agree_with_their_number() {
        assert_eq!(english_plurals("1 member(s) aged 60"), "1 member aged 60");
        assert_eq!(english_plurals("3 member(s) aged 60"), "3 members aged 60");
        assert_eq!(english_plurals("¥666 × 1 person(s)"), "¥666 × 1 person");
        assert_eq!(english_plurals("¥666 × 3 person(s) −"), "¥666 × 3 people −");
        assert_eq!(english_plurals("1,200 year(s)"), "1,200 years");
        assert_eq!(
            english_plurals("1 child(ren), 2 child(ren)"),
            "1 child, 2 children"
        );
        assert_eq!(
            english_plurals("the member(s) alone"),
            "the member(s) alone"
        );
        let top_up = Locale::En.t_with(
            Msg::ReasonTopUp,
            &[
                ("standard", "¥666"),
                ("members", "1"),
                ("income", "¥600"),
                ("amount", "¥66"),
            ],
        );
        assert!(top_up.contains("× 1 person −"), "{top_up}");
        assert!(!top_up.contains("(s)"));
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
        assert_eq!(fill("{a}", &[]), "{a}");
    }
}
