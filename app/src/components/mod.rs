//! Shared UI pieces.

pub mod area;
pub mod error_notice;
pub mod footer;
pub mod form;
pub mod header;
pub mod kiosk;
pub mod precheck;
pub mod print_button;
pub mod read_aloud;
pub mod service_preparing;
pub mod session_warning;
pub mod text_size_switch;
