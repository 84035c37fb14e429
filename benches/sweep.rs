//! Sweep throughput on the Ukraine scenario: Nash with fixed preferences (the prepared
//! frontier, one bounded scan per sample; on all cores and on one) and with weight
//! noise (a fresh engine per sample). Criterion reports time per sweep; samples per second = samples / time.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use detente::sweep::{self, SweepOptions};
use detente::Scenario;

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

criterion_group!(benches, bench);
criterion_main!(benches);
