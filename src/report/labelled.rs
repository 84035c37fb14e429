//! Results read against their scenario: ids and option labels instead of indices.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::concept::{NoDeal, Proposal, Verdict};
use crate::scenario::Scenario;
use crate::search::FrontierPoint;
use crate::space::{Domain, Issue, Value};

/// A result paired with the scenario it was computed for, serialised in the labelled
/// form the command line prints: objects keyed by actor, issue, option and leverage
/// ids in file order, option labels instead of indices, non-finite numbers as null.
///
/// | `Labelled<T>` for | serialises as |
/// | --- | --- |
/// | [`Verdict`] | `{"agreement": {issue: label or number} or null, "reason"` (no deal only)`, "utilities": {actor: u}, "gains": {actor: u - d}, "nash_product", "log_nash_product"` (agreement only)`}` |
/// | [`NoDeal`] | its sentence, `"no individually rational feasible outcome"` |
/// | `[Value]` (an outcome) | `{issue: label or number}` |
/// | [`FrontierPoint`] | `{"agreement", "utilities"}` |
/// | [`Proposal`] | `{"proposer": actor, "agreement", "utilities", "gains"}` |
/// | [`Stats`](crate::sweep::Stats) | `{"deal_probability", "issues", "actors", "sensitivity"}` |
/// | [`SweepSummary`](crate::sweep::SweepSummary) | the object `detente sweep --json` prints |
///
/// Without a deal `gains` are all 0 and `nash_product` is null. A result is read
/// pairwise against the scenario's lists: give it the scenario it came from.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::report::Labelled;
/// use detente::{Concept, Engine, Scenario};
/// use serde_json::json;
///
/// let scenario = Scenario::from_json(r#"{
///   "name": "left-or-right",
///   "issues": [{ "id": "x", "options": ["left", "right"] }],
///   "actors": [
///     { "id": "a", "weights": { "x": 1 }, "values": { "x": { "left": 1.0, "right": 0.5 } } },
///     { "id": "b", "weights": { "x": 1 }, "values": { "x": { "left": 0.25, "right": 0.75 } } }
///   ]
/// }"#, "inline")?;
/// let verdict = Engine::new(&scenario).solve(Concept::Nash, &scenario.status_quo_situation())?;
///
/// // Index form, for code: option indices and per-actor arrays in file order.
/// let data = serde_json::to_value(&verdict)?;
/// assert_eq!(data["agreement"]["outcome"], json!([{ "option": 1 }]));
/// assert_eq!(data["agreement"]["utilities"], json!([0.5, 0.75]));
///
/// // Labelled form, as `detente solve --json` prints it.
/// let labelled = serde_json::to_value(Labelled::new(&scenario, &verdict))?;
/// assert_eq!(labelled["agreement"], json!({ "x": "right" }));
/// assert_eq!(labelled["gains"], json!({ "a": 0.5, "b": 0.75 }));
/// assert_eq!(labelled["nash_product"], json!(0.375));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Labelled<'a, T: ?Sized> {
    scenario: &'a Scenario,
    value: &'a T,
}

impl<'a, T: ?Sized> Labelled<'a, T> {
    /// Pair `value` with the scenario it was computed for.
    pub fn new(scenario: &'a Scenario, value: &'a T) -> Self {
        Labelled { scenario, value }
    }

    /// The scenario that gives the ids and labels.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The result itself.
    pub fn value(&self) -> &'a T {
        self.value
    }
}

impl<T: ?Sized> Clone for Labelled<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Labelled<'_, T> {}

/// Values keyed by id, serialised as an object with the keys in the order given (the
/// file's). Collected like a JSON object: a repeated key keeps its first place and
/// takes the later value.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Keyed<'a, T>(Vec<(&'a str, T)>);

impl<'a, T> FromIterator<(&'a str, T)> for Keyed<'a, T> {
    fn from_iter<I: IntoIterator<Item = (&'a str, T)>>(iter: I) -> Self {
        let mut pairs: Vec<(&'a str, T)> = Vec::new();
        for (key, value) in iter {
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => pairs.push((key, value)),
            }
        }
        Keyed(pairs)
    }
}

impl<T: Serialize> Serialize for Keyed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'a> Keyed<'a, f64> {
    /// `{actor id: x}` for every actor (values in file order).
    pub(super) fn actors(scenario: &'a Scenario, xs: &[f64]) -> Self {
        scenario
            .actors()
            .iter()
            .zip(xs)
            .map(|(a, &x)| (a.id(), x))
            .collect()
    }

    /// `{actor id: x}` for the seated actors only (values indexed by actor).
    pub(super) fn seated(scenario: &'a Scenario, xs: &[f64]) -> Self {
        let actors = scenario.actors();
        scenario
            .seated()
            .into_iter()
            .filter_map(|i| Some((actors.get(i)?.id(), *xs.get(i)?)))
            .collect()
    }

    /// `{leverage id: level}`.
    pub(super) fn leverage(scenario: &'a Scenario, levels: &[f64]) -> Self {
        scenario
            .leverage()
            .iter()
            .zip(levels)
            .map(|(l, &x)| (l.id(), x))
            .collect()
    }
}

impl<'a> Keyed<'a, Label<'a>> {
    /// `{issue id: option label or number}` for an outcome.
    pub(super) fn outcome(scenario: &'a Scenario, outcome: &[Value]) -> Self {
        scenario
            .issues()
            .iter()
            .zip(outcome)
            .map(|(issue, &x)| (issue.id(), Label::of(issue, x)))
            .collect()
    }
}

/// One issue's value for people and other tools: the option's label or the number.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub(super) enum Label<'a> {
    /// A discrete issue's option label (empty for an index past the options).
    Option(&'a str),
    /// A continuous issue's value.
    Number(f64),
    /// An option index on a continuous issue: no value (null).
    Missing,
}

impl<'a> Label<'a> {
    /// The label of `x` on `issue`.
    pub(super) fn of(issue: &'a Issue, x: Value) -> Self {
        match (issue.domain(), x) {
            (Domain::Discrete { options }, Value::Option(o)) => {
                Label::Option(options.get(o).map_or("", String::as_str))
            }
            (_, Value::Number(t)) => Label::Number(t),
            (Domain::Continuous { .. }, Value::Option(_)) => Label::Missing,
        }
    }
}

/// The id of actor `i`, if there is one.
pub(super) fn actor_id(scenario: &Scenario, i: usize) -> Option<&str> {
    scenario.actors().get(i).map(|a| a.id())
}

impl Serialize for Labelled<'_, [Value]> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Keyed::outcome(self.scenario, self.value).serialize(serializer)
    }
}

#[derive(serde::Serialize)]
struct VerdictRecord<'a> {
    agreement: Option<Keyed<'a, Label<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<Labelled<'a, NoDeal>>,
    utilities: Keyed<'a, f64>,
    gains: Keyed<'a, f64>,
    nash_product: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    log_nash_product: Option<f64>,
}

impl Serialize for Labelled<'_, Verdict> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (scenario, verdict) = (self.scenario, self.value);
        let agreement = verdict.agreement();
        VerdictRecord {
            agreement: agreement.map(|a| Keyed::outcome(scenario, &a.outcome)),
            reason: match verdict {
                Verdict::NoDeal { reason, .. } => Some(Labelled::new(scenario, reason)),
                Verdict::Agreement(_) => None,
            },
            utilities: Keyed::actors(scenario, verdict.utilities()),
            gains: Keyed::actors(scenario, &verdict.gains()),
            nash_product: agreement.map(|a| a.nash_product()),
            log_nash_product: agreement.map(|a| a.log_nash),
        }
        .serialize(serializer)
    }
}

impl Serialize for Labelled<'_, NoDeal> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.value)
    }
}

#[derive(serde::Serialize)]
struct FrontierPointRecord<'a> {
    agreement: Keyed<'a, Label<'a>>,
    utilities: Keyed<'a, f64>,
}

impl Serialize for Labelled<'_, FrontierPoint> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FrontierPointRecord {
            agreement: Keyed::outcome(self.scenario, &self.value.outcome),
            utilities: Keyed::actors(self.scenario, &self.value.utilities),
        }
        .serialize(serializer)
    }
}

#[derive(serde::Serialize)]
struct ProposalRecord<'a> {
    proposer: Option<&'a str>,
    agreement: Keyed<'a, Label<'a>>,
    utilities: Keyed<'a, f64>,
    gains: Keyed<'a, f64>,
}

impl Serialize for Labelled<'_, Proposal> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (scenario, p) = (self.scenario, self.value);
        ProposalRecord {
            proposer: actor_id(scenario, p.proposer),
            agreement: Keyed::outcome(scenario, &p.agreement.outcome),
            utilities: Keyed::actors(scenario, &p.agreement.utilities),
            gains: Keyed::actors(scenario, &p.agreement.gains),
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::concept::Agreement;

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{
              "name": "two-issues",
              "issues": [{ "id": "x", "options": ["p", "q"] }, { "id": "s", "range": [0, 1] }],
              "actors": [
                { "id": "a", "weights": { "x": 1 }, "values": { "x": { "p": 1, "q": 0 } } },
                { "id": "b", "weights": { "x": 1 }, "values": { "x": { "p": 0, "q": 1 } } }
              ]
            }"#,
            "inline",
        )
        .expect("a valid scenario")
    }

    #[test]
    fn values_serialise_tagged_and_read_back() {
        let values = [Value::Option(1), Value::Number(0.25)];
        let text = serde_json::to_string(&values).expect("serialisable");
        assert_eq!(text, r#"[{"option":1},{"number":0.25}]"#);
        let back: Vec<Value> = serde_json::from_str(&text).expect("deserialisable");
        assert_eq!(back, values);
    }

    #[test]
    fn outcomes_are_labelled_by_issue() {
        let s = scenario();
        let outcome = [Value::Option(1), Value::Number(0.5)];
        let got = serde_json::to_string(&Labelled::new(&s, &outcome[..])).expect("serialisable");
        assert_eq!(got, r#"{"x":"q","s":0.5}"#);
        // Values that do not fit their issue: an unknown option, an index on a range.
        let odd = [Value::Option(7), Value::Option(0)];
        let got = serde_json::to_string(&Labelled::new(&s, &odd[..])).expect("serialisable");
        assert_eq!(got, r#"{"x":"","s":null}"#);
    }

    #[test]
    fn non_finite_numbers_print_as_null_and_integers_keep_a_decimal_point() {
        let s = scenario();
        let verdict = Verdict::Agreement(Agreement {
            outcome: vec![Value::Option(0), Value::Number(1.0)],
            utilities: vec![1.0, 0.0],
            gains: vec![1.0, f64::NAN],
            log_nash: f64::NEG_INFINITY,
        });
        let got = serde_json::to_string(&Labelled::new(&s, &verdict)).expect("serialisable");
        assert_eq!(
            got,
            r#"{"agreement":{"x":"p","s":1.0},"utilities":{"a":1.0,"b":0.0},"gains":{"a":1.0,"b":null},"nash_product":0.0,"log_nash_product":null}"#
        );
    }

    #[test]
    fn no_deal_gives_the_reason_and_zero_gains() {
        let s = scenario();
        let verdict = Verdict::NoDeal {
            reason: NoDeal::NothingIndividuallyRational,
            utilities: vec![0.6, 0.5],
        };
        assert_eq!(
            serde_json::to_value(Labelled::new(&s, &verdict)).expect("serialisable"),
            json!({
                "agreement": null,
                "reason": "no individually rational feasible outcome",
                "utilities": { "a": 0.6, "b": 0.5 },
                "gains": { "a": 0.0, "b": 0.0 },
                "nash_product": null,
            })
        );
        assert_eq!(
            serde_json::to_value(&verdict).expect("serialisable"),
            json!({ "no_deal": { "reason": "nothing_individually_rational", "utilities": [0.6, 0.5] } })
        );
    }

    #[test]
    fn a_repeated_key_keeps_its_place_and_takes_the_later_value() {
        let keyed: Keyed<'_, f64> = [("gain.a", 1.0), ("x", 2.0), ("gain.a", 3.0)]
            .into_iter()
            .collect();
        let got = serde_json::to_string(&keyed).expect("serialisable");
        assert_eq!(got, r#"{"gain.a":3.0,"x":2.0}"#);
    }
}
