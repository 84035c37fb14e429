//! What the command line says on stderr when it fails, and its exit status.
//!
//! The library names run-time inputs in its own words (`setting us_support`); here they
//! become the flags the user typed (`--set us_support`).

use std::fmt;

use detente::error::{Input, InputError, NegotiationError, SearchError, SweepError};
use detente::Error;

/// A failed command: a library error, or an argument the library never sees.
#[derive(Debug)]
pub enum Failure {
    /// The library refused the input or stopped.
    Library(Error),
    /// A command-line argument that does not parse or an output path that cannot be
    /// one (a folder).
    Argument {
        /// The scenario file the command was run on.
        file: String,
        /// The argument as typed, e.g. `--set us_support=abc`.
        argument: String,
        /// What is wrong.
        message: String,
    },
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Library(e)
    }
}

impl Failure {
    /// The exit status: 3 for a search, sweep, sensitivity run or tournament stopped by its budget, 2 for bad input.
    pub fn exit_status(&self) -> u8 {
        match self {
            Failure::Library(
                Error::Search(SearchError::Budget { .. } | SearchError::Memory { .. })
                | Error::Sweep(SweepError::Stopped { .. } | SweepError::SensitivityStopped { .. })
                | Error::Negotiation(
                    NegotiationError::Stopped { .. } | NegotiationError::RunStopped { .. },
                ),
            ) => 3,
            _ => 2,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Library(Error::Input(e)) => write_input(f, e),
            Failure::Library(e) => write!(f, "{e}"),
            Failure::Argument {
                file,
                argument,
                message,
            } => write!(f, "{file}: {argument}: {message}"),
        }
    }
}

/// `FILE: --set us_support: unknown leverage variable 'us_support'`.
fn write_input(f: &mut fmt::Formatter<'_>, e: &InputError) -> fmt::Result {
    if let Some(file) = &e.file {
        write!(f, "{file}: ")?;
    }
    write!(f, "{}: {}", flag(&e.input), e.problem)
}

/// The flag that gives `input` on the command line.
fn flag(input: &Input) -> String {
    match input {
        Input::Setting(id) => format!("--set {id}"),
        Input::FirstProposer(id) => format!("--first {id}"),
        Input::MaxSeconds => "--max-seconds".into(),
        Input::MaxMemory => "--max-memory".into(),
        Input::Samples => "--samples".into(),
        Input::WeightNoise => "--weight-noise".into(),
        Input::Vary(id) => format!("--vary {id}"),
        Input::Concept(name) => format!("--concept {name}"),
        Input::Agent(given) => format!("--agents {given}"),
        Input::Strategy(name) => format!("--strategies {name}"),
        Input::Strategies => "--strategies".into(),
        Input::Deadline => "--deadline".into(),
        Input::Resolution => "--resolution".into(),
        Input::Parameter(given) => format!("--params {given}"),
        // Inputs no flag gives (seats, weights) keep the library's words.
        other => other.to_string(),
    }
}
