//! One actor's utilities over the feasible outcomes, ready for the questions the
//! strategies ask at every step: the best utility, and "the feasible outcome with
//! u >= tau and the smallest u", ties to the first in enumeration order, without
//! enumerating the space.
//!
//! ```text
//! groups   the issues joined by a package red line in force (any seated actor) or by
//!          one of this actor's interaction terms; every other issue alone. A group's
//!          entries are its feasible partial outcomes with their share of u.
//! halves   the groups split in two, each half's sums of one entry per group listed
//!          and sorted: |A| * |B| = the number of feasible outcomes, |A| + |B| about
//!          twice its square root.
//! query    the smallest a + b >= lo is one merge-like pass (a up, b down);
//!          the outcomes tied with it (within 1e-12) are listed from the same pass and
//!          the first in enumeration order kept; when too many tie, the first is found
//!          issue by issue, fixing each issue's first option that still has a tie.
//! ```
//!
//! Meet in the middle: E. Horowitz and S. Sahni 1974, "Computing partitions with
//! applications to the knapsack problem", JACM 21(2).

use std::cmp::Ordering;

use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::search::Budget;
use crate::space::{enumeration_order, Domain, Value};

/// Utilities closer than this tie (contract §4).
pub(crate) const TOL: f64 = 1e-12;

/// Spaces this small are listed whole: one half, the other empty.
const ONE_HALF: u128 = 1 << 16;

/// At most this many tied outcomes are compared directly; beyond, the first is found
/// issue by issue.
const LISTED_TIES: usize = 1024;

/// One group of issues and its feasible partial outcomes.
#[derive(Debug, Clone)]
struct Group {
    issues: Vec<usize>,
    /// Option per issue of `issues`, entry after entry (`issues.len()` per entry).
    options: Vec<usize>,
    /// The entry's share of the actor's utility.
    values: Vec<f64>,
}

impl Group {
    fn len(&self) -> usize {
        self.values.len()
    }

    fn entry(&self, e: usize) -> &[usize] {
        let w = self.issues.len();
        &self.options[e * w..(e + 1) * w]
    }
}

/// The sums of one entry per group of some groups, sorted, with the entries they
/// come from (a mixed-radix index over the groups' entries).
#[derive(Debug, Clone)]
struct Half {
    groups: Vec<usize>,
    sums: Vec<f64>,
    combos: Vec<u64>,
}

/// An actor's utilities over the feasible outcomes of a gridded (all-discrete)
/// scenario at given leverage levels.
#[derive(Debug, Clone)]
pub(crate) struct Ladder {
    issues: usize,
    groups: Vec<Group>,
    halves: [Half; 2],
}

impl Ladder {
    /// The ladder of `actor` in `scenario` (all issues discrete), the red lines of the
    /// seated actors judged at `levels`; `None` when nothing is feasible.
    ///
    /// # Errors
    /// [`SearchError::Memory`](crate::error::SearchError::Memory) when a group or a half
    /// would not fit in the budget's memory.
    pub fn new(
        scenario: &Scenario,
        actor: usize,
        levels: &[f64],
        budget: &Budget,
    ) -> Result<Option<Ladder>> {
        Ladder::split_above(scenario, actor, levels, budget, ONE_HALF)
    }

    /// [`Ladder::new`], listing spaces of at most `whole` outcomes in one half.
    pub(super) fn split_above(
        scenario: &Scenario,
        actor: usize,
        levels: &[f64],
        budget: &Budget,
        whole: u128,
    ) -> Result<Option<Ladder>> {
        let Some(allowed) = allowed_options(scenario, levels) else {
            return Ok(None);
        };
        let (groups, offset) = match build_groups(scenario, actor, levels, &allowed, budget)? {
            Some(found) => found,
            None => return Ok(None),
        };
        let sizes: Vec<u128> = groups.iter().map(|g| g.len() as u128).collect();
        let (first, second) = split(&sizes, whole);
        let halves = [
            list_half(&groups, first, offset, budget)?,
            list_half(&groups, second, 0.0, budget)?,
        ];
        Ok(Some(Ladder {
            issues: scenario.issues().len(),
            groups,
            halves,
        }))
    }

    /// The largest utility (as the ladder sums it).
    pub fn best(&self) -> f64 {
        let [a, b] = &self.halves;
        a.sums[a.sums.len() - 1] + b.sums[b.sums.len() - 1]
    }

    /// The first outcome in enumeration order with u >= `best() - TOL`.
    pub fn best_outcome(&self) -> Vec<Value> {
        let best = self.best();
        self.first_between(best - TOL, f64::INFINITY)
            .expect("the best sum is in its own window")
    }

    /// The feasible outcome with u >= tau (within TOL) and the smallest u, ties to the
    /// first in enumeration order; `None` when no outcome reaches tau.
    pub fn lowest_at_least(&self, tau: f64) -> Option<Vec<Value>> {
        let lo = tau - TOL;
        let m = self.min_at_least(lo)?;
        self.first_between(lo, m + TOL)
    }

    /// The smallest sum a + b >= lo.
    pub(super) fn min_at_least(&self, lo: f64) -> Option<f64> {
        let [a, b] = &self.halves;
        let (outer, inner) = shorter_first(&a.sums, &b.sums);
        let mut best: Option<f64> = None;
        for_each_range(outer, inner, lo, f64::INFINITY, |i, range| {
            let s = outer[i] + inner[range.start];
            if best.is_none_or(|m| s < m) {
                best = Some(s);
            }
            true
        });
        best
    }

    /// The first outcome in enumeration order whose sum lies in `[lo, hi]`.
    fn first_between(&self, lo: f64, hi: f64) -> Option<Vec<Value>> {
        self.first_between_listing(lo, hi, LISTED_TIES)
    }

    /// [`Ladder::first_between`], comparing at most `listed` tied outcomes directly.
    pub(super) fn first_between_listing(
        &self,
        lo: f64,
        hi: f64,
        listed: usize,
    ) -> Option<Vec<Value>> {
        let [a, b] = &self.halves;
        let a_outer = a.sums.len() <= b.sums.len();
        let (outer, inner) = shorter_first(&a.sums, &b.sums);
        let mut tied: Vec<(usize, usize)> = Vec::new();
        let listed_all = for_each_range(outer, inner, lo, hi, |i, range| {
            for j in range {
                tied.push(if a_outer { (i, j) } else { (j, i) });
            }
            tied.len() <= listed
        });
        if listed_all {
            return tied
                .into_iter()
                .map(|(ia, jb)| self.outcome(a.combos[ia], b.combos[jb]))
                .min_by(|x, y| enumeration_order(x, y));
        }
        self.first_between_by_issue(lo, hi)
    }

    /// [`Ladder::first_between`] when many outcomes tie: fix the issues in file order,
    /// each to its first option that still leaves an outcome in the window (checked on
    /// the halves' sums restricted to the entries that agree with the options fixed,
    /// which stay sorted).
    fn first_between_by_issue(&self, lo: f64, hi: f64) -> Option<Vec<Value>> {
        let mut fixed: Vec<Option<usize>> = vec![None; self.issues];
        for k in 0..self.issues {
            let options = self.options_of(k);
            let mut found = false;
            for o in options {
                fixed[k] = Some(o);
                let [a, b] = self.consistent_sums(&fixed);
                let (outer, inner) = shorter_first(&a, &b);
                if !for_each_range(outer, inner, lo, hi, |_, _| false) {
                    found = true;
                    break;
                }
            }
            if !found {
                return None;
            }
        }
        Some(
            fixed
                .into_iter()
                .map(|o| Value::Option(o.unwrap_or(0)))
                .collect(),
        )
    }

    /// The options issue `k` takes in some feasible entry, in order.
    fn options_of(&self, k: usize) -> Vec<usize> {
        for g in &self.groups {
            if let Some(pos) = g.issues.iter().position(|&i| i == k) {
                let mut seen: Vec<usize> = (0..g.len()).map(|e| g.entry(e)[pos]).collect();
                seen.sort_unstable();
                seen.dedup();
                return seen;
            }
        }
        Vec::new()
    }

    /// Per half, the sums (sorted) of the combos that agree with the options fixed so
    /// far.
    fn consistent_sums(&self, fixed: &[Option<usize>]) -> [Vec<f64>; 2] {
        let entry_ok: Vec<Vec<bool>> = self
            .groups
            .iter()
            .map(|g| {
                (0..g.len())
                    .map(|e| {
                        g.issues
                            .iter()
                            .zip(g.entry(e))
                            .all(|(&k, &o)| fixed[k].is_none_or(|f| f == o))
                    })
                    .collect()
            })
            .collect();
        let kept = |h: &Half| -> Vec<f64> {
            h.combos
                .iter()
                .zip(&h.sums)
                .filter(|&(&c, _)| {
                    let mut c = c;
                    h.groups.iter().rev().all(|&g| {
                        let n = self.groups[g].len() as u64;
                        let e = (c % n) as usize;
                        c /= n;
                        entry_ok[g][e]
                    })
                })
                .map(|(_, &s)| s)
                .collect()
        };
        [kept(&self.halves[0]), kept(&self.halves[1])]
    }

    /// The full outcome of one combo of each half.
    fn outcome(&self, ca: u64, cb: u64) -> Vec<Value> {
        let mut outcome = vec![Value::Option(0); self.issues];
        for (half, combo) in self.halves.iter().zip([ca, cb]) {
            let mut c = combo;
            for &g in half.groups.iter().rev() {
                let group = &self.groups[g];
                let n = group.len() as u64;
                let e = (c % n) as usize;
                c /= n;
                for (&k, &o) in group.issues.iter().zip(group.entry(e)) {
                    outcome[k] = Value::Option(o);
                }
            }
        }
        outcome
    }
}

/// The two slices, the shorter first.
fn shorter_first<'a>(a: &'a [f64], b: &'a [f64]) -> (&'a [f64], &'a [f64]) {
    if a.len() <= b.len() {
        (a, b)
    } else {
        (b, a)
    }
}

/// For each index i of `outer` (sorted), the range of `inner` (sorted) whose sums with
/// `outer[i]` lie in `[lo, hi]`: `f(i, range)` for every non-empty range, until `f`
/// returns false. Returns whether every range was visited. One merge-like pass
/// (O(|outer| + |inner|)) or a binary search per element of `outer` (O(|outer| log
/// |inner|)), whichever is shorter.
fn for_each_range(
    outer: &[f64],
    inner: &[f64],
    lo: f64,
    hi: f64,
    mut f: impl FnMut(usize, std::ops::Range<usize>) -> bool,
) -> bool {
    let log = usize::BITS - inner.len().leading_zeros();
    if outer.len().saturating_mul(2 * log as usize) < outer.len() + inner.len() {
        for (i, &x) in outer.iter().enumerate() {
            let start = inner.partition_point(|&y| x + y < lo);
            let end = start + inner[start..].partition_point(|&y| x + y <= hi);
            if start < end && !f(i, start..end) {
                return false;
            }
        }
        return true;
    }
    // [start, end): both only move down as x grows (sums are monotone in each term).
    let (mut start, mut end) = (inner.len(), inner.len());
    for (i, &x) in outer.iter().enumerate() {
        while start > 0 && x + inner[start - 1] >= lo {
            start -= 1;
        }
        while end > start && x + inner[end - 1] > hi {
            end -= 1;
        }
        if start < end && !f(i, start..end) {
            return false;
        }
    }
    true
}

/// Per issue, the options no seated actor's one-issue red line in force vetoes;
/// `None` when an issue has none left.
fn allowed_options(scenario: &Scenario, levels: &[f64]) -> Option<Vec<Vec<usize>>> {
    let mut allowed = Vec::with_capacity(scenario.issues().len());
    for (k, issue) in scenario.issues().iter().enumerate() {
        let n = match issue.domain() {
            Domain::Discrete { options } => options.len(),
            Domain::Continuous { .. } => 0,
        };
        let ok: Vec<usize> = (0..n)
            .filter(|&o| {
                !scenario.actors().iter().filter(|a| a.seated()).any(|a| {
                    a.red_lines().iter().any(|r| {
                        r.issue == k
                            && r.gate.as_ref().is_none_or(|g| g.open(levels))
                            && r.crossed_by(Value::Option(o))
                    })
                })
            })
            .collect();
        if ok.is_empty() {
            return None;
        }
        allowed.push(ok);
    }
    Some(allowed)
}

/// The groups of issues with their feasible entries, and the constant part of the
/// actor's utility (terms with no condition); `None` when a group has no feasible
/// entry.
fn build_groups(
    scenario: &Scenario,
    actor: usize,
    levels: &[f64],
    allowed: &[Vec<usize>],
    budget: &Budget,
) -> Result<Option<(Vec<Group>, f64)>> {
    let me = &scenario.actors()[actor];
    let packages: Vec<_> = scenario
        .actors()
        .iter()
        .filter(|a| a.seated())
        .flat_map(|a| a.packages())
        .filter(|p| !p.all.is_empty() && p.gate.as_ref().is_none_or(|g| g.open(levels)))
        .collect();
    let terms: Vec<_> = me
        .interactions()
        .iter()
        .filter(|t| t.weight > 0.0)
        .collect();
    let offset: f64 = terms
        .iter()
        .filter(|t| t.when.is_empty())
        .map(|t| t.weight * t.value)
        .sum();
    let n = scenario.issues().len();
    let mut parent: Vec<usize> = (0..n).collect();
    let links = packages
        .iter()
        .map(|p| p.all.as_slice())
        .chain(terms.iter().map(|t| t.when.as_slice()));
    for conditions in links {
        for pair in conditions.windows(2) {
            let (x, y) = (
                root(&mut parent, pair[0].issue),
                root(&mut parent, pair[1].issue),
            );
            parent[x.max(y)] = x.min(y);
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for k in 0..n {
        let r = root(&mut parent, k);
        members[r].push(k);
    }
    let mut groups = Vec::new();
    let mut scratch = vec![Value::Option(0); n];
    for issues in members.into_iter().filter(|m| !m.is_empty()) {
        let size = issues.iter().fold(1u128, |acc, &k| {
            acc.saturating_mul(allowed[k].len() as u128)
        });
        let bytes = size.saturating_mul(8 * (issues.len() as u128 + 1));
        if !budget.fits(u64::try_from(bytes).unwrap_or(u64::MAX)) {
            let what =
                format!("listing {size} partial outcomes of linked issues for the offer search");
            return Err(Error::memory(
                what,
                bytes.min(u64::MAX as u128) as u64,
                budget.memory_limit(),
                0,
                0.0,
            ));
        }
        let inside =
            |c: &[crate::utility::Condition]| c.first().is_some_and(|c| issues.contains(&c.issue));
        let my_packages: Vec<_> = packages.iter().filter(|p| inside(&p.all)).collect();
        let my_terms: Vec<_> = terms.iter().filter(|t| inside(&t.when)).collect();
        let mut group = Group {
            issues: issues.clone(),
            options: Vec::new(),
            values: Vec::new(),
        };
        let mut digits = vec![0usize; issues.len()];
        loop {
            for (d, &k) in digits.iter().zip(&issues) {
                scratch[k] = Value::Option(allowed[k][*d]);
            }
            if !my_packages.iter().any(|p| p.crossed_by(&scratch)) {
                let issue_part: f64 = issues.iter().map(|&k| me.contribution(k, scratch[k])).sum();
                let term_part: f64 = my_terms.iter().map(|t| t.contribution(&scratch)).sum();
                group.values.push(issue_part + term_part);
                group
                    .options
                    .extend(issues.iter().map(|&k| scratch[k].as_option().unwrap_or(0)));
            }
            // Next combination, last issue fastest.
            let mut i = issues.len();
            loop {
                if i == 0 {
                    break;
                }
                i -= 1;
                digits[i] += 1;
                if digits[i] < allowed[issues[i]].len() {
                    break;
                }
                digits[i] = 0;
            }
            if digits.iter().all(|&d| d == 0) {
                break;
            }
        }
        if group.values.is_empty() {
            return Ok(None);
        }
        groups.push(group);
    }
    Ok(Some((groups, offset)))
}

fn root(parent: &mut [usize], mut k: usize) -> usize {
    while parent[k] != k {
        parent[k] = parent[parent[k]];
        k = parent[k];
    }
    k
}

/// Split the groups into two halves whose products of sizes are as close as the
/// greedy rule gets (largest group first, into the smaller half); a small space goes
/// whole into the first half.
fn split(sizes: &[u128], whole: u128) -> (Vec<usize>, Vec<usize>) {
    let total = sizes.iter().fold(1u128, |acc, &s| acc.saturating_mul(s));
    if total <= whole {
        return ((0..sizes.len()).collect(), Vec::new());
    }
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&x, &y| sizes[y].cmp(&sizes[x]).then(x.cmp(&y)));
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let (mut p, mut q) = (1u128, 1u128);
    for g in order {
        if p <= q {
            p = p.saturating_mul(sizes[g]);
            first.push(g);
        } else {
            q = q.saturating_mul(sizes[g]);
            second.push(g);
        }
    }
    first.sort_unstable();
    second.sort_unstable();
    (first, second)
}

/// Every sum of one entry per group of `members` (plus `offset`), sorted by sum, then
/// by combo.
fn list_half(groups: &[Group], members: Vec<usize>, offset: f64, budget: &Budget) -> Result<Half> {
    let size = members
        .iter()
        .fold(1u128, |acc, &g| acc.saturating_mul(groups[g].len() as u128));
    let bytes = size.saturating_mul(16 + 16);
    if size > u64::MAX as u128 || !budget.fits(u64::try_from(bytes).unwrap_or(u64::MAX)) {
        let what = format!("listing {size} sums of half the issues for the offer search");
        return Err(Error::memory(
            what,
            bytes.min(u64::MAX as u128) as u64,
            budget.memory_limit(),
            0,
            0.0,
        ));
    }
    let size = size as usize;
    let mut sums = vec![offset; 1];
    for &g in &members {
        let values = &groups[g].values;
        let mut next = Vec::with_capacity(sums.len() * values.len());
        for &s in &sums {
            next.extend(values.iter().map(|v| s + v));
        }
        sums = next;
    }
    debug_assert_eq!(sums.len(), size);
    let mut order: Vec<u64> = (0..size as u64).collect();
    order.sort_by(|&x, &y| {
        sums[x as usize]
            .partial_cmp(&sums[y as usize])
            .unwrap_or(Ordering::Equal)
            .then(x.cmp(&y))
    });
    Ok(Half {
        groups: members,
        sums: order.iter().map(|&c| sums[c as usize]).collect(),
        combos: order,
    })
}
