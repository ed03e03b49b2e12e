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

/// Where the map's tiles come from (set in the server's configuration).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapSettings {
    /// A tile URL template with `{z}`, `{x}` and `{y}`.
    pub tiles: String,
    /// Whether the tiles use GCJ-02 (Chinese providers): markers are converted from WGS-84.
    pub gcj02: bool,
    pub attribution: String,
}

/// OpenStreetMap's standard tiles (WGS-84).
pub const DEFAULT_TILES: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

impl MapSettings {
    /// The tiles' origin (`https://tile.openstreetmap.org`), for the page's security policy.
    pub fn origin(&self) -> Option<String> {
        let (scheme, rest) = self.tiles.split_once("://")?;
        let host = rest.split('/').next()?;
        let valid = (scheme == "https" || scheme == "http")
            && !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '{' | '}'));
        valid.then(|| format!("{scheme}://{}", host.replace("{s}", "*")))
    }
}

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

    /// The map's settings, when the deployment shows a map.
    pub fn map(&self) -> Option<MapSettings> {
        #[cfg(feature = "ssr")]
        return self.inner.map();
        #[cfg(not(feature = "ssr"))]
        None
    }

    /// Streets residents can pick as "where I am".
    pub async fn places(&self) -> Result<Vec<StreetPlace>, AppError> {
        #[cfg(feature = "ssr")]
        return self.inner.places().await;
        #[cfg(not(feature = "ssr"))]
        Err(AppError::NotFound)
    }
}
