//! `detente tournament`: every assignment of strategies to the seated actors, every
//! first mover, on every file; the runs and each strategy's means.

use std::time::Instant;

use detente::negotiate::{Negotiation, NegotiationOptions, Tournament};
use detente::{report, Error, Scenario};

use crate::args::{self, TournamentArgs};
use crate::emit;
use crate::failure::Failure;

pub fn run(a: TournamentArgs, started: Instant) -> Result<(), Failure> {
    let (tournament, options, scenarios) = prepare(&a, started)?;
    let negotiations = scenarios
        .iter()
        .map(|s| Negotiation::new(s, &s.status_quo(), options))
        .collect::<Result<Vec<_>, Error>>()?;
    let standings = tournament.play(&negotiations)?;
    if let Some(path) = &a.out {
        let csv = report::tournament_csv(&negotiations, &tournament, &standings)?;
        report::write_atomically(path, csv.as_bytes())?;
    }
    if let Some(path) = &a.plot {
        let svg = report::tournament_svg(&negotiations, &tournament, &standings)?;
        report::write_atomically(path, svg.as_bytes())?;
    }
    if a.json {
        let out = report::TournamentOutput::new(&negotiations, &tournament, &standings);
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        ));
    } else {
        emit(&report::tournament_text(
            &negotiations,
            &tournament,
            &standings,
        ));
    }
    Ok(())
}

/// Everything checked before any work: the flags (once the first file is read, so
/// that a bad one is reported like any other bad input, in one line naming that
/// file), every file, the output paths and the tournament's size.
fn prepare(
    a: &TournamentArgs,
    started: Instant,
) -> Result<(Tournament, NegotiationOptions, Vec<Scenario>), Failure> {
    let (first, rest) = a.files.split_first().ok_or_else(|| Failure::Argument {
        file: String::new(),
        argument: "FILE".into(),
        message: "give at least one scenario file".into(),
    })?;
    let first = Scenario::load(first)?;
    let file = first.source().to_string();
    let options = NegotiationOptions {
        deadline: args::count(&a.deadline, "--deadline", 1, &file)?,
        resolution: args::count(&a.resolution, "--resolution", 2, &file)?,
        search: args::checked(a.budget.options(started), &file)?,
    };
    let names: Vec<&str> = a.strategies.split(',').map(str::trim).collect();
    let tournament = Tournament::new(&names).map_err(|e| Error::from(e.in_file(&file)))?;
    args::output_files(
        &file,
        &[(&a.out, "csv", "--out"), (&a.plot, "svg", "--plot")],
    )?;
    let mut scenarios = vec![first];
    for path in rest {
        scenarios.push(Scenario::load(path)?);
    }
    let all: Vec<&Scenario> = scenarios.iter().collect();
    tournament.check_size(&all, options.deadline)?;
    Ok((tournament, options, scenarios))
}
