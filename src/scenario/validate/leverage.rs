//! `leverage`: ids, status-quo values, distributions and effects.

use std::collections::HashSet;

use super::Ctx;
use crate::error::{FieldPath, Problem, Result};
use crate::scenario::dist::{Family, LeverageDist};
use crate::scenario::effect::Linear;
use crate::scenario::leverage::{EffectKind, Leverage, LeverageEffect};
use crate::scenario::raw::{RawDistribution, RawEffect, RawLeverage};
use crate::utility::Actor;

pub(super) fn leverage(
    cx: &Ctx,
    raw: Vec<RawLeverage>,
    actors: &[Actor],
    at: &FieldPath,
) -> Result<Vec<Leverage>> {
    let mut seen = HashSet::new();
    raw.into_iter()
        .enumerate()
        .map(|(l, rl)| variable(cx, rl, actors, &at.index(l), &mut seen))
        .collect()
}

fn variable(
    cx: &Ctx,
    rl: RawLeverage,
    actors: &[Actor],
    at: &FieldPath,
    seen: &mut HashSet<String>,
) -> Result<Leverage> {
    let id = cx.id(rl.id, &at.key("id"), seen)?;
    let stated = rl
        .distribution
        .map(|d| distribution(cx, d, &at.key("distribution")))
        .transpose()?;
    let value = match (rl.value, stated) {
        (Some(v), _) => cx.finite(v, &at.key("value"))?,
        (None, Some(d)) => d.mean(),
        (None, None) => {
            return cx.err(
                at.key("value"),
                Problem::WrongKind("give a value or a distribution".into()),
            )
        }
    };
    let distribution = match stated {
        Some(d) => d,
        // A value without a distribution: the variable is fixed there.
        None => distribution(cx, RawDistribution::Fixed(value), &at.key("value"))?,
    };
    let effects = rl
        .effects
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(e, re)| effect(cx, re, actors, &at.key("effects").index(e)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Leverage {
        id,
        description: rl.description.unwrap_or_default(),
        value,
        distribution,
        effects,
    })
}

/// The rules live in [`LeverageDist::new`]; here they get the field path: the family's
/// key, and the parameter's index for the two-parameter families.
fn distribution(cx: &Ctx, d: RawDistribution, at: &FieldPath) -> Result<LeverageDist> {
    let (key, family, params) = match d {
        RawDistribution::Fixed(x) => ("fixed", Family::Fixed(x), vec![x]),
        RawDistribution::Uniform([lo, hi]) => ("uniform", Family::Uniform(lo, hi), vec![lo, hi]),
        RawDistribution::Normal([m, sd]) => ("normal", Family::Normal(m, sd), vec![m, sd]),
        RawDistribution::Beta([a, b]) => ("beta", Family::Beta(a, b), vec![a, b]),
        RawDistribution::Bernoulli(p) => ("bernoulli", Family::Bernoulli(p), vec![p]),
    };
    for (j, &x) in params.iter().enumerate() {
        let field = if params.len() == 1 {
            at.key(key)
        } else {
            at.key(key).index(j)
        };
        cx.finite(x, &field)?;
    }
    LeverageDist::checked(family).or_else(|bad| {
        let field = match bad.index {
            Some(j) => at.key(key).index(j),
            None => at.key(key),
        };
        cx.err(field, bad.problem)
    })
}

fn effect(cx: &Ctx, re: RawEffect, actors: &[Actor], at: &FieldPath) -> Result<LeverageEffect> {
    let id = cx.required(re.actor, &at.key("actor"))?;
    let Some(actor) = actors.iter().position(|a| a.id == id) else {
        return cx.err(at.key("actor"), Problem::Unknown { kind: "actor", id });
    };
    let kind = match re.custom {
        Some(custom) => EffectKind::Custom(custom),
        None => {
            let coefficient = |x: Option<f64>, key| cx.finite(x.unwrap_or(0.0), &at.key(key));
            EffectKind::Linear(Linear {
                disagreement: coefficient(re.disagreement, "disagreement")?,
                power: coefficient(re.power, "power")?,
                patience: coefficient(re.patience, "patience")?,
            })
        }
    };
    Ok(LeverageEffect { actor, kind })
}
