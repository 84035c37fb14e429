//! The native half of the `detente` Python package (`detente._native`): scenarios,
//! solves, frontiers, sweeps and their shards, negotiations and tournaments, each
//! answering with the JSON text the command line prints (or, for a sweep's samples,
//! numpy arrays), and the library's errors as the package's exceptions.
//!
//! Long calls run on a worker thread with the GIL released, while the calling thread
//! watches for Ctrl-C ([`interrupt`]).

mod errors;
mod interrupt;
mod options;
mod pyjson;
mod scenario;
mod shards;
mod table;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<scenario::PyScenario>()?;
    m.add_function(wrap_pyfunction!(scenario::tournament, m)?)?;
    m.add_function(wrap_pyfunction!(shards::sweep_shard, m)?)?;
    m.add_function(wrap_pyfunction!(shards::merge, m)?)?;
    m.add_function(wrap_pyfunction!(scenario::rust_solve_seconds, m)?)?;
    m.add_function(wrap_pyfunction!(interrupt::last_work_seconds, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
