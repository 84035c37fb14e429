//! How the Ukraine agreement moves with US support.
//!
//! `cargo run --release --example leverage_sweep [-- OUT.svg]` sweeps `us_support` from
//! 0 to 1 in 11 steps with 2,000 draws of the other leverage variables at each (seed 7),
//! prints the option shares of the oblasts, nato, peacekeepers and resources issues and
//! each seated side's mean gain and utility per step, and writes the plot to OUT.svg
//! (default `target/leverage_sweep.svg`).

use std::path::PathBuf;

use detente::sweep::{self, Grid, IssueStats, SweepOptions};
use detente::{report, Domain, Scenario};

fn main() -> detente::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/leverage_sweep.svg"));
    let scenario = Scenario::load(root.join("examples/data/ukraine_2025.json"))?;
    let options = SweepOptions {
        samples: 2000,
        seed: 7,
        vary: Some(Grid {
            id: "us_support".into(),
            lo: 0.0,
            hi: 1.0,
            steps: 11,
        }),
        ..SweepOptions::default()
    };
    let result = sweep::run(&scenario, &options)?;
    let Some((_, entries)) = &result.summary().grid else {
        return Ok(());
    };
    for id in ["oblasts", "nato", "peacekeepers", "resources"] {
        let Some(k) = scenario.issue_index(id) else {
            continue;
        };
        let Domain::Discrete { options: labels } = scenario.issues()[k].domain() else {
            continue;
        };
        println!("\n{id}: share of deals per option");
        println!(
            "  {:>10}  {}",
            "us_support",
            labels
                .iter()
                .map(|l| format!("{l:>21}"))
                .collect::<String>()
        );
        for (v, stats) in entries {
            if let IssueStats::Shares(shares) = &stats.issues[k] {
                let cells: String = shares
                    .iter()
                    .map(|s| format!("{:>20.1}%", 100.0 * s))
                    .collect();
                println!("  {v:>10.1}  {cells}");
            }
        }
    }
    let seated = scenario.seated();
    println!("\nmean gain / mean utility of the seated sides, and the deal probability");
    print!("  {:>10}", "us_support");
    for &i in &seated {
        print!("  {:>17}", scenario.actors()[i].id());
    }
    println!("  {:>6}", "deal");
    for (v, stats) in entries {
        print!("  {v:>10.1}");
        for &i in &seated {
            let a = &stats.actors[i];
            print!("  {:>8.3} / {:>6.3}", a.mean_gain, a.mean_utility);
        }
        println!("  {:>6.3}", stats.deal_probability);
    }
    let svg = report::sweep_svg(&scenario, result.summary(), result.samples())?;
    report::write_atomically(&out, svg.as_bytes())?;
    println!("\nplot written to {}", out.display());
    Ok(())
}
