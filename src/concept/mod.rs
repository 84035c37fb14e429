//! Solution concepts: which agreement a bargaining problem selects.
//!
//! All concepts choose among the feasible outcomes (no red line of a seated actor
//! crossed) that are individually rational for every seated actor (u_i > d_i), and break
//! ties by the Nash objective, then by the first outcome in enumeration order.
//!
//! | concept | chooses |
//! | --- | --- |
//! | [`Concept::Nash`] | max of sum_i alpha_i ln(u_i - d_i) |
//! | [`Concept::Kalai`] | max of min_i (u_i - d_i) / (ideal_i - d_i) |
//! | [`Concept::Egalitarian`] | max of min_i (u_i - d_i) |
//! | [`Concept::Utilitarian`] | max of sum_i u_i |
//! | [`Concept::Offers`] | the stationary alternating-offers agreement |

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

pub use offers::{OffersSolution, Proposal, NOISE, STOP};
pub use verdict::{Agreement, NoDeal, Verdict};

use crate::error::{Problem, Result};
use crate::scenario::Situation;
use crate::search::Engine;

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

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Concept::Nash => "nash",
            Concept::Kalai => "kalai",
            Concept::Egalitarian => "egalitarian",
            Concept::Utilitarian => "utilitarian",
            Concept::Offers => "offers",
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
        match concept {
            Concept::Nash => nash::solve(self, situation),
            Concept::Kalai => kalai::solve(self, situation),
            Concept::Egalitarian => egalitarian::solve(self, situation),
            Concept::Utilitarian => utilitarian::solve(self, situation),
            Concept::Offers => self.solve_offers(situation, None),
        }
    }

    /// Alternating offers with `first` (an actor index) proposing first; the first
    /// seated actor when `None`. The verdict of [`Engine::alternating_offers`], which
    /// also gives every proposer's offer and the continuation values.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) when `first` is not a seated actor;
    /// [`OffersError`](crate::error::OffersError) when no stationary agreement is found.
    pub fn solve_offers(&self, situation: &Situation, first: Option<usize>) -> Result<Verdict> {
        self.alternating_offers(situation, first).map(|s| s.verdict)
    }
}
