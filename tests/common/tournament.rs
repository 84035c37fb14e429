//! What the tournament tests share: running the binary, reading a scenario's seated
//! actors, the contract's order of runs built independently, reading the JSON.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value as Json;

/// What a run of the binary left: its exit status and its output.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the binary from the crate's folder, on `threads` threads when given.
pub fn detente(args: &[&str], threads: Option<usize>) -> Out {
    let mut command = Command::new(env!("CARGO_BIN_EXE_detente"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RUST_BACKTRACE", "1");
    if let Some(n) = threads {
        command.env("RAYON_NUM_THREADS", n.to_string());
    }
    let out = command.output().expect("the detente binary runs");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `detente tournament ARGS` (split at spaces) writing `--out` and `--plot` files to
/// the test's temporary folder `dir`: what it printed, the CSV and the SVG.
pub fn with_files(args: &str, dir: &str, threads: Option<usize>) -> (Out, String, String) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let (csv, svg) = (dir.join("runs.csv"), dir.join("plot.svg"));
    let mut all: Vec<&str> = std::iter::once("tournament")
        .chain(args.split(' '))
        .collect();
    all.extend([
        "--out",
        csv.to_str().expect("utf-8"),
        "--plot",
        svg.to_str().expect("utf-8"),
    ]);
    let out = detente(&all, threads);
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    let (csv, svg) = (read(&csv), read(&svg));
    (out, csv, svg)
}

/// The JSON the binary prints for `args`, which must succeed.
pub fn json(args: &[&str]) -> Json {
    let out = detente(args, None);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("valid JSON")
}

/// The seated actors' ids of a scenario file, in file order, read here from the JSON.
pub fn seated(file: &str) -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(path).expect("test scenario");
    let scenario: Json = serde_json::from_str(&text).expect("test scenario is JSON");
    scenario["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .filter(|a| a["seated"].as_bool().unwrap_or(true))
        .map(|a| a["id"].as_str().expect("id").to_string())
        .collect()
}

/// Every assignment of `strategies` to `seats` seats in lexicographic order, the first
/// seat slowest: the cartesian product built seat by seat.
pub fn product(strategies: &[&str], seats: usize) -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = vec![Vec::new()];
    for _ in 0..seats {
        all = all
            .into_iter()
            .flat_map(|prefix| {
                strategies.iter().map(move |s| {
                    let mut next = prefix.clone();
                    next.push((*s).to_string());
                    next
                })
            })
            .collect();
    }
    all
}

/// What one run must be: its file, first mover and agents.
pub struct Expected {
    pub file: String,
    pub first: String,
    /// (actor id, strategy) per seated actor, file order.
    pub agents: Vec<(String, String)>,
}

/// Every run, in the contract's order: per file, per first mover (seated file order),
/// per assignment.
pub fn expected_runs(files: &[&str], strategies: &[&str]) -> Vec<Expected> {
    let mut runs = Vec::new();
    for file in files {
        let ids = seated(file);
        for first in &ids {
            for assignment in product(strategies, ids.len()) {
                runs.push(Expected {
                    file: file.to_string(),
                    first: first.clone(),
                    agents: ids.iter().cloned().zip(assignment).collect(),
                });
            }
        }
    }
    runs
}

/// Whether an SVG holds a text element reading `text` (plotters writes it on a line
/// of its own).
pub fn has_text(svg: &str, text: &str) -> bool {
    svg.lines().any(|line| line.trim() == text)
}

/// A run's `agents` as (actor id, strategy) pairs, in the order printed.
pub fn agents_of(run: &Json) -> Vec<(String, String)> {
    run["agents"]
        .as_object()
        .expect("agents")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("strategy").to_string()))
        .collect()
}

/// One strategy's pairs summed here from the printed runs.
#[derive(Debug, Default)]
pub struct Recomputed {
    pub pairs: u64,
    pub utility: f64,
    pub gain: f64,
    pub deals: u64,
    pub nash: Vec<f64>,
    pub pareto: Vec<f64>,
}

/// The (run, actor) pairs of `runs` that play `name`, summed.
pub fn recompute(runs: &[Json], name: &str) -> Recomputed {
    let mut r = Recomputed::default();
    for run in runs {
        for (id, s) in agents_of(run) {
            if s != name {
                continue;
            }
            r.pairs += 1;
            r.utility += run["utilities"][&id].as_f64().expect("utility");
            r.gain += run["gains"][&id].as_f64().expect("gain");
            if !run["agreement"].is_null() {
                r.deals += 1;
                r.nash.push(
                    run["nash_distance"]
                        .as_f64()
                        .expect("a deal has a distance"),
                );
                r.pareto.push(
                    run["pareto_distance"]
                        .as_f64()
                        .expect("a deal has a distance"),
                );
            }
        }
    }
    r
}
