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

use super::{maximiser, SolutionConcept, Verdict};
use crate::error::Result;
use crate::scenario::Situation;
use crate::search::{Context, Engine, Objective, Shape};

/// Utilitarian bargaining: the largest total gain `sum_i g_i` (the largest total
/// utility, as the disagreement utilities are fixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Utilitarian;

impl Objective for Utilitarian {
    fn score(&self, gains: &[f64], _: &Context<'_>) -> f64 {
        gains.iter().sum()
    }

    fn shape<'a>(&'a self, context: &'a Context<'a>) -> Shape<'a> {
        Shape::Linear(context.ones())
    }
}

impl SolutionConcept for Utilitarian {
    fn name(&self) -> &str {
        "utilitarian"
    }

    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> Result<Verdict> {
        maximiser(engine, situation, self)
    }

    fn objective(&self) -> Option<&dyn Objective> {
        Some(self)
    }
}
