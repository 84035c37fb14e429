//! The bargaining parameters once leverage levels are fixed: d, alpha and delta per
//! actor, always valid.

use super::leverage::shift_patience;
use super::Scenario;
use crate::error::{Error, Input, InputError, Problem, Result};

/// The bargaining parameters of every actor once leverage values are fixed: the
/// disagreement point d, the powers alpha and the discount factors delta, all indexed
/// by actor in file order.
///
/// Always valid: every d is finite, every alpha positive and finite, every delta in
/// (0, 1). Every way to make or change one checks this, so solvers never meet a NaN.
///
/// ```
/// use detente::{Error, Situation};
///
/// let mut s = Situation::new(vec![0.0, 0.1], vec![1.0, 2.0], vec![0.9, 0.95])?;
/// s.set_power(1, 3.0)?;
/// assert_eq!(s.power(), &[1.0, 3.0]);
/// assert!(s.set_patience(0, 1.0).is_err());
/// assert!(Situation::new(vec![f64::NAN], vec![1.0], vec![0.9]).is_err());
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Situation {
    disagreement: Vec<f64>,
    power: Vec<f64>,
    patience: Vec<f64>,
    /// The leverage levels it was computed at (empty when made from values directly:
    /// conditional red lines then apply as at the scenario's status quo).
    levels: Vec<f64>,
}

/// Which parameter an error concerns.
#[derive(Clone, Copy)]
enum Param {
    Disagreement,
    Power,
    Patience,
}

impl Param {
    fn name(self) -> &'static str {
        match self {
            Param::Disagreement => "disagreement",
            Param::Power => "power",
            Param::Patience => "patience",
        }
    }

    /// The rule for one value: d finite and within
    /// [`MAX_UTILITY`](super::limits::MAX_UTILITY), alpha > 0 finite, delta in (0, 1).
    fn check(self, x: f64) -> std::result::Result<(), Problem> {
        use super::limits::MAX_UTILITY;
        match self {
            Param::Disagreement if !x.is_finite() => Err(Problem::NotFinite(x)),
            Param::Disagreement if x.abs() > MAX_UTILITY => Err(Problem::TooLarge {
                value: x,
                limit: MAX_UTILITY,
            }),
            Param::Disagreement => Ok(()),
            Param::Power if x > 0.0 && x.is_finite() => Ok(()),
            Param::Power => Err(Problem::OutOfRange {
                value: x,
                allowed: "(0, inf)",
            }),
            Param::Patience if x > 0.0 && x < 1.0 => Ok(()),
            Param::Patience => Err(Problem::OutOfRange {
                value: x,
                allowed: "(0, 1)",
            }),
        }
    }
}

/// A run-time input error about the parameters a caller or a leverage level
/// produced: `what` names them, `file` the scenario when they come from one.
fn input_error(file: Option<&str>, what: String, problem: Problem) -> Error {
    let e = InputError::new(Input::Situation(what), problem);
    match file {
        Some(f) => e.in_file(f),
        None => e,
    }
    .into()
}

impl Situation {
    /// A situation from per-actor values (file order).
    ///
    /// # Errors
    /// An error naming the actor's index and the parameter when the three lists differ
    /// in length, a d is not finite, an alpha is not positive and finite, or a delta
    /// lies outside (0, 1).
    pub fn new(disagreement: Vec<f64>, power: Vec<f64>, patience: Vec<f64>) -> Result<Self> {
        let n = disagreement.len();
        if power.len() != n || patience.len() != n {
            return Err(input_error(
                None,
                "situation: actors".into(),
                Problem::Other(format!(
                    "needs one disagreement, power and patience per actor, got {n}, {} and {}",
                    power.len(),
                    patience.len()
                )),
            ));
        }
        let s = Situation {
            disagreement,
            power,
            patience,
            levels: Vec::new(),
        };
        match s.first_invalid() {
            None => Ok(s),
            Some((i, param, problem)) => Err(input_error(
                None,
                format!("situation: {} of actor {i}", param.name()),
                problem,
            )),
        }
    }

    /// An empty situation, filled by [`Situation::update`].
    pub(crate) fn empty() -> Self {
        Situation {
            disagreement: Vec::new(),
            power: Vec::new(),
            patience: Vec::new(),
            levels: Vec::new(),
        }
    }

    /// The leverage levels this situation was computed at, one per variable in file
    /// order; empty for a situation made from values ([`Situation::new`]), for which
    /// conditional red lines apply as at the scenario's status quo.
    ///
    /// ```
    /// # fn main() -> detente::Result<()> {
    /// let json = r#"{"name": "l", "issues": [{"id": "x", "options": ["p", "q"]}],
    ///   "actors": [{"id": "a", "weights": {"x": 1}, "values": {"x": {"p": 0, "q": 1}}}],
    ///   "leverage": [{"id": "l", "value": 0.3, "distribution": {"uniform": [0, 1]}}]}"#;
    /// let scenario = detente::Scenario::from_json(json, "l")?;
    /// assert_eq!(scenario.situation(&[0.8])?.levels(), &[0.8]);
    /// assert_eq!(scenario.status_quo_situation().levels(), &[0.3]);
    /// let made = detente::Situation::new(vec![0.0], vec![1.0], vec![0.9])?;
    /// assert!(made.levels().is_empty());
    /// # Ok(()) }
    /// ```
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }

    /// d_i, one per actor in file order.
    pub fn disagreement(&self) -> &[f64] {
        &self.disagreement
    }

    /// alpha_i > 0, one per actor in file order.
    pub fn power(&self) -> &[f64] {
        &self.power
    }

    /// delta_i in (0, 1), one per actor in file order.
    pub fn patience(&self) -> &[f64] {
        &self.patience
    }

    /// The number of actors.
    pub fn len(&self) -> usize {
        self.disagreement.len()
    }

    /// Whether the situation has no actors.
    pub fn is_empty(&self) -> bool {
        self.disagreement.is_empty()
    }

    /// Set actor `actor`'s disagreement utility d.
    ///
    /// # Errors
    /// An error naming the actor for an index out of range or a non-finite `x`;
    /// the situation is then unchanged.
    pub fn set_disagreement(&mut self, actor: usize, x: f64) -> Result<()> {
        self.set(Param::Disagreement, actor, x)
    }

    /// Set actor `actor`'s power alpha.
    ///
    /// # Errors
    /// An error naming the actor for an index out of range or an `x` that is not
    /// positive and finite; the situation is then unchanged.
    pub fn set_power(&mut self, actor: usize, x: f64) -> Result<()> {
        self.set(Param::Power, actor, x)
    }

    /// Set actor `actor`'s discount factor delta.
    ///
    /// # Errors
    /// An error naming the actor for an index out of range or an `x` outside (0, 1);
    /// the situation is then unchanged.
    pub fn set_patience(&mut self, actor: usize, x: f64) -> Result<()> {
        self.set(Param::Patience, actor, x)
    }

    fn set(&mut self, param: Param, actor: usize, x: f64) -> Result<()> {
        let argument = || format!("situation: {} of actor {actor}", param.name());
        if actor >= self.len() {
            return Err(input_error(
                None,
                argument(),
                Problem::Unknown {
                    kind: "actor",
                    id: actor.to_string(),
                },
            ));
        }
        param
            .check(x)
            .map_err(|problem| input_error(None, argument(), problem))?;
        let values = match param {
            Param::Disagreement => &mut self.disagreement,
            Param::Power => &mut self.power,
            Param::Patience => &mut self.patience,
        };
        values[actor] = x;
        Ok(())
    }

    /// Recompute `self` in place for leverage values `levels` (one per variable, file
    /// order). Allocation-free when it succeeds, so sweeps can reuse one `Situation`
    /// per sample.
    ///
    /// # Errors
    /// An error naming the actor, the parameter and the leverage levels when the
    /// effects push a d to a non-finite value, an alpha to 0 or infinity, or a value
    /// to NaN (a custom effect, an overflowing level), or when `levels` does not hold
    /// one value per leverage variable. `self` is then reset to the scenario's status
    /// quo, so it stays valid.
    pub fn update(&mut self, scenario: &Scenario, levels: &[f64]) -> Result<()> {
        self.compute(scenario, levels)
            .map_err(|(argument, problem)| {
                self.clone_from(&scenario.status_quo);
                input_error(Some(scenario.source()), argument, problem)
            })
    }

    /// [`Situation::update`] without the reset: on failure `self` holds the invalid
    /// values and the error is what went wrong and where, in words.
    pub(crate) fn compute(
        &mut self,
        scenario: &Scenario,
        levels: &[f64],
    ) -> std::result::Result<(), (String, Problem)> {
        let leverage = scenario.leverage();
        if levels.len() != leverage.len() {
            return Err((
                "leverage levels".into(),
                Problem::WrongLength {
                    expected: leverage.len(),
                    got: levels.len(),
                },
            ));
        }
        let actors = scenario.actors();
        self.levels.clear();
        self.levels.extend_from_slice(levels);
        self.disagreement.clear();
        self.power.clear();
        self.patience.clear();
        for a in actors {
            self.disagreement.push(a.disagreement);
            self.power.push(0.0);
            self.patience.push(0.0);
        }
        for (lev, &level) in leverage.iter().zip(levels) {
            for e in &lev.effects {
                let shift = e.shift(level);
                self.disagreement[e.actor] += shift.disagreement;
                self.power[e.actor] += shift.power;
                self.patience[e.actor] += shift.patience;
            }
        }
        for (i, a) in actors.iter().enumerate() {
            self.power[i] = a.power * self.power[i].exp();
            // A non-finite shift is an error, not a patience clamped to an end.
            let shift = self.patience[i];
            self.patience[i] = if shift.is_finite() {
                shift_patience(a.patience, shift)
            } else {
                f64::NAN
            };
        }
        match self.first_invalid() {
            None => Ok(()),
            Some((i, param, problem)) => {
                Err((leverage_argument(scenario, levels, i, param), problem))
            }
        }
    }

    /// The first actor, parameter and problem that break the rules, if any.
    fn first_invalid(&self) -> Option<(usize, Param, Problem)> {
        let columns = [
            (Param::Disagreement, &self.disagreement),
            (Param::Power, &self.power),
            (Param::Patience, &self.patience),
        ];
        (0..self.len()).find_map(|i| {
            columns
                .iter()
                .find_map(|(param, values)| param.check(values[i]).err().map(|p| (i, *param, p)))
        })
    }
}

/// `power of actor ru at us_support = 2, sanctions = 0.5`: the parameter, the actor
/// and the variables that move it, at the levels that made the value invalid.
fn leverage_argument(scenario: &Scenario, levels: &[f64], actor: usize, param: Param) -> String {
    let moving: Vec<String> = scenario
        .leverage()
        .iter()
        .zip(levels)
        .filter(|(l, _)| l.effects.iter().any(|e| e.actor == actor))
        .map(|(l, level)| format!("{} = {level}", l.id))
        .collect();
    let argument = format!("{} of actor {}", param.name(), scenario.actors[actor].id);
    if moving.is_empty() {
        argument
    } else {
        format!("{argument} at {}", moving.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_must_agree() {
        assert!(Situation::new(vec![0.0], vec![1.0, 1.0], vec![0.9]).is_err());
    }

    #[test]
    fn refusals_name_the_actor_and_leave_the_situation_alone() -> Result<()> {
        let mut s = Situation::new(vec![0.0, 0.0], vec![1.0, 1.0], vec![0.9, 0.9])?;
        let e = s.set_power(1, -1.0).expect_err("negative power");
        assert_eq!(
            e.to_string(),
            "situation: power of actor 1: must lie in (0, inf), got -1"
        );
        assert!(s.set_disagreement(0, f64::INFINITY).is_err());
        assert!(s.set_patience(5, 0.5).is_err());
        assert_eq!(
            s,
            Situation::new(vec![0.0, 0.0], vec![1.0, 1.0], vec![0.9, 0.9])?
        );
        Ok(())
    }
}
