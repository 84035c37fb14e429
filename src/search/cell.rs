//! Exact optimisation of one bargaining goal inside one linear *cell*.
//!
//! # Model
//!
//! `n` seated actors bargain over `m` continuous issues. Inside one cell (one
//! linear piece of every continuous issue) actor `i`'s gain is affine in the
//! continuous values `t`:
//!
//! ```text
//! g_i(t) = base[i] + sum_k t_k * slopes[k*n + i],   t_k in [0, lens[k]]
//! ```
//!
//! subject to the floors `g_i(t) >= floor[i]`. The cell is *feasible* iff the
//! strict set `{t in box : g_i(t) > floor[i] + GAIN_EPS for all i}` is
//! non-empty; the optimum is then taken over the closed set
//! `{t in box : g_i(t) >= floor[i]}`.
//!
//! Goals (all concave in `g`, hence in `t`): the weighted Nash product
//! `N(t) = sum_i alpha_i ln g_i(t)`, the (scaled) max–min of gains
//! (egalitarian, Kalai–Smorodinsky) and a non-negative linear combination
//! (utilitarian, "best for one actor"). Ties are broken, as a contract, first
//! by `N`, then by the lexicographically smallest `t`; goal values within
//! `1e-12` relative count as ties. Nash ties are exact ties of the gain
//! vector (`N` is strictly concave in `g`), i.e. they only arise along the
//! null space of the slope matrix.
//!
//! # Method
//!
//! * Issues whose box has length 0, or whose slope column is zero, do not move
//!   any gain; they are pinned at `t_k = 0` (the lexicographic tie-break).
//! * One remaining issue (the hot path, run millions of times): everything is
//!   one-dimensional and solved exactly without heap allocation until the
//!   result is assembled. The feasible set is an interval; the max–min of
//!   lines is found among the endpoints and pairwise crossings; the Nash
//!   optimum is the root of the strictly decreasing derivative
//!   `sum_i alpha_i w_i / g_i(u)`, found by Newton's method safeguarded by
//!   bisection (Press et al., *Numerical Recipes*, 3rd ed., §9.4, `rtsafe`).
//! * Two or more issues: the feasibility test and the linear-programming goals
//!   use a small dense two-phase simplex with Bland's rule (Chvátal, *Linear
//!   Programming*, 1983, ch. 3 and 8). The set of goal maximisers (relaxed by
//!   the tie tolerance) is then reduced to its affine hull by detecting the
//!   implicit equalities with one LP per still-undecided constraint
//!   (Schrijver, *Theory of Linear and Integer Programming*, 1986, §8.2). On
//!   that face the Nash objective is maximised by a log-barrier method with
//!   damped Newton centring steps (Boyd & Vandenberghe, *Convex
//!   Optimization*, 2004, ch. 11 and §9.6), followed by an active-set
//!   "polish" that solves the KKT system exactly on the detected active face
//!   (Nocedal & Wright, *Numerical Optimization*, 2nd ed., ch. 16). Where the
//!   Nash objective leaves a null space, the lexicographic rule is applied by
//!   a sequence of LPs.
//!
//! # Edge semantics (part of the contract)
//!
//! * The tie set of an LP goal is `{t : goal(t) >= best - 1e-12 |best|}`.
//!   When that set is a sliver thinner than `FACE_TOL` times the largest box
//!   length around a lower-dimensional face, it is collapsed onto the face:
//!   the returned point then scores *exactly* `best`. In particular, if every
//!   exact goal maximiser has some zero gain (e.g. "best for actor a" with
//!   another actor's floor at 0), `nash` is `-inf` rather than the log of a
//!   ~1e-12 gain manufactured by the tie tolerance.
//! * Nash ties are equal gain vectors; among them the lexicographically
//!   smallest `t` is returned (up to ~1e-10 in `t` along near-null directions).
//! * `m == 0`, zero-length pieces and zero slope columns all reduce to a
//!   lower-dimensional problem with those `t_k = 0`.
//! * Accuracy (tested against independent references): `t` to ~1e-15 for
//!   Nash, goal values to ~1e-12; well inside the `1e-6 * max(lens)` contract.
//! * Cost: ~0.25 µs per solve for one moving issue (n = 4, release build,
//!   two small `Vec`s for the result); ~5 µs for LP goals and ~20–30 µs for
//!   Nash with two or three moving issues, except Nash with two moving issues
//!   and zero floors (every pair of a sweep), which the allocation-free
//!   kernel `box2::nash_box2` solves exactly in ~0.1–0.3 µs.

use nalgebra::{DMatrix, DVector};

mod box2;
mod face;
mod general;
mod line;
mod monotone;
mod simplex;

use face::*;
use general::*;
use line::*;
use simplex::*;

pub(crate) use box2::nash_box2;
pub(crate) use monotone::{solve_monotone, MonotoneProblem, OutOfBudget};

use crate::search::objective::{log_product, Shape};

/// Strictness margin of the feasibility test: a cell is feasible iff some
/// point of the box has every gain above its floor by more than this.
pub(crate) const GAIN_EPS: f64 = 1e-12;

/// Relative tolerance under which two goal values count as tied (contract).
const TIE_REL: f64 = 1e-12;

/// A constraint whose slack, measured as a Euclidean distance, never exceeds
/// `FACE_TOL * (largest box length)` on the tie set is treated as an implicit
/// equality: the tie set is then a face of lower dimension. Chosen three
/// orders of magnitude above the width of the tie sliver so that slivers
/// collapse, and far below the accuracy contract (`1e-6`).
const FACE_TOL: f64 = 1e-9;

/// Relative singular-value threshold for numerical rank decisions.
const RANK_TOL: f64 = 1e-10;

/// Phase-one residual (relative to the normalised right-hand sides) under
/// which the simplex declares a polytope non-empty.
const LP_FEAS_TOL: f64 = 1e-9;

/// Smallest pivot the simplex accepts (rows are normalised to unit max-norm).
const LP_PIVOT_TOL: f64 = 1e-11;

/// Target duality gap of the barrier method, relative to `sum_i alpha_i`.
/// The barrier's suboptimality bound is `#constraints / tau`
/// (Boyd & Vandenberghe §11.2.2).
const BARRIER_GAP: f64 = 1e-13;

/// One cell: the affine gains of every actor over a box of continuous values.
#[derive(Clone, Copy)]
pub(crate) struct Cell<'a> {
    /// Gain of each actor at `t = 0`, length `n`.
    pub base: &'a [f64],
    /// Column-major slopes: `slopes[k*n + i]` is `d g_i / d t_k`, length `n*m`.
    pub slopes: &'a [f64],
    /// Length of each continuous issue's piece, `t_k in [0, lens[k]]`, length `m`.
    pub lens: &'a [f64],
}

/// What to maximise over the cell.
pub(crate) enum Goal<'a> {
    /// The weighted Nash product in log form, `sum_i alpha_i ln g_i`.
    Nash,
    /// `min_i g_i / scale[i]` (egalitarian with `scale = 1`, Kalai–Smorodinsky
    /// with `scale = ideal - d`); every `scale[i] > 0`.
    MaxMin {
        /// Per-actor divisor, length `n`, all positive.
        scale: &'a [f64],
    },
    /// `sum_i coef[i] * g_i` with `coef >= 0` (utilitarian, best for one actor).
    Linear {
        /// Per-actor weight, length `n`, all non-negative.
        coef: &'a [f64],
    },
}

/// A full cell problem: the cell, the Nash weights, the floors and the goal.
pub(crate) struct CellProblem<'a> {
    /// The cell's affine gains and box.
    pub cell: Cell<'a>,
    /// Nash weights, length `n`, all positive (also used by the tie-break).
    pub alpha: &'a [f64],
    /// Floors `g_i >= floor[i] >= 0`, length `n`.
    pub floor: &'a [f64],
    /// The goal to maximise.
    pub goal: Goal<'a>,
}

impl<'a> Goal<'a> {
    /// The goal as an objective shape, with the Nash weights `alpha`.
    pub(crate) fn shape(&self, alpha: &'a [f64]) -> Shape<'a> {
        match *self {
            Goal::Nash => Shape::LogProduct(alpha),
            Goal::MaxMin { scale } => Shape::MinRatio(scale),
            Goal::Linear { coef } => Shape::Linear(coef),
        }
    }
}

/// The most actor `i`'s gain can rise over a box: every issue pushed to the end
/// that raises it (`slopes[k * n + i]` per unit of issue k, piece lengths `lens`).
pub(crate) fn max_rise(slopes: &[f64], lens: &[f64], n: usize, i: usize) -> f64 {
    lens.iter()
        .enumerate()
        .map(|(k, len)| (slopes[k * n + i] * len).max(0.0))
        .sum()
}

/// The optimiser of a feasible cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CellOptimum {
    /// Continuous values, length `m`, inside the box.
    pub t: Vec<f64>,
    /// Goal value at `t` (equals `nash` for [`Goal::Nash`]).
    pub score: f64,
    /// `sum_i alpha_i ln g_i(t)`, `-inf` if some gain is not positive.
    pub nash: f64,
    /// Gains `g_i(t)`, length `n`.
    pub gains: Vec<f64>,
}

/// Solves one cell: `None` if the strict feasible set is empty (or the input
/// violates the documented contracts), otherwise the goal's optimiser with the
/// Nash / lexicographic tie-break.
pub(crate) fn solve(p: &CellProblem<'_>) -> Option<CellOptimum> {
    solve_with(p, false)
}

/// As [`solve`], but for [`Goal::Linear`] only the optimal *value* is wanted (a Kalai
/// ideal point): with two or more moving issues the Nash / lexicographic tie-break
/// among the maximisers, which costs several LPs and a barrier solve, is skipped and
/// some maximiser is returned. Other goals are solved exactly as by [`solve`].
pub(crate) fn solve_value(p: &CellProblem<'_>) -> Option<CellOptimum> {
    solve_with(p, true)
}

fn solve_with(p: &CellProblem<'_>, value_only: bool) -> Option<CellOptimum> {
    let (n, m) = validate(p)?;
    let lens = p.cell.lens;
    let slopes = p.cell.slopes;
    // An issue moves gains only if its piece has positive length and a
    // non-zero slope column; otherwise every value of it ties and the
    // lexicographic rule pins it at 0. Counting without allocating keeps the
    // m == 1 hot path allocation-free.
    let is_active = |k: usize| {
        lens[k] > 0.0
            && slopes
                .get(k * n..(k + 1) * n)
                .is_some_and(|col| col.iter().any(|s| s.abs() > 0.0))
    };
    let mut first = None;
    let mut count = 0usize;
    for k in 0..m {
        if is_active(k) {
            count += 1;
            first.get_or_insert(k);
        }
    }
    let mut t = vec![0.0; m];
    match (count, first) {
        (0, _) | (_, None) => {
            // The box is (effectively) a point: feasible iff strictly above floors there.
            let strict = (0..n).all(|i| p.cell.base[i] - p.floor[i] > GAIN_EPS);
            if !strict {
                return None;
            }
        }
        (1, Some(k)) => {
            let w = slopes.get(k * n..(k + 1) * n)?;
            t[k] = solve_line(p, p.cell.base, w, lens[k])?;
        }
        _ => {
            let act: Vec<usize> = (0..m).filter(|&k| is_active(k)).collect();
            if let Some((k1, k2, tq)) = quick_nash2(p, n, &act) {
                t[k1] = tq[0];
                t[k2] = tq[1];
                return finish(p, n, t);
            }
            let ta = solve_general(p, n, &act, value_only)?;
            for (&k, &v) in act.iter().zip(&ta) {
                t[k] = v;
            }
        }
    }
    // Rounding can leave the barrier or LP point a few ulps outside the box.
    for (tk, &l) in t.iter_mut().zip(lens) {
        *tk = tk.clamp(0.0, l);
    }
    finish(p, n, t)
}

/// The allocation-free exact kernel [`nash_box2`] when it applies (Nash, two
/// moving issues, zero floors) and is sure of its answer: `(k1, k2, t)`.
fn quick_nash2(p: &CellProblem<'_>, n: usize, act: &[usize]) -> Option<(usize, usize, [f64; 2])> {
    let (&[k1, k2], Goal::Nash) = (act, &p.goal) else {
        return None;
    };
    if p.floor.iter().any(|&f| f > 0.0) {
        return None;
    }
    let s = p.cell.slopes;
    let t = nash_box2(
        p.cell.base,
        s.get(k1 * n..(k1 + 1) * n)?,
        s.get(k2 * n..(k2 + 1) * n)?,
        [p.cell.lens[k1], p.cell.lens[k2]],
        p.alpha,
    )?;
    Some((k1, k2, t))
}

/// Cheap upper bound on the goal's optimum over the cell, ignoring floors:
/// the goal evaluated at each actor's maximum gain over the box (exact box
/// maximum for the linear goal). Never below the true optimum; a small
/// relative margin absorbs rounding. Returns `+inf` for invalid input.
pub(crate) fn upper_bound(p: &CellProblem<'_>) -> f64 {
    let Some((n, m)) = validate(p) else {
        return f64::INFINITY;
    };
    let c = &p.cell;
    // Largest gain of actor i over the box: push every issue to the end that
    // raises it. `mag` tracks the magnitude of the summands for the margin.
    let best = |i: usize| {
        let rise = max_rise(c.slopes, c.lens, n, i);
        (c.base[i] + rise, c.base[i].abs() + rise)
    };
    let (v, mag) = match p.goal {
        Goal::Nash => {
            let mut v = 0.0;
            let mut mag = 0.0;
            for i in 0..n {
                let (g, _) = best(i);
                if g <= 0.0 {
                    // Every gain of i is <= 0 < floor + EPS: infeasible cell.
                    return f64::NEG_INFINITY;
                }
                let term = p.alpha[i] * g.ln();
                v += term;
                mag += term.abs() + p.alpha[i];
            }
            (v, mag)
        }
        Goal::MaxMin { scale } => (0..n).fold((f64::INFINITY, 0.0), |(v, mag), i| {
            let (g, gm) = best(i);
            (v.min(g / scale[i]), f64::max(mag, gm / scale[i]))
        }),
        Goal::Linear { coef } => {
            let mut v: f64 = coef.iter().zip(c.base).map(|(a, b)| a * b).sum();
            let mut mag: f64 = coef.iter().zip(c.base).map(|(a, b)| (a * b).abs()).sum();
            for k in 0..m {
                let w: f64 = (0..n).map(|i| coef[i] * c.slopes[k * n + i]).sum();
                let term = (w * c.lens[k]).max(0.0);
                v += term;
                mag += term;
            }
            (v, mag)
        }
    };
    v + 1e-12 * (v.abs() + mag)
}

/// Checks the documented caller contracts; returns `(n, m)`. Violations
/// trip a `debug_assert` and yield `None` in release builds.
fn validate(p: &CellProblem<'_>) -> Option<(usize, usize)> {
    let c = &p.cell;
    let n = c.base.len();
    let m = c.lens.len();
    let finite = |s: &[f64]| s.iter().all(|x| x.is_finite());
    // The Nash weights always (the tie-break); the goal's own coefficients otherwise.
    let goal_ok = Shape::LogProduct(p.alpha).check(n).is_ok()
        && (matches!(p.goal, Goal::Nash) || p.goal.shape(p.alpha).check(n).is_ok());
    let ok = n >= 1
        && c.slopes.len() == n * m
        && p.alpha.len() == n
        && p.floor.len() == n
        && finite(c.base)
        && finite(c.slopes)
        && c.lens.iter().all(|&l| l.is_finite() && l >= 0.0)
        && p.floor.iter().all(|&f| f.is_finite() && f >= 0.0)
        && goal_ok;
    debug_assert!(
        ok,
        "cell::solve: malformed CellProblem (lengths, signs or non-finite values)"
    );
    ok.then_some((n, m))
}

/// `x > y`, false when either is NaN: guards written as `!above(x, y)`
/// deliberately treat NaN as failure.
fn above(x: f64, y: f64) -> bool {
    x > y
}

/// Gain of actor `i` at `t` (full coordinates).
fn gain(c: &Cell<'_>, n: usize, t: &[f64], i: usize) -> f64 {
    c.base[i]
        + t.iter()
            .enumerate()
            .map(|(k, tk)| tk * c.slopes[k * n + i])
            .sum::<f64>()
}

/// Assembles the result at `t`, rejecting non-finite outcomes (overflowing
/// inputs) instead of returning garbage.
fn finish(p: &CellProblem<'_>, n: usize, t: Vec<f64>) -> Option<CellOptimum> {
    let gains: Vec<f64> = (0..n).map(|i| gain(&p.cell, n, &t, i)).collect();
    if t.iter().chain(&gains).any(|x| !x.is_finite()) {
        return None;
    }
    let nash = log_product(&gains, p.alpha);
    let score = match p.goal {
        Goal::Nash => nash,
        _ => p.goal.shape(p.alpha).score(&gains).unwrap_or(f64::NAN),
    };
    Some(CellOptimum {
        t,
        score,
        nash,
        gains,
    })
}

#[cfg(test)]
mod tests;
