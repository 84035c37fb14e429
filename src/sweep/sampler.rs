//! One chunk of samples: draw, solve, record. Sample `j` depends on the seed and
//! `j` alone (see the [module docs](super)).

use std::sync::atomic::{AtomicBool, Ordering};

use rand::Rng;
use rand_distr::{Distribution, Gamma};

use super::{rng, Samples, SweepOptions, SweepPlan};
use crate::concept::{SolutionConcept, Verdict};
use crate::error::{Error, Result, SearchError};
use crate::scenario::{Scenario, Situation};
use crate::search::{Budget, Engine, FastScans, Objective, Seated, Shape};

/// What every chunk shares.
pub(super) struct Context<'a> {
    pub(super) scenario: &'a Scenario,
    options: &'a SweepOptions,
    concept: &'a dyn SolutionConcept,
    engine: &'a Engine<'a>,
    /// Pinned leverage values by index.
    pins: Vec<(usize, f64)>,
    /// The varied variable's index and grid values.
    grid: Option<(usize, Vec<f64>)>,
    /// Samples plus cells solved exactly, against the sweep's limits.
    pub(super) budget: Budget,
    pub(super) stopped: AtomicBool,
}

impl<'a> Context<'a> {
    pub(super) fn new(
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
    pub(super) fn chunk(&self, range: std::ops::Range<u64>) -> Result<Samples> {
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
pub(super) fn draw_weights<R: Rng + ?Sized>(
    scenario: &Scenario,
    k: f64,
    rng: &mut R,
    rows: &mut [Vec<f64>],
) {
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
