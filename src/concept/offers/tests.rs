//! The offer cycle's contraction and the stopping window.

use super::*;
use crate::Scenario;

/// Three actors on the plane u_a + u_b + 2 u_c = 2 (see tests/offers.rs).
fn plane(deltas: [f64; 3]) -> Scenario {
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

/// One cycle from `c`, the first proposer's offer's gains.
fn cycle(engine: &Engine<'_>, sit: &Situation, deltas: &[f64], c: &[f64]) -> Vec<f64> {
    let order: Vec<usize> = (0..deltas.len()).collect();
    engine
        .offer_cycle(sit, &order, deltas, c, None)
        .expect("no budget")
        .expect("offers exist")[0]
        .0
        .clone()
}

/// The convergence argument: on a plane frontier with equal patience one cycle is
/// c -> c* + rho (c - c*) with rho = delta^n; with unequal patience the deviation
/// still shrinks at least like (max delta)^cycles.
#[test]
fn cycles_contract_on_a_plane() {
    // A deviation along the plane (lambda = (1, 1, 2): weighted sum zero).
    let e = [0.01, -0.03, 0.01];
    for deltas in [[0.9; 3], [0.9, 0.92, 0.95], [0.5, 0.97, 0.8]] {
        let s = plane(deltas);
        let sit = s.status_quo_situation();
        let engine = Engine::new(&s);
        let sol = engine.alternating_offers(&sit, None).expect("converges");
        assert!(sol.step <= STOP * 2.0 && sol.searched.is_none());
        let star = sol.continuation.clone();
        let mut c: Vec<f64> = star.iter().zip(e).map(|(x, d)| x + d).collect();
        let cycles = 12;
        for _ in 0..cycles {
            c = cycle(&engine, &sit, &deltas, &c);
        }
        let dev = c
            .iter()
            .zip(&star)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        let max_delta = deltas.iter().copied().fold(0.0, f64::max);
        assert!(dev <= 0.03 * max_delta.powi(cycles), "{deltas:?}: {dev}");
        if deltas.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-15) {
            let rho: f64 = deltas.iter().product();
            let c: Vec<f64> = star.iter().zip(e).map(|(x, d)| x + d).collect();
            let next = cycle(&engine, &sit, &deltas, &c);
            for k in 0..3 {
                let got = next[k] - star[k];
                assert!(
                    (got - rho * e[k]).abs() < 1e-9,
                    "{k}: {got} vs {}",
                    rho * e[k]
                );
            }
        }
    }
}

#[test]
fn window_covers_a_factor_sixteen_of_the_linear_contraction() {
    let it = Iteration::new(&[0.5, 0.5], false);
    // max delta = 0.5: four cycles gain 16.
    assert_eq!(it.window, 4 + 64);
    let mut stall = Iteration::new(&[0.5], false);
    let mut last = Step::Continue;
    for _ in 0..200 {
        last = stall.advance(&[0.0], &[1e-3]);
        if last != Step::Continue {
            break;
        }
    }
    assert_eq!(last, Step::Stalled(1e-3));
}

#[path = "../../../benches/common/mod.rs"]
mod random;

/// Hints only raise a proposal's first bar: on random spaces walked depth first and
/// spaces searched through pruned frontiers, the proposals of two offer cycles are the
/// same with and without hints, among them the answer itself (a bar at the optimum
/// must keep it), the next offer and random outcomes.
#[test]
fn hints_never_change_a_proposal() {
    use rand::{Rng, SeedableRng};
    for (actors, issues, options, seed) in
        [(4, 8, 4, 1), (3, 10, 4, 4), (4, 9, 10, 2), (6, 8, 10, 3)]
    {
        let json = random::random_scenario(actors, issues, options, seed);
        let s = Scenario::from_json(&json, "random").expect("valid");
        let sit = s.status_quo_situation();
        let engine = Engine::new(&s);
        let delta = vec![0.95; actors];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut next: Option<Offer> = None;
        for step in 0..2 * actors {
            let j = actors - 1 - step % actors;
            let c = next.as_ref().map_or(vec![0.0; actors], |o| o.0.clone());
            let f = floors(&delta, &c, j);
            let plain = engine.propose(&sit, j, &f, &[]).expect("no budget");
            let others: Vec<Vec<Value>> = (0..8)
                .map(|_| {
                    (0..issues)
                        .map(|_| Value::Option(rng.random_range(0..options)))
                        .collect()
                })
                .collect();
            let mut hints: Vec<&[Value]> = others.iter().map(Vec::as_slice).collect();
            hints.extend(next.iter().chain(&plain).map(|o| o.1.as_slice()));
            let hinted = engine.propose(&sit, j, &f, &hints).expect("no budget");
            assert_eq!(plain, hinted, "{actors} actors, seed {seed}, step {step}");
            let Some(offer) = plain else { break };
            next = Some(offer);
        }
    }
}
