//! A solution concept written outside the crate, through its public traits.
//!
//! `cargo run --release --example custom_concept` solves the Ukraine scenario with
//!
//! 1. the proportional solution (Kalai 1977, "Proportional solutions to bargaining
//!    situations"): the largest t with g_i >= t * p_i for every seated actor, here with
//!    claims p_i equal to the actors' powers; it is a min-ratio objective, which the
//!    engine solves exactly. The answer is checked against the Pareto frontier with
//!    the continuous issues on a grid: no grid point may do better, and the finest
//!    grid comes close.
//! 2. the asymmetric Nash objective written again, swept over 20,000 draws of the
//!    leverage variables beside the built-in Nash concept: the two summaries must be
//!    the same, byte for byte, since the sweep picks its search by the objective's
//!    shape, not by the concept's name.

use std::path::PathBuf;

use detente::concept::{maximiser, SolutionConcept};
use detente::search::{log_product, Context, Shape};
use detente::sweep::{self, SweepOptions};
use detente::{report, Concept, Engine, Objective, Scenario, Situation, Verdict};

/// The proportional solution with claims `p` (seated order).
struct Proportional(Vec<f64>);

impl Objective for Proportional {
    fn score(&self, gains: &[f64], _: &Context<'_>) -> f64 {
        gains
            .iter()
            .zip(&self.0)
            .map(|(g, p)| g / p)
            .fold(f64::INFINITY, f64::min)
    }

    fn shape<'a>(&'a self, _: &'a Context<'a>) -> Shape<'a> {
        Shape::MinRatio(&self.0)
    }
}

impl SolutionConcept for Proportional {
    fn name(&self) -> &str {
        "proportional"
    }

    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> detente::Result<Verdict> {
        maximiser(engine, situation, self)
    }

    fn objective(&self) -> Option<&dyn Objective> {
        Some(self)
    }
}

/// Asymmetric Nash bargaining, written as a researcher would: the log Nash product
/// with the situation's powers.
struct MyNash;

impl Objective for MyNash {
    fn score(&self, gains: &[f64], context: &Context<'_>) -> f64 {
        log_product(gains, context.power())
    }

    fn shape<'a>(&'a self, context: &'a Context<'a>) -> Shape<'a> {
        Shape::LogProduct(context.power())
    }
}

impl SolutionConcept for MyNash {
    fn name(&self) -> &str {
        "my-nash"
    }

    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> detente::Result<Verdict> {
        maximiser(engine, situation, self)
    }

    fn objective(&self) -> Option<&dyn Objective> {
        Some(self)
    }
}

fn main() -> detente::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scenario = Scenario::load(root.join("examples/data/ukraine_2025.json"))?;
    let situation = scenario.status_quo_situation();
    let engine = Engine::new(&scenario);
    let seated = engine.seated().to_vec();

    // 1. The proportional solution, claims = powers.
    let claims: Vec<f64> = seated.iter().map(|&i| situation.power()[i]).collect();
    let concept = Proportional(claims.clone());
    let verdict = concept.solve(&engine, &situation)?;
    let Some(agreement) = verdict.agreement() else {
        println!("proportional: no deal");
        return Ok(());
    };
    println!(
        "proportional solution (claims = powers) on {}",
        scenario.name()
    );
    for (issue, value) in scenario.issues().iter().zip(&agreement.outcome) {
        println!("  {:<18} {}", issue.id(), issue.describe(*value));
    }
    let ratio = |gains: &[f64]| {
        seated
            .iter()
            .zip(&claims)
            .map(|(&i, p)| gains[i] / p)
            .fold(f64::INFINITY, f64::min)
    };
    let t = ratio(&agreement.gains);
    for (&i, p) in seated.iter().zip(&claims) {
        let actor = &scenario.actors()[i];
        let g = agreement.gains[i];
        println!(
            "  {:<10} gain {g:.4}  claim {p:.2}  gain/claim {:.4}",
            actor.id(),
            g / p
        );
    }
    // Independent check: no Pareto-optimal outcome of the gridded scenario gives a
    // larger smallest ratio, and the grid's best is close (the exact answer may lie
    // between grid values of the continuous issues).
    let frontier = Engine::frontier(&scenario, 21, Default::default())?;
    let d = situation.disagreement();
    let best_on_frontier = frontier
        .iter()
        .map(|p| {
            let gains: Vec<f64> = p.utilities.iter().zip(d).map(|(u, d)| u - d).collect();
            ratio(&gains)
        })
        .fold(f64::NEG_INFINITY, f64::max);
    println!(
        "  t = {t:.6}; best over the {} frontier points: {best_on_frontier:.6}",
        frontier.len()
    );
    assert!(t >= best_on_frontier - 1e-9 && t - best_on_frontier < 0.01);

    // 2. The same objective as the built-in Nash concept, swept.
    let options = SweepOptions {
        samples: 20_000,
        seed: 11,
        concept: Concept::Nash,
        ..SweepOptions::default()
    };
    let builtin = sweep::run(&scenario, &options)?;
    let mine = sweep::run_concept(&scenario, &MyNash, &options, &|_| {})?;
    let mut relabelled = mine.summary().clone();
    relabelled.concept = builtin.summary().concept.clone();
    let bytes = |s: &sweep::SweepSummary| {
        serde_json::to_string_pretty(&report::Labelled::new(&scenario, s)).unwrap_or_default()
    };
    let same = bytes(builtin.summary()) == bytes(&relabelled);
    println!(
        "\nsweep of {} draws: my-nash summary equals the built-in nash summary byte for byte: {same}",
        options.samples
    );
    assert!(same, "a log-product objective must sweep exactly like Nash");
    Ok(())
}
