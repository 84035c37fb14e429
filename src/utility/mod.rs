//! Actors' preferences: weighted additive utilities, value curves and red lines.
//!
//! ```text
//! u_i(x) = (sum_k w_ik * v_ik(x_k) + sum_j w_ij * v_ij * [x meets every condition of j])
//!          / (sum_k w_ik + sum_j w_ij)
//! ```

mod actor;
mod curve;
mod link;

pub(crate) use actor::normalised;
pub use actor::{Actor, Package, RedLine, Valuation, Veto};
pub use curve::PiecewiseLinear;
pub use link::{all_met, Condition, Gate, Interaction, Test};
