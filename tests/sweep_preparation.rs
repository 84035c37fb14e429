//! A sweep chooses between one prepared frontier and a search per sample by measured
//! cost; the choice changes the time, never the answer. Checked against a fresh engine
//! per sample (an independent solve of each sample's situation) on random leverage
//! scenarios, for every concept whose solve is a single search.

#[path = "../benches/common/mod.rs"]
mod common;

use common::random_leverage_scenario;
use detente::sweep::{self, Prepare, Strategy, SweepOptions};
use detente::{Concept, Engine, Scenario};

fn scenario(actors: usize, options: &[usize], seed: u64) -> Scenario {
    Scenario::from_json(&random_leverage_scenario(actors, options, seed), "random")
        .expect("the generator writes valid scenarios")
}

fn options(concept: Concept, samples: u64, preparation: Prepare) -> SweepOptions {
    SweepOptions {
        samples,
        seed: 11,
        concept,
        preparation,
        ..SweepOptions::default()
    }
}

/// Every sample's situation solved by an engine of its own.
fn fresh_solves_agree(scenario: &Scenario, sweep: &sweep::Sweep, concept: Concept) {
    let samples = sweep.samples();
    for s in 0..samples.len() {
        let situation = scenario
            .situation(samples.levels(s))
            .expect("the sampled levels are valid");
        let verdict = Engine::new(scenario)
            .solve(concept, &situation)
            .expect("no limits set");
        let fresh = verdict.agreement().map(|a| a.outcome.as_slice());
        assert_eq!(samples.outcome(s), fresh, "{concept} sample {s}");
    }
}

#[test]
fn every_preparation_gives_the_same_samples() {
    let cases: [(usize, &[usize]); 4] = [
        (2, &[5, 4, 3, 6]),
        (3, &[4, 4, 4, 4, 4]),
        (4, &[4, 2, 3, 3, 3, 3]),
        (6, &[4, 4, 4, 4, 4, 4]),
    ];
    for (k, (actors, opts)) in cases.into_iter().enumerate() {
        let scenario = scenario(actors, opts, k as u64 + 1);
        for concept in [
            Concept::Nash,
            Concept::Kalai,
            Concept::Egalitarian,
            Concept::Utilitarian,
        ] {
            let run = |p| sweep::run(&scenario, &options(concept, 40, p)).expect("no limits set");
            let (frontier, per_sample, auto) = (
                run(Prepare::Frontier),
                run(Prepare::PerSample),
                run(Prepare::Auto),
            );
            let strategy = |s: &sweep::Sweep| s.preparation().map(|p| p.strategy);
            assert_eq!(strategy(&frontier), Some(Strategy::Frontier));
            assert_eq!(strategy(&per_sample), Some(Strategy::PerSample));
            // Debug prints every number exactly, and the missing grid values (NaN) alike.
            let all = |s: &sweep::Sweep| format!("{:?}", s.samples());
            assert_eq!(all(&frontier), all(&per_sample), "{concept}, case {k}");
            assert_eq!(all(&frontier), all(&auto), "{concept}, case {k}");
            fresh_solves_agree(&scenario, &per_sample, concept);
        }
    }
}

#[test]
fn a_frontier_dearer_than_the_searches_is_given_up() {
    // Six opposed actors, 4^8 outcomes: the frontier costs more nodes than a quarter
    // of four searches (and more than the floor of 2^20 nodes).
    let scenario = scenario(6, &[4; 8], 5);
    let options = options(Concept::Nash, 4, Prepare::Auto);
    let result = sweep::run(&scenario, &options).expect("no limits set");
    let p = result.preparation().expect("a sweep run here");
    assert_eq!(p.strategy, Strategy::PerSample, "{p}");
    assert_eq!(p.points, 0);
    // The block of work that would have passed the cap is not counted.
    assert!(
        p.frontier_nodes <= p.cap && p.cap >= sweep::MIN_CAP,
        "{p:?}"
    );
    fresh_solves_agree(&scenario, &result, Concept::Nash);
}

#[test]
fn a_cheap_frontier_is_prepared() {
    let scenario = scenario(4, &[4, 2, 3, 3, 3, 3, 3, 3, 3], 1);
    let options = options(Concept::Nash, 1000, Prepare::Auto);
    let result = sweep::run(&scenario, &options).expect("no limits set");
    let p = result.preparation().expect("a sweep run here");
    assert_eq!(p.strategy, Strategy::Frontier, "{p}");
    assert!(p.points > 0 && p.frontier_nodes <= p.cap, "{p:?}");
}
