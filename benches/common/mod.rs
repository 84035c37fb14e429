#![allow(dead_code)] // each bench, test and example uses part of it
//! Shared by the benches and the `random_space` example: random additive scenarios of
//! a given size, from a seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A scenario JSON with random weights and option values.
pub fn random_scenario(actors: usize, issues: usize, options: usize, seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let issue_list: Vec<String> = (0..issues)
        .map(|k| {
            let opts: Vec<String> = (0..options).map(|o| format!("\"o{o}\"")).collect();
            format!("{{\"id\": \"i{k}\", \"options\": [{}]}}", opts.join(", "))
        })
        .collect();
    let actor_list: Vec<String> = (0..actors)
        .map(|a| {
            let weights: Vec<String> =
                (0..issues).map(|k| format!("\"i{k}\": {:.6}", rng.random::<f64>())).collect();
            let values: Vec<String> = (0..issues)
                .map(|k| {
                    let v: Vec<String> =
                        (0..options).map(|o| format!("\"o{o}\": {:.6}", rng.random::<f64>())).collect();
                    format!("\"i{k}\": {{{}}}", v.join(", "))
                })
                .collect();
            format!(
                "{{\"id\": \"a{a}\", \"disagreement\": 0.3, \"weights\": {{{}}}, \"values\": {{{}}}}}",
                weights.join(", "),
                values.join(", ")
            )
        })
        .collect();
    format!(
        "{{\"name\": \"random\", \"issues\": [{}], \"actors\": [{}]}}",
        issue_list.join(", "),
        actor_list.join(", ")
    )
}

/// A scenario JSON like [`random_scenario`] with `options[k]` options on issue `k`,
/// disagreement points drawn in [0.2, 0.4], and three leverage variables, uniform on
/// [0, 1], each moving two actors' disagreement points (by up to ±0.1) and powers (by
/// up to a factor e^±0.5): the shape of a leverage sweep.
pub fn random_leverage_scenario(actors: usize, options: &[usize], seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let issue_list: Vec<String> = options
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let opts: Vec<String> = (0..n).map(|o| format!("\"o{o}\"")).collect();
            format!("{{\"id\": \"i{k}\", \"options\": [{}]}}", opts.join(", "))
        })
        .collect();
    let actor_list: Vec<String> = (0..actors)
        .map(|a| {
            let weights: Vec<String> = (0..options.len())
                .map(|k| format!("\"i{k}\": {:.6}", rng.random::<f64>()))
                .collect();
            let values: Vec<String> = options
                .iter()
                .enumerate()
                .map(|(k, &n)| {
                    let v: Vec<String> = (0..n)
                        .map(|o| format!("\"o{o}\": {:.6}", rng.random::<f64>()))
                        .collect();
                    format!("\"i{k}\": {{{}}}", v.join(", "))
                })
                .collect();
            format!(
                "{{\"id\": \"a{a}\", \"disagreement\": {:.6}, \"weights\": {{{}}}, \"values\": {{{}}}}}",
                0.2 + 0.2 * rng.random::<f64>(),
                weights.join(", "),
                values.join(", ")
            )
        })
        .collect();
    let leverage: Vec<String> = (0..3)
        .map(|l| {
            let effects: Vec<String> = (0..2)
                .map(|_| {
                    format!(
                        "{{\"actor\": \"a{}\", \"disagreement\": {:.6}, \"power\": {:.6}}}",
                        rng.random_range(0..actors),
                        0.2 * rng.random::<f64>() - 0.1,
                        rng.random::<f64>() - 0.5
                    )
                })
                .collect();
            format!(
                "{{\"id\": \"x{l}\", \"value\": 0.5, \"distribution\": {{\"uniform\": [0, 1]}}, \"effects\": [{}]}}",
                effects.join(", ")
            )
        })
        .collect();
    format!(
        "{{\"name\": \"random\", \"issues\": [{}], \"actors\": [{}], \"leverage\": [{}]}}",
        issue_list.join(", "),
        actor_list.join(", "),
        leverage.join(", ")
    )
}
