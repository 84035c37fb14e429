//! Leverage effects: how the level of a leverage variable moves one actor's bargaining
//! parameters.
//!
//! An effect maps a level L to a [`Shift`] of the actor's disagreement utility d, its
//! power alpha and its patience delta, in the coordinates where effects add up:
//!
//! ```text
//! d_i     = disagreement_i + sum of the shifts' disagreement
//! alpha_i = power_i * exp(sum of the shifts' power)
//! delta_i = exp(-exp(ln(-ln patience_i) + sum of the shifts' patience))
//! ```
//!
//! The file's `effects` entries are [`Linear`] effects; a researcher's own effect (a
//! threshold, a saturating curve) implements [`Effect`] and enters a scenario through
//! [`LeverageSpec::custom_effect`](super::LeverageSpec::custom_effect).

use std::fmt;

/// How a leverage variable moves one actor: level -> [`Shift`].
///
/// Implementations must be pure (the same level gives the same shift) and cheap:
/// sweeps call [`Effect::shift`] once per effect and sample. A shift that makes a
/// parameter invalid (a NaN, an infinite d, a power that overflows or vanishes) is
/// reported as an error by [`Situation::update`](super::Situation::update), never
/// silently turned into "no deal".
///
/// ```
/// use detente::scenario::{Effect, Shift};
///
/// /// d jumps by `jump` once the level reaches `at`.
/// #[derive(Debug)]
/// struct Threshold { at: f64, jump: f64 }
///
/// impl Effect for Threshold {
///     fn shift(&self, level: f64) -> Shift {
///         if level >= self.at { Shift::disagreement(self.jump) } else { Shift::ZERO }
///     }
/// }
///
/// let t = Threshold { at: 0.5, jump: 0.3 };
/// assert_eq!(t.shift(0.4), Shift::ZERO);
/// assert_eq!(t.shift(0.6).disagreement, 0.3);
/// ```
pub trait Effect: fmt::Debug + Send + Sync {
    /// The shift of the actor's parameters when the variable stands at `level`.
    fn shift(&self, level: f64) -> Shift;
}

/// A change of one actor's bargaining parameters: `disagreement` is added to d,
/// `power` to ln alpha, `patience` to ln(-ln delta) (positive makes the actor less
/// patient). Shifts of several effects on one actor add up.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Shift {
    /// Added to the disagreement utility d_i.
    pub disagreement: f64,
    /// Added to ln alpha_i (alpha_i is multiplied by its exponential).
    pub power: f64,
    /// Added to ln(-ln delta_i); positive makes the actor less patient.
    pub patience: f64,
}

impl Shift {
    /// No change.
    pub const ZERO: Shift = Shift {
        disagreement: 0.0,
        power: 0.0,
        patience: 0.0,
    };

    /// A shift of the disagreement utility only.
    pub const fn disagreement(x: f64) -> Shift {
        Shift {
            disagreement: x,
            power: 0.0,
            patience: 0.0,
        }
    }

    /// A shift of ln alpha only.
    pub const fn power(x: f64) -> Shift {
        Shift {
            disagreement: 0.0,
            power: x,
            patience: 0.0,
        }
    }

    /// A shift of ln(-ln delta) only.
    pub const fn patience(x: f64) -> Shift {
        Shift {
            disagreement: 0.0,
            power: 0.0,
            patience: x,
        }
    }
}

/// The built-in effect, one entry of a file's `effects`: per unit of the level,
/// `disagreement` (e) is added to d, `power` (p) to ln alpha and `patience` (q) to
/// ln(-ln delta). Each coefficient is one of the contract's three formulas
/// (`d += e L`, `alpha *= exp(p L)`, `ln(-ln delta) += q L`); a zero coefficient
/// leaves its parameter alone.
///
/// ```
/// use detente::scenario::{Effect, Linear, Shift};
///
/// let e = Linear { disagreement: 0.2, power: -0.5, ..Linear::ZERO };
/// assert_eq!(e.shift(2.0), Shift { disagreement: 0.4, power: -1.0, patience: 0.0 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Linear {
    /// e: added to the disagreement utility per unit of the level.
    pub disagreement: f64,
    /// p: added to ln alpha per unit of the level.
    pub power: f64,
    /// q: added to ln(-ln delta) per unit of the level.
    pub patience: f64,
}

impl Linear {
    /// All coefficients zero.
    pub const ZERO: Linear = Linear {
        disagreement: 0.0,
        power: 0.0,
        patience: 0.0,
    };
}

impl Effect for Linear {
    fn shift(&self, level: f64) -> Shift {
        Shift {
            disagreement: self.disagreement * level,
            power: self.power * level,
            patience: self.patience * level,
        }
    }
}
