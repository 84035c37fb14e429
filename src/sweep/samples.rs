//! Every sample of a sweep, stored column by column (one flat vector per field).

use crate::scenario::{Scenario, Situation};
use crate::space::Value;

/// The samples of a sweep in index order: what was drawn, what was agreed and what
/// every actor got.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    leverage: usize,
    issues: usize,
    actors: usize,
    draws: Vec<u64>,
    grid_values: Vec<f64>,
    levels: Vec<f64>,
    deals: Vec<bool>,
    outcomes: Vec<Value>,
    utilities: Vec<f64>,
    gains: Vec<f64>,
}

impl Samples {
    /// An empty table for `scenario` with room for `capacity` samples.
    pub(crate) fn new(scenario: &Scenario, capacity: usize) -> Self {
        let (l, k, a) = shape(scenario);
        Samples {
            leverage: l,
            issues: k,
            actors: a,
            draws: Vec::with_capacity(capacity),
            grid_values: Vec::with_capacity(capacity),
            levels: Vec::with_capacity(capacity * l),
            deals: Vec::with_capacity(capacity),
            outcomes: Vec::with_capacity(capacity * k),
            utilities: Vec::with_capacity(capacity * a),
            gains: Vec::with_capacity(capacity * a),
        }
    }

    /// Bytes one sample of `scenario` takes in the table (the summary's quantiles read
    /// every sample, so a sweep keeps them all).
    pub(crate) fn bytes_per_sample(scenario: &Scenario) -> u64 {
        let (l, k, a) = shape(scenario);
        let value = std::mem::size_of::<Value>();
        // draw, grid value, levels, deal flag, outcome, utilities and gains
        (8 + 8 + 8 * l + 1 + value * k + 16 * a) as u64
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.deals.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.deals.is_empty()
    }

    /// The draw (generator stream) of sample `s`: its index within its grid value.
    pub fn draw(&self, s: usize) -> u64 {
        self.draws[s]
    }

    /// The varied variable's value in sample `s` (`None` without a grid).
    pub fn grid_value(&self, s: usize) -> Option<f64> {
        let v = self.grid_values[s];
        (!v.is_nan()).then_some(v)
    }

    /// Leverage values of sample `s`, one per variable in file order.
    pub fn levels(&self, s: usize) -> &[f64] {
        &self.levels[s * self.leverage..(s + 1) * self.leverage]
    }

    /// Whether sample `s` reached a deal.
    pub fn deal(&self, s: usize) -> bool {
        self.deals[s]
    }

    /// The agreed outcome of sample `s` (one value per issue), `None` without a deal.
    pub fn outcome(&self, s: usize) -> Option<&[Value]> {
        self.deals[s].then(|| &self.outcomes[s * self.issues..(s + 1) * self.issues])
    }

    /// Every actor's utility in sample `s` (its disagreement utility without a deal).
    pub fn utilities(&self, s: usize) -> &[f64] {
        &self.utilities[s * self.actors..(s + 1) * self.actors]
    }

    /// Every actor's gain u_i - d_i in sample `s` (0 without a deal).
    pub fn gains(&self, s: usize) -> &[f64] {
        &self.gains[s * self.actors..(s + 1) * self.actors]
    }

    pub(crate) fn append(&mut self, mut other: Samples) {
        self.draws.append(&mut other.draws);
        self.grid_values.append(&mut other.grid_values);
        self.levels.append(&mut other.levels);
        self.deals.append(&mut other.deals);
        self.outcomes.append(&mut other.outcomes);
        self.utilities.append(&mut other.utilities);
        self.gains.append(&mut other.gains);
    }

    /// Record a sample whose outcome (if any) was found by the fast path: utilities
    /// are computed here from the scenario's actors.
    pub(crate) fn push_outcome(
        &mut self,
        scenario: &Scenario,
        draw: u64,
        grid_value: Option<f64>,
        levels: &[f64],
        situation: &Situation,
        outcome: Option<&[Value]>,
    ) {
        self.push_head(draw, grid_value, levels, outcome);
        let d = situation.disagreement();
        match outcome {
            Some(x) => {
                for (u, d) in scenario.utilities(x).zip(d) {
                    self.utilities.push(u);
                    self.gains.push(u - d);
                }
            }
            None => {
                self.utilities.extend_from_slice(d);
                self.gains.extend(std::iter::repeat_n(0.0, d.len()));
            }
        }
    }

    /// Record a sample from its utilities (every actor's, file order).
    pub(crate) fn push_row(
        &mut self,
        draw: u64,
        grid_value: Option<f64>,
        levels: &[f64],
        outcome: Option<&[Value]>,
        utilities: &[f64],
        situation: &Situation,
    ) {
        self.push_head(draw, grid_value, levels, outcome);
        for (u, d) in utilities.iter().zip(situation.disagreement()) {
            self.utilities.push(*u);
            self.gains.push(if outcome.is_some() { u - d } else { 0.0 });
        }
    }

    /// Record a sample as stored (a shard's record): utilities and gains as given.
    pub(crate) fn push_record(
        &mut self,
        draw: u64,
        grid_value: Option<f64>,
        levels: &[f64],
        outcome: Option<&[Value]>,
        utilities: &[f64],
        gains: &[f64],
    ) {
        self.push_head(draw, grid_value, levels, outcome);
        self.utilities.extend_from_slice(utilities);
        self.gains.extend_from_slice(gains);
    }

    fn push_head(
        &mut self,
        draw: u64,
        grid_value: Option<f64>,
        levels: &[f64],
        outcome: Option<&[Value]>,
    ) {
        self.draws.push(draw);
        self.grid_values.push(grid_value.unwrap_or(f64::NAN));
        self.levels.extend_from_slice(levels);
        self.deals.push(outcome.is_some());
        match outcome {
            Some(x) => self.outcomes.extend_from_slice(x),
            None => self
                .outcomes
                .extend(std::iter::repeat_n(Value::Number(f64::NAN), self.issues)),
        }
    }
}

/// Per sample: leverage levels, issue values and actors (for utilities and gains).
fn shape(scenario: &Scenario) -> (usize, usize, usize) {
    (
        scenario.leverage().len(),
        scenario.issues().len(),
        scenario.actors().len(),
    )
}
