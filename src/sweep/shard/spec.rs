//! Which part of a sweep a shard runs (`K/N`), and the flags that define a sweep.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::error::{Problem, Result};
use crate::scenario::Scenario;
use crate::sweep::{Grid, SweepOptions};

/// Shard `K` of `N` (1-based): the K-th of N contiguous, nearly equal ranges of a
/// sweep's global sample indices (grid value slowest, then draw).
///
/// ```
/// use detente::sweep::ShardSpec;
/// let s: ShardSpec = "2/4".parse()?;
/// assert_eq!(s.range(1000), 250..500);
/// // Ranges tile the sweep, also when N does not divide it.
/// let parts: Vec<_> = (1..=7).map(|k| ShardSpec::new(k, 7).map(|s| s.range(10))).collect::<Result<_, _>>()?;
/// assert_eq!(parts.first().map(|r| r.start), Some(0));
/// assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
/// assert_eq!(parts.last().map(|r| r.end), Some(10));
/// # Ok::<(), detente::Problem>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShardSpec {
    index: u32,
    count: u32,
}

impl ShardSpec {
    /// Shard `index` of `count`.
    ///
    /// # Errors
    /// [`Problem::OutOfRange`] unless `1 <= index <= count`.
    pub fn new(index: u32, count: u32) -> Result<Self, Problem> {
        if count == 0 || index == 0 || index > count {
            return Err(Problem::OutOfRange {
                value: f64::from(index),
                allowed: "1 to N in K/N, with N at least 1",
            });
        }
        Ok(ShardSpec { index, count })
    }

    /// The whole sweep as one shard, `1/1`.
    pub fn whole() -> Self {
        ShardSpec { index: 1, count: 1 }
    }

    /// K, from 1.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// N.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The global sample indices of this shard in a sweep of `total` samples:
    /// `floor(total (K-1) / N) .. floor(total K / N)` (empty when N exceeds the total).
    pub fn range(&self, total: u64) -> Range<u64> {
        let at = |k: u32| (u128::from(total) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

impl fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for ShardSpec {
    type Err = Problem;

    /// Parse `K/N`, e.g. `3/8`.
    fn from_str(s: &str) -> Result<Self, Problem> {
        let bad = || Problem::Syntax {
            expected: "K/N",
            got: s.to_string(),
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        ShardSpec::new(k, n)
    }
}

/// The flags that, with the scenario, the seed and `--samples`, define a sweep's
/// samples: two shards belong to one sweep only if these are equal.
///
/// Settings are kept in a canonical form: the value each pinned leverage variable ends
/// up with (a later `--set` of the same id wins), in file order, so the order the
/// flags were typed in does not matter.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepFlags {
    /// The concept's name (`nash`, ..., or a custom concept's name).
    pub concept: String,
    /// `--vary`.
    pub vary: Option<Grid>,
    /// `--weight-noise`.
    pub weight_noise: Option<f64>,
    /// `--set`, canonical: (leverage id, value) in file order.
    pub settings: Vec<(String, f64)>,
}

impl SweepFlags {
    /// The flags of `options` run with `concept` on `scenario`.
    ///
    /// # Errors
    /// As [`SweepOptions::plan`].
    pub fn new(scenario: &Scenario, concept: &str, options: &SweepOptions) -> Result<Self> {
        let plan = options.plan(scenario)?;
        let mut pinned: Vec<Option<f64>> = vec![None; scenario.leverage().len()];
        for &(l, v) in plan.pins() {
            pinned[l] = Some(v);
        }
        let settings = scenario
            .leverage()
            .iter()
            .zip(pinned)
            .filter_map(|(lev, v)| v.map(|v| (lev.id().to_string(), v)))
            .collect();
        Ok(SweepFlags {
            concept: concept.to_string(),
            vary: options.vary.clone(),
            weight_noise: options.weight_noise,
            settings,
        })
    }
}

/// The flags as typed on the command line, numbers in shortest round-trip form (so two
/// flags print alike exactly when they are equal bit for bit):
/// `--concept nash --vary x=0:1:3 --weight-noise 20 --set y=0.5`.
impl fmt::Display for SweepFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--concept {}", self.concept)?;
        if let Some(g) = &self.vary {
            write!(f, " --vary {}={}:{}:{}", g.id, g.lo, g.hi, g.steps)?;
        }
        if let Some(k) = self.weight_noise {
            write!(f, " --weight-noise {k}")?;
        }
        for (id, v) in &self.settings {
            write!(f, " --set {id}={v}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs_parse_and_refuse() {
        let s: ShardSpec = "3/8".parse().expect("valid");
        assert_eq!((s.index(), s.count()), (3, 8));
        assert_eq!(s.to_string(), "3/8");
        for bad in ["0/4", "5/4", "1/0", "x/4", "4", "1/2/3", "-1/4"] {
            assert!(bad.parse::<ShardSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_tile_every_total() {
        for total in [0_u64, 1, 5, 7, 1000, u64::MAX] {
            for n in [1_u32, 2, 3, 7, 64] {
                let mut at = 0;
                for k in 1..=n {
                    let r = ShardSpec::new(k, n).expect("valid").range(total);
                    assert_eq!(r.start, at);
                    at = r.end;
                }
                assert_eq!(at, total);
            }
        }
    }
}
