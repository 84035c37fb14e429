//! `detente merge`: check the shards' headers, read them, merge, print and write what
//! the unsharded sweep prints and writes.

use detente::sweep::{self, Shard, ShardHeader};
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
    // Every header first: a shard that does not belong is refused before gigabytes
    // of samples are read.
    let headers = a
        .files
        .iter()
        .map(|f| Ok((f.display().to_string(), Shard::read_header(f)?)))
        .collect::<detente::Result<Vec<(String, ShardHeader)>>>()?;
    let refs: Vec<(&str, &ShardHeader)> = headers.iter().map(|(f, h)| (f.as_str(), h)).collect();
    sweep::check_shards(&refs, &search)?;
    let shards = a
        .files
        .iter()
        .map(Shard::read)
        .collect::<detente::Result<Vec<Shard>>>()?;
    let merged = sweep::merge_with(shards, &search)?;
    crate::sweep::print(merged.scenario(), merged.sweep(), &a.out, &a.plot, a.json)
}
