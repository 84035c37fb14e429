//! Reference cases with closed forms or hand-checked answers, through the public API:
//! power and disagreement shifts of a unit surplus, a concave curve, Kalai triangles,
//! log-rolling, red lines, the contract's tie-breaks, log-space Nash with many tiny
//! gains, and a 10^8-outcome space checked against an independent frontier argument.

use approx::assert_abs_diff_eq;
use detente::space::outcomes;
use detente::{Concept, Engine, NoDeal, Scenario, Value, Verdict};
use rand::{Rng, SeedableRng};
use serde_json::{json, Value as Json};

/// Engine answers against closed forms.
const TOL: f64 = 1e-9;
/// Strict individual rationality: u_i > d_i + IR_EPS.
const IR_EPS: f64 = 1e-12;

fn load(json: &Json) -> Scenario {
    Scenario::from_json(&json.to_string(), "reference.json").expect("valid scenario")
}

fn solve(s: &Scenario, concept: Concept) -> Verdict {
    Engine::new(s)
        .solve(concept, &s.status_quo_situation())
        .expect("solves")
}

fn number(v: &Verdict, k: usize) -> f64 {
    v.value(k).and_then(Value::as_number).expect("a number")
}

fn label(s: &Scenario, v: &Verdict) -> Vec<String> {
    let a = v.agreement().expect("an agreement");
    s.issues()
        .iter()
        .zip(&a.outcome)
        .map(|(i, &x)| i.describe(x))
        .collect()
}

/// A unit surplus: a gets x, b gets 1 - x; `curve_a` overrides a's linear value.
fn split(alpha: (f64, f64), d: (f64, f64), curve_a: Option<Json>) -> Json {
    json!({
        "name": "split",
        "issues": [{ "id": "share", "range": [0.0, 1.0] }],
        "actors": [
            { "id": "a", "power": alpha.0, "disagreement": d.0, "weights": { "share": 1 },
              "values": { "share": { "points": curve_a.unwrap_or(json!([[0, 0], [1, 1]])) } } },
            { "id": "b", "power": alpha.1, "disagreement": d.1, "weights": { "share": 1 },
              "values": { "share": { "points": [[0, 1], [1, 0]] } } }
        ]
    })
}

#[test]
fn unit_surplus_splits_by_power() {
    for (aa, ab) in [(1.0, 1.0), (1.0, 3.0), (2.0, 1.0), (0.5, 4.5), (7.0, 2.0)] {
        let s = load(&split((aa, ab), (0.0, 0.0), None));
        let v = solve(&s, Concept::Nash);
        let want = aa / (aa + ab);
        assert_abs_diff_eq!(number(&v, 0), want, epsilon = TOL);
        assert_abs_diff_eq!(v.utilities()[1], 1.0 - want, epsilon = TOL);
    }
}

#[test]
fn disagreement_points_shift_the_split() {
    for (da, db, aa, ab) in [
        (0.2, 0.0, 1.0, 1.0),
        (0.1, 0.3, 1.0, 1.0),
        (0.3, 0.1, 1.0, 3.0),
        (-0.2, 0.1, 2.0, 1.0),
        (0.45, 0.45, 1.0, 1.0),
    ] {
        let s = load(&split((aa, ab), (da, db), None));
        let v = solve(&s, Concept::Nash);
        let want = da + (1.0 - da - db) * aa / (aa + ab);
        assert_abs_diff_eq!(number(&v, 0), want, epsilon = TOL);
        assert_abs_diff_eq!(v.gains()[0], want - da, epsilon = TOL);
        assert_abs_diff_eq!(v.gains()[1], 1.0 - want - db, epsilon = TOL);
    }
}

#[test]
fn demands_beyond_the_surplus_mean_no_deal() {
    let s = load(&split((1.0, 1.0), (0.6, 0.4), None));
    for concept in [
        Concept::Nash,
        Concept::Kalai,
        Concept::Egalitarian,
        Concept::Utilitarian,
    ] {
        match solve(&s, concept) {
            Verdict::NoDeal { reason, utilities } => {
                assert_eq!(reason, NoDeal::NothingIndividuallyRational);
                assert_abs_diff_eq!(utilities[0], 0.6, epsilon = TOL);
                assert_abs_diff_eq!(utilities[1], 0.4, epsilon = TOL);
            }
            other => panic!("{concept}: expected no deal, got {other:?}"),
        }
    }
}

/// a's value is concave: slope 2 up to 0.1, then slope 1 (u_a = 0.1 + x there).
/// On that piece alpha ln(0.1 + x) + ln(1 - x) peaks at x = (alpha - 0.1) / (alpha + 1).
#[test]
fn concave_curve_has_the_closed_form_nash_point() {
    let curve = json!([[0.0, 0.0], [0.1, 0.2], [1.0, 1.1]]);
    for alpha in [1.0, 2.0, 0.5, 4.0] {
        let s = load(&split((alpha, 1.0), (0.0, 0.0), Some(curve.clone())));
        let v = solve(&s, Concept::Nash);
        let x = (alpha - 0.1) / (alpha + 1.0);
        assert!(x > 0.1, "the optimum lies on the second piece");
        assert_abs_diff_eq!(number(&v, 0), x, epsilon = TOL);
        assert_abs_diff_eq!(v.utilities()[0], 0.1 + x, epsilon = TOL);
    }
}

#[test]
fn kalai_on_a_triangle_takes_equal_shares_of_the_ideals() {
    // u_b = 2 (1 - u_a): ideal (1, 2), Kalai point (1/2, 1).
    let tri = json!({
        "name": "triangle",
        "issues": [{ "id": "share", "range": [0.0, 1.0] }],
        "actors": [
            { "id": "a", "weights": { "share": 1 }, "values": { "share": { "points": [[0, 0], [1, 1]] } } },
            { "id": "b", "weights": { "share": 1 }, "values": { "share": { "points": [[0, 2], [1, 0]] } } }
        ]
    });
    let v = solve(&load(&tri), Concept::Kalai);
    assert_abs_diff_eq!(v.utilities()[0], 0.5, epsilon = TOL);
    assert_abs_diff_eq!(v.utilities()[1], 1.0, epsilon = TOL);
    // With d = (0.2, 0.4): ideals (0.8, 1.6); gains in ratio 0.6 : 1.2, on
    // u_b = 2 - 2 u_a: 0.2 + t * 0.6 = u_a and 0.4 + t * 1.2 = 2 - 2 u_a give t = 1/2.
    let mut shifted = tri.clone();
    shifted["actors"][0]["disagreement"] = json!(0.2);
    shifted["actors"][1]["disagreement"] = json!(0.4);
    let v = solve(&load(&shifted), Concept::Kalai);
    assert_abs_diff_eq!(v.utilities()[0], 0.5, epsilon = TOL);
    assert_abs_diff_eq!(v.utilities()[1], 1.0, epsilon = TOL);
}

/// b's value is concave with a kink: u_b = 1.8 (1 - x) past 0.5. Ideals (1, 1), so Kalai
/// equalises utilities at x = 9/14, where Nash stays at the kink 0.5. A red line of a
/// (no more than 0.8) lowers a's ideal to 0.8: x / 0.8 = 1.8 (1 - x) gives x = 1.8 / 3.05.
#[test]
fn kalai_ideals_come_from_the_feasible_rational_set() {
    let mut j = json!({
        "name": "kink",
        "issues": [{ "id": "share", "range": [0.0, 1.0] }],
        "actors": [
            { "id": "a", "weights": { "share": 1 }, "values": { "share": { "points": [[0, 0], [1, 1]] } } },
            { "id": "b", "weights": { "share": 1 },
              "values": { "share": { "points": [[0, 1], [0.5, 0.9], [1, 0]] } } }
        ]
    });
    let s = load(&j);
    assert_abs_diff_eq!(
        number(&solve(&s, Concept::Kalai), 0),
        9.0 / 14.0,
        epsilon = TOL
    );
    assert_abs_diff_eq!(number(&solve(&s, Concept::Nash), 0), 0.5, epsilon = TOL);
    j["actors"][0]["red_lines"] = json!([{ "issue": "share", "above": 0.8 }]);
    let s = load(&j);
    assert_abs_diff_eq!(
        number(&solve(&s, Concept::Kalai), 0),
        1.8 / 3.05,
        epsilon = TOL
    );
    // The same red line held by an unseated actor changes nothing.
    j["actors"][0]["red_lines"] = json!([]);
    j["actors"].as_array_mut().expect("actors").push(
        json!({ "id": "c", "seated": false, "weights": { "share": 1 },
                      "values": { "share": { "points": [[0, 0], [1, 1]] } },
                      "red_lines": [{ "issue": "share", "above": 0.8 }] }),
    );
    let s = load(&j);
    assert_abs_diff_eq!(
        number(&solve(&s, Concept::Kalai), 0),
        9.0 / 14.0,
        epsilon = TOL
    );
}

#[test]
fn log_rolling_gives_each_side_the_issue_it_weighs_most() {
    let two = json!({
        "name": "logroll",
        "issues": [{ "id": "x", "options": ["a", "b"] }, { "id": "y", "options": ["a", "b"] }],
        "actors": [
            { "id": "a", "weights": { "x": 3, "y": 1 },
              "values": { "x": { "a": 1, "b": 0 }, "y": { "a": 1, "b": 0 } } },
            { "id": "b", "weights": { "x": 1, "y": 3 },
              "values": { "x": { "a": 0, "b": 1 }, "y": { "a": 0, "b": 1 } } }
        ]
    });
    let s = load(&two);
    for concept in [
        Concept::Nash,
        Concept::Kalai,
        Concept::Egalitarian,
        Concept::Utilitarian,
    ] {
        assert_eq!(label(&s, &solve(&s, concept)), ["a", "b"], "{concept}");
    }
    // Three parties, three issues, each wants its own option and weighs its issue 4:1:1.
    let opts = json!(["a", "b", "c"]);
    let own = |me: &str| {
        json!({ "a": if me == "a" { 1 } else { 0 },
                                  "b": if me == "b" { 1 } else { 0 },
                                  "c": if me == "c" { 1 } else { 0 } })
    };
    let three = json!({
        "name": "logroll3",
        "issues": [{ "id": "x", "options": opts }, { "id": "y", "options": opts },
                   { "id": "z", "options": opts }],
        "actors": [
            { "id": "a", "weights": { "x": 4, "y": 1, "z": 1 },
              "values": { "x": own("a"), "y": own("a"), "z": own("a") } },
            { "id": "b", "weights": { "x": 1, "y": 4, "z": 1 },
              "values": { "x": own("b"), "y": own("b"), "z": own("b") } },
            { "id": "c", "weights": { "x": 1, "y": 1, "z": 4 },
              "values": { "x": own("c"), "y": own("c"), "z": own("c") } }
        ]
    });
    let s = load(&three);
    for concept in [
        Concept::Nash,
        Concept::Kalai,
        Concept::Egalitarian,
        Concept::Utilitarian,
    ] {
        let v = solve(&s, concept);
        assert_eq!(label(&s, &v), ["a", "b", "c"], "{concept}");
        for u in v.utilities() {
            assert_abs_diff_eq!(*u, 4.0 / 6.0, epsilon = TOL);
        }
    }
}

fn one_issue(options: &[(&str, f64, f64)], red_b: &[&str], red_c: &[&str]) -> Json {
    let labels: Vec<&str> = options.iter().map(|o| o.0).collect();
    let va: serde_json::Map<String, Json> = options
        .iter()
        .map(|o| (o.0.to_string(), json!(o.1)))
        .collect();
    let vb: serde_json::Map<String, Json> = options
        .iter()
        .map(|o| (o.0.to_string(), json!(o.2)))
        .collect();
    let red = |opts: &[&str]| {
        if opts.is_empty() {
            json!([])
        } else {
            json!([{ "issue": "x", "options": opts }])
        }
    };
    json!({
        "name": "one-issue",
        "issues": [{ "id": "x", "options": labels }],
        "actors": [
            { "id": "a", "weights": { "x": 1 }, "values": { "x": va } },
            { "id": "b", "weights": { "x": 1 }, "values": { "x": vb }, "red_lines": red(red_b) },
            { "id": "c", "seated": false, "weights": { "x": 1 }, "values": { "x": va },
              "red_lines": red(red_c) }
        ]
    })
}

#[test]
fn red_lines_remove_the_unconstrained_optimum() {
    // Nash products: p 0.1, q 0.36, r 0.24.
    let opts = [("p", 1.0, 0.1), ("q", 0.6, 0.6), ("r", 0.3, 0.8)];
    let s = load(&one_issue(&opts, &[], &[]));
    assert_eq!(label(&s, &solve(&s, Concept::Nash)), ["q"]);
    let s = load(&one_issue(&opts, &["q"], &["r"]));
    assert_eq!(
        label(&s, &solve(&s, Concept::Nash)),
        ["r"],
        "c is unseated: no veto"
    );
    let s = load(&one_issue(&opts, &["p", "q", "r"], &[]));
    match solve(&s, Concept::Nash) {
        Verdict::NoDeal {
            reason: NoDeal::NothingFeasible(_),
            ..
        } => {}
        other => panic!("expected nothing feasible, got {other:?}"),
    }
    // Continuous: a will not take less than 0.6 of an even split.
    let mut j = split((1.0, 1.0), (0.0, 0.0), None);
    j["actors"][0]["red_lines"] = json!([{ "issue": "share", "below": 0.6 }]);
    assert_abs_diff_eq!(
        number(&solve(&load(&j), Concept::Nash), 0),
        0.6,
        epsilon = TOL
    );
}

#[test]
fn equal_nash_products_go_to_the_first_outcome_in_enumeration_order() {
    let s = load(&one_issue(&[("p", 0.8, 0.25), ("q", 0.25, 0.8)], &[], &[]));
    assert_eq!(label(&s, &solve(&s, Concept::Nash)), ["p"]);
    let s = load(&one_issue(&[("q", 0.25, 0.8), ("p", 0.8, 0.25)], &[], &[]));
    assert_eq!(label(&s, &solve(&s, Concept::Nash)), ["q"]);
    // Equal utilities from two outcomes: (x0, y1) comes before (x1, y0), the first
    // issue varying slowest.
    let j = json!({
        "name": "twins",
        "issues": [{ "id": "x", "options": ["x0", "x1"] }, { "id": "y", "options": ["y0", "y1"] }],
        "actors": [
            { "id": "a", "weights": { "x": 1, "y": 1 },
              "values": { "x": { "x0": 1, "x1": 0 }, "y": { "y0": 1, "y1": 0 } } },
            { "id": "b", "weights": { "x": 1, "y": 1 },
              "values": { "x": { "x0": 0, "x1": 1 }, "y": { "y0": 0, "y1": 1 } } }
        ]
    });
    let s = load(&j);
    for concept in [
        Concept::Nash,
        Concept::Kalai,
        Concept::Egalitarian,
        Concept::Utilitarian,
    ] {
        assert_eq!(label(&s, &solve(&s, concept)), ["x0", "y1"], "{concept}");
    }
}

#[test]
fn max_min_and_sum_ties_are_broken_by_the_nash_objective() {
    // Egalitarian: every option has min gain 0.3; r has the largest Nash product.
    let s = load(&one_issue(
        &[("q", 0.3, 0.5), ("p", 0.3, 0.9), ("r", 0.95, 0.3)],
        &[],
        &[],
    ));
    assert_eq!(label(&s, &solve(&s, Concept::Egalitarian)), ["r"]);
    // Utilitarian: every option sums to 1; q splits evenly.
    let s = load(&one_issue(
        &[("p", 0.9, 0.1), ("q", 0.5, 0.5), ("r", 0.1, 0.9)],
        &[],
        &[],
    ));
    assert_eq!(label(&s, &solve(&s, Concept::Utilitarian)), ["q"]);
    // Kalai: ideals (0.8, 0.8); p and q tie at ratio 0.5, q has the larger product.
    let s = load(&one_issue(
        &[("p", 0.4, 0.4), ("q", 0.8, 0.4), ("r", 0.4, 0.8)],
        &[],
        &[],
    ));
    assert_eq!(label(&s, &solve(&s, Concept::Kalai)), ["q"]);
}

/// Regression: utilities that are equal in exact arithmetic but summed over issues in a
/// different order differ by an ulp; the frontier filter used to let the later outcome
/// dominate the earlier one, so the contract's tie-break (first in enumeration order)
/// picked the wrong outcome. Found by tests/properties.rs.
#[test]
fn rounding_twins_still_go_to_the_first_outcome() {
    let j = json!({
        "name": "twins",
        "issues": [{ "id": "i0", "options": ["o0", "o1", "o2"] },
                   { "id": "i1", "options": ["o0", "o1", "o2"] },
                   { "id": "i2", "options": ["o0", "o1", "o2"] }],
        "actors": [
            { "id": "a0", "power": 3.0, "weights": { "i0": 2, "i1": 1, "i2": 1 },
              "values": { "i0": { "o0": 0.0, "o1": 0.0, "o2": 0.25 },
                          "i1": { "o0": 1.0, "o1": 0.0, "o2": 0.75 },
                          "i2": { "o0": 0.0, "o1": 0.75, "o2": 0.5 } } },
            { "id": "a1", "power": 2.0, "weights": { "i0": 3, "i1": 2, "i2": 2 },
              "values": { "i0": { "o0": 0.0, "o1": 0.0, "o2": 0.75 },
                          "i1": { "o0": 0.25, "o1": 0.0, "o2": 0.5 },
                          "i2": { "o0": 0.0, "o1": 0.25, "o2": 0.5 } } }
        ]
    });
    let s = load(&j);
    // (o2, o0, o2) and (o2, o2, o1) both give (1/2, 15/28); the first comes first.
    assert_eq!(
        label(&s, &solve(&s, Concept::Egalitarian)),
        ["o2", "o0", "o2"]
    );
    let listed = Engine::frontier(&s, 2, detente::SearchOptions::default()).expect("frontier");
    let twins: Vec<_> = listed
        .iter()
        .filter(|p| {
            (p.utilities[0] - 0.5).abs() <= TOL && (p.utilities[1] - 15.0 / 28.0).abs() <= TOL
        })
        .collect();
    assert_eq!(twins.len(), 2, "both twins are Pareto optimal");
}

/// Five seated actors with powers 40 and gains near 1e-4: every Nash product is below
/// 1e-700 and underflows to 0, but B's (6e-20)^40 beats A's (4e-20)^40 in log space.
#[test]
fn log_space_nash_survives_products_that_underflow() {
    let gains: [[f64; 5]; 3] = [
        [1e-4, 1e-4, 1e-4, 1e-4, 1e-4],   // C: dominated, first
        [4e-4, 1e-4, 1e-4, 1e-4, 1e-4],   // A
        [2e-4, 2e-4, 1.5e-4, 1e-4, 1e-4], // B
    ];
    let labels = ["C", "A", "B"];
    let actors: Vec<Json> = (0..5)
        .map(|i| {
            let values: serde_json::Map<String, Json> = labels
                .iter()
                .zip(&gains)
                .map(|(l, g)| (l.to_string(), json!(0.5 + g[i])))
                .collect();
            json!({ "id": format!("p{i}"), "power": 40.0, "disagreement": 0.5,
                    "weights": { "x": 1 }, "values": { "x": values } })
        })
        .collect();
    let j =
        json!({ "name": "tiny", "issues": [{ "id": "x", "options": labels }], "actors": actors });
    let s = load(&j);
    for concept in [Concept::Nash, Concept::Kalai, Concept::Egalitarian] {
        let v = solve(&s, concept);
        assert_eq!(label(&s, &v), ["B"], "{concept}");
        let a = v.agreement().expect("agreement");
        assert!(a.nash_product() < 1e-300, "the plain product underflows");
        let want = 40.0 * (2.0 * 2e-4f64.ln() + 1.5e-4f64.ln() + 2.0 * 1e-4f64.ln());
        assert_abs_diff_eq!(a.log_nash, want, epsilon = 1e-6 * want.abs());
    }
}

// ---------------------------------------------------------------------------------
// A space of 10^8 outcomes
// ---------------------------------------------------------------------------------

/// Three seated actors with random values and weights (ChaCha8, `seed`), disagreement
/// 0.55 each, so individual rationality cuts deep; red lines on two issues.
fn big(seed: u64, issues: usize, options: usize) -> Json {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let labels: Vec<String> = (0..options).map(|o| format!("o{o}")).collect();
    let issue_list: Vec<Json> = (0..issues)
        .map(|k| json!({ "id": format!("i{k}"), "options": labels }))
        .collect();
    let actors: Vec<Json> = (0..3)
        .map(|a| {
            let mut weights = serde_json::Map::new();
            let mut values = serde_json::Map::new();
            for k in 0..issues {
                weights.insert(format!("i{k}"), json!(rng.random_range(1..=5)));
                let v: serde_json::Map<String, Json> = labels
                    .iter()
                    .map(|l| (l.clone(), json!(rng.random::<f64>())))
                    .collect();
                values.insert(format!("i{k}"), Json::Object(v));
            }
            let red = match a {
                0 => json!([{ "issue": "i0", "options": [labels[options - 1]] }]),
                1 => json!([{ "issue": format!("i{}", issues - 1), "options": [labels[0], labels[1]] }]),
                _ => json!([]),
            };
            json!({ "id": format!("a{a}"), "disagreement": 0.55, "weights": weights,
                    "values": values, "red_lines": red })
        })
        .collect();
    json!({ "name": "big", "issues": issue_list, "actors": actors })
}

struct Partial {
    u: [f64; 3],
    choice: Vec<usize>,
}

/// Pareto filter by a lexicographic sweep: a vector can only be dominated by one that
/// sorts before it; equal vectors keep the first in enumeration order. Returns the
/// survivors in enumeration order.
fn pareto(v: Vec<Partial>) -> Vec<Partial> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| {
        (0..3)
            .map(|i| v[b].u[i].total_cmp(&v[a].u[i]))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let mut kept: Vec<usize> = Vec::new();
    for &c in &order {
        if !kept.iter().any(|&k| (0..3).all(|i| v[k].u[i] >= v[c].u[i])) {
            kept.push(c);
        }
    }
    kept.sort_unstable();
    let mut slots: Vec<Option<Partial>> = v.into_iter().map(Some).collect();
    kept.into_iter()
        .map(|k| slots[k].take().expect("each survivor once"))
        .collect()
}

/// The Pareto-optimal, strictly individually rational outcomes, issue by issue:
/// partial outcomes that cannot reach u_i > d_i whatever the rest adds are dropped, and
/// so are dominated ones (what the rest adds cannot undo domination).
fn rational_frontier(s: &Scenario) -> Vec<Partial> {
    let d: Vec<f64> = s.actors().iter().map(|a| a.disagreement()).collect();
    let k_all = s.issues().len();
    let options = |k: usize| match s.issues()[k].domain() {
        detente::Domain::Discrete { options } => options.len(),
        detente::Domain::Continuous { .. } => unreachable!("discrete only"),
    };
    // Red lines act on one issue each, so feasibility is decided option by option.
    let allowed = |k: usize, o: usize| {
        s.actors().iter().filter(|a| a.seated()).all(|a| {
            !a.red_lines()
                .iter()
                .any(|r| r.issue == k && r.crossed_by(Value::Option(o)))
        })
    };
    let mut rest = vec![[0.0f64; 3]; k_all + 1];
    for k in (0..k_all).rev() {
        rest[k] = [0, 1, 2].map(|i| {
            let best = (0..options(k))
                .filter(|&o| allowed(k, o))
                .map(|o| s.actors()[i].contribution(k, Value::Option(o)))
                .fold(f64::NEG_INFINITY, f64::max);
            rest[k + 1][i] + best
        });
    }
    let mut cur = vec![Partial {
        u: [0.0; 3],
        choice: Vec::new(),
    }];
    for k in 0..k_all {
        let mut next = Vec::new();
        for p in &cur {
            for o in (0..options(k)).filter(|&o| allowed(k, o)) {
                let mut u = p.u;
                for (i, ui) in u.iter_mut().enumerate() {
                    *ui += s.actors()[i].contribution(k, Value::Option(o));
                }
                if (0..3).all(|i| u[i] + rest[k + 1][i] > d[i] + IR_EPS) {
                    let mut choice = p.choice.clone();
                    choice.push(o);
                    next.push(Partial { u, choice });
                }
            }
        }
        cur = pareto(next);
    }
    cur
}

/// The contract's choice among `(outcome, seated gains)` in enumeration order.
fn choose(concept: Concept, cands: &[(Vec<usize>, [f64; 3])]) -> Option<Vec<usize>> {
    let ideal: Vec<f64> = (0..3)
        .map(|i| {
            cands
                .iter()
                .map(|c| c.1[i])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let score = |g: &[f64; 3]| -> (f64, f64) {
        let nash: f64 = g.iter().map(|x| x.ln()).sum();
        let obj = match concept {
            Concept::Nash => nash,
            Concept::Kalai => (0..3)
                .map(|i| g[i] / ideal[i])
                .fold(f64::INFINITY, f64::min),
            Concept::Egalitarian => g.iter().copied().fold(f64::INFINITY, f64::min),
            _ => g.iter().sum(),
        };
        (obj, nash)
    };
    let mut best: Option<(usize, f64, f64)> = None;
    for (j, c) in cands.iter().enumerate() {
        let (o, n) = score(&c.1);
        let better = match best {
            None => true,
            Some((_, bo, bn)) => o > bo + TOL || ((o - bo).abs() <= TOL && n > bn + TOL),
        };
        if better {
            best = Some((j, o, n));
        }
    }
    best.map(|b| cands[b.0].0.clone())
}

fn options_of(v: &Verdict) -> Vec<usize> {
    v.agreement()
        .expect("an agreement")
        .outcome
        .iter()
        .map(|x| x.as_option().expect("discrete"))
        .collect()
}

const CONCEPTS: [Concept; 4] = [
    Concept::Nash,
    Concept::Kalai,
    Concept::Egalitarian,
    Concept::Utilitarian,
];

/// The frontier argument agrees with plain enumeration on a 10^5 analogue (same
/// generator and seed), and the engine agrees with both.
#[test]
fn frontier_argument_matches_brute_force_on_a_small_analogue() {
    let s = load(&big(2024, 5, 10));
    let d = [0.55; 3];
    let brute: Vec<(Vec<usize>, [f64; 3])> = outcomes(s.issues(), 2)
        .filter(|x| s.actors().iter().all(|a| !a.vetoes(x, &s.status_quo())))
        .map(|x| {
            let g = [0, 1, 2].map(|i| s.actors()[i].utility(&x) - d[i]);
            (
                x.iter().map(|v| v.as_option().expect("discrete")).collect(),
                g,
            )
        })
        .filter(|(_, g)| g.iter().all(|&g| g > IR_EPS))
        .collect();
    assert!(!brute.is_empty(), "the analogue has rational outcomes");
    let frontier: Vec<(Vec<usize>, [f64; 3])> = rational_frontier(&s)
        .into_iter()
        .map(|p| (p.choice, [0, 1, 2].map(|i| p.u[i] - d[i])))
        .collect();
    for concept in CONCEPTS {
        let want = choose(concept, &brute).expect("a choice");
        assert_eq!(
            choose(concept, &frontier),
            Some(want.clone()),
            "{concept}: frontier argument"
        );
        assert_eq!(options_of(&solve(&s, concept)), want, "{concept}: engine");
    }
}

/// 8 issues x 10 options: 10^8 outcomes, solved by the engine and by the independent
/// frontier argument above.
#[test]
fn hundred_million_outcomes_match_the_frontier_argument() {
    let s = load(&big(2024, 8, 10));
    assert_eq!(detente::space::discrete_size(s.issues()), 100_000_000);
    let d = [0.55; 3];
    let frontier: Vec<(Vec<usize>, [f64; 3])> = rational_frontier(&s)
        .into_iter()
        .map(|p| (p.choice, [0, 1, 2].map(|i| p.u[i] - d[i])))
        .collect();
    assert!(!frontier.is_empty(), "some outcome is rational");
    for concept in CONCEPTS {
        let want = choose(concept, &frontier).expect("a choice");
        let v = solve(&s, concept);
        assert_eq!(options_of(&v), want, "{concept}");
        let a = v.agreement().expect("agreement");
        assert!(a.gains.iter().all(|&g| g > IR_EPS), "{concept}: rational");
    }
}
