//! A parameter's distribution, read through its quantile function: the designs of
//! Morris and Sobol place points in the unit cube, and coordinate `u` of a point is
//! the parameter value `quantile(u)`.
//!
//! A normal is truncated at its [`NORMAL_TAIL`] and `1 - NORMAL_TAIL` quantiles, so
//! that every parameter has a bounded range: Morris's grid needs the ends, and the
//! ends are what a range is checked against before a run (see [`super::params`]).

use std::fmt;

use crate::error::Problem;
use crate::scenario::Family;

/// Probability cut from each tail of a normal (its range is mean ± 3.09 sd).
pub const NORMAL_TAIL: f64 = 0.001;

/// A parameter's distribution: checked when made, read by [`Dist::quantile`].
///
/// ```
/// use detente::sensitivity::Dist;
/// let d = Dist::uniform(0.0, 0.3)?;
/// assert!((d.quantile(0.5) - 0.15).abs() < 1e-12);
/// let n = Dist::normal(0.5, 0.1)?;
/// assert!((n.quantile(0.5) - 0.5).abs() < 1e-9);
/// // Truncated at the 0.1 % and 99.9 % quantiles: mean + 3.0902 sd at the top.
/// assert!((n.ends().1 - (0.5 + 0.1 * 3.090_232)).abs() < 1e-6);
/// assert!(Dist::uniform(1.0, 1.0).is_err(), "an empty range");
/// # Ok::<(), detente::Problem>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// Uniform on `[lo, hi]`, `lo < hi`.
    Uniform(f64, f64),
    /// Normal (mean, sd > 0), truncated at the [`NORMAL_TAIL`] quantiles.
    Normal(f64, f64),
    /// Beta with shapes a, b > 0 on `[0, 1]`.
    Beta(f64, f64),
    /// 1 with probability p in (0, 1), else 0.
    Bernoulli(f64),
}

impl Dist {
    /// Uniform on `[lo, hi]`.
    ///
    /// # Errors
    /// [`Problem::NotFinite`] or [`Problem::EmptyRange`] unless `lo < hi`, both finite.
    pub fn uniform(lo: f64, hi: f64) -> Result<Dist, Problem> {
        finite(lo)?;
        finite(hi)?;
        if lo < hi {
            Ok(Dist::Uniform(lo, hi))
        } else {
            Err(Problem::EmptyRange { lo, hi })
        }
    }

    /// Normal with this mean and standard deviation, truncated (see [`NORMAL_TAIL`]).
    ///
    /// # Errors
    /// [`Problem::NotFinite`], or [`Problem::OutOfRange`] unless `sd > 0`.
    pub fn normal(mean: f64, sd: f64) -> Result<Dist, Problem> {
        finite(mean)?;
        finite(sd)?;
        positive(sd)?;
        Ok(Dist::Normal(mean, sd))
    }

    /// Beta with shapes `a`, `b`.
    ///
    /// # Errors
    /// [`Problem::NotFinite`], or [`Problem::OutOfRange`] unless both are positive.
    pub fn beta(a: f64, b: f64) -> Result<Dist, Problem> {
        finite(a)?;
        finite(b)?;
        positive(a)?;
        positive(b)?;
        Ok(Dist::Beta(a, b))
    }

    /// Bernoulli with probability `p`.
    ///
    /// # Errors
    /// [`Problem::OutOfRange`] unless `0 < p < 1` (else it never varies).
    pub fn bernoulli(p: f64) -> Result<Dist, Problem> {
        if p > 0.0 && p < 1.0 {
            Ok(Dist::Bernoulli(p))
        } else {
            Err(Problem::OutOfRange {
                value: p,
                allowed: "(0, 1)",
            })
        }
    }

    /// A leverage variable's distribution, `None` for a fixed one (it never varies)
    /// or a Bernoulli with p = 0 or 1.
    pub fn from_family(family: Family) -> Option<Dist> {
        match family {
            Family::Fixed(_) => None,
            Family::Uniform(lo, hi) => Dist::uniform(lo, hi).ok(),
            Family::Normal(m, s) => Dist::normal(m, s).ok(),
            Family::Beta(a, b) => Dist::beta(a, b).ok(),
            Family::Bernoulli(p) => Dist::bernoulli(p).ok(),
        }
    }

    /// The value at probability `u` in [0, 1] (clamped).
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match *self {
            Dist::Uniform(lo, hi) => lo + u * (hi - lo),
            Dist::Normal(m, s) => {
                m + s * normal_quantile(NORMAL_TAIL + (1.0 - 2.0 * NORMAL_TAIL) * u)
            }
            Dist::Beta(a, b) => beta_quantile(a, b, u),
            Dist::Bernoulli(p) => f64::from(u > 1.0 - p),
        }
    }

    /// The smallest and largest values the parameter takes.
    pub fn ends(&self) -> (f64, f64) {
        (self.quantile(0.0), self.quantile(1.0))
    }
}

impl fmt::Display for Dist {
    /// The spec syntax: `uniform:0:0.3`, `normal:0.5:0.1`, `beta:2:2`, `bernoulli:0.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dist::Uniform(lo, hi) => write!(f, "uniform:{lo}:{hi}"),
            Dist::Normal(m, s) => write!(f, "normal:{m}:{s}"),
            Dist::Beta(a, b) => write!(f, "beta:{a}:{b}"),
            Dist::Bernoulli(p) => write!(f, "bernoulli:{p}"),
        }
    }
}

fn finite(x: f64) -> Result<(), Problem> {
    if x.is_finite() {
        Ok(())
    } else {
        Err(Problem::NotFinite(x))
    }
}

fn positive(x: f64) -> Result<(), Problem> {
    if x > 0.0 {
        Ok(())
    } else {
        Err(Problem::OutOfRange {
            value: x,
            allowed: "(0, inf)",
        })
    }
}

/// The standard normal quantile for p in (0, 1): Acklam's rational approximation
/// (relative error below 1.2e-9; P. J. Acklam, "An algorithm for computing the inverse
/// normal cumulative distribution function", 2003).
pub(crate) fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.024_25 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.024_25 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// The Beta(a, b) quantile by bisection on the regularised incomplete beta function
/// (60 halvings: to the last bit of a double on [0, 1]).
fn beta_quantile(a: f64, b: f64, u: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if incomplete_beta(a, b, mid) < u {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// I_x(a, b) by its continued fraction (Numerical Recipes, 3rd ed., §6.4).
fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    }
}

/// The continued fraction of the incomplete beta, by Lentz's method.
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    d = 1.0 / if d.abs() < TINY { TINY } else { d };
    let mut h = d;
    for m in 1..300 {
        let m = f64::from(m);
        for aa in [
            m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0)),
        ] {
            d = 1.0 + aa * d;
            d = 1.0 / if d.abs() < TINY { TINY } else { d };
            c = 1.0 + aa / c;
            if c.abs() < TINY {
                c = TINY;
            }
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = G[0];
    for (i, g) in G.iter().enumerate().skip(1) {
        sum += g / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-7;

    #[test]
    fn beta_quantile_matches_closed_forms() {
        // Beta(1, 1) is uniform; Beta(2, 2) has CDF 3x^2 - 2x^3, median 1/2.
        assert!((beta_quantile(1.0, 1.0, 0.3) - 0.3).abs() < TOL);
        assert!((beta_quantile(2.0, 2.0, 0.5) - 0.5).abs() < TOL);
        let x = beta_quantile(2.0, 2.0, 0.2);
        assert!((3.0 * x * x - 2.0 * x * x * x - 0.2).abs() < TOL);
        // Beta(2, 1): CDF x^2.
        assert!((beta_quantile(2.0, 1.0, 0.25) - 0.5).abs() < TOL);
    }

    #[test]
    fn normal_quantile_is_symmetric_and_known() {
        assert!(normal_quantile(0.5).abs() < TOL);
        assert!((normal_quantile(0.841_344_746_068_543) - 1.0).abs() < 1e-6);
        assert!((normal_quantile(0.01) + normal_quantile(0.99)).abs() < 1e-9);
    }

    #[test]
    fn bernoulli_takes_its_two_values() {
        let d = Dist::Bernoulli(0.3);
        assert_eq!(d.ends(), (0.0, 1.0));
        assert!(d.quantile(0.69).abs() < TOL);
        assert!((d.quantile(0.71) - 1.0).abs() < TOL);
    }
}
