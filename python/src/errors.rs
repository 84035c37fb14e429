//! The library's errors as the package's exceptions (classes defined in
//! `detente/errors.py`), each with the message the command line prints after
//! `detente: ` and the fields a program matches on.

use detente::error::{
    Input, InputError, NegotiationError, ScenarioError, SearchError, ShardError, SweepError,
};
use detente::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The Python exception for `e`.
pub fn to_py(py: Python<'_>, e: Error) -> PyErr {
    match build(py, &e) {
        Ok(err) => err,
        // The package's own module failed to import: say so, with the message.
        Err(import) => PyRuntimeError::new_err(format!("{e} (and {import})")),
    }
}

/// `Result<T, detente::Error>` into `PyResult<T>`.
pub fn check<T>(py: Python<'_>, r: detente::Result<T>) -> PyResult<T> {
    r.map_err(|e| to_py(py, e))
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let kwargs = PyDict::new(py);
    let class = match e {
        Error::Scenario(s) => {
            scenario_fields(&kwargs, s)?;
            "ScenarioError"
        }
        Error::Input(i) => {
            kwargs.set_item("file", &i.file)?;
            kwargs.set_item("input", flag(&i.input))?;
            "InputError"
        }
        Error::Search(SearchError::Budget { nodes, seconds, .. })
        | Error::Search(SearchError::Memory { nodes, seconds, .. }) => {
            kwargs.set_item("nodes", nodes)?;
            kwargs.set_item("seconds", seconds)?;
            "BudgetExceeded"
        }
        Error::Sweep(SweepError::Stopped { nodes, seconds, .. }) => {
            kwargs.set_item("nodes", nodes)?;
            kwargs.set_item("seconds", seconds)?;
            "BudgetExceeded"
        }
        Error::Negotiation(
            NegotiationError::Stopped { seconds, .. }
            | NegotiationError::RunStopped { seconds, .. },
        ) => {
            kwargs.set_item("seconds", seconds)?;
            "BudgetExceeded"
        }
        Error::Offers(_) => "OffersError",
        Error::Shard(s) => {
            kwargs.set_item("file", shard_file(s))?;
            "ShardError"
        }
        _ => "DetenteError",
    };
    let class = py.import("detente.errors")?.getattr(class)?;
    let value = class.call((message(e),), Some(&kwargs))?;
    Ok(PyErr::from_value(value))
}

fn scenario_fields(kwargs: &Bound<'_, PyDict>, e: &ScenarioError) -> PyResult<()> {
    match e {
        ScenarioError::Io { path, .. }
        | ScenarioError::NotAFile { path, .. }
        | ScenarioError::TooLarge { path, .. } => {
            kwargs.set_item("file", path.display().to_string())?;
        }
        ScenarioError::Parse {
            file,
            field,
            line,
            column,
            ..
        } => {
            kwargs.set_item("file", file)?;
            kwargs.set_item(
                "field",
                field
                    .as_ref()
                    .filter(|f| !f.is_root())
                    .map(ToString::to_string),
            )?;
            if *line > 0 {
                kwargs.set_item("line", line)?;
                kwargs.set_item("column", column)?;
            }
        }
        ScenarioError::Invalid { file, field, .. } => {
            kwargs.set_item("file", file)?;
            kwargs.set_item("field", field.to_string())?;
        }
        _ => {}
    }
    Ok(())
}

fn shard_file(e: &ShardError) -> Option<&str> {
    match e {
        ShardError::Io { file, .. }
        | ShardError::NotAShard { file }
        | ShardError::Format { file, .. }
        | ShardError::Truncated { file, .. }
        | ShardError::Corrupt { file, .. }
        | ShardError::Unfinished { file, .. }
        | ShardError::Version { file, .. }
        | ShardError::OtherSweep { file, .. }
        | ShardError::Repeated { file, .. }
        | ShardError::Overlap { file, .. }
        | ShardError::Missing { file, .. }
        | ShardError::Exists { file } => Some(file),
        _ => None,
    }
}

/// The line the command line prints after `detente: ` for `e`: the library's
/// message, a run-time input named by the flag that gives it on the command line.
pub fn message(e: &Error) -> String {
    match e {
        Error::Input(i) => input_message(i),
        other => other.to_string(),
    }
}

/// `FILE: --set us_support: unknown leverage variable 'us_support'`.
fn input_message(e: &InputError) -> String {
    let file = e.file.as_ref().map_or(String::new(), |f| format!("{f}: "));
    format!("{file}{}: {}", flag(&e.input), e.problem)
}

/// The flag that gives `input` on the command line (as the command line's own
/// failure messages name it; `python/tests/test_errors.py` holds the two together).
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

/// An argument the command line checks before the library sees it (a count below its
/// least value), raised as the package's `InputError` with the command line's message:
/// `FILE: --deadline 0: must be at least 1, got 0`.
pub fn count(py: Python<'_>, file: &str, flag: &str, value: usize, min: usize) -> PyResult<usize> {
    if value >= min {
        return Ok(value);
    }
    let argument = format!("{flag} {value}");
    let message = format!("{file}: {argument}: must be at least {min}, got {value}");
    let kwargs = PyDict::new(py);
    kwargs.set_item("file", file)?;
    kwargs.set_item("input", &argument)?;
    let class = py.import("detente.errors")?.getattr("InputError")?;
    Err(PyErr::from_value(class.call((message,), Some(&kwargs))?))
}
