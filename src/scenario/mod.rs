//! Scenarios: the negotiation as written in a file or built in code, validated once.
//!
//! A [`Scenario`] is read from JSON or TOML (fields as in the contract) or made with
//! [`Scenario::builder`]; both go through one validator, so a scenario satisfies every
//! rule of the format however it was made, and solvers and sweeps never re-check it.
//! [`Scenario::to_json`] and [`Scenario::save`] write it back in the file format.
//! Leverage variables move the actors' bargaining parameters through [`Effect`]s;
//! [`Situation`] holds those parameters at given leverage levels.

mod build;
mod dist;
mod effect;
pub(crate) mod file;
mod hash;
mod layout;
mod leverage;
pub mod limits;
mod link_spec;
mod links;
mod raw;
mod situation;
mod validate;
mod write;

use std::path::Path;

pub use build::{ActorSpec, IssueSpec, LeverageSpec, RedLineSpec, ScenarioBuilder};
pub use dist::{Family, LeverageDist};
pub use effect::{Effect, Linear, Shift};
pub(crate) use hash::fnv1a64;
pub use leverage::{Leverage, LeverageEffect};
pub use link_spec::{ConditionSpec, GateSpec};
pub use situation::Situation;

use crate::error::{Error, FieldPath, Input, Problem, Result};
use crate::space::Issue;
use crate::utility::Actor;

/// A validated negotiation: issues, actors and leverage variables in file order.
///
/// Two scenarios are equal when their content is (name, description, issues, actors
/// with their stated weights, leverage); [`Scenario::source`], where a scenario was
/// read from, does not count, so a scenario equals itself written and read back.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub(crate) source: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) issues: Vec<Issue>,
    pub(crate) actors: Vec<Actor>,
    pub(crate) leverage: Vec<Leverage>,
    /// The situation at every variable's `value`, checked when the scenario was made.
    pub(crate) status_quo: Situation,
}

impl PartialEq for Scenario {
    fn eq(&self, other: &Self) -> bool {
        // `status_quo` follows from the rest.
        self.name == other.name
            && self.description == other.description
            && self.issues == other.issues
            && self.actors == other.actors
            && self.leverage == other.leverage
    }
}

impl Scenario {
    /// Start building a scenario called `name` in code (see [`ScenarioBuilder`]).
    pub fn builder(name: impl Into<String>) -> ScenarioBuilder {
        ScenarioBuilder::new(name)
    }

    /// Parse and validate a scenario from JSON text. `source` names the input in error
    /// messages (a file name, or anything that helps the reader).
    ///
    /// # Errors
    /// [`ScenarioError::Parse`](crate::error::ScenarioError::Parse) for malformed JSON or
    /// a field of the wrong type, [`ScenarioError::Invalid`](crate::error::ScenarioError::Invalid)
    /// for a rule of the format that the file breaks.
    pub fn from_json(text: &str, source: &str) -> Result<Self> {
        let mut de = serde_json::Deserializer::from_str(text);
        let raw: raw::RawScenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            Error::parse(
                source,
                field_from_serde(&path),
                inner.line(),
                inner.column(),
                strip_position(&inner.to_string()),
            )
        })?;
        // Only whitespace may follow the document.
        de.end().map_err(|e| {
            Error::parse(
                source,
                None,
                e.line(),
                e.column(),
                "unexpected content after the end of the scenario",
            )
        })?;
        validate::scenario(raw, source)
    }

    /// Parse and validate a scenario from TOML text with the same fields as the JSON
    /// format.
    ///
    /// # Errors
    /// As [`Scenario::from_json`].
    pub fn from_toml(text: &str, source: &str) -> Result<Self> {
        let de = toml::Deserializer::new(text);
        let raw: raw::RawScenario = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let (line, column) = inner
                .span()
                .map(|s| line_column(text, s.start))
                .unwrap_or((0, 0));
            // toml's messages span lines ("invalid table header\nexpected ..."):
            // errors are reported on one line.
            Error::parse(
                source,
                field_from_serde(&path),
                line,
                column,
                one_line(inner.message()),
            )
        })?;
        validate::scenario(raw, source)
    }

    /// Read a scenario file: TOML when the name ends in `.toml`, JSON otherwise.
    ///
    /// # Errors
    /// [`ScenarioError::Io`](crate::error::ScenarioError::Io) when the file cannot be read,
    /// [`ScenarioError::NotAFile`](crate::error::ScenarioError::NotAFile) for a directory,
    /// [`ScenarioError::TooLarge`](crate::error::ScenarioError::TooLarge) beyond
    /// [`limits::MAX_FILE_BYTES`], a parse error for bytes that are not UTF-8, else as
    /// [`Scenario::from_json`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = file::read_text(path)?;
        let source = path.display().to_string();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        {
            Scenario::from_toml(&text, &source)
        } else {
            Scenario::from_json(&text, &source)
        }
    }

    /// The name the input was read from (file name, the `source` given, or for a built
    /// scenario [`ScenarioBuilder::source`]); errors name it. Not part of equality.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Free-text description.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Issues in file order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Actors in file order, seated or not.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// Leverage variables in file order.
    pub fn leverage(&self) -> &[Leverage] {
        &self.leverage
    }

    /// Index of the actor with this id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }

    /// Index of the issue with this id.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }

    /// Index of the leverage variable with this id.
    pub fn leverage_index(&self, id: &str) -> Option<usize> {
        self.leverage.iter().position(|l| l.id == id)
    }

    /// Indices of the seated actors, in file order.
    pub fn seated(&self) -> Vec<usize> {
        (0..self.actors.len())
            .filter(|&i| self.actors[i].seated)
            .collect()
    }

    /// Every actor's utility of a full outcome (file order).
    pub fn utilities<'a>(
        &'a self,
        outcome: &'a [crate::space::Value],
    ) -> impl Iterator<Item = f64> + 'a {
        self.actors.iter().map(move |a| a.utility(outcome))
    }

    /// The status-quo leverage values (each variable's `value`).
    pub fn status_quo(&self) -> Vec<f64> {
        self.leverage.iter().map(|l| l.value).collect()
    }

    /// Leverage values with some variables set by id, the rest at the status quo.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) about [`Input::Setting`] for an unknown
    /// id or a non-finite value.
    pub fn levels_with(&self, settings: &[(String, f64)]) -> Result<Vec<f64>> {
        let mut levels = self.status_quo();
        for (id, value) in settings {
            let input = || Input::Setting(id.clone());
            let Some(l) = self.leverage_index(id) else {
                return Err(self.input_error(
                    input(),
                    Problem::Unknown {
                        kind: "leverage variable",
                        id: id.clone(),
                    },
                ));
            };
            if !value.is_finite() {
                return Err(self.input_error(input(), Problem::NotFinite(*value)));
            }
            levels[l] = *value;
        }
        Ok(levels)
    }

    /// The bargaining parameters (d, alpha, delta) at these leverage values (one per
    /// variable, file order).
    ///
    /// # Errors
    /// As [`Situation::update`]: an error naming the actor, the parameter and the
    /// levels when the effects make a parameter invalid.
    pub fn situation(&self, levels: &[f64]) -> Result<Situation> {
        let mut s = self.status_quo.clone();
        s.update(self, levels)?;
        Ok(s)
    }

    /// The bargaining parameters at the status quo of every leverage variable (valid:
    /// checked when the scenario was made).
    pub fn status_quo_situation(&self) -> Situation {
        self.status_quo.clone()
    }

    /// A copy with one actor seated or unseated ("what if the EU is at the table?").
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) about [`Input::Seat`] when no actor has
    /// this id or no actor would stay seated.
    pub fn with_seated(&self, actor: &str, seated: bool) -> Result<Scenario> {
        let Some(i) = self.actor_index(actor) else {
            return Err(self.input_error(
                Input::Seat(actor.to_string()),
                Problem::Unknown {
                    kind: "actor",
                    id: actor.to_string(),
                },
            ));
        };
        let mut next = self.clone();
        next.actors[i].seated = seated;
        if next.actors.iter().all(|a| !a.seated) {
            return Err(self.input_error(Input::Seat(actor.to_string()), Problem::NoneSeated));
        }
        Ok(next)
    }

    /// A copy with one actor's weights replaced (normalised again).
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) about [`Input::Weights`] for an unknown
    /// actor or weights that are not one non-negative finite number per issue with a
    /// positive sum.
    pub fn with_weights(&self, actor: &str, weights: &[f64]) -> Result<Scenario> {
        let input = || Input::Weights(actor.to_string());
        let Some(i) = self.actor_index(actor) else {
            return Err(self.input_error(
                input(),
                Problem::Unknown {
                    kind: "actor",
                    id: actor.to_string(),
                },
            ));
        };
        let mut next = self.clone();
        if !next.actors[i].set_weights(weights) {
            return Err(self.input_error(input(), weights_problem(weights, self.issues.len())));
        }
        Ok(next)
    }

    /// An [`InputError`](crate::error::InputError) naming this scenario.
    pub(crate) fn input_error(&self, input: Input, problem: Problem) -> Error {
        Error::input(self.source.as_str(), input, problem)
    }

    /// A copy with every actor's weights replaced (one row per actor, normalised). Used
    /// by weight-noise sweeps; rows that are not valid weights leave that actor as is.
    pub fn with_all_weights(&self, weights: &[Vec<f64>]) -> Scenario {
        let mut next = self.clone();
        for (a, w) in next.actors.iter_mut().zip(weights) {
            a.set_weights(w);
        }
        next
    }
}

/// Why `weights` are not one non-negative finite weight per issue with a positive sum.
fn weights_problem(weights: &[f64], issues: usize) -> Problem {
    if weights.len() != issues {
        return Problem::WrongLength {
            expected: issues,
            got: weights.len(),
        };
    }
    match weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
        Some(&w) if w.is_finite() => Problem::Negative(w),
        Some(&w) => Problem::NotFinite(w),
        None => Problem::AllZero,
    }
}

/// serde_path_to_error writes `.` for the root and `actors[1].weights.nato` otherwise.
fn field_from_serde(path: &str) -> Option<FieldPath> {
    if path.is_empty() || path == "." {
        return None;
    }
    let mut field = FieldPath::root();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(bracket) = rest.find('[') {
            if bracket > 0 {
                field = field.key(&rest[..bracket]);
            }
            rest = &rest[bracket..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let Some(close) = stripped.find(']') else {
                    break;
                };
                match stripped[..close].parse::<usize>() {
                    Ok(n) => field = field.index(n),
                    Err(_) => field = field.key(&stripped[..close]),
                }
                rest = &stripped[close + 1..];
            }
        } else if !rest.is_empty() && rest != "?" {
            field = field.key(rest);
        }
    }
    Some(field)
}

/// Join a multi-line parser message into one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(": ")
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests;
