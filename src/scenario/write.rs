//! A scenario written back in the file format: through the same mirror the loader
//! reads, so reading the text again gives an equal scenario, bit for bit.
//!
//! What is written: weights as stated (not normalised), every number with full
//! precision, a field left out only where it equals the file's default bit for bit
//! (power 1, patience 0.95, disagreement 0, seated, an effect coefficient 0, a
//! leverage value equal to its distribution's mean), and a distribution for every
//! leverage variable. `notes` are not kept by a [`Scenario`], so they are not written.

use std::path::Path;

use serde::ser::Error as _;
use serde::{Serialize, Serializer};

use super::dist::{Family, LeverageDist};
use super::leverage::{EffectKind, Leverage};
use super::raw::{
    Keyed, Loose, RawActor, RawCondition, RawDistribution, RawEffect, RawGate, RawInteraction,
    RawIssue, RawLeverage, RawRedLine, RawScenario, DEFAULT_DISAGREEMENT, DEFAULT_PATIENCE,
    DEFAULT_POWER,
};
use super::{layout, Scenario};
use crate::error::{Error, FieldPath, Problem, Result};
use crate::space::{Domain, Issue};
use crate::utility::{Actor, Condition, Gate, RedLine, Test, Valuation, Veto};

impl Scenario {
    /// The scenario as indented JSON in the file format (short lists of numbers on one
    /// line); [`Scenario::from_json`]
    /// reads it back as an equal scenario.
    ///
    /// ```
    /// use detente::scenario::{ActorSpec, IssueSpec};
    /// use detente::Scenario;
    ///
    /// let s = Scenario::builder("one")
    ///     .issue(IssueSpec::continuous("share", 0.0, 1.0))
    ///     .actor(ActorSpec::new("a").weight("share", 2.0).curve("share", [(0.0, 0.0), (1.0, 1.0)]))
    ///     .build()?;
    /// let text = s.to_json()?;
    /// assert!(text.contains(r#""share": 2.0"#), "weights are written as stated");
    /// assert_eq!(Scenario::from_json(&text, "copy")?, s);
    /// # Ok::<(), detente::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`](crate::error::ScenarioError::Invalid) naming the effect (`leverage[0].effects[1]`) when the
    /// scenario holds a custom effect, which has no file form.
    pub fn to_json(&self) -> Result<String> {
        let raw = self
            .file_form()
            .map_err(|(field, problem)| self.write_error(field, problem))?;
        let value = serde_json::to_value(&raw).map_err(|e| self.text_error(&e))?;
        Ok(layout::pretty(&value))
    }

    /// The scenario as TOML with the file format's fields; [`Scenario::from_toml`]
    /// reads it back as an equal scenario.
    ///
    /// # Errors
    /// As [`Scenario::to_json`].
    pub fn to_toml(&self) -> Result<String> {
        let raw = self
            .file_form()
            .map_err(|(field, problem)| self.write_error(field, problem))?;
        toml::to_string(&raw).map_err(|e| self.text_error(&e))
    }

    /// Write the scenario to a file: TOML when the name ends in `.toml`, JSON
    /// otherwise (as [`Scenario::load`] reads them).
    ///
    /// # Errors
    /// As [`Scenario::to_json`], and [`ReportError::Write`](crate::error::ReportError::Write) when the file cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        let mut text = if toml {
            self.to_toml()?
        } else {
            self.to_json()?
        };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        std::fs::write(path, text).map_err(|source| Error::write(path, source))
    }

    /// The file form as a JSON value: what a sensitivity analysis sets one field of
    /// before [`Scenario::from_file_value`] validates it again.
    pub(crate) fn file_value(&self) -> Result<serde_json::Value> {
        let raw = self
            .file_form()
            .map_err(|(field, problem)| self.write_error(field, problem))?;
        serde_json::to_value(&raw).map_err(|e| self.text_error(&e))
    }

    /// A scenario from a file form (as [`Scenario::file_value`] gives), validated
    /// by the same rules as a file.
    pub(crate) fn from_file_value(value: serde_json::Value, source: &str) -> Result<Scenario> {
        let raw: RawScenario = serde_json::from_value(value)
            .map_err(|e| Error::parse(source, None, 0, 0, e.to_string()))?;
        super::validate::scenario(raw, source)
    }

    fn write_error(&self, field: FieldPath, problem: Problem) -> Error {
        Error::invalid(self.source(), field, problem)
    }

    /// The serialisers cannot fail on the mirror (string keys, finite numbers); kept
    /// as an error rather than a panic all the same.
    fn text_error(&self, e: &dyn std::fmt::Display) -> Error {
        self.write_error(FieldPath::root(), Problem::Other(e.to_string()))
    }

    /// The mirror of the file, or the first custom effect's path: it has no file form.
    fn file_form(&self) -> std::result::Result<RawScenario, (FieldPath, Problem)> {
        for (l, lev) in self.leverage.iter().enumerate() {
            if let Some(e) = lev.effects.iter().position(|e| e.as_linear().is_none()) {
                let field = FieldPath::root()
                    .key("leverage")
                    .index(l)
                    .key("effects")
                    .index(e);
                let problem = Problem::Other(format!(
                    "leverage variable '{}' has a custom effect, which has no file form",
                    lev.id
                ));
                return Err((field, problem));
            }
        }
        Ok(self.to_raw())
    }

    /// The mirror of the file, custom effects included (they are not serialised).
    pub(crate) fn to_raw(&self) -> RawScenario {
        RawScenario {
            name: Some(self.name.clone()),
            description: text(&self.description),
            notes: None,
            issues: Some(self.issues.iter().map(raw_issue).collect()),
            actors: Some(
                self.actors
                    .iter()
                    .map(|a| raw_actor(a, &self.issues, &self.leverage))
                    .collect(),
            ),
            leverage: (!self.leverage.is_empty()).then(|| {
                self.leverage
                    .iter()
                    .map(|l| raw_leverage(l, &self.actors))
                    .collect()
            }),
        }
    }
}

/// A scenario serialises in the file format (as [`Scenario::to_json`]); one holding a
/// custom effect fails with an error naming the effect and its variable.
impl Serialize for Scenario {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self.file_form() {
            Ok(raw) => raw.serialize(serializer),
            Err((field, problem)) => Err(S::Error::custom(format!("{field}: {problem}"))),
        }
    }
}

/// The distribution as the file writes it.
pub(crate) fn raw_distribution(d: &LeverageDist) -> RawDistribution {
    match d.family() {
        Family::Fixed(x) => RawDistribution::Fixed(x),
        Family::Uniform(lo, hi) => RawDistribution::Uniform([lo, hi]),
        Family::Normal(m, sd) => RawDistribution::Normal([m, sd]),
        Family::Beta(a, b) => RawDistribution::Beta([a, b]),
        Family::Bernoulli(p) => RawDistribution::Bernoulli(p),
    }
}

fn text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// `Some(x)` unless `x` is the default, bit for bit (so -0.0 is written for 0.0).
fn unless_default(x: f64, default: f64) -> Option<f64> {
    (x.to_bits() != default.to_bits()).then_some(x)
}

fn raw_issue(issue: &Issue) -> RawIssue {
    let (options, range) = match &issue.domain {
        Domain::Discrete { options } => (Some(options.clone()), None),
        Domain::Continuous { lo, hi } => (None, Some(vec![*lo, *hi])),
    };
    RawIssue {
        id: Some(issue.id.clone()),
        description: text(&issue.description),
        notes: None,
        options,
        range,
    }
}

fn raw_actor(actor: &Actor, issues: &[Issue], leverage: &[Leverage]) -> RawActor {
    let weights = issues
        .iter()
        .zip(&actor.stated_weights)
        .filter_map(|(i, &w)| unless_default(w, 0.0).map(|w| (i.id.clone(), w)))
        .collect();
    let values: Keyed<Keyed<Loose>> = issues
        .iter()
        .zip(&actor.valuations)
        .filter_map(|(i, v)| raw_values(i, v).map(|t| (i.id.clone(), t)))
        .collect();
    // Packages follow the one-issue red lines: a scenario keeps the two kinds apart.
    let red_lines: Vec<RawRedLine> = actor
        .red_lines
        .iter()
        .map(|r| RawRedLine {
            gate: r.gate.as_ref().map(|g| raw_gate(g, leverage)),
            ..raw_red_line(r, issues)
        })
        .chain(actor.packages.iter().map(|p| RawRedLine {
            all: Some(raw_conditions(&p.all, issues)),
            gate: p.gate.as_ref().map(|g| raw_gate(g, leverage)),
            ..RawRedLine::default()
        }))
        .collect();
    let interactions: Vec<RawInteraction> = actor
        .interactions
        .iter()
        .map(|t| RawInteraction {
            when: Some(raw_conditions(&t.when, issues)),
            value: Some(t.value),
            weight: Some(t.stated_weight),
            ..RawInteraction::default()
        })
        .collect();
    RawActor {
        id: Some(actor.id.clone()),
        description: text(&actor.description),
        notes: None,
        seated: (!actor.seated).then_some(false),
        power: unless_default(actor.power, DEFAULT_POWER),
        patience: unless_default(actor.patience, DEFAULT_PATIENCE),
        disagreement: unless_default(actor.disagreement, DEFAULT_DISAGREEMENT),
        weights: Some(weights),
        values: (!values.is_empty()).then_some(values),
        red_lines: (!red_lines.is_empty()).then_some(red_lines),
        interactions: (!interactions.is_empty()).then_some(interactions),
    }
}

fn raw_values(issue: &Issue, valuation: &Valuation) -> Option<Keyed<Loose>> {
    match (valuation, &issue.domain) {
        (Valuation::Options(values), Domain::Discrete { options }) => Some(
            options
                .iter()
                .zip(values)
                .map(|(label, &v)| (label.clone(), Loose::Number(v)))
                .collect(),
        ),
        (Valuation::Curve(c), _) => {
            let points = c
                .knots()
                .iter()
                .zip(c.values())
                .map(|(&x, &y)| Loose::List(vec![Loose::Number(x), Loose::Number(y)]))
                .collect();
            Some(
                [("points".to_string(), Loose::List(points))]
                    .into_iter()
                    .collect(),
            )
        }
        _ => None,
    }
}

fn raw_red_line(red_line: &RedLine, issues: &[Issue]) -> RawRedLine {
    let issue = &issues[red_line.issue];
    let mut raw = RawRedLine {
        issue: Some(issue.id.clone()),
        ..RawRedLine::default()
    };
    match (&red_line.veto, &issue.domain) {
        (Veto::Options(idx), Domain::Discrete { options }) => {
            raw.options = Some(
                idx.iter()
                    .filter_map(|&o| options.get(o).cloned())
                    .collect(),
            );
        }
        (Veto::Bounds { below, above }, _) => {
            raw.below = *below;
            raw.above = *above;
        }
        (Veto::Options(_), Domain::Continuous { .. }) => {}
    }
    raw
}

fn raw_conditions(conditions: &[Condition], issues: &[Issue]) -> Vec<RawCondition> {
    conditions
        .iter()
        .map(|c| {
            let mut raw = RawCondition {
                issue: Some(issues[c.issue].id.clone()),
                ..RawCondition::default()
            };
            match (&c.test, &issues[c.issue].domain) {
                (Test::Options(idx), Domain::Discrete { options }) => {
                    raw.options = Some(
                        idx.iter()
                            .filter_map(|&o| options.get(o).cloned())
                            .collect(),
                    );
                }
                (Test::Options(_), Domain::Continuous { .. }) => {}
                (Test::Below(b), _) => raw.below = Some(*b),
                (Test::Above(a), _) => raw.above = Some(*a),
                (Test::Between(lo, hi), _) => raw.between = Some(vec![*lo, *hi]),
            }
            raw
        })
        .collect()
}

fn raw_gate(gate: &Gate, leverage: &[Leverage]) -> RawGate {
    let mut raw = RawGate {
        leverage: leverage.get(gate.leverage).map(|l| l.id.clone()),
        ..RawGate::default()
    };
    match gate.test {
        Test::Below(b) => raw.below = Some(b),
        Test::Above(a) => raw.above = Some(a),
        Test::Between(lo, hi) => raw.between = Some(vec![lo, hi]),
        Test::Options(_) => {}
    }
    raw
}

fn raw_leverage(lev: &Leverage, actors: &[Actor]) -> RawLeverage {
    let effects = lev
        .effects
        .iter()
        .map(|e| {
            let mut raw = RawEffect {
                actor: Some(actors[e.actor].id.clone()),
                ..RawEffect::default()
            };
            match &e.kind {
                EffectKind::Linear(l) => {
                    raw.disagreement = unless_default(l.disagreement, 0.0);
                    raw.power = unless_default(l.power, 0.0);
                    raw.patience = unless_default(l.patience, 0.0);
                }
                EffectKind::Custom(c) => raw.custom = Some(c.clone()),
            }
            raw
        })
        .collect::<Vec<_>>();
    RawLeverage {
        id: Some(lev.id.clone()),
        description: text(&lev.description),
        notes: None,
        value: unless_default(lev.value, lev.distribution.mean()),
        distribution: Some(raw_distribution(&lev.distribution)),
        effects: (!effects.is_empty()).then_some(effects),
    }
}
