//! Monte Carlo leverage sweeps: draw every leverage variable from its distribution,
//! solve each draw, summarise how the agreement moves.
//!
//! Sample `j` draws, in this fixed order, every leverage variable in file order (a
//! variable pinned by [`SweepOptions::settings`] or varied by [`SweepOptions::vary`] is
//! drawn too and then overwritten, so pinning one variable does not change the others'
//! draws), then, with [`SweepOptions::weight_noise`], the weights of every seated actor
//! in file order, issue by issue. Its generator is ChaCha8 seeded with the sweep's seed
//! on stream `j` and nothing else, so results are byte-identical whatever the thread
//! count, and the first N samples of a sweep of 2N are the samples of a sweep of N.
//! With `vary`, draw `j` is repeated at every grid value (common random numbers: the
//! curves against the varied variable move only because that variable moves).
//!
//! With fixed preferences the Pareto frontier of the discrete issues is computed once
//! ([`Engine::prepare`]) and every sample is solved on it; a concept whose objective
//! has the log-product [`Shape`] (Nash, or a researcher's own) gets a bounded,
//! allocation-free scan of it. Weight noise changes the frontier, so each sample then
//! builds its own engine (the slow path). Any [`SolutionConcept`] can be swept
//! ([`run_concept`]).
//!
//! Because sample `j` depends on nothing but the seed and `j`, a sweep splits into
//! shards ([`ShardSpec`], [`run_shard`]) that other processes or machines run, and
//! [`merge`] gives back the whole sweep exactly; a run saving a [`Checkpoint`]
//! continues after a kill ([`run_resumable`]). The shard file's layout is documented
//! on [`Shard`]'s module, `sweep::shard` (see [`FORMAT_VERSION`]).
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! use detente::sweep::{self, SweepOptions};
//! let json = r#"{"name": "lev", "issues": [{"id": "share", "range": [0, 1]}],
//!   "actors": [
//!     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
//!     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}],
//!   "leverage": [{"id": "support", "distribution": {"uniform": [0, 1]},
//!     "effects": [{"actor": "a", "disagreement": 0.4}]}]}"#;
//! let scenario = detente::Scenario::from_json(json, "lev")?;
//! let options = SweepOptions { samples: 2000, seed: 7, ..SweepOptions::default() };
//! let result = sweep::run(&scenario, &options)?;
//! // a's share is 0.5 + 0.2 * support with support ~ U(0, 1): its mean is 0.6.
//! let share = result.summary().overall.issues[0].mean().unwrap_or(f64::NAN);
//! assert!((share - 0.6).abs() < 0.01);
//! # Ok(()) }
//! ```

mod drive;
mod grid;
mod plan;
mod prepare;
mod rng;
mod sampler;
mod samples;
mod sensitivity;
mod shard;
mod summary;

pub use grid::{Grid, MAX_STEPS};
pub use plan::SweepPlan;
pub use prepare::{Preparation, Prepare, Strategy, MIN_CAP};
pub(crate) use rng::sample_rng;
pub use samples::Samples;
pub use sensitivity::Sensitivity;
pub use shard::{
    check_shards, merge, merge_files, merge_with, run_resumable, run_shard, Checkpoint, Merged,
    Shard, ShardHeader, ShardSpec, SweepFlags, FORMAT_VERSION,
};
pub use summary::{quantile, ActorStats, IssueStats, Stats, SweepSummary};

use crate::concept::{Concept, SolutionConcept};
use crate::error::Result;
#[cfg(doc)]
use crate::error::SearchError;
use crate::scenario::Scenario;
use crate::search::SearchOptions;
#[cfg(doc)]
use crate::search::{Engine, Shape};

/// What a sweep draws and solves.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepOptions {
    /// Draws (per grid value with [`SweepOptions::vary`]); at least 1.
    pub samples: u64,
    /// Seed of every sample's generator.
    pub seed: u64,
    /// The built-in solution concept solved for each sample by [`run`]
    /// ([`run_concept`] takes any concept instead).
    pub concept: Concept,
    /// Vary one leverage variable over a grid, drawing `samples` at each value.
    pub vary: Option<Grid>,
    /// Dirichlet concentration K > 0 of the noise on every seated actor's weights
    /// (larger is closer to the stated weights); `None` keeps the weights fixed.
    pub weight_noise: Option<f64>,
    /// Leverage variables pinned to a value in every sample (`--set ID=VALUE`).
    pub settings: Vec<(String, f64)>,
    /// Limits: `max_seconds` bounds the whole sweep, `max_nodes` the samples plus
    /// the cells solved exactly; both also bound each search.
    pub search: SearchOptions,
    /// Whether the samples share a frontier prepared once or each search on their
    /// own; [`Prepare::Auto`] chooses by measured cost. The answers are the same.
    pub preparation: Prepare,
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            samples: 1000,
            seed: 0,
            concept: Concept::Nash,
            vary: None,
            weight_noise: None,
            settings: Vec::new(),
            search: SearchOptions::default(),
            preparation: Prepare::Auto,
        }
    }
}

impl SweepOptions {
    /// Check the options against the scenario.
    ///
    /// # Errors
    /// As [`SweepOptions::plan`].
    pub fn validate(&self, scenario: &Scenario) -> Result<()> {
        self.plan(scenario).map(drop)
    }

    /// Total number of samples: `samples` times the grid's steps.
    pub fn total(&self) -> u64 {
        let steps = self.vary.as_ref().map_or(1, |g| g.steps as u64);
        self.samples.saturating_mul(steps)
    }
}

/// A finished sweep: every sample and the summary.
#[derive(Debug, Clone)]
pub struct Sweep {
    samples: Samples,
    summary: SweepSummary,
    preparation: Option<Preparation>,
}

impl Sweep {
    /// Every sample in index order (grid value slowest).
    pub fn samples(&self) -> &Samples {
        &self.samples
    }

    /// The summary (`sweep --json`).
    pub fn summary(&self) -> &SweepSummary {
        &self.summary
    }

    /// How the samples shared their work (`sweep --verbose`); `None` for a sweep
    /// merged from shards.
    pub fn preparation(&self) -> Option<&Preparation> {
        self.preparation.as_ref()
    }
}

/// Run a sweep of the built-in concept [`SweepOptions::concept`].
///
/// # Errors
/// As [`SweepOptions::validate`]; [`SweepError::Stopped`](crate::error::SweepError::Stopped)
/// when a node or time limit of [`SweepOptions::search`] stops it (in the preparation
/// or in any sample); [`SearchError::Memory`] when the samples' table or the frontier
/// it would prepare does not fit the memory limit; a solver's error for a sample.
pub fn run(scenario: &Scenario, options: &SweepOptions) -> Result<Sweep> {
    run_concept(scenario, options.concept.solver(), options, &|_| {})
}

/// [`run`], calling `progress(n)` each time `n` more samples are done (from any
/// thread; for a progress bar).
///
/// # Errors
/// As [`run`].
pub fn run_with_progress(
    scenario: &Scenario,
    options: &SweepOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Sweep> {
    run_concept(scenario, options.concept.solver(), options, progress)
}

/// A sweep of any solution concept (`options.concept` is not used): every sample is
/// solved by `concept`, or, when its [`SolutionConcept::objective`] has the
/// log-product [`Shape`], by the sweep's bounded scan for that objective (the same
/// answer).
///
/// # Errors
/// As [`run`].
pub fn run_concept(
    scenario: &Scenario,
    concept: &dyn SolutionConcept,
    options: &SweepOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Sweep> {
    let (samples, preparation) = drive::drive(
        scenario,
        concept,
        options,
        drive::Job {
            range: 0..options.total(),
            done: Samples::new(scenario, 0),
            sink: None,
            progress,
        },
    )?;
    let summary = SweepSummary::new(scenario, concept.name(), options, &samples);
    Ok(Sweep {
        samples,
        summary,
        preparation: Some(preparation),
    })
}

#[cfg(test)]
mod tests;
