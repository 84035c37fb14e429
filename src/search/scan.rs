//! The deterministic parallel argmax over (frontier point, continuous cell) pairs.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering as AtomicOrdering};

use super::budget::Budget;
use super::cell::{Cell, GAIN_EPS};
use super::frontier::{self, Frontier};
use super::goal::Goal;
use super::layer::{Candidate, CellData, Layer, Slot};
use crate::error::{Error, Result};

/// Frontier points handled by one parallel task; fixed, so that the reduction order,
/// and hence the result, does not depend on the thread count.
const CHUNK: usize = 64;

/// Scores this close (relative) are ties, broken by the Nash objective, then by
/// enumeration order.
pub(super) const TIE: f64 = 1e-10;

impl Layer {
    /// The best candidate of `frontier` for `goal` above `floors`.
    pub(super) fn scan(
        &self,
        frontier: &Frontier,
        d: &[f64],
        goal: &Goal<'_>,
        floors: &[f64],
        budget: &Budget,
    ) -> Result<Option<Candidate>> {
        let points = frontier.len();
        let incumbent = AtomicU64::new(f64::NEG_INFINITY.to_bits());
        let chunks = points.div_ceil(CHUNK);
        let out_of_budget = AtomicBool::new(false);
        let chunk_ids: Vec<usize> = (0..chunks).collect();
        let bests: Vec<Option<Candidate>> =
            frontier::par_map(&chunk_ids, points * self.cells.len() * d.len(), |&c| {
                if budget.limited() && !budget.spend((CHUNK * self.cells.len()) as u64) {
                    out_of_budget.store(true, AtomicOrdering::Relaxed);
                    return None;
                }
                let mut best: Option<Candidate> = None;
                let scan = PointScan {
                    frontier,
                    d,
                    goal,
                    floors,
                    incumbent: &incumbent,
                    budget,
                };
                let range = c * CHUNK..((c + 1) * CHUNK).min(points);
                if let [cell] = self.cells.as_slice() {
                    if cell.lens.is_empty() {
                        self.scan_discrete(&scan, cell, range, &mut best);
                        return best;
                    }
                }
                let mut base = vec![0.0; d.len()];
                for p in range {
                    if !self.scan_point(&scan, p, &mut base, &mut best) {
                        out_of_budget.store(true, AtomicOrdering::Relaxed);
                        return None;
                    }
                }
                best
            });
        if out_of_budget.load(AtomicOrdering::Relaxed) {
            return Err(Error::budget(budget.nodes(), budget.seconds(), None));
        }
        Ok(bests.into_iter().flatten().fold(None, |acc, c| match acc {
            Some(a) if self.rank(frontier, &a, &c, goal.is_homogeneous()) != Ordering::Less => {
                Some(a)
            }
            _ => Some(c),
        }))
    }

    /// [`Layer::scan_point`] for the points of `range` when the layer has no
    /// continuous issue (one cell, a single point): the same gains, eligibility, scores
    /// and order, in one tight pass.
    fn scan_discrete(
        &self,
        s: &PointScan<'_>,
        cell: &CellData,
        range: Range<usize>,
        best: &mut Option<Candidate>,
    ) {
        let n = s.d.len();
        let need: Vec<f64> = s.floors.iter().map(|f| f + GAIN_EPS).collect();
        let mut base = vec![0.0; n];
        let (cell_base, rise) = (&cell.base[..n], &cell.rise[..n]);
        let mut bar = f64::from_bits(s.incumbent.load(AtomicOrdering::Relaxed));
        for p in range {
            let u = s.frontier.point(p);
            let mut eligible = true;
            for i in 0..n {
                let g = u[i] + cell_base[i] - s.d[i];
                base[i] = g;
                eligible &= g + rise[i] > need[i];
            }
            if !eligible {
                continue;
            }
            let Some(score) = s
                .goal
                .score_from(&base, bar - 1e3 * TIE * (1.0 + bar.abs()))
            else {
                continue;
            };
            let found = Candidate {
                score,
                nash: s.goal.nash(&base),
                point: p,
                cell: 0,
                t: Vec::new(),
                gains: base.clone(),
            };
            let replace = match best {
                Some(b) => {
                    self.rank(s.frontier, &found, b, s.goal.is_homogeneous()) == Ordering::Greater
                }
                None => true,
            };
            if replace {
                raise(s.incumbent, found.score);
                bar = bar.max(found.score);
                *best = Some(found);
            }
        }
    }

    /// Every seated actor's best gain over the prepared points that clear `floors`, in
    /// one pass: what a scan for each actor's own gain would find, when the layer has
    /// a prepared frontier and no continuous issue. `None` when the layer is not of
    /// that kind; inside, `None` when no point clears the floors.
    pub(super) fn prepared_ideal(
        &self,
        d: &[f64],
        floors: &[f64],
        budget: &Budget,
    ) -> Option<Result<Option<Vec<f64>>>> {
        let frontier = self.prepared.as_ref()?;
        let [cell] = self.cells.as_slice() else {
            return None;
        };
        if !cell.lens.is_empty() {
            return None;
        }
        if self.board.empty_because.is_some() {
            return Some(Ok(None));
        }
        if budget.limited() && !budget.spend(frontier.len() as u64) {
            return Some(Err(Error::budget(budget.nodes(), budget.seconds(), None)));
        }
        let n = d.len();
        let need: Vec<f64> = floors.iter().map(|f| f + GAIN_EPS).collect();
        let (cell_base, rise) = (&cell.base[..n], &cell.rise[..n]);
        let mut ideal = vec![f64::NEG_INFINITY; n];
        let mut g = vec![0.0; n];
        let mut any = false;
        for p in 0..frontier.len() {
            let u = frontier.point(p);
            let mut eligible = true;
            for i in 0..n {
                g[i] = u[i] + cell_base[i] - d[i];
                eligible &= g[i] + rise[i] > need[i];
            }
            if eligible {
                any = true;
                for (best, &gi) in ideal.iter_mut().zip(&g) {
                    *best = best.max(gi);
                }
            }
        }
        Some(Ok(any.then_some(ideal)))
    }

    /// Every cell of frontier point `p`; false when the budget ran out.
    fn scan_point(
        &self,
        s: &PointScan<'_>,
        p: usize,
        base: &mut [f64],
        best: &mut Option<Candidate>,
    ) -> bool {
        let n = s.d.len();
        let u = s.frontier.point(p);
        for (ci, cell) in self.cells.iter().enumerate() {
            for i in 0..n {
                base[i] = u[i] + cell.base[i] - s.d[i];
            }
            if !(0..n).all(|i| base[i] + cell.rise[i] > s.floors[i] + GAIN_EPS) {
                continue;
            }
            let region = Cell {
                base,
                slopes: &cell.slopes,
                lens: &cell.lens,
            };
            let bar = f64::from_bits(s.incumbent.load(AtomicOrdering::Relaxed));
            // A discrete pair's exact score costs no more than its bound.
            if bar > f64::NEG_INFINITY && !cell.lens.is_empty() {
                let ub = s.goal.cell_bound(region, s.floors);
                if ub < bar - 1e3 * TIE * (1.0 + bar.abs()) {
                    continue;
                }
            }
            let found = if cell.lens.is_empty() {
                let score = s.goal.score(base);
                if score.is_nan() || score < bar - 1e3 * TIE * (1.0 + bar.abs()) {
                    continue;
                }
                Some(Candidate {
                    score,
                    nash: s.goal.nash(base),
                    point: p,
                    cell: ci,
                    t: Vec::new(),
                    gains: base.to_vec(),
                })
            } else {
                let Ok(solved) = s.goal.solve_cell(region, s.floors, s.budget) else {
                    return false;
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
            // An objective that is NaN somewhere makes that outcome ineligible.
            let Some(found) = found.filter(|c| !c.score.is_nan()) else {
                continue;
            };
            let replace = match best {
                Some(b) => {
                    self.rank(s.frontier, &found, b, s.goal.is_homogeneous()) == Ordering::Greater
                }
                None => true,
            };
            if replace {
                raise(s.incumbent, found.score);
                *best = Some(found);
            }
        }
        true
    }

    /// Total order on candidates: goal, then Nash objective, then earlier enumeration.
    ///
    /// A goal `homogeneous` in the gains (min ratio, linear) ties relative to its
    /// values' magnitude, so that gains of 1e-10 are told apart as well as gains of 1;
    /// logs (the Nash objective, already relative in the product) and unknown monotone
    /// goals tie within `TIE * (1 + magnitude)`.
    pub(super) fn rank(
        &self,
        frontier: &Frontier,
        a: &Candidate,
        b: &Candidate,
        homogeneous: bool,
    ) -> Ordering {
        rank_scores(a, b, homogeneous).then_with(|| self.enumeration_cmp(frontier, b, a))
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
}

/// What scanning one frontier point needs.
struct PointScan<'a> {
    frontier: &'a Frontier,
    d: &'a [f64],
    goal: &'a Goal<'a>,
    floors: &'a [f64],
    incumbent: &'a AtomicU64,
    budget: &'a Budget,
}

fn raise(incumbent: &AtomicU64, score: f64) {
    let _ = incumbent.fetch_update(AtomicOrdering::Relaxed, AtomicOrdering::Relaxed, |bits| {
        (score > f64::from_bits(bits)).then_some(score.to_bits())
    });
}

/// The first two keys of the total order on candidates: the goal, then the Nash
/// objective, each with the ties described at [`Layer::rank`]; `Equal` leaves the
/// decision to enumeration order.
pub(super) fn rank_scores(a: &Candidate, b: &Candidate, homogeneous: bool) -> Ordering {
    let tie = |x: f64, y: f64, floor: f64| {
        x.total_cmp(&y).is_eq() || (x - y).abs() <= TIE * (floor + x.abs().max(y.abs()))
    };
    if !tie(a.score, b.score, if homogeneous { 0.0 } else { 1.0 }) {
        return a.score.total_cmp(&b.score);
    }
    if !tie(a.nash, b.nash, 1.0) {
        return a.nash.total_cmp(&b.nash);
    }
    Ordering::Equal
}
