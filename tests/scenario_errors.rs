//! One test per validation rule: the error names the field and the matchable problem.
#![allow(clippy::option_map_unit_fn)]

use detente::error::ScenarioError;
use detente::{Error, Problem, Scenario};
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "name": "base",
        "issues": [
            { "id": "nato", "options": ["member", "deferred", "neutral"] },
            { "id": "share", "range": [0.0, 1.0] }
        ],
        "actors": [
            { "id": "a", "power": 1.0, "patience": 0.9, "disagreement": 0.1,
              "weights": { "nato": 1.0, "share": 3.0 },
              "values": { "nato": { "member": 0.0, "deferred": 0.4, "neutral": 1.0 },
                          "share": { "points": [[0.0, 0.0], [1.0, 1.0]] } },
              "red_lines": [ { "issue": "nato", "options": ["member"] },
                             { "issue": "share", "below": 0.2 } ] },
            { "id": "b",
              "weights": { "nato": 1.0, "share": 1.0 },
              "values": { "nato": { "member": 1.0, "deferred": 0.5, "neutral": 0.0 },
                          "share": { "points": [[0.0, 1.0], [1.0, 0.0]] } } }
        ],
        "leverage": [
            { "id": "support", "distribution": { "uniform": [0.0, 1.0] },
              "effects": [ { "actor": "a", "disagreement": 0.2, "power": -0.3 } ] }
        ]
    })
}

/// Apply `edit` to the base scenario and return the error's field path and problem.
fn invalid(edit: impl FnOnce(&mut Value)) -> (String, Problem) {
    let mut v = base();
    edit(&mut v);
    match Scenario::from_json(&v.to_string(), "case.json") {
        Err(Error::Scenario(ScenarioError::Invalid {
            file,
            field,
            problem,
        })) => {
            assert_eq!(file, "case.json");
            (field.to_string(), problem)
        }
        other => panic!("expected an invalid-scenario error, got {other:?}"),
    }
}

#[test]
fn the_base_scenario_is_valid() {
    let s = Scenario::from_json(&base().to_string(), "case.json").expect("valid");
    assert_eq!(s.issues().len(), 2);
    assert!(
        (s.leverage()[0].value() - 0.5).abs() < 1e-15,
        "value defaults to the mean"
    );
}

#[test]
fn missing_name() {
    let (f, p) = invalid(|v| {
        v.as_object_mut().map(|o| o.remove("name"));
    });
    assert_eq!((f.as_str(), p), ("name", Problem::Missing));
}

#[test]
fn empty_issue_list() {
    let (f, p) = invalid(|v| v["issues"] = json!([]));
    assert_eq!((f.as_str(), p), ("issues", Problem::Empty));
}

#[test]
fn duplicate_issue_id() {
    let (f, p) = invalid(|v| v["issues"][1]["id"] = json!("nato"));
    assert_eq!(
        (f.as_str(), p),
        ("issues[1].id", Problem::Duplicate("nato".into()))
    );
}

#[test]
fn empty_option_list() {
    let (f, p) = invalid(|v| v["issues"][0]["options"] = json!([]));
    assert_eq!((f.as_str(), p), ("issues[0].options", Problem::Empty));
}

#[test]
fn duplicate_option() {
    let (f, p) = invalid(|v| v["issues"][0]["options"] = json!(["member", "member"]));
    assert_eq!(
        (f.as_str(), p),
        ("issues[0].options[1]", Problem::Duplicate("member".into()))
    );
}

#[test]
fn range_with_lo_not_below_hi() {
    let (f, p) = invalid(|v| v["issues"][1]["range"] = json!([1.0, 1.0]));
    assert_eq!(
        (f.as_str(), p),
        ("issues[1].range", Problem::EmptyRange { lo: 1.0, hi: 1.0 })
    );
}

#[test]
fn issue_with_both_options_and_range() {
    let (f, p) = invalid(|v| v["issues"][1]["options"] = json!(["x"]));
    assert_eq!(f, "issues[1]");
    assert!(matches!(p, Problem::WrongKind(_)));
}

#[test]
fn duplicate_actor_id() {
    let (f, p) = invalid(|v| v["actors"][1]["id"] = json!("a"));
    assert_eq!(
        (f.as_str(), p),
        ("actors[1].id", Problem::Duplicate("a".into()))
    );
}

#[test]
fn negative_weight() {
    let (f, p) = invalid(|v| v["actors"][1]["weights"]["nato"] = json!(-1.0));
    assert_eq!(
        (f.as_str(), p),
        ("actors[1].weights.nato", Problem::Negative(-1.0))
    );
}

#[test]
fn all_zero_weights() {
    let (f, p) = invalid(|v| v["actors"][1]["weights"] = json!({ "nato": 0.0 }));
    assert_eq!((f.as_str(), p), ("actors[1].weights", Problem::AllZero));
}

#[test]
fn weight_on_unknown_issue() {
    let (f, p) = invalid(|v| v["actors"][0]["weights"]["crimea"] = json!(1.0));
    assert_eq!(
        (f.as_str(), p),
        (
            "actors[0].weights.crimea",
            Problem::Unknown {
                kind: "issue",
                id: "crimea".into()
            }
        )
    );
}

#[test]
fn missing_option_value() {
    let (f, p) = invalid(|v| {
        v["actors"][1]["values"]["nato"]
            .as_object_mut()
            .map(|o| o.remove("deferred"));
    });
    assert_eq!(
        (f.as_str(), p),
        ("actors[1].values.nato.deferred", Problem::Missing)
    );
}

#[test]
fn value_for_unknown_option() {
    let (f, p) = invalid(|v| v["actors"][1]["values"]["nato"]["observer"] = json!(0.5));
    assert_eq!(
        (f.as_str(), p),
        (
            "actors[1].values.nato.observer",
            Problem::Unknown {
                kind: "option",
                id: "observer".into()
            }
        )
    );
}

#[test]
fn missing_values_for_a_weighted_issue() {
    let (f, p) = invalid(|v| {
        v["actors"][1]["values"]
            .as_object_mut()
            .map(|o| o.remove("share"));
    });
    assert_eq!(
        (f.as_str(), p),
        ("actors[1].values.share", Problem::Missing)
    );
}

#[test]
fn curve_x_not_increasing() {
    let (f, p) = invalid(|v| {
        v["actors"][0]["values"]["share"]["points"] =
            json!([[0.0, 0.0], [0.5, 1.0], [0.5, 0.2], [1.0, 1.0]])
    });
    assert_eq!(
        (f.as_str(), p),
        (
            "actors[0].values.share.points[2]",
            Problem::NotIncreasing { at: 2 }
        )
    );
}

#[test]
fn curve_not_covering_the_range() {
    let (f, p) =
        invalid(|v| v["actors"][0]["values"]["share"]["points"] = json!([[0.0, 0.0], [0.9, 1.0]]));
    assert_eq!(
        (f.as_str(), p),
        (
            "actors[0].values.share.points",
            Problem::DoesNotCover { lo: 0.0, hi: 1.0 }
        )
    );
}

#[test]
fn patience_outside_the_unit_interval() {
    for bad in [0.0, 1.0, 1.5, -0.1] {
        let (f, p) = invalid(|v| v["actors"][0]["patience"] = json!(bad));
        assert_eq!(f, "actors[0].patience");
        assert!(matches!(p, Problem::OutOfRange { .. }), "{bad}: {p:?}");
    }
}

#[test]
fn power_not_positive() {
    let (f, p) = invalid(|v| v["actors"][0]["power"] = json!(0.0));
    assert_eq!(f, "actors[0].power");
    assert!(matches!(p, Problem::OutOfRange { .. }));
}

#[test]
fn red_line_on_unknown_issue() {
    let (f, p) = invalid(|v| v["actors"][0]["red_lines"][0]["issue"] = json!("crimea"));
    assert_eq!(
        (f.as_str(), p),
        (
            "actors[0].red_lines[0].issue",
            Problem::Unknown {
                kind: "issue",
                id: "crimea".into()
            }
        )
    );
}

#[test]
fn red_line_on_unknown_option() {
    let (f, p) = invalid(|v| v["actors"][0]["red_lines"][0]["options"] = json!(["observer"]));
    assert_eq!(
        (f.as_str(), p),
        (
            "actors[0].red_lines[0].options[0]",
            Problem::Unknown {
                kind: "option",
                id: "observer".into()
            }
        )
    );
}

#[test]
fn red_line_bound_on_a_discrete_issue() {
    let (f, p) =
        invalid(|v| v["actors"][0]["red_lines"][0] = json!({ "issue": "nato", "below": 0.5 }));
    assert_eq!(f, "actors[0].red_lines[0]");
    assert!(matches!(p, Problem::WrongKind(_)));
}

#[test]
fn no_seated_actor() {
    let (f, p) = invalid(|v| {
        v["actors"][0]["seated"] = json!(false);
        v["actors"][1]["seated"] = json!(false);
    });
    assert_eq!((f.as_str(), p), ("actors", Problem::NoneSeated));
}

#[test]
fn effect_on_unknown_actor() {
    let (f, p) = invalid(|v| v["leverage"][0]["effects"][0]["actor"] = json!("eu"));
    assert_eq!(
        (f.as_str(), p),
        (
            "leverage[0].effects[0].actor",
            Problem::Unknown {
                kind: "actor",
                id: "eu".into()
            }
        )
    );
}

#[test]
fn uniform_with_empty_range() {
    let (f, p) = invalid(|v| v["leverage"][0]["distribution"] = json!({ "uniform": [1.0, 0.0] }));
    assert_eq!(
        (f.as_str(), p),
        (
            "leverage[0].distribution.uniform",
            Problem::EmptyRange { lo: 1.0, hi: 0.0 }
        )
    );
}

#[test]
fn bernoulli_probability_outside_unit_interval() {
    let (f, p) = invalid(|v| v["leverage"][0]["distribution"] = json!({ "bernoulli": 1.5 }));
    assert_eq!(f, "leverage[0].distribution.bernoulli");
    assert!(matches!(p, Problem::OutOfRange { .. }));
}

#[test]
fn normal_with_non_positive_sd() {
    let (f, p) = invalid(|v| v["leverage"][0]["distribution"] = json!({ "normal": [0.0, 0.0] }));
    assert_eq!(f, "leverage[0].distribution.normal[1]");
    assert!(matches!(p, Problem::OutOfRange { .. }));
}

#[test]
fn leverage_without_value_or_distribution() {
    let (f, p) = invalid(|v| {
        v["leverage"][0]
            .as_object_mut()
            .map(|o| o.remove("distribution"));
    });
    assert_eq!(f, "leverage[0].value");
    assert!(matches!(p, Problem::WrongKind(_)));
}

#[test]
fn duplicate_leverage_id() {
    let (f, p) = invalid(|v| {
        let copy = v["leverage"][0].clone();
        v["leverage"].as_array_mut().map(|a| a.push(copy));
    });
    assert_eq!(
        (f.as_str(), p),
        ("leverage[1].id", Problem::Duplicate("support".into()))
    );
}

#[test]
fn non_finite_numbers_in_toml_are_rejected() {
    let text = r#"
name = "t"
[[issues]]
id = "x"
options = ["p", "q"]
[[actors]]
id = "a"
disagreement = nan
weights = { x = 1.0 }
values = { x = { p = 1.0, q = 0.0 } }
"#;
    match Scenario::from_toml(text, "t.toml") {
        Err(Error::Scenario(ScenarioError::Invalid {
            field,
            problem: Problem::NotFinite(_),
            ..
        })) => {
            assert_eq!(field.to_string(), "actors[0].disagreement")
        }
        other => panic!("expected NotFinite, got {other:?}"),
    }
}

#[test]
fn wrong_types_and_unknown_fields_are_parse_errors_with_a_path() {
    let mut v = base();
    v["actors"][1]["weights"]["nato"] = json!("heavy");
    match Scenario::from_json(&v.to_string(), "case.json") {
        Err(Error::Scenario(ScenarioError::Parse { field: Some(f), .. })) => {
            assert_eq!(f.to_string(), "actors[1].weights.nato")
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let mut v = base();
    v["actors"][0]["seeted"] = json!(false);
    let e = Scenario::from_json(&v.to_string(), "case.json").expect_err("typo is caught");
    assert!(e.to_string().contains("seeted"), "{e}");
    assert!(e.to_string().starts_with("case.json: actors[0]"), "{e}");
}

#[test]
fn malformed_json_names_line_and_column() {
    let e = Scenario::from_json("{\"name\": \"x\",\n  \"issues\": [,]}", "m.json")
        .expect_err("malformed");
    let text = e.to_string();
    assert!(text.starts_with("m.json: "), "{text}");
    assert!(text.contains("line 2"), "{text}");
}
