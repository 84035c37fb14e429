//! The alternating-offers game without a stationary agreement.

use std::fmt;

/// Why the alternating-offers iteration found no stationary agreement (see
/// [`concept::offers`](crate::concept::offers) for the iteration and its stopping rule).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OffersError {
    /// On a space with only discrete issues, the proposers' round cycles and no
    /// Pareto-optimal outcome is a fixed point: no stationary agreement exists.
    #[error(
        "no stationary alternating-offers agreement: the proposers' round cycles with \
         period {period} on this discrete space (the finite-horizon agreements never \
         settle); last round: {}",
        Round(last_round)
    )]
    Cycle {
        /// Rounds before the state repeats.
        period: usize,
        /// Every proposer's offer in the last round, in proposing order.
        last_round: Vec<RoundOffer>,
    },
    /// On a space with continuous issues, the continuation values stopped converging
    /// with a step above the engine's accuracy.
    #[error(
        "no stationary alternating-offers agreement: the continuation values do not \
         settle: after {cycles} cycles the step is still {step:e}"
    )]
    Stalled {
        /// Rounds iterated.
        cycles: usize,
        /// The last step `max_k |T(c)_k - c_k|`.
        step: f64,
    },
    /// A proposer has no offer that every other seated actor accepts, after the first
    /// round: the continuation values sit on the individual-rationality bound, a
    /// numerical corner.
    #[error(
        "no stationary alternating-offers agreement: a proposer has no offer that every \
         other seated actor accepts (numerical: the continuation values sit on the \
         individual rationality bound)"
    )]
    NoAcceptableOffer,
}

/// One proposer's offer in a reported round.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundOffer {
    /// The proposer's actor id.
    pub proposer: String,
    /// The offered outcome as (issue id, option label or number) pairs, in file order.
    pub terms: Vec<(String, String)>,
}

impl fmt::Display for RoundOffer {
    /// `a0 offers p0=o4 p1=o0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} offers", self.proposer)?;
        for (issue, value) in &self.terms {
            write!(f, " {issue}={value}")?;
        }
        Ok(())
    }
}

/// A round written as `a0 offers ...; a1 offers ...`.
struct Round<'a>(&'a [RoundOffer]);

impl fmt::Display for Round<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, offer) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, "; ")?;
            }
            write!(f, "{offer}")?;
        }
        Ok(())
    }
}
