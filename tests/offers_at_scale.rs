//! Alternating offers on large random spaces. On mid-sized spaces every proposal is
//! checked by brute force (the proposer's gain is the best any outcome gives it among
//! those its responders accept); on spaces of 10^12 outcomes, where no brute force
//! reaches, every proposal is checked for stationarity by the scenario's own
//! utilities: each responder gets at least its discounted gain in the next proposal.

#[path = "../benches/common/mod.rs"]
mod common;

use detente::{Engine, OffersSolution, Scenario, Situation, Value};

/// Each responder k in proposal j gets `u_k(x_j) - d_k >= delta_k (u_k(x_{j+1}) - d_k)`
/// and every seated actor gains, with utilities recomputed from the scenario.
fn assert_every_proposal_is_accepted(s: &Scenario, sit: &Situation, sol: &OffersSolution) {
    let seated = s.seated();
    let n = sol.proposals.len();
    assert_eq!(n, seated.len(), "one proposal per seated actor");
    let gains = |outcome: &[Value]| -> Vec<f64> {
        s.actors()
            .iter()
            .zip(sit.disagreement())
            .map(|(a, d)| a.utility(outcome) - d)
            .collect()
    };
    for j in 0..n {
        let here = gains(&sol.proposals[j].agreement.outcome);
        let next = gains(&sol.proposals[(j + 1) % n].agreement.outcome);
        for &k in &seated {
            assert!(here[k] > 0.0, "proposal {j}: actor {k} gains");
            if k != sol.proposals[j].proposer {
                assert!(
                    here[k] >= sit.patience()[k] * next[k] - 1e-9,
                    "proposal {j}: responder {k} gets {} < {} x {}",
                    here[k],
                    sit.patience()[k],
                    next[k]
                );
            }
        }
    }
    assert_eq!(sol.verdict.gains(), sol.proposals[0].agreement.gains);
}

/// Every outcome's gains, for the brute force.
fn every_outcome_gains(s: &Scenario, sit: &Situation) -> Vec<Vec<f64>> {
    // The generator writes discrete issues only: every outcome, enumeration order.
    let outcomes: Vec<Vec<Value>> = detente::space::outcomes(s.issues(), 2).collect();
    outcomes
        .iter()
        .map(|o| {
            s.actors()
                .iter()
                .zip(sit.disagreement())
                .map(|(a, d)| a.utility(o) - d)
                .collect()
        })
        .collect()
}

#[test]
fn every_proposal_is_the_proposers_best_acceptable_outcome_on_mid_sized_spaces() {
    // 4 actors, 7 issues of 6 options: 279,936 outcomes, checked exhaustively.
    for seed in 1..=4 {
        let s = Scenario::from_json(&common::random_scenario(4, 7, 6, seed), "random")
            .expect("the generator writes valid scenarios");
        let sit = s.status_quo_situation();
        let sol = match Engine::new(&s).alternating_offers(&sit, None) {
            Ok(sol) => sol,
            // A cycle without a stationary agreement is a legitimate answer; the other
            // seeds check the proposals.
            Err(detente::Error::Offers(_)) => continue,
            Err(e) => panic!("seed {seed}: {e}"),
        };
        assert_every_proposal_is_accepted(&s, &sit, &sol);
        let all = every_outcome_gains(&s, &sit);
        let n = sol.proposals.len();
        for j in 0..n {
            let p = &sol.proposals[j];
            let next = &sol.proposals[(j + 1) % n].agreement.gains;
            let best = all
                .iter()
                .filter(|g| {
                    (0..g.len()).all(|k| {
                        g[k] > 0.0
                            && (k == p.proposer || g[k] >= sit.patience()[k] * next[k] - 1e-12)
                    })
                })
                .map(|g| g[p.proposer])
                .fold(f64::NEG_INFINITY, f64::max);
            let got = p.agreement.gains[p.proposer];
            assert!(
                (got - best).abs() <= 1e-9,
                "seed {seed}, proposal {j}: {got} vs brute force {best}"
            );
        }
    }
}

#[test]
fn proposals_on_spaces_of_a_trillion_outcomes_are_stationary() {
    // 4 actors, 12 issues of 10 options, and 6 actors on 10 issues of 10 options. Seed
    // 3 of the 4-actor spaces cycles from the disagreement point: its stationary
    // agreement is found among the 46,297 points of its Pareto frontier.
    let cases = [(4, 12, 2), (4, 12, 3), (4, 12, 4), (4, 12, 5), (6, 10, 1)];
    for (actors, issues, seed) in cases {
        let s = Scenario::from_json(&common::random_scenario(actors, issues, 10, seed), "random")
            .expect("the generator writes valid scenarios");
        let sit = s.status_quo_situation();
        let sol = Engine::new(&s)
            .alternating_offers(&sit, None)
            .unwrap_or_else(|e| panic!("{actors} actors, seed {seed}: {e}"));
        assert_eq!(
            sol.searched.is_some(),
            seed == 3,
            "{actors} actors, seed {seed}"
        );
        assert_every_proposal_is_accepted(&s, &sit, &sol);
    }
}

/// A small 4-actor scenario with random patience and disagreement points (the shape of
/// the spaces on which the iteration from the disagreement point can cycle).
fn small_cycling_candidate(seed: u64) -> String {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let issues: Vec<String> = (0..3)
        .map(|k| format!(r#"{{"id": "p{k}", "options": ["o0", "o1", "o2", "o3", "o4"]}}"#))
        .collect();
    let actors: Vec<String> = (0..4)
        .map(|a| {
            let weights: Vec<String> =
                (0..3).map(|k| format!(r#""p{k}": {:.2}"#, rng.random_range(0.05..1.0))).collect();
            let values: Vec<String> = (0..3)
                .map(|k| {
                    let v: Vec<String> =
                        (0..5).map(|o| format!(r#""o{o}": {:.2}"#, rng.random::<f64>())).collect();
                    format!(r#""p{k}": {{{}}}"#, v.join(", "))
                })
                .collect();
            format!(
                r#"{{"id": "a{a}", "patience": {:.2}, "disagreement": {:.2}, "weights": {{{}}}, "values": {{{}}}}}"#,
                rng.random_range(0.5..0.95),
                rng.random_range(0.05..0.3),
                weights.join(", "),
                values.join(", ")
            )
        })
        .collect();
    format!(
        r#"{{"name": "small", "issues": [{}], "actors": [{}]}}"#,
        issues.join(", "),
        actors.join(", ")
    )
}

/// Brute force, without the engine: proposer `j`'s offer when the next proposal gives
/// `next`, by the contract's rule (its largest gain among the outcomes every responder
/// accepts; ties by the Nash product, then the first in enumeration order).
fn best_response(all: &[Vec<f64>], delta: &[f64], j: usize, next: &[f64]) -> Option<Vec<f64>> {
    let acceptable: Vec<&Vec<f64>> = all
        .iter()
        .filter(|g| {
            (0..g.len()).all(|k| g[k] > 0.0 && (k == j || g[k] >= delta[k] * next[k] - 1e-9))
        })
        .collect();
    let best = acceptable
        .iter()
        .map(|g| g[j])
        .fold(f64::NEG_INFINITY, f64::max);
    let nash = |g: &Vec<f64>| g.iter().product::<f64>();
    let tied: Vec<&Vec<f64>> = acceptable
        .into_iter()
        .filter(|g| (g[j] - best).abs() <= 1e-12)
        .collect();
    let top = tied
        .iter()
        .map(|g| nash(g))
        .fold(f64::NEG_INFINITY, f64::max);
    tied.into_iter()
        .find(|g| nash(g) >= top * (1.0 - 1e-12))
        .cloned()
}

/// Whether the proposers' round (3, 2, 1, 0) from `c` returns to `c`.
fn returns(all: &[Vec<f64>], delta: &[f64], c: &[f64]) -> bool {
    let mut state = c.to_vec();
    for j in (0..4).rev() {
        match best_response(all, delta, j, &state) {
            Some(next) => state = next,
            None => return false,
        }
    }
    state.iter().zip(c).all(|(a, b)| (a - b).abs() <= 1e-12)
}

/// On spaces where the iteration cycles, the search over the Pareto frontier returns
/// the stationary agreement first in enumeration order, or proves there is none, as a
/// brute force over every outcome does.
#[test]
fn the_search_after_a_cycle_finds_the_first_stationary_agreement_or_proves_none() {
    // The seeds in 0..2000 whose iteration cycles: six with a stationary agreement,
    // six without.
    let seeds = [
        433, 553, 669, 967, 1032, 1044, 1195, 1327, 1335, 1372, 1609, 1870,
    ];
    let (mut found, mut none) = (0, 0);
    for seed in seeds {
        let s = Scenario::from_json(&small_cycling_candidate(seed), "small").expect("valid");
        let sit = s.status_quo_situation();
        let all = every_outcome_gains(&s, &sit);
        let outcomes: Vec<Vec<Value>> = detente::space::outcomes(s.issues(), 2).collect();
        let first = (0..all.len())
            .find(|&o| all[o].iter().all(|&g| g > 0.0) && returns(&all, sit.patience(), &all[o]));
        match Engine::new(&s).alternating_offers(&sit, None) {
            Ok(sol) => {
                assert!(sol.searched.is_some(), "seed {seed}: the iteration cycles");
                let o = first.unwrap_or_else(|| panic!("seed {seed}: brute force finds none"));
                let verdict = sol.verdict.agreement().map(|a| a.outcome.clone());
                assert_eq!(verdict, Some(outcomes[o].clone()), "seed {seed}");
                assert_every_proposal_is_accepted(&s, &sit, &sol);
                found += 1;
            }
            Err(detente::Error::Offers(detente::error::OffersError::Cycle { .. })) => {
                assert_eq!(first, None, "seed {seed}: brute force finds one");
                none += 1;
            }
            Err(e) => panic!("seed {seed}: {e}"),
        }
    }
    assert_eq!((found, none), (6, 6));
}

/// A budget that runs out after the iteration has cycled says so: the search it
/// stopped was looking for a stationary agreement, and the cycle's period. Budgets
/// grow by half until one stops the solve in that search (the random 4-actor space of
/// 10^12 outcomes whose iteration cycles spends about a third of its nodes iterating).
#[test]
fn a_budget_spent_after_a_cycle_names_the_search_it_stopped() {
    let json = common::random_scenario(4, 12, 10, 3);
    let s = Scenario::from_json(&json, "random").expect("valid");
    let sit = s.status_quo_situation();
    let mut nodes = 1_000u64;
    let message = loop {
        let options = detente::SearchOptions {
            max_nodes: Some(nodes),
            ..Default::default()
        };
        match Engine::with_options(&s, options).alternating_offers(&sit, None) {
            Ok(_) => panic!("no budget stopped the stationary search; the last was {nodes} nodes"),
            Err(detente::Error::Search(e @ detente::error::SearchError::Budget { .. })) => {
                let message = e.to_string();
                if message.contains("while") {
                    break message;
                }
            }
            Err(e) => panic!("{e}"),
        }
        nodes += nodes / 2;
    };
    assert!(
        message.contains("for a stationary agreement (the proposers' round cycles with period"),
        "{message}"
    );
}
