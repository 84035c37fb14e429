//! What is wrong with a value ([`Problem`]) and where a scenario file holds it
//! ([`FieldPath`]).

use std::fmt;

/// What is wrong with a field of a scenario file or an input given at run time.
/// Matchable, so tests and callers need not parse messages.
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
    /// A `between` interval with `lo > hi` (`lo == hi` is one point, allowed).
    Reversed {
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
    /// No actor would be seated at the table.
    NoneSeated,
    /// The actor with this id is not seated, and only a seated actor can propose.
    NotSeated(String),
    /// A list with the wrong number of entries (one weight per issue, say).
    WrongLength {
        /// Entries needed.
        expected: usize,
        /// Entries given.
        got: usize,
    },
    /// Text that does not have the expected shape.
    Syntax {
        /// The shape, e.g. `ID=LO:HI:STEPS`.
        expected: &'static str,
        /// The text as written.
        got: String,
    },
    /// Text that does not read as the number it must be.
    NotANumber {
        /// The text as written.
        text: String,
        /// What it must be, e.g. `a number` or `a whole number of steps`.
        expected: &'static str,
    },
    /// A number beyond the largest magnitude the crate accepts
    /// ([`MAX_MAGNITUDE`](crate::scenario::limits::MAX_MAGNITUDE)).
    TooLarge {
        /// The number.
        value: f64,
        /// The largest magnitude allowed.
        limit: f64,
    },
    /// A list longer than the crate accepts ([`limits`](crate::scenario::limits)).
    TooMany {
        /// Entries given.
        count: usize,
        /// Most entries allowed.
        limit: usize,
    },
    /// A construct of another tool's file format that a scenario cannot express (or
    /// that the importer does not read), said in words.
    Unsupported(String),
    /// Anything else, said in words.
    Other(String),
}

/// A problem is an error of its own where a checked constructor reports it alone
/// (`LeverageDist::normal`, `Situation::new`).
impl std::error::Error for Problem {}

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
            Problem::Reversed { lo, hi } => {
                write!(f, "between must have lo <= hi, got [{lo}, {hi}]")
            }
            Problem::NotIncreasing { at } => {
                write!(f, "x must be strictly increasing (point {at})")
            }
            Problem::DoesNotCover { lo, hi } => {
                write!(f, "curve must cover the whole range [{lo}, {hi}]")
            }
            Problem::NoneSeated => write!(f, "at least one actor must be seated"),
            Problem::NotSeated(id) => {
                write!(f, "actor '{id}' is not seated and cannot propose")
            }
            Problem::WrongLength { expected, got } => {
                write!(f, "expected {expected} entries, got {got}")
            }
            Problem::Syntax { expected, got } => write!(f, "expected {expected}, got '{got}'"),
            Problem::NotANumber { text, expected } => write!(f, "'{text}' is not {expected}"),
            Problem::TooLarge { value, limit } => {
                write!(f, "must have magnitude at most {limit:e}, got {value:e}")
            }
            Problem::TooMany { count, limit } => {
                write!(f, "has {count} entries, more than the limit of {limit}")
            }
            Problem::Unsupported(what) => write!(f, "not supported: {what}"),
            Problem::WrongKind(what) | Problem::Other(what) => write!(f, "{what}"),
        }
    }
}

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
    fn the_root_reads_as_the_file() {
        assert_eq!(FieldPath::root().to_string(), "(file)");
    }
}
