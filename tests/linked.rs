//! Linked issues (CONTRACT §7) through the public API and the built binary: package red
//! lines, interaction terms (empty `when`, negative values) and red lines gated by a
//! leverage variable, on random small scenarios drawn by `common/linked_gen.rs`.
//!
//! - every concept's agreement against an exhaustive argmax with the contract's
//!   tie-break (discrete spaces: the outcome itself; one continuous issue: feasible and
//!   at least as good as a fine grid), at lever levels on both sides of the gates;
//! - unseated actors' links change nothing but their own reported utility;
//! - alternating offers: every proposal is stationary (brute force);
//! - the frontier is exactly the Pareto-optimal feasible outcomes (library and CLI);
//! - `solve --set` equals `Scenario::situation`; every sweep sample equals a fresh
//!   `solve --set`, with the same bytes on 1 and 2 threads;
//! - bad linked input exits 2 with one line naming the file and the field.
//!
//! Utilities and vetoes in the brute forces come from the contract's formulas in
//! `linked_gen.rs`, not from the library.

use std::path::PathBuf;
use std::process::{Command, Output};

use detente::{Concept, Engine, Scenario, SearchOptions, Situation, Value, Verdict};
use proptest::prelude::*;
use serde_json::Value as Json;

#[path = "common/brute.rs"]
mod brute;
#[path = "common/objectives.rs"]
mod objectives;
use brute::{brute_best, ideal_of, Cand};
use objectives::{log_nash, objective};

#[path = "common/linked_gen.rs"]
mod linked_gen;
use linked_gen::{case, Case, Iss, Shape};

/// Agreement between the engine and the brute force on objective values.
const TOL: f64 = 1e-9;
/// Strict individual rationality: u_i > d_i + IR_EPS.
const IR_EPS: f64 = 1e-12;
/// What the contract's 1e-6 (scaled to the range) can cost in objective on the
/// continuous cases (slopes are at most a few units per range).
const CONT_SLACK: f64 = 1e-5;
/// Margin under which a grid's deal and the engine's no deal are not told apart.
const DEAL_MARGIN: f64 = 1e-7;

const CONCEPTS: [Concept; 4] = [
    Concept::Nash,
    Concept::Kalai,
    Concept::Egalitarian,
    Concept::Utilitarian,
];

/// Case counts scale with `DETENTE_PROP_SCALE` (default 1), as in `tests/properties.rs`.
fn cases(n: u32) -> u32 {
    let scale = std::env::var("DETENTE_PROP_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    n.saturating_mul(scale.max(1))
}

const DISCRETE: Shape = Shape {
    actors: (2, 4),
    discrete: (2, 5),
    options: (2, 4),
    continuous: 0,
    dummy: 0.3,
};

const MIXED: Shape = Shape {
    actors: (2, 3),
    discrete: (1, 3),
    options: (2, 3),
    continuous: 1,
    dummy: 0.2,
};

const SMALL: Shape = Shape {
    actors: (2, 3),
    discrete: (2, 3),
    options: (2, 3),
    continuous: 0,
    dummy: 0.3,
};

fn load(c: &Case) -> Scenario {
    let json = c.to_json();
    Scenario::from_json(&json.to_string(), "linked.json")
        .unwrap_or_else(|e| panic!("generated scenario is valid: {e}\n{json}"))
}

fn at_level(s: &Scenario, level: f64) -> Situation {
    let levels = s
        .levels_with(&[("lever".to_string(), level)])
        .expect("lever exists");
    s.situation(&levels).expect("valid situation")
}

/// Lever levels to solve at: the status quo and both sides of every gate threshold.
fn levels(c: &Case) -> Vec<f64> {
    let mut l = vec![c.status_quo(), 0.0, 0.5, 1.0];
    l.dedup();
    l
}

fn rational(g: &[f64]) -> bool {
    g.iter().all(|&g| g > IR_EPS)
}

fn candidates(c: &Case, level: f64, points: &[f64]) -> Vec<Cand> {
    c.outcomes(points)
        .into_iter()
        .filter(|x| c.feasible(x, level))
        .map(|x| Cand {
            gains: c.gains(&x, level),
            outcome: x,
        })
        .filter(|k| rational(&k.gains))
        .collect()
}

/// Reported utilities (every actor, seated or not) and gains are the contract's.
fn check_reported(c: &Case, level: f64, v: &Verdict, json: &Json) -> Result<(), TestCaseError> {
    let n = c.actors.len();
    prop_assert_eq!(v.utilities().len(), n);
    for i in 0..n {
        let d = c.disagreement(i, level);
        match v.agreement() {
            Some(a) => {
                let u = c.utility(i, &a.outcome);
                prop_assert!(
                    (a.utilities[i] - u).abs() <= 1e-12,
                    "utility of a{} at {:?}: engine {} vs contract {}\n{}",
                    i,
                    a.outcome,
                    a.utilities[i],
                    u,
                    json
                );
                prop_assert!((a.gains[i] - (a.utilities[i] - d)).abs() <= 1e-12);
            }
            None => {
                prop_assert!((v.utilities()[i] - d).abs() <= 1e-12, "no deal: u = d");
            }
        }
    }
    Ok(())
}

fn solve(s: &Scenario, concept: Concept, sit: &Situation) -> Verdict {
    Engine::new(s)
        .solve(concept, sit)
        .unwrap_or_else(|e| panic!("{concept} solves: {e}"))
}

/// Discrete: the engine's agreement is the brute force's outcome (or an indistinct tie).
fn check_discrete(c: &Case, s: &Scenario, level: f64) -> Result<(), TestCaseError> {
    let json = c.to_json();
    let sit = at_level(s, level);
    let alpha = c.powers();
    let cands = candidates(c, level, &[]);
    let ideal = ideal_of(&cands, alpha.len());
    for concept in CONCEPTS {
        let v = solve(s, concept, &sit);
        check_reported(c, level, &v, &json)?;
        let best = brute_best(concept, &cands, &alpha, &ideal);
        match (best, v.agreement()) {
            (None, None) => {}
            (b, a) => {
                prop_assert!(
                    b.is_some() && a.is_some(),
                    "{} at lever {}: engine {:?} vs brute force {:?}\n{}",
                    concept,
                    level,
                    a.map(|a| &a.outcome),
                    b.map(|b| &cands[b].outcome),
                    json
                );
                let (b, a) = (&cands[b.expect("some")], a.expect("some"));
                if a.outcome == b.outcome {
                    continue;
                }
                prop_assert!(
                    c.feasible(&a.outcome, level),
                    "{} infeasible\n{}",
                    concept,
                    json
                );
                let g = c.gains(&a.outcome, level);
                prop_assert!(rational(&g), "{} not rational\n{}", concept, json);
                let (eo, en) = (objective(concept, &g, &alpha, &ideal), log_nash(&g, &alpha));
                let (bo, bn) = (
                    objective(concept, &b.gains, &alpha, &ideal),
                    log_nash(&b.gains, &alpha),
                );
                let exact_tie = eo.to_bits() == bo.to_bits() && en.to_bits() == bn.to_bits();
                prop_assert!(
                    (eo - bo).abs() <= TOL && (en - bn).abs() <= TOL && !exact_tie,
                    "{} at lever {}: engine {:?} ({}, {}) vs brute force {:?} ({}, {})\n{}",
                    concept,
                    level,
                    a.outcome,
                    eo,
                    en,
                    b.outcome,
                    bo,
                    bn,
                    json
                );
            }
        }
    }
    Ok(())
}

/// The same case with every unseated actor's red lines and interaction terms removed.
fn strip_unseated(c: &Case) -> Option<Case> {
    let mut stripped = c.clone();
    let mut changed = false;
    for a in stripped.actors.iter_mut().filter(|a| !a.seated) {
        changed |= !a.red.is_empty() || !a.inter.is_empty();
        a.red.clear();
        if !a.inter.is_empty() {
            a.inter.clear();
            if a.weights.iter().all(|&w| w == 0.0) {
                a.weights[0] = 1.0;
            }
        }
    }
    changed.then_some(stripped)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1500), ..ProptestConfig::default() })]

    /// Every concept's agreement on discrete linked spaces equals the exhaustive argmax
    /// with the contract's tie-break, at lever levels on both sides of every gate; an
    /// unseated actor's links change no agreement.
    #[test]
    fn discrete_concepts_match_brute_force(seed in any::<u64>()) {
        let c = case(seed, DISCRETE);
        let s = load(&c);
        for level in levels(&c) {
            check_discrete(&c, &s, level)?;
        }
        if let Some(stripped) = strip_unseated(&c) {
            let t = load(&stripped);
            for level in levels(&c) {
                for concept in CONCEPTS {
                    let a = solve(&s, concept, &at_level(&s, level));
                    let b = solve(&t, concept, &at_level(&t, level));
                    prop_assert_eq!(
                        a.agreement().map(|a| &a.outcome),
                        b.agreement().map(|b| &b.outcome),
                        "{} at {}: an unseated actor's links moved the agreement\n{}",
                        concept, level, c.to_json()
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// One continuous issue: feasible and at least as good as a fine grid
// ---------------------------------------------------------------------------------

/// Grid of 8m + 1 points (every threshold and knot is on it), points just off every
/// eighth (the sup of a strict condition), and in each piece the zeros of every seated
/// gain (the corners of the individually rational set, which make the Kalai ideal exact).
fn grid_points(c: &Case, k: usize, level: f64) -> Vec<f64> {
    let issue = &c.issues[k];
    let Iss::Cont { lo, width } = *issue else {
        unreachable!("continuous")
    };
    let mut pts: Vec<f64> = (0..=400).map(|j| lo + width * j as f64 / 400.0).collect();
    for e in 0..=8 {
        let x = issue.at8(e);
        pts.extend([x - 1e-9 * width, x + 1e-9 * width]);
    }
    let disc: Vec<Vec<Value>> = c.outcomes(&[lo]);
    for e in 0..8 {
        let (a, b) = (issue.at8(e) + 1e-9 * width, issue.at8(e + 1) - 1e-9 * width);
        for x in &disc {
            let mut xa = x.clone();
            let mut xb = x.clone();
            xa[k] = Value::Number(a);
            xb[k] = Value::Number(b);
            let (ga, gb) = (c.gains(&xa, level), c.gains(&xb, level));
            for (p, q) in ga.iter().zip(&gb) {
                if (p > &0.0) != (q > &0.0) {
                    let r = a + (b - a) * p / (p - q);
                    pts.extend([r - 1e-9 * width, r, r + 1e-9 * width]);
                }
            }
        }
    }
    pts.retain(|&x| x >= lo && x <= lo + width);
    pts.sort_by(f64::total_cmp);
    pts.dedup();
    pts
}

fn check_continuous(c: &Case, s: &Scenario, level: f64) -> Result<(), TestCaseError> {
    let json = c.to_json();
    let k = c
        .issues
        .iter()
        .position(|i| matches!(i, Iss::Cont { .. }))
        .expect("one continuous issue");
    let sit = at_level(s, level);
    let alpha = c.powers();
    let cands = candidates(c, level, &grid_points(c, k, level));
    let ideal = ideal_of(&cands, alpha.len());
    let deal_certain = cands
        .iter()
        .any(|k| k.gains.iter().all(|&g| g > DEAL_MARGIN));
    for concept in CONCEPTS {
        let v = solve(s, concept, &sit);
        check_reported(c, level, &v, &json)?;
        let Some(a) = v.agreement() else {
            prop_assert!(
                !deal_certain,
                "{} at {}: no deal, but the grid has one\n{}",
                concept,
                level,
                json
            );
            continue;
        };
        prop_assert!(
            c.feasible(&a.outcome, level),
            "{} at {}: {:?} crosses a red line\n{}",
            concept,
            level,
            a.outcome,
            json
        );
        let g = c.gains(&a.outcome, level);
        prop_assert!(
            g.iter().all(|&g| g >= -1e-9),
            "{} not rational {:?}\n{}",
            concept,
            g,
            json
        );
        let Some(b) = brute_best(concept, &cands, &alpha, &ideal) else {
            continue;
        };
        let (eo, bo) = match concept {
            // Compare Nash products, not logs, so that tiny gains do not blow up the slack.
            Concept::Nash => (
                log_nash(&g, &alpha).exp(),
                log_nash(&cands[b].gains, &alpha).exp(),
            ),
            _ => (
                objective(concept, &g, &alpha, &ideal),
                objective(concept, &cands[b].gains, &alpha, &ideal),
            ),
        };
        prop_assert!(
            eo >= bo - CONT_SLACK,
            "{} at {}: engine {:?} scores {} < grid {:?} {}\n{}",
            concept,
            level,
            a.outcome,
            eo,
            cands[b].outcome,
            bo,
            json
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1000), ..ProptestConfig::default() })]

    /// With a continuous issue among linked discrete ones, every concept's agreement is
    /// feasible, individually rational and at least as good as a fine grid.
    #[test]
    fn continuous_concepts_beat_a_fine_grid(seed in any::<u64>()) {
        let c = case(seed, MIXED);
        let s = load(&c);
        for level in [c.status_quo(), 0.0, 1.0] {
            check_continuous(&c, &s, level)?;
        }
    }
}

/// A zone whose upper end is a red-line bound: its start plus its length rounded to
/// 0.25000000000000006, past the bound of 0.25 (found by the property test above).
#[test]
fn a_value_at_the_end_of_a_zone_stays_inside_the_red_line() {
    let c = case(12_716_421_805_641_448_665, MIXED);
    let s = load(&c);
    check_continuous(&c, &s, c.status_quo()).expect("feasible and as good as the grid");
}

// ---------------------------------------------------------------------------------
// Alternating offers: stationarity by brute force
// ---------------------------------------------------------------------------------

fn check_offers(c: &Case, s: &Scenario, level: f64) -> Result<bool, TestCaseError> {
    let json = c.to_json();
    let sit = at_level(s, level);
    let sol = match Engine::new(s).alternating_offers(&sit, None) {
        Ok(sol) => sol,
        // A cycle without a stationary agreement is a documented answer.
        Err(detente::Error::Offers(_)) => return Ok(false),
        Err(e) => return Err(TestCaseError::fail(format!("offers: {e}\n{json}"))),
    };
    check_reported(c, level, &sol.verdict, &json)?;
    let seated = c.seated();
    let all: Vec<(Vec<Value>, Vec<f64>)> = c
        .outcomes(&[])
        .into_iter()
        .filter(|x| c.feasible(x, level))
        .map(|x| {
            let g = (0..c.actors.len())
                .map(|i| c.utility(i, &x) - c.disagreement(i, level))
                .collect();
            (x, g)
        })
        .collect();
    let n = sol.proposals.len();
    if n == 0 {
        // No deal: nothing is individually rational for every seated actor.
        prop_assert!(
            !all.iter()
                .any(|(_, g)| seated.iter().all(|&i| g[i] > IR_EPS)),
            "offers: no deal but an outcome is rational\n{}",
            json
        );
        return Ok(true);
    }
    prop_assert_eq!(n, seated.len());
    for j in 0..n {
        let p = &sol.proposals[j];
        let next = &sol.proposals[(j + 1) % n].agreement.gains;
        let delta = |i: usize| sit.patience()[i];
        let ok = |g: &[f64]| {
            seated
                .iter()
                .all(|&i| g[i] > IR_EPS && (i == p.proposer || g[i] >= delta(i) * next[i] - 1e-9))
        };
        let mine = c.gains(&p.agreement.outcome, level);
        prop_assert!(
            c.feasible(&p.agreement.outcome, level),
            "proposal {} feasible\n{}",
            j,
            json
        );
        let full: Vec<f64> = (0..c.actors.len())
            .map(|i| c.utility(i, &p.agreement.outcome) - c.disagreement(i, level))
            .collect();
        prop_assert!(
            ok(&full),
            "proposal {} gives a responder less than its floor {:?}\n{}",
            j,
            mine,
            json
        );
        let best = all
            .iter()
            .filter(|(_, g)| ok(g))
            .map(|(_, g)| g[p.proposer])
            .fold(f64::NEG_INFINITY, f64::max);
        prop_assert!(
            (full[p.proposer] - best).abs() <= 1e-9,
            "proposal {} by a{} gives it {} but {} is possible\n{}",
            j,
            p.proposer,
            full[p.proposer],
            best,
            json
        );
    }
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(600), ..ProptestConfig::default() })]

    /// Every stationary proposal gives each responder its discounted continuation and
    /// is the proposer's best outcome subject to those floors.
    #[test]
    fn offers_are_stationary(seed in any::<u64>()) {
        let c = case(seed, SMALL);
        let s = load(&c);
        for level in [0.0, 1.0] {
            check_offers(&c, &s, level)?;
        }
    }
}

// ---------------------------------------------------------------------------------
// Frontier
// ---------------------------------------------------------------------------------

/// Pareto-optimal feasible outcomes at the status quo, in enumeration order; "better"
/// means by more than 1e-12 of the actor's largest utility (sums in another order).
fn brute_frontier(c: &Case) -> Vec<Vec<Value>> {
    let level = c.status_quo();
    let seated = c.seated();
    let all: Vec<(Vec<Value>, Vec<f64>)> = c
        .outcomes(&[])
        .into_iter()
        .filter(|x| c.feasible(x, level))
        .map(|x| {
            let u = seated.iter().map(|&i| c.utility(i, &x)).collect();
            (x, u)
        })
        .collect();
    let noise: Vec<f64> = (0..seated.len())
        .map(|i| 1e-12 * all.iter().map(|(_, u)| u[i].abs()).fold(1.0, f64::max))
        .collect();
    all.iter()
        .filter(|(_, u)| {
            !all.iter().any(|(_, k)| {
                let pairs = || k.iter().zip(u).zip(&noise);
                pairs().all(|((x, y), e)| *x >= y - e) && pairs().any(|((x, y), e)| *x > y + e)
            })
        })
        .map(|(x, _)| x.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1000), ..ProptestConfig::default() })]

    /// `Engine::frontier` lists exactly the Pareto-optimal feasible outcomes, in
    /// enumeration order, with every actor's utility.
    #[test]
    fn frontier_is_the_brute_force_pareto_set(seed in any::<u64>()) {
        let c = case(seed, DISCRETE);
        let s = load(&c);
        let points = Engine::frontier(&s, 11, SearchOptions::default()).expect("frontier");
        let got: Vec<Vec<Value>> = points.iter().map(|p| p.outcome.clone()).collect();
        let want = brute_frontier(&c);
        prop_assert_eq!(&got, &want, "frontier\n{}", c.to_json());
        for p in &points {
            for (i, u) in p.utilities.iter().enumerate() {
                prop_assert!((u - c.utility(i, &p.outcome)).abs() <= 1e-12);
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// The binary: solve --set, frontier --json, sweeps, bad input
// ---------------------------------------------------------------------------------

fn detente(args: &[&str], threads: Option<usize>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_detente"));
    cmd.args(args);
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t.to_string());
    }
    cmd.output().expect("the binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("detente-linked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn write(name: &str, json: &Json) -> String {
    let path = scratch(name);
    std::fs::write(&path, serde_json::to_string_pretty(json).expect("json")).expect("write");
    path.to_string_lossy().into_owned()
}

fn stdout_json(out: &Output) -> Json {
    assert_eq!(
        out.status.code(),
        Some(0),
        "exit 0: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// A CLI agreement (labels and numbers) as outcome values of `s`.
fn cli_outcome(s: &Scenario, agreement: &Json) -> Option<Vec<Value>> {
    if agreement.is_null() {
        return None;
    }
    Some(
        s.issues()
            .iter()
            .map(|i| {
                let v = &agreement[i.id()];
                match v.as_str() {
                    Some(label) => Value::Option(i.option_index(label).expect("a known label")),
                    None => Value::Number(v.as_f64().expect("a number")),
                }
            })
            .collect(),
    )
}

/// `solve --set lever=x` gives what the library gives at `Scenario::situation(levels)`.
#[test]
fn cli_solve_set_equals_the_library_at_those_levels() {
    let mut checked = 0;
    for seed in 0..12u64 {
        let shape = if seed % 3 == 0 { MIXED } else { DISCRETE };
        let c = case(seed.wrapping_mul(0x9e37_79b9), shape);
        let s = load(&c);
        let file = write(&format!("set{seed}.json"), &c.to_json());
        for level in ["0", "0.5", "1"] {
            for concept in [Concept::Nash, Concept::Kalai, Concept::Offers] {
                let out = detente(
                    &[
                        "solve",
                        &file,
                        "--concept",
                        concept.name(),
                        "--set",
                        &format!("lever={level}"),
                        "--json",
                    ],
                    None,
                );
                let sit = at_level(&s, level.parse().expect("a number"));
                let lib = if concept == Concept::Offers {
                    match Engine::new(&s).alternating_offers(&sit, None) {
                        Ok(sol) => sol.verdict,
                        Err(_) => {
                            assert_ne!(out.status.code(), Some(0), "library fails, CLI must too");
                            continue;
                        }
                    }
                } else {
                    solve(&s, concept, &sit)
                };
                let v = stdout_json(&out);
                assert_eq!(
                    cli_outcome(&s, &v["agreement"]),
                    lib.agreement().map(|a| a.outcome.clone()),
                    "{concept} --set lever={level} on {file}"
                );
                for (i, a) in s.actors().iter().enumerate() {
                    let u = v["utilities"][a.id()].as_f64().expect("utility");
                    assert!(
                        (u - lib.utilities()[i]).abs() <= 1e-12,
                        "{file}: utility of {}",
                        a.id()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 90, "{checked} CLI solves compared");
}

/// `frontier --json` lists the brute force's Pareto set with labels.
#[test]
fn cli_frontier_matches_the_brute_force() {
    for seed in 0..8u64 {
        let c = case(seed ^ 0xf00d, DISCRETE);
        let s = load(&c);
        let file = write(&format!("frontier{seed}.json"), &c.to_json());
        let v = stdout_json(&detente(&["frontier", &file, "--json"], None));
        let got: Vec<Vec<Value>> = v["points"]
            .as_array()
            .expect("points")
            .iter()
            .map(|p| cli_outcome(&s, &p["agreement"]).expect("an outcome"))
            .collect();
        assert_eq!(got, brute_frontier(&c), "{file}");
    }
}

const SWEEP_GATE_BERNOULLI: &str = r#"{
  "name": "sweep-gate-bernoulli",
  "issues": [
    {"id": "nato", "options": ["member", "deferred", "neutral"]},
    {"id": "troops", "options": ["none", "european", "us"]},
    {"id": "kursk", "options": ["kept", "swapped"]}],
  "actors": [
    {"id": "ua", "weights": {"nato": 3, "troops": 2, "kursk": 1},
     "values": {"nato": {"member": 1, "deferred": 0.5, "neutral": 0},
                "troops": {"none": 0, "european": 0.7, "us": 1},
                "kursk": {"kept": 1, "swapped": 0}},
     "red_lines": [{"all": [{"issue": "nato", "options": ["neutral"]},
                            {"issue": "troops", "options": ["none"]}]},
                   {"issue": "kursk", "options": ["swapped"], "if": {"leverage": "held", "above": 0.5}}],
     "interactions": [{"when": [{"issue": "nato", "options": ["neutral"]},
                                {"issue": "troops", "options": ["european", "us"]}],
                       "value": 1, "weight": 2},
                      {"when": [], "value": -0.5, "weight": 1}]},
    {"id": "ru", "disagreement": 0.1,
     "weights": {"nato": 3, "troops": 2, "kursk": 2},
     "values": {"nato": {"member": 0, "deferred": 0.4, "neutral": 1},
                "troops": {"none": 1, "european": 0.3, "us": 0},
                "kursk": {"kept": 0, "swapped": 1}},
     "red_lines": [{"issue": "nato", "options": ["member"]},
                   {"all": [{"issue": "troops", "options": ["us"]}],
                    "if": {"leverage": "held", "between": [0, 0.5]}}]},
    {"id": "eu", "seated": false, "weights": {"troops": 1},
     "values": {"troops": {"none": 0, "european": 1, "us": 0.5}},
     "red_lines": [{"issue": "troops", "options": ["none"]}],
     "interactions": [{"when": [{"issue": "kursk", "options": ["kept"]}], "value": 1, "weight": 1}]}],
  "leverage": [
    {"id": "held", "distribution": {"bernoulli": 0.5},
     "effects": [{"actor": "ua", "disagreement": 0.15}, {"actor": "ru", "power": -0.3}]}]
}"#;

const SWEEP_GATE_UNIFORM: &str = r#"{
  "name": "sweep-gate-uniform",
  "issues": [
    {"id": "share", "range": [0, 1]},
    {"id": "troops", "options": ["none", "european"]}],
  "actors": [
    {"id": "a", "weights": {"share": 2, "troops": 1},
     "values": {"share": {"points": [[0, 0], [1, 1]]}, "troops": {"none": 0, "european": 1}},
     "red_lines": [{"issue": "share", "below": 0.6, "if": {"leverage": "lever", "between": [0.3, 0.7]}}],
     "interactions": [{"when": [{"issue": "share", "between": [0.4, 0.8]},
                                {"issue": "troops", "options": ["european"]}], "value": 1, "weight": 1}]},
    {"id": "b", "weights": {"share": 2, "troops": 1},
     "values": {"share": {"points": [[0, 1], [1, 0]]}, "troops": {"none": 1, "european": 0.2}},
     "red_lines": [{"all": [{"issue": "share", "above": 0.7}, {"issue": "troops", "options": ["european"]}],
                    "if": {"leverage": "lever", "below": 0.5}}]}],
  "leverage": [
    {"id": "lever", "distribution": {"uniform": [0, 1]},
     "effects": [{"actor": "a", "disagreement": 0.2}, {"actor": "b", "patience": 0.5}]}]
}"#;

/// Links but no gates: the sweep's fast path must still see packages and terms.
const SWEEP_NO_GATE: &str = r#"{
  "name": "sweep-no-gate",
  "issues": [
    {"id": "x", "options": ["p", "q", "r"]},
    {"id": "y", "options": ["p", "q", "r"]},
    {"id": "z", "options": ["p", "q"]}],
  "actors": [
    {"id": "a", "weights": {"x": 2, "y": 1},
     "values": {"x": {"p": 1, "q": 0.5, "r": 0}, "y": {"p": 0, "q": 1, "r": 0.25}},
     "red_lines": [{"all": [{"issue": "x", "options": ["r"]}, {"issue": "y", "options": ["r"]}]}],
     "interactions": [{"when": [{"issue": "x", "options": ["q"]}, {"issue": "z", "options": ["q"]}],
                       "value": 1, "weight": 2}]},
    {"id": "b", "disagreement": 0.1, "weights": {"x": 1, "y": 2, "z": 1},
     "values": {"x": {"p": 0, "q": 0.5, "r": 1}, "y": {"p": 1, "q": 0, "r": 0.5}, "z": {"p": 1, "q": 0}},
     "interactions": [{"when": [{"issue": "y", "options": ["p", "r"]}], "value": -0.5, "weight": 1}]},
    {"id": "c", "weights": {"z": 1, "x": 1},
     "values": {"x": {"p": 0.5, "q": 1, "r": 0}, "z": {"p": 0, "q": 1}},
     "red_lines": [{"all": [{"issue": "x", "options": ["p"]}, {"issue": "z", "options": ["p"]}]}]}],
  "leverage": [
    {"id": "lever", "distribution": {"normal": [0.3, 0.2]},
     "effects": [{"actor": "a", "disagreement": 0.3, "power": 0.5}, {"actor": "c", "disagreement": -0.2}]}]
}"#;

/// Parse a CSV written by `sweep --out` (no quoting needed for these files).
fn read_csv(path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).expect("csv written");
    let mut lines = text.lines();
    let header = lines
        .next()
        .expect("header")
        .split(',')
        .map(str::to_string)
        .collect();
    let rows = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Each sweep sample equals a fresh `solve --set` at its levels; the summary and the
/// CSV have the same bytes on 1 and 2 threads.
fn check_sweep(name: &str, text: &str, concept: &str, samples: usize) {
    let s = Scenario::from_json(text, name).expect("valid sweep scenario");
    let file = write(
        &format!("{name}.json"),
        &serde_json::from_str(text).expect("json"),
    );
    let run = |threads: usize| {
        let csv = scratch(&format!("{name}-{concept}-{threads}.csv"))
            .to_string_lossy()
            .into_owned();
        let n = samples.to_string();
        let out = detente(
            &[
                "sweep",
                &file,
                "--samples",
                &n,
                "--seed",
                "11",
                "--concept",
                concept,
                "--out",
                &csv,
                "--json",
            ],
            Some(threads),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&csv).expect("csv");
        (out.stdout, bytes, csv)
    };
    let (json1, csv1, path) = run(1);
    let (json2, csv2, _) = run(2);
    assert!(
        json1 == json2,
        "{name} {concept}: summary differs between 1 and 2 threads"
    );
    assert!(
        csv1 == csv2,
        "{name} {concept}: CSV differs between 1 and 2 threads"
    );
    let (header, rows) = read_csv(&path);
    assert_eq!(rows.len(), samples, "one row per sample");
    let col = |h: &str| {
        header
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("column {h}"))
    };
    let mut opened = std::collections::BTreeSet::new();
    for row in &rows {
        let mut args = vec![
            "solve".to_string(),
            file.clone(),
            "--concept".into(),
            concept.into(),
            "--json".into(),
        ];
        for l in s.leverage() {
            args.push("--set".into());
            args.push(format!("{}={}", l.id(), row[col(l.id())]));
            opened.insert(row[col(l.id())].clone());
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let v = stdout_json(&detente(&argv, None));
        let deal = row[col("deal")] == "true";
        assert_eq!(
            deal,
            !v["agreement"].is_null(),
            "{name} {concept}: deal in {row:?}"
        );
        for issue in s.issues() {
            let cell = &row[col(issue.id())];
            let fresh = &v["agreement"][issue.id()];
            if !deal {
                continue;
            }
            match fresh.as_str() {
                Some(label) => {
                    assert_eq!(cell, label, "{name} {concept}: {} in {row:?}", issue.id())
                }
                None => {
                    let (a, b) = (
                        cell.parse::<f64>().expect("number"),
                        fresh.as_f64().expect("number"),
                    );
                    assert!(
                        (a - b).abs() <= 1e-9,
                        "{name} {concept}: {} {a} vs {b}",
                        issue.id()
                    );
                }
            }
        }
        for a in s.actors() {
            let u: f64 = row[col(&format!("utility.{}", a.id()))]
                .parse()
                .expect("utility");
            let fresh = v["utilities"][a.id()].as_f64().expect("utility");
            assert!(
                (u - fresh).abs() <= 1e-9,
                "{name} {concept}: utility.{} {u} vs {fresh} in {row:?}",
                a.id()
            );
        }
    }
    assert!(opened.len() >= 2, "{name}: the lever takes several levels");
}

#[test]
fn sweep_samples_equal_fresh_solves_with_gates_and_links() {
    for concept in ["nash", "kalai", "utilitarian"] {
        check_sweep("bernoulli", SWEEP_GATE_BERNOULLI, concept, 24);
        check_sweep("uniform", SWEEP_GATE_UNIFORM, concept, 24);
        check_sweep("nogate", SWEEP_NO_GATE, concept, 24);
    }
    check_sweep("bernoulli", SWEEP_GATE_BERNOULLI, "offers", 12);
}

/// Bad linked input: exit 2, one line on stderr naming the file and the field path,
/// nothing on stdout, from `solve`, `frontier` and `sweep`.
#[test]
fn bad_linked_input_exits_2_with_one_line_naming_file_and_field() {
    let base: Json = serde_json::from_str(SWEEP_NO_GATE).expect("json");
    type Edit = fn(&mut Json);
    let cases: [(&str, Edit, &str); 5] = [
        (
            "unknown_issue",
            |j| j["actors"][0]["interactions"][0]["when"][1]["issue"] = "w".into(),
            "actors[0].interactions[0].when[1].issue",
        ),
        (
            "unknown_option",
            |j| j["actors"][0]["red_lines"][0]["all"][1]["options"][0] = "s".into(),
            "actors[0].red_lines[0].all[1].options[0]",
        ),
        (
            "between_reversed",
            |j| {
                j["issues"][2] = serde_json::json!({"id": "z", "range": [0, 1]});
                j["actors"][0]["values"]["z"] = serde_json::json!({"points": [[0, 0], [1, 1]]});
                for a in 1..3 {
                    j["actors"][a]["values"]["z"] = serde_json::json!({"points": [[0, 0], [1, 1]]});
                }
                j["actors"][2]["red_lines"] = serde_json::json!([]);
                j["actors"][0]["interactions"][0]["when"][1] =
                    serde_json::json!({"issue": "z", "between": [0.8, 0.2]});
            },
            "actors[0].interactions[0].when[1].between",
        ),
        (
            "negative_weight",
            |j| j["actors"][1]["interactions"][0]["weight"] = (-1.0).into(),
            "actors[1].interactions[0].weight",
        ),
        (
            "unknown_lever",
            |j| {
                j["actors"][2]["red_lines"][0]["if"] =
                    serde_json::json!({"leverage": "nope", "above": 0})
            },
            "actors[2].red_lines[0].if.leverage",
        ),
    ];
    for (name, edit, field) in cases {
        let mut j = base.clone();
        edit(&mut j);
        let file = write(&format!("bad_{name}.json"), &j);
        for args in [
            vec!["solve", file.as_str()],
            vec!["frontier", file.as_str(), "--json"],
            vec!["sweep", file.as_str(), "--samples", "3", "--seed", "1"],
        ] {
            let out = detente(&args, None);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name} {}: {err}", args[0]);
            assert!(
                out.stdout.is_empty(),
                "{name} {}: nothing on stdout",
                args[0]
            );
            assert_eq!(
                err.trim_end().lines().count(),
                1,
                "{name} {}: one line: {err}",
                args[0]
            );
            assert!(
                err.contains(&file),
                "{name} {}: names the file: {err}",
                args[0]
            );
            assert!(
                err.contains(&format!("{field}:")),
                "{name} {}: names {field}: {err}",
                args[0]
            );
            assert!(!err.contains("panicked"), "{name}: no panic");
        }
    }
}

/// Zones multiply across continuous issues (a layer per combination): when their
/// layers would not fit the memory limit a solve stops with a memory error (exit 3)
/// that says so, before building them.
#[test]
fn too_many_zone_combinations_stop_with_a_memory_error() {
    let terms: Vec<String> = (0..40)
        .map(|j| {
            let (a, b) = (j as f64 / 100.0, j as f64 / 100.0 + 0.005);
            format!(
                r#"{{"when": [{{"issue": "x", "between": [{a}, {b}]}}, {{"issue": "y", "between": [{a}, {b}]}}], "value": 1, "weight": 0.01}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"name": "zones", "issues": [{{"id": "x", "range": [0, 1]}}, {{"id": "y", "range": [0, 1]}}],
          "actors": [
            {{"id": "a", "weights": {{"x": 1, "y": 1}}, "interactions": [{}],
              "values": {{"x": {{"points": [[0, 0], [1, 1]]}}, "y": {{"points": [[0, 0], [1, 1]]}}}}}},
            {{"id": "b", "weights": {{"x": 1, "y": 1}},
              "values": {{"x": {{"points": [[0, 1], [1, 0]]}}, "y": {{"points": [[0, 1], [1, 0]]}}}}}}]}}"#,
        terms.join(", ")
    );
    let scenario = Scenario::from_json(&json, "zones.json").expect("valid");
    let tight = SearchOptions {
        max_memory: Some(1 << 20),
        ..SearchOptions::default()
    };
    let engine = Engine::with_options(&scenario, tight);
    let err = engine
        .solve(Concept::Nash, &scenario.status_quo_situation())
        .expect_err("too many layers for 1 MiB");
    let text = err.to_string();
    assert!(text.contains("6400 zone combinations"), "{text}");
    let dir = std::env::temp_dir().join(format!("detente-zones-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("zones.json");
    std::fs::write(&path, &json).expect("written");
    let file = path.to_str().expect("utf-8 path");
    let out = detente(&["solve", file, "--max-memory", "1"], None);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
