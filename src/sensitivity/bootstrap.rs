//! Bootstrap confidence intervals: resample the design's rows (Sobol) or trajectories
//! (Morris) with replacement, recompute every index, take the percentile interval.
//!
//! Replicate `b` draws its rows from ChaCha8 seeded with the run's seed on stream
//! 2^63 + b (the design's rows use streams below 2^63), so the intervals depend on
//! (seed, b) alone and not on the thread count. Replicates run in parallel and are
//! collected in order; every reduction is sequential.

use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Input, Problem, Result};
use crate::sweep::{quantile, sample_rng};

/// Stream of the first bootstrap replicate's generator.
const STREAM: u64 = 1 << 63;

/// How confidence intervals are computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Replicates (0: no intervals, reported as null).
    pub replicates: usize,
    /// Coverage of the percentile interval, in (0, 1).
    pub confidence: f64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            replicates: 200,
            confidence: 0.95,
        }
    }
}

impl Bootstrap {
    /// Check the settings.
    ///
    /// # Errors
    /// An [`InputError`](crate::error::InputError) about [`Input::Design`] for a
    /// confidence outside (0, 1) or more than 100 000 replicates.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str, problem| {
            Err(Error::from(crate::error::InputError::new(
                Input::Design(what.to_string()),
                problem,
            )))
        };
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return bad(
                "confidence",
                Problem::OutOfRange {
                    value: self.confidence,
                    allowed: "(0, 1)",
                },
            );
        }
        if self.replicates > 100_000 {
            return bad(
                "bootstrap replicates",
                Problem::TooMany {
                    count: self.replicates,
                    limit: 100_000,
                },
            );
        }
        Ok(())
    }

    /// Intervals for `point` (one value per statistic): `stat(rows)` recomputes every
    /// statistic on a resample of the `n` rows.
    pub(crate) fn estimates<F>(&self, seed: u64, n: usize, point: &[f64], stat: F) -> Vec<Estimate>
    where
        F: Fn(&[usize]) -> Vec<f64> + Sync,
    {
        let reps: Vec<Vec<f64>> = (0..self.replicates as u64)
            .into_par_iter()
            .map(|b| {
                let mut rng = sample_rng(seed, STREAM + b);
                let rows: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
                stat(&rows)
            })
            .collect();
        let tail = (1.0 - self.confidence) / 2.0;
        point
            .iter()
            .enumerate()
            .map(|(s, &value)| {
                let mut column: Vec<f64> = reps
                    .iter()
                    .map(|r| r[s])
                    .filter(|x| x.is_finite())
                    .collect();
                column.sort_by(f64::total_cmp);
                let defined = value.is_finite() && !column.is_empty();
                let end = |p| {
                    if defined {
                        quantile(&column, p)
                    } else {
                        f64::NAN
                    }
                };
                Estimate {
                    value,
                    lo: end(tail),
                    hi: end(1.0 - tail),
                }
            })
            .collect()
    }
}

/// An index with its bootstrap interval; NaN (null in JSON) where undefined (an output
/// that never varies, or no replicates).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The point estimate.
    pub value: f64,
    /// Lower end of the percentile interval.
    pub lo: f64,
    /// Upper end of the percentile interval.
    pub hi: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_cover_the_mean_of_a_sample() {
        let data: Vec<f64> = (0..200).map(|i| f64::from(i % 10)).collect();
        let mean =
            |rows: &[usize]| vec![rows.iter().map(|&r| data[r]).sum::<f64>() / rows.len() as f64];
        let all: Vec<usize> = (0..data.len()).collect();
        let b = Bootstrap::default();
        let e = b.estimates(7, data.len(), &mean(&all), mean);
        assert!((e[0].value - 4.5).abs() < 1e-12);
        assert!(e[0].lo < 4.5 && e[0].hi > 4.5 && e[0].hi - e[0].lo < 1.5);
        assert_eq!(e, b.estimates(7, data.len(), &mean(&all), mean));
    }
}
