//! Server functions for the eligibility pre-check pages.

use crate::{
    domain::{
        date::Date,
        eligibility::policy::{Policy, PolicyInForce},
    },
    error::AppError,
};
use leptos::prelude::*;

/// The policy figures in force today in every region, in region order.
#[server(prefix = "/fn", endpoint = "policies-today")]
pub async fn policies_today() -> Result<Vec<PolicyInForce>, AppError> {
    let backend = expect_context::<crate::api::backend::Backend>();
    backend.policies.policies_today().await
}

/// Today's date and every region's dated figures, for answers on another date. Rendered on the
/// server only (the pre-check carries what it needs into the page).
pub async fn policies_dated() -> Result<(Date, Vec<Policy>), AppError> {
    let backend = expect_context::<crate::api::backend::Backend>();
    backend.policies.policies_dated().await
}
