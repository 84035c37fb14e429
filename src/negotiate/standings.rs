//! What a tournament reports: every run, and per strategy the means over the
//! (run, actor) pairs that play it.
//!
//! ```text
//! pairs                 the (run, seated actor) pairs whose actor plays the strategy
//! mean_utility          mean of u_i over the pairs (d_i without a deal)
//! mean_gain             mean of u_i - d_i over the pairs (0 without a deal)
//! agreement_rate        share of the pairs whose run reached a deal
//! mean_nash_distance    mean of the run's nash_distance over the pairs with a deal
//! mean_pareto_distance  mean of the run's pareto_distance over the pairs with a deal
//! ```
//!
//! A mean over no pairs is `None` (null in JSON): the distances of a strategy that
//! never reached a deal, or every mean of a tournament on no scenario.

use serde::Serialize;

use super::Run;

/// One run of a tournament: which scenario, who played what, and the run itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TournamentRun {
    /// The scenario's place among the negotiations played (0-based).
    pub file: usize,
    /// The seated actors (indices, file order).
    pub actors: Vec<usize>,
    /// Per seated actor: the index of the strategy it played, among the tournament's.
    pub strategies: Vec<usize>,
    /// The run (its trace is empty: a tournament does not keep them).
    pub run: Run,
}

/// A tournament's runs, in order, and each strategy's means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standings {
    /// Every run: per scenario, per first mover, per assignment.
    pub runs: Vec<TournamentRun>,
    /// Per strategy, in the tournament's order.
    pub by_strategy: Vec<StrategyStats>,
}

/// One strategy's record over a tournament (see the module docs for each mean).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StrategyStats {
    /// The mean utility of the actors that played it.
    pub mean_utility: Option<f64>,
    /// Their mean gain u_i - d_i, a run without a deal counting 0.
    pub mean_gain: Option<f64>,
    /// The share of its pairs whose run reached a deal.
    pub agreement_rate: Option<f64>,
    /// The mean distance to the Nash agreement's gains, over the pairs with a deal.
    pub mean_nash_distance: Option<f64>,
    /// The mean distance to the Pareto frontier, over the pairs with a deal.
    pub mean_pareto_distance: Option<f64>,
    /// The (run, seated actor) pairs that played it.
    pub pairs: u64,
}

impl Standings {
    /// The standings of `runs` among `strategies` strategies: the means summed in run
    /// order, then seat order, so they do not depend on how the runs were computed.
    ///
    /// ```
    /// # fn main() -> detente::Result<()> {
    /// use detente::negotiate::{Negotiation, NegotiationOptions, Standings, Strategy, TournamentRun};
    /// use detente::Scenario;
    ///
    /// let scenario = Scenario::from_json(r#"{"name": "pie",
    ///   "issues": [{"id": "share", "range": [0, 1]}],
    ///   "actors": [
    ///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
    ///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#,
    ///   "pie")?;
    /// let negotiation = Negotiation::new(&scenario, &[], NegotiationOptions::default())?;
    /// // Strategy 0 (nash) plays both seats of one run, strategy 1 none.
    /// let run = negotiation.run_strategies(&[Strategy::Nash, Strategy::Nash], None)?;
    /// let played = TournamentRun { file: 0, actors: vec![0, 1], strategies: vec![0, 0], run };
    /// let standings = Standings::new(vec![played], 2);
    /// assert_eq!(standings.by_strategy[0].pairs, 2);
    /// assert_eq!(standings.by_strategy[0].mean_gain, Some(0.5));
    /// assert_eq!(standings.by_strategy[0].mean_nash_distance, Some(0.0));
    /// assert_eq!(standings.by_strategy[1].pairs, 0);
    /// assert_eq!(standings.by_strategy[1].mean_gain, None);
    /// # Ok(()) }
    /// ```
    pub fn new(runs: Vec<TournamentRun>, strategies: usize) -> Standings {
        let mut sums = vec![Sums::default(); strategies];
        for r in &runs {
            for (&actor, &s) in r.actors.iter().zip(&r.strategies) {
                if let Some(sum) = sums.get_mut(s) {
                    sum.add(actor, &r.run);
                }
            }
        }
        Standings {
            runs,
            by_strategy: sums.iter().map(Sums::stats).collect(),
        }
    }
}

/// Running sums of one strategy's pairs.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    pairs: u64,
    utility: f64,
    gain: f64,
    deals: u64,
    nash: (f64, u64),
    pareto: (f64, u64),
}

impl Sums {
    fn add(&mut self, actor: usize, run: &Run) {
        self.pairs += 1;
        self.utility += run.utilities.get(actor).copied().unwrap_or(f64::NAN);
        self.gain += run.gains.get(actor).copied().unwrap_or(f64::NAN);
        if run.agreement.is_some() {
            self.deals += 1;
            for (sum, x) in [
                (&mut self.nash, run.nash_distance),
                (&mut self.pareto, run.pareto_distance),
            ] {
                if let Some(x) = x {
                    sum.0 += x;
                    sum.1 += 1;
                }
            }
        }
    }

    fn stats(&self) -> StrategyStats {
        let mean = |sum: f64, n: u64| (n > 0).then(|| sum / n as f64);
        StrategyStats {
            mean_utility: mean(self.utility, self.pairs),
            mean_gain: mean(self.gain, self.pairs),
            agreement_rate: mean(self.deals as f64, self.pairs),
            mean_nash_distance: mean(self.nash.0, self.nash.1),
            mean_pareto_distance: mean(self.pareto.0, self.pareto.1),
            pairs: self.pairs,
        }
    }
}
