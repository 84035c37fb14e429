//! What the study reports for one claim: the claim, its stated minimum effect, the
//! measured effects and verdict, whether it holds by construction, and its figure.
//! Plain data, so that the text table, the SVGs and any later HTML page read the same.

use crate::stats::{all_of, Measure, Minimum, Verdict};

/// One plotted series: (x, mean, standard error) points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend label.
    pub name: String,
    /// (x, mean, s.e.); the s.e. is 0 for an exact (deterministic) value.
    pub points: Vec<(f64, f64, f64)>,
    /// Join the points with a line.
    pub connect: bool,
}

/// One panel of a plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Caption.
    pub title: String,
    /// Y axis label.
    pub y_desc: String,
    /// The series.
    pub series: Vec<Series>,
}

/// A claim's figure: panels side by side sharing the x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// X axis label.
    pub x_desc: String,
    /// Category names for x = 0, 1, 2, ... (`None`: a numeric axis).
    pub x_labels: Option<Vec<String>>,
    /// A numeric axis drawn from high to low, so that it runs the claim's way.
    pub x_reversed: bool,
    /// Panels.
    pub panels: Vec<Panel>,
}

/// A claim of the text, the experiment that tests it, and what the model says.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Short key, also the plot's file name.
    pub key: &'static str,
    /// The claim in words.
    pub claim: &'static str,
    /// The sentence of the text it comes from.
    pub source: &'static str,
    /// The experiment, in words, with its sizes.
    pub experiment: String,
    /// The measured effects (headline first).
    pub measures: Vec<Measure>,
    /// All headline measures combined.
    pub verdict: Verdict,
    /// The figure.
    pub plot: Plot,
    /// The smallest effect that counts, stated with the claim.
    pub minimum: Minimum,
    /// Why the claim holds whatever the judged numbers, when it does.
    pub construction: Option<&'static str>,
}

impl Claim {
    pub(crate) fn new(
        key: &'static str,
        claim: &'static str,
        source: &'static str,
        experiment: String,
        measures: Vec<Measure>,
        plot: Plot,
        minimum: Minimum,
    ) -> Self {
        let verdict = all_of(
            measures
                .iter()
                .filter(|m| m.headline)
                .filter_map(|m| m.verdict),
        );
        Claim {
            key,
            claim,
            source,
            experiment,
            measures,
            verdict,
            plot,
            minimum,
            construction: None,
        }
    }

    /// The same claim marked as holding by construction, for this reason.
    pub(crate) fn by_construction(mut self, reason: &'static str) -> Self {
        self.construction = Some(reason);
        self
    }
}
