//! `/api/v1`: the JSON API for other systems (call-centre software, a provincial platform),
//! described by the OpenAPI document at `/api/v1/openapi.json`.

mod error;
mod regions;

pub use error::{ApiError, ApiFieldError};

use crate::web::AppState;
use axum::{routing::get, Json, Router};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bianmin API",
        version = "1",
        description = "Civil-affairs self-service: regions served (more areas follow)."
    ),
    paths(regions::list_regions, regions::get_region),
    components(schemas(regions::RegionDto, regions::RegionList, ApiError, ApiFieldError))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/regions", get(regions::list_regions))
        .route("/regions/{id}", get(regions::get_region))
        .fallback(error::not_found)
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
