//! `detente negotiate` through the built binary: the contract's JSON object (§4) on
//! runs computed by hand in `tests/negotiate.rs` (the pie of eleven shares), `--set`
//! moving a disagreement point, `--first`, `--trace`, `--resolution`, and the table.

use std::path::PathBuf;
use std::process::Command;

use approx::assert_abs_diff_eq;
use serde_json::{json, Value as Json};

/// Numbers in the JSON output against hand-computed decimals.
const TOL: f64 = 1e-12;

/// The pie of `tests/negotiate.rs`: `s{k}` gives a k/10 and b (10 - k)/10; `share`
/// (continuous) gives a x and b 1 - x; `lever` moves a's d one for one; c is unseated
/// and values what a gets. Written under the test's temporary directory, one file per
/// test (`name`), as tests run in parallel.
fn pie(name: &str) -> String {
    let labels: Vec<String> = (0..=10).map(|k| format!("s{k}")).collect();
    let table = |f: &dyn Fn(usize) -> f64| -> Json {
        labels
            .iter()
            .enumerate()
            .map(|(k, l)| (l.clone(), json!(f(k))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let a = json!({"slice": table(&|k| k as f64 / 10.0), "share": {"points": [[0, 0], [1, 1]]}});
    let b =
        json!({"slice": table(&|k| (10 - k) as f64 / 10.0), "share": {"points": [[0, 1], [1, 0]]}});
    let text = json!({"name": "pie",
        "issues": [{"id": "slice", "options": labels}, {"id": "share", "range": [0, 1]}],
        "actors": [
          {"id": "a", "disagreement": 0.0, "weights": {"slice": 1}, "values": a},
          {"id": "b", "disagreement": 0.0, "weights": {"slice": 1}, "values": b},
          {"id": "c", "seated": false, "disagreement": 0.05, "weights": {"slice": 1}, "values": a}],
        "leverage": [{"id": "lever", "value": 0, "effects": [{"actor": "a", "disagreement": 1}]}]});
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("negotiate_cli");
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&text).expect("json")).expect("write");
    path.to_string_lossy().into_owned()
}

/// Run `detente negotiate FILE ARGS`, expecting exit 0; stdout.
fn negotiate(file: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .arg("negotiate")
        .arg(file)
        .args(args)
        .output()
        .expect("the detente binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json_of(file: &str, args: &[&str]) -> Json {
    let args = [args, &["--json"]].concat();
    serde_json::from_str(&negotiate(file, &args)).expect("JSON on stdout")
}

fn assert_close(j: &Json, want: f64) {
    assert_abs_diff_eq!(j.as_f64().expect("a number"), want, epsilon = TOL);
}

/// Linear against linear, T = 11: s5 at step 6 (derivation in `tests/negotiate.rs`);
/// every field of the contract's object, c's utility 0.5 and gain 0.45 reported, the
/// welfare over a and b only; with `--trace`, the seven steps.
#[test]
fn the_json_object_of_a_hand_computed_run() {
    let file = pie("object");
    let j = json_of(&file, &["--deadline", "11", "--agents", "b=time:1.0"]);
    assert_eq!(j["scenario"], "pie");
    assert_eq!(j["protocol"], "saop");
    assert_eq!(j["deadline"], 11);
    assert_eq!(j["first"], "a");
    assert_eq!(j["agents"], json!({"a": "linear", "b": "time:1.0"}));
    assert_eq!(j["agreement"]["slice"], "s5");
    assert_close(&j["agreement"]["share"], 0.0);
    assert_eq!(j["step"], 6);
    for (actor, u, g) in [("a", 0.5, 0.5), ("b", 0.5, 0.5), ("c", 0.5, 0.45)] {
        assert_close(&j["utilities"][actor], u);
        assert_close(&j["gains"][actor], g);
    }
    assert_close(&j["nash_distance"], 0.0);
    assert_close(&j["pareto_distance"], 0.0);
    assert_close(&j["welfare"], 1.0);
    assert!(j.get("trace").is_none(), "a trace only with --trace");

    let j = json_of(&file, &["--deadline", "11", "--trace"]);
    let trace = j["trace"].as_array().expect("a trace");
    let steps: Vec<(u64, &str, &str, &str)> = trace
        .iter()
        .map(|m| {
            let field = |k: &str| m[k].as_str().expect("a string");
            (
                m["step"].as_u64().expect("a step"),
                field("actor"),
                field("action"),
                m["offer"]["slice"].as_str().expect("a label"),
            )
        })
        .collect();
    let want = [
        (0, "a", "propose", "s10"),
        (1, "b", "propose", "s1"),
        (2, "a", "propose", "s8"),
        (3, "b", "propose", "s3"),
        (4, "a", "propose", "s6"),
        (5, "b", "propose", "s5"),
        (6, "a", "accept", "s5"),
    ];
    assert_eq!(steps, want);
}

/// `--set lever=0.4` moves d_a to 0.4: a's target falls from 1 to 0.4 only, and the
/// run ends on s7 at step 7 instead of s5 at step 6 (derivation in
/// `tests/negotiate.rs`, `a_lever_moving_a_disagreement_point_moves_its_targets`).
#[test]
fn set_moves_a_disagreement_point_and_the_targets() {
    let file = pie("set");
    let base = json_of(&file, &["--deadline", "11"]);
    let moved = json_of(&file, &["--deadline", "11", "--set", "lever=0.4"]);
    assert_eq!(
        (&base["agreement"]["slice"], &base["step"]),
        (&json!("s5"), &json!(6))
    );
    assert_eq!(
        (&moved["agreement"]["slice"], &moved["step"]),
        (&json!("s7"), &json!(7))
    );
    assert_close(&moved["utilities"]["a"], 0.7);
    assert_close(&moved["gains"]["a"], 0.3);
    assert_close(&moved["utilities"]["b"], 0.3);
}

/// `--first b` mirrors the run: b opens with s0 and a accepts s5 at step 6.
#[test]
fn first_rotates_the_order() {
    let j = json_of(
        &pie("first"),
        &["--deadline", "11", "--first", "b", "--trace"],
    );
    assert_eq!(j["first"], "b");
    assert_eq!(j["trace"][0]["actor"], "b");
    assert_eq!(j["trace"][0]["offer"]["slice"], "s0");
    assert_eq!(
        (&j["agreement"]["slice"], &j["step"]),
        (&json!("s5"), &json!(6))
    );
}

/// Hardliners never agree: `agreement`, `step` and both distances null, utilities =
/// d, gains 0, welfare the seated d's sum; the table says so.
#[test]
fn no_deal_reads_as_null() {
    let file = pie("no_deal");
    let agents = ["--agents", "a=hardliner,b=hardliner", "--set", "lever=0.2"];
    let j = json_of(&file, &agents);
    for field in ["agreement", "step", "nash_distance", "pareto_distance"] {
        assert_eq!(j[field], Json::Null, "{field}");
    }
    assert_close(&j["utilities"]["a"], 0.2);
    assert_close(&j["utilities"]["c"], 0.05);
    assert_eq!(j["gains"], json!({"a": 0.0, "b": 0.0, "c": 0.0}));
    assert_close(&j["welfare"], 0.2);
    let text = negotiate(&file, &agents);
    assert!(text.contains("no agreement"), "{text}");
}

/// The continuous issue alone carries the pie when a and b weigh only it: gridded at
/// `--resolution 11` the linear run ends at share 0.5 at step 6, like the options.
/// At `--resolution 3` (0, 0.5, 1) a target in (0.5, 1] asks for the whole share, so
/// a proposes 1 and b 0 until b's target falls to 0.5 at step 5: b proposes 0.5, and
/// a, whose target at step 6 is 0.4, accepts.
#[test]
fn resolution_grids_the_continuous_issue() {
    let file = pie("resolution");
    let text = std::fs::read_to_string(&file).expect("pie");
    let moved = text.replace(r#""slice": 1"#, r#""share": 1"#);
    let path = PathBuf::from(&file).with_file_name("share_only.json");
    std::fs::write(&path, moved).expect("write");
    let file = path.to_string_lossy().into_owned();
    let j = json_of(&file, &["--deadline", "11"]);
    assert_close(&j["agreement"]["share"], 0.5);
    assert_eq!(j["step"], 6);
    let j = json_of(&file, &["--deadline", "11", "--resolution", "3", "--trace"]);
    assert_close(&j["agreement"]["share"], 0.5);
    assert_eq!(j["step"], 6);
    assert_close(&j["trace"][5]["offer"]["share"], 0.5);
    assert_eq!(j["trace"][5]["actor"], "b");
}

/// A run as long as a hostile `--deadline` asks is held to the budgets: two hardliners
/// never agree, so without the limits this run would take minutes and gigabytes.
#[test]
fn a_long_run_stops_at_its_time_and_memory_limits_with_exit_status_3() {
    let file = pie("budgets");
    for (limit, value, why) in [
        ("--max-seconds", "0.2", "time limit"),
        ("--max-memory", "1", "memory limit"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_detente"))
            .args(["negotiate", &file, "--agents", "a=hardliner,b=hardliner"])
            .args(["--deadline", "100000000", limit, value])
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(3), "{limit}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(&format!(
                "detente: negotiation stopped by its {why} at step "
            )),
            "{err}"
        );
        assert!(
            err.trim_end().ends_with("no agreement is reported"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}
