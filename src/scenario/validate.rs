//! Raw file -> [`Scenario`]: every rule of the format, each error naming its field.
//!
//! Checks are written so that NaN fails them (`x > 0.0 && x < 1.0`, never `!(x <= 0.0)`).

use std::collections::{BTreeMap, HashSet};

use super::leverage::{Effect, Leverage, LeverageDist};
use super::raw::{
    RawActor, RawDistribution, RawEffect, RawIssue, RawLeverage, RawRedLine, RawScenario,
};
use super::Scenario;
use crate::error::{Error, FieldPath, Problem, Result};
use crate::space::{Domain, Issue};
use crate::utility::{Actor, PiecewiseLinear, RedLine, Valuation, Veto};

/// Validation context: the file name for messages.
struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn err<T>(&self, field: FieldPath, problem: Problem) -> Result<T> {
        Err(Error::invalid(self.file, field, problem))
    }

    fn required<T>(&self, value: Option<T>, field: &FieldPath) -> Result<T> {
        match value {
            Some(v) => Ok(v),
            None => self.err(field.clone(), Problem::Missing),
        }
    }

    fn finite(&self, x: f64, field: &FieldPath) -> Result<f64> {
        if x.is_finite() {
            Ok(x)
        } else {
            self.err(field.clone(), Problem::NotFinite(x))
        }
    }

    fn id(
        &self,
        id: Option<String>,
        field: &FieldPath,
        seen: &mut HashSet<String>,
    ) -> Result<String> {
        let id = self.required(id, field)?;
        if id.trim().is_empty() {
            return self.err(field.clone(), Problem::Empty);
        }
        if !seen.insert(id.clone()) {
            return self.err(field.clone(), Problem::Duplicate(id));
        }
        Ok(id)
    }
}

pub(super) fn scenario(raw: RawScenario, file: &str) -> Result<Scenario> {
    let cx = Ctx { file };
    let root = FieldPath::root();
    let name = cx.required(raw.name, &root.key("name"))?;
    if name.trim().is_empty() {
        return cx.err(root.key("name"), Problem::Empty);
    }
    let raw_issues = cx.required(raw.issues, &root.key("issues"))?;
    if raw_issues.is_empty() {
        return cx.err(root.key("issues"), Problem::Empty);
    }
    let mut seen = HashSet::new();
    let issues = raw_issues
        .into_iter()
        .enumerate()
        .map(|(k, ri)| issue(&cx, ri, &root.key("issues").index(k), &mut seen))
        .collect::<Result<Vec<_>>>()?;

    let raw_actors = cx.required(raw.actors, &root.key("actors"))?;
    if raw_actors.is_empty() {
        return cx.err(root.key("actors"), Problem::Empty);
    }
    let mut seen = HashSet::new();
    let actors = raw_actors
        .into_iter()
        .enumerate()
        .map(|(i, ra)| actor(&cx, ra, &issues, &root.key("actors").index(i), &mut seen))
        .collect::<Result<Vec<_>>>()?;
    if actors.iter().all(|a| !a.seated) {
        return cx.err(root.key("actors"), Problem::NoneSeated);
    }

    let mut seen = HashSet::new();
    let leverage = raw
        .leverage
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(l, rl)| leverage_var(&cx, rl, &actors, &root.key("leverage").index(l), &mut seen))
        .collect::<Result<Vec<_>>>()?;

    Ok(Scenario {
        source: file.to_string(),
        name,
        description: raw.description.unwrap_or_default(),
        issues,
        actors,
        leverage,
    })
}

fn issue(cx: &Ctx, ri: RawIssue, at: &FieldPath, seen: &mut HashSet<String>) -> Result<Issue> {
    let id = cx.id(ri.id, &at.key("id"), seen)?;
    let domain = match (ri.options, ri.range) {
        (Some(_), Some(_)) => {
            return cx.err(
                at.clone(),
                Problem::WrongKind("give either options or range, not both".into()),
            )
        }
        (None, None) => {
            return cx.err(
                at.clone(),
                Problem::WrongKind("needs options (discrete) or range (continuous)".into()),
            )
        }
        (Some(options), None) => {
            if options.is_empty() {
                return cx.err(at.key("options"), Problem::Empty);
            }
            let mut labels = HashSet::new();
            for (j, o) in options.iter().enumerate() {
                if !labels.insert(o.as_str()) {
                    return cx.err(at.key("options").index(j), Problem::Duplicate(o.clone()));
                }
            }
            Domain::Discrete { options }
        }
        (None, Some(range)) => {
            if range.len() != 2 {
                return cx.err(
                    at.key("range"),
                    Problem::WrongKind(format!("must be [lo, hi], got {} numbers", range.len())),
                );
            }
            let lo = cx.finite(range[0], &at.key("range").index(0))?;
            let hi = cx.finite(range[1], &at.key("range").index(1))?;
            if lo >= hi {
                return cx.err(at.key("range"), Problem::EmptyRange { lo, hi });
            }
            Domain::Continuous { lo, hi }
        }
    };
    Ok(Issue {
        id,
        description: ri.description.unwrap_or_default(),
        domain,
    })
}

fn actor(
    cx: &Ctx,
    ra: RawActor,
    issues: &[Issue],
    at: &FieldPath,
    seen: &mut HashSet<String>,
) -> Result<Actor> {
    let id = cx.id(ra.id, &at.key("id"), seen)?;
    let power = cx.finite(ra.power.unwrap_or(1.0), &at.key("power"))?;
    if power <= 0.0 {
        return cx.err(
            at.key("power"),
            Problem::OutOfRange {
                value: power,
                allowed: "(0, inf)",
            },
        );
    }
    let patience = ra.patience.unwrap_or(0.95);
    if !(patience > 0.0 && patience < 1.0) {
        return cx.err(
            at.key("patience"),
            Problem::OutOfRange {
                value: patience,
                allowed: "(0, 1)",
            },
        );
    }
    let disagreement = cx.finite(ra.disagreement.unwrap_or(0.0), &at.key("disagreement"))?;
    let weights = weights(cx, ra.weights, issues, &at.key("weights"))?;
    let valuations = valuations(
        cx,
        ra.values.unwrap_or_default(),
        issues,
        &weights,
        &at.key("values"),
    )?;
    let red_lines = ra
        .red_lines
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(r, rr)| red_line(cx, rr, issues, &at.key("red_lines").index(r)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Actor {
        id,
        description: ra.description.unwrap_or_default(),
        seated: ra.seated.unwrap_or(true),
        power,
        patience,
        disagreement,
        weights,
        valuations,
        red_lines,
    })
}

fn weights(
    cx: &Ctx,
    raw: Option<BTreeMap<String, f64>>,
    issues: &[Issue],
    at: &FieldPath,
) -> Result<Vec<f64>> {
    let raw = cx.required(raw, at)?;
    let mut w = vec![0.0; issues.len()];
    for (id, &x) in &raw {
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
    Ok(w.into_iter().map(|x| x / total).collect())
}

fn valuations(
    cx: &Ctx,
    raw: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    issues: &[Issue],
    weights: &[f64],
    at: &FieldPath,
) -> Result<Vec<Valuation>> {
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

fn valuation(
    cx: &Ctx,
    entries: &BTreeMap<String, serde_json::Value>,
    issue: &Issue,
    at: &FieldPath,
) -> Result<Valuation> {
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
                    Some(v) => number(cx, v, &at.key(label)),
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

fn number(cx: &Ctx, v: &serde_json::Value, at: &FieldPath) -> Result<f64> {
    match v.as_f64() {
        Some(x) => cx.finite(x, at),
        None => cx.err(
            at.clone(),
            Problem::WrongKind(format!("must be a number, got {v}")),
        ),
    }
}

fn curve(
    cx: &Ctx,
    v: &serde_json::Value,
    lo: f64,
    hi: f64,
    at: &FieldPath,
) -> Result<PiecewiseLinear> {
    let Some(list) = v.as_array() else {
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
    let mut xs = Vec::with_capacity(list.len());
    let mut ys = Vec::with_capacity(list.len());
    for (j, p) in list.iter().enumerate() {
        let pair = p.as_array().filter(|a| a.len() == 2);
        let Some(pair) = pair else {
            return cx.err(
                at.index(j),
                Problem::WrongKind("must be an [x, y] pair".into()),
            );
        };
        let x = number(cx, &pair[0], &at.index(j).index(0))?;
        let y = number(cx, &pair[1], &at.index(j).index(1))?;
        if let Some(&prev) = xs.last() {
            if x <= prev {
                return cx.err(at.index(j), Problem::NotIncreasing { at: j });
            }
        }
        xs.push(x);
        ys.push(y);
    }
    if xs[0] > lo || xs[xs.len() - 1] < hi {
        return cx.err(at.clone(), Problem::DoesNotCover { lo, hi });
    }
    Ok(PiecewiseLinear::from_validated(xs, ys))
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
            let labels = cx.required(rr.options, &at.key("options"))?;
            if labels.is_empty() {
                return cx.err(at.key("options"), Problem::Empty);
            }
            let mut idx = Vec::with_capacity(labels.len());
            for (j, label) in labels.iter().enumerate() {
                match options.iter().position(|o| o == label) {
                    Some(o) => idx.push(o),
                    None => {
                        return cx.err(
                            at.key("options").index(j),
                            Problem::Unknown {
                                kind: "option",
                                id: label.clone(),
                            },
                        )
                    }
                }
            }
            Veto::Options(idx)
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
            let below = rr
                .below
                .map(|b| cx.finite(b, &at.key("below")))
                .transpose()?;
            let above = rr
                .above
                .map(|a| cx.finite(a, &at.key("above")))
                .transpose()?;
            Veto::Bounds { below, above }
        }
    };
    Ok(RedLine { issue: k, veto })
}

fn leverage_var(
    cx: &Ctx,
    rl: RawLeverage,
    actors: &[Actor],
    at: &FieldPath,
    seen: &mut HashSet<String>,
) -> Result<Leverage> {
    let id = cx.id(rl.id, &at.key("id"), seen)?;
    let distribution = match rl.distribution {
        Some(d) => Some(distribution(cx, d, &at.key("distribution"))?),
        None => None,
    };
    let value = match (rl.value, distribution) {
        (Some(v), _) => cx.finite(v, &at.key("value"))?,
        (None, Some(d)) => d.mean(),
        (None, None) => {
            return cx.err(
                at.key("value"),
                Problem::WrongKind("give a value or a distribution".into()),
            )
        }
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
        distribution: distribution.unwrap_or(LeverageDist::Fixed(value)),
        effects,
    })
}

fn distribution(cx: &Ctx, d: RawDistribution, at: &FieldPath) -> Result<LeverageDist> {
    let two = |key: &str, [a, b]: [f64; 2]| -> Result<(f64, f64)> {
        let a = cx.finite(a, &at.key(key).index(0))?;
        let b = cx.finite(b, &at.key(key).index(1))?;
        Ok((a, b))
    };
    let positive = |key: &str, j: usize, x: f64| -> Result<()> {
        if x > 0.0 {
            Ok(())
        } else {
            cx.err(
                at.key(key).index(j),
                Problem::OutOfRange {
                    value: x,
                    allowed: "(0, inf)",
                },
            )
        }
    };
    Ok(match d {
        RawDistribution::Fixed(x) => LeverageDist::Fixed(cx.finite(x, &at.key("fixed"))?),
        RawDistribution::Uniform(p) => {
            let (lo, hi) = two("uniform", p)?;
            if lo >= hi {
                return cx.err(at.key("uniform"), Problem::EmptyRange { lo, hi });
            }
            LeverageDist::Uniform(lo, hi)
        }
        RawDistribution::Normal(p) => {
            let (mean, sd) = two("normal", p)?;
            positive("normal", 1, sd)?;
            LeverageDist::Normal(mean, sd)
        }
        RawDistribution::Beta(p) => {
            let (a, b) = two("beta", p)?;
            positive("beta", 0, a)?;
            positive("beta", 1, b)?;
            LeverageDist::Beta(a, b)
        }
        RawDistribution::Bernoulli(p) => {
            if !(0.0..=1.0).contains(&p) {
                return cx.err(
                    at.key("bernoulli"),
                    Problem::OutOfRange {
                        value: p,
                        allowed: "[0, 1]",
                    },
                );
            }
            LeverageDist::Bernoulli(p)
        }
    })
}

fn effect(cx: &Ctx, re: RawEffect, actors: &[Actor], at: &FieldPath) -> Result<Effect> {
    let id = cx.required(re.actor, &at.key("actor"))?;
    let Some(actor) = actors.iter().position(|a| a.id == id) else {
        return cx.err(at.key("actor"), Problem::Unknown { kind: "actor", id });
    };
    Ok(Effect {
        actor,
        disagreement: cx.finite(re.disagreement.unwrap_or(0.0), &at.key("disagreement"))?,
        power: cx.finite(re.power.unwrap_or(0.0), &at.key("power"))?,
        patience: cx.finite(re.patience.unwrap_or(0.0), &at.key("patience"))?,
    })
}
