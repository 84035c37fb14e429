//! Helpers shared by the shard tests: the binary, scratch folders, whole sweeps and
//! merged shards as bytes.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn data(rel: &str) -> String {
    format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))
}

pub fn detente(args: &[&str]) -> Output {
    detente_on(args, None)
}

/// The binary on a rayon pool of `threads` threads (its default when `None`).
pub fn detente_on(args: &[&str], threads: Option<usize>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_detente"));
    cmd.args(args);
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t.to_string());
    }
    cmd.output().expect("the binary runs")
}

pub fn ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("detente-shards-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// What a sweep or a merge printed and wrote: JSON, text table, CSV, SVG.
#[derive(Debug, PartialEq, Eq)]
pub struct Outputs {
    pub json: String,
    pub text: String,
    pub csv: String,
    pub svg: String,
}

/// Run `command` (with `--json`, then without) writing the CSV and SVG into `dir`.
fn outputs(dir: &Path, command: &[&str], threads: Option<usize>) -> Outputs {
    let (csv, svg) = (dir.join("out.csv"), dir.join("out.svg"));
    let mut args = command.to_vec();
    args.extend(["--out", path(&csv), "--plot", path(&svg)]);
    let text = detente_on(&args, threads);
    ok(&text);
    args.push("--json");
    let json = detente_on(&args, threads);
    ok(&json);
    Outputs {
        json: String::from_utf8_lossy(&json.stdout).into_owned(),
        text: String::from_utf8_lossy(&text.stdout).into_owned(),
        csv: std::fs::read_to_string(&csv).expect("csv written"),
        svg: std::fs::read_to_string(&svg).expect("svg written"),
    }
}

/// The unsharded sweep of `file` with `flags`.
pub fn whole(dir: &Path, file: &str, flags: &[&str]) -> Outputs {
    let mut args = vec!["sweep", file];
    args.extend_from_slice(flags);
    outputs(dir, &args, None)
}

/// Shard files `1/n` ... `n/n` of the sweep, written into `dir`.
pub fn shards(
    dir: &Path,
    file: &str,
    flags: &[&str],
    n: u32,
    threads: Option<usize>,
) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let out = dir.join(format!("s{k}of{n}.shard"));
            let spec = format!("{k}/{n}");
            let mut args = vec!["sweep", file];
            args.extend_from_slice(flags);
            args.extend(["--shard", &spec, "--out-shard", path(&out)]);
            ok(&detente_on(&args, threads));
            out
        })
        .collect()
}

/// `detente merge` of `files` (given in reverse, to show order does not matter).
pub fn merged(dir: &Path, files: &[PathBuf], threads: Option<usize>) -> Outputs {
    let mut args = vec!["merge"];
    args.extend(files.iter().rev().map(|f| path(f)));
    outputs(dir, &args, threads)
}
