//! Pareto frontiers of thousands of points, where the frontier's dominance tests look
//! only at the kept points above a candidate (through an index) instead of at every
//! kept point, equal a brute force over every outcome.

#[path = "../benches/common/mod.rs"]
mod common;

use detente::{Engine, Scenario, Value};

/// The outcomes no other outcome dominates (at least as good for everyone beyond
/// rounding, better for one by more than rounding), in enumeration order: every outcome
/// is compared with the maximal ones found so far, visited by decreasing utility sum.
fn brute_frontier(s: &Scenario) -> Vec<Vec<Value>> {
    let outcomes: Vec<Vec<Value>> = detente::space::outcomes(s.issues(), 2).collect();
    let utils: Vec<Vec<f64>> = outcomes
        .iter()
        .map(|o| s.actors().iter().map(|a| a.utility(o)).collect())
        .collect();
    let noise = 1e-12;
    let dominates = |k: &[f64], c: &[f64]| {
        k.iter().zip(c).all(|(x, y)| *x >= y - noise)
            && k.iter().zip(c).any(|(x, y)| *x > y + noise)
    };
    let mut order: Vec<usize> = (0..outcomes.len()).collect();
    let sum = |o: usize| utils[o].iter().sum::<f64>();
    order.sort_by(|&a, &b| sum(b).total_cmp(&sum(a)));
    // A dominator has a larger sum (beyond rounding), so it is visited first.
    let mut kept: Vec<usize> = Vec::new();
    for &c in &order {
        if !kept.iter().any(|&k| dominates(&utils[k], &utils[c])) {
            kept.push(c);
        }
    }
    kept.sort_unstable();
    kept.into_iter().map(|o| outcomes[o].clone()).collect()
}

#[test]
fn frontiers_of_thousands_of_points_equal_the_brute_force() {
    // 6 actors on 6 issues of 5 options (15,625 outcomes, 2,684 of them Pareto optimal),
    // 8 actors on the same (7,203) and 10 actors on 5 issues of 6 options (7,776
    // outcomes, 6,768): past the index's start for few actors (1,024 kept points) and
    // for many (4,096).
    let mut largest = 0;
    for (actors, issues, options, seed) in [(6, 6, 5, 1), (8, 6, 5, 1), (10, 5, 6, 1)] {
        let json = common::random_scenario(actors, issues, options, seed);
        let s = Scenario::from_json(&json, "random").expect("valid random scenario");
        let listed: Vec<Vec<Value>> = Engine::frontier(&s, 2, Default::default())
            .expect("no budget")
            .into_iter()
            .map(|p| p.outcome)
            .collect();
        largest = largest.max(listed.len());
        assert_eq!(listed, brute_frontier(&s), "{actors} actors, seed {seed}");
    }
    assert!(largest > 4096, "large enough to use the index: {largest}");
}
