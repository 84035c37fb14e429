//! The agent trait: what a negotiating party decides, and what it may see when it
//! decides (contract §4): its own utility and disagreement utility, the issues and the
//! values they may take, the feasible set, the time, and the offers made so far.

use serde::Serialize;

use super::Negotiation;
use crate::space::{Issue, Value};

/// A party that negotiates under the protocol: at its step it accepts the standing
/// offer or proposes an outcome.
///
/// Outcomes are those of the scenario (one [`Value`] per issue, file order); on a
/// continuous issue a proposal must be one of the grid values [`View::values`] lists,
/// and every proposal must be feasible ([`View::is_feasible`]), or the run stops with
/// an error naming the actor. The built-in strategies ([`Strategy`](super::Strategy))
/// are implementations of this trait; see `examples/own_agent.rs` for one written
/// outside the crate.
///
/// ```
/// use detente::negotiate::{Agent, View};
/// use detente::Value;
///
/// /// Proposes its best outcome; accepts anything worth at least its outside option.
/// struct Easy;
///
/// impl Agent for Easy {
///     fn propose(&mut self, view: &View<'_>) -> Vec<Value> {
///         view.best_outcome()
///     }
///     fn accepts(&mut self, view: &View<'_>, offer: &[Value]) -> bool {
///         view.utility(offer) >= view.disagreement()
///     }
/// }
/// ```
pub trait Agent: Send {
    /// The outcome to propose: at step 0, and at a later step when the agent does not
    /// accept the standing offer.
    fn propose(&mut self, view: &View<'_>) -> Vec<Value>;

    /// Whether to accept the standing offer `offer` (made by another actor).
    fn accepts(&mut self, view: &View<'_>, offer: &[Value]) -> bool;
}

/// What happened at one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The actor proposed an outcome: the new standing offer.
    Propose,
    /// The actor accepted the standing offer.
    Accept,
}

/// One step of a run: who acted, how, and the offer concerned (the proposal, or the
/// standing offer accepted).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// The step, from 0.
    pub step: usize,
    /// The actor (index, file order).
    pub actor: usize,
    /// Proposed or accepted.
    pub action: Action,
    /// The outcome proposed or accepted (one value per issue, file order).
    pub offer: Vec<Value>,
}

/// What an agent sees at its step.
pub struct View<'a> {
    pub(super) negotiation: &'a Negotiation<'a>,
    pub(super) actor: usize,
    pub(super) step: usize,
    pub(super) history: &'a [Move],
}

impl View<'_> {
    /// The actor deciding (index, file order).
    pub fn actor(&self) -> usize {
        self.actor
    }

    /// Its id.
    pub fn id(&self) -> &str {
        self.negotiation.scenario().actors()[self.actor].id()
    }

    /// The current step, from 0.
    pub fn step(&self) -> usize {
        self.step
    }

    /// The number of steps T: the last step is T - 1.
    pub fn deadline(&self) -> usize {
        self.negotiation.deadline()
    }

    /// The time t = step / (T - 1) in [0, 1] (0 when T = 1).
    pub fn time(&self) -> f64 {
        time(self.step, self.deadline())
    }

    /// The actor's utility of an outcome.
    pub fn utility(&self, outcome: &[Value]) -> f64 {
        self.negotiation.scenario().actors()[self.actor].utility(outcome)
    }

    /// The actor's disagreement utility d_i (after leverage).
    pub fn disagreement(&self) -> f64 {
        self.negotiation.situation().disagreement()[self.actor]
    }

    /// M_i: the actor's best utility over the feasible set.
    pub fn best(&self) -> f64 {
        self.negotiation.best(self.actor)
    }

    /// The actor's best feasible outcome (ties within 1e-12 to the first in
    /// enumeration order).
    pub fn best_outcome(&self) -> Vec<Value> {
        self.negotiation.best_outcome(self.actor)
    }

    /// The feasible outcome with u_i >= `tau` (within 1e-12) and the smallest u_i, ties
    /// within 1e-12 to the first in enumeration order; `None` when none reaches `tau`.
    /// Found without enumerating the space.
    pub fn lowest_at_least(&self, tau: f64) -> Option<Vec<Value>> {
        self.negotiation.lowest_at_least(self.actor, tau)
    }

    /// Whether an outcome is one of the negotiation's: on the grid and crossing no
    /// seated actor's red line in force.
    pub fn is_feasible(&self, outcome: &[Value]) -> bool {
        self.negotiation.is_feasible(outcome)
    }

    /// The issues on the table.
    pub fn issues(&self) -> &[Issue] {
        self.negotiation.scenario().issues()
    }

    /// The values issue `k` may take: its options, or its grid if continuous.
    pub fn values(&self, k: usize) -> &[Value] {
        self.negotiation.values(k)
    }

    /// Every step so far, in order.
    pub fn history(&self) -> &[Move] {
        self.history
    }

    /// The standing offer and the actor that made it (none at step 0).
    pub fn standing(&self) -> Option<(&[Value], usize)> {
        self.history
            .iter()
            .rev()
            .find(|m| m.action == Action::Propose)
            .map(|m| (m.offer.as_slice(), m.actor))
    }
}

/// t_s = s / (T - 1), 0 when T = 1.
pub(super) fn time(step: usize, deadline: usize) -> f64 {
    if deadline <= 1 {
        0.0
    } else {
        step as f64 / (deadline - 1) as f64
    }
}
