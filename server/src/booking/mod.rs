//! Marriage registration booking on the server: the data files, and the service the pages and
//! the API share.

pub mod catalogue;
pub mod files;
pub mod pass;
pub mod registry;
pub mod service;
