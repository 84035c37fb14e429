//! Linked issues: random spaces with interaction terms (hyper-rectangles over 2 to 6
//! issues) solved exactly, and a leverage sweep of the Ukraine scenario, whose links
//! include a red line gated by a leverage variable. Sizes are in the ids.
#![allow(missing_docs)] // criterion_group! generates undocumented items

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use detente::sweep::{self, SweepOptions};
use detente::{Concept, Engine, Scenario};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// [`common::random_scenario`] with `terms` interaction terms added, spread over the actors in
/// turn: each is a hyper-rectangle (a run of consecutive options on each of 2..=`span`
/// distinct issues) with a random value and weight, as the automated-negotiation
/// competitions' non-linear profiles score combinations.
fn linked_scenario(
    actors: usize,
    issues: usize,
    options: usize,
    terms: usize,
    span: usize,
    seed: u64,
) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut per_actor: Vec<Vec<String>> = vec![Vec::new(); actors];
    for t in 0..terms {
        let len = rng.random_range(2..=span.clamp(2, issues));
        let mut ks: Vec<usize> = Vec::with_capacity(len);
        while ks.len() < len {
            let k = rng.random_range(0..issues);
            if !ks.contains(&k) {
                ks.push(k);
            }
        }
        let when: Vec<String> = ks
            .iter()
            .map(|k| {
                let lo = rng.random_range(0..options);
                let hi = rng.random_range(lo..options);
                let opts: Vec<String> = (lo..=hi).map(|o| format!("\"o{o}\"")).collect();
                format!(
                    "{{\"issue\": \"i{k}\", \"options\": [{}]}}",
                    opts.join(", ")
                )
            })
            .collect();
        per_actor[t % actors].push(format!(
            "{{\"when\": [{}], \"value\": {:.6}, \"weight\": {:.6}}}",
            when.join(", "),
            rng.random::<f64>(),
            rng.random::<f64>()
        ));
    }
    let mut json = common::random_scenario(actors, issues, options, seed);
    for (a, list) in per_actor.iter().enumerate() {
        let key = format!("{{\"id\": \"a{a}\", ");
        let with = format!("{key}\"interactions\": [{}], ", list.join(", "));
        json = json.replacen(&key, &with, 1);
    }
    json
}

fn solves(c: &mut Criterion) {
    let mut group = c.benchmark_group("linked");
    group.sample_size(10);
    let cases = [
        // 4 actors, 10^9 outcomes, 10 terms of 2-3 issues: the issue's first target.
        ("actors4_issues9_opts10_1e9_terms10_span3", 4, 9, 10, 10, 3),
        // 2 actors, hyper-rectangles of 2-6 issues at rising density.
        (
            "actors2_issues10_opts10_1e10_terms40_span6",
            2,
            10,
            10,
            40,
            6,
        ),
        (
            "actors2_issues20_opts10_1e20_terms40_span6",
            2,
            20,
            10,
            40,
            6,
        ),
        (
            "actors2_issues15_opts10_1e15_terms60_span6",
            2,
            15,
            10,
            60,
            6,
        ),
    ];
    for (id, actors, issues, options, terms, span) in cases {
        let json = linked_scenario(actors, issues, options, terms, span, 1);
        let scenario = Scenario::from_json(&json, id).expect("generated scenario is valid");
        let situation = scenario.status_quo_situation();
        let concepts: &[Concept] = if actors == 4 {
            &[
                Concept::Nash,
                Concept::Kalai,
                Concept::Egalitarian,
                Concept::Utilitarian,
                Concept::Offers,
            ]
        } else {
            &[Concept::Nash]
        };
        for &concept in concepts {
            group.bench_function(format!("{id}/{concept}"), |b| {
                b.iter(|| {
                    Engine::new(&scenario)
                        .solve(concept, &situation)
                        .expect("solves")
                })
            });
        }
    }
    group.finish();
}

fn ukraine_sweep(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/ukraine_2025.json"
    );
    let scenario = Scenario::load(path).expect("the example scenario is valid");
    let mut group = c.benchmark_group("linked");
    group.sample_size(10);
    let options = SweepOptions {
        samples: 100_000,
        seed: 7,
        ..SweepOptions::default()
    };
    group.throughput(Throughput::Elements(options.samples));
    group.bench_function("ukraine_linked_sweep_nash_1e5", |b| {
        b.iter(|| sweep::run(&scenario, &options).expect("sweep runs"))
    });
    group.finish();
}

criterion_group!(benches, solves, ukraine_sweep);
criterion_main!(benches);
