//! Linked issues: parsing (JSON and TOML), every validation rule with its field path,
//! utilities and vetoes against hand-computed values, blocks, and the round trip.

use super::*;
use crate::error::{Error, Problem, ScenarioError};
use crate::space::Value;
use crate::utility::{Test, Veto};

const TOL: f64 = 1e-12;

const BASIC: &str = include_str!("../../../tests/data/linked/basic.json");

/// A scenario with a discrete issue `nato`, continuous `share` and `aid`, a leverage
/// variable `support`; `extra` is added to the first actor (after its values).
fn with(extra: &str) -> String {
    format!(
        r#"{{"name": "t",
  "issues": [{{"id": "nato", "options": ["member", "deferred", "neutral"]}},
             {{"id": "share", "range": [0, 1]}}, {{"id": "aid", "range": [0, 10]}}],
  "actors": [
    {{"id": "a", "weights": {{"nato": 1, "share": 1}},
      "values": {{"nato": {{"member": 0, "deferred": 0.5, "neutral": 1}},
                  "share": {{"points": [[0, 0], [1, 1]]}}}}{extra}}},
    {{"id": "b", "weights": {{"share": 1}}, "values": {{"share": {{"points": [[0, 1], [1, 0]]}}}}}}],
  "leverage": [{{"id": "support", "value": 0.5}}]}}"#
    )
}

fn problem_at(text: &str) -> (String, Problem) {
    match Scenario::from_json(text, "t.json") {
        Err(Error::Scenario(ScenarioError::Invalid { field, problem, .. })) => {
            (field.to_string(), problem)
        }
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

fn wrong_kind(text: &str) -> (String, String) {
    match problem_at(text) {
        (field, Problem::WrongKind(m)) => (field, m),
        other => panic!("expected WrongKind, got {other:?}"),
    }
}

#[test]
fn parses_every_construct_from_json() {
    let s = Scenario::from_json(BASIC, "basic.json").expect("valid");
    let u = &s.actors()[0];
    assert_eq!(u.red_lines().len(), 2);
    assert_eq!(u.red_lines()[0].gate, None);
    let gate = u.red_lines()[1].gate.as_ref().expect("gated");
    assert_eq!((gate.leverage, &gate.test), (0, &Test::Above(0.5)));
    assert_eq!(u.packages().len(), 1);
    assert_eq!(u.packages()[0].all[0].issue, 0);
    assert_eq!(u.packages()[0].all[0].test, Test::Options(vec![2]));
    assert_eq!(u.packages()[0].all[1].test, Test::Options(vec![0]));
    assert_eq!(u.interactions().len(), 2);
    assert_eq!(u.interactions()[0].when[1].test, Test::Options(vec![1, 2]));
    assert_eq!(u.interactions()[1].when[0].test, Test::Between(0.4, 0.6));
    assert_eq!(u.interactions()[1].when[1].test, Test::Above(5.0));
    let r = &s.actors()[1];
    assert_eq!(r.red_lines()[0].veto, Veto::Options(vec![0]));
    let g = r.packages()[0].gate.as_ref().expect("gated package");
    assert_eq!(g.test, Test::Between(0.0, 0.5));
    assert!(r.interactions().is_empty());
}

#[test]
fn parses_every_construct_from_toml() {
    let text = r#"
name = "t"
[[issues]]
id = "nato"
options = ["member", "neutral"]
[[issues]]
id = "share"
range = [0.0, 1.0]
[[actors]]
id = "a"
weights = { nato = 1.0, share = 1.0 }
values = { nato = { member = 0.0, neutral = 1.0 }, share = { points = [[0.0, 0.0], [1.0, 1.0]] } }
red_lines = [
  { issue = "share", below = 0.1, if = { leverage = "support", below = 0.5 } },
  { all = [{ issue = "nato", options = ["member"] }, { issue = "share", between = [0.2, 0.3] }], if = { leverage = "support", between = [0.0, 1.0] } },
]
interactions = [
  { when = [{ issue = "nato", options = ["neutral"] }, { issue = "share", above = 0.5 }], value = 1.0, weight = 2.0 },
  { when = [], value = -1.0, weight = 0.0 },
]
[[leverage]]
id = "support"
value = 0.5
"#;
    let s = Scenario::from_toml(text, "t.toml").expect("valid toml");
    let a = &s.actors()[0];
    assert_eq!(
        a.red_lines()[0].gate.as_ref().map(|g| &g.test),
        Some(&Test::Below(0.5))
    );
    assert_eq!(a.packages()[0].all[1].test, Test::Between(0.2, 0.3));
    assert_eq!(a.interactions()[0].when[1].test, Test::Above(0.5));
    assert!(a.interactions()[1].when.is_empty());
    let again = Scenario::from_toml(&s.to_toml().expect("writes"), "again").expect("reads");
    assert_eq!(again, s);
}

#[test]
fn issue_and_interaction_weights_are_normalised_together() {
    // Weights 1, 1 and a term of weight 2 and value 1: everything divides by 4.
    let text = with(
        r#", "interactions": [{"when": [{"issue": "nato", "options": ["neutral"]},
                                       {"issue": "share", "above": 0.5}], "value": 1, "weight": 2}]"#,
    );
    let s = Scenario::from_json(&text, "t.json").expect("valid");
    let a = &s.actors()[0];
    assert_eq!(a.stated_weights(), &[1.0, 1.0, 0.0]);
    assert!((a.weights()[0] - 0.25).abs() < TOL && (a.weights()[1] - 0.25).abs() < TOL);
    assert!((a.interactions()[0].weight - 0.5).abs() < TOL);
    assert!((a.interactions()[0].stated_weight - 2.0).abs() < TOL);
    let u = |nato, share| {
        a.utility(&[
            Value::Option(nato),
            Value::Number(share),
            Value::Number(0.0),
        ])
    };
    // neutral (1) and share 0.8 (0.8), term met: (1 + 0.8 + 2) / 4.
    assert!((u(2, 0.8) - 0.95).abs() < TOL);
    // share 0.5 is not above 0.5: (1 + 0.5) / 4.
    assert!((u(2, 0.5) - 0.375).abs() < TOL);
    // deferred (0.5), share 0.8: (0.5 + 0.8) / 4.
    assert!((u(1, 0.8) - 0.325).abs() < TOL);
}

#[test]
fn an_empty_when_always_pays_and_interaction_weight_alone_may_carry_an_actor() {
    let text = with(r#", "interactions": [{"when": [], "value": 0.5, "weight": 3}]"#)
        .replace(r#""weights": {"nato": 1, "share": 1}"#, r#""weights": {}"#);
    let s = Scenario::from_json(&text, "t.json").expect("valid");
    let a = &s.actors()[0];
    assert_eq!(a.weights(), &[0.0, 0.0, 0.0]);
    let x = [Value::Option(0), Value::Number(0.0), Value::Number(0.0)];
    assert!((a.utility(&x) - 0.5).abs() < TOL);
}

#[test]
fn vetoes_follow_packages_and_gates() {
    let s = Scenario::from_json(BASIC, "basic.json").expect("valid");
    let (u, r) = (&s.actors()[0], &s.actors()[1]);
    let x = |nato, troops, share| {
        [
            Value::Option(nato),
            Value::Option(troops),
            Value::Number(share),
            Value::Number(0.0),
        ]
    };
    // ukraine: neutral with no troops is a package veto, whatever the leverage.
    assert!(u.vetoes(&x(2, 0, 0.9), &[1.0]));
    assert!(u.vetoes(&x(2, 0, 0.9), &[0.0]));
    assert!(!u.vetoes(&x(2, 1, 0.9), &[1.0]));
    // share < 0.5 is vetoed only while kursk > 0.5; share < 0.2 always.
    assert!(u.vetoes(&x(2, 1, 0.3), &[1.0]));
    assert!(!u.vetoes(&x(2, 1, 0.3), &[0.5]));
    assert!(u.vetoes(&x(2, 1, 0.1), &[0.0]));
    // russia: US troops with a deferred membership only while kursk in [0, 0.5].
    assert!(r.vetoes(&x(1, 2, 0.5), &[0.5]));
    assert!(!r.vetoes(&x(1, 2, 0.5), &[1.0]));
    assert!(!r.vetoes(&x(2, 2, 0.5), &[0.0]));
    assert!(r.vetoes(&x(0, 0, 0.5), &[1.0]), "member is always vetoed");
}

#[test]
fn blocks_join_terms_and_packages_of_seated_actors() {
    let s = Scenario::from_json(BASIC, "basic.json").expect("valid");
    assert_eq!(s.linked_blocks(), vec![vec![0, 1], vec![2, 3]]);
    let unseated = s.with_seated("ukraine", false).expect("russia stays");
    // Only russia's gated package (troops, nato) remains.
    assert_eq!(unseated.linked_blocks(), vec![vec![0, 1]]);
    let plain = Scenario::from_json(&with(""), "t.json").expect("valid");
    assert!(plain.linked_blocks().is_empty());
}

#[test]
fn a_block_chains_through_shared_issues() {
    // Terms (aid, nato) and (share, aid) form one block of three; a term on one issue
    // links nothing.
    let text = with(
        r#", "interactions": [
            {"when": [{"issue": "aid", "below": 1}, {"issue": "nato", "options": ["member"]}], "value": 1, "weight": 1},
            {"when": [{"issue": "share", "below": 1}, {"issue": "aid", "below": 1}], "value": 1, "weight": 1},
            {"when": [{"issue": "share", "below": 1}], "value": 1, "weight": 1}]"#,
    );
    let s = Scenario::from_json(&text, "t.json").expect("valid");
    assert_eq!(s.linked_blocks(), vec![vec![0, 1, 2]]);
}

#[test]
fn every_construct_reads_back_equal() {
    let s = Scenario::from_json(BASIC, "basic.json").expect("valid");
    let json = s.to_json().expect("writes");
    assert_eq!(Scenario::from_json(&json, "copy.json").expect("reads"), s);
    let toml = s.to_toml().expect("writes");
    assert_eq!(Scenario::from_toml(&toml, "copy.toml").expect("reads"), s);
    // Reweighted: the interaction weights are normalised again with the new ones.
    let w = s
        .with_weights("ukraine", &[1.0, 0.5, 0.25, 0.0])
        .expect("valid");
    let again = Scenario::from_json(&w.to_json().expect("writes"), "w.json").expect("reads");
    assert_eq!(again, w);
}

// One test per rule: the problem and the field path.

#[test]
fn condition_issue_must_be_known() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "nukes", "options": ["x"]}]}]"#);
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].red_lines[0].all[0].issue");
    assert_eq!(
        problem,
        Problem::Unknown {
            kind: "issue",
            id: "nukes".into()
        }
    );
}

#[test]
fn condition_options_must_be_known() {
    let text = with(
        r#", "interactions": [{"when": [{"issue": "nato", "options": ["neutral", "annexed"]}], "value": 1, "weight": 1}]"#,
    );
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].interactions[0].when[0].options[1]");
    assert_eq!(
        problem,
        Problem::Unknown {
            kind: "option",
            id: "annexed".into()
        }
    );
}

#[test]
fn condition_options_must_not_be_empty() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "nato", "options": []}]}]"#);
    assert_eq!(
        problem_at(&text),
        (
            "actors[0].red_lines[0].all[0].options".into(),
            Problem::Empty
        )
    );
}

#[test]
fn condition_options_only_on_discrete_issues() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "share", "options": ["low"]}]}]"#);
    let (field, _) = wrong_kind(&text);
    assert_eq!(field, "actors[0].red_lines[0].all[0].options");
}

#[test]
fn condition_ranges_only_on_continuous_issues() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "nato", "between": [0, 1]}]}]"#);
    let (field, message) = wrong_kind(&text);
    assert_eq!(field, "actors[0].red_lines[0].all[0].between");
    assert_eq!(
        message,
        "below/above/between apply to continuous issues only"
    );
}

#[test]
fn condition_needs_a_test() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "share"}]}]"#);
    assert_eq!(wrong_kind(&text).0, "actors[0].red_lines[0].all[0]");
}

#[test]
fn condition_takes_one_test() {
    let text =
        with(r#", "red_lines": [{"all": [{"issue": "share", "below": 0.2, "above": 0.8}]}]"#);
    let (field, message) = wrong_kind(&text);
    assert_eq!(field, "actors[0].red_lines[0].all[0]");
    assert_eq!(
        message,
        "a condition takes one test, got both `below` and `above`"
    );
}

#[test]
fn between_must_not_be_reversed() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "share", "between": [0.6, 0.2]}]}]"#);
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].red_lines[0].all[0].between");
    assert_eq!(problem, Problem::Reversed { lo: 0.6, hi: 0.2 });
}

#[test]
fn between_is_two_numbers() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "share", "between": [0.6]}]}]"#);
    assert_eq!(wrong_kind(&text).0, "actors[0].red_lines[0].all[0].between");
}

#[test]
fn condition_numbers_must_be_finite() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "share", "below": 1e300}]}]"#);
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].red_lines[0].all[0].below");
    assert!(matches!(problem, Problem::TooLarge { .. }), "{problem:?}");
}

#[test]
fn package_must_not_be_empty() {
    let text = with(r#", "red_lines": [{"all": []}]"#);
    assert_eq!(
        problem_at(&text),
        ("actors[0].red_lines[0].all".into(), Problem::Empty)
    );
}

#[test]
fn package_takes_no_issue_of_its_own() {
    let text = with(
        r#", "red_lines": [{"all": [{"issue": "share", "below": 0.2}], "issue": "nato", "options": ["member"]}]"#,
    );
    assert_eq!(wrong_kind(&text).0, "actors[0].red_lines[0].issue");
}

#[test]
fn gate_names_a_known_leverage_variable() {
    let text = with(
        r#", "red_lines": [{"issue": "share", "below": 0.2, "if": {"leverage": "kursk", "below": 1}}]"#,
    );
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].red_lines[0].if.leverage");
    assert_eq!(
        problem,
        Problem::Unknown {
            kind: "leverage variable",
            id: "kursk".into()
        }
    );
}

#[test]
fn gate_takes_no_options() {
    let text = with(
        r#", "red_lines": [{"issue": "share", "below": 0.2, "if": {"leverage": "support", "options": ["x"]}}]"#,
    );
    assert_eq!(wrong_kind(&text).0, "actors[0].red_lines[0].if.options");
}

#[test]
fn gate_needs_a_range() {
    let text =
        with(r#", "red_lines": [{"issue": "share", "below": 0.2, "if": {"leverage": "support"}}]"#);
    assert_eq!(wrong_kind(&text).0, "actors[0].red_lines[0].if");
}

#[test]
fn gate_takes_one_range() {
    let text = with(
        r#", "red_lines": [{"all": [{"issue": "share", "below": 0.2}], "if": {"leverage": "support", "below": 1, "between": [0, 1]}}]"#,
    );
    assert_eq!(wrong_kind(&text).0, "actors[0].red_lines[0].if");
}

#[test]
fn interaction_weight_must_not_be_negative() {
    let text = with(r#", "interactions": [{"when": [], "value": 1, "weight": -2}]"#);
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].interactions[0].weight");
    assert_eq!(problem, Problem::Negative(-2.0));
}

#[test]
fn interaction_weight_must_be_finite() {
    // TOML is where a non-finite number can be written.
    let toml = r#"
name = "t"
[[issues]]
id = "share"
range = [0.0, 1.0]
[[actors]]
id = "a"
weights = { share = 1.0 }
values = { share = { points = [[0.0, 0.0], [1.0, 1.0]] } }
interactions = [{ when = [], value = 1.0, weight = inf }]
"#;
    match Scenario::from_toml(toml, "t.toml") {
        Err(Error::Scenario(ScenarioError::Invalid { field, problem, .. })) => {
            assert_eq!(field.to_string(), "actors[0].interactions[0].weight");
            assert!(matches!(problem, Problem::NotFinite(_)));
        }
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

#[test]
fn interaction_value_is_a_utility() {
    let text = with(r#", "interactions": [{"when": [], "value": 1e12, "weight": 1}]"#);
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].interactions[0].value");
    assert!(matches!(problem, Problem::TooLarge { .. }), "{problem:?}");
}

#[test]
fn interaction_fields_are_required() {
    for (missing, body) in [
        ("when", r#"{"value": 1, "weight": 1}"#),
        ("value", r#"{"when": [], "weight": 1}"#),
        ("weight", r#"{"when": [], "value": 1}"#),
    ] {
        let text = with(&format!(r#", "interactions": [{body}]"#));
        let (field, problem) = problem_at(&text);
        assert_eq!(field, format!("actors[0].interactions[0].{missing}"));
        assert_eq!(problem, Problem::Missing);
    }
}

#[test]
fn all_zero_weights_with_zero_interaction_weights_are_refused() {
    let text = with(r#", "interactions": [{"when": [], "value": 1, "weight": 0}]"#).replace(
        r#""weights": {"nato": 1, "share": 1}"#,
        r#""weights": {"nato": 0}"#,
    );
    assert_eq!(
        problem_at(&text),
        ("actors[0].weights".into(), Problem::AllZero)
    );
}

#[test]
fn unknown_fields_in_conditions_are_refused() {
    let text = with(r#", "red_lines": [{"all": [{"issue": "share", "beneath": 0.2}]}]"#);
    match Scenario::from_json(&text, "t.json") {
        Err(Error::Scenario(ScenarioError::Parse {
            field: Some(f),
            message,
            ..
        })) => {
            assert_eq!(f.to_string(), "actors[0].red_lines[0].all[0].beneath");
            assert!(message.starts_with("unknown field `beneath`"), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn too_many_conditions_are_refused() {
    let one = r#"{"issue": "share", "below": 0.2}"#;
    let many = vec![one; crate::scenario::limits::MAX_CONDITIONS + 1].join(", ");
    let text = with(&format!(r#", "red_lines": [{{"all": [{many}]}}]"#));
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].red_lines[0].all");
    assert!(
        matches!(problem, Problem::TooMany { limit: 1000, .. }),
        "{problem:?}"
    );
}
