//! Solve a random additive scenario of a given size and report time and frontier size:
//! `cargo run --release --example random_space -- ACTORS ISSUES OPTIONS SEED`.

use std::time::Instant;

use detente::{Concept, Engine, Scenario};
#[path = "../benches/common/mod.rs"]
mod common;

use common::random_scenario;

fn main() -> detente::Result<()> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (actors, issues, options, seed) = match args[..] {
        [a, i, o, s] => (a, i, o, s as u64),
        _ => (4, 7, 10, 1),
    };
    let scenario = Scenario::from_json(&random_scenario(actors, issues, options, seed), "random")?;
    let situation = scenario.status_quo_situation();
    println!(
        "{actors} actors, {issues} issues x {options} options = {:.3e} outcomes",
        (options as f64).powi(issues as i32)
    );
    for concept in [Concept::Nash, Concept::Utilitarian] {
        let t = Instant::now();
        let verdict = Engine::new(&scenario).solve(concept, &situation)?;
        println!(
            "{concept}: {:.3} s, utilities {:?}",
            t.elapsed().as_secs_f64(),
            verdict.utilities()
        );
    }
    let t = Instant::now();
    let mut engine = Engine::new(&scenario);
    engine.prepare()?;
    println!(
        "full frontier: {} points in {:.3} s",
        engine.prepared_len(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
