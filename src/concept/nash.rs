//! Nash bargaining: the outcome that maximises the (asymmetric) Nash product.
//!
//! ```text
//! max  sum_i alpha_i * ln(u_i - d_i)   over feasible x with u_i(x) > d_i for all seated i
//! ```
//!
//! Symmetric when all powers alpha_i are equal (Nash 1950, "The Bargaining Problem",
//! Econometrica 18); asymmetric with powers (Kalai 1977, "Nonsymmetric Nash
//! solutions and replications of 2-person bargaining"). Splitting a unit surplus with
//! linear utilities gives actor i the share alpha_i / sum_j alpha_j.
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! let json = r#"{"name": "split", "issues": [{"id": "share", "range": [0, 1]}],
//!   "actors": [
//!     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
//!     {"id": "b", "weights": {"share": 1}, "power": 3,
//!      "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
//! let scenario = detente::Scenario::from_json(json, "split")?;
//! let engine = detente::Engine::new(&scenario);
//! let verdict = engine.solve(detente::Concept::Nash, &scenario.status_quo_situation())?;
//! let share = verdict.value(0).and_then(|v| v.as_number()).unwrap_or(f64::NAN);
//! assert!((share - 0.25).abs() < 1e-9); // alpha_a / (alpha_a + alpha_b) = 1 / 4
//! # Ok(()) }
//! ```

use super::{maximiser, SolutionConcept, Verdict};
use crate::error::Result;
use crate::scenario::Situation;
use crate::search::{Engine, Objective};

pub use crate::search::Nash;

impl SolutionConcept for Nash {
    fn name(&self) -> &str {
        "nash"
    }

    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> Result<Verdict> {
        maximiser(engine, situation, self)
    }

    fn objective(&self) -> Option<&dyn Objective> {
        Some(self)
    }
}
