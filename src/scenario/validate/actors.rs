//! `actors`: ids, bargaining parameters and weights; values and red lines have their
//! own files.

use std::collections::HashSet;

use super::{red_lines, values, Ctx};
use crate::error::{FieldPath, Problem, Result};
use crate::scenario::raw::{
    Keyed, RawActor, DEFAULT_DISAGREEMENT, DEFAULT_PATIENCE, DEFAULT_POWER,
};
use crate::space::Issue;
use crate::utility::{normalised, Actor};

pub(super) fn actors(
    cx: &Ctx,
    raw: Vec<RawActor>,
    issues: &[Issue],
    at: &FieldPath,
) -> Result<Vec<Actor>> {
    let mut seen = HashSet::new();
    let actors = raw
        .into_iter()
        .enumerate()
        .map(|(i, ra)| actor(cx, ra, issues, &at.index(i), &mut seen))
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
    let Some(weights) = normalised(&stated_weights) else {
        return cx.err(at.key("weights"), Problem::AllZero);
    };
    let raw_values = ra.values.unwrap_or_default();
    let valuations = values::valuations(cx, &raw_values, issues, &weights, at)?;
    let red_lines = red_lines::red_lines(cx, ra.red_lines.unwrap_or_default(), issues, at)?;
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
        packages: Vec::new(),
        interactions: Vec::new(),
    };
    Ok(actor)
}

/// The weights as stated, one per issue in file order (0 where the file gives none);
/// non-negative, finite, with a positive finite sum.
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
    let total: f64 = w.iter().sum();
    if total <= 0.0 || !total.is_finite() {
        return cx.err(at.clone(), Problem::AllZero);
    }
    Ok(w)
}
