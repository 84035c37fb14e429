//! Output: results as data, the command line's JSON objects and readable text tables.
//!
//! Only this module knows output formats. The CSV rows and the SVG plots (and the
//! pages that hold them) come with the default features `csv` and `svg`; the
//! [`HtmlPage`] builder is always there. Keys and rows follow the file's order of
//! issues, options and actors.
//!
//! # Results as data
//!
//! The result types serialise with serde in an *index form* meant for code that
//! embeds the crate: outcomes are lists of [`Value`](crate::Value)s
//! (`{"option": index}` or `{"number": x}`, one per issue in file order) and
//! per-actor numbers are arrays in file order. Non-finite numbers serialise as null.
//!
//! | type | serialises as |
//! | --- | --- |
//! | [`Verdict`](crate::Verdict) | `{"agreement": Agreement}` or `{"no_deal": {"reason": NoDeal, "utilities": [d_i]}}` |
//! | [`Agreement`](crate::Agreement) | `{"outcome": [Value], "utilities": [u_i], "gains": [u_i - d_i], "log_nash": sum_i alpha_i ln(u_i - d_i)}` |
//! | [`NoDeal`](crate::NoDeal) | `"nothing_individually_rational"` or `{"nothing_feasible": why}` |
//! | [`OffersSolution`](crate::OffersSolution) | `{"verdict", "first": actor index, "proposals": [Proposal], "continuation", "iterations", "step", "searched"}` |
//! | [`Proposal`](crate::Proposal) | `{"proposer": actor index, "agreement": Agreement}` |
//! | [`FrontierPoint`](crate::FrontierPoint) | `{"outcome": [Value], "utilities": [u_i]}` |
//! | [`SweepSummary`](crate::sweep::SweepSummary) | its fields, see its docs |
//!
//! [`Value`](crate::Value) also deserialises. A [`Labelled`] result (the result with
//! its scenario) serialises in the *labelled form* the command line prints: ids and
//! option labels instead of indices. [`SolveOutput`] and [`FrontierOutput`] are the
//! whole objects of `solve --json` and `frontier --json`; `sweep --json` prints a
//! [`Labelled`] [`SweepSummary`](crate::sweep::SweepSummary) (and so does `merge --json`);
//! `sweep --shard K/N --json` a [`ShardOutput`]; [`NegotiateOutput`] and
//! [`TournamentOutput`] those of `negotiate --json` and `tournament --json`.

#[cfg(feature = "csv")]
mod csv;
mod file;
mod html;
mod json;
mod labelled;
mod negotiate;
mod sensitivity;
#[cfg(feature = "svg")]
mod sensitivity_html;
#[cfg(feature = "svg")]
mod sensitivity_svg;
mod shard;
#[cfg(feature = "svg")]
mod svg;
mod sweep;
mod text;
mod tournament;
#[cfg(feature = "svg")]
mod tournament_svg;

#[cfg(feature = "csv")]
pub use csv::{samples_csv, tournament_csv};
pub use file::write_atomically;
pub use html::{HtmlCell, HtmlPage, HtmlTable};
pub use json::{FrontierOutput, SolveOutput};
pub use labelled::Labelled;
pub use negotiate::{negotiate_text, NegotiateOutput};
pub use sensitivity::{sensitivity_json, sensitivity_text};
#[cfg(feature = "svg")]
pub use sensitivity_html::sensitivity_html;
#[cfg(feature = "svg")]
pub use sensitivity_svg::sensitivity_svg;
pub use shard::ShardOutput;
#[cfg(feature = "svg")]
pub use svg::sweep_svg;
pub use sweep::sweep_text;
pub use text::{check_text, frontier_text, solve_text};
pub use tournament::{tournament_text, TournamentOutput};
#[cfg(feature = "svg")]
pub use tournament_svg::tournament_svg;
