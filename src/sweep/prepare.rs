//! How a sweep shares work between its samples: one Pareto frontier prepared for all
//! of them, or a search per sample, chosen by measured cost.
//!
//! With fixed preferences the frontier of the discrete issues does not depend on the
//! leverage, so preparing it once turns every sample into a scan. That pays while the
//! frontier is small; with many opposed actors it explodes (millions of points) while
//! a single bounded search stays fast. The sweep therefore solves the status quo once
//! to measure what a search costs (S nodes), then builds the frontier under a cap of a
//! quarter of what the samples' own searches would cost (N S / 4 nodes, at least
//! [`MIN_CAP`]); past the cap it keeps the searches. Either way every sample gets the
//! exact answer; only the time differs, and the preparation it may waste is bounded by
//! a quarter of the per-sample work.

use serde::Serialize;

use crate::concept::SolutionConcept;
use crate::error::{Error, Result, SearchError};
use crate::scenario::Scenario;
use crate::search::{Engine, SearchOptions};

/// Nodes the frontier may always take, however cheap a single search is: a few
/// milliseconds of work, so that small sweeps of small scenarios still scan.
pub const MIN_CAP: u64 = 1 << 20;

/// How a sweep is to share work between its samples ([`SweepOptions::preparation`](super::SweepOptions::preparation)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Prepare {
    /// Prepare the frontier when it costs less than a quarter of the samples'
    /// searches (the module docs say how that is measured).
    #[default]
    Auto,
    /// Always prepare the frontier (however long it takes, within the limits).
    Frontier,
    /// Never: every sample searches on its own.
    PerSample,
}

/// What a sweep chose, and the measurements it chose by (the `--verbose` line).
///
/// ```
/// use detente::sweep::{Preparation, Strategy};
/// let p = Preparation { strategy: Strategy::Frontier, points: 357, solve_nodes: 4000,
///                       frontier_nodes: 90_000, cap: 1_000_000 };
/// assert!(p.to_string().starts_with("frontier prepared once: 357 points"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Preparation {
    /// What the samples do.
    pub strategy: Strategy,
    /// Points of the prepared frontier (0 without one).
    pub points: usize,
    /// Nodes of the measuring search at the status quo (0 when none was run).
    pub solve_nodes: u64,
    /// Nodes spent on the frontier (in full, or until it was given up).
    pub frontier_nodes: u64,
    /// The frontier's cap in nodes (0 when none applied).
    pub cap: u64,
}

/// What each sample of a sweep does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Scan the frontier prepared once.
    Frontier,
    /// Search on its own: the frontier would cost more than the searches it saves.
    PerSample,
    /// Build its own engine: weight noise changes every actor's utilities.
    WeightNoise,
}

impl std::fmt::Display for Preparation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.strategy {
            Strategy::Frontier => write!(
                f,
                "frontier prepared once: {} points in {} nodes (cap {}; a search at the status quo: {} nodes); each sample scans it",
                self.points, self.frontier_nodes, self.cap, self.solve_nodes
            ),
            Strategy::PerSample if self.cap == 0 => {
                write!(f, "a search per sample (asked for)")
            }
            Strategy::PerSample => write!(
                f,
                "a search per sample: the frontier passed its cap of {} nodes (a quarter of the samples' searches at {} nodes each)",
                self.cap, self.solve_nodes
            ),
            Strategy::WeightNoise => {
                write!(f, "an engine per sample: weight noise changes the utilities")
            }
        }
    }
}

/// The engine every sample of a sweep of `len` samples shares, prepared or not as
/// `prepare` and the measured costs decide.
///
/// # Errors
/// A [`SearchError::Budget`] or [`SearchError::Memory`] when the sweep's own limits
/// stop the measuring search or the frontier.
pub(super) fn engine<'a>(
    scenario: &'a Scenario,
    concept: &dyn SolutionConcept,
    prepare: Prepare,
    search: SearchOptions,
    len: u64,
) -> Result<(Engine<'a>, Preparation)> {
    let mut engine = Engine::with_options(scenario, search);
    let mut preparation = Preparation {
        strategy: Strategy::PerSample,
        points: 0,
        solve_nodes: 0,
        frontier_nodes: 0,
        cap: 0,
    };
    match prepare {
        Prepare::PerSample => {}
        Prepare::Frontier => {
            engine.prepare()?;
            preparation.strategy = Strategy::Frontier;
        }
        Prepare::Auto => {
            preparation.solve_nodes = search_cost(scenario, concept, search)?;
            preparation.cap = len
                .saturating_mul(preparation.solve_nodes)
                .div_ceil(4)
                .max(MIN_CAP);
            if engine.prepare_within(preparation.cap)? {
                preparation.strategy = Strategy::Frontier;
            }
            preparation.frontier_nodes = engine.nodes_spent();
        }
    }
    preparation.points = engine.prepared_len();
    Ok((engine, preparation))
}

/// Nodes of one search for `concept` at the status quo, on an engine of its own
/// (nodes are counted only under a limit, so it gets one that never binds).
fn search_cost(
    scenario: &Scenario,
    concept: &dyn SolutionConcept,
    search: SearchOptions,
) -> Result<u64> {
    let counting = SearchOptions {
        max_nodes: Some(search.max_nodes.unwrap_or(u64::MAX / 4)),
        ..search
    };
    let engine = Engine::with_options(scenario, counting);
    match concept.solve(&engine, &scenario.status_quo_situation()) {
        // The sweep's own time limit: it stops the sweep.
        Err(e @ Error::Search(SearchError::Budget { .. })) if search.max_nodes.is_none() => Err(e),
        // Anything else (a node limit reached, a solver's error at the status quo)
        // leaves the samples to meet it; what was spent is the measure.
        _ => Ok(engine.nodes_spent().max(1)),
    }
}
