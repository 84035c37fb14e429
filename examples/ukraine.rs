//! The 2025 ceasefire talks over Ukraine, solved with every concept.
//!
//! `cargo run --release --example ukraine [-- FILE]` loads `examples/data/ukraine_2025.json`
//! (or FILE) through the library API, solves it at the status quo of every leverage
//! variable, and prints the agreements side by side with each actor's utility and gain.

use std::path::PathBuf;
use std::time::Instant;

use detente::{Concept, Engine, Scenario, Verdict};

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
        print!("{:>16}", c.name());
    }
    println!();
    for (k, issue) in scenario.issues().iter().enumerate() {
        print!("{:<18}", issue.id());
        for (_, v, _) in &columns {
            let cell = v
                .value(k)
                .map_or("no deal".to_string(), |x| short(&issue.describe(x)));
            print!("{cell:>16}");
        }
        println!();
    }
    println!();
    for (i, actor) in scenario.actors().iter().enumerate() {
        let seat = if actor.seated() { "" } else { " (unseated)" };
        print!("{:<18}", format!("u {}{seat}", actor.id()));
        for (_, v, _) in &columns {
            print!(
                "{:>16}",
                format!("{:.3} ({:+.3})", v.utilities()[i], v.gains()[i])
            );
        }
        println!();
    }
    print!("\n{:<18}", "solve time (ms)");
    for (_, _, ms) in &columns {
        print!("{ms:>16.2}");
    }
    println!();
    Ok(())
}

/// Numbers to three decimals, labels as they are (cut to fit a column).
fn short(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(x) => format!("{x:.3}"),
        Err(_) => s.chars().take(15).collect(),
    }
}
