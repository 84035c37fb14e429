//! A scenario as a Genius domain and linear profiles (the inverse of
//! [`import::genius`](crate::import::genius) on what Genius can express).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, FieldPath, Problem, Result};
use crate::space::{grid_value, Domain, Value};
use crate::{Actor, Scenario};

/// The options of one Genius issue: labels, and for a gridded continuous issue the
/// values they stand for.
struct Exported {
    labels: Vec<String>,
    points: Vec<Value>,
}

/// Write the domain and the profiles; see [`crate::export::genius`].
pub(crate) fn export(scenario: &Scenario, outdir: &Path, grid: usize) -> Result<Vec<PathBuf>> {
    check(scenario, grid)?;
    let issues: Vec<Exported> = scenario
        .issues()
        .iter()
        .map(|issue| match issue.domain() {
            Domain::Discrete { options } => Exported {
                labels: options.clone(),
                points: (0..options.len()).map(Value::Option).collect(),
            },
            Domain::Continuous { lo, hi } => {
                let xs: Vec<f64> = (0..grid).map(|j| grid_value(*lo, *hi, j, grid)).collect();
                Exported {
                    labels: xs.iter().map(|x| format!("{x}")).collect(),
                    points: xs.into_iter().map(Value::Number).collect(),
                }
            }
        })
        .collect();
    let profiles: Vec<String> = scenario
        .actors()
        .iter()
        .enumerate()
        .map(|(i, a)| profile(scenario, i, a, &issues))
        .collect::<Result<_>>()?;
    std::fs::create_dir_all(outdir).map_err(|e| Error::write(outdir, e))?;
    let domain_path = outdir.join(format!("{}-domain.xml", safe_name(scenario.name())));
    let mut written = vec![domain_path.clone()];
    std::fs::write(&domain_path, domain(scenario, &issues))
        .map_err(|e| Error::write(&domain_path, e))?;
    for (actor, text) in scenario.actors().iter().zip(profiles) {
        let path = outdir.join(format!("{}.xml", actor.id()));
        std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Refuse what Genius cannot express: red lines, interaction terms that depend on the
/// outcome, unseated actors, powers other than 1, leverage, ids that are no file
/// names, a grid of fewer than two points.
fn check(scenario: &Scenario, grid: usize) -> Result<()> {
    let source = scenario.source();
    let refuse = |field: FieldPath, what: &str| {
        Error::invalid(source, field, Problem::Unsupported(what.into()))
    };
    if !(2..=crate::scenario::limits::MAX_OPTIONS).contains(&grid) {
        return Err(Error::invalid(
            source,
            FieldPath::root().key("grid"),
            Problem::OutOfRange {
                value: grid as f64,
                allowed: "[2, 10000]",
            },
        ));
    }
    if !scenario.leverage().is_empty() {
        return Err(refuse(
            FieldPath::root().key("leverage"),
            "Genius has no leverage variables",
        ));
    }
    let domain_stem = format!("{}-domain", safe_name(scenario.name()));
    for (i, a) in scenario.actors().iter().enumerate() {
        let at = FieldPath::root().key("actors").index(i);
        if !a.red_lines().is_empty() || !a.packages().is_empty() {
            return Err(refuse(
                at.key("red_lines"),
                "Genius profiles have no red lines",
            ));
        }
        if let Some(j) = a.interactions().iter().position(|t| !t.when.is_empty()) {
            return Err(refuse(
                at.key("interactions").index(j),
                "Genius's linear profiles have no interaction terms (its hyper-rectangle spaces are not written)",
            ));
        }
        if !a.seated() {
            return Err(refuse(at.key("seated"), "Genius has no unseated parties"));
        }
        #[allow(clippy::float_cmp)] // the default power is exactly 1
        if a.power() != 1.0 {
            return Err(refuse(
                at.key("power"),
                "Genius has no bargaining power (only 1)",
            ));
        }
        let id = a.id();
        let bad = id.is_empty()
            || id == "."
            || id == ".."
            || id.contains(['/', '\\', '\0'])
            || id == domain_stem;
        if bad {
            return Err(refuse(
                at.key("id"),
                "the actor id must be a file name other than the domain's",
            ));
        }
    }
    Ok(())
}

/// A name usable in a file name.
fn safe_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.chars().all(|c| c == '.') {
        "scenario".into()
    } else {
        s
    }
}

fn domain(scenario: &Scenario, issues: &[Exported]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<negotiation_template>\n");
    let _ = writeln!(out, "<utility_space number_of_issues=\"{}\">", issues.len());
    let _ = writeln!(
        out,
        "<objective index=\"0\" name=\"{}\" type=\"objective\" etype=\"objective\">",
        escape(scenario.name())
    );
    for (k, (issue, ex)) in scenario.issues().iter().zip(issues).enumerate() {
        let _ = writeln!(
            out,
            "  <issue index=\"{}\" name=\"{}\" type=\"discrete\" etype=\"discrete\" vtype=\"discrete\">",
            k + 1,
            escape(issue.id())
        );
        for (j, label) in ex.labels.iter().enumerate() {
            let _ = writeln!(
                out,
                "    <item index=\"{}\" value=\"{}\"/>",
                j + 1,
                escape(label)
            );
        }
        out.push_str("  </issue>\n");
    }
    out.push_str("</objective>\n</utility_space>\n</negotiation_template>\n");
    out
}

/// One actor's profile: per issue the weight `m_k` (the largest of `w_k v_k(x)`, with
/// a constant interaction term folded into the first issue) and the evaluations
/// `w_k v_k(x) / m_k`, so that Genius's `sum_k m_k e_k` is the actor's utility.
fn profile(scenario: &Scenario, i: usize, actor: &Actor, issues: &[Exported]) -> Result<String> {
    let constant: f64 = actor
        .interactions()
        .iter()
        .map(|t| t.weight * t.value)
        .sum();
    let mut rows: Vec<(Vec<f64>, f64)> = Vec::new();
    for (k, ex) in issues.iter().enumerate() {
        let w = actor.weights()[k];
        let mut g: Vec<f64> = ex
            .points
            .iter()
            .map(|&x| {
                if w > 0.0 {
                    w * actor.valuations()[k].value(x)
                } else {
                    0.0
                }
            })
            .collect();
        if k == 0 {
            g.iter_mut().for_each(|v| *v += constant);
        }
        if let Some(v) = g.iter().find(|v| **v < 0.0) {
            let field = FieldPath::root()
                .key("actors")
                .index(i)
                .key("values")
                .key(scenario.issues()[k].id());
            return Err(Error::invalid(
                scenario.source(),
                field,
                Problem::Unsupported(format!(
                    "a negative weighted value ({v}): Genius's evaluations are not negative"
                )),
            ));
        }
        let m = g.iter().copied().fold(0.0, f64::max);
        rows.push((g, m));
    }
    let mut weights: Vec<f64> = rows.iter().map(|(_, m)| *m).collect();
    fit_under_one(&mut weights).map_err(|best| {
        Error::invalid(
            scenario.source(),
            FieldPath::root().key("actors").index(i),
            Problem::Unsupported(format!(
                "the best outcome's utility is {best} > 1, and Genius caps utilities at 1"
            )),
        )
    })?;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<utility_space>\n");
    out.push_str("<objective index=\"0\" name=\"root\" type=\"objective\" etype=\"objective\">\n");
    for (k, (ex, (g, m))) in issues.iter().zip(&rows).enumerate() {
        let _ = writeln!(out, "  <issue index=\"{}\" name=\"{}\" type=\"discrete\" etype=\"discrete\" vtype=\"discrete\">", k + 1, escape(scenario.issues()[k].id()));
        for (j, (label, v)) in ex.labels.iter().zip(g).enumerate() {
            let e = if *m > 0.0 { v / m } else { 0.0 };
            let _ = writeln!(
                out,
                "    <item index=\"{}\" value=\"{}\" evaluation=\"{}\"/>",
                j + 1,
                escape(label),
                e
            );
        }
        out.push_str("  </issue>\n");
        let _ = writeln!(
            out,
            "  <weight index=\"{}\" value=\"{}\"/>",
            k + 1,
            weights[k]
        );
    }
    out.push_str("</objective>\n");
    let _ = writeln!(out, "<reservation value=\"{}\"/>", actor.disagreement());
    let _ = writeln!(out, "<discount_factor value=\"{}\"/>", actor.patience());
    out.push_str("</utility_space>\n");
    Ok(out)
}

/// Make the weights' exact decimal sum (as written; each issue's best evaluation is
/// one) at most 1, taking a few units in the last place off the largest weight when
/// rounding alone pushed it over; `Err` with the sum when it is over 1 by more.
fn fit_under_one(weights: &mut [f64]) -> std::result::Result<(), f64> {
    use num_rational::BigRational;
    use num_traits::One;
    let exact_sum = |ws: &[f64]| -> BigRational {
        ws.iter()
            .filter_map(|w| crate::import::exact_decimal(&format!("{w}")))
            .sum()
    };
    for _ in 0..64 {
        let sum = exact_sum(weights);
        if sum <= BigRational::one() {
            return Ok(());
        }
        let over = crate::import::approx(&sum) - 1.0;
        if over > 1e-12 {
            return Err(crate::import::approx(&sum));
        }
        let Some(k) = (0..weights.len()).max_by(|&a, &b| weights[a].total_cmp(&weights[b])) else {
            return Ok(());
        };
        weights[k] = f64::from_bits(weights[k].to_bits() - 1);
    }
    Err(crate::import::approx(&exact_sum(weights)))
}

/// Text escaped for an XML attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}
