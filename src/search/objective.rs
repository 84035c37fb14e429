//! What the engine maximises: an [`Objective`] over the seated actors' gains.
//!
//! Every solution concept but alternating offers is "the feasible, individually
//! rational outcome that maximises something of the gains g_i = u_i - d_i", and
//! alternating offers is a sequence of such maximisations with floors on the gains.
//! [`Engine::maximise`](super::Engine::maximise) is that one constrained
//! maximisation, exact for the [`Shape`]s it can bound and budgeted for the rest.
//!
//! ```text
//! LogProduct(w):  sum_i w_i ln g_i        (Nash with w = alpha: concave)
//! MinRatio(s):    min_i g_i / s_i          (egalitarian s = 1, Kalai s = ideal - d)
//! Linear(c):      sum_i c_i g_i            (utilitarian c = 1, "best for k" c = e_k)
//! Monotone:       any f non-decreasing in every g_i, through Objective::score
//! ```

use crate::error::Problem;

/// What an objective sees besides the gains: the seated actors and their
/// disagreement utilities and powers in the situation being solved, all in seated
/// order (the order of the gains).
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub(crate) seated: &'a [usize],
    pub(crate) disagreement: &'a [f64],
    pub(crate) power: &'a [f64],
    pub(crate) ones: &'a [f64],
}

impl<'a> Context<'a> {
    /// The seated actors' indices (file order); gain `j` is actor `seated()[j]`'s.
    pub fn seated(&self) -> &'a [usize] {
        self.seated
    }

    /// The seated actors' disagreement utilities d_i.
    pub fn disagreement(&self) -> &'a [f64] {
        self.disagreement
    }

    /// The seated actors' bargaining powers alpha_i.
    pub fn power(&self) -> &'a [f64] {
        self.power
    }

    /// A 1 per seated actor: the weights of the egalitarian and utilitarian shapes.
    pub fn ones(&self) -> &'a [f64] {
        self.ones
    }
}

/// The form of an objective, when it is one the engine bounds exactly.
///
/// With a shape the engine uses the shape's own formula ([`Shape::score`]), prunes
/// with bounds made for it (the tangent planes of a concave log product, the issue-by-
/// issue maximum of a linear function) and solves continuous cells exactly.
/// [`Shape::Monotone`] asks for the general search: exact over discrete issues
/// (every point of the Pareto frontier is scored), a budgeted grid-and-refine search
/// inside continuous cells (see [`Engine::maximise`](super::Engine::maximise)).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Shape<'a> {
    /// `sum_i w_i ln g_i`, every `w_i > 0`.
    LogProduct(&'a [f64]),
    /// `min_i g_i / s_i`, every `s_i > 0`.
    MinRatio(&'a [f64]),
    /// `sum_i c_i g_i`, every `c_i >= 0`.
    Linear(&'a [f64]),
    /// Anything else that is non-decreasing in every gain, scored by
    /// [`Objective::score`].
    Monotone,
}

impl Shape<'_> {
    /// The shape's value at `gains` (seated order); `None` for [`Shape::Monotone`],
    /// which has no formula of its own.
    ///
    /// ```
    /// use detente::search::Shape;
    /// let g = [0.5, 0.25];
    /// assert_eq!(Shape::MinRatio(&[1.0, 0.5]).score(&g), Some(0.5));
    /// assert_eq!(Shape::Linear(&[1.0, 2.0]).score(&g), Some(1.0));
    /// assert_eq!(Shape::Monotone.score(&g), None);
    /// ```
    pub fn score(&self, gains: &[f64]) -> Option<f64> {
        Some(match *self {
            Shape::LogProduct(w) => log_product(gains, w),
            Shape::MinRatio(s) => gains
                .iter()
                .zip(s)
                .map(|(g, s)| g / s)
                .fold(f64::INFINITY, f64::min),
            Shape::Linear(c) => gains.iter().zip(c).map(|(g, c)| g * c).sum(),
            Shape::Monotone => return None,
        })
    }

    /// Check the shape's coefficients for `n` seated actors: one each, finite, and
    /// positive (log product, min ratio) or non-negative (linear).
    ///
    /// # Errors
    /// The first coefficient that breaks the rule, or a count that does not fit.
    pub fn check(&self, n: usize) -> Result<(), Problem> {
        let (coefs, positive) = match *self {
            Shape::LogProduct(w) => (w, true),
            Shape::MinRatio(s) => (s, true),
            Shape::Linear(c) => (c, false),
            Shape::Monotone => return Ok(()),
        };
        if coefs.len() != n {
            return Err(Problem::Other(format!(
                "the objective has {} coefficients for {n} seated actors",
                coefs.len()
            )));
        }
        match coefs
            .iter()
            .find(|&&x| !(x.is_finite() && (x > 0.0 || (!positive && x == 0.0))))
        {
            Some(&x) => Err(Problem::OutOfRange {
                value: x,
                allowed: if positive { "(0, inf)" } else { "[0, inf)" },
            }),
            None => Ok(()),
        }
    }
}

/// Something to maximise over the seated actors' gains.
///
/// `score` must be non-decreasing in every gain: the engine relies on it to prune
/// (an outcome's score is at most the score at each actor's best completion) and to
/// search the Pareto frontier only. An outcome where `score` is NaN is never chosen.
/// Ties (scores within 1e-10 relative to their magnitude; to 1 + their magnitude for a
/// log product or a `Monotone` shape, whose values need not scale with the gains) are
/// broken by the Nash objective `sum_i alpha_i ln g_i`, then by the first outcome in
/// enumeration order, as for every built-in concept.
///
/// The proportional solution (Kalai 1977: the largest t with g_i >= t p_i) is a
/// min ratio with scale p:
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::search::{Context, Objective, Shape};
///
/// struct Proportional(Vec<f64>);
///
/// impl Objective for Proportional {
///     fn score(&self, gains: &[f64], _: &Context<'_>) -> f64 {
///         gains.iter().zip(&self.0).map(|(g, p)| g / p).fold(f64::INFINITY, f64::min)
///     }
///     fn shape<'a>(&'a self, _: &'a Context<'a>) -> Shape<'a> {
///         Shape::MinRatio(&self.0)
///     }
/// }
///
/// let json = r#"{"name": "split", "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
/// let scenario = detente::Scenario::from_json(json, "split")?;
/// let engine = detente::Engine::new(&scenario);
/// let situation = scenario.status_quo_situation();
/// let best = engine.maximise(&situation, &Proportional(vec![1.0, 3.0]), &[0.0, 0.0])?;
/// let gains = best.map(|o| o.gains).unwrap_or_default();
/// // g_b = 3 g_a on the line g_a + g_b = 1.
/// assert!((gains[0] - 0.25).abs() < 1e-9 && (gains[1] - 0.75).abs() < 1e-9);
/// # Ok(()) }
/// ```
pub trait Objective: Sync {
    /// The objective at the seated actors' gains (seated order).
    fn score(&self, gains: &[f64], context: &Context<'_>) -> f64;

    /// The objective's shape, when the engine can bound it exactly; the default,
    /// [`Shape::Monotone`], asks for the general search. A shaped objective is
    /// scored by the shape's formula, which `score` should agree with.
    fn shape<'a>(&'a self, context: &'a Context<'a>) -> Shape<'a> {
        let _ = context;
        Shape::Monotone
    }
}

/// `sum_i w_i ln g_i`, `-inf` as soon as a gain is not positive: the (asymmetric)
/// Nash objective with `w = alpha`, computed in this one place.
///
/// ```
/// let v = detente::search::log_product(&[1.0, std::f64::consts::E], &[2.0, 3.0]);
/// assert!((v - 3.0).abs() < 1e-12);
/// assert_eq!(detente::search::log_product(&[0.5, 0.0], &[1.0, 1.0]), f64::NEG_INFINITY);
/// ```
pub fn log_product(gains: &[f64], weights: &[f64]) -> f64 {
    let mut total = 0.0;
    for (g, w) in gains.iter().zip(weights) {
        if *g <= 0.0 || g.is_nan() {
            return f64::NEG_INFINITY;
        }
        total += w * g.ln();
    }
    total
}

/// Nash bargaining (Nash 1950; asymmetric with powers, Kalai 1977): the log Nash
/// product `sum_i alpha_i ln g_i` with the situation's powers. As a solution concept
/// see [`crate::concept::nash`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Nash;

impl Objective for Nash {
    fn score(&self, gains: &[f64], context: &Context<'_>) -> f64 {
        log_product(gains, context.power)
    }

    fn shape<'a>(&'a self, context: &'a Context<'a>) -> Shape<'a> {
        Shape::LogProduct(context.power)
    }
}

/// "As much as possible for some actors": `sum_i c_i g_i` with fixed coefficients
/// (a Kalai ideal point, an alternating-offers proposal).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinearGains(pub Vec<f64>);

impl LinearGains {
    /// All the weight on seated actor `j` of `n`.
    pub fn unit(n: usize, j: usize) -> Self {
        let mut c = vec![0.0; n];
        c[j] = 1.0;
        LinearGains(c)
    }
}

impl Objective for LinearGains {
    fn score(&self, gains: &[f64], _: &Context<'_>) -> f64 {
        gains.iter().zip(&self.0).map(|(g, c)| g * c).sum()
    }

    fn shape<'a>(&'a self, _: &'a Context<'a>) -> Shape<'a> {
        Shape::Linear(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_name_the_bad_coefficient() {
        assert!(Shape::LogProduct(&[1.0, 2.0]).check(2).is_ok());
        assert!(Shape::Linear(&[0.0, 2.0]).check(2).is_ok());
        assert!(Shape::LogProduct(&[1.0]).check(2).is_err());
        assert_eq!(
            Shape::MinRatio(&[1.0, 0.0]).check(2),
            Err(Problem::OutOfRange {
                value: 0.0,
                allowed: "(0, inf)"
            })
        );
        assert!(Shape::Linear(&[f64::NAN, 1.0]).check(2).is_err());
        assert!(Shape::Linear(&[-1.0, 1.0]).check(2).is_err());
    }
}
