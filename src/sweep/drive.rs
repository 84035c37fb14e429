//! Running a range of a sweep's samples: in one parallel pass, or in rounds that a
//! checkpoint saves one by one.

use std::ops::Range;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::prepare::{self, Preparation, Strategy};
use super::sampler::Context;
use super::{Samples, SweepOptions};
use crate::concept::SolutionConcept;
use crate::error::{Error, Result, SearchError};
use crate::scenario::Scenario;
use crate::search::{Budget, Engine};

/// Samples per parallel task when they scan a prepared frontier (microseconds each).
/// Fixed, so that the work split does not depend on the thread count (the results
/// would not either: each sample is independent and they are collected in index
/// order).
const CHUNK: u64 = 256;

/// Samples per parallel task when each searches on its own (milliseconds to seconds
/// each): one, so that a sweep of a few samples still keeps every core busy.
const SEARCH_CHUNK: u64 = 1;

/// Chunks in one round of a run without a checkpoint: the per-chunk results of a round
/// are held until it ends, and a stop skips only the rest of its round, so rounds stay
/// bounded however many samples a sweep asks for (a round's end waits for its slowest
/// chunk: about 1/8000 of a round on two threads).
const MAX_ROUND_CHUNKS: u64 = 1 << 14;

/// Chunks per thread in one round of a checkpointed run: enough that the wait for a
/// round's slowest chunk costs little (about 1/32 of a round), few enough that a
/// kill loses only seconds of work.
const ROUND_CHUNKS_PER_THREAD: u64 = 16;

/// Called with each finished round (its first global index and its samples), in
/// order, before the next round starts.
pub(super) type Sink<'a> = &'a mut dyn FnMut(u64, &Samples) -> Result<()>;

/// What to run: `range` of the sweep's global sample indices, of which the first
/// `done.len()` are already done (read from a checkpoint).
pub(super) struct Job<'a> {
    pub range: Range<u64>,
    pub done: Samples,
    pub sink: Option<Sink<'a>>,
    pub progress: &'a (dyn Fn(u64) + Sync),
}

/// Run `job`: the samples of its whole range, in index order.
///
/// # Errors
/// As [`run`](super::run); a sink's error. A budget stop leaves the rounds finished
/// before it in the sink.
pub(super) fn drive(
    scenario: &Scenario,
    concept: &dyn SolutionConcept,
    options: &SweepOptions,
    job: Job<'_>,
) -> Result<(Samples, Preparation)> {
    let plan = options.plan(scenario)?;
    let len = job.range.end - job.range.start;
    // One clock for the whole run: the frontier, every sample and every search in it.
    let search = options.search.from_now();
    let budget = Budget::new(search);
    let (engine, preparation) = prepare(scenario, concept, options, search, &budget, len)?;
    let ctx = Context::new(plan, concept, &engine, budget);
    let Job {
        range,
        mut done,
        mut sink,
        progress,
    } = job;
    progress(done.len() as u64);
    let chunk = match preparation.strategy {
        Strategy::Frontier => CHUNK,
        Strategy::PerSample | Strategy::WeightNoise => SEARCH_CHUNK,
    };
    let round = match sink {
        Some(_) => chunk * ROUND_CHUNKS_PER_THREAD * rayon::current_num_threads().max(1) as u64,
        None => chunk * MAX_ROUND_CHUNKS,
    };
    let mut next = range.start + done.len() as u64;
    while next < range.end {
        let (block, short) = run_round(&ctx, next..(next + round).min(range.end), chunk, progress)?;
        if let Some(sink) = sink.as_mut() {
            if !block.is_empty() {
                sink(next, &block)?;
            }
        }
        next += block.len() as u64;
        // The first round becomes the table as it is: no copy of a round that may hold
        // every sample.
        if done.is_empty() {
            done = block;
        } else {
            done.append(block);
        }
        if short {
            break;
        }
    }
    if ctx.stopped.load(Ordering::Relaxed) || (done.len() as u64) < len {
        return Err(Error::sweep_stopped(
            done.len() as u64,
            len,
            ctx.budget.nodes(),
            ctx.budget.seconds(),
        ));
    }
    Ok((done, preparation))
}

/// The engine every sample shares, prepared as [`prepare::engine`] chooses, after
/// checking that the table of `len` samples fits the memory limit.
fn prepare<'a>(
    scenario: &'a Scenario,
    concept: &dyn SolutionConcept,
    options: &SweepOptions,
    search: crate::SearchOptions,
    budget: &Budget,
    len: u64,
) -> Result<(Engine<'a>, Preparation)> {
    let table = len.saturating_mul(Samples::bytes_per_sample(scenario));
    if !budget.fits(table) {
        let what = format!("the table of {len} samples");
        return Err(Error::memory(what, table, budget.memory_limit(), 0, 0.0));
    }
    if options.weight_noise.is_some() {
        let preparation = Preparation {
            strategy: Strategy::WeightNoise,
            points: 0,
            solve_nodes: 0,
            frontier_nodes: 0,
            cap: 0,
        };
        return Ok((Engine::with_options(scenario, search), preparation));
    }
    prepare::engine(scenario, concept, options.preparation, search, len).map_err(|e| match e {
        Error::Search(SearchError::Budget { nodes, .. }) => {
            Error::sweep_stopped(0, len, nodes, budget.seconds())
        }
        other => other,
    })
}

/// The samples of `range` in parallel chunks, in order; `true` when a chunk came back
/// short (a budget stop), the samples then ending with that chunk's.
fn run_round(
    ctx: &Context<'_>,
    range: Range<u64>,
    chunk: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Samples, bool)> {
    let chunks = (range.end - range.start).div_ceil(chunk);
    let blocks: Vec<Result<Samples>> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            if ctx.stopped.load(Ordering::Relaxed) {
                return Ok(Samples::new(ctx.scenario, 0));
            }
            let from = range.start + c * chunk;
            let block = ctx.chunk(from..(from + chunk).min(range.end));
            if let Ok(b) = &block {
                progress(b.len() as u64);
            }
            block
        })
        .collect();
    // Room for the whole round at once: appending block by block into a growing
    // table copied it again at every doubling, all on one thread.
    let mut out = Samples::new(ctx.scenario, (range.end - range.start) as usize);
    for (c, block) in (0_u64..).zip(blocks) {
        let block = block?;
        let from = range.start + c * chunk;
        let full = (from + chunk).min(range.end) - from;
        let short = (block.len() as u64) < full;
        out.append(block);
        if short {
            return Ok((out, true));
        }
    }
    Ok((out, false))
}
