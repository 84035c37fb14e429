//! One moving issue: every gain is affine in one number, solved exactly.

use super::*;

/// Solves the cell when exactly one issue moves gains: `g_i(u) = g0[i] +
/// w[i] * u` for `u in [0, len]`. Returns the optimal `u`, or `None` if the
/// strict set is empty.
pub(super) fn solve_line(p: &CellProblem<'_>, g0: &[f64], w: &[f64], len: f64) -> Option<f64> {
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
pub(super) fn line_max_min(
    n: usize,
    line: impl Fn(usize) -> (f64, f64),
    lo: f64,
    hi: f64,
) -> (f64, f64) {
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
pub(super) fn line_interval(
    n: usize,
    line: impl Fn(usize) -> (f64, f64),
    lo: f64,
    hi: f64,
) -> (f64, f64) {
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
pub(super) fn line_nash(
    g0: &[f64],
    w: &[f64],
    alpha: &[f64],
    a: f64,
    b: f64,
    prefer_low: bool,
) -> f64 {
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
