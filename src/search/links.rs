//! Linked issues on the board: the seated actors' package red lines and interaction
//! terms that apply at given leverage levels, the zones that cut a continuous issue
//! where a condition changes its answer, and the links left between discrete tables
//! once the continuous conditions are fixed by a zone.
//!
//! A term or package whose conditions fall on one table is folded into that table
//! (a term adds to the options that meet it, a package removes them); one whose
//! conditions all fall on fixed zones is a constant or vetoes the whole layer. Only
//! the rest, spanning two or more discrete tables, remain as [`Link`]s for the
//! frontier.

use crate::scenario::Scenario;
use crate::space::Value;
use crate::utility::{Condition, Test};

/// Relative width by which an open end of a zone is pulled inside (of the issue's
/// range): the supremum over an open interval is approached within this distance.
pub(crate) const OPEN_END: f64 = 1e-9;

/// A term or package red line of a seated actor, in force at the given levels.
#[derive(Debug, Clone)]
pub(crate) struct Rule<'a> {
    /// `Some((seated position, weight * value))` for a term, `None` for a package.
    pub term: Option<(usize, f64)>,
    /// Its conditions (empty: always holds).
    pub when: &'a [Condition],
}

/// The seated actors' rules in force at these leverage levels: packages whose gate
/// is open and interaction terms with a non-zero contribution.
pub(crate) fn rules<'a>(scenario: &'a Scenario, seated: &[usize], levels: &[f64]) -> Vec<Rule<'a>> {
    let mut out = Vec::new();
    for (pos, &i) in seated.iter().enumerate() {
        let actor = &scenario.actors()[i];
        for p in actor.packages() {
            if p.gate.as_ref().is_none_or(|g| g.open(levels)) && !p.all.is_empty() {
                out.push(Rule {
                    term: None,
                    when: &p.all,
                });
            }
        }
        for t in actor.interactions() {
            let amount = t.weight * t.value;
            if amount != 0.0 {
                out.push(Rule {
                    term: Some((pos, amount)),
                    when: &t.when,
                });
            }
        }
    }
    out
}

/// A piece of a continuous issue on which every condition of every rule keeps its
/// answer: `[lo, hi]` after open ends are pulled inside, and a point that represents
/// it for the conditions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Zone {
    pub lo: f64,
    pub hi: f64,
    pub sample: f64,
}

/// The zones of continuous issue `k` within its feasible interval `[a, b]` (range
/// `[lo, hi]`), in increasing order: one zone when no rule tests the issue.
pub(crate) fn zones(rules: &[Rule<'_>], k: usize, a: f64, b: f64, range: f64) -> Vec<Zone> {
    let tests: Vec<&Test> = rules
        .iter()
        .flat_map(|r| r.when.iter())
        .filter(|c| c.issue == k)
        .map(|c| &c.test)
        .collect();
    let mut cuts: Vec<f64> = tests
        .iter()
        .flat_map(|t| t.thresholds())
        .filter(|&x| x > a && x < b)
        .collect();
    cuts.push(a);
    cuts.push(b);
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    // Elementary sets in order: each cut point, and the open interval after it;
    // neighbours that answer every test alike merge into one part.
    let status = |x: f64| -> Vec<bool> { tests.iter().map(|t| t.holds_at(x)).collect() };
    let mut parts: Vec<Part> = Vec::new();
    let mut push = |next: Part| match parts.last_mut() {
        Some(last) if last.status == next.status => {
            last.hi = next.hi;
            last.hi_closed = next.hi_closed;
        }
        _ => parts.push(next),
    };
    for (j, &x) in cuts.iter().enumerate() {
        push(Part {
            lo: x,
            hi: x,
            lo_closed: true,
            hi_closed: true,
            status: status(x),
        });
        if let Some(&y) = cuts.get(j + 1) {
            push(Part {
                lo: x,
                hi: y,
                lo_closed: false,
                hi_closed: false,
                status: status(0.5 * (x + y)),
            });
        }
    }
    let eps = OPEN_END * range;
    parts
        .into_iter()
        .map(|p| {
            // An open end moves inside by at most a quarter of the part, so a closed
            // end never moves and a narrow part keeps its attainable points.
            let pull = eps.min(0.25 * (p.hi - p.lo));
            let lo = if p.lo_closed { p.lo } else { p.lo + pull };
            let hi = if p.hi_closed { p.hi } else { p.hi - pull };
            // Inside the part (its only point when it is one).
            let sample = 0.5 * (p.lo + p.hi);
            Zone { lo, hi, sample }
        })
        .collect()
}

/// Part of a continuous issue on which every test keeps its answer.
struct Part {
    lo: f64,
    hi: f64,
    lo_closed: bool,
    hi_closed: bool,
    status: Vec<bool>,
}

/// A rule left between two or more discrete tables once continuous conditions are
/// fixed: `parts` lists each table it tests (board order, increasing) with the mask of
/// that table's values that meet its conditions there.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// `Some((seated position, weight * value))` for a term, `None` for a package.
    pub term: Option<(usize, f64)>,
    pub parts: Vec<(usize, Vec<bool>)>,
}

/// Whether a value meets every condition of `when` on issue `k`.
pub(crate) fn meets(when: &[Condition], k: usize, x: Value) -> bool {
    when.iter()
        .filter(|c| c.issue == k)
        .all(|c| c.test.holds(x))
}

/// The issues a rule tests, increasing, without repeats.
pub(crate) fn issues_of(when: &[Condition]) -> Vec<usize> {
    let mut ks: Vec<usize> = when.iter().map(|c| c.issue).collect();
    ks.sort_unstable();
    ks.dedup();
    ks
}
