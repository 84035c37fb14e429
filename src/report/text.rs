//! Readable text tables for the terminal.

use std::fmt::Write;

use crate::concept::Verdict;
use crate::scenario::{Family, Scenario, Situation};
use crate::search::FrontierPoint;
use crate::space::{discrete_size, Domain, Issue};
use crate::utility::{Condition, Gate, Test, Veto};

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
    let size_text = count_text(size);
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
        let _ = write!(
            s,
            "  {:<10} {:<8} power {:<5} patience {:<6} d {:<6} red lines {}",
            a.id,
            if a.seated { "seated" } else { "unseated" },
            a.power,
            a.patience,
            a.disagreement,
            a.red_lines.len()
        );
        // Lines of actors without links stay as they were.
        if !a.packages.is_empty() || !a.interactions.is_empty() {
            let _ = write!(
                s,
                ", package red lines {}, interaction terms {}",
                a.packages.len(),
                a.interactions.len()
            );
        }
        s.push('\n');
    }
    links_text(&mut s, scenario);
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

/// The linked blocks and the conditional red lines (nothing for a scenario without).
fn links_text(s: &mut String, scenario: &Scenario) {
    let blocks = scenario.linked_blocks();
    if !blocks.is_empty() {
        let _ = writeln!(s, "\nlinked issues ({} block(s))", blocks.len());
        for block in &blocks {
            let ids: Vec<&str> = block
                .iter()
                .map(|&k| scenario.issues()[k].id.as_str())
                .collect();
            let _ = writeln!(
                s,
                "  {:<30} {}",
                ids.join(", "),
                block_size(scenario.issues(), block)
            );
        }
    }
    let mut gated = Vec::new();
    for a in scenario.actors() {
        for r in &a.red_lines {
            if let Some(g) = &r.gate {
                let what = veto_text(&scenario.issues()[r.issue], &r.veto);
                gated.push((a.id.as_str(), what, g));
            }
        }
        for p in &a.packages {
            if let Some(g) = &p.gate {
                gated.push((a.id.as_str(), package_text(scenario.issues(), &p.all), g));
            }
        }
    }
    if !gated.is_empty() {
        let _ = writeln!(s, "\nconditional red lines ({})", gated.len());
        for (actor, what, gate) in gated {
            let _ = writeln!(s, "  {actor:<10} {what} if {}", gate_text(scenario, gate));
        }
    }
}

/// Joint combinations of a block's discrete issues, and how many continuous ones it has.
fn block_size(issues: &[Issue], block: &[usize]) -> String {
    let mut combinations: u128 = 1;
    let (mut discrete, mut continuous) = (0, 0);
    for &k in block {
        match &issues[k].domain {
            Domain::Discrete { options } => {
                discrete += 1;
                combinations = combinations.saturating_mul(options.len() as u128);
            }
            Domain::Continuous { .. } => continuous += 1,
        }
    }
    let combinations = count_text(combinations);
    match (discrete, continuous) {
        (_, 0) => format!("{combinations} combinations"),
        (0, c) => format!("{c} continuous"),
        (_, c) => format!("{combinations} combinations x {c} continuous"),
    }
}

/// A count of combinations, saturated at `u128::MAX` ("more than 3.4e38").
fn count_text(count: u128) -> String {
    if count == u128::MAX {
        "more than 3.4e38".to_string()
    } else {
        count.to_string()
    }
}

fn test_text(issue: &Issue, test: &Test) -> String {
    match (test, &issue.domain) {
        (Test::Options(idx), Domain::Discrete { options }) => {
            let labels: Vec<&str> = idx
                .iter()
                .filter_map(|&o| options.get(o).map(String::as_str))
                .collect();
            format!("{} in {{{}}}", issue.id, labels.join(", "))
        }
        (Test::Options(_), Domain::Continuous { .. }) => issue.id.clone(),
        (Test::Below(b), _) => format!("{} < {b}", issue.id),
        (Test::Above(a), _) => format!("{} > {a}", issue.id),
        (Test::Between(lo, hi), _) => format!("{} in [{lo}, {hi}]", issue.id),
    }
}

fn veto_text(issue: &Issue, veto: &Veto) -> String {
    match veto {
        Veto::Options(idx) => test_text(issue, &Test::Options(idx.clone())),
        Veto::Bounds { below, above } => {
            let parts: Vec<String> = below
                .map(|b| format!("{} < {b}", issue.id))
                .into_iter()
                .chain(above.map(|a| format!("{} > {a}", issue.id)))
                .collect();
            parts.join(" or ")
        }
    }
}

fn package_text(issues: &[Issue], all: &[Condition]) -> String {
    let parts: Vec<String> = all
        .iter()
        .map(|c| test_text(&issues[c.issue], &c.test))
        .collect();
    format!("all of ({})", parts.join(", "))
}

fn gate_text(scenario: &Scenario, gate: &Gate) -> String {
    let id = scenario
        .leverage()
        .get(gate.leverage)
        .map_or("?", |l| l.id.as_str());
    match gate.test {
        Test::Below(b) => format!("{id} < {b}"),
        Test::Above(a) => format!("{id} > {a}"),
        Test::Between(lo, hi) => format!("{id} in [{lo}, {hi}]"),
        Test::Options(_) => id.to_string(),
    }
}
