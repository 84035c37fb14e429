//! A sensitivity analysis as JSON (`sensitivity --json`) and as a text table.
//!
//! JSON: `{"scenario", "concept", "method", "samples", "seed", "evaluations",
//! "bootstrap": {"replicates", "confidence"}, "levels" (Morris only), "parameters":
//! [{"path", "distribution", "lo", "hi"}], "outputs": {NAME: {...}}}` with, per output,
//! `"mean"` and `"variance"` (Sobol) and `"indices"`: per parameter path
//! `{"first", "first_ci": [lo, hi], "total", "total_ci": [lo, hi]}` (Sobol) or
//! `{"mu_star", "mu_star_ci": [lo, hi], "mu", "sigma", "sigma_ci": [lo, hi]}` (Morris). Undefined numbers (an
//! output that never varies) are null. Outputs and parameters keep their order.

use serde_json::{json, Map, Value as Json};

use crate::scenario::Scenario;
use crate::sensitivity::{Analysis, Estimate, Indices};

/// The JSON object of `sensitivity --json`.
pub fn sensitivity_json(scenario: &Scenario, analysis: &Analysis) -> Json {
    let o = &analysis.options;
    let parameters: Vec<Json> = analysis
        .params
        .iter()
        .map(|p| {
            let (lo, hi) = p.dist().ends();
            json!({"path": p.path(), "distribution": p.dist().to_string(), "lo": lo, "hi": hi})
        })
        .collect();
    let mut outputs = Map::new();
    for (n, name) in analysis.outputs.iter().enumerate() {
        let mut indices = Map::new();
        for (i, p) in analysis.params.iter().enumerate() {
            indices.insert(p.path().to_string(), index_json(&analysis.indices, n, i));
        }
        let mut entry = Map::new();
        if let Indices::Sobol(s) = &analysis.indices {
            entry.insert("mean".into(), number(s.mean[n]));
            entry.insert("variance".into(), number(s.variance[n]));
        }
        entry.insert("indices".into(), Json::Object(indices));
        outputs.insert(name.clone(), Json::Object(entry));
    }
    let mut out = json!({
        "scenario": scenario.name(),
        "concept": o.concept.name(),
        "method": o.method.name(),
        "samples": o.samples,
        "seed": o.seed,
        "evaluations": analysis.evaluations(),
        "bootstrap": {"replicates": o.bootstrap.replicates, "confidence": o.bootstrap.confidence},
    });
    if let (Json::Object(map), Indices::Morris(_)) = (&mut out, &analysis.indices) {
        map.insert("levels".into(), json!(o.levels));
    }
    if let Json::Object(map) = &mut out {
        map.insert("parameters".into(), Json::Array(parameters));
        map.insert("outputs".into(), Json::Object(outputs));
    }
    out
}

fn index_json(indices: &Indices, output: usize, param: usize) -> Json {
    match indices {
        Indices::Sobol(s) => {
            let (f, t) = (s.first[output][param], s.total[output][param]);
            json!({"first": number(f.value), "first_ci": interval(&f),
                   "total": number(t.value), "total_ci": interval(&t)})
        }
        Indices::Morris(m) => {
            let x = m.indices[output][param];
            json!({"mu_star": number(x.mu_star.value), "mu_star_ci": interval(&x.mu_star),
                   "mu": number(x.mu), "sigma": number(x.sigma.value), "sigma_ci": interval(&x.sigma)})
        }
    }
}

fn number(x: f64) -> Json {
    serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number)
}

fn interval(e: &Estimate) -> Json {
    json!([number(e.lo), number(e.hi)])
}

/// The text table: one block per output that varies, one row per parameter.
pub fn sensitivity_text(scenario: &Scenario, analysis: &Analysis) -> String {
    let o = &analysis.options;
    let mut s = format!(
        "scenario {}: {} sensitivity under {}, {} {} (seed {}), {} solves, {:.0} % intervals from {} bootstrap replicates\n",
        scenario.name(),
        o.method.name(),
        o.concept.name(),
        o.samples,
        match analysis.indices {
            Indices::Sobol(_) => "base rows",
            Indices::Morris(_) => "trajectories",
        },
        o.seed,
        analysis.evaluations(),
        o.bootstrap.confidence * 100.0,
        o.bootstrap.replicates,
    );
    let width = analysis
        .params
        .iter()
        .map(|p| p.path().len())
        .max()
        .unwrap_or(0)
        .max(9);
    for (n, name) in analysis.outputs.iter().enumerate() {
        let rows: Vec<String> = (0..analysis.params.len())
            .filter_map(|i| row(&analysis.indices, n, i))
            .zip(&analysis.params)
            .map(|(r, p)| format!("  {:width$}  {r}\n", p.path()))
            .collect();
        if rows.len() < analysis.params.len() {
            s.push_str(&format!("\n{name}: does not vary\n"));
            continue;
        }
        let header = match analysis.indices {
            Indices::Sobol(_) => "first   [interval]          total   [interval]",
            Indices::Morris(_) => "mu*     [interval]          mu       sigma   [interval]",
        };
        s.push_str(&format!("\n{name}\n  {:width$}  {header}\n", "parameter"));
        rows.iter().for_each(|r| s.push_str(r));
    }
    s
}

/// One parameter's row, `None` when the output has no index for it.
fn row(indices: &Indices, output: usize, param: usize) -> Option<String> {
    let ci = |e: &Estimate| format!("[{:>7.3}, {:>7.3}]", e.lo, e.hi);
    match indices {
        Indices::Sobol(s) => {
            let (f, t) = (s.first[output][param], s.total[output][param]);
            f.value
                .is_finite()
                .then(|| format!("{:>6.3}  {}  {:>6.3}  {}", f.value, ci(&f), t.value, ci(&t)))
        }
        Indices::Morris(m) => {
            let x = m.indices[output][param];
            x.mu_star.value.is_finite().then(|| {
                format!(
                    "{:>6.3}  {}  {:>+7.3}  {:>6.3}  {}",
                    x.mu_star.value,
                    ci(&x.mu_star),
                    x.mu,
                    x.sigma.value,
                    ci(&x.sigma)
                )
            })
        }
    }
}
