//! [`Engine`]: a scenario's board, cells and (optionally) its prepared frontier, and
//! the one constrained maximisation every concept is built on.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

use super::board::Board;
use super::budget::{Budget, SearchOptions};
use super::cell;
use super::frontier::{self, BuildOptions, Frontier};
use super::goal::{Goal, Seated};
use super::objective::Objective;
use crate::error::{Error, Input, InputError, Problem, Result, SearchError};
use crate::scenario::{Scenario, Situation};
use crate::space::Value;

/// One continuous cell: a piece of every continuous issue.
#[derive(Debug, Clone)]
pub(super) struct CellData {
    /// Contributions to the seated actors at the cell's lower corner.
    pub(super) base: Vec<f64>,
    /// `slopes[k * n + i]`: d contribution_i / d x_k inside the cell.
    pub(super) slopes: Vec<f64>,
    /// Piece lengths.
    pub(super) lens: Vec<f64>,
    /// Piece starts (the continuous values at the lower corner).
    pub(super) starts: Vec<f64>,
    /// `rise[i]`: the most the cell adds to seated actor i above its lower corner.
    pub(super) rise: Vec<f64>,
}

/// A scored outcome: a frontier point, a cell and the position inside it.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub score: f64,
    pub nash: f64,
    pub point: usize,
    pub cell: usize,
    pub t: Vec<f64>,
    /// Seated actors' gains.
    pub gains: Vec<f64>,
}

impl Candidate {
    /// A placeholder worse than any outcome, with room for `n` gains and `m`
    /// continuous values (reused buffers in the sweep's scan).
    pub(crate) fn empty(n: usize, m: usize) -> Self {
        Candidate {
            score: f64::NEG_INFINITY,
            nash: f64::NEG_INFINITY,
            point: 0,
            cell: 0,
            t: Vec::with_capacity(m),
            gains: vec![0.0; n],
        }
    }
}

/// Where an issue sits on the board.
#[derive(Debug, Clone, Copy)]
pub(super) enum Slot {
    Discrete(usize),
    Continuous(usize),
}

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
/// Its [`SearchOptions`] hold for all its searches together: `max_seconds` runs from
/// the engine's creation and `max_nodes` counts the nodes of every search it has run
/// (a Kalai–Smorodinsky solve is several searches, alternating offers many). Make an
/// engine per solve for limits per solve; clones share the node count.
#[derive(Debug, Clone)]
pub struct Engine<'s> {
    scenario: &'s Scenario,
    pub(super) board: Board,
    pub(super) cells: Vec<CellData>,
    pub(super) slots: Vec<Slot>,
    pub(super) prepared: Option<Frontier>,
    options: SearchOptions,
    /// Nodes spent by the searches so far, against [`SearchOptions::max_nodes`].
    spent: Arc<AtomicU64>,
    /// When the engine was made: its searches' time runs from here.
    created: Instant,
    /// Bytes the continuous cells would need when that is over the memory limit (the
    /// cells are then not built, and every search stops with
    /// [`SearchError::Memory`]).
    oversized_cells: Option<u64>,
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
        let board = Board::new(scenario);
        let mut slots = vec![Slot::Discrete(0); board.issues];
        for (j, t) in board.discrete.iter().enumerate() {
            slots[t.issue] = Slot::Discrete(j);
        }
        for (j, t) in board.continuous.iter().enumerate() {
            slots[t.issue] = Slot::Continuous(j);
        }
        let needed = cells_bytes(&board);
        let oversized_cells = (needed > options.memory_limit()).then_some(needed);
        let cells = match oversized_cells {
            None => cells(&board),
            Some(_) => Vec::new(),
        };
        Engine {
            scenario,
            board,
            cells,
            slots,
            prepared: None,
            options,
            spent: Arc::default(),
            created,
            oversized_cells,
        }
    }

    /// The scenario searched.
    pub fn scenario(&self) -> &'s Scenario {
        self.scenario
    }

    /// Compute the discrete Pareto frontier once for all later solves.
    ///
    /// # Errors
    /// [`SearchError::Budget`] when the search limits are hit.
    pub fn prepare(&mut self) -> Result<()> {
        if let Some(needed) = self.oversized_cells {
            let limit = self.options.memory_limit();
            return Err(Error::memory("the continuous cells", needed, limit, 0, 0.0));
        }
        if self.prepared.is_none() {
            let budget = self.budget();
            let f =
                frontier::build(&self.board, &BuildOptions::default(), &budget).map_err(|e| {
                    let seated = Seated::new(self.seated(), &self.scenario.status_quo_situation());
                    let context = seated.context();
                    let nash = super::Nash;
                    match Goal::new(&nash, &context, false) {
                        Ok(goal) => self.with_bound(e, &seated, &goal),
                        Err(_) => e,
                    }
                })?;
            self.prepared = Some(f);
        }
        Ok(())
    }

    /// Number of points on the prepared frontier (0 before [`Engine::prepare`]).
    pub fn prepared_len(&self) -> usize {
        self.prepared.as_ref().map_or(0, Frontier::len)
    }

    /// Number of continuous cells (1 when there is no continuous issue; 0 when they
    /// would take more than the memory limit, and every search says so).
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// Why no outcome is feasible (every value of some issue vetoed), if so.
    pub(crate) fn infeasible_reason(&self) -> Option<&str> {
        self.board.empty_because.as_deref()
    }

    /// The search limits every solve with this engine obeys (with the deadline that
    /// `max_seconds` set at the engine's creation).
    pub fn options(&self) -> SearchOptions {
        self.options
    }

    /// A budget for one more search, drawing on the engine's node count.
    fn budget(&self) -> Budget {
        Budget::drawing_on(self.options, &self.spent, self.created)
    }

    /// The seated actors' indices (file order); gains are listed in this order.
    pub fn seated(&self) -> &[usize] {
        &self.board.seated
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
    /// non-finite entry; [`SearchError::Budget`] when the search limits are hit.
    pub fn maximise(
        &self,
        situation: &Situation,
        objective: &dyn Objective,
        floors: &[f64],
    ) -> Result<Option<Optimum>> {
        let found = self.best(situation, objective, floors, false)?;
        Ok(found.map(|(c, outcome)| Optimum {
            outcome,
            gains: c.gains,
            score: c.score,
            log_nash: c.nash,
        }))
    }

    /// [`Engine::maximise`] with the winning candidate; `value_only` lets continuous
    /// cells skip the tie-break among their maximisers (when only the optimal value
    /// matters).
    pub(crate) fn best(
        &self,
        situation: &Situation,
        objective: &dyn Objective,
        floors: &[f64],
        value_only: bool,
    ) -> Result<Option<(Candidate, Vec<Value>)>> {
        self.check_situation(situation)?;
        let seated = Seated::new(self.seated(), situation);
        self.best_in(&seated, objective, floors, value_only)
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

    /// [`Engine::best`] for the seated actors' parameters of a situation.
    pub(super) fn best_in(
        &self,
        seated: &Seated,
        objective: &dyn Objective,
        floors: &[f64],
        value_only: bool,
    ) -> Result<Option<(Candidate, Vec<Value>)>> {
        let n = self.seated().len();
        if floors.len() != n || !floors.iter().all(|f| f.is_finite() && *f >= 0.0) {
            return Err(Error::floors(Problem::Other(format!(
                "must be {n} non-negative finite numbers, one per seated actor"
            ))));
        }
        let context = seated.context();
        let goal = Goal::new(objective, &context, value_only)?;
        if self.board.empty_because.is_some() {
            return Ok(None);
        }
        let budget = self.budget();
        if let Some(needed) = self.oversized_cells {
            let e = Error::memory(
                "the continuous cells",
                needed,
                budget.memory_limit(),
                0,
                0.0,
            );
            return Err(self.with_bound(e, seated, &goal));
        }
        let built;
        let frontier = match &self.prepared {
            Some(f) => f,
            None => {
                built = self
                    .pruned_frontier(seated, &goal, floors, &budget)
                    .map_err(|e| self.with_bound(e, seated, &goal))?;
                &built
            }
        };
        let best = self
            .scan(frontier, &seated.d, &goal, floors, &budget)
            .map_err(|e| self.with_bound(e, seated, &goal))?;
        Ok(best.map(|c| {
            let outcome = self.outcome(frontier, &c);
            (c, outcome)
        }))
    }

    /// Fill in the bound of a budget error: the goal at the ideal point (every seated
    /// actor's best utility over the feasible set, ignoring the others). Every goal
    /// is non-decreasing in each gain, so its value there bounds it.
    pub(super) fn with_bound(&self, e: Error, seated: &Seated, goal: &Goal<'_>) -> Error {
        let ideal = || {
            let rest = self.board.rest_max(0);
            let gains: Vec<f64> = rest.iter().zip(&seated.d).map(|(r, d)| r - d).collect();
            Some(goal.score(&gains))
        };
        match e {
            Error::Search(SearchError::Budget { nodes, seconds, .. }) => {
                Error::budget(nodes, seconds, ideal())
            }
            Error::Search(SearchError::Memory {
                what,
                needed,
                limit,
                nodes,
                seconds,
                ..
            }) => SearchError::Memory {
                what,
                needed,
                limit,
                nodes,
                seconds,
                bound: ideal(),
            }
            .into(),
            other => other,
        }
    }

    pub(super) fn value_at(&self, c: &Candidate, j: usize) -> f64 {
        let cell = &self.cells[c.cell];
        let x = cell.starts[j] + c.t.get(j).copied().unwrap_or(0.0);
        let end = cell.starts[j] + cell.lens[j];
        x.clamp(cell.starts[j], end)
    }

    fn outcome(&self, frontier: &Frontier, c: &Candidate) -> Vec<Value> {
        let mut out = Vec::with_capacity(self.slots.len());
        self.outcome_into(frontier, c, &mut out);
        out
    }

    /// [`Engine::outcome`] into a reused buffer (no allocation once it has capacity).
    pub(super) fn outcome_into(&self, frontier: &Frontier, c: &Candidate, out: &mut Vec<Value>) {
        out.clear();
        out.extend(self.slots.iter().map(|slot| match *slot {
            Slot::Discrete(j) => {
                self.board.discrete[j].values[frontier.choice(c.point)[j] as usize]
            }
            Slot::Continuous(j) => Value::Number(self.value_at(c, j)),
        }));
    }

    /// The Pareto-optimal feasible outcomes for the seated actors, in enumeration
    /// order, continuous issues traced at `resolution` values per range.
    ///
    /// # Errors
    /// [`SearchError::Budget`] when the search limits are hit.
    pub fn frontier(
        scenario: &Scenario,
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
        let board = Board::gridded(scenario, resolution);
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
                let mut outcome = vec![Value::Option(0); board.issues];
                for (j, t) in board.discrete.iter().enumerate() {
                    outcome[t.issue] = t.values[f.choice(p)[j] as usize];
                }
                let utilities = scenario.utilities(&outcome).collect();
                FrontierPoint { outcome, utilities }
            })
            .collect())
    }
}

/// Bytes the cells of `board` take: one per combination of pieces, each with a base,
/// slopes, lengths, starts and rises (saturating: the count can overflow).
fn cells_bytes(board: &Board) -> u64 {
    let (n, m) = (board.n() as u64, board.continuous.len() as u64);
    let per_cell = 8 * (2 * n + n * m + 2 * m) + 5 * 24;
    board
        .continuous
        .iter()
        .fold(1u64, |count, t| count.saturating_mul(t.pieces() as u64))
        .saturating_mul(per_cell)
}

/// Every combination of one piece per continuous issue, in enumeration order (first
/// issue slowest, pieces by increasing value).
fn cells(board: &Board) -> Vec<CellData> {
    let n = board.n();
    let m = board.continuous.len();
    let mut out = vec![CellData {
        base: vec![0.0; n],
        slopes: Vec::new(),
        lens: Vec::new(),
        starts: Vec::new(),
        rise: Vec::new(),
    }];
    for table in &board.continuous {
        let mut next = Vec::with_capacity(out.len() * table.pieces());
        for cell in &out {
            for p in 0..table.pieces() {
                let (start, len, j0, j1) = table.piece(p);
                let mut c = cell.clone();
                for i in 0..n {
                    let (y0, y1) = (table.contrib[j0 * n + i], table.contrib[j1 * n + i]);
                    c.base[i] += y0;
                    c.slopes.push(if len > 0.0 { (y1 - y0) / len } else { 0.0 });
                }
                c.lens.push(len);
                c.starts.push(start);
                next.push(c);
            }
        }
        out = next;
    }
    for c in &mut out {
        c.rise = (0..n)
            .map(|i| cell::max_rise(&c.slopes, &c.lens, n, i))
            .collect();
    }
    debug_assert!(out.iter().all(|c| c.lens.len() == m));
    out
}
