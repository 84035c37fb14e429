//! Sweep statistics on scenarios whose agreement is a known function of the leverage.

use approx::assert_abs_diff_eq;
use detente::sweep::{self, IssueStats, SweepOptions};
use detente::Scenario;

fn load(rel: &str) -> Scenario {
    Scenario::load(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))).expect("valid test scenario")
}

/// Monte Carlo tolerance: about five standard errors at 4,000 samples (the standard
/// error of the mean of U(0.5, 0.7) is 0.058 / 63 = 0.0009; of its 5 % quantile
/// sqrt(0.05 * 0.95 / 4000) / 5 = 0.0007).
const MC: f64 = 0.005;
/// Exact relations (a linear response to one variable).
const TOL: f64 = 1e-6;

#[test]
fn nash_share_is_uniform_between_one_half_and_seven_tenths() {
    // a's disagreement is 0.4 * support, support ~ U(0, 1): the Nash share is
    // 0.5 + 0.2 * support ~ U(0.5, 0.7).
    let scenario = load("tests/data/contract/leverage_set.json");
    let options = SweepOptions {
        samples: 4000,
        seed: 11,
        ..SweepOptions::default()
    };
    let result = sweep::run(&scenario, &options).expect("sweep runs");
    let s = &result.summary().overall;
    assert_abs_diff_eq!(s.deal_probability, 1.0, epsilon = TOL);
    let IssueStats::Continuous {
        mean,
        p05,
        p50,
        p95,
    } = s.issues[0]
    else {
        panic!("share is continuous");
    };
    assert_abs_diff_eq!(mean, 0.6, epsilon = MC);
    assert_abs_diff_eq!(p05, 0.51, epsilon = MC);
    assert_abs_diff_eq!(p50, 0.6, epsilon = MC);
    assert_abs_diff_eq!(p95, 0.69, epsilon = MC);
    // Gains: a gets 0.5 + 0.2 s - 0.4 s = 0.5 - 0.2 s, b gets 0.5 - 0.2 s: mean 0.4.
    assert_abs_diff_eq!(s.actors[0].mean_gain, 0.4, epsilon = MC);
    assert_abs_diff_eq!(s.actors[1].mean_gain, 0.4, epsilon = MC);
    assert_abs_diff_eq!(s.actors[0].mean_utility, 0.6, epsilon = MC);
    // Every sample sits on the exact line.
    let samples = result.samples();
    for i in 0..samples.len() {
        let support = samples.levels(i)[0];
        let share = samples
            .outcome(i)
            .and_then(|o| o[0].as_number())
            .unwrap_or(f64::NAN);
        assert_abs_diff_eq!(share, 0.5 + 0.2 * support, epsilon = TOL);
    }
}

#[test]
fn sensitivity_of_a_linear_response_is_plus_or_minus_one() {
    let scenario = load("tests/data/contract/leverage_set.json");
    let options = SweepOptions {
        samples: 500,
        seed: 5,
        ..SweepOptions::default()
    };
    let result = sweep::run(&scenario, &options).expect("sweep runs");
    let sens = &result.summary().overall.sensitivity;
    assert_eq!(sens.len(), 1);
    assert_eq!(sens[0].0, "support");
    let coef = |name: &str| {
        sens[0]
            .1
            .iter()
            .find(|(n, _)| n == name)
            .map_or(f64::NAN, |(_, b)| *b)
    };
    // share rises with support; both gains fall with it, perfectly linearly.
    assert_abs_diff_eq!(coef("share"), 1.0, epsilon = TOL);
    assert_abs_diff_eq!(coef("gain.a"), -1.0, epsilon = TOL);
    assert_abs_diff_eq!(coef("gain.b"), -1.0, epsilon = TOL);
}

#[test]
fn weight_noise_without_varying_leverage_has_no_sensitivity() {
    // The gains vary with the weights while no leverage variable does: nothing to fit.
    for (file, settings) in [
        ("tests/data/contract/logroll_three.json", vec![]),
        (
            "tests/data/contract/leverage_set.json",
            vec![("support".to_string(), 1.0)],
        ),
    ] {
        let scenario = load(file);
        let options = SweepOptions {
            samples: 40,
            seed: 5,
            weight_noise: Some(20.0),
            settings,
            ..SweepOptions::default()
        };
        let result = sweep::run(&scenario, &options).expect("sweep runs");
        assert!(result.summary().overall.sensitivity.is_empty(), "{file}");
    }
}

#[test]
fn pinned_variables_leave_the_sensitivity_and_fix_the_answer() {
    let scenario = load("tests/data/contract/leverage_set.json");
    let options = SweepOptions {
        samples: 50,
        seed: 5,
        settings: vec![("support".into(), 1.0)],
        ..SweepOptions::default()
    };
    let result = sweep::run(&scenario, &options).expect("sweep runs");
    let s = &result.summary().overall;
    assert!(s.sensitivity.is_empty());
    let IssueStats::Continuous { p05, p95, .. } = s.issues[0] else {
        panic!("share is continuous");
    };
    assert_abs_diff_eq!(p05, 0.7, epsilon = TOL);
    assert_abs_diff_eq!(p95, 0.7, epsilon = TOL);
}

#[test]
fn discrete_option_shares_follow_a_bernoulli_variable() {
    // left wins exactly when backing = 1, which has probability 0.3.
    let scenario = load("tests/data/sweep/discrete_share.json");
    let options = SweepOptions {
        samples: 4000,
        seed: 2,
        ..SweepOptions::default()
    };
    let result = sweep::run(&scenario, &options).expect("sweep runs");
    let IssueStats::Shares(shares) = &result.summary().overall.issues[0] else {
        panic!("x is discrete");
    };
    // Standard error sqrt(0.21 / 4000) = 0.0072; five of them.
    assert_abs_diff_eq!(shares[0], 0.3, epsilon = 0.036);
    assert_abs_diff_eq!(shares[0] + shares[1], 1.0, epsilon = TOL);
    let samples = result.samples();
    for i in 0..samples.len() {
        let left = samples.outcome(i).and_then(|o| o[0].as_option()) == Some(0);
        assert_eq!(left, samples.levels(i)[0] > 0.5);
    }
}

#[test]
fn grid_entries_hold_the_varied_value() {
    let scenario = load("tests/data/contract/leverage_set.json");
    let options = SweepOptions {
        samples: 20,
        seed: 1,
        vary: Some("support=0:1:5".parse().expect("valid grid")),
        ..SweepOptions::default()
    };
    let result = sweep::run(&scenario, &options).expect("sweep runs");
    let (id, entries) = result.summary().grid.as_ref().expect("a grid");
    assert_eq!(id, "support");
    assert_eq!(entries.len(), 5);
    for (v, stats) in entries {
        // Inside one entry the share is 0.5 + 0.2 v exactly.
        let mean = stats.issues[0].mean().unwrap_or(f64::NAN);
        assert_abs_diff_eq!(mean, 0.5 + 0.2 * v, epsilon = TOL);
        assert!(stats.sensitivity.is_empty());
    }
}

#[test]
fn bad_options_are_argument_errors() {
    let scenario = load("tests/data/contract/leverage_set.json");
    let bad = [
        SweepOptions {
            samples: 0,
            ..SweepOptions::default()
        },
        SweepOptions {
            weight_noise: Some(0.0),
            ..SweepOptions::default()
        },
        SweepOptions {
            weight_noise: Some(f64::NAN),
            ..SweepOptions::default()
        },
        SweepOptions {
            vary: Some("nope=0:1:3".parse().expect("syntax ok")),
            ..SweepOptions::default()
        },
        SweepOptions {
            settings: vec![("nope".into(), 1.0)],
            ..SweepOptions::default()
        },
    ];
    for options in bad {
        let e = sweep::run(&scenario, &options).expect_err("invalid options");
        assert!(matches!(e, detente::Error::Argument { .. }), "{e}");
        assert_eq!(e.exit_status(), 2);
    }
}
