//! `detente sensitivity`: the closed-form pie end to end, bad input, thread-count bytes.

use std::process::Command;

use detente::sensitivity::{self, Method, Param, SensitivityOptions};
use detente::Scenario;

const PIE: &str = r#"{"name": "pie", "issues": [{"id": "share", "range": [0, 1]}],
  "actors": [
    {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
    {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;

/// Nash on the pie: a's share is (1 + d_a - d_b) / 2 while interior, so with
/// d_a ~ U(0, 0.4) and d_b ~ U(0, 0.2) the share is linear: S = ST = var_i / sum.
#[test]
fn pie_indices_match_the_closed_form() {
    let scenario = Scenario::from_json(PIE, "pie.json").expect("a valid pie");
    let params = Param::parse_list(
        "actors[a].disagreement=uniform:0:0.4;actors[b].disagreement=0:0.2",
        &scenario,
    )
    .expect("valid parameters");
    let options = SensitivityOptions {
        samples: 4000,
        seed: 5,
        ..SensitivityOptions::default()
    };
    let analysis = sensitivity::run(&scenario, &params, &options).expect("a run");
    let share = analysis
        .outputs
        .iter()
        .position(|o| o == "share")
        .expect("share");
    let (va, vb) = (0.4_f64.powi(2) / 12.0 / 4.0, 0.2_f64.powi(2) / 12.0 / 4.0);
    let expected = [va / (va + vb), vb / (va + vb)];
    let s = analysis.sobol().expect("a Sobol run");
    for (i, &expected) in expected.iter().enumerate() {
        eprintln!(
            "pie N=4000: S{i} {:.4} ST{i} {:.4} vs {:.4}",
            s.first[share][i].value, s.total[share][i].value, expected
        );
        assert!((s.first[share][i].value - expected).abs() < 0.06);
        assert!((s.total[share][i].value - expected).abs() < 0.06);
    }
    assert!((s.variance[share] - (va + vb)).abs() / (va + vb) < 0.1);
    let morris = SensitivityOptions {
        method: Method::Morris,
        samples: 10,
        ..options
    };
    let m = sensitivity::run(&scenario, &params, &morris).expect("a run");
    let m = m.morris().expect("a Morris run");
    // mu* = |d share / d d_i| * range = 0.5 * 0.4 and 0.5 * 0.2.
    assert!((m.indices[share][0].mu_star.value - 0.2).abs() < 1e-6);
    assert!((m.indices[share][1].mu_star.value - 0.1).abs() < 1e-6);
}

fn detente(args: &[&str], threads: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("the binary runs")
}

#[test]
fn bad_input_exits_2_with_one_line_naming_file_and_argument() {
    let dir = std::env::temp_dir().join(format!("detente-sens-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let file = dir.join("pie.json");
    std::fs::write(&file, PIE).expect("written");
    let f = file.to_str().expect("utf-8 path");
    let cases = [
        ("actors[c].power=1:2", "10", "unknown entry 'c'"),
        ("actors[a].values=0:1", "10", "not a number"),
        ("actors[a].disagreement=uniform:0", "10", "PATH=DIST"),
        ("actors[a].disagreement=0.3:0.3", "10", "lo < hi"),
        ("actors[a].power=-1:1", "10", "breaks a rule"),
        ("actors[a].disagreement=0:0.1", "3", "--samples"),
    ];
    for (spec, samples, says) in cases {
        let out = detente(
            &[
                "sensitivity",
                f,
                "--params",
                spec,
                "--samples",
                samples,
                "--seed",
                "1",
            ],
            "1",
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{spec}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains("pie.json") && err.contains(says),
            "{spec}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn same_bytes_on_one_and_two_threads() {
    let args = [
        "sensitivity",
        "examples/data/ukraine_2025.json",
        "--params",
        "actors[ukraine].disagreement=0:0.3;leverage[us_support]=0:1;leverage[kursk_held]=bernoulli:0.5",
        "--samples",
        "40",
        "--seed",
        "7",
        "--json",
    ];
    let one = detente(&args, "1");
    assert_eq!(
        one.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert_eq!(one.stdout, detente(&args, "2").stdout);
    let json: serde_json::Value = serde_json::from_slice(&one.stdout).expect("JSON");
    assert_eq!(json["method"], "sobol");
    assert!(
        json["outputs"]["gain.ukraine"]["indices"]["leverage[us_support]"]["total"].is_number()
    );
}
