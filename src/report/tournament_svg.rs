//! A tournament drawn as an SVG (`tournament --plot F.svg`): each strategy a labelled
//! point at (mean distance to the Nash agreement, mean gain), in the house style of
//! [`sweep_svg`](super::sweep_svg).

use plotters::prelude::*;

use super::svg::{color, fail, Area};
use crate::error::Result;
use crate::negotiate::{Negotiation, Standings, Tournament};

const SIZE: (u32, u32) = (860, 520);
/// Pixels to the right of the chart that hold the legend.
const LEGEND_WIDTH: u32 = 200;
/// Characters of the title that fit the width at its font size.
const TITLE_CHARS: usize = 64;

/// The SVG text of the tournament's plot: one point per strategy at its mean distance
/// to the Nash agreement (over the pairs with a deal) and its mean gain (a run without
/// a deal counting 0), labelled with its name; beside the chart, a legend. A strategy
/// that never reached a deal has no distance: the legend marks it `(no deal)` and it
/// is not drawn.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::negotiate::{Negotiation, NegotiationOptions, Tournament};
/// use detente::Scenario;
///
/// let scenario = Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#,
///   "pie.json")?;
/// let tournament = Tournament::new(&["linear", "hardliner"])?;
/// let negotiations = [Negotiation::new(&scenario, &[], NegotiationOptions::default())?];
/// let standings = tournament.play(&negotiations)?;
/// let svg = detente::report::tournament_svg(&negotiations, &tournament, &standings)?;
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("hardliner"));
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`ReportError::Render`](crate::error::ReportError::Render) when plotters fails to draw.
pub fn tournament_svg(
    negotiations: &[Negotiation<'_>],
    tournament: &Tournament,
    standings: &Standings,
) -> Result<String> {
    let points: Vec<Option<(f64, f64)>> = standings
        .by_strategy
        .iter()
        .map(|st| st.mean_nash_distance.zip(st.mean_gain))
        .collect();
    let names = tournament.names();
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (head, body) = root.split_vertically(40);
        let title = title(negotiations, tournament, standings);
        head.titled(&title, ("sans-serif", 20)).map_err(fail)?;
        let (plot, side) = body.split_horizontally(SIZE.0 - LEGEND_WIDTH);
        scatter(&plot, names, &points)?;
        side_legend(&side, names, &points)?;
        root.present().map_err(fail)?;
    }
    Ok(buf)
}

/// The points, each labelled with its strategy's name, from a distance of 0 and a gain
/// of 0 (or below, if a mean gain is negative) to a quarter past the largest.
fn scatter(area: &Area<'_>, names: &[String], points: &[Option<(f64, f64)>]) -> Result<()> {
    let drawn = || points.iter().filter_map(|p| *p);
    let top = |v: f64| if v > 0.0 { v * 1.25 } else { 1.0 };
    let x1 = top(drawn().map(|p| p.0).fold(0.0, f64::max));
    let y0 = drawn().map(|p| p.1).fold(0.0, f64::min);
    let y1 = top(drawn().map(|p| p.1).fold(0.0, f64::max));
    let y0 = if y0 < 0.0 { y0 * 1.25 } else { 0.0 };
    let mut chart = ChartBuilder::on(area)
        .caption(
            "mean gain against mean distance to the Nash agreement",
            ("sans-serif", 15),
        )
        .margin(8)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..x1, y0..y1)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("mean distance to the Nash agreement's gains (runs with a deal)")
        .y_desc("mean gain (no deal = 0)")
        .draw()
        .map_err(fail)?;
    for (s, point) in points.iter().enumerate() {
        let (c, name) = (color(s), names.get(s).cloned().unwrap_or_default());
        chart
            .draw_series(point.map(|p| {
                EmptyElement::at(p)
                    + Circle::new((0, 0), 5, c.filled())
                    + Text::new(name.clone(), (8, -14), ("sans-serif", 12))
            }))
            .map_err(fail)?;
    }
    Ok(())
}

/// The legend beside the chart, so that it never hides a point: one colour and name
/// per strategy, the ones without a deal marked as not drawn.
fn side_legend(area: &Area<'_>, names: &[String], points: &[Option<(f64, f64)>]) -> Result<()> {
    const ROW: i32 = 18;
    let rows = i32::try_from(names.len()).unwrap_or(i32::MAX / ROW - 2);
    let bottom = 40 + ROW * (rows + 1);
    area.draw(&Rectangle::new(
        [(4, 40), (LEGEND_WIDTH as i32 - 8, bottom)],
        BLACK,
    ))
    .map_err(fail)?;
    area.draw(&Text::new("strategies", (14, 46), ("sans-serif", 12)))
        .map_err(fail)?;
    for (s, (name, point)) in names.iter().zip(points).enumerate() {
        let y = 46 + ROW * (s as i32 + 1);
        let text = match point {
            Some(_) => name.clone(),
            None => format!("{name} (no deal)"),
        };
        area.draw(&Circle::new((20, y + 6), 4, color(s).filled()))
            .map_err(fail)?;
        area.draw(&Text::new(text, (30, y), ("sans-serif", 11)))
            .map_err(fail)?;
    }
    Ok(())
}

/// `pie: tournament of 3 strategies, 12 runs, deadline 100`, the scenario's name
/// shortened to fit (or the number of scenarios when there are several).
fn title(
    negotiations: &[Negotiation<'_>],
    tournament: &Tournament,
    standings: &Standings,
) -> String {
    let deadline = negotiations.first().map_or(0, Negotiation::deadline);
    let rest = format!(
        ": tournament of {} strategies, {} runs, deadline {deadline}",
        tournament.names().len(),
        standings.runs.len()
    );
    let what = match negotiations {
        [one] => one.scenario().name().to_string(),
        many => format!("{} scenarios", many.len()),
    };
    let room = TITLE_CHARS.saturating_sub(rest.chars().count()).max(8);
    let what = if what.chars().count() > room {
        let cut: String = what.chars().take(room - 1).collect();
        format!("{cut}…")
    } else {
        what
    };
    what + &rest
}
