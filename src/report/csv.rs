//! CSV tables: one row per sample (`sweep --out F.csv`), one row per run and seated
//! actor (`tournament --out F.csv`).

use super::labelled::Label;
use crate::error::{Error, Format, Result};
use crate::negotiate::{Negotiation, Standings, Tournament, TournamentRun};
use crate::scenario::Scenario;
use crate::space::{Issue, Value};
use crate::sweep::Samples;

/// The CSV text for every sample: a header row, then per sample its draw index
/// (`sample`, the generator stream), the varied variable's value (`grid_value`, only
/// when a grid was swept), every leverage value, every issue's agreed value (option
/// label or number; empty without a deal), every actor's `utility.ID` and `gain.ID`,
/// and `deal` (true/false). Numbers are printed in Rust's shortest round-trip form.
///
/// # Errors
/// [`ReportError::Render`](crate::error::ReportError::Render) if the CSV writer fails (it
/// writes to memory, so only on a bug).
pub fn samples_csv(scenario: &Scenario, samples: &Samples) -> Result<String> {
    let grid = (0..samples.len()).any(|s| samples.grid_value(s).is_some());
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::render(Format::Csv, e);
    let mut header: Vec<String> = vec!["sample".into()];
    if grid {
        header.push("grid_value".into());
    }
    header.extend(scenario.leverage().iter().map(|l| l.id().to_string()));
    header.extend(scenario.issues().iter().map(|i| i.id().to_string()));
    header.extend(
        scenario
            .actors()
            .iter()
            .map(|a| format!("utility.{}", a.id())),
    );
    header.extend(scenario.actors().iter().map(|a| format!("gain.{}", a.id())));
    header.push("deal".into());
    w.write_record(&header).map_err(fail)?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for s in 0..samples.len() {
        row.clear();
        row.push(samples.draw(s).to_string());
        if grid {
            row.push(
                samples
                    .grid_value(s)
                    .map_or(String::new(), |v| v.to_string()),
            );
        }
        row.extend(samples.levels(s).iter().map(f64::to_string));
        match samples.outcome(s) {
            Some(outcome) => row.extend(
                scenario
                    .issues()
                    .iter()
                    .zip(outcome)
                    .map(|(issue, &x)| label(issue, x)),
            ),
            None => row.extend(scenario.issues().iter().map(|_| String::new())),
        }
        row.extend(samples.utilities(s).iter().map(f64::to_string));
        row.extend(samples.gains(s).iter().map(f64::to_string));
        row.push(samples.deal(s).to_string());
        w.write_record(&row).map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::render(Format::Csv, e))?;
    String::from_utf8(bytes).map_err(|e| Error::render(Format::Csv, e))
}

/// An issue's value as CSV text: the option's label or the number (shortest
/// round-trip form).
fn label(issue: &Issue, x: Value) -> String {
    match Label::of(issue, x) {
        Label::Option(label) => label.to_string(),
        Label::Number(t) => t.to_string(),
        Label::Missing => String::new(),
    }
}

/// `issue=value` per issue, joined by `;`.
fn outcome_text(scenario: &Scenario, outcome: &[Value]) -> String {
    let pairs: Vec<String> = scenario
        .issues()
        .iter()
        .zip(outcome)
        .map(|(issue, &x)| format!("{}={}", issue.id(), label(issue, x)))
        .collect();
    pairs.join(";")
}

/// The header of [`tournament_csv`].
const TOURNAMENT_HEADER: [&str; 14] = [
    "file",
    "run",
    "first",
    "agents",
    "actor",
    "strategy",
    "deal",
    "step",
    "utility",
    "gain",
    "nash_distance",
    "pareto_distance",
    "welfare",
    "agreement",
];

/// The CSV text of a tournament in long form, ready for `pandas.read_csv`: a header
/// row, then one row per run and seated actor (runs in the tournament's order, actors
/// in file order), so that grouping the rows by `strategy` and averaging gives the
/// tournament's per-strategy means (empty distances read as missing and are skipped).
///
/// | column | holds |
/// | --- | --- |
/// | `file` | the scenario's source (the path as given on the command line) |
/// | `run` | the run's index in the JSON `runs` list, from 0 |
/// | `first` | the actor that took step 0 |
/// | `agents` | the whole assignment, `id=strategy` per seated actor joined by `;` |
/// | `actor`, `strategy` | this row's seated actor and the strategy it played (as given) |
/// | `deal` | `true` or `false` |
/// | `step` | the step of the last acceptance (empty without a deal) |
/// | `utility`, `gain` | this actor's u_i and u_i - d_i (d_i and 0 without a deal) |
/// | `nash_distance`, `pareto_distance`, `welfare` | the run's (empty when null) |
/// | `agreement` | `issue=value` per issue joined by `;` (empty without a deal) |
///
/// Unseated actors get no rows (their utilities are in the JSON output). Numbers are
/// printed in Rust's shortest round-trip form.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::negotiate::{Negotiation, NegotiationOptions, Tournament};
/// use detente::Scenario;
///
/// let scenario = Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#,
///   "pie.json")?;
/// let tournament = Tournament::new(&["nash"])?;
/// let negotiations = [Negotiation::new(&scenario, &[], NegotiationOptions::default())?];
/// let standings = tournament.play(&negotiations)?;
/// let csv = detente::report::tournament_csv(&negotiations, &tournament, &standings)?;
/// let rows: Vec<&str> = csv.lines().collect();
/// // A header, then 2 runs (a first, b first) of 2 seated actors each.
/// assert_eq!(rows.len(), 1 + 2 * 2);
/// assert_eq!(
///     rows[2],
///     "pie.json,0,a,a=nash;b=nash,b,nash,true,1,0.5,0.5,0,0,1,share=0.5"
/// );
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`ReportError::Render`](crate::error::ReportError::Render) if the CSV writer fails (it
/// writes to memory, so only on a bug).
pub fn tournament_csv(
    negotiations: &[Negotiation<'_>],
    tournament: &Tournament,
    standings: &Standings,
) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::render(Format::Csv, e);
    w.write_record(TOURNAMENT_HEADER).map_err(fail)?;
    for (index, r) in standings.runs.iter().enumerate() {
        let Some(negotiation) = negotiations.get(r.file) else {
            continue;
        };
        for row in tournament_rows(negotiation.scenario(), tournament, index, r) {
            w.write_record(&row).map_err(fail)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| Error::render(Format::Csv, e))?;
    String::from_utf8(bytes).map_err(|e| Error::render(Format::Csv, e))
}

/// The rows of run number `index`, one per seated actor.
fn tournament_rows(
    scenario: &Scenario,
    tournament: &Tournament,
    index: usize,
    r: &TournamentRun,
) -> Vec<[String; 14]> {
    let id = |i: usize| scenario.actors().get(i).map_or("", |a| a.id());
    let name = |s: usize| tournament.names().get(s).map_or("", String::as_str);
    let agents: Vec<String> = r
        .actors
        .iter()
        .zip(&r.strategies)
        .map(|(&i, &s)| format!("{}={}", id(i), name(s)))
        .collect();
    let agents = agents.join(";");
    let optional = |x: Option<f64>| x.map_or_else(String::new, |x| x.to_string());
    let agreement = r
        .run
        .agreement
        .as_ref()
        .map_or_else(String::new, |a| outcome_text(scenario, &a.outcome));
    let at = |xs: &[f64], i: usize| xs.get(i).map_or_else(String::new, f64::to_string);
    r.actors
        .iter()
        .zip(&r.strategies)
        .map(|(&i, &s)| {
            [
                scenario.source().to_string(),
                index.to_string(),
                id(r.run.first).to_string(),
                agents.clone(),
                id(i).to_string(),
                name(s).to_string(),
                r.run.agreement.is_some().to_string(),
                r.run.step.map_or_else(String::new, |s| s.to_string()),
                at(&r.run.utilities, i),
                at(&r.run.gains, i),
                optional(r.run.nash_distance),
                optional(r.run.pareto_distance),
                r.run.welfare.to_string(),
                agreement.clone(),
            ]
        })
        .collect()
}
