//! Leverage: variables outside the table that move disagreement points, powers and
//! patience through their effects.
//!
//! ```text
//! d_i     = disagreement_i + sum_l e_il * L_l
//! alpha_i = power_i * exp(sum_l p_il * L_l)
//! delta_i = exp(-exp(ln(-ln patience_i) + sum_l q_il * L_l))
//! ```
//!
//! (for the built-in [`Linear`] effects; any [`Effect`] adds its own shifts).

use std::fmt;
use std::sync::Arc;

use super::dist::LeverageDist;
use super::effect::{Effect, Linear, Shift};

/// A leverage variable: its status-quo value, what a sweep samples, and its effects.
#[derive(Debug, Clone, PartialEq)]
pub struct Leverage {
    pub(crate) id: String,
    pub(crate) description: String,
    pub(crate) value: f64,
    pub(crate) distribution: LeverageDist,
    pub(crate) effects: Vec<LeverageEffect>,
}

impl Leverage {
    /// The variable's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Free-text description.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The status-quo value used by `solve` (default: the distribution's mean).
    pub fn value(&self) -> f64 {
        self.value
    }

    /// What a sweep samples.
    pub fn distribution(&self) -> &LeverageDist {
        &self.distribution
    }

    /// Its effects on the actors, in file (or builder) order.
    pub fn effects(&self) -> &[LeverageEffect] {
        &self.effects
    }
}

/// One effect of a leverage variable on one actor.
///
/// Two effects are equal when they move the same actor and are equal [`Linear`]
/// effects, or the very same custom effect (one `Arc`, as in a clone of the scenario).
#[derive(Debug, Clone, PartialEq)]
pub struct LeverageEffect {
    pub(crate) actor: usize,
    pub(crate) kind: EffectKind,
}

/// Built-in effects are kept by value: sweeps apply them without a virtual call, and
/// they compare and serialise by value.
#[derive(Clone)]
pub(crate) enum EffectKind {
    Linear(Linear),
    Custom(Arc<dyn Effect>),
}

impl LeverageEffect {
    /// Index of the actor it moves (file order).
    pub fn actor(&self) -> usize {
        self.actor
    }

    /// The effect.
    pub fn effect(&self) -> &dyn Effect {
        match &self.kind {
            EffectKind::Linear(l) => l,
            EffectKind::Custom(c) => c.as_ref(),
        }
    }

    /// The built-in effect, if this is one (custom effects have no file form).
    pub fn as_linear(&self) -> Option<&Linear> {
        match &self.kind {
            EffectKind::Linear(l) => Some(l),
            EffectKind::Custom(_) => None,
        }
    }

    /// The shift at `level`.
    pub(crate) fn shift(&self, level: f64) -> Shift {
        match &self.kind {
            EffectKind::Linear(l) => l.shift(level),
            EffectKind::Custom(c) => c.shift(level),
        }
    }
}

impl PartialEq for EffectKind {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (EffectKind::Linear(a), EffectKind::Linear(b)) => a == b,
            (EffectKind::Custom(a), EffectKind::Custom(b)) => {
                std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b))
            }
            _ => false,
        }
    }
}

impl fmt::Debug for EffectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EffectKind::Linear(l) => l.fmt(f),
            EffectKind::Custom(c) => c.fmt(f),
        }
    }
}

/// `exp(-exp(ln(-ln delta) + shift))`: moves delta inside (0, 1), a positive shift
/// making the actor less patient. Clamped away from 0 and 1 so that extreme shifts stay
/// usable as discount factors.
pub(crate) fn shift_patience(delta: f64, shift: f64) -> f64 {
    if shift == 0.0 {
        return delta;
    }
    let rate = (-delta.ln()).ln() + shift;
    (-rate.exp())
        .exp()
        .clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn patience_shift_keeps_delta_inside_the_unit_interval() {
        assert_abs_diff_eq!(shift_patience(0.9, 0.0), 0.9, epsilon = 1e-15);
        let less = shift_patience(0.9, 1.0);
        let more = shift_patience(0.9, -1.0);
        assert!(less < 0.9 && less > 0.0);
        assert!(more > 0.9 && more < 1.0);
        // ln delta scales by e^shift.
        assert_abs_diff_eq!(less.ln(), 0.9f64.ln() * 1f64.exp(), epsilon = 1e-12);
    }

    #[test]
    fn custom_effects_compare_by_identity() {
        #[derive(Debug)]
        struct Nothing;
        impl Effect for Nothing {
            fn shift(&self, _: f64) -> Shift {
                Shift::ZERO
            }
        }
        let one: Arc<dyn Effect> = Arc::new(Nothing);
        let a = EffectKind::Custom(Arc::clone(&one));
        assert_eq!(a, EffectKind::Custom(one));
        assert_ne!(a, EffectKind::Custom(Arc::new(Nothing)));
        assert_ne!(a, EffectKind::Linear(Linear::ZERO));
    }
}
