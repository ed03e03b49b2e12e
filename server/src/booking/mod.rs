//! Marriage registration booking on the server: the data files, and the service the pages and
//! the API share.

pub mod catalogue;
pub mod files;
pub mod lookups;
pub mod registry;
pub mod service;
