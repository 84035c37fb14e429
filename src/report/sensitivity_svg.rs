//! A sensitivity analysis drawn as an SVG (`sensitivity --plot F.svg`): one panel per
//! output that varies, one row of horizontal bars per parameter (Sobol: first-order and
//! total index with their intervals; Morris: mu* with its interval), drawn with
//! plotters' primitives so that every label is placed and shortened to fit.

use plotters::prelude::*;

use super::svg::{color, fail, Area};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::sensitivity::{Analysis, Estimate, Indices};

const PANEL: (u32, u32) = (420, 0);
const COLUMNS: usize = 3;
const ROW: i32 = 26;
const HEAD: i32 = 56;
const LABEL: i32 = 150;
const TITLE_CHARS: usize = 100;

/// The SVG text of the plot.
///
/// # Errors
/// [`ReportError::Render`](crate::error::ReportError::Render) when plotters fails to draw.
pub fn sensitivity_svg(scenario: &Scenario, analysis: &Analysis) -> Result<String> {
    let k = analysis.params.len();
    let panels: Vec<usize> = (0..analysis.outputs.len())
        .filter(|&n| (0..k).all(|i| bars(&analysis.indices, n, i)[0].value.is_finite()))
        .collect();
    let panel_h = HEAD + ROW * k as i32 + 40;
    let rows = panels.len().div_ceil(COLUMNS).max(1);
    let size = (
        PANEL.0 * COLUMNS as u32,
        50 + (panel_h as u32) * rows as u32,
    );
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (head, body) = root.split_vertically(50);
        head.titled(
            &shorten(&title(scenario, analysis), TITLE_CHARS),
            ("sans-serif", 18),
        )
        .map_err(fail)?;
        let areas = body.split_evenly((rows, COLUMNS));
        for (area, &n) in areas.iter().zip(&panels) {
            panel(area, analysis, n)?;
        }
        root.present().map_err(fail)?;
    }
    Ok(buf)
}

fn title(scenario: &Scenario, analysis: &Analysis) -> String {
    let o = &analysis.options;
    format!(
        "{}: {} indices under {}, {} {}, seed {}",
        scenario.name(),
        o.method.name(),
        o.concept.name(),
        o.samples,
        if analysis.morris().is_some() {
            "trajectories"
        } else {
            "base rows"
        },
        o.seed
    )
}

/// The bars of one (output, parameter): Sobol first and total, or Morris mu*.
fn bars(indices: &Indices, n: usize, i: usize) -> Vec<Estimate> {
    match indices {
        Indices::Sobol(s) => vec![s.first[n][i], s.total[n][i]],
        Indices::Morris(m) => vec![m.indices[n][i].mu_star],
    }
}

fn panel(area: &Area<'_>, analysis: &Analysis, n: usize) -> Result<()> {
    let (w, _) = area.dim_in_pixel();
    let k = analysis.params.len();
    let sobol = analysis.sobol().is_some();
    let top = if sobol {
        1.0
    } else {
        (0..k)
            .flat_map(|i| bars(&analysis.indices, n, i))
            .map(|e| {
                if e.hi.is_finite() {
                    e.hi.max(e.value)
                } else {
                    e.value
                }
            })
            .fold(0.0, f64::max)
            .max(1e-12)
    };
    let span = f64::from(w as i32 - LABEL - 20);
    let x = |v: f64| LABEL + (span * (v.clamp(0.0, top) / top)) as i32;
    let text =
        |s: String, at: (i32, i32), size: u32| area.draw(&Text::new(s, at, ("sans-serif", size)));
    text(shorten(&analysis.outputs[n], 48), (8, 8), 14).map_err(fail)?;
    let legend = if sobol {
        "first order (dark), total (light), 0 to 1"
    } else {
        "mu*, output units per range"
    };
    text(legend.to_string(), (8, 28), 11).map_err(fail)?;
    for (i, p) in analysis.params.iter().enumerate() {
        let y = HEAD + ROW * i as i32;
        text(shorten(p.path(), 24), (8, y + 4), 11).map_err(fail)?;
        let b = bars(&analysis.indices, n, i);
        let h = (ROW - 6) / b.len() as i32;
        for (j, e) in b.iter().enumerate() {
            let y0 = y + j as i32 * h;
            let c = if j == 0 {
                color(0).mix(1.0)
            } else {
                color(0).mix(0.45)
            };
            area.draw(&Rectangle::new(
                [(x(0.0), y0), (x(e.value.max(0.0)), y0 + h - 1)],
                c.filled(),
            ))
            .map_err(fail)?;
            if e.lo.is_finite() && e.hi.is_finite() {
                let mid = y0 + h / 2;
                area.draw(&PathElement::new(
                    vec![(x(e.lo), mid), (x(e.hi), mid)],
                    BLACK,
                ))
                .map_err(fail)?;
            }
        }
    }
    let axis = HEAD + ROW * k as i32 + 2;
    area.draw(&PathElement::new(
        vec![(x(0.0), axis), (x(top), axis)],
        BLACK,
    ))
    .map_err(fail)?;
    text("0".into(), (x(0.0) - 3, axis + 4), 10).map_err(fail)?;
    text(format!("{top:.3}"), (x(top) - 28, axis + 4), 10).map_err(fail)?;
    let axis_label = if sobol { "index" } else { "mu*" };
    text(axis_label.into(), (x(top / 2.0) - 10, axis + 16), 11).map_err(fail)
}

fn shorten(s: &str, room: usize) -> String {
    if s.chars().count() <= room {
        return s.to_string();
    }
    let cut: String = s.chars().take(room.saturating_sub(1)).collect();
    format!("{cut}…")
}
