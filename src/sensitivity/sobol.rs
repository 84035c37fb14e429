//! Sobol first-order and total indices: Saltelli's design with the Saltelli (2010)
//! first-order and Jansen (1999) total estimators.
//!
//! Row j of the design draws 2k uniforms from ChaCha8 seeded with the run's seed on
//! stream j: the k of matrix A's row, then the k of B's (plain Monte Carlo, not a
//! quasi-random sequence). The model is evaluated at A_j, B_j and the k points AB_j^i
//! (A_j with coordinate i taken from B_j): N (k + 2) evaluations, rows in parallel,
//! collected in order. With V the variance of every f(A_j) and f(B_j):
//!
//! ```text
//! S_i  = (1/N) sum_j f(B_j) (f(AB_j^i) - f(A_j)) / V        Saltelli et al. 2010, table 2 (b)
//! ST_i = (1/2N) sum_j (f(A_j) - f(AB_j^i))^2 / V             Jansen 1999, table 2 (f)
//! ```
//!
//! (A. Saltelli et al., "Variance based sensitivity analysis of model output. Design
//! and estimator for the total sensitivity index", Comput. Phys. Commun. 181, 2010.)
//! An output that is undefined at a point (NaN: an issue's value without a deal) drops
//! the rows where it is undefined at A_j, B_j or AB_j^i from that (output, parameter)
//! pair's sums and from its V. f(B_j) is centred on the output's mean in the
//! first-order sum (the expectation is unchanged, since E f(AB^i) = E f(A), and the
//! variance of the estimate falls for outputs far from 0). An output that does not vary has no indices (NaN).

use rand::Rng;
use rayon::prelude::*;

use super::bootstrap::{Bootstrap, Estimate};
use super::dist::Dist;
use crate::error::{Error, Input, InputError, Problem, Result};
use crate::sweep::sample_rng;

/// Fewest base rows N a Sobol run accepts.
pub const MIN_SOBOL_SAMPLES: usize = 8;

/// A Sobol run's size and seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SobolOptions {
    /// Base rows N (N (k + 2) model evaluations); at least [`MIN_SOBOL_SAMPLES`].
    pub samples: usize,
    /// Seed of the design's rows and of the bootstrap.
    pub seed: u64,
    /// The confidence intervals.
    pub bootstrap: Bootstrap,
}

/// Sobol indices of every output for every parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// First-order indices S_i, `[output][parameter]`.
    pub first: Vec<Vec<Estimate>>,
    /// Total indices ST_i, `[output][parameter]`.
    pub total: Vec<Vec<Estimate>>,
    /// Each output's mean over every defined f(A_j) and f(B_j).
    pub mean: Vec<f64>,
    /// Each output's variance over the same values.
    pub variance: Vec<f64>,
    /// Model evaluations, N (k + 2).
    pub evaluations: usize,
}

/// One design row's outputs: at A_j, at B_j and at every AB_j^i.
struct Row {
    a: Vec<f64>,
    b: Vec<f64>,
    ab: Vec<Vec<f64>>,
}

/// Sobol indices of a model with `outputs` outputs over parameters with these
/// distributions. `model` gets the parameter values (one per distribution) and returns
/// one value per output, NaN where undefined.
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::sensitivity::{sobol, Bootstrap, Dist, SobolOptions};
/// // y = x0 + 2 x1 with x_i ~ U(0, 1): S = ST = (1/5, 4/5).
/// let dists = [Dist::Uniform(0.0, 1.0), Dist::Uniform(0.0, 1.0)];
/// let options = SobolOptions { samples: 4000, seed: 1, bootstrap: Bootstrap::default() };
/// let s = sobol(&dists, 1, &options, |x| Ok(vec![x[0] + 2.0 * x[1]]))?;
/// assert!((s.first[0][1].value - 0.8).abs() < 0.05);
/// assert!((s.total[0][0].value - 0.2).abs() < 0.05);
/// # Ok(()) }
/// ```
///
/// # Errors
/// An [`InputError`](crate::error::InputError) about [`Input::Samples`] for fewer than
/// [`MIN_SOBOL_SAMPLES`] rows, as [`Bootstrap::validate`], or the model's first error
/// in row order.
pub fn sobol<F>(
    dists: &[Dist],
    outputs: usize,
    options: &SobolOptions,
    model: F,
) -> Result<SobolIndices>
where
    F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
{
    check(options)?;
    let n = options.samples;
    let k = dists.len();
    let rows: Vec<Result<Row>> = (0..n as u64)
        .into_par_iter()
        .map(|j| row(dists, options.seed, j, &model))
        .collect();
    let rows: Vec<Row> = rows.into_iter().collect::<Result<_>>()?;
    if let Some(bad) = rows.iter().find(|r| r.a.len() != outputs) {
        return Err(Error::from(InputError::new(
            Input::Design("model outputs".into()),
            Problem::WrongLength {
                expected: outputs,
                got: bad.a.len(),
            },
        )));
    }
    let all: Vec<usize> = (0..n).collect();
    let point = statistics(&rows, &all, outputs, k);
    let est = options
        .bootstrap
        .estimates(options.seed, n, &point, |pick| {
            statistics(&rows, pick, outputs, k)
        });
    let (first, total) = (0..outputs)
        .map(|o| {
            let at = |i: usize, t: usize| est[(o * k + i) * 2 + t];
            (
                (0..k).map(|i| at(i, 0)).collect(),
                (0..k).map(|i| at(i, 1)).collect(),
            )
        })
        .unzip();
    let (mean, variance) = (0..outputs)
        .map(|o| moments(rows.iter().flat_map(|r| [r.a[o], r.b[o]])))
        .unzip();
    Ok(SobolIndices {
        first,
        total,
        mean,
        variance,
        evaluations: n * (k + 2),
    })
}

/// Check the design's size and the bootstrap.
pub(crate) fn check(options: &SobolOptions) -> Result<()> {
    if options.samples < MIN_SOBOL_SAMPLES {
        return Err(InputError::new(
            Input::Samples,
            Problem::OutOfRange {
                value: options.samples as f64,
                allowed: "[8, inf) for sobol",
            },
        )
        .into());
    }
    options.bootstrap.validate()
}

/// Evaluate design row `j`.
fn row<F>(dists: &[Dist], seed: u64, j: u64, model: &F) -> Result<Row>
where
    F: Fn(&[f64]) -> Result<Vec<f64>> + Sync,
{
    let k = dists.len();
    let mut rng = sample_rng(seed, j);
    let u: Vec<f64> = (0..2 * k).map(|_| rng.random::<f64>()).collect();
    let value = |i: usize, from_b: bool| dists[i].quantile(u[if from_b { k + i } else { i }]);
    let a: Vec<f64> = (0..k).map(|i| value(i, false)).collect();
    let b: Vec<f64> = (0..k).map(|i| value(i, true)).collect();
    let ab = (0..k)
        .map(|i| {
            let mut x = a.clone();
            x[i] = b[i];
            model(&x)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Row {
        a: model(&a)?,
        b: model(&b)?,
        ab,
    })
}

/// (S_i, ST_i) for every output and parameter on the rows `pick` (with repeats), laid
/// out `[(output * k + parameter) * 2 + {0: first, 1: total}]`.
fn statistics(rows: &[Row], pick: &[usize], outputs: usize, k: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(outputs * k * 2);
    for o in 0..outputs {
        for i in 0..k {
            let (s, st) = pair(rows, pick, o, i);
            out.push(s);
            out.push(st);
        }
    }
    out
}

/// Saltelli's S_i and Jansen's ST_i of output `o`, parameter `i`.
fn pair(rows: &[Row], pick: &[usize], o: usize, i: usize) -> (f64, f64) {
    let defined = |&&j: &&usize| {
        let r = &rows[j];
        r.a[o].is_finite() && r.b[o].is_finite() && r.ab[i][o].is_finite()
    };
    let used: Vec<usize> = pick.iter().filter(defined).copied().collect();
    let (mean, v) = moments(used.iter().flat_map(|&j| [rows[j].a[o], rows[j].b[o]]));
    if used.len() < 2 || v.is_nan() || v <= f64::EPSILON * 1e-3 {
        return (f64::NAN, f64::NAN);
    }
    let (mut first, mut total) = (0.0, 0.0);
    for &j in &used {
        let r = &rows[j];
        let (fa, fb, fab) = (r.a[o], r.b[o], r.ab[i][o]);
        first += (fb - mean) * (fab - fa);
        total += (fa - fab) * (fa - fab);
    }
    let m = used.len() as f64;
    (first / m / v, total / (2.0 * m) / v)
}

/// Mean and population variance (two passes) of the finite values; NaN when none.
pub(crate) fn moments(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let (mut sum, mut count) = (0.0, 0usize);
    for x in values.clone().filter(|x| x.is_finite()) {
        sum += x;
        count += 1;
    }
    if count == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = sum / count as f64;
    let ss: f64 = values
        .filter(|x| x.is_finite())
        .map(|x| (x - mean) * (x - mean))
        .sum();
    (mean, ss / count as f64)
}

#[cfg(test)]
mod tests;
