//! The built binary: JSON shapes of `solve` and `frontier`, TOML input, `check`, and
//! bad input (exit 2, one line naming the file and field, nothing on stdout, no panic)
//! and budgets (exit 3 with how far the search got and its bound).

use std::path::{Path, PathBuf};
use std::process::Command;

use approx::assert_abs_diff_eq;
use serde_json::{json, Value as Json};

/// Numbers in the JSON output against values computed here.
const TOL: f64 = 1e-9;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the detente binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Write `text` to a fresh file under the test's temporary directory.
fn write(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A discrete issue, a continuous one, two seated actors with powers and disagreement
/// points, and an unseated observer.
fn mixed() -> Json {
    json!({
        "name": "mixed",
        "issues": [
            { "id": "nato", "options": ["member", "deferred", "neutral"] },
            { "id": "share", "range": [0.0, 1.0] }
        ],
        "actors": [
            { "id": "a", "power": 2.0, "disagreement": 0.1,
              "weights": { "nato": 1, "share": 3 },
              "values": { "nato": { "member": 0.0, "deferred": 0.4, "neutral": 1.0 },
                          "share": { "points": [[0, 0], [1, 1]] } },
              "red_lines": [{ "issue": "nato", "options": ["member"] }] },
            { "id": "b", "disagreement": 0.05,
              "weights": { "nato": 1, "share": 1 },
              "values": { "nato": { "member": 1.0, "deferred": 0.5, "neutral": 0.0 },
                          "share": { "points": [[0, 1], [0.5, 0.8], [1, 0]] } } },
            { "id": "eu", "seated": false,
              "weights": { "nato": 1 },
              "values": { "nato": { "member": 1.0, "deferred": 0.5, "neutral": 0.0 } },
              "red_lines": [{ "issue": "nato", "options": ["deferred", "neutral"] }] }
        ]
    })
}

fn solve_json(file: &Path, extra: &[&str]) -> Json {
    let mut args = vec!["solve", path_str(file), "--json"];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(r.stderr.is_empty(), "stderr: {}", r.stderr);
    serde_json::from_str(&r.stdout).expect("stdout is one JSON object")
}

fn num(v: &Json) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is a number"))
}

#[test]
fn solve_json_has_the_contract_shape_for_every_concept() {
    let file = write("mixed.json", &mixed().to_string());
    for concept in ["nash", "kalai", "egalitarian", "utilitarian"] {
        let out = solve_json(&file, &["--concept", concept]);
        assert_eq!(out["scenario"], "mixed");
        assert_eq!(out["concept"], concept);
        let agreement = out["agreement"].as_object().expect("an agreement object");
        assert_eq!(agreement.keys().collect::<Vec<_>>(), ["nato", "share"]);
        assert!(["deferred", "neutral"].contains(&agreement["nato"].as_str().expect("label")));
        let share = num(&agreement["share"]);
        assert!((0.0..=1.0).contains(&share));
        let d = [0.1, 0.05, 0.0];
        let alpha = [2.0, 1.0];
        let mut product = 1.0;
        for (i, id) in ["a", "b", "eu"].iter().enumerate() {
            let u = num(&out["utilities"][id]);
            let g = num(&out["gains"][id]);
            assert_abs_diff_eq!(g, u - d[i], epsilon = TOL);
            if i < 2 {
                assert!(g > 0.0, "{concept}: seated {id} gains");
                product *= g.powf(alpha[i]);
            }
        }
        assert_abs_diff_eq!(num(&out["nash_product"]), product, epsilon = TOL);
        assert_eq!(out["utilities"].as_object().map(|m| m.len()), Some(3));
        assert_eq!(out["gains"].as_object().map(|m| m.len()), Some(3));
    }
}

#[test]
fn no_deal_prints_null_agreement_reason_and_disagreement_utilities() {
    let mut j = mixed();
    j["actors"][0]["disagreement"] = json!(0.9);
    j["actors"][1]["disagreement"] = json!(0.9);
    let file = write("no_deal.json", &j.to_string());
    for concept in ["nash", "kalai", "egalitarian", "utilitarian"] {
        let out = solve_json(&file, &["--concept", concept]);
        assert!(out["agreement"].is_null(), "{concept}: {out}");
        assert!(out["nash_product"].is_null());
        assert!(!out["reason"].as_str().expect("a reason").is_empty());
        for (id, d) in [("a", 0.9), ("b", 0.9), ("eu", 0.0)] {
            assert_abs_diff_eq!(num(&out["utilities"][id]), d, epsilon = TOL);
            assert_abs_diff_eq!(num(&out["gains"][id]), 0.0, epsilon = TOL);
        }
    }
}

#[test]
fn toml_input_gives_the_same_answer_as_json() {
    let toml = r#"
name = "mixed"

[[issues]]
id = "nato"
options = ["member", "deferred", "neutral"]

[[issues]]
id = "share"
range = [0.0, 1.0]

[[actors]]
id = "a"
power = 2.0
disagreement = 0.1
weights = { nato = 1, share = 3 }
values = { nato = { member = 0.0, deferred = 0.4, neutral = 1.0 }, share = { points = [[0, 0], [1, 1]] } }
red_lines = [{ issue = "nato", options = ["member"] }]

[[actors]]
id = "b"
disagreement = 0.05
weights = { nato = 1, share = 1 }
values = { nato = { member = 1.0, deferred = 0.5, neutral = 0.0 }, share = { points = [[0, 1], [0.5, 0.8], [1, 0]] } }

[[actors]]
id = "eu"
seated = false
weights = { nato = 1 }
values = { nato = { member = 1.0, deferred = 0.5, neutral = 0.0 } }
red_lines = [{ issue = "nato", options = ["deferred", "neutral"] }]
"#;
    let t = write("mixed.toml", toml);
    let j = write("mixed_for_toml.json", &mixed().to_string());
    assert_eq!(solve_json(&t, &[]), solve_json(&j, &[]));
}

#[test]
fn frontier_lists_undominated_points_in_enumeration_order() {
    let j = json!({
        "name": "grid",
        "issues": [
            { "id": "x", "options": ["x0", "x1", "x2"] },
            { "id": "y", "options": ["y0", "y1"] }
        ],
        "actors": [
            { "id": "a", "weights": { "x": 2, "y": 1 },
              "values": { "x": { "x0": 1, "x1": 0.5, "x2": 0 }, "y": { "y0": 0, "y1": 1 } } },
            { "id": "b", "weights": { "x": 1, "y": 1 },
              "values": { "x": { "x0": 0, "x1": 0.75, "x2": 1 }, "y": { "y0": 1, "y1": 0 } },
              "red_lines": [{ "issue": "x", "options": ["x2"] }] },
            { "id": "c", "seated": false, "weights": { "x": 1 },
              "values": { "x": { "x0": 0.3, "x1": 0.2, "x2": 0.1 } } }
        ]
    });
    let file = write("grid.json", &j.to_string());
    let r = run(&["frontier", path_str(&file), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out: Json = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(out["scenario"], "grid");
    let points = out["points"].as_array().expect("points");
    // By hand: feasible outcomes (x0|x1) x (y0|y1); utilities (a, b):
    // x0y0 (2/3, 1/2), x0y1 (1, 0), x1y0 (1/3, 7/8), x1y1 (2/3, 3/8) -- dominated by x0y0.
    let got: Vec<(String, String)> = points
        .iter()
        .map(|p| {
            let a = &p["agreement"];
            (
                a["x"].as_str().expect("x").into(),
                a["y"].as_str().expect("y").into(),
            )
        })
        .collect();
    let want = [("x0", "y0"), ("x0", "y1"), ("x1", "y0")];
    assert_eq!(
        got,
        want.map(|(x, y)| (x.to_string(), y.to_string())),
        "Pareto points in enumeration order"
    );
    for p in points {
        assert_eq!(
            p["utilities"].as_object().map(|m| m.len()),
            Some(3),
            "every actor"
        );
    }
    assert_abs_diff_eq!(num(&points[2]["utilities"]["b"]), 0.875, epsilon = TOL);
}

#[test]
fn frontier_traces_continuous_issues_at_the_reported_resolution() {
    let file = write("mixed_frontier.json", &mixed().to_string());
    for (extra, resolution) in [(vec![], 101), (vec!["--resolution", "11"], 11)] {
        let mut args = vec!["frontier", path_str(&file), "--json"];
        args.extend(extra);
        let r = run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let out: Json = serde_json::from_str(&r.stdout).expect("JSON");
        assert_eq!(out["resolution"], resolution);
        let points = out["points"].as_array().expect("points");
        assert!(points.len() >= 2);
        let key = |p: &Json| {
            let nato = ["member", "deferred", "neutral"]
                .iter()
                .position(|o| p["agreement"]["nato"] == *o)
                .expect("a known option");
            (nato, num(&p["agreement"]["share"]))
        };
        for w in points.windows(2) {
            let (a, b) = (key(&w[0]), key(&w[1]));
            assert!(
                a.0 < b.0 || (a.0 == b.0 && a.1 < b.1),
                "enumeration order: {a:?} {b:?}"
            );
        }
        // Mutually undominated for the seated actors.
        let u: Vec<[f64; 2]> = points
            .iter()
            .map(|p| [num(&p["utilities"]["a"]), num(&p["utilities"]["b"])])
            .collect();
        for (i, p) in u.iter().enumerate() {
            for (j, q) in u.iter().enumerate() {
                let dominates =
                    q[0] >= p[0] && q[1] >= p[1] && (q[0] > p[0] + TOL || q[1] > p[1] + TOL);
                assert!(i == j || !dominates, "{q:?} dominates {p:?}");
            }
        }
    }
}

#[test]
fn check_prints_a_summary_with_the_outcome_space_size() {
    let j = json!({
        "name": "sizes",
        "issues": [
            { "id": "x", "options": ["a", "b"] },
            { "id": "y", "options": ["a", "b", "c"] },
            { "id": "z", "options": ["a", "b", "c", "d"] }
        ],
        "actors": [
            { "id": "first", "weights": { "x": 1 }, "values": { "x": { "a": 1, "b": 0 } } },
            { "id": "second", "weights": { "x": 1 }, "values": { "x": { "a": 0, "b": 1 } } }
        ]
    });
    let file = write("sizes.json", &j.to_string());
    let r = run(&["check", path_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("24"),
        "outcome-space size 2 x 3 x 4: {}",
        r.stdout
    );
    assert!(r.stdout.contains("outcome space"), "{}", r.stdout);
    for word in ["sizes", "x", "y", "z", "first", "second"] {
        assert!(r.stdout.contains(word), "{word} in {}", r.stdout);
    }
}

#[test]
fn check_reports_linked_blocks_link_counts_and_conditional_red_lines() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/linked/basic.json");
    let r = run(&["check", path_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "red lines 2, package red lines 1, interaction terms 2",
        "red lines 1, package red lines 1, interaction terms 0",
        "linked issues (2 block(s))",
        "  nato, troops                   9 combinations",
        "  share, aid                     2 continuous",
        "conditional red lines (2)",
        "  ukraine    share < 0.5 if kursk > 0.5",
        "  russia     all of (troops in {us}, nato in {deferred}) if kursk in [0, 0.5]",
    ] {
        assert!(r.stdout.contains(line), "{line:?} in {}", r.stdout);
    }
}

/// Exit 2, nothing on stdout, one line on stderr naming the file and `field`, no panic.
fn assert_bad(args: &[&str], file: &str, field: &str) {
    let r = run(args);
    assert_eq!(
        r.code, 2,
        "{args:?}: stdout {} stderr {}",
        r.stdout, r.stderr
    );
    assert!(r.stdout.is_empty(), "{args:?}: stdout {}", r.stdout);
    assert_eq!(
        r.stderr.trim_end().lines().count(),
        1,
        "{args:?}: one line: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(file),
        "{args:?}: names the file: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(field),
        "{args:?}: names {field}: {}",
        r.stderr
    );
    let lower = r.stderr.to_lowercase();
    assert!(
        !lower.contains("panick") && !lower.contains("backtrace"),
        "{}",
        r.stderr
    );
}

/// Apply `edit` to the mixed scenario, write it, and check every subcommand rejects it.
fn bad_file(name: &str, field: &str, edit: impl FnOnce(&mut Json)) {
    let mut j = mixed();
    edit(&mut j);
    let file = write(name, &j.to_string());
    let f = path_str(&file);
    assert_bad(&["solve", f], f, field);
    assert_bad(&["solve", f, "--json"], f, field);
    assert_bad(&["frontier", f], f, field);
    assert_bad(&["check", f], f, field);
}

#[test]
fn unreadable_and_malformed_files_exit_2() {
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli/does_not_exist.json");
    let m = path_str(&missing);
    assert_bad(&["solve", m], m, "does_not_exist.json");
    assert_bad(&["check", m], m, "cannot read");
    let file = write(
        "malformed.json",
        r#"{ "name": "x", "issues": [ { "id": "a", "#,
    );
    let f = path_str(&file);
    assert_bad(&["solve", f], f, "line");
    let file = write("malformed.toml", "name = \"x\"\n[[issues]\nid = 3\n");
    let f = path_str(&file);
    assert_bad(&["check", f], f, "malformed.toml");
}

#[test]
fn invalid_fields_exit_2_naming_the_field() {
    bad_file("unknown_issue.json", "actors[0].weights.zz", |j| {
        j["actors"][0]["weights"]["zz"] = json!(1);
    });
    bad_file(
        "unknown_red_line_issue.json",
        "actors[1].red_lines[0].issue",
        |j| {
            j["actors"][1]["red_lines"] = json!([{ "issue": "zz", "options": ["x"] }]);
        },
    );
    bad_file(
        "unknown_option.json",
        "actors[0].red_lines[0].options[0]",
        |j| {
            j["actors"][0]["red_lines"] = json!([{ "issue": "nato", "options": ["zz"] }]);
        },
    );
    bad_file(
        "unknown_leverage_actor.json",
        "leverage[0].effects[0].actor",
        |j| {
            j["leverage"] = json!([{ "id": "l", "value": 0.0, "effects": [{ "actor": "zz" }] }]);
        },
    );
    bad_file("duplicate_issue.json", "issues[1].id", |j| {
        j["issues"][1]["id"] = json!("nato");
    });
    bad_file("duplicate_actor.json", "actors[1].id", |j| {
        j["actors"][1]["id"] = json!("a");
    });
    bad_file("negative_weight.json", "actors[1].weights.share", |j| {
        j["actors"][1]["weights"]["share"] = json!(-1.0);
    });
    bad_file("empty_issue.json", "issues[0].options", |j| {
        j["issues"][0]["options"] = json!([]);
        j["actors"][2]["red_lines"] = json!([]);
    });
    bad_file("empty_range.json", "issues[1].range", |j| {
        j["issues"][1]["range"] = json!([1.0, 1.0]);
    });
    bad_file("reversed_range.json", "issues[1].range", |j| {
        j["issues"][1]["range"] = json!([1.0, 0.0]);
    });
    bad_file("patience_one.json", "actors[0].patience", |j| {
        j["actors"][0]["patience"] = json!(1.0);
    });
    bad_file("patience_zero.json", "actors[1].patience", |j| {
        j["actors"][1]["patience"] = json!(0.0);
    });
}

#[test]
fn bad_arguments_exit_2_naming_the_file_and_argument() {
    let file = write("args.json", &mixed().to_string());
    let f = path_str(&file);
    assert_bad(&["solve", f, "--set", "zz=1"], f, "--set zz");
    assert_bad(&["solve", f, "--set", "zz"], f, "--set zz");
    assert_bad(&["solve", f, "--set", "zz=abc"], f, "--set zz=abc");
    assert_bad(&["solve", f, "--concept", "bogus"], f, "--concept");
    assert_bad(&["solve", f, "--first", "zz"], f, "--first zz");
    assert_bad(&["solve", f, "--max-seconds", "0"], f, "--max-seconds");
    assert_bad(&["frontier", f, "--max-seconds=-1"], f, "--max-seconds");
}

/// 8 issues x 10 options, three seated actors: more than a node budget of 1 allows.
fn big() -> Json {
    let labels: Vec<String> = (0..10).map(|o| format!("o{o}")).collect();
    let issues: Vec<Json> = (0..8)
        .map(|k| json!({ "id": format!("i{k}"), "options": labels }))
        .collect();
    let actors: Vec<Json> = (0..3)
        .map(|a| {
            let mut weights = serde_json::Map::new();
            let mut values = serde_json::Map::new();
            for k in 0..8 {
                weights.insert(format!("i{k}"), json!(1 + (k + a) % 3));
                let v: serde_json::Map<String, Json> = (0..10)
                    .map(|o| {
                        (
                            format!("o{o}"),
                            json!(((7 * k + 13 * o + 29 * a) % 17) as f64 / 1.6),
                        )
                    })
                    .collect();
                values.insert(format!("i{k}"), Json::Object(v));
            }
            json!({ "id": format!("a{a}"), "weights": weights, "values": values })
        })
        .collect();
    json!({ "name": "big", "issues": issues, "actors": actors })
}

/// The number after `marker` in `text`.
fn number_after(text: &str, marker: &str) -> f64 {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {text}"))
        + marker.len();
    let rest: String = text[at..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || "+-.eEinf".contains(*c))
        .collect();
    rest.parse()
        .unwrap_or_else(|_| panic!("a number after {marker}: {text}"))
}

#[test]
fn a_node_budget_stops_the_search_with_exit_3_and_a_bound() {
    let file = write("big.json", &big().to_string());
    let f = path_str(&file);
    for concept in ["nash", "kalai", "egalitarian", "utilitarian"] {
        let r = run(&[
            "solve",
            f,
            "--concept",
            concept,
            "--max-nodes",
            "1",
            "--json",
        ]);
        assert_eq!(r.code, 3, "{concept}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert_eq!(r.stderr.trim_end().lines().count(), 1, "{}", r.stderr);
        assert!(r.stderr.contains("nodes"), "how far it got: {}", r.stderr);
        let bound = number_after(&r.stderr, "bound on the objective:");
        // The bound bounds the exact answer's objective.
        let exact = solve_json(&file, &["--concept", concept]);
        let g: Vec<f64> = ["a0", "a1", "a2"]
            .iter()
            .map(|id| num(&exact["gains"][id]))
            .collect();
        let objective = match concept {
            "nash" => g.iter().map(|x| x.ln()).sum::<f64>(),
            // Kalai's ideals are not printed; its objective is at most 1 anyway.
            "kalai" => f64::NEG_INFINITY,
            "egalitarian" => g.iter().copied().fold(f64::INFINITY, f64::min),
            _ => g.iter().sum(),
        };
        assert!(
            bound >= objective - TOL,
            "{concept}: bound {bound} < objective {objective}"
        );
    }
    let r = run(&["frontier", f, "--max-nodes", "1"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("nodes"), "{}", r.stderr);
}
