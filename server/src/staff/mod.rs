//! The staff area of the web front: the staff pages behind their role layer (`gate`), the data
//! each page shows (`pages`), and enrolled kiosks (`kiosk`). Accounts and sessions themselves are
//! in `accounts`.

pub mod gate;
pub mod kiosk;
pub mod pages;
