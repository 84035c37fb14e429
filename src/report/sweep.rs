//! The sweep summary labelled for output (`sweep --json`) and as a readable text table.

use std::fmt::Write;

use serde::{Serialize, Serializer};

use super::labelled::{Keyed, Labelled};
use crate::scenario::Scenario;
use crate::space::{Domain, Issue};
use crate::sweep::{ActorStats, IssueStats, Stats, SweepSummary};

#[derive(Serialize)]
struct SweepRecord<'a> {
    scenario: &'a str,
    concept: &'a str,
    samples: u64,
    seed: u64,
    crate_version: &'a str,
    scenario_hash: Option<String>,
    total_samples: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight_noise: Option<f64>,
    #[serde(flatten)]
    overall: Labelled<'a, Stats>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid: Option<Vec<GridRecord<'a>>>,
}

#[derive(Serialize)]
struct GridRecord<'a> {
    vary: &'a str,
    value: f64,
    samples: u64,
    #[serde(flatten)]
    stats: Labelled<'a, Stats>,
}

/// The object `detente sweep --json` prints: the contract's fields in its order, plus
/// the provenance after `seed` (`crate_version`, and `scenario_hash`: the scenario's
/// [content hash](Scenario::content_hash) as 16 hexadecimal digits, null without a
/// file form), `total_samples` (draws over all grid values), `weight_noise` when set,
/// `p50` and `mean_utility` per actor, and `samples` in every grid entry.
impl Serialize for Labelled<'_, SweepSummary> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (scenario, summary) = (self.scenario(), self.value());
        let grid = summary.grid.as_ref().map(|(id, entries)| {
            entries
                .iter()
                .map(|(value, stats)| GridRecord {
                    vary: id,
                    value: *value,
                    samples: stats.samples,
                    stats: Labelled::new(scenario, stats),
                })
                .collect()
        });
        SweepRecord {
            scenario: &summary.scenario,
            concept: &summary.concept,
            samples: summary.samples,
            seed: summary.seed,
            crate_version: &summary.crate_version,
            scenario_hash: summary.scenario_hash.map(hash_hex),
            total_samples: summary.overall.samples,
            weight_noise: summary.weight_noise,
            overall: Labelled::new(scenario, &summary.overall),
            grid,
        }
        .serialize(serializer)
    }
}

#[derive(Serialize)]
struct StatsRecord<'a> {
    deal_probability: f64,
    issues: Keyed<'a, IssueRecord<'a>>,
    actors: Keyed<'a, &'a ActorStats>,
    sensitivity: Keyed<'a, Keyed<'a, f64>>,
}

/// One issue's statistics: option shares keyed by label, or the quantiles.
#[derive(Serialize)]
#[serde(untagged)]
enum IssueRecord<'a> {
    Shares {
        shares: Keyed<'a, f64>,
    },
    Continuous {
        mean: f64,
        p05: f64,
        p50: f64,
        p95: f64,
    },
    /// Statistics that do not fit the issue (none are computed so): null.
    Mismatched,
}

impl<'a> IssueRecord<'a> {
    fn new(issue: &'a Issue, stats: &IssueStats) -> Self {
        match (stats, issue.domain()) {
            (IssueStats::Shares(shares), Domain::Discrete { options }) => IssueRecord::Shares {
                shares: options
                    .iter()
                    .zip(shares)
                    .map(|(o, &x)| (o.as_str(), x))
                    .collect(),
            },
            (
                &IssueStats::Continuous {
                    mean,
                    p05,
                    p50,
                    p95,
                },
                _,
            ) => IssueRecord::Continuous {
                mean,
                p05,
                p50,
                p95,
            },
            (IssueStats::Shares(_), Domain::Continuous { .. }) => IssueRecord::Mismatched,
        }
    }
}

/// `{"deal_probability", "issues", "actors", "sensitivity"}`: issues keyed by id with
/// `{"shares": {label: share}}` or `{"mean", "p05", "p50", "p95"}`, actors keyed by id
/// with their [`ActorStats`], sensitivity as `{variable: {response: coefficient}}`.
impl Serialize for Labelled<'_, Stats> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (scenario, stats) = (self.scenario(), self.value());
        StatsRecord {
            deal_probability: stats.deal_probability,
            issues: scenario
                .issues()
                .iter()
                .zip(&stats.issues)
                .map(|(issue, s)| (issue.id(), IssueRecord::new(issue, s)))
                .collect(),
            actors: scenario
                .actors()
                .iter()
                .zip(&stats.actors)
                .map(|(a, s)| (a.id(), s))
                .collect(),
            sensitivity: stats
                .sensitivity
                .iter()
                .map(|(var, coefs)| {
                    let coefs = coefs.iter().map(|(name, b)| (name.as_str(), *b)).collect();
                    (var.as_str(), coefs)
                })
                .collect(),
        }
        .serialize(serializer)
    }
}

/// A content hash as printed: 16 lower-case hexadecimal digits.
pub(crate) fn hash_hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// The provenance line of the text table and the plot: `detente 0.1.0, scenario
/// hash 0123456789abcdef`.
pub(crate) fn provenance(summary: &SweepSummary) -> String {
    let hash = summary
        .scenario_hash
        .map_or_else(|| "none (no file form)".to_string(), hash_hex);
    format!("detente {}, scenario hash {hash}", summary.crate_version)
}

/// The table `detente sweep` prints.
pub fn sweep_text(scenario: &Scenario, summary: &SweepSummary) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} sweep, {} samples, seed {}{}",
        summary.scenario,
        summary.concept,
        summary.overall.samples,
        summary.seed,
        summary
            .weight_noise
            .map_or(String::new(), |k| format!(", weight noise K = {k}"))
    );
    let _ = writeln!(s, "{}", provenance(summary));
    stats_text(scenario, &summary.overall, &mut s);
    if let Some((id, entries)) = &summary.grid {
        let _ = writeln!(s, "\nby {id}");
        let w = 6;
        let _ = write!(
            s,
            "  {:>8}  {:>6}",
            id.chars().take(8).collect::<String>(),
            "deal"
        );
        for a in scenario.actors() {
            let _ = write!(
                s,
                "  {:>w$}",
                format!("g.{}", a.id()).chars().take(10).collect::<String>(),
                w = 10
            );
        }
        let _ = writeln!(s);
        for (v, st) in entries {
            let _ = write!(s, "  {v:>8.3}  {:>w$.3}", st.deal_probability);
            for a in &st.actors {
                let _ = write!(s, "  {:>10.4}", a.mean_gain);
            }
            let _ = writeln!(s);
        }
    }
    s
}

fn stats_text(scenario: &Scenario, st: &Stats, s: &mut String) {
    let _ = writeln!(s, "\ndeal probability {:.4}", st.deal_probability);
    let _ = writeln!(s, "\nissues (over samples with a deal)");
    for (issue, is) in scenario.issues().iter().zip(&st.issues) {
        match (is, issue.domain()) {
            (IssueStats::Shares(shares), Domain::Discrete { options }) => {
                let parts: Vec<String> = options
                    .iter()
                    .zip(shares)
                    .map(|(o, x)| format!("{o} {:.1}%", 100.0 * x))
                    .collect();
                let _ = writeln!(s, "  {:<18} {}", issue.id(), parts.join(", "));
            }
            (
                IssueStats::Continuous {
                    mean,
                    p05,
                    p50,
                    p95,
                },
                _,
            ) => {
                let _ = writeln!(
                    s,
                    "  {:<18} mean {mean:.4}  p05 {p05:.4}  p50 {p50:.4}  p95 {p95:.4}",
                    issue.id()
                );
            }
            _ => {}
        }
    }
    let _ = writeln!(
        s,
        "\n  {:<12} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "actor", "mean gain", "p05", "p50", "p95", "mean utility"
    );
    for (a, x) in scenario.actors().iter().zip(&st.actors) {
        let _ = writeln!(
            s,
            "  {:<12} {:>10.4} {:>10.4} {:>10.4} {:>10.4} {:>12.4}",
            a.id(),
            x.mean_gain,
            x.p05,
            x.p50,
            x.p95,
            x.mean_utility
        );
    }
    if !st.sensitivity.is_empty() {
        let _ = writeln!(s, "\nsensitivity (standardised regression coefficients)");
        for (var, coefs) in &st.sensitivity {
            let parts: Vec<String> = coefs.iter().map(|(n, b)| format!("{n} {b:+.3}")).collect();
            let _ = writeln!(s, "  {:<22} {}", var, parts.join("  "));
        }
    }
}
