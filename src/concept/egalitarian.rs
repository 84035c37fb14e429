//! Egalitarian bargaining: the outcome that maximises the smallest gain.
//!
//! ```text
//! max  min_i (u_i - d_i)   over feasible x with u_i(x) > d_i for all seated i
//! ```
//!
//! Kalai 1977, "Proportional solutions to bargaining situations: interpersonal utility
//! comparisons", Econometrica 45. Powers play no part: splitting a unit surplus gives
//! each side one half.
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! let json = r#"{"name": "split", "issues": [{"id": "share", "range": [0, 1]}],
//!   "actors": [
//!     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
//!     {"id": "b", "weights": {"share": 1}, "power": 3,
//!      "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
//! let scenario = detente::Scenario::from_json(json, "split")?;
//! let verdict = detente::Engine::new(&scenario)
//!     .solve(detente::Concept::Egalitarian, &scenario.status_quo_situation())?;
//! let share = verdict.value(0).and_then(|v| v.as_number()).unwrap_or(f64::NAN);
//! assert!((share - 0.5).abs() < 1e-9);
//! # Ok(()) }
//! ```

use super::Verdict;
use crate::error::Result;
use crate::scenario::Situation;
use crate::search::{Engine, GoalSpec};

pub(super) fn solve(engine: &Engine<'_>, situation: &Situation) -> Result<Verdict> {
    let n = engine.seated().len();
    let goal = GoalSpec::MaxMin(vec![1.0; n]);
    let best = engine.best(situation, &goal, &vec![0.0; n])?;
    Ok(Verdict::from_best(engine, situation, best.map(|(_, o)| o)))
}
