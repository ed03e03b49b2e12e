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
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bianmin API",
        version = "1",
        description = "Civil-affairs self-service: regions served, the eligibility pre-check, marriage registration booking, the directory of places, and (for a signed-in staff session) the staff API."
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
        booking::CreateBooking,
        booking::BookingDto,
        booking::CreateVerification,
        booking::BookingDraft,
        booking::VerificationDto,
        booking::OpenBooking,
        booking::OpenedDto,
        booking::RescheduleBooking,
        booking::DivorceWindowDto,
        directory::FacilityPage,
        staff::Me,
        staff::FoundBookings
    ))
)]
pub struct ApiDoc;

/// The API under `/api/v1`. Each handler is listed once, for the router and the document alike.
pub fn router() -> Router<AppState> {
    api().split_for_parts().0
}

fn api() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(regions::list_regions))
        .routes(routes!(regions::get_region))
        .routes(routes!(eligibility::policy))
        .routes(routes!(eligibility::check))
        .routes(routes!(booking::list_offices))
        .routes(routes!(booking::availability))
        .routes(routes!(booking::slots))
        .routes(routes!(booking::create_verification))
        .routes(routes!(booking::create_booking))
        .routes(routes!(booking::open_booking))
        .routes(routes!(booking::get_booking))
        .routes(routes!(booking::cancel_booking))
        .routes(routes!(booking::reschedule_booking))
        .routes(routes!(booking::book_second_stage))
        .routes(routes!(directory::list_facilities))
        .routes(routes!(directory::get_facility))
        .merge(staff::router())
        .route("/openapi.json", get(openapi))
        .fallback(error::not_found);
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1)
}

async fn openapi(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Json<serde_json::Value> {
    // The regions this server has policy figures for: the pre-check takes no other.
    let regions = match state.policies.policies(&state.store).await {
        Ok(policies) => policies.keys().cloned().collect(),
        Err(_) => Vec::new(),
    };
    Json(document(&regions))
}

/// The OpenAPI document, with the constraints the server enforces on the shared parameters
/// stated (allowed values, patterns, ranges), so a client generated from it sends what the server
/// takes. The values come from the same constants the server checks against.
pub fn document(regions: &[String]) -> serde_json::Value {
    let mut doc = serde_json::to_value(api().into_openapi()).expect("the document serialises");
    constrain_bodies(&mut doc);
    constrain_precheck(&mut doc, regions);
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return doc;
    };
    for (path, operations) in paths.iter_mut() {
        let Some(operations) = operations.as_object_mut() else {
            continue;
        };
        for operation in operations.values_mut() {
            let Some(parameters) = operation
                .get_mut("parameters")
                .and_then(|p| p.as_array_mut())
            else {
                continue;
            };
            for parameter in parameters {
                let name = parameter["name"].as_str().unwrap_or_default().to_string();
                let location = parameter["in"].as_str().unwrap_or_default().to_string();
                if let Some(schema) = constraint(path, &name, &location) {
                    parameter["schema"] = schema;
                }
            }
        }
    }
    doc
}

/// What the booking bodies' fields must look like (the people's ID numbers must also pass the
/// GB 11643 check character, which no schema can say).
fn constrain_bodies(doc: &mut serde_json::Value) {
    use serde_json::json;
    let moment = json!({
        "type": "string",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})$",
        "description": "a slot's start, `2026-12-01T09:00:00+08:00`",
    });
    let code6 = json!({ "type": "string", "pattern": "^[0-9]{6}$" });
    let person = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "id_number", "phone"],
        "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 30 },
            "id_number": { "type": "string", "pattern": "^[0-9]{17}[0-9Xx]$" },
            "phone": { "type": "string", "pattern": "^1[3-9][0-9]{9}$" },
        },
    });
    let schemas = &mut doc["components"]["schemas"];
    schemas["CreateBooking"]["additionalProperties"] = json!(false);
    schemas["CreateBooking"]["properties"]["office_id"] =
        json!({ "type": "string", "minLength": 1 });
    schemas["CreateBooking"]["properties"]["service"] =
        json!({ "type": "string", "enum": ["marriage", "divorce", "reissue"] });
    schemas["CreateBooking"]["properties"]["slot_start"] = moment.clone();
    schemas["CreateBooking"]["properties"]["people"] =
        json!({ "type": "array", "items": person.clone(), "minItems": 1, "maxItems": 2 });
    schemas["CreateBooking"]["properties"]["verification_code"] = code6.clone();
    schemas["BookingDraft"] = schemas["CreateBooking"].clone();
    if let Some(props) = schemas["BookingDraft"]["properties"].as_object_mut() {
        props.remove("verification_id");
        props.remove("verification_code");
    }
    schemas["CreateVerification"]["additionalProperties"] = json!(false);
    schemas["CreateVerification"]["properties"]["purpose"] =
        json!({ "type": "string", "enum": ["book", "manage"] });
    schemas["OpenBooking"]["additionalProperties"] = json!(false);
    schemas["OpenBooking"]["properties"]["verification_code"] = code6;
    schemas["RescheduleBooking"]["properties"]["slot_start"] = moment;
}

/// What the pre-check's household must look like (`Household::validate` and the request reader
/// check the same): a region with figures, one to 30 members of 0 to 130 years, a disability
/// grade only with its kind, exactly one of an income or an income range, amounts and counts in
/// their ranges. (A range's low end above its high end is refused too; no schema can say that.)
fn constrain_precheck(doc: &mut serde_json::Value, regions: &[String]) {
    use app::domain::eligibility::household::{MAX_AGE, MAX_MEMBERS};
    use serde_json::json;
    let amount = json!({ "type": "number", "minimum": 0, "maximum": 100_000_000 });
    let count = json!({ "type": "integer", "minimum": 0, "maximum": 20 });
    let schemas = &mut doc["components"]["schemas"];
    let member = &mut schemas["MemberInput"];
    member["additionalProperties"] = json!(false);
    member["properties"]["age"] = json!({ "type": "integer", "minimum": 0, "maximum": MAX_AGE });
    member["properties"]["relation"] = json!({ "type": "string", "enum":
        ["self", "spouse", "child", "parent", "grandchild", "grandparent", "sibling", "other"] });
    member["properties"]["disability_grade"] =
        json!({ "type": "integer", "minimum": 1, "maximum": 4 });
    member["properties"]["disability_kind"] = json!({ "type": "string", "enum":
        ["physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple"] });
    member["properties"]["parents"] = json!({ "type": "string", "enum":
        ["present", "deceased_or_missing", "unable_to_raise"] });
    member["dependentRequired"] = json!({
        "disability_grade": ["disability_kind"],
        "disability_kind": ["disability_grade"],
    });
    let check = &mut schemas["CheckRequest"];
    check["additionalProperties"] = json!(false);
    if !regions.is_empty() {
        check["properties"]["region"] = json!({ "type": "string", "enum": regions });
    }
    check["properties"]["hukou"] = json!({ "type": "string", "enum": ["urban", "rural"] });
    check["properties"]["date"] = json!({ "type": "string", "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });
    check["properties"]["members"] = json!({ "type": "array", "minItems": 1,
        "maxItems": MAX_MEMBERS, "items": { "$ref": "#/components/schemas/MemberInput" } });
    check["properties"]["monthly_income_yuan"] = amount.clone();
    check["properties"]["monthly_income_range_yuan"] =
        json!({ "type": "array", "items": amount, "minItems": 2, "maxItems": 2 });
    for name in ["financial_assets_yuan", "monthly_rigid_expenses_yuan"] {
        check["properties"][name] =
            json!({ "type": "number", "minimum": 0, "maximum": 100_000_000 });
    }
    check["properties"]["vehicles"] = count.clone();
    check["properties"]["homes"] = count;
    check["oneOf"] = json!([
        { "required": ["monthly_income_yuan"], "not": { "required": ["monthly_income_range_yuan"] } },
        { "required": ["monthly_income_range_yuan"], "not": { "required": ["monthly_income_yuan"] } },
    ]);
}

/// The schema the server holds a parameter to, where it is narrower than "a string".
fn constraint(path: &str, name: &str, location: &str) -> Option<serde_json::Value> {
    use app::domain::{booking, directory::facility::Kind};
    use serde_json::json;
    let date =
        || json!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });
    Some(match (location, name) {
        ("query", "lang") => json!({ "type": "string", "enum": ["zh-CN", "en"] }),
        ("query", "service") => json!({
            "type": "string",
            "enum": booking::Service::ALL.iter().map(|s| s.key()).collect::<Vec<_>>(),
        }),
        ("query", "date" | "from" | "to") => date(),
        ("query", "by") => json!({ "type": "string", "enum": ["code", "phone", "id"] }),
        ("query", "value") => json!({ "type": "string", "minLength": 1, "maxLength": 40 }),
        ("query", "kind") => json!({
            "type": "string",
            "enum": Kind::ALL.iter().map(|k| k.key()).collect::<Vec<_>>(),
        }),
        ("query", "limit") => json!({
            "type": "integer",
            "minimum": 1,
            "maximum": app::domain::directory::search::MAX_LIMIT,
        }),
        ("path", "code") => json!({
            "type": "string",
            "pattern": format!(
                "^[{}]{{{}}}$",
                String::from_utf8_lossy(booking::code::ALPHABET),
                booking::code::LENGTH
            ),
        }),
        ("path", "id") if path.starts_with("/api/v1/regions/") => {
            json!({ "type": "string", "pattern": "^[a-z][a-z0-9_]{1,31}$" })
        }
        _ => return None,
    })
}
