//! Readable text tables for the terminal.

use std::fmt::Write;

use crate::concept::Verdict;
use crate::scenario::{Family, Scenario, Situation};
use crate::search::FrontierPoint;
use crate::space::{discrete_size, Domain};

fn width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(str::len).max().unwrap_or(0).max(5)
}

/// The table `detente solve` prints.
pub fn solve_text(
    scenario: &Scenario,
    concept: &str,
    situation: &Situation,
    verdict: &Verdict,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} — {concept}", scenario.name());
    match verdict {
        Verdict::Agreement(a) => {
            let w = width(scenario.issues().iter().map(|i| i.id.as_str()));
            let _ = writeln!(s, "\nagreement");
            for (issue, &x) in scenario.issues().iter().zip(&a.outcome) {
                let _ = writeln!(s, "  {:<w$}  {}", issue.id, issue.describe(x));
            }
        }
        Verdict::NoDeal { reason, .. } => {
            let _ = writeln!(s, "\nno agreement: {reason}");
        }
    }
    let w = width(scenario.actors().iter().map(|a| a.id.as_str()));
    let _ = writeln!(
        s,
        "\n  {:<w$}  {:>6}  {:>9}  {:>9}  {:>9}  {:>7}",
        "actor", "seated", "utility", "d", "gain", "power"
    );
    let gains = verdict.gains();
    for (i, a) in scenario.actors().iter().enumerate() {
        let _ = writeln!(
            s,
            "  {:<w$}  {:>6}  {:>9.6}  {:>9.6}  {:>9.6}  {:>7.3}",
            a.id,
            if a.seated { "yes" } else { "no" },
            verdict.utilities()[i],
            situation.disagreement()[i],
            gains[i],
            situation.power()[i],
        );
    }
    if let Some(a) = verdict.agreement() {
        let _ = writeln!(
            s,
            "\nNash product {:.6} (log {:.6})",
            a.nash_product(),
            a.log_nash
        );
    }
    s
}

/// The list `detente frontier` prints.
pub fn frontier_text(scenario: &Scenario, points: &[FrontierPoint]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} Pareto-optimal outcomes for the seated actors\n",
        scenario.name(),
        points.len()
    );
    let ids: Vec<&str> = scenario.actors().iter().map(|a| a.id.as_str()).collect();
    let _ = writeln!(
        s,
        "  {}  |  outcome",
        ids.iter()
            .map(|id| format!("{id:>9}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    for p in points {
        let us: Vec<String> = p.utilities.iter().map(|u| format!("{u:>9.4}")).collect();
        let outcome: Vec<String> = scenario
            .issues()
            .iter()
            .zip(&p.outcome)
            .map(|(i, &x)| format!("{}={}", i.id, i.describe(x)))
            .collect();
        let _ = writeln!(s, "  {}  |  {}", us.join(" "), outcome.join(" "));
    }
    s
}

/// The summary `detente check` prints.
pub fn check_text(scenario: &Scenario) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: valid scenario '{}'",
        scenario.source(),
        scenario.name()
    );
    if !scenario.description().is_empty() {
        let _ = writeln!(s, "  {}", scenario.description());
    }
    let _ = writeln!(s, "\nissues ({})", scenario.issues().len());
    for issue in scenario.issues() {
        let kind = match &issue.domain {
            Domain::Discrete { options } => {
                format!("{} options: {}", options.len(), options.join(", "))
            }
            Domain::Continuous { lo, hi } => format!("continuous [{lo}, {hi}]"),
        };
        let _ = writeln!(s, "  {:<16} {kind}", issue.id);
    }
    let size = discrete_size(scenario.issues());
    let continuous = scenario
        .issues()
        .iter()
        .filter(|i| matches!(i.domain, Domain::Continuous { .. }))
        .count();
    let size_text = if size == u128::MAX {
        "more than 3.4e38".to_string()
    } else {
        size.to_string()
    };
    let _ = writeln!(
        s,
        "  outcome space: {size_text} discrete combinations{}",
        if continuous > 0 {
            format!(" x {continuous} continuous issue(s)")
        } else {
            String::new()
        }
    );
    let _ = writeln!(s, "\nactors ({})", scenario.actors().len());
    for a in scenario.actors() {
        let _ = writeln!(
            s,
            "  {:<10} {:<8} power {:<5} patience {:<6} d {:<6} red lines {}",
            a.id,
            if a.seated { "seated" } else { "unseated" },
            a.power,
            a.patience,
            a.disagreement,
            a.red_lines.len()
        );
    }
    if !scenario.leverage().is_empty() {
        let _ = writeln!(s, "\nleverage ({})", scenario.leverage().len());
        for l in scenario.leverage() {
            let dist = match l.distribution.family() {
                Family::Fixed(x) => format!("fixed {x}"),
                Family::Uniform(a, b) => format!("uniform [{a}, {b}]"),
                Family::Normal(m, sd) => format!("normal ({m}, {sd})"),
                Family::Beta(a, b) => format!("beta ({a}, {b})"),
                Family::Bernoulli(p) => format!("bernoulli {p}"),
            };
            let _ = writeln!(
                s,
                "  {:<20} value {:<6} {dist}, {} effect(s)",
                l.id,
                l.value,
                l.effects.len()
            );
        }
    }
    s
}
