//! `GET /api/v1/regions` and `GET /api/v1/regions/{id}`.

use super::error::{query_locale, ApiError};
use crate::state::AppState;
use app::{domain::region::Region, error::AppError, i18n::Locale};
use axum::{
    extract::{Path, Query, State},
    http::HeaderMap,
    Json,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A region served, named in the caller's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionDto {
    /// Stable id, e.g. `baoding`.
    pub id: String,
    pub name: String,
    pub province: String,
    pub name_zh: String,
    pub name_en: String,
    /// True when the record is sample data, not from an official source.
    pub is_sample: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionList {
    pub regions: Vec<RegionDto>,
}

impl RegionDto {
    fn new(region: Region, locale: Locale) -> RegionDto {
        RegionDto {
            name: region.name(locale).to_string(),
            province: region.province(locale).to_string(),
            id: region.id,
            name_zh: region.name_zh,
            name_en: region.name_en,
            is_sample: region.is_sample,
        }
    }
}

fn internal(error: sqlx::Error, context: &str, locale: Locale) -> ApiError {
    ApiError::from_app(AppError::internal(context, error), locale)
}

/// The regions this deployment serves.
#[utoipa::path(
    get,
    path = "/regions",
    params(("lang" = Option<String>, Query, description = "zh-CN (default) or en")),
    responses(
        (status = 200, description = "The regions", body = RegionList),
        (status = 422, description = "A parameter is not valid", body = ApiError),
        (status = 500, description = "Internal error, with a reference", body = ApiError),
    )
)]
pub async fn list_regions(
    State(state): State<AppState>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<RegionList>, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    let regions = state
        .store
        .list_regions()
        .await
        .map_err(|e| internal(e, "api list regions", locale))?;
    Ok(Json(RegionList {
        regions: regions
            .into_iter()
            .map(|r| RegionDto::new(r, locale))
            .collect(),
    }))
}

/// One region.
#[utoipa::path(
    get,
    path = "/regions/{id}",
    params(
        ("id" = String, Path, description = "Region id, e.g. baoding"),
        ("lang" = Option<String>, Query, description = "zh-CN (default) or en"),
    ),
    responses(
        (status = 200, description = "The region", body = RegionDto),
        (status = 404, description = "No such region", body = ApiError),
        (status = 422, description = "A parameter is not valid", body = ApiError),
    )
)]
pub async fn get_region(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<RegionDto>, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    match state
        .store
        .get_region(&id)
        .await
        .map_err(|e| internal(e, "api get region", locale))?
    {
        Some(region) => Ok(Json(RegionDto::new(region, locale))),
        None => Err(ApiError::from_app(AppError::NotFound, locale)),
    }
}
