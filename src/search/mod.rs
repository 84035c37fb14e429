//! The exact search: the discrete Pareto frontier, the continuous cells, and a
//! deterministic parallel argmax over both.
//!
//! Every concept's answer is Pareto optimal among the feasible outcomes (the max-min
//! concepts thanks to the Nash tie-break), so the search runs over the non-dominated
//! outcomes of the discrete issues (module `frontier`) and, for each, over the cells of the
//! continuous issues: one linear piece per continuous issue, inside which every gain
//! is affine in the continuous values and each goal is concave (module `cell`).
//! Small boards of discrete issues alone are walked depth first instead (module
//! `depth`): on them the frontier's pairwise dominance tests cost more than the space.
//!
//! [`Engine::maximise`] is the one public constrained maximisation: an [`Objective`]
//! of the seated actors' gains, floors on the gains, the contract's ties.

mod board;
mod budget;
mod cell;
mod depth;
mod engine;
mod fast;
mod frontier;
mod goal;
mod lagrange;
mod layer;
#[cfg(test)]
mod linked_tests;
mod links;
mod objective;
pub(crate) mod orthant;
mod polish;
mod prune;
mod scan;
mod tangent;

pub use budget::{Cancel, SearchOptions, DEFAULT_MAX_MEMORY};
pub(crate) use cell::GAIN_EPS;
pub use engine::{Engine, FrontierPoint, Optimum};
pub use objective::{log_product, Context, Nash, Objective, Shape};

pub(crate) use budget::Budget;
pub(crate) use engine::FastScans;
pub(crate) use goal::Seated;
pub(crate) use objective::LinearGains;
