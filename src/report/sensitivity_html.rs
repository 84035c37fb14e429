//! A sensitivity analysis as a self-contained HTML page (`sensitivity --html F.html`):
//! the run's inputs, the strongest driver of each output, every index with its
//! interval, and the plot inline.

use super::html::{HtmlCell, HtmlPage, HtmlTable};
use super::sensitivity_svg::{moved, sensitivity_svg};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::sensitivity::{Analysis, Estimate, Indices, Method};

/// Decimals of an index in the tables.
const DECIMALS: usize = 3;

/// The page of a finished analysis of `scenario`.
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::sensitivity::{self, Method, Param, SensitivityOptions};
/// let json = r#"{"name": "pie", "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
/// let scenario = detente::Scenario::from_json(json, "pie.json")?;
/// let params = Param::parse_list("actors[a].disagreement=0:0.2", &scenario)?;
/// let options = SensitivityOptions { method: Method::Morris, samples: 4, ..SensitivityOptions::default() };
/// let analysis = sensitivity::run(&scenario, &params, &options)?;
/// let html = detente::report::sensitivity_html(&scenario, &analysis)?;
/// assert!(html.contains("<svg") && html.contains("actors[a].disagreement"));
/// // a's share moves by half of d_a's range: mu* = 0.1.
/// assert!(html.contains(r#"<td class="num">0.100</td>"#));
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`ReportError::Render`](crate::error::ReportError::Render) when the plot cannot be
/// drawn.
pub fn sensitivity_html(scenario: &Scenario, analysis: &Analysis) -> Result<String> {
    let o = &analysis.options;
    let mut page = HtmlPage::new(format!(
        "Sensitivity of {}: {} under {}",
        scenario.name(),
        o.method.name(),
        o.concept.name()
    ));
    if !scenario.description().is_empty() {
        page.paragraph(scenario.description());
    }
    page.heading("Run").table(run_table(scenario, analysis));
    page.paragraph("The same command, with the same seed, gives the same page:")
        .code(command(scenario, analysis));
    page.heading("Parameters").table(parameter_table(analysis));
    page.heading("What drives each output")
        .paragraph(match analysis.indices {
            Indices::Sobol(_) => "Per output, the parameter with the largest total index: the share of the output's variance that goes with that parameter, interactions included.",
            Indices::Morris(_) => "Per output, the parameter with the largest mu*: the mean absolute change of the output when the parameter crosses its range.",
        })
        .table(drivers_table(analysis));
    let svg = sensitivity_svg(scenario, analysis)?;
    page.heading("Plot").figure(&svg, caption(analysis))?;
    page.heading("Indices");
    index_tables(&mut page, analysis);
    page.note(reading_note(analysis));
    Ok(page.render())
}

fn run_table(scenario: &Scenario, analysis: &Analysis) -> HtmlTable {
    let o = &analysis.options;
    let mut t = HtmlTable::new(Vec::<String>::new());
    let mut fact = |name: &str, value: HtmlCell| {
        t.row([HtmlCell::text(name), value]);
    };
    fact("scenario file", HtmlCell::code(scenario.source()));
    fact("scenario", HtmlCell::code(scenario.name()));
    fact("method", HtmlCell::text(method_words(o.method)));
    fact("concept", HtmlCell::code(o.concept.name()));
    let samples = match o.method {
        Method::Sobol => "base rows N",
        Method::Morris => "trajectories r",
    };
    fact(samples, HtmlCell::text(o.samples.to_string()));
    if o.method == Method::Morris {
        fact("grid levels p", HtmlCell::text(o.levels.to_string()));
    }
    fact("seed", HtmlCell::text(o.seed.to_string()));
    fact(
        "exact solves",
        HtmlCell::text(analysis.evaluations().to_string()),
    );
    fact(
        "intervals",
        HtmlCell::text(format!(
            "{:.0} % percentile bootstrap, {} replicates",
            o.bootstrap.confidence * 100.0,
            o.bootstrap.replicates
        )),
    );
    t
}

fn method_words(method: Method) -> &'static str {
    match method {
        Method::Sobol => "Sobol first-order (Saltelli 2010) and total (Jansen 1999) indices",
        Method::Morris => "Morris elementary effects (mu* after Campolongo 2007, mu, sigma)",
    }
}

/// The command line that makes this page.
fn command(scenario: &Scenario, analysis: &Analysis) -> String {
    let o = &analysis.options;
    let spec: Vec<String> = analysis
        .params
        .iter()
        .map(|p| format!("{}={}", p.path(), p.dist()))
        .collect();
    let mut c = format!(
        "detente sensitivity {} --params '{}' --method {} --samples {} --seed {} --concept {}",
        scenario.source(),
        spec.join(";"),
        o.method.name(),
        o.samples,
        o.seed,
        o.concept.name()
    );
    if o.method == Method::Morris {
        c.push_str(&format!(" --levels {}", o.levels));
    }
    c.push_str(" --html F.html");
    c
}

fn parameter_table(analysis: &Analysis) -> HtmlTable {
    let mut t = HtmlTable::new(["parameter", "distribution", "low end", "high end"]);
    for p in &analysis.params {
        let (lo, hi) = p.dist().ends();
        t.row([
            HtmlCell::code(p.path()),
            HtmlCell::code(p.dist().to_string()),
            HtmlCell::number(lo, 4),
            HtmlCell::number(hi, 4),
        ]);
    }
    t
}

/// The index a row is ranked by: total (Sobol) or mu* (Morris).
fn headline(indices: &Indices, output: usize, param: usize) -> Estimate {
    match indices {
        Indices::Sobol(s) => s.total[output][param],
        Indices::Morris(m) => m.indices[output][param].mu_star,
    }
}

fn drivers_table(analysis: &Analysis) -> HtmlTable {
    let name = match analysis.indices {
        Indices::Sobol(_) => "total index",
        Indices::Morris(_) => "mu*",
    };
    let mut t = HtmlTable::new(["output", "strongest parameter", name, "low", "high", "next"]);
    for (n, output) in analysis.outputs.iter().enumerate() {
        if !moved(analysis, n) {
            continue;
        }
        let mut ranked: Vec<usize> = (0..analysis.params.len()).collect();
        // Largest first; ties keep the order given.
        ranked.sort_by(|&a, &b| {
            let (x, y) = (
                headline(&analysis.indices, n, a),
                headline(&analysis.indices, n, b),
            );
            y.value.total_cmp(&x.value)
        });
        let top = headline(&analysis.indices, n, ranked[0]);
        let next = ranked.get(1).map_or(String::new(), |&i| {
            let e = headline(&analysis.indices, n, i);
            format!("{} ({:.DECIMALS$})", analysis.params[i].path(), e.value)
        });
        t.row([
            HtmlCell::code(output),
            HtmlCell::code(analysis.params[ranked[0]].path()),
            HtmlCell::number(top.value, DECIMALS),
            HtmlCell::number(top.lo, DECIMALS),
            HtmlCell::number(top.hi, DECIMALS),
            HtmlCell::text(next),
        ]);
    }
    t
}

fn caption(analysis: &Analysis) -> String {
    let confidence = analysis.options.bootstrap.confidence * 100.0;
    match analysis.indices {
        Indices::Sobol(_) => format!(
            "One panel per output that varies: first-order (dark) and total (light) Sobol index of each parameter, with {confidence:.0} % bootstrap intervals, on a scale from 0 to 1 (estimates and interval ends outside it are drawn at its ends)."
        ),
        Indices::Morris(_) => format!(
            "One panel per output that varies: mu* (dark) and sigma (light) of each parameter's elementary effects, with {confidence:.0} % bootstrap intervals, in the output's units per parameter range."
        ),
    }
}

/// One table per output that varies; then the outputs that do not.
fn index_tables(page: &mut HtmlPage, analysis: &Analysis) {
    let header: &[&str] = match analysis.indices {
        Indices::Sobol(_) => &["parameter", "S1", "low", "high", "ST", "low", "high"],
        Indices::Morris(_) => &[
            "parameter",
            "mu*",
            "low",
            "high",
            "mu",
            "sigma",
            "low",
            "high",
        ],
    };
    let mut constant = Vec::new();
    for (n, output) in analysis.outputs.iter().enumerate() {
        if !moved(analysis, n) {
            constant.push(output.as_str());
            continue;
        }
        let mut t = HtmlTable::new(header.iter().copied());
        if let Indices::Sobol(s) = &analysis.indices {
            t = t.with_caption(format!(
                "mean {:.4}, variance {:.4}",
                s.mean[n], s.variance[n]
            ));
        }
        for (i, p) in analysis.params.iter().enumerate() {
            let mut row = vec![HtmlCell::code(p.path())];
            let estimate =
                |e: Estimate| [e.value, e.lo, e.hi].map(|x| HtmlCell::number(x, DECIMALS));
            match &analysis.indices {
                Indices::Sobol(s) => {
                    row.extend(estimate(s.first[n][i]));
                    row.extend(estimate(s.total[n][i]));
                }
                Indices::Morris(m) => {
                    let x = m.indices[n][i];
                    row.extend(estimate(x.mu_star));
                    row.push(HtmlCell::number(x.mu, DECIMALS));
                    row.extend(estimate(x.sigma));
                }
            }
            t.row(row);
        }
        page.subheading(output.clone()).table(t);
    }
    if !constant.is_empty() {
        page.paragraph(format!(
            "Outputs that did not move at any point of the design (no index, or every index 0): {}.",
            constant.join(", ")
        ));
    }
}

fn reading_note(analysis: &Analysis) -> String {
    let o = &analysis.options;
    let common = format!(
        "Every point is an exact solve under {}. Intervals resample the design's {} with replacement ({} replicates) and take the percentiles.",
        o.concept.name(),
        match o.method {
            Method::Sobol => "rows",
            Method::Morris => "trajectories",
        },
        o.bootstrap.replicates
    );
    match o.method {
        Method::Sobol => format!(
            "How to read: S1 is the share of an output's variance that a parameter explains alone, ST the share it takes part in, interactions included; ST well above S1 means the parameter acts together with others, and total indices summing above 1 mean the output hinges on interactions. Both are Monte Carlo estimates: small negative values or values just above 1 are noise around the true index. {common}"
        ),
        Method::Morris => format!(
            "How to read: mu* is the mean absolute change of an output when a parameter crosses its whole range (a screen for which parameters matter), mu the mean signed change (its direction), sigma the spread of the changes: sigma comparable to mu* means the effect depends on where the other parameters sit (non-linearity or interaction). {common}"
        ),
    }
}
