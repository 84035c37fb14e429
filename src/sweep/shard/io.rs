//! Shard files as frames: reading (strictly for a finished shard, leniently for a
//! checkpoint whose last frame a kill may have torn) and writing.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::ops::Range;
use std::path::Path;

use super::bytes::{checksum, Enc};
use super::header::{Layout, ShardHeader, CRATE_VERSION};
use super::record::{self, Target};
use crate::error::{Error, Result, ShardError};
use crate::scenario::Scenario;
use crate::sweep::Samples;

/// The file's first 8 bytes.
pub(super) const MAGIC: [u8; 8] = *b"DTNTSHRD";
/// The layout version after the magic; a reader refuses any other.
pub const FORMAT_VERSION: u32 = 1;
const HEADER: u8 = b'H';
const BLOCK: u8 = b'B';
const END: u8 = b'E';
/// Records per block frame in a finished shard file (so its bytes do not depend on
/// how the run was split into rounds, interrupted or resumed).
const BLOCK_RECORDS: usize = 65_536;
/// A frame's kind and length before its payload, its checksum after.
const FRAME_HEAD: u64 = 9;
const FRAME_TAIL: u64 = 8;

/// A frame: kind, payload length (u64), payload, checksum of the three.
fn frame(kind: u8, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(payload.len() + 17);
    f.push(kind);
    f.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    f.extend_from_slice(payload);
    let sum = checksum(&f);
    f.extend_from_slice(&sum.to_le_bytes());
    f
}

fn start_bytes() -> Vec<u8> {
    let mut b = MAGIC.to_vec();
    b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    b
}

pub(super) fn block_frame(
    start: u64,
    samples: &Samples,
    rows: Range<usize>,
    layout: &Layout,
) -> Vec<u8> {
    let mut e = Enc::default();
    e.u64(start);
    e.u64((rows.end - rows.start) as u64);
    record::encode(samples, rows.start, rows.end, layout, &mut e);
    frame(BLOCK, &e.0)
}

/// The magic bytes, the version and the header frame: how every shard file starts.
pub(super) fn header_bytes(header: &ShardHeader, layout: &Layout) -> Vec<u8> {
    let mut b = start_bytes();
    b.extend(frame(HEADER, &header.encode(layout)));
    b
}

/// A finished shard: magic, version, header, blocks of [`BLOCK_RECORDS`], end frame.
pub(super) fn write_shard<W: Write>(
    w: &mut W,
    header: &ShardHeader,
    samples: &Samples,
    layout: &Layout,
) -> std::io::Result<()> {
    w.write_all(&header_bytes(header, layout))?;
    let mut at = 0;
    while at < samples.len() {
        let to = (at + BLOCK_RECORDS).min(samples.len());
        w.write_all(&block_frame(
            header.range.start + at as u64,
            samples,
            at..to,
            layout,
        ))?;
        at = to;
    }
    w.write_all(&frame(END, &(samples.len() as u64).to_le_bytes()))
}

/// Write `bytes` through `write` to a temporary file beside `path`, then rename it
/// over `path`: the file is whole or absent.
pub(super) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "shard".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = File::create(&tmp).and_then(|f| {
        let mut w = BufWriter::new(f);
        write(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error(path, "write", e));
    }
    Ok(())
}

pub(super) fn io_error(path: &Path, action: &'static str, source: std::io::Error) -> Error {
    ShardError::Io {
        file: path.display().to_string(),
        action,
        source,
    }
    .into()
}

/// How much of a file to read, and how strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// The header only.
    Header,
    /// A finished shard: any fault is an error.
    Strict,
    /// A checkpoint: a torn last frame is dropped.
    Checkpoint,
}

/// What a read found.
pub(super) struct Parsed {
    pub header: ShardHeader,
    pub layout: Layout,
    pub samples: Samples,
    /// Whether the end frame was read.
    pub complete: bool,
    /// Bytes up to the end of the last good frame.
    pub good_len: u64,
}

/// A frame read, or why none was.
enum Next {
    Frame(u8, Vec<u8>),
    /// The file ends where a frame would start.
    Eof,
    /// The file ends inside a frame.
    Torn,
    /// A frame whose checksum does not match; `true` when it runs to the file's end.
    Bad(bool),
}

struct Frames<R: Read> {
    r: R,
    at: u64,
    size: u64,
}

impl<R: Read> Frames<R> {
    fn next(&mut self) -> std::io::Result<Next> {
        let left = self.size - self.at;
        if left == 0 {
            return Ok(Next::Eof);
        }
        if left < FRAME_HEAD + FRAME_TAIL {
            return Ok(Next::Torn);
        }
        let mut head = [0_u8; 9];
        self.r.read_exact(&mut head)?;
        let mut len = [0_u8; 8];
        len.copy_from_slice(&head[1..]);
        let len = u64::from_le_bytes(len);
        if len > left - FRAME_HEAD - FRAME_TAIL {
            return Ok(Next::Torn);
        }
        let mut buf = head.to_vec();
        buf.resize(FRAME_HEAD as usize + len as usize, 0);
        self.r.read_exact(&mut buf[FRAME_HEAD as usize..])?;
        let mut sum = [0_u8; 8];
        self.r.read_exact(&mut sum)?;
        self.at += FRAME_HEAD + len + FRAME_TAIL;
        if checksum(&buf) != u64::from_le_bytes(sum) {
            return Ok(Next::Bad(self.at == self.size));
        }
        Ok(Next::Frame(head[0], buf.split_off(FRAME_HEAD as usize)))
    }
}

/// Read the shard file at `path`.
///
/// # Errors
/// [`ShardError`] naming the file.
pub(super) fn read_file(path: &Path, mode: Mode) -> Result<Parsed> {
    read_file_into(path, mode, None)
}

/// [`read_file`], appending the samples to `into` (when given) rather than to a
/// table of their own: a merge reads every shard into one table.
pub(super) fn read_file_into(path: &Path, mode: Mode, into: Option<Samples>) -> Result<Parsed> {
    let file = File::open(path).map_err(|e| io_error(path, "read", e))?;
    let size = file
        .metadata()
        .map_err(|e| io_error(path, "read", e))?
        .len();
    let name = path.display().to_string();
    read(BufReader::new(file), size, &name, mode, into).map_err(|e| match e {
        Failed::Io(e) => io_error(path, "read", e),
        Failed::Shard(e) => e,
    })
}

/// An error reading: the operating system's, or the file's.
pub(super) enum Failed {
    Io(std::io::Error),
    Shard(Error),
}

impl From<std::io::Error> for Failed {
    fn from(e: std::io::Error) -> Self {
        Failed::Io(e)
    }
}

impl From<Error> for Failed {
    fn from(e: Error) -> Self {
        Failed::Shard(e)
    }
}

fn corrupt(file: &str, what: impl Into<String>) -> Failed {
    Failed::Shard(
        ShardError::Corrupt {
            file: file.to_string(),
            what: what.into(),
        }
        .into(),
    )
}

fn truncated(file: &str, what: impl Into<String>) -> Failed {
    Failed::Shard(
        ShardError::Truncated {
            file: file.to_string(),
            what: what.into(),
        }
        .into(),
    )
}

/// Check the magic bytes and the format version; the offset after them.
fn check_start<R: Read>(r: &mut R, size: u64, file: &str) -> std::result::Result<u64, Failed> {
    let start = start_bytes();
    let mut first = vec![0_u8; start.len().min(size as usize)];
    r.read_exact(&mut first)?;
    let shard_error = |e: ShardError| Failed::Shard(e.into());
    if !MAGIC.starts_with(&first[..first.len().min(8)]) {
        return Err(shard_error(ShardError::NotAShard {
            file: file.to_string(),
        }));
    }
    if first.len() < start.len() {
        return Err(truncated(
            file,
            format!("it ends at byte {size}, before its header"),
        ));
    }
    let mut version = [0_u8; 4];
    version.copy_from_slice(&first[8..12]);
    let found = u32::from_le_bytes(version);
    if found != FORMAT_VERSION {
        return Err(shard_error(ShardError::Format {
            file: file.to_string(),
            found,
            reads: FORMAT_VERSION,
        }));
    }
    Ok(start.len() as u64)
}

/// Read a shard from `r` (`size` bytes), naming it `file` in errors.
pub(super) fn read<R: Read>(
    mut r: R,
    size: u64,
    file: &str,
    mode: Mode,
    into: Option<Samples>,
) -> std::result::Result<Parsed, Failed> {
    let at = check_start(&mut r, size, file)?;
    let mut frames = Frames { r, at, size };
    let (header, scenario, layout) = match frames.next()? {
        Next::Frame(HEADER, payload) => header_of(&payload, file)?,
        Next::Frame(..) | Next::Bad(_) => return Err(corrupt(file, "the header frame is damaged")),
        Next::Eof | Next::Torn => {
            return Err(truncated(
                file,
                format!("it ends at byte {size}, inside its header"),
            ))
        }
    };
    // Room for the samples the file can hold, never more than it says.
    let room =
        (size / layout.record_size().max(1) as u64).min(header.range.end - header.range.start);
    let samples = match into {
        Some(samples) => samples,
        None if mode == Mode::Header => Samples::new(&scenario, 0),
        None => Samples::new(&scenario, room as usize),
    };
    let mut parsed = Parsed {
        header,
        layout,
        samples,
        complete: false,
        good_len: frames.at,
    };
    if mode != Mode::Header {
        read_blocks(&mut frames, &mut parsed, file, mode)?;
    }
    Ok(parsed)
}

/// Check and decode the header frame's payload.
fn header_of(
    payload: &[u8],
    file: &str,
) -> std::result::Result<(ShardHeader, Scenario, Layout), Failed> {
    let Some((header, shape)) = ShardHeader::decode(payload) else {
        return Err(corrupt(file, "the header does not read"));
    };
    if header.crate_version != CRATE_VERSION {
        return Err(Failed::Shard(
            ShardError::Version {
                file: file.to_string(),
                found: header.crate_version,
                ours: CRATE_VERSION,
            }
            .into(),
        ));
    }
    if crate::scenario::fnv1a64(header.scenario_json.as_bytes()) != header.scenario_hash {
        return Err(corrupt(
            file,
            "the scenario does not match its content hash",
        ));
    }
    let scenario = header.scenario().map_err(|e| {
        corrupt(
            file,
            format!("the scenario in the header does not read: {e}"),
        )
    })?;
    // The flags must fit the scenario (a grid of at most MAX_STEPS values, known ids),
    // so that nothing read from a file sizes a table beyond the limits of a sweep.
    if header.options().plan(&scenario).is_err() {
        return Err(corrupt(
            file,
            "the flags in the header do not fit the scenario",
        ));
    }
    let layout = Layout::new(&scenario);
    let steps = header.flags.vary.as_ref().map_or(1, |g| g.steps as u64);
    let total = header.samples.checked_mul(steps);
    if layout.shape() != shape
        || total != Some(header.total)
        || header.shard.range(header.total) != header.range
    {
        return Err(corrupt(file, "the header's shape or ranges do not add up"));
    }
    Ok((header, scenario, layout))
}

/// Read block frames up to the end frame (or, for a checkpoint, the last good one).
fn read_blocks<R: Read>(
    frames: &mut Frames<R>,
    parsed: &mut Parsed,
    file: &str,
    mode: Mode,
) -> std::result::Result<(), Failed> {
    let grid = parsed.header.flags.vary.as_ref().map(|g| g.values());
    let range = parsed.header.range.clone();
    let mut next = range.start;
    loop {
        let at = frames.at;
        match frames.next()? {
            Next::Frame(BLOCK, payload) => {
                let mut target = Target {
                    samples: &mut parsed.samples,
                    per_value: parsed.header.samples,
                    grid: grid.as_deref(),
                };
                next = block(&payload, next, range.end, &parsed.layout, &mut target)
                    .map_err(|what| corrupt(file, format!("block at byte {at}: {what}")))?;
                parsed.good_len = frames.at;
            }
            Next::Frame(END, payload) => {
                end_frame(&payload, frames.at == frames.size, next, &range, file)?;
                parsed.complete = true;
                parsed.good_len = frames.at;
                return Ok(());
            }
            Next::Frame(kind, _) => {
                return Err(corrupt(
                    file,
                    format!("unknown frame kind {kind} at byte {at}"),
                ))
            }
            Next::Bad(last) if last && mode == Mode::Checkpoint => return Ok(()),
            Next::Eof | Next::Torn if mode == Mode::Checkpoint => return Ok(()),
            Next::Bad(_) => {
                return Err(corrupt(
                    file,
                    format!("checksum mismatch in the frame at byte {at}"),
                ))
            }
            Next::Torn => {
                return Err(truncated(
                    file,
                    format!("it ends inside the frame at byte {at}"),
                ))
            }
            Next::Eof => return Err(unfinished(file, next - range.start, &range)),
        }
    }
}

/// Check the end frame against the samples read (`next` is the index after them).
fn end_frame(
    payload: &[u8],
    at_end: bool,
    next: u64,
    range: &Range<u64>,
    file: &str,
) -> std::result::Result<(), Failed> {
    if payload != (next - range.start).to_le_bytes() || next != range.end {
        return Err(corrupt(file, "the end frame does not match the samples"));
    }
    if !at_end {
        return Err(corrupt(file, "bytes follow the end frame"));
    }
    Ok(())
}

/// A file that ends cleanly after `done` samples but before its end frame.
fn unfinished(file: &str, done: u64, range: &Range<u64>) -> Failed {
    truncated(
        file,
        format!(
            "it ends after {done} of {} samples without its end frame \
             (a file cut short, or the checkpoint of an unfinished run: \
             continue that with `detente sweep ... --resume`)",
            range.end - range.start
        ),
    )
}

/// Decode one block payload whose first index must be `next`; the index after it.
fn block(
    payload: &[u8],
    next: u64,
    end: u64,
    layout: &Layout,
    target: &mut Target<'_>,
) -> std::result::Result<u64, String> {
    let mut d = super::bytes::Dec::new(payload);
    let (Some(start), Some(count)) = (d.u64(), d.u64()) else {
        return Err("too short".into());
    };
    if start != next || count > end - next {
        return Err(format!(
            "samples from {start} ({count}) where {next} comes next"
        ));
    }
    let size = (count as u128) * layout.record_size() as u128;
    if size != (payload.len() - 16) as u128 {
        return Err("its length does not match its records".into());
    }
    record::decode(&payload[16..], start, count, layout, target)?;
    Ok(next + count)
}
