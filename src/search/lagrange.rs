//! Multipliers for the floors of a constrained search: a Lagrangian relaxation whose
//! bound decomposes issue by issue.
//!
//! ```text
//! maximise  a . g(x)   subject to  g_k(x) >= f_k   (a >= 0: a proposer's own gain,
//!                                                    or a concave goal's tangent)
//! for any lambda >= 0 and any feasible x:
//!     a . g(x) <= (a + lambda) . g(x) - lambda . f
//!              <= max_y (a + lambda) . g(y) - lambda . f  =: M(lambda)
//! ```
//!
//! The right-hand side is a linear function of the gains, so its maximum over the
//! completions of a partial outcome is the sum of per-issue maxima, the bound the
//! search already uses for a plane (`Board::linear_tails`). With `lambda = 0` it is
//! the plain bound; a floor that the unconstrained maximiser violates makes some
//! `lambda_k > 0` lower `M`, which can make it far tighter. [`multipliers`] minimises
//! `M` (convex and piecewise linear) by projected subgradient steps; any `lambda >= 0`
//! gives a valid bound, so the minimisation only decides how much is cut, never what
//! the answer is.

use super::board::{best_row, Board};

/// Subgradient steps at most (fewer once the bound reaches the target); each step
/// costs one pass over the options of every issue, so even the most is far cheaper
/// than the search it tightens.
const STEPS: usize = 120;

/// Steps at most for multipliers re-optimised for a partial outcome, which start from
/// those of a partial outcome one table shorter.
const DEEPER_STEPS: usize = 30;

/// The multipliers `lambda >= 0` (seated order) that make `M(lambda)` smallest among
/// those visited, for the direction `a` (non-negative), the disagreement utilities
/// `d` and the gain floors `f`; `target` is the value of a feasible outcome (a lower
/// bound on the constrained maximum), which sizes the steps. All zeros when no step
/// improves on the plain bound.
pub(super) fn multipliers(board: &Board, a: &[f64], d: &[f64], f: &[f64], target: f64) -> Vec<f64> {
    let at: Vec<f64> = d.iter().map(|d| -d).collect();
    descend(board, 0, &at, a, f, target, &vec![0.0; a.len()], STEPS)
}

/// [`multipliers`] for the completions of a partial outcome: discrete tables `from..`
/// added to the seated utilities `base` of tables `..from`, starting from the
/// multipliers `start` (those of the partial outcome one table shorter).
#[allow(clippy::too_many_arguments)] // the relaxation's data, then where to start
pub(super) fn multipliers_from(
    board: &Board,
    from: usize,
    base: &[f64],
    a: &[f64],
    d: &[f64],
    f: &[f64],
    target: f64,
    start: &[f64],
) -> Vec<f64> {
    let at: Vec<f64> = base.iter().zip(d).map(|(b, d)| b - d).collect();
    descend(board, from, &at, a, f, target, start, DEEPER_STEPS)
}

/// Projected subgradient descent on `M(lambda) = max (a + lambda) . (at + rest) -
/// lambda . f` over the rest (tables `from..`), from `start`, at most `steps` steps.
#[allow(clippy::too_many_arguments)]
fn descend(
    board: &Board,
    from: usize,
    at: &[f64],
    a: &[f64],
    f: &[f64],
    target: f64,
    start: &[f64],
    steps: usize,
) -> Vec<f64> {
    let n = a.len();
    let mut lambda = start.to_vec();
    let mut w: Vec<f64> = a.iter().zip(&lambda).map(|(a, l)| a + l).collect();
    let bound = |w: &[f64], lambda: &[f64]| -> (f64, Vec<f64>) {
        let (rest, u) = relaxed(board, from, w);
        (rest + dot(w, at) - dot(lambda, f), u)
    };
    let (mut current, mut u) = bound(&w, &lambda);
    // Polyak steps towards the target, their scale halved after a run without progress.
    let mut best = Best::new(current, &lambda, 1.0);
    for _ in 0..steps {
        let gap = current - target;
        if gap <= 0.0 {
            break;
        }
        // A subgradient of M at lambda: g(y*) - f at the relaxed maximiser y*.
        let s: Vec<f64> = (0..n).map(|k| u[k] + at[k] - f[k]).collect();
        let norm: f64 = s.iter().map(|x| x * x).sum();
        if norm <= 0.0 {
            break;
        }
        let step = best.scale * gap / norm;
        for k in 0..n {
            lambda[k] = (lambda[k] - step * s[k]).max(0.0);
            w[k] = a[k] + lambda[k];
        }
        (current, u) = bound(&w, &lambda);
        best.record(current, &lambda);
    }
    best.lambda
}

/// Multipliers `lambda >= 0` (summing to 1) under which no outcome clears the floors
/// on the weighted sum, `max_y lambda . (g(y) - f) < 0`, or the best found (the
/// smallest such maximum). A feasible outcome has every `g_k > f_k`, so a negative
/// maximum proves the floors infeasible, and the same sum bounds the completions of a
/// partial outcome: the second value is that maximum.
pub(super) fn feasibility_multipliers(board: &Board, d: &[f64], f: &[f64]) -> (Vec<f64>, f64) {
    let n = d.len();
    let mut lambda = vec![1.0 / n as f64; n];
    let value =
        |lambda: &[f64]| -> f64 { board.linear_tails(lambda)[0] - dot(lambda, d) - dot(lambda, f) };
    let mut best = Best::new(value(&lambda), &lambda, 0.5);
    for _ in 0..STEPS {
        if best.value < 0.0 {
            break;
        }
        let (_, u) = relaxed(board, 0, &lambda);
        let s: Vec<f64> = (0..n).map(|k| u[k] - d[k] - f[k]).collect();
        let norm = s.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm <= 0.0 {
            break;
        }
        for k in 0..n {
            lambda[k] = (lambda[k] - best.scale * s[k] / norm).max(0.0);
        }
        let total: f64 = lambda.iter().sum();
        if total <= 0.0 {
            lambda.clone_from(&best.lambda);
            best.scale *= 0.5;
            continue;
        }
        lambda.iter_mut().for_each(|l| *l /= total);
        best.record(value(&lambda), &lambda);
    }
    (best.lambda, best.value)
}

/// The smallest bound a subgradient descent has visited, and its step scale, halved
/// after five steps in a row that do not improve on it.
struct Best {
    value: f64,
    lambda: Vec<f64>,
    scale: f64,
    since: usize,
}

impl Best {
    fn new(value: f64, lambda: &[f64], scale: f64) -> Self {
        Best {
            value,
            lambda: lambda.to_vec(),
            scale,
            since: 0,
        }
    }

    fn record(&mut self, value: f64, lambda: &[f64]) {
        if value < self.value {
            self.value = value;
            self.lambda.clone_from_slice(lambda);
            self.since = 0;
        } else {
            self.since += 1;
            if self.since >= 5 {
                self.scale *= 0.5;
                self.since = 0;
            }
        }
    }
}

/// The most `w . u` the discrete tables `from..` and the continuous ones add
/// ([`Board::linear_tails`]), and every seated actor's utility from them at an
/// outcome that reaches it issue by issue (terms linking issues left out of the
/// utilities: they only steer the multipliers).
fn relaxed(board: &Board, from: usize, w: &[f64]) -> (f64, Vec<f64>) {
    let n = w.len();
    let mut u = vec![0.0; n];
    let mut value = 0.0;
    let tables = board
        .continuous
        .iter()
        .map(|t| &t.contrib)
        .chain(board.discrete[from..].iter().rev().map(|t| &t.contrib));
    for contrib in tables {
        if let Some((v, row)) = best_row(contrib, w) {
            value += v;
            for (u, c) in u.iter_mut().zip(row) {
                *u += c;
            }
        }
    }
    if !board.links.is_empty() {
        value = board.linear_tails(w)[from];
    }
    (value, u)
}

fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::board::Plan;
    use crate::Scenario;

    /// Two actors splitting four indivisible goods (values a: 4 3 2 1, b: 1 2 3 4, each
    /// out of 10); maximise a's utility with b's at least 0.5. The relaxed maximum with
    /// lambda = 0 is 1 (a takes all); the constrained one is 0.7 (a takes the first
    /// two); no multiplier bounds it below the fractional split's 0.8333.
    #[test]
    fn the_multiplier_on_a_binding_floor_tightens_the_bound() {
        let issues: Vec<String> = (0..4)
            .map(|i| format!(r#"{{"id": "g{i}", "options": ["a", "b"]}}"#))
            .collect();
        let actor = |id: &str, weights: [u8; 4]| -> String {
            let (mine, other) = if id == "a" { (1, 0) } else { (0, 1) };
            let w: Vec<String> = (0..4)
                .map(|i| format!(r#""g{i}": {}"#, weights[i]))
                .collect();
            let v: Vec<String> = (0..4)
                .map(|i| format!(r#""g{i}": {{"a": {mine}, "b": {other}}}"#))
                .collect();
            format!(
                r#"{{"id": "{id}", "weights": {{{}}}, "values": {{{}}}}}"#,
                w.join(", "),
                v.join(", ")
            )
        };
        let json = format!(
            r#"{{"name": "goods", "issues": [{}], "actors": [{}, {}]}}"#,
            issues.join(", "),
            actor("a", [4, 3, 2, 1]),
            actor("b", [1, 2, 3, 4]),
        );
        let scenario = Scenario::from_json(&json, "goods").expect("valid");
        let board = Board::new(&scenario, &Plan::default());
        let (a, d, f) = ([1.0, 0.0], [0.0, 0.0], [0.0, 0.5]);
        let plain = board.linear_tails(&a)[0];
        assert!((plain - 1.0).abs() < 1e-12, "{plain}");
        let lambda = multipliers(&board, &a, &d, &f, 0.7);
        let w = [1.0, lambda[1]];
        let bound = board.linear_tails(&w)[0] - lambda[1] * 0.5;
        // The dual optimum is the fractional split's 0.4 + 0.3 + 0.2 x 2/3 = 0.8333 (b
        // takes good 3 and a third of good 2), at lambda_b = 2/3.
        assert!((0.8333..0.84).contains(&bound), "{lambda:?} {bound}");
    }
}
