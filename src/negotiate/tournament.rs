//! Tournaments of built-in strategies (contract §4, `detente tournament`): every
//! assignment of the strategies to the seated actors, with every seated actor in turn
//! moving first, on every scenario given.
//!
//! ```text
//! per negotiation (file order given)
//!   per first mover p (seated file order)
//!     per assignment a = 0 .. |S|^n - 1: seat k plays strategy digit k of a in base |S|
//!                                        (the first seated actor the slowest digit)
//! ```
//!
//! The runs are played in parallel and collected in that order; the per-strategy
//! means ([`Standings`]) are summed afterwards, one run after the other, so the
//! result is the same bits on any number of threads.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::standings::{Standings, TournamentRun};
use super::{Negotiation, Strategy};
use crate::error::{Error, Input, InputError, Problem, Result};
use crate::scenario::Scenario;

/// The most runs one tournament may hold, over all its scenarios and first movers.
///
/// A tournament holds n * |S|^n runs per scenario with n seated actors and |S|
/// strategies: 4 strategies over 6 actors are already 24,576 runs, and 5 over 7 would
/// be 546,875. Past this limit, or past [`MAX_STEPS`], [`Tournament::play`] refuses
/// before it plays anything (an input error about [`Input::Strategies`]) rather than
/// run for hours and print gigabytes.
pub const MAX_RUNS: u64 = 100_000;

/// The most steps one tournament may take: its runs times the deadline T, the work of
/// the worst case where no run ends early. A step of the Ukraine example takes about
/// 5 microseconds, so this is under two minutes of work there on one core.
pub const MAX_STEPS: u64 = 20_000_000;

/// A list of strategies to play against one another, each under the name it was
/// given (`boulware`, `time:0.2`, ...; two names for one strategy are two entrants).
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::negotiate::{Negotiation, NegotiationOptions, Tournament};
/// use detente::Scenario;
///
/// let scenario = Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#,
///   "pie")?;
/// let tournament = Tournament::new(&["nash", "hardliner"])?;
/// let options = NegotiationOptions { deadline: 10, ..NegotiationOptions::default() };
/// let negotiation = Negotiation::new(&scenario, &[], options)?;
/// let standings = tournament.play(&[negotiation])?;
/// // 2 first movers times 2^2 assignments: (nash, nash), (nash, hardliner), ...
/// assert_eq!(standings.runs.len(), 8);
/// assert_eq!(standings.runs[1].strategies, [0, 1]);
/// // Two nash agents split the pie; a hardliner meets no one who gives it all. Of
/// // the 8 (run, actor) pairs that play nash, the 4 of the runs (nash, nash) agree.
/// let nash = &standings.by_strategy[0];
/// assert_eq!(nash.pairs, 8);
/// assert_eq!(nash.agreement_rate, Some(0.5));
/// assert_eq!(standings.by_strategy[1].agreement_rate, Some(0.0));
/// assert_eq!(standings.by_strategy[1].mean_nash_distance, None);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Tournament {
    names: Vec<String>,
    strategies: Vec<Strategy>,
}

impl Tournament {
    /// The strategies named `names` (each parsed as [`Strategy`]'s `FromStr`), in the
    /// order given.
    ///
    /// # Errors
    /// [`InputError`] about [`Input::Strategy`] for a name that does not parse or is
    /// given twice; about [`Input::Strategies`] for an empty list or an empty name.
    pub fn new<S: AsRef<str>>(names: &[S]) -> Result<Tournament, InputError> {
        if names.is_empty() {
            return Err(InputError::new(Input::Strategies, Problem::Empty));
        }
        let mut tournament = Tournament {
            names: Vec::with_capacity(names.len()),
            strategies: Vec::with_capacity(names.len()),
        };
        for name in names {
            let name = name.as_ref();
            let fail = |problem| InputError::new(Input::Strategy(name.to_string()), problem);
            if name.is_empty() {
                let problem = Problem::Other(
                    "a name in the list is empty (two commas in a row, or one at an end)".into(),
                );
                return Err(InputError::new(Input::Strategies, problem));
            }
            if tournament.names.iter().any(|n| n == name) {
                let problem = Problem::Other(format!(
                    "strategy '{name}' is given twice: give each strategy once"
                ));
                return Err(fail(problem));
            }
            tournament.strategies.push(name.parse().map_err(fail)?);
            tournament.names.push(name.to_string());
        }
        Ok(tournament)
    }

    /// The strategies' names as given.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The strategies, in the order given.
    pub fn strategies(&self) -> &[Strategy] {
        &self.strategies
    }

    /// |S|^n: the assignments of the strategies to `seated` actors (`None` past
    /// `u64::MAX`).
    pub fn assignments(&self, seated: usize) -> Option<u64> {
        let exponent = u32::try_from(seated).ok()?;
        (self.strategies.len() as u64).checked_pow(exponent)
    }

    /// n * |S|^n: the runs on `scenario` (`None` past `u64::MAX`).
    pub fn runs(&self, scenario: &Scenario) -> Option<u64> {
        let n = scenario.seated().len();
        self.assignments(n)?.checked_mul(n as u64)
    }

    /// Assignment number `index` (below [`Tournament::assignments`]) as the strategy
    /// index of each of `seated` actors: the digits of `index` in base |S|, the first
    /// actor's the most significant.
    ///
    /// ```
    /// # fn main() -> detente::Result<()> {
    /// let tournament = detente::negotiate::Tournament::new(&["linear", "nash", "hardliner"])?;
    /// assert_eq!(tournament.assignment(2, 0), [0, 0]);
    /// assert_eq!(tournament.assignment(2, 1), [0, 1]);
    /// assert_eq!(tournament.assignment(2, 5), [1, 2]);
    /// assert_eq!(tournament.assignment(2, 8), [2, 2]);
    /// # Ok(()) }
    /// ```
    pub fn assignment(&self, seated: usize, index: u64) -> Vec<usize> {
        let base = self.strategies.len().max(1) as u64;
        let mut digits = vec![0; seated];
        let mut rest = index;
        for digit in digits.iter_mut().rev() {
            *digit = (rest % base) as usize;
            rest /= base;
        }
        digits
    }

    /// The number of runs on all of `scenarios` with a deadline of `deadline` steps.
    ///
    /// # Errors
    /// [`InputError`] about [`Input::Strategies`], naming the first scenario that
    /// takes the total past [`MAX_RUNS`] runs or [`MAX_STEPS`] steps.
    pub fn check_size(&self, scenarios: &[&Scenario], deadline: usize) -> Result<u64> {
        let mut total: u64 = 0;
        for scenario in scenarios {
            let runs = self.runs(scenario);
            let next = runs.and_then(|r| total.checked_add(r));
            let steps = next.and_then(|t| t.checked_mul(deadline as u64));
            match (next, steps) {
                (Some(t), Some(steps)) if t <= MAX_RUNS && steps <= MAX_STEPS => total = t,
                _ => {
                    let problem = Problem::Other(self.too_many(scenario, runs, total, deadline));
                    return Err(Error::input(scenario.source(), Input::Strategies, problem));
                }
            }
        }
        Ok(total)
    }

    /// Why a tournament is too large, in words.
    fn too_many(
        &self,
        scenario: &Scenario,
        runs: Option<u64>,
        before: u64,
        deadline: usize,
    ) -> String {
        let (s, n) = (self.strategies.len(), scenario.seated().len());
        let count = self
            .assignments(n)
            .map_or_else(String::new, |a| format!(" = {a}"));
        let mut text = format!(
            "{s} strategies over {n} seated actors give {s}^{n}{count} assignments for each \
             of {n} first movers"
        );
        match runs {
            Some(r) if before > 0 => {
                let all = u128::from(r) + u128::from(before);
                text += &format!(": {r} runs, {all} with the files before");
            }
            Some(r) => text += &format!(": {r} runs"),
            None => text += ": more runs than can be counted",
        }
        text + &format!(
            "; a tournament may hold at most {MAX_RUNS} runs and {MAX_STEPS} steps (runs \
             times the deadline, here {deadline}): give fewer strategies, files or steps"
        )
    }

    /// Play every run on each of `negotiations` (see the module docs for the order),
    /// each negotiation with its own options; the runs' traces are dropped.
    ///
    /// # Errors
    /// As [`Tournament::check_size`] with the longest deadline, before any run; as [`Negotiation::run`];
    /// [`NegotiationError::Stopped`](crate::error::NegotiationError::Stopped) when a
    /// negotiation's time limit ([`SearchOptions`](crate::SearchOptions)
    /// `max_seconds`, counted from this call, or `deadline`) passes before the last run.
    pub fn play(&self, negotiations: &[Negotiation<'_>]) -> Result<Standings> {
        let scenarios: Vec<&Scenario> = negotiations.iter().map(|n| n.scenario()).collect();
        let deadline = negotiations.iter().map(Negotiation::deadline).max();
        let total = self.check_size(&scenarios, deadline.unwrap_or(0))?;
        let clock = Clock {
            start: Instant::now(),
            done: AtomicU64::new(0),
            total,
        };
        // One clock for the whole tournament: every limit counts from here.
        let ends: Vec<Option<Instant>> = negotiations
            .iter()
            .map(|n| n.options().search.from_now().deadline)
            .collect();
        let mut runs = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
        for (file, (negotiation, end)) in negotiations.iter().zip(ends).enumerate() {
            runs.extend(self.play_one(file, negotiation, end, &clock)?);
        }
        Ok(Standings::new(runs, self.strategies.len()))
    }

    /// Every run on one negotiation, in parallel, collected in order.
    fn play_one(
        &self,
        file: usize,
        negotiation: &Negotiation<'_>,
        end: Option<Instant>,
        clock: &Clock,
    ) -> Result<Vec<TournamentRun>> {
        let seated = negotiation.scenario().seated();
        let assignments = self.assignments(seated.len()).unwrap_or(0);
        let total = self.runs(negotiation.scenario()).unwrap_or(0);
        let results: Vec<Result<TournamentRun>> = (0..total)
            .into_par_iter()
            .map(|r| {
                if end.is_some_and(|end| Instant::now() > end) {
                    return Err(clock.stopped());
                }
                let strategies = self.assignment(seated.len(), r % assignments);
                let first = seated[(r / assignments) as usize];
                let lineup: Vec<Strategy> =
                    strategies.iter().map(|&s| self.strategies[s]).collect();
                let mut run = negotiation.run_strategies(&lineup, Some(first))?;
                run.trace = Vec::new();
                clock.done.fetch_add(1, Ordering::Relaxed);
                Ok(TournamentRun {
                    file,
                    actors: seated.clone(),
                    strategies,
                    run,
                })
            })
            .collect();
        results.into_iter().collect()
    }
}

/// The count of runs played, for the message of a tournament stopped by its budget.
struct Clock {
    start: Instant,
    done: AtomicU64,
    total: u64,
}

impl Clock {
    fn stopped(&self) -> Error {
        Error::tournament_stopped(
            self.done.load(Ordering::Relaxed),
            self.total,
            self.start.elapsed().as_secs_f64(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiate::NegotiationOptions;

    /// A pie in tenths for `n` seated actors (the first takes option k as k/10, the
    /// others split the rest), one more actor unseated.
    fn pie(n: usize) -> Scenario {
        let options: Vec<String> = (0..=10).map(|k| format!("\"{k}\"")).collect();
        let actor = |i: usize, seated: bool| {
            let values: Vec<String> = (0..=10)
                .map(|k| {
                    let v = if i == 0 {
                        k as f64 / 10.0
                    } else {
                        (10 - k) as f64 / 10.0
                    };
                    format!("\"{k}\": {v}")
                })
                .collect();
            format!(
                r#"{{"id": "p{i}", "seated": {seated}, "weights": {{"x": 1}},
                    "values": {{"x": {{{}}}}}}}"#,
                values.join(", ")
            )
        };
        let actors: Vec<String> = (0..n)
            .map(|i| actor(i, true))
            .chain([actor(n, false)])
            .collect();
        let json = format!(
            r#"{{"name": "pie", "issues": [{{"id": "x", "options": [{}]}}], "actors": [{}]}}"#,
            options.join(", "),
            actors.join(", ")
        );
        Scenario::from_json(&json, "pie.json").expect("the test pie is valid")
    }

    #[test]
    fn names_are_checked_once_each() {
        let e = Tournament::new(&["linear", "time:0"]).expect_err("E must be positive");
        assert_eq!(e.input, Input::Strategy("time:0".into()));
        let e = Tournament::new(&["linear", "linear"]).expect_err("a name given twice");
        assert_eq!(e.input, Input::Strategy("linear".into()));
        let e = Tournament::new::<&str>(&[]).expect_err("no strategy");
        assert_eq!((e.input, e.problem), (Input::Strategies, Problem::Empty));
        assert!(Tournament::new(&["linear", ""]).is_err());
        // Two spellings of one strategy are two entrants, each under its own name.
        let t = Tournament::new(&["linear", "time:1"]).expect("two names");
        assert_eq!(t.names(), ["linear", "time:1"]);
        assert_eq!(t.strategies(), [Strategy::Time(1.0); 2]);
    }

    #[test]
    fn assignments_count_in_base_s_the_first_seat_slowest() {
        let t = Tournament::new(&["linear", "nash"]).expect("valid");
        let all: Vec<Vec<usize>> = (0..8).map(|a| t.assignment(3, a)).collect();
        assert_eq!(all[0], [0, 0, 0]);
        assert_eq!(all[1], [0, 0, 1]);
        assert_eq!(all[4], [1, 0, 0]);
        assert_eq!(all[7], [1, 1, 1]);
        assert_eq!(t.assignments(3), Some(8));
        assert_eq!(t.runs(&pie(3)), Some(24));
        assert_eq!(t.assignments(usize::MAX), None);
    }

    #[test]
    fn a_tournament_past_the_limits_is_refused_naming_the_file() {
        let names: Vec<String> = (1..=10).map(|e| format!("time:{e}")).collect();
        let t = Tournament::new(&names).expect("valid");
        let (small, large) = (pie(2), pie(5));
        // 2 x 10^2 runs fit; 5 x 10^5 do not.
        assert_eq!(t.check_size(&[&small], 100).ok(), Some(200));
        let Err(Error::Input(e)) = t.check_size(&[&small, &large], 100) else {
            panic!("500,000 runs are refused");
        };
        assert_eq!(
            (e.file.as_deref(), e.input),
            (Some("pie.json"), Input::Strategies)
        );
        assert!(e.problem.to_string().contains("10^5 = 100000 assignments"));
        // The steps count too: 200 runs of 10^6 steps each.
        assert!(t.check_size(&[&small], 1_000_000).is_err());
    }

    #[test]
    fn runs_hold_no_trace_and_the_order_of_the_contract() {
        let scenario = pie(2);
        let options = NegotiationOptions {
            deadline: 12,
            ..NegotiationOptions::default()
        };
        let negotiation = Negotiation::new(&scenario, &[], options).expect("valid");
        let t = Tournament::new(&["boulware", "nash", "hardliner"]).expect("valid");
        let standings = t.play(&[negotiation]).expect("plays");
        assert_eq!(standings.runs.len(), 18);
        for (r, run) in standings.runs.iter().enumerate() {
            assert_eq!(run.actors, [0, 1]);
            assert_eq!(run.run.first, r / 9);
            assert_eq!(run.strategies, [(r % 9) / 3, r % 3]);
            assert!(run.run.trace.is_empty());
        }
        assert!(standings.by_strategy.iter().all(|s| s.pairs == 12));
    }
}
