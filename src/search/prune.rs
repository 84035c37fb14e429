//! The discrete frontier restricted to partial outcomes that can still win.

use super::budget::Budget;
use super::cell::GAIN_EPS;
use super::frontier::{self, BuildOptions, Frontier};
use super::goal::{Goal, Seated};
use super::layer::Layer;
use crate::error::Result;

/// Partial outcomes kept per step by the beam search that finds the first incumbent.
const BEAM: usize = 128;

/// Relative margin below the incumbent under which a bound cuts a partial outcome:
/// far above rounding error, far below any difference the tie-break could see.
const CUT_MARGIN: f64 = 1e-9;

impl Layer {
    /// The discrete frontier restricted to partial outcomes that can still win: each
    /// must be able to clear every floor (individual rationality), and, once a beam
    /// search has found an incumbent, must not be bounded below it. The bounds:
    /// the goal at each actor's best completion (every goal is monotone in each gain),
    /// and for log products and linear goals the plane through the incumbent
    /// (STRUCTURE.md item 4): for a log product F(x) <= F(q) + g.(x - q),
    /// g_i = w_i / q_i, whose maximum over the remaining issues decomposes issue by
    /// issue. Only outcomes strictly worse than the incumbent are cut, so the exact
    /// answer and its ties survive.
    pub(super) fn pruned_frontier(
        &self,
        seated: &Seated,
        goal: &Goal<'_>,
        floors: &[f64],
        budget: &Budget,
    ) -> Result<Frontier> {
        let d = &seated.d;
        let n = d.len();
        let floor: Vec<f64> = d.iter().zip(floors).map(|(d, f)| d + f).collect();
        let k = self.board.discrete.len();
        let rests: Vec<Vec<f64>> = (0..=k).map(|j| self.board.rest_max(j)).collect();
        let optimistic = |done: usize, u: &[f64]| -> f64 {
            let best: Vec<f64> = (0..n).map(|i| u[i] + rests[done][i] - d[i]).collect();
            if best.iter().zip(floors).any(|(g, f)| *g <= *f + GAIN_EPS) {
                return f64::NEG_INFINITY;
            }
            goal.score(&best)
        };
        let beam = BuildOptions {
            keep_ties: false,
            floor: Some(&floor),
            cut: None,
            beam: Some((BEAM, &optimistic)),
        };
        let incumbent = {
            let f = frontier::build(&self.board, &beam, budget)?;
            self.scan(&f, d, goal, floors, budget)?
        };
        let Some(incumbent) = incumbent else {
            // The beam found nothing individually rational: search without a bar.
            let opts = BuildOptions {
                keep_ties: false,
                floor: Some(&floor),
                cut: None,
                beam: None,
            };
            return frontier::build(&self.board, &opts, budget);
        };
        let bar = incumbent.score - CUT_MARGIN * (1.0 + incumbent.score.abs());
        let direction = goal.tangent(&incumbent.gains);
        let tails = direction.as_ref().map(|g| self.board.linear_tails(g));
        let threshold = match &direction {
            Some(g) if goal.is_log_product() => {
                let gq: f64 = g.iter().zip(&incumbent.gains).map(|(g, q)| g * q).sum();
                gq - CUT_MARGIN * (1.0 + gq.abs())
            }
            _ => bar,
        };
        let cut = |done: usize, u: &[f64]| -> bool {
            if optimistic(done, u) < bar {
                return true;
            }
            match (&direction, &tails) {
                (Some(g), Some(tails)) => {
                    let reach: f64 =
                        (0..n).map(|i| g[i] * (u[i] - d[i])).sum::<f64>() + tails[done];
                    reach < threshold
                }
                _ => false,
            }
        };
        let opts = BuildOptions {
            keep_ties: false,
            floor: Some(&floor),
            cut: Some(&cut),
            beam: None,
        };
        frontier::build(&self.board, &opts, budget)
    }
}
