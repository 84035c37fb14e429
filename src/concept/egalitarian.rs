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

use super::{maximiser, SolutionConcept, Verdict};
use crate::error::Result;
use crate::scenario::Situation;
use crate::search::{Context, Engine, Objective, Shape};

/// Egalitarian bargaining: the largest smallest gain, `min_i g_i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Egalitarian;

impl Objective for Egalitarian {
    fn score(&self, gains: &[f64], _: &Context<'_>) -> f64 {
        gains.iter().copied().fold(f64::INFINITY, f64::min)
    }

    fn shape<'a>(&'a self, context: &'a Context<'a>) -> Shape<'a> {
        Shape::MinRatio(context.ones())
    }
}

impl SolutionConcept for Egalitarian {
    fn name(&self) -> &str {
        "egalitarian"
    }

    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> Result<Verdict> {
        maximiser(engine, situation, self)
    }

    fn objective(&self) -> Option<&dyn Objective> {
        Some(self)
    }
}
