//! What a solver answers: an agreement, or no deal with the reason.

use crate::error::{Input, InputError, Problem, Result};
use crate::scenario::{Scenario, Situation};
use crate::search::{log_product, Engine};
use crate::space::Value;

/// An agreement: the chosen outcome and what it gives every actor.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Agreement {
    /// One value per issue, file order.
    pub outcome: Vec<Value>,
    /// Every actor's utility u_i (seated or not), file order.
    pub utilities: Vec<f64>,
    /// Every actor's gain u_i - d_i, file order.
    pub gains: Vec<f64>,
    /// sum_i alpha_i ln(u_i - d_i) over the seated actors.
    pub log_nash: f64,
}

impl Agreement {
    /// Build from an outcome: utilities and gains are computed from the scenario
    /// directly, independently of the search that found the outcome.
    ///
    /// # Errors
    /// [`Input::Situation`] when `situation` does not have one entry per actor, or
    /// the outcome one value per issue.
    pub fn from_outcome(
        scenario: &Scenario,
        situation: &Situation,
        outcome: Vec<Value>,
    ) -> Result<Self> {
        let sizes = [
            (
                "situation: actors",
                scenario.actors().len(),
                situation.len(),
            ),
            ("outcome: issues", scenario.issues().len(), outcome.len()),
        ];
        for (what, expected, got) in sizes {
            if expected != got {
                let problem = Problem::WrongLength { expected, got };
                return Err(InputError::new(Input::Situation(what.into()), problem)
                    .in_file(scenario.source())
                    .into());
            }
        }
        Ok(Self::computed(scenario, situation, outcome))
    }

    /// [`Agreement::from_outcome`] for sizes the engine has checked.
    pub(crate) fn computed(
        scenario: &Scenario,
        situation: &Situation,
        outcome: Vec<Value>,
    ) -> Self {
        let utilities: Vec<f64> = scenario.utilities(&outcome).collect();
        let gains: Vec<f64> = utilities
            .iter()
            .zip(situation.disagreement())
            .map(|(u, d)| u - d)
            .collect();
        let seated = scenario.seated();
        let seated_gains: Vec<f64> = seated.iter().map(|&i| gains[i]).collect();
        let seated_power: Vec<f64> = seated.iter().map(|&i| situation.power()[i]).collect();
        let log_nash = log_product(&seated_gains, &seated_power);
        Agreement {
            outcome,
            utilities,
            gains,
            log_nash,
        }
    }

    /// prod_i (u_i - d_i)^alpha_i over the seated actors.
    pub fn nash_product(&self) -> f64 {
        self.log_nash.exp()
    }
}

/// Why there is no agreement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoDeal {
    /// Red lines of seated actors leave no feasible outcome.
    NothingFeasible(String),
    /// Feasible outcomes exist, but none gives every seated actor more than its
    /// disagreement utility.
    NothingIndividuallyRational,
}

impl std::fmt::Display for NoDeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoDeal::NothingFeasible(why) => write!(f, "no feasible outcome: {why}"),
            NoDeal::NothingIndividuallyRational => {
                write!(f, "no individually rational feasible outcome")
            }
        }
    }
}

/// A solver's answer. "No deal" is an answer, not an error.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The concept selects this agreement.
    Agreement(Agreement),
    /// There is nothing to agree on; every actor keeps its disagreement utility.
    NoDeal {
        /// Why.
        reason: NoDeal,
        /// Every actor's disagreement utility d_i.
        utilities: Vec<f64>,
    },
}

impl Verdict {
    /// The agreement, if there is one.
    pub fn agreement(&self) -> Option<&Agreement> {
        match self {
            Verdict::Agreement(a) => Some(a),
            Verdict::NoDeal { .. } => None,
        }
    }

    /// Every actor's utility: under the agreement, or d_i without one.
    pub fn utilities(&self) -> &[f64] {
        match self {
            Verdict::Agreement(a) => &a.utilities,
            Verdict::NoDeal { utilities, .. } => utilities,
        }
    }

    /// Every actor's gain u_i - d_i (all 0 without a deal).
    pub fn gains(&self) -> Vec<f64> {
        match self {
            Verdict::Agreement(a) => a.gains.clone(),
            Verdict::NoDeal { utilities, .. } => vec![0.0; utilities.len()],
        }
    }

    /// The chosen value of issue `k`, if there is an agreement.
    pub fn value(&self, k: usize) -> Option<Value> {
        self.agreement().and_then(|a| a.outcome.get(k).copied())
    }

    pub(crate) fn no_deal(engine: &Engine<'_>, situation: &Situation) -> Verdict {
        let reason = match engine.infeasible_reason(situation) {
            Some(why) => NoDeal::NothingFeasible(why),
            None => NoDeal::NothingIndividuallyRational,
        };
        Verdict::NoDeal {
            reason,
            utilities: situation.disagreement().to_vec(),
        }
    }

    pub(crate) fn from_best(
        engine: &Engine<'_>,
        situation: &Situation,
        best: Option<Vec<Value>>,
    ) -> Verdict {
        match best {
            Some(outcome) => {
                Verdict::Agreement(Agreement::computed(engine.scenario(), situation, outcome))
            }
            None => Verdict::no_deal(engine, situation),
        }
    }
}
