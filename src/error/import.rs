//! A file of another tool's format that cannot be imported.

use super::Problem;

/// Why another tool's file (a Genius domain or profile, a GeniusWeb profile, a KTAB
/// table) could not be imported: the file, the element in it, and what is wrong.
///
/// It reads `FILE: ELEMENT: PROBLEM` on one line, for example
/// `buyer.xml: line 7 <weight index="2"> value: must not be negative, got -0.5`.
/// Malformed XML, JSON or CSV is a [`ScenarioError::Parse`](super::ScenarioError::Parse)
/// naming the file, line and column instead.
///
/// ```
/// use detente::error::{ImportError, Problem};
/// let path = std::env::temp_dir().join("detente-doc-import-error.csv");
/// std::fs::write(&path, "t,,1,1\nActor,Description,Power,Pos,Sal\nA,,-1,50,50\n").expect("written");
/// let Err(detente::Error::Import(e)) = detente::import::ktab(&path) else {
///     panic!("a negative power is refused");
/// };
/// assert_eq!(e.element, "row 3, column 3 (Power)");
/// assert_eq!(e.problem, Problem::OutOfRange { value: -1.0, allowed: "(0, inf)" });
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: {element}: {problem}")]
#[non_exhaustive]
pub struct ImportError {
    /// The file, as named on the command line or to the library.
    pub file: String,
    /// Where in the file: an XML element with its line (`line 7 <weight index="2">`),
    /// an attribute after it, a JSON path or a table row and column.
    pub element: String,
    /// What is wrong.
    pub problem: Problem,
}
