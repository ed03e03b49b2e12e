//! `/api/v1`: the JSON API for other systems (call-centre software, a provincial platform),
//! described by the OpenAPI document at `/api/v1/openapi.json`.

mod eligibility;
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
        description = "Civil-affairs self-service: regions served and the eligibility pre-check (more areas follow)."
    ),
    paths(
        regions::list_regions,
        regions::get_region,
        eligibility::check,
        eligibility::policy
    ),
    components(schemas(
        regions::RegionDto,
        regions::RegionList,
        ApiError,
        ApiFieldError,
        eligibility::CheckRequest,
        eligibility::MemberInput,
        eligibility::CheckResponse,
        eligibility::ProgramOutput,
        eligibility::ReasonOutput,
        eligibility::PolicyOutput,
        eligibility::ParameterOutput
    ))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/regions", get(regions::list_regions))
        .route("/regions/{id}", get(regions::get_region))
        .route("/regions/{id}/policy", get(eligibility::policy))
        .route(
            "/eligibility/check",
            axum::routing::post(eligibility::check),
        )
        .fallback(error::not_found)
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
