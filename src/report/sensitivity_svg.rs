//! A sensitivity analysis drawn as an SVG (`sensitivity --plot F.svg`): one panel per
//! output that varies, one row of horizontal bars per parameter (Sobol: first-order and
//! total index; Morris: mu* and sigma; each with its bootstrap interval), on a labelled
//! axis with ticks.
//!
//! Nothing is cut off: the label column is as wide as the longest parameter path, the
//! panels as wide as their labels, a long title wraps onto more lines, and a panel
//! title too long for its panel is set smaller, then shortened. Widths are estimated
//! from the character count (0.6 em a character, wider than the average sans-serif
//! glyph), since the SVG's text is laid out by the viewer.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::{color, fail, Area};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::sensitivity::{Analysis, Estimate, Indices};

/// Width of the bars' scale, pixels.
const BARS: i32 = 260;
/// Height of one parameter's row.
const ROW: i32 = 26;
/// Height of a panel's title.
const PANEL_HEAD: i32 = 34;
/// Below the rows: the axis, its tick labels and its label.
const PANEL_FOOT: i32 = 50;
/// Widest figure before panels go onto more rows.
const MAX_WIDTH: i32 = 1260;
const MAX_COLUMNS: usize = 3;
const MARGIN: i32 = 10;
/// Text sizes as given to plotters, which writes `size / 1.24` pixels.
const TITLE: u32 = 20;
const PANEL_TITLE: u32 = 16;
const LABEL: u32 = 14;
const SMALL: u32 = 13;

/// The SVG text of the plot.
///
/// # Errors
/// [`ReportError::Render`](crate::error::ReportError::Render) when plotters fails to draw.
pub fn sensitivity_svg(scenario: &Scenario, analysis: &Analysis) -> Result<String> {
    let k = analysis.params.len();
    let panels: Vec<usize> = (0..analysis.outputs.len())
        .filter(|&n| moved(analysis, n))
        .collect();
    let label_w = analysis
        .params
        .iter()
        .map(|p| text_width(p.path(), LABEL))
        .fold(text_width("parameter", SMALL), f64::max)
        .ceil() as i32;
    let panel_w = MARGIN + label_w + MARGIN + BARS + 3 * MARGIN;
    let columns = usize::try_from(MAX_WIDTH / panel_w)
        .unwrap_or(1)
        .clamp(1, MAX_COLUMNS)
        .min(panels.len().max(1));
    let width = (panel_w * columns as i32).max(560);
    let title = wrap(
        &title(scenario, analysis),
        f64::from(width - 2 * MARGIN),
        TITLE,
    );
    let line = px(TITLE).ceil() as i32 + 6;
    let head = MARGIN + line * title.len() as i32 + 30;
    let panel_h = PANEL_HEAD + ROW * k as i32 + PANEL_FOOT;
    let rows = panels.len().div_ceil(columns).max(1);
    let height = head + panel_h * rows as i32;
    let mut buf = String::new();
    {
        let size = (width as u32, height as u32);
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (top, body) = root.split_vertically(head);
        for (j, text) in title.iter().enumerate() {
            let at = (width / 2, MARGIN + line * j as i32);
            let style = TextStyle::from(("sans-serif", TITLE).into_font())
                .pos(Pos::new(HPos::Center, VPos::Top));
            top.draw(&Text::new(text.clone(), at, style))
                .map_err(fail)?;
        }
        legend(&top, analysis, MARGIN + line * title.len() as i32 + 6)?;
        let areas = body.split_evenly((rows, columns));
        for (area, &n) in areas.iter().zip(&panels) {
            panel(area, analysis, n, label_w)?;
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

/// Whether output `n` moved in the run: every parameter has an index, and one of them
/// is not 0 (a Morris run whose every step left the output where it was has mu* 0
/// throughout; a Sobol index of an output that never varies is undefined).
pub(crate) fn moved(analysis: &Analysis, n: usize) -> bool {
    let first = |i| bars(&analysis.indices, n, i)[0].value;
    let k = analysis.params.len();
    (0..k).all(|i| first(i).is_finite()) && (0..k).any(|i| first(i) != 0.0)
}

/// The bars of one (output, parameter): Sobol first and total, or Morris mu* and sigma.
fn bars(indices: &Indices, n: usize, i: usize) -> [Estimate; 2] {
    match indices {
        Indices::Sobol(s) => [s.first[n][i], s.total[n][i]],
        Indices::Morris(m) => [m.indices[n][i].mu_star, m.indices[n][i].sigma],
    }
}

/// The two bars' names and what the interval is, one line under the title.
fn legend(area: &Area<'_>, analysis: &Analysis, y: i32) -> Result<()> {
    let names = if analysis.sobol().is_some() {
        ["first-order index S1", "total index ST"]
    } else {
        [
            "mu* (mean |elementary effect|)",
            "sigma (sd of the effects)",
        ]
    };
    let confidence = analysis.options.bootstrap.confidence * 100.0;
    let interval = format!("{confidence:.0} % bootstrap interval");
    let style = || TextStyle::from(("sans-serif", SMALL).into_font());
    let mut x = MARGIN;
    for (j, name) in names.iter().enumerate() {
        area.draw(&Rectangle::new(
            [(x, y), (x + 18, y + 10)],
            shade(j).filled(),
        ))
        .map_err(fail)?;
        area.draw(&Text::new(name.to_string(), (x + 24, y), style()))
            .map_err(fail)?;
        x += 24 + text_width(name, SMALL).ceil() as i32 + 20;
    }
    area.draw(&PathElement::new(vec![(x, y + 5), (x + 18, y + 5)], BLACK))
        .map_err(fail)?;
    area.draw(&Text::new(interval, (x + 24, y), style()))
        .map_err(fail)
}

fn shade(j: usize) -> RGBAColor {
    color(0).mix(if j == 0 { 1.0 } else { 0.45 })
}

fn panel(area: &Area<'_>, analysis: &Analysis, n: usize, label_w: i32) -> Result<()> {
    let k = analysis.params.len();
    let sobol = analysis.sobol().is_some();
    let (top, step) = if sobol {
        (1.0, 0.25)
    } else {
        let most = (0..k)
            .flat_map(|i| bars(&analysis.indices, n, i))
            .flat_map(|e| [e.value, e.hi])
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        nice_scale(most)
    };
    let x0 = MARGIN + label_w + MARGIN;
    let x = |v: f64| x0 + (f64::from(BARS) * (v.clamp(0.0, top) / top)).round() as i32;
    let (w, _) = area.dim_in_pixel();
    let room = f64::from(w as i32 - 2 * MARGIN);
    let (name, size) = fit(&analysis.outputs[n], room, PANEL_TITLE, SMALL);
    let left = |size| TextStyle::from(("sans-serif", size).into_font());
    area.draw(&Text::new(name, (MARGIN, 8), left(size)))
        .map_err(fail)?;
    for (i, p) in analysis.params.iter().enumerate() {
        let y = PANEL_HEAD + ROW * i as i32;
        let style = left(LABEL).pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(
            p.path().to_string(),
            (MARGIN, y + ROW / 2 - 2),
            style,
        ))
        .map_err(fail)?;
        let h = (ROW - 6) / 2;
        for (j, e) in bars(&analysis.indices, n, i).iter().enumerate() {
            let y0 = y + j as i32 * h;
            if e.value > 0.0 {
                area.draw(&Rectangle::new(
                    [(x(0.0), y0), (x(e.value), y0 + h - 1)],
                    shade(j).filled(),
                ))
                .map_err(fail)?;
            }
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
    axis(area, analysis, k, (top, step), &x)
}

/// The bars' axis under the rows: a line, ticks with their values, and its label.
fn axis(
    area: &Area<'_>,
    analysis: &Analysis,
    k: usize,
    (top, step): (f64, f64),
    x: &dyn Fn(f64) -> i32,
) -> Result<()> {
    let y = PANEL_HEAD + ROW * k as i32 + 2;
    area.draw(&PathElement::new(vec![(x(0.0), y), (x(top), y)], BLACK))
        .map_err(fail)?;
    let ticks = (top / step).round() as usize;
    // As many decimals as the step needs (0.25: 2, 0.5: 1, 20: 0).
    let decimals = (0..12)
        .find(|&d| {
            let scaled = step * 10_f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-9 * scaled.max(1.0)
        })
        .unwrap_or(12) as usize;
    let centred = || {
        TextStyle::from(("sans-serif", SMALL).into_font()).pos(Pos::new(HPos::Center, VPos::Top))
    };
    for t in 0..=ticks {
        let v = step * t as f64;
        area.draw(&PathElement::new(vec![(x(v), y), (x(v), y + 4)], BLACK))
            .map_err(fail)?;
        area.draw(&Text::new(
            format!("{v:.decimals$}"),
            (x(v), y + 7),
            centred(),
        ))
        .map_err(fail)?;
    }
    let label = if analysis.sobol().is_some() {
        "Sobol index (share of the output's variance)"
    } else {
        "output change across the parameter's range"
    };
    area.draw(&Text::new(
        label.to_string(),
        (x(top / 2.0), y + 24),
        centred(),
    ))
    .map_err(fail)
}

/// An axis end at or above `most` and a tick step: 1, 2 or 5 times a power of ten,
/// 3 to 5 steps.
fn nice_scale(most: f64) -> (f64, f64) {
    if !(most > 0.0 && most.is_finite()) {
        return (1.0, 0.25);
    }
    let raw = most / 4.0;
    let power = 10_f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    ((most / step).ceil().max(1.0) * step, step)
}

/// Pixels that plotters writes for a font of `size`.
fn px(size: u32) -> f64 {
    f64::from(size) / 1.24
}

/// Estimated width of `text` at `size`: 0.6 em a character.
pub(crate) fn text_width(text: &str, size: u32) -> f64 {
    text.chars().count() as f64 * 0.6 * px(size)
}

/// `text` at the largest size from `size` down to `min` that fits `room` pixels; at
/// `min`, shortened with an ellipsis to fit.
fn fit(text: &str, room: f64, size: u32, min: u32) -> (String, u32) {
    if let Some(s) = (min..=size).rev().find(|&s| text_width(text, s) <= room) {
        return (text.to_string(), s);
    }
    let chars = (room / (0.6 * px(min))).floor() as usize;
    let cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    (format!("{cut}…"), min)
}

/// `text` broken at spaces into lines that fit `room` pixels at `size` (a word longer
/// than a line is cut with an ellipsis).
fn wrap(text: &str, room: f64, size: u32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(fit(word, room, size, size).0),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_nice_and_cover_the_largest_value() {
        let near =
            |(a, b): (f64, f64), (c, d): (f64, f64)| (a - c).abs() < 1e-12 && (b - d).abs() < 1e-12;
        assert!(near(nice_scale(0.37), (0.4, 0.1)));
        assert!(near(nice_scale(1.0), (1.0, 0.5)));
        assert!(near(nice_scale(7.3), (8.0, 2.0)));
        assert!(near(nice_scale(0.0), (1.0, 0.25)));
        for most in [0.013, 0.2, 0.999, 3.5, 41.0, 1e-7] {
            let (top, step) = nice_scale(most);
            assert!(
                top >= most && top - most < step + 1e-12,
                "{most}: {top} {step}"
            );
            let steps = top / step;
            assert!((1.0..=5.0 + 1e-9).contains(&steps), "{most}: {steps}");
        }
    }

    #[test]
    fn long_titles_wrap_and_long_words_are_cut_to_fit() {
        let text = "a_rather_long_scenario_name: sobol indices under nash, 1000 base rows, seed 7";
        let lines = wrap(text, 300.0, TITLE);
        assert!(lines.len() > 1);
        assert!(
            lines.iter().all(|l| text_width(l, TITLE) <= 300.0),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), text);
        let long = "x".repeat(200);
        let (cut, size) = fit(&long, 100.0, PANEL_TITLE, SMALL);
        assert_eq!(size, SMALL);
        assert!(cut.ends_with('…') && text_width(&cut, size) <= 100.0);
        assert_eq!(
            fit("deal", 100.0, PANEL_TITLE, SMALL),
            ("deal".into(), PANEL_TITLE)
        );
    }
}
