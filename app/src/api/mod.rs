//! Server functions: thin shells that call the server's services and map their errors.

pub mod eligibility;
pub mod regions;

/// What the server hands the app so server functions can reach storage (provided as context).
#[cfg(feature = "ssr")]
pub mod backend {
    use crate::{
        domain::{eligibility::policy::PolicyInForce, region::Region},
        error::AppError,
    };
    use std::{future::Future, pin::Pin, sync::Arc};

    pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

    /// Read access to the regions this deployment serves.
    pub trait RegionDirectory: Send + Sync {
        fn list_regions(&self) -> BoxFuture<'_, Result<Vec<Region>, AppError>>;
    }

    /// The region policy figures the pre-check uses.
    pub trait PolicySource: Send + Sync {
        /// The figures in force today (China time) in every region that has them.
        fn policies_today(&self) -> BoxFuture<'_, Result<Vec<PolicyInForce>, AppError>>;
    }

    /// The services server functions use; the server provides one per request.
    #[derive(Clone)]
    pub struct Backend {
        pub regions: Arc<dyn RegionDirectory>,
        pub policies: Arc<dyn PolicySource>,
    }
}
