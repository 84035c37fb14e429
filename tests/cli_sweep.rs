//! `detente sweep` through the built binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn data(rel: &str) -> String {
    format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn detente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("detente-cli-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn json_summary_has_the_contract_shape() {
    let file = data("examples/data/ukraine_2025.json");
    let out = detente(&["sweep", &file, "--samples", "200", "--seed", "1", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let want = [
        "scenario",
        "concept",
        "samples",
        "seed",
        "deal_probability",
        "issues",
        "actors",
        "sensitivity",
    ];
    let mut at = 0;
    for k in want {
        let pos = keys
            .iter()
            .position(|x| *x == k)
            .unwrap_or_else(|| panic!("missing {k}"));
        assert!(pos >= at, "{k} out of order in {keys:?}");
        at = pos;
    }
    assert!(v.get("grid").is_none());
    assert_eq!(v["samples"], 200);
    let shares = v["issues"]["nato"]["shares"].as_object().expect("shares");
    let total: f64 = shares.values().filter_map(serde_json::Value::as_f64).sum();
    assert!((total - 1.0).abs() < 1e-9);
    for k in ["mean", "p05", "p50", "p95"] {
        assert!(v["issues"]["army_cap"][k].is_f64(), "army_cap.{k}");
    }
    for k in ["mean_gain", "p05", "p95", "mean_utility"] {
        assert!(v["actors"]["ukraine"][k].is_f64(), "ukraine.{k}");
    }
    assert!(v["sensitivity"]["us_support"]["gain.russia"].is_f64());
    assert!(v["sensitivity"]["us_support"]["army_cap"].is_f64());
}

#[test]
fn vary_adds_one_grid_entry_per_value() {
    let file = data("tests/data/contract/leverage_set.json");
    let out = detente(&[
        "sweep",
        &file,
        "--samples",
        "10",
        "--seed",
        "1",
        "--vary",
        "support=0:1:4",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let grid = v["grid"].as_array().expect("grid");
    assert_eq!(grid.len(), 4);
    assert_eq!(grid[0]["vary"], "support");
    assert_eq!(grid[3]["value"], 1.0);
    assert!(grid[1]["deal_probability"].is_f64() && grid[1]["issues"]["share"]["p50"].is_f64());
}

#[test]
fn summary_bytes_match_the_golden_file() {
    // Pins the generator, the draw order and the summary: a change to any of them
    // must update tests/data/sweep/leverage_set.golden.json (and the CHANGELOG).
    let file = data("tests/data/contract/leverage_set.json");
    let out = detente(&[
        "sweep",
        &file,
        "--samples",
        "40",
        "--seed",
        "7",
        "--vary",
        "support=0:1:3",
        "--json",
    ]);
    let want =
        std::fs::read_to_string(data("tests/data/sweep/leverage_set.golden.json")).expect("golden");
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
}

#[test]
fn csv_has_a_header_and_one_row_per_sample() {
    let file = data("examples/data/ukraine_2025.json");
    let csv = scratch("rows.csv");
    let out = detente(&[
        "sweep",
        &file,
        "--samples",
        "25",
        "--seed",
        "4",
        "--vary",
        "us_support=0:1:3",
        "--out",
        csv.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).expect("csv written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 75);
    assert!(lines[0].starts_with("sample,grid_value,us_support,kursk_held,"));
    assert!(lines[0].ends_with("gain.eu,deal"));
    let columns = lines[0].split(',').count();
    assert!(lines[1..].iter().all(|l| l.split(',').count() == columns));
    // Text output went to stdout, nothing but the bar (absent here) to stderr.
    assert!(out.stderr.is_empty());
}

#[test]
fn svg_plots_are_written_with_and_without_a_grid() {
    let file = data("examples/data/ukraine_2025.json");
    for (name, vary) in [("grid.svg", Some("us_support=0:1:3")), ("plain.svg", None)] {
        let svg = scratch(name);
        let mut args = vec![
            "sweep",
            &file,
            "--samples",
            "30",
            "--seed",
            "4",
            "--plot",
            svg.to_str().expect("utf-8"),
        ];
        if let Some(v) = vary {
            args.extend(["--vary", v]);
        }
        let out = detente(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&svg).expect("svg written");
        assert!(text.starts_with("<svg"));
        assert!(text.contains("<text") && text.contains("oblasts"));
    }
}

#[test]
fn weight_noise_sweeps_run() {
    let file = data("examples/data/ukraine_2025.json");
    let out = detente(&[
        "sweep",
        &file,
        "--samples",
        "20",
        "--seed",
        "4",
        "--weight-noise",
        "30",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["weight_noise"], 30.0);
}

#[test]
fn bad_arguments_exit_2_with_one_message() {
    let file = data("tests/data/contract/leverage_set.json");
    let cases: [(&[&str], &str); 7] = [
        (&["--samples", "0"], "--samples"),
        (&["--vary", "support=0:1"], "ID=LO:HI:STEPS"),
        (&["--vary", "nope=0:1:3"], "nope"),
        (&["--set", "nope=1"], "nope"),
        (&["--weight-noise", "0"], "--weight-noise"),
        (&["--weight-noise", "-2"], "--weight-noise"),
        (&["--out", "/nonexistent-dir/x.csv"], "x.csv"),
    ];
    for (extra, needle) in cases {
        let mut args = vec!["sweep", &file, "--samples", "5", "--seed", "1"];
        args.extend_from_slice(extra);
        let out = detente(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(needle), "{extra:?}: {err}");
        assert!(!err.contains("panicked"));
    }
    let out = detente(&[
        "sweep",
        "/no/such/file.json",
        "--samples",
        "5",
        "--seed",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_budget_stop_exits_3_and_says_how_far_it_got() {
    let file = data("examples/data/ukraine_2025.json");
    let out = detente(&[
        "sweep",
        &file,
        "--samples",
        "100000",
        "--seed",
        "1",
        "--max-nodes",
        "2000",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("of 100000 samples"), "{err}");
}
