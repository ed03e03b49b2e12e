//! Prints how fast the pre-check evaluates a typical household on the shipped Baoding figures, and
//! what the pre-check page adds to the browser's download (its lazily loaded WASM file) when a
//! release build is there.
//! Run: `make bench` (or `cargo bench -p server --bench eligibility`).

use app::domain::{
    date::Date,
    eligibility::{
        evaluate::evaluate,
        household::{DisabilityKind, Household, Hukou, Income, Member},
    },
    money::yuan,
};
use std::{hint::black_box, time::Instant};

fn main() {
    let policies = server::policy::shipped_policies().expect("shipped policies");
    let policy = policies["baoding"]
        .in_force(Date::parse("2020-12-31").unwrap())
        .unwrap();
    let mut grandmother = Member::adult(82);
    grandmother.disability_grade = Some(2);
    grandmother.disability_kind = Some(DisabilityKind::Physical);
    let household = Household {
        hukou: Hukou::Urban,
        members: vec![
            Member::adult(45),
            Member::adult(43),
            Member::adult(15),
            grandmother,
        ],
        income: Income::Range {
            low: yuan(2000),
            high: yuan(3000),
        },
        financial_assets: yuan(20_000),
        vehicles: 0,
        homes: 1,
        rigid_expenses: yuan(600),
        emergency: false,
        has_capable_supporter: true,
    };
    for _ in 0..1_000 {
        black_box(evaluate(black_box(&household), black_box(&policy)));
    }
    let mut best = f64::MAX;
    for _ in 0..5 {
        let n = 50_000;
        let start = Instant::now();
        for _ in 0..n {
            black_box(evaluate(black_box(&household), black_box(&policy)));
        }
        best = best.min(start.elapsed().as_secs_f64() / n as f64);
    }
    println!(
        "eligibility: {:.2} µs per evaluation of a 4-person household (best of 5 runs of 50,000), {:.0} evaluations/s on one core (target: under 50 µs)",
        best * 1e6,
        1.0 / best
    );
    print_precheck_wasm_size();
}

/// The pre-check island's own WASM file, written by `cargo leptos build --release --split`.
fn print_precheck_wasm_size() {
    let pkg = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site/pkg");
    let chunk = std::fs::read_dir(&pkg).ok().and_then(|entries| {
        entries.flatten().find(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("split_precheck") && name.ends_with(".wasm")
        })
    });
    let Some(chunk) = chunk else {
        println!("pre-check page: no release build in target/site (run `make run` or `make test` first) to measure its WASM");
        return;
    };
    let size = |path: std::path::PathBuf| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let raw = size(chunk.path());
    let brotli = size(chunk.path().with_extension("wasm.br"));
    println!(
        "pre-check page: {:.1} KB of WASM beyond the first load ({:.1} KB brotli), fetched only by the pre-check",
        raw as f64 / 1024.0,
        brotli as f64 / 1024.0
    );
}
