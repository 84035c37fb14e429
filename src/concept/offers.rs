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
//!   [`Error::NoStationaryAgreement`] (the iteration does not settle).
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
//!   agreement exists, so every Pareto-optimal outcome is then tried as x_0 (each
//!   proposal is Pareto optimal thanks to the Nash tie-break, so every fixed point is
//!   among them): the first fixed point in enumeration order is returned
//!   ([`OffersSolution::searched`]), and only when there is none is the cycle reported
//!   as [`Error::NoStationaryAgreement`]. Both happen: `tests/offers.rs` has a
//!   three-actor space with no stationary agreement (checked by brute force without
//!   the engine) and a four-actor one where only the search finds it. With two actors
//!   neither can happen (monotone iteration, above).

use std::collections::HashMap;

use super::{Agreement, Verdict};
use crate::error::{Error, Problem, Result};
use crate::scenario::Situation;
use crate::search::{Engine, GoalSpec};
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
    /// `Some(points tried)` when the iteration cycled on a discrete space and the
    /// agreement was found by trying the Pareto-optimal outcomes as fixed points
    /// (the first in enumeration order); `None` when the iteration converged.
    pub searched: Option<usize>,
}

/// The gains and outcome of one proposal, in seated order.
type Offer = (Vec<f64>, Vec<Value>);

impl Engine<'_> {
    /// The stationary alternating-offers agreement with `first` (an actor index)
    /// proposing first, the first seated actor when `None`, with every proposer's offer
    /// and the continuation values. See the [module docs](crate::concept) for the
    /// method and its stopping rule.
    ///
    /// # Errors
    /// [`Error::Argument`] when `first` is not a seated actor;
    /// [`Error::NoStationaryAgreement`] when the iteration cycles on a discrete space
    /// or does not settle; [`Error::Budget`] when search limits are hit.
    pub fn alternating_offers(
        &self,
        situation: &Situation,
        first: Option<usize>,
    ) -> Result<OffersSolution> {
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
        loop {
            let Some(offers) = self.offer_cycle(situation, &order, &delta, &c)? else {
                if iter.count == 0 {
                    return Ok(self.no_offers(situation, seated[start]));
                }
                return Err(Error::NoStationaryAgreement {
                    reason: "a proposer has no offer that every other seated actor accepts \
                             (numerical: the continuation values sit on the individual \
                             rationality bound)"
                        .into(),
                });
            };
            let next = offers[0].0.clone();
            match iter.advance(&c, &next) {
                Step::Continue => c = next,
                Step::Converged(step) => {
                    return Ok(self.solution(situation, &seated, &order, offers, iter.count, step))
                }
                Step::Cycle(len) => {
                    return match self.search_fixed_point(situation, &seated, &order, &delta)? {
                        Some((offers, tried)) => {
                            let mut sol = self.solution(situation, &seated, &order, offers, 0, 0.0);
                            sol.iterations = iter.count;
                            sol.searched = Some(tried);
                            Ok(sol)
                        }
                        None => Err(self.cycle_error(&seated, &order, &offers, len)),
                    }
                }
                Step::Stalled(step) => {
                    return Err(Error::NoStationaryAgreement {
                        reason: format!(
                            "the continuation values do not settle: after {} cycles the \
                             step is still {step:e}",
                            iter.count
                        ),
                    })
                }
            }
        }
    }

    /// Position of the first proposer among the seated actors.
    fn first_position(&self, first: Option<usize>) -> Result<usize> {
        let scenario = self.scenario();
        let Some(i) = first else { return Ok(0) };
        let Some(actor) = scenario.actors().get(i) else {
            return Err(scenario.argument_error(
                "--first".into(),
                Problem::Unknown {
                    kind: "actor",
                    id: i.to_string(),
                },
            ));
        };
        self.seated().iter().position(|&s| s == i).ok_or_else(|| {
            scenario.argument_error(
                format!("--first {}", actor.id()),
                Problem::Other(format!(
                    "actor '{}' is not seated and cannot propose",
                    actor.id()
                )),
            )
        })
    }

    /// One application of T: every proposer's offer, walking backwards from the
    /// continuation `c` of the first proposer's round. Returned in proposing order.
    fn offer_cycle(
        &self,
        situation: &Situation,
        order: &[usize],
        delta: &[f64],
        c: &[f64],
    ) -> Result<Option<Vec<Offer>>> {
        let n = order.len();
        let mut offers: Vec<Offer> = Vec::with_capacity(n);
        let mut next = c.to_vec();
        for &j in order.iter().rev() {
            let floors: Vec<f64> = (0..n)
                .map(|k| {
                    if k == j {
                        0.0
                    } else {
                        (delta[k] * next[k] - FLOOR_SLACK).max(0.0)
                    }
                })
                .collect();
            let mut coef = vec![0.0; n];
            coef[j] = 1.0;
            match self.best(situation, &GoalSpec::Linear(coef), &floors)? {
                Some((cand, outcome)) => {
                    next.clone_from(&cand.gains);
                    offers.push((cand.gains, outcome));
                }
                None => return Ok(None),
            }
        }
        offers.reverse();
        Ok(Some(offers))
    }

    /// After a cycle on a discrete space: try every Pareto-optimal outcome as the
    /// first proposer's offer and keep the first (enumeration order) whose gains are a
    /// fixed point of T. Returns the offers and how many points were tried; `None`
    /// proves that no stationary agreement exists (every fixed point of T is the gain
    /// vector of a Pareto-optimal outcome, since each proposal is).
    fn search_fixed_point(
        &self,
        situation: &Situation,
        seated: &[usize],
        order: &[usize],
        delta: &[f64],
    ) -> Result<Option<(Vec<Offer>, usize)>> {
        let points = Engine::frontier(self.scenario(), 2, self.options())?;
        for (tried, p) in points.iter().enumerate() {
            let c: Vec<f64> = seated
                .iter()
                .map(|&i| p.utilities[i] - situation.disagreement()[i])
                .collect();
            if c.iter().any(|&g| g <= 0.0) {
                continue;
            }
            let Some(offers) = self.offer_cycle(situation, order, delta, &c)? else {
                continue;
            };
            let close = offers[0]
                .0
                .iter()
                .zip(&c)
                .all(|(a, b)| (a - b).abs() <= 1e-12);
            if !close {
                continue;
            }
            // Confirm on the engine's own bits: T(T(c)) = T(c) exactly.
            if let Some(again) = self.offer_cycle(situation, order, delta, &offers[0].0)? {
                if again[0].0 == offers[0].0 {
                    return Ok(Some((again, tried + 1)));
                }
            }
        }
        Ok(None)
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
                agreement: Agreement::from_outcome(scenario, situation, outcome),
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
        let last: Vec<String> = offers
            .iter()
            .zip(order)
            .map(|((_, outcome), &j)| {
                let terms: Vec<String> = scenario
                    .issues()
                    .iter()
                    .zip(outcome)
                    .map(|(issue, &x)| format!("{}={}", issue.id(), issue.describe(x)))
                    .collect();
                format!("{} offers {}", actors[seated[j]].id(), terms.join(" "))
            })
            .collect();
        Error::NoStationaryAgreement {
            reason: format!(
                "the proposers' round cycles with period {len} on this discrete space \
                 (the finite-horizon agreements never settle); last round: {}",
                last.join("; ")
            ),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    /// Three actors on the plane u_a + u_b + 2 u_c = 2 (see tests/offers.rs).
    fn plane(deltas: [f64; 3]) -> Scenario {
        let [da, db, dc] = deltas;
        let json = format!(
            r#"{{"name": "plane", "issues": [{{"id": "x", "range": [0, 1]}}, {{"id": "y", "range": [0, 1]}}],
            "actors": [
              {{"id": "a", "patience": {da}, "weights": {{"x": 1}},
               "values": {{"x": {{"points": [[0, 0], [1, 1]]}}}}}},
              {{"id": "b", "patience": {db}, "weights": {{"y": 1}},
               "values": {{"y": {{"points": [[0, 0], [1, 1]]}}}}}},
              {{"id": "c", "patience": {dc}, "weights": {{"x": 1, "y": 1}},
               "values": {{"x": {{"points": [[0, 1], [1, 0]]}}, "y": {{"points": [[0, 1], [1, 0]]}}}}}}]}}"#
        );
        Scenario::from_json(&json, "plane").expect("valid plane")
    }

    /// One cycle from `c`, the first proposer's offer's gains.
    fn cycle(engine: &Engine<'_>, sit: &Situation, deltas: &[f64], c: &[f64]) -> Vec<f64> {
        let order: Vec<usize> = (0..deltas.len()).collect();
        engine
            .offer_cycle(sit, &order, deltas, c)
            .expect("no budget")
            .expect("offers exist")[0]
            .0
            .clone()
    }

    /// The convergence argument: on a plane frontier with equal patience one cycle is
    /// c -> c* + rho (c - c*) with rho = delta^n; with unequal patience the deviation
    /// still shrinks at least like (max delta)^cycles.
    #[test]
    fn cycles_contract_on_a_plane() {
        // A deviation along the plane (lambda = (1, 1, 2): weighted sum zero).
        let e = [0.01, -0.03, 0.01];
        for deltas in [[0.9; 3], [0.9, 0.92, 0.95], [0.5, 0.97, 0.8]] {
            let s = plane(deltas);
            let sit = s.status_quo_situation();
            let engine = Engine::new(&s);
            let sol = engine.alternating_offers(&sit, None).expect("converges");
            assert!(sol.step <= STOP * 2.0 && sol.searched.is_none());
            let star = sol.continuation.clone();
            let mut c: Vec<f64> = star.iter().zip(e).map(|(x, d)| x + d).collect();
            let cycles = 12;
            for _ in 0..cycles {
                c = cycle(&engine, &sit, &deltas, &c);
            }
            let dev = c
                .iter()
                .zip(&star)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            let max_delta = deltas.iter().copied().fold(0.0, f64::max);
            assert!(dev <= 0.03 * max_delta.powi(cycles), "{deltas:?}: {dev}");
            if deltas.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-15) {
                let rho: f64 = deltas.iter().product();
                let c: Vec<f64> = star.iter().zip(e).map(|(x, d)| x + d).collect();
                let next = cycle(&engine, &sit, &deltas, &c);
                for k in 0..3 {
                    let got = next[k] - star[k];
                    assert!(
                        (got - rho * e[k]).abs() < 1e-9,
                        "{k}: {got} vs {}",
                        rho * e[k]
                    );
                }
            }
        }
    }

    #[test]
    fn window_covers_a_factor_sixteen_of_the_linear_contraction() {
        let it = Iteration::new(&[0.5, 0.5], false);
        // max delta = 0.5: four cycles gain 16.
        assert_eq!(it.window, 4 + 64);
        let mut stall = Iteration::new(&[0.5], false);
        let mut last = Step::Continue;
        for _ in 0..200 {
            last = stall.advance(&[0.0], &[1e-3]);
            if last != Step::Continue {
                break;
            }
        }
        assert_eq!(last, Step::Stalled(1e-3));
    }
}
