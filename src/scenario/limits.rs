//! The largest scenario the crate accepts.
//!
//! A file beyond one of these limits is refused with an error naming the file and the
//! field, before any search starts. The limits are far above any bargaining model we
//! know of (the Ukraine example has 10 issues of at most 6 options and 4 actors) and
//! low enough that validation, the tables the engine builds from a scenario, and
//! every number the solvers compute stay finite and fit in memory.
//!
//! | limit | value | why |
//! | --- | --- | --- |
//! | [`MAX_FILE_BYTES`] | 16 MiB | read before parsing; a device or a runaway generator never fills memory |
//! | [`MAX_ISSUES`] | 1,000 | per-issue tables, outcome vectors |
//! | [`MAX_OPTIONS`] | 10,000 per issue | per-option utility tables (options x actors) |
//! | [`MAX_ACTORS`] | 1,000 | utility vectors and the search's per-actor bounds |
//! | [`MAX_LEVERAGE`] | 1,000 | one draw per variable per sweep sample |
//! | [`MAX_CURVE_POINTS`] | 10,000 per curve | the continuous search's breakpoints |
//! | [`MAX_INTERACTIONS`] | 10,000 per actor | every utility sums the actor's terms |
//! | [`MAX_CONDITIONS`] | 1,000 per term or package | a term or package is tested per outcome |
//! | [`MAX_MAGNITUDE`] | 1e15 | every number of the file: sums of weighted values, range widths and leverage shifts stay finite |
//! | [`MAX_UTILITY`] | 1e9 | option values, curve values and disagreement points: the solvers' tolerances (1e-12 on gains, 1e-10 relative on scores) stay meaningful; at about 1e12 two continuous issues can be solved wrongly |
//!
//! ```
//! use detente::scenario::limits;
//! let json = format!(
//!     r#"{{"name": "wide", "issues": [{{"id": "x", "range": [0, {}]}}],
//!         "actors": [{{"id": "a", "weights": {{"x": 1}},
//!                      "values": {{"x": {{"points": [[0, 0], [1e308, 1]]}}}}}}]}}"#,
//!     1e308
//! );
//! let e = detente::Scenario::from_json(&json, "wide.json").expect_err("range too wide");
//! assert_eq!(
//!     e.to_string(),
//!     "wide.json: issues[0].range[1]: must have magnitude at most 1e15, got 1e308"
//! );
//! assert!(limits::MAX_MAGNITUDE < 1e308);
//! ```

/// Largest scenario file [`Scenario::load`](super::Scenario::load) reads: 16 MiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Most issues in a scenario.
pub const MAX_ISSUES: usize = 1_000;

/// Most options of one discrete issue.
pub const MAX_OPTIONS: usize = 10_000;

/// Most actors, seated or not.
pub const MAX_ACTORS: usize = 1_000;

/// Most leverage variables.
pub const MAX_LEVERAGE: usize = 1_000;

/// Most points of one value curve.
pub const MAX_CURVE_POINTS: usize = 10_000;

/// Most interaction terms of one actor.
pub const MAX_INTERACTIONS: usize = 10_000;

/// Most conditions of one interaction term (`when`) or one package red line (`all`).
pub const MAX_CONDITIONS: usize = 1_000;

/// Largest magnitude of any number in a scenario (weights, values, curve points,
/// ranges, powers, disagreement points, red-line bounds, leverage values, effects and
/// distribution parameters).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Largest magnitude of a utility the file states: an option's value, a curve's value
/// and a disagreement point. Utilities near 1e12 leave gains of 1e-12 below the
/// rounding of their sums, and the continuous search can then miss a deal; 1e9 keeps
/// three orders of magnitude of margin.
pub const MAX_UTILITY: f64 = 1e9;
