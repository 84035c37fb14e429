//! A scenario that cannot be read, parsed or accepted.

use std::path::PathBuf;

use super::{FieldPath, Problem};

/// Why a scenario could not be loaded: the file is unreadable, it is not well-formed
/// JSON or TOML, or it breaks a rule of the format (CONTRACT §1).
///
/// Every message names the file and, where it can, the field:
/// `FILE: actors[1].weights.nato: must not be negative, got -1`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The scenario file could not be read.
    #[error("{}: cannot read file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The path names something other than a file: a directory, say.
    #[error("{}: is {what}, not a scenario file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is, e.g. `a directory`.
        what: &'static str,
    },
    /// The file is larger than [`MAX_FILE_BYTES`](crate::scenario::limits::MAX_FILE_BYTES);
    /// it is refused before it is read whole.
    #[error("{}: file is larger than the limit of {} bytes ({} MiB) for a scenario file", path.display(), limit, limit / (1024 * 1024))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is not well-formed JSON or TOML, or a field has the wrong type.
    #[error("{file}: {}{message}{}", field_prefix(field), position(*line, *column))]
    Parse {
        /// The file (or whatever name the text was given).
        file: String,
        /// Where the parser was, when it knows.
        field: Option<FieldPath>,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A well-formed file breaks a rule of the scenario format.
    #[error("{file}: {field}: {problem}")]
    Invalid {
        /// The file (or whatever name the text was given).
        file: String,
        /// Where in the file.
        field: FieldPath,
        /// What is wrong.
        problem: Problem,
    },
}

fn field_prefix(field: &Option<FieldPath>) -> String {
    match field {
        Some(f) if !f.is_root() => format!("{f}: "),
        _ => String::new(),
    }
}

fn position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}
