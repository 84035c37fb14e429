//! The serde mirror of the scenario file: every field as written, defaults as `Option`.
//! Nothing here is validated; [`super::validate`] turns it into a [`super::Scenario`].
//!
//! The file loader deserialises into these types, the builder fills them in code, and
//! a scenario is written back through them, so all three speak exactly the file format.

mod keyed;
mod loose;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub(crate) use keyed::Keyed;
pub(crate) use loose::Loose;

use super::effect::Effect;

/// `power` when the file gives none.
pub(crate) const DEFAULT_POWER: f64 = 1.0;
/// `patience` when the file gives none.
pub(crate) const DEFAULT_PATIENCE: f64 = 0.95;
/// `disagreement` when the file gives none.
pub(crate) const DEFAULT_DISAGREEMENT: f64 = 0.0;

/// Free-text documentation that every object of the file may carry.
pub(crate) type Notes = Keyed<String>;

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issues: Option<Vec<RawIssue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actors: Option<Vec<RawActor>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leverage: Option<Vec<RawLeverage>>,
}

/// One entry of `issues`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIssue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Vec<f64>>,
}

/// One entry of `actors`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawActor {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patience: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Keyed<f64>>,
    /// Per issue: option label -> number (discrete), or `points` -> `[[x, y], ...]`
    /// (continuous). Kept loose so that errors can name the exact field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Keyed<Keyed<Loose>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub red_lines: Option<Vec<RawRedLine>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interactions: Option<Vec<RawInteraction>>,
}

/// One entry of an actor's `red_lines`: one issue (`issue` with `options`, `below`
/// and/or `above`) or a package (`all`), either with an optional gate (`if`). Both
/// shapes share one struct so that unknown fields stay refused; validation tells them
/// apart and refuses a mix.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRedLine {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<RawCondition>>,
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub gate: Option<RawGate>,
}

/// A condition on one issue: exactly one of `options`, `below`, `above`, `between`
/// (checked by validation, so that the error names the field).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCondition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub between: Option<Vec<f64>>,
}

/// A red line's `if`: a leverage variable and one of `below`, `above`, `between`.
/// `options` is read only to be refused with a message that says why.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leverage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub between: Option<Vec<f64>>,
}

/// One entry of an actor's `interactions`; `when`, `value` and `weight` are required
/// (checked by validation, so that the error names the field).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawInteraction {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Vec<RawCondition>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// One entry of `leverage`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLeverage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<RawDistribution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effects: Option<Vec<RawEffect>>,
}

/// A leverage variable's distribution, one key naming the family.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub(crate) enum RawDistribution {
    Fixed(f64),
    Uniform([f64; 2]),
    Normal([f64; 2]),
    Beta([f64; 2]),
    Bernoulli(f64),
}

/// One entry of a leverage variable's `effects`: the built-in [`Linear`] effect's
/// coefficients, or (from the builder only) a custom effect, which has no file form.
///
/// [`Linear`]: super::effect::Linear
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEffect {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patience: Option<f64>,
    #[serde(skip)]
    pub custom: Option<Arc<dyn Effect>>,
}
