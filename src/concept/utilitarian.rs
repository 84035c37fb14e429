//! Utilitarian bargaining: the outcome that maximises total utility.
//!
//! ```text
//! max  sum_i u_i   over feasible x with u_i(x) > d_i for all seated i
//! ```
//!
//! Harsanyi 1955, "Cardinal welfare, individualistic ethics, and interpersonal
//! comparisons of utility", J. Political Economy 63. In a log-rolling problem each
//! issue goes to the actor who weighs it most.
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! let json = r#"{"name": "logroll",
//!   "issues": [{"id": "x", "options": ["a", "b"]}, {"id": "y", "options": ["a", "b"]}],
//!   "actors": [
//!     {"id": "a", "weights": {"x": 3, "y": 1},
//!      "values": {"x": {"a": 1, "b": 0}, "y": {"a": 1, "b": 0}}},
//!     {"id": "b", "weights": {"x": 1, "y": 3},
//!      "values": {"x": {"a": 0, "b": 1}, "y": {"a": 0, "b": 1}}}]}"#;
//! let scenario = detente::Scenario::from_json(json, "logroll")?;
//! let verdict = detente::Engine::new(&scenario)
//!     .solve(detente::Concept::Utilitarian, &scenario.status_quo_situation())?;
//! assert_eq!(verdict.value(0).and_then(|v| v.as_option()), Some(0)); // x to a
//! assert_eq!(verdict.value(1).and_then(|v| v.as_option()), Some(1)); // y to b
//! # Ok(()) }
//! ```

use super::Verdict;
use crate::error::Result;
use crate::scenario::Situation;
use crate::search::{Engine, GoalSpec};

pub(super) fn solve(engine: &Engine<'_>, situation: &Situation) -> Result<Verdict> {
    let n = engine.seated().len();
    let goal = GoalSpec::Linear(vec![1.0; n]);
    let best = engine.best(situation, &goal, &vec![0.0; n])?;
    Ok(Verdict::from_best(engine, situation, best.map(|(_, o)| o)))
}
