//! The objects `detente solve --json` and `detente frontier --json` print.

use serde::Serialize;

use super::labelled::{actor_id, Keyed, Labelled};
use crate::concept::{Concept, OffersSolution, Proposal, Verdict};
use crate::scenario::{Scenario, Situation};
use crate::search::FrontierPoint;
use crate::space::Domain;

/// The object `detente solve --json` prints: the scenario's name, the concept's, the
/// labelled [`Verdict`] (see [`Labelled`]), then the values used: `disagreement` and
/// `power` per actor (after leverage) and `leverage` (each variable's level).
/// `log_nash_product` beside the contract's `nash_product` does not underflow with
/// many actors.
///
/// [`SolveOutput::offers`] adds the alternating-offers details.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::report::SolveOutput;
/// use detente::{Concept, Engine, Scenario};
///
/// let scenario = Scenario::from_json(r#"{
///   "name": "left-or-right",
///   "issues": [{ "id": "x", "options": ["left", "right"] }],
///   "actors": [
///     { "id": "a", "weights": { "x": 1 }, "values": { "x": { "left": 1.0, "right": 0.5 } } },
///     { "id": "b", "weights": { "x": 1 }, "values": { "x": { "left": 0.25, "right": 0.75 } } }
///   ]
/// }"#, "inline")?;
/// let situation = scenario.status_quo_situation();
/// let verdict = Engine::new(&scenario).solve(Concept::Nash, &situation)?;
/// let levels = scenario.status_quo();
/// let output = SolveOutput::new(&scenario, Concept::Nash.name(), &levels, &situation, &verdict);
/// let text = serde_json::to_string(&output)?;
/// assert!(text.starts_with(r#"{"scenario":"left-or-right","concept":"nash","agreement":{"x":"right"},"utilities":{"a":0.5,"b":0.75}"#));
/// assert!(text.ends_with(r#""disagreement":{"a":0.0,"b":0.0},"power":{"a":1.0,"b":1.0},"leverage":{}}"#));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct SolveOutput<'a> {
    scenario: &'a str,
    concept: &'a str,
    #[serde(flatten)]
    verdict: Labelled<'a, Verdict>,
    disagreement: Keyed<'a, f64>,
    power: Keyed<'a, f64>,
    leverage: Keyed<'a, f64>,
    #[serde(flatten)]
    offers: Option<OffersDetails<'a>>,
}

/// What `solve --concept offers --json` adds.
#[derive(Debug, Clone, Serialize)]
struct OffersDetails<'a> {
    first: Option<&'a str>,
    patience: Keyed<'a, f64>,
    proposals: Vec<Labelled<'a, Proposal>>,
    continuation: Keyed<'a, f64>,
    iterations: usize,
    step: f64,
}

impl<'a> SolveOutput<'a> {
    /// The output for `verdict`, found by the concept named `concept` at the leverage
    /// `levels` (one per variable, file order), which gave `situation`.
    pub fn new(
        scenario: &'a Scenario,
        concept: &'a str,
        levels: &[f64],
        situation: &Situation,
        verdict: &'a Verdict,
    ) -> Self {
        SolveOutput {
            scenario: scenario.name(),
            concept,
            verdict: Labelled::new(scenario, verdict),
            disagreement: Keyed::actors(scenario, situation.disagreement()),
            power: Keyed::actors(scenario, situation.power()),
            leverage: Keyed::leverage(scenario, levels),
            offers: None,
        }
    }

    /// The output for an alternating-offers solution: [`SolveOutput::new`] with its
    /// verdict, followed by `first` (the first proposer), `patience` (delta_i after
    /// leverage), `proposals` (every seated actor's stationary offer in proposing
    /// order, labelled as [`Labelled`] shows), `continuation` (each seated actor's gain
    /// at the start of the game, the fixed point), `iterations` (cycles of the
    /// proposers' round) and `step` (the last change of the continuation values).
    pub fn offers(
        scenario: &'a Scenario,
        levels: &[f64],
        situation: &Situation,
        solution: &'a OffersSolution,
    ) -> Self {
        let details = OffersDetails {
            first: actor_id(scenario, solution.first),
            patience: Keyed::actors(scenario, situation.patience()),
            proposals: solution
                .proposals
                .iter()
                .map(|p| Labelled::new(scenario, p))
                .collect(),
            continuation: Keyed::seated(scenario, &solution.continuation),
            iterations: solution.iterations,
            step: solution.step,
        };
        SolveOutput {
            offers: Some(details),
            ..SolveOutput::new(
                scenario,
                Concept::Offers.name(),
                levels,
                situation,
                &solution.verdict,
            )
        }
    }
}

/// The object `detente frontier --json` prints: `scenario` (its name), `resolution`
/// (only when a continuous issue was traced on that many values per range) and
/// `points`, each labelled as [`Labelled`] shows for a [`FrontierPoint`].
#[derive(Debug, Clone, Serialize)]
pub struct FrontierOutput<'a> {
    scenario: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<usize>,
    points: Vec<Labelled<'a, FrontierPoint>>,
}

impl<'a> FrontierOutput<'a> {
    /// The output for `points`, traced at `resolution` values per continuous range.
    pub fn new(scenario: &'a Scenario, points: &'a [FrontierPoint], resolution: usize) -> Self {
        let continuous = scenario
            .issues()
            .iter()
            .any(|i| matches!(i.domain(), Domain::Continuous { .. }));
        FrontierOutput {
            scenario: scenario.name(),
            resolution: continuous.then_some(resolution),
            points: points.iter().map(|p| Labelled::new(scenario, p)).collect(),
        }
    }
}
