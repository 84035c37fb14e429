//! Monte Carlo summaries and the verdict rule of the Ukraine study.
//!
//! Every comparison is paired: the two arms of an experiment use the same seed, so
//! draw j of the leverage variables (and of the weight noise) is the same in both,
//! and the effect is the mean of the per-draw differences with its standard error
//! sd / sqrt(n) (common random numbers). The verdict rule is the same everywhere:
//! the model **agrees** when |effect| > 3 s.e. and the sign is the claimed one,
//! **disagrees** when |effect| > 3 s.e. with the other sign or when the effect is
//! exactly zero in every draw, and **cannot tell** otherwise.

use std::fmt;

/// What the model says about a claim or one of its measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// |effect| > 3 s.e. with the claimed sign.
    Agrees,
    /// |effect| > 3 s.e. with the other sign, or no effect at all.
    Disagrees,
    /// |effect| <= 3 s.e.: the Monte Carlo error is as large as the effect.
    CannotTell,
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

/// Standard errors an effect must exceed to count.
pub const Z_VERDICT: f64 = 3.0;
/// Half-width of the printed and plotted intervals, in standard errors (95 %, normal).
pub const Z_INTERVAL: f64 = 1.96;

/// The verdict rule (see the module docs). `expected` is the claimed sign (+1 or -1).
pub fn judge(effect: f64, se: f64, expected: f64) -> Verdict {
    if effect.abs() < 1e-15 && se < 1e-15 {
        return Verdict::Disagrees;
    }
    if effect.abs() > Z_VERDICT * se {
        if effect * expected > 0.0 {
            Verdict::Agrees
        } else {
            Verdict::Disagrees
        }
    } else {
        Verdict::CannotTell
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
    /// The claimed sign (+1 / -1), `None` for a measure reported for information.
    pub expected: Option<f64>,
    /// Whether the claim's verdict rests on this measure.
    pub headline: bool,
    /// This measure's verdict (`None` for information).
    pub verdict: Option<Verdict>,
    /// How the effect and its uncertainty were computed.
    pub method: &'static str,
}

impl Measure {
    /// A measure judged by [`judge`] against the claimed sign.
    pub fn judged(
        name: impl Into<String>,
        effect: Estimate,
        expected: f64,
        headline: bool,
    ) -> Self {
        Measure {
            name: name.into(),
            effect,
            expected: Some(expected),
            headline,
            verdict: Some(judge(effect.mean, effect.se, expected)),
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
}

/// The default method text.
pub const PAIRED: &str = "paired difference of means over common draws, s.e. = sd/sqrt(n)";
