//! A run-time input given to the library that does not fit the scenario or its rules.

use std::fmt;

use super::Problem;

/// A run-time input that is wrong: a leverage setting, a seat or weights change, a
/// search limit, a sweep option, a first proposer, a concept name.
///
/// It reads `FILE: setting us_support: unknown leverage variable 'us_support'`: the
/// scenario it applies to (when there is one), the [`Input`] in the library's words and
/// the [`Problem`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub struct InputError {
    /// The scenario the input applies to (its source name), `None` for an input checked
    /// on its own, such as [`SearchOptions`](crate::SearchOptions).
    pub file: Option<String>,
    /// Which input.
    pub input: Input,
    /// What is wrong with it.
    pub problem: Problem,
}

impl InputError {
    /// An error about `input`, not yet tied to a scenario.
    pub fn new(input: Input, problem: Problem) -> Self {
        InputError {
            file: None,
            input,
            problem,
        }
    }

    /// The same error, naming the scenario `file` it applies to.
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        write!(f, "{}: {}", self.input, self.problem)
    }
}

/// Which run-time input an [`InputError`] is about, named as the library's API names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Input {
    /// A leverage variable set to a value by id
    /// ([`Scenario::levels_with`](crate::Scenario::levels_with),
    /// [`SweepOptions::settings`](crate::sweep::SweepOptions::settings)).
    Setting(String),
    /// The first proposer of alternating offers, by actor id (or by index, written as a
    /// number, when the index names no actor).
    FirstProposer(String),
    /// Seating or unseating an actor, by id.
    Seat(String),
    /// Replacing an actor's weights, by id.
    Weights(String),
    /// [`SearchOptions::max_seconds`](crate::SearchOptions::max_seconds).
    MaxSeconds,
    /// [`SearchOptions::max_memory`](crate::SearchOptions::max_memory).
    MaxMemory,
    /// [`SweepOptions::samples`](crate::sweep::SweepOptions::samples).
    Samples,
    /// [`SweepOptions::weight_noise`](crate::sweep::SweepOptions::weight_noise).
    WeightNoise,
    /// [`SweepOptions::vary`](crate::sweep::SweepOptions::vary): a grid over this
    /// leverage variable.
    Vary(String),
    /// A solution concept, by name.
    Concept(String),
    /// An [`Objective`](crate::Objective)'s shape: its coefficients for the seated
    /// actors ([`Engine::maximise`](crate::Engine::maximise)).
    Objective,
    /// Bargaining parameters (d, alpha, delta) given directly or produced by leverage
    /// levels, described in words (`power of actor ru at us_support = 2`).
    Situation(String),
    /// The floors on the seated actors' gains given to
    /// [`Engine::maximise`](crate::Engine::maximise).
    Floors,
    /// The agents of a negotiation, one per seated actor
    /// ([`Negotiation::run`](crate::negotiate::Negotiation::run)).
    Agents,
    /// One actor's agent or strategy, as given (`ru=boulware`).
    Agent(String),
    /// A strategy by name (`time:0.5`).
    Strategy(String),
    /// The list of strategies of a tournament as a whole (empty, or more runs than
    /// [`MAX_RUNS`](crate::negotiate::MAX_RUNS)).
    Strategies,
    /// [`NegotiationOptions::deadline`](crate::negotiate::NegotiationOptions::deadline).
    Deadline,
    /// [`NegotiationOptions::resolution`](crate::negotiate::NegotiationOptions::resolution).
    Resolution,
    /// A proposal made by this actor's agent.
    Offer(String),
    /// A parameter of a sensitivity analysis, as given (`actors[a].disagreement=uniform:0:1`),
    /// or the parameter values of a model evaluation that broke a rule.
    Parameter(String),
    /// [`sensitivity::Method`](crate::sensitivity::Method)'s design size: trajectories,
    /// levels, bootstrap replicates or confidence.
    Design(String),
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Setting(id) => write!(f, "setting {id}"),
            Input::FirstProposer(id) => write!(f, "first proposer {id}"),
            Input::Seat(id) => write!(f, "seat {id}"),
            Input::Weights(id) => write!(f, "weights of {id}"),
            Input::MaxSeconds => write!(f, "max_seconds"),
            Input::MaxMemory => write!(f, "max_memory"),
            Input::Samples => write!(f, "samples"),
            Input::WeightNoise => write!(f, "weight_noise"),
            Input::Vary(id) => write!(f, "vary {id}"),
            Input::Concept(name) => write!(f, "concept {name}"),
            Input::Objective => write!(f, "objective"),
            Input::Floors => write!(f, "floors"),
            Input::Agents => write!(f, "agents"),
            Input::Agent(given) => write!(f, "agents {given}"),
            Input::Strategy(name) => write!(f, "strategy {name}"),
            Input::Strategies => write!(f, "strategies"),
            Input::Deadline => write!(f, "deadline"),
            Input::Resolution => write!(f, "resolution"),
            Input::Offer(id) => write!(f, "offer of {id}"),
            Input::Situation(what) => write!(f, "{what}"),
            Input::Parameter(given) => write!(f, "parameter {given}"),
            Input::Design(what) => write!(f, "{what}"),
        }
    }
}
