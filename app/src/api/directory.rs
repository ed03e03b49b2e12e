//! The facilities directory as the pages reach it (rendered on the server only; in the browser
//! build these answer nothing).

use crate::{
    domain::directory::{
        facility::Facility,
        hours::OpenStatus,
        search::{FoundFacilities, StreetPlace},
    },
    error::{AppError, FieldError},
};

/// The directory of this request; take it in the component body, before any `await`.
#[derive(Clone)]
pub struct Directory {
    #[cfg(feature = "ssr")]
    inner: std::sync::Arc<dyn crate::api::backend::FacilityDirectory>,
}

pub fn directory() -> Directory {
    Directory {
        #[cfg(feature = "ssr")]
        inner: leptos::prelude::expect_context::<crate::api::backend::Backend>().directory,
    }
}

impl Directory {
    /// Facilities matching the query string's pairs, or the problems with them.
    pub async fn find(
        &self,
        pairs: Vec<(String, String)>,
    ) -> Result<Result<FoundFacilities, Vec<FieldError>>, AppError> {
        #[cfg(feature = "ssr")]
        return self.inner.find(pairs).await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = pairs;
            Err(AppError::NotFound)
        }
    }

    /// One facility with whether it is open now.
    pub async fn facility(&self, id: &str) -> Result<Option<(Facility, OpenStatus)>, AppError> {
        #[cfg(feature = "ssr")]
        return self.inner.facility(id.to_string()).await;
        #[cfg(not(feature = "ssr"))]
        {
            let _ = id;
            Err(AppError::NotFound)
        }
    }

    /// Streets residents can pick as "where I am".
    pub async fn places(&self) -> Result<Vec<StreetPlace>, AppError> {
        #[cfg(feature = "ssr")]
        return self.inner.places().await;
        #[cfg(not(feature = "ssr"))]
        Err(AppError::NotFound)
    }
}
