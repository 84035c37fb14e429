//! The table the search works on: for every issue, the values the seated actors may
//! choose (after red lines) and what each contributes to each seated actor's utility.
//!
//! Utilities are additive over issues and every red line acts on one issue, so the
//! feasible set is a product of per-issue sets and each seated actor's utility is a sum
//! of per-issue contributions `w_ik * v_ik(x_k)`.

use std::sync::OnceLock;

use super::links::{self, Link, Rule, Zone};
use crate::scenario::Scenario;
use crate::space::{Domain, Value};
use crate::utility::RedLine;

/// Whether a one-issue red line is in force at the plan's levels.
fn applies(r: &RedLine, plan: &Plan) -> bool {
    r.gate.as_ref().is_none_or(|g| g.open(&plan.levels))
}

/// The discrete issues (those with values) in board order: blocks of issues linked by
/// `spanning` rules, ordered by their first issue, file order inside a block.
fn block_order(values: &[Option<Vec<Value>>], spanning: &[(Vec<usize>, &Rule<'_>)]) -> Vec<usize> {
    let mut root: Vec<usize> = (0..values.len()).collect();
    fn find(root: &mut [usize], k: usize) -> usize {
        let mut r = k;
        while root[r] != r {
            r = root[r];
        }
        root[k] = r;
        r
    }
    for (ks, _) in spanning {
        for w in ks.windows(2) {
            let (a, b) = (find(&mut root, w[0]), find(&mut root, w[1]));
            root[a.max(b)] = a.min(b);
        }
    }
    // The root of each block is its smallest issue.
    let mut order: Vec<usize> = (0..values.len()).filter(|&k| values[k].is_some()).collect();
    let mut key: Vec<usize> = vec![0; values.len()];
    for &k in &order {
        key[k] = find(&mut root, k);
    }
    order.sort_by_key(|&k| (key[k], k));
    let mut out = Vec::with_capacity(order.len());
    for block in order.chunk_by(|a, b| key[*a] == key[*b]) {
        out.extend(few_open_terms(block, spanning));
    }
    out
}

/// The issues of one block in an order that keeps few rules undecided at once (each
/// undecided rule splits the partial outcomes the frontier can compare): greedily the
/// issue after which the fewest rules are open, ties to the one that closes the most,
/// then to file order; file order for blocks of one or two issues.
fn few_open_terms(block: &[usize], spanning: &[(Vec<usize>, &Rule<'_>)]) -> Vec<usize> {
    if block.len() <= 2 {
        return block.to_vec();
    }
    // Per rule, its issues and how many are placed; per issue, the rules it is in.
    let rules: Vec<&Vec<usize>> = spanning
        .iter()
        .map(|(ks, _)| ks)
        .filter(|ks| ks.first().is_some_and(|k| block.contains(k)))
        .collect();
    let mut rules_of: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for (r, ks) in rules.iter().enumerate() {
        for &k in ks.iter() {
            rules_of.entry(k).or_default().push(r);
        }
    }
    let mut placed_in = vec![0usize; rules.len()];
    let mut open = 0usize;
    let mut left: Vec<usize> = block.to_vec();
    let mut placed: Vec<usize> = Vec::with_capacity(block.len());
    while !left.is_empty() {
        // Placing k opens its rules not yet touched and closes those it completes.
        let score = |k: usize| -> (usize, std::cmp::Reverse<usize>, usize) {
            let (mut opens, mut closes) = (0, 0);
            for &r in rules_of.get(&k).map_or(&[][..], Vec::as_slice) {
                let len = rules[r].len();
                if placed_in[r] == 0 && len > 1 {
                    opens += 1;
                }
                if placed_in[r] + 1 == len {
                    closes += 1;
                }
            }
            (
                (open + opens).saturating_sub(closes),
                std::cmp::Reverse(closes),
                k,
            )
        };
        let at = (0..left.len()).min_by_key(|&i| score(left[i])).unwrap_or(0);
        let next = left.swap_remove(at);
        for &r in rules_of.get(&next).map_or(&[][..], Vec::as_slice) {
            let len = rules[r].len();
            if placed_in[r] == 0 && len > 1 {
                open += 1;
            }
            placed_in[r] += 1;
            if placed_in[r] == len && len > 1 {
                open -= 1;
            }
        }
        placed.push(next);
    }
    placed
}

/// A discrete issue (or a continuous one traced on a grid): the feasible values and
/// their contributions, `n` seated actors per value.
#[derive(Debug, Clone)]
pub(crate) struct DiscreteTable {
    /// Index of the issue in file order.
    pub issue: usize,
    /// Feasible values in enumeration order.
    pub values: Vec<Value>,
    /// `contrib[v * n + i]`: contribution of value v to seated actor i.
    pub contrib: Vec<f64>,
}

/// A continuous issue, cut into pieces on which every seated actor's contribution is
/// affine: at every knot of every seated actor's curve and at the red-line bounds.
#[derive(Debug, Clone)]
pub(crate) struct ContinuousTable {
    /// Index of the issue in file order.
    pub issue: usize,
    /// Breakpoints from the feasible interval's lower end to its upper end; one point
    /// when the feasible interval is a single value.
    pub knots: Vec<f64>,
    /// `contrib[j * n + i]`: contribution at knot j to seated actor i.
    pub contrib: Vec<f64>,
}

impl ContinuousTable {
    /// Number of pieces (at least one; a single-point interval is one piece of length 0).
    pub fn pieces(&self) -> usize {
        self.knots.len().saturating_sub(1).max(1)
    }

    /// Start, length and knot indices (start, end) of piece `p`.
    pub fn piece(&self, p: usize) -> (f64, f64, usize, usize) {
        if self.knots.len() == 1 {
            (self.knots[0], 0.0, 0, 0)
        } else {
            (self.knots[p], self.knots[p + 1] - self.knots[p], p, p + 1)
        }
    }
}

/// What one layer of the search fixes: the leverage levels at which gated red lines
/// are judged and, per issue, the zone a continuous issue is held to (exact boards).
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub levels: Vec<f64>,
    pub zones: Vec<Option<Zone>>,
}

/// Per-issue tables for the seated actors.
#[derive(Debug, Clone)]
pub(crate) struct Board {
    /// Seated actors' indices in file order.
    pub seated: Vec<usize>,
    /// Discrete issues, linked issues next to each other: blocks of linked issues
    /// ordered by their first issue, issues in file order inside a block (file order
    /// when nothing is linked).
    pub discrete: Vec<DiscreteTable>,
    /// Continuous issues in file order.
    pub continuous: Vec<ContinuousTable>,
    /// Number of issues.
    pub issues: usize,
    /// Why the feasible set is empty, if it is (an issue with every value vetoed).
    pub empty_because: Option<String>,
    /// Terms and package red lines spanning two or more discrete tables.
    pub links: Vec<Link>,
    /// Per discrete table, the terms charged to it by the bounds (see
    /// [`Board::table_bound`]): each term to the one of its tables whose mask keeps the
    /// fewest values.
    pub charged: Vec<Vec<usize>>,
    /// [`Board::rest_max`] from every discrete table, computed on first use.
    pub rests: OnceLock<Vec<Vec<f64>>>,
}

impl Board {
    /// The exact board: continuous issues stay continuous.
    pub fn new(scenario: &Scenario, plan: &Plan) -> Self {
        Self::build(scenario, None, plan)
    }

    /// A board on which every continuous issue is traced at `resolution` evenly spaced
    /// values over its range (those that are feasible), plus the ends of its feasible
    /// interval; used to list the Pareto frontier.
    pub fn gridded(scenario: &Scenario, resolution: usize, plan: &Plan) -> Self {
        Self::build(scenario, Some(resolution.max(2)), plan)
    }

    /// Number of seated actors.
    pub fn n(&self) -> usize {
        self.seated.len()
    }

    /// Whether the discrete tables stand in another order than their issues'.
    pub fn reordered(&self) -> bool {
        self.discrete.windows(2).any(|w| w[0].issue > w[1].issue)
    }

    fn build(scenario: &Scenario, grid: Option<usize>, plan: &Plan) -> Self {
        let seated = scenario.seated();
        let rules = links::rules(scenario, &seated, &plan.levels);
        let mut board = Board {
            seated,
            discrete: Vec::new(),
            continuous: Vec::new(),
            issues: scenario.issues().len(),
            empty_because: None,
            links: Vec::new(),
            charged: Vec::new(),
            rests: OnceLock::new(),
        };
        // The values each issue keeps after the one-issue red lines (None: continuous,
        // kept as an interval).
        let mut values: Vec<Option<Vec<Value>>> = Vec::with_capacity(board.issues);
        let mut intervals: Vec<(f64, f64)> = Vec::with_capacity(board.issues);
        for (k, issue) in scenario.issues().iter().enumerate() {
            match (&issue.domain, grid) {
                (Domain::Discrete { options }, _) => {
                    let kept = (0..options.len())
                        .map(Value::Option)
                        .filter(|&x| !board.vetoed(scenario, plan, k, x))
                        .collect();
                    values.push(Some(kept));
                    intervals.push((0.0, 0.0));
                }
                (Domain::Continuous { lo, hi }, resolution) => {
                    let Some((a, b)) = Board::interval(scenario, plan, k) else {
                        board.empty_because.get_or_insert_with(|| {
                            format!("red lines leave no value of issue '{}'", issue.id)
                        });
                        values.push(Some(Vec::new()));
                        intervals.push((0.0, 0.0));
                        continue;
                    };
                    match resolution {
                        Some(r) => {
                            values.push(Some(grid_values(*lo, *hi, a, b, r)));
                            intervals.push((a, b));
                        }
                        None => {
                            let (a, b) = match plan.zones.get(k).copied().flatten() {
                                Some(z) => (z.lo, z.hi),
                                None => (a, b),
                            };
                            values.push(None);
                            intervals.push((a, b));
                        }
                    }
                }
            }
        }
        // Rules: fixed by zones, folded into one table, or left as links.
        let mut offset = vec![0.0; board.n()];
        let mut folded: Vec<(usize, &Rule<'_>)> = Vec::new();
        let mut spanning: Vec<(Vec<usize>, &Rule<'_>)> = Vec::new();
        for rule in &rules {
            let ks = links::issues_of(rule.when);
            let fixed_fail = ks.iter().any(|&k| {
                values[k].is_none()
                    && plan
                        .zones
                        .get(k)
                        .copied()
                        .flatten()
                        .is_some_and(|z| !links::meets(rule.when, k, Value::Number(z.sample)))
            });
            if fixed_fail {
                continue;
            }
            let tables: Vec<usize> = ks.into_iter().filter(|&k| values[k].is_some()).collect();
            match (tables.len(), rule.term) {
                (0, Some((i, amount))) => offset[i] += amount,
                (0, None) => {
                    board.empty_because.get_or_insert_with(|| {
                        "a package red line vetoes every outcome".to_string()
                    });
                }
                (1, None) => {
                    let k = tables[0];
                    if let Some(vals) = values[k].as_mut() {
                        vals.retain(|&x| !links::meets(rule.when, k, x));
                    }
                }
                (1, Some(_)) => folded.push((tables[0], rule)),
                _ => spanning.push((tables, rule)),
            }
        }
        // Tables: linked issues grouped into blocks.
        let order = block_order(&values, &spanning);
        let mut table_of = vec![usize::MAX; board.issues];
        for &k in &order {
            table_of[k] = board.discrete.len();
            let kept = values[k].take().unwrap_or_default();
            board.push_discrete(scenario, k, kept);
        }
        for (k, issue) in scenario.issues().iter().enumerate() {
            if values[k].is_none() && table_of[k] == usize::MAX {
                if let Domain::Continuous { .. } = issue.domain {
                    let (a, b) = intervals[k];
                    board.push_continuous(scenario, k, a, b);
                }
            }
        }
        let n = board.n();
        for (k, rule) in folded {
            let (i, amount) = rule.term.unwrap_or_default();
            let table = &mut board.discrete[table_of[k]];
            for (v, &x) in table.values.iter().enumerate() {
                if links::meets(rule.when, k, x) {
                    table.contrib[v * n + i] += amount;
                }
            }
        }
        if offset.iter().any(|&o| o != 0.0) {
            board.add_offset(&offset);
        }
        for (ks, rule) in spanning {
            let mut parts: Vec<(usize, Vec<bool>)> = ks
                .iter()
                .map(|&k| {
                    let t = &board.discrete[table_of[k]];
                    let mask = t
                        .values
                        .iter()
                        .map(|&x| links::meets(rule.when, k, x))
                        .collect();
                    (table_of[k], mask)
                })
                .collect();
            parts.sort_by_key(|p| p.0);
            board.links.push(Link {
                term: rule.term,
                parts,
            });
        }
        board.charged = vec![Vec::new(); board.discrete.len()];
        for (l, link) in board.links.iter().enumerate() {
            let home = link.parts.iter().min_by_key(|(table, mask)| {
                (
                    mask.iter().filter(|m| **m).count(),
                    std::cmp::Reverse(*table),
                )
            });
            if let (Some(_), Some((t, _))) = (link.term, home) {
                board.charged[*t].push(l);
            }
        }
        board
    }

    /// Add a constant to every outcome's utility (per seated actor): to every value
    /// of the first table.
    fn add_offset(&mut self, offset: &[f64]) {
        let n = self.n();
        if let Some(t) = self.discrete.first_mut() {
            for row in t.contrib.chunks_exact_mut(n.max(1)) {
                row.iter_mut().zip(offset).for_each(|(c, o)| *c += o);
            }
        } else if let Some(t) = self.continuous.first_mut() {
            for row in t.contrib.chunks_exact_mut(n.max(1)) {
                row.iter_mut().zip(offset).for_each(|(c, o)| *c += o);
            }
        }
    }

    fn vetoed(&self, scenario: &Scenario, plan: &Plan, k: usize, x: Value) -> bool {
        self.seated.iter().any(|&i| {
            scenario.actors()[i]
                .red_lines()
                .iter()
                .any(|r| r.issue == k && applies(r, plan) && r.crossed_by(x))
        })
    }

    /// The feasible interval of continuous issue `k`: `[max of below bounds, min of
    /// above bounds]` of the seated actors' one-issue red lines in force at `plan`'s
    /// levels, within the issue's range; `None` when no value is left (or the issue is
    /// discrete).
    pub fn interval(scenario: &Scenario, plan: &Plan, k: usize) -> Option<(f64, f64)> {
        let Domain::Continuous { lo, hi } = scenario.issues()[k].domain else {
            return None;
        };
        let (mut a, mut b) = (lo, hi);
        for i in scenario.seated() {
            for r in scenario.actors()[i]
                .red_lines()
                .iter()
                .filter(|r| r.issue == k && applies(r, plan))
            {
                if let crate::utility::Veto::Bounds { below, above } = &r.veto {
                    if let Some(x) = below {
                        a = a.max(*x);
                    }
                    if let Some(x) = above {
                        b = b.min(*x);
                    }
                }
            }
        }
        (a <= b).then_some((a, b))
    }

    fn push_discrete(&mut self, scenario: &Scenario, k: usize, values: Vec<Value>) {
        if values.is_empty() {
            self.empty_because.get_or_insert_with(|| {
                format!(
                    "red lines veto every option of issue '{}'",
                    scenario.issues()[k].id
                )
            });
        }
        let contrib = values
            .iter()
            .flat_map(|&x| {
                self.seated
                    .iter()
                    .map(move |&i| scenario.actors()[i].contribution(k, x))
            })
            .collect();
        self.discrete.push(DiscreteTable {
            issue: k,
            values,
            contrib,
        });
    }

    fn push_continuous(&mut self, scenario: &Scenario, k: usize, a: f64, b: f64) {
        let mut knots = vec![a, b];
        for &i in &self.seated {
            let actor = &scenario.actors()[i];
            if actor.weights()[k] > 0.0 {
                if let crate::utility::Valuation::Curve(c) = &actor.valuations()[k] {
                    knots.extend(c.knots().iter().copied().filter(|&x| x > a && x < b));
                }
            }
        }
        knots.sort_by(f64::total_cmp);
        knots.dedup_by(|x, y| (*x - *y).abs() <= 1e-15 * (1.0 + y.abs()));
        let contrib = knots
            .iter()
            .flat_map(|&x| {
                self.seated
                    .iter()
                    .map(move |&i| scenario.actors()[i].contribution(k, Value::Number(x)))
            })
            .collect();
        self.continuous.push(ContinuousTable {
            issue: k,
            knots,
            contrib,
        });
    }

    /// Per seated actor, at most what the rest of an outcome can add: discrete tables
    /// `from..` (each with the terms that have not started and are charged to it, see
    /// [`Board::table_bound`]), all continuous tables, and every positive term that
    /// has started but is undecided (a partial outcome that already failed one
    /// subtracts it itself).
    pub fn rest_max(&self, from: usize) -> Vec<f64> {
        self.rests()[from].clone()
    }

    /// [`Board::rest_max`] from every discrete table (`0..=tables`), computed once per
    /// board: searches ask for it at every step.
    pub fn rests(&self) -> &[Vec<f64>] {
        self.rests.get_or_init(|| {
            (0..=self.discrete.len())
                .map(|from| self.rest_from(from))
                .collect()
        })
    }

    fn rest_from(&self, from: usize) -> Vec<f64> {
        let n = self.n();
        let mut rest = vec![0.0; n];
        for (i, r) in rest.iter_mut().enumerate() {
            for t in from..self.discrete.len() {
                *r += self.table_bound(
                    t,
                    from,
                    |row| row[i],
                    |owner, amount| {
                        if owner == i {
                            amount.max(0.0)
                        } else {
                            0.0
                        }
                    },
                );
            }
        }
        for t in &self.continuous {
            for (i, r) in rest.iter_mut().enumerate() {
                *r += (0..t.knots.len())
                    .map(|j| t.contrib[j * n + i])
                    .fold(f64::NEG_INFINITY, f64::max);
            }
        }
        for (i, amount) in self.started_terms(from) {
            rest[i] += amount.max(0.0);
        }
        rest
    }

    /// The most discrete table `t` can add to `value(row of contributions)` together
    /// with the positive `gain(owner, amount)` of the terms charged to it that have not
    /// started before table `from`. Each term is charged to one of its tables, the one
    /// whose mask keeps the fewest values: a term pays only if its condition there
    /// holds, so the maximum over the table's values bounds table and terms together
    /// (and conflicting terms charged to one table are not all counted).
    fn table_bound(
        &self,
        t: usize,
        from: usize,
        value: impl Fn(&[f64]) -> f64,
        gain: impl Fn(usize, f64) -> f64,
    ) -> f64 {
        let n = self.n();
        let table = &self.discrete[t];
        let charged: Vec<(&[bool], f64)> = self.charged[t]
            .iter()
            .filter_map(|&l| {
                let link = &self.links[l];
                let (owner, amount) = link.term?;
                let first = link.parts.first()?.0;
                let mask = &link.parts.iter().find(|(table, _)| *table == t)?.1;
                let g = gain(owner, amount);
                (first >= from && g > 0.0).then_some((mask.as_slice(), g))
            })
            .collect();
        (0..table.values.len())
            .map(|v| {
                let terms: f64 = charged.iter().filter(|(m, _)| m[v]).map(|(_, g)| g).sum();
                value(&table.contrib[v * n..(v + 1) * n]) + terms
            })
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// The linked terms that have started before table `from` and are decided at a
    /// table `from..`: seated position and weight times value.
    pub fn started_terms(&self, from: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.links.iter().filter_map(move |l| {
            let first = l.parts.first().map_or(0, |p| p.0);
            let last = l.parts.last().map_or(0, |p| p.0);
            l.term.filter(|_| first < from && last >= from)
        })
    }

    /// The outcome `choice` (an option index per discrete table) of a board whose
    /// issues are all discrete tables (a gridded board), in issue order.
    pub fn outcome_at(&self, choice: &[u32]) -> Vec<Value> {
        let mut outcome = vec![Value::Option(0); self.issues];
        for (t, &v) in self.discrete.iter().zip(choice) {
            outcome[t.issue] = t.values[v as usize];
        }
        outcome
    }

    /// The option index per discrete table of `outcome` (issue order) on a board of
    /// discrete issues without links; `None` on other boards, or when a value of the
    /// outcome is not feasible here (vetoed by a red line in force).
    pub fn choice_of(&self, outcome: &[Value]) -> Option<Vec<u32>> {
        if !self.links.is_empty() || !self.continuous.is_empty() || outcome.len() != self.issues {
            return None;
        }
        self.discrete
            .iter()
            .map(|t| {
                let at = t.values.iter().position(|v| *v == outcome[t.issue])?;
                u32::try_from(at).ok()
            })
            .collect()
    }

    /// The seated actors' gains over `d` at the outcome `choice` (an option index per
    /// discrete table) of a board of discrete issues without links: the tables' rows
    /// summed in table order, as the searches sum them.
    pub fn gains_at(&self, choice: &[u32], d: &[f64]) -> Vec<f64> {
        let n = self.n();
        let mut u = vec![0.0; n];
        for (table, &v) in self.discrete.iter().zip(choice) {
            let row = &table.contrib[v as usize * n..(v as usize + 1) * n];
            for (u, c) in u.iter_mut().zip(row) {
                *u += c;
            }
        }
        for (u, d) in u.iter_mut().zip(d) {
            *u -= d;
        }
        u
    }

    /// Every linked term: seated position and weight times value.
    pub fn terms(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.links.iter().filter_map(|l| l.term)
    }
}

impl Board {
    /// For a direction g over the seated actors (g >= 0), `tails[j]` bounds what
    /// discrete tables `j..` and all continuous tables can add to sum_i g_i * u_i: the
    /// maximum of a linear function over a product decomposes issue by issue (on a
    /// continuous issue it sits at a knot: contributions are affine between knots);
    /// terms not started before table j are charged to their tables as in
    /// [`Board::rest_max`], started ones count their positive part.
    pub fn linear_tails(&self, g: &[f64]) -> Vec<f64> {
        let dot = |row: &[f64]| row.iter().zip(g).map(|(c, g)| c * g).sum::<f64>();
        let best =
            |contrib: &[f64]| -> f64 { best_row(contrib, g).map_or(f64::NEG_INFINITY, |b| b.0) };
        let continuous: f64 = self.continuous.iter().map(|t| best(&t.contrib)).sum();
        let k = self.discrete.len();
        let mut tails = vec![continuous; k + 1];
        if self.links.is_empty() {
            for j in (0..k).rev() {
                tails[j] = tails[j + 1] + best(&self.discrete[j].contrib);
            }
            return tails;
        }
        let gain = |owner: usize, amount: f64| (g[owner] * amount).max(0.0);
        for (j, tail) in tails.iter_mut().enumerate() {
            *tail += (j..k)
                .map(|t| self.table_bound(t, j, dot, gain))
                .sum::<f64>();
            *tail += self
                .started_terms(j)
                .map(|(i, amount)| gain(i, amount))
                .sum::<f64>();
        }
        tails
    }
}

/// The row of a table's contributions (`contrib`, one row of seated actors per value)
/// with the largest `w . row`, and that value; `None` for a table without values.
pub(crate) fn best_row<'c>(contrib: &'c [f64], w: &[f64]) -> Option<(f64, &'c [f64])> {
    contrib
        .chunks_exact(w.len().max(1))
        .map(|row| (row.iter().zip(w).map(|(c, w)| c * w).sum::<f64>(), row))
        .max_by(|x, y| x.0.total_cmp(&y.0))
}

/// `r` evenly spaced values over `[lo, hi]` that lie in `[a, b]`, plus `a` and `b`
/// themselves when they are not grid values, in increasing order.
fn grid_values(lo: f64, hi: f64, a: f64, b: f64, r: usize) -> Vec<Value> {
    let step = (hi - lo) / (r - 1) as f64;
    let near = |x: f64, y: f64| (x - y).abs() <= 1e-9 * step;
    let mut xs: Vec<f64> = (0..r)
        .map(|j| if j + 1 == r { hi } else { lo + step * j as f64 })
        .filter(|&x| (x >= a || near(x, a)) && (x <= b || near(x, b)))
        .collect();
    if !xs.first().is_some_and(|&x| near(x, a)) {
        xs.insert(0, a);
    }
    if !xs.last().is_some_and(|&x| near(x, b)) {
        xs.push(b);
    }
    xs.into_iter().map(Value::Number).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_covers_the_range_and_adds_feasible_ends() {
        let full = grid_values(0.0, 1.0, 0.0, 1.0, 101);
        assert_eq!(full.len(), 101);
        let cut = grid_values(0.0, 1.0, 0.605, 1.0, 101);
        assert_eq!(cut.first().and_then(|v| v.as_number()), Some(0.605));
        assert_eq!(cut.len(), 41);
    }
}
