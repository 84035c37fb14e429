//! Agents negotiating under a protocol (contract §4): stacked alternating offers among
//! the seated actors, a deadline in steps, built-in strategies and agents of one's own,
//! every run measured against the exact Nash agreement and Pareto frontier.
//!
//! ```text
//! order    the seated actors in file order, rotated so that `first` takes step 0;
//!          step s belongs to order[s mod n], s = 0 .. T-1
//! step 0   propose: the standing offer
//! step s   accept the standing offer, or propose (a new standing offer)
//! deal     when the n - 1 actors after the proposer have accepted in turn
//! no deal  after step T - 1, or when nothing is feasible: everyone gets d_i
//! ```
//!
//! Continuous issues are negotiated on a grid of `resolution` values; that gridded set
//! is the whole outcome set: the best utilities M_i, the `nash` agent's proposal and
//! both distances are taken over it.
//!
//! A [`Tournament`] plays every assignment of a list of strategies to the seated
//! actors, each seated actor moving first in turn, and reports each strategy's means
//! ([`Standings`]).
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! use detente::negotiate::{Negotiation, NegotiationOptions, Strategy};
//! use detente::Scenario;
//!
//! let scenario = Scenario::from_json(r#"{"name": "pie",
//!   "issues": [{"id": "share", "range": [0, 1]}],
//!   "actors": [
//!     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
//!     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#,
//!   "pie")?;
//! let options = NegotiationOptions { deadline: 10, ..NegotiationOptions::default() };
//! let negotiation = Negotiation::new(&scenario, &scenario.status_quo(), options)?;
//! let run = negotiation.run_strategies(&[Strategy::Nash, Strategy::Nash], None)?;
//! // Both ask for the Nash point, a half each: b accepts a's opening offer at step 1.
//! assert_eq!(run.step, Some(1));
//! assert_eq!(run.agreement.as_ref().map(|a| a.utilities.clone()), Some(vec![0.5, 0.5]));
//! assert_eq!(run.nash_distance, Some(0.0));
//! # Ok(()) }
//! ```

mod agent;
mod grid;
mod ladder;
#[cfg(test)]
mod ladder_tests;
mod lineup;
mod protocol;
mod standings;
mod strategy;
mod tournament;

pub use agent::{Action, Agent, Move, View};
pub use lineup::Lineup;
pub use protocol::Run;
pub use standings::{Standings, StrategyStats, TournamentRun};
pub use strategy::Strategy;
pub use tournament::{Tournament, MAX_RUNS, MAX_STEPS};

use crate::concept::{Agreement, Concept};
use crate::error::{Error, Input, InputError, Problem, Result};
use crate::scenario::{Scenario, Situation};
use crate::search::{Budget, Engine, SearchOptions};
use crate::space::Value;
use grid::Grid;
use ladder::Ladder;

/// How a negotiation is run: the deadline, the grid of continuous issues and the
/// search limits of the exact answers it is measured against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NegotiationOptions {
    /// The number of steps T (at least 1; default 100).
    pub deadline: usize,
    /// Values per continuous issue's range, ends included (2 to 100,000; default 11).
    pub resolution: usize,
    /// Limits for the Nash agreement, the frontier and the offer search.
    pub search: SearchOptions,
}

impl Default for NegotiationOptions {
    fn default() -> Self {
        NegotiationOptions {
            deadline: 100,
            resolution: 11,
            search: SearchOptions::default(),
        }
    }
}

impl NegotiationOptions {
    /// The largest resolution, as for `detente frontier`: the grid of every continuous
    /// issue is listed before any search budget applies, so a larger one could exhaust
    /// memory before `max_memory` is consulted.
    pub const MAX_RESOLUTION: usize = 100_000;

    /// Check the options.
    ///
    /// # Errors
    /// [`InputError`] about [`Input::Deadline`] below 1 or [`Input::Resolution`] outside
    /// 2 ..= [`MAX_RESOLUTION`](Self::MAX_RESOLUTION), or as [`SearchOptions::validate`].
    pub fn validate(&self) -> Result<(), InputError> {
        if self.deadline < 1 {
            let problem = Problem::OutOfRange {
                value: self.deadline as f64,
                allowed: "[1, inf)",
            };
            return Err(InputError::new(Input::Deadline, problem));
        }
        if !(2..=Self::MAX_RESOLUTION).contains(&self.resolution) {
            let problem = Problem::OutOfRange {
                value: self.resolution as f64,
                allowed: "[2, 100000]",
            };
            return Err(InputError::new(Input::Resolution, problem));
        }
        self.search.validate()
    }
}

/// A scenario ready to be negotiated at given leverage levels: the gridded outcome
/// set, each seated actor's utilities over it ready for the strategies' questions,
/// and the exact yardsticks (the Nash agreement, the Pareto frontier). Many runs
/// (a tournament) share one.
#[derive(Debug)]
pub struct Negotiation<'s> {
    scenario: &'s Scenario,
    levels: Vec<f64>,
    situation: Situation,
    options: NegotiationOptions,
    grid: Grid,
    /// Per actor (file order): a seated actor's utilities over the feasible set;
    /// `None` for an unseated one, and for everyone when nothing is feasible.
    seats: Vec<Option<Seat>>,
    nash: Option<Agreement>,
    /// The seated actors' utilities at each Pareto-optimal feasible outcome.
    frontier: Vec<Vec<f64>>,
}

impl<'s> Negotiation<'s> {
    /// Prepare `scenario` at leverage `levels` (one per variable, file order; see
    /// [`Scenario::levels_with`]).
    ///
    /// # Errors
    /// Invalid options or levels; [`SearchError`](crate::error::SearchError) when the
    /// Nash agreement, the frontier or the offer search exceed the search limits.
    pub fn new(
        scenario: &'s Scenario,
        levels: &[f64],
        options: NegotiationOptions,
    ) -> Result<Self> {
        options
            .validate()
            .map_err(|e| Error::from(e.in_file(scenario.source())))?;
        let situation = scenario.situation(levels)?;
        let grid = Grid::new(scenario, options.resolution);
        let budget = Budget::new(options.search);
        let seated = scenario.seated();
        let mut seats: Vec<Option<Seat>> = vec![None; scenario.actors().len()];
        for &i in &seated {
            match Ladder::new(&grid.discrete, i, levels, &budget)? {
                Some(ladder) => {
                    let best_outcome = grid.original(&ladder.best_outcome());
                    seats[i] = Some(Seat {
                        best: ladder.best(),
                        best_outcome,
                        ladder,
                    });
                }
                None => {
                    seats.iter_mut().for_each(|l| *l = None);
                    break;
                }
            }
        }
        let engine = Engine::with_options(&grid.discrete, options.search);
        let nash = engine
            .solve(Concept::Nash, &situation)?
            .agreement()
            .map(|a| Agreement::computed(scenario, &situation, grid.original(&a.outcome)));
        let frontier = Engine::frontier_at(&grid.discrete, levels, 2, options.search)?
            .into_iter()
            .map(|p| seated.iter().map(|&i| p.utilities[i]).collect())
            .collect();
        Ok(Negotiation {
            scenario,
            levels: levels.to_vec(),
            situation,
            options,
            grid,
            seats,
            nash,
            frontier,
        })
    }

    /// The scenario negotiated.
    pub fn scenario(&self) -> &'s Scenario {
        self.scenario
    }

    /// The leverage levels in force.
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }

    /// The bargaining parameters at those levels (d_i, alpha_i, delta_i).
    pub fn situation(&self) -> &Situation {
        &self.situation
    }

    /// The number of steps T.
    pub fn deadline(&self) -> usize {
        self.options.deadline
    }

    /// The options the negotiation was prepared with.
    pub fn options(&self) -> NegotiationOptions {
        self.options
    }

    /// The Nash agreement over the gridded outcome set (`None` without an individually
    /// rational feasible outcome).
    pub fn nash(&self) -> Option<&Agreement> {
        self.nash.as_ref()
    }

    /// The seated actors' utilities at each Pareto-optimal feasible outcome of the
    /// gridded set, in enumeration order.
    pub fn frontier(&self) -> &[Vec<f64>] {
        &self.frontier
    }

    /// Whether anything is feasible.
    pub fn has_outcomes(&self) -> bool {
        self.seats.iter().any(Option::is_some)
    }

    /// The values issue `k` may take: its options, or its grid if continuous.
    pub fn values(&self, k: usize) -> &[Value] {
        self.grid.values(k)
    }

    /// Whether an outcome is on the grid and crosses no seated actor's red line in
    /// force.
    pub fn is_feasible(&self, outcome: &[Value]) -> bool {
        self.grid.gridded(outcome).is_some()
            && !self
                .scenario
                .actors()
                .iter()
                .filter(|a| a.seated())
                .any(|a| a.vetoes(outcome, &self.levels))
    }

    fn seat(&self, actor: usize) -> Option<&Seat> {
        self.seats.get(actor).and_then(Option::as_ref)
    }

    /// M_i (-inf when nothing is feasible or `actor` is not seated).
    fn best(&self, actor: usize) -> f64 {
        self.seat(actor).map_or(f64::NEG_INFINITY, |s| s.best)
    }

    fn best_outcome(&self, actor: usize) -> Vec<Value> {
        self.seat(actor)
            .map_or_else(Vec::new, |s| s.best_outcome.clone())
    }

    fn lowest_at_least(&self, actor: usize, tau: f64) -> Option<Vec<Value>> {
        let found = self.seat(actor)?.ladder.lowest_at_least(tau)?;
        Some(self.grid.original(&found))
    }
}

/// A seated actor's utilities over the feasible set, and its best.
#[derive(Debug, Clone)]
struct Seat {
    ladder: Ladder,
    /// M_i.
    best: f64,
    /// The first best outcome in enumeration order.
    best_outcome: Vec<Value>,
}
