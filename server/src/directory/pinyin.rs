//! Pinyin initials of Chinese names, so residents can find 凤凰山公墓 by typing `fhs`. Computed on
//! the server, where the character table lives, and handed to
//! `app::domain::directory::search::{find, matches_text}`; the browser bundle stays free of it.

use ::pinyin::ToPinyin;

/// The first letter of each Chinese character's pinyin (the most common reading), with ASCII
/// letters and digits kept in lowercase and everything else dropped: `安宁市凤凰山公墓` →
/// `ansfhsgm`, `A区3号（示例）` → `aq3hsl`.
pub fn initials(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next(),
            None if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            None => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_seeds_give_their_initials() {
        for (name, expected) in [
            ("凤凰山公墓", "fhsgm"),
            ("安宁市凤凰山公墓", "ansfhsgm"),
            ("昆明西郊殡仪馆", "kmxjbyg"),
            ("曲阜孝德园公墓", "qfxdygm"),
            ("先锋街道龙泉社区志愿服务站（示例）", "xfjdlqsqzyfwzsl"),
            ("宁波市奉化区殡仪馆", "nbsfhqbyg"),
        ] {
            assert_eq!(initials(name), expected, "{name}");
        }
    }

    #[test]
    fn latin_letters_and_digits_stay_and_punctuation_goes() {
        assert_eq!(initials("A区3号（示例）"), "aq3hsl");
        assert_eq!(initials("Anning 安宁"), "anningan");
        assert_eq!(initials("，。、 ·-"), "");
        assert_eq!(initials(""), "");
    }
}
