//! The Ukraine case study (`examples/ukraine_study`) at its `--quick` sizes, on both
//! Ukraine files: the verdict table the README reports, and checks of the machinery
//! against independent computations.
//!
//! The experiments are the example's own modules, included by path so that the test
//! and the example cannot drift apart; they use only the public API.

#[allow(dead_code)]
#[path = "../examples/ukraine_study/claim.rs"]
mod claim;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/claims.rs"]
mod claims;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/exact.rs"]
mod exact;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/experiments.rs"]
mod experiments;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/levers.rs"]
mod levers;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/probes.rs"]
mod probes;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/protocol.rs"]
mod protocol;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/ranges.rs"]
mod ranges;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/results.rs"]
mod results;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/robust.rs"]
mod robust;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/skipped.rs"]
mod skipped;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/stats.rs"]
mod stats;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/table.rs"]
mod table;

use std::path::PathBuf;

use detente::{Concept, Engine, LeverageDist, Scenario};
use experiments::{quartiles, Config};
use robust::Effort;
use stats::{judge, Estimate, Expect, Verdict};

const TOL: f64 = 1e-9;
const SEEDS: [u64; 3] = [2025, 2026, 2027];

fn data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(file)
}

use Verdict::{Agrees as A, CannotTell as C, Disagrees as D};

/// One row of the pinned table: key, by construction, verdict, the same verdict at
/// every seed, exact probe holds (None: no probe).
type Row = (&'static str, bool, Verdict, bool, Option<bool>);

fn check_table(file: &str, expected: &[Row]) {
    let r =
        results::run(&data(file), Config::QUICK, &SEEDS, Effort::QUICK).expect("the study runs");
    let got: Vec<Row> = r
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let exact = r.robustness[i].as_ref().map(|x| x.margin > 0.0);
            (
                c.key,
                c.construction.is_some(),
                c.verdict,
                r.seeds_agree(i),
                exact,
            )
        })
        .collect();
    assert_eq!(got, expected, "{file}");
    // A red line cannot be crossed: no judged number flips claim 1, every joint
    // draw keeps it, under every concept.
    let red = r.robustness[0].as_ref().expect("claim 1 has a probe");
    assert!(red.flips.is_empty() && (red.probability.mean - 1.0).abs() < TOL);
    assert!(red.concepts.iter().all(|m| m.is_some_and(|m| m > 0.0)));
    // The tempo claim exists only under alternating offers: no other concept reads
    // the patiences, so its margin there is minus the minimum.
    let tempo = r.robustness[3].as_ref().expect("claim 4 has a probe");
    for m in &tempo.concepts[..3] {
        assert!(
            (m.expect("solved") + levers::TEMPO.size).abs() < 1e-9,
            "{m:?}"
        );
    }
}

#[test]
fn the_verdict_table_on_the_main_file_is_the_one_the_readme_reports() {
    check_table(
        "ukraine_2025.json",
        &[
            ("red_lines", true, A, true, Some(true)),
            ("us_support", true, A, true, Some(true)),
            ("kursk", false, D, true, Some(false)),
            ("tempo", true, A, false, Some(true)),
            ("resources", true, A, false, Some(true)),
            ("eu_seat", false, D, true, Some(false)),
            ("nato_unrealistic", false, C, false, Some(true)),
            ("european_troops", false, C, true, Some(false)),
            ("foreign_troops", false, A, true, Some(false)),
            ("russia_concedes", false, D, true, Some(false)),
            ("us_eager", false, D, true, Some(false)),
            ("us_deadline", false, D, true, None),
        ],
    );
}

#[test]
fn the_verdict_table_on_the_second_file_is_the_one_the_readme_reports() {
    check_table(
        "ukraine_2025_alt.json",
        &[
            ("red_lines", true, A, true, Some(true)),
            ("us_support", true, A, true, Some(true)),
            ("kursk", false, A, true, Some(true)),
            ("tempo", true, C, true, Some(true)),
            ("resources", true, D, true, Some(true)),
            ("eu_seat", false, D, true, Some(false)),
            ("nato_unrealistic", false, D, true, Some(true)),
            ("european_troops", false, D, true, Some(false)),
            ("foreign_troops", false, A, true, Some(true)),
            ("russia_concedes", false, D, true, Some(false)),
            ("us_eager", false, C, false, Some(false)),
            ("us_deadline", false, C, false, None),
        ],
    );
}

/// Ukraine's utility lost when `lever` moves between its quartiles, the others at
/// the status quo, by the library's Nash solve on a scenario edited as JSON.
fn loss(s: &Scenario, lever: &str) -> f64 {
    let l = s.leverage_index(lever).expect("a lever");
    let (lo, hi) = quartiles(s.leverage()[l].distribution());
    let ukraine = s.actor_index("ukraine").expect("ukraine");
    let u = |x: f64| {
        let levels = s.levels_with(&[(lever.to_string(), x)]).expect("levels");
        let v = Engine::new(s).solve(Concept::Nash, &s.situation(&levels).expect("a situation"));
        v.expect("solved").utilities()[ukraine]
    };
    (u(hi) - u(lo)).abs()
}

#[test]
fn the_kursk_flip_point_is_where_an_independent_solve_puts_it() {
    let path = data("ukraine_2025.json");
    let study = experiments::Study::load(&path, Config::QUICK).expect("loads");
    let judged = ranges::Judged::of(&study.scenario).expect("judged numbers");
    let probes = study.probes().expect("probes");
    let kursk = probes[2].as_ref().expect("claim 3 has a probe");
    let r = robust::check(kursk, &judged, Effort::QUICK).expect("checked");
    let flip = r
        .flips
        .iter()
        .find(|f| f.path == "leverage[kursk_held].effects[0].disagreement")
        .expect("Kursk's effect on Ukraine's d flips claim 3");
    let at = flip.above.expect("above the stated 0.06");
    let text = std::fs::read_to_string(&path).expect("the file");
    // Claim 3 holds when Kursk's loss beats every other lever's by the minimum.
    let holds = |effect: f64| {
        let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        json["leverage"][1]["effects"][0]["disagreement"] = effect.into();
        let s = Scenario::from_json(&json.to_string(), "edited").expect("valid");
        let kursk = loss(&s, "kursk_held");
        [
            "us_support",
            "battlefield_momentum",
            "sanctions_pressure",
            "eu_unity",
            "us_impatience",
        ]
        .iter()
        .all(|l| kursk - loss(&s, l) > levers::KURSK.size)
    };
    let step = 0.18 / 1024.0;
    assert!(!holds(at - 2.0 * step), "fails just below {at}");
    assert!(holds(at + 2.0 * step), "holds just above {at}");
}

#[test]
fn the_verdict_rule_needs_the_interval_to_clear_the_minimum() {
    let e = |mean: f64, se: f64| Estimate { mean, se, n: 100 };
    // 3 s.e. from zero is not enough: the interval must clear the minimum.
    assert_eq!(judge(e(0.31, 0.1), Expect::Sign(1.0), 0.0), A);
    assert_eq!(judge(e(0.31, 0.1), Expect::Sign(1.0), 0.05), C);
    assert_eq!(judge(e(0.36, 0.1), Expect::Sign(1.0), 0.05), A);
    assert_eq!(
        judge(e(0.04, 0.001), Expect::Sign(1.0), 0.05),
        D,
        "precise but too small"
    );
    assert_eq!(judge(e(-0.36, 0.1), Expect::Sign(-1.0), 0.05), A);
    assert_eq!(judge(e(-0.36, 0.1), Expect::Sign(1.0), 0.05), D);
    assert_eq!(
        judge(e(0.0, 0.0), Expect::Sign(1.0), 0.05),
        D,
        "no effect at all"
    );
    // A claimed absence: the whole interval inside (-m, m).
    assert_eq!(judge(e(0.02, 0.005), Expect::Negligible, 0.05), A);
    assert_eq!(judge(e(0.04, 0.005), Expect::Negligible, 0.05), C);
    assert_eq!(judge(e(0.10, 0.005), Expect::Negligible, 0.05), D);
}

#[test]
fn quartiles_move_the_same_probability_mass() {
    let (lo, hi) = quartiles(&LeverageDist::bernoulli(0.5).expect("a probability"));
    assert!(
        lo.abs() < TOL && (hi - 1.0).abs() < TOL,
        "kursk: lost vs held"
    );
    let (lo, hi) = quartiles(&LeverageDist::uniform(0.0, 1.0).expect("a range"));
    assert!((lo - 0.25).abs() < TOL && (hi - 0.75).abs() < TOL);
    // Beta(2, 2) has CDF 3x^2 - 2x^3.
    let (lo, hi) = quartiles(&LeverageDist::beta(2.0, 2.0).expect("positive shapes"));
    let cdf = |x: f64| 3.0 * x * x - 2.0 * x * x * x;
    assert!((cdf(lo) - 0.25).abs() < 1e-6 && (cdf(hi) - 0.75).abs() < 1e-6);
}

#[test]
fn every_judged_number_has_a_range_that_holds_its_stated_value() {
    for file in ["ukraine_2025.json", "ukraine_2025_alt.json"] {
        let s = Scenario::load(data(file)).expect("loads");
        let judged = ranges::Judged::of(&s).expect("judged numbers");
        assert!(judged.params.len() > 90, "{file}: {}", judged.params.len());
        for (p, x) in judged.params.iter().zip(&judged.stated) {
            let (lo, hi) = p.dist().ends();
            assert!(
                lo - TOL <= *x && *x <= hi + TOL,
                "{file}: {} = {x} outside [{lo}, {hi}]",
                p.path()
            );
        }
    }
}
