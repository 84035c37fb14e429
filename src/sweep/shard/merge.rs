//! Merging shards: check that they make one whole sweep, then join their samples and
//! summarise them as the unsharded run does.

use std::path::Path;

use super::header::CRATE_VERSION;
use super::io::{self, Mode};
use super::{Shard, ShardHeader};
use crate::error::{Error, Result, ShardError};
use crate::scenario::Scenario;
use crate::search::SearchOptions;
use crate::sweep::{Samples, Sweep, SweepOptions, SweepSummary};

/// A merged sweep: the scenario and options the shards carried, and the sweep (every
/// sample and the summary) as the unsharded run gives it.
#[derive(Debug, Clone)]
pub struct Merged {
    scenario: Scenario,
    options: SweepOptions,
    sweep: Sweep,
}

impl Merged {
    /// The scenario, read back from the shards' canonical copy of it.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The sweep's options (default search limits).
    pub fn options(&self) -> &SweepOptions {
        &self.options
    }

    /// The samples and the summary.
    pub fn sweep(&self) -> &Sweep {
        &self.sweep
    }

    /// The samples and the summary, without copying them.
    pub fn into_sweep(self) -> Sweep {
        self.sweep
    }
}

/// Check that the shards with these headers (and file names, for messages) make one
/// whole sweep that fits the memory limit of `search`; returns their order in the
/// sweep (by first sample).
///
/// # Errors
/// [`ShardError::NoShards`]; [`ShardError::Version`] for a shard of another crate
/// version than this one; [`ShardError::OtherSweep`] for a shard of another sweep
/// than the first (scenario content, seed, samples, flags); [`ShardError::Repeated`],
/// [`ShardError::Overlap`] and [`ShardError::Missing`] for shards that do not tile
/// the sweep's samples exactly; [`SearchError::Memory`](crate::error::SearchError::Memory)
/// when the table of all samples would pass the memory limit (as the unsharded sweep).
pub fn check_shards(
    headers: &[(&str, &ShardHeader)],
    search: &SearchOptions,
) -> Result<Vec<usize>> {
    let Some(&(first_file, first)) = headers.first() else {
        return Err(ShardError::NoShards.into());
    };
    for (i, &(file, h)) in headers.iter().enumerate() {
        if h.crate_version != CRATE_VERSION {
            return Err(ShardError::Version {
                file: file.to_string(),
                found: h.crate_version.clone(),
                ours: CRATE_VERSION,
            }
            .into());
        }
        if let Some(what) = h.differs_from(first) {
            return Err(other_sweep(file, first_file, what));
        }
        if let Some(&(other, _)) = headers[..i].iter().find(|(_, o)| o.shard == h.shard) {
            return Err(ShardError::Repeated {
                file: file.to_string(),
                other: other.to_string(),
                shard: h.shard.to_string(),
            }
            .into());
        }
    }
    let mut order: Vec<usize> = (0..headers.len()).collect();
    order.sort_by_key(|&i| (headers[i].1.range.start, headers[i].1.range.end));
    tile(headers, &order)?;
    let scenario = first.scenario()?;
    let table = first
        .total
        .saturating_mul(Samples::bytes_per_sample(&scenario));
    if table > search.memory_limit() {
        let what = format!("the table of {} samples", first.total);
        return Err(Error::memory(what, table, search.memory_limit(), 0, 0.0));
    }
    Ok(order)
}

fn other_sweep(file: &str, other: &str, what: String) -> Error {
    ShardError::OtherSweep {
        file: file.to_string(),
        other: other.to_string(),
        what,
    }
    .into()
}

/// Walk the shards in `order`: every sample of the sweep in exactly one of them.
fn tile(headers: &[(&str, &ShardHeader)], order: &[usize]) -> Result<()> {
    let total = headers[0].1.total;
    let mut at = 0;
    let mut last: Option<usize> = None;
    for &i in order {
        let (file, h) = headers[i];
        if h.range.is_empty() {
            continue;
        }
        if h.range.start > at {
            let near = last.map_or(headers[0].0, |j| headers[j].0);
            return Err(missing(headers, near, at..h.range.start));
        }
        if let (true, Some(j)) = (h.range.start < at, last) {
            let (other, o) = headers[j];
            return Err(ShardError::Overlap {
                file: file.to_string(),
                other: other.to_string(),
                what: format!(
                    "its shard {} ({}) and shard {} there ({}) share samples",
                    h.shard,
                    samples_text(&h.range),
                    o.shard,
                    samples_text(&o.range)
                ),
            }
            .into());
        }
        at = h.range.end;
        last = Some(i);
    }
    if at < total {
        let near = last.map_or(headers[0].0, |j| headers[j].0);
        return Err(missing(headers, near, at..total));
    }
    Ok(())
}

fn samples_text(r: &std::ops::Range<u64>) -> String {
    format!("samples {} to {}", r.start, r.end.saturating_sub(1))
}

/// Samples `gap` are in no shard: name the missing shards when every shard given has
/// the same N.
fn missing(headers: &[(&str, &ShardHeader)], near: &str, gap: std::ops::Range<u64>) -> Error {
    let n = headers[0].1.shard.count();
    let total = headers[0].1.total;
    let shard = headers
        .iter()
        .all(|(_, h)| h.shard.count() == n)
        .then(|| {
            (1..=n)
                .filter_map(|k| super::ShardSpec::new(k, n).ok())
                .filter(|s| {
                    let r = s.range(total);
                    !r.is_empty() && r.start >= gap.start && r.end <= gap.end
                })
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|s| !s.is_empty());
    ShardError::Missing {
        file: near.to_string(),
        from: gap.start,
        to: gap.end - 1,
        total,
        shard,
    }
    .into()
}

/// Merge the shards of one sweep (in any order) into the sweep the unsharded run
/// gives: the same samples, the same summary, so the same JSON, text, CSV and plot,
/// byte for byte. Shards of other N may be mixed as long as they tile the sweep (a
/// slow shard 2/4 rerun as shards 3/8 and 4/8, say). Uses the default memory limit.
///
/// # Errors
/// As [`check_shards`]; [`ShardError::Truncated`] for a shard that is not complete.
pub fn merge(shards: Vec<Shard>) -> Result<Merged> {
    merge_with(shards, &SearchOptions::default())
}

/// [`merge`] with the memory limit of `search`.
///
/// # Errors
/// As [`merge`].
pub fn merge_with(shards: Vec<Shard>, search: &SearchOptions) -> Result<Merged> {
    let headers: Vec<(&str, &ShardHeader)> =
        shards.iter().map(|s| (s.file(), s.header())).collect();
    let order = check_shards(&headers, search)?;
    if let Some(s) = shards.iter().find(|s| !s.is_complete()) {
        return Err(ShardError::Truncated {
            file: s.file().to_string(),
            what: format!(
                "it holds {} of {} samples",
                s.samples().len(),
                s.header().range.end - s.header().range.start
            ),
        }
        .into());
    }
    let first = shards[order[0]].header().clone();
    let scenario = first.scenario()?;
    let options = first.options();
    let mut slots: Vec<Option<Shard>> = shards.into_iter().map(Some).collect();
    // One shard (a whole sweep run through a checkpoint): its table, not a copy.
    let mut samples = match slots.as_mut_slice() {
        [only] => only.take().map(|s| s.samples),
        _ => None,
    }
    .unwrap_or_else(|| Samples::new(&scenario, first.total as usize));
    for i in order {
        if let Some(shard) = slots[i].take() {
            samples.append(shard.samples);
        }
    }
    let summary = SweepSummary::new(&scenario, &first.flags.concept, &options, &samples);
    Ok(Merged {
        scenario,
        options,
        sweep: Sweep {
            samples,
            summary,
            preparation: None,
        },
    })
}

/// Merge the shard files at `paths` (in any order) under the memory limit of
/// `search`, reading every header first (a shard that does not belong is refused
/// before any samples are read), then each file's samples straight into one table:
/// the memory of the samples once, not twice. `detente merge` is this.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::sweep::{self, ShardSpec, SweepOptions};
/// let scenario = detente::Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "x", "options": ["p", "q"]}],
///   "actors": [{"id": "a", "weights": {"x": 1}, "values": {"x": {"p": 1, "q": 0.4}}},
///              {"id": "b", "weights": {"x": 1}, "values": {"x": {"p": 0.2, "q": 1}}}],
///   "leverage": [{"id": "l", "distribution": {"uniform": [0, 0.5]},
///     "effects": [{"actor": "b", "disagreement": 1}]}]}"#, "pie.json")?;
/// let options = SweepOptions { samples: 50, seed: 9, ..SweepOptions::default() };
/// let dir = std::env::temp_dir().join(format!("detente-doc-merge-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let mut files = Vec::new();
/// for k in [2, 1] {
///     let file = dir.join(format!("{k}.shard"));
///     sweep::run_shard(&scenario, &options, ShardSpec::new(k, 2)?)?.write(&file)?;
///     files.push(file);
/// }
/// let merged = sweep::merge_files(&files, &detente::SearchOptions::default())?;
/// assert_eq!(merged.sweep().summary(), sweep::run(&scenario, &options)?.summary());
/// // Shard 2/2 alone: samples 0 to 24 are missing.
/// let e = sweep::merge_files(&files[..1], &detente::SearchOptions::default()).unwrap_err();
/// assert!(e.to_string().ends_with("samples 0 to 24 of 50 are in no shard given (shard 1/2 is missing)"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok(()) }
/// ```
///
/// # Errors
/// As [`Shard::read_header`] and [`Shard::read`] for each file; as [`check_shards`].
pub fn merge_files<P: AsRef<Path>>(paths: &[P], search: &SearchOptions) -> Result<Merged> {
    let headers = paths
        .iter()
        .map(|p| Ok((p.as_ref().display().to_string(), Shard::read_header(p)?)))
        .collect::<Result<Vec<(String, ShardHeader)>>>()?;
    let refs: Vec<(&str, &ShardHeader)> = headers.iter().map(|(f, h)| (f.as_str(), h)).collect();
    let order = check_shards(&refs, search)?;
    let (first_file, first) = (&headers[order[0]].0, &headers[order[0]].1);
    let scenario = first.scenario()?;
    let options = first.options();
    let mut samples = Samples::new(&scenario, first.total as usize);
    for i in order {
        let path = paths[i].as_ref();
        let parsed = io::read_file_into(path, Mode::Strict, Some(samples))?;
        if let Some(what) = parsed.header.differs_from(first) {
            // The file changed between the two reads.
            return Err(other_sweep(&headers[i].0, first_file, what));
        }
        samples = parsed.samples;
    }
    let summary = SweepSummary::new(&scenario, &first.flags.concept, &options, &samples);
    Ok(Merged {
        scenario,
        options,
        sweep: Sweep {
            samples,
            summary,
            preparation: None,
        },
    })
}
