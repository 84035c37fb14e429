//! The sweep's hot path: the Nash agreement on a prepared frontier, sequential and
//! without per-sample allocation in the scan itself.
//!
//! A sweep solves the same scenario for many situations (d, alpha). The frontier of the
//! discrete issues does not depend on them ([`Engine::prepare`]), so each sample is one
//! pass over the (frontier point, continuous cell) pairs. Most pairs are pruned by a
//! tangent-plane bound (STRUCTURE §4): the log Nash objective
//! `F(g) = sum_i alpha_i ln g_i` is concave, so for any gains `q > 0`
//!
//! ```text
//! F(g) <= F(q) + sum_i (alpha_i / q_i) (g_i - q_i)     for every g
//! ```
//!
//! and with `g_i = u_pi + c_ci(t) - d_i` (point p, cell c, position t) the right-hand
//! side splits into a part that depends only on p and one that depends only on c
//! (whose maximum over the cell's box is closed-form). Bounding all P x C pairs then
//! costs P + C dot products. The pair with the highest bound is solved first; the
//! tangent is then moved to the incumbent's gains, where the bound is tight, so that
//! only pairs that can still tie or beat the incumbent are solved exactly.
//!
//! Pruning only discards pairs whose bound lies below the incumbent by more than the
//! tie margin, and candidates are ranked by the same total order as [`Engine::best`],
//! so the answer is the one `best` gives (tested against a fresh engine per sample).

use std::cmp::Ordering;

use super::cell::{self, Cell, CellProblem, Goal, GAIN_EPS};
use super::engine::{log_nash, Candidate, Engine, GoalSpec, TIE};
use super::frontier::Frontier;
use crate::scenario::Situation;
use crate::space::Value;

/// Reusable buffers for [`Engine::nash_into`]: one per worker, reused across samples.
#[derive(Debug, Clone)]
pub(crate) struct NashScratch {
    d: Vec<f64>,
    alpha: Vec<f64>,
    zeros: Vec<f64>,
    /// Tangent point (gains) of the current bound.
    q: Vec<f64>,
    grad: Vec<f64>,
    base: Vec<f64>,
    point_bound: Vec<f64>,
    cell_bound: Vec<f64>,
    /// `cell_up[c * n + i]`: the most cell c can add to actor i above its lower corner.
    cell_up: Vec<f64>,
    /// Per seated actor, an upper bound on its utility over the feasible set.
    u_max: Vec<f64>,
    /// Utilities of the last agreement found (a warm start for the tangent).
    warm: Vec<f64>,
    best: Candidate,
    /// The pair being solved, swapped with `best` when it wins (no allocation).
    probe: Candidate,
    has_best: bool,
    /// The agreed outcome after a successful [`Engine::nash_into`].
    pub outcome: Vec<Value>,
    /// Pairs solved exactly so far (for benchmarks and tuning).
    pub solved: u64,
}

impl NashScratch {
    /// Buffers sized for `engine` (which should be prepared).
    pub fn new(engine: &Engine<'_>) -> Self {
        let n = engine.seated().len();
        let cells = &engine.cells;
        let mut cell_up = vec![0.0; cells.len() * n];
        for (c, cell) in cells.iter().enumerate() {
            for i in 0..n {
                cell_up[c * n + i] = (0..cell.lens.len())
                    .map(|k| (cell.slopes[k * n + i] * cell.lens[k]).max(0.0))
                    .sum();
            }
        }
        let mut u_max = vec![f64::NEG_INFINITY; n];
        if let Some(f) = &engine.prepared {
            for i in 0..n {
                let pmax = (0..f.len())
                    .map(|p| f.point(p)[i])
                    .fold(f64::NEG_INFINITY, f64::max);
                let cmax = (0..cells.len())
                    .map(|c| cells[c].base[i] + cell_up[c * n + i])
                    .fold(f64::NEG_INFINITY, f64::max);
                u_max[i] = pmax + cmax;
            }
        }
        let points = engine.prepared_len();
        NashScratch {
            d: vec![0.0; n],
            alpha: vec![0.0; n],
            zeros: vec![0.0; n],
            q: vec![0.0; n],
            grad: vec![0.0; n],
            base: vec![0.0; n],
            point_bound: vec![0.0; points],
            cell_bound: vec![0.0; cells.len()],
            cell_up,
            u_max,
            warm: vec![f64::NAN; n],
            best: Candidate {
                score: f64::NEG_INFINITY,
                nash: f64::NEG_INFINITY,
                point: 0,
                cell: 0,
                t: Vec::with_capacity(engine.board.continuous.len()),
                gains: vec![0.0; n],
            },
            probe: Candidate {
                score: f64::NEG_INFINITY,
                nash: f64::NEG_INFINITY,
                point: 0,
                cell: 0,
                t: Vec::with_capacity(engine.board.continuous.len()),
                gains: vec![0.0; n],
            },
            has_best: false,
            outcome: Vec::with_capacity(engine.board.issues),
            solved: 0,
        }
    }
}

impl Engine<'_> {
    /// The asymmetric Nash agreement in `situation`, written to `scratch.outcome`;
    /// `false` when there is none. The same answer as [`Engine::best`] with the Nash
    /// goal and zero floors, found by a sequential, bounded scan of the prepared
    /// frontier; an unprepared engine falls back to [`Engine::best`].
    pub(crate) fn nash_into(&self, scratch: &mut NashScratch, situation: &Situation) -> bool {
        let Some(frontier) = self.prepared.as_ref() else {
            return self.nash_fallback(scratch, situation);
        };
        if self.board.empty_because.is_some() || frontier.len() == 0 {
            return false;
        }
        let seated = &self.board.seated;
        let n = seated.len();
        for (j, &i) in seated.iter().enumerate() {
            scratch.d[j] = situation.disagreement[i];
            scratch.alpha[j] = situation.power[i];
        }
        // Nobody can gain: no individually rational outcome.
        if (0..n).any(|i| scratch.u_max[i] - scratch.d[i] <= GAIN_EPS) {
            return false;
        }
        // First tangent: the last agreement when it is individually rational here,
        // else halfway to each actor's best.
        for i in 0..n {
            let reach = scratch.u_max[i] - scratch.d[i];
            let warm = scratch.warm[i] - scratch.d[i];
            scratch.q[i] = if warm > GAIN_EPS && warm < reach {
                warm
            } else {
                0.5 * reach
            };
        }
        scratch.has_best = false;
        self.tangent_bounds(frontier, scratch);
        let first = self.most_promising(frontier, scratch);
        if let Some((p, c)) = first {
            self.try_pair(frontier, scratch, p, c);
        }
        let cells = self.cells.len();
        for p in 0..frontier.len() {
            for c in 0..cells {
                if first == Some((p, c)) {
                    continue;
                }
                if scratch.has_best {
                    let bar = scratch.best.score;
                    let bound = scratch.point_bound[p] + scratch.cell_bound[c];
                    if bound < bar - 1e3 * TIE * (1.0 + bar.abs()) {
                        continue;
                    }
                }
                if self.reachable(frontier, scratch, p, c) {
                    self.try_pair(frontier, scratch, p, c);
                }
            }
        }
        if !scratch.has_best {
            return false;
        }
        self.outcome_into(frontier, &scratch.best, &mut scratch.outcome);
        for i in 0..n {
            scratch.warm[i] = scratch.best.gains[i] + scratch.d[i];
        }
        true
    }

    fn nash_fallback(&self, scratch: &mut NashScratch, situation: &Situation) -> bool {
        match self.best(situation, &GoalSpec::Nash, &scratch.zeros) {
            Ok(Some((_, outcome))) => {
                scratch.outcome = outcome;
                true
            }
            _ => false,
        }
    }

    /// Tangent-plane bounds at `scratch.q`: `point_bound[p] + cell_bound[c]` bounds the
    /// log Nash objective over pair (p, c). The constant is folded into `point_bound`.
    fn tangent_bounds(&self, frontier: &Frontier, sc: &mut NashScratch) {
        let n = sc.q.len();
        let mut constant = 0.0;
        for i in 0..n {
            sc.grad[i] = sc.alpha[i] / sc.q[i];
            constant += sc.alpha[i] * sc.q[i].ln() - sc.grad[i] * (sc.q[i] + sc.d[i]);
        }
        for (p, b) in sc.point_bound.iter_mut().enumerate() {
            let u = frontier.point(p);
            *b = constant + (0..n).map(|i| sc.grad[i] * u[i]).sum::<f64>();
        }
        for (cell, b) in self.cells.iter().zip(sc.cell_bound.iter_mut()) {
            let mut v: f64 = (0..n).map(|i| sc.grad[i] * cell.base[i]).sum();
            for (k, len) in cell.lens.iter().enumerate() {
                let slope: f64 = (0..n).map(|i| sc.grad[i] * cell.slopes[k * n + i]).sum();
                v += (slope * len).max(0.0);
            }
            // Rounding slack: the bound is a sum of terms of this size.
            *b = v + 1e-12 * (1.0 + v.abs());
        }
    }

    /// The reachable pair with the highest tangent bound.
    fn most_promising(&self, frontier: &Frontier, sc: &NashScratch) -> Option<(usize, usize)> {
        let mut best: Option<(f64, usize, usize)> = None;
        for p in 0..frontier.len() {
            for c in 0..self.cells.len() {
                let b = sc.point_bound[p] + sc.cell_bound[c];
                if best.is_some_and(|(v, _, _)| b <= v) || !self.reachable(frontier, sc, p, c) {
                    continue;
                }
                best = Some((b, p, c));
            }
        }
        best.map(|(_, p, c)| (p, c))
    }

    /// Whether every seated actor can gain more than [`GAIN_EPS`] somewhere in pair (p, c).
    fn reachable(&self, frontier: &Frontier, sc: &NashScratch, p: usize, c: usize) -> bool {
        let u = frontier.point(p);
        let cell = &self.cells[c];
        let n = sc.d.len();
        (0..n).all(|i| u[i] + cell.base[i] - sc.d[i] + sc.cell_up[c * n + i] > GAIN_EPS)
    }

    /// Solve pair (p, c) exactly and keep it if it ranks above the incumbent; a new
    /// incumbent moves the tangent to its gains.
    fn try_pair(&self, frontier: &Frontier, sc: &mut NashScratch, p: usize, c: usize) {
        let cell = &self.cells[c];
        let u = frontier.point(p);
        for (i, b) in sc.base.iter_mut().enumerate() {
            *b = u[i] + cell.base[i] - sc.d[i];
        }
        let problem = CellProblem {
            cell: Cell {
                base: &sc.base,
                slopes: &cell.slopes,
                lens: &cell.lens,
            },
            alpha: &sc.alpha,
            floor: &sc.zeros,
            goal: Goal::Nash,
        };
        if sc.has_best {
            let bar = sc.best.score;
            if cell::upper_bound(&problem) < bar - 1e3 * TIE * (1.0 + bar.abs()) {
                return;
            }
        }
        sc.solved += 1;
        let n = sc.base.len();
        let m = cell.lens.len();
        sc.probe.point = p;
        sc.probe.cell = c;
        sc.probe.t.clear();
        sc.probe.gains.clear();
        if m == 0 {
            if sc.base.iter().any(|&g| g <= GAIN_EPS) {
                return;
            }
            sc.probe.gains.extend_from_slice(&sc.base);
        } else if let Some(t) = (m == 2)
            .then(|| {
                let (s1, s2) = cell.slopes.split_at(n);
                cell::nash_box2(&sc.base, s1, s2, [cell.lens[0], cell.lens[1]], &sc.alpha)
            })
            .flatten()
        {
            // The allocation-free kernel; the same answer `cell::solve` gives.
            let (s1, s2) = cell.slopes.split_at(n);
            sc.probe.t.extend_from_slice(&t);
            sc.probe
                .gains
                .extend((0..n).map(|i| sc.base[i] + (t[0] * s1[i] + t[1] * s2[i])));
        } else {
            let Some(o) = cell::solve(&problem) else {
                return;
            };
            sc.probe.t.extend_from_slice(&o.t);
            sc.probe.gains.extend_from_slice(&o.gains);
        }
        let score = log_nash(&sc.probe.gains, &sc.alpha);
        sc.probe.score = score;
        sc.probe.nash = score;
        if !sc.has_best || self.rank(frontier, &sc.probe, &sc.best) == Ordering::Greater {
            std::mem::swap(&mut sc.probe, &mut sc.best);
            sc.has_best = true;
            self.retangent(frontier, sc);
        }
    }

    /// Move the tangent to the incumbent's gains, where the bound is tight.
    fn retangent(&self, frontier: &Frontier, sc: &mut NashScratch) {
        if sc.best.score.is_finite() && sc.best.gains.iter().all(|&g| g > 0.0) {
            sc.q.copy_from_slice(&sc.best.gains);
            self.tangent_bounds(frontier, sc);
        }
    }
}
