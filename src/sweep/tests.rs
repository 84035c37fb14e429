//! Fast path (prepared frontier, bounded scan) against a fresh engine per sample.

use proptest::prelude::*;

use super::*;
use crate::search::{Engine, FastScans, Seated};
use crate::space::Value;
use sampler::draw_weights;

const UKRAINE: &str = include_str!("../../examples/data/ukraine_2025.json");

fn same_outcome(a: &[Value], b: &[Value]) -> bool {
    a.iter().zip(b).all(|(x, y)| match (x, y) {
        (Value::Option(p), Value::Option(q)) => p == q,
        (Value::Number(p), Value::Number(q)) => (p - q).abs() <= 1e-6,
        _ => false,
    })
}

fn check_fast_equals_fresh(scenario: &Scenario, seed: u64, samples: u64) {
    let mut engine = Engine::new(scenario);
    engine.prepare().expect("no budget set");
    let mut fast = FastScans::default();
    let mut levels = scenario.status_quo();
    let mut situation = scenario.status_quo_situation();
    for j in 0..samples {
        let mut rng = rng::sample_rng(seed, j);
        for (x, lev) in levels.iter_mut().zip(scenario.leverage()) {
            *x = lev.distribution().sample(&mut rng);
        }
        situation
            .update(scenario, &levels)
            .expect("sampled levels are valid");
        let seated = Seated::new(engine.seated(), &situation);
        let found = fast
            .log_product_into(&engine, &situation, &seated, &seated.alpha)
            .expect("no budget set")
            .expect("one layer");
        let fresh = Engine::new(scenario)
            .solve(Concept::Nash, &situation)
            .expect("no budget set");
        match (found, fresh.agreement()) {
            (Some(x), Some(a)) => assert!(
                same_outcome(x, &a.outcome),
                "sample {j}: fast {x:?} fresh {:?}",
                a.outcome
            ),
            (None, None) => {}
            (f, a) => panic!("sample {j}: fast {f:?}, fresh {:?}", a.map(|a| &a.outcome)),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn fast_path_matches_a_fresh_engine_on_ukraine(seed in any::<u64>()) {
        let scenario = Scenario::from_json(UKRAINE, "ukraine").expect("valid example");
        check_fast_equals_fresh(&scenario, seed, 25);
    }
}

#[test]
fn fast_path_matches_a_fresh_engine_with_weight_changes() {
    // Different preferences give different frontiers; each must still agree.
    let scenario = Scenario::from_json(UKRAINE, "ukraine").expect("valid example");
    let mut rows: Vec<Vec<f64>> = scenario
        .actors()
        .iter()
        .map(|a| a.weights().to_vec())
        .collect();
    for (s, seed) in [3u64, 11, 29].into_iter().enumerate() {
        let mut rng = rng::sample_rng(seed, 0);
        draw_weights(&scenario, 20.0, &mut rng, &mut rows);
        let noisy = scenario.with_all_weights(&rows);
        check_fast_equals_fresh(&noisy, 100 + s as u64, 15);
    }
}

#[test]
fn fast_path_matches_a_fresh_engine_over_a_long_run() {
    // One scratch for every sample, as in a sweep's chunk: the warm pair, the
    // queue order and the level-set planes all carry state from sample to sample,
    // and must never change the answer.
    let scenario = Scenario::from_json(UKRAINE, "ukraine").expect("valid example");
    let samples = if cfg!(debug_assertions) { 200 } else { 2000 };
    check_fast_equals_fresh(&scenario, 99, samples);
}

#[test]
fn fast_path_matches_a_fresh_engine_with_gated_and_package_red_lines() {
    // One scratch per pattern of gates: Ukraine cannot swap Kursk once it has lost
    // it, and Russia vetoes NATO membership together with European troops.
    use crate::utility::{Condition, Gate, Package, RedLine, Test, Veto};
    let mut scenario = Scenario::from_json(UKRAINE, "ukraine").expect("valid example");
    let issue = |id: &str| scenario.issue_index(id).expect("issue");
    let (kursk, nato, peace) = (issue("kursk"), issue("nato"), issue("peacekeepers"));
    let lever = scenario.leverage_index("kursk_held").expect("lever");
    let ukraine = scenario.actor_index("ukraine").expect("actor");
    let russia = scenario.actor_index("russia").expect("actor");
    scenario.actors[ukraine].red_lines.push(RedLine {
        issue: kursk,
        veto: Veto::Options(vec![0]),
        gate: Some(Gate {
            leverage: lever,
            test: Test::Below(0.5),
        }),
    });
    scenario.actors[russia].packages.push(Package {
        all: vec![
            Condition {
                issue: nato,
                test: Test::Options(vec![1]),
            },
            Condition {
                issue: peace,
                test: Test::Options(vec![0]),
            },
        ],
        gate: None,
    });
    let samples = if cfg!(debug_assertions) { 100 } else { 1000 };
    check_fast_equals_fresh(&scenario, 7, samples);
}
