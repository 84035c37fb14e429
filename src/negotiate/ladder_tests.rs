//! The ladder against a brute force over every outcome: the best outcome and the
//! lowest outcome at or above a target, ties to the first in enumeration order, on
//! random discrete scenarios with packages, gates and interaction terms, and with
//! values drawn from a small set so that ties are common.

use super::ladder::{Ladder, TOL};
use crate::scenario::Scenario;
use crate::search::{Budget, SearchOptions};
use crate::space::{outcomes, Value};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random scenario: 2 to 6 discrete issues of 1 to 4 options, 2 or 3 actors, values
/// from {0, 0.25, 0.5, 1} (ties) or arbitrary, some weights 0, red lines, packages
/// (one gated), interaction terms.
fn random_scenario(seed: u64) -> Scenario {
    let mut r = Lcg(seed);
    let issues = 2 + r.below(5) as usize;
    let sizes: Vec<u64> = (0..issues).map(|_| 1 + r.below(4)).collect();
    let tied = r.below(2) == 0;
    let issue_json: Vec<String> = sizes
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let opts: Vec<String> = (0..n).map(|o| format!("\"o{o}\"")).collect();
            format!("{{\"id\": \"i{k}\", \"options\": [{}]}}", opts.join(","))
        })
        .collect();
    let mut actors = Vec::new();
    for a in 0..2 + r.below(2) {
        let mut weights = Vec::new();
        let mut values = Vec::new();
        for (k, &n) in sizes.iter().enumerate() {
            // Issue 0 always counts, so that the weights are not all zero.
            weights.push(format!("\"i{k}\": {}", r.below(3) + u64::from(k == 0)));
            let vals: Vec<String> = (0..n)
                .map(|o| {
                    let v = if tied {
                        [0.0, 0.25, 0.5, 1.0][r.below(4) as usize]
                    } else {
                        r.below(1000) as f64 / 997.0
                    };
                    format!("\"o{o}\": {v}")
                })
                .collect();
            values.push(format!("\"i{k}\": {{{}}}", vals.join(",")));
        }
        let cond = |r: &mut Lcg| {
            let k = r.below(issues as u64) as usize;
            format!(
                "{{\"issue\": \"i{k}\", \"options\": [\"o{}\"]}}",
                r.below(sizes[k])
            )
        };
        let mut red = Vec::new();
        if r.below(3) == 0 {
            let k = r.below(issues as u64) as usize;
            red.push(format!(
                "{{\"issue\": \"i{k}\", \"options\": [\"o{}\"]}}",
                r.below(sizes[k])
            ));
        }
        if r.below(2) == 0 {
            let gate = if r.below(2) == 0 {
                ", \"if\": {\"leverage\": \"l\", \"below\": 0.5}"
            } else {
                ""
            };
            red.push(format!(
                "{{\"all\": [{}, {}]{gate}}}",
                cond(&mut r),
                cond(&mut r)
            ));
        }
        let mut terms = Vec::new();
        for _ in 0..r.below(3) {
            let when: Vec<String> = (0..r.below(3)).map(|_| cond(&mut r)).collect();
            terms.push(format!(
                "{{\"when\": [{}], \"value\": {}, \"weight\": {}}}",
                when.join(","),
                r.below(5) as f64 / 4.0,
                1 + r.below(2)
            ));
        }
        let seated = if a == 2 && r.below(2) == 0 {
            "false"
        } else {
            "true"
        };
        actors.push(format!(
            "{{\"id\": \"a{a}\", \"seated\": {seated}, \"weights\": {{{}}}, \"values\": {{{}}}, \
             \"red_lines\": [{}], \"interactions\": [{}]}}",
            weights.join(","),
            values.join(","),
            red.join(","),
            terms.join(",")
        ));
    }
    let json = format!(
        "{{\"name\": \"r\", \"issues\": [{}], \"actors\": [{}], \"leverage\": [{{\"id\": \"l\", \"value\": 0.2}}]}}",
        issue_json.join(","),
        actors.join(",")
    );
    Scenario::from_json(&json, "random").expect("the generator writes valid scenarios")
}

/// Every feasible outcome (enumeration order) with `actor`'s utility.
fn feasible(scenario: &Scenario, actor: usize, levels: &[f64]) -> Vec<(Vec<Value>, f64)> {
    outcomes(scenario.issues(), 2)
        .filter(|x| {
            !scenario
                .actors()
                .iter()
                .filter(|a| a.seated())
                .any(|a| a.vetoes(x, levels))
        })
        .map(|x| {
            let u = scenario.actors()[actor].utility(&x);
            (x, u)
        })
        .collect()
}

/// The contract's "lowest u >= tau, ties within 1e-12 to the first", by brute force.
fn brute_lowest(all: &[(Vec<Value>, f64)], tau: f64) -> Option<Vec<Value>> {
    let m = all
        .iter()
        .map(|(_, u)| *u)
        .filter(|&u| u >= tau - TOL)
        .fold(f64::INFINITY, f64::min);
    all.iter()
        .find(|(_, u)| *u >= tau - TOL && *u <= m + TOL)
        .map(|(x, _)| x.clone())
}

#[test]
fn the_ladder_answers_as_a_brute_force_does() {
    let budget = Budget::new(SearchOptions::default());
    for seed in 0..300 {
        let scenario = random_scenario(seed);
        for levels in [[0.2], [0.8]] {
            for &actor in &scenario.seated() {
                let all = feasible(&scenario, actor, &levels);
                // Odd seeds split every space in two halves; even ones list small
                // spaces whole, as the negotiation does.
                let whole = if seed % 2 == 1 { 1 } else { 1 << 16 };
                let ladder =
                    Ladder::split_above(&scenario, actor, &levels, &budget, whole).expect("fits");
                let Some(ladder) = ladder else {
                    assert!(
                        all.is_empty(),
                        "seed {seed}: the ladder found nothing feasible"
                    );
                    continue;
                };
                let best = all
                    .iter()
                    .map(|(_, u)| *u)
                    .fold(f64::NEG_INFINITY, f64::max);
                assert!((ladder.best() - best).abs() < 1e-12, "seed {seed}");
                let first_best = all
                    .iter()
                    .find(|(_, u)| *u >= best - TOL)
                    .map(|(x, _)| x.clone());
                assert_eq!(Some(ladder.best_outcome()), first_best, "seed {seed}");
                let mut targets: Vec<f64> = all.iter().map(|(_, u)| *u).collect();
                targets.extend([best + 0.1, -1.0, 0.3, 0.61]);
                for tau in targets {
                    let want = brute_lowest(&all, tau);
                    assert_eq!(ladder.lowest_at_least(tau), want, "seed {seed}, tau {tau}");
                    // The issue-by-issue search for many ties answers the same.
                    if let Some(m) = ladder.min_at_least(tau - TOL) {
                        let by_issue = ladder.first_between_listing(tau - TOL, m + TOL, 0);
                        assert_eq!(by_issue, want, "seed {seed}, tau {tau}, by issue");
                    }
                }
            }
        }
    }
}
