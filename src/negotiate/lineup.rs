//! Which strategy each seated actor plays, from `ID=STRATEGY` pairs (contract §4:
//! seated actors not named play `linear`).

use super::Strategy;
use crate::error::{Error, Input, Problem, Result};
use crate::scenario::Scenario;

/// The strategy of every seated actor (seated file order), with its name as given.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineup {
    /// Per seated actor: the strategy's name as given (`linear` when not named).
    pub names: Vec<String>,
    /// Per seated actor: the strategy.
    pub strategies: Vec<Strategy>,
}

impl Lineup {
    /// The lineup of `scenario`'s seated actors from `(actor id, strategy name)` pairs.
    ///
    /// ```
    /// # fn main() -> detente::Result<()> {
    /// use detente::negotiate::{Lineup, Strategy};
    /// let scenario = detente::Scenario::from_json(r#"{"name": "s",
    ///   "issues": [{"id": "x", "options": ["l", "r"]}],
    ///   "actors": [{"id": "a", "weights": {"x": 1}, "values": {"x": {"l": 1, "r": 0}}},
    ///              {"id": "b", "weights": {"x": 1}, "values": {"x": {"l": 0, "r": 1}}}]}"#, "s")?;
    /// let lineup = Lineup::new(&scenario, &[("b".into(), "boulware".into())])?;
    /// assert_eq!(lineup.names, ["linear", "boulware"]);
    /// assert_eq!(lineup.strategies, [Strategy::Time(1.0), Strategy::Time(0.2)]);
    /// assert!(Lineup::new(&scenario, &[("c".into(), "nash".into())]).is_err());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) about [`Input::Agent`] for an unknown
    /// or unseated actor, an actor named twice, or a strategy that does not parse.
    pub fn new(scenario: &Scenario, given: &[(String, String)]) -> Result<Lineup> {
        let seated = scenario.seated();
        let mut names = vec!["linear".to_string(); seated.len()];
        let mut strategies = vec![Strategy::Time(1.0); seated.len()];
        let mut named = vec![false; seated.len()];
        for (id, name) in given {
            let fail = |problem| {
                Error::input(
                    scenario.source(),
                    Input::Agent(format!("{id}={name}")),
                    problem,
                )
            };
            let Some(actor) = scenario.actor_index(id) else {
                return Err(fail(Problem::Unknown {
                    kind: "actor",
                    id: id.clone(),
                }));
            };
            let Some(seat) = seated.iter().position(|&i| i == actor) else {
                return Err(fail(Problem::Other(format!(
                    "actor '{id}' is not seated: only seated actors negotiate"
                ))));
            };
            if named[seat] {
                return Err(fail(Problem::Duplicate(id.clone())));
            }
            named[seat] = true;
            strategies[seat] = name.parse().map_err(fail)?;
            names[seat] = name.clone();
        }
        Ok(Lineup { names, strategies })
    }
}
