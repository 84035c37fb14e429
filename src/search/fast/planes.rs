//! Level-set planes: cuts for the pairs that rise above the incumbent's tangent
//! where the discrete frontier is not convex.

use super::{NashScratch, PLANES, TIE};
use crate::search::frontier::Frontier;
use crate::search::layer::{CellData, Layer};

/// `sum_i w_i (u_i - d_i)` plus a rounding allowance.
fn plane_point(w: &[f64], d: &[f64], u: &[f64]) -> f64 {
    let (mut v, mut mag) = (0.0, 0.0);
    for ((w, u), d) in w.iter().zip(u).zip(d) {
        let term = w * (u - d);
        v += term;
        mag += term.abs();
    }
    v + 1e-13 * mag
}

/// The maximum over the cell's box of `sum_i w_i c_i(t)` plus a rounding allowance.
fn plane_cell(w: &[f64], cell: &CellData) -> f64 {
    let n = w.len();
    let (mut v, mut mag) = (0.0, 0.0);
    for (w, b) in w.iter().zip(&cell.base) {
        let term = w * b;
        v += term;
        mag += term.abs();
    }
    for (k, &len) in cell.lens.iter().enumerate() {
        let rise: f64 = (0..n).map(|i| w[i] * cell.slopes[k * n + i]).sum();
        let term = (rise * len).max(0.0);
        v += term;
        mag += term;
    }
    v + 1e-13 * mag
}

impl Layer {
    /// Level-set planes: true when no point of pair (p, c), whose gains at the
    /// cell's lower corner are in `sc.base`, can reach the incumbent.
    ///
    /// The incumbent's tangent plane leaves the pairs that rise above it where the
    /// discrete frontier is not convex. For such a pair take the best corner y of
    /// its box; the ray through y meets the level set `{F = F*}` (F* the
    /// incumbent's objective) at `s y`, `s = exp((F* - F(y)) / sum alpha)`, and the
    /// tangent plane of the concave F there (STRUCTURE §4) gives, for every g,
    ///
    /// ```text
    /// F(g) <= F* + sum_i w_i g_i - sum_i alpha_i,      w_i = alpha_i / (s y_i),
    /// ```
    ///
    /// a plane normal to the pair's own gains, placed on the level set (tighter
    /// than at y since ln s <= s - 1). Its maximum over a pair splits into a point
    /// part and a cell part like the tangent bound, so a plane that cuts its pair
    /// is kept (up to [`PLANES`]) and tried first on later pairs: neighbours on the
    /// frontier share a dent and are cut with two additions.
    pub(super) fn level_cut(
        &self,
        frontier: &Frontier,
        sc: &mut NashScratch,
        p: usize,
        c: usize,
    ) -> bool {
        let bar = sc.best.score;
        let asum: f64 = sc.alpha.iter().sum();
        if sc.planes_bar.to_bits() != bar.to_bits() {
            // The incumbent improved: slide each plane out along its ray to the new
            // level set, which scales its normal by exp(-(F* - F*_j) / sum alpha).
            for j in 0..sc.planes {
                sc.plane_scale[j] = (-(bar - sc.plane_bar[j]) / asum).exp();
            }
            sc.planes_bar = bar;
        }
        let limit = asum - 1e3 * TIE * (1.0 + bar.abs());
        let (points, cells) = (frontier.len(), self.cells.len());
        for j in 0..sc.planes {
            let reach = sc.plane_point[j * points + p] + sc.plane_cell[j * cells + c];
            if sc.plane_scale[j] * reach < limit {
                return true;
            }
        }
        let cell = &self.cells[c];
        let Some(fy) = self.best_corner(sc, cell) else {
            return false;
        };
        let s = ((bar - fy) / asum).exp();
        if !(s > 1.0 && s.is_finite()) {
            return false;
        }
        for i in 0..sc.y.len() {
            sc.w[i] = sc.alpha[i] / (s * sc.y[i]);
        }
        let here = plane_point(&sc.w, &sc.d, frontier.point(p)) + plane_cell(&sc.w, cell);
        if here.is_nan() || here >= limit {
            return false;
        }
        if sc.planes < PLANES {
            let j = sc.planes;
            // While the queue runs only its (live) points are read; before, any is.
            if sc.live_only {
                for &q in &sc.live {
                    sc.plane_point[j * points + q] = plane_point(&sc.w, &sc.d, frontier.point(q));
                }
            } else {
                for q in 0..points {
                    sc.plane_point[j * points + q] = plane_point(&sc.w, &sc.d, frontier.point(q));
                }
            }
            for (k, cell) in self.cells.iter().enumerate() {
                sc.plane_cell[j * cells + k] = plane_cell(&sc.w, cell);
            }
            sc.plane_bar[j] = bar;
            sc.plane_scale[j] = 1.0;
            sc.planes += 1;
        }
        true
    }

    /// The corner of pair's box (gains `sc.base` at the lower corner) with the
    /// highest F, or the centre if no corner has positive gains, written to
    /// `sc.y`; returns F there, `None` if neither has positive gains (or the cell
    /// has too many corners to try).
    fn best_corner(&self, sc: &mut NashScratch, cell: &CellData) -> Option<f64> {
        let n = sc.base.len();
        let m = cell.lens.len();
        if m > 3 {
            return None;
        }
        let mut fy = f64::NEG_INFINITY;
        for mask in 0..(1usize << m) {
            let mut f = 0.0;
            for i in 0..n {
                let mut g = sc.base[i];
                for k in 0..m {
                    if mask >> k & 1 == 1 {
                        g += cell.slopes[k * n + i] * cell.lens[k];
                    }
                }
                if g.is_nan() || g <= 0.0 {
                    f = f64::NEG_INFINITY;
                    break;
                }
                sc.corner[i] = g;
                f += sc.alpha[i] * g.ln();
            }
            if f > fy {
                fy = f;
                sc.y.copy_from_slice(&sc.corner);
            }
        }
        if fy == f64::NEG_INFINITY {
            // No corner in the domain: the box's centre may be.
            let mut f = 0.0;
            for i in 0..n {
                let g = sc.base[i]
                    + (0..m)
                        .map(|k| 0.5 * cell.slopes[k * n + i] * cell.lens[k])
                        .sum::<f64>();
                if g.is_nan() || g <= 0.0 {
                    return None;
                }
                sc.y[i] = g;
                f += sc.alpha[i] * g.ln();
            }
            fy = f;
        }
        Some(fy)
    }
}
