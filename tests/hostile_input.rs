//! Hostile input against the built binary: every rule of README's "Input rules and
//! limits" table gives exit 2 and exactly the message the table states, and so does
//! every bad `negotiate` argument of the table below it; paths that are
//! not scenario files are refused by name; `--max-seconds`, `--max-nodes` and
//! `--max-memory` stop every command in time with exit 3; an interrupted sweep leaves
//! no half-written output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[path = "../benches/common/mod.rs"]
mod common;

const HOSTILE: &str = "tests/data/hostile";

/// Timed tests run one at a time, so that their wall-clock bounds measure the binary
/// and not each other.
static TIMED: Mutex<()> = Mutex::new(());

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    seconds: f64,
}

fn run(args: &[&str]) -> Run {
    let started = Instant::now();
    let out: Output = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the detente binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir.join(name)
}

/// Exit 2 with one line on stderr naming `file`, nothing on stdout, no panic.
fn assert_refused(r: &Run, file: &str) {
    assert_eq!(r.code, Some(2), "{file}: {}", r.stderr);
    assert!(r.stdout.is_empty(), "{file}: stdout {}", r.stdout);
    assert_eq!(r.stderr.lines().count(), 1, "{file}: {}", r.stderr);
    assert!(r.stderr.contains(file), "{file} named: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

/// One row of the rules table: the example file and the message after
/// `detente: FILE: ` (a prefix when it ends with ` …`). In the table of `negotiate`
/// arguments, `file` holds the arguments.
struct Rule {
    file: String,
    message: String,
}

fn rules_table() -> Vec<Rule> {
    table("rules")
}

/// The rows of the README table between `<!-- NAME:begin -->` and `<!-- NAME:end -->`.
fn table(name: &str) -> Vec<Rule> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let begin = readme
        .find(&format!("<!-- {name}:begin -->"))
        .expect("table start");
    let end = readme
        .find(&format!("<!-- {name}:end -->"))
        .expect("table end");
    readme[begin..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Rule"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
            assert_eq!(cells.len(), 3, "three cells: {line}");
            let unquote = |c: &str| {
                let c = c.trim();
                let inner = c
                    .strip_prefix("`` ")
                    .and_then(|c| c.strip_suffix(" ``"))
                    .or_else(|| c.strip_prefix('`').and_then(|c| c.strip_suffix('`')));
                inner.unwrap_or(c).to_string()
            };
            Rule {
                file: unquote(cells[1]),
                message: unquote(cells[2]),
            }
        })
        .collect()
}

#[test]
fn every_rule_in_the_table_gives_its_message() {
    let rules = rules_table();
    assert!(rules.len() >= 50, "{} rules", rules.len());
    for rule in &rules {
        let path = format!("{HOSTILE}/{}", rule.file);
        let r = run(&["check", &path]);
        assert_refused(&r, &path);
        let got = r
            .stderr
            .trim_end()
            .strip_prefix(&format!("detente: {path}: "))
            .unwrap_or_else(|| panic!("message starts with the file: {}", r.stderr));
        match rule.message.strip_suffix(" …") {
            Some(prefix) => assert!(got.starts_with(prefix), "{path}: {got}"),
            None => assert_eq!(got, rule.message, "{path}"),
        }
    }
}

/// Every row of README's table of bad `negotiate` arguments: exit 2, one line naming
/// the file and the argument, exactly the message the table states, with `--json` and
/// `--trace` as without.
#[test]
fn every_bad_negotiate_argument_gives_its_message() {
    let file = "examples/data/ukraine_2025.json";
    let rules = table("negotiate-rules");
    assert!(rules.len() >= 15, "{} rules", rules.len());
    for rule in &rules {
        for extra in [&[][..], &["--json", "--trace"][..]] {
            let mut args = vec!["negotiate", file];
            args.extend(rule.file.split_whitespace());
            args.extend(extra);
            let r = run(&args);
            assert_refused(&r, file);
            let got = r
                .stderr
                .trim_end()
                .strip_prefix(&format!("detente: {file}: "))
                .unwrap_or_else(|| panic!("message starts with the file: {}", r.stderr));
            assert_eq!(got, rule.message, "{args:?}");
            let flag = rule.file.split_whitespace().next().expect("a flag");
            assert!(got.starts_with(flag), "names the argument: {got}");
        }
    }
}

#[test]
fn every_hostile_file_is_in_the_table_and_refused_by_every_command() {
    let listed: Vec<String> = rules_table().into_iter().map(|r| r.file).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE);
    for entry in std::fs::read_dir(dir).expect("hostile corpus") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(listed.contains(&name), "{name} has a row in the table");
        let path = format!("{HOSTILE}/{name}");
        for args in [
            vec!["solve", path.as_str(), "--json"],
            vec!["solve", path.as_str(), "--concept", "offers"],
            vec!["frontier", path.as_str()],
            vec!["sweep", path.as_str(), "--samples", "4", "--seed", "1"],
        ] {
            assert_refused(&run(&args), &path);
        }
    }
}

#[test]
fn paths_that_are_not_scenario_files_are_refused_by_name() {
    let dir = scratch("a-folder.json");
    std::fs::create_dir_all(&dir).expect("folder");
    let dir = dir.to_string_lossy().into_owned();
    let r = run(&["check", &dir]);
    assert_refused(&r, &dir);
    assert!(
        r.stderr.ends_with("is a directory, not a scenario file\n"),
        "{}",
        r.stderr
    );

    let r = run(&["solve", "/dev/null"]);
    assert_refused(&r, "/dev/null");
    assert!(
        r.stderr.ends_with("is a device, not a scenario file\n"),
        "{}",
        r.stderr
    );

    let missing = scratch("missing.json").to_string_lossy().into_owned();
    assert_refused(&run(&["check", &missing]), &missing);

    // A sparse file over the limit is refused from its size, without reading it.
    let big = scratch("huge.json");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(detente::scenario::limits::MAX_FILE_BYTES + 1)
        .expect("sparse file");
    let big = big.to_string_lossy().into_owned();
    let r = run(&["check", &big]);
    assert_refused(&r, &big);
    assert!(
        r.stderr
            .contains("larger than the limit of 16777216 bytes (16 MiB)"),
        "{}",
        r.stderr
    );
}

/// A random space of 8 seated actors, 30 issues of 10 options: a single Nash solve is
/// quick, but its frontier, the other concepts' searches and a sweep of a million
/// samples run for minutes.
fn hard_space() -> String {
    let path = scratch("hard-8x30x10.json");
    if !path.exists() {
        std::fs::write(&path, common::random_scenario(8, 30, 10, 7)).expect("write");
    }
    path.to_string_lossy().into_owned()
}

/// The stated slack: a command stops within `10 % + 0.5 s` of `--max-seconds`.
fn within_slack(limit: f64, r: &Run) -> bool {
    r.seconds <= limit * 1.1 + 0.5
}

fn assert_stopped(r: &Run, what: &str) {
    assert_eq!(r.code, Some(3), "{what}: {}", r.stderr);
    assert!(r.stdout.is_empty(), "{what}: {}", r.stdout);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn max_seconds_holds_in_every_command_and_phase() {
    let _one_at_a_time = TIMED.lock().unwrap_or_else(|e| e.into_inner());
    let file = hard_space();
    let f = file.as_str();
    let limit = 1.0;
    // Every case runs with `--max-seconds 1` appended.
    // A million samples: a frontier would cost less than their searches, so the sweep
    // starts building it (the searches themselves take milliseconds).
    let sweep = |extra: &[&'static str]| {
        [
            &["sweep", f, "--samples", "1000000", "--seed", "1"][..],
            extra,
        ]
        .concat()
    };
    let solve = |concept: &'static str| vec!["solve", f, "--concept", concept];
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("frontier", vec!["frontier", f]),
        ("kalai", solve("kalai")),
        ("egalitarian", solve("egalitarian")),
        ("offers", solve("offers")),
        ("sweep (frontier preparation)", sweep(&[])),
        (
            "sweep of offers (per-sample searches)",
            sweep(&["--concept", "offers"]),
        ),
        (
            "sweep with weight noise (a frontier per sample)",
            sweep(&["--weight-noise", "50"]),
        ),
    ];
    for (what, mut args) in cases {
        args.extend(["--max-seconds", "1"]);
        let r = run(&args);
        assert_stopped(&r, what);
        assert!(
            within_slack(limit, &r),
            "{what}: stopped after {:.2} s against a limit of {limit} s",
            r.seconds
        );
        assert!(
            r.stderr.contains("nodes") || r.stderr.contains("samples"),
            "{what} says how far it got: {}",
            r.stderr
        );
    }
}

#[test]
fn max_nodes_holds_across_the_searches_of_a_solve() {
    let _one_at_a_time = TIMED.lock().unwrap_or_else(|e| e.into_inner());
    let file = hard_space();
    for concept in ["kalai", "egalitarian", "offers"] {
        let r = run(&[
            "solve",
            &file,
            "--concept",
            concept,
            "--max-nodes",
            "100000",
        ]);
        assert_stopped(&r, concept);
        let nodes: u64 = r
            .stderr
            .split("after ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a node count: {}", r.stderr));
        assert!(nodes <= 100_000, "{concept}: {nodes} nodes");
        assert!(r.stderr.contains("bound on the objective"), "{}", r.stderr);
        assert!(r.seconds < 5.0, "{concept}: {:.2} s", r.seconds);
    }
}

#[test]
fn max_memory_stops_a_search_before_it_allocates() {
    let _one_at_a_time = TIMED.lock().unwrap_or_else(|e| e.into_inner());
    let file = hard_space();
    let r = run(&["frontier", &file, "--max-memory", "16"]);
    assert_stopped(&r, "frontier");
    assert!(
        r.stderr.contains("memory budget") && r.stderr.contains("over the limit of 16 MiB"),
        "{}",
        r.stderr
    );
    let r = run(&["solve", &file, "--max-memory", "0"]);
    assert_refused(&r, "--max-memory");
    // A sweep keeps every sample for its exact quantiles: a billion are refused
    // before the first is drawn.
    let r = run(&[
        "sweep",
        "examples/data/ukraine_2025.json",
        "--samples",
        "1000000000",
        "--seed",
        "1",
    ]);
    assert_stopped(&r, "sweep");
    assert!(
        r.stderr.contains("the table of 1000000000 samples") && r.seconds < 5.0,
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_sweep_leaves_no_output_file() {
    let _one_at_a_time = TIMED.lock().unwrap_or_else(|e| e.into_inner());
    let file = hard_space();
    let out = scratch("interrupted.csv");
    let _ = std::fs::remove_file(&out);
    let child = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args([
            "sweep",
            &file,
            "--samples",
            "1000000",
            "--seed",
            "1",
            "--out",
        ])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the detente binary starts");
    std::thread::sleep(Duration::from_millis(500));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait_with_output().expect("the sweep ends").status;
    assert!(!status.success(), "interrupted");
    assert!(!out.exists(), "no half-written output");
    let litter: Vec<_> = std::fs::read_dir(out.parent().expect("folder"))
        .expect("listing")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("interrupted.csv"))
        .collect();
    assert!(litter.is_empty(), "no temporary file left: {litter:?}");
}

#[test]
fn hostile_arguments_are_refused_without_a_panic() {
    let u = "examples/data/ukraine_2025.json";
    let sweep = |extra: &[&'static str]| {
        [&["sweep", u, "--samples", "10", "--seed", "1"][..], extra].concat()
    };
    let solve = |extra: &[&'static str]| [&["solve", u][..], extra].concat();
    for args in [
        sweep(&["--vary", "us_support=0:1:1000000000000"]),
        sweep(&["--vary", "us_support=0:1:0"]),
        sweep(&["--vary", "us_support=nan:1:3"]),
        sweep(&["--weight-noise", "-1"]),
        vec!["sweep", u, "--samples", "0", "--seed", "1"],
        solve(&["--set", "us_support=inf"]),
        solve(&["--set", "us_support=1e300"]),
        solve(&["--max-seconds", "nan"]),
        solve(&["--max-seconds", "-1"]),
        solve(&["--first", "nobody"]),
        vec!["frontier", u, "--resolution", "1000000000"],
        vec!["negotiate", u, "--resolution", "1000000000"],
        vec!["negotiate", u, "--deadline", "99999999999999999999999"],
        vec!["negotiate", u, "--agents", ""],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    }
    // Absurd sizes that are valid input stop on the memory limit instead of failing to
    // allocate.
    let r = run(&[
        "sweep",
        u,
        "--samples",
        "18446744073709551615",
        "--seed",
        "1",
    ]);
    assert_stopped(&r, "2^64 - 1 samples");
}
