//! The built-in concepts' objectives at a vector of seated gains, for the tests'
//! brute forces (shared by `tests/properties.rs` and `tests/edge_cases.rs`).

use detente::Concept;

/// The Nash objective sum_i alpha_i ln g_i; -inf when a gain is not positive.
pub fn log_nash(g: &[f64], alpha: &[f64]) -> f64 {
    g.iter()
        .zip(alpha)
        .map(|(&g, &a)| {
            if g > 0.0 {
                a * g.ln()
            } else {
                f64::NEG_INFINITY
            }
        })
        .sum()
}

/// The concept's objective at gains `g`; `ideal` holds the Kalai ideal gains.
pub fn objective(concept: Concept, g: &[f64], alpha: &[f64], ideal: &[f64]) -> f64 {
    match concept {
        Concept::Nash => log_nash(g, alpha),
        Concept::Kalai => g
            .iter()
            .zip(ideal)
            .map(|(g, i)| g / i)
            .fold(f64::INFINITY, f64::min),
        Concept::Egalitarian => g.iter().copied().fold(f64::INFINITY, f64::min),
        // sum u_i = sum g_i + sum d_i: the same argmax.
        Concept::Utilitarian => g.iter().sum(),
        Concept::Offers => unreachable!("offers is checked by its axioms, not brute-forced"),
    }
}
