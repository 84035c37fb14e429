//! One CSV row per sample (`sweep --out F.csv`).

use super::labelled::Label;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sweep::Samples;

/// The CSV text for every sample: a header row, then per sample its draw index
/// (`sample`, the generator stream), the varied variable's value (`grid_value`, only
/// when a grid was swept), every leverage value, every issue's agreed value (option
/// label or number; empty without a deal), every actor's `utility.ID` and `gain.ID`,
/// and `deal` (true/false). Numbers are printed in Rust's shortest round-trip form.
///
/// # Errors
/// [`Error::Render`] if the CSV writer fails (it writes to memory, so only on a bug).
pub fn samples_csv(scenario: &Scenario, samples: &Samples) -> Result<String> {
    let grid = (0..samples.len()).any(|s| samples.grid_value(s).is_some());
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Render(format!("csv: {e}"));
    let mut header: Vec<String> = vec!["sample".into()];
    if grid {
        header.push("grid_value".into());
    }
    header.extend(scenario.leverage().iter().map(|l| l.id().to_string()));
    header.extend(scenario.issues().iter().map(|i| i.id().to_string()));
    header.extend(
        scenario
            .actors()
            .iter()
            .map(|a| format!("utility.{}", a.id())),
    );
    header.extend(scenario.actors().iter().map(|a| format!("gain.{}", a.id())));
    header.push("deal".into());
    w.write_record(&header).map_err(fail)?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for s in 0..samples.len() {
        row.clear();
        row.push(samples.draw(s).to_string());
        if grid {
            row.push(
                samples
                    .grid_value(s)
                    .map_or(String::new(), |v| v.to_string()),
            );
        }
        row.extend(samples.levels(s).iter().map(f64::to_string));
        match samples.outcome(s) {
            Some(outcome) => row.extend(scenario.issues().iter().zip(outcome).map(
                |(issue, &x)| match Label::of(issue, x) {
                    Label::Option(label) => label.to_string(),
                    Label::Number(t) => t.to_string(),
                    Label::Missing => String::new(),
                },
            )),
            None => row.extend(scenario.issues().iter().map(|_| String::new())),
        }
        row.extend(samples.utilities(s).iter().map(f64::to_string));
        row.extend(samples.gains(s).iter().map(f64::to_string));
        row.push(samples.deal(s).to_string());
        w.write_record(&row).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Render(format!("csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Render(format!("csv: {e}")))
}
