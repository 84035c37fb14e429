//! The sweep drawn as an SVG (`sweep --plot F.svg`), with plotters' SVG backend.
//!
//! Text is written as SVG `<text>` elements and laid out by the viewer, so no font
//! files are read when drawing (plotters is built without its `ttf` feature).
//!
//! - With a grid (`--vary`): one panel per issue against the varied variable (stacked
//!   option shares for a discrete issue, the median with a 5–95 % band for a
//!   continuous one), one panel with each seated actor's mean gain (solid) and mean
//!   utility (dashed), and one with the deal probability.
//! - Without: option-share bars per discrete issue, and a histogram of each seated
//!   actor's gain and of each continuous issue's agreed value.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::{Error, Format, Result};
use crate::scenario::Scenario;
use crate::space::{Domain, Value};
use crate::sweep::{IssueStats, Samples, Stats, SweepSummary};

const PANEL: (u32, u32) = (520, 300);
const COLS: usize = 2;
const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];
const BINS: usize = 30;
/// Height of the title and provenance lines above the panels.
const HEAD: u32 = 56;

pub(super) fn color(i: usize) -> RGBColor {
    COLORS[i % COLORS.len()]
}

pub(super) fn fail<E: std::fmt::Display>(e: E) -> Error {
    Error::render(Format::Svg, e)
}

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A chart panel in the style every plot here shares (caption size, margins, label
/// areas) over `x` by `y`.
pub(super) fn panel<'a, 'b>(
    area: &'a Area<'b>,
    caption: impl AsRef<str>,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<
    ChartContext<
        'a,
        SVGBackend<'b>,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
> {
    ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 15))
        .margin(8)
        .x_label_area_size(32)
        .y_label_area_size(40)
        .build_cartesian_2d(x, y)
        .map_err(fail)
}

/// A seated actor's index with its (grid value, mean gain) and (grid value, mean utility) lines.
type ActorLines = (usize, Vec<(f64, f64)>, Vec<(f64, f64)>);

/// The SVG text of the sweep's plot (see the module docs for the panels).
///
/// # Errors
/// [`ReportError::Render`](crate::error::ReportError::Render) when plotters fails to draw
/// (a degenerate axis range, say).
pub fn sweep_svg(scenario: &Scenario, summary: &SweepSummary, samples: &Samples) -> Result<String> {
    let seated: Vec<usize> = scenario.seated();
    let panels = match &summary.grid {
        Some(_) => scenario.issues().len() + 2,
        None => scenario.issues().len() + seated.len(),
    };
    let rows = panels.div_ceil(COLS);
    let mut buf = String::new();
    {
        let size = (PANEL.0 * COLS as u32, PANEL.1 * rows as u32 + HEAD);
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let title = format!(
            "{} — {} sweep, {} samples, seed {}",
            summary.scenario, summary.concept, summary.overall.samples, summary.seed
        );
        let (head, body) = root.split_vertically(HEAD);
        let below = head.titled(&title, ("sans-serif", 20)).map_err(fail)?;
        // Provenance in the figure itself, so a published plot can be traced back.
        let small = ("sans-serif", 12).into_font().color(&RGBColor(90, 90, 90));
        below
            .draw_text(&super::sweep::provenance(summary), &small, (10, 2))
            .map_err(fail)?;
        let areas = body.split_evenly((rows, COLS));
        match &summary.grid {
            Some((id, entries)) => grid_panels(scenario, id, entries, &seated, &areas)?,
            None => plain_panels(scenario, &summary.overall, samples, &seated, &areas)?,
        }
        root.present().map_err(fail)?;
    }
    Ok(buf)
}

fn grid_panels(
    scenario: &Scenario,
    id: &str,
    entries: &[(f64, Stats)],
    seated: &[usize],
    areas: &[Area<'_>],
) -> Result<()> {
    let xs: Vec<f64> = entries.iter().map(|(v, _)| *v).collect();
    let (x0, x1) = (
        xs.first().copied().unwrap_or(0.0),
        xs.last().copied().unwrap_or(1.0),
    );
    let (x0, x1) = if x1 > x0 {
        (x0, x1)
    } else {
        (x0 - 0.5, x0 + 0.5)
    };
    let mut area = areas.iter();
    for (k, issue) in scenario.issues().iter().enumerate() {
        let Some(a) = area.next() else { break };
        match issue.domain() {
            Domain::Discrete { options } => {
                let mut chart = panel(
                    a,
                    format!("{}: option shares (deals)", issue.id()),
                    x0..x1,
                    0.0..1.0,
                )?;
                chart
                    .configure_mesh()
                    .x_desc(id)
                    .y_desc("share")
                    .draw()
                    .map_err(fail)?;
                let share = |e: &Stats, o: usize| match &e.issues[k] {
                    IssueStats::Shares(s) => {
                        s.get(o).copied().filter(|x| x.is_finite()).unwrap_or(0.0)
                    }
                    IssueStats::Continuous { .. } => 0.0,
                };
                // Stacked: option o's band runs from the sum of options < o to <= o;
                // drawing the cumulative areas from the top down leaves each visible.
                for o in (0..options.len()).rev() {
                    let c = color(o);
                    let points: Vec<(f64, f64)> = entries
                        .iter()
                        .map(|(v, e)| (*v, (0..=o).map(|p| share(e, p)).sum::<f64>()))
                        .collect();
                    chart
                        .draw_series(AreaSeries::new(points, 0.0, c.mix(0.85)).border_style(c))
                        .map_err(fail)?
                        .label(options[o].as_str())
                        .legend(move |(x, y)| {
                            Rectangle::new([(x, y - 5), (x + 10, y + 5)], c.filled())
                        });
                }
                legend(&mut chart)?;
            }
            Domain::Continuous { lo, hi } => {
                let mut chart = panel(
                    a,
                    format!("{}: median, 5–95 % band (deals)", issue.id()),
                    x0..x1,
                    *lo..*hi,
                )?;
                chart
                    .configure_mesh()
                    .x_desc(id)
                    .y_desc(issue.id())
                    .draw()
                    .map_err(fail)?;
                let q = |e: &Stats| match e.issues[k] {
                    IssueStats::Continuous { p05, p50, p95, .. } => Some((p05, p50, p95)),
                    IssueStats::Shares(_) => None,
                };
                let pts: Vec<(f64, (f64, f64, f64))> = entries
                    .iter()
                    .filter_map(|(v, e)| q(e).filter(|t| t.1.is_finite()).map(|t| (*v, t)))
                    .collect();
                let mut band: Vec<(f64, f64)> = pts.iter().map(|(v, t)| (*v, t.2)).collect();
                band.extend(pts.iter().rev().map(|(v, t)| (*v, t.0)));
                let c = color(0);
                chart
                    .draw_series(std::iter::once(Polygon::new(band, c.mix(0.25))))
                    .map_err(fail)?;
                chart
                    .draw_series(LineSeries::new(
                        pts.iter().map(|(v, t)| (*v, t.1)),
                        c.stroke_width(2),
                    ))
                    .map_err(fail)?;
            }
        }
    }
    if let Some(a) = area.next() {
        let series: Vec<ActorLines> = seated
            .iter()
            .map(|&i| {
                let g = entries
                    .iter()
                    .map(|(v, e)| (*v, e.actors[i].mean_gain))
                    .collect();
                let u = entries
                    .iter()
                    .map(|(v, e)| (*v, e.actors[i].mean_utility))
                    .collect();
                (i, g, u)
            })
            .collect();
        let all = series
            .iter()
            .flat_map(|(_, g, u)| g.iter().chain(u).map(|p| p.1));
        let (y0, y1) = padded(all);
        let mut chart = panel(a, "mean gain (solid) and utility (dashed)", x0..x1, y0..y1)?;
        chart.configure_mesh().x_desc(id).draw().map_err(fail)?;
        for (n, (i, g, u)) in series.into_iter().enumerate() {
            let c = color(n);
            chart
                .draw_series(LineSeries::new(g, c.stroke_width(2)))
                .map_err(fail)?
                .label(scenario.actors()[i].id())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 12, y)], c.stroke_width(2))
                });
            chart
                .draw_series(DashedLineSeries::new(u, 5, 4, c.stroke_width(1)))
                .map_err(fail)?;
        }
        legend(&mut chart)?;
    }
    if let Some(a) = area.next() {
        let mut chart = panel(a, "deal probability", x0..x1, 0.0..1.05)?;
        chart.configure_mesh().x_desc(id).draw().map_err(fail)?;
        chart
            .draw_series(LineSeries::new(
                entries.iter().map(|(v, e)| (*v, e.deal_probability)),
                BLACK.stroke_width(2),
            ))
            .map_err(fail)?;
    }
    Ok(())
}

pub(super) fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 11))
        .draw()
        .map_err(fail)
}

/// The range of finite values with 5 % padding (a unit range around a constant).
pub(super) fn padded(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let pad = if hi > lo { 0.05 * (hi - lo) } else { 0.5 };
    (lo - pad, hi + pad)
}

fn plain_panels(
    scenario: &Scenario,
    stats: &Stats,
    samples: &Samples,
    seated: &[usize],
    areas: &[Area<'_>],
) -> Result<()> {
    let mut area = areas.iter();
    for (k, issue) in scenario.issues().iter().enumerate() {
        let Some(a) = area.next() else { break };
        match (&stats.issues[k], issue.domain()) {
            (IssueStats::Shares(shares), Domain::Discrete { options }) => {
                let mut chart = panel(
                    a,
                    format!("{}: option shares (deals)", issue.id()),
                    0.0..options.len() as f64,
                    0.0..1.0,
                )?;
                let labels = options.clone();
                chart
                    .configure_mesh()
                    .disable_x_mesh()
                    .x_labels(options.len() * 2 + 1)
                    .x_label_formatter(&move |x: &f64| {
                        let j = (x - 0.5).round();
                        if (x - 0.5 - j).abs() < 1e-9 && j >= 0.0 {
                            labels.get(j as usize).cloned().unwrap_or_default()
                        } else {
                            String::new()
                        }
                    })
                    .y_desc("share")
                    .draw()
                    .map_err(fail)?;
                chart
                    .draw_series(shares.iter().enumerate().map(|(o, &s)| {
                        let s = if s.is_finite() { s } else { 0.0 };
                        Rectangle::new(
                            [(o as f64 + 0.15, 0.0), (o as f64 + 0.85, s)],
                            color(o).filled(),
                        )
                    }))
                    .map_err(fail)?;
            }
            _ => {
                let xs: Vec<f64> = (0..samples.len())
                    .filter_map(|s| {
                        samples.outcome(s).and_then(|o| match o[k] {
                            Value::Number(t) => Some(t),
                            Value::Option(_) => None,
                        })
                    })
                    .collect();
                histogram(
                    a,
                    &format!("{}: agreed value (deals)", issue.id()),
                    &xs,
                    color(0),
                )?;
            }
        }
    }
    for (n, &i) in seated.iter().enumerate() {
        let Some(a) = area.next() else { break };
        let gains: Vec<f64> = (0..samples.len()).map(|s| samples.gains(s)[i]).collect();
        let title = format!("gain of {} (no deal = 0)", scenario.actors()[i].id());
        histogram(a, &title, &gains, color(n + 1))?;
    }
    Ok(())
}

/// A histogram of `xs` in [`BINS`] equal bins over their range, as shares.
fn histogram(a: &Area<'_>, title: &str, xs: &[f64], c: RGBColor) -> Result<()> {
    let (lo, hi) = padded(xs.iter().copied());
    let width = (hi - lo) / BINS as f64;
    let mut counts = [0u64; BINS];
    for &x in xs.iter().filter(|x| x.is_finite()) {
        let b = (((x - lo) / width) as usize).min(BINS - 1);
        counts[b] += 1;
    }
    let total = xs.len().max(1) as f64;
    let top = counts.iter().map(|&n| n as f64 / total).fold(0.0, f64::max);
    let mut chart = panel(a, title, lo..hi, 0.0..(top * 1.1).max(1e-3))?;
    chart
        .configure_mesh()
        .y_desc("share of samples")
        .draw()
        .map_err(fail)?;
    chart
        .draw_series(counts.iter().enumerate().map(|(b, &n)| {
            let x = lo + width * b as f64;
            Rectangle::new(
                [(x, 0.0), (x + width, n as f64 / total)],
                c.mix(0.8).filled(),
            )
        }))
        .map_err(fail)?;
    Ok(())
}
