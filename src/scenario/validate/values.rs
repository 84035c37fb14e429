//! An actor's `values`: a number per option of a discrete issue, a piecewise-linear
//! curve over a continuous issue's range.

use super::Ctx;
use crate::error::{FieldPath, Problem, Result};
use crate::scenario::limits::MAX_CURVE_POINTS;
use crate::scenario::raw::{Keyed, Loose};
use crate::space::{Domain, Issue};
use crate::utility::{PiecewiseLinear, Valuation};

/// One valuation per issue in file order; `weights` are the normalised weights (a
/// value may be omitted only where the weight is 0). `actor` is the actor's path.
pub(super) fn valuations(
    cx: &Ctx,
    raw: &Keyed<Keyed<Loose>>,
    issues: &[Issue],
    weights: &[f64],
    actor: &FieldPath,
) -> Result<Vec<Valuation>> {
    let at = actor.key("values");
    for id in raw.keys() {
        if !issues.iter().any(|i| &i.id == id) {
            return cx.err(
                at.key(id),
                Problem::Unknown {
                    kind: "issue",
                    id: id.clone(),
                },
            );
        }
    }
    issues
        .iter()
        .zip(weights)
        .map(|(issue, &w)| match raw.get(&issue.id) {
            None if w > 0.0 => cx.err(at.key(&issue.id), Problem::Missing),
            None => Ok(Valuation::Absent),
            Some(entries) => valuation(cx, entries, issue, &at.key(&issue.id)),
        })
        .collect()
}

fn valuation(cx: &Ctx, entries: &Keyed<Loose>, issue: &Issue, at: &FieldPath) -> Result<Valuation> {
    match &issue.domain {
        Domain::Discrete { options } => {
            for label in entries.keys() {
                if !options.contains(label) {
                    return cx.err(
                        at.key(label),
                        Problem::Unknown {
                            kind: "option",
                            id: label.clone(),
                        },
                    );
                }
            }
            options
                .iter()
                .map(|label| match entries.get(label) {
                    None => cx.err(at.key(label), Problem::Missing),
                    Some(v) => utility(cx, v, &at.key(label)),
                })
                .collect::<Result<Vec<_>>>()
                .map(Valuation::Options)
        }
        Domain::Continuous { lo, hi } => {
            for key in entries.keys() {
                if key != "points" {
                    return cx.err(
                        at.key(key),
                        Problem::WrongKind("a continuous issue takes only `points`".into()),
                    );
                }
            }
            let points = cx.required(entries.get("points"), &at.key("points"))?;
            curve(cx, points, *lo, *hi, &at.key("points")).map(Valuation::Curve)
        }
    }
}

fn number(cx: &Ctx, v: &Loose, at: &FieldPath) -> Result<f64> {
    match v {
        Loose::Number(x) => cx.finite(*x, at),
        other => cx.err(
            at.clone(),
            Problem::WrongKind(format!("must be a number, got {other}")),
        ),
    }
}

/// A number that is a utility (an option's or a curve's value).
fn utility(cx: &Ctx, v: &Loose, at: &FieldPath) -> Result<f64> {
    cx.utility(number(cx, v, at)?, at)
}

fn curve(cx: &Ctx, v: &Loose, lo: f64, hi: f64, at: &FieldPath) -> Result<PiecewiseLinear> {
    let Loose::List(list) = v else {
        return cx.err(
            at.clone(),
            Problem::WrongKind("must be a list of [x, y] pairs".into()),
        );
    };
    if list.len() < 2 {
        return cx.err(
            at.clone(),
            Problem::WrongKind("needs at least two points to cover the range".into()),
        );
    }
    cx.at_most(list, MAX_CURVE_POINTS, at)?;
    let mut xs = Vec::with_capacity(list.len());
    let mut ys = Vec::with_capacity(list.len());
    for (j, p) in list.iter().enumerate() {
        let Loose::List(pair) = p else {
            return cx.err(
                at.index(j),
                Problem::WrongKind("must be an [x, y] pair".into()),
            );
        };
        let [px, py] = pair.as_slice() else {
            return cx.err(
                at.index(j),
                Problem::WrongKind("must be an [x, y] pair".into()),
            );
        };
        let x = number(cx, px, &at.index(j).index(0))?;
        let y = utility(cx, py, &at.index(j).index(1))?;
        if xs.last().is_some_and(|&prev| x <= prev) {
            return cx.err(at.index(j), Problem::NotIncreasing { at: j });
        }
        xs.push(x);
        ys.push(y);
    }
    if xs[0] > lo || xs[xs.len() - 1] < hi {
        return cx.err(at.clone(), Problem::DoesNotCover { lo, hi });
    }
    Ok(PiecewiseLinear::from_validated(xs, ys))
}
