//! The search with linked issues against brute force on small random spaces: package
//! red lines, interaction terms across issues (discrete and continuous) and gated
//! red lines, every axiomatic concept and the frontier.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::space::{self, Value};
use crate::utility::{Condition, Gate, Interaction, Package, Test};
use crate::{Concept, Engine, Scenario, SearchOptions};

/// A random scenario of `actors` seated actors over discrete issues (and one
/// continuous issue when `continuous`), with random links.
fn random(seed: u64, continuous: bool) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let issues = rng.random_range(2..=4usize);
    let actors = rng.random_range(2..=3usize);
    let mut issue_json = Vec::new();
    let mut options = Vec::new();
    for k in 0..issues {
        let o = rng.random_range(2..=3usize);
        options.push(o);
        let labels: Vec<String> = (0..o).map(|j| format!("\"o{j}\"")).collect();
        issue_json.push(format!(
            r#"{{"id": "i{k}", "options": [{}]}}"#,
            labels.join(",")
        ));
    }
    if continuous {
        issue_json.push(r#"{"id": "c", "range": [0, 1]}"#.to_string());
    }
    let mut actor_json = Vec::new();
    for a in 0..actors {
        let mut weights = Vec::new();
        let mut values = Vec::new();
        for (k, &o) in options.iter().enumerate() {
            weights.push(format!(r#""i{k}": {}"#, rng.random_range(1..=4)));
            let v: Vec<String> = (0..o)
                .map(|j| format!(r#""o{j}": {}"#, rng.random_range(0..=4)))
                .collect();
            values.push(format!(r#""i{k}": {{{}}}"#, v.join(",")));
        }
        if continuous {
            weights.push(format!(r#""c": {}"#, rng.random_range(1..=4)));
            let (y0, y1) = if a % 2 == 0 { (0.0, 1.0) } else { (1.0, 0.0) };
            values.push(format!(r#""c": {{"points": [[0, {y0}], [1, {y1}]]}}"#));
        }
        actor_json.push(format!(
            r#"{{"id": "a{a}", "disagreement": {}, "weights": {{{}}}, "values": {{{}}}}}"#,
            rng.random_range(0..=3) as f64 * 0.1,
            weights.join(","),
            values.join(",")
        ));
    }
    let json = format!(
        r#"{{"name": "r", "issues": [{}], "actors": [{}],
            "leverage": [{{"id": "l", "value": 0.5, "distribution": {{"uniform": [0, 1]}}}}]}}"#,
        issue_json.join(","),
        actor_json.join(",")
    );
    let mut s = Scenario::from_json(&json, "random").expect("valid");
    let cond = |rng: &mut ChaCha8Rng, k: usize| -> Condition {
        if k == issues {
            let x = rng.random_range(1..=9) as f64 / 10.0;
            let test = match rng.random_range(0..3) {
                0 => Test::Below(x),
                1 => Test::Above(x),
                _ => Test::Between(x - 0.1, x + 0.05),
            };
            Condition { issue: k, test }
        } else {
            let pick: Vec<usize> = (0..options[k]).filter(|_| rng.random_bool(0.5)).collect();
            let pick = if pick.is_empty() { vec![0] } else { pick };
            Condition {
                issue: k,
                test: Test::Options(pick),
            }
        }
    };
    let all_issues = issues + usize::from(continuous);
    for a in 0..actors {
        let actor = &mut s.actors[a];
        let mut stated: Vec<f64> = actor.stated_weights.clone();
        let mut terms = Vec::new();
        for _ in 0..rng.random_range(0..=3) {
            let mut ks: Vec<usize> = (0..all_issues).filter(|_| rng.random_bool(0.6)).collect();
            ks.truncate(3);
            let when = ks.iter().map(|&k| cond(&mut rng, k)).collect();
            let value = rng.random_range(-2..=4) as f64;
            terms.push((when, value, rng.random_range(1..=3) as f64));
        }
        let total: f64 = stated.iter().sum::<f64>() + terms.iter().map(|t| t.2).sum::<f64>();
        for w in &mut stated {
            *w /= total;
        }
        actor.weights = stated;
        actor.interactions = terms
            .into_iter()
            .map(|(when, value, w)| Interaction {
                when,
                value,
                stated_weight: w,
                weight: w / total,
            })
            .collect();
        if rng.random_bool(0.6) {
            let mut ks: Vec<usize> = (0..all_issues).filter(|_| rng.random_bool(0.6)).collect();
            if ks.is_empty() {
                ks.push(0);
            }
            let all = ks.iter().map(|&k| cond(&mut rng, k)).collect();
            let gate = rng.random_bool(0.4).then_some(Gate {
                leverage: 0,
                test: Test::Below(0.7),
            });
            actor.packages.push(Package { all, gate });
        }
    }
    s
}

const IR_EPS: f64 = 1e-12;

/// The concept's winner by brute force over a fine grid of the continuous issue
/// (none when every issue is discrete): objective, Nash objective, then
/// enumeration order.
fn brute(s: &Scenario, concept: Concept, levels: &[f64], grid: usize) -> Option<Vec<f64>> {
    let situation = s.situation(levels).expect("valid");
    let seated = s.seated();
    let d: Vec<f64> = seated
        .iter()
        .map(|&i| situation.disagreement()[i])
        .collect();
    let alpha: Vec<f64> = seated.iter().map(|&i| situation.power()[i]).collect();
    let feasible: Vec<(Vec<Value>, Vec<f64>)> = space::outcomes(s.issues(), grid)
        .filter(|x| seated.iter().all(|&i| !s.actors()[i].vetoes(x, levels)))
        .map(|x| {
            let g: Vec<f64> = seated
                .iter()
                .zip(&d)
                .map(|(&i, d)| s.actors()[i].utility(&x) - d)
                .collect();
            (x, g)
        })
        .filter(|(_, g)| g.iter().all(|&g| g > IR_EPS))
        .collect();
    let ideal: Vec<f64> = (0..seated.len())
        .map(|i| feasible.iter().map(|(_, g)| g[i]).fold(0.0, f64::max))
        .collect();
    let score = |g: &[f64]| -> f64 {
        match concept {
            Concept::Nash => g.iter().zip(&alpha).map(|(g, a)| a * g.ln()).sum(),
            Concept::Kalai => g
                .iter()
                .zip(&ideal)
                .map(|(g, i)| g / i)
                .fold(f64::INFINITY, f64::min),
            Concept::Egalitarian => g.iter().copied().fold(f64::INFINITY, f64::min),
            _ => g.iter().sum(),
        }
    };
    feasible
        .iter()
        .map(|(_, g)| score(g))
        .fold(None, |best: Option<f64>, x| {
            Some(best.map_or(x, |b| b.max(x)))
        })
        .map(|best| vec![best])
}

fn check(seed: u64, continuous: bool) {
    let s = random(seed, continuous);
    for level in [0.2, 0.9] {
        let levels = vec![level];
        let situation = s.situation(&levels).expect("valid");
        for concept in [
            Concept::Nash,
            Concept::Egalitarian,
            Concept::Utilitarian,
            Concept::Kalai,
        ] {
            let verdict = Engine::with_options(&s, SearchOptions::default())
                .solve(concept, &situation)
                .expect("solves");
            // Over a grid the brute force can only find less than the exact optimum.
            let want = brute(&s, concept, &levels, if continuous { 401 } else { 2 });
            let seated = s.seated();
            match (verdict.agreement(), want) {
                (None, None) => {}
                (Some(a), Some(want)) => {
                    assert!(
                        seated
                            .iter()
                            .all(|&i| !s.actors()[i].vetoes(&a.outcome, &levels)),
                        "seed {seed} {concept}: the answer crosses a red line"
                    );
                    let got = brute_score_of(&s, concept, &levels, &a.outcome, continuous);
                    let tol = if continuous { 1e-2 } else { 1e-9 };
                    assert!(
                        got >= want[0] - tol * (1.0 + want[0].abs()),
                        "seed {seed} {concept} level {level}: search {got} < brute force {}\n{:?}",
                        want[0],
                        a.outcome
                    );
                    if !continuous {
                        assert!(
                            got <= want[0] + 1e-9 * (1.0 + want[0].abs()),
                            "seed {seed} {concept}: search {got} > brute force {}",
                            want[0]
                        );
                    }
                }
                (got, want) => panic!(
                    "seed {seed} {concept} level {level}: search {:?}, brute force {:?}",
                    got.map(|a| &a.outcome),
                    want
                ),
            }
        }
    }
}

/// The concept's objective at an outcome, with the Kalai ideal from the same grid.
fn brute_score_of(
    s: &Scenario,
    concept: Concept,
    levels: &[f64],
    x: &[Value],
    continuous: bool,
) -> f64 {
    let situation = s.situation(levels).expect("valid");
    let seated = s.seated();
    let g: Vec<f64> = seated
        .iter()
        .map(|&i| s.actors()[i].utility(x) - situation.disagreement()[i])
        .collect();
    match concept {
        Concept::Kalai => {
            let grid = if continuous { 401 } else { 2 };
            let ideal: Vec<f64> = (0..seated.len())
                .map(|j| {
                    space::outcomes(s.issues(), grid)
                        .filter(|y| seated.iter().all(|&i| !s.actors()[i].vetoes(y, levels)))
                        .filter_map(|y| {
                            let gy: Vec<f64> = seated
                                .iter()
                                .map(|&i| s.actors()[i].utility(&y) - situation.disagreement()[i])
                                .collect();
                            gy.iter().all(|&v| v > IR_EPS).then_some(gy[j])
                        })
                        .fold(0.0, f64::max)
                })
                .collect();
            g.iter()
                .zip(&ideal)
                .map(|(g, i)| g / i)
                .fold(f64::INFINITY, f64::min)
        }
        Concept::Nash => {
            let alpha: Vec<f64> = seated.iter().map(|&i| situation.power()[i]).collect();
            g.iter().zip(&alpha).map(|(g, a)| a * g.ln()).sum()
        }
        Concept::Egalitarian => g.iter().copied().fold(f64::INFINITY, f64::min),
        _ => g.iter().sum(),
    }
}

#[test]
fn discrete_links_match_brute_force() {
    for seed in 0..300 {
        check(seed, false);
    }
}

#[test]
fn continuous_links_match_a_fine_grid() {
    for seed in 0..120 {
        check(seed, true);
    }
}

#[test]
fn the_listed_frontier_keeps_only_pareto_optimal_feasible_outcomes() {
    for seed in 0..200 {
        let s = random(seed, false);
        let levels = s.status_quo();
        let listed = Engine::frontier(&s, 2, SearchOptions::default()).expect("lists");
        let seated = s.seated();
        let all: Vec<Vec<f64>> = space::outcomes(s.issues(), 2)
            .filter(|x| seated.iter().all(|&i| !s.actors()[i].vetoes(x, &levels)))
            .map(|x| seated.iter().map(|&i| s.actors()[i].utility(&x)).collect())
            .collect();
        // Utilities equal up to rounding may keep a point whose twin is better
        // elsewhere (the search's sums and these differ in the last bits), so a listed
        // point must not be beaten clearly in every actor, and every point that
        // nothing beats (up to rounding) must be listed.
        let beaten_everywhere = |u: &[f64]| {
            all.iter()
                .any(|v| v.iter().zip(u).all(|(a, b)| *a > *b + 1e-9))
        };
        let dominated = |u: &[f64]| {
            all.iter().any(|v| {
                v.iter().zip(u).all(|(a, b)| *a >= *b - 1e-12)
                    && v.iter().zip(u).any(|(a, b)| *a > *b + 1e-9)
            })
        };
        let listed_utils: Vec<Vec<f64>> = listed
            .iter()
            .map(|p| seated.iter().map(|&i| p.utilities[i]).collect())
            .collect();
        for u in &listed_utils {
            assert!(
                !beaten_everywhere(u),
                "seed {seed}: a listed point is dominated"
            );
        }
        for u in all.iter().filter(|u| !dominated(u)) {
            assert!(
                listed_utils
                    .iter()
                    .any(|l| l.iter().zip(u).all(|(a, b)| (a - b).abs() <= 1e-9)),
                "seed {seed}: a Pareto-optimal outcome is missing"
            );
        }
    }
}
