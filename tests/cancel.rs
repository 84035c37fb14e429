//! The cancel hook of `SearchOptions`: a flag set from another thread stops a long
//! sweep within milliseconds, with the sweep's budget error.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use detente::error::SweepError;
use detente::search::Cancel;
use detente::sweep::{self, SweepOptions};
use detente::{Error, Scenario, SearchOptions};

#[test]
fn a_flag_set_from_another_thread_stops_a_long_sweep_promptly() {
    static STOP: AtomicBool = AtomicBool::new(false);
    let scenario = Scenario::load("examples/data/ukraine_2025.json").expect("the example loads");
    let options = SweepOptions {
        // Weight noise builds an engine per sample: minutes of work for 10^7 samples.
        samples: 10_000_000,
        seed: 7,
        weight_noise: Some(50.0),
        search: SearchOptions {
            cancel: Some(Cancel::new(&STOP)),
            ..SearchOptions::default()
        },
        ..SweepOptions::default()
    };
    let setter = std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(200));
        STOP.store(true, Ordering::Relaxed);
        Instant::now()
    });
    let result = sweep::run(&scenario, &options);
    let returned = Instant::now();
    let set_at = setter.join().expect("the setter thread ends");
    match result {
        Err(Error::Sweep(SweepError::Stopped { done, total, .. })) => {
            assert!(done < total, "stopped early: {done} of {total}");
        }
        other => panic!("expected a stopped sweep, got {other:?}"),
    }
    let late = returned.saturating_duration_since(set_at);
    assert!(
        late < Duration::from_secs(2),
        "stopped {late:?} after the flag"
    );
}
