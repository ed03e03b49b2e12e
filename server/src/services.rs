//! The use-cases the web pages and the JSON API share, on top of the store.

use app::{
    api::backend::{Backend, BoxFuture, RegionDirectory},
    domain::region::Region,
    error::AppError,
};
use std::sync::Arc;

use crate::store::Store;

impl RegionDirectory for Store {
    fn list_regions(&self) -> BoxFuture<'_, Result<Vec<Region>, AppError>> {
        Box::pin(async move {
            Store::list_regions(self)
                .await
                .map_err(|e| AppError::internal("list regions", e))
        })
    }
}

/// The services handed to server functions.
pub fn backend(store: &Store) -> Backend {
    Backend {
        regions: Arc::new(store.clone()),
    }
}
