//! A checkpoint being written: the shard file without its end frame, one block frame
//! appended per finished round.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::header::{Layout, ShardHeader};
use super::io::{block_frame, header_bytes, io_error};
use crate::error::Result;
use crate::sweep::Samples;

/// A checkpoint being written: frames appended after each round, so that a kill
/// leaves every round before it on disk (a torn last frame is dropped on resume).
pub(super) struct CheckpointFile {
    file: File,
    path: PathBuf,
    layout: Layout,
}

impl CheckpointFile {
    /// A new checkpoint at `path` holding `header` (any file there is replaced).
    pub fn create(path: &Path, header: &ShardHeader, layout: Layout) -> Result<Self> {
        let fail = |e| io_error(path, "write", e);
        let mut file = File::create(path).map_err(fail)?;
        file.write_all(&header_bytes(header, &layout))
            .map_err(fail)?;
        Ok(CheckpointFile {
            file,
            path: path.to_path_buf(),
            layout,
        })
    }

    /// The checkpoint at `path`, cut back to its first `good_len` bytes (dropping a
    /// torn last frame), to append to.
    pub fn reopen(path: &Path, good_len: u64, layout: Layout) -> Result<Self> {
        let fail = |e| io_error(path, "write", e);
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(fail)?;
        file.set_len(good_len).map_err(fail)?;
        file.seek(SeekFrom::End(0)).map_err(fail)?;
        Ok(CheckpointFile {
            file,
            path: path.to_path_buf(),
            layout,
        })
    }

    /// Append `samples`, whose first global index is `start`, as one block frame.
    pub fn append(&mut self, start: u64, samples: &Samples) -> Result<()> {
        let bytes = block_frame(start, samples, 0..samples.len(), &self.layout);
        self.file
            .write_all(&bytes)
            .map_err(|e| io_error(&self.path, "write", e))
    }
}
