//! One layer of the search: the board, cells and (optionally) prepared frontier for
//! one pattern of gated red lines and one zone per continuous issue that a linked
//! condition cuts. An [`Engine`](super::Engine) holds the layers of a scenario and
//! takes the best answer over them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use super::board::{Board, Plan};
use super::budget::{Budget, SearchOptions};
use super::cell;
use super::frontier::{self, BuildOptions, Frontier};
use super::goal::{Goal, Seated};
use super::objective::Objective;
use crate::error::{Error, Problem, Result, SearchError};
use crate::scenario::Scenario;
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
    /// Piece ends (the knots, exactly: a start plus a length can round past them).
    pub(super) ends: Vec<f64>,
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

/// The exact search over one layer.
#[derive(Debug, Clone)]
pub(crate) struct Layer {
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

impl Layer {
    /// The layer of `plan`, its searches drawing on the engine's node account `spent`
    /// and limits `options` (whose deadline is already fixed).
    pub(crate) fn new(
        scenario: &Scenario,
        plan: &Plan,
        options: SearchOptions,
        spent: Arc<AtomicU64>,
        created: Instant,
    ) -> Self {
        let board = Board::new(scenario, plan);
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
        Layer {
            board,
            cells,
            slots,
            prepared: None,
            options,
            spent,
            created,
            oversized_cells,
        }
    }

    /// Compute the discrete Pareto frontier once for all later solves.
    ///
    /// # Errors
    /// [`SearchError::Budget`] when the search limits are hit.
    pub fn prepare(&mut self, scenario: &Scenario) -> Result<()> {
        self.prepare_within(scenario, None).map(drop)
    }

    /// [`Layer::prepare`], giving up (`Ok(false)`, nothing kept) once the frontier
    /// has cost `cap` nodes or would not fit the memory limit; the engine's own limits
    /// still stop it with an error.
    ///
    /// # Errors
    /// As [`Layer::prepare`], when the engine's own limits are hit.
    pub fn prepare_within(&mut self, scenario: &Scenario, cap: Option<u64>) -> Result<bool> {
        if let Some(needed) = self.oversized_cells {
            if cap.is_some() {
                return Ok(false);
            }
            let limit = self.options.memory_limit();
            return Err(Error::memory("the continuous cells", needed, limit, 0, 0.0));
        }
        if self.prepared.is_some() {
            return Ok(true);
        }
        let mut options = self.options;
        // Whether the cap, not the engine's own node limit, is the tighter.
        let mut capped = false;
        if let Some(cap) = cap {
            let allowed = self.spent.load(Ordering::Relaxed).saturating_add(cap);
            capped = options.max_nodes.is_none_or(|m| allowed < m);
            options.max_nodes = Some(options.max_nodes.map_or(allowed, |m| m.min(allowed)));
        }
        let built = {
            let budget = Budget::drawing_on(options, &self.spent, self.created);
            frontier::build(&self.board, &BuildOptions::default(), &budget)
        };
        match built {
            Ok(f) => {
                self.prepared = Some(f);
                Ok(true)
            }
            Err(Error::Search(SearchError::Budget { .. }))
                if capped && !self.budget().exhausted() =>
            {
                Ok(false)
            }
            Err(Error::Search(SearchError::Memory { .. })) if cap.is_some() => Ok(false),
            Err(e) => {
                let seated = Seated::new(self.seated(), &scenario.status_quo_situation());
                let context = seated.context();
                let nash = super::Nash;
                Err(match Goal::new(&nash, &context, false) {
                    Ok(goal) => self.with_bound(e, &seated, &goal),
                    Err(_) => e,
                })
            }
        }
    }

    /// Number of points on the prepared frontier (0 before [`Engine::prepare`]).
    pub fn prepared_len(&self) -> usize {
        self.prepared.as_ref().map_or(0, Frontier::len)
    }

    /// Bytes the layer's tables take (its board and cells), for the memory limit.
    pub(crate) fn bytes(&self) -> u64 {
        let n = self.board.n() as u64;
        let tables: u64 = self
            .board
            .discrete
            .iter()
            .map(|t| t.values.len() as u64 * (16 + 8 * n))
            .sum();
        let links: u64 = self
            .board
            .links
            .iter()
            .flat_map(|l| &l.parts)
            .map(|(_, mask)| mask.len() as u64 + 24)
            .sum();
        tables + links + cells_bytes(&self.board)
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

    /// A budget for one more search, drawing on the engine's node count.
    pub(super) fn budget(&self) -> Budget {
        Budget::drawing_on(self.options, &self.spent, self.created)
    }

    /// The seated actors' indices (file order); gains are listed in this order.
    pub fn seated(&self) -> &[usize] {
        &self.board.seated
    }

    /// The best candidate of this layer for the seated actors' parameters (see
    /// [`Engine::maximise`](super::Engine::maximise)).
    pub(crate) fn best_in(
        &self,
        seated: &Seated,
        objective: &dyn Objective,
        floors: &[f64],
        value_only: bool,
        hints: &[&[Value]],
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
        if self.prepared.is_none() && self.fits_depth_first() {
            let found = self
                .depth_first(&goal, &seated.d, floors, hints, &budget)
                .map_err(|e| self.with_bound(e, seated, &goal))?;
            return Ok(found.map(|(frontier, c)| {
                let outcome = self.outcome(&frontier, &c);
                (c, outcome)
            }));
        }
        let built;
        let frontier = match &self.prepared {
            Some(f) => f,
            None => {
                built = self
                    .pruned_frontier(seated, &goal, floors, hints, &budget)
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
        with_bound_value(e, self.ideal(seated, goal))
    }

    /// The goal at this layer's ideal point (every seated actor's best utility over
    /// its feasible set, ignoring the others): no outcome of the layer scores more.
    pub(super) fn ideal(&self, seated: &Seated, goal: &Goal<'_>) -> f64 {
        let rest = self.board.rest_max(0);
        let gains: Vec<f64> = rest.iter().zip(&seated.d).map(|(r, d)| r - d).collect();
        goal.score(&gains)
    }

    pub(super) fn value_at(&self, c: &Candidate, j: usize) -> f64 {
        let cell = &self.cells[c.cell];
        let x = cell.starts[j] + c.t.get(j).copied().unwrap_or(0.0);
        x.clamp(cell.starts[j], cell.ends[j])
    }

    pub(super) fn outcome(&self, frontier: &Frontier, c: &Candidate) -> Vec<Value> {
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
}

/// Bytes the cells of `board` take: one per combination of pieces, each with a base,
/// slopes, lengths, starts and rises (saturating: the count can overflow).
fn cells_bytes(board: &Board) -> u64 {
    let (n, m) = (board.n() as u64, board.continuous.len() as u64);
    let per_cell = 8 * (2 * n + n * m + 3 * m) + 6 * 24;
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
        ends: Vec::new(),
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
                c.ends.push(table.knots[j1]);
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

/// A budget or memory error with its bound on the objective set to `bound`; other
/// errors unchanged.
pub(super) fn with_bound_value(mut e: Error, bound: f64) -> Error {
    if let Error::Search(
        SearchError::Budget { bound: b, .. } | SearchError::Memory { bound: b, .. },
    ) = &mut e
    {
        *b = Some(bound);
    }
    e
}
