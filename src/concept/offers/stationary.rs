//! The search for a stationary agreement once the iteration cycles on a discrete
//! space.
//!
//! Every fixed point `c = T(c)` of the offer cycle is the gain vector of a
//! Pareto-optimal outcome (each proposal is one, thanks to the Nash tie-break), so the
//! search tries the Pareto-optimal outcomes as the first proposer's offer, in
//! enumeration order, and returns the first that is a fixed point.
//!
//! Trying one costs a cycle of exact searches, and large spaces have tens of thousands
//! of Pareto-optimal outcomes (46,297 on a random 4-actor space of 10^12 outcomes).
//! Only the individually rational ones can be offers, and the cycle is first run on the
//! frontier
//! itself: each proposal is the point with the proposer's largest gain among those
//! above the floors, found in an [`Orthant`] index. The engine's proposal has the same
//! gains whenever that point is decided with room to spare: it clears the floors by
//! [`MARGIN`], the runner-up trails it by as much, and nothing else comes within
//! `MARGIN` of a floor (a point that does is counted as above it). A point whose
//! frontier cycle is decided at every step and ends more than `MARGIN` away from it is
//! not a fixed point; every other point is tried with the engine's own cycle. The
//! frontier cycles run in parallel, a chunk of points at a time, each proposal counted
//! as a node of the solve's budget; the engine's confirmations follow in enumeration
//! order, so the answer is the same on any number of threads.

use rayon::prelude::*;

use super::{floors, Offer};
use crate::error::{Error, Result};
use crate::scenario::Situation;
use crate::search::orthant::Orthant;
use crate::search::{Engine, GAIN_EPS};

/// Room (in gain) within which the frontier cycle leaves the decision to the engine:
/// far above the engine's 1e-12 tolerances and the rounding between its sums and the
/// frontier's utilities.
const MARGIN: f64 = 1e-9;

/// Points whose frontier cycles run in parallel at a time, between two looks at the
/// budget; the engine then confirms the undecided ones among them in order.
const CHUNK: usize = 256;

/// The stationary offers whose first offer comes first in enumeration order among
/// the Pareto-optimal outcomes, with the number of outcomes tried (their place in the
/// frontier); `None` proves that no stationary agreement exists.
pub(super) fn search(
    engine: &Engine<'_>,
    situation: &Situation,
    order: &[usize],
    delta: &[f64],
) -> Result<Option<(Vec<Offer>, usize)>> {
    let gains = engine.rational_frontier(situation)?;
    let index = Orthant::new(&gains, engine.seated().len());
    let budget = engine.budget();
    for (first, chunk) in (0..).step_by(CHUNK).zip(gains.chunks(CHUNK)) {
        // A frontier cycle counts a node per proposal.
        if !budget.spend((chunk.len() * order.len()) as u64) {
            return Err(Error::budget(budget.nodes(), budget.seconds(), None));
        }
        let ruled_out: Vec<bool> = chunk
            .par_iter()
            .map(|c| match frontier_cycle(&index, &gains, order, delta, c) {
                Cycle::Decided(end) => {
                    end.is_none_or(|t| t.iter().zip(c).any(|(a, b)| (a - b).abs() > MARGIN))
                }
                Cycle::Close => false,
            })
            .collect();
        for (i, c) in chunk.iter().enumerate().filter(|(i, _)| !ruled_out[*i]) {
            if let Some(offers) = engine.stationary_at(situation, order, delta, c)? {
                return Ok(Some((offers, first + i + 1)));
            }
        }
    }
    Ok(None)
}

/// What the cycle on the frontier concluded.
enum Cycle {
    /// Every proposal decided with room to spare: the first offer's gains, or `None`
    /// when some proposer has no acceptable offer.
    Decided(Option<Vec<f64>>),
    /// Some proposal was too close to call.
    Close,
}

/// T(c) computed on the frontier points (see the module docs).
fn frontier_cycle(
    index: &Orthant,
    points: &[Vec<f64>],
    order: &[usize],
    delta: &[f64],
    c: &[f64],
) -> Cycle {
    let mut next: &[f64] = c;
    for &j in order.iter().rev() {
        let f = floors(delta, next, j);
        let relaxed: Vec<f64> = f.iter().map(|x| x + GAIN_EPS - MARGIN).collect();
        let (best, second) = index.top2(j, &relaxed);
        let Some((b, gain)) = best else {
            return Cycle::Decided(None);
        };
        let clears = points[b]
            .iter()
            .zip(&f)
            .all(|(g, x)| *g > x + GAIN_EPS + MARGIN);
        let alone = second.is_none_or(|(_, s)| s < gain - MARGIN);
        if !(clears && alone) {
            return Cycle::Close;
        }
        next = &points[b];
    }
    Cycle::Decided(Some(next.to_vec()))
}
