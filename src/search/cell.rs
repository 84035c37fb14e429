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

pub(crate) use box2::nash_box2;

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
        let mut v = c.base[i];
        let mut mag = v.abs();
        for k in 0..m {
            let term = (c.slopes[k * n + i] * c.lens[k]).max(0.0);
            v += term;
            mag += term;
        }
        (v, mag)
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
    let goal_ok = match p.goal {
        Goal::Nash => true,
        Goal::MaxMin { scale } => {
            scale.len() == n && scale.iter().all(|&s| s.is_finite() && s > 0.0)
        }
        Goal::Linear { coef } => coef.len() == n && coef.iter().all(|&s| s.is_finite() && s >= 0.0),
    };
    let ok = n >= 1
        && c.slopes.len() == n * m
        && p.alpha.len() == n
        && p.floor.len() == n
        && finite(c.base)
        && finite(c.slopes)
        && c.lens.iter().all(|&l| l.is_finite() && l >= 0.0)
        && p.alpha.iter().all(|&a| a.is_finite() && a > 0.0)
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

/// `sum_i alpha_i ln g_i`, `-inf` as soon as a gain is not positive.
fn nash_of(alpha: &[f64], g: &[f64]) -> f64 {
    if g.iter().any(|&x| x <= 0.0) {
        return f64::NEG_INFINITY;
    }
    alpha.iter().zip(g).map(|(a, x)| a * x.ln()).sum()
}

/// Assembles the result at `t`, rejecting non-finite outcomes (overflowing
/// inputs) instead of returning garbage.
fn finish(p: &CellProblem<'_>, n: usize, t: Vec<f64>) -> Option<CellOptimum> {
    let gains: Vec<f64> = (0..n).map(|i| gain(&p.cell, n, &t, i)).collect();
    if t.iter().chain(&gains).any(|x| !x.is_finite()) {
        return None;
    }
    let nash = nash_of(p.alpha, &gains);
    let score = match p.goal {
        Goal::Nash => nash,
        Goal::MaxMin { scale } => gains
            .iter()
            .zip(scale)
            .map(|(g, s)| g / s)
            .fold(f64::INFINITY, f64::min),
        Goal::Linear { coef } => gains.iter().zip(coef).map(|(g, c)| g * c).sum(),
    };
    Some(CellOptimum {
        t,
        score,
        nash,
        gains,
    })
}

// ---------------------------------------------------------------------------
// One dimension
// ---------------------------------------------------------------------------

/// Solves the cell when exactly one issue moves gains: `g_i(u) = g0[i] +
/// w[i] * u` for `u in [0, len]`. Returns the optimal `u`, or `None` if the
/// strict set is empty.
fn solve_line(p: &CellProblem<'_>, g0: &[f64], w: &[f64], len: f64) -> Option<f64> {
    let n = g0.len();
    let fl = p.floor;
    let slack = |i: usize| (g0[i] - fl[i], w[i]);
    // Feasibility: max over the box of the smallest floor slack (a concave
    // piecewise-linear function) must exceed GAIN_EPS.
    let (smax, sarg) = line_max_min(n, slack, 0.0, len);
    if !above(smax, GAIN_EPS) {
        return None;
    }
    let (lo, hi) = line_interval(n, slack, 0.0, len);
    // The interval contains `sarg` mathematically; guard against rounding.
    let (lo, hi) = (lo.min(sarg), hi.max(sarg));
    // The tie set of the goal, an interval [a, b], plus the goal's own
    // maximiser (`anchor`) used when the tie set is a mere sliver.
    let (a, b, anchor) = match p.goal {
        Goal::Nash => (lo, hi, None),
        Goal::MaxMin { scale } => {
            let (z, us) = line_max_min(n, |i| (g0[i] / scale[i], w[i] / scale[i]), lo, hi);
            let zt = z - TIE_REL * z.abs();
            let (a, b) = line_interval(n, |i| (g0[i] - scale[i] * zt, w[i]), lo, hi);
            (a.max(lo).min(us), b.min(hi).max(us), Some(us))
        }
        Goal::Linear { coef } => {
            let l0: f64 = coef.iter().zip(g0).map(|(c, g)| c * g).sum();
            let lw: f64 = coef.iter().zip(w).map(|(c, s)| c * s).sum();
            let (vlo, vhi) = (l0 + lw * lo, l0 + lw * hi);
            let (z, us) = if vhi > vlo { (vhi, hi) } else { (vlo, lo) };
            let d = TIE_REL * z.abs();
            let (a, b) = if lw > 0.0 {
                ((hi - d / lw).max(lo), hi)
            } else if lw < 0.0 {
                (lo, (lo - d / lw).min(hi))
            } else {
                (lo, hi)
            };
            (a.min(us), b.max(us), Some(us))
        }
    };
    // (No let-chains, so the file also builds under edition 2021.)
    if let Some(us) = anchor.filter(|_| b - a <= FACE_TOL * len) {
        // The tie set is a sliver around a vertex: its Nash maximiser is
        // within tolerance of the vertex, which scores exactly.
        return Some(us);
    }
    Some(line_nash(g0, w, p.alpha, a, b, true))
}

/// Maximum over `u in [lo, hi]` of `min_i (c_i + w_i u)` where
/// `line(i) = (c_i, w_i)`, and one maximiser. The function is concave and
/// piecewise linear, so its maximum is attained at an endpoint or at a
/// crossing of two lines; `n` is small, so checking all `O(n^2)` candidates
/// is both exact and cheap.
fn line_max_min(n: usize, line: impl Fn(usize) -> (f64, f64), lo: f64, hi: f64) -> (f64, f64) {
    let eval = |u: f64| {
        (0..n)
            .map(|i| {
                let (c, w) = line(i);
                c + w * u
            })
            .fold(f64::INFINITY, f64::min)
    };
    let mut best = (eval(lo), lo);
    let vh = eval(hi);
    if vh > best.0 {
        best = (vh, hi);
    }
    for i in 0..n {
        let (ci, wi) = line(i);
        for j in (i + 1)..n {
            let (cj, wj) = line(j);
            let dw = wi - wj;
            if dw.abs() > 0.0 {
                let u = (cj - ci) / dw;
                if u > lo && u < hi {
                    let v = eval(u);
                    if v > best.0 {
                        best = (v, u);
                    }
                }
            }
        }
    }
    best
}

/// `{u in [lo, hi] : c_i + w_i u >= 0 for all i}` as `(a, b)`; empty when
/// `a > b`.
fn line_interval(n: usize, line: impl Fn(usize) -> (f64, f64), lo: f64, hi: f64) -> (f64, f64) {
    let (mut a, mut b) = (lo, hi);
    for i in 0..n {
        let (c, w) = line(i);
        if w > 0.0 {
            a = a.max(-c / w);
        } else if w < 0.0 {
            b = b.min(c / -w);
        } else if c < 0.0 {
            return (hi, lo.min(hi) - 1.0);
        }
    }
    (a, b)
}

/// Maximises `sum_i alpha_i ln(g0_i + w_i u)` over `u in [a, b]`. If the
/// objective is constant there (all gains move by less than the tie
/// tolerance, or some gain is `<= 0` throughout so the objective is `-inf`),
/// the lexicographic rule decides: `a` if `prefer_low`, else `b`.
///
/// The derivative `D(u) = sum_i alpha_i w_i / g_i(u)` is strictly decreasing
/// (`D' = -sum_i alpha_i w_i^2 / g_i^2 < 0`), so the optimum is an endpoint
/// or the unique root of `D`, found by Newton's method kept inside a
/// shrinking bracket (Numerical Recipes §9.4).
fn line_nash(g0: &[f64], w: &[f64], alpha: &[f64], a: f64, b: f64, prefer_low: bool) -> f64 {
    if !above(b, a) {
        return a;
    }
    let n = g0.len();
    let g = |i: usize, u: f64| g0[i] + w[i] * u;
    let mid = 0.5 * (a + b);
    let flat = (0..n).all(|i| (w[i] * (b - a)).abs() <= TIE_REL * g(i, mid).abs());
    let dead = (0..n).any(|i| g(i, a) <= 0.0 && g(i, b) <= 0.0);
    if flat || dead {
        return if prefer_low { a } else { b };
    }
    // Returns (D(u), D'(u)); an actor at or below zero gain contributes an
    // infinite pull towards increasing its gain.
    let deriv = |u: f64| {
        let (mut d, mut dd) = (0.0, 0.0);
        let (mut up, mut down) = (false, false);
        for i in 0..n {
            let wi = w[i];
            if wi.abs() > 0.0 {
                let gi = g(i, u);
                if gi <= 0.0 {
                    if wi > 0.0 {
                        up = true;
                    } else {
                        down = true;
                    }
                } else {
                    let r = wi / gi;
                    d += alpha[i] * r;
                    dd -= alpha[i] * r * r;
                }
            }
        }
        match (up, down) {
            (true, true) => (f64::NAN, dd),
            (true, false) => (f64::INFINITY, dd),
            (false, true) => (f64::NEG_INFINITY, dd),
            (false, false) => (d, dd),
        }
    };
    if !above(deriv(a).0, 0.0) {
        return a;
    }
    if !above(0.0, deriv(b).0) {
        return b;
    }
    let (mut lo, mut hi) = (a, b);
    let mut u = mid;
    for _ in 0..200 {
        let (d, dd) = deriv(u);
        if d > 0.0 {
            lo = u;
        } else if d < 0.0 {
            hi = u;
        } else {
            // Exact root (or NaN from a degenerate point): stop here.
            return u;
        }
        let newton = u - d / dd;
        let next = if newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        let scale = lo.abs().max(hi.abs()).max(b - a);
        if (next - u).abs() <= 2.0 * f64::EPSILON * scale || hi - lo <= 2.0 * f64::EPSILON * scale {
            return next;
        }
        u = next;
    }
    u
}

// ---------------------------------------------------------------------------
// Two or more dimensions
// ---------------------------------------------------------------------------

/// Dense polytope `{t : a_j . t <= b_j}` in the active coordinates.
struct Rows {
    /// Number of coordinates.
    dim: usize,
    /// Row-major coefficients, `b.len() * dim` entries.
    a: Vec<f64>,
    /// Right-hand sides.
    b: Vec<f64>,
    /// Rows `0..n_lp` go to the simplex; later rows are the lower box bounds
    /// `-t_k <= 0`, which the simplex already enforces as `x >= 0`.
    n_lp: usize,
}

impl Rows {
    /// An empty system in `dim` coordinates.
    fn new(dim: usize) -> Self {
        Rows {
            dim,
            a: Vec::new(),
            b: Vec::new(),
            n_lp: 0,
        }
    }

    /// Appends `a . t <= b`.
    fn push(&mut self, a: impl IntoIterator<Item = f64>, b: f64) {
        let before = self.a.len();
        self.a.extend(a.into_iter().take(self.dim));
        self.a.resize(before + self.dim, 0.0);
        self.b.push(b);
    }

    /// Number of rows.
    fn len(&self) -> usize {
        self.b.len()
    }

    /// Coefficients of row `j`.
    fn row(&self, j: usize) -> &[f64] {
        &self.a[j * self.dim..(j + 1) * self.dim]
    }

    /// Slack `b_j - a_j . t` (non-negative inside).
    fn slack(&self, j: usize, t: &[f64]) -> f64 {
        self.b[j] - dot(self.row(j), t)
    }

    /// Maximises `c . t` over the polytope with the simplex.
    fn lp_max(&self, c: &[f64]) -> Option<Vec<f64>> {
        lp_max(
            &self.a[..self.n_lp * self.dim],
            &self.b[..self.n_lp],
            c,
            self.dim,
        )
    }
}

/// Plain dot product.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Euclidean norm.
fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// Solves the cell over the active issues `act` (at least two); returns `t`
/// in active coordinates.
fn solve_general(
    p: &CellProblem<'_>,
    n: usize,
    act: &[usize],
    value_only: bool,
) -> Option<Vec<f64>> {
    let md = act.len();
    let c = &p.cell;
    let s = DMatrix::from_fn(n, md, |i, k| c.slopes[act[k] * n + i]);
    let lens: Vec<f64> = act.iter().map(|&k| c.lens[k]).collect();
    let ell = lens.iter().fold(0.0, |m: f64, &l| m.max(l));
    let gains_at = |t: &[f64]| -> Vec<f64> {
        (0..n)
            .map(|i| c.base[i] + (0..md).map(|k| s[(i, k)] * t[k]).sum::<f64>())
            .collect()
    };
    // Magnitude of each actor's gain over the box: the natural unit for
    // tolerances on gains.
    let gscale: Vec<f64> = (0..n)
        .map(|i| {
            c.base[i].abs() + p.floor[i] + (0..md).map(|k| s[(i, k)].abs() * lens[k]).sum::<f64>()
        })
        .collect();

    // Phase I: maximise the smallest floor slack over the box
    // (max sigma s.t. g_i(t) - floor_i >= sigma). Shifting sigma by K makes
    // the origin feasible; the cap keeps the LP bounded.
    let kk = gscale.iter().fold(0.0, |m: f64, &g| m.max(g)) + 1.0;
    let mut a1 = Vec::with_capacity((n + md + 1) * (md + 1));
    let mut b1 = Vec::with_capacity(n + md + 1);
    for i in 0..n {
        a1.extend((0..md).map(|k| -s[(i, k)]));
        a1.push(1.0);
        b1.push(c.base[i] - p.floor[i] + kk);
    }
    for (k, &l) in lens.iter().enumerate() {
        a1.extend((0..=md).map(|j| if j == k { 1.0 } else { 0.0 }));
        b1.push(l);
    }
    a1.extend((0..=md).map(|j| if j == md { 1.0 } else { 0.0 }));
    b1.push(kk + 1.0);
    let mut c1 = vec![0.0; md + 1];
    c1[md] = 1.0;
    let x1 = lp_max(&a1, &b1, &c1, md + 1)?;
    let t1: Vec<f64> = x1[..md]
        .iter()
        .zip(&lens)
        .map(|(t, l)| t.clamp(0.0, *l))
        .collect();
    let g1 = gains_at(&t1);
    let s1 = g1
        .iter()
        .zip(p.floor)
        .map(|(g, f)| g - f)
        .fold(f64::INFINITY, f64::min);
    if !above(s1, GAIN_EPS) {
        return None;
    }

    // The polytope of floors and box, with floors possibly raised by the goal.
    let build = |floors: &[f64], goal_row: Option<(Vec<f64>, f64)>| {
        let mut q = Rows::new(md);
        for i in 0..n {
            q.push((0..md).map(|k| -s[(i, k)]), c.base[i] - floors[i]);
        }
        if let Some((a, b)) = goal_row {
            q.push(a, b);
        }
        for (k, &l) in lens.iter().enumerate() {
            q.push((0..md).map(|j| if j == k { 1.0 } else { 0.0 }), l);
        }
        q.n_lp = q.len();
        for k in 0..md {
            q.push((0..md).map(|j| if j == k { -1.0 } else { 0.0 }), 0.0);
        }
        q
    };

    let face = FaceCtx {
        p,
        n,
        s: &s,
        gscale: &gscale,
        ell,
    };
    match p.goal {
        Goal::Nash => {
            let q = build(p.floor, None);
            // The fallbacks below are feasible points, reached only if the
            // numerics of a nearly degenerate cell fail (never observed in the
            // tests); they keep `solve` total without claiming infeasibility.
            let Some(start) = interior_start(&q, &gscale, n, &lens) else {
                return Some(t1);
            };
            let eq = vec![false; q.len()];
            face.nash(&q, &eq, &start).or(Some(start))
        }
        Goal::MaxMin { scale } => {
            // max z s.t. g_i(t) >= scale_i z, floors, box.
            let q0 = build(p.floor, None);
            let mut a = Vec::with_capacity((q0.n_lp + n) * (md + 1));
            let mut b = Vec::with_capacity(q0.n_lp + n);
            for i in 0..n {
                a.extend((0..md).map(|k| -s[(i, k)]));
                a.push(scale[i]);
                b.push(c.base[i]);
            }
            for j in 0..q0.n_lp {
                a.extend_from_slice(q0.row(j));
                a.push(0.0);
                b.push(q0.b[j]);
            }
            let mut cz = vec![0.0; md + 1];
            cz[md] = 1.0;
            let x = lp_max(&a, &b, &cz, md + 1)?;
            let tz: Vec<f64> = x[..md]
                .iter()
                .zip(&lens)
                .map(|(t, l)| t.clamp(0.0, *l))
                .collect();
            let gz = gains_at(&tz);
            let z = gz
                .iter()
                .zip(scale)
                .map(|(g, sc)| g / sc)
                .fold(f64::INFINITY, f64::min);
            let zt = z - TIE_REL * z.abs();
            let floors: Vec<f64> = (0..n).map(|i| p.floor[i].max(scale[i] * zt)).collect();
            let q = build(&floors, None);
            Some(face.on_tie_set(&q, &tz))
        }
        Goal::Linear { coef } => {
            let q0 = build(p.floor, None);
            let cw: Vec<f64> = (0..md)
                .map(|k| (0..n).map(|i| coef[i] * s[(i, k)]).sum())
                .collect();
            let x = q0.lp_max(&cw)?;
            let tz: Vec<f64> = x.iter().zip(&lens).map(|(t, l)| t.clamp(0.0, *l)).collect();
            if value_only {
                return Some(tz);
            }
            let gz = gains_at(&tz);
            let z: f64 = coef.iter().zip(&gz).map(|(a, g)| a * g).sum();
            let zt = z - TIE_REL * z.abs();
            let cb: f64 = coef.iter().zip(c.base).map(|(a, g)| a * g).sum();
            let q = build(p.floor, Some((cw.iter().map(|x| -x).collect(), cb - zt)));
            Some(face.on_tie_set(&q, &tz))
        }
    }
}

/// A well-centred strictly interior point of floors and box (which is
/// non-empty once phase I succeeded): maximise the smallest *normalised*
/// slack, floors in units of the actor's gain scale, box sides in units of
/// the side length.
fn interior_start(q: &Rows, gscale: &[f64], n: usize, lens: &[f64]) -> Option<Vec<f64>> {
    let md = q.dim;
    let mut a = Vec::with_capacity((n + 2 * md) * (md + 1));
    let mut b = Vec::with_capacity(n + 2 * md);
    for (i, &gs) in gscale.iter().enumerate().take(n) {
        a.extend_from_slice(q.row(i));
        a.push(gs.max(f64::MIN_POSITIVE));
        b.push(q.b[i]);
    }
    for (k, &l) in lens.iter().enumerate() {
        // t_k + s l_k <= l_k  and  -t_k + s l_k <= 0
        a.extend((0..md).map(|j| if j == k { 1.0 } else { 0.0 }));
        a.push(l);
        b.push(l);
        a.extend((0..md).map(|j| if j == k { -1.0 } else { 0.0 }));
        a.push(l);
        b.push(0.0);
    }
    let mut c = vec![0.0; md + 1];
    c[md] = 1.0;
    let x = lp_max(&a, &b, &c, md + 1)?;
    let t = x[..md].to_vec();
    let strict = (0..q.len()).all(|j| q.slack(j, &t) > 0.0);
    strict.then_some(t)
}

/// Shared data for maximising the Nash objective on a face of the cell.
struct FaceCtx<'p, 'a> {
    /// The problem (weights, base gains, goal).
    p: &'p CellProblem<'a>,
    /// Number of actors.
    n: usize,
    /// Slopes in active coordinates, `n x md`.
    s: &'p DMatrix<f64>,
    /// Per-actor gain magnitude over the box (tolerance unit).
    gscale: &'p [f64],
    /// Largest box length (length unit).
    ell: f64,
}

impl FaceCtx<'_, '_> {
    /// Gains at `t` (active coordinates).
    fn gains(&self, t: &[f64]) -> Vec<f64> {
        (0..self.n)
            .map(|i| {
                self.p.cell.base[i]
                    + (0..self.s.ncols())
                        .map(|k| self.s[(i, k)] * t[k])
                        .sum::<f64>()
            })
            .collect()
    }

    /// Applies the Nash / lexicographic tie-break on the tie set `q` of an LP
    /// goal, given one goal maximiser `tz` in it. Falls back to `tz` (goal
    /// optimal, tie-break not applied) only if the numerics of the face
    /// detection fail.
    fn on_tie_set(&self, q: &Rows, tz: &[f64]) -> Vec<f64> {
        let tol = FACE_TOL * self.ell;
        let Some((eq, center)) = implicit_equalities(q, tz, tol) else {
            return tz.to_vec();
        };
        self.nash(q, &eq, &center).unwrap_or_else(|| tz.to_vec())
    }

    /// Maximises the Nash objective over `q`, whose rows flagged in `eq` are
    /// implicit equalities, starting from `center`, strictly inside all other
    /// rows. Returns `None` if the face turns out to be a single point (the
    /// caller's point is then the answer) or numerics fail.
    fn nash(&self, q: &Rows, eq: &[bool], center: &[f64]) -> Option<Vec<f64>> {
        let md = q.dim;
        let n = self.n;
        let alpha = self.p.alpha;
        // Orthonormal basis Z of the face's direction space (null space of
        // the equality rows); t = center + Z u.
        let eq_rows: Vec<Vec<f64>> = (0..q.len())
            .filter(|&j| eq[j])
            .filter_map(|j| {
                let r = q.row(j);
                let nr = norm(r);
                (nr > 0.0).then(|| r.iter().map(|x| x / nr).collect())
            })
            .collect();
        let z = null_basis(&eq_rows, md)?;
        let d = z.ncols();
        if d == 0 {
            return None;
        }
        let gh = self.gains(center);
        let w = self.s * &z;
        // An actor whose gain is identically ~0 on the face makes N = -inf
        // everywhere on it: every point ties and the lexicographic rule decides.
        let dead = (0..n).any(|i| {
            let tol = FACE_TOL * self.gscale[i];
            gh[i] <= tol && w.row(i).norm() * self.ell <= tol
        });
        if dead {
            return lex_min(q, None, self.ell);
        }
        // Rows that still constrain the face, in u coordinates.
        let mut ra: Vec<f64> = Vec::new();
        let mut rb: Vec<f64> = Vec::new();
        for (j, _) in eq.iter().enumerate().filter(|(_, e)| !**e) {
            let r = q.row(j);
            let nr = norm(r);
            if nr <= 0.0 {
                continue;
            }
            let az: Vec<f64> = (0..d)
                .map(|c| (0..md).map(|k| r[k] * z[(k, c)]).sum())
                .collect();
            if norm(&az) <= RANK_TOL * nr {
                // Constant on the face (parallel to an equality row).
                continue;
            }
            let bt = q.slack(j, center);
            if !above(bt, 0.0) {
                return None;
            }
            ra.extend(az);
            rb.push(bt);
        }
        let u = if d == 1 {
            // Interval of u, then the exact 1-D Nash solver.
            let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
            for (&aj, &bj) in ra.iter().zip(&rb) {
                if aj > 0.0 {
                    hi = hi.min(bj / aj);
                } else {
                    lo = lo.max(bj / aj);
                }
            }
            if !(lo.is_finite() && hi.is_finite()) {
                return None;
            }
            let wcol: Vec<f64> = (0..n).map(|i| w[(i, 0)]).collect();
            // Lexicographically smallest t: move against the sign of the first
            // coordinate the direction changes.
            let prefer_low = (0..md)
                .map(|k| z[(k, 0)])
                .find(|v| v.abs() > RANK_TOL)
                .is_none_or(|v| v > 0.0);
            DVector::from_element(1, line_nash(&gh, &wcol, alpha, lo, hi, prefer_low))
        } else {
            let fp = FaceProblem {
                gh: DVector::from_vec(gh.clone()),
                w: w.clone(),
                ra: DMatrix::from_row_slice(rb.len(), d, &ra),
                rb: DVector::from_vec(rb),
            };
            fp.solve_nash(alpha, self.ell)?
        };
        let zu = &z * &u;
        let t: Vec<f64> = (0..md).map(|k| center[k] + zu[k]).collect();
        if d >= 2 && rank(&w, RANK_TOL * self.s.norm().max(f64::MIN_POSITIVE)) < d {
            // The Nash optimum fixes the gains but not t: among all t of the
            // face with the same gains pick the lexicographically smallest.
            let y = self.gains(&t);
            let mut extra = Rows::new(md);
            for (i, (&yi, &gs)) in y.iter().zip(self.gscale).enumerate() {
                let eps = 1e-10 * gs + f64::MIN_POSITIVE;
                let target = yi - self.p.cell.base[i];
                extra.push((0..md).map(|k| self.s[(i, k)]), target + eps);
                extra.push((0..md).map(|k| -self.s[(i, k)]), -target + eps);
            }
            if let Some(tl) = lex_min(q, Some(&extra), self.ell) {
                return Some(tl);
            }
        }
        Some(t)
    }
}

/// Numerical rank of `m`: singular values above `tol`.
fn rank(m: &DMatrix<f64>, tol: f64) -> usize {
    match m.clone().try_svd(false, false, f64::EPSILON, 10_000) {
        Some(svd) => svd.singular_values.iter().filter(|&&s| s > tol).count(),
        None => 0,
    }
}

/// Orthonormal basis (as columns) of the null space of the given unit rows in
/// `dim` coordinates; the identity when there are no rows. Pads the matrix to
/// at least `dim` rows so the SVD returns a full set of right singular vectors.
fn null_basis(rows: &[Vec<f64>], dim: usize) -> Option<DMatrix<f64>> {
    if rows.is_empty() {
        return Some(DMatrix::identity(dim, dim));
    }
    let k = rows.len().max(dim);
    let m = DMatrix::from_fn(k, dim, |i, j| rows.get(i).map_or(0.0, |r| r[j]));
    let svd = m.try_svd(false, true, f64::EPSILON, 10_000)?;
    let vt = svd.v_t?;
    let smax = svd.singular_values.iter().fold(0.0, |a: f64, &b| a.max(b));
    let cols: Vec<usize> = (0..svd.singular_values.len())
        .filter(|&i| svd.singular_values[i] <= RANK_TOL * smax.max(1.0))
        .collect();
    Some(DMatrix::from_fn(dim, cols.len(), |r, c| vt[(cols[c], r)]))
}

/// Finds the implicit equalities of `q` (rows tight, up to `tol` in distance,
/// at every point) and a point strictly inside all other rows. One LP per
/// row not yet seen slack at an earlier point (Schrijver §8.2); the centre is
/// the mean of the points found, each of which is slack in some row.
fn implicit_equalities(q: &Rows, tz: &[f64], tol: f64) -> Option<(Vec<bool>, Vec<f64>)> {
    let r = q.len();
    let norms: Vec<f64> = (0..r).map(|j| norm(q.row(j))).collect();
    let mut strict = vec![false; r];
    let mut eq = vec![false; r];
    let mark = |pt: &[f64], strict: &mut Vec<bool>| {
        for j in 0..r {
            if norms[j] > 0.0 && q.slack(j, pt) > tol * norms[j] {
                strict[j] = true;
            }
        }
    };
    let mut pts: Vec<Vec<f64>> = vec![tz.to_vec()];
    mark(tz, &mut strict);
    for j in 0..r {
        if norms[j] <= 0.0 || strict[j] {
            continue;
        }
        let c: Vec<f64> = q.row(j).iter().map(|x| -x).collect();
        let x = q.lp_max(&c)?;
        if q.slack(j, &x) > tol * norms[j] {
            mark(&x, &mut strict);
            pts.push(x);
        } else {
            eq[j] = true;
        }
    }
    let inv = 1.0 / pts.len() as f64;
    let center: Vec<f64> = (0..q.dim)
        .map(|k| pts.iter().map(|p| p[k]).sum::<f64>() * inv)
        .collect();
    Some((eq, center))
}

/// Lexicographically smallest point of `q` (optionally intersected with
/// `extra`): minimise `t_0`, fix it (up to a tiny tolerance), minimise `t_1`, ...
fn lex_min(q: &Rows, extra: Option<&Rows>, ell: f64) -> Option<Vec<f64>> {
    let md = q.dim;
    let mut a = q.a[..q.n_lp * md].to_vec();
    let mut b = q.b[..q.n_lp].to_vec();
    if let Some(e) = extra {
        a.extend_from_slice(&e.a);
        b.extend_from_slice(&e.b);
    }
    let mut last = None;
    for k in 0..md {
        let c: Vec<f64> = (0..md).map(|j| if j == k { -1.0 } else { 0.0 }).collect();
        let x = lp_max(&a, &b, &c, md)?;
        a.extend((0..md).map(|j| if j == k { 1.0 } else { 0.0 }));
        b.push(x[k] + 1e-12 * ell);
        last = Some(x);
    }
    last
}

/// Nash maximisation on a face in its own coordinates `u`:
/// `g(u) = gh + W u`, constraints `ra u <= rb` strictly satisfied at `u = 0`.
struct FaceProblem {
    /// Gains at `u = 0`.
    gh: DVector<f64>,
    /// Gain slopes along the face, `n x d`.
    w: DMatrix<f64>,
    /// Constraint rows, `r x d`.
    ra: DMatrix<f64>,
    /// Constraint right-hand sides (all positive).
    rb: DVector<f64>,
}

impl FaceProblem {
    /// Gains and slacks at `u`, or `None` outside the open domain.
    fn eval(&self, u: &DVector<f64>) -> Option<(DVector<f64>, DVector<f64>)> {
        let g = &self.gh + &self.w * u;
        let h = &self.rb - &self.ra * u;
        (g.iter().all(|&x| x > 0.0) && h.iter().all(|&x| x > 0.0)).then_some((g, h))
    }

    /// Log-barrier method (Boyd & Vandenberghe, Algorithm 11.1): maximise
    /// `tau N(u) + sum_j ln h_j(u)` for increasing `tau` by damped Newton
    /// steps. Starting with `tau >= 1 / min alpha` makes every term
    /// self-concordant, so the damped step `1 / (1 + lambda)` stays feasible
    /// and converges without a line search on noisy function values
    /// (B&V §9.6.4; Nesterov & Nemirovskii 1994).
    ///
    /// Once the duality gap is small the active set is usually evident, so
    /// each later centre is handed to [`FaceProblem::polish`], whose KKT
    /// verification makes an early exit safe; this cuts the number of
    /// (increasingly ill-conditioned) centring steps by about half.
    fn solve_nash(&self, alpha: &[f64], ell: f64) -> Option<DVector<f64>> {
        let d = self.w.ncols();
        let amin = alpha.iter().fold(f64::INFINITY, |a, &b| a.min(b));
        let asum: f64 = alpha.iter().sum();
        let mut tau = (1.0 / amin).max(1.0);
        let nbar = self.rb.len() as f64;
        let mut u = DVector::zeros(d);
        for _ in 0..200 {
            let gap = nbar / (tau * asum);
            let last = gap <= BARRIER_GAP;
            // Intermediate centres need not be accurate (B&V §11.3.3).
            self.center(&mut u, tau, alpha, if last { 1e-20 } else { 1e-8 })?;
            if gap <= 1e-4 {
                // Active slacks scale like gap * ell at this point of the path.
                let act = (100.0 * gap).max(1e-6) * ell;
                if let Some(v) = self.polish(alpha, &u, ell, act) {
                    return Some(v);
                }
            }
            if last {
                return Some(u);
            }
            tau *= 16.0;
        }
        Some(u)
    }

    /// Gradient and negated Hessian of `tau N + sum ln h` at `u`.
    fn derivatives(
        &self,
        u: &DVector<f64>,
        tau: f64,
        alpha: &[f64],
    ) -> Option<(DVector<f64>, DMatrix<f64>)> {
        let (g, h) = self.eval(u)?;
        let d = self.w.ncols();
        let mut grad = DVector::zeros(d);
        let mut hess = DMatrix::zeros(d, d);
        for (i, &gi) in g.iter().enumerate() {
            let row = self.w.row(i).transpose();
            let c = tau * alpha[i] / gi;
            grad.axpy(c, &row, 1.0);
            hess.ger(c / gi, &row, &row, 1.0);
        }
        for (j, &hj) in h.iter().enumerate() {
            let row = self.ra.row(j).transpose();
            grad.axpy(-1.0 / hj, &row, 1.0);
            hess.ger(1.0 / (hj * hj), &row, &row, 1.0);
        }
        Some((grad, hess))
    }

    /// Damped Newton centring for one `tau`, until the squared Newton
    /// decrement drops to `tol`.
    fn center(&self, u: &mut DVector<f64>, tau: f64, alpha: &[f64], tol: f64) -> Option<()> {
        for _ in 0..100 {
            let (grad, hess) = self.derivatives(u, tau, alpha)?;
            let step = hess.cholesky()?.solve(&grad);
            let lam2 = grad.dot(&step);
            if !lam2.is_finite() {
                return None;
            }
            if lam2 <= tol {
                return Some(());
            }
            let lam = lam2.sqrt();
            let mut s = if lam > 0.25 { 1.0 / (1.0 + lam) } else { 1.0 };
            let mut moved = false;
            for _ in 0..60 {
                let cand = &*u + &step * s;
                if self.eval(&cand).is_some() {
                    moved = cand != *u;
                    *u = cand;
                    break;
                }
                s *= 0.5;
            }
            if !moved {
                return Some(());
            }
        }
        Some(())
    }

    /// Active-set polish: rows whose slack at the barrier point is small are
    /// made equalities and `N` is maximised exactly on that face by Newton's
    /// method; the result is accepted only if it is feasible, satisfies the
    /// KKT sign conditions (Nocedal & Wright, Thm 12.1) and is no worse.
    fn polish(&self, alpha: &[f64], ub: &DVector<f64>, ell: f64, act: f64) -> Option<DVector<f64>> {
        let d = self.w.ncols();
        let (_, h) = self.eval(ub)?;
        let active: Vec<usize> = (0..h.len())
            .filter(|&j| h[j] <= act * self.ra.row(j).norm())
            .collect();
        let k = active.len();
        let aa = DMatrix::from_fn(k, d, |r, c| self.ra[(active[r], c)]);
        let ab = DVector::from_fn(k, |r, _| self.rb[active[r]]);
        // Project the barrier point onto the active face (least squares).
        let u0 = if k == 0 {
            ub.clone()
        } else {
            let resid = &aa * ub - &ab;
            let svd = aa.clone().try_svd(true, true, f64::EPSILON, 10_000)?;
            let corr = svd.solve(&resid, RANK_TOL).ok()?;
            ub - corr
        };
        let rows: Vec<Vec<f64>> = (0..k)
            .map(|r| {
                let nr = aa.row(r).norm();
                aa.row(r).iter().map(|x| x / nr).collect()
            })
            .collect();
        let nb = null_basis(&rows, d)?;
        let mut u = u0;
        let wn = &self.w * &nb;
        if nb.ncols() > 0 {
            // Newton on the face; N restricted to it must be strictly concave.
            for _ in 0..100 {
                let g = &self.gh + &self.w * &u;
                if g.iter().any(|&x| !above(x, 0.0)) {
                    return None;
                }
                let mut grad = DVector::zeros(nb.ncols());
                let mut hess = DMatrix::zeros(nb.ncols(), nb.ncols());
                for (i, &gi) in g.iter().enumerate() {
                    let row = wn.row(i).transpose();
                    grad.axpy(alpha[i] / gi, &row, 1.0);
                    hess.ger(alpha[i] / (gi * gi), &row, &row, 1.0);
                }
                let step = hess.cholesky()?.solve(&grad);
                let lam2 = grad.dot(&step);
                let mut s = 1.0;
                let mut ok = false;
                for _ in 0..60 {
                    let cand = &u + &nb * &step * s;
                    let gc = &self.gh + &self.w * &cand;
                    if gc.iter().all(|&x| x > 0.0) {
                        u = cand;
                        ok = true;
                        break;
                    }
                    s *= 0.5;
                }
                if !ok {
                    return None;
                }
                if !above(lam2, 1e-24) {
                    break;
                }
            }
        }
        // Feasibility of every row.
        let g = &self.gh + &self.w * &u;
        if g.iter().any(|&x| !above(x, 0.0)) {
            return None;
        }
        let hs = &self.rb - &self.ra * &u;
        for j in 0..hs.len() {
            if hs[j] < -1e-12 * (ell * self.ra.row(j).norm() + self.rb[j].abs()) {
                return None;
            }
        }
        // KKT: grad N = sum_active lambda_j a_j with lambda >= 0.
        let gradn = self.w.transpose() * DVector::from_fn(g.len(), |i, _| alpha[i] / g[i]);
        let gnorm = gradn.norm();
        if k > 0 {
            let at = aa.transpose();
            let svd = at.clone().try_svd(true, true, f64::EPSILON, 10_000)?;
            let lam = svd.solve(&gradn, RANK_TOL).ok()?;
            let resid = (&at * &lam - &gradn).norm();
            if resid > 1e-10 * gnorm.max(f64::MIN_POSITIVE) {
                return None;
            }
            for r in 0..k {
                if lam[r] * aa.row(r).norm() < -1e-10 * gnorm {
                    return None;
                }
            }
        } else if gnorm > 1e-9 * alpha.iter().sum::<f64>() / ell.max(f64::MIN_POSITIVE) {
            return None;
        }
        let nash = |v: &DVector<f64>| {
            let g = &self.gh + &self.w * v;
            nash_of(alpha, g.as_slice())
        };
        (nash(&u) >= nash(ub) - 1e-12 * (1.0 + nash(ub).abs())).then_some(u)
    }
}

// ---------------------------------------------------------------------------
// Dense simplex
// ---------------------------------------------------------------------------

/// Simplex tableau: `rows x width`, last column the right-hand side.
struct Tableau {
    /// Row-major coefficients.
    t: Vec<f64>,
    /// Columns including the right-hand side.
    width: usize,
    /// Basic variable of each row.
    basis: Vec<usize>,
}

impl Tableau {
    /// Entry `(j, k)`.
    fn at(&self, j: usize, k: usize) -> f64 {
        self.t[j * self.width + k]
    }

    /// Gauss–Jordan pivot on `(r, k)`, also updating the objective row
    /// `obj` (reduced costs, last entry `-z`).
    fn pivot(&mut self, obj: &mut [f64], r: usize, k: usize) {
        let w = self.width;
        let pv = self.t[r * w + k];
        let prow: Vec<f64> = self.t[r * w..(r + 1) * w].iter().map(|x| x / pv).collect();
        for j in 0..self.basis.len() {
            let row = &mut self.t[j * w..(j + 1) * w];
            if j == r {
                row.copy_from_slice(&prow);
                continue;
            }
            let f = row[k];
            if f.abs() > 0.0 {
                for (x, q) in row.iter_mut().zip(&prow) {
                    *x -= f * q;
                }
                row[k] = 0.0;
            }
        }
        let f = obj[k];
        if f.abs() > 0.0 {
            for (x, q) in obj.iter_mut().zip(&prow) {
                *x -= f * q;
            }
            obj[k] = 0.0;
        }
        self.basis[r] = k;
    }

    /// Objective row for the cost vector `c` (one entry per column but the
    /// right-hand side): reduced costs `c_k - c_B . T_k`, last entry `-c_B . rhs`.
    fn objective(&self, c: &[f64]) -> Vec<f64> {
        let w = self.width;
        let mut obj = vec![0.0; w];
        obj[..w - 1].copy_from_slice(&c[..w - 1]);
        for (j, &bv) in self.basis.iter().enumerate() {
            let cb = c[bv];
            if cb.abs() > 0.0 {
                for (o, x) in obj.iter_mut().zip(&self.t[j * w..(j + 1) * w]) {
                    *o -= cb * x;
                }
            }
        }
        obj
    }

    /// Primal simplex with Bland's rule (smallest entering index, ties in the
    /// ratio test to the smallest basic index), which cannot cycle (Bland
    /// 1977). Only columns `< allowed` may enter. `Some(())` at optimality,
    /// `None` if unbounded or out of iterations.
    fn run(&mut self, obj: &mut [f64], allowed: usize, tol_d: f64) -> Option<()> {
        let rhs = self.width - 1;
        for _ in 0..20_000 {
            let Some(k) = (0..allowed).find(|&k| obj[k] > tol_d) else {
                return Some(());
            };
            let mut leave: Option<(usize, f64)> = None;
            for j in 0..self.basis.len() {
                let p = self.at(j, k);
                if p > LP_PIVOT_TOL {
                    let r = self.at(j, rhs).max(0.0) / p;
                    leave = match leave {
                        None => Some((j, r)),
                        Some((jl, rl)) => {
                            let tie = 1e-12 * (1.0 + rl.abs());
                            if r < rl - tie || (r <= rl + tie && self.basis[j] < self.basis[jl]) {
                                Some((j, r))
                            } else {
                                Some((jl, rl))
                            }
                        }
                    };
                }
            }
            let (r, _) = leave?;
            self.pivot(obj, r, k);
        }
        None
    }
}

/// Maximises `c . x` subject to `A x <= b`, `x >= 0` (`A` row-major with
/// `cols` columns) by the two-phase simplex method. Returns an optimal vertex,
/// or `None` if the polytope is empty (beyond `LP_FEAS_TOL`), the LP is
/// unbounded, or the iteration limit is hit.
fn lp_max(a: &[f64], b: &[f64], c: &[f64], cols: usize) -> Option<Vec<f64>> {
    // Normalise rows to unit max-norm so one pivot tolerance fits all; drop
    // zero rows (consistent ones are vacuous).
    let mut ra: Vec<f64> = Vec::with_capacity(a.len());
    let mut rb: Vec<f64> = Vec::with_capacity(b.len());
    for (j, &bj) in b.iter().enumerate() {
        let row = a.get(j * cols..(j + 1) * cols)?;
        let sc = row.iter().fold(0.0, |m: f64, x| m.max(x.abs()));
        if sc > 0.0 {
            ra.extend(row.iter().map(|x| x / sc));
            rb.push(bj / sc);
        } else if bj < -LP_FEAS_TOL {
            return None;
        }
    }
    let rows = rb.len();
    let nart = rb.iter().filter(|&&x| x < 0.0).count();
    let width = cols + rows + nart + 1;
    let mut tab = Tableau {
        t: vec![0.0; rows * width],
        width,
        basis: vec![0; rows],
    };
    let mut next_art = cols + rows;
    for (j, &bj) in rb.iter().enumerate() {
        let row = &mut tab.t[j * width..(j + 1) * width];
        let sign = if bj < 0.0 { -1.0 } else { 1.0 };
        for k in 0..cols {
            row[k] = sign * ra[j * cols + k];
        }
        row[cols + j] = sign;
        row[width - 1] = sign * bj;
        if bj < 0.0 {
            row[next_art] = 1.0;
            tab.basis[j] = next_art;
            next_art += 1;
        } else {
            tab.basis[j] = cols + j;
        }
    }
    let structural = cols + rows;
    if nart > 0 {
        // Phase one: maximise -sum(artificials).
        let c1: Vec<f64> = (0..width - 1)
            .map(|k| if k >= structural { -1.0 } else { 0.0 })
            .collect();
        let mut obj = tab.objective(&c1);
        tab.run(&mut obj, structural, 1e-11)?;
        let bmax = rb.iter().fold(0.0, |m: f64, x| m.max(x.abs()));
        if obj[width - 1] > LP_FEAS_TOL * (1.0 + bmax) {
            return None;
        }
        // Drive remaining (zero-valued) artificials out of the basis.
        for j in 0..rows {
            if tab.basis[j] < structural {
                continue;
            }
            if let Some(k) = (0..structural).find(|&k| tab.at(j, k).abs() > 1e-9) {
                tab.pivot(&mut obj, j, k);
            }
        }
    }
    let cmax = c.iter().fold(0.0, |m: f64, x| m.max(x.abs()));
    let c2: Vec<f64> = (0..width - 1)
        .map(|k| if k < cols { c[k] } else { 0.0 })
        .collect();
    let mut obj = tab.objective(&c2);
    tab.run(&mut obj, structural, 1e-11 * cmax.max(f64::MIN_POSITIVE))?;
    let mut x = vec![0.0; cols];
    for (j, &bv) in tab.basis.iter().enumerate() {
        if bv < cols {
            x[bv] = tab.at(j, width - 1).max(0.0);
        }
    }
    Some(x)
}

#[cfg(test)]
mod tests;
