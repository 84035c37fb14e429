//! Linked issues in code (CONTRACT §7): conditions, package red lines, gates and
//! interaction terms for [`ScenarioBuilder`](super::ScenarioBuilder). They fill the
//! same mirror of the file as the rest of the builder, so the file's rules and field
//! paths apply.

use super::build::{ActorSpec, RedLineSpec};
use super::raw::{RawCondition, RawGate, RawInteraction, RawRedLine};

/// A condition on one issue: chosen options of a discrete issue, or a range of a
/// continuous one (`below` and `above` strict, `between` inclusive).
#[derive(Debug, Clone)]
pub struct ConditionSpec(RawCondition);

impl ConditionSpec {
    /// The issue's chosen option is one of these.
    pub fn options<S: Into<String>>(
        issue: impl Into<String>,
        labels: impl IntoIterator<Item = S>,
    ) -> Self {
        ConditionSpec(RawCondition {
            issue: Some(issue.into()),
            options: Some(labels.into_iter().map(Into::into).collect()),
            ..RawCondition::default()
        })
    }

    /// The issue's value is strictly below `bound`.
    pub fn below(issue: impl Into<String>, bound: f64) -> Self {
        ConditionSpec(RawCondition {
            issue: Some(issue.into()),
            below: Some(bound),
            ..RawCondition::default()
        })
    }

    /// The issue's value is strictly above `bound`.
    pub fn above(issue: impl Into<String>, bound: f64) -> Self {
        ConditionSpec(RawCondition {
            issue: Some(issue.into()),
            above: Some(bound),
            ..RawCondition::default()
        })
    }

    /// The issue's value lies in `[lo, hi]`, both ends included.
    pub fn between(issue: impl Into<String>, lo: f64, hi: f64) -> Self {
        ConditionSpec(RawCondition {
            issue: Some(issue.into()),
            between: Some(vec![lo, hi]),
            ..RawCondition::default()
        })
    }
}

/// When a red line applies: while a leverage variable's level lies in a range (the
/// file's `if`).
#[derive(Debug, Clone)]
pub struct GateSpec(RawGate);

impl GateSpec {
    /// While `leverage` is strictly below `bound`.
    pub fn below(leverage: impl Into<String>, bound: f64) -> Self {
        GateSpec(RawGate {
            leverage: Some(leverage.into()),
            below: Some(bound),
            ..RawGate::default()
        })
    }

    /// While `leverage` is strictly above `bound`.
    pub fn above(leverage: impl Into<String>, bound: f64) -> Self {
        GateSpec(RawGate {
            leverage: Some(leverage.into()),
            above: Some(bound),
            ..RawGate::default()
        })
    }

    /// While `leverage` lies in `[lo, hi]`, both ends included.
    pub fn between(leverage: impl Into<String>, lo: f64, hi: f64) -> Self {
        GateSpec(RawGate {
            leverage: Some(leverage.into()),
            between: Some(vec![lo, hi]),
            ..RawGate::default()
        })
    }
}

impl RedLineSpec {
    /// A package red line: vetoes the outcomes that meet every condition (at least
    /// one is required).
    ///
    /// ```
    /// use detente::scenario::{ActorSpec, ConditionSpec, GateSpec, IssueSpec, LeverageSpec, RedLineSpec};
    /// use detente::{Scenario, Value};
    ///
    /// let s = Scenario::builder("package")
    ///     .issue(IssueSpec::discrete("nato", ["member", "neutral"]))
    ///     .issue(IssueSpec::continuous("troops", 0.0, 1.0))
    ///     .actor(
    ///         ActorSpec::new("r")
    ///             .weight("troops", 1.0)
    ///             .curve("troops", [(0.0, 1.0), (1.0, 0.0)])
    ///             // No NATO membership together with more than 0.5 foreign troops...
    ///             .red_line(RedLineSpec::package([
    ///                 ConditionSpec::options("nato", ["member"]),
    ///                 ConditionSpec::above("troops", 0.5),
    ///             ]))
    ///             // ...and no troops at all while support is below 0.3.
    ///             .red_line(RedLineSpec::above("troops", 0.0).gate(GateSpec::below("support", 0.3))),
    ///     )
    ///     .leverage(LeverageSpec::new("support").value(0.5))
    ///     .build()?;
    /// let r = &s.actors()[0];
    /// let member = |t| [Value::Option(0), Value::Number(t)];
    /// assert!(r.vetoes(&member(0.8), &[0.5]));
    /// assert!(!r.vetoes(&member(0.4), &[0.5]));
    /// assert!(r.vetoes(&member(0.4), &[0.2]), "the gated red line applies below 0.3");
    /// assert!(!r.vetoes(&[Value::Option(1), Value::Number(0.8)], &[0.5]));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn package(conditions: impl IntoIterator<Item = ConditionSpec>) -> Self {
        RedLineSpec(RawRedLine {
            all: Some(conditions.into_iter().map(|c| c.0).collect()),
            ..RawRedLine::default()
        })
    }

    /// Apply the red line only while a leverage variable lies in a range (the file's
    /// `if`); replaces a gate given before.
    #[must_use]
    pub fn gate(mut self, gate: GateSpec) -> Self {
        self.0.gate = Some(gate.0);
        self
    }
}

impl ActorSpec {
    /// Add an interaction term: `value` paid with `weight` (normalised together with
    /// the issue weights) when the outcome meets every condition of `when` (always for
    /// none).
    ///
    /// ```
    /// use detente::scenario::{ActorSpec, ConditionSpec, IssueSpec};
    /// use detente::{Scenario, Value};
    ///
    /// let s = Scenario::builder("combo")
    ///     .issue(IssueSpec::discrete("nato", ["member", "neutral"]))
    ///     .issue(IssueSpec::discrete("troops", ["none", "european"]))
    ///     .actor(
    ///         ActorSpec::new("u")
    ///             .weight("nato", 1.0)
    ///             .weight("troops", 1.0)
    ///             .values("nato", [("member", 1.0), ("neutral", 0.0)])
    ///             .values("troops", [("none", 0.0), ("european", 1.0)])
    ///             .interaction(
    ///                 [ConditionSpec::options("nato", ["neutral"]), ConditionSpec::options("troops", ["european"])],
    ///                 1.0,
    ///                 2.0,
    ///             ),
    ///     )
    ///     .build()?;
    /// let u = &s.actors()[0];
    /// // Weights 1, 1 and 2 are normalised by 4.
    /// assert_eq!(u.weights(), &[0.25, 0.25]);
    /// assert_eq!(u.interactions()[0].weight, 0.5);
    /// assert_eq!(u.utility(&[Value::Option(1), Value::Option(1)]), 0.75);
    /// assert_eq!(u.utility(&[Value::Option(0), Value::Option(1)]), 0.5);
    /// assert_eq!(s.linked_blocks(), vec![vec![0, 1]]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    #[must_use]
    pub fn interaction(
        mut self,
        when: impl IntoIterator<Item = ConditionSpec>,
        value: f64,
        weight: f64,
    ) -> Self {
        self.0
            .interactions
            .get_or_insert_with(Vec::new)
            .push(RawInteraction {
                when: Some(when.into_iter().map(|c| c.0).collect()),
                value: Some(value),
                weight: Some(weight),
                ..RawInteraction::default()
            });
        self
    }
}
