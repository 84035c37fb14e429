//! Shard files that cannot be read, or that do not make one sweep together.

/// A shard file (or checkpoint) that cannot be read or written, is damaged, or does
/// not belong with the others of a merge or with the sweep resuming from it.
///
/// Every message starts with the file it is about: `b.shard: not the sweep of
/// a.shard: seed 8, not 7`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// The file could not be opened, read or written.
    #[error("{file}: cannot {action} shard file: {source}")]
    Io {
        /// The file.
        file: String,
        /// `read` or `write`.
        action: &'static str,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file does not start with the shard magic bytes.
    #[error("{file}: not a detente shard file")]
    NotAShard {
        /// The file.
        file: String,
    },
    /// The file has a layout version this build does not read.
    #[error("{file}: shard format version {found}; this detente reads version {reads}")]
    Format {
        /// The file.
        file: String,
        /// The version in the file.
        found: u32,
        /// The version this build reads and writes.
        reads: u32,
    },
    /// The file ends early: inside a frame, or before its end frame.
    #[error("{file}: truncated shard file: {what}")]
    Truncated {
        /// The file.
        file: String,
        /// Where, in words.
        what: String,
    },
    /// A checksum, a length, an index or a value in the file is wrong.
    #[error("{file}: corrupt shard file: {what}")]
    Corrupt {
        /// The file.
        file: String,
        /// What, in words.
        what: String,
    },
    /// A checkpoint (a shard whose run was interrupted) given where a finished shard
    /// is needed.
    #[error(
        "{file}: an unfinished shard (a checkpoint, {done} of {of} samples): continue it with `detente sweep ... --resume`"
    )]
    Unfinished {
        /// The file.
        file: String,
        /// Samples it holds.
        done: u64,
        /// Samples its shard needs.
        of: u64,
    },
    /// Written by another version of detente than the one reading it.
    #[error("{file}: written by detente {found}; this is detente {ours}: rerun the shard with this version")]
    Version {
        /// The file.
        file: String,
        /// The version that wrote it.
        found: String,
        /// This build's version.
        ours: &'static str,
    },
    /// A shard (or checkpoint) of another sweep: another scenario content, seed,
    /// flags or shard.
    #[error("{file}: not the sweep of {other}: {what}")]
    OtherSweep {
        /// The file.
        file: String,
        /// The file (or run) it was compared with.
        other: String,
        /// What differs, `seed 8, not 7`.
        what: String,
    },
    /// The same shard given twice.
    #[error("{file}: repeats shard {shard} of {other}")]
    Repeated {
        /// The second file.
        file: String,
        /// The first file.
        other: String,
        /// `K/N`.
        shard: String,
    },
    /// Two shards hold some of the same samples.
    #[error("{file}: overlaps {other}: {what}")]
    Overlap {
        /// The file.
        file: String,
        /// The file it overlaps.
        other: String,
        /// Both shards and their samples, in words.
        what: String,
    },
    /// Samples that no shard given holds.
    #[error("{file}: samples {from} to {to} of {total} are in no shard given{}", missing_shard(.shard))]
    Missing {
        /// The first file of the merge.
        file: String,
        /// First missing sample (0-based).
        from: u64,
        /// Last missing sample.
        to: u64,
        /// Samples of the sweep.
        total: u64,
        /// The missing shard `K/N`, when every shard given has the same N.
        shard: Option<String>,
    },
    /// A checkpoint of an earlier run is in the way of a run without `--resume`.
    #[error("{file}: a checkpoint of an earlier run is there: continue it with --resume, or remove the file")]
    Exists {
        /// The checkpoint.
        file: String,
    },
    /// A merge of no shards.
    #[error("merge: no shard files given")]
    NoShards,
}

fn missing_shard(shard: &Option<String>) -> String {
    shard
        .as_ref()
        .map_or(String::new(), |s| format!(" (shard {s} is missing)"))
}
