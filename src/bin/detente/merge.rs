//! `detente merge`: check the shards' headers, read their samples into one table,
//! print and write what the unsharded sweep prints and writes.

use detente::sweep;
use detente::SearchOptions;

use crate::args::MergeArgs;
use crate::failure::Failure;

pub fn run(a: MergeArgs) -> Result<(), Failure> {
    let first = a
        .files
        .first()
        .map_or_else(|| "merge".to_string(), |f| f.display().to_string());
    crate::args::output_files(
        &first,
        &[(&a.out, "csv", "--out"), (&a.plot, "svg", "--plot")],
    )?;
    let search = SearchOptions {
        max_memory: a.max_memory.map(|mib| mib.saturating_mul(1 << 20)),
        ..SearchOptions::default()
    };
    let merged = sweep::merge_files(&a.files, &search)?;
    crate::sweep::print(merged.scenario(), merged.sweep(), &a.out, &a.plot, a.json)
}
