//! `POST /api/v1/eligibility/check` and `GET /api/v1/regions/{id}/policy`: the pre-check for other
//! systems (the hotline's software, a provincial platform). Nothing about the household is stored
//! or logged.

use super::{
    body,
    error::{invalid, query_locale, ApiError},
};
use crate::{clock::today, state::AppState};
use app::{
    domain::{
        date::Date,
        eligibility::{
            evaluate::{evaluate, Amount, Value},
            explain::describe,
            household::{
                DisabilityKind, Household, Hukou, Income, Member, Parents, Relation, SelfCare,
            },
            policy::{Param, Policy, Unit},
        },
        money::FEN_PER_YUAN,
    },
    error::AppError,
    i18n::{Locale, Msg},
};
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::HeaderMap,
    Json,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One household member.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    #[serde(deserialize_with = "body::whole::number")]
    pub age: i32,
    /// self, spouse, child, parent, grandchild, grandparent, sibling, other
    #[serde(default = "default_relation")]
    #[schema(value_type = String)]
    pub relation: Relation,
    /// 1 (most severe) to 4
    #[serde(default, deserialize_with = "body::whole::optional")]
    pub disability_grade: Option<i32>,
    /// physical, visual, hearing, speech, intellectual, mental, multiple
    #[serde(default, deserialize_with = "body::present")]
    #[schema(value_type = Option<String>)]
    pub disability_kind: Option<DisabilityKind>,
    #[serde(default)]
    pub serious_illness: bool,
    #[serde(default)]
    pub student: bool,
    #[serde(default = "yes")]
    pub can_work: bool,
    /// present, deceased_or_missing, unable_to_raise
    #[serde(default)]
    #[schema(value_type = String)]
    pub parents: Parents,
    #[serde(default)]
    pub in_institution: bool,
    /// How far the member looks after themselves (an ADL care assessment): full (the default),
    /// partial (半失能) or none (失能)
    #[serde(default)]
    #[schema(value_type = String)]
    pub self_care: SelfCare,
}

fn default_relation() -> Relation {
    Relation::Applicant
}
fn yes() -> bool {
    true
}

/// A household to check. Give `monthly_income_yuan`, or `monthly_income_range_yuan` as [low, high]
/// when the income is not known exactly.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    pub region: String,
    /// The date whose rules apply, `YYYY-MM-DD`; today (China time) when left out.
    #[serde(default, deserialize_with = "body::present")]
    pub date: Option<String>,
    /// urban or rural
    #[schema(value_type = String)]
    pub hukou: Hukou,
    pub members: Vec<MemberInput>,
    #[serde(default, deserialize_with = "body::present")]
    pub monthly_income_yuan: Option<f64>,
    #[serde(default, deserialize_with = "body::present")]
    pub monthly_income_range_yuan: Option<[f64; 2]>,
    #[serde(default)]
    pub financial_assets_yuan: f64,
    #[serde(default, deserialize_with = "body::whole::number")]
    pub vehicles: i32,
    #[serde(default, deserialize_with = "body::whole::number")]
    pub homes: i32,
    #[serde(default)]
    pub monthly_rigid_expenses_yuan: f64,
    #[serde(default)]
    pub emergency: bool,
    #[serde(default = "yes")]
    pub has_capable_supporter: bool,
}

/// A test applied, in words and numbers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonOutput {
    /// Stable message key.
    pub key: String,
    pub text: String,
    pub passed: bool,
    /// Numbers by name: yuan and ratios as decimals, counts as integers.
    #[schema(value_type = Object)]
    pub values: BTreeMap<String, f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramOutput {
    /// dibao, low_income, tekun, temporary, disability_living, disability_care,
    /// elderly_allowance, elderly_care, orphan, de_facto_orphan, funeral_benefit
    pub program: String,
    pub name: String,
    /// likely, possible or unlikely: a pre-check never decides.
    pub status: String,
    pub monthly_amount_yuan: Option<f64>,
    pub one_off_amount_yuan: Option<f64>,
    /// True when the amount is the most it could be (an income range at its low end, or a member
    /// covered on their own), not an estimate.
    pub amount_is_maximum: bool,
    pub reasons: Vec<ReasonOutput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckResponse {
    pub region: String,
    pub policy_date: String,
    /// True when a figure used is a sample rather than from a source document.
    pub uses_sample_values: bool,
    /// The date of the newest figure from a source document used (none: all are samples).
    pub figures_from: Option<String>,
    /// True when that figure is more than 18 months older than the date checked: the local
    /// office may use newer ones.
    pub figures_are_old: bool,
    pub programs: Vec<ProgramOutput>,
}

fn to_fen(yuan: f64) -> i64 {
    (yuan * FEN_PER_YUAN as f64).round() as i64
}

fn to_yuan(fen: i64) -> f64 {
    fen as f64 / FEN_PER_YUAN as f64
}

fn snake(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Parses the date parameter, or today; names the field when it is not a date.
fn read_date(date: Option<&str>, locale: Locale) -> Result<Date, ApiError> {
    match date {
        None => Ok(today()),
        Some(text) => Date::parse(text)
            .ok_or_else(|| invalid(vec![("date".into(), Msg::DateInvalid)], locale)),
    }
}

async fn policies(
    state: &AppState,
    locale: Locale,
) -> Result<std::sync::Arc<BTreeMap<String, Policy>>, ApiError> {
    state
        .policies
        .policies(&state.store)
        .await
        .map_err(|e| ApiError::from_app(AppError::internal("load policies", e), locale))
}

/// Checks which programs a household may qualify for.
#[utoipa::path(
    post,
    path = "/eligibility/check",
    params(("lang" = Option<String>, Query, description = "language of names and reasons: zh-CN (default) or en")),
    request_body = CheckRequest,
    responses(
        (status = 200, description = "Every program's status, amount and reasons", body = CheckResponse),
        (status = 422, description = "Each bad field named", body = ApiError),
    )
)]
pub async fn check(
    State(state): State<AppState>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<CheckResponse>, ApiError> {
    let locale = query_locale(&query, &[], &headers)?;
    let request: CheckRequest =
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&body))
            .map_err(|e| {
                let path = e.path().to_string();
                let field = if path == "." {
                    "body".to_string()
                } else {
                    path
                };
                invalid(vec![(field, Msg::InputInvalid)], locale)
            })?;

    let mut bad: Vec<(String, Msg)> = Vec::new();
    let income = match (
        request.monthly_income_yuan,
        request.monthly_income_range_yuan,
    ) {
        (Some(exact), None) => Some(Income::Exact(to_fen(exact))),
        (None, Some([low, high])) => Some(Income::Range {
            low: to_fen(low),
            high: to_fen(high),
        }),
        _ => {
            bad.push(("monthly_income_yuan".into(), Msg::IncomeMissing));
            None
        }
    };
    let household = Household {
        hukou: request.hukou,
        members: request
            .members
            .into_iter()
            .map(|m| Member {
                age: m.age,
                relation: m.relation,
                disability_grade: m.disability_grade,
                disability_kind: m.disability_kind,
                serious_illness: m.serious_illness,
                student: m.student,
                can_work: m.can_work,
                parents: m.parents,
                in_institution: m.in_institution,
                self_care: m.self_care,
            })
            .collect(),
        income: income.unwrap_or(Income::Exact(0)),
        financial_assets: to_fen(request.financial_assets_yuan),
        vehicles: request.vehicles,
        homes: request.homes,
        rigid_expenses: to_fen(request.monthly_rigid_expenses_yuan),
        emergency: request.emergency,
        has_capable_supporter: request.has_capable_supporter,
    };
    if let Err(errors) = household.validate() {
        for error in errors {
            let field = match error.field.as_str() {
                "income" if request.monthly_income_range_yuan.is_some() => {
                    "monthly_income_range_yuan".to_string()
                }
                "income" => "monthly_income_yuan".to_string(),
                "financial_assets" => "financial_assets_yuan".to_string(),
                "rigid_expenses" => "monthly_rigid_expenses_yuan".to_string(),
                other => other.to_string(),
            };
            bad.push((field, error.message));
        }
    }
    let date = match read_date(request.date.as_deref(), locale) {
        Ok(date) => Some(date),
        Err(_) => {
            bad.push(("date".into(), Msg::DateInvalid));
            None
        }
    };
    let policies = policies(&state, locale).await?;
    let policy = policies.get(&request.region);
    if policy.is_none() {
        bad.push(("region".into(), Msg::RegionUnknown));
    }
    let in_force = match (policy, date) {
        (Some(policy), Some(date)) => match policy.in_force(date) {
            Ok(set) => Some(set),
            Err(_) => {
                bad.push(("date".into(), Msg::DateBeforePolicy));
                None
            }
        },
        _ => None,
    };
    let (Some(in_force), true) = (in_force, bad.is_empty()) else {
        return Err(invalid(bad, locale));
    };

    let evaluation = evaluate(&household, &in_force);
    Ok(Json(CheckResponse {
        region: evaluation.region,
        policy_date: evaluation.policy_date.to_string(),
        uses_sample_values: evaluation.uses_sample_values,
        figures_from: evaluation.figures_from.map(|d| d.to_string()),
        figures_are_old: evaluation.figures_are_old,
        programs: evaluation
            .programs
            .into_iter()
            .map(|p| ProgramOutput {
                program: snake(p.program),
                name: locale.t(p.program.name()).to_string(),
                status: snake(p.status),
                monthly_amount_yuan: match p.amount {
                    Some(Amount::Monthly(fen)) => Some(to_yuan(fen)),
                    _ => None,
                },
                one_off_amount_yuan: match p.amount {
                    Some(Amount::OneOff(fen)) => Some(to_yuan(fen)),
                    _ => None,
                },
                amount_is_maximum: p.up_to,
                reasons: p
                    .reasons
                    .iter()
                    .map(|r| ReasonOutput {
                        key: format!("{:?}", r.message),
                        text: describe(r, locale),
                        passed: r.passed,
                        values: r
                            .values
                            .iter()
                            .map(|(k, v)| {
                                let number = match v {
                                    Value::Yuan(fen) => to_yuan(*fen),
                                    Value::Count(n) => *n as f64,
                                    Value::Ratio(t) => *t as f64 / 1000.0,
                                };
                                (k.clone(), number)
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }))
}

/// One parameter in force, with its source.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParameterOutput {
    pub param: String,
    /// yuan, ratio, count or flag
    pub unit: String,
    pub value: f64,
    pub from: String,
    pub document: String,
    pub seed: Option<String>,
    pub sample: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyOutput {
    pub region: String,
    pub date: String,
    pub parameters: Vec<ParameterOutput>,
}

/// The policy parameters in force in a region on a date, with their sources.
#[utoipa::path(
    get,
    path = "/regions/{id}/policy",
    params(
        ("id" = String, Path, description = "Region id, e.g. baoding"),
        ("date" = Option<String>, Query, description = "YYYY-MM-DD; today when left out"),
        ("lang" = Option<String>, Query, description = "zh-CN (default) or en"),
    ),
    responses(
        (status = 200, description = "The parameters in force", body = PolicyOutput),
        (status = 404, description = "No such region", body = ApiError),
        (status = 422, description = "A bad date, or one before the region's rules begin", body = ApiError),
    )
)]
pub async fn policy(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<PolicyOutput>, ApiError> {
    let locale = query_locale(&query, &["date"], &headers)?;
    let date = read_date(query.get("date").map(String::as_str), locale)?;
    let policies = policies(&state, locale).await?;
    let Some(policy) = policies.get(&id) else {
        return Err(ApiError::from_app(AppError::NotFound, locale));
    };
    let in_force = policy
        .in_force(date)
        .map_err(|_| invalid(vec![("date".into(), Msg::DateBeforePolicy)], locale))?;
    let parameters = in_force
        .values
        .iter()
        .map(|(param, dated)| {
            let (unit, value) = match param.unit() {
                Unit::Yuan => ("yuan", to_yuan(dated.value)),
                Unit::Ratio => ("ratio", dated.value as f64 / 1000.0),
                Unit::Count => ("count", dated.value as f64),
                Unit::Flag => ("flag", dated.value as f64),
            };
            ParameterOutput {
                param: Param::key(*param).to_string(),
                unit: unit.to_string(),
                value,
                from: dated.from.to_string(),
                document: dated.source.document.clone(),
                seed: dated.source.seed.clone(),
                sample: dated.source.sample,
            }
        })
        .collect();
    Ok(Json(PolicyOutput {
        region: in_force.region,
        date: date.to_string(),
        parameters,
    }))
}
