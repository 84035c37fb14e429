//! `detente negotiate`: one run of agents under stacked alternating offers.

use std::time::Instant;

use detente::negotiate::{Lineup, Negotiation, NegotiationOptions};
use detente::{report, AlternatingOffers, Scenario};

use crate::args::{self, NegotiateArgs};
use crate::emit;
use crate::failure::Failure;

pub fn run(a: NegotiateArgs, started: Instant) -> Result<(), Failure> {
    let scenario = Scenario::load(&a.file)?;
    let file = scenario.source().to_string();
    let lineup = Lineup::new(&scenario, &args::agents(a.agents.as_deref(), &file)?)?;
    let options = NegotiationOptions {
        deadline: args::count(&a.deadline, "--deadline", 1, &file)?,
        resolution: args::count(&a.resolution, "--resolution", 2, &file)?,
        search: args::checked(a.budget.options(started), &file)?,
    };
    let levels = scenario.levels_with(&args::settings(&a.set, &file)?)?;
    let first = match &a.first {
        None => None,
        Some(id) => AlternatingOffers::proposing_first(&scenario, id)?.first,
    };
    let negotiation = Negotiation::new(&scenario, &levels, options)?;
    let run = negotiation.run_strategies(&lineup.strategies, first)?;
    if a.json {
        let out =
            report::NegotiateOutput::new(&scenario, options.deadline, &lineup.names, &run, a.trace);
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        ));
    } else {
        emit(&report::negotiate_text(
            &scenario,
            &lineup.names,
            &run,
            a.trace,
        ));
    }
    Ok(())
}
