//! Linked issues (CONTRACT §7): conditions on one issue, red lines' gates on a leverage
//! variable, and an actor's interaction terms.

use super::Ctx;
use crate::error::{FieldPath, Problem, Result};
use crate::scenario::limits::{MAX_CONDITIONS, MAX_INTERACTIONS};
use crate::scenario::raw::{RawCondition, RawGate, RawInteraction};
use crate::space::{Domain, Issue};
use crate::utility::{Condition, Gate, Interaction, Test};

/// A list of conditions (`all` of a package or `when` of a term), in the order given.
pub(super) fn conditions(
    cx: &Ctx,
    raw: Vec<RawCondition>,
    issues: &[Issue],
    at: &FieldPath,
) -> Result<Vec<Condition>> {
    cx.at_most(&raw, MAX_CONDITIONS, at)?;
    raw.into_iter()
        .enumerate()
        .map(|(j, rc)| condition(cx, rc, issues, &at.index(j)))
        .collect()
}

fn condition(cx: &Ctx, rc: RawCondition, issues: &[Issue], at: &FieldPath) -> Result<Condition> {
    let id = cx.required(rc.issue, &at.key("issue"))?;
    let Some(k) = issues.iter().position(|i| i.id == id) else {
        return cx.err(at.key("issue"), Problem::Unknown { kind: "issue", id });
    };
    let given = [
        ("options", rc.options.is_some()),
        ("below", rc.below.is_some()),
        ("above", rc.above.is_some()),
        ("between", rc.between.is_some()),
    ];
    let keys: Vec<&str> = given.iter().filter(|g| g.1).map(|g| g.0).collect();
    match keys.as_slice() {
        [] => {
            return cx.err(
                at.clone(),
                Problem::WrongKind(
                    "a condition needs one of `options`, `below`, `above` or `between`".into(),
                ),
            )
        }
        [_] => {}
        [first, second, ..] => {
            return cx.err(
                at.clone(),
                Problem::WrongKind(format!(
                    "a condition takes one test, got both `{first}` and `{second}`"
                )),
            )
        }
    }
    let test = match (&issues[k].domain, rc.options) {
        (Domain::Discrete { options }, Some(labels)) => {
            option_test(cx, labels, options, &at.key("options"))?
        }
        (Domain::Discrete { .. }, None) => {
            return cx.err(
                at.key(keys[0]),
                Problem::WrongKind("below/above/between apply to continuous issues only".into()),
            )
        }
        (Domain::Continuous { .. }, Some(_)) => {
            return cx.err(
                at.key("options"),
                Problem::WrongKind("options apply to discrete issues only".into()),
            )
        }
        (Domain::Continuous { .. }, None) => number_test(cx, rc.below, rc.above, rc.between, at)?,
    };
    Ok(Condition { issue: k, test })
}

fn option_test(cx: &Ctx, labels: Vec<String>, options: &[String], at: &FieldPath) -> Result<Test> {
    let labels = cx.non_empty(Some(labels), at)?;
    let mut idx = Vec::with_capacity(labels.len());
    for (j, label) in labels.into_iter().enumerate() {
        match options.iter().position(|o| *o == label) {
            Some(o) => idx.push(o),
            None => {
                return cx.err(
                    at.index(j),
                    Problem::Unknown {
                        kind: "option",
                        id: label,
                    },
                )
            }
        }
    }
    Ok(Test::Options(idx))
}

/// The one numeric test given (the caller has checked there is exactly one).
fn number_test(
    cx: &Ctx,
    below: Option<f64>,
    above: Option<f64>,
    between: Option<Vec<f64>>,
    at: &FieldPath,
) -> Result<Test> {
    if let Some(b) = below {
        return Ok(Test::Below(cx.finite(b, &at.key("below"))?));
    }
    if let Some(a) = above {
        return Ok(Test::Above(cx.finite(a, &at.key("above"))?));
    }
    let range = cx.required(between, &at.key("between"))?;
    let at = at.key("between");
    if range.len() != 2 {
        return cx.err(
            at,
            Problem::WrongKind(format!("must be [lo, hi], got {} numbers", range.len())),
        );
    }
    let lo = cx.finite(range[0], &at.index(0))?;
    let hi = cx.finite(range[1], &at.index(1))?;
    if lo > hi {
        return cx.err(at, Problem::Reversed { lo, hi });
    }
    Ok(Test::Between(lo, hi))
}

/// A red line's `if`: a known leverage variable (`levers` are the ids in file order)
/// and one range of its levels.
pub(super) fn gate(cx: &Ctx, rg: RawGate, levers: &[String], at: &FieldPath) -> Result<Gate> {
    let id = cx.required(rg.leverage, &at.key("leverage"))?;
    let Some(l) = levers.iter().position(|v| *v == id) else {
        return cx.err(
            at.key("leverage"),
            Problem::Unknown {
                kind: "leverage variable",
                id,
            },
        );
    };
    if rg.options.is_some() {
        return cx.err(
            at.key("options"),
            Problem::WrongKind(
                "a gate takes a range of levels (`below`, `above` or `between`), not options"
                    .into(),
            ),
        );
    }
    let given = [
        ("below", rg.below.is_some()),
        ("above", rg.above.is_some()),
        ("between", rg.between.is_some()),
    ];
    let keys: Vec<&str> = given.iter().filter(|g| g.1).map(|g| g.0).collect();
    match keys.as_slice() {
        [] => cx.err(
            at.clone(),
            Problem::WrongKind("a gate needs one of `below`, `above` or `between`".into()),
        ),
        [_] => Ok(Gate {
            leverage: l,
            test: number_test(cx, rg.below, rg.above, rg.between, at)?,
        }),
        [first, second, ..] => cx.err(
            at.clone(),
            Problem::WrongKind(format!(
                "a gate takes one range, got both `{first}` and `{second}`"
            )),
        ),
    }
}

/// An actor's interaction terms with their stated weights (`weight` is set when the
/// actor's weights are normalised). `actor` is the actor's path.
pub(super) fn interactions(
    cx: &Ctx,
    raw: Vec<RawInteraction>,
    issues: &[Issue],
    actor: &FieldPath,
) -> Result<Vec<Interaction>> {
    let at = actor.key("interactions");
    cx.at_most(&raw, MAX_INTERACTIONS, &at)?;
    raw.into_iter()
        .enumerate()
        .map(|(j, ri)| interaction(cx, ri, issues, &at.index(j)))
        .collect()
}

fn interaction(
    cx: &Ctx,
    ri: RawInteraction,
    issues: &[Issue],
    at: &FieldPath,
) -> Result<Interaction> {
    let when = cx.required(ri.when, &at.key("when"))?;
    let when = conditions(cx, when, issues, &at.key("when"))?;
    let value = cx.required(ri.value, &at.key("value"))?;
    let value = cx.utility(value, &at.key("value"))?;
    let weight = cx.required(ri.weight, &at.key("weight"))?;
    let weight = cx.finite(weight, &at.key("weight"))?;
    if weight < 0.0 {
        return cx.err(at.key("weight"), Problem::Negative(weight));
    }
    Ok(Interaction {
        when,
        value,
        stated_weight: weight,
        weight: 0.0,
    })
}
