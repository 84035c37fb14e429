//! Alternating offers through the public API: Rubinstein's closed form, first-mover
//! and patience monotonicity, the unanimity game against an independent linear
//! solve, discrete and mixed spaces checked by brute force, the Binmore–Rubinstein–
//! Wolinsky limit, leverage on patience, and the errors.

use std::process::Command;

use approx::assert_abs_diff_eq;
use detente::error::{Input, OffersError};
use detente::{Concept, Engine, Error, OffersSolution, Problem, Scenario, Situation, Value};
use nalgebra::{DMatrix, DVector};
use proptest::prelude::*;

/// Tolerance on closed forms (the fixed point is computed to ~1e-12).
const TOL: f64 = 1e-9;

fn split(da: f64, db: f64) -> Scenario {
    let json = format!(
        r#"{{"name": "split", "issues": [{{"id": "share", "range": [0, 1]}}],
        "actors": [
          {{"id": "a", "patience": {da}, "weights": {{"share": 1}},
           "values": {{"share": {{"points": [[0, 0], [1, 1]]}}}}}},
          {{"id": "b", "patience": {db}, "weights": {{"share": 1}},
           "values": {{"share": {{"points": [[0, 1], [1, 0]]}}}}}}]}}"#
    );
    Scenario::from_json(&json, "split").expect("valid split")
}

fn offers(s: &Scenario, situation: &Situation, first: Option<usize>) -> OffersSolution {
    Engine::new(s)
        .alternating_offers(situation, first)
        .expect("a stationary agreement")
}

fn gains(sol: &OffersSolution) -> Vec<f64> {
    sol.verdict.gains()
}

#[test]
fn rubinstein_closed_form_and_swapped_roles() {
    for (d1, d2) in [
        (0.9, 0.9),
        (0.5, 0.8),
        (0.95, 0.6),
        (0.99, 0.97),
        (0.3, 0.3),
    ] {
        let s = split(d1, d2);
        let sq = s.status_quo_situation();
        let a_first = offers(&s, &sq, None);
        let x = a_first.verdict.value(0).and_then(Value::as_number);
        assert_abs_diff_eq!(
            x.unwrap_or(f64::NAN),
            (1.0 - d2) / (1.0 - d1 * d2),
            epsilon = TOL
        );
        let b_first = offers(&s, &sq, Some(1));
        assert_abs_diff_eq!(
            gains(&b_first)[1],
            (1.0 - d1) / (1.0 - d1 * d2),
            epsilon = TOL
        );
        // Every proposer's offer: the responder gets exactly its discounted value.
        assert_eq!(a_first.proposals.len(), 2);
        assert_eq!(a_first.proposals[1].proposer, 1);
        let b_offer = &a_first.proposals[1].agreement.gains;
        assert_abs_diff_eq!(b_offer[0], d1 * a_first.continuation[0], epsilon = TOL);
        assert_abs_diff_eq!(b_offer[1], gains(&b_first)[1], epsilon = TOL);
        // Solve and solve_offers agree with alternating_offers.
        let engine = Engine::new(&s);
        assert_eq!(
            engine.solve(Concept::Offers, &sq).expect("solves"),
            a_first.verdict
        );
        assert_eq!(
            engine.solve_offers(&sq, Some(1)).expect("solves"),
            b_first.verdict
        );
    }
}

/// Three actors on the plane u_a + u_b + 2 u_c = 2 (two continuous issues).
fn plane3(deltas: [f64; 3]) -> Scenario {
    let [da, db, dc] = deltas;
    let json = format!(
        r#"{{"name": "plane", "issues": [{{"id": "x", "range": [0, 1]}}, {{"id": "y", "range": [0, 1]}}],
        "actors": [
          {{"id": "a", "patience": {da}, "weights": {{"x": 1}},
           "values": {{"x": {{"points": [[0, 0], [1, 1]]}}}}}},
          {{"id": "b", "patience": {db}, "weights": {{"y": 1}},
           "values": {{"y": {{"points": [[0, 0], [1, 1]]}}}}}},
          {{"id": "c", "patience": {dc}, "weights": {{"x": 1, "y": 1}},
           "values": {{"x": {{"points": [[0, 1], [1, 0]]}}, "y": {{"points": [[0, 1], [1, 0]]}}}}}}]}}"#
    );
    Scenario::from_json(&json, "plane").expect("valid plane")
}

/// The unanimity game on sum_k lambda_k g_k = H with every constraint binding,
/// solved as a linear system in the proposers' own gains a_j:
/// lambda_j a_j + sum_{k != j} lambda_k delta_k^((k - j) mod n) a_k = H.
fn unanimity_linear(lambda: &[f64], delta: &[f64], h: f64, first: usize) -> Vec<f64> {
    let n = lambda.len();
    let m = DMatrix::from_fn(n, n, |j, k| {
        let steps = (k + n - j) % n;
        lambda[k] * delta[k].powi(steps as i32)
    });
    let a = m
        .lu()
        .solve(&DVector::from_element(n, h))
        .expect("the system is regular");
    // Gains in the first proposer's offer.
    (0..n)
        .map(|k| a[k] * delta[k].powi(((k + n - first) % n) as i32))
        .collect()
}

#[test]
fn three_actor_unanimity_matches_an_independent_linear_solve() {
    for deltas in [[0.9, 0.9, 0.9], [0.9, 0.92, 0.95], [0.95, 0.9, 0.93]] {
        let s = plane3(deltas);
        let sq = s.status_quo_situation();
        for first in 0..3 {
            let sol = offers(&s, &sq, Some(first));
            let expect = unanimity_linear(&[1.0, 1.0, 2.0], &deltas, 2.0, first);
            for (g, e) in gains(&sol).iter().zip(&expect) {
                assert_abs_diff_eq!(*g, *e, epsilon = TOL);
            }
            assert_eq!(sol.proposals[0].proposer, first);
        }
    }
    // Equal patience: the first proposer's share of the (weighted) surplus is
    // 1 / (1 + delta + delta^2) (Herrero; Sutton).
    let s = plane3([0.9; 3]);
    let sol = offers(&s, &s.status_quo_situation(), None);
    assert_abs_diff_eq!(gains(&sol)[0], 2.0 / (1.0 + 0.9 + 0.81), epsilon = TOL);
}

/// Every outcome of a scenario whose issues are all discrete, in enumeration order
/// (the space's own enumeration, not the search's).
fn all_outcomes(s: &Scenario) -> Vec<Vec<Value>> {
    assert!(
        s.issues()
            .iter()
            .all(|i| matches!(i.domain(), detente::Domain::Discrete { .. })),
        "discrete only"
    );
    detente::space::outcomes(s.issues(), 2).collect()
}

/// Brute force, independent of the engine: every proposal gives each other seated
/// actor at least its discounted value of the next proposal, and no feasible outcome
/// that does so gives the proposer more.
fn assert_stationary(s: &Scenario, situation: &Situation, sol: &OffersSolution) {
    let seated = s.seated();
    let n = sol.proposals.len();
    assert_eq!(n, seated.len());
    let feasible: Vec<Vec<f64>> = all_outcomes(s)
        .into_iter()
        .filter(|o| {
            seated
                .iter()
                .all(|&i| !s.actors()[i].vetoes(o, &s.status_quo()))
        })
        .map(|o| {
            s.actors()
                .iter()
                .zip(situation.disagreement())
                .map(|(a, d)| a.utility(&o) - d)
                .collect()
        })
        .collect();
    for j in 0..n {
        let p = &sol.proposals[j];
        let next = &sol.proposals[(j + 1) % n].agreement.gains;
        let ok = |g: &[f64]| {
            seated.iter().all(|&k| {
                g[k] > 0.0 && (k == p.proposer || g[k] >= situation.patience()[k] * next[k] - 1e-9)
            })
        };
        assert!(ok(&p.agreement.gains), "proposal {j} is acceptable");
        let best = feasible
            .iter()
            .filter(|g| ok(g))
            .map(|g| g[p.proposer])
            .fold(f64::NEG_INFINITY, f64::max);
        assert_abs_diff_eq!(p.agreement.gains[p.proposer], best, epsilon = 1e-9);
    }
}

const DISCRETE: &str = r#"{"name": "discrete",
  "issues": [
    {"id": "land", "options": ["none", "some", "half", "most", "all"]},
    {"id": "money", "options": ["0", "1", "2", "3"]},
    {"id": "troops", "options": ["none", "un", "eu"]}],
  "actors": [
    {"id": "r", "patience": 0.95, "disagreement": 0.3,
     "weights": {"land": 3, "money": 1, "troops": 2},
     "values": {"land": {"none": 0, "some": 0.3, "half": 0.5, "most": 0.8, "all": 1},
                "money": {"0": 1, "1": 0.7, "2": 0.4, "3": 0},
                "troops": {"none": 1, "un": 0.6, "eu": 0}},
     "red_lines": [{"issue": "troops", "options": ["eu"]}]},
    {"id": "u", "patience": 0.8, "disagreement": 0.2,
     "weights": {"land": 3, "money": 1, "troops": 2},
     "values": {"land": {"none": 1, "some": 0.8, "half": 0.5, "most": 0.2, "all": 0},
                "money": {"0": 0, "1": 0.4, "2": 0.7, "3": 1},
                "troops": {"none": 0, "un": 0.5, "eu": 1}}},
    {"id": "w", "patience": 0.9, "disagreement": 0.1,
     "weights": {"money": 2, "troops": 1},
     "values": {"money": {"0": 0.5, "1": 1, "2": 0.6, "3": 0.2},
                "troops": {"none": 0.2, "un": 1, "eu": 0.5}}},
    {"id": "eu", "seated": false, "weights": {"troops": 1},
     "values": {"troops": {"none": 0, "un": 0.5, "eu": 1}},
     "red_lines": [{"issue": "troops", "options": ["none"]}]}]}"#;

#[test]
fn discrete_space_with_red_lines_and_an_unseated_actor_is_stationary() {
    let s = Scenario::from_json(DISCRETE, "discrete").expect("valid");
    let sq = s.status_quo_situation();
    for first in 0..3 {
        let sol = offers(&s, &sq, Some(first));
        assert!(
            sol.step.abs() <= f64::MIN_POSITIVE,
            "a discrete fixed point is exact"
        );
        assert_stationary(&s, &sq, &sol);
        assert_abs_diff_eq!(sol.continuation[3], 0.0, epsilon = f64::MIN_POSITIVE);
    }
    // Two seated actors on the same space: never cycles (monotone iteration).
    let two = s.with_seated("w", false).expect("w exists");
    let sq = two.status_quo_situation();
    for first in 0..2 {
        let sol = offers(&two, &sq, Some(first));
        assert_stationary(&two, &sq, &sol);
    }
}

/// Three actors with Condorcet-cyclic preferences over three options: every proposer
/// ends up offering c's favourite, C (c is the one nobody can refuse once it is
/// the continuation).
const CONDORCET: &str = r#"{"name": "condorcet",
  "issues": [{"id": "plan", "options": ["A", "B", "C"]}],
  "actors": [
    {"id": "a", "patience": 0.9, "weights": {"plan": 1},
     "values": {"plan": {"A": 1.0, "B": 0.5, "C": 0.1}}},
    {"id": "b", "patience": 0.9, "weights": {"plan": 1},
     "values": {"plan": {"A": 0.1, "B": 1.0, "C": 0.5}}},
    {"id": "c", "patience": 0.9, "weights": {"plan": 1},
     "values": {"plan": {"A": 0.5, "B": 0.1, "C": 1.0}}}]}"#;

#[test]
fn condorcet_preferences_have_a_stationary_agreement() {
    let s = Scenario::from_json(CONDORCET, "condorcet").expect("valid");
    let sq = s.status_quo_situation();
    for first in 0..3 {
        let sol = offers(&s, &sq, Some(first));
        assert_stationary(&s, &sq, &sol);
    }
}

/// Found by a random search over 3-actor discrete spaces: the proposers' round cycles
/// with period 2 and no Pareto-optimal outcome is a fixed point.
const CYCLING: &str = r#"{"name": "cycling", "issues": [
  {"id": "p0", "options": ["o0", "o1", "o2", "o3", "o4"]},
  {"id": "p1", "options": ["o0", "o1", "o2", "o3", "o4"]},
  {"id": "p2", "options": ["o0", "o1", "o2", "o3", "o4"]}], "actors": [
  {"id": "a0", "patience": 0.85, "disagreement": 0.01, "weights": {"p0": 0.94, "p1": 0.35, "p2": 0.43},
   "values": {"p0": {"o0": 0.11, "o1": 0.63, "o2": 0.16, "o3": 0.67, "o4": 0.47},
              "p1": {"o0": 0.99, "o1": 0.78, "o2": 0.74, "o3": 0.33, "o4": 0.70},
              "p2": {"o0": 0.91, "o1": 0.09, "o2": 0.39, "o3": 0.26, "o4": 0.11}}},
  {"id": "a1", "patience": 0.33, "disagreement": 0.24, "weights": {"p0": 0.79, "p1": 0.35, "p2": 0.50},
   "values": {"p0": {"o0": 0.18, "o1": 0.63, "o2": 0.09, "o3": 0.06, "o4": 0.30},
              "p1": {"o0": 0.59, "o1": 0.60, "o2": 0.61, "o3": 0.64, "o4": 0.89},
              "p2": {"o0": 0.37, "o1": 0.98, "o2": 0.23, "o3": 0.35, "o4": 0.61}}},
  {"id": "a2", "patience": 0.58, "disagreement": 0.19, "weights": {"p0": 0.79, "p1": 1.02, "p2": 1.04},
   "values": {"p0": {"o0": 0.43, "o1": 0.18, "o2": 0.56, "o3": 0.47, "o4": 0.90},
              "p1": {"o0": 0.65, "o1": 0.30, "o2": 0.57, "o3": 0.33, "o4": 0.08},
              "p2": {"o0": 0.21, "o1": 0.27, "o2": 0.37, "o3": 0.80, "o4": 0.54}}}]}"#;

/// Brute force, without the engine: the gain vectors of every best response of
/// proposer `j` (any maximiser, ties kept) when the next proposal gives `next`.
fn best_responses(s: &Scenario, sit: &Situation, j: usize, next: &[f64]) -> Vec<Vec<f64>> {
    let all: Vec<Vec<f64>> = all_outcomes(s)
        .into_iter()
        .map(|o| {
            s.actors()
                .iter()
                .zip(sit.disagreement())
                .map(|(a, d)| a.utility(&o) - d)
                .collect::<Vec<f64>>()
        })
        .filter(|g| {
            (0..g.len()).all(|k| g[k] > 0.0 && (k == j || g[k] >= sit.patience()[k] * next[k]))
        })
        .collect();
    let best = all.iter().map(|g| g[j]).fold(f64::NEG_INFINITY, f64::max);
    all.into_iter()
        .filter(|g| (g[j] - best).abs() <= 1e-12)
        .collect()
}

#[test]
fn a_cycle_on_a_discrete_space_is_detected_and_reported() {
    let s = Scenario::from_json(CYCLING, "cycling").expect("valid");
    let sit = s.status_quo_situation();
    let err = Engine::new(&s)
        .alternating_offers(&sit, None)
        .expect_err("no stationary agreement");
    match &err {
        Error::Offers(OffersError::Cycle { period, last_round }) => {
            assert_eq!(*period, 2);
            assert_eq!(last_round.len(), 3, "one offer per seated actor");
        }
        e => panic!("unexpected error {e}"),
    }
    assert!(err.to_string().contains("cycles with period 2"), "{err}");
    // The command line reports it as bad input: one line, exit status 2.
    let dir = std::env::temp_dir().join(format!("detente-cycling-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("cycling.json");
    std::fs::write(&file, CYCLING).expect("write scenario");
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args([
            "solve",
            file.to_str().expect("utf-8"),
            "--concept",
            "offers",
        ])
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, format!("detente: {err}\n"));
    // Independently: no outcome x_0 is reproduced by any chain of best responses
    // x_2 = B_2(x_0), x_1 = B_1(x_2), x_0' = B_0(x_1), ties included.
    for o in all_outcomes(&s) {
        let c: Vec<f64> = s
            .actors()
            .iter()
            .zip(sit.disagreement())
            .map(|(a, d)| a.utility(&o) - d)
            .collect();
        if c.iter().any(|&g| g <= 0.0) {
            continue;
        }
        for x2 in best_responses(&s, &sit, 2, &c) {
            for x1 in best_responses(&s, &sit, 1, &x2) {
                for x0 in best_responses(&s, &sit, 0, &x1) {
                    let same = x0.iter().zip(&c).all(|(a, b)| (a - b).abs() <= 1e-12);
                    assert!(!same, "a stationary agreement exists: {o:?}");
                }
            }
        }
    }
}

/// Found by a random search over 4-actor discrete spaces: the iteration from the
/// disagreement point cycles, but a stationary agreement exists; the frontier search
/// finds it.
const HIDDEN: &str = r#"{"name": "hidden", "issues": [{"id": "p0", "options": ["o0", "o1", "o2", "o3", "o4"]}, {"id": "p1", "options": ["o0", "o1", "o2", "o3", "o4"]}, {"id": "p2", "options": ["o0", "o1", "o2", "o3", "o4"]}], "actors": [{"id": "a0", "patience": 0.79, "disagreement": 0.09, "weights": {"p0": 0.33, "p1": 0.75, "p2": 0.45}, "values": {"p0": {"o0": 0.56, "o1": 0.72, "o2": 0.14, "o3": 0.24, "o4": 0.65}, "p1": {"o0": 0.78, "o1": 0.38, "o2": 0.34, "o3": 0.23, "o4": 0.81}, "p2": {"o0": 0.06, "o1": 0.40, "o2": 0.75, "o3": 0.83, "o4": 0.45}}}, {"id": "a1", "patience": 0.63, "disagreement": 0.16, "weights": {"p0": 0.27, "p1": 0.24, "p2": 0.87}, "values": {"p0": {"o0": 0.28, "o1": 0.23, "o2": 0.34, "o3": 0.79, "o4": 0.14}, "p1": {"o0": 0.26, "o1": 0.73, "o2": 0.77, "o3": 0.27, "o4": 0.95}, "p2": {"o0": 0.29, "o1": 0.12, "o2": 0.32, "o3": 0.38, "o4": 0.71}}}, {"id": "a2", "patience": 0.59, "disagreement": 0.27, "weights": {"p0": 0.98, "p1": 0.34, "p2": 0.50}, "values": {"p0": {"o0": 0.09, "o1": 0.87, "o2": 0.33, "o3": 0.13, "o4": 0.18}, "p1": {"o0": 0.41, "o1": 0.90, "o2": 0.45, "o3": 0.38, "o4": 0.28}, "p2": {"o0": 0.11, "o1": 0.32, "o2": 0.28, "o3": 0.99, "o4": 0.65}}}, {"id": "a3", "patience": 0.80, "disagreement": 0.25, "weights": {"p0": 0.51, "p1": 0.74, "p2": 0.65}, "values": {"p0": {"o0": 0.99, "o1": 0.27, "o2": 0.63, "o3": 0.09, "o4": 0.92}, "p1": {"o0": 0.72, "o1": 0.67, "o2": 0.22, "o3": 0.11, "o4": 0.15}, "p2": {"o0": 0.43, "o1": 0.84, "o2": 0.73, "o3": 0.12, "o4": 0.60}}}]}"#;

#[test]
fn a_stationary_agreement_missed_by_the_iteration_is_found_on_the_frontier() {
    let s = Scenario::from_json(HIDDEN, "hidden").expect("valid");
    let sit = s.status_quo_situation();
    let sol = offers(&s, &sit, None);
    assert!(sol.searched.is_some(), "the iteration cycles here");
    assert_stationary(&s, &sit, &sol);
}

#[test]
fn mixed_space_agreement_is_individually_rational_and_continuous_optimum_exact() {
    let json = r#"{"name": "mixed",
      "issues": [{"id": "nato", "options": ["member", "deferred", "neutral"]},
                 {"id": "cap", "range": [0, 1]}],
      "actors": [
        {"id": "r", "patience": 0.97, "disagreement": 0.2, "weights": {"nato": 2, "cap": 1},
         "values": {"nato": {"member": 0, "deferred": 0.4, "neutral": 1},
                    "cap": {"points": [[0, 1], [0.5, 0.8], [1, 0]]}},
         "red_lines": [{"issue": "nato", "options": ["member"]}]},
        {"id": "u", "patience": 0.85, "disagreement": 0.1, "weights": {"nato": 1, "cap": 2},
         "values": {"nato": {"member": 1, "deferred": 0.6, "neutral": 0},
                    "cap": {"points": [[0, 0], [1, 1]]}},
         "red_lines": [{"issue": "cap", "below": 0.3}]}]}"#;
    let s = Scenario::from_json(json, "mixed").expect("valid");
    let sq = s.status_quo_situation();
    let sol = offers(&s, &sq, None);
    let g = gains(&sol);
    assert!(g.iter().all(|&x| x > 0.0));
    assert_ne!(
        sol.verdict.value(0),
        Some(Value::Option(0)),
        "red line kept"
    );
    let cap = sol
        .verdict
        .value(1)
        .and_then(Value::as_number)
        .unwrap_or(0.0);
    assert!(cap >= 0.3 - 1e-12, "red line kept: {cap}");
    // The responder u gets exactly its discounted value of its own proposal.
    let next = &sol.proposals[1].agreement.gains;
    assert_abs_diff_eq!(g[1], sq.patience()[1] * next[1], epsilon = 1e-9);
}

#[test]
fn one_seated_actor_takes_its_best_individually_rational_outcome() {
    let s = split(0.9, 0.9).with_seated("b", false).expect("b exists");
    let sol = offers(&s, &s.status_quo_situation(), None);
    assert_abs_diff_eq!(gains(&sol)[0], 1.0, epsilon = TOL);
    assert_eq!(sol.proposals.len(), 1);
}

#[test]
fn first_must_be_a_seated_actor() {
    let s = split(0.9, 0.9).with_seated("b", false).expect("b exists");
    let engine = Engine::new(&s);
    let sq = s.status_quo_situation();
    let unknown = Problem::Unknown {
        kind: "actor index",
        id: "7".into(),
    };
    for (first, id, problem) in [(1, "b", Problem::NotSeated("b".into())), (7, "7", unknown)] {
        match engine.alternating_offers(&sq, Some(first)) {
            Err(Error::Input(e)) => {
                assert_eq!(e.input, Input::FirstProposer(id.into()));
                assert_eq!(e.problem, problem);
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }
}

#[test]
fn no_individually_rational_outcome_is_no_deal() {
    let json = r#"{"name": "nd", "issues": [{"id": "share", "range": [0, 1]}],
      "actors": [
        {"id": "a", "disagreement": 0.6, "weights": {"share": 1},
         "values": {"share": {"points": [[0, 0], [1, 1]]}}},
        {"id": "b", "disagreement": 0.6, "weights": {"share": 1},
         "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
    let s = Scenario::from_json(json, "nd").expect("valid");
    let sol = offers(&s, &s.status_quo_situation(), None);
    assert!(sol.verdict.agreement().is_none());
    assert!(sol.proposals.is_empty());
}

const LEVERED: &str = r#"{"name": "levered", "issues": [{"id": "share", "range": [0, 1]}],
  "actors": [
    {"id": "a", "patience": 0.9, "weights": {"share": 1},
     "values": {"share": {"points": [[0, 0], [1, 1]]}}},
    {"id": "b", "patience": 0.9, "weights": {"share": 1},
     "values": {"share": {"points": [[0, 1], [1, 0]]}}}],
  "leverage": [{"id": "hurry", "value": 0, "distribution": {"uniform": [-1, 1]},
    "effects": [{"actor": "a", "patience": 0.7}]}]}"#;

#[test]
fn patience_is_a_leverage_effect() {
    let s = Scenario::from_json(LEVERED, "levered").expect("valid");
    let mut last = f64::INFINITY;
    for level in [-1.0, 0.0, 0.5, 1.0] {
        let sit = s.situation(&[level]).expect("a valid level");
        let expect = (-((-(0.9f64.ln())).ln() + 0.7 * level).exp()).exp();
        assert_abs_diff_eq!(sit.patience()[0], expect, epsilon = 1e-15);
        assert_abs_diff_eq!(sit.patience()[1], 0.9, epsilon = 1e-15);
        let g = gains(&offers(&s, &sit, None))[0];
        let d = sit.patience()[0];
        assert_abs_diff_eq!(g, 0.1 / (1.0 - d * 0.9), epsilon = TOL);
        assert!(g < last, "a hurried actor gets less");
        last = g;
    }
}

#[test]
fn cli_offers_json_has_proposals_and_honours_set_and_first() {
    let dir = std::env::temp_dir().join(format!("detente-offers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("levered.json");
    std::fs::write(&file, LEVERED).expect("write scenario");
    let path = file.to_str().expect("utf-8");
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args([
            "solve",
            path,
            "--concept",
            "offers",
            "--set",
            "hurry=1",
            "--first",
            "b",
            "--json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let d = (-((-(0.9f64.ln())).ln() + 0.7).exp()).exp();
    let b_share = (1.0 - d) / (1.0 - d * 0.9);
    let got = v["gains"]["b"].as_f64().unwrap_or(f64::NAN);
    assert_abs_diff_eq!(got, b_share, epsilon = 1e-9);
    assert_eq!(v["first"], "b");
    assert_eq!(v["proposals"][0]["proposer"], "b");
    assert_eq!(v["proposals"][1]["proposer"], "a");
    assert!(v["continuation"]["a"].is_number());
    assert!(v["iterations"].as_u64().unwrap_or(0) > 0);
    let bad = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["solve", path, "--concept", "offers", "--first", "zz"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A random scenario on `issues` continuous issues with concave piecewise-linear
/// values (so the set of utility vectors is convex), patience `deltas`.
fn concave_scenario(deltas: &[f64], knots: &[(bool, f64, f64, f64)], issues: usize) -> Scenario {
    let actors: Vec<String> = deltas
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut weights = Vec::new();
            let mut values = Vec::new();
            for k in 0..issues {
                let (up, m, bump, w) = knots[i * issues + k];
                // Concave: the middle knot lies above the chord.
                let (y0, y1) = if up { (0.0, 1.0) } else { (1.0, 0.0) };
                let chord = y0 + (y1 - y0) * m;
                let ym = chord + bump * (1.0 - chord);
                weights.push(format!("\"x{k}\": {w}"));
                values.push(format!(
                    "\"x{k}\": {{\"points\": [[0, {y0}], [{m}, {ym}], [1, {y1}]]}}"
                ));
            }
            format!(
                "{{\"id\": \"a{i}\", \"patience\": {d}, \"weights\": {{{}}}, \"values\": {{{}}}}}",
                weights.join(", "),
                values.join(", ")
            )
        })
        .collect();
    let issue_list: Vec<String> = (0..issues)
        .map(|k| format!("{{\"id\": \"x{k}\", \"range\": [0, 1]}}"))
        .collect();
    let json = format!(
        "{{\"name\": \"concave\", \"issues\": [{}], \"actors\": [{}]}}",
        issue_list.join(", "),
        actors.join(", ")
    );
    Scenario::from_json(&json, "concave").expect("valid random scenario")
}

/// Random concave scenarios whose frontier is full-dimensional: with two actors they
/// are opposed on the first issue; with three on two issues, a0 wants x0 up, a1 wants
/// x1 up, a2 wants both down (a degenerate frontier, e.g. two actors with the same
/// values, breaks the first-mover and limit properties: aligned actors free-ride).
/// (actors, issues, per actor and issue (up, middle knot, bump, weight), rates).
type Case = (usize, usize, Vec<(bool, f64, f64, f64)>, Vec<f64>);

fn arb_case() -> impl Strategy<Value = Case> {
    prop_oneof![(2usize..=2, 1usize..=2), Just((3usize, 2usize))].prop_flat_map(|(n, m)| {
        (
            Just(n),
            Just(m),
            proptest::collection::vec(
                (any::<bool>(), 0.2f64..0.8, 0.0f64..0.6, 0.2f64..1.0),
                n * m,
            ),
            proptest::collection::vec(0.5f64..2.0, n),
        )
    })
}

fn oppose(n: usize, m: usize, mut knots: Vec<(bool, f64, f64, f64)>) -> Vec<(bool, f64, f64, f64)> {
    if n == 2 {
        knots[0].0 = true;
        knots[m].0 = false;
    } else {
        knots[0].0 = true; // a0 on x0
        knots[m + 1].0 = true; // a1 on x1
        knots[2 * m].0 = false; // a2 on x0 and x1
        knots[2 * m + 1].0 = false;
        // Linear values: the frontier is a plane, smooth where the agreement is interior.
        for k in &mut knots {
            k.2 = 0.0;
        }
    }
    knots
}

/// With three actors the limit and monotonicity results need every responder's
/// constraint to bind, i.e. the agreements strictly inside the box: on an edge the
/// frontier is locally a curve, aligned responders have slack and the stationary
/// agreement need not tend to the Nash one (shown by the grid checks when this test
/// was written: e.g. offers (0.765, 0.632, 0.603) against Nash (0.748, 0.619, 0.631)
/// as eps -> 0, with x1 = 0 in both).
/// The solution, or the case rejected when the iteration stalls: on some three-actor
/// curves the continuation values cycle without settling (a limit of the offers solver,
/// reported as `Stalled`, not a wrong answer), and the properties are checked where it
/// settles.
fn settled(
    found: detente::Result<OffersSolution>,
) -> Result<OffersSolution, proptest::test_runner::TestCaseError> {
    match found {
        Ok(solution) => Ok(solution),
        Err(detente::Error::Offers(detente::error::OffersError::Stalled { .. })) => Err(
            proptest::test_runner::TestCaseError::reject("the offers iteration stalled"),
        ),
        Err(e) => panic!("offers: {e}"),
    }
}

fn interior(n: usize, verdicts: &[&detente::Verdict]) -> bool {
    n == 2
        || verdicts.iter().all(|v| {
            (0..2).all(|k| {
                v.value(k)
                    .and_then(Value::as_number)
                    .is_some_and(|x| x > 1e-3 && x < 1.0 - 1e-3)
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_global_rejects: 4096, ..ProptestConfig::default() })]

    /// Binmore, Rubinstein & Wolinsky 1986: as delta_i = exp(-r_i eps) -> 1, the
    /// agreement tends to the asymmetric Nash agreement with alpha_i = 1 / r_i, at
    /// rate O(eps).
    #[test]
    fn patient_limit_is_asymmetric_nash((n, m, knots, rates) in arb_case()) {
        let knots = oppose(n, m, knots);
        let mut errors = Vec::new();
        for eps in [0.02, 0.004] {
            let deltas: Vec<f64> = rates.iter().map(|r| (-r * eps).exp()).collect();
            let s = concave_scenario(&deltas, &knots, m);
            let mut sit = s.status_quo_situation();
            let engine = Engine::new(&s);
            let off = match engine.alternating_offers(&sit, None) {
                Ok(solution) => solution.verdict,
                // On some of these three-actor curves the iteration for the continuation
                // values cycles without settling (with or without links; a limit of the
                // offers solver, reported as `Stalled`, not a wrong answer): the theorem
                // is checked where it settles.
                Err(detente::Error::Offers(detente::error::OffersError::Stalled { .. })) => {
                    prop_assume!(false, "the offers iteration stalled");
                    unreachable!("prop_assume returns")
                }
                Err(e) => panic!("offers: {e}"),
            };
            for (i, r) in rates.iter().enumerate() {
                sit.set_power(i, 1.0 / r).expect("1 / rate is a positive power");
            }
            let nash = engine.solve(Concept::Nash, &sit).expect("solves");
            prop_assume!(interior(n, &[&off, &nash]));
            let (off, nash) = (off.gains(), nash.gains());
            let err = off.iter().zip(&nash).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            prop_assert!(err <= 10.0 * eps, "eps {eps}: offers {off:?} nash {nash:?}");
            errors.push(err);
        }
        prop_assert!(errors[1] <= errors[0] + 1e-9, "the error shrinks: {errors:?}");
    }

    /// Moving first never hurts, and more patience never hurts.
    #[test]
    fn first_move_and_patience_never_hurt((n, m, knots, rates) in arb_case(), up in 0usize..3) {
        let knots = oppose(n, m, knots);
        let deltas: Vec<f64> = rates.iter().map(|r| (-0.1 * r).exp()).collect();
        let s = concave_scenario(&deltas, &knots, m);
        let sit = s.status_quo_situation();
        let engine = Engine::new(&s);
        let verdicts: Vec<detente::Verdict> = (0..n)
            .map(|f| settled(engine.alternating_offers(&sit, Some(f))).map(|o| o.verdict))
            .collect::<Result<_, _>>()?;
        prop_assume!(interior(n, &verdicts.iter().collect::<Vec<_>>()));
        let by_first: Vec<Vec<f64>> = verdicts.iter().map(|v| v.gains()).collect();
        for i in 0..n {
            for other in &by_first {
                prop_assert!(by_first[i][i] >= other[i] - 1e-7,
                    "actor {i} first {:?} vs {other:?}", by_first[i]);
            }
        }
        let i = up % n;
        let mut patient = sit.clone();
        patient
            .set_patience(i, 1.0 - 0.5 * (1.0 - sit.patience()[i]))
            .expect("halfway to 1 stays inside (0, 1)");
        for (first, before) in by_first.iter().enumerate() {
            let more = settled(engine.alternating_offers(&patient, Some(first)))?;
            prop_assume!(interior(n, &[&more.verdict]));
            prop_assert!(more.verdict.gains()[i] >= before[i] - 1e-7,
                "actor {i}, first {first}: {:?} vs {before:?}", more.verdict.gains());
        }
    }
}
