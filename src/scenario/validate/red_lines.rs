//! An actor's `red_lines`: options vetoed on a discrete issue, bounds on a continuous
//! one.

use super::Ctx;
use crate::error::{FieldPath, Problem, Result};
use crate::scenario::raw::RawRedLine;
use crate::space::{Domain, Issue};
use crate::utility::{RedLine, Veto};

/// The red lines of the actor at path `actor`.
pub(super) fn red_lines(
    cx: &Ctx,
    raw: Vec<RawRedLine>,
    issues: &[Issue],
    actor: &FieldPath,
) -> Result<Vec<RedLine>> {
    raw.into_iter()
        .enumerate()
        .map(|(r, rr)| red_line(cx, rr, issues, &actor.key("red_lines").index(r)))
        .collect()
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
