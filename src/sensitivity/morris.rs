//! Morris elementary effects: the trajectories design with Campolongo's mu*.
//!
//! Each of r trajectories moves one parameter at a time across a grid of p levels
//! {0, 1/(p-1), ..., 1} of the unit cube, by the step Δ = p / (2 (p - 1)) (p even).
//! Trajectory t draws from ChaCha8 seeded with the run's seed on stream t, in this
//! order: each parameter's base level (uniform over the p/2 levels from which a step of
//! Δ stays in the cube), each parameter's direction (up or down), then the order in
//! which parameters move (a Fisher–Yates shuffle). Coordinate u is the parameter value
//! `quantile(u)`. Elementary effect of parameter i on output o:
//!
//! ```text
//! EE_i = (f(x after the step) - f(x before)) / (±Δ)
//! mu*_i = mean_t |EE_i|     sigma_i = sd_t EE_i (divisor r - 1)     mu_i = mean_t EE_i
//! ```
//!
//! mu* and sigma carry percentile bootstrap intervals over the trajectories
//! ([`Bootstrap`]). For a uniform parameter on [lo, hi], EE is the change of the output across the
//! whole range: a linear model y = sum c_i x_i has mu*_i = |c_i| (hi_i - lo_i).
//! (M. D. Morris, Technometrics 33, 1991; F. Campolongo, J. Cariboni, A. Saltelli,
//! Environ. Model. Softw. 22, 2007, for mu*.) A trajectory where the output is
//! undefined (NaN) before or after a step gives no effect for that step.

use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::bootstrap::{Bootstrap, Estimate};
use super::dist::Dist;
use super::sobol::moments;
use crate::error::{Error, Input, InputError, Problem, Result};
use crate::sweep::sample_rng;

/// A Morris run's design and seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MorrisOptions {
    /// Trajectories r (r (k + 1) model evaluations); at least 2.
    pub trajectories: usize,
    /// Grid levels p: even, at least 2 (default 4).
    pub levels: usize,
    /// Seed of the trajectories and of the bootstrap (over trajectories).
    pub seed: u64,
    /// The confidence intervals of mu* and sigma.
    pub bootstrap: Bootstrap,
}

/// One parameter's elementary-effect statistics for one output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MorrisIndex {
    /// mu*: mean absolute elementary effect, with its bootstrap interval.
    pub mu_star: Estimate,
    /// mu: mean elementary effect (its sign is the direction of the effect).
    pub mu: f64,
    /// sigma: standard deviation of the elementary effects (non-linearity, interactions),
    /// with its bootstrap interval.
    pub sigma: Estimate,
}

/// Morris statistics of every output for every parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// `[output][parameter]`.
    pub indices: Vec<Vec<MorrisIndex>>,
    /// Model evaluations, r (k + 1).
    pub evaluations: usize,
}

/// Morris statistics of a model with `outputs` outputs (NaN where undefined) over
/// parameters with these distributions.
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::sensitivity::{morris, Bootstrap, Dist, MorrisOptions};
/// // y = 3 x0 - x1, x0 ~ U(0, 2), x1 ~ U(0, 1): mu* = (6, 1).
/// let dists = [Dist::Uniform(0.0, 2.0), Dist::Uniform(0.0, 1.0)];
/// let options = MorrisOptions { trajectories: 10, levels: 4, seed: 3, bootstrap: Bootstrap::default() };
/// let m = morris(&dists, 1, &options, |x| Ok(vec![3.0 * x[0] - x[1]]))?;
/// assert!((m.indices[0][0].mu_star.value - 6.0).abs() < 1e-9);
/// assert!((m.indices[0][1].mu + 1.0).abs() < 1e-9);
/// # Ok(()) }
/// ```
///
/// # Errors
/// An [`InputError`](crate::error::InputError) about [`Input::Samples`] for fewer than
/// 2 trajectories, [`Input::Design`] for an odd or too small p, as
/// [`Bootstrap::validate`], or the model's first error in trajectory order.
pub fn morris<F>(
    dists: &[Dist],
    outputs: usize,
    options: &MorrisOptions,
    model: F,
) -> Result<MorrisIndices>
where
    F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
{
    check(options)?;
    let (k, r) = (dists.len(), options.trajectories);
    let effects: Vec<Result<Vec<Vec<f64>>>> = (0..r as u64)
        .into_par_iter()
        .map(|t| trajectory(dists, outputs, options, t, &model))
        .collect();
    // effects[t][i][o]
    let effects: Vec<Vec<Vec<f64>>> = effects.into_iter().collect::<Result<_>>()?;
    let all: Vec<usize> = (0..r).collect();
    // Per (output, parameter): mu* then sigma, on the trajectories picked.
    let stats = |pick: &[usize]| -> Vec<f64> {
        (0..outputs * k)
            .flat_map(|n| {
                let (o, i) = (n / k, n % k);
                let ee = pick.iter().map(|&t| effects[t][i][o]);
                [moments(ee.clone().map(f64::abs)).0, sd(ee)]
            })
            .collect()
    };
    let est = options
        .bootstrap
        .estimates(options.seed, r, &stats(&all), stats);
    let indices = (0..outputs)
        .map(|o| {
            (0..k)
                .map(|i| MorrisIndex {
                    mu_star: est[2 * (o * k + i)],
                    mu: moments(effects.iter().map(|e| e[i][o])).0,
                    sigma: est[2 * (o * k + i) + 1],
                })
                .collect()
        })
        .collect();
    Ok(MorrisIndices {
        indices,
        evaluations: r * (k + 1),
    })
}

/// Standard deviation of the finite values, divisor m - 1; NaN for fewer than 2.
fn sd(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let m = values.clone().filter(|x| x.is_finite()).count();
    if m < 2 {
        return f64::NAN;
    }
    let m = m as f64;
    (moments(values).1 * m / (m - 1.0)).sqrt()
}

pub(crate) fn check(options: &MorrisOptions) -> Result<()> {
    if options.trajectories < 2 {
        return Err(InputError::new(
            Input::Samples,
            Problem::OutOfRange {
                value: options.trajectories as f64,
                allowed: "[2, inf) trajectories for morris",
            },
        )
        .into());
    }
    if options.levels < 2 || options.levels % 2 == 1 {
        return Err(Error::from(InputError::new(
            Input::Design("morris levels".into()),
            Problem::Other(format!(
                "must be even and at least 2, got {}",
                options.levels
            )),
        )));
    }
    options.bootstrap.validate()
}

/// Trajectory `t`'s elementary effects, `[parameter][output]`.
fn trajectory<F>(
    dists: &[Dist],
    outputs: usize,
    options: &MorrisOptions,
    t: u64,
    model: &F,
) -> Result<Vec<Vec<f64>>>
where
    F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
{
    let k = dists.len();
    let p = options.levels;
    let delta = p as f64 / (2.0 * (p - 1) as f64);
    let mut rng = sample_rng(options.seed, t);
    let base: Vec<f64> = (0..k)
        .map(|_| rng.random_range(0..p / 2) as f64 / (p - 1) as f64)
        .collect();
    let up: Vec<bool> = (0..k).map(|_| rng.random::<bool>()).collect();
    let mut order: Vec<usize> = (0..k).collect();
    for i in (1..k).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let mut u: Vec<f64> = (0..k)
        .map(|i| if up[i] { base[i] } else { base[i] + delta })
        .collect();
    let values =
        |u: &[f64]| -> Vec<f64> { u.iter().zip(dists).map(|(&x, d)| d.quantile(x)).collect() };
    let mut before = model(&values(&u))?;
    let mut effects = vec![vec![f64::NAN; outputs]; k];
    for &i in &order {
        let step = if up[i] { delta } else { -delta };
        u[i] += step;
        let after = model(&values(&u))?;
        for o in 0..outputs.min(after.len()).min(before.len()) {
            effects[i][o] = (after[o] - before[o]) / step;
        }
        before = after;
    }
    Ok(effects)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-9;

    #[test]
    fn linear_model_has_mu_star_coefficient_times_range() {
        let dists = [
            Dist::uniform(0.0, 0.3).unwrap_or(Dist::Bernoulli(0.5)),
            Dist::uniform(-1.0, 1.0).unwrap_or(Dist::Bernoulli(0.5)),
            Dist::uniform(5.0, 6.0).unwrap_or(Dist::Bernoulli(0.5)),
        ];
        let c = [2.0, -0.5, 0.0];
        let options = MorrisOptions {
            trajectories: 20,
            levels: 6,
            seed: 11,
            bootstrap: Bootstrap::default(),
        };
        let model = |x: &[f64]| Ok(vec![x.iter().zip(c).map(|(x, c)| c * x).sum()]);
        let m = morris(&dists, 1, &options, model).expect("a valid design");
        for (i, d) in dists.iter().enumerate() {
            let (lo, hi) = d.ends();
            let index = m.indices[0][i];
            assert!((index.mu_star.value - c[i].abs() * (hi - lo)).abs() < TOL);
            assert!((index.mu - c[i] * (hi - lo)).abs() < TOL);
            assert!(
                index.sigma.value.abs() < TOL && index.sigma.hi.abs() < TOL,
                "a linear model has constant effects"
            );
        }
        assert_eq!(m.evaluations, 20 * 4);
    }

    /// y = x0 (1 + x1), x0 ~ U(0, 1), x1 ~ Bernoulli(0.8): x0's effect is 1 + x1 at x1's
    /// level when x0 steps, which is uniform over the 4 grid levels {0, 1/3, 2/3, 1};
    /// x1 is 1 above 0.2, so the effect is 2 with chance 3/4, else 1: sigma tends to
    /// sqrt(3/16) and mu* to 7/4.
    #[test]
    fn sigma_interval_covers_the_spread_of_an_interaction() {
        let dists = [Dist::Uniform(0.0, 1.0), Dist::Bernoulli(0.8)];
        let options = MorrisOptions {
            trajectories: 400,
            levels: 4,
            seed: 2,
            bootstrap: Bootstrap::default(),
        };
        let model = |x: &[f64]| Ok(vec![x[0] * (1.0 + x[1])]);
        let m = morris(&dists, 1, &options, model).expect("a valid design");
        let x0 = m.indices[0][0];
        eprintln!("sigma {:?} mu* {:?}", x0.sigma, x0.mu_star);
        let sigma = (3.0_f64 / 16.0).sqrt();
        assert!(x0.sigma.lo < sigma && sigma < x0.sigma.hi, "{:?}", x0.sigma);
        assert!(x0.sigma.hi - x0.sigma.lo < 0.1);
        assert!(x0.sigma.lo <= x0.sigma.value && x0.sigma.value <= x0.sigma.hi);
        assert!(x0.mu_star.lo < 1.75 && 1.75 < x0.mu_star.hi);
    }

    #[test]
    fn too_few_trajectories_or_odd_levels_are_refused() {
        let dists = [Dist::Uniform(0.0, 1.0)];
        let model = |x: &[f64]| Ok(vec![x[0]]);
        let mut options = MorrisOptions {
            trajectories: 1,
            levels: 4,
            seed: 0,
            bootstrap: Bootstrap::default(),
        };
        assert!(morris(&dists, 1, &options, model).is_err());
        options.trajectories = 4;
        options.levels = 3;
        assert!(morris(&dists, 1, &options, model).is_err());
    }
}
