//! The 2025 Ukraine talks played by agents: the Kremlin in no hurry, a US eager for a
//! quick deal, and Kyiv between them, under stacked alternating offers (the
//! `negotiate` command's protocol), set against the axiomatic agreements.
//!
//! `cargo run --release --example ukraine_agents [-- FILE]` (default
//! `examples/data/ukraine_2025.json`; well under a second).
//!
//! Strategies, from the press analysis behind the scenario (quoted in its notes):
//! - **Russia: boulware** (`time:0.2`): "it is in no hurry to conclude the
//!   negotiations", "no incentive to make concessions until negotiations are fully
//!   underway".
//! - **The US: conceder** (`time:5`) on its own, shorter clock: "a Trump eager to take
//!   credit". The eagerness is a personal deadline, `UsClock`: the US reads its time
//!   as t = min(1, s / (T_us - 1)), so it concedes as a conceder does but over T_us
//!   steps, and after T_us it takes any deal better than none, while the talks keep
//!   their deadline T for Russia and Kyiv. Shortening T instead would rush all three
//!   sides alike, Russia's boulware included, which is not what the text says; the
//!   last table shows what it does. With T_us = T the agent is the built-in conceder
//!   (the example asserts it).
//! - **Kyiv: linear**: "a Ukraine that sees its survival in danger" cannot wait like
//!   the Kremlin (not boulware), yet Zelensky "defends the exact opposite" of Russia's
//!   terms and tries "desperate coups" rather than giving way (not a conceder): a
//!   steady concession between the two. The third table shows how much hangs on it.
//!
//! The agents' agreement is compared with the Nash, Kalai-Smorodinsky, egalitarian and
//! utilitarian agreements and the alternating-offers agreement (Russia proposing first,
//! with the scenario's patiences) at the status quo. What it shows (numbers in
//! `examples/README.md`):
//! - the agents settle late (step 98 of 100) and far from every concept: a frozen line,
//!   Crimea unresolved, an army cap of 0.3, no resources deal, full sanctions relief;
//!   0.15 from the Pareto frontier, so every side would gain from the concepts'
//!   package. Each agent reads its own utility only, and two must accept the same
//!   offer, so the deal is whichever offer near the deadline clears both targets;
//! - the US's own deadline moves nothing, from T_us = 100 down to 3: the US accepts
//!   offers from step 2 on in every case, and the deal waits for Russia's boulware
//!   target to give way. An eager side's haste matters in this protocol only when it
//!   is the last to be satisfied: the Kremlin sets the tempo;
//! - who opens, and Kyiv's stance, do move it: with the US opening, a deal at step 93
//!   close to the Nash agreement (0.085 from it); with Kyiv a conceder, the line is
//!   recognised and Kyiv's gain falls to 0.012; with Kyiv a hardliner, no deal;
//! - a shorter deadline for everyone is erratic: no deal at T = 75 or 50, a deal at
//!   T = 25.

use std::path::PathBuf;

use detente::negotiate::{Action, Agent, Negotiation, NegotiationOptions, Run, Strategy, View};
use detente::{Concept, Engine, Scenario, Value, Verdict};

/// The talks' deadline T, in steps.
const DEADLINE: usize = 100;

/// The US's own deadlines in the clock table.
const US_CLOCKS: [usize; 6] = [100, 75, 50, 25, 10, 3];

/// A time-dependent agent (target M - (M - d) t^(1/E)) that reads the time on its own
/// clock of `clock` steps: t = min(1, s / (clock - 1)).
struct UsClock {
    exponent: f64,
    clock: usize,
}

impl UsClock {
    fn target(&self, view: &View<'_>) -> f64 {
        let t = if self.clock <= 1 {
            1.0
        } else {
            (view.step() as f64 / (self.clock - 1) as f64).min(1.0)
        };
        let (m, d) = (view.best(), view.disagreement());
        m - (m - d) * t.powf(1.0 / self.exponent)
    }
}

impl Agent for UsClock {
    fn propose(&mut self, view: &View<'_>) -> Vec<Value> {
        view.lowest_at_least(self.target(view))
            .unwrap_or_else(|| view.best_outcome())
    }

    fn accepts(&mut self, view: &View<'_>, offer: &[Value]) -> bool {
        let u = view.utility(offer);
        u > view.disagreement() + 1e-12 && u >= self.target(view) - 1e-12
    }
}

/// The three seated sides' agents in file order (russia, ukraine, us), the US on a
/// clock of `us_clock` steps.
fn agents(kyiv: Strategy, us_clock: usize) -> Vec<Box<dyn Agent>> {
    vec![
        Strategy::Time(0.2).agent(),
        kyiv.agent(),
        Box::new(UsClock {
            exponent: 5.0,
            clock: us_clock,
        }),
    ]
}

fn main() -> detente::Result<()> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/ukraine_2025.json")
        });
    let scenario = Scenario::load(&path)?;
    let seated: Vec<&str> = scenario
        .seated()
        .iter()
        .map(|&i| scenario.actors()[i].id())
        .collect();
    if seated != ["russia", "ukraine", "us"] {
        println!("expects russia, ukraine and us seated, in that order; got {seated:?}");
        return Ok(());
    }
    let options = NegotiationOptions {
        deadline: DEADLINE,
        ..NegotiationOptions::default()
    };
    let negotiation = Negotiation::new(&scenario, &scenario.status_quo(), options)?;
    let linear = Strategy::Time(1.0);
    // With its clock at the talks' deadline the US agent is the built-in conceder.
    let plain =
        negotiation.run_strategies(&[Strategy::Time(0.2), linear, Strategy::Time(5.0)], None)?;
    assert_eq!(negotiation.run(&mut agents(linear, DEADLINE), None)?, plain);

    println!(
        "{}, T = {DEADLINE} steps, russia opening: russia boulware, ukraine linear, us conceder\n",
        scenario.name()
    );
    concepts_table(&scenario, &plain)?;
    clock_table(&scenario, &negotiation)?;
    kyiv_table(&scenario, &negotiation)?;
    everyone_rushed(&scenario)
}

/// One column of the comparison: a name, the outcome (or none), utilities and gains.
type Column = (String, Option<Vec<Value>>, Vec<f64>, Vec<f64>);

/// The agents' agreement next to the axiomatic ones, issue by issue, then each
/// actor's utility and gain.
fn concepts_table(scenario: &Scenario, run: &Run) -> detente::Result<()> {
    let engine = Engine::new(scenario);
    let situation = scenario.status_quo_situation();
    let outcome = run.agreement.as_ref().map(|a| a.outcome.clone());
    let mut columns: Vec<Column> = vec![(
        "agents".into(),
        outcome,
        run.utilities.clone(),
        run.gains.clone(),
    )];
    let mut verdicts: Vec<(&str, Verdict)> = Vec::new();
    for concept in [
        Concept::Nash,
        Concept::Kalai,
        Concept::Egalitarian,
        Concept::Utilitarian,
    ] {
        verdicts.push((concept.name(), engine.solve(concept, &situation)?));
    }
    let russia = scenario.actor_index("russia");
    let offers = engine.alternating_offers(&situation, russia)?.verdict;
    verdicts.push(("offers", offers));
    for (name, v) in verdicts {
        let outcome = v.agreement().map(|a| a.outcome.clone());
        columns.push((name.into(), outcome, v.utilities().to_vec(), v.gains()));
    }
    print!("{:<17}", "");
    columns.iter().for_each(|c| print!("{:>16}", c.0));
    println!();
    for (k, issue) in scenario.issues().iter().enumerate() {
        print!("{:<17}", issue.id());
        for (_, outcome, _, _) in &columns {
            let cell = outcome
                .as_ref()
                .map_or("no deal".to_string(), |x| short(&issue.describe(x[k])));
            print!("{cell:>16}");
        }
        println!();
    }
    println!();
    for (i, actor) in scenario.actors().iter().enumerate() {
        let seat = if actor.seated() { "" } else { " (out)" };
        print!("{:<17}", format!("u {}{seat}", actor.id()));
        for (_, _, u, g) in &columns {
            print!("{:>16}", format!("{:.3} ({:+.3})", u[i], g[i]));
        }
        println!();
    }
    Ok(())
}

/// How the agreement moves as the US's own deadline shortens (Russia and Kyiv keep
/// the talks' deadline).
fn clock_table(scenario: &Scenario, negotiation: &Negotiation<'_>) -> detente::Result<()> {
    println!("\nthe US's own deadline T_us (the talks' T = {DEADLINE}); gains over no deal");
    let mut rows = Vec::new();
    for clock in US_CLOCKS {
        let run = negotiation.run(&mut agents(Strategy::Time(1.0), clock), None)?;
        rows.push((clock.to_string(), run));
    }
    print_runs(scenario, "T_us", &rows);
    Ok(())
}

/// Kyiv's strategy, and who opens, the US on a clock of 25 steps.
fn kyiv_table(scenario: &Scenario, negotiation: &Negotiation<'_>) -> detente::Result<()> {
    println!("\nKyiv's strategy, and who opens (T_us = 25)");
    let mut rows = Vec::new();
    let linear = Strategy::Time(1.0);
    let cases = [
        ("linear", linear, "russia"),
        ("boulware", Strategy::Time(0.2), "russia"),
        ("conceder", Strategy::Time(5.0), "russia"),
        ("hardliner", Strategy::Hardliner, "russia"),
        ("linear", linear, "ukraine"),
        ("linear", linear, "us"),
    ];
    for (name, kyiv, first) in cases {
        let first = scenario.actor_index(first);
        let run = negotiation.run(&mut agents(kyiv, 25), first)?;
        let opener = scenario.actors()[run.first].id();
        rows.push((format!("{name}, {opener}"), run));
    }
    print_runs(scenario, "kyiv, opens", &rows);
    Ok(())
}

/// A shorter deadline for the talks as a whole rushes everyone alike.
fn everyone_rushed(scenario: &Scenario) -> detente::Result<()> {
    println!(
        "\nthe talks' deadline T shortened instead: every side on it, the US a plain conceder"
    );
    let strategies = [
        Strategy::Time(0.2),
        Strategy::Time(1.0),
        Strategy::Time(5.0),
    ];
    let mut rows = Vec::new();
    for deadline in [DEADLINE, 75, 50, 25] {
        let options = NegotiationOptions {
            deadline,
            ..NegotiationOptions::default()
        };
        let negotiation = Negotiation::new(scenario, &scenario.status_quo(), options)?;
        rows.push((
            deadline.to_string(),
            negotiation.run_strategies(&strategies, None)?,
        ));
    }
    print_runs(scenario, "T", &rows);
    Ok(())
}

/// The terms shown in the run tables.
const TERMS: [&str; 4] = ["oblasts", "army_cap", "resources", "sanctions_relief"];

/// One line per run: the step, when the US first accepted an offer, every actor's
/// gain, the main terms, the distances to the Nash agreement and the frontier.
fn print_runs(scenario: &Scenario, label: &str, rows: &[(String, Run)]) {
    let us = scenario.actor_index("us");
    print!("{label:>18} {:>5} {:>8}", "step", "us ready");
    for a in scenario.actors() {
        print!("{:>10}", format!("g {}", a.id()));
    }
    for t in TERMS {
        print!("{:>16}", t.split('_').next().unwrap_or(t));
    }
    println!("{:>9}{:>10}", "to Nash", "to Pareto");
    for (name, run) in rows {
        let step = run.step.map_or("none".to_string(), |s| s.to_string());
        let ready = run
            .trace
            .iter()
            .find(|m| Some(m.actor) == us && m.action == Action::Accept)
            .map_or("-".to_string(), |m| m.step.to_string());
        print!("{name:>18} {step:>5} {ready:>8}");
        for g in &run.gains {
            print!("{g:>10.3}");
        }
        for t in TERMS {
            let cell = match (&run.agreement, scenario.issue_index(t)) {
                (Some(a), Some(k)) => short(&scenario.issues()[k].describe(a.outcome[k])),
                _ => "-".to_string(),
            };
            print!("{cell:>16}");
        }
        let show = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.3}"));
        println!(
            "{:>9}{:>10}",
            show(run.nash_distance),
            show(run.pareto_distance)
        );
    }
}

/// Numbers to three decimals, labels as they are (cut to fit a column).
fn short(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(x) => format!("{x:.3}"),
        Err(_) => s.chars().take(15).collect(),
    }
}
