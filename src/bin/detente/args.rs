//! Command-line arguments.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args as ClapArgs, Parser, Subcommand};
use detente::error::Input;
use detente::Concept;

use crate::failure::Failure;

/// Game-theoretic bargaining: exact Nash, Kalai–Smorodinsky, egalitarian, utilitarian
/// and alternating-offers agreements, Pareto frontiers and Monte Carlo leverage sweeps.
#[derive(Debug, Parser)]
#[command(name = "detente", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Solve a scenario with one solution concept.
    Solve(SolveArgs),
    /// List the Pareto-optimal feasible outcomes for the seated actors.
    Frontier(FrontierArgs),
    /// Monte Carlo leverage sweep: draw the leverage variables, solve, summarise.
    Sweep(SweepArgs),
    /// Merge the shard files of one sweep into what the unsharded sweep prints.
    Merge(MergeArgs),
    /// Global sensitivity: Morris or Sobol indices of the agreement to judged numbers.
    Sensitivity(SensitivityArgs),
    /// Run agents with strategies under stacked alternating offers.
    Negotiate(NegotiateArgs),
    /// Play every assignment of strategies to the seated actors, every first mover.
    Tournament(TournamentArgs),
    /// Validate a scenario and print what it holds.
    Check {
        /// Scenario file (JSON, or TOML when it ends in .toml).
        file: PathBuf,
    },
    /// Read another tool's files and print the scenario (JSON) on stdout.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write a scenario in another tool's format.
    #[command(subcommand)]
    Export(ExportCommand),
}

/// `detente import FORMAT ...`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Genius domain and one profile per actor (XML).
    Genius {
        /// The domain file.
        domain: PathBuf,
        /// One profile per actor; the actor's id is the file name without `.xml`.
        #[arg(required = true)]
        profiles: Vec<PathBuf>,
    },
    /// GeniusWeb linear additive profiles (JSON), one per actor.
    Geniusweb {
        /// One profile per actor; the actor's id is the file name without `.json`.
        #[arg(required = true)]
        profiles: Vec<PathBuf>,
    },
    /// A KTAB SMP table (CSV: `name,desc,nActors,nDims`, then one row per actor).
    Ktab {
        /// The table.
        file: PathBuf,
    },
}

/// `detente export FORMAT ...`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A Genius domain and one profile per actor, written into OUTDIR.
    Genius {
        /// The scenario file (JSON, or TOML when it ends in .toml).
        scenario: PathBuf,
        /// The folder to write into (made when missing).
        outdir: PathBuf,
        /// Grid points per continuous issue (written as a Genius discrete issue).
        #[arg(long, value_name = "N", default_value_t = detente::export::GENIUS_GRID)]
        grid: usize,
    },
}

/// Limits on the search.
#[derive(Debug, Clone, ClapArgs)]
pub struct BudgetArgs {
    /// Stop after examining this many partial outcomes (exit status 3).
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<u64>,
    /// Stop the whole command this many seconds after it started (exit status 3).
    #[arg(long, value_name = "S")]
    pub max_seconds: Option<f64>,
    /// Most working memory a search may take, in MiB (default 4096; exit status 3).
    #[arg(long, value_name = "MIB")]
    pub max_memory: Option<u64>,
}

impl BudgetArgs {
    /// The limits, the time counted from `started` (the command's start) for every
    /// search the command runs.
    pub fn options(&self, started: Instant) -> detente::SearchOptions {
        let deadline = self
            .max_seconds
            .filter(|s| *s > 0.0 && s.is_finite())
            .and_then(|s| started.checked_add(Duration::from_secs_f64(s.min(1e9))));
        detente::SearchOptions {
            max_nodes: self.max_nodes,
            max_seconds: self.max_seconds,
            deadline,
            max_memory: self.max_memory.map(|mib| mib.saturating_mul(1 << 20)),
            cancel: None,
        }
    }
}

/// `detente solve`.
#[derive(Debug, ClapArgs)]
pub struct SolveArgs {
    /// Scenario file (JSON, or TOML when it ends in .toml).
    pub file: PathBuf,
    /// Solution concept: nash, kalai, egalitarian, utilitarian or offers.
    /// Checked after the file is read, so that a bad name is reported in one line
    /// that names the file, like every other bad input.
    #[arg(long, default_value = "nash")]
    pub concept: String,
    /// Set a leverage variable, e.g. `--set us_support=0.2` (repeatable).
    #[arg(long = "set", value_name = "ID=VALUE")]
    pub set: Vec<String>,
    /// Who proposes first in alternating offers (default: the first seated actor).
    #[arg(long, value_name = "ID")]
    pub first: Option<String>,
    /// Print the contract's JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// `detente frontier`.
#[derive(Debug, ClapArgs)]
pub struct FrontierArgs {
    /// Scenario file (JSON, or TOML when it ends in .toml).
    pub file: PathBuf,
    /// Values per continuous range when a continuous issue makes the frontier a continuum.
    #[arg(long, default_value_t = 101, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub resolution: u32,
    /// Print the contract's JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// `detente sweep`.
#[derive(Debug, ClapArgs)]
pub struct SweepArgs {
    /// Scenario file (JSON, or TOML when it ends in .toml).
    pub file: PathBuf,
    /// Draws (per grid value with --vary).
    #[arg(long, value_name = "N")]
    pub samples: u64,
    /// Seed of the per-sample generators (same seed, same output).
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Solution concept: nash, kalai, egalitarian, utilitarian or offers.
    #[arg(long, default_value = "nash")]
    pub concept: String,
    /// Vary one leverage variable over STEPS evenly spaced values, e.g. us_support=0:1:11.
    #[arg(long, value_name = "ID=LO:HI:STEPS", value_parser = parse_grid)]
    pub vary: Option<detente::sweep::Grid>,
    /// Dirichlet noise on every seated actor's weights with concentration K > 0.
    #[arg(long, value_name = "K", allow_hyphen_values = true)]
    pub weight_noise: Option<f64>,
    /// Pin a leverage variable in every sample, e.g. `--set kursk_held=0` (repeatable).
    #[arg(long = "set", value_name = "ID=VALUE")]
    pub set: Vec<String>,
    /// Write one CSV row per sample to this file.
    #[arg(long, value_name = "F.csv")]
    pub out: Option<PathBuf>,
    /// Draw the summary as an SVG plot to this file.
    #[arg(long, value_name = "F.svg")]
    pub plot: Option<PathBuf>,
    /// Print the contract's JSON summary instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Run only shard K of N of this sweep (1-based) and write it to --out-shard.
    #[arg(long, value_name = "K/N", value_parser = parse_shard, requires = "out_shard")]
    pub shard: Option<detente::sweep::ShardSpec>,
    /// The shard file to write (with --shard); merge the shards with `detente merge`.
    #[arg(long, value_name = "F", requires = "shard")]
    pub out_shard: Option<PathBuf>,
    /// Save finished samples to this file as the sweep runs (default with
    /// --out-shard F: F.part); removed when the sweep has finished.
    #[arg(long, value_name = "F")]
    pub checkpoint: Option<PathBuf>,
    /// Continue from the checkpoint of an interrupted run of the same sweep (start
    /// afresh when there is none).
    #[arg(long)]
    pub resume: bool,
    /// Say on stderr how the samples share their work (a frontier prepared once, or a
    /// search per sample) and what that choice was based on.
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// `detente merge`.
#[derive(Debug, ClapArgs)]
pub struct MergeArgs {
    /// Shard files of one sweep (`sweep --shard K/N --out-shard F`), in any order.
    #[arg(required = true, value_name = "SHARD")]
    pub files: Vec<PathBuf>,
    /// Write one CSV row per sample to this file.
    #[arg(long, value_name = "F.csv")]
    pub out: Option<PathBuf>,
    /// Draw the summary as an SVG plot to this file.
    #[arg(long, value_name = "F.svg")]
    pub plot: Option<PathBuf>,
    /// Print the contract's JSON summary instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Most memory the table of all samples may take, in MiB (default 4096; exit 3).
    #[arg(long, value_name = "MIB")]
    pub max_memory: Option<u64>,
}

/// `detente sensitivity`.
#[derive(Debug, ClapArgs)]
pub struct SensitivityArgs {
    /// Scenario file (JSON, or TOML when it ends in .toml).
    pub file: PathBuf,
    /// Parameters, `PATH=DIST;...` with DIST uniform:LO:HI (or LO:HI), normal:MEAN:SD,
    /// beta:A:B or bernoulli:P, e.g. `actors[ukraine].disagreement=0:0.3;leverage[us_support]=normal:0.5:0.1`
    /// (repeatable); default: the leverage variables with their distributions.
    #[arg(long, value_name = "SPEC")]
    pub params: Vec<String>,
    /// Sobol: base rows N (N (k + 2) solves); Morris: trajectories r (r (k + 1) solves).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub samples: String,
    /// Seed of the design and of the bootstrap (same seed, same output).
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Solution concept: nash, kalai, egalitarian, utilitarian or offers.
    #[arg(long, default_value = "nash")]
    pub concept: String,
    /// Estimator: sobol (first-order and total indices) or morris (elementary effects).
    #[arg(long, default_value = "sobol")]
    pub method: String,
    /// Morris grid levels p (even).
    #[arg(
        long,
        value_name = "P",
        default_value = "4",
        allow_hyphen_values = true
    )]
    pub levels: String,
    /// Draw the indices as an SVG bar chart to this file.
    #[arg(long, value_name = "F.svg")]
    pub plot: Option<PathBuf>,
    /// Write the whole run as a self-contained HTML page (tables and the plot inline).
    #[arg(long, value_name = "F.html")]
    pub html: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// `detente negotiate`.
#[derive(Debug, ClapArgs)]
pub struct NegotiateArgs {
    /// Scenario file (JSON, or TOML when it ends in .toml).
    pub file: PathBuf,
    /// Strategies of seated actors, e.g. `ru=boulware,us=conceder` (others: linear).
    /// Strategies: time:E (E > 0), boulware, linear, conceder, hardliner, nash.
    #[arg(long, value_name = "ID=STRATEGY,...")]
    pub agents: Option<String>,
    /// Number of steps T (at least 1).
    #[arg(
        long,
        value_name = "T",
        default_value = "100",
        allow_hyphen_values = true
    )]
    pub deadline: String,
    /// Who takes step 0 (default: the first seated actor).
    #[arg(long, value_name = "ID")]
    pub first: Option<String>,
    /// Values per continuous issue's range, ends included (2 to 100000).
    #[arg(
        long,
        value_name = "R",
        default_value = "11",
        allow_hyphen_values = true
    )]
    pub resolution: String,
    /// Set a leverage variable, e.g. `--set us_support=0.2` (repeatable).
    #[arg(long = "set", value_name = "ID=VALUE")]
    pub set: Vec<String>,
    /// Include every step in the output.
    #[arg(long)]
    pub trace: bool,
    /// Print the contract's JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// `detente tournament`.
#[derive(Debug, ClapArgs)]
pub struct TournamentArgs {
    /// Scenario files (JSON, or TOML when it ends in .toml), played in the order given.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The strategies to play against one another, e.g. `boulware,linear,hardliner`:
    /// time:E (E > 0), boulware, linear, conceder, hardliner, nash.
    #[arg(long, value_name = "S1,S2,...")]
    pub strategies: String,
    /// Number of steps T (at least 1).
    #[arg(
        long,
        value_name = "T",
        default_value = "100",
        allow_hyphen_values = true
    )]
    pub deadline: String,
    /// Values per continuous issue's range, ends included (at least 2).
    #[arg(
        long,
        value_name = "R",
        default_value = "11",
        allow_hyphen_values = true
    )]
    pub resolution: String,
    /// Write one CSV row per run and seated actor to this file.
    #[arg(long, value_name = "F.csv")]
    pub out: Option<PathBuf>,
    /// Plot each strategy's mean gain against its mean distance to the Nash agreement.
    #[arg(long, value_name = "F.svg")]
    pub plot: Option<PathBuf>,
    /// Print the contract's JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// A whole number of at least `min` given as `flag`, checked after the file is read.
///
/// # Errors
/// [`Failure::Argument`] naming the flag and the file: a negative or too small whole
/// number is out of range (not "not a whole number"), as is one past `usize::MAX`.
pub fn count(text: &str, flag: &str, min: usize, file: &str) -> Result<usize, Failure> {
    let bad = |message: String| Failure::Argument {
        file: file.to_string(),
        argument: format!("{flag} {text}"),
        message,
    };
    let t = text.trim();
    let negative = t
        .strip_prefix('-')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    match t.parse::<usize>() {
        Ok(n) if n >= min => Ok(n),
        Ok(n) => Err(bad(format!("must be at least {min}, got {n}"))),
        Err(_) if negative => Err(bad(format!("must be at least {min}, got {t}"))),
        Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => {
            Err(bad(format!("must be at most {}, got {t}", usize::MAX)))
        }
        Err(_) => Err(bad(format!("'{text}' is not a whole number"))),
    }
}

/// Check that no output path (`(path, extension, flag)`) is a folder, before any work.
///
/// # Errors
/// [`Failure::Argument`] naming the flag, the path and the scenario `file`.
pub fn output_files(file: &str, outputs: &[(&Option<PathBuf>, &str, &str)]) -> Result<(), Failure> {
    for (path, ext, flag) in outputs {
        if let Some(p) = path {
            if p.is_dir() {
                return Err(Failure::Argument {
                    file: file.to_string(),
                    argument: format!("{flag} {}", p.display()),
                    message: format!("is a folder, expected a .{ext} file"),
                });
            }
        }
    }
    Ok(())
}

/// `ID=STRATEGY,...` as pairs.
///
/// # Errors
/// [`Failure::Argument`] for an entry without `=`.
pub fn agents(raw: Option<&str>, file: &str) -> Result<Vec<(String, String)>, Failure> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(|entry| {
            // An empty entry (`--agents ru=linear,`) is named by the whole list: on its
            // own it would print as a bare `--agents :`.
            let (argument, message) = match entry.trim() {
                "" => (raw, "an empty entry: expected ID=STRATEGY,..."),
                _ => (entry, "expected ID=STRATEGY"),
            };
            let (id, strategy) = entry.split_once('=').ok_or_else(|| Failure::Argument {
                file: file.to_string(),
                argument: format!("--agents {argument}"),
                message: message.into(),
            })?;
            Ok((id.trim().to_string(), strategy.trim().to_string()))
        })
        .collect()
}

pub fn parse_shard(s: &str) -> Result<detente::sweep::ShardSpec, String> {
    s.parse().map_err(|p: detente::Problem| p.to_string())
}

pub fn parse_grid(s: &str) -> Result<detente::sweep::Grid, String> {
    s.parse().map_err(|p: detente::Problem| p.to_string())
}

/// The concept named by `--concept`.
///
/// # Errors
/// An input error about [`Input::Concept`], naming the file.
pub fn concept(name: &str, file: &str) -> Result<Concept, detente::Error> {
    name.parse::<Concept>()
        .map_err(|problem| detente::Error::input(file, Input::Concept(name.to_string()), problem))
}

/// Check the search limits, naming the file in the error like any other bad input.
///
/// # Errors
/// An input error about [`Input::MaxSeconds`] for a non-positive or non-finite
/// `--max-seconds`.
pub fn checked(
    options: detente::SearchOptions,
    file: &str,
) -> Result<detente::SearchOptions, detente::Error> {
    options.validate().map_err(|e| e.in_file(file))?;
    Ok(options)
}

/// The `--set ID=VALUE` arguments as pairs, checked after the file is read so that a
/// malformed one is reported like any other bad input: one line naming the file.
///
/// # Errors
/// [`Failure::Argument`] for a missing `=` or a value that is not a finite number.
pub fn settings(raw: &[String], file: &str) -> Result<Vec<(String, f64)>, Failure> {
    raw.iter()
        .map(|s| {
            let bad = |message: String| Failure::Argument {
                file: file.to_string(),
                argument: format!("--set {s}"),
                message,
            };
            let (id, value) = s
                .split_once('=')
                .ok_or_else(|| bad("expected ID=VALUE".into()))?;
            let x: f64 = value
                .trim()
                .parse()
                .map_err(|_| bad(format!("'{value}' is not a number")))?;
            if !x.is_finite() {
                return Err(bad(format!("'{value}' is not a finite number")));
            }
            Ok((id.trim().to_string(), x))
        })
        .collect()
}
