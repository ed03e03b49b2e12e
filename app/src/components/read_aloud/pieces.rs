//! How a page's text is cut for speaking: Chrome cuts off long utterances, so the text is spoken
//! in pieces of at most [`MAX_PIECE`] characters, broken at the ends of lines and sentences.

/// The longest piece spoken as one utterance, in characters.
pub const MAX_PIECE: usize = 200;

const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?'];
const CLOSERS: &[char] = &['”', '"', '’', '\'', '）', ')', '」'];
/// A piece ending in one of these runs on into the next without a space (Chinese punctuation).
const RUNS_ON: &[char] = &['。', '！', '？', '，', '；', '：', '、', '」', '”', '）'];
const PAUSES: &[char] = &['，', ',', '；', ';', '：', ':', '、', ' '];

/// Splits `text` into pieces of at most [`MAX_PIECE`] characters. A line (heading, list item,
/// paragraph) always starts a new piece, so that it is followed by a pause; the sentences of a
/// long paragraph are gathered up to the limit; a sentence longer than the limit is cut at a
/// comma or a space if it can be, otherwise at the limit.
pub fn pieces(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    for raw in text.split('\n') {
        let line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        let mut piece = String::new();
        for sentence in sentences(&line) {
            let sentence = sentence.trim();
            if sentence.is_empty() {
                continue;
            }
            for part in split_long(sentence) {
                if piece.is_empty() {
                    piece = part;
                    continue;
                }
                let space = if piece.ends_with(RUNS_ON) { "" } else { " " };
                if piece.chars().count() + space.len() + part.chars().count() <= MAX_PIECE {
                    piece.push_str(space);
                    piece.push_str(&part);
                } else {
                    pieces.push(std::mem::replace(&mut piece, part));
                }
            }
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
    }
    pieces
}

/// A line's sentences: each ends after a run of 。！？!? or after a full stop followed by a space
/// or the end of the line (so "12.50" stays whole), with any closing quote or bracket.
fn sentences(line: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < chars.len() {
        let c = chars[i].1;
        let ends = if SENTENCE_ENDS.contains(&c) {
            while i + 1 < chars.len() && SENTENCE_ENDS.contains(&chars[i + 1].1) {
                i += 1;
            }
            true
        } else {
            c == '.'
        };
        if ends {
            while i + 1 < chars.len() && CLOSERS.contains(&chars[i + 1].1) {
                i += 1;
            }
            let next = chars.get(i + 1).map(|&(_, c)| c);
            if c != '.' || next.is_none_or(char::is_whitespace) {
                let end = chars.get(i + 1).map_or(line.len(), |&(at, _)| at);
                out.push(&line[start..end]);
                start = end;
            }
        }
        i += 1;
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// A sentence longer than [`MAX_PIECE`], in parts: each cut after the last pause mark or space
/// in the second half of the window, or at the limit when there is none.
fn split_long(sentence: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest: Vec<char> = sentence.chars().collect();
    while rest.len() > MAX_PIECE {
        let cut = (MAX_PIECE / 2..MAX_PIECE)
            .rev()
            .find(|&i| PAUSES.contains(&rest[i]))
            .map_or(MAX_PIECE, |i| i + 1);
        let head: String = rest[..cut].iter().collect();
        parts.push(head.trim().to_string());
        rest = rest[cut..]
            .iter()
            .collect::<String>()
            .trim()
            .chars()
            .collect();
    }
    if !rest.is_empty() {
        parts.push(rest.into_iter().collect());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_starts_a_piece_and_short_sentences_of_a_line_are_gathered() {
        let text =
            "预约结婚登记\n\n请带好身份证。户口簿也要带上！\n  Bring   your ID. Both of you.  ";
        assert_eq!(
            pieces(text),
            vec![
                "预约结婚登记",
                "请带好身份证。户口簿也要带上！",
                "Bring your ID. Both of you.",
            ]
        );
    }

    #[test]
    fn a_full_stop_inside_a_number_does_not_end_a_sentence() {
        assert_eq!(
            sentences("It costs 12.50 yuan. Pay at the desk."),
            vec!["It costs 12.50 yuan.", " Pay at the desk."]
        );
        assert_eq!(
            sentences("他说：“好。”然后走了。"),
            vec!["他说：“好。”", "然后走了。"]
        );
    }

    #[test]
    fn no_piece_is_longer_than_the_limit_and_nothing_is_lost() {
        let sentence = "低保标准按照当地居民生活必需费用确定，".repeat(30) + "完。";
        let line = format!("{sentence}{}", "A short one. ".repeat(40));
        let got = pieces(&line);
        assert!(
            got.iter().all(|p| p.chars().count() <= MAX_PIECE),
            "{got:?}"
        );
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squeeze(&got.concat()), squeeze(&line));
        // Long Chinese runs are cut after a comma, not in the middle of a word.
        assert!(got[0].ends_with('，'), "{}", got[0]);
    }

    #[test]
    fn a_sentence_without_pauses_is_cut_at_the_limit() {
        let long = "字".repeat(450);
        let got = split_long(&long);
        assert_eq!(
            got.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            vec![200, 200, 50]
        );
    }
}
