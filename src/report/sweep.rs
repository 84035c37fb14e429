//! The sweep summary as the contract's JSON object and as a readable text table.

use std::fmt::Write;

use serde_json::{json, Map, Value as Json};

use crate::scenario::Scenario;
use crate::space::Domain;
use crate::sweep::{IssueStats, Stats, SweepSummary};

/// A finite number, or null.
fn number(x: f64) -> Json {
    serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number)
}

/// The object `detente sweep --json` prints: the contract's fields in its order, plus
/// `total_samples` (draws over all grid values), `weight_noise` when set, `p50` and
/// `mean_utility` per actor, and `samples` in every grid entry.
pub fn sweep_json(scenario: &Scenario, summary: &SweepSummary) -> Json {
    let mut out = Map::new();
    out.insert("scenario".into(), json!(summary.scenario));
    out.insert("concept".into(), json!(summary.concept));
    out.insert("samples".into(), json!(summary.samples));
    out.insert("seed".into(), json!(summary.seed));
    out.insert("total_samples".into(), json!(summary.overall.samples));
    if let Some(k) = summary.weight_noise {
        out.insert("weight_noise".into(), number(k));
    }
    stats_into(scenario, &summary.overall, &mut out);
    if let Some((id, entries)) = &summary.grid {
        let grid = entries
            .iter()
            .map(|(v, stats)| {
                let mut e = Map::new();
                e.insert("vary".into(), json!(id));
                e.insert("value".into(), number(*v));
                e.insert("samples".into(), json!(stats.samples));
                stats_into(scenario, stats, &mut e);
                Json::Object(e)
            })
            .collect();
        out.insert("grid".into(), Json::Array(grid));
    }
    Json::Object(out)
}

fn stats_into(scenario: &Scenario, stats: &Stats, out: &mut Map<String, Json>) {
    out.insert("deal_probability".into(), number(stats.deal_probability));
    let issues: Map<String, Json> = scenario
        .issues()
        .iter()
        .zip(&stats.issues)
        .map(|(issue, s)| {
            let v = match (s, issue.domain()) {
                (IssueStats::Shares(shares), Domain::Discrete { options }) => {
                    let m: Map<String, Json> = options
                        .iter()
                        .zip(shares)
                        .map(|(o, &x)| (o.clone(), number(x)))
                        .collect();
                    json!({ "shares": m })
                }
                (
                    IssueStats::Continuous {
                        mean,
                        p05,
                        p50,
                        p95,
                    },
                    _,
                ) => json!({
                    "mean": number(*mean), "p05": number(*p05),
                    "p50": number(*p50), "p95": number(*p95),
                }),
                _ => Json::Null,
            };
            (issue.id().to_string(), v)
        })
        .collect();
    out.insert("issues".into(), Json::Object(issues));
    let actors: Map<String, Json> = scenario
        .actors()
        .iter()
        .zip(&stats.actors)
        .map(|(a, s)| {
            (
                a.id().to_string(),
                json!({
                    "mean_gain": number(s.mean_gain), "p05": number(s.p05),
                    "p50": number(s.p50), "p95": number(s.p95),
                    "mean_utility": number(s.mean_utility),
                }),
            )
        })
        .collect();
    out.insert("actors".into(), Json::Object(actors));
    let sensitivity: Map<String, Json> = stats
        .sensitivity
        .iter()
        .map(|(var, coefs)| {
            let m: Map<String, Json> = coefs
                .iter()
                .map(|(name, b)| (name.clone(), number(*b)))
                .collect();
            (var.clone(), Json::Object(m))
        })
        .collect();
    out.insert("sensitivity".into(), Json::Object(sensitivity));
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
