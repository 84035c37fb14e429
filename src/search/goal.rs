//! An [`Objective`] resolved for one situation: the seated actors' d and alpha, its
//! shape checked, and how each part of the search scores and bounds it.

use super::budget::Budget;
use super::cell::{self, Cell, CellOptimum, CellProblem, MonotoneProblem, OutOfBudget};
use super::objective::{log_product, Context, Objective, Shape};
use crate::error::{Error, Result};
use crate::scenario::Situation;

/// The seated actors' parameters in one situation (seated order).
#[derive(Debug, Clone)]
pub(crate) struct Seated {
    pub seated: Vec<usize>,
    pub d: Vec<f64>,
    pub alpha: Vec<f64>,
    pub ones: Vec<f64>,
}

impl Seated {
    pub fn new(seated: &[usize], situation: &Situation) -> Self {
        Seated {
            seated: seated.to_vec(),
            d: seated
                .iter()
                .map(|&i| situation.disagreement()[i])
                .collect(),
            alpha: seated.iter().map(|&i| situation.power()[i]).collect(),
            ones: vec![1.0; seated.len()],
        }
    }

    /// Recompute in place for another situation (no allocation).
    pub fn update(&mut self, situation: &Situation) {
        for (j, &i) in self.seated.iter().enumerate() {
            self.d[j] = situation.disagreement()[i];
            self.alpha[j] = situation.power()[i];
        }
    }

    pub fn context(&self) -> Context<'_> {
        Context {
            seated: &self.seated,
            disagreement: &self.d,
            power: &self.alpha,
            ones: &self.ones,
        }
    }
}

/// What one search maximises.
pub(crate) struct Goal<'a> {
    pub shape: Shape<'a>,
    objective: &'a dyn Objective,
    context: &'a Context<'a>,
    /// Only the optimal value matters (a Kalai ideal point): cells may skip the
    /// tie-break among their maximisers.
    pub value_only: bool,
    /// A log product whose weights are not the powers: the cells' Nash objective
    /// (computed with the weights) is recomputed with the powers for the tie-break.
    own_weights: bool,
}

impl<'a> Goal<'a> {
    /// # Errors
    /// [`Input::Objective`](crate::error::Input::Objective) when the shape's coefficients do not fit the seated
    /// actors.
    pub fn new(
        objective: &'a dyn Objective,
        context: &'a Context<'a>,
        value_only: bool,
    ) -> Result<Self> {
        let shape = objective.shape(context);
        shape
            .check(context.seated.len())
            .map_err(Error::objective)?;
        let own_weights = matches!(shape, Shape::LogProduct(w) if w != context.power);
        Ok(Goal {
            shape,
            objective,
            context,
            value_only,
            own_weights,
        })
    }

    /// The goal at gains all above their floors.
    pub fn score(&self, gains: &[f64]) -> f64 {
        self.shape
            .score(gains)
            .unwrap_or_else(|| self.objective.score(gains, self.context))
    }

    /// [`Goal::score`] when it is a number not below `cutoff`, else `None`; a
    /// min-ratio goal stops at the first ratio below the cutoff.
    pub fn score_from(&self, gains: &[f64], cutoff: f64) -> Option<f64> {
        if let Shape::MinRatio(scale) = self.shape {
            let mut min = f64::INFINITY;
            for (g, s) in gains.iter().zip(scale) {
                let r = g / s;
                if r < cutoff {
                    return None;
                }
                min = min.min(r);
            }
            return (min >= cutoff).then_some(min);
        }
        let score = self.score(gains);
        (score >= cutoff).then_some(score)
    }

    /// The Nash objective of the tie-break.
    pub fn nash(&self, gains: &[f64]) -> f64 {
        log_product(gains, self.context.power)
    }

    /// The direction of a linear upper bound through the incumbent's gains `q`: the
    /// tangent of a log product (w_i / q_i), the coefficients of a linear goal; `None`
    /// for goals without one.
    pub fn tangent(&self, q: &[f64]) -> Option<Vec<f64>> {
        match self.shape {
            Shape::LogProduct(w) => Some(w.iter().zip(q).map(|(w, q)| w / q).collect()),
            Shape::Linear(c) => Some(c.to_vec()),
            _ => None,
        }
    }

    /// Whether the tangent bound is the plane itself (linear goal) or the tangent
    /// of a concave log product, whose threshold is the plane's value at the
    /// incumbent.
    pub fn is_log_product(&self) -> bool {
        matches!(self.shape, Shape::LogProduct(_))
    }

    /// The coefficients of a linear goal (`sum_i c_i g_i`); `None` for other shapes.
    pub fn linear(&self) -> Option<&[f64]> {
        match self.shape {
            Shape::Linear(c) => Some(c),
            _ => None,
        }
    }

    /// Whether the goal is positively homogeneous in the gains (min ratio, linear):
    /// scaling every gain scales it, so its ties are relative to its magnitude.
    pub fn is_homogeneous(&self) -> bool {
        matches!(self.shape, Shape::MinRatio(_) | Shape::Linear(_))
    }

    /// An upper bound on the goal over the cell, ignoring floors (+inf when
    /// there is no cheap one).
    pub fn cell_bound(&self, cell: Cell<'_>, floor: &[f64]) -> f64 {
        match self.cell_goal() {
            Some((goal, alpha)) => cell::upper_bound(&CellProblem {
                cell,
                alpha,
                floor,
                goal,
            }),
            None => {
                // Monotone: the goal at every actor's best gain over the box.
                let n = cell.base.len();
                let best: Vec<f64> = (0..n)
                    .map(|i| cell.base[i] + cell::max_rise(cell.slopes, cell.lens, n, i))
                    .collect();
                let v = self.score(&best);
                v + 1e-12 * (1.0 + v.abs())
            }
        }
    }

    /// The best point of one cell (`None`: nothing clears the floors).
    ///
    /// # Errors
    /// [`OutOfBudget`] when the general search runs out of budget inside the cell.
    pub fn solve_cell(
        &self,
        cell: Cell<'_>,
        floor: &[f64],
        budget: &Budget,
    ) -> std::result::Result<Option<CellOptimum>, OutOfBudget> {
        match self.cell_goal() {
            Some((goal, alpha)) => {
                let problem = CellProblem {
                    cell,
                    alpha,
                    floor,
                    goal,
                };
                let found = if self.value_only {
                    cell::solve_value(&problem)
                } else {
                    cell::solve(&problem)
                };
                // A log product with its own weights was solved with them as the
                // Nash weights: the tie-break uses the situation's.
                Ok(found.map(|mut o| {
                    if self.own_weights {
                        o.nash = self.nash(&o.gains);
                    }
                    o
                }))
            }
            None => {
                let score = |g: &[f64]| self.objective.score(g, self.context);
                cell::solve_monotone(&MonotoneProblem {
                    cell,
                    alpha: self.context.power,
                    floor,
                    score: &score,
                    budget,
                })
            }
        }
    }

    /// The cell solver's goal and Nash weights for a shaped goal.
    fn cell_goal(&self) -> Option<(cell::Goal<'a>, &'a [f64])> {
        let alpha = self.context.power;
        match self.shape {
            Shape::LogProduct(w) => Some((cell::Goal::Nash, w)),
            Shape::MinRatio(scale) => Some((cell::Goal::MaxMin { scale }, alpha)),
            Shape::Linear(coef) => Some((cell::Goal::Linear { coef }, alpha)),
            _ => None,
        }
    }
}
