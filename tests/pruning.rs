//! The bounds that cut the search (beam incumbent, per-actor optimism, the Nash tangent
//! plane) must never change the answer: a pruned solve equals a scan of the whole
//! Pareto frontier, for every concept, on random additive scenarios.

#[path = "../benches/common/mod.rs"]
mod common;

use detente::{Concept, Engine, Scenario};

#[test]
fn pruned_search_equals_full_frontier_scan() {
    let concepts = [
        Concept::Nash,
        Concept::Kalai,
        Concept::Egalitarian,
        Concept::Utilitarian,
    ];
    for seed in 0..24u64 {
        let actors = 2 + (seed % 5) as usize;
        let issues = 3 + (seed % 3) as usize;
        let options = 3 + (seed % 4) as usize;
        let json = common::random_scenario(actors, issues, options, seed);
        let scenario = Scenario::from_json(&json, "random").expect("valid random scenario");
        let situation = scenario.status_quo_situation();
        let pruned = Engine::new(&scenario);
        let mut full = Engine::new(&scenario);
        full.prepare().expect("frontier");
        for concept in concepts {
            let a = pruned.solve(concept, &situation).expect("pruned solve");
            let b = full.solve(concept, &situation).expect("full solve");
            assert_eq!(a, b, "seed {seed}, {concept}: pruned and full scans differ");
        }
    }
}
