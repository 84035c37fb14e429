//! Sweeps are byte-identical whatever the thread count, and a sweep of 2N samples
//! starts with the N samples of a sweep of N.

use detente::sweep::{self, Grid, SweepOptions};
use detente::{report, Scenario};

fn ukraine() -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/ukraine_2025.json"
    );
    Scenario::load(path).expect("the example scenario is valid")
}

/// JSON summary and CSV rows of a sweep run on a pool of `threads` threads.
fn bytes(scenario: &Scenario, options: &SweepOptions, threads: usize) -> (String, String) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| {
        let result = sweep::run(scenario, options).expect("sweep runs");
        let json = serde_json::to_string_pretty(&report::Labelled::new(scenario, result.summary()))
            .expect("serialisable");
        let csv = report::samples_csv(scenario, result.samples()).expect("csv");
        (json, csv)
    })
}

#[test]
fn one_and_four_threads_give_the_same_bytes() {
    let scenario = ukraine();
    let options = SweepOptions {
        samples: 700,
        seed: 42,
        ..SweepOptions::default()
    };
    let one = bytes(&scenario, &options, 1);
    let four = bytes(&scenario, &options, 4);
    assert_eq!(one.0, four.0);
    assert_eq!(one.1, four.1);
}

#[test]
fn grid_and_weight_noise_sweeps_do_not_depend_on_threads() {
    let scenario = ukraine();
    let options = SweepOptions {
        samples: 60,
        seed: 3,
        vary: Some(Grid {
            id: "us_support".into(),
            lo: 0.0,
            hi: 1.0,
            steps: 3,
        }),
        weight_noise: Some(50.0),
        ..SweepOptions::default()
    };
    assert_eq!(bytes(&scenario, &options, 1), bytes(&scenario, &options, 4));
}

#[test]
fn a_longer_sweep_starts_with_the_shorter_one() {
    let scenario = ukraine();
    let short = SweepOptions {
        samples: 300,
        seed: 9,
        ..SweepOptions::default()
    };
    let long = SweepOptions {
        samples: 600,
        ..short.clone()
    };
    let (_, a) = bytes(&scenario, &short, 2);
    let (_, b) = bytes(&scenario, &long, 2);
    let a_rows: Vec<&str> = a.lines().collect();
    let b_rows: Vec<&str> = b.lines().collect();
    assert_eq!(a_rows.len(), 301);
    assert_eq!(b_rows.len(), 601);
    assert_eq!(a_rows[..], b_rows[..301]);
}

#[test]
fn another_seed_gives_other_samples() {
    let scenario = ukraine();
    let a = SweepOptions {
        samples: 50,
        seed: 1,
        ..SweepOptions::default()
    };
    let b = SweepOptions {
        seed: 2,
        ..a.clone()
    };
    assert_ne!(bytes(&scenario, &a, 1).1, bytes(&scenario, &b, 1).1);
}
