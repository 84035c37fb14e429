//! Output: the contract's JSON objects and readable text tables.
//!
//! Only this module knows output formats. The CSV rows and the SVG plot come with the
//! default features `csv` and `svg`. Keys and rows follow the file's order of
//! issues, options and actors.

#[cfg(feature = "csv")]
mod csv;
mod file;
mod json;
#[cfg(feature = "svg")]
mod svg;
mod sweep;
mod text;

#[cfg(feature = "csv")]
pub use csv::samples_csv;
pub use file::write_atomically;
pub use json::{agreement_json, frontier_json, solve_json, solve_offers_json, value_json};
#[cfg(feature = "svg")]
pub use svg::sweep_svg;
pub use sweep::{sweep_json, sweep_text};
pub use text::{check_text, frontier_text, solve_text};
