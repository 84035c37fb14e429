//! Errors: one public [`Error`] joining one type per layer of the library, a matchable
//! [`Problem`] for what is wrong with a value and the [`FieldPath`] that names where in
//! a scenario file it sits.
//!
//! | layer | error | when |
//! | --- | --- | --- |
//! | [`scenario`](crate::scenario) | [`ScenarioError`] | the file is unreadable, malformed or breaks a rule |
//! | [`import`](crate::import) | [`ImportError`] | another tool's file is malformed or holds what a scenario cannot express |
//! | every entry point | [`InputError`] | a run-time input (a setting, a sweep option, ...) is wrong |
//! | [`search`](crate::search) | [`SearchError`] | a search hit its budget |
//! | [`concept::offers`](crate::concept::offers) | [`OffersError`] | no stationary alternating-offers agreement |
//! | [`sweep`](crate::sweep), [`sensitivity`](crate::sensitivity) | [`SweepError`] | a sweep or a sensitivity run hit its budget |
//! | [`sweep`](crate::sweep)'s shards | [`ShardError`] | a shard file is damaged or belongs to another sweep |
//! | [`negotiate`](crate::negotiate) | [`NegotiationError`] | a run or a tournament hit its budget |
//! | [`report`](crate::report) | [`ReportError`] | an output could not be rendered or written |
//!
//! Messages speak the library's terms, lower case, without a final period:
//! `FILE: actors[1].weights.nato: must not be negative, got -1`,
//! `FILE: setting us_support: unknown leverage variable 'us_support'`.
//! "No individually rational outcome" is not an error but an answer
//! ([`Verdict::NoDeal`](crate::Verdict::NoDeal)).
//!
//! ```
//! # fn main() -> detente::Result<()> {
//! use detente::error::{Error, Input, Problem};
//! use detente::Scenario;
//!
//! let json = r#"{"name": "lev", "issues": [{"id": "share", "range": [0, 1]}],
//!   "actors": [
//!     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
//!     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}],
//!   "leverage": [{"id": "support", "value": 0,
//!     "effects": [{"actor": "a", "disagreement": 0.4}]}]}"#;
//! let scenario = Scenario::from_json(json, "lev.json")?;
//! let Err(Error::Input(e)) = scenario.levels_with(&[("suport".to_string(), 0.5)]) else {
//!     panic!("a setting of an unknown leverage variable is an input error");
//! };
//! assert_eq!(e.input, Input::Setting("suport".into()));
//! assert_eq!(
//!     e.problem,
//!     Problem::Unknown { kind: "leverage variable", id: "suport".into() }
//! );
//! assert_eq!(
//!     e.to_string(),
//!     "lev.json: setting suport: unknown leverage variable 'suport'"
//! );
//! # Ok(()) }
//! ```

mod budget;
mod import;
mod input;
mod offers;
mod problem;
mod report;
mod scenario;
mod shard;

use std::fmt;
use std::path::PathBuf;

pub use budget::{NegotiationError, SearchError, SweepError};
pub use import::ImportError;
pub use input::{Input, InputError};
pub use offers::{OffersError, RoundOffer};
pub use problem::{FieldPath, Problem};
pub use report::{Format, ReportError};
pub use scenario::ScenarioError;
pub use shard::ShardError;

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `detente`: one variant per layer, each holding that
/// layer's error (see the [module docs](self)). `Display` is the layer's message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A scenario could not be read, parsed or accepted.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A run-time input does not fit the scenario or its rules.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Another tool's file could not be imported.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// A search stopped by its budget.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The alternating-offers game has no stationary agreement.
    #[error(transparent)]
    Offers(#[from] OffersError),
    /// A sweep stopped by its budget.
    #[error(transparent)]
    Sweep(#[from] SweepError),
    /// A shard file that is damaged or does not belong with the others.
    #[error(transparent)]
    Shard(#[from] ShardError),
    /// A negotiation or a tournament stopped by its budget.
    #[error(transparent)]
    Negotiation(#[from] NegotiationError),
    /// An output could not be rendered or written.
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl Error {
    /// A [`ScenarioError::Io`]: `path` could not be read.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ScenarioError::Io {
            path: path.into(),
            source,
        }
        .into()
    }

    /// A [`ScenarioError::Parse`] in `file`, at `field` when the parser knows it, at a
    /// 1-based `line` and `column` (0 when unknown).
    pub fn parse(
        file: impl Into<String>,
        field: Option<FieldPath>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        ScenarioError::Parse {
            file: file.into(),
            field,
            line,
            column,
            message: message.into(),
        }
        .into()
    }

    /// A [`ScenarioError::Invalid`] for `file` at `field`.
    pub fn invalid(file: impl Into<String>, field: FieldPath, problem: Problem) -> Self {
        ScenarioError::Invalid {
            file: file.into(),
            field,
            problem,
        }
        .into()
    }

    /// An [`InputError`] about `input`, given for the scenario `file`.
    pub fn input(file: impl Into<String>, input: Input, problem: Problem) -> Self {
        InputError::new(input, problem).in_file(file).into()
    }

    /// An [`InputError`] about an objective whose shape does not fit the seated actors.
    pub fn objective(problem: Problem) -> Self {
        InputError::new(Input::Objective, problem).into()
    }

    /// An [`InputError`] about floors that do not fit the seated actors.
    pub fn floors(problem: Problem) -> Self {
        InputError::new(Input::Floors, problem).into()
    }

    /// A [`SearchError::Budget`]: stopped after `nodes` and `seconds`, with the best
    /// `bound` on the objective when there is one.
    pub fn budget(nodes: u64, seconds: f64, bound: Option<f64>) -> Self {
        SearchError::Budget {
            nodes,
            seconds,
            bound,
            during: None,
        }
        .into()
    }

    /// This error with `what` as what the search was doing when it stopped, if it is a
    /// [`SearchError::Budget`] or [`SearchError::Memory`]; any other error unchanged.
    ///
    /// ```
    /// let e = detente::Error::budget(10, 0.5, None).during("listing the frontier");
    /// assert_eq!(
    ///     e.to_string(),
    ///     "search stopped by its budget after 10 nodes and 0.500 s while listing the \
    ///      frontier; no bound on the objective yet"
    /// );
    /// ```
    #[must_use]
    pub fn during(mut self, what: impl Into<String>) -> Self {
        match &mut self {
            Error::Search(SearchError::Budget { during, .. }) => *during = Some(what.into()),
            Error::Search(SearchError::Memory {
                what: needed_by, ..
            }) => *needed_by = format!("{needed_by} (while {})", what.into()),
            _ => {}
        }
        self
    }

    /// A [`SearchError::Memory`]: `what` would need `needed` bytes, over `limit`.
    pub fn memory(
        what: impl Into<String>,
        needed: u64,
        limit: u64,
        nodes: u64,
        seconds: f64,
    ) -> Self {
        SearchError::Memory {
            what: what.into(),
            needed,
            limit,
            nodes,
            seconds,
            bound: None,
        }
        .into()
    }

    /// An [`OffersError::Cycle`] of `period` rounds ending with `last_round`.
    pub fn offers_cycle(period: usize, last_round: Vec<RoundOffer>) -> Self {
        OffersError::Cycle { period, last_round }.into()
    }

    /// An [`OffersError::Stalled`] after `cycles` rounds with a last `step`.
    pub fn offers_stalled(cycles: usize, step: f64) -> Self {
        OffersError::Stalled { cycles, step }.into()
    }

    /// An [`OffersError::NoAcceptableOffer`].
    pub fn offers_no_acceptable_offer() -> Self {
        OffersError::NoAcceptableOffer.into()
    }

    /// A [`SweepError::Stopped`] after `done` of `total` samples, `nodes` and `seconds`.
    pub fn sweep_stopped(done: u64, total: u64, nodes: u64, seconds: f64) -> Self {
        SweepError::Stopped {
            done,
            total,
            nodes,
            seconds,
        }
        .into()
    }

    /// A [`SweepError::SensitivityStopped`] of `method` after `done` of `total` solves
    /// and `seconds`.
    pub fn sensitivity_stopped(method: &'static str, done: u64, total: u64, seconds: f64) -> Self {
        SweepError::SensitivityStopped {
            method,
            done,
            total,
            seconds,
        }
        .into()
    }

    /// A [`NegotiationError::RunStopped`] at `step` of `deadline` steps, after
    /// `seconds`, `why` saying which limit.
    pub fn run_stopped(step: usize, deadline: usize, seconds: f64, why: &'static str) -> Self {
        NegotiationError::RunStopped {
            step,
            deadline,
            seconds,
            why,
        }
        .into()
    }

    /// A [`NegotiationError::Stopped`] after `done` of `total` runs and `seconds`.
    pub fn tournament_stopped(done: u64, total: u64, seconds: f64) -> Self {
        NegotiationError::Stopped {
            done,
            total,
            seconds,
        }
        .into()
    }

    /// A [`ReportError::Render`]: the renderer of `format` failed with `message`.
    pub fn render(format: Format, message: impl fmt::Display) -> Self {
        ReportError::Render {
            format,
            message: message.to_string(),
        }
        .into()
    }

    /// A [`ReportError::Write`]: `path` could not be written.
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ReportError::Write {
            path: path.into(),
            source,
        }
        .into()
    }

    /// An [`ImportError`]: `element` of another tool's `file` has this problem.
    pub fn import(file: impl Into<String>, element: impl Into<String>, problem: Problem) -> Self {
        ImportError {
            file: file.into(),
            element: element.into(),
            problem,
        }
        .into()
    }

    /// What is wrong, for an invalid scenario field, a wrong input or a file that
    /// cannot be imported.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Error::Scenario(ScenarioError::Invalid { problem, .. })
            | Error::Input(InputError { problem, .. })
            | Error::Import(ImportError { problem, .. }) => Some(problem),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_error_names_file_and_field() {
        let e = Error::invalid(
            "s.json",
            FieldPath::root()
                .key("actors")
                .index(0)
                .key("weights")
                .key("x"),
            Problem::Negative(-1.0),
        );
        assert_eq!(
            e.to_string(),
            "s.json: actors[0].weights.x: must not be negative, got -1"
        );
        assert_eq!(e.problem(), Some(&Problem::Negative(-1.0)));
    }

    #[test]
    fn input_errors_speak_library_terms() {
        let e = Error::input("s.json", Input::WeightNoise, Problem::NotFinite(f64::NAN));
        assert_eq!(
            e.to_string(),
            "s.json: weight_noise: must be a finite number, got NaN"
        );
        let unscoped = InputError::new(
            Input::MaxSeconds,
            Problem::OutOfRange {
                value: 0.0,
                allowed: "(0, inf)",
            },
        );
        assert_eq!(
            unscoped.to_string(),
            "max_seconds: must lie in (0, inf), got 0"
        );
    }

    #[test]
    fn budget_stops_say_how_far_they_got() {
        let e = Error::budget(12, 0.5, Some(0.25));
        assert_eq!(
            e.to_string(),
            "search stopped by its budget after 12 nodes and 0.500 s; \
             best bound on the objective: 0.25"
        );
        let e = Error::sweep_stopped(3, 10, 40, 1.0);
        assert_eq!(
            e.to_string(),
            "sweep stopped by its budget after 3 of 10 samples (40 nodes, 1.000 s); \
             no summary is exact"
        );
        let e = Error::sensitivity_stopped("sobol", 30, 90, 0.25);
        assert_eq!(
            e.to_string(),
            "sensitivity (sobol) stopped by its budget after 30 of 90 solves (0.250 s); \
             no index is reported"
        );
    }

    #[test]
    fn a_cycle_lists_the_last_round() {
        let offer = |p: &str, v: &str| RoundOffer {
            proposer: p.into(),
            terms: vec![("x".into(), v.into()), ("y".into(), "0.5".into())],
        };
        let e = Error::offers_cycle(2, vec![offer("a", "o1"), offer("b", "o2")]);
        assert_eq!(
            e.to_string(),
            "no stationary alternating-offers agreement: the proposers' round cycles with \
             period 2 on this discrete space (the finite-horizon agreements never settle); \
             last round: a offers x=o1 y=0.5; b offers x=o2 y=0.5"
        );
    }
}
