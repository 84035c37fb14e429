//! A sweep in shards for other processes or machines (a Dask cluster, say): each
//! shard's file bytes (the library's shard format, as `detente sweep --shard K/N
//! --out-shard F` writes them), and their merge, which gives back the unsharded
//! sweep exactly.

use std::time::Instant;

use detente::sweep::{self, Shard, ShardSpec};
use detente::SearchOptions;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::check;
use crate::interrupt;
use crate::options::{self, Budget};
use crate::scenario::PyScenario;
use crate::table;

/// Shard `index` of `count` (1-based) of a sweep, as shard file bytes.
#[pyfunction]
#[pyo3(signature = (scenario, index, count, samples, seed, concept, vary, weight_noise, settings, max_nodes, max_seconds, max_memory))]
#[allow(clippy::too_many_arguments)]
pub fn sweep_shard<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    index: u32,
    count: u32,
    samples: u64,
    seed: u64,
    concept: String,
    vary: Option<String>,
    weight_noise: Option<f64>,
    settings: Vec<(String, f64)>,
    max_nodes: Option<u64>,
    max_seconds: Option<f64>,
    max_memory: Option<u64>,
) -> PyResult<Bound<'py, PyBytes>> {
    let started = Instant::now();
    let spec = ShardSpec::new(index, count)
        .map_err(|p| PyValueError::new_err(format!("shard {index}/{count}: {p}")))?;
    let sweep_options = options::Sweep {
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
    let grid = sweep_options
        .vary
        .as_deref()
        .map(options::grid)
        .transpose()?;
    let s = &scenario.scenario;
    let bytes = interrupt::run(py, |stop| -> detente::Result<Vec<u8>> {
        let options = sweep_options.options(s, grid, started, stop)?;
        Ok(sweep::run_shard(s, &options, spec)?.to_bytes())
    })?;
    Ok(PyBytes::new(py, &check(py, bytes)?))
}

/// Merge shards given as `(name, bytes)`: the summary as `detente merge --json`
/// prints it, the columns of every sample, and the scenario the shards carried.
#[pyfunction]
#[pyo3(signature = (shards, max_memory))]
pub fn merge<'py>(
    py: Python<'py>,
    shards: Vec<(String, Vec<u8>)>,
    max_memory: Option<u64>,
) -> PyResult<(String, table::Columns<'py>, PyScenario)> {
    let search = SearchOptions {
        max_memory: max_memory.map(|mib| mib.saturating_mul(1 << 20)),
        ..SearchOptions::default()
    };
    let merged = py.detach(|| -> detente::Result<sweep::Merged> {
        let read = shards
            .iter()
            .map(|(name, bytes)| Shard::from_bytes(bytes, name))
            .collect::<detente::Result<Vec<Shard>>>()?;
        sweep::merge_with(read, &search)
    });
    let merged = check(py, merged)?;
    let scenario = merged.scenario().clone();
    let (summary, columns) = table::summary_and_columns(py, &scenario, merged.into_sweep())?;
    Ok((summary, columns, PyScenario { scenario }))
}
