//! The table the search works on: for every issue, the values the seated actors may
//! choose (after red lines) and what each contributes to each seated actor's utility.
//!
//! Utilities are additive over issues and every red line acts on one issue, so the
//! feasible set is a product of per-issue sets and each seated actor's utility is a sum
//! of per-issue contributions `w_ik * v_ik(x_k)`.

use crate::scenario::Scenario;
use crate::space::{Domain, Value};

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

/// Per-issue tables for the seated actors.
#[derive(Debug, Clone)]
pub(crate) struct Board {
    /// Seated actors' indices in file order.
    pub seated: Vec<usize>,
    /// Discrete issues in file order.
    pub discrete: Vec<DiscreteTable>,
    /// Continuous issues in file order.
    pub continuous: Vec<ContinuousTable>,
    /// Number of issues.
    pub issues: usize,
    /// Why the feasible set is empty, if it is (an issue with every value vetoed).
    pub empty_because: Option<String>,
}

impl Board {
    /// The exact board: continuous issues stay continuous.
    pub fn new(scenario: &Scenario) -> Self {
        Self::build(scenario, None)
    }

    /// A board on which every continuous issue is traced at `resolution` evenly spaced
    /// values over its range (those that are feasible), plus the ends of its feasible
    /// interval; used to list the Pareto frontier.
    pub fn gridded(scenario: &Scenario, resolution: usize) -> Self {
        Self::build(scenario, Some(resolution.max(2)))
    }

    /// Number of seated actors.
    pub fn n(&self) -> usize {
        self.seated.len()
    }

    fn build(scenario: &Scenario, grid: Option<usize>) -> Self {
        let seated = scenario.seated();
        let mut board = Board {
            seated,
            discrete: Vec::new(),
            continuous: Vec::new(),
            issues: scenario.issues().len(),
            empty_because: None,
        };
        for (k, issue) in scenario.issues().iter().enumerate() {
            match (&issue.domain, grid) {
                (Domain::Discrete { options }, _) => {
                    let values: Vec<Value> = (0..options.len())
                        .map(Value::Option)
                        .filter(|&x| !board.vetoed(scenario, k, x))
                        .collect();
                    board.push_discrete(scenario, k, values);
                }
                (Domain::Continuous { lo, hi }, resolution) => {
                    let Some((a, b)) = board.feasible_interval(scenario, k, *lo, *hi) else {
                        board.empty_because.get_or_insert_with(|| {
                            format!("red lines leave no value of issue '{}'", issue.id)
                        });
                        board.push_discrete(scenario, k, Vec::new());
                        continue;
                    };
                    match resolution {
                        Some(r) => {
                            let values = grid_values(*lo, *hi, a, b, r);
                            board.push_discrete(scenario, k, values);
                        }
                        None => board.push_continuous(scenario, k, a, b),
                    }
                }
            }
        }
        board
    }

    fn vetoed(&self, scenario: &Scenario, k: usize, x: Value) -> bool {
        self.seated.iter().any(|&i| {
            scenario.actors()[i]
                .red_lines()
                .iter()
                .any(|r| r.issue == k && r.crossed_by(x))
        })
    }

    /// `[max of below bounds, min of above bounds]` within `[lo, hi]`.
    fn feasible_interval(
        &self,
        scenario: &Scenario,
        k: usize,
        lo: f64,
        hi: f64,
    ) -> Option<(f64, f64)> {
        let (mut a, mut b) = (lo, hi);
        for &i in &self.seated {
            for r in scenario.actors()[i]
                .red_lines()
                .iter()
                .filter(|r| r.issue == k)
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

    /// Per seated actor, the largest total contribution of discrete tables `from..` plus
    /// all continuous tables: what the rest of an outcome can add at most.
    pub fn rest_max(&self, from: usize) -> Vec<f64> {
        let n = self.n();
        let mut rest = vec![0.0; n];
        for t in &self.discrete[from..] {
            for (i, r) in rest.iter_mut().enumerate() {
                *r += (0..t.values.len())
                    .map(|v| t.contrib[v * n + i])
                    .fold(f64::NEG_INFINITY, f64::max);
            }
        }
        for t in &self.continuous {
            for (i, r) in rest.iter_mut().enumerate() {
                *r += (0..t.knots.len())
                    .map(|j| t.contrib[j * n + i])
                    .fold(f64::NEG_INFINITY, f64::max);
            }
        }
        rest
    }
}

impl Board {
    /// For a direction g over the seated actors, `tails[j]` is the largest value of
    /// sum_i g_i * contribution_i that discrete tables `j..` and all continuous tables can
    /// add: the maximum of a linear function over a product decomposes issue by issue,
    /// and on a continuous issue it sits at a knot (contributions are affine between
    /// knots).
    pub fn linear_tails(&self, g: &[f64]) -> Vec<f64> {
        let n = self.n();
        let best = |contrib: &[f64]| -> f64 {
            contrib
                .chunks_exact(n.max(1))
                .map(|c| c.iter().zip(g).map(|(c, g)| c * g).sum::<f64>())
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let continuous: f64 = self.continuous.iter().map(|t| best(&t.contrib)).sum();
        let mut tails = vec![continuous; self.discrete.len() + 1];
        for j in (0..self.discrete.len()).rev() {
            tails[j] = tails[j + 1] + best(&self.discrete[j].contrib);
        }
        tails
    }
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
