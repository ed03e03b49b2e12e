//! Server functions for the eligibility pre-check pages.

use crate::{domain::eligibility::policy::PolicyInForce, error::AppError};
use leptos::prelude::*;

/// The policy figures in force today in every region, in region order.
#[server(prefix = "/fn", endpoint = "policies-today")]
pub async fn policies_today() -> Result<Vec<PolicyInForce>, AppError> {
    let backend = expect_context::<crate::api::backend::Backend>();
    backend.policies.policies_today().await
}
