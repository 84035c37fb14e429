//! A small dense simplex (Bland's rule) for the cell's linear programs.

use super::*;

/// Simplex tableau: `rows x width`, last column the right-hand side.
pub(super) struct Tableau {
    /// Row-major coefficients.
    pub(super) t: Vec<f64>,
    /// Columns including the right-hand side.
    pub(super) width: usize,
    /// Basic variable of each row.
    pub(super) basis: Vec<usize>,
}

impl Tableau {
    /// Entry `(j, k)`.
    pub(super) fn at(&self, j: usize, k: usize) -> f64 {
        self.t[j * self.width + k]
    }

    /// Gauss–Jordan pivot on `(r, k)`, also updating the objective row
    /// `obj` (reduced costs, last entry `-z`).
    pub(super) fn pivot(&mut self, obj: &mut [f64], r: usize, k: usize) {
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
    pub(super) fn objective(&self, c: &[f64]) -> Vec<f64> {
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
    pub(super) fn run(&mut self, obj: &mut [f64], allowed: usize, tol_d: f64) -> Option<()> {
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
pub(super) fn lp_max(a: &[f64], b: &[f64], c: &[f64], cols: usize) -> Option<Vec<f64>> {
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
