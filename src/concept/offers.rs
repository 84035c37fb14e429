//! Alternating offers: the stationary subgame-perfect agreement of bargaining by
//! turns, where delay costs each actor a share of its gain and every offer needs the
//! consent of every other seated actor.
//!
//! ```text
//! proposers take turns j = 0, 1, ..., n-1, 0, ... (file order of the seated actors,
//! rotated to start at the first proposer); g_i(x) = u_i(x) - d_i
//!
//! x_j = argmax g_j(x)   over feasible x
//!       subject to g_k(x) >= delta_k * g_k(x_{j+1})   for every other seated k
//!
//! the verdict is x_0, accepted at once. Two actors splitting a unit surplus with
//! linear utilities (Rubinstein): the first proposer gets
//!     (1 - delta_2) / (1 - delta_1 * delta_2)
//! and as every delta_i -> 1 with fixed ratios of ln delta_i the agreement tends to the
//! asymmetric Nash agreement with alpha_i proportional to 1 / ln(1 / delta_i).
//! ```
//!
//! References: A. Rubinstein 1982, "Perfect equilibrium in a bargaining model",
//! Econometrica 50(1); K. Binmore, A. Rubinstein and A. Wolinsky 1986, "The Nash
//! bargaining solution in economic modelling", RAND Journal of Economics 17(2).
//! With more than two actors this is the unanimity game whose stationary equilibrium
//! gives the first proposer 1 / (1 + delta + ... + delta^(n-1)) of a unit surplus when
//! all patiences are equal (Herrero 1985; Sutton 1986).
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! let json = r#"{"name": "rubinstein", "issues": [{"id": "share", "range": [0, 1]}],
//!   "actors": [
//!     {"id": "a", "patience": 0.9, "weights": {"share": 1},
//!      "values": {"share": {"points": [[0, 0], [1, 1]]}}},
//!     {"id": "b", "patience": 0.8, "weights": {"share": 1},
//!      "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
//! let scenario = detente::Scenario::from_json(json, "rubinstein")?;
//! let engine = detente::Engine::new(&scenario);
//! let offers = engine.alternating_offers(&scenario.status_quo_situation(), None)?;
//! let share = offers.verdict.value(0).and_then(|v| v.as_number()).unwrap_or(f64::NAN);
//! // (1 - delta_b) / (1 - delta_a delta_b) = 0.2 / 0.28
//! assert!((share - 0.2 / 0.28).abs() < 1e-9);
//! # Ok(()) }
//! ```
//!
//! # The fixed point and why the iteration stops
//!
//! The state is the vector `c` of the seated actors' gains in the first proposer's
//! offer x_0. One *cycle* `T` walks the proposers backwards, x_{n-1} from c (the floors
//! are `delta_k * c_k`), then x_{n-2} from g(x_{n-1}), ..., x_0 from g(x_1), and returns
//! g(x_0). Each proposal is the engine's exact constrained optimum with its
//! deterministic tie-break (Nash objective, then enumeration order), so a stationary
//! agreement is exactly a fixed point `c = T(c)`, and `T^m(0)` is the
//! subgame-perfect agreement of the game that ends in disagreement after `m` cycles.
//! The iteration starts from the disagreement point `c = 0` and stops when
//!
//! * `max_k |T(c)_k - c_k| <= 1e-13 * (1 + max_k |T(c)_k|)` ([`STOP`]): converged;
//! * on a space with only discrete issues, `T(c)` repeats an earlier state that is not
//!   `c` itself: the iteration has entered a cycle (see below);
//! * on a space with continuous issues, the step has not halved for a window of
//!   cycles long enough for a contraction by `max_k delta_k` to gain a factor 16: then a
//!   step below [`NOISE`] is the floor of the engine's 1e-12 accuracy and counts as
//!   converged (the result carries the step), and a larger one is reported as
//!   [`OffersError::Stalled`](crate::error::OffersError::Stalled) (the iteration does
//!   not settle).
//!
//! Why it terminates and what the answer is worth:
//!
//! * **Two actors (any space).** T only depends on c_0, through the non-decreasing
//!   map `a -> max{g_0 : g_1 >= delta_1 m(a)}` with `m(a) = max{g_1 : g_0 >= delta_0 a}`
//!   non-increasing. From `a = 0 <= T(0)` the sequence is non-decreasing and bounded by
//!   the ideal point, so it converges; on a discrete space it takes finitely many
//!   values, so it stops *exactly* at a fixed point and never cycles: a stationary
//!   agreement always exists with two actors.
//! * **Any number of actors on a plane frontier** (transferable utility, all
//!   constraints binding). Each responder's gain is delta_k times its gain in the next
//!   offer and the proposer takes the rest, so T is affine. Its linear part is
//!   `rho * I` on the plane with `rho = prod_k delta_k` for two actors and for equal
//!   patiences (a direct calculation, checked in the unit tests), so after the stopping
//!   rule the error is at most `rho / (1 - rho)` times the last step. With three or
//!   more actors of unequal patience its spectral radius is below `max_k delta_k`:
//!   checked numerically on 2,000 random patience vectors with 2 to 5 actors (the worst
//!   ratio was 0.98) and in the unit tests, not proven here; the stall rule sizes its
//!   window by `max_k delta_k`, so an iteration that did not contract would be
//!   reported, not returned. On a concave frontier T is this map up to the change of
//!   the frontier's slope between the n proposals.
//! * **More than two actors on a discrete space.** T maps into the finite set of
//!   Pareto-optimal gain vectors, so the sequence is eventually periodic: it reaches a
//!   fixed point exactly or a cycle. A cycle alone does not prove that no stationary
//!   agreement exists, so every individually rational Pareto-optimal outcome is then
//!   tried as x_0 (each proposal is one, thanks to the floors and the Nash tie-break,
//!   so every fixed point is among them): the first fixed point in enumeration order
//!   is returned ([`OffersSolution::searched`]), and only when there is none is the
//!   cycle reported as [`OffersError::Cycle`](crate::error::OffersError::Cycle). Each
//!   point's cycle is first run on the frontier's points, through an index that
//!   finds the best point for a proposer above its floors; the engine's exact cycle
//!   confirms only the points whose frontier cycle returns to them or comes within
//!   1e-9 of a decision. Both outcomes happen: `tests/offers.rs` has a three-actor
//!   space with no stationary agreement (checked by brute force without the engine)
//!   and a four-actor one where only the search finds it, and
//!   `tests/offers_at_scale.rs` checks both kinds on twelve more spaces against a brute
//!   force. With two actors neither can happen (monotone iteration, above).

use std::collections::HashMap;

use super::{Agreement, SolutionConcept, Verdict};
use crate::error::{Error, Input, Problem, Result, RoundOffer};
use crate::scenario::{Scenario, Situation};
use crate::search::{Engine, LinearGains};
use crate::space::{Domain, Value};

/// Successive continuation values this close (relative to `1 + max |c|`) mean the
/// fixed point is reached.
pub const STOP: f64 = 1e-13;

/// A stalled iteration whose last steps stay below this (relative) is at the floor of
/// the engine's accuracy (constrained optima to ~1e-12) and counts as converged.
pub const NOISE: f64 = 1e-9;

/// How far below its continuation a responder's gain may sit: the engine asks for
/// gains strictly above a floor plus 1e-12, and the contract asks for "at least", so
/// floors are lowered by twice that.
const FLOOR_SLACK: f64 = 2e-12;

/// One proposer's stationary offer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Proposal {
    /// The proposer (actor index, file order).
    pub proposer: usize,
    /// What it offers and what that gives every actor.
    pub agreement: Agreement,
}

/// The stationary alternating-offers agreement with every proposer's offer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OffersSolution {
    /// The first proposer's offer, accepted at once (or no deal).
    pub verdict: Verdict,
    /// The first proposer (actor index).
    pub first: usize,
    /// Every seated actor's stationary offer, in proposing order starting with the
    /// first proposer. Empty without a deal.
    pub proposals: Vec<Proposal>,
    /// Each actor's continuation value: its gain g_i at the start of the game, when the
    /// first proposer is about to propose (the fixed point `c`); 0 for unseated actors
    /// and without a deal. File order.
    pub continuation: Vec<f64>,
    /// Cycles of the proposers' round (applications of `T`) until the stopping rule.
    pub iterations: usize,
    /// The last step `max_k |T(c)_k - c_k|` (0 when the fixed point is exact).
    pub step: f64,
    /// `Some(place)` when the iteration cycled on a discrete space and the agreement
    /// was found by trying the individually rational Pareto-optimal outcomes as fixed
    /// points in enumeration order: the place of the one found among them (1 for the
    /// first); `None` when the iteration converged.
    pub searched: Option<usize>,
}

/// The gains and outcome of one proposal, in seated order.
type Offer = (Vec<f64>, Vec<Value>);

/// Proposer `j`'s floors when the next offer gives `next`: each responder's
/// discounted gain, lowered by [`FLOOR_SLACK`]; 0 for the proposer.
fn floors(delta: &[f64], next: &[f64], j: usize) -> Vec<f64> {
    (0..next.len())
        .map(|k| {
            if k == j {
                0.0
            } else {
                (delta[k] * next[k] - FLOOR_SLACK).max(0.0)
            }
        })
        .collect()
}

/// Alternating offers as a solution concept: the verdict of
/// [`Engine::alternating_offers`] with `first` proposing first (an actor index; the
/// first seated actor when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AlternatingOffers {
    /// The first proposer.
    pub first: Option<usize>,
}

impl AlternatingOffers {
    /// Alternating offers with the actor `id` proposing first.
    ///
    /// ```
    /// # fn main() -> detente::Result<()> {
    /// let json = r#"{"name": "two", "issues": [{"id": "x", "options": ["p", "q"]}],
    ///   "actors": [
    ///     {"id": "a", "weights": {"x": 1}, "values": {"x": {"p": 1, "q": 0}}},
    ///     {"id": "b", "weights": {"x": 1}, "values": {"x": {"p": 0, "q": 1}}}]}"#;
    /// let scenario = detente::Scenario::from_json(json, "two")?;
    /// let b_first = detente::AlternatingOffers::proposing_first(&scenario, "b")?;
    /// assert_eq!(b_first.first, Some(1));
    /// assert!(detente::AlternatingOffers::proposing_first(&scenario, "c").is_err());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Input::FirstProposer`] when no actor has this id. (Whether it is seated is
    /// checked when the game is solved.)
    pub fn proposing_first(scenario: &Scenario, id: &str) -> Result<Self> {
        match scenario.actor_index(id) {
            Some(i) => Ok(AlternatingOffers { first: Some(i) }),
            None => Err(scenario.input_error(
                Input::FirstProposer(id.to_string()),
                Problem::Unknown {
                    kind: "actor",
                    id: id.to_string(),
                },
            )),
        }
    }
}

impl SolutionConcept for AlternatingOffers {
    fn name(&self) -> &str {
        "offers"
    }

    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> Result<Verdict> {
        engine
            .alternating_offers(situation, self.first)
            .map(|s| s.verdict)
    }
}

impl Engine<'_> {
    /// The stationary alternating-offers agreement with `first` (an actor index)
    /// proposing first, the first seated actor when `None`, with every proposer's offer
    /// and the continuation values. See the [module docs](crate::concept) for the
    /// method and its stopping rule.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) about [`Input::FirstProposer`] when
    /// `first` is not a seated actor; [`OffersError`](crate::error::OffersError) when the
    /// iteration cycles on a discrete space or does not settle;
    /// [`SearchError::Budget`](crate::error::SearchError::Budget) when search limits are
    /// hit (its `during` says so when they were hit in the search for a stationary
    /// agreement after the iteration cycled).
    pub fn alternating_offers(
        &self,
        situation: &Situation,
        first: Option<usize>,
    ) -> Result<OffersSolution> {
        self.check_situation(situation)?;
        let start = self.first_position(first)?;
        let seated = self.seated().to_vec();
        let n = seated.len();
        let order: Vec<usize> = (0..n).map(|r| (start + r) % n).collect();
        let delta: Vec<f64> = seated.iter().map(|&i| situation.patience()[i]).collect();
        let discrete = self
            .scenario()
            .issues()
            .iter()
            .all(|i| matches!(i.domain, Domain::Discrete { .. }));
        let mut iter = Iteration::new(&delta, discrete);
        let mut c = vec![0.0; n];
        let mut previous: Option<Vec<Offer>> = None;
        loop {
            let cycle = self.offer_cycle(situation, &order, &delta, &c, previous.as_deref())?;
            let Some(offers) = cycle else {
                if iter.count == 0 {
                    return Ok(self.no_offers(situation, seated[start]));
                }
                return Err(Error::offers_no_acceptable_offer());
            };
            let next = offers[0].0.clone();
            match iter.advance(&c, &next) {
                Step::Continue => {
                    c = next;
                    previous = Some(offers);
                }
                Step::Converged(step) => {
                    return Ok(self.solution(situation, &seated, &order, offers, iter.count, step))
                }
                Step::Cycle(len) => {
                    let found = stationary::search(self, situation, &order, &delta);
                    let found = found.map_err(|e| {
                        e.during(format!(
                            "searching the individually rational Pareto-optimal outcomes for a \
                             stationary agreement (the proposers' round cycles with period {len} \
                             after {} cycles)",
                            iter.count
                        ))
                    })?;
                    return match found {
                        Some((offers, tried)) => {
                            let mut sol = self.solution(situation, &seated, &order, offers, 0, 0.0);
                            sol.iterations = iter.count;
                            sol.searched = Some(tried);
                            Ok(sol)
                        }
                        None => Err(self.cycle_error(&seated, &order, &offers, len)),
                    };
                }
                Step::Stalled(step) => return Err(Error::offers_stalled(iter.count, step)),
            }
        }
    }

    /// Position of the first proposer among the seated actors.
    fn first_position(&self, first: Option<usize>) -> Result<usize> {
        let scenario = self.scenario();
        let Some(i) = first else { return Ok(0) };
        let Some(actor) = scenario.actors().get(i) else {
            return Err(scenario.input_error(
                Input::FirstProposer(i.to_string()),
                Problem::Unknown {
                    kind: "actor index",
                    id: i.to_string(),
                },
            ));
        };
        self.seated().iter().position(|&s| s == i).ok_or_else(|| {
            scenario.input_error(
                Input::FirstProposer(actor.id().to_string()),
                Problem::NotSeated(actor.id().to_string()),
            )
        })
    }

    /// One application of T: every proposer's offer, walking backwards from the
    /// continuation `c` of the first proposer's round. Returned in proposing order.
    ///
    /// Each proposal starts its search from the next offer (it gives every responder
    /// its whole continuation, more than its discounted floor, so it is usually
    /// acceptable) and from the same proposer's offer in `previous`, the cycle before
    /// (floors move little between cycles); neither changes the answer.
    fn offer_cycle(
        &self,
        situation: &Situation,
        order: &[usize],
        delta: &[f64],
        c: &[f64],
        previous: Option<&[Offer]>,
    ) -> Result<Option<Vec<Offer>>> {
        let n = order.len();
        let mut offers: Vec<Offer> = Vec::with_capacity(n);
        for (r, &j) in order.iter().enumerate().rev() {
            let next = offers.last().map_or(c, |o| &o.0);
            let next_outcome = offers.last().or(previous.map(|p| &p[0])).map(|o| &o.1);
            let hints: Vec<&[Value]> = next_outcome
                .into_iter()
                .chain(previous.map(|p| &p[r].1))
                .map(Vec::as_slice)
                .collect();
            match self.propose(situation, j, &floors(delta, next, j), &hints)? {
                Some(offer) => offers.push(offer),
                None => return Ok(None),
            }
        }
        offers.reverse();
        Ok(Some(offers))
    }

    /// Proposer `j`'s offer: its best gain over the responders' floors, the search
    /// started from the outcomes `hints`.
    fn propose(
        &self,
        situation: &Situation,
        j: usize,
        floors: &[f64],
        hints: &[&[Value]],
    ) -> Result<Option<Offer>> {
        let n = floors.len();
        let found = self.best(situation, &LinearGains::unit(n, j), floors, false, hints)?;
        Ok(found.map(|(cand, outcome)| (cand.gains, outcome)))
    }

    /// The offers of the cycle from `c` when `c` is a fixed point of T: `T(c)` within
    /// 1e-12 of `c`, confirmed on the engine's own bits (`T(T(c)) = T(c)` exactly).
    fn stationary_at(
        &self,
        situation: &Situation,
        order: &[usize],
        delta: &[f64],
        c: &[f64],
    ) -> Result<Option<Vec<Offer>>> {
        let Some(offers) = self.offer_cycle(situation, order, delta, c, None)? else {
            return Ok(None);
        };
        let close = offers[0]
            .0
            .iter()
            .zip(c)
            .all(|(a, b)| (a - b).abs() <= 1e-12);
        if !close {
            return Ok(None);
        }
        Ok(self
            .offer_cycle(situation, order, delta, &offers[0].0, Some(&offers))?
            .filter(|again| again[0].0 == offers[0].0))
    }

    fn no_offers(&self, situation: &Situation, first: usize) -> OffersSolution {
        OffersSolution {
            verdict: Verdict::no_deal(self, situation),
            first,
            proposals: Vec::new(),
            continuation: vec![0.0; situation.len()],
            iterations: 0,
            step: 0.0,
            searched: None,
        }
    }

    fn solution(
        &self,
        situation: &Situation,
        seated: &[usize],
        order: &[usize],
        offers: Vec<Offer>,
        iterations: usize,
        step: f64,
    ) -> OffersSolution {
        let scenario = self.scenario();
        let mut continuation = vec![0.0; situation.len()];
        for (s, &i) in seated.iter().enumerate() {
            continuation[i] = offers[0].0[s];
        }
        let proposals: Vec<Proposal> = offers
            .into_iter()
            .zip(order)
            .map(|((_, outcome), &j)| Proposal {
                proposer: seated[j],
                agreement: Agreement::computed(scenario, situation, outcome),
            })
            .collect();
        OffersSolution {
            verdict: Verdict::Agreement(proposals[0].agreement.clone()),
            first: seated[order[0]],
            proposals,
            continuation,
            iterations,
            step,
            searched: None,
        }
    }

    fn cycle_error(
        &self,
        seated: &[usize],
        order: &[usize],
        offers: &[Offer],
        len: usize,
    ) -> Error {
        let scenario = self.scenario();
        let actors = scenario.actors();
        let last = offers
            .iter()
            .zip(order)
            .map(|((_, outcome), &j)| RoundOffer {
                proposer: actors[seated[j]].id().to_string(),
                terms: scenario
                    .issues()
                    .iter()
                    .zip(outcome)
                    .map(|(issue, &x)| (issue.id().to_string(), issue.describe(x)))
                    .collect(),
            })
            .collect();
        Error::offers_cycle(len, last)
    }
}

/// What one cycle of the iteration concluded.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Continue,
    Converged(f64),
    Cycle(usize),
    Stalled(f64),
}

/// The stopping rule's bookkeeping (see the module docs).
#[derive(Debug)]
struct Iteration {
    count: usize,
    discrete: bool,
    /// Discrete spaces: every state seen, by its bits, with the cycle it was reached.
    seen: HashMap<Vec<u64>, usize>,
    /// Continuous spaces: the smallest step so far and when it was last halved.
    best_step: f64,
    improved_at: usize,
    window: usize,
}

impl Iteration {
    fn new(delta: &[f64], discrete: bool) -> Self {
        // On a plane frontier one cycle contracts at least by max delta (see the module
        // docs); the window is long enough to gain a factor 16 at that rate, plus a
        // margin for the first cycles.
        let log_rho: f64 = delta
            .iter()
            .map(|d| d.ln())
            .fold(f64::NEG_INFINITY, f64::max);
        let window = if log_rho < 0.0 {
            (16f64.ln() / -log_rho).ceil().min(1e9) as usize
        } else {
            usize::MAX / 2
        };
        Iteration {
            count: 0,
            discrete,
            seen: HashMap::new(),
            best_step: f64::INFINITY,
            improved_at: 0,
            window: window.saturating_add(64),
        }
    }

    fn advance(&mut self, c: &[f64], next: &[f64]) -> Step {
        self.count += 1;
        let step = c
            .iter()
            .zip(next)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        let scale = 1.0 + next.iter().map(|x| x.abs()).fold(0.0, f64::max);
        if step <= STOP * scale {
            return Step::Converged(step);
        }
        if self.discrete {
            let key: Vec<u64> = next.iter().map(|x| x.to_bits()).collect();
            if let Some(&at) = self.seen.get(&key) {
                return Step::Cycle(self.count - at);
            }
            self.seen.insert(key, self.count);
            return Step::Continue;
        }
        if step < 0.5 * self.best_step {
            self.best_step = step;
            self.improved_at = self.count;
        } else if self.count - self.improved_at > self.window {
            return if self.best_step <= NOISE * scale {
                Step::Converged(step)
            } else {
                Step::Stalled(step)
            };
        }
        Step::Continue
    }
}

mod stationary;
#[cfg(test)]
mod tests;
