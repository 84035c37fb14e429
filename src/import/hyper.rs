//! Genius's non-linear profiles (`<utility_space type="nonlinear">`, the ANAC 2014
//! hyper-rectangle spaces) as interaction terms (CONTRACT §7).
//!
//! Genius 10.4's `NonlinearUtilitySpace` reads `<utility maxutility="M">` holding one
//! `<ufun aggregation="sum">`; a `ufun` holds `<hyperRectangle utility="U" weight="w">`
//! constraints and nested `<ufun weight="v">` functions. `getUtility` is
//! `min(1, F(x) / M)` where `F` sums, for a `sum` ufun, its rectangles' `U w` and its
//! nested functions' values times their weights (the outer ufun's own weight is not
//! applied). A rectangle of `<INCLUDES index min max>` bounds pays `U w` when every
//! bound holds (`InclusiveHyperRectangle`), one of `<EXCLUDES ...>` bounds when some
//! bound fails (`ExclusiveHyperRectangle`), one with no bounds always. Bounds apply to
//! integer issues only.
//!
//! Each rectangle becomes an interaction term with coefficient `c = (product of the
//! weights on its path) U w / M`: an `INCLUDES` rectangle a term whose `when` lists one
//! condition per bound (the options `min..=max` of that integer issue), an `EXCLUDES`
//! rectangle an always-term paying `c` and a term paying `-c` inside the box (the two
//! add up to `c [outside]`), a rectangle without bounds an always-term. A term of
//! coefficient `c` has weight `|c|` and value `sign(c)`; then [`super::additive`] makes
//! the sum exact. `min` and `max` aggregations are not sums and are refused.
//!
//! The cap at 1 binds when some outcome has `F(x) > M`. That is decided exactly (on the
//! integers the numbers as written scale to) by a branch and bound over the issues the
//! rectangles mention, each split into the classes of values no bound tells apart: a
//! node is pruned when the positive coefficients still reachable cannot lift `F` above
//! `M`. A search beyond [`CAP_SEARCH_NODES`] nodes is refused as undecided.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use roxmltree::{Document, Node};

use super::additive::{LinkTerm, Profile};
use super::genius::{int_attr, num_attr, reservation_and_discount, DomainIssue, Kind};
use super::xml::{self, attr_error, child, children};
use crate::error::{Problem, Result};
use crate::scenario::ConditionSpec;

/// Most nodes the exact check of the cap may visit before it gives up.
pub const CAP_SEARCH_NODES: u64 = 5_000_000;

/// A bound of a rectangle on an integer issue: `lo <= x <= hi`.
#[derive(Debug, Clone)]
struct Bound {
    issue: usize,
    lo: i64,
    hi: i64,
}

/// A rectangle with its exact coefficient in `F`: pays `coef` when every bound holds.
#[derive(Debug, Clone)]
struct Box_ {
    bounds: Vec<Bound>,
    coef: BigRational,
}

/// `F` as a constant plus boxes.
#[derive(Debug, Default)]
struct Sum {
    constant: BigRational,
    boxes: Vec<Box_>,
}

/// A non-linear profile as interaction terms.
pub(crate) fn profile(doc: &Document, issues: &[DomainIssue], file: &str) -> Result<Profile> {
    let root = doc.root_element();
    let holder = root.children().find(|n| n.is_element()).unwrap_or(root);
    let utility = child(holder, "utility").ok_or_else(|| {
        xml::error(
            file,
            holder,
            Problem::Other("a non-linear profile needs a <utility> element here".into()),
        )
    })?;
    let max = num_attr(file, utility, "maxutility")?;
    if max.exact <= BigRational::zero() {
        return Err(attr_error(
            file,
            utility,
            "maxutility",
            Problem::OutOfRange {
                value: max.value,
                allowed: "(0, inf)",
            },
        ));
    }
    let ufun = child(utility, "ufun")
        .ok_or_else(|| xml::error(file, utility, Problem::Other("holds no <ufun>".into())))?;
    let mut sum = Sum::default();
    read_ufun(ufun, BigRational::one(), issues, file, &mut sum)?;
    let witness = exceeds(&sum, issues, &max.exact)
        .map_err(|why| xml::error(file, utility, Problem::Unsupported(why)))?;
    if let Some(f) = witness {
        return Err(xml::error(
            file,
            utility,
            Problem::Unsupported(format!(
                "Genius caps the utility at 1 and the cap binds: an outcome's sum of \
                 rectangle utilities is {f} > maxutility {}, which a scenario cannot express",
                max.value
            )),
        ));
    }
    let mut profile = Profile {
        terms: terms(&sum, &max.exact, issues),
        ..Profile::default()
    };
    reservation_and_discount(root, &mut profile);
    Ok(profile)
}

/// Add the rectangles of `node` (a `ufun`) to `sum`, each times `scale`.
fn read_ufun(
    node: Node,
    scale: BigRational,
    issues: &[DomainIssue],
    file: &str,
    sum: &mut Sum,
) -> Result<()> {
    let aggregation = xml::required(file, node, "aggregation")?.to_ascii_lowercase();
    if aggregation == "min" || aggregation == "max" {
        return Err(attr_error(
            file,
            node,
            "aggregation",
            Problem::Unsupported(format!("'{aggregation}' aggregation (not a sum of terms)")),
        ));
    }
    for rect in children(node, "hyperRectangle") {
        let u = num_attr(file, rect, "utility")?;
        let w = match rect.attribute("weight") {
            Some(_) => num_attr(file, rect, "weight")?.exact,
            None => BigRational::one(),
        };
        let coef = &scale * u.exact * w;
        let includes: Vec<Node> = children(rect, "INCLUDES").collect();
        let excludes: Vec<Node> = children(rect, "EXCLUDES").collect();
        match (includes.is_empty(), excludes.is_empty()) {
            (true, true) => sum.constant += coef,
            (false, true) => {
                let bounds = bounds(&includes, issues, file)?;
                sum.boxes.push(Box_ { bounds, coef });
            }
            (true, false) => {
                let bounds = bounds(&excludes, issues, file)?;
                sum.constant += &coef;
                sum.boxes.push(Box_ {
                    bounds,
                    coef: -coef,
                });
            }
            (false, false) => {
                return Err(xml::error(
                    file,
                    rect,
                    Problem::Unsupported(
                        "a hyperRectangle with both INCLUDES and EXCLUDES bounds".into(),
                    ),
                ))
            }
        }
    }
    for inner in children(node, "ufun") {
        let w = match inner.attribute("weight") {
            Some(_) => num_attr(file, inner, "weight")?.exact,
            None => BigRational::one(),
        };
        read_ufun(inner, &scale * w, issues, file, sum)?;
    }
    Ok(())
}

fn bounds(nodes: &[Node], issues: &[DomainIssue], file: &str) -> Result<Vec<Bound>> {
    nodes
        .iter()
        .map(|&n| {
            let index = int_attr(file, n, "index")?;
            let Some(k) = issues.iter().position(|i| i.index == index) else {
                return Err(attr_error(
                    file,
                    n,
                    "index",
                    Problem::Unknown {
                        kind: "issue index",
                        id: index.to_string(),
                    },
                ));
            };
            if !matches!(issues[k].kind, Kind::Integer(..)) {
                return Err(attr_error(
                    file,
                    n,
                    "index",
                    Problem::Unsupported(format!(
                        "a bound on the {} issue '{}' (Genius bounds integer issues only)",
                        kind_word(&issues[k].kind),
                        issues[k].name
                    )),
                ));
            }
            Ok(Bound {
                issue: k,
                lo: int_attr(file, n, "min")?,
                hi: int_attr(file, n, "max")?,
            })
        })
        .collect()
}

fn kind_word(kind: &Kind) -> &'static str {
    match kind {
        Kind::Discrete(_) => "discrete",
        Kind::Integer(..) => "integer",
        Kind::Real(..) => "real",
    }
}

/// The interaction terms of `sum / max`.
fn terms(sum: &Sum, max: &BigRational, issues: &[DomainIssue]) -> Vec<LinkTerm> {
    let mut terms = Vec::new();
    let mut push = |when: Vec<ConditionSpec>, coef: &BigRational| {
        let c = (coef / max).to_f64().unwrap_or(0.0);
        if c != 0.0 {
            terms.push(LinkTerm {
                when,
                weight: c.abs(),
                value: c.signum(),
            });
        }
    };
    if !sum.constant.is_zero() {
        push(Vec::new(), &sum.constant);
    }
    for b in &sum.boxes {
        let mut when = Vec::new();
        let mut empty = false;
        for bound in &b.bounds {
            let Kind::Integer(lo, hi) = issues[bound.issue].kind else {
                continue;
            };
            let (from, to) = (bound.lo.max(lo), bound.hi.min(hi));
            empty |= from > to;
            when.push(ConditionSpec::options(
                issues[bound.issue].name.clone(),
                (from..=to).map(|x| x.to_string()),
            ));
        }
        if !empty {
            push(when, &b.coef);
        }
    }
    terms
}

/// `F(x)` of an outcome with `F(x) > max (1 + CAP_MARGIN)` if there is one, decided
/// exactly; `Err` says why it could not be decided.
fn exceeds(sum: &Sum, issues: &[DomainIssue], max: &BigRational) -> Result<Option<f64>, String> {
    let Some((constant, coefs, scaled_max, denom)) = integers(sum, max) else {
        return Err("the rectangle utilities are too large or too finely written to check the cap at 1 exactly".into());
    };
    // The margin of `genius::CAP_MARGIN`, rounded down on this scale.
    let limit = scaled_max + scaled_max / 1_000_000_000_000;
    let mut search = Search::new(sum, issues, constant, coefs, limit);
    let found = search.run();
    if search.nodes > CAP_SEARCH_NODES {
        return Err(format!(
            "whether the cap at 1 binds could not be decided within {CAP_SEARCH_NODES} search nodes"
        ));
    }
    Ok(found.then(|| search.witness as f64 / denom))
}

/// The constant, the coefficients and the limit on one integer scale (their common
/// denominator), when they fit in `i128` with room for every sum.
fn integers(sum: &Sum, max: &BigRational) -> Option<(i128, Vec<i128>, i128, f64)> {
    let all = std::iter::once(&sum.constant)
        .chain(sum.boxes.iter().map(|b| &b.coef))
        .chain(std::iter::once(max));
    let mut denom = BigInt::one();
    for x in all.clone() {
        denom = num_integer::Integer::lcm(&denom, x.denom());
    }
    let scaled: Option<Vec<i128>> = all
        .map(|x| (x.numer() * (&denom / x.denom())).to_i128())
        .collect();
    let scaled = scaled?;
    let total: i128 = scaled
        .iter()
        .try_fold(0i128, |acc, x| acc.checked_add(x.checked_abs()?))?;
    (total < i128::MAX / 4).then_some(())?;
    let n = scaled.len();
    let denom = denom.to_f64()?;
    Some((scaled[0], scaled[1..n - 1].to_vec(), scaled[n - 1], denom))
}

/// Branch and bound over the issues the boxes mention (see the module docs).
///
/// The bound at a node charges each live box of positive coefficient to the first of
/// its issues not yet assigned; per such issue, only the boxes that contain one common
/// value can pay together, so the bound adds, per issue, the best value's total. Boxes
/// whose issues are all assigned count as they are (negative ones too).
struct Search {
    /// Issues in search order, each with its classes' first values.
    order: Vec<(usize, Vec<i64>)>,
    /// Per box: per position in `order` it has bounds at, which classes it contains.
    inside: Vec<Vec<(usize, Vec<bool>)>>,
    coefs: Vec<i128>,
    constant: i128,
    limit: i128,
    /// The class chosen at each assigned position.
    chosen: Vec<usize>,
    nodes: u64,
    /// `F` at the outcome found above the limit.
    witness: i128,
}

impl Search {
    fn new(
        sum: &Sum,
        issues: &[DomainIssue],
        constant: i128,
        coefs: Vec<i128>,
        limit: i128,
    ) -> Self {
        let mut touching = vec![0usize; issues.len()];
        for b in &sum.boxes {
            for bound in &b.bounds {
                touching[bound.issue] += 1;
            }
        }
        let mut order: Vec<(usize, Vec<i64>)> = (0..issues.len())
            .filter(|&k| touching[k] > 0)
            .filter_map(|k| match issues[k].kind {
                Kind::Integer(lo, hi) => Some((k, classes(k, lo, hi, &sum.boxes))),
                _ => None,
            })
            .collect();
        order.sort_by_key(|(k, _)| std::cmp::Reverse(touching[*k]));
        let inside = sum
            .boxes
            .iter()
            .map(|b| {
                let mut per: Vec<(usize, Vec<bool>)> = order
                    .iter()
                    .enumerate()
                    .filter(|(_, (k, _))| b.bounds.iter().any(|x| x.issue == *k))
                    .map(|(pos, (k, values))| {
                        let ok = values
                            .iter()
                            .map(|v| {
                                b.bounds
                                    .iter()
                                    .filter(|x| x.issue == *k)
                                    .all(|x| x.lo <= *v && *v <= x.hi)
                            })
                            .collect();
                        (pos, ok)
                    })
                    .collect();
                per.sort_by_key(|(pos, _)| *pos);
                per
            })
            .collect();
        Search {
            order,
            inside,
            coefs,
            constant,
            limit,
            chosen: Vec::new(),
            nodes: 0,
            witness: 0,
        }
    }

    /// An upper bound on `F` over the outcomes extending the assignment so far (`F`
    /// itself once every position is assigned).
    fn bound(&self) -> i128 {
        let depth = self.chosen.len();
        let mut total = self.constant;
        let mut table: Vec<Vec<i128>> = self.order[depth..]
            .iter()
            .map(|(_, v)| vec![0; v.len()])
            .collect();
        for (r, per) in self.inside.iter().enumerate() {
            let c = self.coefs[r];
            let live = per
                .iter()
                .filter(|(pos, _)| *pos < depth)
                .all(|(pos, ok)| ok[self.chosen[*pos]]);
            if !live {
                continue;
            }
            match per.iter().find(|(pos, _)| *pos >= depth) {
                None => total += c,
                Some((pos, ok)) if c > 0 => {
                    for (cell, inside) in table[pos - depth].iter_mut().zip(ok) {
                        if *inside {
                            *cell += c;
                        }
                    }
                }
                Some(_) => {}
            }
        }
        total
            + table
                .iter()
                .map(|t| t.iter().copied().max().unwrap_or(0).max(0))
                .sum::<i128>()
    }

    /// Whether an outcome extending the assignment so far has `F > limit`.
    fn run(&mut self) -> bool {
        self.nodes += 1;
        if self.nodes > CAP_SEARCH_NODES {
            return false;
        }
        let bound = self.bound();
        if bound <= self.limit {
            return false;
        }
        let depth = self.chosen.len();
        if depth == self.order.len() {
            self.witness = bound;
            return true;
        }
        for class in 0..self.order[depth].1.len() {
            self.chosen.push(class);
            let found = self.run();
            self.chosen.pop();
            if found {
                return true;
            }
        }
        false
    }
}

/// The first values of the classes of `lo..=hi` that no bound on issue `k` tells apart.
fn classes(k: usize, lo: i64, hi: i64, boxes: &[Box_]) -> Vec<i64> {
    let mut cuts = vec![lo];
    for bound in boxes
        .iter()
        .flat_map(|b| &b.bounds)
        .filter(|b| b.issue == k)
    {
        for cut in [bound.lo, bound.hi.saturating_add(1)] {
            if cut > lo && cut <= hi {
                cuts.push(cut);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::number::Number;

    fn issue(index: i64, hi: i64) -> DomainIssue {
        DomainIssue {
            index,
            name: format!("x{index}"),
            kind: Kind::Integer(0, hi),
        }
    }

    fn int(n: i64) -> BigRational {
        Number::int(n).exact
    }

    /// A small deterministic generator (xorshift), so the cases repeat.
    struct Draw(u64);

    impl Draw {
        fn next(&mut self, n: i64) -> i64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as i64
        }
    }

    /// The branch and bound against every outcome, on random boxes of both signs.
    #[test]
    fn the_cap_search_agrees_with_brute_force() {
        let issues: Vec<DomainIssue> = (1..=4).map(|i| issue(i, 3)).collect();
        let mut draw = Draw(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200 {
            let mut sum = Sum {
                constant: int(draw.next(5)),
                boxes: Vec::new(),
            };
            for _ in 0..(1 + draw.next(6)) {
                let bounds = (0..(1 + draw.next(3)))
                    .map(|_| {
                        let (a, b) = (draw.next(4), draw.next(4));
                        Bound {
                            issue: draw.next(4) as usize,
                            lo: a.min(b),
                            hi: a.max(b),
                        }
                    })
                    .collect();
                sum.boxes.push(Box_ {
                    bounds,
                    coef: int(draw.next(21) - 7),
                });
            }
            let mut best = i64::MIN;
            for code in 0..4_i64.pow(4) {
                let x: Vec<i64> = (0..4).map(|k| (code / 4_i64.pow(k)) % 4).collect();
                let mut f = draw_free(&sum.constant);
                for b in &sum.boxes {
                    if b.bounds
                        .iter()
                        .all(|d| d.lo <= x[d.issue] && x[d.issue] <= d.hi)
                    {
                        f += draw_free(&b.coef);
                    }
                }
                best = best.max(f);
            }
            for max in [best - 1, best, best + 1].into_iter().filter(|m| *m > 0) {
                let found = exceeds(&sum, &issues, &int(max)).expect("decided");
                assert_eq!(found.is_some(), best > max, "best {best}, max {max}");
            }
        }
    }

    fn draw_free(x: &BigRational) -> i64 {
        x.to_integer().to_i64().expect("a small integer")
    }
}
