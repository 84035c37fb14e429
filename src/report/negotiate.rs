//! The object `detente negotiate --json` prints (contract §4).

use serde::Serialize;

use super::labelled::{Keyed, Label};
use crate::negotiate::{Action, Move, Run};
use crate::scenario::Scenario;

/// The object `detente negotiate --json` prints: `scenario`, `protocol` ("saop"),
/// `deadline`, `first`, `agents` (every seated actor's strategy as given), then the
/// run: `agreement` (or null), `step` (or null), `utilities`, `gains`,
/// `nash_distance`, `pareto_distance`, `welfare`, and with a trace `trace`: one
/// `{"step", "actor", "action", "offer"}` per step.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::negotiate::{Negotiation, NegotiationOptions, Strategy};
/// use detente::report::NegotiateOutput;
/// use detente::Scenario;
///
/// let scenario = Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#,
///   "pie")?;
/// let negotiation = Negotiation::new(&scenario, &[], NegotiationOptions::default())?;
/// let run = negotiation.run_strategies(&[Strategy::Nash, Strategy::Hardliner], None)?;
/// let names = ["nash".to_string(), "hardliner".to_string()];
/// let out = NegotiateOutput::new(&scenario, negotiation.deadline(), &names, &run, false);
/// let json = serde_json::to_value(&out)?;
/// // The hardliner wants all; the nash agent offers half and never accepts less.
/// assert_eq!(json["agreement"], serde_json::Value::Null);
/// assert_eq!(json["welfare"], 0.0);
/// assert_eq!(json["agents"]["b"], "hardliner");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct NegotiateOutput<'a> {
    scenario: &'a str,
    protocol: &'static str,
    deadline: usize,
    first: &'a str,
    agents: Keyed<'a, &'a str>,
    #[serde(flatten)]
    run: RunRecord<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<MoveRecord<'a>>>,
}

impl<'a> NegotiateOutput<'a> {
    /// The output of `run` on `scenario` with `deadline` steps, the seated actors
    /// playing the strategies `names` (seated file order); with its trace if `trace`.
    pub fn new(
        scenario: &'a Scenario,
        deadline: usize,
        names: &'a [String],
        run: &'a Run,
        trace: bool,
    ) -> Self {
        NegotiateOutput {
            scenario: scenario.name(),
            protocol: "saop",
            deadline,
            first: actor(scenario, run.first),
            agents: seated_names(scenario, names.iter().map(String::as_str)),
            run: RunRecord::new(scenario, run),
            trace: trace.then(|| {
                run.trace
                    .iter()
                    .map(|m| MoveRecord::new(scenario, m))
                    .collect()
            }),
        }
    }
}

/// A run's results, labelled: the fields `negotiate` and each tournament run share.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RunRecord<'a> {
    agreement: Option<Keyed<'a, Label<'a>>>,
    step: Option<usize>,
    utilities: Keyed<'a, f64>,
    gains: Keyed<'a, f64>,
    nash_distance: Option<f64>,
    pareto_distance: Option<f64>,
    welfare: f64,
}

impl<'a> RunRecord<'a> {
    pub(super) fn new(scenario: &'a Scenario, run: &'a Run) -> Self {
        RunRecord {
            agreement: run
                .agreement
                .as_ref()
                .map(|a| Keyed::outcome(scenario, &a.outcome)),
            step: run.step,
            utilities: Keyed::actors(scenario, &run.utilities),
            gains: Keyed::actors(scenario, &run.gains),
            nash_distance: run.nash_distance,
            pareto_distance: run.pareto_distance,
            welfare: run.welfare,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
struct MoveRecord<'a> {
    step: usize,
    actor: &'a str,
    action: Action,
    offer: Keyed<'a, Label<'a>>,
}

impl<'a> MoveRecord<'a> {
    fn new(scenario: &'a Scenario, m: &'a Move) -> Self {
        MoveRecord {
            step: m.step,
            actor: actor(scenario, m.actor),
            action: m.action,
            offer: Keyed::outcome(scenario, &m.offer),
        }
    }
}

pub(super) fn actor(scenario: &Scenario, i: usize) -> &str {
    scenario.actors().get(i).map_or("", |a| a.id())
}

/// `{seated actor id: name}`, the names in seated file order.
pub(super) fn seated_names<'a>(
    scenario: &'a Scenario,
    names: impl IntoIterator<Item = &'a str>,
) -> Keyed<'a, &'a str> {
    scenario
        .seated()
        .into_iter()
        .zip(names)
        .map(|(i, n)| (actor(scenario, i), n))
        .collect()
}

/// The table `detente negotiate` prints: the agents, the agreement and when it was
/// reached, every actor's utility and gain, and the distances to the exact answers.
/// With `trace`, every step is listed first.
pub fn negotiate_text(scenario: &Scenario, names: &[String], run: &Run, trace: bool) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let w = id_width(scenario);
    if trace {
        write_trace(&mut s, scenario, run, w);
    }
    let _ = writeln!(
        s,
        "{} — saop, {} first",
        scenario.name(),
        actor(scenario, run.first)
    );
    let _ = writeln!(s, "\nagents");
    for (i, name) in scenario.seated().into_iter().zip(names) {
        let _ = writeln!(s, "  {:<w$}  {name}", actor(scenario, i));
    }
    match (&run.agreement, run.step) {
        (Some(a), Some(step)) => {
            let _ = writeln!(s, "\nagreement at step {step}");
            for (issue, &x) in scenario.issues().iter().zip(&a.outcome) {
                let _ = writeln!(s, "  {:<w$}  {}", issue.id(), issue.describe(x));
            }
        }
        _ => {
            let _ = writeln!(
                s,
                "\nno agreement: every actor gets its disagreement utility"
            );
        }
    }
    let _ = writeln!(s, "\n  {:<w$}  {:>9}  {:>9}", "actor", "utility", "gain");
    for (i, a) in scenario.actors().iter().enumerate() {
        let _ = writeln!(
            s,
            "  {:<w$}  {:>9.6}  {:>9.6}",
            a.id(),
            run.utilities[i],
            run.gains[i]
        );
    }
    let show = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| format!("{x:.6}"));
    let _ = writeln!(
        s,
        "\nwelfare {:.6}; distance to the Nash agreement {}, to the Pareto frontier {}",
        run.welfare,
        show(run.nash_distance),
        show(run.pareto_distance)
    );
    s
}

/// The width of the id column: at least 12, and as wide as the longest issue or actor
/// id (`sanctions_relief`), so the values line up.
fn id_width(scenario: &Scenario) -> usize {
    let issues = scenario.issues().iter().map(|i| i.id());
    issues
        .chain(scenario.actors().iter().map(|a| a.id()))
        .map(|id| id.chars().count())
        .fold(12, usize::max)
}

/// Every step of `run`, one line each, then a blank line.
fn write_trace(s: &mut String, scenario: &Scenario, run: &Run, w: usize) {
    use std::fmt::Write;
    for m in &run.trace {
        let offer: Vec<String> = scenario
            .issues()
            .iter()
            .zip(&m.offer)
            .map(|(issue, &x)| format!("{}={}", issue.id(), issue.describe(x)))
            .collect();
        let verb = match m.action {
            Action::Propose => "proposes",
            Action::Accept => "accepts",
        };
        let _ = writeln!(
            s,
            "{:>6}  {:<w$}  {verb:<8}  {}",
            m.step,
            actor(scenario, m.actor),
            offer.join(" ")
        );
    }
    let _ = writeln!(s);
}
