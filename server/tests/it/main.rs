//! The server's integration tests, one binary: the real router, real SQLite files and (when
//! `BIANMIN_TEST_POSTGRES_URL` is set) a fresh PostgreSQL database per test, dropped with it.

#[macro_use]
mod support;

mod booking_api;
mod booking_desk;
mod booking_pages;
mod bookings;
mod client_address;
mod directory;
mod eligibility_api;
mod http;
mod keys;
mod layout;
mod sms;
mod staff;
mod store;
