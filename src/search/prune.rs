//! The discrete frontier restricted to partial outcomes that can still win.

use super::budget::Budget;
use super::cell::GAIN_EPS;
use super::frontier::{self, BuildOptions, Frontier, PartialScore};
use super::goal::{Goal, Seated};
use super::lagrange;
use super::layer::Layer;
use super::polish;
use crate::error::Result;

/// Partial outcomes kept per step by the beam search that finds the first incumbent.
const BEAM: usize = 128;

/// The same, ranked by the Lagrangian plane (floors above zero): better informed, so
/// narrower at first; [`BEAM`] wide when it finds nothing.
const STEERED_BEAM: usize = 32;

/// Relative margin below the incumbent under which a bound cuts a partial outcome:
/// far above rounding error, far below any difference the tie-break could see.
const CUT_MARGIN: f64 = 1e-9;

/// Added to every gain a bound reaches: the bounds sum the tables' values at knots,
/// while a candidate's gains come from a cell's corner plus its slopes, which can
/// round above them (by about 1e-17 on a 0.44 rise ending at 1e-9). Negligible
/// against gains of any size, decisive for a goal of their logarithms when a gain is
/// itself tiny.
const ROUNDING: f64 = 1e-12;

/// How far below zero a weighted sum of the gains above their floors must be bounded
/// before it proves them out of reach: far above rounding error in sums of utilities
/// in [0, 1].
const FEASIBILITY_MARGIN: f64 = 1e-9;

impl Layer {
    /// The discrete frontier restricted to partial outcomes that can still win: each
    /// must be able to clear every floor (individual rationality), and, once a beam
    /// search has found an incumbent, must not be bounded below it. The bounds:
    /// the goal at each actor's best completion (every goal is monotone in each gain),
    /// and for log products and linear goals the plane through the incumbent
    /// (STRUCTURE.md item 4): for a log product F(x) <= F(q) + g.(x - q),
    /// g_i = w_i / q_i, whose maximum over the remaining issues decomposes issue by
    /// issue. Floors above zero (a proposal's responders under alternating offers) add
    /// their Lagrange multipliers to the plane ([`lagrange`]), which also steers the
    /// beam towards outcomes that clear them. Only outcomes strictly worse than the
    /// incumbent are cut, so the exact answer and its ties survive.
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
            let best: Vec<f64> = (0..n)
                .map(|i| u[i] + rests[done][i] - d[i] + ROUNDING)
                .collect();
            if best.iter().zip(floors).any(|(g, f)| *g <= *f + GAIN_EPS) {
                return f64::NEG_INFINITY;
            }
            goal.score(&best)
        };
        // Floors above zero: rank the beam by the Lagrangian plane instead, so that it
        // heads for outcomes that clear them (the goal alone heads for the proposer's
        // ideal, which the floors usually forbid).
        let ideal: Vec<f64> = (0..n).map(|i| rests[0][i] - d[i]).collect();
        let plane = match goal.tangent(&ideal) {
            Some(a) if floors.iter().any(|f| *f > 0.0) => {
                let lambda = lagrange::multipliers(&self.board, &a, d, floors, 0.0);
                let w: Vec<f64> = a.iter().zip(&lambda).map(|(a, l)| a + l).collect();
                let tails = self.board.linear_tails(&w);
                Some((w, tails))
            }
            _ => None,
        };
        let optimistic = &optimistic;
        let steered = plane.as_ref().map(|(w, tails)| {
            move |done: usize, u: &[f64]| -> f64 {
                if optimistic(done, u) == f64::NEG_INFINITY {
                    return f64::NEG_INFINITY;
                }
                (0..n).map(|i| w[i] * (u[i] - d[i])).sum::<f64>() + tails[done]
            }
        });
        let beams: &[(usize, PartialScore<'_>)] = match &steered {
            Some(score) => &[(STEERED_BEAM, score), (BEAM, score)],
            None => &[(BEAM, optimistic)],
        };
        let mut incumbent = None;
        for &beam in beams {
            let opts = BuildOptions {
                keep_ties: false,
                floor: Some(&floor),
                cut: None,
                beam: Some(beam),
            };
            let f = frontier::build(&self.board, &opts, budget)?;
            incumbent = self.scan(&f, d, goal, floors, budget)?;
            if let Some(found) = incumbent.as_mut() {
                // A linear goal under floors: moves of one issue at a time may raise
                // the bar (only its value and gains are used below, and they belong
                // to a feasible outcome, so the cut stays exact).
                if let (Some(c), true) = (goal.linear(), steered.is_some()) {
                    let choices = f.choice(found.point);
                    if let Some((score, gains)) =
                        polish::improve(&self.board, choices, c, d, floors)
                    {
                        found.score = score;
                        found.gains = gains;
                    }
                }
                break;
            }
        }
        let Some(incumbent) = incumbent else {
            // The beam found nothing that clears the floors: search without a bar, but
            // cut what cannot clear them on a weighted sum of the gains (which may
            // prove at once that nothing can).
            let (lambda, reach) = lagrange::feasibility_multipliers(&self.board, d, floors);
            let proven = reach < -FEASIBILITY_MARGIN;
            let tails = self.board.linear_tails(&lambda);
            let slack: f64 = (0..n).map(|i| lambda[i] * (d[i] + floors[i])).sum();
            let cut = |done: usize, u: &[f64]| -> bool {
                let reach: f64 = (0..n).map(|i| lambda[i] * u[i]).sum::<f64>() + tails[done];
                proven || reach - slack < -FEASIBILITY_MARGIN
            };
            let opts = BuildOptions {
                keep_ties: false,
                floor: Some(&floor),
                cut: Some(&cut),
                beam: None,
            };
            return frontier::build(&self.board, &opts, budget);
        };
        let bar = incumbent.score - CUT_MARGIN * (1.0 + incumbent.score.abs());
        let tangent = goal.tangent(&incumbent.gains);
        // The plane's level: the goal itself for a linear goal, its tangent's value at
        // the incumbent for a log product (concave, so the plane lies above it).
        let level = match &tangent {
            Some(g) if goal.is_log_product() => {
                g.iter().zip(&incumbent.gains).map(|(g, q)| g * q).sum()
            }
            _ => incumbent.score,
        };
        // Floors above zero (a proposal's responders) bend the plane by their
        // multipliers: w = tangent + lambda, cut below level + lambda . floors.
        let (direction, level) = match tangent {
            Some(a) if floors.iter().any(|f| *f > 0.0) => {
                let lambda = lagrange::multipliers(&self.board, &a, d, floors, level);
                let w: Vec<f64> = a.iter().zip(&lambda).map(|(a, l)| a + l).collect();
                let lifted: f64 = lambda.iter().zip(floors).map(|(l, f)| l * f).sum();
                (Some(w), level + lifted)
            }
            other => (other, level),
        };
        let tails = direction.as_ref().map(|g| self.board.linear_tails(g));
        let threshold = match &direction {
            Some(g) => level - CUT_MARGIN * (1.0 + level.abs()) - ROUNDING * g.iter().sum::<f64>(),
            None => bar,
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
