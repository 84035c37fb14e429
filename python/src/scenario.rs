//! `detente._native.Scenario`: a validated scenario and what the command line does
//! with one (`solve`, `frontier`, `sweep`, `negotiate`, `tournament`), answering with
//! the JSON text the command line prints with `--json`.

use std::path::PathBuf;
use std::time::Instant;

use detente::negotiate::{Lineup, Negotiation, NegotiationOptions, Tournament};
use detente::{
    report, sweep, AlternatingOffers, Concept, Engine, Error, OffersSolution, Scenario, Situation,
    Verdict,
};
use pyo3::prelude::*;
use serde::Serialize;

use crate::errors::{self, check};
use crate::interrupt;
use crate::options::{self, Budget};
use crate::pyjson::{self, Output};
use crate::table;

/// What a solve found, and the leverage levels and situation it was found at.
struct Answer {
    levels: Vec<f64>,
    situation: Situation,
    solved: Solved,
}

enum Solved {
    Offers(OffersSolution),
    Verdict(Concept, Verdict),
}

/// A validated scenario (CONTRACT §1), immutable.
#[pyclass(frozen, name = "Scenario", module = "detente._native")]
pub struct PyScenario {
    pub scenario: Scenario,
}

/// `value` as `--json` prints it: pretty, with a final newline.
pub fn json<T: Serialize>(value: &T) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).unwrap_or_default()
    )
}

#[pymethods]
impl PyScenario {
    /// Read and validate a JSON (or, by its extension, TOML) scenario file.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let loaded = py.detach(|| Scenario::load(&path));
        Ok(PyScenario {
            scenario: check(py, loaded)?,
        })
    }

    /// Validate a scenario given as JSON text, naming it `source` in errors.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str, source: &str) -> PyResult<Self> {
        let parsed = py.detach(|| Scenario::from_json(text, source));
        Ok(PyScenario {
            scenario: check(py, parsed)?,
        })
    }

    /// Validate a scenario given as TOML text, naming it `source` in errors.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str, source: &str) -> PyResult<Self> {
        let parsed = py.detach(|| Scenario::from_toml(text, source));
        Ok(PyScenario {
            scenario: check(py, parsed)?,
        })
    }

    #[getter]
    fn name(&self) -> &str {
        self.scenario.name()
    }

    #[getter]
    fn source(&self) -> &str {
        self.scenario.source()
    }

    #[getter]
    fn issues(&self) -> Vec<String> {
        self.scenario
            .issues()
            .iter()
            .map(|i| i.id().to_string())
            .collect()
    }

    /// Option labels per issue, `None` for a continuous one.
    #[getter]
    fn options(&self) -> Vec<Option<Vec<String>>> {
        table::option_labels(&self.scenario)
    }

    #[getter]
    fn actors(&self) -> Vec<String> {
        self.scenario
            .actors()
            .iter()
            .map(|a| a.id().to_string())
            .collect()
    }

    #[getter]
    fn leverage(&self) -> Vec<String> {
        self.scenario
            .leverage()
            .iter()
            .map(|l| l.id().to_string())
            .collect()
    }

    /// The canonical JSON form of the scenario.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        check(py, self.scenario.to_json())
    }

    /// `detente solve --json`.
    #[pyo3(signature = (concept, settings, first, max_nodes, max_seconds, max_memory))]
    #[allow(clippy::too_many_arguments)]
    fn solve<'py>(
        &self,
        py: Python<'py>,
        concept: &str,
        settings: Vec<(String, f64)>,
        first: Option<String>,
        max_nodes: Option<u64>,
        max_seconds: Option<f64>,
        max_memory: Option<u64>,
    ) -> PyResult<(String, Bound<'py, PyAny>)> {
        let started = Instant::now();
        let budget = Budget {
            max_nodes,
            max_seconds,
            max_memory,
        };
        let s = &self.scenario;
        let answer = interrupt::run_quick(py, |stop| -> detente::Result<Answer> {
            let concept = options::concept(concept, s)?;
            let options = budget.options(s, started, stop)?;
            let levels = s.levels_with(&settings)?;
            let situation = s.situation(&levels)?;
            let engine = Engine::with_options(s, options);
            let first = match &first {
                None => None,
                Some(id) => AlternatingOffers::proposing_first(s, id)?.first,
            };
            let solved = match concept {
                Concept::Offers => Solved::Offers(engine.alternating_offers(&situation, first)?),
                c => Solved::Verdict(c, engine.solve(c, &situation)?),
            };
            Ok(Answer {
                levels,
                situation,
                solved,
            })
        })?;
        let Answer {
            levels,
            situation,
            solved,
        } = check(py, answer)?;
        match &solved {
            Solved::Offers(solution) => pyjson::direct(
                py,
                &report::SolveOutput::offers(s, &levels, &situation, solution),
            ),
            Solved::Verdict(c, verdict) => pyjson::direct(
                py,
                &report::SolveOutput::new(s, c.name(), &levels, &situation, verdict),
            ),
        }
    }

    /// `detente frontier --json` (at the leverage `settings`; the status quo without).
    #[pyo3(signature = (resolution, settings, max_nodes, max_seconds, max_memory))]
    fn frontier<'py>(
        &self,
        py: Python<'py>,
        resolution: usize,
        settings: Vec<(String, f64)>,
        max_nodes: Option<u64>,
        max_seconds: Option<f64>,
        max_memory: Option<u64>,
    ) -> PyResult<(String, Bound<'py, PyAny>)> {
        let started = Instant::now();
        let budget = Budget {
            max_nodes,
            max_seconds,
            max_memory,
        };
        let s = &self.scenario;
        let out = interrupt::run_quick(py, |stop| -> detente::Result<Output> {
            let options = budget.options(s, started, stop)?;
            let levels = s.levels_with(&settings)?;
            let points = Engine::frontier_at(s, &levels, resolution, options)?;
            Ok(Output::new(&report::FrontierOutput::new(
                s, &points, resolution,
            )))
        })?;
        check(py, out)?.into_py(py)
    }

    /// `detente sweep --json`, and every sample as named numpy columns.
    #[pyo3(signature = (samples, seed, concept, vary, weight_noise, settings, max_nodes, max_seconds, max_memory))]
    #[allow(clippy::too_many_arguments)]
    fn sweep<'py>(
        &self,
        py: Python<'py>,
        samples: u64,
        seed: u64,
        concept: String,
        vary: Option<String>,
        weight_noise: Option<f64>,
        settings: Vec<(String, f64)>,
        max_nodes: Option<u64>,
        max_seconds: Option<f64>,
        max_memory: Option<u64>,
    ) -> PyResult<(String, table::Columns<'py>)> {
        let started = Instant::now();
        let spec = options::Sweep {
            samples,
            seed,
            concept,
            vary,
            weight_noise,
            settings,
            budget: Budget {
                max_nodes,
                max_seconds,
                max_memory,
            },
        };
        let grid = spec.vary.as_deref().map(options::grid).transpose()?;
        let s = &self.scenario;
        let result = interrupt::run(py, |stop| -> detente::Result<sweep::Sweep> {
            let options = spec.options(s, grid, started, stop)?;
            sweep::run(s, &options)
        })?;
        let result = check(py, result)?;
        table::summary_and_columns(py, s, result)
    }

    /// `detente negotiate --json`.
    #[pyo3(signature = (agents, deadline, resolution, settings, first, trace, max_nodes, max_seconds, max_memory))]
    #[allow(clippy::too_many_arguments)]
    fn negotiate<'py>(
        &self,
        py: Python<'py>,
        agents: Vec<(String, String)>,
        deadline: usize,
        resolution: usize,
        settings: Vec<(String, f64)>,
        first: Option<String>,
        trace: bool,
        max_nodes: Option<u64>,
        max_seconds: Option<f64>,
        max_memory: Option<u64>,
    ) -> PyResult<(String, Bound<'py, PyAny>)> {
        let started = Instant::now();
        let budget = Budget {
            max_nodes,
            max_seconds,
            max_memory,
        };
        let s = &self.scenario;
        let deadline = errors::count(py, s.source(), "--deadline", deadline, 1)?;
        let resolution = errors::count(py, s.source(), "--resolution", resolution, 2)?;
        let out = interrupt::run(py, |stop| -> detente::Result<Output> {
            let lineup = Lineup::new(s, &agents)?;
            let options = NegotiationOptions {
                deadline,
                resolution,
                search: budget.options(s, started, stop)?,
            };
            let levels = s.levels_with(&settings)?;
            let first = match &first {
                None => None,
                Some(id) => AlternatingOffers::proposing_first(s, id)?.first,
            };
            let negotiation = Negotiation::new(s, &levels, options)?;
            let run = negotiation.run_strategies(&lineup.strategies, first)?;
            Ok(Output::new(&report::NegotiateOutput::new(
                s,
                options.deadline,
                &lineup.names,
                &run,
                trace,
            )))
        })?;
        check(py, out)?.into_py(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Scenario({:?}, source={:?})",
            self.scenario.name(),
            self.scenario.source()
        )
    }
}

/// `detente tournament --json` on `scenarios` (the first one names errors about the
/// strategies and limits, as the command line's first file does).
#[pyfunction]
#[pyo3(signature = (scenarios, strategies, deadline, resolution, max_nodes, max_seconds, max_memory))]
#[allow(clippy::too_many_arguments)]
pub fn tournament(
    py: Python<'_>,
    scenarios: Vec<Py<PyScenario>>,
    strategies: Vec<String>,
    deadline: usize,
    resolution: usize,
    max_nodes: Option<u64>,
    max_seconds: Option<f64>,
    max_memory: Option<u64>,
) -> PyResult<(String, Bound<'_, PyAny>)> {
    let started = Instant::now();
    let budget = Budget {
        max_nodes,
        max_seconds,
        max_memory,
    };
    let all: Vec<&Scenario> = scenarios.iter().map(|s| &s.get().scenario).collect();
    let Some(&first) = all.first() else {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "tournament: give at least one scenario",
        ));
    };
    let deadline = errors::count(py, first.source(), "--deadline", deadline, 1)?;
    let resolution = errors::count(py, first.source(), "--resolution", resolution, 2)?;
    let out = interrupt::run(py, |stop| -> detente::Result<Output> {
        let file = first.source();
        let options = NegotiationOptions {
            deadline,
            resolution,
            search: budget.options(first, started, stop)?,
        };
        let tournament = Tournament::new(&strategies).map_err(|e| Error::from(e.in_file(file)))?;
        tournament.check_size(&all, options.deadline)?;
        let negotiations = all
            .iter()
            .map(|s| Negotiation::new(s, &s.status_quo(), options))
            .collect::<detente::Result<Vec<_>>>()?;
        let standings = tournament.play(&negotiations)?;
        Ok(Output::new(&report::TournamentOutput::new(
            &negotiations,
            &tournament,
            &standings,
        )))
    })?;
    check(py, out)?.into_py(py)
}

/// Mean seconds of the library's work in a `solve` at the status quo (the
/// situation, the engine, the solution; no output), over `repeats` runs: the
/// reference the package's benchmark (`python/bench.py`) measures its overhead
/// against.
#[pyfunction]
pub fn rust_solve_seconds(
    py: Python<'_>,
    scenario: &PyScenario,
    concept: &str,
    repeats: u32,
) -> PyResult<f64> {
    let s = &scenario.scenario;
    let concept = check(py, options::concept(concept, s))?;
    let timed = py.detach(|| -> detente::Result<f64> {
        let start = Instant::now();
        for _ in 0..repeats.max(1) {
            let situation = s.situation(&s.status_quo())?;
            let engine = Engine::new(s);
            std::hint::black_box(engine.solve(concept, &situation)?);
        }
        Ok(start.elapsed().as_secs_f64() / f64::from(repeats.max(1)))
    });
    check(py, timed)
}
