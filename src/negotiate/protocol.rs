//! Stacked alternating offers (contract §4): the run loop and what a run reports.

use serde::Serialize;

use super::agent::{Action, Agent, Move, View};
use super::{Negotiation, Strategy};
use crate::concept::Agreement;
use crate::error::{Error, Input, InputError, Problem, Result};
use crate::search::Budget;
use crate::space::Value;

/// One negotiation run: the agreement (or none), when it was reached, and how far it
/// lands from the exact answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// The actor that took step 0 (index, file order).
    pub first: usize,
    /// The agreement (outcome, every actor's utility and gain), or `None`.
    pub agreement: Option<Agreement>,
    /// The step of the last acceptance, or `None` without a deal.
    pub step: Option<usize>,
    /// Every actor's utility: at the agreement, or d_i without one.
    pub utilities: Vec<f64>,
    /// Every actor's gain u_i - d_i (all 0 without a deal).
    pub gains: Vec<f64>,
    /// Euclidean distance between the agreement's gains and the Nash agreement's over
    /// the seated actors; `None` without either.
    pub nash_distance: Option<f64>,
    /// Euclidean distance in the seated actors' utilities from the agreement to the
    /// nearest Pareto-optimal feasible outcome; `None` without a deal.
    pub pareto_distance: Option<f64>,
    /// The sum of the seated actors' utilities.
    pub welfare: f64,
    /// Every step, in order.
    pub trace: Vec<Move>,
}

impl Negotiation<'_> {
    /// Run the protocol with one agent per seated actor (seated file order), `first`
    /// (an actor index; default the first seated actor) taking step 0.
    ///
    /// # Errors
    /// [`InputError`] about [`Input::Agents`] when the number of agents is not the
    /// number of seated actors, about [`Input::FirstProposer`] when `first` is not a
    /// seated actor, about [`Input::Offer`] when an agent proposes an outcome that is
    /// not feasible or not on the grid; [`NegotiationError::RunStopped`] when the
    /// search options' time limit passes or the trace would pass their memory limit
    /// before the run ends.
    ///
    /// [`NegotiationError::RunStopped`]: crate::error::NegotiationError::RunStopped
    pub fn run(&self, agents: &mut [Box<dyn Agent>], first: Option<usize>) -> Result<Run> {
        let order = self.order(agents.len(), first)?;
        let n = order.len();
        let mut trace: Vec<Move> = Vec::new();
        let mut deal: Option<(Vec<Value>, usize)> = None;
        let mut accepted = 0;
        let budget = Budget::new(self.options().search);
        let per_move = self.scenario().issues().len() * size_of::<Value>() + size_of::<Move>();
        if self.has_outcomes() {
            for step in 0..self.deadline() {
                if budget.exhausted() {
                    let seconds = budget.seconds();
                    return Err(Error::run_stopped(
                        step,
                        self.deadline(),
                        seconds,
                        "time limit",
                    ));
                }
                if !budget.fits(((step + 1) * per_move) as u64) {
                    let seconds = budget.seconds();
                    return Err(Error::run_stopped(
                        step,
                        self.deadline(),
                        seconds,
                        "memory limit",
                    ));
                }
                let (seat, actor) = order[step % n];
                let view = View {
                    negotiation: self,
                    actor,
                    step,
                    history: &trace,
                };
                let standing = view.standing().map(|(offer, _)| offer.to_vec());
                let agent = &mut agents[seat];
                let action = match standing {
                    Some(offer) if agent.accepts(&view, &offer) => Move {
                        step,
                        actor,
                        action: Action::Accept,
                        offer,
                    },
                    _ => {
                        let offer = agent.propose(&view);
                        self.check_offer(actor, &offer)?;
                        Move {
                            step,
                            actor,
                            action: Action::Propose,
                            offer,
                        }
                    }
                };
                accepted = match action.action {
                    Action::Accept => accepted + 1,
                    Action::Propose => 0,
                };
                let offer = action.offer.clone();
                trace.push(action);
                if accepted + 1 == n {
                    deal = Some((offer, step));
                    break;
                }
            }
        }
        Ok(self.report(order[0].1, deal, trace))
    }

    /// [`Negotiation::run`] with built-in strategies, one per seated actor.
    ///
    /// # Errors
    /// As [`Negotiation::run`].
    pub fn run_strategies(&self, strategies: &[Strategy], first: Option<usize>) -> Result<Run> {
        let mut agents: Vec<Box<dyn Agent>> = strategies.iter().map(|s| s.agent()).collect();
        self.run(&mut agents, first)
    }

    /// The seated actors in turn order: (position among the seated, actor index),
    /// rotated so that `first` comes first.
    fn order(&self, agents: usize, first: Option<usize>) -> Result<Vec<(usize, usize)>> {
        let scenario = self.scenario();
        let seated = scenario.seated();
        if agents != seated.len() {
            let problem = Problem::WrongLength {
                expected: seated.len(),
                got: agents,
            };
            return Err(input(self, Input::Agents, problem));
        }
        let start = match first {
            None => 0,
            Some(f) => match seated.iter().position(|&i| i == f) {
                Some(p) => p,
                None => {
                    let name = scenario
                        .actors()
                        .get(f)
                        .map_or_else(|| f.to_string(), |a| a.id().to_string());
                    let problem = match scenario.actors().get(f) {
                        Some(_) => Problem::NotSeated(name.clone()),
                        None => Problem::Unknown {
                            kind: "actor",
                            id: name.clone(),
                        },
                    };
                    return Err(input(self, Input::FirstProposer(name), problem));
                }
            },
        };
        let n = seated.len();
        Ok((0..n)
            .map(|k| ((start + k) % n, seated[(start + k) % n]))
            .collect())
    }

    fn check_offer(&self, actor: usize, offer: &[Value]) -> Result<()> {
        if self.is_feasible(offer) {
            return Ok(());
        }
        let id = self.scenario().actors()[actor].id().to_string();
        let problem = Problem::Other(
            "the proposal is not a feasible outcome of the negotiation (one value per issue, \
             on the grid, crossing no seated actor's red line in force)"
                .into(),
        );
        Err(input(self, Input::Offer(id), problem))
    }

    fn report(&self, first: usize, deal: Option<(Vec<Value>, usize)>, trace: Vec<Move>) -> Run {
        let scenario = self.scenario();
        let seated = scenario.seated();
        let d = self.situation().disagreement();
        let welfare_of = |u: &[f64]| seated.iter().map(|&i| u[i]).sum::<f64>();
        let Some((outcome, step)) = deal else {
            return Run {
                first,
                agreement: None,
                step: None,
                utilities: d.to_vec(),
                gains: vec![0.0; d.len()],
                nash_distance: None,
                pareto_distance: None,
                welfare: welfare_of(d),
                trace,
            };
        };
        let agreement = Agreement::computed(scenario, self.situation(), outcome);
        let nash_distance = self
            .nash()
            .map(|nash| distance(seated.iter().map(|&i| agreement.gains[i] - nash.gains[i])));
        let pareto_distance = self
            .frontier()
            .iter()
            .map(|point| {
                distance(
                    seated
                        .iter()
                        .zip(point)
                        .map(|(&i, u)| agreement.utilities[i] - u),
                )
            })
            .min_by(f64::total_cmp);
        Run {
            first,
            step: Some(step),
            utilities: agreement.utilities.clone(),
            gains: agreement.gains.clone(),
            nash_distance,
            pareto_distance,
            welfare: welfare_of(&agreement.utilities),
            agreement: Some(agreement),
            trace,
        }
    }
}

/// The Euclidean norm of the differences.
fn distance(differences: impl Iterator<Item = f64>) -> f64 {
    differences.map(|x| x * x).sum::<f64>().sqrt()
}

fn input(negotiation: &Negotiation<'_>, what: Input, problem: Problem) -> Error {
    InputError::new(what, problem)
        .in_file(negotiation.scenario().source())
        .into()
}
