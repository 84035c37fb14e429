//! Global sensitivity: which judged numbers drive the agreement, and by how much.
//!
//! Every number in a scenario is a judgement. A sensitivity analysis draws chosen
//! numbers ([`Param`]: a leverage variable's level or any numeric field of the file,
//! with a distribution) and solves the scenario exactly at every draw, then measures how
//! much of each output's movement each parameter accounts for:
//! - [`morris`]: elementary effects (mu*, mu, sigma) on r trajectories, a cheap screen;
//! - [`sobol`]: first-order and total Sobol indices (Saltelli 2010 design and
//!   estimator, Jansen total), with bootstrap intervals ([`Bootstrap`]).
//!
//! Both estimators take any model (a closure from parameter values to outputs), so they
//! are checked on closed forms; [`ScenarioModel`] is a scenario as such a model and
//! [`run`] puts the two together. Draws, trajectories and bootstrap replicates each use
//! ChaCha8 on the run's seed and their own stream, run in parallel and are collected
//! in order: the same bytes on any thread count.
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! use detente::sensitivity::{self, Method, Param, SensitivityOptions};
//! // Split the surplus under Nash: a's share is (1 + d_a - d_b) / 2.
//! let json = r#"{"name": "pie", "issues": [{"id": "share", "range": [0, 1]}],
//!   "actors": [
//!     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
//!     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
//! let scenario = detente::Scenario::from_json(json, "pie.json")?;
//! let params = Param::parse_list("actors[a].disagreement=0:0.2;actors[b].disagreement=0:0.1", &scenario)?;
//! let options = SensitivityOptions { method: Method::Morris, samples: 8, ..SensitivityOptions::default() };
//! let analysis = sensitivity::run(&scenario, &params, &options)?;
//! let share = analysis.outputs.iter().position(|o| o == "share").unwrap_or(0);
//! let Some(m) = analysis.morris() else { unreachable!("a Morris run") };
//! // The share moves by half of each range: mu* = 0.1 and 0.05.
//! assert!((m.indices[share][0].mu_star.value - 0.1).abs() < 1e-6);
//! assert!((m.indices[share][1].mu_star.value - 0.05).abs() < 1e-6);
//! # Ok(()) }
//! ```

mod bootstrap;
mod dist;
mod model;
mod morris;
mod params;
mod sobol;

pub use bootstrap::{Bootstrap, Estimate};
pub use dist::{Dist, NORMAL_TAIL};
pub use model::ScenarioModel;
pub use morris::{morris, MorrisIndex, MorrisIndices, MorrisOptions};
pub use params::Param;
pub use sobol::{sobol, SobolIndices, SobolOptions, MIN_SOBOL_SAMPLES};

use crate::concept::Concept;
use crate::error::{Error, Input, Problem, Result, SearchError, SweepError};
use crate::scenario::Scenario;
use crate::search::{Budget, SearchOptions};

/// The estimator of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Morris elementary effects.
    Morris,
    /// Sobol first-order and total indices.
    Sobol,
}

impl Method {
    /// The command line's name.
    pub fn name(self) -> &'static str {
        match self {
            Method::Morris => "morris",
            Method::Sobol => "sobol",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Problem> {
        match s {
            "morris" => Ok(Method::Morris),
            "sobol" => Ok(Method::Sobol),
            other => Err(Problem::Unknown {
                kind: "method (expected morris or sobol)",
                id: other.to_string(),
            }),
        }
    }
}

/// What a run computes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SensitivityOptions {
    /// Morris or Sobol.
    pub method: Method,
    /// Sobol: base rows N (N (k + 2) solves); Morris: trajectories r (r (k + 1) solves).
    pub samples: usize,
    /// Seed of the design and of the bootstrap.
    pub seed: u64,
    /// The concept solved at every point.
    pub concept: Concept,
    /// Morris grid levels p (even).
    pub levels: usize,
    /// The confidence intervals.
    pub bootstrap: Bootstrap,
    /// Limits on the run: `max_nodes` counts exact solves (the design's and the range
    /// checks'), `max_seconds` and `deadline` bound the whole run, every search in it
    /// included, and `max_memory` each search. A run that hits one stops with
    /// [`SweepError::SensitivityStopped`].
    pub search: SearchOptions,
}

impl Default for SensitivityOptions {
    fn default() -> Self {
        SensitivityOptions {
            method: Method::Sobol,
            samples: 1000,
            seed: 0,
            concept: Concept::Nash,
            levels: 4,
            bootstrap: Bootstrap::default(),
            search: SearchOptions::default(),
        }
    }
}

impl SensitivityOptions {
    /// Solves a run of `k` parameters takes: the design's and 2 k range checks.
    pub fn solves(&self, k: usize) -> u64 {
        let design = match self.method {
            Method::Morris => self.samples.saturating_mul(k + 1),
            Method::Sobol => self.samples.saturating_mul(k + 2),
        };
        design.saturating_add(2 * k) as u64
    }
}

/// The indices of a run.
#[derive(Debug, Clone, PartialEq)]
pub enum Indices {
    /// Morris statistics.
    Morris(MorrisIndices),
    /// Sobol indices.
    Sobol(SobolIndices),
}

/// A finished analysis: the parameters, the outputs' names and the indices
/// (`[output][parameter]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The parameters, in the order given.
    pub params: Vec<Param>,
    /// The outputs' names (see [`ScenarioModel`]).
    pub outputs: Vec<String>,
    /// The options of the run.
    pub options: SensitivityOptions,
    /// The indices.
    pub indices: Indices,
}

impl Analysis {
    /// The Morris statistics, for a Morris run.
    pub fn morris(&self) -> Option<&MorrisIndices> {
        match &self.indices {
            Indices::Morris(m) => Some(m),
            Indices::Sobol(_) => None,
        }
    }

    /// The Sobol indices, for a Sobol run.
    pub fn sobol(&self) -> Option<&SobolIndices> {
        match &self.indices {
            Indices::Sobol(s) => Some(s),
            Indices::Morris(_) => None,
        }
    }

    /// Model evaluations (exact solves) of the run, range checks not counted.
    pub fn evaluations(&self) -> usize {
        match &self.indices {
            Indices::Morris(m) => m.evaluations,
            Indices::Sobol(s) => s.evaluations,
        }
    }
}

/// Analyse `scenario` over `params` (see the [module docs](self)).
///
/// # Errors
/// An [`InputError`](crate::error::InputError) about [`Input::Parameter`] for no
/// parameters or a range that breaks a rule at one of its ends (checked before the run),
/// or values that break a rule together (during it); as [`sobol`] and [`morris`] for
/// the design's size; [`Input::MaxSeconds`] or [`Input::MaxMemory`] for a bad limit
/// (as [`SearchOptions::validate`]); [`SweepError::SensitivityStopped`] when a limit of
/// [`SensitivityOptions::search`] stops the run; a solver's error.
pub fn run(
    scenario: &Scenario,
    params: &[Param],
    options: &SensitivityOptions,
) -> Result<Analysis> {
    let in_file = |e: Error| match e {
        Error::Input(i) if i.file.is_none() => Error::Input(i.in_file(scenario.source())),
        other => other,
    };
    if params.is_empty() {
        return Err(Error::input(
            scenario.source(),
            Input::Parameter(String::new()),
            Problem::Other(
                "no parameters: the scenario has no leverage variable that varies".into(),
            ),
        ));
    }
    options
        .search
        .validate()
        .map_err(|e| e.in_file(scenario.source()))?;
    let search = options.search.from_now();
    let budget = Budget::new(search);
    let per_search = SearchOptions {
        max_nodes: None,
        ..search
    };
    let model = ScenarioModel::new(scenario, params, options.concept)?.with_search(per_search);
    let dists: Vec<Dist> = params.iter().map(Param::dist).collect();
    let outputs = model.output_names();
    let stopped = || {
        Error::sensitivity_stopped(
            options.method.name(),
            budget.nodes(),
            options.solves(params.len()),
            budget.seconds(),
        )
    };
    // One node per exact solve; the time limit is also checked inside each search.
    let f = |x: &[f64]| {
        if budget.spend(1) {
            model.evaluate(x)
        } else {
            Err(stopped())
        }
    };
    let over_budget = |e: Error| match e {
        Error::Sweep(SweepError::SensitivityStopped { .. }) => stopped(),
        Error::Search(SearchError::Budget { .. }) if budget.limited() => stopped(),
        other => in_file(other),
    };
    let morris_options = MorrisOptions {
        trajectories: options.samples,
        levels: options.levels,
        seed: options.seed,
        bootstrap: options.bootstrap,
    };
    let sobol_options = SobolOptions {
        samples: options.samples,
        seed: options.seed,
        bootstrap: options.bootstrap,
    };
    match options.method {
        Method::Morris => morris::check(&morris_options),
        Method::Sobol => sobol::check(&sobol_options),
    }
    .map_err(in_file)?;
    if !budget.spend(2 * params.len() as u64) {
        return Err(stopped());
    }
    model.check_ranges().map_err(over_budget)?;
    let n = outputs.len();
    let indices = match options.method {
        Method::Morris => {
            Indices::Morris(morris(&dists, n, &morris_options, f).map_err(over_budget)?)
        }
        Method::Sobol => Indices::Sobol(sobol(&dists, n, &sobol_options, f).map_err(over_budget)?),
    };
    Ok(Analysis {
        params: params.to_vec(),
        outputs,
        options: *options,
        indices,
    })
}
