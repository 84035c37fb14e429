//! The Ukraine case study: the background text's claims as measured comparative statics,
//! with verdicts a sceptic can check.
//!
//! `cargo run --release --example ukraine_study [-- [--quick | --samples N] [--out DIR]
//! [--html F.html] [FILE...]]` runs every claim on each scenario file (default: `ukraine_2025.json`
//! and the independently built `ukraine_2025_alt.json`): the Monte Carlo experiment at
//! three seeds, each verdict judged against the claim's stated minimum meaningful
//! effect, then the claim's exact probe at the status quo scanned over the stated
//! range of every judged number (flips), drawn over all of them at once
//! (probability), and solved under each concept. It prints each claim in full, a
//! verdict table per file, the ranges, and where the files disagree; one SVG per claim
//! goes under DIR/<scenario>/ (default `target/ukraine-study/`); `--html F.html` writes
//! all of it as one self-contained page. `--quick` is the CI size; `--samples N` sets
//! the draws per arm (offers and protocol: N / 25).

mod claim;
mod claims;
mod exact;
mod experiments;
mod html;
mod levers;
mod plot;
mod probes;
mod protocol;
mod ranges;
mod report;
mod results;
mod robust;
mod skipped;
mod stats;
mod table;

use std::path::PathBuf;

use experiments::{Config, Res};
use robust::Effort;

/// The seeds every Monte Carlo experiment runs at.
const SEEDS: [u64; 3] = [2025, 2026, 2027];

struct Args {
    config: Config,
    effort: Effort,
    out: PathBuf,
    html: Option<PathBuf>,
    files: Vec<PathBuf>,
}

fn parse_args() -> Res<Args> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = Args {
        config: Config::FULL,
        effort: Effort::FULL,
        out: root.join("target/ukraine-study"),
        html: None,
        files: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => (args.config, args.effort) = (Config::QUICK, Effort::QUICK),
            "--samples" => {
                let n: u64 = it.next().ok_or("--samples needs a number")?.parse()?;
                if n == 0 {
                    return Err("--samples must be at least 1".into());
                }
                args.config.draws = n;
                args.config.offers = (n / 25).max(2);
            }
            "--out" => args.out = PathBuf::from(it.next().ok_or("--out needs a folder")?),
            "--html" => args.html = Some(PathBuf::from(it.next().ok_or("--html needs a file")?)),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}").into()),
            _ => args.files.push(PathBuf::from(a)),
        }
    }
    if args.files.is_empty() {
        let data = root.join("examples/data");
        args.files = vec![
            data.join("ukraine_2025.json"),
            data.join("ukraine_2025_alt.json"),
        ];
    }
    Ok(args)
}

fn main() -> Res<()> {
    let args = parse_args()?;
    let start = std::time::Instant::now();
    let mut done = Vec::new();
    for file in &args.files {
        let r = results::run(file, args.config, &SEEDS, args.effort)?;
        println!("\n######## {} ({})", r.name, file.display());
        for (i, c) in r.claims.iter().enumerate() {
            report::claim(i + 1, c, r.robustness[i].as_ref());
        }
        let dir = args.out.join(&r.name);
        std::fs::create_dir_all(&dir)?;
        for (i, c) in r.claims.iter().enumerate() {
            plot::write(&dir.join(format!("{}.svg", c.key)), i + 1, c)?;
        }
        done.push(r);
    }
    report::ranges();
    for r in &done {
        report::table(r);
    }
    if let [a, b, ..] = done.as_slice() {
        report::compare(a, b);
    }
    if let Some(path) = &args.html {
        let command: Vec<String> = std::env::args().skip(1).collect();
        let command = format!(
            "cargo run --release --example ukraine_study -- {}",
            command.join(" ")
        );
        detente::report::write_atomically(path, html::page(&done, &command)?.as_bytes())?;
        println!("page in {}", path.display());
    }
    println!(
        "\n{} files in {:.1} s; plots in {}",
        done.len(),
        start.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}
