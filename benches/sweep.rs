//! Sweep throughput on the Ukraine scenario: Nash with fixed preferences (the prepared
//! frontier, one bounded scan per sample; on all cores and on one) and with weight
//! noise (a fresh engine per sample). Criterion reports time per sweep; samples per second = samples / time.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use detente::sweep::{self, SweepOptions};
use detente::{Concept, Scenario};

#[path = "common/mod.rs"]
mod common;

fn ukraine() -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/ukraine_2025.json"
    );
    Scenario::load(path).expect("the example scenario is valid")
}

fn bench(c: &mut Criterion) {
    let scenario = ukraine();
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    for (id, samples, noise) in [
        ("ukraine_nash_fixed_2000", 2000u64, None),
        ("ukraine_nash_weight_noise_200", 200, Some(50.0)),
    ] {
        let options = SweepOptions {
            samples,
            seed: 7,
            weight_noise: noise,
            ..SweepOptions::default()
        };
        group.throughput(Throughput::Elements(samples));
        group.bench_function(id, |b| {
            b.iter(|| sweep::run(&scenario, &options).expect("sweep runs"))
        });
    }
    // The same fixed-preference sweep on one thread: the per-core rate, which the
    // other jobs sharing the machine disturb less than the two-thread figure.
    let options = SweepOptions {
        samples: 2000,
        seed: 7,
        ..SweepOptions::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a rayon pool");
    group.throughput(Throughput::Elements(options.samples));
    group.bench_function("ukraine_nash_fixed_2000_threads1", |b| {
        b.iter(|| pool.install(|| sweep::run(&scenario, &options).expect("sweep runs")))
    });
    group.finish();
}

/// A Ukraine-sized random leverage sweep (4 seated actors, 9 discrete issues, 17,496
/// outcomes, a frontier of 357 points) under every concept, and with weight noise;
/// and a random 8-actor space of 30 issues x 10 options, whose frontier is given up
/// for a search per sample.
fn random_spaces(c: &mut Criterion) {
    let ukraine_sized = Scenario::from_json(
        &common::random_leverage_scenario(4, &[4, 2, 3, 3, 3, 3, 3, 3, 3], 1),
        "random",
    )
    .expect("the generator writes valid scenarios");
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    let runs: [(&str, &Scenario, Concept, u64, Option<f64>); 7] = [
        (
            "a4_o17496/nash_20000",
            &ukraine_sized,
            Concept::Nash,
            20_000,
            None,
        ),
        (
            "a4_o17496/kalai_20000",
            &ukraine_sized,
            Concept::Kalai,
            20_000,
            None,
        ),
        (
            "a4_o17496/egalitarian_20000",
            &ukraine_sized,
            Concept::Egalitarian,
            20_000,
            None,
        ),
        (
            "a4_o17496/utilitarian_20000",
            &ukraine_sized,
            Concept::Utilitarian,
            20_000,
            None,
        ),
        (
            "a4_o17496/offers_2000",
            &ukraine_sized,
            Concept::Offers,
            2_000,
            None,
        ),
        (
            "a4_o17496/nash_weight_noise_20000",
            &ukraine_sized,
            Concept::Nash,
            20_000,
            Some(50.0),
        ),
        (
            "a4_o17496/offers_weight_noise_2000",
            &ukraine_sized,
            Concept::Offers,
            2_000,
            Some(50.0),
        ),
    ];
    for (id, scenario, concept, samples, weight_noise) in runs {
        let options = SweepOptions {
            samples,
            seed: 7,
            concept,
            weight_noise,
            ..SweepOptions::default()
        };
        group.throughput(Throughput::Elements(samples));
        group.bench_function(id, |b| {
            b.iter(|| sweep::run(scenario, &options).expect("sweep runs"))
        });
    }
    // Spaces whose frontier explodes: every sample searches on its own.
    for (id, actors) in [
        ("a8_i30_o10/nash_per_sample_1000", 8),
        ("a12_i30_o10/nash_per_sample_1000", 12),
    ] {
        let json = common::random_leverage_scenario(actors, &[10; 30], 1);
        let many =
            Scenario::from_json(&json, "random").expect("the generator writes valid scenarios");
        let options = SweepOptions {
            samples: 1000,
            seed: 7,
            ..SweepOptions::default()
        };
        group.throughput(Throughput::Elements(options.samples));
        group.bench_function(id, |b| {
            b.iter(|| sweep::run(&many, &options).expect("sweep runs"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench, random_spaces);
criterion_main!(benches);
