//! Negotiation runs (contract §4): preparing a scenario (gridding, each seated actor's
//! offer search, the Nash agreement and the frontier) and running the protocol with
//! deadline 1000, on the Ukraine scenario and on a random 2-actor space of 10^9
//! outcomes. Sizes are in the ids.
#![allow(missing_docs)] // criterion_group! generates undocumented items

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use detente::negotiate::{Negotiation, NegotiationOptions, Strategy};
use detente::Scenario;

fn options(deadline: usize) -> NegotiationOptions {
    NegotiationOptions {
        deadline,
        ..NegotiationOptions::default()
    }
}

fn ukraine(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/ukraine_2025.json"
    );
    let scenario = Scenario::load(path).expect("the Ukraine example loads");
    let levels = scenario.status_quo();
    let linear = vec![Strategy::Time(1.0); scenario.seated().len()];
    let mut g = c.benchmark_group("negotiate");
    g.sample_size(20);
    g.bench_function("ukraine/deadline=1000/prepare+run", |b| {
        b.iter(|| {
            let negotiation =
                Negotiation::new(&scenario, &levels, options(1000)).expect("prepares");
            negotiation.run_strategies(&linear, None).expect("runs")
        });
    });
    let negotiation = Negotiation::new(&scenario, &levels, options(1000)).expect("prepares");
    g.bench_function("ukraine/deadline=1000/run", |b| {
        b.iter(|| negotiation.run_strategies(&linear, None).expect("runs"));
    });
    g.finish();
}

fn billion(c: &mut Criterion) {
    // 2 actors, 9 issues of 10 options: 10^9 outcomes.
    let json = common::random_scenario(2, 9, 10, 11);
    let scenario = Scenario::from_json(&json, "random").expect("valid");
    let levels = scenario.status_quo();
    let mut g = c.benchmark_group("negotiate");
    g.sample_size(10);
    for (name, strategies) in [
        ("linear", [Strategy::Time(1.0), Strategy::Time(1.0)]),
        ("boulware", [Strategy::Time(0.2), Strategy::Time(0.2)]),
    ] {
        g.bench_function(format!("2x10^9/deadline=1000/{name}/prepare+run"), |b| {
            b.iter(|| {
                let negotiation =
                    Negotiation::new(&scenario, &levels, options(1000)).expect("prepares");
                negotiation.run_strategies(&strategies, None).expect("runs")
            });
        });
    }
    g.finish();
}

criterion_group!(benches, ukraine, billion);
criterion_main!(benches);
