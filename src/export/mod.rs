//! Scenarios written in other tools' formats: Genius's XML ([`genius`]).

mod genius;

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::Scenario;

/// Grid points per continuous issue that [`genius`] writes (the same 11 that
/// [`negotiate`](crate::negotiate) uses by default): `lo`, `lo + (hi - lo) / 10`, ...,
/// `hi`.
pub const GENIUS_GRID: usize = 11;

/// Write `scenario` as a Genius domain (`NAME-domain.xml`, the scenario's name with
/// characters other than letters, digits, `-`, `_` and `.` replaced by `_`) and one
/// linear profile per actor (`ID.xml`) into `outdir`, made when missing; returns the
/// files written, the domain first.
///
/// Every issue becomes a Genius discrete issue: a discrete issue keeps its options, a
/// continuous one is written on a grid of [`GENIUS_GRID`] values, labelled by the
/// numbers. Each actor's profile gives every outcome (every gridded outcome) the
/// actor's utility: the weight of issue k is the largest of `w_k v_k(x)` over its
/// options, and an option's evaluation is `w_k v_k(x)` divided by it; a constant
/// interaction term (empty `when`) is folded into the first issue. The disagreement
/// point is written as the reservation value, the patience as the discount factor, so
/// that [`import::genius`](crate::import::genius) reads back the same utilities.
///
/// Refused (what Genius's linear profiles cannot express): red lines, interaction
/// terms with conditions, unseated actors, powers other than 1, leverage variables,
/// negative weighted values, and a best outcome above 1 (Genius caps utilities at 1).
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::{Scenario, Value};
/// let scenario = Scenario::from_json(r#"{"name": "split", "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [{"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///              {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#, "split.json")?;
/// let dir = std::env::temp_dir().join("detente-doc-export");
/// let files = detente::export::genius(&scenario, &dir)?;
/// assert!(files[0].ends_with("split-domain.xml"));
/// let back = detente::import::genius(&files[0], &files[1..])?;
/// // share = 0.3 is the fourth of the 11 grid values.
/// let u = back.actors()[0].utility(&[Value::Option(3)]);
/// assert!((u - scenario.actors()[0].utility(&[Value::Number(0.3)])).abs() < 1e-12);
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`ScenarioError::Invalid`](crate::error::ScenarioError::Invalid) naming the field of
/// the scenario that Genius cannot express (`actors[0].red_lines: not supported: ...`),
/// [`ReportError::Write`](crate::error::ReportError::Write) when a file cannot be written.
pub fn genius(scenario: &Scenario, outdir: impl AsRef<Path>) -> Result<Vec<PathBuf>> {
    genius::export(scenario, outdir.as_ref(), GENIUS_GRID)
}

/// As [`genius`], with `grid` points per continuous issue (at least 2).
///
/// # Errors
/// As [`genius`]; a grid of fewer than 2 points is an error about `grid`.
pub fn genius_on_grid(
    scenario: &Scenario,
    outdir: impl AsRef<Path>,
    grid: usize,
) -> Result<Vec<PathBuf>> {
    genius::export(scenario, outdir.as_ref(), grid)
}
