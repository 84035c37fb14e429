//! [`Engine`]: the exact search for one scenario, over its layers (one per pattern of
//! gated red lines in force and per zone of the continuous issues that linked
//! conditions cut), and the one constrained maximisation every concept is built on.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::board::{Board, Plan};
use super::budget::{Budget, SearchOptions};
use super::fast::NashScratch;
use super::frontier::{self, BuildOptions};
use super::goal::{Goal, Seated};
use super::layer::{with_bound_value, Candidate, Layer};
use super::links;
use super::objective::{LinearGains, Objective};
use crate::error::{Error, Input, InputError, Problem, Result};
use crate::scenario::{Scenario, Situation};
use crate::space::{enumeration_order, Domain, Value};
use crate::utility::Gate;

/// A Pareto-optimal outcome with every actor's utility.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FrontierPoint {
    /// One value per issue, file order.
    pub outcome: Vec<Value>,
    /// Every actor's utility, file order.
    pub utilities: Vec<f64>,
}
/// The outcome that maximises an objective, as [`Engine::maximise`] finds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    /// One value per issue, file order.
    pub outcome: Vec<Value>,
    /// The seated actors' gains u_i - d_i, seated order.
    pub gains: Vec<f64>,
    /// The objective there.
    pub score: f64,
    /// The Nash objective sum_i alpha_i ln g_i there (the first tie-break).
    pub log_nash: f64,
}

/// The exact search for one scenario.
///
/// Building an engine cuts the continuous issues into cells; [`Engine::prepare`]
/// additionally computes the Pareto frontier of the discrete issues once, which does
/// not depend on disagreement points, powers or patience, so that many situations
/// (a leverage sweep) can be solved by scanning it.
///
/// Linked issues (package red lines and interaction terms across issues) are searched
/// exactly: a continuous issue that a condition tests is cut into zones on which every
/// condition keeps its answer, one layer per combination of zones, and red lines gated
/// by a leverage variable give one set of layers per pattern of gates in force, built
/// when a situation first needs it.
///
/// Its [`SearchOptions`] hold for all its searches together: `max_seconds` runs from
/// the engine's creation and `max_nodes` counts the nodes of every search it has run
/// (a Kalai–Smorodinsky solve is several searches, alternating offers many). Make an
/// engine per solve for limits per solve; clones share the node count.
#[derive(Debug, Clone)]
pub struct Engine<'s> {
    scenario: &'s Scenario,
    options: SearchOptions,
    /// Nodes spent by the searches so far, against [`SearchOptions::max_nodes`].
    spent: Arc<AtomicU64>,
    /// When the engine was made: its searches' time runs from here.
    created: Instant,
    seated: Vec<usize>,
    /// The gates of the seated actors' red lines, in [`gates`] order.
    gate_list: Vec<Gate>,
    /// The layers at the status quo's gates.
    home: Arc<Layers>,
    home_gates: Vec<bool>,
    /// Layers of other patterns of gates, built on first need.
    others: Arc<Mutex<HashMap<Vec<bool>, Arc<Layers>>>>,
    prepared: bool,
}

/// The layers of one pattern of gates.
#[derive(Debug, Clone)]
pub(crate) struct Layers {
    pub(crate) list: Vec<Layer>,
    /// Why the layers were not all built: too many for the memory limit (their number
    /// and the bytes they would take), or the deadline passed while building them.
    unbuilt: Option<Unbuilt>,
}

#[derive(Debug, Clone, Copy)]
enum Unbuilt {
    Memory { count: u128, bytes: u64 },
    Time,
}

impl<'s> Engine<'s> {
    /// An engine with no search limits.
    pub fn new(scenario: &'s Scenario) -> Self {
        Self::with_options(scenario, SearchOptions::default())
    }

    /// An engine whose searches stop at the given limits, the time counted from now.
    pub fn with_options(scenario: &'s Scenario, options: SearchOptions) -> Self {
        let created = Instant::now();
        let options = options.from_now();
        let spent = Arc::default();
        let levels = scenario.status_quo();
        let home = layers(scenario, &levels, options, &spent, created);
        Engine {
            scenario,
            options,
            spent,
            created,
            seated: scenario.seated(),
            gate_list: gates(scenario),
            home: Arc::new(home),
            home_gates: open_gates(&gates(scenario), &levels),
            others: Arc::default(),
            prepared: false,
        }
    }

    /// The scenario searched.
    pub fn scenario(&self) -> &'s Scenario {
        self.scenario
    }

    /// Compute the discrete Pareto frontier once for all later solves (of every
    /// layer; layers of other gate patterns are prepared when first built).
    ///
    /// # Errors
    /// [`SearchError::Budget`](crate::error::SearchError::Budget) when the search
    /// limits are hit, [`SearchError::Memory`](crate::error::SearchError::Memory)
    /// when the frontier or the cells would not fit the memory limit.
    pub fn prepare(&mut self) -> Result<()> {
        self.check_layers(&self.home)?;
        let home = Arc::make_mut(&mut self.home);
        for layer in &mut home.list {
            layer.prepare(self.scenario)?;
        }
        self.prepared = true;
        Ok(())
    }

    /// [`Engine::prepare`] unless the frontier costs more than `cap` nodes (see
    /// [`SearchOptions::max_nodes`]) or does not fit the memory limit: then the engine
    /// is left unprepared, each later solve searching on its own, and the answer is
    /// `false`. A sweep uses this to choose between the two by their cost.
    ///
    /// ```
    /// # fn main() -> detente::Result<()> {
    /// let json = r#"{"name": "pick", "issues": [{"id": "x", "options": ["a", "b", "c"]}],
    ///   "actors": [{"id": "p", "weights": {"x": 1}, "values": {"x": {"a": 1, "b": 0.5, "c": 0}}},
    ///              {"id": "q", "weights": {"x": 1}, "values": {"x": {"a": 0, "b": 0.6, "c": 1}}}]}"#;
    /// let scenario = detente::Scenario::from_json(json, "pick")?;
    /// let mut engine = detente::Engine::new(&scenario);
    /// assert!(!engine.prepare_within(0)?); // no node to spend: left unprepared
    /// assert_eq!(engine.prepared_len(), 0);
    /// assert!(engine.prepare_within(1_000_000)?);
    /// assert_eq!(engine.prepared_len(), 3); // every option is Pareto-optimal
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`Engine::prepare`] when the engine's own limits are hit.
    pub fn prepare_within(&mut self, cap: u64) -> Result<bool> {
        self.check_layers(&self.home)?;
        let start = self.nodes_spent();
        let mut home = (*self.home).clone();
        for layer in &mut home.list {
            let left = cap.saturating_sub(self.nodes_spent() - start);
            if !layer.prepare_within(self.scenario, Some(left))? {
                return Ok(false);
            }
        }
        self.home = Arc::new(home);
        self.prepared = true;
        Ok(true)
    }

    /// A budget for one more piece of a solve's work: its nodes count against the
    /// engine's, its time runs from the engine's creation.
    pub(crate) fn budget(&self) -> Budget {
        Budget::drawing_on(self.options, &self.spent, self.created)
    }

    /// Nodes the engine's searches have spent so far; counted only while a node or
    /// time limit is set ([`SearchOptions::max_nodes`], [`SearchOptions::max_seconds`]
    /// or a deadline).
    pub fn nodes_spent(&self) -> u64 {
        self.spent.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Number of points on the prepared frontiers of the status quo's layers (0
    /// before [`Engine::prepare`]).
    pub fn prepared_len(&self) -> usize {
        self.home.list.iter().map(Layer::prepared_len).sum()
    }

    /// Number of continuous cells over the status quo's layers (1 when there is no
    /// continuous issue; 0 when they would take more than the memory limit, and every
    /// search says so).
    pub fn cell_count(&self) -> usize {
        self.home.list.iter().map(Layer::cell_count).sum()
    }

    /// Number of layers at the status quo: 1 unless linked conditions cut a
    /// continuous issue into zones.
    ///
    /// ```
    /// # fn main() -> detente::Result<()> {
    /// // A term that pays while the share is between 0.4 and 0.6 cuts the share's
    /// // range into three zones: below, inside, above.
    /// let json = r#"{"name": "z", "issues": [{"id": "share", "range": [0, 1]}],
    ///   "actors": [
    ///     {"id": "a", "weights": {"share": 1},
    ///      "values": {"share": {"points": [[0, 0], [1, 1]]}},
    ///      "interactions": [{"when": [{"issue": "share", "between": [0.4, 0.6]}],
    ///                        "value": 1, "weight": 1}]},
    ///     {"id": "b", "weights": {"share": 1},
    ///      "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
    /// let scenario = detente::Scenario::from_json(json, "z")?;
    /// let engine = detente::Engine::new(&scenario);
    /// assert_eq!(engine.layer_count(), 3);
    /// let verdict = engine.solve(detente::Concept::Nash, &scenario.status_quo_situation())?;
    /// // u_a = (x + bonus) / 2, u_b = 1 - x: inside the zone (1 - x^2) / 2 peaks at its
    /// // lower end, 0.42, against 0.12 at best outside it.
    /// let share = verdict.value(0).and_then(|v| v.as_number()).unwrap_or(f64::NAN);
    /// assert!((share - 0.4).abs() < 1e-9);
    /// # Ok(()) }
    /// ```
    pub fn layer_count(&self) -> usize {
        self.home.list.len()
    }

    /// Why no outcome is feasible in this situation (every value of some issue
    /// vetoed), if so.
    pub(crate) fn infeasible_reason(&self, situation: &Situation) -> Option<String> {
        let layers = self.layers_for(situation).ok()?;
        let mut reasons = layers.list.iter().map(|l| l.infeasible_reason());
        let first = reasons.next().flatten()?.to_string();
        reasons.all(|r| r.is_some()).then_some(first)
    }

    /// The search limits every solve with this engine obeys (with the deadline that
    /// `max_seconds` set at the engine's creation).
    pub fn options(&self) -> SearchOptions {
        self.options
    }

    /// The seated actors' indices (file order); gains are listed in this order.
    pub fn seated(&self) -> &[usize] {
        &self.seated
    }

    /// The layers in force for a situation's leverage levels (the status quo's when
    /// it has none).
    pub(crate) fn layers_for(&self, situation: &Situation) -> Result<Arc<Layers>> {
        let levels = situation.levels();
        if levels.is_empty() {
            return Ok(self.home.clone());
        }
        let pattern = open_gates(&self.gate_list, levels);
        if pattern == self.home_gates {
            return Ok(self.home.clone());
        }
        let cached = |cache: &HashMap<Vec<bool>, Arc<Layers>>| cache.get(&pattern).cloned();
        if let Some(found) = cached(&self.others.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(found);
        }
        // Built outside the lock: preparing runs parallel work, and a worker waiting
        // for it may take up a sweep chunk that asks for the lock again. Two threads
        // may build the same pattern; the layers are the same, the first stored wins.
        let mut built = layers(
            self.scenario,
            levels,
            self.options,
            &self.spent,
            self.created,
        );
        if self.prepared {
            self.check_layers(&built)?;
            for layer in &mut built.list {
                layer.prepare(self.scenario)?;
            }
        }
        let mut cache = self.others.lock().unwrap_or_else(|e| e.into_inner());
        Ok(cache
            .entry(pattern)
            .or_insert_with(|| Arc::new(built))
            .clone())
    }

    fn check_layers(&self, layers: &Layers) -> Result<()> {
        let seconds = self.created.elapsed().as_secs_f64();
        match layers.unbuilt {
            None => Ok(()),
            Some(Unbuilt::Memory { count, bytes }) => {
                let what =
                    format!("{count} zone combinations of the continuous issues (a layer each)");
                Err(Error::memory(
                    what,
                    bytes,
                    self.options.memory_limit(),
                    0,
                    seconds,
                ))
            }
            Some(Unbuilt::Time) => Err(Error::budget(0, seconds, None)),
        }
    }

    /// The feasible outcome that maximises `objective` among those giving every seated
    /// actor a gain above its floor (`floors[j]` for the j-th seated actor, strictly
    /// by 1e-12; zero floors ask for individual rationality), ties broken by the Nash
    /// objective, then by the first outcome in enumeration order. `None` when no
    /// outcome clears the floors.
    ///
    /// Exact for the objectives with a [`Shape`](super::Shape) other than
    /// `Monotone`. A monotone objective is scored on every candidate point of the
    /// discrete issues' Pareto frontier (exact when every issue is discrete); inside
    /// continuous cells it is maximised by a grid and a compass search (local, every
    /// evaluation counted against the engine's `max_nodes`).
    ///
    /// ```
    /// # fn main() -> detente::Result<()> {
    /// use detente::{search::Context, Objective};
    /// // Any monotone function of the gains: here the product of the gains squared.
    /// struct Squares;
    /// impl Objective for Squares {
    ///     fn score(&self, g: &[f64], _: &Context<'_>) -> f64 {
    ///         g.iter().map(|x| x * x).product()
    ///     }
    /// }
    /// let json = r#"{"name": "pick", "issues": [{"id": "deal", "options": ["a", "b", "c"]}],
    ///   "actors": [
    ///     {"id": "x", "weights": {"deal": 1}, "values": {"deal": {"a": 1, "b": 0.6, "c": 0.2}}},
    ///     {"id": "y", "weights": {"deal": 1}, "values": {"deal": {"a": 0.1, "b": 0.5, "c": 0.9}}}]}"#;
    /// let scenario = detente::Scenario::from_json(json, "pick")?;
    /// let engine = detente::Engine::new(&scenario);
    /// let best = engine.maximise(&scenario.status_quo_situation(), &Squares, &[0.0, 0.0])?;
    /// // 0.6 * 0.5 = 0.30 beats 1 * 0.1 and 0.2 * 0.9.
    /// assert_eq!(best.map(|o| o.outcome), Some(vec![detente::Value::Option(1)]));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Input::Objective`](crate::error::Input::Objective) when the objective's shape does not fit the seated actors,
    /// [`Input::Floors`](crate::error::Input::Floors) when `floors` has the wrong length or a negative or
    /// non-finite entry; [`SearchError::Budget`](crate::error::SearchError::Budget) when the search limits are hit.
    pub fn maximise(
        &self,
        situation: &Situation,
        objective: &dyn Objective,
        floors: &[f64],
    ) -> Result<Option<Optimum>> {
        let found = self.best(situation, objective, floors, false, &[])?;
        Ok(found.map(|(c, outcome)| Optimum {
            outcome,
            gains: c.gains,
            score: c.score,
            log_nash: c.nash,
        }))
    }

    /// [`Engine::maximise`] with the winning candidate; `value_only` lets continuous
    /// cells skip the tie-break among their maximisers (when only the optimal value
    /// matters). `hints` are outcomes likely to be good (earlier answers): those that
    /// clear the floors start the search's bar higher; the answer does not depend on
    /// them.
    pub(crate) fn best(
        &self,
        situation: &Situation,
        objective: &dyn Objective,
        floors: &[f64],
        value_only: bool,
        hints: &[&[Value]],
    ) -> Result<Option<(Candidate, Vec<Value>)>> {
        self.check_situation(situation)?;
        let seated = Seated::new(self.seated(), situation);
        let layers = self.layers_for(situation)?;
        self.check_layers(&layers)?;
        let context = seated.context();
        let goal = Goal::new(objective, &context, value_only)?;
        let homogeneous = goal.is_homogeneous();
        let mut best: Option<(Candidate, Vec<Value>)> = None;
        for layer in &layers.list {
            let found = layer.best_in(&seated, objective, floors, value_only, hints);
            // A stopped search's bound must hold over every layer, not only its own.
            let found = found.map_err(|e| {
                let bound = layers
                    .list
                    .iter()
                    .map(|l| l.ideal(&seated, &goal))
                    .fold(f64::NEG_INFINITY, f64::max);
                with_bound_value(e, bound)
            })?;
            let Some(found) = found else {
                continue;
            };
            let better = match &best {
                None => true,
                Some(b) => across_layers(&found, b, homogeneous).is_gt(),
            };
            if better {
                best = Some(found);
            }
        }
        Ok(best)
    }

    /// Every seated actor's best gain among the outcomes that clear `floors` (the ideal
    /// point, with zero floors), each found on its own; `None` when no outcome clears
    /// them. A prepared frontier without continuous issues gives all of them in one
    /// pass over its points.
    pub(crate) fn ideal_gains(
        &self,
        situation: &Situation,
        floors: &[f64],
    ) -> Result<Option<Vec<f64>>> {
        self.check_situation(situation)?;
        let n = self.seated().len();
        let layers = self.layers_for(situation)?;
        self.check_layers(&layers)?;
        let seated = Seated::new(self.seated(), situation);
        let mut ideal: Option<Vec<f64>> = None;
        for layer in &layers.list {
            let Some(found) = layer.prepared_ideal(&seated.d, floors, &layer.budget()) else {
                return self.ideal_gains_one_by_one(situation, floors, n);
            };
            if let Some(g) = found? {
                ideal = Some(match ideal {
                    None => g,
                    Some(best) => best.iter().zip(&g).map(|(a, b)| a.max(*b)).collect(),
                });
            }
        }
        Ok(ideal)
    }

    fn ideal_gains_one_by_one(
        &self,
        situation: &Situation,
        floors: &[f64],
        n: usize,
    ) -> Result<Option<Vec<f64>>> {
        let mut ideal = Vec::with_capacity(n);
        for i in 0..n {
            // Only the best value matters: cells skip the tie-break.
            match self.best(situation, &LinearGains::unit(n, i), floors, true, &[])? {
                Some((c, _)) => ideal.push(c.gains[i]),
                None => return Ok(None),
            }
        }
        Ok(Some(ideal))
    }

    /// A situation must have one entry per actor of the scenario.
    pub(crate) fn check_situation(&self, situation: &Situation) -> Result<()> {
        let actors = self.scenario.actors().len();
        if situation.len() == actors {
            return Ok(());
        }
        Err(InputError::new(
            Input::Situation("situation: actors".into()),
            Problem::WrongLength {
                expected: actors,
                got: situation.len(),
            },
        )
        .in_file(self.scenario.source())
        .into())
    }

    /// The Pareto-optimal feasible outcomes for the seated actors, in enumeration
    /// order, continuous issues traced at `resolution` values per range.
    ///
    /// # Errors
    /// [`SearchError::Budget`](crate::error::SearchError::Budget) when the search limits are hit.
    pub fn frontier(
        scenario: &Scenario,
        resolution: usize,
        options: SearchOptions,
    ) -> Result<Vec<FrontierPoint>> {
        Engine::frontier_at(scenario, &scenario.status_quo(), resolution, options)
    }

    /// [`Engine::frontier`] with the gated red lines judged at these leverage `levels`
    /// (one per variable, file order; a missing level counts as outside every range).
    ///
    /// # Errors
    /// [`SearchError::Budget`](crate::error::SearchError::Budget) when the search limits are hit.
    pub fn frontier_at(
        scenario: &Scenario,
        levels: &[f64],
        resolution: usize,
        options: SearchOptions,
    ) -> Result<Vec<FrontierPoint>> {
        let budget = Budget::new(options);
        let traced = scenario
            .issues()
            .iter()
            .filter(|i| matches!(i.domain(), crate::space::Domain::Continuous { .. }))
            .count() as u64;
        let grid_bytes = (resolution as u64)
            .saturating_mul(traced)
            .saturating_mul(8 * (scenario.seated().len() as u64 + 2));
        if !budget.fits(grid_bytes) {
            let what = format!("tracing continuous issues at resolution {resolution}");
            return Err(Error::memory(
                what,
                grid_bytes,
                budget.memory_limit(),
                0,
                0.0,
            ));
        }
        let plan = Plan {
            levels: levels.to_vec(),
            zones: Vec::new(),
        };
        let board = Board::gridded(scenario, resolution, &plan);
        if board.empty_because.is_some() {
            return Ok(Vec::new());
        }
        let f = frontier::build(
            &board,
            &BuildOptions {
                keep_ties: true,
                ..BuildOptions::default()
            },
            &budget,
        )?;
        Ok((0..f.len())
            .map(|p| {
                let outcome = board.outcome_at(f.choice(p));
                let utilities = scenario.utilities(&outcome).collect();
                FrontierPoint { outcome, utilities }
            })
            .collect())
    }

    /// The seated actors' gains at the Pareto-optimal outcomes of a space of discrete
    /// issues that give each of them more than its disagreement point in `situation`
    /// (red lines' gates judged at its levels), in enumeration order, one per utility
    /// vector.
    ///
    /// # Errors
    /// [`SearchError::Budget`](crate::error::SearchError::Budget) when the search limits are hit.
    pub(crate) fn rational_frontier(&self, situation: &Situation) -> Result<Vec<Vec<f64>>> {
        let plan = Plan {
            levels: situation.levels().to_vec(),
            zones: Vec::new(),
        };
        let board = Board::gridded(self.scenario, 2, &plan);
        if board.empty_because.is_some() {
            return Ok(Vec::new());
        }
        let d: Vec<f64> = self
            .seated()
            .iter()
            .map(|&i| situation.disagreement()[i])
            .collect();
        let options = BuildOptions {
            floor: Some(&d),
            ..BuildOptions::default()
        };
        let f = frontier::build(&board, &options, &self.budget())?;
        Ok((0..f.len())
            .map(|p| {
                let u: Vec<f64> = self
                    .scenario
                    .utilities(&board.outcome_at(f.choice(p)))
                    .collect();
                self.seated()
                    .iter()
                    .zip(&d)
                    .map(|(&i, d)| u[i] - d)
                    .collect()
            })
            .collect())
    }
}

/// The gates of the seated actors' red lines, in a fixed order (actors, then their
/// one-issue red lines, then their packages).
fn gates(scenario: &Scenario) -> Vec<Gate> {
    let mut out = Vec::new();
    for i in scenario.seated() {
        let actor = &scenario.actors()[i];
        out.extend(actor.red_lines().iter().filter_map(|r| r.gate.clone()));
        out.extend(actor.packages().iter().filter_map(|p| p.gate.clone()));
    }
    out
}

/// Which of `gates` are open at these levels.
fn open_gates(gates: &[Gate], levels: &[f64]) -> Vec<bool> {
    gates.iter().map(|g| g.open(levels)).collect()
}

/// A sweep worker's fast Nash scans: one scratch per pattern of gates met whose
/// search is a single prepared layer (see [`Layer::log_product_into`]).
#[derive(Default)]
pub(crate) struct FastScans {
    /// Pattern of gates, its layers, and a scratch when the layers are one.
    entries: Vec<(Vec<bool>, Arc<Layers>, Option<NashScratch>)>,
    pattern: Vec<bool>,
}

impl FastScans {
    /// The outcome maximising `sum_i w_i ln g_i` in the situation (as
    /// [`Layer::log_product_into`]): `Ok(None)` when the situation's layers have no
    /// fast scan (several zones), `Ok(Some(None))` when there is no deal.
    pub(crate) fn log_product_into(
        &mut self,
        engine: &Engine<'_>,
        situation: &Situation,
        seated: &Seated,
        weights: &[f64],
    ) -> Result<Option<Option<&[Value]>>> {
        let levels = situation.levels();
        self.pattern.clear();
        self.pattern
            .extend(engine.gate_list.iter().map(|g| g.open(levels)));
        let at = match self.entries.iter().position(|e| e.0 == self.pattern) {
            Some(at) => at,
            None => {
                let layers = engine.layers_for(situation)?;
                engine.check_layers(&layers)?;
                // The scan needs a prepared frontier; without one each situation is
                // the concept's own search (whose errors, a budget among them, stop it).
                let scratch = match layers.list.as_slice() {
                    [one] if one.prepared.is_some() => Some(NashScratch::new(one)),
                    _ => None,
                };
                self.entries.push((self.pattern.clone(), layers, scratch));
                self.entries.len() - 1
            }
        };
        let (_, layers, scratch) = &mut self.entries[at];
        let Some(scratch) = scratch.as_mut() else {
            return Ok(None);
        };
        let deal = layers.list[0].log_product_into(scratch, seated, weights);
        Ok(Some(deal.then_some(scratch.outcome.as_slice())))
    }

    /// Pairs solved exactly so far, over every pattern (for the node budget).
    pub(crate) fn solved(&self) -> u64 {
        self.entries
            .iter()
            .filter_map(|e| e.2.as_ref())
            .map(|s| s.solved)
            .sum()
    }
}

/// The layers at these leverage levels: one per combination of zones of the
/// continuous issues that the rules in force test.
fn layers(
    scenario: &Scenario,
    levels: &[f64],
    options: SearchOptions,
    spent: &Arc<AtomicU64>,
    created: Instant,
) -> Layers {
    let seated = scenario.seated();
    let rules = links::rules(scenario, &seated, levels);
    let base = Plan {
        levels: levels.to_vec(),
        zones: vec![None; scenario.issues().len()],
    };
    let mut zoned: Vec<(usize, Vec<links::Zone>)> = Vec::new();
    for (k, issue) in scenario.issues().iter().enumerate() {
        let Domain::Continuous { lo, hi } = issue.domain() else {
            continue;
        };
        if !rules.iter().any(|r| r.when.iter().any(|c| c.issue == k)) {
            continue;
        }
        if let Some((a, b)) = Board::interval(scenario, &base, k) {
            zoned.push((k, links::zones(&rules, k, a, b, hi - lo)));
        }
    }
    let count = zoned
        .iter()
        .fold(1u128, |c, (_, z)| c.saturating_mul(z.len() as u128));
    // Every combination, the first zoned issue varying slowest; layers differ only in
    // their zones, so the first one's size times their number is what they all take.
    let plan_at = |mut index: u128| -> Plan {
        let mut plan = base.clone();
        for (k, zones) in zoned.iter().rev() {
            let n = zones.len() as u128;
            plan.zones[*k] = Some(zones[(index % n) as usize]);
            index /= n;
        }
        plan
    };
    let first = Layer::new(scenario, &plan_at(0), options, spent.clone(), created);
    let bytes = first
        .bytes()
        .saturating_mul(u64::try_from(count).unwrap_or(u64::MAX));
    if count > 1 && bytes > options.memory_limit() {
        return Layers {
            list: Vec::new(),
            unbuilt: Some(Unbuilt::Memory { count, bytes }),
        };
    }
    let mut list = vec![first];
    for index in 1..count {
        if options
            .deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
        {
            return Layers {
                list: Vec::new(),
                unbuilt: Some(Unbuilt::Time),
            };
        }
        list.push(Layer::new(
            scenario,
            &plan_at(index),
            options,
            spent.clone(),
            created,
        ));
    }
    Layers {
        list,
        unbuilt: None,
    }
}

/// Order of two layers' winners: goal, then Nash objective, then the earlier outcome
/// in enumeration order (greater is better).
fn across_layers(
    a: &(Candidate, Vec<Value>),
    b: &(Candidate, Vec<Value>),
    homogeneous: bool,
) -> Ordering {
    super::scan::rank_scores(&a.0, &b.0, homogeneous).then_with(|| enumeration_order(&b.1, &a.1))
}
