//! How a sweep draws a leverage variable: a distribution whose parameters were checked
//! when it was made.

use rand::Rng;
use rand_distr::{Bernoulli, Beta, Distribution, Normal, Uniform};

use crate::error::Problem;

/// A leverage variable's distribution. Made only through the checked constructors
/// ([`LeverageDist::normal`] and its siblings, or [`LeverageDist::new`]), so every
/// value can be sampled; [`LeverageDist::family`] shows the family and parameters.
///
/// ```
/// use detente::scenario::{Family, LeverageDist};
///
/// let d = LeverageDist::uniform(0.0, 2.0)?;
/// assert_eq!(d.family(), Family::Uniform(0.0, 2.0));
/// assert!((d.mean() - 1.0).abs() < 1e-15);
/// assert!(LeverageDist::normal(0.0, -1.0).is_err());
/// # Ok::<(), detente::Problem>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeverageDist(Sampler);

/// A distribution family with its parameters, as the file writes them: the readable
/// face of a [`LeverageDist`]. Any values can be written here;
/// [`LeverageDist::new`] checks them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Family {
    /// Always this value (finite).
    Fixed(f64),
    /// Uniform on `[lo, hi]`, `lo < hi`.
    Uniform(f64, f64),
    /// Normal with a finite mean and a standard deviation > 0.
    Normal(f64, f64),
    /// Beta with shape parameters a, b > 0.
    Beta(f64, f64),
    /// 1 with probability p in [0, 1], else 0.
    Bernoulli(f64),
}

/// The checked parameters with a sampler built once, so drawing cannot fail.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sampler {
    Fixed(f64),
    Uniform(f64, f64, Uniform<f64>),
    Normal(f64, f64, Normal<f64>),
    Beta(f64, f64, Beta<f64>),
    Bernoulli(f64, Bernoulli),
}

/// Why parameters were refused: the problem and, for a two-parameter family, which
/// parameter (0 or 1) it concerns (`None`: the pair, or the one parameter).
pub(crate) struct BadParameter {
    pub index: Option<usize>,
    pub problem: Problem,
}

fn bad(index: Option<usize>, problem: Problem) -> BadParameter {
    BadParameter { index, problem }
}

fn finite(index: Option<usize>, x: f64) -> Result<f64, BadParameter> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(bad(index, Problem::NotFinite(x)))
    }
}

fn positive(index: usize, x: f64) -> Result<f64, BadParameter> {
    if x > 0.0 {
        Ok(x)
    } else {
        Err(bad(
            Some(index),
            Problem::OutOfRange {
                value: x,
                allowed: "(0, inf)",
            },
        ))
    }
}

fn unsampleable(e: impl std::fmt::Display) -> BadParameter {
    bad(None, Problem::Other(format!("cannot be sampled: {e}")))
}

impl LeverageDist {
    /// Check `family`'s parameters (the rules of the file's `distribution`).
    ///
    /// # Errors
    /// [`Problem::NotFinite`] for a NaN or infinite parameter, [`Problem::EmptyRange`]
    /// for a uniform with `lo >= hi`, [`Problem::OutOfRange`] for a standard deviation
    /// or beta shape that is not positive or a probability outside [0, 1],
    /// [`Problem::Other`] for a uniform range too wide to sample.
    pub fn new(family: Family) -> Result<Self, Problem> {
        Self::checked(family).map_err(|e| e.problem)
    }

    /// A variable that always takes `x`.
    ///
    /// # Errors
    /// [`Problem::NotFinite`] unless `x` is finite.
    pub fn fixed(x: f64) -> Result<Self, Problem> {
        Self::new(Family::Fixed(x))
    }

    /// Uniform on `[lo, hi]`.
    ///
    /// # Errors
    /// As [`LeverageDist::new`]: finite ends with `lo < hi`.
    pub fn uniform(lo: f64, hi: f64) -> Result<Self, Problem> {
        Self::new(Family::Uniform(lo, hi))
    }

    /// Normal with this mean and standard deviation.
    ///
    /// # Errors
    /// As [`LeverageDist::new`]: finite mean, finite `sd > 0`.
    pub fn normal(mean: f64, sd: f64) -> Result<Self, Problem> {
        Self::new(Family::Normal(mean, sd))
    }

    /// Beta with shape parameters a and b.
    ///
    /// # Errors
    /// As [`LeverageDist::new`]: finite `a, b > 0`.
    pub fn beta(a: f64, b: f64) -> Result<Self, Problem> {
        Self::new(Family::Beta(a, b))
    }

    /// 1 with probability p, else 0.
    ///
    /// # Errors
    /// As [`LeverageDist::new`]: `p` in [0, 1].
    pub fn bernoulli(p: f64) -> Result<Self, Problem> {
        Self::new(Family::Bernoulli(p))
    }

    /// The one place the parameter rules live; the scenario validator turns the
    /// parameter index into a field path.
    pub(crate) fn checked(family: Family) -> Result<Self, BadParameter> {
        let sampler = match family {
            Family::Fixed(x) => Sampler::Fixed(finite(None, x)?),
            Family::Uniform(lo, hi) => {
                let (lo, hi) = (finite(Some(0), lo)?, finite(Some(1), hi)?);
                if lo >= hi {
                    return Err(bad(None, Problem::EmptyRange { lo, hi }));
                }
                if !(0.5 * (lo + hi)).is_finite() {
                    return Err(unsampleable("the range is too wide"));
                }
                let sampler = Uniform::new_inclusive(lo, hi).map_err(unsampleable)?;
                Sampler::Uniform(lo, hi, sampler)
            }
            Family::Normal(mean, sd) => {
                let (mean, sd) = (finite(Some(0), mean)?, finite(Some(1), sd)?);
                let sampler = Normal::new(mean, positive(1, sd)?).map_err(unsampleable)?;
                Sampler::Normal(mean, sd, sampler)
            }
            Family::Beta(a, b) => {
                let (a, b) = (finite(Some(0), a)?, finite(Some(1), b)?);
                let sampler = Beta::new(positive(0, a)?, positive(1, b)?).map_err(unsampleable)?;
                Sampler::Beta(a, b, sampler)
            }
            Family::Bernoulli(p) => {
                if !(0.0..=1.0).contains(&p) {
                    return Err(bad(
                        None,
                        Problem::OutOfRange {
                            value: p,
                            allowed: "[0, 1]",
                        },
                    ));
                }
                Sampler::Bernoulli(p, Bernoulli::new(p).map_err(unsampleable)?)
            }
        };
        Ok(LeverageDist(sampler))
    }

    /// The family and its parameters.
    pub fn family(&self) -> Family {
        match self.0 {
            Sampler::Fixed(x) => Family::Fixed(x),
            Sampler::Uniform(lo, hi, _) => Family::Uniform(lo, hi),
            Sampler::Normal(mean, sd, _) => Family::Normal(mean, sd),
            Sampler::Beta(a, b, _) => Family::Beta(a, b),
            Sampler::Bernoulli(p, _) => Family::Bernoulli(p),
        }
    }

    /// The distribution's mean (the default status-quo value).
    pub fn mean(&self) -> f64 {
        match self.0 {
            Sampler::Fixed(x) => x,
            Sampler::Uniform(lo, hi, _) => 0.5 * (lo + hi),
            Sampler::Normal(mean, _, _) => mean,
            Sampler::Beta(a, b, _) => a / (a + b),
            Sampler::Bernoulli(p, _) => p,
        }
    }

    /// Draw one value.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.0 {
            Sampler::Fixed(x) => *x,
            Sampler::Uniform(_, _, d) => d.sample(rng),
            Sampler::Normal(_, _, d) => d.sample(rng),
            Sampler::Beta(_, _, d) => d.sample(rng),
            Sampler::Bernoulli(_, d) => {
                if d.sample(rng) {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

impl TryFrom<Family> for LeverageDist {
    type Error = Problem;

    fn try_from(family: Family) -> Result<Self, Problem> {
        LeverageDist::new(family)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use rand::SeedableRng;

    #[test]
    fn means_match_the_families() -> Result<(), Problem> {
        assert_abs_diff_eq!(
            LeverageDist::uniform(0.0, 1.0)?.mean(),
            0.5,
            epsilon = 1e-15
        );
        assert_abs_diff_eq!(LeverageDist::beta(2.0, 6.0)?.mean(), 0.25, epsilon = 1e-15);
        assert_abs_diff_eq!(LeverageDist::bernoulli(0.3)?.mean(), 0.3, epsilon = 1e-15);
        Ok(())
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(matches!(
            LeverageDist::normal(0.0, -1.0),
            Err(Problem::OutOfRange { .. })
        ));
        assert!(matches!(
            LeverageDist::uniform(1.0, 1.0),
            Err(Problem::EmptyRange { .. })
        ));
        assert!(matches!(
            LeverageDist::fixed(f64::NAN),
            Err(Problem::NotFinite(_))
        ));
        assert!(LeverageDist::uniform(-f64::MAX, f64::MAX).is_err());
        assert!(LeverageDist::bernoulli(1.5).is_err());
        assert!(LeverageDist::beta(0.0, 1.0).is_err());
    }

    #[test]
    fn sampling_uses_the_same_draws_as_a_fresh_sampler() -> Result<(), Problem> {
        // Building the sampler once must not change the stream (pinned sweep outputs).
        let d = LeverageDist::normal(1.0, 2.0)?;
        let mut a = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let mut b = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let fresh = Normal::new(1.0, 2.0).map_err(unsampleable_problem)?;
        for _ in 0..10 {
            let x: f64 = fresh.sample(&mut b);
            assert_eq!(d.sample(&mut a).to_bits(), x.to_bits());
        }
        Ok(())
    }

    fn unsampleable_problem(e: rand_distr::NormalError) -> Problem {
        unsampleable(e).problem
    }
}
