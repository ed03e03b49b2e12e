//! `/api/v1`: the JSON API for other systems (call-centre software, a provincial platform),
//! described by the OpenAPI document at `/api/v1/openapi.json`.

pub mod booking;
pub mod directory;
mod eligibility;
mod error;
mod regions;
pub mod staff;

pub use error::{ApiError, ApiFieldError};

use crate::state::AppState;
use axum::{routing::get, Json, Router};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bianmin API",
        version = "1",
        description = "Civil-affairs self-service: regions served, the eligibility pre-check, marriage registration booking, the directory of places, and (for a signed-in staff session) the staff API."
    ),
    paths(
        regions::list_regions,
        regions::get_region,
        eligibility::check,
        eligibility::policy,
        booking::list_offices,
        booking::availability,
        booking::slots,
        booking::create_booking,
        booking::get_booking,
        booking::cancel_booking,
        booking::reschedule_booking,
        booking::book_second_stage,
        directory::list_facilities,
        directory::get_facility,
        staff::me,
        staff::bookings,
        staff::check_in,
        staff::audit
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
        eligibility::ParameterOutput,
        booking::OfficeDto,
        booking::BookingError,
        booking::CreateBooking,
        booking::BookingDto,
        booking::CancelBooking,
        booking::RescheduleBooking,
        booking::DivorceWindowDto,
        directory::FacilityPage,
        staff::Me,
        staff::FoundBookings
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
        .route("/offices", get(booking::list_offices))
        .route("/offices/{id}/availability", get(booking::availability))
        .route("/offices/{id}/slots", get(booking::slots))
        .route("/bookings", axum::routing::post(booking::create_booking))
        .route("/bookings/{code}", get(booking::get_booking))
        .route(
            "/bookings/{code}/cancel",
            axum::routing::post(booking::cancel_booking),
        )
        .route(
            "/bookings/{code}/reschedule",
            axum::routing::post(booking::reschedule_booking),
        )
        .route(
            "/bookings/{code}/second-stage",
            axum::routing::post(booking::book_second_stage),
        )
        .route("/facilities", get(directory::list_facilities))
        .route("/facilities/{id}", get(directory::get_facility))
        .merge(staff::router())
        .fallback(error::not_found)
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
