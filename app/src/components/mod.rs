//! Shared UI pieces.

pub mod area;
pub mod error_notice;
pub mod footer;
pub mod header;
pub mod text_size_switch;
