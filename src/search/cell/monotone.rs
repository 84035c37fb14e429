//! Any monotone goal inside a cell: a grid, then a compass search.
//!
//! A goal the engine has no exact method for (a researcher's own objective without a
//! [`Shape`](crate::search::Shape)) is maximised over the cell's box by scoring a
//! regular grid of at most [`GRID_POINTS`] points (every moving issue's piece cut in
//! equal steps, ends included), then refining the best feasible grid point by compass
//! search (Kolda, Lewis and Torczon 2003, "Optimization by direct search", SIAM
//! Review 45(3), §3): try a step up and down along each moving issue, keep the best
//! move, halve the steps when none improves, stop when every step is below
//! [`STEP_FLOOR`] times its piece. Candidates are ranked like everywhere else: goal
//! (ties within 1e-12 relative), then the Nash objective, then the smaller position.
//!
//! This is a local method: exact on goals that are concave in the gains (the grid
//! only seeds it), a good point otherwise, never certified. Every goal evaluation is
//! charged to the engine's budget as it happens (in blocks of [`CHARGE`]), so
//! `max_nodes` and `max_seconds` stop it mid-cell. A goal that is NaN at a point makes
//! the point ineligible.

use std::cmp::Ordering;

use super::{above, gain, log_product, Cell, CellOptimum, GAIN_EPS, TIE_REL};
use crate::search::budget::Budget;

/// At most this many grid points per cell.
pub(crate) const GRID_POINTS: usize = 4096;

/// Compass steps stop below this fraction of their piece's length.
const STEP_FLOOR: f64 = 1e-12;

/// Goal evaluations charged to the budget at a time.
const CHARGE: u64 = 64;

/// At most this many compass moves (a safeguard: every move is a strict improvement
/// in a total order, so the search ends anyway).
const MAX_MOVES: usize = 100_000;

/// A monotone goal's cell problem.
pub(crate) struct MonotoneProblem<'a> {
    /// The cell's affine gains and box.
    pub cell: Cell<'a>,
    /// Nash weights for the tie-break.
    pub alpha: &'a [f64],
    /// Floors on the gains.
    pub floor: &'a [f64],
    /// The goal at the gains.
    pub score: &'a dyn Fn(&[f64]) -> f64,
    /// What the evaluations are charged to.
    pub budget: &'a Budget,
}

/// The budget ran out inside the cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OutOfBudget;

struct Probe {
    t: Vec<f64>,
    gains: Vec<f64>,
    score: f64,
    nash: f64,
}

/// The best point found (`None`: no point clears the floors with a goal that is a
/// number).
///
/// # Errors
/// [`OutOfBudget`] when the budget runs out before the search ends.
pub(crate) fn solve_monotone(p: &MonotoneProblem<'_>) -> Result<Option<CellOptimum>, OutOfBudget> {
    let c = &p.cell;
    let n = c.base.len();
    let m = c.lens.len();
    let moving: Vec<usize> = (0..m)
        .filter(|&k| c.lens[k] > 0.0 && (0..n).any(|i| c.slopes[k * n + i] != 0.0))
        .collect();
    let limited = p.budget.limited();
    let mut uncharged = 0u64;
    let mut evaluate = |t: &[f64]| -> Result<Option<Probe>, OutOfBudget> {
        uncharged += 1;
        if limited && uncharged == CHARGE {
            uncharged = 0;
            if !p.budget.spend(CHARGE) {
                return Err(OutOfBudget);
            }
        }
        let gains: Vec<f64> = (0..n).map(|i| gain(c, n, t, i)).collect();
        let feasible = gains
            .iter()
            .zip(p.floor)
            .all(|(g, f)| above(g - f, GAIN_EPS));
        let score = (p.score)(&gains);
        // A NaN goal makes the point ineligible, like a floor it does not clear.
        Ok((feasible && !score.is_nan()).then(|| Probe {
            t: t.to_vec(),
            score,
            nash: log_product(&gains, p.alpha),
            gains,
        }))
    };
    let per = grid_side(moving.len());
    let mut best: Option<Probe> = None;
    let mut digits = vec![0usize; moving.len()];
    let mut t = vec![0.0; m];
    loop {
        for (&k, &j) in moving.iter().zip(&digits) {
            t[k] = c.lens[k] * j as f64 / (per - 1) as f64;
        }
        if let Some(probe) = evaluate(&t)? {
            keep_better(&mut best, probe);
        }
        if !advance(&mut digits, per) {
            break;
        }
    }
    let Some(mut best) = best else {
        return Ok(None);
    };
    let mut steps: Vec<f64> = moving
        .iter()
        .map(|&k| c.lens[k] / (per - 1) as f64)
        .collect();
    let mut moves = 0;
    while moves < MAX_MOVES
        && moving
            .iter()
            .zip(&steps)
            .any(|(&k, &s)| s > STEP_FLOOR * c.lens[k])
    {
        // Moves must improve in the strict order (goal, Nash, smaller position), not
        // by the tolerant ranking: tolerant ties are not transitive, and a walk of
        // tied steps could drift or cycle.
        let mut moved: Option<Probe> = None;
        for (&k, &s) in moving.iter().zip(&steps) {
            for sign in [-1.0, 1.0] {
                let mut t = best.t.clone();
                t[k] = (t[k] + sign * s).clamp(0.0, c.lens[k]);
                if let Some(probe) = evaluate(&t)? {
                    let beats = |b: &Probe| strict(&probe, b) == Ordering::Greater;
                    if beats(&best) && moved.as_ref().is_none_or(beats) {
                        moved = Some(probe);
                    }
                }
            }
        }
        moves += 1;
        match moved {
            Some(probe) => best = probe,
            None => steps.iter_mut().for_each(|s| *s *= 0.5),
        }
    }
    let optimum = CellOptimum {
        t: best.t,
        score: best.score,
        nash: best.nash,
        gains: best.gains,
    };
    Ok(Some(optimum))
}

/// Grid points per moving issue: as many as fit in [`GRID_POINTS`], at least 2.
fn grid_side(moving: usize) -> usize {
    if moving == 0 {
        return 1;
    }
    let mut side = 2usize;
    while (side + 1)
        .checked_pow(moving as u32)
        .is_some_and(|total| total <= GRID_POINTS)
    {
        side += 1;
    }
    side
}

/// The next grid index, last issue fastest; false after the last.
fn advance(digits: &mut [usize], per: usize) -> bool {
    for d in digits.iter_mut().rev() {
        *d += 1;
        if *d < per {
            return true;
        }
        *d = 0;
    }
    false
}

fn keep_better(best: &mut Option<Probe>, probe: Probe) {
    if best
        .as_ref()
        .is_none_or(|b| rank(&probe, b) == Ordering::Greater)
    {
        *best = Some(probe);
    }
}

/// Goal, then Nash objective, then the smaller position, exactly.
fn strict(a: &Probe, b: &Probe) -> Ordering {
    a.score
        .total_cmp(&b.score)
        .then(a.nash.total_cmp(&b.nash))
        .then_with(|| smaller_position(a, b))
}

/// `Greater` when `a` lies before `b` in enumeration order.
fn smaller_position(a: &Probe, b: &Probe) -> Ordering {
    for (x, y) in a.t.iter().zip(&b.t) {
        match y.total_cmp(x) {
            Ordering::Equal => continue,
            other => return other,
        }
    }
    Ordering::Equal
}

/// Goal, then Nash objective, then the smaller position, with the contract's ties.
fn rank(a: &Probe, b: &Probe) -> Ordering {
    let tie =
        |x: f64, y: f64| x.total_cmp(&y).is_eq() || (x - y).abs() <= TIE_REL * x.abs().max(y.abs());
    if !tie(a.score, b.score) {
        return a.score.total_cmp(&b.score);
    }
    if !tie(a.nash, b.nash) {
        return a.nash.total_cmp(&b.nash);
    }
    smaller_position(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchOptions;

    #[test]
    fn the_budget_stops_the_search_inside_the_cell() {
        let options = SearchOptions {
            max_nodes: Some(100),
            ..SearchOptions::default()
        };
        let p = MonotoneProblem {
            cell: Cell {
                base: &[0.0, 1.0],
                slopes: &[1.0, -1.0],
                lens: &[1.0],
            },
            alpha: &[1.0, 1.0],
            floor: &[0.0, 0.0],
            score: &|g: &[f64]| g[0].min(g[1]),
            budget: &Budget::new(options),
        };
        assert_eq!(solve_monotone(&p), Err(OutOfBudget));
    }

    #[test]
    fn a_nan_goal_is_never_the_best_point() {
        // Largest g_a wins, except that the goal is NaN above t = 0.5.
        let p = MonotoneProblem {
            cell: Cell {
                base: &[0.0, 1.0],
                slopes: &[1.0, -1.0],
                lens: &[1.0],
            },
            alpha: &[1.0, 1.0],
            floor: &[0.0, 0.0],
            score: &|g: &[f64]| if g[0] > 0.5 { f64::NAN } else { g[0] },
            budget: &Budget::new(SearchOptions::default()),
        };
        let best = solve_monotone(&p).expect("no budget").expect("feasible");
        assert!(
            best.score.is_finite() && (best.t[0] - 0.5).abs() < 1e-9,
            "{best:?}"
        );
    }

    #[test]
    fn the_grid_side_fills_the_point_budget() {
        assert_eq!(grid_side(0), 1);
        assert_eq!(grid_side(1), GRID_POINTS);
        assert_eq!(grid_side(2), 64);
        assert_eq!(grid_side(3), 16);
        assert!(grid_side(12) >= 2);
    }

    #[test]
    fn finds_the_max_min_of_two_lines_like_the_exact_solver() {
        // g_a = t, g_b = 1 - t on [0, 1]: min is largest at t = 1/2.
        let base = [0.0, 1.0];
        let slopes = [1.0, -1.0];
        let lens = [1.0];
        let score = |g: &[f64]| g[0].min(g[1]);
        let p = MonotoneProblem {
            cell: Cell {
                base: &base,
                slopes: &slopes,
                lens: &lens,
            },
            alpha: &[1.0, 1.0],
            floor: &[0.0, 0.0],
            score: &score,
            budget: &Budget::new(SearchOptions::default()),
        };
        let best = solve_monotone(&p).expect("no budget").expect("feasible");
        assert!((best.t[0] - 0.5).abs() < 1e-9, "{best:?}");
    }

    #[test]
    fn an_infeasible_cell_has_no_point() {
        let p = MonotoneProblem {
            cell: Cell {
                base: &[-1.0, 1.0],
                slopes: &[0.5, -1.0],
                lens: &[1.0],
            },
            alpha: &[1.0, 1.0],
            floor: &[0.0, 0.0],
            score: &|g: &[f64]| g[0] + g[1],
            budget: &Budget::new(SearchOptions::default()),
        };
        assert_eq!(solve_monotone(&p), Ok(None));
    }
}
