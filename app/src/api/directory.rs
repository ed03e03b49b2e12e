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
pub struct Directory(std::sync::Arc<dyn crate::api::backend::FacilityDirectory>);

pub fn directory() -> Directory {
    Directory(leptos::prelude::expect_context::<crate::api::backend::Backend>().directory)
}

impl Directory {
    /// Facilities matching the query string's pairs, or the problems with them.
    pub async fn find(
        &self,
        pairs: Vec<(String, String)>,
    ) -> Result<Result<FoundFacilities, Vec<FieldError>>, AppError> {
        self.0.find(pairs).await
    }

    /// One facility with whether it is open now.
    pub async fn facility(&self, id: &str) -> Result<Option<(Facility, OpenStatus)>, AppError> {
        self.0.facility(id.to_string()).await
    }

    /// The map's settings, when the deployment shows a map.
    pub fn map(&self) -> Option<MapSettings> {
        self.0.map()
    }

    /// Streets residents can pick as "where I am".
    pub async fn places(&self) -> Result<Vec<StreetPlace>, AppError> {
        self.0.places().await
    }
}
