//! The 2025 ceasefire talks over Ukraine, solved with every concept.
//!
//! `cargo run --release --example ukraine [-- FILE]` loads `examples/data/ukraine_2025.json`
//! (or FILE) through the library API, solves it at the status quo of every leverage
//! variable, and prints the agreements side by side with each actor's utility and gain,
//! then how the alternating-offers agreement moves with Russia's and the United States'
//! patience (the tempo of the talks).

use std::path::PathBuf;
use std::time::Instant;

use detente::{Concept, Engine, Scenario, Situation, Verdict};

fn main() -> detente::Result<()> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/ukraine_2025.json")
        });
    let scenario = Scenario::load(&path)?;
    let situation = scenario.status_quo_situation();
    let engine = Engine::new(&scenario);

    let mut columns: Vec<(Concept, Verdict, f64)> = Vec::new();
    for concept in Concept::ALL {
        let start = Instant::now();
        let verdict = engine.solve(concept, &situation)?;
        columns.push((concept, verdict, start.elapsed().as_secs_f64() * 1e3));
    }

    println!("{}: {}\n", scenario.name(), scenario.description());
    print!("{:<18}", "");
    for (c, _, _) in &columns {
        print!("{:>19}", c.name());
    }
    println!();
    for (k, issue) in scenario.issues().iter().enumerate() {
        print!("{:<18}", issue.id());
        for (_, v, _) in &columns {
            let cell = v
                .value(k)
                .map_or("no deal".to_string(), |x| short(&issue.describe(x)));
            print!("{cell:>19}");
        }
        println!();
    }
    println!();
    for (i, actor) in scenario.actors().iter().enumerate() {
        let seat = if actor.seated() { "" } else { " (unseated)" };
        print!("{:<18}", format!("u {}{seat}", actor.id()));
        for (_, v, _) in &columns {
            print!(
                "{:>19}",
                format!("{:.3} ({:+.3})", v.utilities()[i], v.gains()[i])
            );
        }
        println!();
    }
    print!("\n{:<18}", "solve time (ms)");
    for (_, _, ms) in &columns {
        print!("{ms:>19.2}");
    }
    println!();
    tempo_table(&scenario, &engine, &situation)
}

/// The alternating-offers agreement on a grid of Russia's and the US's patience
/// (per-round discount factors), everything else at the status quo.
fn tempo_table(scenario: &Scenario, engine: &Engine<'_>, base: &Situation) -> detente::Result<()> {
    let (Some(russia), Some(us)) = (scenario.actor_index("russia"), scenario.actor_index("us"))
    else {
        return Ok(());
    };
    let seated = scenario.seated();
    let oblasts = scenario.issue_index("oblasts");
    let army = scenario.issue_index("army_cap");
    let sanctions = scenario.issue_index("sanctions_relief");
    println!("\nalternating offers, russia proposing first: gains by patience (delta)");
    print!("{:>8} {:>6}", "russia", "us");
    for &i in &seated {
        print!("{:>10}", format!("g {}", scenario.actors()[i].id()));
    }
    println!(
        "{:>17}{:>10}{:>10}{:>7}{:>8}",
        "oblasts", "army_cap", "sanctions", "iter", "ms"
    );
    for dr in [0.90, 0.95, 0.975, 0.99] {
        for du in [0.80, 0.87, 0.95] {
            let mut situation = base.clone();
            situation.set_patience(russia, dr)?;
            situation.set_patience(us, du)?;
            let start = Instant::now();
            let sol = engine.alternating_offers(&situation, Some(russia))?;
            let ms = start.elapsed().as_secs_f64() * 1e3;
            let g = sol.verdict.gains();
            print!("{dr:>8.3} {du:>6.2}");
            for &i in &seated {
                print!("{:>10.4}", g[i]);
            }
            let show = |k: Option<usize>| {
                k.and_then(|k| {
                    sol.verdict
                        .value(k)
                        .map(|x| short(&scenario.issues()[k].describe(x)))
                })
                .unwrap_or_else(|| "-".into())
            };
            println!(
                "{:>17}{:>10}{:>10}{:>7}{ms:>8.1}",
                show(oblasts),
                show(army),
                show(sanctions),
                sol.iterations
            );
        }
    }
    Ok(())
}

/// Numbers to three decimals, labels as they are (cut to fit a column).
fn short(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(x) => format!("{x:.3}"),
        Err(_) => s.chars().take(18).collect(),
    }
}
