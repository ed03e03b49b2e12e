//! QR codes as one SVG path, so a result can be carried to a phone without images or scripts.

use qrcode::{Color, EcLevel, QrCode};
use std::fmt::Write;

/// A QR code of `text`: its width in modules and an SVG path drawing the dark modules, one unit
/// each. `None` when the text is too long for any QR code.
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let _ = write!(path, "M{} {}h1v1h-1z", i % width, i / width);
        }
    }
    Some((width, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_square_code_with_finder_patterns() {
        let (width, path) =
            qr_path("https://example.org/eligibility/check#region=baoding").unwrap();
        assert!((21..=177).contains(&width) && (width - 17) % 4 == 0);
        // The top-left finder pattern starts with a dark module in the corner.
        assert!(path.starts_with("M0 0h1v1h-1z"));
    }

    #[test]
    fn text_too_long_for_a_code_is_refused() {
        assert!(qr_path(&"x".repeat(5000)).is_none());
    }
}
