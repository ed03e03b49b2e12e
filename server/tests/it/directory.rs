//! The facilities directory on the shipped sample data, through the store, the import command's
//! functions and the JSON API, on a real database.

use crate::support;

use app::domain::{date::Date, directory::import};
use axum::{
    body::Body,
    http::{Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use serde_json::Value;
use server::{
    directory::service::{export, load_file, LoadError},
    seed::SAMPLE_FACILITIES,
    store::Store,
};
use tower::ServiceExt;

async fn setup(db: &support::TestDb) -> (Store, Router) {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    let router = support::router_on(&store);
    (store, router)
}

async fn get(router: &Router, path: &str) -> (StatusCode, Value) {
    let response = router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

async fn residents_find_the_nearest_stations_and_cemeteries_by_filters(db: support::TestDb) {
    let (store, router) = setup(&db).await;
    // Near Xianfeng Street, Baoding: the Longquan station there comes first, and distances grow.
    let (status, page) = get(
        &router,
        "/api/v1/facilities?kind=volunteer_station&near=38.8830,115.4520&limit=3",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    assert_eq!(ids(&page)[0], "baoding-longquan-volunteer-station");
    let distances: Vec<u64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["distance_m"].as_u64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    assert!(
        page["total"].as_u64().unwrap() >= 16,
        "every station counts"
    );
    assert!(page["items"][0]["open_now"].is_boolean());

    // Tree burial under ¥3,000 in Anning: only cemeteries offering it at or below that price.
    let (_, page) = get(
        &router,
        "/api/v1/facilities?region=anning&eco=tree&max_yuan=3000",
    )
    .await;
    for item in page["items"].as_array().unwrap() {
        let tree = item["prices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["item"] == "tree")
            .expect("offers tree burial");
        assert!(tree["price_fen"].as_i64().unwrap() <= 300_000, "{item}");
    }
    assert!(!ids(&page).is_empty());

    // Typing the pinyin initials finds 凤凰山公墓.
    let (_, page) = get(&router, "/api/v1/facilities?q=fhs").await;
    assert!(ids(&page).contains(&"anning-fenghuangshan-cemetery".to_string()));

    // Funeral homes are open 24 hours and say so.
    let (_, page) = get(
        &router,
        "/api/v1/facilities?kind=funeral_home&open_now=true",
    )
    .await;
    assert_eq!(page["total"], 4);

    // The registry offices of the booking data are in the directory too.
    let (_, page) = get(&router, "/api/v1/facilities?kind=marriage_registry").await;
    assert_eq!(page["total"], 5);

    let (status, one) = get(&router, "/api/v1/facilities/qufu-xiaodeyuan-cemetery").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["name_zh"], "曲阜孝德园公墓");
    assert!(!one["prices"].as_array().unwrap().is_empty());
    let (status, _) = get(&router, "/api/v1/facilities/no-such-place").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    db.drop(store).await;
}

async fn bad_filters_answer_422_naming_the_field(db: support::TestDb) {
    let (store, router) = setup(&db).await;
    for (query, field) in [
        ("kind=karaoke", "kind"),
        ("tag=nothing", "tag"),
        ("near=200,1", "near"),
        ("near=here", "near"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
        ("colour=red", "colour"),
    ] {
        let (status, body) = get(&router, &format!("/api/v1/facilities?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert!(
            body["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["field"] == field),
            "{query}: {body}"
        );
    }
    db.drop(store).await;
}

async fn a_file_with_a_bad_row_is_refused_whole_and_export_reads_back(db: support::TestDb) {
    let (store, _) = setup(&db).await;
    let today = Date::parse("2026-11-22").unwrap();
    let before = store.facilities().await.unwrap();
    assert_eq!(before.len(), 48);

    // The sample file as CSV, with one new good row and one bad: nothing is stored.
    let mut facilities = import::parse_json(
        SAMPLE_FACILITIES,
        today,
        &["baoding", "anning", "qufu", "fenghua"],
    )
    .unwrap();
    let mut good = facilities[3].clone();
    good.id = "baoding-new-station".into();
    good.name_zh = "新开志愿服务站（示例）".into();
    let mut bad = facilities[4].clone();
    bad.id = "baoding-bad-station".into();
    bad.latitude = 0.0;
    facilities.push(good);
    facilities.push(bad);
    let csv = import::to_csv(&facilities);
    match load_file(&store, &csv, true, today).await {
        Err(LoadError::Problems(problems)) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            let text = problems[0].to_string();
            assert!(
                text.contains("row 50") && text.contains("latitude"),
                "{text}"
            );
        }
        other => panic!("expected problems, got {other:?}"),
    }
    assert_eq!(store.facilities().await.unwrap(), before, "nothing changed");

    // Without the bad row the file loads, and export gives back what was stored.
    facilities.pop();
    let loaded = load_file(&store, &import::to_csv(&facilities), true, today)
        .await
        .unwrap();
    assert_eq!(loaded, 49);
    let exported = export(&store, false).await.unwrap();
    let back =
        import::parse_json(&exported, today, &["baoding", "anning", "qufu", "fenghua"]).unwrap();
    assert_eq!(back.len(), 49);
    assert!(back.iter().any(|f| f.id == "baoding-new-station"));
    let csv_back = export(&store, true).await.unwrap();
    assert_eq!(
        import::parse_csv(&csv_back, today, &["baoding", "anning", "qufu", "fenghua"]).unwrap(),
        back
    );
    db.drop(store).await;
}

on_every_backend!(
    residents_find_the_nearest_stations_and_cemeteries_by_filters,
    bad_filters_answer_422_naming_the_field,
    a_file_with_a_bad_row_is_refused_whole_and_export_reads_back,
);
