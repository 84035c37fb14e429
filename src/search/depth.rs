//! A depth-first branch and bound over the discrete issues of a small layer.
//!
//! On a board of a few hundred thousand outcomes, building even a pruned frontier
//! costs more than the space: each step compares partial outcomes pairwise for
//! dominance (a Nash search over 17,496 outcomes spent 164,000 such tests). When the
//! layer has only discrete issues and no links, every outcome's utilities are sums of
//! one row per table, so the search can instead walk the outcomes in enumeration
//! order, each partial outcome cut by the same bounds the frontier's steps use: its
//! actors' best completions must clear the floors, and it must reach the incumbent's
//! bar ([`Bar`]). A first incumbent comes from the goal's tangent plane (module
//! `tangent`) or from earlier answers given as hints, so the bar is high from the
//! first node.
//!
//! The answer is the one the frontier's scan finds: the best by the contract's total
//! order (goal, then Nash product within [`TIE`](super::scan::TIE), then enumeration
//! order). A dominated outcome loses to its dominator on the goal or on the Nash
//! tie-break, save when the two are closer than the tie itself; so the walk keeps
//! every outcome tied with the best that no other tied outcome dominates (by the
//! frontier's margins) and answers the first of them in enumeration order, as the
//! scan of the frontier, which never holds the dominated one, would.

use std::cmp::Ordering;

use super::board::Board;
use super::budget::Budget;
use super::cell::GAIN_EPS;
use super::frontier::{self, Frontier};
use super::goal::Goal;
use super::layer::{Candidate, Layer};
use super::polish;
use super::prune::{Bar, Completions};
use super::scan::{rank_scores, TIE};
use super::tangent;
use crate::error::{Error, Result};
use crate::space::Value;

/// Outcomes a board may have for the depth-first search: past this many, the
/// frontier's dominance tests (which merge partial outcomes that the bounds cannot
/// separate) are the better bet.
pub(super) const MAX_OUTCOMES: u128 = 1 << 20;

/// Nodes counted between two looks at the budget.
const BUDGET_STRIDE: u64 = 1 << 12;

impl Layer {
    /// Whether [`Layer::depth_first`] applies: discrete issues only, no links, at
    /// most [`MAX_OUTCOMES`] outcomes.
    pub(super) fn fits_depth_first(&self) -> bool {
        let board = &self.board;
        board.continuous.is_empty()
            && board.links.is_empty()
            && board.empty_because.is_none()
            && board
                .discrete
                .iter()
                .try_fold(1u128, |count, t| count.checked_mul(t.values.len() as u128))
                .is_some_and(|count| count <= MAX_OUTCOMES)
    }

    /// The best outcome for `goal` above `floors` (gains over `d`), as a frontier of
    /// that one point and its candidate; `None` when no outcome clears the floors.
    ///
    /// # Errors
    /// [`SearchError::Budget`](crate::error::SearchError::Budget) when the budget runs
    /// out (its bound left for the caller to fill).
    pub(super) fn depth_first(
        &self,
        goal: &Goal<'_>,
        d: &[f64],
        floors: &[f64],
        hints: &[&[Value]],
        budget: &Budget,
    ) -> Result<Option<(Frontier, Candidate)>> {
        let mut walk = Walk::new(&self.board, goal, d, floors, budget);
        walk.first_incumbent(hints);
        if self.board.discrete.is_empty() {
            walk.leaf();
        } else {
            walk.visit(0)?;
        }
        budget.spend(walk.unspent);
        // Of tied outcomes the frontier would keep every one no other dominates, and
        // the scan the first of them in enumeration order.
        let Some((choices, mut best)) = walk.best.into_iter().min_by(|a, b| a.0.cmp(&b.0)) else {
            return Ok(None);
        };
        let n = d.len();
        let utils = best.gains.iter().zip(d).map(|(g, d)| g + d).collect();
        best.point = 0;
        let frontier = Frontier {
            n,
            k: choices.len(),
            utils,
            choices,
            words: 0,
            states: Vec::new(),
        };
        Ok(Some((frontier, best)))
    }
}

/// The state of one depth-first search.
struct Walk<'a> {
    board: &'a Board,
    goal: &'a Goal<'a>,
    d: &'a [f64],
    floors: &'a [f64],
    budget: &'a Budget,
    completions: Completions<'a>,
    /// `u[t * n..(t + 1) * n]`: the seated utilities of the first `t` choices.
    u: Vec<f64>,
    choice: Vec<u32>,
    /// The best outcomes the walk has met (choices and candidate): tied on the
    /// contract's scores, none dominating another.
    best: Vec<(Vec<u32>, Candidate)>,
    /// Per seated actor, how close two utilities must be to count as the same (the
    /// frontier's margins).
    same: Vec<f64>,
    /// The bar set by the best score known, from the walk or from a start, and that
    /// score.
    bar: Option<Bar>,
    bar_score: f64,
    /// Scratch: best completions' gains, a leaf's gains.
    scratch: Vec<f64>,
    unspent: u64,
}

impl<'a> Walk<'a> {
    fn new(
        board: &'a Board,
        goal: &'a Goal<'a>,
        d: &'a [f64],
        floors: &'a [f64],
        budget: &'a Budget,
    ) -> Self {
        let (n, k) = (d.len(), board.discrete.len());
        Walk {
            board,
            goal,
            d,
            floors,
            budget,
            completions: Completions::new(board),
            u: vec![0.0; (k + 1) * n],
            choice: vec![0; k],
            best: Vec::new(),
            bar: None,
            bar_score: f64::NEG_INFINITY,
            same: frontier::margins(board),
            scratch: vec![0.0; n],
            unspent: 0,
        }
    }

    /// Tables `t..` of the current partial outcome, every option in order.
    fn visit(&mut self, t: usize) -> Result<()> {
        let n = self.d.len();
        let k = self.board.discrete.len();
        let options = self.board.discrete[t].values.len();
        for v in 0..options {
            self.unspent += 1;
            if self.unspent >= BUDGET_STRIDE {
                if !self.budget.spend(self.unspent) || self.budget.exhausted() {
                    return Err(Error::budget(
                        self.budget.nodes(),
                        self.budget.seconds(),
                        None,
                    ));
                }
                self.unspent = 0;
            }
            let row = &self.board.discrete[t].contrib[v * n..(v + 1) * n];
            let (done, next) = self.u.split_at_mut((t + 1) * n);
            let parent = &done[t * n..];
            for i in 0..n {
                next[i] = parent[i] + row[i];
            }
            self.choice[t] = v as u32;
            if t + 1 == k {
                self.leaf();
            } else if !self.cut(t + 1) {
                self.visit(t + 1)?;
            }
        }
        Ok(())
    }

    /// Whether no completion of the partial outcome of `done` tables can win.
    fn cut(&mut self, done: usize) -> bool {
        let n = self.d.len();
        let u = &self.u[done * n..(done + 1) * n];
        let best = &mut self.scratch;
        if !self
            .completions
            .best_gains(done, u, self.d, self.floors, best)
        {
            return true;
        }
        match &self.bar {
            None => false,
            Some(bar) if bar.has_plane() => bar.plane_cuts(done, u, self.d),
            Some(bar) => self.goal.score(best) < bar.value,
        }
    }

    /// The complete outcome in `choice`: scored, and kept when it ranks above the
    /// incumbent.
    fn leaf(&mut self) {
        let n = self.d.len();
        let k = self.board.discrete.len();
        let u = &self.u[k * n..];
        let gains = &mut self.scratch;
        let mut eligible = true;
        for i in 0..n {
            gains[i] = u[i] - self.d[i];
            eligible &= gains[i] > self.floors[i] + GAIN_EPS;
        }
        if eligible {
            let (gains, choice) = (
                std::mem::take(&mut self.scratch),
                std::mem::take(&mut self.choice),
            );
            self.offer(&choice, &gains);
            (self.scratch, self.choice) = (gains, choice);
        }
    }

    /// Keep an eligible outcome when it ranks above the incumbents, or beside them
    /// when it ties with them and none of them dominates it.
    fn offer(&mut self, choice: &[u32], gains: &[f64]) {
        let cutoff = self.best.first().map_or(f64::NEG_INFINITY, |b| {
            b.1.score - 1e3 * TIE * (1.0 + b.1.score.abs())
        });
        let Some(score) = self.goal.score_from(gains, cutoff) else {
            return;
        };
        let found = Candidate {
            score,
            nash: self.goal.nash(gains),
            point: 0,
            cell: 0,
            t: Vec::new(),
            gains: gains.to_vec(),
        };
        let rank = match self.best.first() {
            None => Ordering::Greater,
            Some((_, b)) => rank_scores(&found, b, self.goal.is_homogeneous()),
        };
        match rank {
            Ordering::Less => {}
            Ordering::Greater => {
                self.raise_bar(found.score, &found.gains);
                self.best.clear();
                self.best.push((choice.to_vec(), found));
            }
            Ordering::Equal => {
                // Equal vectors: the earlier outcome wins.
                let beats = |a: (&[u32], &[f64]), b: (&[u32], &[f64])| {
                    dominates(a.1, b.1, &self.same) || (equal(a.1, b.1, &self.same) && a.0 <= b.0)
                };
                if self
                    .best
                    .iter()
                    .any(|(c, b)| beats((c, &b.gains), (choice, gains)))
                {
                    return;
                }
                self.best
                    .retain(|(c, b)| !beats((choice, gains), (c, &b.gains)));
                self.best.push((choice.to_vec(), found));
            }
        }
    }

    /// The bar of an outcome scoring `score` with `gains`, when that beats the bar's
    /// score.
    fn raise_bar(&mut self, score: f64, gains: &[f64]) {
        if score > self.bar_score {
            self.bar = Some(Bar::raised(
                self.bar.take(),
                self.board,
                self.goal,
                self.d,
                self.floors,
                score,
                gains,
            ));
            self.bar_score = score;
        }
    }

    /// A bar before the walk: from the goal's tangent plane ([`tangent`]) and from the
    /// `hints` that clear the floors ([`polish::hinted`]). Only the bar: the walk
    /// meets these outcomes again in enumeration order (the bar cuts only what is
    /// strictly worse), so its answer does not depend on where it started.
    fn first_incumbent(&mut self, hints: &[&[Value]]) {
        if let Some(s) = polish::hinted(self.board, self.goal, self.d, self.floors, hints) {
            self.raise_bar(s.score, &s.gains);
        }
        let n = self.d.len();
        let ideal = self.completions.ideal(self.d);
        if ideal.iter().zip(self.floors).any(|(g, f)| *g <= *f) {
            return;
        }
        // Goals without a tangent (a minimum of ratios) start from the Nash product's.
        let direction = self
            .goal
            .tangent(&ideal)
            .unwrap_or_else(|| ideal.iter().map(|g| 1.0 / g).collect());
        let lambda = vec![0.0; n];
        if let Some(s) = tangent::start(
            self.board,
            self.goal,
            self.d,
            self.floors,
            direction,
            &lambda,
        ) {
            self.raise_bar(s.score, &s.gains);
        }
    }
}

/// Whether `a` dominates `b` beyond the margins `same`: no worse anywhere, clearly
/// better somewhere.
fn dominates(a: &[f64], b: &[f64], same: &[f64]) -> bool {
    let weakly = a.iter().zip(b).zip(same).all(|((a, b), s)| *a >= b - s);
    weakly && a.iter().zip(b).zip(same).any(|((a, b), s)| *a > b + s)
}

/// Whether `a` and `b` are the same within the margins `same`.
fn equal(a: &[f64], b: &[f64], same: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .zip(same)
        .all(|((a, b), s)| (a - b).abs() <= *s)
}
