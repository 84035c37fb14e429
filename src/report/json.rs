//! The contract's JSON output.

use serde_json::{json, Map, Value as Json};

use crate::concept::{Concept, OffersSolution, Verdict};
use crate::scenario::{Scenario, Situation};
use crate::search::FrontierPoint;
use crate::space::Value;

/// One issue's value as JSON: the option label or the number.
pub fn value_json(scenario: &Scenario, k: usize, x: Value) -> Json {
    match x {
        Value::Option(o) => match &scenario.issues()[k].domain {
            crate::space::Domain::Discrete { options } => {
                Json::String(options.get(o).cloned().unwrap_or_default())
            }
            crate::space::Domain::Continuous { .. } => Json::Null,
        },
        Value::Number(t) => number(t),
    }
}

/// `{issue id: value}` for a full outcome.
pub fn agreement_json(scenario: &Scenario, outcome: &[Value]) -> Json {
    let map: Map<String, Json> = scenario
        .issues()
        .iter()
        .zip(outcome)
        .enumerate()
        .map(|(k, (issue, &x))| (issue.id.clone(), value_json(scenario, k, x)))
        .collect();
    Json::Object(map)
}

/// `{actor id: number}` in file order.
fn per_actor(scenario: &Scenario, xs: &[f64]) -> Json {
    Json::Object(
        scenario
            .actors()
            .iter()
            .zip(xs)
            .map(|(a, &x)| (a.id.clone(), number(x)))
            .collect(),
    )
}

/// A finite number, or null.
fn number(x: f64) -> Json {
    serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number)
}

/// The object `detente solve --json` prints.
///
/// Beyond the contract's fields it carries `log_nash_product` (which does not
/// underflow with many actors), `disagreement`, `power` and `leverage` (the values used).
pub fn solve_json(
    scenario: &Scenario,
    concept: Concept,
    levels: &[f64],
    situation: &Situation,
    verdict: &Verdict,
) -> Json {
    let mut out = Map::new();
    out.insert("scenario".into(), json!(scenario.name()));
    out.insert("concept".into(), json!(concept.name()));
    match verdict {
        Verdict::Agreement(a) => {
            out.insert("agreement".into(), agreement_json(scenario, &a.outcome));
            out.insert("utilities".into(), per_actor(scenario, &a.utilities));
            out.insert("gains".into(), per_actor(scenario, &a.gains));
            out.insert("nash_product".into(), number(a.nash_product()));
            out.insert("log_nash_product".into(), number(a.log_nash));
        }
        Verdict::NoDeal { reason, utilities } => {
            out.insert("agreement".into(), Json::Null);
            out.insert("reason".into(), json!(reason.to_string()));
            out.insert("utilities".into(), per_actor(scenario, utilities));
            out.insert(
                "gains".into(),
                per_actor(scenario, &vec![0.0; utilities.len()]),
            );
            out.insert("nash_product".into(), Json::Null);
        }
    }
    out.insert(
        "disagreement".into(),
        per_actor(scenario, situation.disagreement()),
    );
    out.insert("power".into(), per_actor(scenario, situation.power()));
    out.insert(
        "leverage".into(),
        Json::Object(
            scenario
                .leverage()
                .iter()
                .zip(levels)
                .map(|(l, &x)| (l.id.clone(), number(x)))
                .collect(),
        ),
    );
    Json::Object(out)
}

/// The object `detente solve --concept offers --json` prints: [`solve_json`] with
/// the alternating-offers details added: `first` (the first proposer), `patience`
/// (delta_i after leverage), `proposals` (every seated actor's stationary offer in
/// proposing order, `{"proposer", "agreement", "utilities", "gains"}`), `continuation`
/// (each seated actor's gain at the start of the game, the fixed point), `iterations`
/// (cycles of the proposers' round) and `step` (the last change of the continuation
/// values).
pub fn solve_offers_json(
    scenario: &Scenario,
    levels: &[f64],
    situation: &Situation,
    solution: &OffersSolution,
) -> Json {
    let mut out = solve_json(
        scenario,
        Concept::Offers,
        levels,
        situation,
        &solution.verdict,
    );
    let Json::Object(map) = &mut out else {
        return out;
    };
    let actors = scenario.actors();
    let seated = scenario.seated();
    map.insert(
        "first".into(),
        json!(actors.get(solution.first).map(|a| a.id())),
    );
    map.insert("patience".into(), per_actor(scenario, situation.patience()));
    let proposals = solution
        .proposals
        .iter()
        .map(|p| {
            json!({
                "proposer": actors.get(p.proposer).map(|a| a.id()),
                "agreement": agreement_json(scenario, &p.agreement.outcome),
                "utilities": per_actor(scenario, &p.agreement.utilities),
                "gains": per_actor(scenario, &p.agreement.gains),
            })
        })
        .collect();
    map.insert("proposals".into(), Json::Array(proposals));
    let continuation: Map<String, Json> = seated
        .iter()
        .filter_map(|&i| {
            let x = solution.continuation.get(i).copied()?;
            Some((actors[i].id().to_string(), number(x)))
        })
        .collect();
    map.insert("continuation".into(), Json::Object(continuation));
    map.insert("iterations".into(), json!(solution.iterations));
    map.insert("step".into(), number(solution.step));
    out
}

/// The object `detente frontier --json` prints; `resolution` is given when a continuous
/// issue was traced on a grid.
pub fn frontier_json(
    scenario: &Scenario,
    points: &[FrontierPoint],
    resolution: Option<usize>,
) -> Json {
    let mut out = Map::new();
    out.insert("scenario".into(), json!(scenario.name()));
    if let Some(r) = resolution {
        out.insert("resolution".into(), json!(r));
    }
    out.insert(
        "points".into(),
        Json::Array(
            points
                .iter()
                .map(|p| {
                    json!({
                        "agreement": agreement_json(scenario, &p.outcome),
                        "utilities": per_actor(scenario, &p.utilities),
                    })
                })
                .collect(),
        ),
    );
    Json::Object(out)
}
