//! `detente sensitivity`: parse, run, print, write the optional plot and page.

use std::time::Instant;

use detente::error::Input;
use detente::sensitivity::{self, Method, Param, SensitivityOptions};
use detente::{report, Scenario};

use crate::args::SensitivityArgs;
use crate::failure::Failure;

pub fn run(a: SensitivityArgs, started: Instant) -> Result<(), Failure> {
    let scenario = Scenario::load(&a.file)?;
    let source = scenario.source().to_string();
    let method: Method = a.method.parse().map_err(|problem| {
        detente::Error::input(
            &source,
            Input::Design(format!("--method {}", a.method)),
            problem,
        )
    })?;
    let spec = a.params.join(";");
    let params = if a.params.is_empty() {
        Param::leverage_defaults(&scenario)
    } else {
        Param::parse_list(&spec, &scenario)?
    };
    let options = SensitivityOptions {
        method,
        samples: crate::args::count(&a.samples, "--samples", 1, &source)?,
        seed: a.seed,
        concept: crate::args::concept(&a.concept, &source)?,
        levels: crate::args::count(&a.levels, "--levels", 2, &source)?,
        search: crate::args::checked(a.budget.options(started), &source)?,
        ..SensitivityOptions::default()
    };
    crate::args::output_files(
        &source,
        &[(&a.plot, "svg", "--plot"), (&a.html, "html", "--html")],
    )?;
    let analysis = sensitivity::run(&scenario, &params, &options)?;
    if let Some(path) = &a.plot {
        let svg = report::sensitivity_svg(&scenario, &analysis)?;
        report::write_atomically(path, svg.as_bytes())?;
    }
    if let Some(path) = &a.html {
        let html = report::sensitivity_html(&scenario, &analysis)?;
        report::write_atomically(path, html.as_bytes())?;
    }
    if a.json {
        let out = report::sensitivity_json(&scenario, &analysis);
        crate::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        ));
    } else {
        crate::emit(&report::sensitivity_text(&scenario, &analysis));
    }
    Ok(())
}
