//! Server functions about regions.

use crate::{domain::region::Region, error::AppError};
use leptos::prelude::*;

/// The regions this deployment serves, in a stable order.
#[server(prefix = "/fn", endpoint = "regions")]
pub async fn list_regions() -> Result<Vec<Region>, AppError> {
    let backend = expect_context::<crate::api::backend::Backend>();
    backend.regions.list_regions().await
}
