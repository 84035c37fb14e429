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

/// Splits a README argument cell (`--params 'a;b' --samples 3`) like a shell would.
fn shell_words(cell: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in cell.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}

/// Every row of the README's table of bad `sensitivity` arguments: exit 2 and exactly
/// the one line the table shows.
#[test]
fn the_readme_table_of_bad_arguments_holds_row_by_row() {
    let readme = std::fs::read_to_string("README.md").expect("the README");
    let start = readme
        .find("**Bad arguments to `sensitivity`**")
        .expect("the table's heading");
    let head = "detente: examples/data/ukraine_2025.json: ";
    let rows: Vec<(String, String)> = readme[start..]
        .lines()
        .skip_while(|l| !l.starts_with("|---"))
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let unquote = |s: &str| {
                s.trim()
                    .trim_matches('|')
                    .trim()
                    .trim_matches('`')
                    .to_string()
            };
            (unquote(cells[1]), unquote(cells[2]))
        })
        .collect();
    assert!(rows.len() >= 10, "{rows:?}");
    for (arguments, message) in rows {
        let mut args = vec![
            "sensitivity".to_string(),
            "examples/data/ukraine_2025.json".into(),
        ];
        args.extend(shell_words(&arguments));
        if !arguments.contains("--samples") {
            args.extend(["--samples".into(), "8".into()]);
        }
        args.extend(["--seed".into(), "1".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = detente(&args, "2");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{arguments}: {err}");
        assert_eq!(err, format!("{head}{message}\n"), "{arguments}");
    }
}

/// The pie with one parameter and N = 8 takes N (k + 2) + 2 k = 26 solves: a node
/// budget of 26 lets it finish, 25 stops it with exit 3 and says how far it got.
#[test]
fn a_node_budget_counts_every_solve_and_stops_with_exit_3() {
    let dir = std::env::temp_dir().join(format!("detente-sens-budget-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let file = dir.join("pie.json");
    std::fs::write(&file, PIE).expect("written");
    let f = file.to_str().expect("utf-8 path");
    let run = |budget: &[&str]| {
        let mut args = vec![
            "sensitivity",
            f,
            "--params",
            "actors[a].disagreement=0:0.2",
            "--samples",
            "8",
            "--seed",
            "3",
        ];
        args.extend(budget);
        detente(&args, "2")
    };
    assert_eq!(run(&["--max-nodes", "26"]).status.code(), Some(0));
    let out = run(&["--max-nodes", "25"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("detente: sensitivity (sobol) stopped by its budget after ")
            && err.contains(" of 26 solves (")
            && err.trim_end().ends_with("no index is reported"),
        "{err}"
    );
    let out = run(&["--max-seconds", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A design far too large for a tenth of a second stops on time.
#[test]
fn a_time_budget_stops_a_long_run_with_exit_3() {
    let started = std::time::Instant::now();
    let out = detente(
        &[
            "sensitivity",
            "examples/data/ukraine_2025.json",
            "--samples",
            "100000",
            "--seed",
            "1",
            "--max-seconds",
            "0.1",
        ],
        "2",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("stopped by its budget after "), "{err}");
    assert!(started.elapsed().as_secs_f64() < 10.0, "stopped late");
}

/// The page: same bytes on one and two threads, well-formed, every output that varies
/// with its table, the numbers those of `--json`, the plot inline.
#[test]
fn html_report_matches_the_json_and_has_the_same_bytes_on_any_thread_count() {
    let dir = std::env::temp_dir().join(format!("detente-sens-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let page = |threads: &str| {
        let path = dir.join(format!("s.{threads}.html"));
        let out = detente(
            &[
                "sensitivity",
                "examples/data/ukraine_2025.json",
                "--params",
                "actors[ukraine].disagreement=0:0.3;leverage[us_support]=0:1",
                "--samples",
                "24",
                "--seed",
                "7",
                "--json",
                "--html",
                path.to_str().expect("utf-8 path"),
            ],
            threads,
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        (std::fs::read_to_string(&path).expect("the page"), json)
    };
    let (html, json) = page("1");
    assert_eq!(html, page("2").0, "the same bytes on 1 and 2 threads");
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).expect("well-formed");
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("svg")).count(),
        1
    );
    assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
    let outputs = json["outputs"].as_object().expect("outputs");
    for (name, entry) in outputs {
        let h3 = doc
            .descendants()
            .find(|n| n.has_tag_name("h3") && n.text() == Some(name.as_str()));
        let total = &entry["indices"]["leverage[us_support]"]["total"];
        let Some(total) = total.as_f64() else {
            assert!(h3.is_none(), "{name} does not vary and has no table");
            continue;
        };
        let h3 = h3.unwrap_or_else(|| panic!("a table for {name}"));
        let table = h3
            .next_siblings()
            .skip(1)
            .find(|n| n.is_element())
            .expect("the table after the heading");
        let row = table
            .descendants()
            .find(|n| {
                n.has_tag_name("tr")
                    && n.descendants()
                        .any(|c| c.text() == Some("leverage[us_support]"))
            })
            .expect("the parameter's row");
        let cells: Vec<&str> = row
            .children()
            .filter(|n| n.has_tag_name("td"))
            .map(|n| n.descendants().find_map(|c| c.text()).unwrap_or(""))
            .collect();
        assert_eq!(cells[4], format!("{total:.3}"), "{name}: ST in column 5");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every text of the plot lies inside it, its width estimated at 0.6 em a character
/// (wider than the average sans-serif glyph), even with a long scenario name, a long
/// option label and long parameter paths. (The browser check measures real glyphs.)
#[test]
fn plot_text_stays_inside_the_figure() {
    let long = "a_scenario_whose_name_is_long_enough_to_run_off_the_edge_of_a_one_line_title";
    let json = format!(
        r#"{{"name": "{long}", "issues": [
        {{"id": "share", "range": [0, 1]}},
        {{"id": "status", "options": ["an_option_label_long_enough_to_overflow_its_own_panel_title", "other"]}}],
      "actors": [
        {{"id": "a_first_actor_with_a_long_identifier", "weights": {{"share": 1, "status": 1}},
          "values": {{"share": {{"points": [[0, 0], [1, 1]]}},
                      "status": {{"an_option_label_long_enough_to_overflow_its_own_panel_title": 1, "other": 0}}}}}},
        {{"id": "b", "weights": {{"share": 1, "status": 1}},
          "values": {{"share": {{"points": [[0, 1], [1, 0]]}},
                      "status": {{"an_option_label_long_enough_to_overflow_its_own_panel_title": 0, "other": 0.9}}}}}}]}}"#
    );
    let scenario = Scenario::from_json(&json, "long.json").expect("a valid scenario");
    let params = Param::parse_list(
        "actors[a_first_actor_with_a_long_identifier].disagreement=0:0.4;actors[b].disagreement=0:0.4",
        &scenario,
    )
    .expect("valid parameters");
    for method in [Method::Sobol, Method::Morris] {
        let options = SensitivityOptions {
            method,
            samples: 16,
            seed: 2,
            ..SensitivityOptions::default()
        };
        let analysis = sensitivity::run(&scenario, &params, &options).expect("a run");
        let svg = detente::report::sensitivity_svg(&scenario, &analysis).expect("a plot");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        let size = |a: &str| {
            root.attribute(a)
                .and_then(|v| v.parse::<f64>().ok())
                .expect(a)
        };
        let (width, height) = (size("width"), size("height"));
        let mut texts = 0;
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let number = |a: &str| t.attribute(a).and_then(|v| v.parse::<f64>().ok()).expect(a);
            let (x, y, px) = (number("x"), number("y"), number("font-size"));
            let content = t.text().unwrap_or("").trim();
            let w = content.chars().count() as f64 * 0.6 * px;
            let left = match t.attribute("text-anchor") {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            // dy="0.76em" puts the top of the text at y; "0.5ex" its middle.
            let top = if t.attribute("dy") == Some("0.76em") {
                y
            } else {
                y - px
            };
            assert!(
                left >= 0.0 && left + w <= width && top >= 0.0 && top + px <= height,
                "{}: {content:?} spans x {left:.0}..{:.0}, y {top:.0}..{:.0} in {width} x {height}",
                method.name(),
                left + w,
                top + px
            );
            texts += 1;
        }
        assert!(texts > 20, "{texts} texts");
        assert!(svg.contains("actors[a_first_actor_with_a_long_identifier].disagreement"));
    }
}
