//! Sharded sweeps: a sweep split into independent shards that separate processes or
//! machines run (a Slurm job array, say), merged exactly; and checkpoints, so that a
//! killed run continues where it stopped.
//!
//! Shard `K/N` ([`ShardSpec`]) holds the samples of the K-th of N contiguous ranges of
//! the sweep's global sample indices. A sample depends only on the seed and its index,
//! so [`merge`] of the N shards gives the samples of the unsharded sweep, in order, and
//! from them the same summary, CSV rows and plot, byte for byte: quantiles are exact,
//! since a shard carries every sample's record, not a sketch.
//!
//! The file layout is documented on [`Shard`].

mod bytes;
mod checkpoint;
mod header;
mod io;
mod merge;
mod record;
mod spec;

use std::path::{Path, PathBuf};

pub use header::ShardHeader;
pub use io::FORMAT_VERSION;
pub use merge::{check_shards, merge, merge_files, merge_with, Merged};
pub use spec::{ShardSpec, SweepFlags};

use super::drive::{self, Job};
use super::{Preparation, Samples, SweepOptions};
use crate::concept::SolutionConcept;
use crate::error::{Result, ShardError};
use crate::scenario::Scenario;
use checkpoint::CheckpointFile;
use header::Layout;
use io::Mode;

/// The samples of one shard of a sweep, with the [`ShardHeader`] that says which
/// sweep and which part of it.
///
/// # The shard file (format version [`FORMAT_VERSION`] = 1)
///
/// Little-endian throughout. A file is the 8 magic bytes `DTNTSHRD`, the format
/// version (u32), then frames:
///
/// ```text
/// frame   = kind u8 | length u64 | payload (length bytes) | checksum u64
/// header  kind 'H': crate version (str), scenario hash u64, seed u64, samples u64,
///         concept (str), vary flag u8 [id (str), lo f64, hi f64, steps u64],
///         weight-noise flag u8 [K f64], settings u32 x (id (str), value f64),
///         K u32, N u32, range start u64, range end u64, total samples u64,
///         record shape: leverage u32, issues u32, actors u32, record bytes u32,
///         scenario source (str), scenario canonical JSON (str)
/// block   kind 'B': first global index u64, count u64, count records
/// end     kind 'E': records in the file u64
/// str     = length u32 | UTF-8 bytes;   f64 = its IEEE 754 bits as u64
/// ```
///
/// A record is one sample: its leverage values (f64 each), a deal byte, per issue the
/// option index (u16) or the value (f64), every actor's utility and gain (f64 each):
/// `8 L + 1 + 2 D + 8 C + 16 A` bytes for L leverage variables, D discrete and C
/// continuous issues and A actors (143 bytes on the Ukraine example), plus 33 bytes of
/// framing per 65,536 records. The draw and the grid value follow from the index.
///
/// The checksum covers a frame's kind, length and payload (`bytes`, `n` of them):
/// `h = fmix64(0x9e3779b97f4a7c15 ^ n)`, then for each 8-byte little-endian word `w`
/// (the last one padded with zeros) `h = fmix64(h ^ w)`, with MurmurHash3's
/// finaliser `fmix64`. Each step is a bijection, so a change confined to one word
/// (every flipped bit) is always caught, and any other accidental damage with
/// probability about 1 - 2^-64; lengths, the end frame's count and the blocks' first
/// indices catch truncation and lost or reordered blocks. It is no defence against
/// deliberate tampering. The header's scenario text is checked against its FNV-1a 64
/// content hash.
///
/// A checkpoint is the same file without its end frame, blocks appended as rounds of
/// samples finish (a kill can tear only the last frame, which a resume drops). A
/// finished shard is written whole, in blocks of 65,536 records, so its bytes depend
/// on the sweep and the shard alone: not on threads, rounds or interruptions.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::sweep::{self, Shard, ShardSpec, SweepOptions};
/// let scenario = detente::Scenario::from_json(r#"{"name": "lev",
///   "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}],
///   "leverage": [{"id": "support", "distribution": {"uniform": [0, 1]},
///     "effects": [{"actor": "a", "disagreement": 0.4}]}]}"#, "lev.json")?;
/// let options = SweepOptions { samples: 300, seed: 7, ..SweepOptions::default() };
/// let mut shards = Vec::new();
/// for k in 1..=3 {
///     shards.push(sweep::run_shard(&scenario, &options, ShardSpec::new(k, 3)?)?);
/// }
/// assert_eq!(shards[1].header().range, 100..200);
/// // Through bytes, as between machines: write, read back, merge.
/// let read = shards
///     .iter()
///     .map(|s| Shard::from_bytes(&s.to_bytes(), "in memory"))
///     .collect::<detente::Result<Vec<Shard>>>()?;
/// let merged = sweep::merge(read)?;
/// let whole = sweep::run(&scenario, &options)?;
/// assert_eq!(merged.sweep().summary(), whole.summary());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Shard {
    header: ShardHeader,
    samples: Samples,
    file: String,
    complete: bool,
    resumed: u64,
    preparation: Option<Preparation>,
}

impl Shard {
    /// Which sweep and which part of it.
    pub fn header(&self) -> &ShardHeader {
        &self.header
    }

    /// How its samples shared their work, when this process computed some of them
    /// (`sweep --verbose`); `None` for a shard read from a file.
    pub fn preparation(&self) -> Option<&Preparation> {
        self.preparation.as_ref()
    }

    /// The shard's samples, in index order.
    pub fn samples(&self) -> &Samples {
        &self.samples
    }

    /// The file it was read from, or `shard K/N` for one run in this process.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Whether it holds every sample of its range (a checkpoint may not).
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Samples read from a checkpoint rather than computed, for a resumed run.
    pub fn resumed(&self) -> u64 {
        self.resumed
    }

    /// The shard file's bytes (see [`Shard`] for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let layout = self.layout();
        // Writing to memory cannot fail.
        let _ = io::write_shard(&mut out, &self.header, &self.samples, &layout);
        out
    }

    /// Write the shard file to `path`, atomically (whole or not at all).
    ///
    /// # Errors
    /// [`ShardError::Io`] naming `path`.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<()> {
        let layout = self.layout();
        io::write_atomically(path.as_ref(), |w| {
            io::write_shard(w, &self.header, &self.samples, &layout)
        })
    }

    /// Read a finished shard file.
    ///
    /// # Errors
    /// [`ShardError`] naming `path`: unreadable, not a shard file, another format or
    /// crate version, truncated (a checkpoint without its end frame included), or
    /// corrupt (a checksum, length or index that does not match).
    pub fn read(path: impl AsRef<Path>) -> Result<Shard> {
        let parsed = io::read_file(path.as_ref(), Mode::Strict)?;
        Ok(Shard::from_parsed(
            parsed,
            path.as_ref().display().to_string(),
        ))
    }

    /// Read a finished shard from its bytes, naming it `file` in errors.
    ///
    /// # Errors
    /// As [`Shard::read`].
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Shard> {
        match io::read(bytes, bytes.len() as u64, file, Mode::Strict, None) {
            Ok(parsed) => Ok(Shard::from_parsed(parsed, file.to_string())),
            Err(io::Failed::Shard(e)) => Err(e),
            Err(io::Failed::Io(e)) => Err(ShardError::Io {
                file: file.to_string(),
                action: "read",
                source: e,
            }
            .into()),
        }
    }

    /// Read only the header of the shard file at `path` (cheap: the merge checks
    /// every header before it reads any samples).
    ///
    /// # Errors
    /// As [`Shard::read`], for the header.
    pub fn read_header(path: impl AsRef<Path>) -> Result<ShardHeader> {
        Ok(io::read_file(path.as_ref(), Mode::Header)?.header)
    }

    fn from_parsed(parsed: io::Parsed, file: String) -> Shard {
        Shard {
            header: parsed.header,
            samples: parsed.samples,
            file,
            complete: parsed.complete,
            resumed: 0,
            preparation: None,
        }
    }

    fn layout(&self) -> Layout {
        match self.header.scenario() {
            Ok(s) => Layout::new(&s),
            // A header made by this crate always holds a scenario that reads.
            Err(_) => Layout {
                leverage: 0,
                kinds: Vec::new(),
                actors: 0,
            },
        }
    }
}

/// Run shard `shard` of the sweep of `options` (its built-in concept), in memory.
///
/// # Errors
/// As [`run`](super::run); as [`Scenario::to_json`] for a scenario with no file form
/// (a custom effect), which a shard cannot carry.
pub fn run_shard(scenario: &Scenario, options: &SweepOptions, shard: ShardSpec) -> Result<Shard> {
    run_resumable(
        scenario,
        options.concept.solver(),
        options,
        shard,
        None,
        &|_| {},
    )
}

/// Where a run saves its finished samples as it goes, and whether it may continue
/// from what an earlier run of the same sweep saved there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The checkpoint file (the CLI's default: the shard file's name plus `.part`).
    pub path: PathBuf,
    /// Continue from the file if it is there; without it, a file there is refused.
    pub resume: bool,
}

/// Run shard `shard` of the sweep of `options` with any `concept`, saving each round
/// of finished samples to `checkpoint` (when given) before the next round starts, and,
/// with [`Checkpoint::resume`], first reading back the samples an earlier, interrupted
/// run saved there and computing only the rest. The result does not depend on where
/// runs were interrupted. `progress(n)` is called as `n` more samples are done (the
/// resumed ones first). The checkpoint stays when the run ends (remove it once the
/// shard is written).
///
/// # Errors
/// As [`run_shard`]; [`ShardError::Exists`] for a checkpoint already there without
/// `resume`; for one of another sweep or shard, [`ShardError::OtherSweep`], and the
/// errors of [`Shard::read`] for one that is damaged (its torn last frame aside);
/// [`ShardError::Io`] when it cannot be written. A budget stop
/// ([`SweepError::Stopped`](crate::error::SweepError::Stopped)) leaves every round
/// done before it in the checkpoint, ready to resume.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::sweep::{self, Checkpoint, ShardSpec, SweepOptions};
/// let scenario = detente::Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "x", "range": [0, 1]}],
///   "actors": [{"id": "a", "weights": {"x": 1}, "values": {"x": {"points": [[0, 0], [1, 1]]}}},
///              {"id": "b", "weights": {"x": 1}, "values": {"x": {"points": [[0, 1], [1, 0]]}}}],
///   "leverage": [{"id": "l", "distribution": {"uniform": [0, 0.5]},
///     "effects": [{"actor": "b", "disagreement": 1}]}]}"#, "pie.json")?;
/// let options = SweepOptions { samples: 40, seed: 2, ..SweepOptions::default() };
/// let path = std::env::temp_dir().join(format!("detente-doc-{}.part", std::process::id()));
/// let c = Checkpoint { path: path.clone(), resume: true };
/// let nash = options.concept.solver();
/// let first = sweep::run_resumable(&scenario, nash, &options, ShardSpec::whole(), Some(&c), &|_| {})?;
/// // Run again: everything is read back from the checkpoint, nothing computed.
/// let again = sweep::run_resumable(&scenario, nash, &options, ShardSpec::whole(), Some(&c), &|_| {})?;
/// assert_eq!((first.resumed(), again.resumed()), (0, 40));
/// assert_eq!(again.to_bytes(), first.to_bytes());
/// // Without `resume`, the checkpoint there is not overwritten.
/// let fresh = Checkpoint { resume: false, ..c };
/// assert!(sweep::run_resumable(&scenario, nash, &options, ShardSpec::whole(), Some(&fresh), &|_| {}).is_err());
/// std::fs::remove_file(&path)?;
/// # Ok(()) }
/// ```
pub fn run_resumable(
    scenario: &Scenario,
    concept: &dyn SolutionConcept,
    options: &SweepOptions,
    shard: ShardSpec,
    checkpoint: Option<&Checkpoint>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Shard> {
    let header = ShardHeader::new(scenario, concept.name(), options, shard)?;
    let layout = Layout::new(scenario);
    let (done, complete, mut file) = match checkpoint {
        Some(c) => open_checkpoint(c, &header, layout)?,
        None => (Samples::new(scenario, 0), false, None),
    };
    let resumed = done.len() as u64;
    let (samples, preparation) = if complete {
        progress(resumed);
        (done, None)
    } else {
        let saving = file.is_some();
        let mut save = |start: u64, block: &Samples| match file.as_mut() {
            Some(f) => f.append(start, block),
            None => Ok(()),
        };
        let sink: Option<drive::Sink<'_>> = if saving { Some(&mut save) } else { None };
        let job = Job {
            range: header.range.clone(),
            done,
            sink,
            progress,
        };
        let (samples, preparation) = drive::drive(scenario, concept, options, job)?;
        (samples, Some(preparation))
    };
    Ok(Shard {
        file: format!("shard {shard}"),
        header,
        samples,
        complete: true,
        resumed,
        preparation,
    })
}

/// The samples saved in the checkpoint (with whether they are all of the shard's),
/// and the file to append to.
fn open_checkpoint(
    c: &Checkpoint,
    header: &ShardHeader,
    layout: Layout,
) -> Result<(Samples, bool, Option<CheckpointFile>)> {
    let name = c.path.display().to_string();
    let scenario = header.scenario()?;
    if !c.path.exists() {
        let file = CheckpointFile::create(&c.path, header, layout)?;
        return Ok((Samples::new(&scenario, 0), false, Some(file)));
    }
    if !c.resume {
        return Err(ShardError::Exists { file: name }.into());
    }
    let parsed = match io::read_file(&c.path, Mode::Checkpoint) {
        Ok(p) => p,
        // Killed while writing its header: nothing to keep.
        Err(crate::Error::Shard(ShardError::Truncated { .. })) if header_torn(&c.path) => {
            let file = CheckpointFile::create(&c.path, header, layout)?;
            return Ok((Samples::new(&scenario, 0), false, Some(file)));
        }
        Err(e) => return Err(e),
    };
    let differs = parsed.header.differs_from(header).or_else(|| {
        (parsed.header.shard != header.shard)
            .then(|| format!("shard {}, not {}", parsed.header.shard, header.shard))
    });
    if let Some(what) = differs {
        return Err(ShardError::OtherSweep {
            file: name,
            other: "this run".into(),
            what,
        }
        .into());
    }
    let file = CheckpointFile::reopen(&c.path, parsed.good_len, layout)?;
    Ok((parsed.samples, parsed.complete, Some(file)))
}

/// Whether the file at `path` ends before its header frame does (a run killed in its
/// first moments).
fn header_torn(path: &Path) -> bool {
    io::read_file(path, Mode::Header).is_err()
}

#[cfg(test)]
mod tests;
