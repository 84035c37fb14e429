//! What a sweep says: deal probability, option shares, quantiles, gains, sensitivity.
//!
//! Quantiles use the linear interpolation of Hyndman and Fan's type 7 (the default of
//! R and NumPy): for sorted values x_0 <= ... <= x_{n-1} and level p,
//! `h = (n - 1) p`, `Q(p) = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h))`.
//!
//! Issue shares and quantiles are over the samples that reached a deal (NaN, printed
//! as null, when none did); actor gains count a sample without a deal as a gain of 0
//! and its utility as the actor's disagreement utility.

use rayon::prelude::*;

use super::sensitivity::{self, Sensitivity};
use super::{Samples, SweepOptions};
use crate::scenario::Scenario;
use crate::space::{Domain, Value};

/// The type-7 quantile at level `p` in [0, 1] of values sorted ascending (NaN when
/// empty).
///
/// ```
/// let q = detente::sweep::quantile(&[1.0, 2.0, 3.0, 4.0], 0.5);
/// assert!((q - 2.5).abs() < 1e-12);
/// ```
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// One issue's outcome over the samples with a deal.
///
/// Serialises as `{"shares": [..]}` (one share per option, file order) or
/// `{"continuous": {"mean": .., "p05": .., "p50": .., "p95": ..}}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueStats {
    /// A discrete issue: the share of each option (file order).
    Shares(Vec<f64>),
    /// A continuous issue: mean and the 5 %, 50 % and 95 % quantiles.
    Continuous {
        /// Mean.
        mean: f64,
        /// 5 % quantile.
        p05: f64,
        /// Median.
        p50: f64,
        /// 95 % quantile.
        p95: f64,
    },
}

impl IssueStats {
    /// The mean of a continuous issue (`None` for a discrete one).
    pub fn mean(&self) -> Option<f64> {
        match self {
            IssueStats::Continuous { mean, .. } => Some(*mean),
            IssueStats::Shares(_) => None,
        }
    }
}

/// One actor's gains (no deal counts as 0) and utilities over all samples.
///
/// Serialises as `{"mean_gain", "p05", "p50", "p95", "mean_utility"}`, the object the
/// CLI prints per actor id.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ActorStats {
    /// Mean gain u_i - d_i.
    pub mean_gain: f64,
    /// 5 % quantile of the gain.
    pub p05: f64,
    /// Median gain.
    pub p50: f64,
    /// 95 % quantile of the gain.
    pub p95: f64,
    /// Mean utility (the disagreement utility in samples without a deal).
    pub mean_utility: f64,
}

/// The summary of a set of samples (the whole sweep or one grid value).
///
/// Serialises with its field names; `issues` and `actors` are arrays in file order and
/// `sensitivity` is `[[variable id, [[response name, coefficient], ..]], ..]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Number of samples.
    pub samples: u64,
    /// Share of samples with a deal.
    pub deal_probability: f64,
    /// Per issue, file order.
    pub issues: Vec<IssueStats>,
    /// Per actor, file order.
    pub actors: Vec<ActorStats>,
    /// Standardised regression coefficients, see [`Sensitivity`].
    pub sensitivity: Sensitivity,
}

/// What a sweep found: per sample set, the statistics of [`Stats`].
///
/// Serialises with its field names: `overall` is a [`Stats`], `scenario_hash` is a
/// number (null without a file form), `weight_noise` is null when unset, and `grid` is null or `[variable id, [[value, Stats], ..]]`.
/// Non-finite numbers (a quantile over no deals) serialise as null. The labelled
/// form that `sweep --json` prints, keyed by ids and option labels, is
/// [`report::Labelled`](crate::report::Labelled).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::report::Labelled;
/// use detente::sweep::{self, SweepOptions};
/// use detente::Scenario;
/// use serde_json::json;
///
/// let scenario = Scenario::from_json(r#"{
///   "name": "left-or-right",
///   "issues": [{ "id": "x", "options": ["left", "right"] }],
///   "actors": [
///     { "id": "a", "weights": { "x": 1 }, "values": { "x": { "left": 1.0, "right": 0.5 } } },
///     { "id": "b", "weights": { "x": 1 }, "values": { "x": { "left": 0.25, "right": 0.75 } } }
///   ]
/// }"#, "inline")?;
/// let options = SweepOptions { samples: 20, seed: 7, ..SweepOptions::default() };
/// let result = sweep::run(&scenario, &options)?;
///
/// let data = serde_json::to_value(result.summary())?;
/// assert_eq!(data["concept"], "nash");
/// assert_eq!(data["overall"]["issues"][0], json!({ "shares": [0.0, 1.0] }));
///
/// let labelled = serde_json::to_value(Labelled::new(&scenario, result.summary()))?;
/// assert_eq!(labelled["total_samples"], 20);
/// assert_eq!(labelled["issues"]["x"], json!({ "shares": { "left": 0.0, "right": 1.0 } }));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SweepSummary {
    /// Scenario name.
    pub scenario: String,
    /// The name of the concept solved (`nash`, `offers`, ...).
    pub concept: String,
    /// Draws per grid value (the `--samples` given).
    pub samples: u64,
    /// Seed.
    pub seed: u64,
    /// The version of detente that ran the sweep (`CARGO_PKG_VERSION`).
    pub crate_version: String,
    /// The scenario's [content hash](Scenario::content_hash); `None` for a scenario
    /// with no file form (a custom effect).
    pub scenario_hash: Option<u64>,
    /// Weight-noise concentration, if any.
    pub weight_noise: Option<f64>,
    /// Over every sample.
    pub overall: Stats,
    /// With `--vary`: the variable's id and, per grid value, its value and summary.
    pub grid: Option<(String, Vec<(f64, Stats)>)>,
}

impl SweepSummary {
    pub(crate) fn new(
        scenario: &Scenario,
        concept: &str,
        options: &SweepOptions,
        samples: &Samples,
    ) -> Self {
        let all: Vec<usize> = (0..samples.len()).collect();
        let grid = options.vary.as_ref().map(|g| {
            let per = options.samples as usize;
            let entries = g
                .values()
                .into_iter()
                .enumerate()
                .map(|(j, v)| {
                    let rows: Vec<usize> = (j * per..((j + 1) * per).min(samples.len())).collect();
                    (v, Stats::new(scenario, samples, &rows))
                })
                .collect();
            (g.id.clone(), entries)
        });
        SweepSummary {
            scenario: scenario.name().to_string(),
            concept: concept.to_string(),
            samples: options.samples,
            seed: options.seed,
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_hash: scenario.content_hash().ok(),
            weight_noise: options.weight_noise,
            overall: Stats::new(scenario, samples, &all),
            grid,
        }
    }
}

impl Stats {
    /// Summarise the samples at `rows`. Issues, actors and the sensitivity fit are
    /// independent and computed in parallel; each is a sequential sum or selection,
    /// so the numbers do not depend on the thread count.
    pub(crate) fn new(scenario: &Scenario, samples: &Samples, rows: &[usize]) -> Self {
        let deals: Vec<usize> = rows.iter().copied().filter(|&s| samples.deal(s)).collect();
        let n = rows.len().max(1) as f64;
        let ((issues, actors), sensitivity) = rayon::join(
            || {
                rayon::join(
                    || {
                        scenario
                            .issues()
                            .par_iter()
                            .enumerate()
                            .map(|(k, issue)| issue_stats(&issue.domain, k, samples, &deals))
                            .collect()
                    },
                    || {
                        (0..scenario.actors().len())
                            .into_par_iter()
                            .map(|i| actor_stats(i, samples, rows, n))
                            .collect()
                    },
                )
            },
            || sensitivity::fit(scenario, samples, rows),
        );
        Stats {
            samples: rows.len() as u64,
            deal_probability: deals.len() as f64 / n,
            issues,
            actors,
            sensitivity,
        }
    }
}

fn actor_stats(i: usize, samples: &Samples, rows: &[usize], n: f64) -> ActorStats {
    let mut gains: Vec<f64> = rows.iter().map(|&s| samples.gains(s)[i]).collect();
    let mean_gain = gains.iter().sum::<f64>() / n;
    let mean_utility = rows.iter().map(|&s| samples.utilities(s)[i]).sum::<f64>() / n;
    let [p05, p50, p95] = quantiles(&mut gains, [0.05, 0.5, 0.95]);
    ActorStats {
        mean_gain,
        p05,
        p50,
        p95,
        mean_utility,
    }
}

/// [`quantile`] at each level of `ps` of unsorted `values` (reordered), by selection
/// rather than a full sort: the same numbers in linear time.
fn quantiles<const K: usize>(values: &mut [f64], ps: [f64; K]) -> [f64; K] {
    ps.map(|p| match values.len() {
        0 => f64::NAN,
        1 => values[0],
        n => {
            let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let (_, &mut x_lo, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
            let x_hi = if lo + 1 < n {
                above.iter().copied().fold(f64::NAN, |m, x| {
                    if m.is_nan() || x.total_cmp(&m).is_lt() {
                        x
                    } else {
                        m
                    }
                })
            } else {
                x_lo
            };
            x_lo + (h - lo as f64) * (x_hi - x_lo)
        }
    })
}

fn issue_stats(domain: &Domain, k: usize, samples: &Samples, deals: &[usize]) -> IssueStats {
    let value = |s: usize| samples.outcome(s).map(|o| o[k]);
    match domain {
        Domain::Discrete { options } => {
            let mut counts = vec![0u64; options.len()];
            for &s in deals {
                if let Some(Value::Option(o)) = value(s) {
                    if let Some(c) = counts.get_mut(o) {
                        *c += 1;
                    }
                }
            }
            let total = deals.len() as f64;
            IssueStats::Shares(counts.iter().map(|&c| c as f64 / total).collect())
        }
        Domain::Continuous { .. } => {
            let mut xs: Vec<f64> = deals
                .iter()
                .filter_map(|&s| value(s).and_then(Value::as_number))
                .collect();
            let mean = if xs.is_empty() {
                f64::NAN
            } else {
                xs.iter().sum::<f64>() / xs.len() as f64
            };
            let [p05, p50, p95] = quantiles(&mut xs, [0.05, 0.5, 0.95]);
            IssueStats::Continuous {
                mean,
                p05,
                p50,
                p95,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_seven_quantiles_interpolate() {
        let x = [0.0, 10.0];
        assert!((quantile(&x, 0.05) - 0.5).abs() < 1e-12);
        assert!((quantile(&x, 0.95) - 9.5).abs() < 1e-12);
        assert!(quantile(&[], 0.5).is_nan());
        assert!((quantile(&[3.0], 0.9) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn selected_quantiles_are_the_sorted_ones_bit_for_bit() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for n in [0, 1, 2, 3, 10, 101, 1000] {
            let values: Vec<f64> = (0..n)
                .map(|k| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Repeated values too, as gains of samples with the same deal are.
                    if k % 3 == 0 {
                        0.25
                    } else {
                        (state % 1000) as f64 / 7.0
                    }
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let levels = [0.0, 0.05, 0.5, 0.95, 1.0];
            let mut scratch = values.clone();
            let got = quantiles(&mut scratch, levels);
            for (p, q) in levels.iter().zip(got) {
                assert_eq!(q.to_bits(), quantile(&sorted, *p).to_bits(), "n {n}, p {p}");
            }
        }
    }
}
