//! The Ukraine case study: the background text's claims as measured comparative statics.
//!
//! `cargo run --release --example ukraine_study [-- [--quick | --samples N] [--out DIR]
//! [--robustness] [FILE]]` loads `examples/data/ukraine_2025.json` (or FILE), runs one
//! experiment per claim of the press analysis behind it, prints the claim, the
//! experiment, every measured effect with its standard error and a verdict, and writes
//! one SVG per claim under DIR (default `target/ukraine-study/`). `--quick` is the CI
//! size; `--samples N` sets the draws per arm (offers: N / 25); `--robustness` re-runs
//! every claim with the weights drawn around the stated ones (Dirichlet K = 50 and 20)
//! and prints whether each verdict survives.

mod claims;
mod experiments;
mod levers;
mod plot;
mod stats;
mod table;

use std::path::PathBuf;

use experiments::{Claim, Config, Res, Study};
use stats::{Verdict, Z_INTERVAL};

struct Args {
    config: Config,
    out: PathBuf,
    file: PathBuf,
    robustness: bool,
}

fn parse_args() -> Res<Args> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = Args {
        config: Config::FULL,
        out: root.join("target/ukraine-study"),
        file: root.join("examples/data/ukraine_2025.json"),
        robustness: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => args.config = Config::QUICK,
            "--robustness" => args.robustness = true,
            "--samples" => {
                let n: u64 = it.next().ok_or("--samples needs a number")?.parse()?;
                if n == 0 {
                    return Err("--samples must be at least 1".into());
                }
                args.config.draws = n;
                args.config.offers = (n / 25).max(2);
            }
            "--out" => args.out = PathBuf::from(it.next().ok_or("--out needs a folder")?),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}").into()),
            _ => args.file = PathBuf::from(a),
        }
    }
    Ok(args)
}

fn main() -> Res<()> {
    let args = parse_args()?;
    let study = Study::load(&args.file, args.config)?;
    let start = std::time::Instant::now();
    let claims = study.run_all()?;
    for (i, c) in claims.iter().enumerate() {
        print_claim(i + 1, c);
    }
    std::fs::create_dir_all(&args.out)?;
    for (i, c) in claims.iter().enumerate() {
        let path = args.out.join(format!("{}.svg", c.key));
        plot::write(&path, i + 1, c)?;
    }
    println!(
        "\n{} claims in {:.1} s; plots in {}",
        claims.len(),
        start.elapsed().as_secs_f64(),
        args.out.display()
    );
    if args.robustness {
        robustness(&args, &claims)?;
    }
    Ok(())
}

fn print_claim(number: usize, c: &Claim) {
    println!("\n== claim {number}: {}", c.claim);
    println!("   text: {}", c.source);
    println!("   experiment: {}", c.experiment);
    for m in &c.measures {
        let e = m.effect;
        let tag = match (m.headline, m.verdict) {
            (true, Some(v)) => format!("[headline] {v}"),
            (false, Some(v)) => format!("{v}"),
            (_, None) => "for information".into(),
        };
        println!(
            "   - {}: {:+.4} ± {:.4} s.e. (95 % [{:+.4}, {:+.4}], n = {}) — {tag}",
            m.name,
            e.mean,
            e.se,
            e.mean - Z_INTERVAL * e.se,
            e.mean + Z_INTERVAL * e.se,
            e.n
        );
    }
    println!("   verdict: {}", c.verdict);
}

/// Every claim again with noisy weights, at a quarter of the draws (the slow path).
fn robustness(args: &Args, claims: &[Claim]) -> Res<()> {
    let mut rows: Vec<(String, Verdict, Vec<Verdict>)> = claims
        .iter()
        .map(|c| (c.key.to_string(), c.verdict, Vec::new()))
        .collect();
    for k in [50.0, 20.0] {
        let config = Config {
            draws: (args.config.draws / 3).max(1),
            offers: (args.config.offers / 3).max(2),
            weight_noise: Some(k),
            ..args.config
        };
        let study = Study::load(&args.file, config)?;
        let noisy = study.run_all()?;
        for (row, c) in rows.iter_mut().zip(&noisy) {
            row.2.push(c.verdict);
        }
        println!("\n-- weight noise K = {k}, {} draws per arm", config.draws);
        for (i, c) in noisy.iter().enumerate() {
            print_claim(i + 1, c);
        }
    }
    println!("\nrobustness: verdict with the stated weights, with K = 50, with K = 20");
    for (key, v, noisy) in rows {
        let cells: Vec<String> = noisy.iter().map(|v| v.to_string()).collect();
        println!("  {key:<18} {v} | {}", cells.join(" | "));
    }
    Ok(())
}
