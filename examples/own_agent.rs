//! An agent of one's own, written outside the crate with its public API only: tit for
//! tat in utility, played against every built-in strategy.
//!
//! `cargo run --release --example own_agent`
//!
//! `TitForTat` opens with its best outcome and then gives up, in its own utility, as
//! much as the other side's proposals have given it: its target is
//!
//! ```text
//! target = M - (u(the other's latest proposal) - u(the other's first proposal)),
//!          kept within [d, M]
//! ```
//!
//! so each move it concedes what the other's last move conceded (and takes back what
//! the other takes back). It proposes the outcome just at its target
//! (`View::lowest_at_least`) and accepts an offer worth at least its target and more
//! than its disagreement utility. It reads only `View::history`, `View::utility`,
//! `View::best`, `View::disagreement` and `View::lowest_at_least`: what the protocol lets
//! any agent see.
//!
//! The scenario is a small purchase (price, delivery, warranty; the buyer cares more
//! about delivery, the seller about the warranty), T = 100, the Nash agreement at
//! (0.583, 0.583). The table gives, for each seller strategy and each first mover, the
//! tit-for-tat buyer's run and, below it, a linear buyer's in the same seat. It shows
//! (numbers in `examples/README.md`):
//! - reciprocity needs a partner that moves: against a hardliner or a nash agent,
//!   whose proposals never change, tit for tat never concedes and there is no deal by
//!   the deadline (a linear buyer reaches the Nash point with the nash seller);
//! - it is hard to exploit: against a boulware, which holds out until late, it holds
//!   out too and keeps 0.683 or 0.533 where a linear buyer, conceding on the clock,
//!   gets 0.433;
//! - it gives back what it gets: a conceder's early generosity is returned at once
//!   (with the seller opening, a deal at step 7 on the Nash point, where a linear buyer
//!   waits until step 38 for 0.733), and against a linear seller it trails one price
//!   step behind (0.533 against the linear buyer's 0.583);
//! - every deal here lands on the Pareto frontier (distance 0: no warranty, two-week
//!   delivery, only the price moves); the distance to the Nash agreement says who got
//!   the better of it.

use detente::negotiate::{Action, Agent, Negotiation, NegotiationOptions, Run, Strategy, View};
use detente::{Scenario, Value};

const PURCHASE: &str = r#"{
  "name": "purchase",
  "description": "a buyer and a seller: price, delivery time and warranty",
  "issues": [
    {"id": "price", "range": [100, 200]},
    {"id": "delivery", "options": ["1_week", "2_weeks", "4_weeks"]},
    {"id": "warranty", "options": ["none", "1_year", "3_years"]}
  ],
  "actors": [
    {"id": "buyer", "disagreement": 0.25, "weights": {"price": 3, "delivery": 2, "warranty": 1},
     "values": {"price": {"points": [[100, 1], [200, 0]]},
                "delivery": {"1_week": 1, "2_weeks": 0.7, "4_weeks": 0},
                "warranty": {"none": 0, "1_year": 0.6, "3_years": 1}}},
    {"id": "seller", "disagreement": 0.25, "weights": {"price": 3, "delivery": 1, "warranty": 2},
     "values": {"price": {"points": [[100, 0], [200, 1]]},
                "delivery": {"1_week": 0, "2_weeks": 0.6, "4_weeks": 1},
                "warranty": {"none": 1, "1_year": 0.7, "3_years": 0}}}
  ]
}"#;

/// Tit for tat in utility (see the file's docs).
struct TitForTat;

impl TitForTat {
    /// M minus what the other side's proposals have conceded so far, within [d, M].
    fn target(view: &View<'_>) -> f64 {
        let me = view.actor();
        let mut theirs = view
            .history()
            .iter()
            .filter(|m| m.action == Action::Propose && m.actor != me)
            .map(|m| view.utility(&m.offer));
        let conceded = match (theirs.next(), theirs.next_back()) {
            (Some(first), Some(latest)) => latest - first,
            _ => 0.0,
        };
        let (best, d) = (view.best(), view.disagreement());
        (best - conceded).min(best).max(d)
    }
}

impl Agent for TitForTat {
    fn propose(&mut self, view: &View<'_>) -> Vec<Value> {
        view.lowest_at_least(Self::target(view))
            .unwrap_or_else(|| view.best_outcome())
    }

    fn accepts(&mut self, view: &View<'_>, offer: &[Value]) -> bool {
        let u = view.utility(offer);
        u > view.disagreement() && u >= Self::target(view) - 1e-12
    }
}

const OPPONENTS: [(&str, Strategy); 5] = [
    ("boulware", Strategy::Time(0.2)),
    ("linear", Strategy::Time(1.0)),
    ("conceder", Strategy::Time(5.0)),
    ("hardliner", Strategy::Hardliner),
    ("nash", Strategy::Nash),
];

fn main() -> detente::Result<()> {
    let scenario = Scenario::from_json(PURCHASE, "purchase")?;
    let options = NegotiationOptions {
        deadline: 100,
        ..NegotiationOptions::default()
    };
    let negotiation = Negotiation::new(&scenario, &scenario.status_quo(), options)?;
    if let Some(nash) = negotiation.nash() {
        println!(
            "{}, T = {}: the Nash agreement gives the buyer {:.3}, the seller {:.3}\n",
            scenario.description(),
            options.deadline,
            nash.utilities[0],
            nash.utilities[1]
        );
    }
    println!(
        "{:<10} {:<12} {:<7}{}  terms",
        "seller",
        "buyer",
        "first",
        Row::HEADER
    );
    for (name, strategy) in OPPONENTS {
        for first in [0, 1] {
            let mut agents: Vec<Box<dyn Agent>> = vec![Box::new(TitForTat), strategy.agent()];
            let tft = negotiation.run(&mut agents, Some(first))?;
            let linear =
                negotiation.run_strategies(&[Strategy::Time(1.0), strategy], Some(first))?;
            let mover = scenario.actors()[first].id();
            let terms = |run: &Run| terms(&scenario, run);
            println!(
                "{name:<10} {:<12} {mover:<7}{}  {}",
                "tit-for-tat",
                Row(&tft),
                terms(&tft)
            );
            println!(
                "{:<10} {:<12} {:<7}{}  {}",
                "",
                "(linear)",
                "",
                Row(&linear),
                terms(&linear)
            );
        }
    }
    Ok(())
}

/// The agreement's terms, issue by issue (`-` without one).
fn terms(scenario: &Scenario, run: &Run) -> String {
    run.agreement.as_ref().map_or_else(
        || "-".to_string(),
        |a| {
            let values = scenario.issues().iter().zip(&a.outcome);
            let words: Vec<String> = values.map(|(i, &x)| i.describe(x)).collect();
            words.join(" ")
        },
    )
}

/// One run as a table row: the step, both utilities and the two distances.
struct Row<'a>(&'a Run);

impl Row<'_> {
    const HEADER: &'static str = " step   u buyer  u seller   to Nash  to Pareto";
}

impl std::fmt::Display for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let run = self.0;
        let show = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"));
        let step = run
            .step
            .map_or_else(|| "none".to_string(), |s| s.to_string());
        write!(
            f,
            "{step:>5} {:>9.3} {:>9.3} {:>9} {:>10}",
            run.utilities[0],
            run.utilities[1],
            show(run.nash_distance),
            show(run.pareto_distance)
        )
    }
}
