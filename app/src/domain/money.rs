//! Money in integer fen (分): no rounding surprises in sums and comparisons.

/// Fen per yuan.
pub const FEN_PER_YUAN: i64 = 100;

/// Whole yuan to fen.
pub const fn yuan(amount: i64) -> i64 {
    amount * FEN_PER_YUAN
}

/// Writes fen as yuan for people: `¥1,500` or `¥865.80`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fen % 100 {
        0 => format!("{sign}¥{grouped}"),
        cents => format!("{sign}¥{grouped}.{cents:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_are_written_with_grouping_and_only_needed_decimals() {
        assert_eq!(format_yuan(yuan(1500)), "¥1,500");
        assert_eq!(format_yuan(86_580), "¥865.80");
        assert_eq!(format_yuan(yuan(1_234_567)), "¥1,234,567");
        assert_eq!(format_yuan(0), "¥0");
        assert_eq!(format_yuan(-yuan(12)), "-¥12");
    }
}
