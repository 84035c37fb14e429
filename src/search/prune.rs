//! The discrete frontier restricted to partial outcomes that can still win.

use super::board::Board;
use super::budget::Budget;
use super::cell::GAIN_EPS;
use super::frontier::{self, BuildOptions, Frontier, PartialScore};
use super::goal::{Goal, Seated};
use super::lagrange;
use super::layer::Layer;
use super::polish;
use super::tangent;
use crate::error::Result;
use crate::space::Value;

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
    /// must be able to clear every floor (individual rationality), and, once an
    /// incumbent is known (from the goal's tangent plane on boards of discrete issues
    /// alone, else from a beam search), must not be bounded below it. The bounds:
    /// the goal at each actor's best completion (every goal is monotone in each gain),
    /// and for log products and linear goals the plane through the incumbent
    /// (STRUCTURE.md item 4): for a log product F(x) <= F(q) + g.(x - q),
    /// g_i = w_i / q_i, whose maximum over the remaining issues decomposes issue by
    /// issue. Floors above zero (a proposal's responders under alternating offers) add
    /// their Lagrange multipliers to the plane ([`lagrange`]), which also steers the
    /// beam towards outcomes that clear them; for a linear goal, more planes with
    /// multipliers re-optimised along the incumbent's first tables cut at each depth
    /// ([`Bar::deepen`]). Outcomes given as `hints` (earlier answers, such as the next
    /// proposal of an offer cycle) are incumbents too when they clear the floors. Only
    /// outcomes strictly worse than the incumbent are cut, so the exact answer and its
    /// ties survive, whatever the incumbent.
    pub(super) fn pruned_frontier(
        &self,
        seated: &Seated,
        goal: &Goal<'_>,
        floors: &[f64],
        hints: &[&[Value]],
        budget: &Budget,
    ) -> Result<Frontier> {
        let d = &seated.d;
        let n = d.len();
        let floor: Vec<f64> = d.iter().zip(floors).map(|(d, f)| d + f).collect();
        let completions = Completions::new(&self.board);
        let optimistic = |done: usize, u: &[f64]| -> f64 {
            // Called for every partial outcome: no allocation for the usual few actors.
            let mut small = [0.0; 16];
            let mut large = Vec::new();
            let best: &mut [f64] = if n <= small.len() {
                &mut small[..n]
            } else {
                large.resize(n, 0.0);
                &mut large
            };
            if !completions.best_gains(done, u, d, floors, best) {
                return f64::NEG_INFINITY;
            }
            goal.score(best)
        };
        // Floors above zero: rank the beam by the Lagrangian plane instead, so that it
        // heads for outcomes that clear them (the goal alone heads for the proposer's
        // ideal, which the floors usually forbid).
        let ideal = completions.ideal(d);
        let plane = match goal.tangent(&ideal) {
            Some(a) if floors.iter().any(|f| *f > 0.0) => {
                let lambda = lagrange::multipliers(&self.board, &a, d, floors, 0.0);
                let w: Vec<f64> = a.iter().zip(&lambda).map(|(a, l)| a + l).collect();
                let tails = self.board.linear_tails(&w);
                Some((w, tails, lambda))
            }
            _ => None,
        };
        let optimistic = &optimistic;
        let steered = plane.as_ref().map(|(w, tails, _)| {
            move |done: usize, u: &[f64]| -> f64 {
                if optimistic(done, u) == f64::NEG_INFINITY {
                    return f64::NEG_INFINITY;
                }
                (0..n).map(|i| w[i] * (u[i] - d[i])).sum::<f64>() + tails[done]
            }
        });
        // The tangent plane's outcome when the goal and board allow it, else a beam.
        let lambda = plane.as_ref().map_or_else(|| vec![0.0; n], |p| p.2.clone());
        // Goals without a tangent (a minimum of ratios) have plateaus that stall the
        // one-issue moves: the beam serves them better.
        let clears = ideal.iter().zip(floors).all(|(g, f)| g > f);
        let start = goal
            .tangent(&ideal)
            .filter(|_| clears)
            .and_then(|a| tangent::start(&self.board, goal, d, floors, a, &lambda));
        let hinted = polish::hinted(&self.board, goal, d, floors, hints);
        let mut incumbent = [start, hinted]
            .into_iter()
            .flatten()
            .reduce(|best, s| if s.score > best.score { s } else { best })
            .map(|s| (s.score, s.gains, s.choice));
        let beams: &[(usize, PartialScore<'_>)] = match (&incumbent, &steered) {
            (Some(_), _) => &[],
            (None, Some(score)) => &[(STEERED_BEAM, score), (BEAM, score)],
            (None, None) => &[(BEAM, optimistic)],
        };
        for &beam in beams {
            let opts = BuildOptions {
                keep_ties: false,
                floor: Some(&floor),
                cut: None,
                beam: Some(beam),
            };
            let f = frontier::build(&self.board, &opts, budget)?;
            if let Some(found) = self.scan(&f, d, goal, floors, budget)? {
                incumbent = Some((found.score, found.gains, f.choice(found.point).to_vec()));
                break;
            }
        }
        // A linear goal under floors: moves of one issue at a time may raise the bar
        // (the incumbent sets the bar and steers the planes per depth; it stays a
        // feasible outcome, so the cut stays exact).
        if let (Some(incumbent), true, true) = (
            incumbent.as_mut(),
            goal.linear().is_some(),
            steered.is_some(),
        ) {
            if let Some(better) = polish::improve(&self.board, &incumbent.2, goal, d, floors) {
                *incumbent = (better.score, better.gains, better.choice);
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
        let mut bar = Bar::new(&self.board, goal, d, floors, incumbent.0, &incumbent.1);
        bar.deepen(&self.board, goal, d, floors, &incumbent.2, incumbent.0);
        // The plane first: one dot product, where the goal at the best completion
        // takes a logarithm per actor.
        let cut = |done: usize, u: &[f64]| -> bool {
            bar.plane_cuts(done, u, d) || optimistic(done, u) < bar.value
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

/// What a feasible incumbent cuts: every partial outcome whose best completion scores
/// below it, and for log products and linear goals every one whose reach on the plane
/// through it falls short (module docs of [`Layer::pruned_frontier`]).
pub(super) struct Bar {
    /// The incumbent's score less the cut's margin.
    pub value: f64,
    plane: Option<Plane>,
    /// Per number of tables decided, a plane whose floors' multipliers are re-optimised
    /// for the completions of the incumbent's first tables (empty unless deepened).
    deeper: Vec<Option<Plane>>,
}

/// A plane through the incumbent's gains: `direction . (u - d) + tails[done]` bounds
/// the plane's value over the completions of a partial outcome.
struct Plane {
    direction: Vec<f64>,
    tails: Vec<f64>,
    /// The floors' multipliers in the direction (zeros without floors).
    lambda: Vec<f64>,
    threshold: f64,
}

/// The plane's cut at `level` (the incumbent's value on it before the floors), lifted
/// by the floors' multipliers (`level + lambda . floors`) and lowered by the cut's
/// margin and the rounding allowance of every gain.
fn threshold(level: f64, lambda: &[f64], floors: &[f64], direction: &[f64]) -> f64 {
    let lifted = level + lambda.iter().zip(floors).map(|(l, f)| l * f).sum::<f64>();
    below(lifted) - ROUNDING * direction.iter().sum::<f64>()
}

/// A value less the cut's margin: what must be strictly beaten to be cut.
fn below(value: f64) -> f64 {
    value - CUT_MARGIN * (1.0 + value.abs())
}

impl Bar {
    /// The bar of a feasible outcome scoring `score` with gains `gains`.
    pub(super) fn new(
        board: &Board,
        goal: &Goal<'_>,
        d: &[f64],
        floors: &[f64],
        score: f64,
        gains: &[f64],
    ) -> Self {
        let value = below(score);
        let tangent = goal.tangent(gains);
        // The plane's level: the goal itself for a linear goal, its tangent's value at
        // the incumbent for a log product (concave, so the plane lies above it).
        let level = match &tangent {
            Some(g) if goal.is_log_product() => g.iter().zip(gains).map(|(g, q)| g * q).sum(),
            _ => score,
        };
        // Floors above zero (a proposal's responders) bend the plane by their
        // multipliers: w = tangent + lambda, cut below level + lambda . floors.
        let n = d.len();
        let (direction, lambda) = match tangent {
            Some(a) if floors.iter().any(|f| *f > 0.0) => {
                let lambda = lagrange::multipliers(board, &a, d, floors, level);
                let w: Vec<f64> = a.iter().zip(&lambda).map(|(a, l)| a + l).collect();
                (Some(w), lambda)
            }
            other => (other, vec![0.0; n]),
        };
        let plane = direction.map(|direction| Plane {
            tails: board.linear_tails(&direction),
            threshold: threshold(level, &lambda, floors, &direction),
            direction,
            lambda,
        });
        Bar {
            value,
            plane,
            deeper: Vec::new(),
        }
    }

    /// Adds, for a linear goal under floors on a board without links, a plane per
    /// depth whose multipliers are re-optimised for the completions of the first
    /// tables of `choice` (the incumbent, scoring `score`). Any non-negative
    /// multipliers give a valid bound, so each plane may cut any partial outcome of
    /// its depth; these are tightest next to the incumbent, where the root's plane
    /// cuts least.
    pub(super) fn deepen(
        &mut self,
        board: &Board,
        goal: &Goal<'_>,
        d: &[f64],
        floors: &[f64],
        choice: &[u32],
        score: f64,
    ) {
        let Some(a) = goal.linear().map(<[f64]>::to_vec) else {
            return;
        };
        if !board.links.is_empty() || !floors.iter().any(|f| *f > 0.0) {
            return;
        }
        let n = d.len();
        let mut base = vec![0.0; n];
        let mut lambda = self
            .plane
            .as_ref()
            .map_or_else(|| vec![0.0; n], |p| p.lambda.clone());
        self.deeper = vec![None];
        for (t, table) in board.discrete.iter().enumerate().take(choice.len()) {
            let v = choice[t] as usize;
            for (b, c) in base.iter_mut().zip(&table.contrib[v * n..(v + 1) * n]) {
                *b += c;
            }
            let from = t + 1;
            lambda = lagrange::multipliers_from(board, from, &base, &a, d, floors, score, &lambda);
            let direction: Vec<f64> = a.iter().zip(&lambda).map(|(a, l)| a + l).collect();
            self.deeper.push(Some(Plane {
                tails: board.linear_tails(&direction),
                threshold: threshold(score, &lambda, floors, &direction),
                direction,
                lambda: lambda.clone(),
            }));
        }
    }

    /// The bar of a feasible outcome scoring `score`, better than the one that set
    /// `previous`. A linear goal keeps the previous plane's direction (its
    /// coefficients plus the same multipliers: any multipliers give a valid bound),
    /// so only the level moves, without another descent; otherwise a new bar.
    pub(super) fn raised(
        previous: Option<Bar>,
        board: &Board,
        goal: &Goal<'_>,
        d: &[f64],
        floors: &[f64],
        score: f64,
        gains: &[f64],
    ) -> Self {
        match previous.and_then(|b| b.plane) {
            Some(mut plane) if goal.linear().is_some() => {
                plane.threshold = threshold(score, &plane.lambda, floors, &plane.direction);
                Bar {
                    value: below(score),
                    plane: Some(plane),
                    deeper: Vec::new(),
                }
            }
            _ => Bar::new(board, goal, d, floors, score, gains),
        }
    }

    /// Whether the goal has a plane through the incumbent.
    pub(super) fn has_plane(&self) -> bool {
        self.plane.is_some()
    }

    /// Whether the plane proves that no completion of a partial outcome (seated
    /// utilities `u` after `done` tables) reaches the incumbent; false without one.
    pub(super) fn plane_cuts(&self, done: usize, u: &[f64], d: &[f64]) -> bool {
        self.plane.as_ref().is_some_and(|p| p.cuts(done, u, d))
            || self
                .deeper
                .get(done)
                .and_then(Option::as_ref)
                .is_some_and(|p| p.cuts(done, u, d))
    }
}

impl Plane {
    /// Whether the plane's reach over the completions of `u` (after `done` tables)
    /// falls short of its threshold.
    fn cuts(&self, done: usize, u: &[f64], d: &[f64]) -> bool {
        let reach: f64 = self
            .direction
            .iter()
            .zip(u.iter().zip(d))
            .map(|(g, (u, d))| g * (u - d))
            .sum::<f64>()
            + self.tails[done];
        reach < self.threshold
    }
}

/// Each seated actor's most utility over the completions of a partial outcome.
pub(super) struct Completions<'b> {
    /// `rests[done]`: what tables `done..` can add at most, per seated actor.
    rests: &'b [Vec<f64>],
}

impl<'b> Completions<'b> {
    pub(super) fn new(board: &'b Board) -> Self {
        Completions {
            rests: board.rests(),
        }
    }

    /// Each seated actor's best gain over `d` on the whole board (the ideal point).
    pub(super) fn ideal(&self, d: &[f64]) -> Vec<f64> {
        self.rests[0].iter().zip(d).map(|(r, d)| r - d).collect()
    }

    /// Each actor's best gain over the completions of utilities `u` after `done`
    /// tables (allowing for rounding) into `best`; false when one of them cannot clear
    /// its floor.
    pub(super) fn best_gains(
        &self,
        done: usize,
        u: &[f64],
        d: &[f64],
        floors: &[f64],
        best: &mut [f64],
    ) -> bool {
        let rest = &self.rests[done];
        let mut clears = true;
        for i in 0..best.len() {
            best[i] = u[i] + rest[i] - d[i] + ROUNDING;
            clears &= best[i] > floors[i] + GAIN_EPS;
        }
        clears
    }
}
