//! Links between issues: conditions on an issue's value, package red lines that veto
//! a combination, interaction terms that pay when a combination is met, and red lines
//! that apply only while a leverage variable lies in a range.

use crate::space::Value;

/// A test on one value: chosen options of a discrete issue, or a range of a
/// continuous one. `Below` and `Above` are strict, `Between` inclusive.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// One of these options (indices into the issue's options).
    Options(Vec<usize>),
    /// Strictly below the number.
    Below(f64),
    /// Strictly above the number.
    Above(f64),
    /// Between the two numbers, both included (`lo <= hi`).
    Between(f64, f64),
}

impl Test {
    /// Whether the test holds for `x` (never for a value of the wrong kind).
    ///
    /// ```
    /// use detente::{utility::Test, Value};
    /// assert!(Test::Between(0.2, 0.4).holds(Value::Number(0.4)));
    /// assert!(!Test::Below(0.2).holds(Value::Number(0.2)));
    /// assert!(Test::Options(vec![1, 2]).holds(Value::Option(2)));
    /// ```
    pub fn holds(&self, x: Value) -> bool {
        match (self, x) {
            (Test::Options(o), Value::Option(v)) => o.contains(&v),
            (Test::Below(b), Value::Number(t)) => t < *b,
            (Test::Above(a), Value::Number(t)) => t > *a,
            (Test::Between(lo, hi), Value::Number(t)) => *lo <= t && t <= *hi,
            _ => false,
        }
    }

    /// Whether the test holds for a number (a leverage level).
    pub fn holds_at(&self, level: f64) -> bool {
        self.holds(Value::Number(level))
    }

    /// The numbers at which the test changes its answer (none for options).
    pub fn thresholds(&self) -> Vec<f64> {
        match *self {
            Test::Options(_) => Vec::new(),
            Test::Below(x) | Test::Above(x) => vec![x],
            Test::Between(lo, hi) => vec![lo, hi],
        }
    }
}

/// A condition on one issue's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Index of the issue (file order).
    pub issue: usize,
    /// What the issue's value must satisfy.
    pub test: Test,
}

impl Condition {
    /// Whether a full outcome (one value per issue, file order) meets the condition.
    pub fn met_by(&self, outcome: &[Value]) -> bool {
        outcome.get(self.issue).is_some_and(|&x| self.test.holds(x))
    }
}

/// Whether an outcome meets every condition (true for none).
pub fn all_met(conditions: &[Condition], outcome: &[Value]) -> bool {
    conditions.iter().all(|c| c.met_by(outcome))
}

/// When a red line applies: while a leverage variable's level passes a test
/// (`Below`, `Above` or `Between`).
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// Index of the leverage variable (file order).
    pub leverage: usize,
    /// The range of levels in which the red line applies.
    pub test: Test,
}

impl Gate {
    /// Whether the red line applies at these leverage levels (one per variable, file
    /// order); a missing level counts as outside the range.
    pub fn open(&self, levels: &[f64]) -> bool {
        levels
            .get(self.leverage)
            .is_some_and(|&l| self.test.holds_at(l))
    }
}

/// A weighted term of an actor's utility that pays `value` when every condition holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    /// The conditions (an empty list always holds).
    pub when: Vec<Condition>,
    /// The value paid when every condition holds.
    pub value: f64,
    /// The weight as stated (normalised together with the issue weights).
    pub stated_weight: f64,
    /// The weight divided by the sum of the actor's issue and interaction weights.
    pub weight: f64,
}

impl Interaction {
    /// `weight * value` when the outcome meets every condition, else 0.
    pub fn contribution(&self, outcome: &[Value]) -> f64 {
        if self.weight > 0.0 && all_met(&self.when, outcome) {
            self.weight * self.value
        } else {
            0.0
        }
    }
}
