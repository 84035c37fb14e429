//! `actors`: ids, bargaining parameters and weights; values and red lines have their
//! own files.

use std::collections::HashSet;

use super::{links, red_lines, values, Ctx};
use crate::error::{FieldPath, Problem, Result};
use crate::scenario::raw::{
    Keyed, RawActor, DEFAULT_DISAGREEMENT, DEFAULT_PATIENCE, DEFAULT_POWER,
};
use crate::space::Issue;
use crate::utility::{normalised, Actor, Interaction};

pub(super) fn actors(
    cx: &Ctx,
    raw: Vec<RawActor>,
    issues: &[Issue],
    levers: &[String],
    at: &FieldPath,
) -> Result<Vec<Actor>> {
    let mut seen = HashSet::new();
    let actors = raw
        .into_iter()
        .enumerate()
        .map(|(i, ra)| actor(cx, ra, issues, levers, &at.index(i), &mut seen))
        .collect::<Result<Vec<_>>>()?;
    if actors.iter().all(|a| !a.seated) {
        return cx.err(at.clone(), Problem::NoneSeated);
    }
    Ok(actors)
}

fn actor(
    cx: &Ctx,
    ra: RawActor,
    issues: &[Issue],
    levers: &[String],
    at: &FieldPath,
    seen: &mut HashSet<String>,
) -> Result<Actor> {
    let id = cx.id(ra.id, &at.key("id"), seen)?;
    let power = cx.finite(ra.power.unwrap_or(DEFAULT_POWER), &at.key("power"))?;
    if power <= 0.0 {
        return cx.err(
            at.key("power"),
            Problem::OutOfRange {
                value: power,
                allowed: "(0, inf)",
            },
        );
    }
    let patience = ra.patience.unwrap_or(DEFAULT_PATIENCE);
    if !(patience > 0.0 && patience < 1.0) {
        return cx.err(
            at.key("patience"),
            Problem::OutOfRange {
                value: patience,
                allowed: "(0, 1)",
            },
        );
    }
    let disagreement = cx.utility(
        ra.disagreement.unwrap_or(DEFAULT_DISAGREEMENT),
        &at.key("disagreement"),
    )?;
    let stated_weights = weights(cx, ra.weights, issues, &at.key("weights"))?;
    let mut interactions =
        links::interactions(cx, ra.interactions.unwrap_or_default(), issues, at)?;
    let weights = normalise(cx, &stated_weights, &mut interactions, at)?;
    let raw_values = ra.values.unwrap_or_default();
    let valuations = values::valuations(cx, &raw_values, issues, &weights, at)?;
    let raw_red_lines = ra.red_lines.unwrap_or_default();
    let (red_lines, packages) = red_lines::red_lines(cx, raw_red_lines, issues, levers, at)?;
    let actor = Actor {
        id,
        description: ra.description.unwrap_or_default(),
        seated: ra.seated.unwrap_or(true),
        power,
        patience,
        disagreement,
        stated_weights,
        weights,
        valuations,
        red_lines,
        packages,
        interactions,
    };
    Ok(actor)
}

/// Issue and interaction weights normalised together (CONTRACT §7): the issue weights
/// are returned, the interactions' `weight` is set.
fn normalise(
    cx: &Ctx,
    stated: &[f64],
    interactions: &mut [Interaction],
    at: &FieldPath,
) -> Result<Vec<f64>> {
    let all: Vec<f64> = stated
        .iter()
        .copied()
        .chain(interactions.iter().map(|t| t.stated_weight))
        .collect();
    let Some(mut weights) = normalised(&all) else {
        return cx.err(at.key("weights"), Problem::AllZero);
    };
    for (t, &w) in interactions.iter_mut().zip(&weights[stated.len()..]) {
        t.weight = w;
    }
    weights.truncate(stated.len());
    Ok(weights)
}

/// The weights as stated, one per issue in file order (0 where the file gives none);
/// non-negative and finite (their sum is checked with the interactions' weights).
fn weights(
    cx: &Ctx,
    raw: Option<Keyed<f64>>,
    issues: &[Issue],
    at: &FieldPath,
) -> Result<Vec<f64>> {
    let raw = cx.required(raw, at)?;
    let mut w = vec![0.0; issues.len()];
    for (id, &x) in raw.iter() {
        let field = at.key(id);
        let Some(k) = issues.iter().position(|i| &i.id == id) else {
            return cx.err(
                field,
                Problem::Unknown {
                    kind: "issue",
                    id: id.clone(),
                },
            );
        };
        let x = cx.finite(x, &field)?;
        if x < 0.0 {
            return cx.err(field, Problem::Negative(x));
        }
        w[k] = x;
    }
    Ok(w)
}
