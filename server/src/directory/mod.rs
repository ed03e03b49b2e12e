//! The facilities directory on the server: what the pure domain (`app::domain::directory`) cannot
//! do in the browser bundle, such as the pinyin table behind search by initials.

pub mod pinyin;
pub mod service;
