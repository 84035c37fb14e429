//! Kalai–Smorodinsky bargaining: equal shares of each actor's ideal gain.
//!
//! ```text
//! max  min_i (u_i - d_i) / (ideal_i - d_i)
//! ideal_i = max u_i over the individually rational feasible outcomes
//! ```
//!
//! Kalai and Smorodinsky 1975, "Other solutions to Nash's bargaining problem",
//! Econometrica 43. On the triangle u_a + u_b/2 <= 1 (ideal point (1, 2)) from d = 0
//! it gives (1/2, 1).
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! // b values the whole surplus at 2, a at 1: the frontier is u_b = 2 (1 - u_a).
//! let json = r#"{"name": "triangle", "issues": [{"id": "share", "range": [0, 1]}],
//!   "actors": [
//!     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
//!     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 2], [1, 0]]}}}]}"#;
//! let scenario = detente::Scenario::from_json(json, "triangle")?;
//! let verdict = detente::Engine::new(&scenario)
//!     .solve(detente::Concept::Kalai, &scenario.status_quo_situation())?;
//! let u = verdict.utilities();
//! assert!((u[0] - 0.5).abs() < 1e-9 && (u[1] - 1.0).abs() < 1e-9);
//! # Ok(()) }
//! ```

use super::{SolutionConcept, Verdict};
use crate::error::Result;
use crate::scenario::Situation;
use crate::search::{Context, Engine, Objective, Shape};

/// Kalai–Smorodinsky bargaining: equal shares of each actor's ideal gain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KalaiSmorodinsky;

/// `min_i g_i / ideal_i`: the objective once the ideal gains are known.
struct IdealShares(Vec<f64>);

impl Objective for IdealShares {
    fn score(&self, gains: &[f64], _: &Context<'_>) -> f64 {
        gains
            .iter()
            .zip(&self.0)
            .map(|(g, s)| g / s)
            .fold(f64::INFINITY, f64::min)
    }

    fn shape<'a>(&'a self, _: &'a Context<'a>) -> Shape<'a> {
        Shape::MinRatio(&self.0)
    }
}

impl SolutionConcept for KalaiSmorodinsky {
    fn name(&self) -> &str {
        "kalai"
    }

    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> Result<Verdict> {
        let n = engine.seated().len();
        let floors = vec![0.0; n];
        let Some(ideal) = engine.ideal_gains(situation, &floors)? else {
            return Ok(Verdict::no_deal(engine, situation));
        };
        let best = engine.best(situation, &IdealShares(ideal), &floors, false, &[])?;
        Ok(Verdict::from_best(engine, situation, best.map(|(_, o)| o)))
    }
}
