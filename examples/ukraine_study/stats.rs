//! Monte Carlo summaries and the verdict rule of the Ukraine study.
//!
//! Every comparison is paired: the two arms of an experiment use the same seed, so
//! draw j of the leverage variables (and of the weight noise) is the same in both,
//! and the effect is the mean of the per-draw differences with its standard error
//! sd / sqrt(n) (common random numbers).
//!
//! The verdict rule is the same everywhere and asks more than "3 s.e. from zero", which
//! any non-zero effect of a deterministic model passes with enough draws. Each claim
//! states beforehand a **minimum meaningful effect** m; the verdict reads the interval
//! mean ± 3 s.e. (the *verdict interval*):
//! - a claimed direction (sign s): the model **agrees** when the whole interval, times
//!   s, lies above m; **disagrees** when the whole of it lies below m (the effect is
//!   smaller than meaningful, nil or of the other sign); **cannot tell** otherwise;
//! - a claimed absence ("NATO membership is unrealistic", "Russia gives in on
//!   nothing"): **agrees** when the whole interval lies inside (-m, m); **disagrees**
//!   when it lies wholly outside; **cannot tell** otherwise.

use std::fmt;

/// What the model says about a claim or one of its measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The verdict interval clears the minimum meaningful effect the claimed way.
    Agrees,
    /// The verdict interval lies wholly on the wrong side of the minimum.
    Disagrees,
    /// The verdict interval straddles the minimum.
    CannotTell,
}

impl Verdict {
    /// A short cell for tables.
    pub fn short(self) -> &'static str {
        match self {
            Verdict::Agrees => "agrees",
            Verdict::Disagrees => "disagrees",
            Verdict::CannotTell => "cannot tell",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Agrees => "the model agrees",
            Verdict::Disagrees => "the model disagrees",
            Verdict::CannotTell => "cannot tell",
        })
    }
}

/// Half-width of the verdict interval, in standard errors.
pub const Z_VERDICT: f64 = 3.0;
/// Half-width of the plotted intervals, in standard errors (95 %, normal).
pub const Z_INTERVAL: f64 = 1.96;

/// What a claim says about an effect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expect {
    /// The effect has this sign (+1 or -1) and is at least the minimum in size.
    Sign(f64),
    /// The effect is smaller in size than the minimum.
    Negligible,
}

/// The smallest effect a claim counts, stated with the claim, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Minimum {
    /// In the measure's unit (utility, gain, share of deals).
    pub size: f64,
    /// One line: why this size.
    pub reason: &'static str,
}

/// The verdict rule (see the module docs).
pub fn judge(e: Estimate, expect: Expect, minimum: f64) -> Verdict {
    let (lo, hi) = (e.mean - Z_VERDICT * e.se, e.mean + Z_VERDICT * e.se);
    match expect {
        Expect::Sign(s) => {
            let (lo, hi) = if s > 0.0 { (lo, hi) } else { (-hi, -lo) };
            if lo > minimum {
                Verdict::Agrees
            } else if hi < minimum {
                Verdict::Disagrees
            } else {
                Verdict::CannotTell
            }
        }
        Expect::Negligible => {
            if lo > -minimum && hi < minimum {
                Verdict::Agrees
            } else if lo >= minimum || hi <= -minimum {
                Verdict::Disagrees
            } else {
                Verdict::CannotTell
            }
        }
    }
}

/// Whether an exact (deterministic) effect clears the minimum: its margin, positive
/// when the claim holds (the verdict rule with a zero-width interval).
pub fn margin(effect: f64, expect: Expect, minimum: f64) -> f64 {
    match expect {
        Expect::Sign(s) => s * effect - minimum,
        Expect::Negligible => minimum - effect.abs(),
    }
}

/// Several verdicts that must all hold: any disagreement wins, then any doubt.
pub fn all_of(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    let mut out = Verdict::Agrees;
    for v in verdicts {
        match v {
            Verdict::Disagrees => return Verdict::Disagrees,
            Verdict::CannotTell => out = Verdict::CannotTell,
            Verdict::Agrees => {}
        }
    }
    out
}

/// A mean with its standard error over `n` values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Mean.
    pub mean: f64,
    /// Standard error of the mean, sd / sqrt(n) (0 for n < 2).
    pub se: f64,
    /// Number of values.
    pub n: usize,
}

/// Mean and standard error of the values that are present.
pub fn estimate(values: &[Option<f64>]) -> Estimate {
    let xs: Vec<f64> = values.iter().flatten().copied().collect();
    let n = xs.len();
    if n == 0 {
        return Estimate {
            mean: f64::NAN,
            se: f64::NAN,
            n,
        };
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    let se = if n > 1 {
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (var / n as f64).sqrt()
    } else {
        0.0
    };
    Estimate { mean, se, n }
}

/// The paired difference `b - a`, draw by draw, over the draws present in both.
pub fn paired(a: &[Option<f64>], b: &[Option<f64>]) -> Estimate {
    let d: Vec<Option<f64>> = a
        .iter()
        .zip(b)
        .map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => Some(y - x),
            _ => None,
        })
        .collect();
    estimate(&d)
}

/// One measured effect of an experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// What is measured, e.g. "Ukraine's utility, us_support 1 -> 0".
    pub name: String,
    /// The estimate of the effect.
    pub effect: Estimate,
    /// What the claim says of it, and its minimum meaningful size (`None` for a
    /// measure reported for information).
    pub expected: Option<(Expect, f64)>,
    /// Whether the claim's verdict rests on this measure.
    pub headline: bool,
    /// This measure's verdict (`None` for information).
    pub verdict: Option<Verdict>,
    /// How the effect and its uncertainty were computed.
    pub method: &'static str,
}

impl Measure {
    /// A measure judged by [`judge`] against the claimed sign and minimum.
    pub fn judged(
        name: impl Into<String>,
        effect: Estimate,
        expected: f64,
        headline: bool,
        minimum: f64,
    ) -> Self {
        Self::expecting(name, effect, Expect::Sign(expected), headline, minimum)
    }

    /// A measure the claim says is smaller than `minimum` in size.
    pub fn negligible(
        name: impl Into<String>,
        effect: Estimate,
        headline: bool,
        minimum: f64,
    ) -> Self {
        Self::expecting(name, effect, Expect::Negligible, headline, minimum)
    }

    fn expecting(
        name: impl Into<String>,
        effect: Estimate,
        expect: Expect,
        headline: bool,
        minimum: f64,
    ) -> Self {
        Measure {
            name: name.into(),
            effect,
            expected: Some((expect, minimum)),
            headline,
            verdict: Some(judge(effect, expect, minimum)),
            method: PAIRED,
        }
    }

    /// A measure reported for information only.
    pub fn info(name: impl Into<String>, effect: Estimate) -> Self {
        Measure {
            name: name.into(),
            effect,
            expected: None,
            headline: false,
            verdict: None,
            method: PAIRED,
        }
    }

    /// The same measure with another description of its method.
    pub fn with_method(mut self, method: &'static str) -> Self {
        self.method = method;
        self
    }

    /// The verdict interval (mean ± 3 s.e.).
    pub fn interval(&self) -> (f64, f64) {
        let e = self.effect;
        (e.mean - Z_VERDICT * e.se, e.mean + Z_VERDICT * e.se)
    }
}

/// The default method text.
pub const PAIRED: &str = "paired difference of means over common draws, s.e. = sd/sqrt(n)";
