//! Leverage: variables outside the table that move disagreement points, powers and
//! patience.
//!
//! ```text
//! d_i     = disagreement_i + sum_l e_il * L_l
//! alpha_i = power_i * exp(sum_l p_il * L_l)
//! delta_i = exp(-exp(ln(-ln patience_i) + sum_l q_il * L_l))
//! ```

use rand::Rng;
use rand_distr::{Bernoulli, Beta, Distribution, Normal, Uniform};

/// How a sweep draws a leverage variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LeverageDist {
    /// Always this value.
    Fixed(f64),
    /// Uniform on `[lo, hi]`, `lo < hi`.
    Uniform(f64, f64),
    /// Normal with mean and standard deviation > 0.
    Normal(f64, f64),
    /// Beta with shape parameters a, b > 0.
    Beta(f64, f64),
    /// 1 with probability p in [0, 1], else 0.
    Bernoulli(f64),
}

impl LeverageDist {
    /// The distribution's mean (the default status-quo value).
    pub fn mean(&self) -> f64 {
        match *self {
            LeverageDist::Fixed(x) => x,
            LeverageDist::Uniform(lo, hi) => 0.5 * (lo + hi),
            LeverageDist::Normal(mean, _) => mean,
            LeverageDist::Beta(a, b) => a / (a + b),
            LeverageDist::Bernoulli(p) => p,
        }
    }

    /// Draw one value. Parameters were validated with the scenario, so every
    /// constructor below succeeds; a failure would fall back to the mean.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            LeverageDist::Fixed(x) => x,
            LeverageDist::Uniform(lo, hi) => Uniform::new_inclusive(lo, hi)
                .map(|d| d.sample(rng))
                .unwrap_or(self.mean()),
            LeverageDist::Normal(mean, sd) => {
                Normal::new(mean, sd).map(|d| d.sample(rng)).unwrap_or(mean)
            }
            LeverageDist::Beta(a, b) => Beta::new(a, b)
                .map(|d| d.sample(rng))
                .unwrap_or(self.mean()),
            LeverageDist::Bernoulli(p) => Bernoulli::new(p)
                .map(|d| if d.sample(rng) { 1.0 } else { 0.0 })
                .unwrap_or(p),
        }
    }
}

/// How one leverage variable moves one actor, per unit of the variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    /// Index of the actor (file order).
    pub actor: usize,
    /// e: added to the disagreement utility.
    pub disagreement: f64,
    /// p: added to the log of the power.
    pub power: f64,
    /// q: added to ln(-ln delta); positive makes the actor less patient.
    pub patience: f64,
}

/// A leverage variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Leverage {
    pub(crate) id: String,
    pub(crate) description: String,
    pub(crate) value: f64,
    pub(crate) distribution: LeverageDist,
    pub(crate) effects: Vec<Effect>,
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

    /// Its effects on the actors.
    pub fn effects(&self) -> &[Effect] {
        &self.effects
    }
}

/// The bargaining parameters of every actor once leverage values are fixed: the
/// disagreement point d, the powers alpha and the discount factors delta, all indexed
/// by actor in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Situation {
    /// d_i.
    pub disagreement: Vec<f64>,
    /// alpha_i > 0.
    pub power: Vec<f64>,
    /// delta_i in (0, 1).
    pub patience: Vec<f64>,
}

impl Situation {
    /// d_i per actor, file order.
    pub fn disagreement(&self) -> &[f64] {
        &self.disagreement
    }

    /// alpha_i per actor, file order.
    pub fn power(&self) -> &[f64] {
        &self.power
    }

    /// delta_i per actor, file order.
    pub fn patience(&self) -> &[f64] {
        &self.patience
    }

    /// Recompute `self` in place for leverage values `levels` (one per variable, file
    /// order). Allocation-free, so sweeps can reuse one `Situation` per sample.
    pub fn update(&mut self, scenario: &super::Scenario, levels: &[f64]) {
        let actors = scenario.actors();
        self.disagreement.clear();
        self.power.clear();
        self.patience.clear();
        for a in actors {
            self.disagreement.push(a.disagreement);
            self.power.push(0.0);
            self.patience.push(0.0);
        }
        for (lev, &level) in scenario.leverage().iter().zip(levels) {
            for e in &lev.effects {
                self.disagreement[e.actor] += e.disagreement * level;
                self.power[e.actor] += e.power * level;
                self.patience[e.actor] += e.patience * level;
            }
        }
        for (i, a) in actors.iter().enumerate() {
            self.power[i] = a.power * self.power[i].exp();
            self.patience[i] = shift_patience(a.patience, self.patience[i]);
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
    fn means_match_the_families() {
        assert_abs_diff_eq!(LeverageDist::Uniform(0.0, 1.0).mean(), 0.5, epsilon = 1e-15);
        assert_abs_diff_eq!(LeverageDist::Beta(2.0, 6.0).mean(), 0.25, epsilon = 1e-15);
        assert_abs_diff_eq!(LeverageDist::Bernoulli(0.3).mean(), 0.3, epsilon = 1e-15);
    }
}
