//! A negotiation built in code, without a scenario file.
//!
//! `cargo run --release --example build_in_code` builds a two-party ceasefire with an
//! observer and one leverage variable, solves it with every concept, writes it as JSON
//! to the temporary folder, reads it back and checks that every answer is the same.

use detente::scenario::{ActorSpec, IssueSpec, LeverageDist, LeverageSpec, Linear, RedLineSpec};
use detente::{Concept, Engine, Scenario, Verdict};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scenario = Scenario::builder("ceasefire")
        .description("two parties, an observer, and outside support for the east")
        .issue(IssueSpec::discrete(
            "alliance",
            ["member", "deferred", "neutral"],
        ))
        .issue(IssueSpec::continuous("aid", 0.0, 100.0).description("reconstruction aid, bn"))
        .actor(
            ActorSpec::new("east")
                .patience(0.9)
                .weight("alliance", 2.0)
                .weight("aid", 1.0)
                .values(
                    "alliance",
                    [("member", 1.0), ("deferred", 0.6), ("neutral", 0.0)],
                )
                .curve("aid", [(0.0, 0.0), (40.0, 0.8), (100.0, 1.0)])
                .red_line(RedLineSpec::options("alliance", ["neutral"])),
        )
        .actor(
            ActorSpec::new("west")
                .power(1.5)
                .disagreement(0.1)
                .weight("alliance", 1.0)
                .weight("aid", 1.0)
                .values(
                    "alliance",
                    [("member", 0.0), ("deferred", 0.5), ("neutral", 1.0)],
                )
                .curve("aid", [(0.0, 1.0), (100.0, 0.0)]),
        )
        .actor(
            ActorSpec::new("observer")
                .seated(false)
                .weight("aid", 1.0)
                .curve("aid", [(0.0, 0.0), (100.0, 1.0)]),
        )
        .leverage(
            LeverageSpec::new("support")
                .value(0.5)
                .distribution(LeverageDist::beta(2.0, 2.0)?)
                .effect(
                    "east",
                    Linear {
                        disagreement: 0.2,
                        ..Linear::ZERO
                    },
                ),
        )
        .build()?;

    let answers = solve_all(&scenario)?;
    for (concept, verdict) in Concept::ALL.iter().zip(&answers) {
        print!("{:<12}", concept.name());
        match verdict.agreement() {
            Some(a) => {
                for (issue, &x) in scenario.issues().iter().zip(&a.outcome) {
                    print!(" {}={:<10}", issue.id(), issue.describe(x));
                }
                let gains: Vec<String> = a.gains.iter().map(|g| format!("{g:.3}")).collect();
                println!(" gains {}", gains.join(" "));
            }
            None => println!(" no deal"),
        }
    }

    let path = std::env::temp_dir().join(format!("detente-ceasefire-{}.json", std::process::id()));
    scenario.save(&path)?;
    let reloaded = Scenario::load(&path);
    std::fs::remove_file(&path)?;
    let reloaded = reloaded?;
    assert_eq!(reloaded, scenario, "the file holds the same scenario");
    assert_eq!(solve_all(&reloaded)?, answers, "and gives the same answers");
    println!(
        "saved, reloaded and solved again: the same {} answers",
        answers.len()
    );
    Ok(())
}

/// Every concept at the status quo, in [`Concept::ALL`] order.
fn solve_all(scenario: &Scenario) -> detente::Result<Vec<Verdict>> {
    let engine = Engine::new(scenario);
    let situation = scenario.status_quo_situation();
    Concept::ALL
        .iter()
        .map(|&c| engine.solve(c, &situation))
        .collect()
}
