//! Exact solves: the Ukraine scenario per concept, and random 4-actor additive spaces of
//! 10^7 and 10^9 discrete outcomes, sequential (1 thread) beside parallel (all cores).
#![allow(missing_docs)] // criterion_group! generates undocumented items

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use detente::{Concept, Engine, Scenario};

fn ukraine(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/ukraine_2025.json");
    let scenario = Scenario::load(path).expect("the Ukraine scenario loads");
    let situation = scenario.status_quo_situation();
    let mut group = c.benchmark_group("ukraine");
    for concept in Concept::ALL {
        group.bench_function(concept.name(), |b| {
            b.iter(|| {
                let engine = Engine::new(black_box(&scenario));
                engine.solve(concept, &situation).ok()
            })
        });
    }
    group.finish();
}

/// Alternating offers on the Ukraine scenario: each seated first proposer at the
/// status quo, and a patient Kremlin (delta 0.99), which needs about five times as
/// many cycles.
fn ukraine_offers(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/ukraine_2025.json");
    let scenario = Scenario::load(path).expect("the Ukraine scenario loads");
    let engine = Engine::new(&scenario);
    let status_quo = scenario.status_quo_situation();
    let mut patient = status_quo.clone();
    let russia = scenario
        .actor_index("russia")
        .expect("russia is in the scenario");
    patient
        .set_patience(russia, 0.99)
        .expect("0.99 is a discount factor");
    let mut group = c.benchmark_group("ukraine_offers");
    group.sample_size(10);
    for first in scenario.seated() {
        let id = scenario.actors()[first].id().to_string();
        group.bench_function(format!("first_{id}"), |b| {
            b.iter(|| {
                engine
                    .alternating_offers(black_box(&status_quo), Some(first))
                    .ok()
            })
        });
    }
    group.bench_function("first_russia_patience099", |b| {
        b.iter(|| {
            engine
                .alternating_offers(black_box(&patient), Some(russia))
                .ok()
        })
    });
    group.finish();
}

fn random_spaces(c: &mut Criterion) {
    let mut group = c.benchmark_group("random");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (issues, label) in [
        (7, "actors4_issues7_opts10_1e7"),
        (9, "actors4_issues9_opts10_1e9"),
    ] {
        let json = common::random_scenario(4, issues, 10, 1);
        let scenario = Scenario::from_json(&json, "random").expect("random scenario is valid");
        let situation = scenario.status_quo_situation();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a rayon pool");
            group.bench_function(format!("{label}/nash/threads{threads}"), |b| {
                b.iter(|| {
                    pool.install(|| Engine::new(&scenario).solve(Concept::Nash, &situation).ok())
                })
            });
            // The whole Pareto frontier, as a sweep prepares it (no bounds: it must serve
            // every disagreement point).
            group.bench_function(format!("{label}/frontier/threads{threads}"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        let mut engine = Engine::new(&scenario);
                        engine.prepare().ok().map(|()| engine.prepared_len())
                    })
                })
            });
        }
    }
    // The whole frontier of a 10^12 space: 46,297 points (the dominance tests go
    // through the kept points' index).
    let json = common::random_scenario(4, 12, 10, 3);
    let scenario = Scenario::from_json(&json, "random").expect("random scenario is valid");
    group.bench_function(
        "actors4_issues12_opts10_1e12_seed3/frontier/threads2",
        |b| {
            b.iter(|| {
                Engine::frontier(&scenario, 2, Default::default())
                    .map(|f| f.len())
                    .ok()
            })
        },
    );
    // Eight actors over 10^30 outcomes: the frontier explodes, a solve does not.
    let json = common::random_scenario(8, 30, 10, 1);
    let scenario = Scenario::from_json(&json, "random").expect("random scenario is valid");
    let situation = scenario.status_quo_situation();
    group.bench_function("actors8_issues30_opts10_1e30/nash/threads2", |b| {
        b.iter(|| Engine::new(&scenario).solve(Concept::Nash, &situation).ok())
    });
    group.finish();
}

/// Alternating offers on random spaces of 10^12 outcomes (4, 6 and 8 actors) and 10^10
/// (6 actors): seeds whose iteration converges, and seed 3 of 4 actors, whose iteration
/// cycles and whose stationary agreement is searched among its 46,297 Pareto-optimal
/// outcomes.
fn random_offers(c: &mut Criterion) {
    let mut group = c.benchmark_group("random_offers");
    group.sample_size(10);
    for (actors, issues, seed, label) in [
        (4, 12, 2, "actors4_issues12_opts10_1e12_seed2"),
        (4, 12, 5, "actors4_issues12_opts10_1e12_seed5"),
        (4, 12, 3, "actors4_issues12_opts10_1e12_seed3_cycles"),
        (6, 10, 1, "actors6_issues10_opts10_1e10_seed1"),
        (6, 12, 6, "actors6_issues12_opts10_1e12_seed6"),
        (8, 12, 3, "actors8_issues12_opts10_1e12_seed3"),
    ] {
        let json = common::random_scenario(actors, issues, 10, seed);
        let scenario = Scenario::from_json(&json, "random").expect("random scenario is valid");
        let situation = scenario.status_quo_situation();
        group.bench_function(label, |b| {
            b.iter(|| {
                Engine::new(&scenario)
                    .alternating_offers(&situation, None)
                    .ok()
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    ukraine,
    ukraine_offers,
    random_spaces,
    random_offers
);
criterion_main!(benches);
