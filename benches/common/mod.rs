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
