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

mod grid;
mod plan;
mod rng;
mod samples;
mod sensitivity;
mod summary;

use std::sync::atomic::{AtomicBool, Ordering};

use rand::Rng;
use rand_distr::{Distribution, Gamma};
use rayon::prelude::*;

pub use grid::{Grid, MAX_STEPS};
pub use plan::SweepPlan;
pub(crate) use rng::sample_rng;
pub use samples::Samples;
pub use sensitivity::Sensitivity;
pub use summary::{quantile, ActorStats, IssueStats, Stats, SweepSummary};

use crate::concept::{Concept, SolutionConcept, Verdict};
use crate::error::{Error, Result, SearchError};
use crate::scenario::{Scenario, Situation};
use crate::search::{Budget, Engine, FastScans, Objective, SearchOptions, Seated, Shape};

/// Samples per parallel task. Fixed, so that the work split does not depend on the
/// thread count (the results would not either: each sample is independent and they
/// are collected in index order).
const CHUNK: u64 = 256;

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
    let plan = options.plan(scenario)?;
    let total = plan.total();
    // One clock for the whole sweep: the frontier, every sample and every search in it.
    let search = options.search.from_now();
    let budget = Budget::new(search);
    let table = total.saturating_mul(Samples::bytes_per_sample(scenario));
    if !budget.fits(table) {
        let what = format!("the table of {total} samples");
        return Err(Error::memory(what, table, budget.memory_limit(), 0, 0.0));
    }
    let mut engine = Engine::with_options(scenario, search);
    if options.weight_noise.is_none() {
        engine.prepare().map_err(|e| match e {
            Error::Search(SearchError::Budget { nodes, .. }) => {
                Error::sweep_stopped(0, total, nodes, budget.seconds())
            }
            other => other,
        })?;
    }
    let ctx = Context::new(plan, concept, &engine, budget);
    let chunks = total.div_ceil(CHUNK);
    let blocks: Vec<Result<Samples>> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let block = ctx.chunk(c * CHUNK..((c + 1) * CHUNK).min(total));
            if let Ok(b) = &block {
                progress(b.len() as u64);
            }
            block
        })
        .collect();
    let mut samples = Samples::new(scenario, 0);
    for block in blocks {
        samples.append(block?);
    }
    if ctx.stopped.load(Ordering::Relaxed) || (samples.len() as u64) < total {
        return Err(Error::sweep_stopped(
            samples.len() as u64,
            total,
            ctx.budget.nodes(),
            ctx.budget.seconds(),
        ));
    }
    let summary = SweepSummary::new(scenario, concept.name(), options, &samples);
    Ok(Sweep { samples, summary })
}

/// What every chunk shares.
struct Context<'a> {
    scenario: &'a Scenario,
    options: &'a SweepOptions,
    concept: &'a dyn SolutionConcept,
    engine: &'a Engine<'a>,
    /// Pinned leverage values by index.
    pins: Vec<(usize, f64)>,
    /// The varied variable's index and grid values.
    grid: Option<(usize, Vec<f64>)>,
    /// Samples plus cells solved exactly, against the sweep's limits.
    budget: Budget,
    stopped: AtomicBool,
}

impl<'a> Context<'a> {
    fn new(
        plan: SweepPlan<'a>,
        concept: &'a dyn SolutionConcept,
        engine: &'a Engine<'a>,
        budget: Budget,
    ) -> Self {
        Context {
            scenario: plan.scenario,
            options: plan.options,
            concept,
            engine,
            budget,
            pins: plan.pins,
            grid: plan.grid,
            stopped: AtomicBool::new(false),
        }
    }

    /// Whether a limit is exceeded (checked before each sample).
    fn over_budget(&self) -> bool {
        let over = !self.budget.spend(0);
        if over {
            self.stopped.store(true, Ordering::Relaxed);
        }
        over
    }

    /// A sample's answer; `None` when its search hit the sweep's limits, which stops
    /// the sweep as a whole (a [`SweepError`](crate::error::SweepError), not the
    /// sample's own error).
    fn within_budget(&self, solved: Result<Verdict>) -> Result<Option<Verdict>> {
        match solved {
            Ok(v) => Ok(Some(v)),
            Err(Error::Search(SearchError::Budget { .. })) if self.budget.limited() => {
                self.stopped.store(true, Ordering::Relaxed);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Samples `range` (global indices), in order.
    fn chunk(&self, range: std::ops::Range<u64>) -> Result<Samples> {
        let scenario = self.scenario;
        let limited = self.budget.limited();
        let mut out = Samples::new(scenario, (range.end - range.start) as usize);
        let mut levels = scenario.status_quo();
        let mut situation = scenario.status_quo_situation();
        let mut seated = Seated::new(self.engine.seated(), &situation);
        let mut fast = FastScans::default();
        let mut weights: Vec<Vec<f64>> = scenario
            .actors()
            .iter()
            .map(|a| a.weights().to_vec())
            .collect();
        for index in range {
            if limited && self.over_budget() {
                break;
            }
            let (g, draw) = (index / self.options.samples, index % self.options.samples);
            let mut rng = rng::sample_rng(self.options.seed, draw);
            for (x, lev) in levels.iter_mut().zip(scenario.leverage()) {
                *x = lev.distribution().sample(&mut rng);
            }
            for &(l, v) in &self.pins {
                levels[l] = v;
            }
            let grid_value = self.grid.as_ref().map(|(l, values)| {
                let v = values[g as usize];
                levels[*l] = v;
                v
            });
            situation.update(scenario, &levels)?;
            let solved_before = fast.solved();
            if let Some(k) = self.options.weight_noise {
                draw_weights(scenario, k, &mut rng, &mut weights);
                let noisy = scenario.with_all_weights(&weights);
                let engine = Engine::with_options(&noisy, self.engine.options());
                let Some(verdict) = self.within_budget(self.concept.solve(&engine, &situation))?
                else {
                    break;
                };
                out.push_verdict(draw, grid_value, &levels, &situation, &verdict);
            } else {
                seated.update(&situation);
                let context = seated.context();
                let scanned = match log_product_weights(self.concept.objective(), &context) {
                    Some(w) => fast.log_product_into(self.engine, &situation, &seated, w)?,
                    None => None,
                };
                match scanned {
                    Some(outcome) => {
                        out.push_outcome(scenario, draw, grid_value, &levels, &situation, outcome);
                    }
                    None => {
                        let solved = self.concept.solve(self.engine, &situation);
                        let Some(verdict) = self.within_budget(solved)? else {
                            break;
                        };
                        out.push_verdict(draw, grid_value, &levels, &situation, &verdict);
                    }
                }
            }
            if limited {
                self.budget.spend(1 + fast.solved() - solved_before);
            }
        }
        Ok(out)
    }
}

/// The weights of an objective whose shape is a valid log product (the sweep's fast
/// scan); `None` sends the sample to the concept's own solve.
fn log_product_weights<'a>(
    objective: Option<&'a dyn Objective>,
    context: &'a crate::search::Context<'a>,
) -> Option<&'a [f64]> {
    match objective?.shape(context) {
        Shape::LogProduct(w) if Shape::LogProduct(w).check(context.seated().len()).is_ok() => {
            Some(w)
        }
        _ => None,
    }
}

/// Draw every seated actor's weights from a Dirichlet around its stated weights with
/// concentration `k`: w ~ Dirichlet(k * w_stated) over the issues with positive
/// weight, drawn as normalised Gamma(k * w_ik, 1) variables in issue order. Issues with
/// weight 0 stay 0; unseated actors keep their weights. A draw whose Gammas all
/// underflow to 0 keeps the stated weights.
fn draw_weights<R: Rng + ?Sized>(scenario: &Scenario, k: f64, rng: &mut R, rows: &mut [Vec<f64>]) {
    for (actor, row) in scenario.actors().iter().zip(rows.iter_mut()) {
        row.clear();
        row.extend_from_slice(actor.weights());
        if !actor.seated() {
            continue;
        }
        for w in row.iter_mut() {
            if *w > 0.0 {
                *w = Gamma::new(k * *w, 1.0).map_or(*w, |d| d.sample(rng));
            }
        }
        if row.iter().sum::<f64>() <= 0.0 {
            row.clear();
            row.extend_from_slice(actor.weights());
        }
    }
}

impl Samples {
    fn push_verdict(
        &mut self,
        draw: u64,
        grid_value: Option<f64>,
        levels: &[f64],
        situation: &Situation,
        verdict: &Verdict,
    ) {
        match verdict {
            Verdict::Agreement(a) => self.push_row(
                draw,
                grid_value,
                levels,
                Some(&a.outcome),
                &a.utilities,
                situation,
            ),
            Verdict::NoDeal { .. } => self.push_row(
                draw,
                grid_value,
                levels,
                None,
                situation.disagreement(),
                situation,
            ),
        }
    }
}

#[cfg(test)]
mod tests;
