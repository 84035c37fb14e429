//! Actors' preferences: weighted additive utilities, value curves and red lines.
//!
//! ```text
//! u_i(x) = sum_k w_ik * v_ik(x_k) / sum_k w_ik
//! ```

mod actor;
mod curve;

pub(crate) use actor::normalised;
pub use actor::{Actor, RedLine, Valuation, Veto};
pub use curve::PiecewiseLinear;
