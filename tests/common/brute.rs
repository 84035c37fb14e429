//! The contract's choice among candidate outcomes by brute force, for the tests that
//! enumerate small spaces (shared by `tests/properties.rs` and `tests/linked.rs`).

use detente::{Concept, Value};

use super::objectives::{log_nash, objective};

/// Objectives within this of each other tie (then the Nash objective decides).
const TOL: f64 = 1e-9;

/// A feasible, individually rational outcome and the seated actors' gains there.
#[derive(Debug, Clone)]
pub struct Cand {
    pub outcome: Vec<Value>,
    pub gains: Vec<f64>,
}

/// Each seated actor's best gain over the candidates (the Kalai ideal point).
pub fn ideal_of(cands: &[Cand], n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| {
            cands
                .iter()
                .map(|c| c.gains[i])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect()
}

/// Index of the contract's choice among `cands` (in enumeration order): objective,
/// then Nash objective (both within TOL), then the first.
pub fn brute_best(concept: Concept, cands: &[Cand], alpha: &[f64], ideal: &[f64]) -> Option<usize> {
    let mut best: Option<(usize, f64, f64)> = None;
    for (j, c) in cands.iter().enumerate() {
        let obj = objective(concept, &c.gains, alpha, ideal);
        let nash = log_nash(&c.gains, alpha);
        let better = match best {
            None => true,
            Some((_, bo, bn)) => obj > bo + TOL || ((obj - bo).abs() <= TOL && nash > bn + TOL),
        };
        if better {
            best = Some((j, obj, nash));
        }
    }
    best.map(|b| b.0)
}
