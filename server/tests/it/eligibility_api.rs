//! The pre-check API through the real router, on the shipped Baoding figures.

use crate::support;

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn router(db: support::TestDb) -> (Router, support::TestDb) {
    let store = db.open().await;
    (support::router_on(&store), db)
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or_else(|_| json!(String::from_utf8_lossy(&bytes))),
    )
}

async fn check(router: &Router, query: &str, body: Value) -> (StatusCode, Value) {
    let request = Request::post(format!("/api/v1/eligibility/check{query}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(router, request).await
}

fn family_of_three(income: f64) -> Value {
    json!({
        "region": "baoding", "date": "2020-12-31", "hukou": "urban",
        "members": [{"age": 40, "relation": "self"}, {"age": 38, "relation": "spouse"}, {"age": 12, "relation": "child"}],
        "monthly_income_yuan": income, "financial_assets_yuan": 0, "vehicles": 0, "homes": 1,
        "monthly_rigid_expenses_yuan": 0, "emergency": false, "has_capable_supporter": true
    })
}

fn program<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["program"] == name)
        .unwrap()
}

async fn a_baoding_family_of_three_on_1500_a_month_is_likely_dibao_with_a_498_top_up(
    db: support::TestDb,
) {
    let (router, _db) = router(db).await;
    let (status, body) = check(&router, "", family_of_three(1500.0)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["region"], "baoding");
    assert_eq!(body["policy_date"], "2020-12-31");
    // Eleven programs: 单人户施保 is part of dibao, not a program of its own.
    assert_eq!(body["programs"].as_array().unwrap().len(), 11);
    // 2020 figures on 2020-12-31: current, so nothing is said to be old.
    assert_eq!(body["figures_from"], "2020-01-01");
    assert_eq!(body["figures_are_old"], false);
    let dibao = program(&body, "dibao");
    assert_eq!(dibao["status"], "likely");
    assert_eq!(dibao["monthly_amount_yuan"], 498.0);
    assert_eq!(dibao["name"], "最低生活保障（低保）");
    let income = &dibao["reasons"][0];
    assert_eq!(
        income["text"],
        "家庭人均月收入 ¥500；低保标准为每人每月 ¥666。"
    );
    assert_eq!(income["values"]["standard"], 666.0);
    assert_eq!(income["passed"], true);
}

async fn answers_come_in_english_on_request_and_near_misses_are_explained(db: support::TestDb) {
    let (router, _db) = router(db).await;
    let (_, body) = check(&router, "?lang=en", family_of_three(2100.0)).await;
    let dibao = program(&body, "dibao");
    assert_eq!(dibao["status"], "unlikely");
    assert_eq!(dibao["monthly_amount_yuan"], Value::Null);
    let texts: Vec<&str> = dibao["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"Household income is ¥102 a month above the dibao line for 3 people."),
        "{texts:?}"
    );
    assert_eq!(program(&body, "low_income")["status"], "likely");
}

async fn rules_of_the_chosen_date_apply(db: support::TestDb) {
    let (router, _db) = router(db).await;
    let mut body = family_of_three(1500.0);
    body["date"] = json!("2016-12-31");
    let (_, answer) = check(&router, "", body).await;
    assert_eq!(answer["policy_date"], "2016-12-31");
    assert_eq!(
        program(&answer, "dibao")["status"],
        "unlikely",
        "450 × 3 = 1350 < 1500"
    );
}

async fn bad_input_is_refused_naming_every_bad_field(db: support::TestDb) {
    let (router, _db) = router(db).await;
    let body = json!({
        "region": "atlantis", "date": "2020-02-30", "hukou": "urban",
        "members": [{"age": 200}, {"age": 30, "disability_grade": 7, "disability_kind": "visual"}],
        "monthly_income_yuan": -5, "financial_assets_yuan": -1
    });
    let (status, answer) = check(&router, "?lang=en", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["code"], "invalid_input");
    let fields: Vec<&str> = answer["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for expected in [
        "members[0].age",
        "members[1].disability_grade",
        "monthly_income_yuan",
        "financial_assets_yuan",
        "date",
        "region",
    ] {
        assert!(fields.contains(&expected), "{expected} not in {fields:?}");
    }
    let age = answer["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "members[0].age")
        .unwrap();
    assert_eq!(age["message"], "Age must be between 0 and 130.");
}

async fn no_members_too_many_members_and_wrong_types_are_named(db: support::TestDb) {
    let (router, _db) = router(db).await;
    let mut empty = family_of_three(100.0);
    empty["members"] = json!([]);
    let (status, answer) = check(&router, "", empty).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["fields"][0]["field"], "members");

    let mut crowd = family_of_three(100.0);
    crowd["members"] = json!(vec![json!({"age": 30}); 31]);
    let (_, answer) = check(&router, "", crowd).await;
    assert_eq!(answer["fields"][0]["field"], "members");

    let mut typo = family_of_three(100.0);
    typo["members"][1]["age"] = json!("forty");
    let (status, answer) = check(&router, "", typo).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["fields"][0]["field"], "members[1].age");

    let mut unknown = family_of_three(100.0);
    unknown["pets"] = json!(2);
    let (_, answer) = check(&router, "", unknown).await;
    assert_eq!(answer["fields"][0]["field"], "pets");
}

async fn the_policy_endpoint_gives_the_figures_in_force_with_their_sources(db: support::TestDb) {
    let (router, _db) = router(db).await;
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    let (status, body) = send(
        &router,
        get("/api/v1/regions/baoding/policy?date=2016-07-01"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let urban = body["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["param"] == "dibao_standard_urban")
        .unwrap();
    assert_eq!(urban["value"], 450.0);
    assert_eq!(urban["unit"], "yuan");
    assert_eq!(urban["document"], "保定市民政事业发展第十四个五年规划");
    assert_eq!(urban["seed"], "004_5d96e79b144e0fd0.txt");
    assert_eq!(urban["sample"], false);

    let (status, body) = send(
        &router,
        get("/api/v1/regions/baoding/policy?date=2010-01-01"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "date");
    let (status, _) = send(&router, get("/api/v1/regions/atlantis/policy")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

on_every_backend!(
    a_baoding_family_of_three_on_1500_a_month_is_likely_dibao_with_a_498_top_up,
    answers_come_in_english_on_request_and_near_misses_are_explained,
    rules_of_the_chosen_date_apply,
    bad_input_is_refused_naming_every_bad_field,
    no_members_too_many_members_and_wrong_types_are_named,
    the_policy_endpoint_gives_the_figures_in_force_with_their_sources,
);
