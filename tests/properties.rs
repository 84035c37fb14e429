//! Property tests on random small scenarios, built as JSON and loaded through the
//! public API: every concept against a plain brute force written here, the bargaining
//! axioms (Pareto optimality, symmetry, affine invariance, IIA, unseated actors), the
//! reported gains, and thread-count determinism.
//!
//! The brute force enumerates feasible outcomes (seated red lines only), keeps the
//! strictly individually rational ones (u_i > d_i + 1e-12) and applies the contract's
//! order: objective, then Nash objective, then first in enumeration order. Continuous
//! issues are checked against a fine grid plus the vertices of every linear cell
//! clipped to the individually rational set, which also gives the Kalai ideals exactly.

use detente::space::outcomes;
use detente::{Concept, Domain, Engine, Issue, Scenario, Situation, Value, Verdict};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Map, Value as Json};

#[path = "common/brute.rs"]
mod brute;
#[path = "common/objectives.rs"]
mod objectives;
use brute::{brute_best, ideal_of, Cand};
use objectives::{log_nash, objective};

/// Agreement between the engine and the brute force on objective values.
const TOL: f64 = 1e-9;
/// The contract's tolerance on continuous values (scaled to the range).
const CONTRACT_TOL: f64 = 1e-6;
/// Strict individual rationality: u_i > d_i + IR_EPS.
const IR_EPS: f64 = 1e-12;
/// Margin that grid coarseness cannot cross when no-deal verdicts are compared.
const DEAL_MARGIN: f64 = 1e-7;

/// Case counts scale with `DETENTE_PROP_SCALE` (default 1) for longer bug hunts.
fn cases(n: u32) -> u32 {
    let scale = std::env::var("DETENTE_PROP_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    n.saturating_mul(scale.max(1))
}

const CONCEPTS: [Concept; 4] = [
    Concept::Nash,
    Concept::Kalai,
    Concept::Egalitarian,
    Concept::Utilitarian,
];

// ---------------------------------------------------------------------------------
// Random scenarios
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum IssueSpec {
    Discrete(usize),
    Continuous { lo: f64, width: f64 },
}

impl IssueSpec {
    fn at(&self, frac: f64) -> f64 {
        match *self {
            IssueSpec::Continuous { lo, width } => {
                if frac >= 1.0 {
                    lo + width
                } else {
                    lo + width * frac
                }
            }
            IssueSpec::Discrete(_) => f64::NAN,
        }
    }
}

#[derive(Debug, Clone)]
enum ValSpec {
    Options(Vec<f64>),
    /// (fraction of the range, value), fractions from 0 to 1.
    Curve(Vec<(f64, f64)>),
}

#[derive(Debug, Clone)]
enum RedSpec {
    Options(Vec<usize>),
    /// Fractions of the range.
    Bounds(Option<f64>, Option<f64>),
}

#[derive(Debug, Clone)]
struct ActorSpec {
    seated: bool,
    power: f64,
    disagreement: f64,
    weights: Vec<u8>,
    values: Vec<ValSpec>,
    red: Vec<Option<RedSpec>>,
}

#[derive(Debug, Clone)]
struct Spec {
    issues: Vec<IssueSpec>,
    actors: Vec<ActorSpec>,
}

/// Values on a coarse grid, so that exact ties (the tie-break's business) are common.
fn grid_value() -> impl Strategy<Value = f64> {
    (0u8..=4).prop_map(|k| f64::from(k) / 4.0)
}

fn fraction() -> impl Strategy<Value = f64> {
    (1u8..=7).prop_map(|k| f64::from(k) / 8.0)
}

fn curve() -> BoxedStrategy<ValSpec> {
    (
        prop::collection::vec(fraction(), 0..=2),
        [grid_value(), grid_value(), grid_value(), grid_value()],
    )
        .prop_map(|(mut xs, ys)| {
            xs.sort_by(f64::total_cmp);
            xs.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
            let mut pts = vec![0.0];
            pts.extend(xs);
            pts.push(1.0);
            ValSpec::Curve(pts.into_iter().zip(ys).collect())
        })
        .boxed()
}

fn red_spec(issue: &IssueSpec) -> BoxedStrategy<Option<RedSpec>> {
    match *issue {
        IssueSpec::Discrete(n) => prop::option::weighted(
            0.2,
            prop::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n).prop_map(RedSpec::Options),
        )
        .boxed(),
        IssueSpec::Continuous { .. } => {
            let bound = (0u8..=8).prop_map(|k| f64::from(k) / 8.0);
            prop::option::weighted(
                0.25,
                (prop::option::of(bound.clone()), prop::option::of(bound)).prop_map(|(b, a)| {
                    RedSpec::Bounds(b.or(if a.is_none() { Some(0.25) } else { None }), a)
                }),
            )
            .boxed()
        }
    }
}

fn actor_spec(issues: &[IssueSpec]) -> impl Strategy<Value = ActorSpec> {
    let values: Vec<BoxedStrategy<ValSpec>> = issues
        .iter()
        .map(|i| match *i {
            IssueSpec::Discrete(n) => prop::collection::vec(grid_value(), n)
                .prop_map(ValSpec::Options)
                .boxed(),
            IssueSpec::Continuous { .. } => curve(),
        })
        .collect();
    let red: Vec<BoxedStrategy<Option<RedSpec>>> = issues.iter().map(red_spec).collect();
    (
        prop::bool::weighted(0.8),
        prop::sample::select(vec![1.0, 1.0, 1.0, 0.5, 2.0, 3.0]),
        prop::sample::select(vec![0.0, 0.0, 0.0, -0.1, 0.1, 0.2, 0.25, 0.4]),
        prop::collection::vec(0u8..=3, issues.len()),
        values,
        red,
    )
        .prop_map(|(seated, power, disagreement, mut weights, values, red)| {
            if weights.iter().all(|&w| w == 0) {
                weights[0] = 1;
            }
            ActorSpec {
                seated,
                power,
                disagreement,
                weights,
                values,
                red,
            }
        })
}

fn continuous_issue() -> impl Strategy<Value = IssueSpec> {
    (
        prop::sample::select(vec![-1.0, 0.0, 2.0]),
        prop::sample::select(vec![0.5, 1.0, 2.0]),
    )
        .prop_map(|(lo, width)| IssueSpec::Continuous { lo, width })
}

/// Random scenarios: `disc` discrete issues with 1..=`max_opts` options, `cont`
/// continuous issues, in random order, and 2..=`max_actors` actors (at least one seated).
fn spec(
    disc: std::ops::RangeInclusive<usize>,
    max_opts: usize,
    cont: std::ops::RangeInclusive<usize>,
    max_actors: usize,
) -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((1..=max_opts).prop_map(IssueSpec::Discrete), disc),
        prop::collection::vec(continuous_issue(), cont),
    )
        .prop_filter("at least one issue", |(d, c)| {
            !d.is_empty() || !c.is_empty()
        })
        .prop_flat_map(|(mut d, c)| {
            d.extend(c);
            Just(d).prop_shuffle()
        })
        .prop_flat_map(move |issues| {
            let actors = prop::collection::vec(actor_spec(&issues), 2..=max_actors);
            (Just(issues), actors)
        })
        .prop_map(|(issues, mut actors)| {
            if actors.iter().all(|a| !a.seated) {
                actors[0].seated = true;
            }
            Spec { issues, actors }
        })
}

fn issue_id(k: usize) -> String {
    format!("i{k}")
}

fn option_label(o: usize) -> String {
    format!("o{o}")
}

fn to_json(spec: &Spec) -> Json {
    let issues: Vec<Json> = spec
        .issues
        .iter()
        .enumerate()
        .map(|(k, i)| match *i {
            IssueSpec::Discrete(n) => json!({
                "id": issue_id(k),
                "options": (0..n).map(option_label).collect::<Vec<_>>(),
            }),
            IssueSpec::Continuous { lo, width } => {
                json!({ "id": issue_id(k), "range": [lo, lo + width] })
            }
        })
        .collect();
    let actors: Vec<Json> = spec
        .actors
        .iter()
        .enumerate()
        .map(|(j, a)| actor_json(spec, j, a))
        .collect();
    json!({ "name": "prop", "issues": issues, "actors": actors })
}

fn actor_json(spec: &Spec, j: usize, a: &ActorSpec) -> Json {
    let mut weights = Map::new();
    let mut values = Map::new();
    let mut red_lines = Vec::new();
    for (k, issue) in spec.issues.iter().enumerate() {
        weights.insert(issue_id(k), json!(a.weights[k]));
        let v = match &a.values[k] {
            ValSpec::Options(v) => Json::Object(
                v.iter()
                    .enumerate()
                    .map(|(o, x)| (option_label(o), json!(x)))
                    .collect(),
            ),
            ValSpec::Curve(pts) => json!({
                "points": pts.iter().map(|&(f, y)| json!([issue.at(f), y])).collect::<Vec<_>>()
            }),
        };
        values.insert(issue_id(k), v);
        match &a.red[k] {
            None => {}
            Some(RedSpec::Options(opts)) => red_lines.push(json!({
                "issue": issue_id(k),
                "options": opts.iter().map(|&o| option_label(o)).collect::<Vec<_>>(),
            })),
            Some(RedSpec::Bounds(below, above)) => {
                let mut r = Map::new();
                r.insert("issue".into(), json!(issue_id(k)));
                if let Some(b) = below {
                    r.insert("below".into(), json!(issue.at(*b)));
                }
                if let Some(b) = above {
                    r.insert("above".into(), json!(issue.at(*b)));
                }
                red_lines.push(Json::Object(r));
            }
        }
    }
    json!({
        "id": format!("a{j}"),
        "seated": a.seated,
        "power": a.power,
        "disagreement": a.disagreement,
        "weights": weights,
        "values": values,
        "red_lines": red_lines,
    })
}

fn load(json: &Json) -> Scenario {
    Scenario::from_json(&json.to_string(), "prop.json")
        .unwrap_or_else(|e| panic!("generated scenario is valid: {e}\n{json}"))
}

fn solve(s: &Scenario, concept: Concept) -> Verdict {
    Engine::new(s)
        .solve(concept, &s.status_quo_situation())
        .unwrap_or_else(|e| panic!("{concept} solves: {e}"))
}

// ---------------------------------------------------------------------------------
// Brute force
// ---------------------------------------------------------------------------------

fn seated(s: &Scenario) -> Vec<usize> {
    s.seated()
}

fn feasible(s: &Scenario, x: &[Value]) -> bool {
    s.actors()
        .iter()
        .all(|a| !a.seated() || !a.vetoes(x, &s.status_quo()))
}

/// Seated actors' gains u_i - d_i, computed from the actors directly.
fn gains(s: &Scenario, sit: &Situation, x: &[Value]) -> Vec<f64> {
    seated(s)
        .iter()
        .map(|&i| s.actors()[i].utility(x) - sit.disagreement()[i])
        .collect()
}

fn seated_powers(s: &Scenario, sit: &Situation) -> Vec<f64> {
    seated(s).iter().map(|&i| sit.power()[i]).collect()
}

fn rational(g: &[f64]) -> bool {
    g.iter().all(|&g| g > IR_EPS)
}

/// Every feasible, strictly individually rational outcome on the grid, in
/// enumeration order.
fn rational_outcomes(s: &Scenario, sit: &Situation, resolution: usize) -> Vec<Cand> {
    outcomes(s.issues(), resolution)
        .filter(|x| feasible(s, x))
        .map(|x| {
            let g = gains(s, sit, &x);
            Cand {
                outcome: x,
                gains: g,
            }
        })
        .filter(|c| rational(&c.gains))
        .collect()
}

/// The verdict's utilities and gains are the actors' own, for every actor.
fn check_reported(s: &Scenario, sit: &Situation, v: &Verdict) -> Result<(), TestCaseError> {
    let n = s.actors().len();
    prop_assert_eq!(v.utilities().len(), n);
    prop_assert_eq!(v.gains().len(), n);
    match v.agreement() {
        Some(a) => {
            for (i, actor) in s.actors().iter().enumerate() {
                let u = actor.utility(&a.outcome);
                prop_assert!(
                    (a.utilities[i] - u).abs() <= 1e-12,
                    "utility of {}",
                    actor.id()
                );
                prop_assert!(
                    (a.gains[i] - (a.utilities[i] - sit.disagreement()[i])).abs() <= 1e-15,
                    "gain of {} is u - d",
                    actor.id()
                );
            }
        }
        None => {
            for i in 0..n {
                prop_assert!((v.utilities()[i] - sit.disagreement()[i]).abs() <= 1e-15);
                prop_assert!(v.gains()[i].abs() <= 1e-15);
            }
        }
    }
    Ok(())
}

/// Discrete scenarios: the engine's choice is the brute force's.
fn check_discrete(json: &Json, concept: Concept) -> Result<(), TestCaseError> {
    let s = load(json);
    let sit = s.status_quo_situation();
    let v = solve(&s, concept);
    check_reported(&s, &sit, &v)?;
    let alpha = seated_powers(&s, &sit);
    let cands = rational_outcomes(&s, &sit, 2);
    let ideal = ideal_of(&cands, alpha.len());
    let best = brute_best(concept, &cands, &alpha, &ideal);
    match (best, v.agreement()) {
        (None, None) => Ok(()),
        (None, Some(a)) => Err(TestCaseError::fail(format!(
            "{concept}: engine agrees on {:?} but nothing is rational\n{json}",
            a.outcome
        ))),
        (Some(b), None) => Err(TestCaseError::fail(format!(
            "{concept}: engine finds no deal but {:?} is rational\n{json}",
            cands[b].outcome
        ))),
        (Some(b), Some(a)) => {
            let b = &cands[b];
            prop_assert!(
                feasible(&s, &a.outcome),
                "{} crosses a red line\n{}",
                concept,
                json
            );
            let g = gains(&s, &sit, &a.outcome);
            prop_assert!(rational(&g), "{} not rational: {:?}\n{}", concept, g, json);
            if a.outcome != b.outcome {
                let (eo, en) = (objective(concept, &g, &alpha, &ideal), log_nash(&g, &alpha));
                let (bo, bn) = (
                    objective(concept, &b.gains, &alpha, &ideal),
                    log_nash(&b.gains, &alpha),
                );
                let exact_tie = eo.to_bits() == bo.to_bits() && en.to_bits() == bn.to_bits();
                prop_assert!(
                    (eo - bo).abs() <= TOL && (en - bn).abs() <= TOL && !exact_tie,
                    "{}: engine {:?} (objective {}, nash {}) vs brute force {:?} ({}, {})\n{}",
                    concept,
                    a.outcome,
                    eo,
                    en,
                    b.outcome,
                    bo,
                    bn,
                    json
                );
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------
// Continuous issues: cells, clipping, exact ideals
// ---------------------------------------------------------------------------------

/// The linear cells of the continuous issues (one piece per issue between the
/// breakpoints: range ends, seated red-line bounds, every curve knot) for every
/// feasible choice of the discrete issues.
/// A cell's continuous issues: (issue index, piece start, piece length).
type Dims = Vec<(usize, f64, f64)>;

struct CellSet {
    /// Outcome at the cell's lower corner, and for up to two continuous issues their
    /// index, start and length.
    cells: Vec<(Vec<Value>, Dims)>,
}

fn cell_set(spec: &Spec, s: &Scenario) -> CellSet {
    let cont: Vec<usize> = (0..spec.issues.len())
        .filter(|&k| matches!(spec.issues[k], IssueSpec::Continuous { .. }))
        .collect();
    assert!(
        cont.len() <= 2,
        "the clipping handles up to two continuous issues"
    );
    let disc: Vec<Issue> = s
        .issues()
        .iter()
        .filter(|i| matches!(i.domain(), Domain::Discrete { .. }))
        .cloned()
        .collect();
    // Pieces per continuous issue.
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    for &k in &cont {
        let issue = &spec.issues[k];
        let (mut a, mut b) = (issue.at(0.0), issue.at(1.0));
        for actor in spec.actors.iter().filter(|a| a.seated) {
            if let Some(RedSpec::Bounds(below, above)) = &actor.red[k] {
                if let Some(f) = below {
                    a = a.max(issue.at(*f));
                }
                if let Some(f) = above {
                    b = b.min(issue.at(*f));
                }
            }
        }
        if a > b {
            return CellSet { cells: Vec::new() };
        }
        let mut xs = vec![a, b];
        for actor in &spec.actors {
            if let ValSpec::Curve(pts) = &actor.values[k] {
                xs.extend(
                    pts.iter()
                        .map(|&(f, _)| issue.at(f))
                        .filter(|&x| x > a && x < b),
                );
            }
        }
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        let p = if xs.len() == 1 {
            vec![(xs[0], 0.0)]
        } else {
            xs.windows(2).map(|w| (w[0], w[1] - w[0])).collect()
        };
        pieces.push(p);
    }
    let mut cells = Vec::new();
    for choice in outcomes(&disc, 2) {
        let mut template = Vec::with_capacity(spec.issues.len());
        let mut next = choice.into_iter();
        for issue in &spec.issues {
            template.push(match issue {
                IssueSpec::Discrete(_) => next.next().expect("one value per discrete issue"),
                IssueSpec::Continuous { lo, .. } => Value::Number(*lo),
            });
        }
        let combos: Vec<Dims> = match cont.len() {
            0 => vec![Vec::new()],
            1 => pieces[0]
                .iter()
                .map(|&(st, len)| vec![(cont[0], st, len)])
                .collect(),
            _ => pieces[0]
                .iter()
                .flat_map(|&(s0, l0)| {
                    let (c0, c1) = (cont[0], cont[1]);
                    pieces[1]
                        .iter()
                        .map(move |&(s1, l1)| vec![(c0, s0, l0), (c1, s1, l1)])
                })
                .collect(),
        };
        for dims in combos {
            // Discrete red lines; continuous ones are the piece bounds.
            if !feasible(s, &template_with(&template, &dims, &[0.0, 0.0])) {
                continue;
            }
            cells.push((template.clone(), dims));
        }
    }
    CellSet { cells }
}

/// The outcome at offsets `t` inside a cell.
fn template_with(template: &[Value], dims: &[(usize, f64, f64)], t: &[f64; 2]) -> Vec<Value> {
    let mut x = template.to_vec();
    for (d, &(k, start, len)) in dims.iter().enumerate() {
        x[k] = Value::Number(if t[d] >= len {
            start + len
        } else {
            start + t[d]
        });
    }
    x
}

/// Sutherland–Hodgman: clip a convex polygon (or segment) by `h >= 0`, h affine.
fn clip(poly: &[[f64; 2]], h: &dyn Fn([f64; 2]) -> f64) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    let n = poly.len();
    for i in 0..n {
        let (p, q) = (poly[i], poly[(i + 1) % n]);
        let (hp, hq) = (h(p), h(q));
        if hp >= 0.0 {
            out.push(p);
        }
        if (hp >= 0.0) != (hq >= 0.0) {
            let r = hp / (hp - hq);
            out.push([p[0] + r * (q[0] - p[0]), p[1] + r * (q[1] - p[1])]);
        }
    }
    out
}

/// The cell's box clipped to every seated gain >= margin.
fn clipped(
    s: &Scenario,
    sit: &Situation,
    template: &[Value],
    dims: &[(usize, f64, f64)],
    margin: f64,
) -> Vec<[f64; 2]> {
    let l0 = dims.first().map_or(0.0, |d| d.2);
    let l1 = dims.get(1).map_or(0.0, |d| d.2);
    let mut poly = vec![[0.0, 0.0], [l0, 0.0], [l0, l1], [0.0, l1]];
    for j in 0..seated(s).len() {
        let h = |t: [f64; 2]| gains(s, sit, &template_with(template, dims, &t))[j] - margin;
        poly = clip(&poly, &h);
        if poly.is_empty() {
            break;
        }
    }
    poly
}

struct ContinuousTruth {
    /// Some outcome has every seated gain >= DEAL_MARGIN.
    deal_certain: bool,
    /// No outcome has every seated gain >= -TOL.
    no_deal_certain: bool,
    /// Exact Kalai ideal gains (sup over the strictly rational set), when it is non-empty.
    ideal: Option<Vec<f64>>,
    /// Candidates: vertices and centres of the strictly rational cells.
    vertices: Vec<Cand>,
}

fn continuous_truth(spec: &Spec, s: &Scenario, sit: &Situation) -> ContinuousTruth {
    let n = seated(s).len();
    let set = cell_set(spec, s);
    let mut truth = ContinuousTruth {
        deal_certain: false,
        no_deal_certain: true,
        ideal: None,
        vertices: Vec::new(),
    };
    let mut ideal = vec![f64::NEG_INFINITY; n];
    let mut any_strict = false;
    for (template, dims) in &set.cells {
        if !clipped(s, sit, template, dims, -TOL).is_empty() {
            truth.no_deal_certain = false;
        }
        if !clipped(s, sit, template, dims, DEAL_MARGIN).is_empty() {
            truth.deal_certain = true;
        }
        let poly = clipped(s, sit, template, dims, 0.0);
        if poly.is_empty() {
            continue;
        }
        let k = poly.len() as f64;
        let centre = [
            poly.iter().map(|p| p[0]).sum::<f64>() / k,
            poly.iter().map(|p| p[1]).sum::<f64>() / k,
        ];
        let xc = template_with(template, dims, &centre);
        if !rational(&gains(s, sit, &xc)) {
            continue;
        }
        any_strict = true;
        for t in poly.iter().chain(std::iter::once(&centre)) {
            let x = template_with(template, dims, t);
            let g = gains(s, sit, &x);
            for (m, gi) in ideal.iter_mut().zip(&g) {
                *m = m.max(*gi);
            }
            truth.vertices.push(Cand {
                outcome: x,
                gains: g,
            });
        }
    }
    if any_strict {
        truth.ideal = Some(ideal);
    }
    truth
}

/// What the contract's tolerance on continuous values (1e-6 of the range) can cost in
/// objective: the gain from moving each continuous value by that much either way.
/// (With several continuous issues the engine lands within ~1e-10 of a vertex, not on
/// it; with a tiny gain and a large power that is worth more than TOL in log Nash.)
fn contract_slack(
    concept: Concept,
    s: &Scenario,
    sit: &Situation,
    x: &[Value],
    alpha: &[f64],
    ideal: &[f64],
) -> f64 {
    let base = objective(concept, &gains(s, sit, x), alpha, ideal);
    let mut slack = 0.0;
    for (k, issue) in s.issues().iter().enumerate() {
        let (Domain::Continuous { lo, hi }, Value::Number(t)) = (issue.domain(), x[k]) else {
            continue;
        };
        let mut best: f64 = 0.0;
        for step in [-1.0, 1.0] {
            let mut y = x.to_vec();
            y[k] = Value::Number((t + step * CONTRACT_TOL * (hi - lo)).clamp(*lo, *hi));
            let g = gains(s, sit, &y);
            if feasible(s, &y) && g.iter().all(|&g| g > 0.0) {
                best = best.max(objective(concept, &g, alpha, ideal) - base);
            }
        }
        slack += best;
    }
    slack
}

fn check_continuous(spec: &Spec, concept: Concept) -> Result<(), TestCaseError> {
    let json = to_json(spec);
    let s = load(&json);
    let sit = s.status_quo_situation();
    let v = solve(&s, concept);
    check_reported(&s, &sit, &v)?;
    let truth = continuous_truth(spec, &s, &sit);
    let m = spec
        .issues
        .iter()
        .filter(|i| matches!(i, IssueSpec::Continuous { .. }))
        .count();
    if truth.deal_certain {
        prop_assert!(
            v.agreement().is_some(),
            "{}: no deal, but a margin exists\n{}",
            concept,
            json
        );
    }
    if truth.no_deal_certain {
        prop_assert!(
            v.agreement().is_none(),
            "{}: a deal where none is rational\n{}",
            concept,
            json
        );
    }
    let Some(a) = v.agreement() else {
        return Ok(());
    };
    prop_assert!(
        feasible(&s, &a.outcome),
        "{}: {:?} crosses a red line\n{}",
        concept,
        a.outcome,
        json
    );
    for (k, issue) in s.issues().iter().enumerate() {
        if let (Domain::Continuous { lo, hi }, Value::Number(x)) = (issue.domain(), a.outcome[k]) {
            prop_assert!(x >= *lo && x <= *hi, "{} outside its range", x);
        }
    }
    let g = gains(&s, &sit, &a.outcome);
    if concept == Concept::Utilitarian {
        prop_assert!(
            g.iter().all(|&g| g >= -TOL),
            "utilitarian gains {:?}\n{}",
            g,
            json
        );
    } else {
        prop_assert!(
            g.iter().all(|&g| g > 0.0),
            "{} gains {:?}\n{}",
            concept,
            g,
            json
        );
    }
    let Some(ideal) = truth.ideal.clone() else {
        return Ok(());
    };
    let alpha = seated_powers(&s, &sit);
    let resolution = if m == 1 { 201 } else { 41 };
    let grid = rational_outcomes(&s, &sit, resolution);
    let mine = objective(concept, &g, &alpha, &ideal);
    let slack = TOL + contract_slack(concept, &s, &sit, &a.outcome, &alpha, &ideal);
    for c in grid.iter().chain(&truth.vertices) {
        let theirs = objective(concept, &c.gains, &alpha, &ideal);
        // Within the contract's 1e-6 of a better point counts as finding it.
        prop_assert!(
            mine >= theirs - slack || continuous_close(&s, &a.outcome, &c.outcome),
            "{}: engine {:?} scores {}, but {:?} scores {}\n{}",
            concept,
            a.outcome,
            mine,
            c.outcome,
            theirs,
            json
        );
    }
    if concept == Concept::Nash {
        // Pareto optimality against every candidate (weakly better for all seated,
        // clearly better for one).
        for c in grid.iter().chain(&truth.vertices) {
            let weak = c.gains.iter().zip(&g).all(|(x, y)| *x >= y - 1e-12);
            let strict = c.gains.iter().zip(&g).any(|(x, y)| *x > y + DEAL_MARGIN);
            prop_assert!(
                !(weak && strict),
                "{:?} dominates {:?}\n{}",
                c.outcome,
                a.outcome,
                json
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Concept vs brute force
// ---------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    #[test]
    fn discrete_concepts_match_brute_force(spec in spec(1..=4, 4, 0..=0, 4)) {
        let json = to_json(&spec);
        for concept in CONCEPTS {
            check_discrete(&json, concept)?;
        }
    }

    #[test]
    fn nash_is_pareto_optimal_among_feasible_outcomes(spec in spec(1..=4, 4, 0..=0, 4)) {
        let json = to_json(&spec);
        let s = load(&json);
        let sit = s.status_quo_situation();
        if let Some(a) = solve(&s, Concept::Nash).agreement() {
            let g = gains(&s, &sit, &a.outcome);
            for x in outcomes(s.issues(), 2).filter(|x| feasible(&s, x)) {
                let h = gains(&s, &sit, &x);
                let weak = h.iter().zip(&g).all(|(x, y)| *x >= *y);
                let strict = h.iter().zip(&g).any(|(x, y)| *x > y + TOL);
                prop_assert!(!(weak && strict), "{:?} dominates {:?}\n{}", x, a.outcome, json);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(96)))]

    #[test]
    fn continuous_concepts_beat_a_fine_grid(spec in spec(0..=2, 3, 1..=2, 4)) {
        for concept in CONCEPTS {
            check_continuous(&spec, concept)?;
        }
    }
}

// ---------------------------------------------------------------------------------
// Axioms
// ---------------------------------------------------------------------------------

/// A concave increasing curve on [0, 1] from 0: knots at eighths, slopes decreasing.
fn concave_curve() -> impl Strategy<Value = Vec<(f64, f64)>> {
    (
        prop::collection::btree_set(1u8..=7, 0..=2),
        prop::collection::vec(1u8..=8, 3),
    )
        .prop_map(|(inner, mut slopes)| {
            slopes.sort_unstable_by(|a, b| b.cmp(a));
            let mut xs = vec![0.0];
            xs.extend(inner.iter().map(|&k| f64::from(k) / 8.0));
            xs.push(1.0);
            let mut pts = vec![(0.0, 0.0)];
            let mut y = 0.0;
            for (w, s) in xs.windows(2).zip(&slopes) {
                y += f64::from(*s) / 8.0 * (w[1] - w[0]);
                pts.push((w[1], y));
            }
            pts
        })
}

/// Two seated actors who are mirror images: a values the share x as f(x), b as f(1 - x),
/// both value a common issue alike, with equal disagreement points, powers and
/// mirrored red lines. An unseated third actor with arbitrary preferences watches.
fn symmetric_json(
    f: &[(f64, f64)],
    common: &[f64],
    d: f64,
    power: f64,
    weights: (u8, u8),
    red: Option<u8>,
    observer: &[f64],
) -> Json {
    let curve_a: Vec<Json> = f.iter().map(|&(x, y)| json!([x, y])).collect();
    let curve_b: Vec<Json> = f.iter().rev().map(|&(x, y)| json!([1.0 - x, y])).collect();
    let common_values: Map<String, Json> = common
        .iter()
        .enumerate()
        .map(|(o, v)| (option_label(o), json!(v)))
        .collect();
    let observer_values: Map<String, Json> = common
        .iter()
        .enumerate()
        .map(|(o, _)| (option_label(o), json!(observer[o % observer.len()])))
        .collect();
    let (w_share, w_common) = (weights.0.max(1), weights.1);
    let mut red_a = Vec::new();
    let mut red_b = Vec::new();
    if let Some(r) = red {
        red_a.push(json!({ "issue": "share", "below": f64::from(r) / 8.0 }));
        red_b.push(json!({ "issue": "share", "above": 1.0 - f64::from(r) / 8.0 }));
    }
    json!({
        "name": "mirror",
        "issues": [
            { "id": "common", "options": (0..common.len()).map(option_label).collect::<Vec<_>>() },
            { "id": "share", "range": [0.0, 1.0] }
        ],
        "actors": [
            { "id": "a", "power": power, "disagreement": d,
              "weights": { "common": w_common, "share": w_share },
              "values": { "common": common_values, "share": { "points": curve_a } },
              "red_lines": red_a },
            { "id": "watcher", "seated": false, "weights": { "common": 1 },
              "values": { "common": observer_values },
              "red_lines": [ { "issue": "common", "options": [option_label(0)] } ] },
            { "id": "b", "power": power, "disagreement": d,
              "weights": { "common": w_common, "share": w_share },
              "values": { "common": common_values, "share": { "points": curve_b } },
              "red_lines": red_b }
        ]
    })
}

/// Scale every value of actor `j` (and its disagreement point) by a * v + b.
fn rescale(spec: &Spec, j: usize, a: f64, b: f64) -> Json {
    let mut json = to_json(spec);
    let actor = &mut json["actors"][j];
    let d = actor["disagreement"].as_f64().expect("disagreement") * a + b;
    actor["disagreement"] = json!(d);
    let values = actor["values"].as_object_mut().expect("values");
    for v in values.values_mut() {
        if let Some(points) = v.get_mut("points").and_then(Json::as_array_mut) {
            for p in points {
                let y = p[1].as_f64().expect("y");
                p[1] = json!(a * y + b);
            }
        } else {
            for x in v.as_object_mut().expect("options").values_mut() {
                let y = x.as_f64().expect("value");
                *x = json!(a * y + b);
            }
        }
    }
    json
}

fn continuous_close(s: &Scenario, x: &[Value], y: &[Value]) -> bool {
    s.issues()
        .iter()
        .zip(x.iter().zip(y))
        .all(|(issue, (p, q))| match (issue.domain(), p, q) {
            (Domain::Continuous { lo, hi }, Value::Number(p), Value::Number(q)) => {
                (p - q).abs() <= CONTRACT_TOL * (hi - lo)
            }
            _ => p == q,
        })
}

/// Drop option `o` of discrete issue `k`: its label, every value for it, and red-line
/// entries naming it (a red line left empty goes).
fn drop_option(json: &Json, k: usize, o: usize) -> Json {
    let mut json = json.clone();
    let label = option_label(o);
    let id = issue_id(k);
    json["issues"][k]["options"]
        .as_array_mut()
        .expect("options")
        .retain(|l| l.as_str() != Some(&label));
    for actor in json["actors"].as_array_mut().expect("actors") {
        if let Some(v) = actor["values"][&id].as_object_mut() {
            v.remove(&label);
        }
        let reds = actor["red_lines"].as_array_mut().expect("red lines");
        for r in reds.iter_mut() {
            if r["issue"].as_str() == Some(&id) {
                r["options"]
                    .as_array_mut()
                    .expect("options")
                    .retain(|l| l.as_str() != Some(&label));
            }
        }
        reds.retain(|r| {
            r.get("options")
                .and_then(Json::as_array)
                .is_none_or(|o| !o.is_empty())
        });
    }
    json
}

fn labels(s: &Scenario, x: &[Value]) -> Vec<String> {
    s.issues()
        .iter()
        .zip(x)
        .map(|(i, &v)| i.describe(v))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(128)))]

    #[test]
    fn mirror_image_actors_gain_equally(
        f in concave_curve(),
        common in prop::collection::vec(grid_value(), 1..=3),
        d in (0u8..=3).prop_map(|k| f64::from(k) / 10.0),
        power in prop::sample::select(vec![0.5, 1.0, 2.5]),
        weights in (0u8..=3, 0u8..=3),
        red in prop::option::of(1u8..=5),
        observer in prop::collection::vec(grid_value(), 1..=3),
    ) {
        let json = symmetric_json(&f, &common, d, power, weights, red, &observer);
        let s = load(&json);
        for concept in CONCEPTS {
            let v = solve(&s, concept);
            if let Some(a) = v.agreement() {
                prop_assert!(
                    (a.gains[0] - a.gains[2]).abs() <= TOL,
                    "{}: gains {:?}\n{}", concept, a.gains, json
                );
            }
        }
    }

    #[test]
    fn nash_and_kalai_ignore_affine_rescaling(
        spec in spec(1..=3, 3, 0..=1, 3),
        who in any::<Index>(),
        a in prop::sample::select(vec![0.25, 2.0, 4.0, 3.0, 0.7]),
        b in prop::sample::select(vec![0.0, -1.0, 0.5, 2.0, 0.3]),
    ) {
        let j = who.index(spec.actors.len());
        let json = to_json(&spec);
        let s = load(&json);
        let scaled_json = rescale(&spec, j, a, b);
        let scaled = load(&scaled_json);
        let sit = s.status_quo_situation();
        let alpha = seated_powers(&s, &sit);
        for concept in [Concept::Nash, Concept::Kalai] {
            let v = solve(&s, concept);
            let w = solve(&scaled, concept);
            match (v.agreement(), w.agreement()) {
                (None, None) => {}
                (Some(x), Some(y)) => {
                    if !continuous_close(&s, &x.outcome, &y.outcome) {
                        // Only a tie (in the original scenario) may flip under rounding.
                        let gx = gains(&s, &sit, &x.outcome);
                        let gy = gains(&s, &sit, &y.outcome);
                        prop_assert!(
                            (log_nash(&gx, &alpha) - log_nash(&gy, &alpha)).abs() <= TOL,
                            "{}: {:?} became {:?} after rescaling a{} by {} v + {}\n{}",
                            concept, x.outcome, y.outcome, j, a, b, json
                        );
                    }
                }
                _ => prop_assert!(false, "{}: deal/no-deal changed by rescaling\n{}", concept, json),
            }
        }
    }

    #[test]
    fn nash_is_independent_of_irrelevant_alternatives(
        spec in spec(1..=4, 4, 0..=0, 4),
        pick in any::<Index>(),
    ) {
        let json = to_json(&spec);
        let s = load(&json);
        let v = solve(&s, Concept::Nash);
        let chosen: Vec<Option<usize>> = match v.agreement() {
            Some(a) => a.outcome.iter().map(|x| x.as_option()).collect(),
            None => vec![None; spec.issues.len()],
        };
        // Every (issue, unchosen option) pair of an issue with two or more options.
        let pairs: Vec<(usize, usize)> = spec.issues.iter().enumerate()
            .flat_map(|(k, i)| match *i {
                IssueSpec::Discrete(n) if n >= 2 => (0..n).map(|o| (k, o)).collect(),
                _ => Vec::new(),
            })
            .filter(|&(k, o)| chosen[k] != Some(o))
            .collect();
        prop_assume!(!pairs.is_empty());
        let (k, o) = pairs[pick.index(pairs.len())];
        let smaller_json = drop_option(&json, k, o);
        let smaller = load(&smaller_json);
        let w = solve(&smaller, Concept::Nash);
        match (v.agreement(), w.agreement()) {
            (None, None) => {}
            (Some(x), Some(y)) => prop_assert_eq!(
                labels(&s, &x.outcome), labels(&smaller, &y.outcome),
                "dropping {} of {} changed the agreement\n{}", option_label(o), issue_id(k), json
            ),
            _ => prop_assert!(false, "dropping an unchosen option changed deal/no deal\n{}", json),
        }
    }

    #[test]
    fn unseated_preferences_never_change_the_agreement(
        (spec, others) in spec(1..=3, 3, 0..=1, 4).prop_flat_map(|spec| {
            let others = prop::collection::vec(actor_spec(&spec.issues), spec.actors.len());
            (Just(spec), others)
        }),
    ) {
        let mut spec = spec;
        // Make sure someone watches from outside while someone else bargains.
        let last = spec.actors.len() - 1;
        spec.actors[last].seated = false;
        if spec.actors.iter().all(|a| !a.seated) {
            spec.actors[0].seated = true;
        }
        let mut changed = spec.clone();
        for (a, o) in changed.actors.iter_mut().zip(others) {
            if !a.seated {
                *a = ActorSpec { seated: false, ..o };
            }
        }
        let s = load(&to_json(&spec));
        let t = load(&to_json(&changed));
        for concept in CONCEPTS {
            let v = solve(&s, concept);
            let w = solve(&t, concept);
            prop_assert_eq!(
                v.agreement().map(|a| a.outcome.clone()),
                w.agreement().map(|a| a.outcome.clone()),
                "{}: unseated preferences moved the agreement", concept
            );
            check_reported(&t, &t.status_quo_situation(), &w)?;
        }
    }
}

// ---------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------

fn bits(v: &Verdict) -> Vec<u64> {
    match v {
        Verdict::Agreement(a) => a
            .outcome
            .iter()
            .map(|x| match x {
                Value::Option(o) => *o as u64,
                Value::Number(t) => t.to_bits(),
            })
            .chain(a.utilities.iter().map(|u| u.to_bits()))
            .chain(std::iter::once(a.log_nash.to_bits()))
            .collect(),
        Verdict::NoDeal { utilities, .. } => utilities.iter().map(|u| u.to_bits()).collect(),
    }
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon pool")
        .install(f)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(12)))]

    #[test]
    fn one_and_four_threads_give_identical_bits(spec in spec(5..=6, 5, 0..=1, 4)) {
        let json = to_json(&spec);
        let s = load(&json);
        let sit = s.status_quo_situation();
        for concept in CONCEPTS {
            let one = in_pool(1, || Engine::new(&s).solve(concept, &sit).expect("solves"));
            let four = in_pool(4, || Engine::new(&s).solve(concept, &sit).expect("solves"));
            prop_assert_eq!(bits(&one), bits(&four), "{}", concept);
        }
        let opts = detente::SearchOptions::default();
        let one = in_pool(1, || Engine::frontier(&s, 11, opts).expect("frontier"));
        let four = in_pool(4, || Engine::frontier(&s, 11, opts).expect("frontier"));
        prop_assert_eq!(one, four);
    }
}
