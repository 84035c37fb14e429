//! The Ukraine case study (`examples/ukraine_study`) at the README's sample sizes and
//! seed: every claim's verdict must be the one `examples/README.md` reports.
//!
//! The experiments are the example's own modules, included by path so that the test
//! and the example cannot drift apart; they use only the public API.

#[allow(dead_code)]
#[path = "../examples/ukraine_study/claims.rs"]
mod claims;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/experiments.rs"]
mod experiments;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/levers.rs"]
mod levers;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/stats.rs"]
mod stats;
#[allow(dead_code)]
#[path = "../examples/ukraine_study/table.rs"]
mod table;

use std::path::PathBuf;

use detente::LeverageDist;
use experiments::{quartiles, Config, Study};
use stats::{judge, Verdict};

const TOL: f64 = 1e-9;

fn scenario_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/ukraine_2025.json")
}

#[test]
fn every_verdict_is_the_one_the_readme_reports() {
    let study = Study::load(&scenario_path(), Config::FULL).expect("the scenario loads");
    let claims = study.run_all().expect("every experiment runs");
    let expected = [
        ("red_lines", Verdict::Agrees),
        ("us_support", Verdict::Agrees),
        ("kursk", Verdict::Disagrees),
        ("tempo", Verdict::Agrees),
        ("resources", Verdict::Agrees),
        ("eu_seat", Verdict::Disagrees),
        ("nato_unrealistic", Verdict::Disagrees),
        ("european_troops", Verdict::Agrees),
    ];
    assert_eq!(claims.len(), expected.len());
    for (claim, (key, verdict)) in claims.iter().zip(expected) {
        assert_eq!(claim.key, key);
        assert_eq!(claim.verdict, verdict, "claim {key}: {:#?}", claim.measures);
    }
    // The sharper statements the README makes beyond the verdicts.
    let kursk = &claims[2];
    let beaten: Vec<&str> = kursk
        .measures
        .iter()
        .filter(|m| m.headline && m.verdict == Some(Verdict::Disagrees))
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        beaten,
        [
            "utility Ukraine loses: kursk_held minus us_support",
            "utility Ukraine loses: kursk_held minus battlefield_momentum"
        ]
    );
    // The gated red line: with Kursk lost (kursk_held = 0) no deal swaps it.
    let lost = kursk
        .measures
        .iter()
        .find(|m| {
            m.name
                .starts_with("share of deals that swap Kursk, Kursk lost")
        })
        .expect("the swap share with Kursk lost is reported");
    assert!(lost.effect.n > 0 && lost.effect.mean.abs() < TOL);
    // Russia vetoes foreign troops of any flag: seating the EU cannot move them, and
    // the security-guarantee direction is then too small to tell.
    let eu = &claims[5];
    let direction = eu
        .measures
        .iter()
        .find(|m| m.name.starts_with("direction"))
        .expect("the direction measure is reported");
    assert_eq!(direction.verdict, Some(Verdict::CannotTell));
    // European troops win over the backstop only through the US's interaction term.
    let troops = &claims[7];
    let plain = troops
        .measures
        .iter()
        .find(|m| m.name.contains("without the US's interaction term"))
        .expect("the counterfactual without the interaction is reported");
    assert!(plain.effect.mean < -3.0 * plain.effect.se, "{plain:?}");
}

#[test]
fn the_verdict_rule_needs_three_standard_errors_and_the_sign() {
    assert_eq!(judge(0.31, 0.1, 1.0), Verdict::Agrees);
    assert_eq!(judge(0.29, 0.1, 1.0), Verdict::CannotTell);
    assert_eq!(judge(-0.31, 0.1, 1.0), Verdict::Disagrees);
    assert_eq!(judge(-0.31, 0.1, -1.0), Verdict::Agrees);
    // No effect in any draw contradicts a claimed effect.
    assert_eq!(judge(0.0, 0.0, 1.0), Verdict::Disagrees);
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
