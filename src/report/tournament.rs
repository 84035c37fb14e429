//! The object `detente tournament --json` prints and its table (contract §4).

use serde::Serialize;

use super::labelled::Keyed;
use super::negotiate::{actor, seated_names, RunRecord};
use crate::negotiate::{Negotiation, Standings, StrategyStats, Tournament, TournamentRun};

/// The object `detente tournament --json` prints: `strategies` (the names as given),
/// `deadline`, `resolution` (an extra field: the grid of continuous issues), `runs`
/// (one `{"file", "first", "agents", "agreement", "step", "utilities", "gains",
/// "nash_distance", "pareto_distance", "welfare"}` per run, in the tournament's order;
/// `file` is the scenario's source, the path as given on the command line) and
/// `by_strategy` (per strategy name: `mean_utility`, `mean_gain`, `agreement_rate`,
/// `mean_nash_distance`, `mean_pareto_distance`, null for a mean over no pairs, and
/// the extra field `pairs`, the number of (run, actor) pairs averaged).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::negotiate::{Negotiation, NegotiationOptions, Tournament};
/// use detente::report::TournamentOutput;
/// use detente::Scenario;
///
/// let scenario = Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#,
///   "pie.json")?;
/// let tournament = Tournament::new(&["nash", "boulware"])?;
/// let negotiations = [Negotiation::new(&scenario, &[], NegotiationOptions::default())?];
/// let standings = tournament.play(&negotiations)?;
/// let json = serde_json::to_value(TournamentOutput::new(&negotiations, &tournament, &standings))?;
/// assert_eq!(json["strategies"], serde_json::json!(["nash", "boulware"]));
/// assert_eq!(json["runs"].as_array().map(Vec::len), Some(8));
/// assert_eq!(json["runs"][1]["file"], "pie.json");
/// assert_eq!(json["runs"][1]["agents"], serde_json::json!({"a": "nash", "b": "boulware"}));
/// // Two nash agents agree on halves at once.
/// assert_eq!(json["runs"][0]["utilities"], serde_json::json!({"a": 0.5, "b": 0.5}));
/// assert_eq!(json["by_strategy"]["nash"]["pairs"], 8);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct TournamentOutput<'a> {
    strategies: &'a [String],
    deadline: usize,
    resolution: usize,
    runs: Vec<TournamentRecord<'a>>,
    by_strategy: Keyed<'a, StrategyStats>,
}

impl<'a> TournamentOutput<'a> {
    /// The output of `standings`, which `tournament` played on `negotiations` (their
    /// deadline and resolution are the first negotiation's).
    pub fn new(
        negotiations: &'a [Negotiation<'a>],
        tournament: &'a Tournament,
        standings: &'a Standings,
    ) -> Self {
        let options = negotiations.first().map(Negotiation::options);
        TournamentOutput {
            strategies: tournament.names(),
            deadline: options.map_or(0, |o| o.deadline),
            resolution: options.map_or(0, |o| o.resolution),
            runs: standings
                .runs
                .iter()
                .filter_map(|r| TournamentRecord::new(negotiations, tournament, r))
                .collect(),
            by_strategy: tournament
                .names()
                .iter()
                .map(String::as_str)
                .zip(standings.by_strategy.iter().copied())
                .collect(),
        }
    }
}

/// One run, labelled.
#[derive(Debug, Clone, Serialize)]
struct TournamentRecord<'a> {
    file: &'a str,
    first: &'a str,
    agents: Keyed<'a, &'a str>,
    #[serde(flatten)]
    run: RunRecord<'a>,
}

impl<'a> TournamentRecord<'a> {
    /// `None` when the run's file is not among `negotiations`.
    fn new(
        negotiations: &'a [Negotiation<'a>],
        tournament: &'a Tournament,
        r: &'a TournamentRun,
    ) -> Option<Self> {
        let scenario = negotiations.get(r.file)?.scenario();
        let names = tournament.names();
        Some(TournamentRecord {
            file: scenario.source(),
            first: actor(scenario, r.run.first),
            agents: seated_names(
                scenario,
                r.strategies
                    .iter()
                    .map(|&s| names.get(s).map_or("", String::as_str)),
            ),
            run: RunRecord::new(scenario, &r.run),
        })
    }
}

/// The table `detente tournament` prints: the scenarios with their runs and deals,
/// then per strategy its pairs and means (`-` for a mean over no pairs).
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
/// let tournament = Tournament::new(&["hardliner"])?;
/// let negotiations = [Negotiation::new(&scenario, &[], NegotiationOptions::default())?];
/// let standings = tournament.play(&negotiations)?;
/// let text = detente::report::tournament_text(&negotiations, &tournament, &standings);
/// // Two hardliners never agree: no distance to show.
/// assert!(text.lines().any(|l| l.split_whitespace().eq(
///     ["hardliner", "4", "0.000000", "0.000000", "0.000000", "-", "-"]
/// )));
/// # Ok(()) }
/// ```
pub fn tournament_text(
    negotiations: &[Negotiation<'_>],
    tournament: &Tournament,
    standings: &Standings,
) -> String {
    let deadline = negotiations.first().map_or(0, Negotiation::deadline);
    let mut s = format!(
        "tournament — {} strategies, {} runs, saop with a deadline of {deadline} steps\n",
        tournament.names().len(),
        standings.runs.len(),
    );
    files_table(&mut s, negotiations, standings);
    strategies_table(&mut s, tournament, standings);
    s.push_str(
        "\nmeans over the (run, actor) pairs that play each strategy; distances over those \
         with a deal\n",
    );
    s
}

/// Per scenario: its seated actors, runs and deals.
fn files_table(s: &mut String, negotiations: &[Negotiation<'_>], standings: &Standings) {
    use std::fmt::Write;
    let _ = writeln!(
        s,
        "\n  {:>6}  {:>6}  {:>6}  file",
        "seated", "runs", "deals"
    );
    for (f, negotiation) in negotiations.iter().enumerate() {
        let runs = standings.runs.iter().filter(|r| r.file == f);
        let deals = runs.clone().filter(|r| r.run.agreement.is_some()).count();
        let scenario = negotiation.scenario();
        let _ = writeln!(
            s,
            "  {:>6}  {:>6}  {:>6}  {}",
            scenario.seated().len(),
            runs.count(),
            deals,
            scenario.source()
        );
    }
}

/// Per strategy: its pairs and means, `-` for a mean over no pairs.
fn strategies_table(s: &mut String, tournament: &Tournament, standings: &Standings) {
    use std::fmt::Write;
    let names = tournament.names();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    let _ = writeln!(
        s,
        "\n  {:<width$}  {:>7}  {:>9}  {:>9}  {:>9}  {:>9}  {:>11}",
        "strategy", "pairs", "agreement", "utility", "gain", "nash dist", "pareto dist"
    );
    let show = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| format!("{x:.6}"));
    for (name, st) in names.iter().zip(&standings.by_strategy) {
        let _ = writeln!(
            s,
            "  {name:<width$}  {:>7}  {:>9}  {:>9}  {:>9}  {:>9}  {:>11}",
            st.pairs,
            show(st.agreement_rate),
            show(st.mean_utility),
            show(st.mean_gain),
            show(st.mean_nash_distance),
            show(st.mean_pareto_distance),
        );
    }
}
