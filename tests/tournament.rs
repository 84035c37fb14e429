//! `detente tournament` (contract §4) through the built binary: the runs and their
//! order against an enumeration written here, each run against `detente negotiate`,
//! the per-strategy means recomputed from the runs, the same bytes on one thread and
//! two, bad input, and the mirror symmetry of a symmetric pie.

use approx::assert_abs_diff_eq;
use serde_json::Value as Json;

#[path = "common/tournament.rs"]
mod common;
use common::{agents_of, detente, expected_runs, has_text, json, recompute, with_files};

/// Means recomputed here against the binary's: the same sums in the same order, so
/// only rounding of the last bit could differ.
const TOL: f64 = 1e-12;

const PIE: &str = "tests/data/negotiate/pie.json";
const THREE: &str = "tests/data/negotiate/three.json";
const STRATEGIES: [&str; 3] = ["boulware", "linear", "hardliner"];

/// The tournament on both test scenarios, deadline 30.
fn tournament() -> Json {
    let strategies = STRATEGIES.join(",");
    json(&[
        "tournament",
        PIE,
        THREE,
        "--strategies",
        &strategies,
        "--deadline",
        "30",
        "--json",
    ])
}

#[test]
fn runs_come_in_the_contracts_order() {
    let out = tournament();
    let runs = out["runs"].as_array().expect("runs");
    let expected = expected_runs(&[PIE, THREE], &STRATEGIES);
    // 2 first movers x 3^2 on the pie, 3 first movers x 3^3 on the three-actor file.
    assert_eq!(expected.len(), 2 * 9 + 3 * 27);
    assert_eq!(runs.len(), expected.len());
    for (run, e) in runs.iter().zip(&expected) {
        assert_eq!(run["file"], e.file.as_str());
        assert_eq!(run["first"], e.first.as_str());
        assert_eq!(agents_of(run), e.agents);
    }
    assert_eq!(out["strategies"], serde_json::json!(STRATEGIES));
    assert_eq!(out["deadline"], 30);
}

#[test]
fn each_run_is_what_negotiate_prints() {
    let out = tournament();
    let runs = out["runs"].as_array().expect("runs");
    // A spread of runs: both files, every first mover, assignments old and new.
    for run in runs.iter().step_by(7).chain(runs.last()) {
        let agents: Vec<String> = agents_of(run)
            .into_iter()
            .map(|(id, s)| format!("{id}={s}"))
            .collect();
        let file = run["file"].as_str().expect("file");
        let first = run["first"].as_str().expect("first");
        let alone = json(&[
            "negotiate",
            file,
            "--agents",
            &agents.join(","),
            "--first",
            first,
            "--deadline",
            "30",
            "--json",
        ]);
        for field in [
            "first",
            "agents",
            "agreement",
            "step",
            "utilities",
            "gains",
            "nash_distance",
            "pareto_distance",
            "welfare",
        ] {
            assert_eq!(
                run[field], alone[field],
                "{field} of {file} {agents:?} {first}"
            );
        }
    }
}

#[test]
fn means_are_over_the_pairs_that_play_each_strategy() {
    let out = tournament();
    let runs = out["runs"].as_array().expect("runs");
    for name in STRATEGIES {
        let r = recompute(runs, name);
        let stats = &out["by_strategy"][name];
        let close = |field: &str, x: f64| {
            let got = stats[field].as_f64().unwrap_or(f64::NAN);
            assert_abs_diff_eq!(got, x, epsilon = TOL);
        };
        let pairs = r.pairs as f64;
        assert_eq!(stats["pairs"], r.pairs);
        close("mean_utility", r.utility / pairs);
        close("mean_gain", r.gain / pairs);
        close("agreement_rate", r.deals as f64 / pairs);
        for (field, xs) in [
            ("mean_nash_distance", r.nash),
            ("mean_pareto_distance", r.pareto),
        ] {
            if xs.is_empty() {
                assert!(
                    stats[field].is_null(),
                    "{name}: {field} over no deals is null"
                );
            } else {
                close(field, xs.iter().sum::<f64>() / xs.len() as f64);
            }
        }
    }
    // On the pie a hardliner asks for the whole of it, which leaves the other below
    // its disagreement utility, and accepts nothing less: no run with one has a deal.
    for run in runs.iter().filter(|r| r["file"] == PIE) {
        if agents_of(run).iter().any(|(_, s)| s == "hardliner") {
            assert!(run["agreement"].is_null());
        }
    }
}

/// A mean over no deals is null: a hardliner on the pie never has one.
#[test]
fn a_mean_over_no_deals_is_null() {
    let args = format!("{PIE} --strategies hardliner,nash --json");
    let (out, _, plot) = with_files(&args, "tournament_no_deal", None);
    let out: Json = serde_json::from_str(&out.stdout).expect("JSON");
    let hardliner = &out["by_strategy"]["hardliner"];
    assert_eq!(hardliner["agreement_rate"], 0.0);
    assert_eq!(hardliner["mean_gain"], 0.0);
    assert!(hardliner["mean_nash_distance"].is_null());
    assert!(hardliner["mean_pareto_distance"].is_null());
    // Two nash agents agree on the Nash point: a distance of 0 to it.
    assert_eq!(out["by_strategy"]["nash"]["mean_nash_distance"], 0.0);
    // The plot cannot place a strategy without a distance; its legend says so.
    assert!(has_text(&plot, "hardliner (no deal)"), "{plot}");
}

#[test]
fn the_same_bytes_on_one_thread_and_two() {
    let args = format!("{PIE} {THREE} --strategies boulware,linear,nash,time:3 --deadline 40 --resolution 5 --json");
    let one = with_files(&args, "tournament_threads_1", Some(1));
    let two = with_files(&args, "tournament_threads_2", Some(2));
    assert_eq!(one.0.code, 0, "{}", one.0.stderr);
    assert_eq!(one.0.stdout, two.0.stdout, "JSON");
    assert_eq!(one.1, two.1, "CSV");
    assert_eq!(one.2, two.2, "SVG");
    let text = detente(&["tournament", PIE, "--strategies", "linear,nash"], Some(2));
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("linear") && text.stdout.contains("pairs"));
}

#[test]
fn the_csv_has_a_row_per_run_and_seated_actor() {
    let args = format!("{PIE} {THREE} --strategies linear,hardliner --deadline 30 --json");
    let (out, csv, plot) = with_files(&args, "tournament_csv", None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let runs: Json = serde_json::from_str(&out.stdout).expect("JSON");
    let runs = runs["runs"].as_array().expect("runs");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "file,run,first,agents,actor,strategy,deal,step,utility,gain,nash_distance,\
         pareto_distance,welfare,agreement"
    );
    let seats: usize = runs.iter().map(|r| agents_of(r).len()).sum();
    assert_eq!(lines.len(), 1 + seats);
    // The unseated observer w of the three-actor file gets no rows.
    assert!(!lines.iter().any(|l| l.contains(",w,")));
    check_rows(&lines[1..], runs);
    assert!(plot.starts_with("<svg") && has_text(&plot, "hardliner") && has_text(&plot, "linear"));
}

/// Bad input: exit status 2, one line on stderr naming the file and the argument,
/// nothing on stdout, no panic.
#[test]
fn bad_input_is_one_line_naming_the_file_and_argument() {
    let cases: [(&[&str], &str, &str); 7] = [
        (
            &[PIE, "--strategies", "linear,bluff"],
            PIE,
            "--strategies bluff",
        ),
        (&[PIE, "--strategies", "time:0"], PIE, "--strategies time:0"),
        (
            &[PIE, "--strategies", "linear,time:-1"],
            PIE,
            "--strategies time:-1",
        ),
        (
            &[PIE, "--strategies", "linear", "--deadline", "0"],
            PIE,
            "--deadline 0",
        ),
        (
            &[PIE, "--strategies", "linear", "--resolution", "1"],
            PIE,
            "--resolution 1",
        ),
        (
            &[PIE, "no_such_file.json", "--strategies", "linear"],
            "no_such_file.json",
            "cannot read",
        ),
        (
            &[THREE, "--strategies", "linear,linear"],
            THREE,
            "--strategies linear",
        ),
    ];
    for (args, file, argument) in cases {
        let args: Vec<&str> = std::iter::once("tournament")
            .chain(args.iter().copied())
            .collect();
        let out = detente(&args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(file), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(argument), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_tournament_too_large_is_refused_before_it_starts() {
    // 10 strategies over 3 seated actors: 3 x 10^3 runs, of up to 10^4 steps each,
    // past the limit of steps; with the pie too, the message names the file that
    // crosses it.
    let ten = "time:0.1,time:0.2,time:0.3,time:0.4,time:0.5,time:1,time:2,time:3,nash,hardliner";
    let out = detente(
        &[
            "tournament",
            PIE,
            THREE,
            "--strategies",
            ten,
            "--deadline",
            "10000",
        ],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with(&format!("detente: {THREE}: --strategies: ")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("3000 runs"), "{}", out.stderr);
}

#[test]
fn a_time_limit_stops_the_tournament_with_status_3() {
    let out = detente(
        &[
            "tournament",
            THREE,
            "--strategies",
            "linear,boulware",
            "--max-seconds",
            "0.000001",
        ],
        None,
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

/// On the pie, swapping the actors and mapping option k to 10 - k changes nothing:
/// each actor's utility of an option equals the other's of the mirrored option (the
/// file writes the same decimals, so the numbers are the same bits), the disagreement
/// utilities are equal, and every strategy decides from its own utilities, its own d,
/// its best M and the time alone. The utilities of one actor differ at every option,
/// so no tie is ever broken by enumeration order, the one thing that is not mirrored.
/// So a run with strategies (s, t) and a first is the mirror image of the run with
/// (t, s) and b first: the same step, the split reversed.
#[test]
fn rotating_the_first_mover_on_a_symmetric_pie_mirrors_the_split() {
    let strategies = "boulware,linear,conceder,hardliner,nash,time:0.5";
    let out = json(&[
        "tournament",
        PIE,
        "--strategies",
        strategies,
        "--deadline",
        "25",
        "--json",
    ]);
    let runs = out["runs"].as_array().expect("runs");
    let names: Vec<&str> = strategies.split(',').collect();
    let n = names.len();
    assert_eq!(runs.len(), 2 * n * n);
    let mut deals = 0;
    for (i, s) in names.iter().enumerate() {
        for (j, t) in names.iter().enumerate() {
            // a first: assignment (s, t) is run i * n + j; b first: (t, s) is n^2 + j * n + i.
            let (ab, ba) = (&runs[i * n + j], &runs[n * n + j * n + i]);
            assert_eq!(
                (ab["first"].as_str(), ba["first"].as_str()),
                (Some("a"), Some("b"))
            );
            assert_eq!(
                agents_of(ab),
                [("a".into(), s.to_string()), ("b".into(), t.to_string())]
            );
            assert_eq!(
                agents_of(ba),
                [("a".into(), t.to_string()), ("b".into(), s.to_string())]
            );
            assert_eq!(ab["step"], ba["step"], "{s} vs {t}");
            assert_eq!(ab["utilities"]["a"], ba["utilities"]["b"], "{s} vs {t}");
            assert_eq!(ab["utilities"]["b"], ba["utilities"]["a"], "{s} vs {t}");
            match (
                ab["agreement"]["share"].as_str(),
                ba["agreement"]["share"].as_str(),
            ) {
                (Some(x), Some(y)) => {
                    let (x, y): (u32, u32) = (x.parse().expect("k"), y.parse().expect("k"));
                    assert_eq!(x + y, 10, "{s} vs {t}");
                    deals += 1;
                }
                (x, y) => assert_eq!((x, y), (None, None), "{s} vs {t}"),
            }
        }
    }
    assert!(deals > n, "the pie is shared in most pairings");
}

/// CSV rows (after the header) against the JSON runs, row by row (no field of these
/// scenarios holds a comma).
fn check_rows(lines: &[&str], runs: &[Json]) {
    let mut rows = lines.iter().map(|l| l.split(',').collect::<Vec<_>>());
    for (index, run) in runs.iter().enumerate() {
        for (id, strategy) in agents_of(run) {
            let row = rows.next().expect("a row per seated actor");
            let file = run["file"].as_str().expect("file");
            let first = run["first"].as_str().expect("first");
            assert_eq!(row[..3], [file, &index.to_string(), first]);
            assert_eq!((row[4], row[5]), (id.as_str(), strategy.as_str()));
            assert_eq!(row[6], (!run["agreement"].is_null()).to_string());
            let utility: f64 = row[8].parse().expect("utility");
            assert_eq!(Some(utility), run["utilities"][&id].as_f64());
        }
    }
    assert!(rows.next().is_none());
}
