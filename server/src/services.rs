//! The use-cases the web pages and the JSON API share, on top of the store.

use app::{
    api::backend::{Backend, BoxFuture, PolicySource, RegionDirectory},
    domain::{date::Date, eligibility::policy::PolicyInForce, region::Region},
    error::AppError,
};
use std::sync::Arc;

use crate::{policy::PolicyRegistry, store::Store};

/// Today in China, for "rules in force now".
pub fn today() -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    Date::from_unix_seconds_in_china(now)
}

impl RegionDirectory for Store {
    fn list_regions(&self) -> BoxFuture<'_, Result<Vec<Region>, AppError>> {
        Box::pin(async move {
            Store::list_regions(self)
                .await
                .map_err(|e| AppError::internal("list regions", e))
        })
    }
}

/// The policy registry together with the store it follows.
struct Policies {
    registry: Arc<PolicyRegistry>,
    store: Store,
}

impl PolicySource for Policies {
    fn policies_today(&self) -> BoxFuture<'_, Result<Vec<PolicyInForce>, AppError>> {
        Box::pin(async move {
            let policies = self
                .registry
                .policies(&self.store)
                .await
                .map_err(|e| AppError::internal("load policies", e))?;
            let today = today();
            Ok(policies
                .values()
                .filter_map(|p| p.in_force(today).ok())
                .collect())
        })
    }
}

/// The services handed to server functions.
pub fn backend(store: &Store, registry: &Arc<PolicyRegistry>) -> Backend {
    Backend {
        regions: Arc::new(store.clone()),
        policies: Arc::new(Policies {
            registry: registry.clone(),
            store: store.clone(),
        }),
    }
}
