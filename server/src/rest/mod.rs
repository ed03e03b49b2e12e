//! `/api/v1`: the JSON API for other systems (call-centre software, a provincial platform),
//! described by the OpenAPI document at `/api/v1/openapi.json`.

mod body;
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
        staff::BookingSearch,
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
    let regions: Vec<String> = match state.policies.policies(&state.store).await {
        Ok(policies) => policies.keys().cloned().collect(),
        Err(_) => Vec::new(),
    };
    // And the regions the directory lists places in: a search takes no other.
    let places = match state.directory.listing().await {
        Ok(listing) => listing.regions.clone(),
        Err(_) => Vec::new(),
    };
    Json(document(&regions, &places))
}

/// The OpenAPI document, with the constraints the server enforces on the shared parameters
/// stated (allowed values, patterns, ranges), so a client generated from it sends what the server
/// takes. The values come from the same constants the server checks against. `regions` have
/// pre-check figures; `places` are the regions the directory lists places in.
pub fn document(regions: &[String], places: &[String]) -> serde_json::Value {
    let mut doc = serde_json::to_value(api().into_openapi()).expect("the document serialises");
    constrain_bodies(&mut doc);
    constrain_precheck(&mut doc, regions);
    declare_refusals(&mut doc);
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
                if let Some(schema) = constraint(path, &name, &location, places) {
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
    // A code to book (with the booking as it will be made) or to manage a booking (its code).
    schemas["CreateVerification"] = json!({
        "description": schemas["CreateVerification"]["description"].clone(),
        "oneOf": [
            {
                "type": "object",
                "additionalProperties": false,
                "required": ["purpose", "booking"],
                "properties": {
                    "purpose": { "type": "string", "enum": ["book"] },
                    "booking": { "$ref": "#/components/schemas/BookingDraft" },
                },
            },
            {
                "type": "object",
                "additionalProperties": false,
                "required": ["purpose", "booking_code"],
                "properties": {
                    "purpose": { "type": "string", "enum": ["manage"] },
                    "booking_code": booking_code(),
                },
            },
        ],
    });
    schemas["BookingSearch"]["additionalProperties"] = json!(false);
    schemas["BookingSearch"]["properties"]["by"] =
        json!({ "type": "string", "enum": ["code", "phone", "id"] });
    schemas["BookingSearch"]["properties"]["value"] =
        json!({ "type": "string", "minLength": 1, "maxLength": 40 });
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
    check["properties"]["date"] = date_schema();
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

/// Answers the document did not list for an operation that can give them: 422 for anything
/// that takes input, 404 for anything named in its path.
fn declare_refusals(doc: &mut serde_json::Value) {
    use serde_json::json;
    let refusal = |description: &str| {
        json!({
            "description": description,
            "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/ApiError" } } },
        })
    };
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for (path, operations) in paths.iter_mut() {
        let Some(operations) = operations.as_object_mut() else {
            continue;
        };
        for operation in operations.values_mut() {
            let takes_input = operation.get("requestBody").is_some()
                || operation["parameters"]
                    .as_array()
                    .is_some_and(|p| !p.is_empty());
            let responses = &mut operation["responses"];
            if takes_input && responses.get("422").is_none() {
                responses["422"] = refusal("Each bad parameter or field named");
            }
            if path.contains('{') && responses.get("404").is_none() {
                responses["404"] = refusal("Nothing by that name");
            }
        }
    }
}

/// A date as `Date::parse` reads it: a real day of the years 1900 to 9999.
fn date_schema() -> serde_json::Value {
    serde_json::json!({ "type": "string", "format": "date",
        "pattern": "^(19[0-9]{2}|[2-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$" })
}

/// A booking's code, as the path and the bodies take it.
fn booking_code() -> serde_json::Value {
    use app::domain::booking::code;
    serde_json::json!({
        "type": "string",
        "pattern": format!(
            "^[{}]{{{}}}$",
            String::from_utf8_lossy(code::ALPHABET),
            code::LENGTH
        ),
    })
}

/// The schema the server holds a parameter to, where it is narrower than "a string". `places`
/// are the regions the directory lists places in.
fn constraint(
    path: &str,
    name: &str,
    location: &str,
    places: &[String],
) -> Option<serde_json::Value> {
    use app::domain::{
        booking,
        directory::{facility::Kind, facility::Tag, prices::EcoBurial, search::MAX_TEXT_CHARS},
    };
    use serde_json::json;
    // A directory filter left empty is no filter.
    let keys = |keys: Vec<&str>| {
        let mut keys = keys;
        keys.push("");
        json!({ "type": "string", "enum": keys })
    };
    let directory = path.starts_with("/api/v1/facilities");
    Some(match (location, name) {
        ("query", "lang") => json!({ "type": "string", "enum": ["zh-CN", "en"] }),
        ("query", "service") => json!({
            "type": "string",
            "enum": booking::Service::ALL.iter().map(|s| s.key()).collect::<Vec<_>>(),
        }),
        ("query", "date" | "from" | "to") => date_schema(),
        ("query", "by") => json!({ "type": "string", "enum": ["code", "phone", "id"] }),
        ("query", "value") => json!({ "type": "string", "minLength": 1, "maxLength": 40 }),
        ("query", "kind") => keys(Kind::ALL.iter().map(|k| k.key()).collect()),
        ("query", "tag") => keys(Tag::ALL.iter().map(|t| t.key()).collect()),
        ("query", "eco") => keys(EcoBurial::ALL.iter().map(|e| e.key()).collect()),
        ("query", "region") if directory => keys(places.iter().map(String::as_str).collect()),
        ("query", "district" | "street" | "q") => {
            json!({ "type": "string", "maxLength": MAX_TEXT_CHARS })
        }
        // `parse_yuan`: yuan with at most two decimals, up to 100 million.
        ("query", "max_yuan") => json!({ "type": "string", "pattern":
            "^(([0-9]{1,8})(\\.[0-9]{1,2})?|100000000(\\.0{1,2})?)?$" }),
        // `LatLng::parse`: latitude, longitude in degrees.
        ("query", "near") => json!({ "type": "string", "pattern": concat!(
            "^(-?([0-8]?[0-9](\\.[0-9]{1,8})?|90(\\.0{1,8})?),",
            "-?((1[0-7][0-9]|[0-9]?[0-9])(\\.[0-9]{1,8})?|180(\\.0{1,8})?))?$") }),
        (
            "query",
            "open_now" | "step_free_entrance" | "accessible_toilet" | "accessible_parking",
        ) => keys(vec!["true", "false", "1", "0", "on", "off", "yes", "no"]),
        ("query", "limit") => json!({
            "type": "integer",
            "minimum": 1,
            "maximum": app::domain::directory::search::MAX_LIMIT,
        }),
        ("query", "offset") => {
            json!({ "type": "integer", "minimum": 0, "maximum": 999_999_999_999_i64 })
        }
        ("path", "code") => booking_code(),
        ("path", "id") if path.starts_with("/api/v1/regions/") => {
            json!({ "type": "string", "pattern": "^[a-z][a-z0-9_]{1,31}$" })
        }
        _ => return None,
    })
}
