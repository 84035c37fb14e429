//! A sweep's grid (`ID=LO:HI:STEPS`): one leverage variable on evenly spaced values.

use std::str::FromStr;

use crate::error::{Input, Problem, Result};
use crate::scenario::Scenario;

/// Most values a grid may take: each is a whole sweep of `--samples`.
pub const MAX_STEPS: usize = 1_000_000;

/// A leverage variable taking `steps` evenly spaced values from `lo` to `hi`, ends
/// included (one step: `lo` alone).
///
/// ```
/// let g: detente::sweep::Grid = "us_support=0:1:11".parse()?;
/// assert_eq!(g.values().len(), 11);
/// assert!((g.values()[3] - 0.3).abs() < 1e-12);
/// # Ok::<(), detente::Problem>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The leverage variable's id.
    pub id: String,
    /// First value.
    pub lo: f64,
    /// Last value.
    pub hi: f64,
    /// Number of values, at least 1.
    pub steps: usize,
}

impl Grid {
    /// The grid values, `lo + (hi - lo) * j / (steps - 1)`, the last exactly `hi`.
    pub fn values(&self) -> Vec<f64> {
        let n = self.steps.max(1);
        (0..n)
            .map(|j| {
                if n == 1 {
                    self.lo
                } else if j + 1 == n {
                    self.hi
                } else {
                    self.lo + (self.hi - self.lo) * j as f64 / (n - 1) as f64
                }
            })
            .collect()
    }

    /// Check the grid against the scenario; returns the variable's index.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) about [`Input::Vary`] for an unknown id,
    /// non-finite ends, `lo > hi`, or steps outside 1 to [`MAX_STEPS`].
    pub fn validate(&self, scenario: &Scenario) -> Result<usize> {
        let input = || Input::Vary(self.id.clone());
        let Some(l) = scenario.leverage_index(&self.id) else {
            return Err(scenario.input_error(
                input(),
                Problem::Unknown {
                    kind: "leverage variable",
                    id: self.id.clone(),
                },
            ));
        };
        for x in [self.lo, self.hi] {
            if !x.is_finite() {
                return Err(scenario.input_error(input(), Problem::NotFinite(x)));
            }
        }
        if self.lo > self.hi {
            return Err(scenario.input_error(
                input(),
                Problem::EmptyRange {
                    lo: self.lo,
                    hi: self.hi,
                },
            ));
        }
        if let Some(problem) = steps_problem(self.steps) {
            return Err(scenario.input_error(input(), problem));
        }
        Ok(l)
    }
}

/// What is wrong with a number of steps, if anything.
fn steps_problem(steps: usize) -> Option<Problem> {
    (steps == 0 || steps > MAX_STEPS).then_some(Problem::OutOfRange {
        value: steps as f64,
        allowed: "1 to 1000000 steps",
    })
}

impl FromStr for Grid {
    type Err = Problem;

    /// Parse `ID=LO:HI:STEPS`, e.g. `us_support=0:1:11`.
    fn from_str(s: &str) -> Result<Self, Problem> {
        let bad = || Problem::Syntax {
            expected: "ID=LO:HI:STEPS",
            got: s.to_string(),
        };
        let (id, spec) = s.split_once('=').ok_or_else(bad)?;
        let parts: Vec<&str> = spec.split(':').collect();
        let [lo, hi, steps] = parts.as_slice() else {
            return Err(bad());
        };
        let number = |t: &str| -> Result<f64, Problem> {
            let x: f64 = t.trim().parse().map_err(|_| Problem::NotANumber {
                text: t.to_string(),
                expected: "a number",
            })?;
            if x.is_finite() {
                Ok(x)
            } else {
                Err(Problem::NotFinite(x))
            }
        };
        let (lo, hi) = (number(lo)?, number(hi)?);
        let steps: usize = steps.trim().parse().map_err(|_| Problem::NotANumber {
            text: steps.to_string(),
            expected: "a whole number of steps",
        })?;
        if id.trim().is_empty() {
            return Err(bad());
        }
        if let Some(problem) = steps_problem(steps) {
            return Err(problem);
        }
        if lo > hi {
            return Err(Problem::EmptyRange { lo, hi });
        }
        Ok(Grid {
            id: id.trim().to_string(),
            lo,
            hi,
            steps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_spaces_evenly_with_ends_included() {
        let g: Grid = "x=0:1:11".parse().expect("valid grid");
        let v = g.values();
        assert_eq!(v.len(), 11);
        assert!(v[0].abs() < 1e-15 && (v[10] - 1.0).abs() < 1e-15);
        assert!((v[5] - 0.5).abs() < 1e-15);
    }

    #[test]
    fn rejects_bad_syntax() {
        for s in [
            "x",
            "x=0:1",
            "x=a:1:3",
            "x=0:1:0",
            "x=1:0:3",
            "=0:1:2",
            "x=0:1:2.5",
        ] {
            assert!(s.parse::<Grid>().is_err(), "{s} should not parse");
        }
    }
}
