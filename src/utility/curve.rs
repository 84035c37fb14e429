//! Piecewise-linear value curves over a continuous issue.

/// A piecewise-linear function through knots `(x_j, y_j)` with x strictly increasing.
///
/// Built only by scenario validation, which guarantees at least two finite knots, strictly
/// increasing x, and that the knots cover the range.
#[derive(Debug, Clone, PartialEq)]
pub struct PiecewiseLinear {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

impl PiecewiseLinear {
    /// A curve through validated knots (x strictly increasing, at least two of them).
    pub(crate) fn from_validated(xs: Vec<f64>, ys: Vec<f64>) -> Self {
        debug_assert!(xs.len() >= 2 && xs.len() == ys.len());
        debug_assert!(xs.windows(2).all(|w| w[0] < w[1]));
        PiecewiseLinear { xs, ys }
    }

    /// The knots' x coordinates.
    pub fn knots(&self) -> &[f64] {
        &self.xs
    }

    /// The knots' values.
    pub fn values(&self) -> &[f64] {
        &self.ys
    }

    /// The curve's value at `x`, linear between knots and constant beyond the ends.
    pub fn eval(&self, x: f64) -> f64 {
        let n = self.xs.len();
        if x <= self.xs[0] {
            return self.ys[0];
        }
        if x >= self.xs[n - 1] {
            return self.ys[n - 1];
        }
        // First knot strictly greater than x; x lies in [xs[j-1], xs[j]).
        let j = self.xs.partition_point(|&k| k <= x);
        let (x0, x1, y0, y1) = (self.xs[j - 1], self.xs[j], self.ys[j - 1], self.ys[j]);
        y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn interpolates_between_knots_and_clamps_outside() {
        let c = PiecewiseLinear::from_validated(vec![0.0, 0.5, 1.0], vec![0.0, 1.0, 0.0]);
        assert_abs_diff_eq!(c.eval(0.25), 0.5, epsilon = 1e-15);
        assert_abs_diff_eq!(c.eval(0.5), 1.0, epsilon = 1e-15);
        assert_abs_diff_eq!(c.eval(0.75), 0.5, epsilon = 1e-15);
        assert_abs_diff_eq!(c.eval(-1.0), 0.0, epsilon = 1e-15);
        assert_abs_diff_eq!(c.eval(2.0), 0.0, epsilon = 1e-15);
    }
}
