//! Output: the contract's JSON objects and readable text tables.
//!
//! Only this module knows output formats. Keys and rows follow the file's order of
//! issues, options and actors.

mod json;
mod text;

pub use json::{agreement_json, frontier_json, solve_json, solve_offers_json, value_json};
pub use text::{check_text, frontier_text, solve_text};
