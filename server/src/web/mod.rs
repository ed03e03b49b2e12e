//! The pieces of the HTTP front that areas share (who the client is, cookies, posted forms,
//! rendering a page from a handler, headers, the apology page) and the public areas' handlers
//! (booking forms, calendar files, preferences, health). `http::router` puts them together.

pub mod booking;
pub mod calendar;
pub mod client;
pub mod cookies;
pub mod errors;
pub mod headers;
pub mod health;
pub mod page;
pub mod posted;
pub mod precheck;
pub mod prefs;

pub use booking::{draft_deletion, pass_deletion};
pub use precheck::answers_deletion;
pub use prefs::{same_origin, visitor_prefs};
