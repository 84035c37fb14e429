//! The builder applies the file's rules and reports the file loader's errors.

use detente::scenario::{ActorSpec, IssueSpec, Linear, RedLineSpec};
use detente::{Error, Scenario};
use serde_json::json;

use super::{actor_a, actor_b, base_json, build, edited, issues, load, same_error, support};

#[test]
fn the_builder_makes_the_file_scenario() -> Result<(), Error> {
    let built = build(issues(), actor_a(), actor_b(), support())?;
    let loaded = load(&base_json())?;
    assert_eq!(built, loaded);
    assert_eq!(built.source(), "case.json");
    Ok(())
}

#[test]
fn builder_errors_are_the_loader_errors() {
    same_error(
        build(
            issues(),
            actor_a(),
            actor_b().weight("nato", -1.0),
            support(),
        ),
        load(&edited(|v| v["actors"][1]["weights"]["nato"] = json!(-1.0))),
        "actors[1].weights.nato",
    );
    same_error(
        build(
            issues(),
            actor_a().weight("army", 1.0),
            actor_b(),
            support(),
        ),
        load(&edited(|v| v["actors"][0]["weights"]["army"] = json!(1.0))),
        "actors[0].weights.army",
    );
    same_error(
        build(issues(), actor_a().patience(1.0), actor_b(), support()),
        load(&edited(|v| v["actors"][0]["patience"] = json!(1.0))),
        "actors[0].patience",
    );
    same_error(
        build(issues(), actor_a().power(0.0), actor_b(), support()),
        load(&edited(|v| v["actors"][0]["power"] = json!(0.0))),
        "actors[0].power",
    );
    same_error(
        build(issues(), actor_a(), ActorSpec::new("a"), support()),
        load(&edited(|v| v["actors"][1] = json!({ "id": "a" }))),
        "actors[1].id",
    );
    same_error(
        build(
            issues(),
            actor_a().curve("share", [(0.0, 0.0), (0.9, 1.0)]),
            actor_b(),
            support(),
        ),
        load(&edited(|v| {
            v["actors"][0]["values"]["share"]["points"] = json!([[0.0, 0.0], [0.9, 1.0]])
        })),
        "actors[0].values.share.points",
    );
    same_error(
        build(
            issues(),
            actor_a().values("nato", [("observer", 0.5)]),
            actor_b(),
            support(),
        ),
        load(&edited(|v| {
            v["actors"][0]["values"]["nato"]["observer"] = json!(0.5)
        })),
        "actors[0].values.nato.observer",
    );
    same_error(
        build(
            issues(),
            actor_a().red_line(RedLineSpec::options("nato", ["observer"])),
            actor_b(),
            support(),
        ),
        load(&edited(|v| {
            if let Some(r) = v["actors"][0]["red_lines"].as_array_mut() {
                r.push(json!({ "issue": "nato", "options": ["observer"] }));
            }
        })),
        "actors[0].red_lines[2].options[0]",
    );
    same_error(
        build(
            issues(),
            actor_a(),
            actor_b(),
            support().effect("eu", Linear::ZERO),
        ),
        load(&edited(|v| {
            if let Some(e) = v["leverage"][0]["effects"].as_array_mut() {
                e.push(json!({ "actor": "eu" }));
            }
        })),
        "leverage[0].effects[1].actor",
    );
    let [nato, _] = issues();
    same_error(
        build(
            [nato, IssueSpec::continuous("share", 1.0, 0.0)],
            actor_a(),
            actor_b(),
            support(),
        ),
        load(&edited(|v| v["issues"][1]["range"] = json!([1.0, 0.0]))),
        "issues[1].range",
    );
    let [_, share] = issues();
    same_error(
        build(
            [IssueSpec::discrete("nato", ["member", "member"]), share],
            actor_a(),
            actor_b(),
            support(),
        ),
        load(&edited(|v| {
            v["issues"][0]["options"] = json!(["member", "member"])
        })),
        "issues[0].options[1]",
    );
    same_error(
        build(
            issues(),
            actor_a().seated(false),
            actor_b().seated(false),
            support(),
        ),
        load(&edited(|v| {
            v["actors"][0]["seated"] = json!(false);
            v["actors"][1]["seated"] = json!(false);
        })),
        "actors",
    );
}

#[test]
fn non_finite_numbers_are_the_same_error_as_in_toml() {
    let toml = r#"
name = "t"
[[issues]]
id = "x"
options = ["p", "q"]
[[actors]]
id = "a"
weights = { x = 1.0 }
values = { x = { p = nan, q = 0.0 } }
"#;
    let built = Scenario::builder("t")
        .source("t.toml")
        .issue(IssueSpec::discrete("x", ["p", "q"]))
        .actor(
            ActorSpec::new("a")
                .weight("x", 1.0)
                .values("x", [("p", f64::NAN), ("q", 0.0)]),
        )
        .build();
    same_error(
        built,
        Scenario::from_toml(toml, "t.toml"),
        "actors[0].values.x.p",
    );
}

#[test]
fn a_scenario_without_issues_or_weights_fails_as_a_file_does() {
    let built = Scenario::builder("empty").build();
    let loaded = Scenario::from_json(r#"{"name": "empty"}"#, "empty");
    same_error(built, loaded, "issues");
    let built = Scenario::builder("w")
        .issue(IssueSpec::continuous("s", 0.0, 1.0))
        .actor(ActorSpec::new("a"))
        .build();
    let loaded = Scenario::from_json(
        r#"{"name": "w", "issues": [{"id": "s", "range": [0, 1]}], "actors": [{"id": "a"}]}"#,
        "w",
    );
    same_error(built, loaded, "actors[0].weights");
}
