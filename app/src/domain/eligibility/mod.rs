//! The eligibility pre-check: which assistance programs a household may qualify for, why, and
//! roughly how much, on the dated policy figures of a region. Pure: no I/O, runs in the browser.

pub mod evaluate;
pub mod explain;
pub mod guidance;
pub mod household;
pub mod policy;
pub mod questions;
pub mod summary;
pub mod what_if;
