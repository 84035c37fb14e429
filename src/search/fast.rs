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
//! costs P + C dot products.
//!
//! Per sample: the last few distinct winning pairs are solved first (the sweep's
//! chunks are fixed, so this is deterministic) and the tangent moves to the
//! incumbent's gains; the pairs
//! whose bound still reaches the incumbent are queued, the most promising few first.
//! A queued pair that the tangent does not cut meets level-set planes (`level_cut`):
//! tangent planes of F placed on the incumbent's level set along the ray through a
//! pair's best corner, kept and shared by the pairs of the same non-convex dent of the
//! frontier. What survives is solved exactly, with two continuous issues by the
//! allocation-free kernel `cell::nash_box2`.
//!
//! Pruning only discards pairs whose bound lies below the incumbent by more than the
//! tie margin, and candidates are ranked by the same total order as [`Engine::best`],
//! so the answer is the one `best` gives whatever the order of the work (tested
//! against a fresh engine per sample).

use std::cmp::Ordering;

use super::cell::{self, Cell, CellProblem, Goal, GAIN_EPS};
use super::frontier::Frontier;
use super::goal::Seated;
use super::layer::{Candidate, Layer};
use super::objective::log_product;
use super::scan::TIE;
use crate::space::Value;

/// Recent winning pairs tried before the scan.
const RECENT: usize = 8;

/// Queued pairs tried in order of their bound before the rest.
const HEAD: usize = 8;

/// Level-set planes kept per incumbent (see `planes`).
const PLANES: usize = 8;

mod planes;

/// The bar a bound must reach not to be cut: the incumbent less the tie margin.
fn margin(bar: f64) -> f64 {
    bar - 1e3 * TIE * (1.0 + bar.abs())
}

/// A key whose ascending order is the descending total order of `x`.
fn descending_key(x: f64) -> u64 {
    let b = x.to_bits();
    let ascending = if b >> 63 == 1 { !b } else { b | 1 << 63 };
    !ascending
}

/// The inverse of [`descending_key`].
fn from_descending_key(k: u64) -> f64 {
    let a = !k;
    f64::from_bits(if a >> 63 == 1 { a & !(1 << 63) } else { !a })
}

/// Reusable buffers for [`Engine::log_product_into`]: one per worker, reused across
/// samples.
#[derive(Debug, Clone)]
pub(crate) struct NashScratch {
    d: Vec<f64>,
    /// The weights of the log product maximised.
    alpha: Vec<f64>,
    /// The situation's powers (the tie-break), when they differ from `alpha`.
    power: Vec<f64>,
    own_weights: bool,
    zeros: Vec<f64>,
    /// Tangent point (gains) of the current bound.
    q: Vec<f64>,
    grad: Vec<f64>,
    base: Vec<f64>,
    /// The corner of a pair's box used by its local bound.
    y: Vec<f64>,
    /// Gains at a corner being tried.
    corner: Vec<f64>,
    /// Normal of a level-set plane.
    w: Vec<f64>,
    /// Level-set planes kept this sample, and the incumbent objective their
    /// scales are for.
    planes: usize,
    planes_bar: f64,
    /// `plane_point[j * points + p]`, `plane_cell[j * cells + c]`: plane j's maximum
    /// over pair (p, c) is the sum.
    plane_point: Vec<f64>,
    plane_cell: Vec<f64>,
    /// The incumbent objective each plane was built for, and its normal's scale
    /// for the current incumbent.
    plane_bar: [f64; PLANES],
    plane_scale: [f64; PLANES],
    point_bound: Vec<f64>,
    cell_bound: Vec<f64>,
    /// Per seated actor, an upper bound on its utility over the feasible set.
    u_max: Vec<f64>,
    /// Utilities of the last agreement found (a warm start for the tangent).
    warm: Vec<f64>,
    best: Candidate,
    /// The last distinct winning (point, cell) pairs, most recent first, tried first.
    recent: [Option<(usize, usize)>; RECENT],
    /// Pairs left to examine: ([`descending_key`] of the tangent bound,
    /// `point * cells + cell`).
    queue: Vec<(u64, u64)>,
    /// Points with a queued pair this sample, and whether bounds and plane parts
    /// are kept for those only (while the queue is processed).
    live: Vec<usize>,
    live_only: bool,
    /// `need[c * n + i]`: actor i can gain in pair (p, c) only if `u_pi > need`.
    need: Vec<f64>,
    /// Bumped whenever the tangent moves (the bounds change).
    tangent_id: u64,
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
    pub fn new(layer: &Layer) -> Self {
        let n = layer.seated().len();
        let cells = &layer.cells;
        let mut u_max = vec![f64::NEG_INFINITY; n];
        if let Some(f) = &layer.prepared {
            for (i, u) in u_max.iter_mut().enumerate() {
                let pmax = (0..f.len())
                    .map(|p| f.point(p)[i])
                    .fold(f64::NEG_INFINITY, f64::max);
                let cmax = cells
                    .iter()
                    .map(|c| c.base[i] + c.rise[i])
                    .fold(f64::NEG_INFINITY, f64::max);
                *u = pmax + cmax;
            }
        }
        let points = layer.prepared_len();
        NashScratch {
            d: vec![0.0; n],
            alpha: vec![0.0; n],
            power: vec![0.0; n],
            own_weights: false,
            zeros: vec![0.0; n],
            q: vec![0.0; n],
            grad: vec![0.0; n],
            base: vec![0.0; n],
            y: vec![0.0; n],
            corner: vec![0.0; n],
            w: vec![0.0; n],
            planes: 0,
            planes_bar: f64::NAN,
            plane_point: vec![0.0; PLANES * points],
            plane_cell: vec![0.0; PLANES * cells.len()],
            plane_bar: [0.0; PLANES],
            plane_scale: [1.0; PLANES],
            point_bound: vec![0.0; points],
            cell_bound: vec![0.0; cells.len()],
            u_max,
            warm: vec![f64::NAN; n],
            best: Candidate::empty(n, layer.board.continuous.len()),
            probe: Candidate::empty(n, layer.board.continuous.len()),
            recent: [None; RECENT],
            queue: Vec::with_capacity(points * cells.len()),
            need: vec![0.0; cells.len() * n],
            live: Vec::with_capacity(points),
            live_only: false,
            tangent_id: 0,
            has_best: false,
            outcome: Vec::with_capacity(layer.board.issues),
            solved: 0,
        }
    }
}

impl Layer {
    /// The outcome that maximises `sum_i w_i ln g_i` (`weights` in seated order) in the
    /// situation whose seated parameters are `seated`, written to `scratch.outcome`;
    /// `false` when there is none. The same answer as [`Engine::maximise`] with that
    /// objective and zero floors (ties by the situation's Nash objective, then
    /// enumeration order), found by a sequential, bounded scan of the prepared
    /// frontier (the layer must be prepared: `FastScans` scans only such layers).
    pub(crate) fn log_product_into(
        &self,
        scratch: &mut NashScratch,
        seated: &Seated,
        weights: &[f64],
    ) -> bool {
        let Some(frontier) = self.prepared.as_ref() else {
            // `FastScans` makes a scratch only for a prepared layer.
            debug_assert!(false, "log_product_into on an unprepared layer");
            return false;
        };
        if self.board.empty_because.is_some()
            || frontier.len() == 0
            || !self.start_sample(scratch, seated, weights)
        {
            return false;
        }
        let fresh = scratch.tangent_id;
        let first = self.warm_start(frontier, scratch);
        if scratch.tangent_id == fresh {
            // No tangent was computed for this sample yet (stale bounds otherwise).
            self.tangent_bounds(frontier, scratch);
        }
        self.fill_queue(frontier, scratch, first);
        self.drain_queue(frontier, scratch);
        if !scratch.has_best {
            return false;
        }
        self.outcome_into(frontier, &scratch.best, &mut scratch.outcome);
        let won = Some((scratch.best.point, scratch.best.cell));
        let at = scratch
            .recent
            .iter()
            .position(|&r| r == won)
            .unwrap_or(RECENT - 1);
        scratch.recent.copy_within(0..at, 1);
        scratch.recent[0] = won;
        for (w, (g, d)) in scratch
            .warm
            .iter_mut()
            .zip(scratch.best.gains.iter().zip(&scratch.d))
        {
            *w = g + d;
        }
        true
    }

    /// Load the sample's parameters and reset the per-sample state; false when some
    /// seated actor cannot gain at all (no individually rational outcome).
    fn start_sample(&self, scratch: &mut NashScratch, seated: &Seated, weights: &[f64]) -> bool {
        let n = seated.d.len();
        scratch.d.copy_from_slice(&seated.d);
        scratch.alpha.copy_from_slice(weights);
        scratch.own_weights = weights != seated.alpha.as_slice();
        if scratch.own_weights {
            scratch.power.copy_from_slice(&seated.alpha);
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
        scratch.live_only = false;
        scratch.planes = 0;
        scratch.planes_bar = f64::NAN;
        for (c, cell) in self.cells.iter().enumerate() {
            for i in 0..n {
                // Conservative by 1e-12: a pair let through is decided by the solver.
                scratch.need[c * n + i] =
                    scratch.d[i] + GAIN_EPS - cell.base[i] - cell.rise[i] - 1e-12;
            }
        }
        true
    }

    /// The last few winning pairs (most recent first) usually hold the winner or come
    /// close, so that the tangent moves to a near-optimal incumbent before the scan;
    /// without one, the most promising pair. Returns that pair.
    fn warm_start(&self, frontier: &Frontier, scratch: &mut NashScratch) -> Option<(usize, usize)> {
        // The tangent moves once, to the best of them, not after each improvement
        // (each move is a pass over the frontier).
        let mut improved = false;
        for r in 0..RECENT {
            if let Some((p, c)) = scratch.recent[r] {
                if p < frontier.len() && self.reachable(frontier, scratch, p, c) {
                    improved |= self.try_pair(frontier, scratch, p, c, false);
                }
            }
        }
        if improved {
            self.retangent(frontier, scratch);
        }
        let warm_pair = scratch.recent[0];
        let mut first = warm_pair;
        if !scratch.has_best {
            self.tangent_bounds(frontier, scratch);
            first = self.most_promising(frontier, scratch);
            if let Some((p, c)) = first.filter(|&f| Some(f) != warm_pair) {
                self.try_pair(frontier, scratch, p, c, true);
            }
        }
        first
    }

    /// Queue every other pair whose tangent bound reaches the incumbent, the most
    /// promising few first. The order only saves work: pruning drops pairs strictly
    /// below the incumbent and `rank` is a total order, so the winner is the same in
    /// any order.
    fn fill_queue(&self, frontier: &Frontier, sc: &mut NashScratch, first: Option<(usize, usize)>) {
        let cells = self.cells.len();
        let recent = sc.recent;
        sc.queue.clear();
        let top_cell = sc
            .cell_bound
            .iter()
            .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        let bar = if sc.has_best {
            margin(sc.best.score)
        } else {
            f64::NEG_INFINITY
        };
        sc.live.clear();
        for p in 0..frontier.len() {
            let pb = sc.point_bound[p];
            if pb + top_cell < bar {
                continue;
            }
            let queued = sc.queue.len();
            for c in 0..cells {
                let bound = pb + sc.cell_bound[c];
                let skip = Some((p, c)) == first || recent.contains(&Some((p, c)));
                if bound >= bar && !skip && self.reachable(frontier, sc, p, c) {
                    sc.queue
                        .push((descending_key(bound), (p * cells + c) as u64));
                }
            }
            if sc.queue.len() > queued {
                sc.live.push(p);
            }
        }
        // From here on only the queued points' bounds and plane parts are read.
        sc.live_only = true;
        // The most promising few first (integer keys: ties in enumeration order),
        // the rest in any order: a good incumbent early is what prunes.
        if sc.queue.len() > HEAD {
            sc.queue.select_nth_unstable(HEAD);
        }
        let head = sc.queue.len().min(HEAD);
        sc.queue[..head].sort_unstable();
    }

    /// Solve the queued pairs that the moving bounds do not cut.
    fn drain_queue(&self, frontier: &Frontier, sc: &mut NashScratch) {
        let cells = self.cells.len();
        let mut tangent = sc.tangent_id;
        let mut j = 0;
        while j < sc.queue.len() {
            let (key, index) = sc.queue[j];
            let (p, c) = (index as usize / cells, index as usize % cells);
            let mut bound = from_descending_key(key);
            j += 1;
            if tangent != sc.tangent_id {
                // The tangent moved to a better incumbent: bounds are fresh.
                tangent = sc.tangent_id;
                bound = sc.point_bound[p] + sc.cell_bound[c];
            }
            if sc.has_best && bound < margin(sc.best.score) {
                continue;
            }
            self.try_pair(frontier, sc, p, c, true);
        }
    }

    /// Tangent-plane bounds at `scratch.q`: `point_bound[p] + cell_bound[c]` bounds the
    /// log Nash objective over pair (p, c). The constant is folded into `point_bound`.
    fn tangent_bounds(&self, frontier: &Frontier, sc: &mut NashScratch) {
        sc.tangent_id += 1;
        let n = sc.q.len();
        let mut constant = 0.0;
        for i in 0..n {
            sc.grad[i] = sc.alpha[i] / sc.q[i];
            constant += sc.alpha[i] * sc.q[i].ln() - sc.grad[i] * (sc.q[i] + sc.d[i]);
        }
        let grad = &sc.grad[..n];
        let point = |u: &[f64]| {
            let mut v = 0.0;
            for (g, u) in grad.iter().zip(u) {
                v += g * u;
            }
            constant + v
        };
        if sc.live_only {
            for &p in &sc.live {
                sc.point_bound[p] = point(frontier.point(p));
            }
        } else {
            // Every point: one pass over the utilities in memory order.
            for (b, u) in sc
                .point_bound
                .iter_mut()
                .zip(frontier.utils.chunks_exact(n))
            {
                *b = point(u);
            }
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
        let n = sc.d.len();
        u.iter()
            .zip(&sc.need[c * n..(c + 1) * n])
            .all(|(u, need)| u > need)
    }

    /// Solve pair (p, c) exactly and keep it if it ranks above the incumbent (then
    /// `true`); with `retangent`, a new incumbent moves the tangent to its gains.
    fn try_pair(
        &self,
        frontier: &Frontier,
        sc: &mut NashScratch,
        p: usize,
        c: usize,
        retangent: bool,
    ) -> bool {
        let cell = &self.cells[c];
        let u = frontier.point(p);
        for (i, b) in sc.base.iter_mut().enumerate() {
            *b = u[i] + cell.base[i] - sc.d[i];
        }
        // A single point's exact objective costs less than a level-set plane.
        if sc.has_best && !cell.lens.is_empty() && self.level_cut(frontier, sc, p, c) {
            return false;
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
                return false;
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
            let Some(o) = cell::solve(&problem) else {
                return false;
            };
            sc.probe.t.extend_from_slice(&o.t);
            sc.probe.gains.extend_from_slice(&o.gains);
        }
        let score = log_product(&sc.probe.gains, &sc.alpha);
        sc.probe.score = score;
        sc.probe.nash = if sc.own_weights {
            log_product(&sc.probe.gains, &sc.power)
        } else {
            score
        };
        if !sc.has_best || self.rank(frontier, &sc.probe, &sc.best, false) == Ordering::Greater {
            std::mem::swap(&mut sc.probe, &mut sc.best);
            sc.has_best = true;
            if retangent {
                self.retangent(frontier, sc);
            }
            return true;
        }
        false
    }

    /// Move the tangent to the incumbent's gains, where the bound is tight.
    fn retangent(&self, frontier: &Frontier, sc: &mut NashScratch) {
        if sc.best.score.is_finite() && sc.best.gains.iter().all(|&g| g > 0.0) {
            sc.q.copy_from_slice(&sc.best.gains);
            self.tangent_bounds(frontier, sc);
        }
    }
}
