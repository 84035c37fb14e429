//! How robust a claim's exact verdict is to the judged numbers:
//! - **flips**: each judged number scanned over its stated range, one at a time, the
//!   others as stated; where the claim's margin changes sign, the flip point is found
//!   by bisection on the exact solve;
//! - **probability**: every judged number drawn from its range at once (uniform,
//!   ChaCha8 on the study's seed, draw j on stream j), the share of draws where the
//!   claim holds;
//! - **concepts**: the margin with the stated numbers under nash, kalai, egalitarian
//!   and offers.
//!
//! Every evaluation is exact and deterministic; draws run in parallel and are
//! collected in order, so the report is the same on any thread count.

use detente::Concept;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::exact::{Prepared, Probe};
use crate::experiments::Res;
use crate::ranges::Judged;
use crate::stats::{estimate, Estimate};

/// The concepts of the concept column, in order.
pub const CONCEPTS: [Concept; 4] = [
    Concept::Nash,
    Concept::Kalai,
    Concept::Egalitarian,
    Concept::Offers,
];

/// How hard the robustness checks look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effort {
    /// Interior points of each range scanned besides its ends (evenly spaced).
    pub interior: usize,
    /// Bisection steps at a flip (the flip point to range / 2^steps).
    pub bisections: usize,
    /// Joint draws of every judged number.
    pub draws: u64,
    /// Seed of the joint draws.
    pub seed: u64,
    /// Whether claims solved by alternating offers (about a hundred times slower
    /// than nash) scan every judged number; if not, only the patiences.
    pub offers_scan_all: bool,
}

impl Effort {
    /// The README's sizes.
    pub const FULL: Effort = Effort {
        interior: 3,
        bisections: 14,
        draws: 400,
        seed: 2025,
        offers_scan_all: true,
    };
    /// The CI size (`--quick`).
    pub const QUICK: Effort = Effort {
        interior: 1,
        bisections: 10,
        draws: 16,
        seed: 2025,
        offers_scan_all: false,
    };
}

/// A judged number whose change alone flips the claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Flip {
    /// Its field path.
    pub path: String,
    /// The value the file states.
    pub stated: f64,
    /// Its stated range.
    pub range: (f64, f64),
    /// The nearest flip point below the stated value, and above it.
    pub below: Option<f64>,
    /// See `below`.
    pub above: Option<f64>,
}

/// The robustness of one claim's exact verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    /// The exact margin with the stated numbers (positive: holds).
    pub margin: f64,
    /// The judged numbers that flip it, one at a time.
    pub flips: Vec<Flip>,
    /// How many judged numbers were scanned.
    pub scanned: usize,
    /// The share of joint draws where the claim holds (s.e. over the solved draws).
    pub probability: Estimate,
    /// Joint draws where a solve failed (left out of the share).
    pub unsolved: usize,
    /// The margin under each of [`CONCEPTS`] (`None`: the solver gave no answer).
    pub concepts: Vec<Option<f64>>,
}

/// Run the three checks of `probe` on `judged`.
///
/// # Errors
/// The probe cannot be prepared, or the stated numbers cannot be solved.
pub fn check(probe: &Probe, judged: &Judged, effort: Effort) -> Res<Robustness> {
    let prepared = Prepared::new(probe, judged)?;
    let concept = probe.concept;
    let margin = prepared.margin(&judged.stated, concept)?;
    let scanned: Vec<usize> = (0..judged.params.len())
        .filter(|&p| {
            effort.offers_scan_all
                || concept != Concept::Offers
                || judged.params[p].path().ends_with("patience")
        })
        .collect();
    let flips: Vec<Option<Flip>> = scanned
        .par_iter()
        .map(|&p| p)
        .map(|p| flip(&prepared, judged, p, margin > 0.0, effort, concept))
        .collect();
    let holds: Vec<Option<f64>> = (0..effort.draws)
        .into_par_iter()
        .map(|j| {
            let x = joint_draw(judged, effort.seed, j);
            let m = prepared.margin(&x, concept).ok()?;
            Some(f64::from(u8::from(m > 0.0)))
        })
        .collect();
    let concepts = CONCEPTS
        .iter()
        .map(|&c| prepared.margin(&judged.stated, c).ok())
        .collect();
    Ok(Robustness {
        margin,
        flips: flips.into_iter().flatten().collect(),
        scanned: scanned.len(),
        probability: estimate(&holds),
        unsolved: holds.iter().filter(|h| h.is_none()).count(),
        concepts,
    })
}

/// Every judged number drawn from its range: ChaCha8 on `seed`, stream `j`.
fn joint_draw(judged: &Judged, seed: u64, j: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(j);
    judged
        .params
        .iter()
        .map(|p| p.dist().quantile(rng.random::<f64>()))
        .collect()
}

/// Scan judged number `p` from its stated value to each end of its range; at the
/// first point where the claim's verdict differs from the stated one, bisect.
fn flip(
    prepared: &Prepared<'_>,
    judged: &Judged,
    p: usize,
    holds: bool,
    effort: Effort,
    concept: Concept,
) -> Option<Flip> {
    let stated = judged.stated[p];
    let dist = judged.params[p].dist();
    let (lo, hi) = dist.ends();
    let side = |far: f64| -> Option<f64> {
        let steps = effort.interior + 1;
        let mut near = stated;
        for s in 1..=steps {
            let x = stated + (far - stated) * s as f64 / steps as f64;
            if verdict_at(prepared, judged, p, x, concept)? != holds {
                return Some(bisect(
                    prepared,
                    judged,
                    p,
                    (near, x),
                    holds,
                    effort,
                    concept,
                ));
            }
            near = x;
        }
        None
    };
    let (below, above) = (side(lo), side(hi));
    (below.is_some() || above.is_some()).then(|| Flip {
        path: judged.params[p].path().to_string(),
        stated,
        range: (lo, hi),
        below,
        above,
    })
}

fn verdict_at(
    prepared: &Prepared<'_>,
    judged: &Judged,
    p: usize,
    x: f64,
    concept: Concept,
) -> Option<bool> {
    let mut values = judged.stated.clone();
    values[p] = x;
    prepared.margin(&values, concept).ok().map(|m| m > 0.0)
}

/// The flip point between `near` (same verdict as stated) and `far` (the other).
fn bisect(
    prepared: &Prepared<'_>,
    judged: &Judged,
    p: usize,
    (mut near, mut far): (f64, f64),
    holds: bool,
    effort: Effort,
    concept: Concept,
) -> f64 {
    for _ in 0..effort.bisections {
        let mid = 0.5 * (near + far);
        match verdict_at(prepared, judged, p, mid, concept) {
            Some(v) if v == holds => near = mid,
            Some(_) => far = mid,
            None => break,
        }
    }
    0.5 * (near + far)
}
