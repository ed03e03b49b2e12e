//! Routed pages, one per file.

pub mod area;
pub mod directory;
pub mod eligibility;
pub mod help;
pub mod home;
pub mod marriage;
pub mod not_found;
pub mod precheck;
pub mod privacy;
pub mod staff;
