//! One SVG per claim, drawn with plotters' SVG backend as `src/report/svg.rs` does:
//! text is written as SVG `<text>` and laid out by the viewer, so no font files are read.
//!
//! Each figure has a header (the claim and the verdict) and its panels side by side;
//! every point is a mean with its 95 % normal interval (mean ± 1.96 s.e.), drawn as an
//! error bar; exact values (s.e. 0) have none.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::experiments::{Claim, Panel, Plot, Res};
use crate::stats::Z_INTERVAL;

const HEIGHT: u32 = 400;
const COLORS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

fn fail<E: std::fmt::Display>(e: E) -> Box<dyn std::error::Error> {
    e.to_string().into()
}

/// Write the claim's figure to `path` (whole SVG text, then one write).
///
/// # Errors
/// A drawing failure or an unwritable path.
pub fn write(path: &Path, number: usize, claim: &Claim) -> Res<()> {
    std::fs::write(path, render(number, claim)?)?;
    Ok(())
}

/// The claim's figure as SVG text.
///
/// # Errors
/// A drawing failure.
pub fn render(number: usize, claim: &Claim) -> Res<String> {
    let plot = &claim.plot;
    let categories = plot.x_labels.as_ref().map_or(0, Vec::len) as u32;
    let panel_width = (120 * categories).max(560);
    let width = panel_width * plot.panels.len().max(1) as u32;
    // The header wraps to the figure's width (about 7.5 px a character at 15 px),
    // so no title runs off the edge of a single-panel figure.
    let title = wrap(&format!("claim {number}: {}", claim.claim), width, 7.5);
    let notes = wrap(&verdict_note(claim), width, 6.5);
    let header = 10 + 20 * title.len() as u32 + 17 * notes.len() as u32 + 8;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (width, header + HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (head, body) = root.split_vertically(header);
        let mut y = 8;
        for line in title {
            head.draw(&Text::new(line, (10, y), ("sans-serif", 15).into_font()))
                .map_err(fail)?;
            y += 20;
        }
        let grey = ("sans-serif", 13).into_font().color(&RGBColor(90, 90, 90));
        for line in notes {
            head.draw(&Text::new(line, (10, y), grey.clone()))
                .map_err(fail)?;
            y += 17;
        }
        let areas = body.split_evenly((1, plot.panels.len().max(1)));
        for (panel, area) in plot.panels.iter().zip(&areas) {
            draw_panel(plot, panel, area)?;
        }
        root.present().map_err(fail)?;
    }
    Ok(buf)
}

/// Greedy word wrap to `width` pixels at `per_char` pixels a character.
fn wrap(text: &str, width: u32, per_char: f64) -> Vec<String> {
    let max = ((width as f64 - 20.0) / per_char).max(20.0) as usize;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The verdict and what it rests on: each headline effect with its own verdict, so
/// the subtitle says what the panels show.
fn verdict_note(claim: &Claim) -> String {
    let heads: Vec<String> = claim
        .measures
        .iter()
        .filter(|m| m.headline)
        .map(|m| {
            let v = m.verdict.map_or("", |v| v.short());
            format!("{} {:+.3} ({v})", m.name, m.effect.mean)
        })
        .collect();
    let built = if claim.construction.is_some() {
        " [holds by construction]"
    } else {
        ""
    };
    format!(
        "verdict: {}{built}; minimum effect {}; {}. Bars: 95 % intervals.",
        claim.verdict,
        claim.minimum.size,
        heads.join("; ")
    )
}

fn draw_panel(plot: &Plot, panel: &Panel, area: &DrawingArea<SVGBackend<'_>, Shift>) -> Res<()> {
    let categorical = plot.x_labels.is_some();
    let shift = if categorical { 0.5 } else { 0.0 };
    let count = panel.series.len().max(1) as f64;
    let jitter = |s: usize| {
        if categorical {
            (s as f64 - (count - 1.0) / 2.0) * 0.5 / count
        } else {
            0.0
        }
    };
    // A reversed axis plots -x and labels it x.
    let flip = if plot.x_reversed { -1.0 } else { 1.0 };
    let xs = panel
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(move |p| flip * p.0));
    let (x0, x1) = match &plot.x_labels {
        Some(l) => (0.0, l.len() as f64),
        None => padded(xs, 0.02),
    };
    let ys = panel.series.iter().flat_map(|s| {
        s.points
            .iter()
            .flat_map(|p| [p.1 - Z_INTERVAL * p.2, p.1 + Z_INTERVAL * p.2])
    });
    let (y0, y1) = padded(ys, 0.08);
    // Headroom for the legend (upper right), so that it does not hide the points.
    let y1 = y1 + (y1 - y0) * 0.075 * count;
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, ("sans-serif", 14))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(fail)?;
    let labels = plot.x_labels.clone().unwrap_or_default();
    let formatter = move |x: &f64| {
        if labels.is_empty() {
            return format!("{:.2}", flip * x);
        }
        let j = (x - 0.5).round();
        if (x - 0.5 - j).abs() < 1e-9 && j >= 0.0 {
            labels.get(j as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(plot.x_desc.as_str())
        .y_desc(panel.y_desc.as_str())
        .x_label_formatter(&formatter)
        .label_style(("sans-serif", 11));
    if categorical {
        mesh.disable_x_mesh().x_labels(2 * (x1 as usize) + 1);
    }
    mesh.draw().map_err(fail)?;
    for (s, series) in panel.series.iter().enumerate() {
        let c = COLORS[s % COLORS.len()];
        let pts: Vec<(f64, f64, f64)> = series
            .points
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|p| {
                (
                    flip * p.0 + shift + jitter(s),
                    p.1,
                    if p.2.is_finite() { p.2 } else { 0.0 },
                )
            })
            .collect();
        if series.connect {
            chart
                .draw_series(LineSeries::new(
                    pts.iter().map(|p| (p.0, p.1)),
                    c.stroke_width(2),
                ))
                .map_err(fail)?;
        }
        // Error bars by hand: plotters' ErrorBar needs a feature the crate does not enable.
        let cap = 0.012 * (x1 - x0);
        for p in pts.iter().filter(|p| p.2 > 0.0) {
            let (lo, hi) = (p.1 - Z_INTERVAL * p.2, p.1 + Z_INTERVAL * p.2);
            let bar = [
                vec![(p.0, lo), (p.0, hi)],
                vec![(p.0 - cap, lo), (p.0 + cap, lo)],
                vec![(p.0 - cap, hi), (p.0 + cap, hi)],
            ];
            chart
                .draw_series(
                    bar.into_iter()
                        .map(|line| PathElement::new(line, c.stroke_width(1))),
                )
                .map_err(fail)?;
        }
        chart
            .draw_series(pts.iter().map(|p| Circle::new((p.0, p.1), 4, c.filled())))
            .map_err(fail)?
            .label(series.name.as_str())
            .legend(move |(x, y)| Circle::new((x + 5, y), 4, c.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 11))
        .draw()
        .map_err(fail)?;
    Ok(())
}

/// The range of finite values with a relative padding (a unit range around a constant).
fn padded(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let p = if hi > lo { pad * (hi - lo) } else { 0.5 };
    (lo - p, hi + p)
}
