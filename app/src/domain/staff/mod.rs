//! Staff accounts, pure rules: who may do what, how long a session lasts, and when sign-in
//! attempts are refused. Storage, cookies and pages build on these (issue 6).

pub mod role;
pub mod session;
pub mod throttle;
