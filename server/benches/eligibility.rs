//! Prints how fast the pre-check evaluates a typical household on the shipped Baoding figures.
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
}
