//! Utilities as the negotiation tools write them, `u(x) = sum_t w_t e_t(x)` with the
//! weights as written (not normalised), turned into an actor of the scenario format
//! whose utility is the same on every outcome.
//!
//! The scenario format (CONTRACT §1, §7) normalises: with issue weights `w_k`, values
//! `v_k` and interaction terms (weight `w_j`, value `v_j`, conditions `when_j`),
//!
//! ```text
//! u(x) = (sum_k w_k v_k(x_k) + sum_j w_j v_j [x meets when_j]) / (sum_k w_k + sum_j w_j)
//! ```
//!
//! Let `W` be the sum of the weights as written. The construction:
//! - `W < 1`: the values are written as they are, and one more interaction term with an
//!   empty `when` (it always holds), value 0 and weight `1 - W` carries the missing
//!   weight. The denominator is then `W + (1 - W) = 1` and the utility is `sum w e`
//!   exactly; the pad's weight is chosen so that the sum the loader computes is exactly
//!   1.0 in floating point. A profile whose weights are all 0 becomes a utility of 0
//!   everywhere, as in Genius.
//! - `W >= 1`: every value is multiplied by `W` (the loader's own sum of the weights, in
//!   its order), so that `w / W * (e * W) = w e`, to the last bit or two.
//!
//! Values then leave [0, 1] when `W > 1`, which the format allows. Whether the tool's
//! cap at 1 binds is checked by each importer on the exact numbers written, before
//! this construction.

use crate::scenario::{ActorSpec, ConditionSpec};

/// One actor's utility as another tool states it: `u = sum w e` over issue terms and
/// interaction terms, weights as written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    /// The actor's id.
    pub id: String,
    /// One term per issue the profile values, in any order.
    pub issues: Vec<IssueTerm>,
    /// Terms that pay `value` with `weight` when every condition holds.
    pub terms: Vec<LinkTerm>,
    /// Utility without a deal.
    pub disagreement: Option<f64>,
    /// Per-round discount factor in (0, 1).
    pub patience: Option<f64>,
    /// Bargaining power.
    pub power: Option<f64>,
    /// Free-text description.
    pub description: Option<String>,
    /// The utility is meant as the scenario format's weighted average (KTAB's
    /// saliences): the weights are written as they are, without the construction.
    pub normalised: bool,
}

/// An issue's weight and evaluation.
#[derive(Debug, Clone)]
pub(crate) struct IssueTerm {
    /// The issue's id.
    pub issue: String,
    /// The weight as written (non-negative, checked by the importer).
    pub weight: f64,
    /// The evaluation e(x).
    pub values: Values,
}

/// An evaluation of one issue.
#[derive(Debug, Clone)]
pub(crate) enum Values {
    /// A value per option label (a discrete issue).
    Options(Vec<(String, f64)>),
    /// A piecewise-linear curve over a continuous issue's range.
    Curve(Vec<(f64, f64)>),
}

impl Values {
    fn scaled(&self, s: f64) -> Values {
        match self {
            Values::Options(v) => {
                Values::Options(v.iter().map(|(l, e)| (l.clone(), e * s)).collect())
            }
            Values::Curve(p) => Values::Curve(p.iter().map(|&(x, e)| (x, e * s)).collect()),
        }
    }
}

/// An interaction term.
#[derive(Debug, Clone)]
pub(crate) struct LinkTerm {
    /// Conditions that must all hold (none: always).
    pub when: Vec<ConditionSpec>,
    /// Weight as written (non-negative).
    pub weight: f64,
    /// Value paid.
    pub value: f64,
}

impl Profile {
    /// The sum of the weights as the scenario loader adds them: issue weights in the
    /// scenario's issue order (`order`), then the interaction terms in order.
    fn loader_sum(&self, order: &[String]) -> f64 {
        let issue = |id: &String| {
            self.issues
                .iter()
                .find(|t| &t.issue == id)
                .map_or(0.0, |t| t.weight)
        };
        let issues = order.iter().map(issue);
        issues.chain(self.terms.iter().map(|t| t.weight)).sum()
    }

    /// The actor of the scenario format with the same utility on every outcome (see the
    /// module docs); `order` lists the scenario's issue ids in order.
    pub fn into_actor(self, order: &[String]) -> ActorSpec {
        let total = self.loader_sum(order);
        let (scale, pad) = if self.normalised {
            (1.0, None)
        } else if total >= 1.0 {
            (total, None)
        } else {
            (1.0, Some(pad_to_one(total)))
        };
        let mut actor = ActorSpec::new(self.id.clone());
        if let Some(d) = &self.description {
            actor = actor.description(d.clone());
        }
        for id in order {
            let Some(term) = self.issues.iter().find(|t| &t.issue == id) else {
                actor = actor.weight(id.clone(), 0.0);
                continue;
            };
            actor = actor.weight(id.clone(), term.weight);
            actor = match term.values.scaled(scale) {
                Values::Options(v) => actor.values(id.clone(), v),
                Values::Curve(p) => actor.curve(id.clone(), p),
            };
        }
        for t in self.terms {
            actor = actor.interaction(t.when, t.value * scale, t.weight);
        }
        if let Some(p) = pad {
            actor = actor.interaction(Vec::new(), 0.0, p);
        }
        if let Some(d) = self.disagreement {
            actor = actor.disagreement(d);
        }
        if let Some(p) = self.patience {
            actor = actor.patience(p);
        }
        if let Some(p) = self.power {
            actor = actor.power(p);
        }
        actor
    }
}

/// A weight `p > 0` with `total + p == 1.0` in floating point, for `0 <= total < 1`.
fn pad_to_one(total: f64) -> f64 {
    let first = 1.0 - total;
    // `1 - total` is exact for total in [0.5, 1); below, the sum can miss 1.0 by an
    // ulp, and a neighbour of the first guess hits it.
    let mut candidates = vec![first];
    let (mut up, mut down) = (first, first);
    for _ in 0..4 {
        up = next_up(up);
        down = next_down(down);
        candidates.push(up);
        candidates.push(down);
    }
    candidates
        .into_iter()
        .find(|p| *p > 0.0 && (total + p).to_bits() == 1.0_f64.to_bits())
        .unwrap_or(first)
}

fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

fn next_down(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::IssueSpec;
    use crate::{Scenario, Value};

    fn one_issue(weight: f64, evals: [f64; 2]) -> Scenario {
        let profile = Profile {
            id: "a".into(),
            issues: vec![IssueTerm {
                issue: "x".into(),
                weight,
                values: Values::Options(vec![("p".into(), evals[0]), ("q".into(), evals[1])]),
            }],
            ..Profile::default()
        };
        Scenario::builder("t")
            .issue(IssueSpec::discrete("x", ["p", "q"]))
            .actor(profile.into_actor(&["x".to_string()]))
            .build()
            .expect("a valid scenario")
    }

    #[test]
    fn weights_below_one_are_padded_and_above_one_scaled() {
        for w in [0.0, 0.1, 0.3, 0.7, 1.0, 1.5, 3.0] {
            let s = one_issue(w, [0.25, 1.0]);
            for (o, e) in [(0, 0.25), (1, 1.0)] {
                let u = s.actors()[0].utility(&[Value::Option(o)]);
                assert!(
                    (u - w * e).abs() <= 4.0 * f64::EPSILON * w.max(1.0),
                    "w {w}: {u}"
                );
            }
        }
    }

    #[test]
    fn the_pad_makes_the_sum_exactly_one() {
        for total in [
            0.0,
            1e-300,
            0.1,
            0.2,
            0.3,
            0.49999999999999994,
            0.5,
            0.9999999999999999,
        ] {
            let p = pad_to_one(total);
            assert!(p > 0.0);
            assert_eq!((total + p).to_bits(), 1.0_f64.to_bits(), "total {total}");
        }
    }
}
