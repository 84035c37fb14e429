//! [`Engine`]: a scenario's board, cells and (optionally) its prepared frontier, and the
//! scan that finds the best outcome for a goal.

use std::cmp::Ordering;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use super::board::Board;
use super::budget::{Budget, SearchOptions};
use super::cell::{self, Cell, CellProblem, Goal, GAIN_EPS};
use super::frontier::{self, BuildOptions, Frontier};
use crate::error::{Error, Result};
use crate::scenario::{Scenario, Situation};
use crate::space::Value;

/// Frontier points handled by one parallel task; fixed, so that the reduction order,
/// and hence the result, does not depend on the thread count.
const CHUNK: usize = 64;

/// Scores this close (relative) are ties, broken by the Nash objective, then by
/// enumeration order.
pub(super) const TIE: f64 = 1e-10;

/// Partial outcomes kept per step by the beam search that finds the first incumbent.
const BEAM: usize = 128;

/// Relative margin below the incumbent under which a bound cuts a partial outcome:
/// far above rounding error, far below any difference the tie-break could see.
const CUT_MARGIN: f64 = 1e-9;

/// What a scan maximises over the gains g_i = u_i - d_i of the seated actors.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GoalSpec {
    /// sum_i alpha_i ln g_i.
    Nash,
    /// min_i g_i / scale_i.
    MaxMin(Vec<f64>),
    /// sum_i coef_i g_i.
    Linear(Vec<f64>),
    /// sum_i coef_i g_i when only its optimal value matters (a Kalai ideal point): the
    /// cells skip the tie-break among their maximisers.
    LinearValue(Vec<f64>),
}

impl GoalSpec {
    fn as_goal(&self) -> Goal<'_> {
        match self {
            GoalSpec::Nash => Goal::Nash,
            GoalSpec::MaxMin(scale) => Goal::MaxMin { scale },
            GoalSpec::Linear(coef) | GoalSpec::LinearValue(coef) => Goal::Linear { coef },
        }
    }

    /// The goal at fixed gains (all above their floors).
    fn score(&self, gains: &[f64], alpha: &[f64]) -> f64 {
        match self {
            GoalSpec::Nash => log_nash(gains, alpha),
            GoalSpec::MaxMin(scale) => gains
                .iter()
                .zip(scale)
                .map(|(g, s)| g / s)
                .fold(f64::INFINITY, f64::min),
            GoalSpec::Linear(coef) | GoalSpec::LinearValue(coef) => {
                gains.iter().zip(coef).map(|(g, c)| g * c).sum()
            }
        }
    }
}

/// sum_i alpha_i ln g_i, -inf when some gain is not positive.
pub(crate) fn log_nash(gains: &[f64], alpha: &[f64]) -> f64 {
    let mut total = 0.0;
    for (g, a) in gains.iter().zip(alpha) {
        if *g <= 0.0 {
            return f64::NEG_INFINITY;
        }
        total += a * g.ln();
    }
    total
}

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
enum Slot {
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

/// The exact search for one scenario.
///
/// Building an engine cuts the continuous issues into cells; [`Engine::prepare`]
/// additionally computes the Pareto frontier of the discrete issues once, which does
/// not depend on disagreement points, powers or patience, so that many situations
/// (a leverage sweep) can be solved by scanning it.
#[derive(Debug, Clone)]
pub struct Engine<'s> {
    scenario: &'s Scenario,
    pub(super) board: Board,
    pub(super) cells: Vec<CellData>,
    slots: Vec<Slot>,
    pub(super) prepared: Option<Frontier>,
    options: SearchOptions,
}

impl<'s> Engine<'s> {
    /// An engine with no search limits.
    pub fn new(scenario: &'s Scenario) -> Self {
        Self::with_options(scenario, SearchOptions::default())
    }

    /// An engine whose searches stop at the given limits.
    pub fn with_options(scenario: &'s Scenario, options: SearchOptions) -> Self {
        let board = Board::new(scenario);
        let mut slots = vec![Slot::Discrete(0); board.issues];
        for (j, t) in board.discrete.iter().enumerate() {
            slots[t.issue] = Slot::Discrete(j);
        }
        for (j, t) in board.continuous.iter().enumerate() {
            slots[t.issue] = Slot::Continuous(j);
        }
        let cells = cells(&board);
        Engine {
            scenario,
            board,
            cells,
            slots,
            prepared: None,
            options,
        }
    }

    /// The scenario searched.
    pub fn scenario(&self) -> &'s Scenario {
        self.scenario
    }

    /// Compute the discrete Pareto frontier once for all later solves.
    ///
    /// # Errors
    /// [`Error::Budget`] when the search limits are hit.
    pub fn prepare(&mut self) -> Result<()> {
        if self.prepared.is_none() {
            let budget = Budget::new(self.options);
            let f =
                frontier::build(&self.board, &BuildOptions::default(), &budget).map_err(|e| {
                    self.with_bound(e, &self.scenario.status_quo_situation(), &GoalSpec::Nash)
                })?;
            self.prepared = Some(f);
        }
        Ok(())
    }

    /// Number of points on the prepared frontier (0 before [`Engine::prepare`]).
    pub fn prepared_len(&self) -> usize {
        self.prepared.as_ref().map_or(0, Frontier::len)
    }

    /// Number of continuous cells (1 when there is no continuous issue).
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// Why no outcome is feasible (every value of some issue vetoed), if so.
    pub(crate) fn infeasible_reason(&self) -> Option<&str> {
        self.board.empty_because.as_deref()
    }

    /// The search limits every solve with this engine obeys.
    pub(crate) fn options(&self) -> SearchOptions {
        self.options
    }

    /// Seated actors' indices.
    pub(crate) fn seated(&self) -> &[usize] {
        &self.board.seated
    }

    /// The best outcome for `goal` among those giving every seated actor a gain above
    /// `floors` (strictly, by [`GAIN_EPS`]), ties broken by the Nash objective, then by
    /// enumeration order. `None` when no such outcome exists.
    ///
    /// # Errors
    /// [`Error::Budget`] when the search limits are hit.
    pub(crate) fn best(
        &self,
        situation: &Situation,
        goal: &GoalSpec,
        floors: &[f64],
    ) -> Result<Option<(Candidate, Vec<Value>)>> {
        if self.board.empty_because.is_some() {
            return Ok(None);
        }
        let d: Vec<f64> = self
            .seated()
            .iter()
            .map(|&i| situation.disagreement()[i])
            .collect();
        let alpha: Vec<f64> = self
            .seated()
            .iter()
            .map(|&i| situation.power()[i])
            .collect();
        let budget = Budget::new(self.options);
        let built;
        let frontier = match &self.prepared {
            Some(f) => f,
            None => {
                built = self
                    .pruned_frontier(&d, &alpha, goal, floors, &budget)
                    .map_err(|e| self.with_bound(e, situation, goal))?;
                &built
            }
        };
        let best = self
            .scan(frontier, &d, &alpha, goal, floors, &budget)
            .map_err(|e| self.with_bound(e, situation, goal))?;
        Ok(best.map(|c| {
            let outcome = self.outcome(frontier, &c);
            (c, outcome)
        }))
    }

    /// The discrete frontier restricted to partial outcomes that can still win: each
    /// must be able to clear every floor (individual rationality), and, once a beam
    /// search has found an incumbent, must not be bounded below it. The bounds:
    /// the goal at each actor's best completion (every goal is monotone in each gain),
    /// and for Nash the tangent plane of the concave objective at the incumbent
    /// (STRUCTURE.md item 4): F(x) <= F(q) + g.(x - q), g_i = alpha_i / q_i, whose
    /// maximum over the remaining issues decomposes issue by issue. Only outcomes
    /// strictly worse than the incumbent are cut, so the exact answer and its ties
    /// survive.
    fn pruned_frontier(
        &self,
        d: &[f64],
        alpha: &[f64],
        goal: &GoalSpec,
        floors: &[f64],
        budget: &Budget,
    ) -> Result<Frontier> {
        let n = d.len();
        let floor: Vec<f64> = d.iter().zip(floors).map(|(d, f)| d + f).collect();
        let k = self.board.discrete.len();
        let rests: Vec<Vec<f64>> = (0..=k).map(|j| self.board.rest_max(j)).collect();
        let optimistic = |done: usize, u: &[f64]| -> f64 {
            let best: Vec<f64> = (0..n).map(|i| u[i] + rests[done][i] - d[i]).collect();
            if best.iter().zip(floors).any(|(g, f)| *g <= *f + GAIN_EPS) {
                return f64::NEG_INFINITY;
            }
            goal.score(&best, alpha)
        };
        let beam = BuildOptions {
            keep_ties: false,
            floor: Some(&floor),
            cut: None,
            beam: Some((BEAM, &optimistic)),
        };
        let incumbent = {
            let f = frontier::build(&self.board, &beam, budget)?;
            self.scan(&f, d, alpha, goal, floors, budget)?
        };
        let Some(incumbent) = incumbent else {
            // The beam found nothing individually rational: search without a bar.
            let opts = BuildOptions {
                keep_ties: false,
                floor: Some(&floor),
                cut: None,
                beam: None,
            };
            return frontier::build(&self.board, &opts, budget);
        };
        let bar = incumbent.score - CUT_MARGIN * (1.0 + incumbent.score.abs());
        // Tangent direction: alpha_i / q_i for Nash, the coefficients for linear goals.
        let direction: Option<Vec<f64>> = match goal {
            GoalSpec::Nash => Some(
                alpha
                    .iter()
                    .zip(&incumbent.gains)
                    .map(|(a, q)| a / q)
                    .collect(),
            ),
            GoalSpec::Linear(coef) | GoalSpec::LinearValue(coef) => Some(coef.clone()),
            GoalSpec::MaxMin(_) => None,
        };
        let tails = direction.as_ref().map(|g| self.board.linear_tails(g));
        let threshold = match (goal, &direction) {
            (GoalSpec::Nash, Some(g)) => {
                let gq: f64 = g.iter().zip(&incumbent.gains).map(|(g, q)| g * q).sum();
                gq - CUT_MARGIN * (1.0 + gq.abs())
            }
            _ => bar,
        };
        let cut = |done: usize, u: &[f64]| -> bool {
            if optimistic(done, u) < bar {
                return true;
            }
            match (&direction, &tails) {
                (Some(g), Some(tails)) => {
                    let reach: f64 =
                        (0..n).map(|i| g[i] * (u[i] - d[i])).sum::<f64>() + tails[done];
                    reach < threshold
                }
                _ => false,
            }
        };
        let opts = BuildOptions {
            keep_ties: false,
            floor: Some(&floor),
            cut: Some(&cut),
            beam: None,
        };
        frontier::build(&self.board, &opts, budget)
    }

    /// Fill in the bound of a budget error: the goal at the ideal point (every seated
    /// actor's best utility over the feasible set, ignoring the others).
    fn with_bound(&self, e: Error, situation: &Situation, goal: &GoalSpec) -> Error {
        match e {
            Error::Budget { nodes, seconds, .. } => {
                let rest = self.board.rest_max(0);
                let gains: Vec<f64> = self
                    .seated()
                    .iter()
                    .zip(&rest)
                    .map(|(&i, r)| r - situation.disagreement()[i])
                    .collect();
                let alpha: Vec<f64> = self
                    .seated()
                    .iter()
                    .map(|&i| situation.power()[i])
                    .collect();
                // Every goal is non-decreasing in each gain, so its value at the ideal
                // gains bounds it. (Capping max-min goals at 1 held for Kalai only: an
                // egalitarian max-min gain can exceed 1.)
                let bound = goal.score(&gains, &alpha);
                Error::Budget {
                    nodes,
                    seconds,
                    bound: Some(bound),
                }
            }
            other => other,
        }
    }

    fn scan(
        &self,
        frontier: &Frontier,
        d: &[f64],
        alpha: &[f64],
        goal: &GoalSpec,
        floors: &[f64],
        budget: &Budget,
    ) -> Result<Option<Candidate>> {
        let points = frontier.len();
        let incumbent = AtomicU64::new(f64::NEG_INFINITY.to_bits());
        let chunks = points.div_ceil(CHUNK);
        let out_of_budget = std::sync::atomic::AtomicBool::new(false);
        let chunk_ids: Vec<usize> = (0..chunks).collect();
        let bests: Vec<Option<Candidate>> =
            frontier::par_map(&chunk_ids, points * self.cells.len() * d.len(), |&c| {
                if budget.limited() && !budget.spend((CHUNK * self.cells.len()) as u64) {
                    out_of_budget.store(true, AtomicOrdering::Relaxed);
                    return None;
                }
                let mut best: Option<Candidate> = None;
                for p in c * CHUNK..((c + 1) * CHUNK).min(points) {
                    self.scan_point(frontier, p, d, alpha, goal, floors, &incumbent, &mut best);
                }
                best
            });
        if out_of_budget.load(AtomicOrdering::Relaxed) {
            return Err(Error::Budget {
                nodes: budget.nodes(),
                seconds: budget.seconds(),
                bound: None,
            });
        }
        Ok(bests.into_iter().flatten().fold(None, |acc, c| match acc {
            Some(a) if self.rank(frontier, &a, &c) != Ordering::Less => Some(a),
            _ => Some(c),
        }))
    }

    #[allow(clippy::too_many_arguments)]
    fn scan_point(
        &self,
        frontier: &Frontier,
        p: usize,
        d: &[f64],
        alpha: &[f64],
        goal: &GoalSpec,
        floors: &[f64],
        incumbent: &AtomicU64,
        best: &mut Option<Candidate>,
    ) {
        let n = d.len();
        let u = frontier.point(p);
        let mut base = vec![0.0; n];
        for (ci, cell) in self.cells.iter().enumerate() {
            for i in 0..n {
                base[i] = u[i] + cell.base[i] - d[i];
            }
            let reachable = (0..n).all(|i| {
                let up: f64 = (0..cell.lens.len())
                    .map(|k| (cell.slopes[k * n + i] * cell.lens[k]).max(0.0))
                    .sum();
                base[i] + up > floors[i] + GAIN_EPS
            });
            if !reachable {
                continue;
            }
            let problem = CellProblem {
                cell: Cell {
                    base: &base,
                    slopes: &cell.slopes,
                    lens: &cell.lens,
                },
                alpha,
                floor: floors,
                goal: goal.as_goal(),
            };
            let bar = f64::from_bits(incumbent.load(AtomicOrdering::Relaxed));
            if bar > f64::NEG_INFINITY {
                let ub = cell::upper_bound(&problem);
                if ub < bar - 1e3 * TIE * (1.0 + bar.abs()) {
                    continue;
                }
            }
            let found = if cell.lens.is_empty() {
                Some(Candidate {
                    score: goal.score(&base, alpha),
                    nash: log_nash(&base, alpha),
                    point: p,
                    cell: ci,
                    t: Vec::new(),
                    gains: base.clone(),
                })
            } else {
                let solved = match goal {
                    GoalSpec::LinearValue(_) => cell::solve_value(&problem),
                    _ => cell::solve(&problem),
                };
                solved.map(|o| Candidate {
                    score: o.score,
                    nash: o.nash,
                    point: p,
                    cell: ci,
                    t: o.t,
                    gains: o.gains,
                })
            };
            let Some(found) = found else { continue };
            let replace = match best {
                Some(b) => self.rank(frontier, &found, b) == Ordering::Greater,
                None => true,
            };
            if replace {
                raise(incumbent, found.score);
                *best = Some(found);
            }
        }
    }

    /// Total order on candidates: goal, then Nash objective, then earlier enumeration.
    pub(super) fn rank(&self, frontier: &Frontier, a: &Candidate, b: &Candidate) -> Ordering {
        let tie = |x: f64, y: f64| {
            x.total_cmp(&y).is_eq() || (x - y).abs() <= TIE * (1.0 + x.abs().max(y.abs()))
        };
        if !tie(a.score, b.score) {
            return a.score.total_cmp(&b.score);
        }
        if !tie(a.nash, b.nash) {
            return a.nash.total_cmp(&b.nash);
        }
        self.enumeration_cmp(frontier, b, a)
    }

    fn enumeration_cmp(&self, frontier: &Frontier, a: &Candidate, b: &Candidate) -> Ordering {
        for slot in &self.slots {
            let ord = match *slot {
                Slot::Discrete(j) => frontier.choice(a.point)[j].cmp(&frontier.choice(b.point)[j]),
                Slot::Continuous(j) => self.value_at(a, j).total_cmp(&self.value_at(b, j)),
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
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
    /// [`Error::Budget`] when the search limits are hit.
    pub fn frontier(
        scenario: &Scenario,
        resolution: usize,
        options: SearchOptions,
    ) -> Result<Vec<FrontierPoint>> {
        let board = Board::gridded(scenario, resolution);
        if board.empty_because.is_some() {
            return Ok(Vec::new());
        }
        let budget = Budget::new(options);
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
                let utilities = scenario
                    .actors()
                    .iter()
                    .map(|a| a.utility(&outcome))
                    .collect();
                FrontierPoint { outcome, utilities }
            })
            .collect())
    }
}

fn raise(incumbent: &AtomicU64, score: f64) {
    let _ = incumbent.fetch_update(AtomicOrdering::Relaxed, AtomicOrdering::Relaxed, |bits| {
        (score > f64::from_bits(bits)).then_some(score.to_bits())
    });
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
    debug_assert!(out.iter().all(|c| c.lens.len() == m));
    out
}
