//! The Pareto frontier of the discrete issues, built issue by issue.
//!
//! Utilities are additive, so the non-dominated outcomes of issues `0..=k` are found
//! among the non-dominated outcomes of `0..k` combined with the values of issue k
//! (a dominated partial sum stays dominated whatever the remaining issues add). Each
//! step keeps only the non-dominated combinations, in enumeration order, so the
//! contract's tie-break (first outcome in enumeration order) survives.

use rayon::prelude::*;
use std::cmp::Ordering;

use super::board::Board;
use super::budget::Budget;
use super::cell::GAIN_EPS;
use super::orthant::Orthant;
use crate::error::{Error, Result};

/// Candidates checked against the kept set in parallel, per block.
const BLOCK: usize = 512;

/// Difference, relative to the magnitude of an actor's per-issue contributions, under
/// which two of its utilities count as the same (rounding noise of sums over issues),
/// so that neither outcome dominates the other.
const SAME: f64 = 1e-12;

/// Non-dominated outcomes of the discrete issues for the seated actors.
#[derive(Debug, Clone)]
pub(crate) struct Frontier {
    /// Seated actors.
    pub n: usize,
    /// Discrete tables combined.
    pub k: usize,
    /// `utils[p * n + i]`: seated actor i's utility from the discrete issues at point p.
    pub utils: Vec<f64>,
    /// `choices[p * k + j]`: index into discrete table j's values at point p.
    pub choices: Vec<u32>,
    /// Words of link state per point: bit l set when link l (of the board's links)
    /// has started, is not yet decided and every condition met so far holds.
    pub words: usize,
    /// `states[p * words..]`: point p's link state.
    pub states: Vec<u64>,
}

impl Frontier {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.utils.len().checked_div(self.n).unwrap_or(0)
    }

    /// Utilities of point p.
    pub fn point(&self, p: usize) -> &[f64] {
        &self.utils[p * self.n..(p + 1) * self.n]
    }

    /// Choices of point p.
    pub fn choice(&self, p: usize) -> &[u32] {
        &self.choices[p * self.k..(p + 1) * self.k]
    }
}

/// A test on a partial outcome: `(discrete tables combined so far, seated utilities)`.
pub(crate) type PartialTest<'a> = &'a (dyn Fn(usize, &[f64]) -> bool + Sync);

/// A score of a partial outcome, higher is more promising.
pub(crate) type PartialScore<'a> = &'a (dyn Fn(usize, &[f64]) -> f64 + Sync);

/// How to build a frontier.
#[derive(Clone, Copy, Default)]
pub(crate) struct BuildOptions<'a> {
    /// Keep outcomes whose utility vectors are equal (listing the frontier); when false
    /// only the first in enumeration order is kept (solving).
    pub keep_ties: bool,
    /// Drop partial outcomes that cannot give every seated actor more than this
    /// utility whatever the remaining issues add (individual rationality, given d).
    pub floor: Option<&'a [f64]>,
    /// Drop partial outcomes for which this returns true (a bound shows that no
    /// completion can beat an incumbent).
    pub cut: Option<PartialTest<'a>>,
    /// Keep at most this many partial outcomes per step, the best by the score: a
    /// heuristic beam that finds a good incumbent fast (not exact on its own).
    pub beam: Option<(usize, PartialScore<'a>)>,
}

/// Build the frontier of `board`'s discrete tables.
///
/// # Errors
/// [`SearchError::Budget`](crate::error::SearchError::Budget) when the budget runs out;
/// `bound` is then left for the caller to fill (it is set to +inf here).
pub(crate) fn build(board: &Board, opts: &BuildOptions, budget: &Budget) -> Result<Frontier> {
    let n = board.n();
    let k_all = board.discrete.len();
    let words = board.links.len().div_ceil(64);
    let mut cur = Frontier {
        n,
        k: 0,
        utils: vec![0.0; n],
        choices: Vec::new(),
        words,
        states: vec![0; words],
    };
    let mut cur_len = 1usize;
    let same = margins(board);
    let acts = link_actions(board);
    for (j, table) in board.discrete.iter().enumerate() {
        let o = table.values.len();
        let rest = opts.floor.map(|_| &board.rests()[j + 1]);
        let m = cur_len * o;
        if !budget.spend(m as u64) {
            return Err(stopped(budget));
        }
        // Candidates' utilities, their order and sums, the kept set's copy, their link
        // states and (for the bounds) their utilities less failed terms.
        let per =
            8 * (2 * n as u64 + 4) + 8 * words as u64 + if words > 0 { 8 * n as u64 } else { 0 };
        let needed = (m as u64).saturating_mul(per);
        if !budget.fits(needed) {
            return Err(Error::memory(
                format!("step {} of the frontier ({m} partial outcomes)", j + 1),
                needed,
                budget.memory_limit(),
                budget.nodes(),
                budget.seconds(),
            ));
        }
        let mut utils = Vec::with_capacity(m * n);
        for p in 0..cur_len {
            let base = &cur.utils[p * n..(p + 1) * n];
            for v in 0..o {
                let add = &table.contrib[v * n..(v + 1) * n];
                utils.extend(base.iter().zip(add).map(|(a, b)| a + b));
            }
        }
        let mut states = Vec::new();
        let mut alive: Vec<usize> = if words == 0 {
            (0..m).collect()
        } else {
            states.reserve(m * words);
            let mut vetoed = vec![false; m];
            // Each candidate updates the links its table tests: charged as nodes.
            let actions = (m as u64).saturating_mul(acts[j].len() as u64);
            if !budget.spend(actions) || budget.exhausted() {
                return Err(stopped(budget));
            }
            for p in 0..cur_len {
                if budget.exhausted() {
                    return Err(stopped(budget));
                }
                for v in 0..o {
                    let c = p * o + v;
                    states.extend_from_slice(&cur.states[p * words..(p + 1) * words]);
                    let state = &mut states[c * words..(c + 1) * words];
                    for act in &acts[j] {
                        let met = (act.first || bit(state, act.link)) && act.mask[v];
                        set_bit(state, act.link, met && !act.last);
                        if met && act.last {
                            match board.links[act.link].term {
                                Some((i, amount)) => utils[c * n + i] += amount,
                                None => vetoed[c] = true,
                            }
                        }
                    }
                }
            }
            (0..m).filter(|&c| !vetoed[c]).collect()
        };
        // The bounds count every undecided positive term; a candidate whose started
        // term already failed a condition cannot earn it: its bounds drop it.
        let bounded = opts.floor.is_some() || opts.cut.is_some() || opts.beam.is_some();
        let optimistic = if bounded && words > 0 {
            without_failed_terms(board, &utils, &states, words, j)
        } else {
            Vec::new()
        };
        let hope = |c: usize| -> &[f64] {
            if optimistic.is_empty() {
                &utils[c * n..(c + 1) * n]
            } else {
                &optimistic[c * n..(c + 1) * n]
            }
        };
        if let (Some(floor), Some(rest)) = (opts.floor, &rest) {
            alive.retain(|&c| {
                let u = hope(c);
                (0..n).all(|i| u[i] + rest[i] > floor[i] + GAIN_EPS)
            });
        }
        if let Some(cut) = opts.cut {
            let drop: Vec<bool> = par_map(&alive, alive.len() * n, |&c| cut(j + 1, hope(c)));
            let mut flags = drop.into_iter();
            alive.retain(|_| !flags.next().unwrap_or(false));
        }
        let view = LinkView {
            board,
            words,
            states: &states,
            step: j,
            choices: &cur.choices,
            k: cur.k,
            o,
            reordered: board.reordered(),
        };
        let mut kept = non_dominated(&utils, n, alive, opts.keep_ties, &same, budget, &view)
            .ok_or_else(|| stopped(budget))?;
        if let Some((width, score)) = opts.beam {
            if kept.len() > width {
                let scores: Vec<f64> = kept.iter().map(|&c| score(j + 1, hope(c))).collect();
                let mut order: Vec<usize> = (0..kept.len()).collect();
                order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
                order.truncate(width);
                order.sort_unstable();
                kept = order.into_iter().map(|i| kept[i]).collect();
            }
        }
        let next_k = j + 1;
        let mut next = Frontier {
            n,
            k: next_k,
            utils: Vec::with_capacity(kept.len() * n),
            choices: Vec::with_capacity(kept.len() * next_k),
            words,
            states: Vec::with_capacity(kept.len() * words),
        };
        for &c in &kept {
            let (p, v) = (c / o, c % o);
            next.utils.extend_from_slice(&utils[c * n..(c + 1) * n]);
            next.choices
                .extend_from_slice(&cur.choices[p * cur.k..(p + 1) * cur.k]);
            next.choices.push(v as u32);
            next.states
                .extend_from_slice(&states[c * words..(c + 1) * words]);
        }
        cur_len = kept.len();
        cur = next;
        if cur_len == 0 {
            break;
        }
    }
    if cur.k != k_all {
        // Some step emptied the set: no outcome survives.
        cur = Frontier {
            n,
            k: k_all,
            utils: Vec::new(),
            choices: Vec::new(),
            words,
            states: Vec::new(),
        };
    }
    if board.reordered() {
        cur = in_enumeration_order(board, cur);
    }
    Ok(cur)
}

/// The candidates' utilities less, per term that has started by table `j`, is still
/// undecided and whose conditions already failed, its positive amount: what the
/// bounds of the remaining tables (which count every undecided positive term) must
/// not promise them.
fn without_failed_terms(
    board: &Board,
    utils: &[f64],
    states: &[u64],
    words: usize,
    j: usize,
) -> Vec<f64> {
    let n = board.n();
    let open: Vec<(usize, usize, f64)> = board
        .links
        .iter()
        .enumerate()
        .filter_map(|(l, link)| {
            let (first, last) = (link.parts.first()?.0, link.parts.last()?.0);
            let (i, amount) = link.term?;
            (first <= j && j < last && amount > 0.0).then_some((l, i, amount))
        })
        .collect();
    let mut out = utils.to_vec();
    for (c, row) in out.chunks_exact_mut(n.max(1)).enumerate() {
        let state = &states[c * words..(c + 1) * words];
        for &(l, i, amount) in &open {
            if !bit(state, l) {
                row[i] -= amount;
            }
        }
    }
    out
}

/// What step j does to one link: its mask over table j's values, and whether table j
/// is its first or last.
struct LinkAction<'a> {
    link: usize,
    mask: &'a [bool],
    first: bool,
    last: bool,
}

/// Per discrete table, the links it tests.
fn link_actions(board: &Board) -> Vec<Vec<LinkAction<'_>>> {
    let mut acts: Vec<Vec<LinkAction<'_>>> = board.discrete.iter().map(|_| Vec::new()).collect();
    for (l, link) in board.links.iter().enumerate() {
        let parts = link.parts.len();
        for (q, (t, mask)) in link.parts.iter().enumerate() {
            acts[*t].push(LinkAction {
                link: l,
                mask,
                first: q == 0,
                last: q + 1 == parts,
            });
        }
    }
    acts
}

fn bit(state: &[u64], l: usize) -> bool {
    state[l / 64] >> (l % 64) & 1 == 1
}

fn set_bit(state: &mut [u64], l: usize, on: bool) {
    if on {
        state[l / 64] |= 1 << (l % 64);
    } else {
        state[l / 64] &= !(1 << (l % 64));
    }
}

/// The points sorted in the contract's enumeration order (issues in file order),
/// when the board's tables stand in another order.
fn in_enumeration_order(board: &Board, f: Frontier) -> Frontier {
    let by_issue = tables_by_issue(board, f.k);
    let mut order: Vec<usize> = (0..f.len()).collect();
    order.sort_by(|&a, &b| {
        by_issue
            .iter()
            .map(|&t| f.choice(a)[t].cmp(&f.choice(b)[t]))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    let mut out = Frontier {
        n: f.n,
        k: f.k,
        utils: Vec::with_capacity(f.utils.len()),
        choices: Vec::with_capacity(f.choices.len()),
        words: f.words,
        states: Vec::with_capacity(f.states.len()),
    };
    for p in order {
        out.utils.extend_from_slice(f.point(p));
        out.choices.extend_from_slice(f.choice(p));
        out.states
            .extend_from_slice(&f.states[p * f.words..(p + 1) * f.words]);
    }
    out
}

/// Tables `0..k` sorted by their issue (file order).
fn tables_by_issue(board: &Board, k: usize) -> Vec<usize> {
    let mut t: Vec<usize> = (0..k).collect();
    t.sort_by_key(|&t| board.discrete[t].issue);
    t
}

/// What the dominance test of one step needs beyond the utilities: each candidate's
/// link state, and how to tell which of two candidates comes first in enumeration.
struct LinkView<'a> {
    board: &'a Board,
    words: usize,
    states: &'a [u64],
    /// The table this step adds; candidates are `p * o + v`.
    step: usize,
    choices: &'a [u32],
    k: usize,
    o: usize,
    reordered: bool,
}

impl LinkView<'_> {
    fn state(&self, c: usize) -> &[u64] {
        &self.states[c * self.words..(c + 1) * self.words]
    }

    /// What candidate `a` must give up, per seated actor, to dominate `b` whatever
    /// the rest of the outcome, written to `pen`: the positive terms only `b` can
    /// still earn and the negative ones only `a` can still pay; `false` when `a`
    /// could still be vetoed where `b` could not.
    fn handicap(&self, a: usize, b: usize, pen: &mut [f64]) -> bool {
        pen.fill(0.0);
        for (w, (&x, &y)) in self.state(a).iter().zip(self.state(b)).enumerate() {
            let mut diff = x ^ y;
            while diff != 0 {
                let l = w * 64 + diff.trailing_zeros() as usize;
                diff &= diff - 1;
                let only_a = x >> (l % 64) & 1 == 1;
                match self.board.links[l].term {
                    None if only_a => return false,
                    None => {}
                    Some((i, amount)) if amount > 0.0 && !only_a => pen[i] += amount,
                    Some((i, amount)) if amount < 0.0 && only_a => pen[i] -= amount,
                    Some(_) => {}
                }
            }
        }
        true
    }

    /// Whether candidate `a` comes before `b` in enumeration order.
    fn earlier(&self, a: usize, b: usize) -> bool {
        if !self.reordered {
            return a < b;
        }
        let choice = |c: usize, t: usize| -> u32 {
            if t == self.step {
                (c % self.o) as u32
            } else {
                let p = c / self.o;
                self.choices[p * self.k + t]
            }
        };
        let by_issue = tables_by_issue(self.board, self.step + 1);
        by_issue
            .iter()
            .map(|&t| choice(a, t).cmp(&choice(b, t)))
            .find(|o| o.is_ne())
            .is_some_and(|o| o.is_lt())
    }
}

/// Per seated actor, how far apart two of its utilities may be and still count as the
/// same: [`SAME`] times the most its discrete contributions can add up to in magnitude.
/// Rounding noise scales with the terms of a sum, not with 1: utilities of 1e-300
/// that differ by 1e-300 are different, utilities of 1e15 that differ by 1e-4 are not.
pub(super) fn margins(board: &Board) -> Vec<f64> {
    let n = board.n();
    let mut scale = vec![0.0f64; n];
    for table in &board.discrete {
        // One row of n contributions per option left after the red lines (none when
        // every option is vetoed).
        let mut top = vec![0.0f64; n];
        for row in table.contrib.chunks_exact(n.max(1)) {
            for (t, c) in top.iter_mut().zip(row) {
                *t = t.max(c.abs());
            }
        }
        for (s, t) in scale.iter_mut().zip(top) {
            *s += t;
        }
    }
    for (i, amount) in board.terms() {
        scale[i] += amount.abs();
    }
    scale.into_iter().map(|s| SAME * s).collect()
}

fn stopped(budget: &Budget) -> Error {
    Error::budget(budget.nodes(), budget.seconds(), None)
}

/// The indices among `alive` whose utility vectors no other alive vector dominates,
/// in increasing index order. Candidates are visited so that every dominator comes
/// before what it dominates (sum descending, then lexicographically descending, then
/// index ascending); each is checked in parallel against those kept before its block,
/// then sequentially against the earlier survivors of its block, so the result does
/// not depend on the thread count. `None` when the budget runs out: each block is
/// charged its dominance tests as nodes before it runs, and the time is read before
/// each candidate, so a step of millions of points stops within milliseconds.
/// Actor i's utilities within `same[i]` of each other count as equal.
fn non_dominated(
    utils: &[f64],
    n: usize,
    mut alive: Vec<usize>,
    keep_ties: bool,
    same: &[f64],
    budget: &Budget,
    links: &LinkView<'_>,
) -> Option<Vec<usize>> {
    let limited = budget.limited();
    let row = |c: usize| &utils[c * n..(c + 1) * n];
    let sums: Vec<f64> = (0..utils.len() / n.max(1))
        .map(|c| row(c).iter().sum())
        .collect();
    let order = |&a: &usize, &b: &usize| {
        sums[b]
            .total_cmp(&sums[a])
            .then_with(|| lex_desc(row(a), row(b)))
            .then(a.cmp(&b))
    };
    if alive.len() * n >= PARALLEL_WORK {
        alive.par_sort_unstable_by(order);
    } else {
        alive.sort_unstable_by(order);
    }
    // Utilities are sums of per-issue contributions, so outcomes with mathematically
    // equal utilities can differ in the last bits (3/7 * 0.75 + 2/7 * 0.25 + 2/7 * 0.5
    // is not bit-equal to 3/7 * 0.75 + 2/7 * 0.5 + 2/7 * 0.25). An exact test would
    // let the later one "dominate" the earlier by an ulp and defeat the contract's
    // tie-break (first in enumeration order). So both tests allow for rounding: k
    // dominates c when it is no worse anywhere beyond noise and clearly better
    // somewhere; vectors equal up to noise are all kept (for listing), or only the
    // earliest when it is visited first, else both, and the scan's rank decides.
    let plain = |k: &[f64], c: &[f64], id: usize, ci: usize| -> bool {
        let weakly = (0..n).all(|i| k[i] >= c[i] - same[i]);
        let clearly = (0..n).any(|i| k[i] > c[i] + same[i]);
        weakly && (clearly || (!keep_ties && links.earlier(id, ci)))
    };
    // With links, k must beat c by what c may still earn and k still lose (a
    // handicap can only make dominance harder, so the plain test rejects first).
    let dominates = |k: &[f64], c: &[f64], id: usize, ci: usize| -> bool {
        if links.words == 0 || links.state(id) == links.state(ci) {
            return plain(k, c, id, ci);
        }
        if !(0..n).all(|i| k[i] >= c[i] - same[i]) {
            return false;
        }
        let mut small = [0.0; 8];
        let mut large = Vec::new();
        let pen: &mut [f64] = if n <= small.len() {
            &mut small[..n]
        } else {
            large.resize(n, 0.0);
            &mut large
        };
        if !links.handicap(id, ci, pen) {
            return false;
        }
        let weakly = (0..n).all(|i| k[i] - pen[i] >= c[i] - same[i]);
        let clearly = (0..n).any(|i| k[i] - pen[i] > c[i] + same[i]);
        weakly && (clearly || (!keep_ties && links.earlier(id, ci)))
    };
    // Every dominance test starts with "k is at least c less the noise everywhere",
    // which rejects most pairs: against c's lower corner, computed once per candidate
    // (per block, into one buffer) and used by both of the block's passes.
    let at_least = |k: &[f64], lower: &[f64]| k.iter().zip(lower).all(|(a, b)| a >= b);
    let mut kept: Vec<usize> = Vec::new();
    let mut kept_utils: Vec<f64> = Vec::new();
    let mut index = KeptIndex::default();
    let mut corners: Vec<f64> = Vec::with_capacity(BLOCK.min(alive.len()) * n);
    for block in alive.chunks(BLOCK) {
        corners.clear();
        for &c in block {
            corners.extend(row(c).iter().zip(same).map(|(x, s)| x - s));
        }
        let corner = |b: usize| &corners[b * n..(b + 1) * n];
        let places: Vec<usize> = (0..block.len()).collect();
        let survives: Vec<bool> = if links.words == 0 && kept.len() >= indexed_from(n) {
            // Only points at or above c (less the noise) can dominate c: the index
            // looks at those alone. Each node and point it looks at is a node.
            index.catch_up(utils, n, &kept);
            let tested: Vec<(bool, u64)> = par_map(&places, block.len() * n * 64, |&b| {
                let c = block[b];
                index.dominated(corner(b), |k, id| plain(k, row(c), id, c))
            });
            if limited && !budget.spend(tested.iter().map(|t| t.1).sum()) {
                return None;
            }
            tested.into_iter().map(|t| !t.0).collect()
        } else {
            let snapshot = &kept_utils;
            let kept_ids = &kept;
            // Each dominance test is a node: a step whose filter would take the search
            // past its node limit stops before the block, not hundreds of seconds later.
            if limited && !budget.spend((block.len() * kept_ids.len()) as u64) {
                return None;
            }
            par_map(&places, block.len() * kept_ids.len() * n, |&b| {
                // Out of time: stop comparing; the step is abandoned below.
                if limited && kept_ids.len() > BLOCK && budget.exhausted() {
                    return false;
                }
                let c = block[b];
                !snapshot
                    .chunks_exact(n.max(1))
                    .zip(kept_ids)
                    .any(|(k, &id)| at_least(k, corner(b)) && dominates(k, row(c), id, c))
            })
        };
        if limited && budget.exhausted() {
            return None;
        }
        let start = kept.len();
        let mut tests = 0;
        for (b, (&c, ok)) in block.iter().zip(survives).enumerate() {
            if !ok {
                continue;
            }
            tests += kept.len() - start;
            let beaten = kept_utils[start * n..]
                .chunks_exact(n.max(1))
                .zip(&kept[start..])
                .any(|(k, &id)| at_least(k, corner(b)) && dominates(k, row(c), id, c));
            if !beaten {
                kept.push(c);
                kept_utils.extend_from_slice(row(c));
            }
        }
        if limited && !budget.spend(tests as u64) {
            return None;
        }
    }
    kept.sort_unstable();
    Some(kept)
}

/// Kept points from which a step's dominance tests go through a [`KeptIndex`]
/// instead of a scan of every kept point. A k-d tree prunes less as the actors grow
/// in number: from 1,024 kept points the index halves the frontier build of random
/// 4-actor spaces, but made a 12-actor sweep 8 % slower than from 4,096.
fn indexed_from(n: usize) -> usize {
    if n <= 6 {
        1024
    } else {
        4096
    }
}

/// The kept points of one step as a few [`Orthant`] indices whose sizes shrink
/// geometrically: new points form a new index, merged with the last ones while it is
/// at least half their size, so every point is re-indexed O(log n) times.
#[derive(Default)]
struct KeptIndex {
    runs: Vec<Orthant>,
    /// Kept points already indexed (a prefix of the kept list).
    indexed: usize,
}

impl KeptIndex {
    /// Index the kept points not yet indexed (`kept` holds rows of `utils`).
    fn catch_up(&mut self, utils: &[f64], n: usize, kept: &[usize]) {
        if self.indexed == kept.len() {
            return;
        }
        let mut ids = kept[self.indexed..].to_vec();
        self.indexed = kept.len();
        while self
            .runs
            .last()
            .is_some_and(|last| 2 * ids.len() >= last.len())
        {
            if let Some(last) = self.runs.pop() {
                ids.extend_from_slice(last.ids());
            }
        }
        self.runs.push(Orthant::from_rows(utils, n, ids));
    }

    /// Whether some indexed point at or above `lower` passes `beats(point, row)`, with
    /// the nodes and points looked at.
    fn dominated(&self, lower: &[f64], beats: impl Fn(&[f64], usize) -> bool) -> (bool, u64) {
        let mut looked = 0;
        for run in &self.runs {
            let (hit, seen) = run.any_at_least(lower, |id, k| beats(k, id));
            looked += seen;
            if hit {
                return (true, looked);
            }
        }
        (false, looked)
    }
}

/// Below this much work (items times actors, roughly) a step runs on the calling
/// thread: waking the pool costs more than it saves on small scenarios. The result is
/// the same either way.
pub(crate) const PARALLEL_WORK: usize = 16_384;

/// `items.iter().map(f).collect()`, in parallel when `work` is large enough; the
/// output order is the input order in both cases.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    work: usize,
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if work >= PARALLEL_WORK {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

fn lex_desc(a: &[f64], b: &[f64]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match y.total_cmp(x) {
            Ordering::Equal => continue,
            ord => return ord,
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SearchOptions;

    fn free() -> Budget {
        Budget::new(SearchOptions::default())
    }

    /// A step with no links, tables in file order.
    fn no_links() -> LinkView<'static> {
        let board = Box::leak(Box::new(Board {
            seated: Vec::new(),
            discrete: Vec::new(),
            continuous: Vec::new(),
            issues: 0,
            empty_because: None,
            links: Vec::new(),
            charged: Vec::new(),
            rests: Default::default(),
        }));
        LinkView {
            board,
            words: 0,
            states: &[],
            step: 0,
            choices: &[],
            k: 0,
            o: 1,
            reordered: false,
        }
    }

    #[test]
    fn a_step_stops_inside_when_time_is_up() {
        let past = std::time::Instant::now();
        let budget = Budget::new(SearchOptions {
            deadline: Some(past),
            ..SearchOptions::default()
        });
        std::thread::sleep(std::time::Duration::from_millis(2));
        let u: Vec<f64> = (0..4 * BLOCK).map(|c| c as f64).collect();
        assert_eq!(
            non_dominated(
                &u,
                2,
                (0..2 * BLOCK).collect(),
                false,
                &[SAME; 2],
                &budget,
                &no_links()
            ),
            None
        );
    }

    #[test]
    fn keeps_exactly_the_non_dominated_points_in_index_order() {
        // (1,0) (0,1) (0.5,0.5) (0.4,0.4) (1,0) again
        let u = [1.0, 0.0, 0.0, 1.0, 0.5, 0.5, 0.4, 0.4, 1.0, 0.0];
        let kept = non_dominated(
            &u,
            2,
            (0..5).collect(),
            false,
            &[SAME; 2],
            &free(),
            &no_links(),
        );
        assert_eq!(kept, Some(vec![0, 1, 2]));
        let with_ties = non_dominated(
            &u,
            2,
            (0..5).collect(),
            true,
            &[SAME; 2],
            &free(),
            &no_links(),
        );
        assert_eq!(with_ties, Some(vec![0, 1, 2, 4]));
    }

    #[test]
    fn an_ulp_does_not_dominate_an_earlier_outcome() {
        // The same utilities summed in two orders: index 0 is an ulp below index 1.
        let low = 3.0 / 7.0 * 0.75 + 2.0 / 7.0 * 0.25 + 2.0 / 7.0 * 0.5;
        let high = 3.0 / 7.0 * 0.75 + 2.0 / 7.0 * 0.5 + 2.0 / 7.0 * 0.25;
        assert!(low < high, "the two sums differ in the last bit");
        let u = [0.5, low, 0.5, high, 0.4, 0.1];
        assert_eq!(
            non_dominated(
                &u,
                2,
                (0..3).collect(),
                false,
                &[SAME; 2],
                &free(),
                &no_links()
            ),
            Some(vec![0, 1])
        );
        assert_eq!(
            non_dominated(
                &u,
                2,
                (0..3).collect(),
                true,
                &[SAME; 2],
                &free(),
                &no_links()
            ),
            Some(vec![0, 1])
        );
        // When the earlier twin is the higher one, the later goes as before.
        let v = [0.5, high, 0.5, low];
        assert_eq!(
            non_dominated(
                &v,
                2,
                (0..2).collect(),
                false,
                &[SAME; 2],
                &free(),
                &no_links()
            ),
            Some(vec![0])
        );
    }

    #[test]
    fn tiny_utilities_still_dominate_with_margins_to_scale() {
        // (3, 1) (2, 2) (1, 3) (1, 1) in units of 1e-300: the last is dominated.
        let u: Vec<f64> = [3.0, 1.0, 2.0, 2.0, 1.0, 3.0, 1.0, 1.0]
            .iter()
            .map(|x| x * 1e-300)
            .collect();
        let same = [SAME * 3e-300; 2];
        for keep_ties in [false, true] {
            assert_eq!(
                non_dominated(
                    &u,
                    2,
                    (0..4).collect(),
                    keep_ties,
                    &same,
                    &free(),
                    &no_links()
                ),
                Some(vec![0, 1, 2])
            );
        }
    }

    #[test]
    fn matches_a_quadratic_filter_on_random_points() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let n = 3;
        let m = 5000;
        let u: Vec<f64> = (0..m * n)
            .map(|_| (rng.random::<f64>() * 8.0).round())
            .collect();
        let got = non_dominated(
            &u,
            n,
            (0..m).collect(),
            false,
            &[SAME; 3],
            &free(),
            &no_links(),
        )
        .expect("no limit");
        let row = |c: usize| &u[c * n..(c + 1) * n];
        let want: Vec<usize> = (0..m)
            .filter(|&c| {
                !(0..m).any(|k| {
                    let ge = row(k).iter().zip(row(c)).all(|(x, y)| x >= y);
                    let eq = row(k)
                        .iter()
                        .zip(row(c))
                        .all(|(x, y)| x.total_cmp(y).is_eq());
                    ge && (!eq || k < c)
                })
            })
            .collect();
        assert_eq!(got, want);
    }
}
