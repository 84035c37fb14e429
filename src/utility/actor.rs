//! A party to the negotiation: who it is, what it wants and what it vetoes.

use super::link::{all_met, Condition, Gate, Interaction};
use crate::space::Value;

/// How one actor values one issue.
#[derive(Debug, Clone, PartialEq)]
pub enum Valuation {
    /// A value per option of a discrete issue, in the issue's option order.
    Options(Vec<f64>),
    /// A curve over a continuous issue's range.
    Curve(super::PiecewiseLinear),
    /// Not given (allowed only for an issue the actor gives weight 0): counts as 0.
    Absent,
}

impl Valuation {
    /// The value of a chosen option or number (0 when absent or when the value does
    /// not fit the issue's kind).
    pub fn value(&self, x: Value) -> f64 {
        match (self, x) {
            (Valuation::Options(v), Value::Option(o)) => v.get(o).copied().unwrap_or(0.0),
            (Valuation::Curve(c), Value::Number(t)) => c.eval(t),
            _ => 0.0,
        }
    }
}

/// What a red line vetoes on its issue.
#[derive(Debug, Clone, PartialEq)]
pub enum Veto {
    /// These options (indices into the issue's options).
    Options(Vec<usize>),
    /// Values strictly below `below` and/or strictly above `above`.
    Bounds {
        /// Values below this are vetoed.
        below: Option<f64>,
        /// Values above this are vetoed.
        above: Option<f64>,
    },
}

/// A veto on one issue.
#[derive(Debug, Clone, PartialEq)]
pub struct RedLine {
    /// Index of the issue (file order).
    pub issue: usize,
    /// What is vetoed.
    pub veto: Veto,
    /// When the red line applies (always when `None`).
    pub gate: Option<Gate>,
}

/// A package red line: vetoes the outcomes that meet every condition (at least one).
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// The combination vetoed.
    pub all: Vec<Condition>,
    /// When the red line applies (always when `None`).
    pub gate: Option<Gate>,
}

impl Package {
    /// Whether the outcome meets every condition of the package.
    pub fn crossed_by(&self, outcome: &[Value]) -> bool {
        !self.all.is_empty() && all_met(&self.all, outcome)
    }
}

/// Whether a red line's gate lets it apply at these leverage levels.
fn applies(gate: &Option<Gate>, levels: &[f64]) -> bool {
    gate.as_ref().is_none_or(|g| g.open(levels))
}

impl RedLine {
    /// Whether choosing `x` on this red line's issue crosses it.
    pub fn crossed_by(&self, x: Value) -> bool {
        match (&self.veto, x) {
            (Veto::Options(opts), Value::Option(o)) => opts.contains(&o),
            (Veto::Bounds { below, above }, Value::Number(t)) => {
                below.is_some_and(|b| t < b) || above.is_some_and(|a| t > a)
            }
            _ => false,
        }
    }
}

/// A party to the negotiation, validated: weights normalised to sum 1, one valuation
/// per issue, power > 0, patience in (0, 1), finite disagreement utility.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub(crate) id: String,
    pub(crate) description: String,
    pub(crate) seated: bool,
    pub(crate) power: f64,
    pub(crate) patience: f64,
    pub(crate) disagreement: f64,
    pub(crate) stated_weights: Vec<f64>,
    pub(crate) weights: Vec<f64>,
    pub(crate) valuations: Vec<Valuation>,
    pub(crate) red_lines: Vec<RedLine>,
    pub(crate) packages: Vec<Package>,
    pub(crate) interactions: Vec<Interaction>,
}

impl Actor {
    /// The actor's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Free-text description (empty when the file gives none).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Whether the actor sits at the table (bargains and holds a veto).
    pub fn seated(&self) -> bool {
        self.seated
    }

    /// Bargaining power alpha_i at the status quo of leverage (before leverage effects).
    pub fn power(&self) -> f64 {
        self.power
    }

    /// Per-round discount factor delta_i in (0, 1) before leverage effects.
    pub fn patience(&self) -> f64 {
        self.patience
    }

    /// Disagreement utility d_i before leverage effects.
    pub fn disagreement(&self) -> f64 {
        self.disagreement
    }

    /// Weights normalised to sum 1, one per issue in file order.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Weights as stated (in the file, the builder or [`Actor::set_weights`]), one per
    /// issue in file order, 0 where none was given. A written scenario keeps these, so
    /// that it reads back with the very same normalised weights.
    pub fn stated_weights(&self) -> &[f64] {
        &self.stated_weights
    }

    /// Valuations, one per issue in file order.
    pub fn valuations(&self) -> &[Valuation] {
        &self.valuations
    }

    /// Red lines (meaningful only while the actor is seated).
    pub fn red_lines(&self) -> &[RedLine] {
        &self.red_lines
    }

    /// Package red lines (meaningful only while the actor is seated).
    pub fn packages(&self) -> &[Package] {
        &self.packages
    }

    /// Interaction terms, their weights normalised together with the issue weights.
    pub fn interactions(&self) -> &[Interaction] {
        &self.interactions
    }

    /// Whether any red line of the actor (one-issue or package) has a gate.
    pub fn has_gated_red_lines(&self) -> bool {
        self.red_lines.iter().any(|r| r.gate.is_some())
            || self.packages.iter().any(|p| p.gate.is_some())
    }

    /// Weighted value of issue `k` at `x`: `w_ik * v_ik(x)` with normalised weights.
    pub fn contribution(&self, k: usize, x: Value) -> f64 {
        let w = self.weights[k];
        if w > 0.0 {
            w * self.valuations[k].value(x)
        } else {
            0.0
        }
    }

    /// Utility of a full outcome (one value per issue in file order): the issues'
    /// weighted values plus the interaction terms whose conditions the outcome meets.
    pub fn utility(&self, outcome: &[Value]) -> f64 {
        let issues: f64 = outcome
            .iter()
            .enumerate()
            .map(|(k, &x)| self.contribution(k, x))
            .sum();
        let terms: f64 = self
            .interactions
            .iter()
            .map(|t| t.contribution(outcome))
            .sum();
        issues + terms
    }

    /// Whether the outcome crosses one of this actor's red lines (one-issue or
    /// package) that applies at these leverage levels (one per variable, file order;
    /// see [`Scenario::status_quo`](crate::Scenario::status_quo)).
    pub fn vetoes(&self, outcome: &[Value], levels: &[f64]) -> bool {
        let one = self.red_lines.iter().any(|r| {
            applies(&r.gate, levels) && outcome.get(r.issue).is_some_and(|&x| r.crossed_by(x))
        });
        one || self
            .packages
            .iter()
            .any(|p| applies(&p.gate, levels) && p.crossed_by(outcome))
    }

    /// Replace the issue weights (normalised again together with the interaction
    /// weights, which stay as stated); used by weight-noise sweeps. Returns `false` and
    /// leaves the actor unchanged when `weights` has the wrong length, a negative or
    /// non-finite entry, or a total that is not positive and finite.
    pub fn set_weights(&mut self, weights: &[f64]) -> bool {
        // Summed in the order `normalised` sums (issues, then terms), so that a scenario
        // written after this reads back with the very same weights.
        let terms = self.interactions.iter().map(|t| t.stated_weight);
        let total: f64 = weights.iter().copied().chain(terms).sum();
        let ok = weights.len() == self.weights.len() && valid_weights(weights, total);
        if ok {
            self.stated_weights.copy_from_slice(weights);
            for (dst, w) in self.weights.iter_mut().zip(weights) {
                *dst = w / total;
            }
            for t in &mut self.interactions {
                t.weight = t.stated_weight / total;
            }
        }
        ok
    }
}

/// Weights divided by their sum, or `None` unless every weight is finite and
/// non-negative and the sum positive and finite. The issue weights come first, then
/// the interaction weights: they are normalised together.
pub(crate) fn normalised(weights: &[f64]) -> Option<Vec<f64>> {
    let total: f64 = weights.iter().sum();
    valid_weights(weights, total).then(|| weights.iter().map(|w| w / total).collect())
}

fn valid_weights(weights: &[f64], total: f64) -> bool {
    weights.iter().all(|w| w.is_finite() && *w >= 0.0) && total > 0.0 && total.is_finite()
}
