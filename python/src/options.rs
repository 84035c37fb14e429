//! Keyword arguments into the library's options, checked as the command line checks
//! its flags (the same errors, naming the scenario file).

use std::time::{Duration, Instant};

use detente::error::Input;
use detente::sweep::{Grid, SweepOptions};
use detente::{Concept, Error, Scenario, SearchOptions};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::interrupt::Stop;

/// The limits every long call takes: `max_seconds` counted from the call,
/// `max_nodes`, `max_memory` in MiB (as the command line's flags).
#[derive(Debug, Clone, Copy, Default)]
pub struct Budget {
    pub max_nodes: Option<u64>,
    pub max_seconds: Option<f64>,
    pub max_memory: Option<u64>,
}

impl Budget {
    /// The search options, the time counted from `started`, stopped by `stop` too.
    pub fn options(
        self,
        scenario: &Scenario,
        started: Instant,
        stop: Stop,
    ) -> detente::Result<SearchOptions> {
        let own = self
            .max_seconds
            .filter(|s| *s > 0.0 && s.is_finite())
            .and_then(|s| started.checked_add(Duration::from_secs_f64(s.min(1e9))));
        let (deadline, cancel) = match stop {
            Stop::Until(probe) => (Some(own.map_or(probe, |d| d.min(probe))), None),
            Stop::Cancel(c) => (own, Some(c)),
        };
        let options = SearchOptions {
            max_nodes: self.max_nodes,
            max_seconds: self.max_seconds,
            deadline,
            max_memory: self.max_memory.map(|mib| mib.saturating_mul(1 << 20)),
            cancel,
        };
        options
            .validate()
            .map_err(|e| Error::from(e.in_file(scenario.source())))?;
        Ok(options)
    }
}

/// The concept named `name` (`nash`, `kalai`, ...), an input error naming the file.
pub fn concept(name: &str, scenario: &Scenario) -> detente::Result<Concept> {
    name.parse::<Concept>().map_err(|problem| {
        Error::input(scenario.source(), Input::Concept(name.to_string()), problem)
    })
}

/// A grid `ID=LO:HI:STEPS`, as `--vary` takes it.
///
/// # Errors
/// `ValueError` with the parser's message, as the command line refuses the flag.
pub fn grid(text: &str) -> PyResult<Grid> {
    text.parse::<Grid>()
        .map_err(|p| PyValueError::new_err(format!("vary {text}: {p}")))
}

/// What a sweep (or a shard of one) draws and solves, checked against `scenario`.
pub struct Sweep {
    pub samples: u64,
    pub seed: u64,
    pub concept: String,
    pub vary: Option<String>,
    pub weight_noise: Option<f64>,
    pub settings: Vec<(String, f64)>,
    pub budget: Budget,
}

impl Sweep {
    /// The library's options; the GIL is not needed (the grid was checked before).
    pub fn options(
        &self,
        scenario: &Scenario,
        vary: Option<Grid>,
        started: Instant,
        stop: Stop,
    ) -> detente::Result<SweepOptions> {
        let options = SweepOptions {
            samples: self.samples,
            seed: self.seed,
            concept: concept(&self.concept, scenario)?,
            vary,
            weight_noise: self.weight_noise,
            settings: self.settings.clone(),
            search: self.budget.options(scenario, started, stop)?,
            ..SweepOptions::default()
        };
        options.validate(scenario)?;
        Ok(options)
    }
}
