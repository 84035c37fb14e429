//! Solution concepts: which agreement a bargaining problem selects.
//!
//! All concepts choose among the feasible outcomes (no red line of a seated actor
//! crossed) that are individually rational for every seated actor (u_i > d_i), and break
//! ties by the Nash objective, then by the first outcome in enumeration order.
//!
//! | concept | type | chooses |
//! | --- | --- | --- |
//! | [`Concept::Nash`] | [`Nash`] | max of sum_i alpha_i ln(u_i - d_i) |
//! | [`Concept::Kalai`] | [`KalaiSmorodinsky`] | max of min_i (u_i - d_i) / (ideal_i - d_i) |
//! | [`Concept::Egalitarian`] | [`Egalitarian`] | max of min_i (u_i - d_i) |
//! | [`Concept::Utilitarian`] | [`Utilitarian`] | max of sum_i u_i |
//! | [`Concept::Offers`] | [`AlternatingOffers`] | the stationary alternating-offers agreement |
//!
//! Each is a [`SolutionConcept`]; a concept of one's own implements the trait, most
//! simply as the [`maximiser`] of an [`Objective`], and runs
//! everywhere the built-ins do (solves, sweeps). [`Concept`] is the table of the
//! command line's names.

// The concept modules are public for their documentation (definition, formula,
// reference, a worked example); their types are re-exported here.
pub mod egalitarian;
pub mod kalai;
pub mod nash;
pub mod offers;
pub mod utilitarian;
mod verdict;

use std::fmt;
use std::str::FromStr;

pub use egalitarian::Egalitarian;
pub use kalai::KalaiSmorodinsky;
pub use nash::Nash;
pub use offers::{AlternatingOffers, OffersSolution, Proposal, NOISE, STOP};
pub use utilitarian::Utilitarian;
pub use verdict::{Agreement, NoDeal, Verdict};

use crate::error::{Problem, Result};
use crate::scenario::Situation;
use crate::search::{Engine, Objective};

/// A solution concept: which agreement a bargaining problem selects.
///
/// The built-in concepts implement it; so can a researcher's own. Most concepts are
/// "the feasible, individually rational outcome that maximises an objective of the
/// gains": write the [`Objective`], return [`maximiser`] from `solve` and the
/// objective from `objective`, and sweeps use the fastest search for its
/// [`Shape`](crate::search::Shape) (a log product gets the sweep's bounded scan).
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::concept::{maximiser, SolutionConcept};
/// use detente::search::{Context, Shape};
/// use detente::{Engine, Objective, Situation, Verdict};
///
/// /// The proportional solution (Kalai 1977) with claims p: max t with g_i >= t p_i.
/// struct Proportional(Vec<f64>);
///
/// impl Objective for Proportional {
///     fn score(&self, g: &[f64], _: &Context<'_>) -> f64 {
///         g.iter().zip(&self.0).map(|(g, p)| g / p).fold(f64::INFINITY, f64::min)
///     }
///     fn shape<'a>(&'a self, _: &'a Context<'a>) -> Shape<'a> {
///         Shape::MinRatio(&self.0)
///     }
/// }
///
/// impl SolutionConcept for Proportional {
///     fn name(&self) -> &str { "proportional" }
///     fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> detente::Result<Verdict> {
///         maximiser(engine, situation, self)
///     }
///     fn objective(&self) -> Option<&dyn Objective> { Some(self) }
/// }
///
/// let json = r#"{"name": "split", "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
/// let scenario = detente::Scenario::from_json(json, "split")?;
/// let verdict = Proportional(vec![1.0, 4.0])
///     .solve(&Engine::new(&scenario), &scenario.status_quo_situation())?;
/// assert!((verdict.utilities()[0] - 0.2).abs() < 1e-9); // 1 : 4
/// # Ok(()) }
/// ```
pub trait SolutionConcept: Sync {
    /// A short name (the built-ins use the command line's).
    fn name(&self) -> &str;

    /// The concept's verdict in `situation`.
    ///
    /// # Errors
    /// Whatever the search reports: [`SearchError::Budget`](crate::error::SearchError::Budget) when the
    /// engine's limits are hit, errors particular to the concept.
    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> Result<Verdict>;

    /// When the verdict is the [`maximiser`] of one objective with zero floors:
    /// that objective, so that sweeps can choose a search by its shape. `None` (the
    /// default) makes sweeps call [`SolutionConcept::solve`] for every sample.
    fn objective(&self) -> Option<&dyn Objective> {
        None
    }
}

/// The feasible outcome that maximises `objective` among those giving every seated
/// actor more than its disagreement utility, as a verdict (no deal when there is
/// none): [`Engine::maximise`] with zero floors.
///
/// # Errors
/// As [`Engine::maximise`].
pub fn maximiser(
    engine: &Engine<'_>,
    situation: &Situation,
    objective: &dyn Objective,
) -> Result<Verdict> {
    let floors = vec![0.0; engine.seated().len()];
    let best = engine.best(situation, objective, &floors, false, &[])?;
    Ok(Verdict::from_best(engine, situation, best.map(|(_, o)| o)))
}

/// A solution concept, named as on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Concept {
    /// Asymmetric Nash bargaining (symmetric when all powers are equal).
    Nash,
    /// Kalai–Smorodinsky.
    Kalai,
    /// Egalitarian (max-min gain).
    Egalitarian,
    /// Utilitarian (max total utility).
    Utilitarian,
    /// Alternating offers (Rubinstein; unanimity with more than two actors).
    Offers,
}

impl Concept {
    /// Every concept, in the order the contract lists them.
    pub const ALL: [Concept; 5] = [
        Concept::Nash,
        Concept::Kalai,
        Concept::Egalitarian,
        Concept::Utilitarian,
        Concept::Offers,
    ];

    /// The command-line name (the name of its [`Concept::solver`]).
    pub fn name(self) -> &'static str {
        match self {
            Concept::Nash => "nash",
            Concept::Kalai => "kalai",
            Concept::Egalitarian => "egalitarian",
            Concept::Utilitarian => "utilitarian",
            Concept::Offers => "offers",
        }
    }

    /// The concept's implementation (alternating offers with the first seated actor
    /// proposing first).
    ///
    /// ```
    /// use detente::concept::{Concept, SolutionConcept};
    /// assert_eq!(Concept::Kalai.solver().name(), "kalai");
    /// ```
    pub fn solver(self) -> &'static dyn SolutionConcept {
        match self {
            Concept::Nash => &Nash,
            Concept::Kalai => &KalaiSmorodinsky,
            Concept::Egalitarian => &Egalitarian,
            Concept::Utilitarian => &Utilitarian,
            Concept::Offers => &AlternatingOffers { first: None },
        }
    }
}

impl fmt::Display for Concept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Concept {
    type Err = Problem;

    fn from_str(s: &str) -> Result<Self, Problem> {
        Concept::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| Problem::Unknown {
                kind: "concept",
                id: s.to_string(),
            })
    }
}

impl Engine<'_> {
    /// Solve the scenario with `concept` in `situation` (disagreement points, powers and
    /// patience after leverage). For [`Concept::Offers`] the first seated actor proposes
    /// first; see [`Engine::solve_offers`] to choose another.
    ///
    /// # Errors
    /// [`SearchError::Budget`](crate::error::SearchError::Budget) when search limits are
    /// hit; [`OffersError`](crate::error::OffersError) for alternating offers without a
    /// stationary agreement.
    pub fn solve(&self, concept: Concept, situation: &Situation) -> Result<Verdict> {
        concept.solver().solve(self, situation)
    }

    /// Alternating offers with `first` (an actor index) proposing first; the first
    /// seated actor when `None`. The verdict of [`Engine::alternating_offers`], which
    /// also gives every proposer's offer and the continuation values.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) when `first` is not a seated actor;
    /// [`OffersError`](crate::error::OffersError) when no stationary agreement is found.
    pub fn solve_offers(&self, situation: &Situation, first: Option<usize>) -> Result<Verdict> {
        AlternatingOffers { first }.solve(self, situation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_its_solvers() {
        for c in Concept::ALL {
            assert_eq!(c.solver().name(), c.name());
            assert_eq!(c.name().parse::<Concept>(), Ok(c));
        }
    }
}
