//! A sweep's samples as numpy columns, named as `detente sweep --out` names its CSV
//! columns: `sample`, `grid_value` (with a grid), one per leverage variable, one per
//! issue, `utility.ID` and `gain.ID` per actor, `deal`.
//!
//! Each column is built once in Rust as a `Vec` and handed to numpy, which keeps that
//! very buffer (no copy). Numbers are float64, `sample` uint64, `deal` bool; a
//! discrete issue's column holds option indices (int32, the labels in
//! `Scenario.options`), -1 without a deal; a continuous issue's column NaN without one.

use detente::space::Domain;
use detente::sweep::{Samples, Sweep};
use detente::{report, Scenario};
use numpy::PyArray1;
use pyo3::prelude::*;

use crate::scenario::json;

/// Named columns, in the CSV's order.
pub type Columns<'py> = Vec<(String, Bound<'py, PyAny>)>;

/// Option labels per issue, `None` for a continuous one.
pub fn option_labels(scenario: &Scenario) -> Vec<Option<Vec<String>>> {
    scenario
        .issues()
        .iter()
        .map(|i| match i.domain() {
            Domain::Discrete { options } => Some(options.clone()),
            Domain::Continuous { .. } => None,
        })
        .collect()
}

/// The summary as `sweep --json` prints it, and the columns.
pub fn summary_and_columns<'py>(
    py: Python<'py>,
    scenario: &Scenario,
    sweep: Sweep,
) -> PyResult<(String, Columns<'py>)> {
    let summary = json(&report::Labelled::new(scenario, sweep.summary()));
    let built = py.detach(|| Built::new(scenario, sweep.samples()));
    Ok((summary, built.into_numpy(py)))
}

/// One column's data before it goes to numpy.
enum Data {
    Index(Vec<u64>),
    Number(Vec<f64>),
    Option(Vec<i32>),
    Flag(Vec<bool>),
}

/// Every column, built without the GIL.
struct Built(Vec<(String, Data)>);

impl Built {
    fn new(scenario: &Scenario, samples: &Samples) -> Built {
        let n = samples.len();
        let column = |f: &dyn Fn(usize) -> f64| (0..n).map(f).collect::<Vec<f64>>();
        let mut out = vec![(
            "sample".to_string(),
            Data::Index((0..n).map(|s| samples.draw(s)).collect()),
        )];
        if (0..n).any(|s| samples.grid_value(s).is_some()) {
            let grid = column(&|s| samples.grid_value(s).unwrap_or(f64::NAN));
            out.push(("grid_value".into(), Data::Number(grid)));
        }
        for (l, lev) in scenario.leverage().iter().enumerate() {
            let levels = column(&|s| samples.levels(s)[l]);
            out.push((lev.id().to_string(), Data::Number(levels)));
        }
        for (k, issue) in scenario.issues().iter().enumerate() {
            let value = |s: usize| samples.outcome(s).map(|o| o[k]);
            let data = match issue.domain() {
                Domain::Discrete { .. } => Data::Option(
                    (0..n)
                        .map(|s| {
                            value(s)
                                .and_then(|v| v.as_option())
                                .map_or(-1, |o| i32::try_from(o).unwrap_or(i32::MAX))
                        })
                        .collect(),
                ),
                Domain::Continuous { .. } => Data::Number(column(&|s| {
                    value(s).and_then(|v| v.as_number()).unwrap_or(f64::NAN)
                })),
            };
            out.push((issue.id().to_string(), data));
        }
        for (a, actor) in scenario.actors().iter().enumerate() {
            let u = column(&|s| samples.utilities(s)[a]);
            out.push((format!("utility.{}", actor.id()), Data::Number(u)));
        }
        for (a, actor) in scenario.actors().iter().enumerate() {
            let g = column(&|s| samples.gains(s)[a]);
            out.push((format!("gain.{}", actor.id()), Data::Number(g)));
        }
        let deals = (0..n).map(|s| samples.deal(s)).collect();
        out.push(("deal".into(), Data::Flag(deals)));
        Built(out)
    }

    /// Each column handed to numpy as the buffer it is.
    fn into_numpy(self, py: Python<'_>) -> Columns<'_> {
        self.0
            .into_iter()
            .map(|(name, data)| {
                let array = match data {
                    Data::Index(v) => PyArray1::from_vec(py, v).into_any(),
                    Data::Number(v) => PyArray1::from_vec(py, v).into_any(),
                    Data::Option(v) => PyArray1::from_vec(py, v).into_any(),
                    Data::Flag(v) => PyArray1::from_vec(py, v).into_any(),
                };
                (name, array)
            })
            .collect()
    }
}
