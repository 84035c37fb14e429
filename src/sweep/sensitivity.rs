//! Sensitivity: standardised regression coefficients of the outcome on the leverage.
//!
//! For each response y (every actor's gain, named `gain.ID`, and every continuous
//! issue, named by its id) one multiple least-squares fit on the leverage variables
//! that vary over the samples,
//!
//! ```text
//! (y - mean y) / sd y = sum_l b_l (L_l - mean L_l) / sd L_l + e
//! ```
//!
//! gives b_l: the change of y, in standard deviations, per standard deviation of L_l
//! with the other variables held fixed. Variables with zero variance (a fixed or pinned
//! variable, the varied one inside a grid entry) are left out. Gains use every sample
//! (a sample without a deal has gain 0, so a variable that makes deals fail shows up
//! in the gains); a continuous issue uses the samples with a deal only (there is no
//! value otherwise). A response with zero variance gets coefficients 0; too few
//! samples for the fit (not more than the number of variables) give NaN (null).
//! The fit solves the normal equations of the standardised variables with a
//! pseudo-inverse (nalgebra's SVD), so collinear variables share rather than fail.

use nalgebra::{DMatrix, DVector};

use super::Samples;
use crate::scenario::Scenario;
use crate::space::Domain;

/// Per leverage variable that varies (file order), its coefficient for each response:
/// `(variable id, [(response name, coefficient)])`.
pub type Sensitivity = Vec<(String, Vec<(String, f64)>)>;

/// Fit every response on the samples at `rows`.
pub(crate) fn fit(scenario: &Scenario, samples: &Samples, rows: &[usize]) -> Sensitivity {
    let vars: Vec<usize> = (0..scenario.leverage().len())
        .filter(|&l| {
            let (_, sd) = mean_sd(rows.iter().map(|&s| samples.levels(s)[l]));
            sd > 0.0
        })
        .collect();
    // Nothing varies, nothing to fit (and an empty system has no SVD to solve it).
    if vars.is_empty() {
        return Vec::new();
    }
    let mut columns: Vec<Vec<(String, f64)>> = vec![Vec::new(); vars.len()];
    let mut add = |name: String, coefs: Vec<f64>| {
        for (col, b) in columns.iter_mut().zip(coefs) {
            col.push((name.clone(), b));
        }
    };
    for (i, actor) in scenario.actors().iter().enumerate() {
        let coefs = regress(samples, rows, &vars, |s| Some(samples.gains(s)[i]));
        add(format!("gain.{}", actor.id()), coefs);
    }
    let deals: Vec<usize> = rows.iter().copied().filter(|&s| samples.deal(s)).collect();
    for (k, issue) in scenario.issues().iter().enumerate() {
        if matches!(issue.domain(), Domain::Continuous { .. }) {
            let coefs = regress(samples, &deals, &vars, |s| {
                samples.outcome(s).and_then(|o| o[k].as_number())
            });
            add(issue.id().to_string(), coefs);
        }
    }
    vars.iter()
        .zip(columns)
        .map(|(&l, col)| (scenario.leverage()[l].id().to_string(), col))
        .collect()
}

fn mean_sd(xs: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = xs.clone().count();
    if n == 0 {
        return (f64::NAN, 0.0);
    }
    let mean = xs.clone().sum::<f64>() / n as f64;
    let var = xs.map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
    // Rounding noise around a constant is not variance.
    let sd = var.sqrt();
    if sd <= 1e-12 * (1.0 + mean.abs()) {
        (mean, 0.0)
    } else {
        (mean, sd)
    }
}

/// Standardised coefficients of `y` on the variables `vars` over `rows`.
fn regress(
    samples: &Samples,
    rows: &[usize],
    vars: &[usize],
    y: impl Fn(usize) -> Option<f64>,
) -> Vec<f64> {
    let p = vars.len();
    let rows: Vec<usize> = rows.iter().copied().filter(|&s| y(s).is_some()).collect();
    if rows.len() <= p {
        return vec![f64::NAN; p];
    }
    let (my, sy) = mean_sd(rows.iter().filter_map(|&s| y(s)));
    if sy <= 0.0 {
        return vec![0.0; p];
    }
    let stats: Vec<(f64, f64)> = vars
        .iter()
        .map(|&l| mean_sd(rows.iter().map(|&s| samples.levels(s)[l])))
        .collect();
    let mut xtx = DMatrix::<f64>::zeros(p, p);
    let mut xty = DVector::<f64>::zeros(p);
    let mut z = vec![0.0; p];
    for &s in &rows {
        let levels = samples.levels(s);
        for (j, (&l, &(m, sd))) in vars.iter().zip(&stats).enumerate() {
            z[j] = if sd > 0.0 { (levels[l] - m) / sd } else { 0.0 };
        }
        let zy = (y(s).unwrap_or(my) - my) / sy;
        for a in 0..p {
            xty[a] += z[a] * zy;
            for b in 0..p {
                xtx[(a, b)] += z[a] * z[b];
            }
        }
    }
    match xtx.svd(true, true).solve(&xty, 1e-10 * rows.len() as f64) {
        Ok(b) => b.iter().copied().collect(),
        Err(_) => vec![f64::NAN; p],
    }
}
