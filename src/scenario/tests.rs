use super::*;
use crate::error::ScenarioError;

pub(crate) const SPLIT: &str = r#"{
  "name": "split",
  "issues": [{ "id": "share", "range": [0.0, 1.0] }],
  "actors": [
    { "id": "a", "weights": { "share": 1 },
      "values": { "share": { "points": [[0, 0], [1, 1]] } } },
    { "id": "b", "weights": { "share": 1 }, "power": 3,
      "values": { "share": { "points": [[0, 1], [1, 0]] } } }
  ]
}"#;

fn problem_at(text: &str) -> (String, Problem) {
    match Scenario::from_json(text, "t.json") {
        Err(Error::Scenario(ScenarioError::Invalid { field, problem, .. })) => {
            (field.to_string(), problem)
        }
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

#[test]
fn loads_a_valid_scenario_with_defaults() {
    let s = Scenario::from_json(SPLIT, "t.json").expect("valid");
    assert_eq!(s.name(), "split");
    assert_eq!(s.actors().len(), 2);
    assert!(s.actors()[0].seated());
    assert!((s.actors()[0].patience() - 0.95).abs() < 1e-15);
    assert!((s.actors()[1].power() - 3.0).abs() < 1e-15);
}

#[test]
fn negative_weight_names_the_field() {
    let text = SPLIT.replace(
        r#""weights": { "share": 1 }, "power""#,
        r#""weights": { "share": -1 }, "power""#,
    );
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[1].weights.share");
    assert_eq!(problem, Problem::Negative(-1.0));
}

#[test]
fn parse_errors_carry_the_serde_path() {
    let text = SPLIT.replace(r#""power": 3"#, r#""power": "three""#);
    match Scenario::from_json(&text, "t.json") {
        Err(Error::Scenario(ScenarioError::Parse { field: Some(f), .. })) => {
            assert_eq!(f.to_string(), "actors[1].power")
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn toml_with_the_same_fields_loads() {
    let text = r#"
name = "split"
[[issues]]
id = "share"
range = [0.0, 1.0]
[[actors]]
id = "a"
weights = { share = 1.0 }
values = { share = { points = [[0.0, 0.0], [1.0, 1.0]] } }
[[actors]]
id = "b"
weights = { share = 1.0 }
values = { share = { points = [[0.0, 1.0], [1.0, 0.0]] } }
"#;
    let s = Scenario::from_toml(text, "t.toml").expect("valid toml");
    assert_eq!(s.issues()[0].id(), "share");
}

#[test]
fn curve_must_cover_the_range() {
    let text = SPLIT.replace("[[0, 0], [1, 1]]", "[[0.1, 0], [1, 1]]");
    let (field, problem) = problem_at(&text);
    assert_eq!(field, "actors[0].values.share.points");
    assert_eq!(problem, Problem::DoesNotCover { lo: 0.0, hi: 1.0 });
}
