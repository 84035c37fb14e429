//! # detente
//!
//! `detente` models the parties to a negotiation as actors with utilities over the
//! issues on the table (additive, plus interaction terms and package red lines that
//! link issues), and finds the bargaining outcomes exactly: Nash
//! (symmetric and asymmetric), Kalai–Smorodinsky, egalitarian, utilitarian, the Pareto
//! frontier and the alternating-offers agreement. Leverage variables outside the table
//! move disagreement points, powers and patience, and Monte Carlo leverage sweeps show
//! how the agreement moves with them, reproducibly and in parallel.
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! use detente::{Concept, Engine, Scenario};
//!
//! let json = r#"{
//!   "name": "split-the-surplus",
//!   "issues": [{ "id": "share", "range": [0.0, 1.0] }],
//!   "actors": [
//!     { "id": "a", "weights": { "share": 1 },
//!       "values": { "share": { "points": [[0, 0], [1, 1]] } } },
//!     { "id": "b", "weights": { "share": 1 }, "disagreement": 0.2,
//!       "values": { "share": { "points": [[0, 1], [1, 0]] } } }
//!   ]
//! }"#;
//! let scenario = Scenario::from_json(json, "inline")?;
//! let verdict = Engine::new(&scenario).solve(Concept::Nash, &scenario.status_quo_situation())?;
//! // b's outside option of 0.2 comes off the top; the rest is split evenly.
//! let share = verdict.value(0).and_then(|v| v.as_number()).unwrap_or(f64::NAN);
//! assert!((share - 0.4).abs() < 1e-9);
//! # Ok(()) }
//! ```
//!
//! ## Map
//! - [`scenario`]: the file format, validation, scenarios built in code
//!   ([`Scenario::builder`]) and written back ([`Scenario::save`]), leverage and its
//!   effects ([`Scenario`], [`Situation`], [`scenario::Effect`]).
//! - [`space`] and [`utility`]: issues, outcomes, actors, value curves, red lines
//!   (one-issue, package and gated), interaction terms.
//! - [`search`]: the exact parallel search ([`Engine`]): discrete Pareto frontier built
//!   issue by issue, continuous issues solved cell by cell.
//! - [`search`]'s [`Objective`] and [`Engine::maximise`]: the one constrained
//!   maximisation every concept is built on, open to objectives of one's own.
//! - [`concept`]: the solution concepts ([`SolutionConcept`], the built-ins [`Nash`],
//!   [`KalaiSmorodinsky`], [`Egalitarian`], [`Utilitarian`], [`AlternatingOffers`],
//!   the command line's names [`Concept`], the answer [`Verdict`]).
//! - [`negotiate`]: agents negotiating under stacked alternating offers, built-in
//!   strategies and agents of one's own ([`negotiate::Agent`]), runs measured against
//!   the exact Nash agreement and Pareto frontier, tournaments of strategies
//!   ([`negotiate::Tournament`]).
//! - [`sweep`]: Monte Carlo leverage sweeps, reproducible and parallel ([`sweep::run`]),
//!   split into shards for other processes or machines and merged exactly
//!   ([`sweep::run_shard`], [`sweep::merge`]), resumable from a checkpoint.
//! - [`sensitivity`]: global sensitivity of the agreement to any judged number of the
//!   file (Morris elementary effects, Sobol indices with bootstrap intervals).
//! - [`report`]: JSON and text output in the contract's format.
//! - [`import`]: scenarios from Genius, GeniusWeb and KTAB files (CONTRACT §5), and
//!   [`export`] back to Genius.

// No unsafe code, here or in any module (also set in Cargo.toml's [lints] table, which
// a build outside Cargo would not see).
#![forbid(unsafe_code)]

pub mod concept;
pub mod error;
pub mod export;
pub mod import;
pub mod negotiate;
pub mod report;
pub mod scenario;
pub mod search;
pub mod sensitivity;
pub mod space;
pub mod sweep;
pub mod utility;

pub use concept::{
    Agreement, AlternatingOffers, Concept, Egalitarian, KalaiSmorodinsky, Nash, NoDeal,
    OffersSolution, Proposal, SolutionConcept, Utilitarian, Verdict,
};
pub use error::{Error, FieldPath, Problem, Result};
pub use scenario::{Leverage, LeverageDist, Scenario, Situation};
pub use search::{Engine, FrontierPoint, Objective, Optimum, SearchOptions};
pub use space::{Domain, Issue, Value};
pub use utility::Actor;

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<crate::Scenario>();
        assert_send_sync::<crate::Engine<'static>>();
        assert_send_sync::<crate::Verdict>();
        assert_send_sync::<crate::Error>();
        assert_send_sync::<crate::negotiate::Negotiation<'static>>();
        assert_send_sync::<crate::negotiate::Run>();
        assert_send_sync::<crate::negotiate::Tournament>();
        assert_send_sync::<crate::negotiate::Standings>();
    }
}
