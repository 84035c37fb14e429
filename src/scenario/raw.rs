//! The serde mirror of the scenario file: every field as written, defaults as `Option`.
//! Nothing here is validated; [`super::validate`] turns it into a [`super::Scenario`].

use std::collections::BTreeMap;

use serde::Deserialize;

/// Free-text documentation that every object of the file may carry.
pub(crate) type Notes = BTreeMap<String, String>;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    #[allow(dead_code)]
    pub notes: Option<Notes>,
    pub issues: Option<Vec<RawIssue>>,
    pub actors: Option<Vec<RawActor>>,
    pub leverage: Option<Vec<RawLeverage>>,
}

/// One entry of `issues`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIssue {
    pub id: Option<String>,
    pub description: Option<String>,
    #[allow(dead_code)]
    pub notes: Option<Notes>,
    pub options: Option<Vec<String>>,
    pub range: Option<Vec<f64>>,
}

/// One entry of `actors`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawActor {
    pub id: Option<String>,
    pub description: Option<String>,
    #[allow(dead_code)]
    pub notes: Option<Notes>,
    pub seated: Option<bool>,
    pub power: Option<f64>,
    pub patience: Option<f64>,
    pub disagreement: Option<f64>,
    pub weights: Option<BTreeMap<String, f64>>,
    /// Per issue: option label -> number (discrete), or `points` -> `[[x, y], ...]`
    /// (continuous). Kept loose so that errors can name the exact field.
    pub values: Option<BTreeMap<String, BTreeMap<String, serde_json::Value>>>,
    pub red_lines: Option<Vec<RawRedLine>>,
}

/// One entry of an actor's `red_lines`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRedLine {
    pub issue: Option<String>,
    #[allow(dead_code)]
    pub description: Option<String>,
    #[allow(dead_code)]
    pub notes: Option<Notes>,
    pub options: Option<Vec<String>>,
    pub below: Option<f64>,
    pub above: Option<f64>,
}

/// One entry of `leverage`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLeverage {
    pub id: Option<String>,
    pub description: Option<String>,
    #[allow(dead_code)]
    pub notes: Option<Notes>,
    pub value: Option<f64>,
    pub distribution: Option<RawDistribution>,
    pub effects: Option<Vec<RawEffect>>,
}

/// A leverage variable's distribution, one key naming the family.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub(crate) enum RawDistribution {
    Fixed(f64),
    Uniform([f64; 2]),
    Normal([f64; 2]),
    Beta([f64; 2]),
    Bernoulli(f64),
}

/// One entry of a leverage variable's `effects`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEffect {
    pub actor: Option<String>,
    #[allow(dead_code)]
    pub description: Option<String>,
    #[allow(dead_code)]
    pub notes: Option<Notes>,
    pub disagreement: Option<f64>,
    pub power: Option<f64>,
    pub patience: Option<f64>,
}
