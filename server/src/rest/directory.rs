//! The facilities directory: search with filters, nearest first, and one facility.

use super::error::{invalid, query_locale, ApiError};
use crate::{clock::now, state::AppState};
use app::{domain::directory::facility::Facility, error::AppError};
use axum::{
    extract::{Path, Query, State},
    http::HeaderMap,
    Json,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The query parameters a search takes.
const SEARCH_PARAMS: [&str; 15] = [
    "kind",
    "region",
    "district",
    "street",
    "tag",
    "eco",
    "max_yuan",
    "step_free_entrance",
    "accessible_toilet",
    "accessible_parking",
    "open_now",
    "near",
    "q",
    "limit",
    "offset",
];

/// One page of facilities.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacilityPage {
    /// How many matched in all.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<FacilityItem>,
}

/// A facility with how far it is and whether it is open now.
#[derive(Debug, Serialize)]
pub struct FacilityItem {
    #[serde(flatten)]
    pub facility: Facility,
    /// Metres from `near`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u64>,
    pub open_now: bool,
    /// `{"state": "open", "until": …}` or `{"state": "closed", "opens": …}` (China time).
    pub status: app::domain::directory::hours::OpenStatus,
}

fn internal(context: &str, error: impl std::fmt::Display, locale: app::i18n::Locale) -> ApiError {
    ApiError::from_app(AppError::internal(context, error), locale)
}

/// Facilities matching the filters: nearest first when `near` is given, otherwise by name.
#[utoipa::path(get, path = "/facilities",
    params(
        ("kind" = Option<String>, Query, description = "funeral_home, public_cemetery, columbarium, commercial_cemetery, volunteer_station, social_work_station, marriage_registry, street_office"),
        ("region" = Option<String>, Query), ("district" = Option<String>, Query), ("street" = Option<String>, Query),
        ("tag" = Option<String>, Query, description = "a service tag, such as elderly_help"),
        ("eco" = Option<String>, Query, description = "eco burial: tree, flower_bed, lawn, wall, sea"),
        ("max_yuan" = Option<String>, Query, description = "price ceiling in yuan (for `eco`, that burial's price)"),
        ("open_now" = Option<String>, Query, description = "true: only places open now"),
        ("step_free_entrance" = Option<String>, Query), ("accessible_toilet" = Option<String>, Query),
        ("accessible_parking" = Option<String>, Query),
        ("near" = Option<String>, Query, description = "lat,lng (WGS-84)"),
        ("q" = Option<String>, Query, description = "name or address; pinyin initials match too"),
        ("limit" = Option<usize>, Query, description = "1 to 100, default 20"), ("offset" = Option<usize>, Query),
        ("lang" = Option<String>, Query)),
    responses((status = 200, body = FacilityPage), (status = 422, body = ApiError)))]
pub async fn list_facilities(
    State(state): State<AppState>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<FacilityPage>, ApiError> {
    let locale = query_locale(&query, &SEARCH_PARAMS, &headers)?;
    let pairs = query.iter().filter(|(k, _)| k.as_str() != "lang");
    let (search, found) = state
        .directory
        .search(pairs, now())
        .await
        .map_err(|e| internal("find facilities", e, locale))?
        .map_err(|fields| {
            invalid(
                fields.into_iter().map(|f| (f.field, f.message)).collect(),
                locale,
            )
        })?;
    Ok(Json(FacilityPage {
        total: found.total,
        limit: search.limit,
        offset: search.offset,
        items: found
            .hits
            .into_iter()
            .map(|h| FacilityItem {
                facility: h.facility,
                distance_m: h.distance_m.map(|m| m.round() as u64),
                open_now: h.status.is_open(),
                status: h.status,
            })
            .collect(),
    }))
}

/// One facility, with its price list and opening hours.
#[utoipa::path(get, path = "/facilities/{id}",
    params(("id" = String, Path), ("lang" = Option<String>, Query)),
    responses((status = 200, body = Object), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn get_facility(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<FacilityItem>, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    let (facility, status) = state
        .directory
        .facility(&id, now())
        .await
        .map_err(|e| internal("facility", e, locale))?
        .ok_or_else(|| ApiError::from_app(AppError::NotFound, locale))?;
    Ok(Json(FacilityItem {
        facility,
        distance_m: None,
        open_now: status.is_open(),
        status,
    }))
}
