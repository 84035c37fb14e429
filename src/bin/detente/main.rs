//! The `detente` command line: parses, calls the library, prints, sets the exit status
//! (0 exact answer, 2 bad input, 3 search stopped by its budget).

// No unsafe code, here or in any module (also set in Cargo.toml's [lints] table, which
// a build outside Cargo would not see).
#![forbid(unsafe_code)]

mod args;
mod failure;
mod merge;
mod negotiate;
mod sensitivity;
mod sweep;
mod tournament;

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use detente::{report, AlternatingOffers, Concept, Engine, Scenario};

use args::{Args, Command, ExportCommand, FrontierArgs, ImportCommand, SolveArgs, SweepArgs};
use failure::Failure;

fn main() -> ExitCode {
    let started = Instant::now();
    let args = Args::parse();
    match run(args, started) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("detente: {e}");
            ExitCode::from(e.exit_status())
        }
    }
}

/// `started`: when the command started; `--max-seconds` counts from there.
fn run(args: Args, started: Instant) -> Result<(), Failure> {
    match args.command {
        Command::Solve(a) => solve(a, started),
        Command::Frontier(a) => frontier(a, started),
        Command::Sweep(a) => sweep::run(a, started),
        Command::Merge(a) => merge::run(a),
        Command::Sensitivity(a) => sensitivity::run(a, started),
        Command::Negotiate(a) => negotiate::run(a, started),
        Command::Tournament(a) => tournament::run(a, started),
        Command::Check { file } => {
            let scenario = Scenario::load(&file)?;
            emit(&report::check_text(&scenario));
            Ok(())
        }
        Command::Import(what) => {
            let scenario = match what {
                ImportCommand::Genius { domain, profiles } => {
                    detente::import::genius(&domain, &profiles)?
                }
                ImportCommand::Geniusweb { profiles } => detente::import::geniusweb(&profiles)?,
                ImportCommand::Ktab { file } => detente::import::ktab(&file)?,
            };
            emit(&format!("{}\n", scenario.to_json()?));
            Ok(())
        }
        Command::Export(ExportCommand::Genius {
            scenario,
            outdir,
            grid,
        }) => {
            let scenario = Scenario::load(&scenario)?;
            for path in detente::export::genius_on_grid(&scenario, &outdir, grid)? {
                emit(&format!("{}\n", path.display()));
            }
            Ok(())
        }
    }
}

fn solve(a: SolveArgs, started: Instant) -> Result<(), Failure> {
    let scenario = Scenario::load(&a.file)?;
    let concept = args::concept(&a.concept, scenario.source())?;
    let options = args::checked(a.budget.options(started), scenario.source())?;
    let levels = scenario.levels_with(&args::settings(&a.set, scenario.source())?)?;
    let situation = scenario.situation(&levels)?;
    let engine = Engine::with_options(&scenario, options);
    let first = match &a.first {
        None => None,
        Some(id) => AlternatingOffers::proposing_first(&scenario, id)?.first,
    };
    let (verdict, offers) = match concept {
        Concept::Offers => {
            let solution = engine.alternating_offers(&situation, first)?;
            (solution.verdict.clone(), Some(solution))
        }
        c => (engine.solve(c, &situation)?, None),
    };
    if a.json {
        let out = match &offers {
            Some(s) => report::SolveOutput::offers(&scenario, &levels, &situation, s),
            None => {
                report::SolveOutput::new(&scenario, concept.name(), &levels, &situation, &verdict)
            }
        };
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        ));
    } else {
        emit(&report::solve_text(
            &scenario,
            concept.name(),
            &situation,
            &verdict,
        ));
    }
    Ok(())
}

fn frontier(a: FrontierArgs, started: Instant) -> Result<(), Failure> {
    let scenario = Scenario::load(&a.file)?;
    let options = args::checked(a.budget.options(started), scenario.source())?;
    let resolution = a.resolution as usize;
    let points = Engine::frontier(&scenario, resolution, options)?;
    if a.json {
        let out = report::FrontierOutput::new(&scenario, &points, resolution);
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        ));
    } else {
        emit(&report::frontier_text(&scenario, &points));
    }
    Ok(())
}

/// Print to stdout; a reader that closed the pipe early (`| head`) is not an error.
pub(crate) fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
