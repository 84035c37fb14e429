//! `detente sweep`: parse, run, print, write the optional files.

use std::io::IsTerminal;
use std::time::Instant;

use detente::sweep::{self, SweepOptions};
use detente::{report, Scenario};

use crate::failure::Failure;
use crate::SweepArgs;

pub fn run(a: SweepArgs, started: Instant) -> Result<(), Failure> {
    let scenario = Scenario::load(&a.file)?;
    let options = SweepOptions {
        samples: a.samples,
        seed: a.seed,
        concept: crate::args::concept(&a.concept, scenario.source())?,
        vary: a.vary.clone(),
        weight_noise: a.weight_noise,
        settings: crate::args::settings(&a.set, scenario.source())?,
        search: crate::args::checked(a.budget.options(started), scenario.source())?,
    };
    options.validate(&scenario)?;
    crate::args::output_files(
        scenario.source(),
        &[(&a.out, "csv", "--out"), (&a.plot, "svg", "--plot")],
    )?;
    let bar = progress_bar(options.total());
    let result = sweep::run_with_progress(&scenario, &options, &|n| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let result = result?;
    if let Some(path) = &a.out {
        let csv = report::samples_csv(&scenario, result.samples())?;
        report::write_atomically(path, csv.as_bytes())?;
    }
    if let Some(path) = &a.plot {
        let svg = report::sweep_svg(&scenario, result.summary(), result.samples())?;
        report::write_atomically(path, svg.as_bytes())?;
    }
    if a.json {
        let out = report::Labelled::new(&scenario, result.summary());
        crate::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        ));
    } else {
        crate::emit(&report::sweep_text(&scenario, result.summary()));
    }
    Ok(())
}

/// A bar on stderr when it is a terminal; nothing otherwise (pipes, CI, tests).
fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} samples  {per_sec}  eta {eta}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}
