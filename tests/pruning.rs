//! The bounds that cut the search (first incumbents, per-actor optimism, the tangent
//! and Lagrangian planes) and the depth-first walk of small boards must never change
//! the answer: a searched solve equals a scan of the whole Pareto frontier, for every
//! concept, on random additive scenarios.

#[path = "../benches/common/mod.rs"]
mod common;

use detente::{Concept, Engine, Scenario};

/// Every concept, the axiomatic ones first.
const EVERY: [Concept; 5] = [
    Concept::Nash,
    Concept::Kalai,
    Concept::Egalitarian,
    Concept::Utilitarian,
    Concept::Offers,
];

#[test]
fn pruned_search_equals_full_frontier_scan() {
    for seed in 0..24u64 {
        let actors = 2 + (seed % 5) as usize;
        let issues = 3 + (seed % 3) as usize;
        let options = 3 + (seed % 4) as usize;
        let json = common::random_scenario(actors, issues, options, seed);
        let scenario = Scenario::from_json(&json, "random").expect("valid random scenario");
        searched_equals_full_scan(&scenario, &EVERY[..4], seed);
    }
}

/// Every concept's answer from a fresh engine, which searches, equals the one from an
/// engine that scans the whole prepared frontier.
fn searched_equals_full_scan(scenario: &Scenario, concepts: &[Concept], seed: u64) {
    let situation = scenario.status_quo_situation();
    let searched = Engine::new(scenario);
    let mut full = Engine::new(scenario);
    full.prepare().expect("frontier");
    for &concept in concepts {
        match (
            searched.solve(concept, &situation),
            full.solve(concept, &situation),
        ) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "seed {seed}, {concept}: answers differ"),
            // Alternating offers may find no stationary agreement (the contract's
            // error); then both must say so alike. Nothing else may fail.
            (Err(a), Err(b)) if concept == Concept::Offers => {
                assert_eq!(a.to_string(), b.to_string(), "seed {seed}");
            }
            (a, b) => panic!("seed {seed}, {concept}: {a:?} against {b:?}"),
        }
    }
}

/// Scenarios full of exact ties: weights and values on a grid of quarters, an issue
/// nobody weighs, actors with the same tastes. Small boards are searched depth first
/// over every outcome rather than over the frontier; the tie-break must still pick the
/// frontier's answer (the first non-dominated outcome in enumeration order among the
/// best), for every concept, offers included, at several disagreement points.
#[test]
fn depth_first_search_breaks_ties_as_the_frontier_scan() {
    use rand::{Rng, SeedableRng};
    for seed in 0..40u64 {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let (actors, issues, options) = (2 + (seed % 3) as usize, 4, 3 + (seed % 2) as usize);
        let quarter = |rng: &mut rand_chacha::ChaCha8Rng| f64::from(rng.random_range(0..5u8)) / 4.0;
        let issue_list: Vec<String> = (0..issues)
            .map(|k| {
                let opts: Vec<String> = (0..options).map(|o| format!("\"o{o}\"")).collect();
                format!("{{\"id\": \"i{k}\", \"options\": [{}]}}", opts.join(", "))
            })
            .collect();
        let tastes: Vec<Vec<Vec<f64>>> = (0..actors)
            .map(|_| {
                (0..issues)
                    .map(|_| (0..options).map(|_| quarter(&mut rng)).collect())
                    .collect()
            })
            .collect();
        let actor_list: Vec<String> = (0..actors)
            .map(|a| {
                // The last actor shares the first one's tastes; the last issue is
                // nobody's concern.
                let taste = if a + 1 == actors && actors > 2 { &tastes[0] } else { &tastes[a] };
                let weights: Vec<String> = (0..issues)
                    .map(|k| format!("\"i{k}\": {}", if k + 1 == issues { 0.0 } else { 1.0 }))
                    .collect();
                let values: Vec<String> = (0..issues)
                    .map(|k| {
                        let v: Vec<String> =
                            (0..options).map(|o| format!("\"o{o}\": {}", taste[k][o])).collect();
                        format!("\"i{k}\": {{{}}}", v.join(", "))
                    })
                    .collect();
                format!(
                    "{{\"id\": \"a{a}\", \"disagreement\": {}, \"patience\": 0.9, \"weights\": {{{}}}, \"values\": {{{}}}}}",
                    quarter(&mut rng) / 2.0,
                    weights.join(", "),
                    values.join(", ")
                )
            })
            .collect();
        let json = format!(
            "{{\"name\": \"ties\", \"issues\": [{}], \"actors\": [{}]}}",
            issue_list.join(", "),
            actor_list.join(", ")
        );
        let scenario = Scenario::from_json(&json, "ties").expect("valid tie scenario");
        searched_equals_full_scan(&scenario, &EVERY, seed);
    }
}

/// Boards past the depth-first search's size (over 2^20 outcomes) build a pruned
/// frontier from an incumbent found on the goal's tangent plane (a beam for goals
/// without one); the answer must still be the full frontier's.
#[test]
fn large_boards_pruned_from_a_tangent_start_equal_the_full_frontier_scan() {
    for seed in 0..6u64 {
        let actors = 2 + (seed % 3) as usize;
        let json = common::random_scenario(actors, 8, 7, 100 + seed);
        let scenario = Scenario::from_json(&json, "random").expect("valid random scenario");
        searched_equals_full_scan(&scenario, &EVERY, seed);
    }
}
