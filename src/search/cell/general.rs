//! Two or more moving issues: feasibility, the LP goals and the Nash goal on the
//! polytope of floors and box.

use super::*;

/// Dense polytope `{t : a_j . t <= b_j}` in the active coordinates.
pub(super) struct Rows {
    /// Number of coordinates.
    pub(super) dim: usize,
    /// Row-major coefficients, `b.len() * dim` entries.
    pub(super) a: Vec<f64>,
    /// Right-hand sides.
    pub(super) b: Vec<f64>,
    /// Rows `0..n_lp` go to the simplex; later rows are the lower box bounds
    /// `-t_k <= 0`, which the simplex already enforces as `x >= 0`.
    pub(super) n_lp: usize,
}

impl Rows {
    /// An empty system in `dim` coordinates.
    pub(super) fn new(dim: usize) -> Self {
        Rows {
            dim,
            a: Vec::new(),
            b: Vec::new(),
            n_lp: 0,
        }
    }

    /// Appends `a . t <= b`.
    pub(super) fn push(&mut self, a: impl IntoIterator<Item = f64>, b: f64) {
        let before = self.a.len();
        self.a.extend(a.into_iter().take(self.dim));
        self.a.resize(before + self.dim, 0.0);
        self.b.push(b);
    }

    /// Number of rows.
    pub(super) fn len(&self) -> usize {
        self.b.len()
    }

    /// Coefficients of row `j`.
    pub(super) fn row(&self, j: usize) -> &[f64] {
        &self.a[j * self.dim..(j + 1) * self.dim]
    }

    /// Slack `b_j - a_j . t` (non-negative inside).
    pub(super) fn slack(&self, j: usize, t: &[f64]) -> f64 {
        self.b[j] - dot(self.row(j), t)
    }

    /// Maximises `c . t` over the polytope with the simplex.
    pub(super) fn lp_max(&self, c: &[f64]) -> Option<Vec<f64>> {
        lp_max(
            &self.a[..self.n_lp * self.dim],
            &self.b[..self.n_lp],
            c,
            self.dim,
        )
    }
}

/// Plain dot product.
pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Euclidean norm.
pub(super) fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// Solves the cell over the active issues `act` (at least two); returns `t`
/// in active coordinates.
pub(super) fn solve_general(
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
pub(super) fn interior_start(q: &Rows, gscale: &[f64], n: usize, lens: &[f64]) -> Option<Vec<f64>> {
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
