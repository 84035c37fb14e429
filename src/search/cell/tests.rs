//! Tests for the cell kernel: closed forms, tie-breaks, invariances, and an
//! independent brute force (nested golden-section search over the polytope,
//! plus a plain grid scan) on seeded random cells.

use super::*;
use nalgebra::DVector;

/// Up to 8 gains on the stack.
struct Gains {
    /// Storage.
    v: [f64; 8],
    /// Number of actors used.
    n: usize,
}

impl std::ops::Deref for Gains {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        &self.v[..self.n]
    }
}

/// Case count for the expensive brute-force sweeps: a third in debug builds
/// (the nested search is ~20x slower unoptimised), everything in release.
fn budget(release: usize) -> usize {
    if cfg!(debug_assertions) {
        release.div_ceil(3)
    } else {
        release
    }
}

/// Owned problem data, so tests can build and mutate cells freely.
#[derive(Clone, Debug)]
struct Owned {
    /// Gains at t = 0.
    base: Vec<f64>,
    /// Column-major slopes.
    slopes: Vec<f64>,
    /// Box lengths.
    lens: Vec<f64>,
    /// Nash weights.
    alpha: Vec<f64>,
    /// Floors.
    floor: Vec<f64>,
    /// 0 = Nash, 1 = MaxMin, 2 = Linear.
    kind: u8,
    /// Scale (MaxMin) or coefficients (Linear).
    gvec: Vec<f64>,
}

impl Owned {
    /// Borrowed problem view.
    fn problem(&self) -> CellProblem<'_> {
        let goal = match self.kind {
            0 => Goal::Nash,
            1 => Goal::MaxMin { scale: &self.gvec },
            _ => Goal::Linear { coef: &self.gvec },
        };
        CellProblem {
            cell: Cell {
                base: &self.base,
                slopes: &self.slopes,
                lens: &self.lens,
            },
            alpha: &self.alpha,
            floor: &self.floor,
            goal,
        }
    }

    /// Solves with the kernel.
    fn solve(&self) -> Option<CellOptimum> {
        solve(&self.problem())
    }

    /// Number of actors.
    fn n(&self) -> usize {
        self.base.len()
    }

    /// Number of issues.
    fn m(&self) -> usize {
        self.lens.len()
    }

    /// Gains at t (fixed-size buffer: the brute force evaluates this
    /// millions of times and must stay fast in debug builds).
    fn gains(&self, t: &[f64]) -> Gains {
        let n = self.n();
        let mut g = Gains { v: [0.0; 8], n };
        for (i, gi) in g.v.iter_mut().enumerate().take(n) {
            *gi = self.base[i]
                + t.iter()
                    .enumerate()
                    .map(|(k, x)| x * self.slopes[k * n + i])
                    .sum::<f64>();
        }
        g
    }

    /// Nash objective at t.
    fn nash(&self, t: &[f64]) -> f64 {
        let g = self.gains(t);
        if g.iter().any(|&x| x <= 0.0) {
            return f64::NEG_INFINITY;
        }
        g.iter().zip(&self.alpha).map(|(g, a)| a * g.ln()).sum()
    }

    /// Goal value at t.
    fn goal(&self, t: &[f64]) -> f64 {
        let g = self.gains(t);
        match self.kind {
            0 => self.nash(t),
            1 => g
                .iter()
                .zip(&self.gvec)
                .map(|(g, s)| g / s)
                .fold(f64::INFINITY, f64::min),
            _ => g.iter().zip(&self.gvec).map(|(g, c)| g * c).sum(),
        }
    }

    /// Floors and box as rows `a . t <= b`.
    fn poly(&self) -> Poly {
        let (n, m) = (self.n(), self.m());
        let mut p = Poly {
            dim: m,
            a: Vec::new(),
            b: Vec::new(),
        };
        for i in 0..n {
            p.a.push((0..m).map(|k| -self.slopes[k * n + i]).collect());
            p.b.push(self.base[i] - self.floor[i]);
        }
        for k in 0..m {
            p.a.push((0..m).map(|j| if j == k { 1.0 } else { 0.0 }).collect());
            p.b.push(self.lens[k]);
            p.a.push((0..m).map(|j| if j == k { -1.0 } else { 0.0 }).collect());
            p.b.push(0.0);
        }
        p
    }
}

// ---------------------------------------------------------------------------
// Independent brute force
// ---------------------------------------------------------------------------

/// Polytope `{x : a_j . x <= b_j}` for the brute force.
#[derive(Clone, Debug)]
struct Poly {
    /// Dimension.
    dim: usize,
    /// Rows.
    a: Vec<Vec<f64>>,
    /// Right-hand sides.
    b: Vec<f64>,
}

/// Solves a small square system by Gaussian elimination with partial pivoting.
fn gauss(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let d = b.len();
    for c in 0..d {
        let piv = (c..d).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[piv][c].abs() < 1e-12 {
            return None;
        }
        a.swap(c, piv);
        b.swap(c, piv);
        for r in 0..d {
            if r != c {
                let f = a[r][c] / a[c][c];
                let pivot_row = a[c].clone();
                for (x, y) in a[r].iter_mut().zip(&pivot_row).skip(c) {
                    *x -= f * y;
                }
                b[r] -= f * b[c];
            }
        }
    }
    Some((0..d).map(|i| b[i] / a[i][i]).collect())
}

/// All `k`-subsets of `0..n`.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for last in (k - 1)..n {
        for mut s in subsets(last, k - 1) {
            s.push(last);
            out.push(s);
        }
    }
    out
}

impl Poly {
    /// Range of the first coordinate, by vertex enumeration.
    fn range0(&self) -> Option<(f64, f64)> {
        let d = self.dim;
        if d == 1 {
            let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
            for (a, &b) in self.a.iter().zip(&self.b) {
                if a[0] > 1e-300 {
                    hi = hi.min(b / a[0]);
                } else if a[0] < -1e-300 {
                    lo = lo.max(b / a[0]);
                } else if b < -1e-12 {
                    return None;
                }
            }
            return (lo <= hi).then_some((lo, hi));
        }
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for s in subsets(self.a.len(), d) {
            let a: Vec<Vec<f64>> = s.iter().map(|&j| self.a[j].clone()).collect();
            let b: Vec<f64> = s.iter().map(|&j| self.b[j]).collect();
            if let Some(x) = gauss(a, b) {
                let ok = self.a.iter().zip(&self.b).all(|(r, &bb)| {
                    r.iter().zip(&x).map(|(p, q)| p * q).sum::<f64>() <= bb + 1e-12
                });
                if ok {
                    lo = lo.min(x[0]);
                    hi = hi.max(x[0]);
                }
            }
        }
        (lo <= hi).then_some((lo, hi))
    }

    /// The slice at `x_0 = v`, in the remaining coordinates.
    fn slice(&self, v: f64) -> Poly {
        Poly {
            dim: self.dim - 1,
            a: self.a.iter().map(|r| r[1..].to_vec()).collect(),
            b: self
                .a
                .iter()
                .zip(&self.b)
                .map(|(r, b)| b - r[0] * v)
                .collect(),
        }
    }
}

/// Golden-section maximisation of a concave (unimodal) function on [lo, hi].
fn golden(lo: f64, hi: f64, f: &mut dyn FnMut(f64) -> f64) -> (f64, f64) {
    let r = 0.5 * (5f64.sqrt() - 1.0);
    let (mut a, mut b) = (lo, hi);
    let mut c = b - r * (b - a);
    let mut d = a + r * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..80 {
        if fc >= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - r * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + r * (b - a);
            fd = f(d);
        }
    }
    let mut best = (0.5 * (a + b), f(0.5 * (a + b)));
    for x in [lo, hi] {
        let v = f(x);
        if v > best.1 {
            best = (x, v);
        }
    }
    best
}

/// Maximises a concave `f` over the polytope by nested golden-section search
/// (partial maxima of concave functions are concave). Returns (value, argmax).
fn nested_max(poly: &Poly, f: &dyn Fn(&[f64]) -> f64, prefix: &[f64]) -> (f64, Vec<f64>) {
    if poly.dim == 0 {
        let ok = poly.b.iter().all(|&b| b >= -1e-10);
        return (
            if ok { f(prefix) } else { f64::NEG_INFINITY },
            prefix.to_vec(),
        );
    }
    let Some((lo, hi)) = poly.range0() else {
        return (f64::NEG_INFINITY, prefix.to_vec());
    };
    if poly.dim == 1 {
        // Innermost level: evaluate f directly, no slicing.
        let mut buf = prefix.to_vec();
        buf.push(lo);
        let mut inner = |x: f64| {
            buf[prefix.len()] = x;
            f(&buf)
        };
        let (x, v) = golden(lo, hi, &mut inner);
        let mut t = prefix.to_vec();
        t.push(x);
        return (v, t);
    }
    let mut inner = |x: f64| {
        let mut pre = prefix.to_vec();
        pre.push(x);
        nested_max(&poly.slice(x), f, &pre).0
    };
    let (x, _) = golden(lo, hi, &mut inner);
    let mut pre = prefix.to_vec();
    pre.push(x);
    nested_max(&poly.slice(x), f, &pre)
}

/// Brute-force reference: (max min-slack, goal value, Nash on the tie set, argmax).
fn brute(o: &Owned) -> (f64, f64, f64, Vec<f64>) {
    let n = o.n();
    let mut boxp = o.poly();
    // Floors are not part of the feasibility test's domain (only the box is).
    boxp.a.drain(0..n);
    boxp.b.drain(0..n);
    let slack = |t: &[f64]| {
        o.gains(t)
            .iter()
            .zip(&o.floor)
            .map(|(g, f)| g - f)
            .fold(f64::INFINITY, f64::min)
    };
    let (smax, _) = nested_max(&boxp, &slack, &[]);
    let poly = o.poly();
    let goal = |t: &[f64]| o.goal(t);
    let (z, tz) = nested_max(&poly, &goal, &[]);
    if o.kind == 0 {
        return (smax, z, z, tz);
    }
    // Nash over the (slightly relaxed) set of goal maximisers.
    let tol = 2e-12 * z.abs().max(1.0);
    let mut tie = poly.clone();
    let m = o.m();
    if o.kind == 1 {
        for i in 0..n {
            tie.a.push((0..m).map(|k| -o.slopes[k * n + i]).collect());
            tie.b.push(o.base[i] - o.gvec[i] * (z - tol));
        }
    } else {
        tie.a.push(
            (0..m)
                .map(|k| -(0..n).map(|i| o.gvec[i] * o.slopes[k * n + i]).sum::<f64>())
                .collect(),
        );
        tie.b
            .push(o.base.iter().zip(&o.gvec).map(|(b, c)| b * c).sum::<f64>() - (z - tol));
    }
    let nash = |t: &[f64]| o.nash(t);
    let (nv, tn) = nested_max(&tie, &nash, &[]);
    (smax, z, nv, tn)
}

/// Tiny deterministic generator (SplitMix64), shared by the cell solvers' tests.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    /// Next uniform in [0, 1).
    pub(super) fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [a, b).
    pub(super) fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.next()
    }
}

/// A random cell with `n` actors and `m` issues.
fn random_cell(rng: &mut Rng, n: usize, m: usize, kind: u8) -> Owned {
    let base = (0..n).map(|_| rng.range(0.1, 2.0)).collect();
    let slopes = (0..n * m).map(|_| rng.range(-1.5, 1.5)).collect();
    let lens = (0..m).map(|_| rng.range(0.2, 1.5)).collect();
    let alpha = (0..n).map(|_| rng.range(0.3, 3.0)).collect();
    let floor = (0..n)
        .map(|_| {
            if rng.next() < 0.4 {
                0.0
            } else {
                rng.range(0.0, 0.9)
            }
        })
        .collect();
    let gvec = match kind {
        1 => (0..n).map(|_| rng.range(0.3, 2.0)).collect(),
        2 if rng.next() < 0.4 => {
            let j = (rng.next() * n as f64) as usize;
            (0..n).map(|i| if i == j { 1.0 } else { 0.0 }).collect()
        }
        2 => (0..n).map(|_| rng.range(0.0, 2.0)).collect(),
        _ => Vec::new(),
    };
    Owned {
        base,
        slopes,
        lens,
        alpha,
        floor,
        kind,
        gvec,
    }
}

/// True if the slope matrix has full column rank `m <= n` (Nash and the
/// tie-broken LP goals then have a unique maximiser).
fn full_rank(o: &Owned) -> bool {
    let (n, m) = (o.n(), o.m());
    let s = DMatrix::from_fn(n, m, |i, k| o.slopes[k * n + i]);
    m <= n && rank(&s, 1e-6) == m
}

/// Grid scan: no feasible grid point may beat the kernel's goal value.
fn grid_check(o: &Owned, res: &CellOptimum) {
    let m = o.m();
    let steps = match m {
        1 => 4000,
        2 => 120,
        _ => 28,
    };
    let total = (steps + 1usize).pow(m as u32);
    let mut t = vec![0.0; m];
    for idx in 0..total {
        let mut r = idx;
        for (tk, l) in t.iter_mut().zip(&o.lens) {
            *tk = l * (r % (steps + 1)) as f64 / steps as f64;
            r /= steps + 1;
        }
        let g = o.gains(&t);
        if g.iter().zip(&o.floor).all(|(g, f)| g >= f) {
            let v = o.goal(&t);
            assert!(
                v <= res.score + 1e-9 * (1.0 + res.score.abs()),
                "grid point {t:?} scores {v} > kernel {} for {o:?}",
                res.score
            );
        }
    }
}

/// Runs the full brute-force comparison on one cell; returns the t error
/// when the maximiser is unique.
fn compare(o: &Owned) -> Option<f64> {
    let (smax, z, nv, tb) = brute(o);
    let res = o.solve();
    if (smax - GAIN_EPS).abs() < 1e-9 {
        return None; // too close to the feasibility threshold to judge
    }
    if smax <= GAIN_EPS {
        assert!(
            res.is_none(),
            "kernel found {res:?} in infeasible cell {o:?} (slack {smax})"
        );
        return None;
    }
    let res = res.unwrap_or_else(|| panic!("kernel missed feasible cell {o:?} (slack {smax})"));
    let tol = 1e-9 * (1.0 + z.abs());
    // Constraints.
    for (k, (&tk, &l)) in res.t.iter().zip(&o.lens).enumerate() {
        assert!((0.0..=l).contains(&tk), "t[{k}] = {tk} outside [0, {l}]");
    }
    for (i, (&g, &f)) in res.gains.iter().zip(&o.floor).enumerate() {
        assert!(g >= f - 1e-9, "gain {i} = {g} below floor {f} in {o:?}");
    }
    // Goal: never worse than brute force, never (meaningfully) better.
    assert!(
        res.score >= z - tol,
        "kernel score {} < brute {z} for {o:?}",
        res.score
    );
    assert!(
        res.score <= z + tol,
        "kernel score {} > brute {z} for {o:?}",
        res.score
    );
    assert!((res.score - o.goal(&res.t)).abs() <= 1e-12 * (1.0 + z.abs()));
    // Tie-break: Nash on the tie set.
    if res.nash == f64::NEG_INFINITY {
        // Documented: when every goal maximiser has a zero gain the kernel
        // returns the exact maximiser (nash = -inf) rather than a point of the
        // tie sliver with a gain of ~1e-12. The brute force, on its slightly
        // wider sliver, must then also be stuck at a near-zero gain.
        let gmin = o.gains(&tb).iter().fold(f64::INFINITY, |a, &b| a.min(b));
        assert!(
            gmin < 1e-7,
            "kernel nash -inf but brute force reaches gains {gmin} for {o:?}"
        );
    } else if nv.is_finite() {
        assert!(
            res.nash >= nv - 1e-7 * (1.0 + nv.abs()),
            "kernel nash {} < brute {nv} for {o:?}",
            res.nash
        );
    }
    assert!(
        upper_bound(&o.problem()) >= res.score,
        "upper bound below score for {o:?}"
    );
    grid_check(o, &res);
    if full_rank(o) && nv.is_finite() && res.nash.is_finite() {
        let err = res
            .t
            .iter()
            .zip(&tb)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        let ell = o.lens.iter().fold(1.0, |a: f64, &b| a.max(b));
        assert!(
            err <= 1e-6 * ell,
            "t error {err}: kernel {:?} brute {tb:?} for {o:?}",
            res.t
        );
        return Some(err);
    }
    None
}

/// Seeded brute-force comparison for `m` issues over all goals and n = 2..4.
fn brute_force_sweep(m: usize, cases: usize, seed: u64) {
    let mut rng = Rng(seed);
    let mut worst: f64 = 0.0;
    let mut feasible = 0;
    for case in 0..cases {
        let n = 2 + case % 3;
        let kind = (case / 3 % 3) as u8;
        let o = random_cell(&mut rng, n, m, kind);
        if let Some(e) = compare(&o) {
            worst = worst.max(e);
        }
        if o.solve().is_some() {
            feasible += 1;
        }
    }
    eprintln!("m = {m}: {feasible}/{cases} feasible, worst t error {worst:e}");
    assert!(
        feasible >= cases / 3,
        "generator produced too few feasible cells"
    );
}

#[test]
fn brute_force_m1() {
    brute_force_sweep(1, 300, 1);
}

#[test]
fn brute_force_m2() {
    brute_force_sweep(2, budget(90), 2);
}

#[test]
fn brute_force_m3() {
    brute_force_sweep(3, budget(27), 3);
}

// ---------------------------------------------------------------------------
// Closed forms
// ---------------------------------------------------------------------------

/// g_a = t, g_b = 1 - t on [0, 1].
fn split(kind: u8, alpha: [f64; 2], floor: [f64; 2], gvec: Vec<f64>) -> Owned {
    Owned {
        base: vec![0.0, 1.0],
        slopes: vec![1.0, -1.0],
        lens: vec![1.0],
        alpha: alpha.to_vec(),
        floor: floor.to_vec(),
        kind,
        gvec,
    }
}

#[test]
fn split_nash_weighted() {
    let r = split(0, [1.0, 3.0], [0.0, 0.0], vec![])
        .solve()
        .expect("feasible");
    assert!((r.t[0] - 0.25).abs() < 1e-12, "{r:?}");
    let want = 0.25f64.ln() + 3.0 * 0.75f64.ln();
    assert!((r.nash - want).abs() < 1e-12 && (r.score - want).abs() < 1e-12);
}

#[test]
fn split_maxmin_half() {
    let r = split(1, [1.0, 3.0], [0.0, 0.0], vec![1.0, 1.0])
        .solve()
        .expect("feasible");
    assert!(
        (r.t[0] - 0.5).abs() < 1e-12 && (r.score - 0.5).abs() < 1e-12,
        "{r:?}"
    );
}

#[test]
fn split_linear_with_floor() {
    let r = split(2, [1.0, 1.0], [0.0, 0.3], vec![1.0, 0.0])
        .solve()
        .expect("feasible");
    assert!(
        (r.t[0] - 0.7).abs() < 1e-12 && (r.score - 0.7).abs() < 1e-12,
        "{r:?}"
    );
    assert!((r.gains[1] - 0.3).abs() < 1e-12);
}

#[test]
fn split_empty_floors() {
    for kind in 0..3 {
        let o = split(kind, [1.0, 1.0], [0.6, 0.5], vec![1.0, 1.0]);
        assert!(o.solve().is_none(), "kind {kind}");
    }
    // Floors that leave exactly one point (0.5, 0.5): the strict set is empty.
    let o = split(0, [1.0, 1.0], [0.5, 0.5], vec![]);
    assert!(o.solve().is_none());
}

#[test]
fn touching_zero_is_infeasible() {
    // g_a = t on [0, 1] and g_b = -t: both positive nowhere, zero only at t = 0.
    let o = Owned {
        base: vec![0.0, 0.0],
        slopes: vec![1.0, -1.0],
        lens: vec![1.0],
        alpha: vec![1.0, 1.0],
        floor: vec![0.0, 0.0],
        kind: 0,
        gvec: vec![],
    };
    assert!(o.solve().is_none());
    // A constant actor with gain exactly at its floor + EPS is not strictly feasible.
    let mut c = split(0, [1.0, 1.0], [0.0, 0.0], vec![]);
    c.base.push(0.5 + GAIN_EPS / 2.0);
    c.slopes.push(0.0);
    c.alpha.push(1.0);
    c.floor.push(0.5);
    assert!(c.solve().is_none());
}

#[test]
fn point_box_m0_and_zero_lens() {
    let o = Owned {
        base: vec![1.0, 2.0],
        slopes: vec![],
        lens: vec![],
        alpha: vec![1.0, 1.0],
        floor: vec![0.5, 0.5],
        kind: 1,
        gvec: vec![1.0, 4.0],
    };
    let r = o.solve().expect("feasible point");
    assert!(r.t.is_empty() && (r.score - 0.5).abs() < 1e-15);
    let mut z = o.clone();
    z.slopes = vec![1.0, -1.0, 3.0, 1.0];
    z.lens = vec![0.0, 0.0];
    let r = z.solve().expect("feasible point");
    assert_eq!(r.t.len(), 2);
    assert!(r.t.iter().all(|&x| x.abs() < 1e-300));
    let mut bad = o;
    bad.floor = vec![1.0, 0.0];
    assert!(bad.solve().is_none());
}

// ---------------------------------------------------------------------------
// Tie-breaks
// ---------------------------------------------------------------------------

#[test]
fn maxmin_flat_top_nash_decides() {
    // Actors a = 0.3 + t, b = 1.3 - t (both >= 0.3) and c constant 0.2, the
    // binding minimum everywhere: the max-min set is all of [0, 1] and the
    // Nash objective (weights 1, 3, 1) picks 1.3 - t = 3 (0.3 + t), t = 0.1.
    let o = Owned {
        base: vec![0.3, 1.3, 0.2],
        slopes: vec![1.0, -1.0, 0.0],
        lens: vec![1.0],
        alpha: vec![1.0, 3.0, 1.0],
        floor: vec![0.0, 0.0, 0.0],
        kind: 1,
        gvec: vec![1.0, 1.0, 1.0],
    };
    let r = o.solve().expect("feasible");
    assert!((r.t[0] - 0.1).abs() < 1e-12, "{r:?}");
    assert!((r.score - 0.2).abs() < 1e-15);
    // Same in two dimensions with the second issue inert for a and b but
    // raising c: the flat top becomes a segment at t_1 = 1.
    let o2 = Owned {
        base: vec![0.3, 1.3, 0.2],
        slopes: vec![1.0, -1.0, 0.0, 0.0, 0.0, 0.05],
        lens: vec![1.0, 1.0],
        alpha: vec![1.0, 3.0, 1.0],
        floor: vec![0.0, 0.0, 0.0],
        kind: 1,
        gvec: vec![1.0, 1.0, 1.0],
    };
    let r = o2.solve().expect("feasible");
    assert!(
        (r.t[0] - 0.1).abs() < 1e-9 && (r.t[1] - 1.0).abs() < 1e-9,
        "{r:?}"
    );
    assert!((r.score - 0.25).abs() < 1e-12, "{r:?}");
}

#[test]
fn linear_zero_slope_nash_decides() {
    // Utilitarian on a constant-sum split: every t ties, Nash (1, 3) decides.
    let r = split(2, [1.0, 3.0], [0.0, 0.0], vec![1.0, 1.0])
        .solve()
        .expect("feasible");
    assert!(
        (r.t[0] - 0.25).abs() < 1e-12 && (r.score - 1.0).abs() < 1e-12,
        "{r:?}"
    );
    // Two issues, gains depending on t_0 + t_1 only: Nash fixes t_0 + t_1 =
    // 0.25, the lexicographic rule then takes t_0 = 0.
    let o = Owned {
        base: vec![0.0, 1.0],
        slopes: vec![1.0, -1.0, 1.0, -1.0],
        lens: vec![1.0, 1.0],
        alpha: vec![1.0, 3.0],
        floor: vec![0.0, 0.0],
        kind: 2,
        gvec: vec![1.0, 1.0],
    };
    let r = o.solve().expect("feasible");
    assert!(r.t[0].abs() < 1e-9 && (r.t[1] - 0.25).abs() < 1e-9, "{r:?}");
    let mut nash = o.clone();
    nash.kind = 0;
    let r = nash.solve().expect("feasible");
    assert!(r.t[0].abs() < 1e-9 && (r.t[1] - 0.25).abs() < 1e-9, "{r:?}");
}

#[test]
fn null_space_lexicographic() {
    // All slopes zero: every t ties exactly, the answer is t = 0.
    let o = Owned {
        base: vec![1.0, 2.0],
        slopes: vec![0.0; 6],
        lens: vec![1.0, 2.0, 3.0],
        alpha: vec![1.0, 1.0],
        floor: vec![0.0, 0.0],
        kind: 0,
        gvec: vec![],
    };
    let r = o.solve().expect("feasible");
    assert!(r.t.iter().all(|&x| x == 0.0));
    // Gains that move by less than the tie tolerance across the box tie
    // exactly: lexicographic rule, t = 0, for every goal.
    for kind in 0..3 {
        let tiny = Owned {
            base: vec![1.0, 2.0],
            slopes: vec![1e-14, -1e-14],
            lens: vec![1.0],
            alpha: vec![1.0, 1.0],
            floor: vec![0.0, 0.0],
            kind,
            gvec: vec![1.0, 1.0],
        };
        let r = tiny.solve().expect("feasible");
        assert!(r.t[0] == 0.0, "kind {kind}: {r:?}");
    }
    // Maxmin along a ridge t_0 + t_1 = 1 (two actors, no third): ties along
    // the ridge with identical gains, lexicographic rule gives (0, 1).
    let ridge = Owned {
        base: vec![0.0, 2.0],
        slopes: vec![1.0, -1.0, 1.0, -1.0],
        lens: vec![1.0, 1.0],
        alpha: vec![1.0, 1.0],
        floor: vec![0.0, 0.0],
        kind: 1,
        gvec: vec![1.0, 1.0],
    };
    let r = ridge.solve().expect("feasible");
    assert!(r.t[0].abs() < 1e-9 && (r.t[1] - 1.0).abs() < 1e-9, "{r:?}");
}

// ---------------------------------------------------------------------------
// Invariance and bounds
// ---------------------------------------------------------------------------

#[test]
fn nash_invariant_to_actor_rescaling() {
    let mut rng = Rng(7);
    let mut checked = 0;
    for case in 0..60 {
        let m = 1 + case % 3;
        let o = random_cell(&mut rng, 3, m, 0);
        let Some(r) = o.solve() else { continue };
        let c = rng.range(0.01, 100.0);
        let j = case % 3;
        let mut s = o.clone();
        s.base[j] *= c;
        s.floor[j] *= c;
        for k in 0..m {
            s.slopes[k * 3 + j] *= c;
        }
        let rs = s.solve().expect("rescaling keeps feasibility");
        for (a, b) in r.t.iter().zip(&rs.t) {
            assert!(
                (a - b).abs() < 1e-8,
                "{:?} vs {:?} for {o:?}, c = {c}",
                r.t,
                rs.t
            );
        }
        checked += 1;
    }
    assert!(checked > 20);
}

#[test]
fn upper_bound_dominates() {
    let mut rng = Rng(11);
    for case in 0..150 {
        let o = random_cell(&mut rng, 2 + case % 3, 1 + case % 3, (case % 3) as u8);
        if let Some(r) = o.solve() {
            assert!(upper_bound(&o.problem()) >= r.score, "{o:?}");
        }
    }
}

#[test]
fn malformed_input_is_rejected_in_release() {
    // Only meaningful without debug assertions (they fire on purpose).
    if cfg!(debug_assertions) {
        return;
    }
    let mut o = split(0, [1.0, 1.0], [0.0, 0.0], vec![]);
    o.slopes.pop();
    assert!(o.solve().is_none());
    assert!(upper_bound(&o.problem()).is_infinite());
}

// ---------------------------------------------------------------------------
// High-accuracy reference for the Nash goal
// ---------------------------------------------------------------------------

/// Exact reference for the Nash goal with full-rank slopes. The maximiser is
/// the unconstrained maximiser of `N` over the affine hull of the face whose
/// relative interior contains it, so: for every set of at most `m`
/// independent rows, project a nearby start (the brute-force point, within
/// ~1e-8) onto their affine hull, run Newton there, and keep the best
/// feasible result. Independent of the kernel's LP / barrier machinery.
fn nash_reference(o: &Owned, start: &[f64]) -> Option<Vec<f64>> {
    let poly = o.poly();
    let (n, m) = (o.n(), o.m());
    let s = DMatrix::from_fn(n, m, |i, k| o.slopes[k * n + i]);
    let base = DVector::from_column_slice(&o.base);
    let alpha = DVector::from_column_slice(&o.alpha);
    let mut best: Option<(f64, Vec<f64>)> = None;
    for k in 0..=m {
        for sub in subsets(poly.a.len(), k) {
            let rows = m.max(k);
            let a = DMatrix::from_fn(rows, m, |r, c| if r < k { poly.a[sub[r]][c] } else { 0.0 });
            let b = DVector::from_fn(rows, |r, _| if r < k { poly.b[sub[r]] } else { 0.0 });
            let svd = a.clone().svd(true, true);
            if svd.singular_values.iter().filter(|&&x| x > 1e-9).count() != k {
                continue;
            }
            let t0 = DVector::from_column_slice(start);
            let Ok(corr) = svd.solve(&(&a * &t0 - &b), 1e-12) else {
                continue;
            };
            let mut t = t0 - corr;
            let Some(vt) = svd.v_t.as_ref() else { continue };
            let free: Vec<usize> = (0..m).filter(|&i| svd.singular_values[i] <= 1e-9).collect();
            let z = DMatrix::from_fn(m, free.len(), |r, c| vt[(free[c], r)]);
            let mut ok = true;
            for _ in 0..200 {
                let g = &base + &s * &t;
                if g.iter().any(|&x| x <= 0.0) {
                    ok = false;
                    break;
                }
                if z.ncols() == 0 {
                    break;
                }
                let r = DVector::from_fn(n, |i, _| alpha[i] / g[i]);
                let sz = &s * &z;
                let grad = sz.transpose() * &r;
                let d = DMatrix::from_fn(n, n, |i, j| {
                    if i == j {
                        alpha[i] / (g[i] * g[i])
                    } else {
                        0.0
                    }
                });
                let h = sz.transpose() * d * &sz;
                let Some(ch) = h.cholesky() else {
                    ok = false;
                    break;
                };
                let step = ch.solve(&grad);
                let dec = grad.dot(&step);
                let mut a_s = 1.0;
                while (&base + &s * (&t + &z * &step * a_s))
                    .iter()
                    .any(|&x| x <= 0.0)
                {
                    a_s *= 0.5;
                }
                t += &z * &step * a_s;
                if dec < 1e-28 {
                    break;
                }
            }
            let feasible = poly.a.iter().zip(&poly.b).all(|(r, &bb)| {
                r.iter().zip(t.iter()).map(|(p, q)| p * q).sum::<f64>() <= bb + 1e-11
            });
            if ok && feasible {
                let v = o.nash(t.as_slice());
                if best.as_ref().is_none_or(|(bv, _)| v > *bv) {
                    best = Some((v, t.as_slice().to_vec()));
                }
            }
        }
    }
    best.map(|(_, t)| t)
}

#[test]
fn nash_accuracy_against_face_enumeration() {
    let mut rng = Rng(5);
    for m in 1..=3 {
        let mut worst: f64 = 0.0;
        let mut checked = 0;
        for case in 0..budget(40) {
            let n = m.max(2) + case % 2;
            let o = random_cell(&mut rng, n, m, 0);
            if !full_rank(&o) {
                continue;
            }
            let Some(r) = o.solve() else { continue };
            let (_, _, _, tb) = brute(&o);
            let reference = nash_reference(&o, &tb).expect("reference finds the optimum");
            let err =
                r.t.iter()
                    .zip(&reference)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max);
            assert!(
                err <= 1e-9,
                "m = {m}: t error {err}: {:?} vs {reference:?} for {o:?}",
                r.t
            );
            worst = worst.max(err);
            checked += 1;
        }
        eprintln!("Nash m = {m}: {checked} cells, worst t error vs face enumeration {worst:e}");
        assert!(checked >= budget(40) / 4);
    }
}

/// Random cells with structural degeneracies: zero-length pieces, zero or
/// duplicated slope columns, constant actors, and coarse (exactly
/// representable) data so that exact ties and binding floors occur.
fn degenerate_cell(rng: &mut Rng, n: usize, m: usize, kind: u8) -> Owned {
    let coarse = |rng: &mut Rng, a: f64, b: f64| (rng.range(a, b) * 4.0).round() / 4.0;
    let mut o = random_cell(rng, n, m, kind);
    for x in o.slopes.iter_mut() {
        *x = coarse(rng, -1.5, 1.5);
    }
    for x in o.base.iter_mut() {
        *x = coarse(rng, 0.0, 2.0);
    }
    for x in o.floor.iter_mut() {
        *x = coarse(rng, 0.0, 0.75).max(0.0);
    }
    for x in o.lens.iter_mut() {
        *x = coarse(rng, 0.0, 1.5);
    }
    if kind == 1 {
        o.gvec.iter_mut().for_each(|x| *x = 1.0);
    }
    match rng.next() {
        r if r < 0.25 && m >= 2 => {
            // duplicated column
            for i in 0..n {
                o.slopes[n + i] = o.slopes[i];
            }
        }
        r if r < 0.45 => {
            // zero column
            for i in 0..n {
                o.slopes[i] = 0.0;
            }
        }
        r if r < 0.65 => {
            // constant actor
            for k in 0..m {
                o.slopes[k * n] = 0.0;
            }
        }
        _ => {}
    }
    o
}

#[test]
fn brute_force_degenerate() {
    let mut rng = Rng(13);
    let mut feasible = 0;
    for case in 0..budget(120) {
        let m = 1 + case % 3;
        let n = 2 + case / 3 % 3;
        let kind = (case / 9 % 3) as u8;
        let o = degenerate_cell(&mut rng, n, m, kind);
        compare(&o);
        if let Some(r) = o.solve() {
            feasible += 1;
            // Exact ties along a null direction must resolve to the
            // lexicographically smallest t: no other maximiser with the same
            // gains may be lexicographically smaller (checked on zero columns).
            for k in 0..m {
                if (0..n).all(|i| o.slopes[k * n + i] == 0.0) {
                    assert!(r.t[k] == 0.0, "inert issue {k} not at 0: {r:?}");
                }
            }
            // Duplicated columns: only t_0 + t_1 matters, so t_0 must be as
            // small as the box allows.
            let dup = m >= 2 && (0..n).all(|i| o.slopes[i].total_cmp(&o.slopes[n + i]).is_eq());
            if dup && o.lens[0] > 0.0 && o.lens[1] > 0.0 && o.slopes[..n].iter().any(|&x| x != 0.0)
            {
                let want = (r.t[0] + r.t[1] - o.lens[1]).max(0.0);
                assert!(
                    (r.t[0] - want).abs() < 1e-9,
                    "not lexicographic: {r:?} for {o:?}"
                );
            }
        }
    }
    assert!(feasible >= budget(120) / 4, "{feasible}");
}
