//! The Nash objective on a face of the cell (log-barrier Newton with an exact
//! active-set polish), implicit equalities and the lexicographic rule.

use super::*;

/// Shared data for maximising the Nash objective on a face of the cell.
pub(super) struct FaceCtx<'p, 'a> {
    /// The problem (weights, base gains, goal).
    pub(super) p: &'p CellProblem<'a>,
    /// Number of actors.
    pub(super) n: usize,
    /// Slopes in active coordinates, `n x md`.
    pub(super) s: &'p DMatrix<f64>,
    /// Per-actor gain magnitude over the box (tolerance unit).
    pub(super) gscale: &'p [f64],
    /// Largest box length (length unit).
    pub(super) ell: f64,
}

impl FaceCtx<'_, '_> {
    /// Gains at `t` (active coordinates).
    pub(super) fn gains(&self, t: &[f64]) -> Vec<f64> {
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
    pub(super) fn on_tie_set(&self, q: &Rows, tz: &[f64]) -> Vec<f64> {
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
    pub(super) fn nash(&self, q: &Rows, eq: &[bool], center: &[f64]) -> Option<Vec<f64>> {
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
pub(super) fn rank(m: &DMatrix<f64>, tol: f64) -> usize {
    match m.clone().try_svd(false, false, f64::EPSILON, 10_000) {
        Some(svd) => svd.singular_values.iter().filter(|&&s| s > tol).count(),
        None => 0,
    }
}

/// Orthonormal basis (as columns) of the null space of the given unit rows in
/// `dim` coordinates; the identity when there are no rows. Pads the matrix to
/// at least `dim` rows so the SVD returns a full set of right singular vectors.
pub(super) fn null_basis(rows: &[Vec<f64>], dim: usize) -> Option<DMatrix<f64>> {
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
pub(super) fn implicit_equalities(q: &Rows, tz: &[f64], tol: f64) -> Option<(Vec<bool>, Vec<f64>)> {
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
pub(super) fn lex_min(q: &Rows, extra: Option<&Rows>, ell: f64) -> Option<Vec<f64>> {
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
pub(super) struct FaceProblem {
    /// Gains at `u = 0`.
    pub(super) gh: DVector<f64>,
    /// Gain slopes along the face, `n x d`.
    pub(super) w: DMatrix<f64>,
    /// Constraint rows, `r x d`.
    pub(super) ra: DMatrix<f64>,
    /// Constraint right-hand sides (all positive).
    pub(super) rb: DVector<f64>,
}

impl FaceProblem {
    /// Gains and slacks at `u`, or `None` outside the open domain.
    pub(super) fn eval(&self, u: &DVector<f64>) -> Option<(DVector<f64>, DVector<f64>)> {
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
    pub(super) fn solve_nash(&self, alpha: &[f64], ell: f64) -> Option<DVector<f64>> {
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
    pub(super) fn derivatives(
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
    pub(super) fn center(
        &self,
        u: &mut DVector<f64>,
        tau: f64,
        alpha: &[f64],
        tol: f64,
    ) -> Option<()> {
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
    pub(super) fn polish(
        &self,
        alpha: &[f64],
        ub: &DVector<f64>,
        ell: f64,
        act: f64,
    ) -> Option<DVector<f64>> {
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
            log_product(g.as_slice(), alpha)
        };
        (nash(&u) >= nash(ub) - 1e-12 * (1.0 + nash(ub).abs())).then_some(u)
    }
}
