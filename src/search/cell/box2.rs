//! Allocation-free exact Nash kernel for two moving issues with zero floors:
//! the case of every (frontier point, cell) pair of a leverage sweep.
//!
//! # Why it is exact
//!
//! `N(t) = sum_i alpha_i ln g_i(t)` with `g(t) = base + S t` and `S` of rank 2
//! is strictly concave on `{g > 0}`, so its maximiser over the box is unique,
//! and a point of the box with `g > 0` is that maximiser iff it satisfies the
//! KKT conditions: the gradient points out of the box in every coordinate at a
//! bound and vanishes in every other (Nocedal & Wright, Thm 12.1 and 12.6 for
//! concave problems). The kernel looks for that point where it usually is,
//! cheapest first, and accepts only a point that passes the test:
//!
//! 1. the four corners (a gradient each, no logarithm);
//! 2. the four edges, each maximised exactly in 1-D ([`line_nash`]), then the
//!    sign of the gradient across the edge;
//! 3. the interior: the unconstrained maximiser, by damped Newton steps
//!    (`N / min alpha` is self-concordant, so the step `1 / (1 + lambda)` stays
//!    in the domain; Boyd & Vandenberghe 2004, §9.6.4), which must land in
//!    the box since no boundary point passed.
//!
use super::{above, line_nash};

/// Most actors the kernel handles (stack arrays).
pub(crate) const MAX_ACTORS: usize = 8;

/// Smallest gain at the optimum for which the answer is certain to agree with
/// the general solver's strict feasibility test (`GAIN_EPS = 1e-12`).
const SAFE_GAIN: f64 = 1e-9;

/// `sin^2` of the angle between the two slope columns under which the problem
/// counts as nearly rank-deficient (the general solver then decides ties).
const MIN_SIN2: f64 = 1e-8;

/// A slope column that moves gains by less than this fraction of their scale
/// over its box counts as nearly inert.
const MIN_REACH: f64 = 1e-7;

/// Maximises `sum_i alpha_i ln(base_i + s1_i t_1 + s2_i t_2)` over
/// `t in [0, lens[0]] x [0, lens[1]]` (floors zero). `Some(t)` is the exact
/// maximiser (to ~1e-12 in `t`); `None` means "unsure: use the general solver".
pub(crate) fn nash_box2(
    base: &[f64],
    s1: &[f64],
    s2: &[f64],
    lens: [f64; 2],
    alpha: &[f64],
) -> Option<[f64; 2]> {
    let n = base.len();
    if n == 0 || n > MAX_ACTORS || s1.len() != n || s2.len() != n || alpha.len() != n {
        return None;
    }
    if !well_posed(base, s1, s2, lens) {
        return None;
    }
    let grads = corner_gradients(base, s1, s2, lens, alpha);
    let t = match kkt_corner(&grads, lens) {
        Some(t) => t,
        None => match kkt_edge(base, s1, s2, lens, alpha, &grads) {
            Edge::Optimum(t) => t,
            Edge::Inside(start) => interior_newton(base, s1, s2, lens, alpha, start)?,
            Edge::Unknown => return None,
        },
    };
    let gmin = (0..n)
        .map(|i| base[i] + s1[i] * t[0] + s2[i] * t[1])
        .fold(f64::INFINITY, f64::min);
    (gmin > SAFE_GAIN && t.iter().all(|x| x.is_finite())).then_some(t)
}

/// Both boxes sides positive, both columns clearly moving gains, and clearly
/// not parallel (so that `N` is strictly concave and well conditioned).
fn well_posed(base: &[f64], s1: &[f64], s2: &[f64], lens: [f64; 2]) -> bool {
    if !(lens[0] > 0.0 && lens[1] > 0.0) {
        return false;
    }
    let (mut a11, mut a22, mut a12, mut scale) = (0.0, 0.0, 0.0, 0.0f64);
    for i in 0..base.len() {
        a11 += s1[i] * s1[i];
        a22 += s2[i] * s2[i];
        a12 += s1[i] * s2[i];
        scale = scale.max(base[i].abs() + s1[i].abs() * lens[0] + s2[i].abs() * lens[1]);
    }
    a11 > 0.0
        && a22 > 0.0
        && a11 * a22 - a12 * a12 > MIN_SIN2 * a11 * a22
        && a11.sqrt() * lens[0] > MIN_REACH * scale
        && a22.sqrt() * lens[1] > MIN_REACH * scale
        && scale.is_finite()
}

/// `N` at `t`, `-inf` when some gain is not positive (the tests' reference).
#[cfg(test)]
fn nash_at(base: &[f64], s1: &[f64], s2: &[f64], alpha: &[f64], t: [f64; 2]) -> f64 {
    let mut v = 0.0;
    for i in 0..base.len() {
        let g = base[i] + s1[i] * t[0] + s2[i] * t[1];
        if g <= 0.0 {
            return f64::NEG_INFINITY;
        }
        v += alpha[i] * g.ln();
    }
    v
}

/// The gradient of `N` at each corner (`None` outside the domain), corner `j`
/// at `t_k = lens[k]` where bit `k` of `j` is set, else at 0.
fn corner_gradients(
    base: &[f64],
    s1: &[f64],
    s2: &[f64],
    lens: [f64; 2],
    alpha: &[f64],
) -> [Option<[f64; 2]>; 4] {
    let mut out = [None; 4];
    for (j, slot) in out.iter_mut().enumerate() {
        *slot = derivatives(base, s1, s2, alpha, corner(lens, j)).map(|(gr, _)| gr);
    }
    out
}

/// Corner `j` of the box (see [`corner_gradients`]).
fn corner(lens: [f64; 2], j: usize) -> [f64; 2] {
    [
        if j & 1 == 1 { lens[0] } else { 0.0 },
        if j & 2 == 2 { lens[1] } else { 0.0 },
    ]
}

/// The corner satisfying the KKT conditions, if one does (at most one can).
fn kkt_corner(grads: &[Option<[f64; 2]>; 4], lens: [f64; 2]) -> Option<[f64; 2]> {
    (0..4)
        .map(|j| corner(lens, j))
        .zip(grads)
        .find_map(|(t, gr)| {
            let gr = (*gr)?;
            let out = |k: usize| {
                if t[k] > 0.0 {
                    gr[k] >= 0.0
                } else {
                    gr[k] <= 0.0
                }
            };
            (out(0) && out(1)).then_some(t)
        })
}

/// What the edges tell about the optimum.
enum Edge {
    /// An edge maximiser that satisfies the KKT conditions: the optimum.
    Optimum([f64; 2]),
    /// No boundary point is optimal: the optimum is inside; a start for Newton
    /// in the domain `{g > 0}`.
    Inside([f64; 2]),
    /// No boundary point is optimal and no start was found.
    Unknown,
}

/// Maximises `N` exactly along each edge (fixed coordinate at a bound) and
/// tests the KKT condition across the edge. `N` is concave along an edge, so
/// its derivative there decreases: when both ends are in the domain and the
/// derivative does not go from positive to negative, the edge's maximiser is an
/// end, a corner that already failed, and the edge is skipped.
fn kkt_edge(
    base: &[f64],
    s1: &[f64],
    s2: &[f64],
    lens: [f64; 2],
    alpha: &[f64],
    grads: &[Option<[f64; 2]>; 4],
) -> Edge {
    let n = base.len();
    let mut g0 = [0.0; MAX_ACTORS];
    let mut start = None;
    for fixed in 0..2 {
        let free = 1 - fixed;
        let (sf, sm) = if fixed == 0 { (s1, s2) } else { (s2, s1) };
        for side in 0..2 {
            let (lo, hi) = (side << fixed, side << fixed | 1 << free);
            if let (Some(a), Some(b)) = (grads[lo], grads[hi]) {
                if !(a[free] > 0.0 && b[free] < 0.0) {
                    continue;
                }
            }
            let c = if side == 1 { lens[fixed] } else { 0.0 };
            for i in 0..n {
                g0[i] = base[i] + sf[i] * c;
            }
            let u = line_nash(&g0[..n], sm, alpha, 0.0, lens[free], true);
            let t = if fixed == 0 { [c, u] } else { [u, c] };
            if kkt_at_bounds(base, s1, s2, lens, alpha, t) {
                return Edge::Optimum(t);
            }
            if start.is_none() && in_domain(base, s1, s2, t) {
                start = Some(t);
            }
        }
    }
    // Newton starts anywhere in the domain: the centre, else an edge point, else
    // a corner.
    let centre = [0.5 * lens[0], 0.5 * lens[1]];
    let start = if in_domain(base, s1, s2, centre) {
        Some(centre)
    } else {
        start.or_else(|| {
            (0..4)
                .find(|&j| grads[j].is_some())
                .map(|j| corner(lens, j))
        })
    };
    start.map_or(Edge::Unknown, Edge::Inside)
}

/// Whether every gain is positive at `t`.
fn in_domain(base: &[f64], s1: &[f64], s2: &[f64], t: [f64; 2]) -> bool {
    (0..base.len()).all(|i| base[i] + s1[i] * t[0] + s2[i] * t[1] > 0.0)
}

/// Gradient of `N` at `t` and its negated Hessian `(h11, h12, h22)`; `None`
/// outside `{g > 0}`.
fn derivatives(
    base: &[f64],
    s1: &[f64],
    s2: &[f64],
    alpha: &[f64],
    t: [f64; 2],
) -> Option<([f64; 2], [f64; 3])> {
    let (mut gr, mut h) = ([0.0; 2], [0.0; 3]);
    for i in 0..base.len() {
        let g = base[i] + s1[i] * t[0] + s2[i] * t[1];
        if !above(g, 0.0) {
            return None;
        }
        let r = alpha[i] / g;
        let q = r / g;
        gr[0] += r * s1[i];
        gr[1] += r * s2[i];
        h[0] += q * s1[i] * s1[i];
        h[1] += q * s1[i] * s2[i];
        h[2] += q * s2[i] * s2[i];
    }
    Some((gr, h))
}

/// Whether the boundary point `t` (a corner, or an edge maximiser, whose free
/// coordinate is stationary by construction) is in the domain and the
/// gradient points out of the box in every coordinate at a bound.
fn kkt_at_bounds(
    base: &[f64],
    s1: &[f64],
    s2: &[f64],
    lens: [f64; 2],
    alpha: &[f64],
    t: [f64; 2],
) -> bool {
    let Some((gr, _)) = derivatives(base, s1, s2, alpha, t) else {
        return false;
    };
    (0..2).all(|k| {
        if t[k] <= 0.0 {
            gr[k] <= 0.0
        } else if t[k] >= lens[k] {
            gr[k] >= 0.0
        } else {
            true
        }
    })
}

/// Damped Newton from `start` to the unconstrained maximiser, which the failed
/// KKT test places inside the box; `None` if it does not converge there.
fn interior_newton(
    base: &[f64],
    s1: &[f64],
    s2: &[f64],
    lens: [f64; 2],
    alpha: &[f64],
    start: [f64; 2],
) -> Option<[f64; 2]> {
    let amin = alpha.iter().fold(f64::INFINITY, |a, &b| a.min(b));
    let mut t = start;
    let mut converged = false;
    for _ in 0..100 {
        let (gr, h) = derivatives(base, s1, s2, alpha, t)?;
        let det = h[0] * h[2] - h[1] * h[1];
        if !above(det, 0.0) {
            return None;
        }
        let d = [
            (h[2] * gr[0] - h[1] * gr[1]) / det,
            (h[0] * gr[1] - h[1] * gr[0]) / det,
        ];
        // Squared Newton decrement of the self-concordant N / min alpha.
        let lam2 = (gr[0] * d[0] + gr[1] * d[1]) / amin;
        if !lam2.is_finite() {
            return None;
        }
        let lam = lam2.sqrt();
        let s = if lam > 0.25 { 1.0 / (1.0 + lam) } else { 1.0 };
        let next = [t[0] + s * d[0], t[1] + s * d[1]];
        let tiny = (0..2).all(|k| (next[k] - t[k]).abs() <= 4.0 * f64::EPSILON * lens[k]);
        t = next;
        // Quadratic convergence: lambda^2 = 1e-20 leaves ~1e-20 after this step.
        if lam2 <= 1e-20 || tiny {
            converged = true;
            break;
        }
    }
    if !converged {
        return None;
    }
    let slack = 1e-9 * lens[0].max(lens[1]);
    for k in 0..2 {
        if !(t[k] >= -slack && t[k] <= lens[k] + slack) {
            return None;
        }
        t[k] = t[k].clamp(0.0, lens[k]);
    }
    Some(t)
}

#[cfg(test)]
mod tests;
