//! An actor's `red_lines`: options vetoed on a discrete issue, bounds on a continuous
//! one, packages of conditions (`all`), each perhaps gated by a leverage range (`if`).

use super::{links, Ctx};
use crate::error::{FieldPath, Problem, Result};
use crate::scenario::raw::{RawCondition, RawRedLine};
use crate::space::{Domain, Issue};
use crate::utility::{Condition, Package, RedLine, Veto};

/// The one-issue red lines and the package red lines of the actor at path `actor`,
/// each kind in file order; `levers` are the leverage ids in file order.
pub(super) fn red_lines(
    cx: &Ctx,
    raw: Vec<RawRedLine>,
    issues: &[Issue],
    levers: &[String],
    actor: &FieldPath,
) -> Result<(Vec<RedLine>, Vec<Package>)> {
    let mut one = Vec::new();
    let mut packages = Vec::new();
    for (r, mut rr) in raw.into_iter().enumerate() {
        let at = actor.key("red_lines").index(r);
        let raw_gate = rr.gate.take();
        // The red line's own fields first, then its gate: errors come in reading order.
        let gate = |cx: &Ctx| {
            raw_gate
                .map(|g| links::gate(cx, g, levers, &at.key("if")))
                .transpose()
        };
        match rr.all.take() {
            Some(all) => {
                let all = package(cx, rr, all, issues, &at)?;
                packages.push(Package {
                    all,
                    gate: gate(cx)?,
                });
            }
            None => {
                let red_line = red_line(cx, rr, issues, &at)?;
                one.push(RedLine {
                    gate: gate(cx)?,
                    ..red_line
                });
            }
        }
    }
    Ok((one, packages))
}

fn package(
    cx: &Ctx,
    rr: RawRedLine,
    all: Vec<RawCondition>,
    issues: &[Issue],
    at: &FieldPath,
) -> Result<Vec<Condition>> {
    let mixed = [
        ("issue", rr.issue.is_some()),
        ("options", rr.options.is_some()),
        ("below", rr.below.is_some()),
        ("above", rr.above.is_some()),
    ];
    if let Some((key, _)) = mixed.iter().find(|m| m.1) {
        return cx.err(
            at.key(*key),
            Problem::WrongKind(
                "a package red line (`all`) takes its issues from its conditions".into(),
            ),
        );
    }
    let all = cx.non_empty(Some(all), &at.key("all"))?;
    links::conditions(cx, all, issues, &at.key("all"))
}

fn red_line(cx: &Ctx, rr: RawRedLine, issues: &[Issue], at: &FieldPath) -> Result<RedLine> {
    let id = cx.required(rr.issue, &at.key("issue"))?;
    let Some(k) = issues.iter().position(|i| i.id == id) else {
        return cx.err(at.key("issue"), Problem::Unknown { kind: "issue", id });
    };
    let veto = match &issues[k].domain {
        Domain::Discrete { options } => {
            if rr.below.is_some() || rr.above.is_some() {
                return cx.err(
                    at.clone(),
                    Problem::WrongKind("below/above apply to continuous issues only".into()),
                );
            }
            let labels = cx.non_empty(rr.options, &at.key("options"))?;
            vetoed_options(cx, &labels, options, &at.key("options"))?
        }
        Domain::Continuous { .. } => {
            if rr.options.is_some() {
                return cx.err(
                    at.key("options"),
                    Problem::WrongKind("options apply to discrete issues only".into()),
                );
            }
            if rr.below.is_none() && rr.above.is_none() {
                return cx.err(
                    at.clone(),
                    Problem::WrongKind("needs `below` or `above` on a continuous issue".into()),
                );
            }
            let bound = |b: Option<f64>, key| b.map(|b| cx.finite(b, &at.key(key))).transpose();
            Veto::Bounds {
                below: bound(rr.below, "below")?,
                above: bound(rr.above, "above")?,
            }
        }
    };
    Ok(RedLine {
        issue: k,
        veto,
        gate: None,
    })
}

fn vetoed_options(cx: &Ctx, labels: &[String], options: &[String], at: &FieldPath) -> Result<Veto> {
    let mut idx = Vec::with_capacity(labels.len());
    for (j, label) in labels.iter().enumerate() {
        match options.iter().position(|o| o == label) {
            Some(o) => idx.push(o),
            None => {
                return cx.err(
                    at.index(j),
                    Problem::Unknown {
                        kind: "option",
                        id: label.clone(),
                    },
                )
            }
        }
    }
    Ok(Veto::Options(idx))
}
