//! Solve a random additive scenario of a given size and report time and frontier size:
//! `cargo run --release --example random_space -- ACTORS ISSUES OPTIONS SEED`.
//!
//! With `--write FILE`, write the scenario instead, with three leverage variables that
//! move disagreement points and powers (the workload of a leverage sweep); `--options
//! 4,2,3,...` then gives each issue its own number of options (ISSUES and OPTIONS are
//! ignored). Example: `-- 4 0 0 1 --options 4,2,3,3,3,3,3,3,3 --write sweep4.json`.
//! `--plain` writes the scenario without leverage, every issue with OPTIONS options,
//! as the offers and search benches use.

use std::time::Instant;

use detente::{Concept, Engine, Scenario};
#[path = "../benches/common/mod.rs"]
mod common;

use common::{random_leverage_scenario, random_scenario};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut numbers = Vec::new();
    let (mut write, mut option_list, mut plain) = (None, None, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--write" => write = Some(args.next().ok_or("--write needs a file")?),
            "--plain" => plain = true,
            "--options" => {
                let list = args.next().ok_or("--options needs a list")?;
                let parsed: Result<Vec<usize>, _> = list.split(',').map(str::parse).collect();
                option_list = Some(parsed?);
            }
            _ => numbers.push(a.parse::<usize>()?),
        }
    }
    let (actors, issues, options, seed) = match numbers[..] {
        [a, i, o, s] => (a, i, o, s as u64),
        _ => (4, 7, 10, 1),
    };
    if let Some(path) = write {
        let options = option_list.unwrap_or_else(|| vec![options; issues]);
        let json = if plain {
            random_scenario(actors, issues, options[0], seed)
        } else {
            random_leverage_scenario(actors, &options, seed)
        };
        std::fs::write(&path, json)?;
        println!("wrote {path}");
        return Ok(());
    }
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
