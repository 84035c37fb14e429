//! The contract's hand-checked examples (`tests/data/contract/`, a copy of the shared
//! conformance set): the binary must print the expected JSON, numbers within 1e-6.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The contract's tolerance on reported numbers.
const TOL: f64 = 1e-6;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/contract")
        .join(name)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .output()
        .expect("the detente binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Compare JSON values: objects key by key (every expected key must be present with an
/// equal value; extra keys are allowed), numbers within TOL.
fn assert_matches(expected: &Value, got: &Value, path: &str) {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (k, ev) in e {
                let gv = g
                    .get(k)
                    .unwrap_or_else(|| panic!("{path}.{k} missing in {got}"));
                assert_matches(ev, gv, &format!("{path}.{k}"));
            }
        }
        (Value::Number(e), Value::Number(g)) => {
            let (e, g) = (
                e.as_f64().unwrap_or(f64::NAN),
                g.as_f64().unwrap_or(f64::NAN),
            );
            assert!((e - g).abs() <= TOL, "{path}: expected {e}, got {g}");
        }
        (Value::String(_), Value::String(_)) if path.ends_with(".reason") => {}
        _ => assert_eq!(expected, got, "{path}"),
    }
}

fn check(expected_file: &str, scenario: &str, extra: &[&str]) {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(data(&format!("expected/{expected_file}")))
            .expect("expected file"),
    )
    .expect("expected JSON parses");
    let file = data(scenario);
    let concept = expected["concept"].as_str().expect("concept");
    let mut args = vec![
        "solve",
        file.to_str().expect("utf-8 path"),
        "--concept",
        concept,
        "--json",
    ];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{expected_file}: exit status, stderr: {stderr}");
    let got: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_matches(&expected, &got, expected_file);
}

#[test]
fn split_power_nash_splits_by_power() {
    check("split_power.nash.json", "split_power.json", &[]);
}

#[test]
fn split_power_kalai_and_egalitarian_ignore_power() {
    check("split_power.kalai.json", "split_power.json", &[]);
    check("split_power.egalitarian.json", "split_power.json", &[]);
}

#[test]
fn logroll_gives_each_party_its_issue() {
    check("logroll_three.nash.json", "logroll_three.json", &[]);
    check("logroll_three.utilitarian.json", "logroll_three.json", &[]);
}

#[test]
fn red_line_moves_the_split() {
    check("redline_share.nash.json", "redline_share.json", &[]);
}

#[test]
fn unseated_observer_has_no_say() {
    check("unseated_observer.nash.json", "unseated_observer.json", &[]);
}

#[test]
fn no_deal_is_an_answer_with_exit_zero() {
    check("no_deal.nash.json", "no_deal.json", &[]);
}

#[test]
fn rubinstein_first_mover_advantage() {
    check("rubinstein.offers.json", "rubinstein.json", &[]);
    check(
        "rubinstein.offers.first_b.json",
        "rubinstein.json",
        &["--first", "b"],
    );
}

#[test]
fn leverage_set_moves_the_disagreement_point() {
    check("leverage_set.nash.json", "leverage_set.json", &[]);
    check(
        "leverage_set.nash.set.json",
        "leverage_set.json",
        &["--set", "support=1"],
    );
}

#[test]
fn bad_weight_exits_two_naming_file_and_field() {
    let file = data("bad_weight.json");
    for concept in ["nash", "kalai", "egalitarian", "utilitarian", "offers"] {
        let (code, stdout, stderr) = run(&[
            "solve",
            file.to_str().expect("utf-8 path"),
            "--concept",
            concept,
            "--json",
        ]);
        assert_eq!(code, 2, "{concept}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("bad_weight.json"), "{stderr}");
        assert!(stderr.contains("actors[0].weights.x"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one clear message: {stderr}");
    }
}
