//! `detente import` and `detente export` as built: the scenario on stdout, and every
//! hostile file refused with exit status 2 and one line naming the file, the element
//! and the construct, nothing on stdout, no panic.

use std::path::PathBuf;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/import"))
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the detente binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `args` fail with exit status 2 and exactly `message` on one line.
fn refused(args: &[&str], message: &str) {
    let r = run(args);
    assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    assert_eq!(r.stdout, "", "{args:?}");
    assert_eq!(r.stderr, format!("detente: {message}\n"), "{args:?}");
}

#[test]
fn import_genius_prints_a_scenario_that_loads() {
    let r = run(&[
        "import",
        "genius",
        "genius/mixed_domain.xml",
        "genius/buyer.xml",
        "genius/seller.xml",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = detente::Scenario::from_json(&r.stdout, "stdout").expect("the printed scenario loads");
    assert_eq!(s.actors().len(), 2);
    // The buyer's weights sum to 0.9: an always-true term carries the missing 0.1.
    let buyer: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let term = &buyer["actors"][0]["interactions"][0];
    assert_eq!(term["when"], serde_json::json!([]));
    assert_eq!(term["value"], 0.0);
    assert!((term["weight"].as_f64().unwrap_or(0.0) - 0.1).abs() < 1e-15);
}

#[test]
fn import_geniusweb_and_ktab_print_scenarios() {
    for args in [
        &["import", "geniusweb", "geniusweb/host.json"][..],
        &[
            "import",
            "geniusweb",
            "geniusweb/party.json",
            "geniusweb/guest.json",
        ][..],
        &["import", "ktab", "ktab/smp.csv"][..],
    ] {
        let r = run(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        detente::Scenario::from_json(&r.stdout, "stdout").expect("the printed scenario loads");
    }
}

#[test]
fn hostile_genius_files_are_refused_in_one_line() {
    let mixed = |profile: &str, message: &str| {
        refused(
            &[
                "import",
                "genius",
                "genius/mixed_domain.xml",
                &format!("genius/{profile}"),
            ],
            &format!("genius/{profile}: {message}"),
        );
    };
    mixed(
        "malformed.xml",
        "not well-formed XML: expected 'objective' tag, not 'utility_space' (line 4, column 1)",
    );
    mixed(
        "missing_weight_value.xml",
        "line 23 <weight index=\"4\"> value: is required but missing",
    );
    mixed(
        "missing_evaluation.xml",
        "line 7 <item index=\"3\" value=\"catering\"> evaluation: is required but missing",
    );
    mixed(
        "unknown_index.xml",
        "line 24 <issue index=\"9\" name=\"ghost\"> index: unknown issue index '9'",
    );
    mixed(
        "negative_weight.xml",
        "line 9 <weight index=\"1\"> value: must not be negative, got -0.5",
    );
    mixed(
        "cap_binds.xml",
        "line 2 <utility_space>: not supported: Genius caps the utility at 1 and the cap binds: \
         the best outcome's sum is 1.2 > 1, which a scenario cannot express",
    );
    mixed(
        "constraint.xml",
        "line 2 <utility_space> type: not supported: type=\"constraint\" utility spaces \
         (zero-outcome constraints multiply the utility, which a scenario cannot express)",
    );
    mixed("triangular.xml", "line 16 <evaluator> ftype: not supported: real evaluator 'triangular' (only linear and constant)");
    mixed("type_mismatch.xml", "line 10 <issue index=\"2\" name=\"guests\"> type: is 'real' but the domain's issue 'guests' is integer");
    refused(
        &["import", "genius", "genius/hyper_domain.xml", "genius/hyper_cap.xml"],
        "genius/hyper_cap.xml: line 8 <utility>: not supported: Genius caps the utility at 1 and the cap binds: \
         an outcome's sum of rectangle utilities is 95 > maxutility 90, which a scenario cannot express",
    );
    refused(
        &["import", "genius", "genius/hyper_domain.xml", "genius/hyper_max.xml"],
        "genius/hyper_max.xml: line 9 <ufun> aggregation: not supported: 'max' aggregation (not a sum of terms)",
    );
    refused(
        &["import", "genius", "genius/missing.xml", "genius/buyer.xml"],
        "genius/missing.xml: cannot read file: No such file or directory (os error 2)",
    );
    refused(
        &[
            "import",
            "genius",
            "genius/mixed_domain.xml",
            "genius/buyer.xml",
            "genius/buyer.xml",
        ],
        "genius/buyer.xml: (file name): duplicate id 'buyer'",
    );
}

#[test]
fn hostile_geniusweb_and_ktab_files_are_refused_in_one_line() {
    let gw = |file: &str, message: &str| {
        refused(
            &["import", "geniusweb", &format!("geniusweb/{file}")],
            &format!("geniusweb/{file}: {message}"),
        );
    };
    gw(
        "guest.json",
        "LinearAdditiveUtilitySpace.domain: is required but missing",
    );
    gw(
        "negative_weight.json",
        "LinearAdditiveUtilitySpace.issueWeights.budget: must not be negative, got -0.2",
    );
    gw(
        "unknown_issue.json",
        "LinearAdditiveUtilitySpace.issueWeights.drinks: unknown issue 'drinks'",
    );
    gw(
        "utility_above_one.json",
        "LinearAdditiveUtilitySpace.issueUtilities.food.discreteutils.valueUtilities.cake: must lie in [0, 1], got 1.5",
    );
    gw(
        "cap_binds.json",
        "LinearAdditiveUtilitySpace: not supported: the utility exceeds 1 on the best outcome \
         (the weighted sum is 1.1); GeniusWeb's utilities lie in [0, 1]",
    );
    gw(
        "other_kind.json",
        "(file): not supported: profile kind 'DiscountedProfile' (only LinearAdditiveUtilitySpace)",
    );
    gw("malformed.json", "trailing comma (line 1, column 45)");
    let ktab = |file: &str, message: &str| {
        refused(
            &["import", "ktab", &format!("ktab/{file}")],
            &format!("ktab/{file}: {message}"),
        );
    };
    ktab(
        "position_out_of_range.csv",
        "row 3, column 4 (position): must lie in [0, 100], got 120",
    );
    ktab(
        "salience_over_100.csv",
        "row 3: saliences sum to 110, more than 100",
    );
    ktab(
        "missing_row.csv",
        "actor rows (nActors = 2): expected 2 entries, got 1",
    );
    ktab(
        "power_not_number.csv",
        "row 3, column 3 (Power): 'strong' is not a finite number",
    );
    ktab(
        "power_zero.csv",
        "row 3, column 3 (Power): must lie in (0, inf), got 0",
    );
    ktab("salience_zero.csv", "row 3: weights are all zero");
}

#[test]
fn export_genius_writes_files_and_refuses_what_genius_cannot_hold() {
    let dir = std::env::temp_dir().join(format!("detente-export-cli-{}", std::process::id()));
    let out = dir.display().to_string();
    let r = run(&[
        "export",
        "genius",
        "genius/round_trip.json",
        &out,
        "--grid",
        "5",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(files.len(), 3, "{}", r.stdout);
    assert!(files[0].ends_with("split-domain.xml"));
    let domain = std::fs::read_to_string(files[0]).expect("the domain is written");
    assert!(
        domain.contains("<item index=\"5\" value=\"1\"/>"),
        "a grid of 5 values on [0, 1]"
    );
    let back = run(&["import", "genius", files[0], files[1], files[2]]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    refused(
        &["export", "genius", "../../../examples/data/ukraine_2025.json", &out],
        "../../../examples/data/ukraine_2025.json: leverage: not supported: Genius has no leverage variables",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// README's table of bad imports: each command, run in tests/data/import/, fails with
/// exit status 2 and exactly the message of its row.
#[test]
fn the_readme_table_of_bad_imports_matches_the_binary() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README.md");
    let start = readme
        .find("<!-- import-rules:begin -->")
        .expect("the table's start");
    let end = readme
        .find("<!-- import-rules:end -->")
        .expect("the table's end");
    let out = std::env::temp_dir().join(format!("detente-readme-{}", std::process::id()));
    let out = out.display().to_string();
    let mut rows = 0;
    for line in readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| "))
        .skip(1)
    {
        let cells: Vec<&str> = line.split(" | ").collect();
        let unquote = |cell: &str| {
            cell.trim()
                .trim_start_matches('`')
                .trim_end_matches(" |")
                .trim_end_matches('`')
                .to_string()
        };
        let command = unquote(cells[1]);
        let message = unquote(cells[2]);
        let args: Vec<&str> = command
            .split_whitespace()
            .map(|a| if a == "OUT" { out.as_str() } else { a })
            .collect();
        refused(&args, &message);
        rows += 1;
    }
    assert!(rows >= 20, "the table has its rows ({rows})");
}
