//! Errors: one public [`Error`] type, a matchable [`Problem`] for invalid input and
//! the [`FieldPath`] that names where in a scenario file the problem sits.

use std::fmt;
use std::path::PathBuf;

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `detente`.
///
/// Invalid input always names the file and the field (`FILE: actors[1].weights.nato: ...`).
/// "No individually rational outcome" is not an error but an answer
/// ([`Verdict::NoDeal`](crate::Verdict::NoDeal)).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The scenario file could not be read.
    #[error("{}: cannot read file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not well-formed JSON or TOML, or a field has the wrong type.
    #[error("{file}: {}{message}{}", field_prefix(field), position(*line, *column))]
    Parse {
        /// The file (or `<input>` for text parsed from memory).
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
        /// The file (or `<input>`).
        file: String,
        /// Where in the file.
        field: FieldPath,
        /// What is wrong.
        problem: Problem,
    },
    /// A run-time argument (a `--set`, a concept option, a sweep option) is wrong.
    #[error("{file}: {argument}: {problem}")]
    Argument {
        /// The scenario the argument applies to.
        file: String,
        /// The argument as the user wrote it, e.g. `--set us_support`.
        argument: String,
        /// What is wrong.
        problem: Problem,
    },
    /// A search stopped by a user-set budget before it could prove its answer exact.
    #[error(
        "search stopped by its budget after {nodes} nodes and {seconds:.3} s; {}",
        bound.map_or("no bound on the objective yet".to_string(), |b| format!("best bound on the objective: {b}"))
    )]
    Budget {
        /// Partial outcomes examined.
        nodes: u64,
        /// Seconds spent.
        seconds: f64,
        /// An upper bound on the objective that the exact answer cannot exceed, when the
        /// search has one (listing a frontier has no objective).
        bound: Option<f64>,
    },
    /// The alternating-offers game has no stationary agreement on this space.
    #[error("no stationary alternating-offers agreement: {reason}")]
    NoStationaryAgreement {
        /// Why the fixed point does not exist or could not be reached.
        reason: String,
    },
    /// A sweep stopped by a user-set budget before it drew all its samples.
    #[error(
        "sweep stopped by its budget after {done} of {total} samples ({nodes} nodes, {seconds:.3} s); no summary is exact"
    )]
    SweepStopped {
        /// Samples solved before the stop.
        done: u64,
        /// Samples the sweep was asked for.
        total: u64,
        /// Frontier points and cells examined.
        nodes: u64,
        /// Seconds spent.
        seconds: f64,
    },
    /// A plot could not be drawn.
    #[error("cannot draw the plot: {0}")]
    Render(String),
    /// An output file could not be written.
    #[error("{}: cannot write file: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
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

impl Error {
    /// An [`Error::Invalid`] for `file` at `field`.
    pub fn invalid(file: impl Into<String>, field: FieldPath, problem: Problem) -> Self {
        Error::Invalid {
            file: file.into(),
            field,
            problem,
        }
    }

    /// The process exit status the command line uses for this error: 3 for a search
    /// stopped by its budget, 2 for everything else (bad input).
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::Budget { .. } | Error::SweepStopped { .. } => 3,
            _ => 2,
        }
    }
}

/// What is wrong with a field. Matchable, so tests and callers need not parse messages.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// A required field is absent.
    Missing,
    /// A number is NaN or infinite.
    NotFinite(f64),
    /// A number that must be non-negative is negative.
    Negative(f64),
    /// A number lies outside the interval it must lie in.
    OutOfRange {
        /// The number.
        value: f64,
        /// The allowed interval, in words, e.g. `(0, 1)`.
        allowed: &'static str,
    },
    /// An id or label appears twice.
    Duplicate(String),
    /// An id or label refers to nothing.
    Unknown {
        /// What kind of thing was looked up (`issue`, `actor`, `option`, ...).
        kind: &'static str,
        /// The id as written.
        id: String,
    },
    /// A list or text that must not be empty is empty.
    Empty,
    /// All weights are zero.
    AllZero,
    /// A range with `lo >= hi`.
    EmptyRange {
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
    },
    /// Curve points whose x is not strictly increasing.
    NotIncreasing {
        /// Index of the offending point.
        at: usize,
    },
    /// A curve that does not cover the whole range.
    DoesNotCover {
        /// The lower end.
        lo: f64,
        /// The upper end.
        hi: f64,
    },
    /// A field that does not fit the kind (options on a continuous issue, ...).
    WrongKind(String),
    /// Anything else, said in words.
    Other(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => write!(f, "is required but missing"),
            Problem::NotFinite(x) => write!(f, "must be a finite number, got {x}"),
            Problem::Negative(x) => write!(f, "must not be negative, got {x}"),
            Problem::OutOfRange { value, allowed } => {
                write!(f, "must lie in {allowed}, got {value}")
            }
            Problem::Duplicate(id) => write!(f, "duplicate id '{id}'"),
            Problem::Unknown { kind, id } => write!(f, "unknown {kind} '{id}'"),
            Problem::Empty => write!(f, "must not be empty"),
            Problem::AllZero => write!(f, "weights are all zero"),
            Problem::EmptyRange { lo, hi } => {
                write!(f, "range must have lo < hi, got [{lo}, {hi}]")
            }
            Problem::NotIncreasing { at } => {
                write!(f, "x must be strictly increasing (point {at})")
            }
            Problem::DoesNotCover { lo, hi } => {
                write!(f, "curve must cover the whole range [{lo}, {hi}]")
            }
            Problem::WrongKind(what) => write!(f, "{what}"),
            Problem::Other(what) => write!(f, "{what}"),
        }
    }
}

impl std::error::Error for Problem {}

/// A path to a field in a scenario file, in the contract's notation:
/// `actors[1].weights.nato`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct FieldPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(String),
    Index(usize),
}

impl FieldPath {
    /// The whole file.
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// This path extended by an object key.
    #[must_use]
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.into()));
        next
    }

    /// This path extended by a list index.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    /// Whether this is the whole file.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(f, "(file)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_read_like_the_contract() {
        let p = FieldPath::root()
            .key("actors")
            .index(1)
            .key("weights")
            .key("nato");
        assert_eq!(p.to_string(), "actors[1].weights.nato");
    }

    #[test]
    fn invalid_error_names_file_and_field() {
        let e = Error::invalid(
            "s.json",
            FieldPath::root()
                .key("actors")
                .index(0)
                .key("weights")
                .key("x"),
            Problem::Negative(-1.0),
        );
        assert_eq!(
            e.to_string(),
            "s.json: actors[0].weights.x: must not be negative, got -1"
        );
        assert_eq!(e.exit_status(), 2);
    }
}
