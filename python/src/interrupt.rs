//! Long calls off the GIL, stoppable with Ctrl-C.
//!
//! [`run`] puts the work on a scoped worker thread with a [`Cancel`] hook in its
//! search options; the calling thread releases the GIL, wakes every [`POLL`] (or as
//! soon as the worker is done) and runs Python's signal handlers. When one raises
//! (`KeyboardInterrupt` on Ctrl-C), it sets the hook, waits for the worker to stop,
//! which the library does within milliseconds, and raises that exception.
//!
//! [`run_quick`] is for calls that mostly take microseconds (a solve, a frontier),
//! where handing the work to another thread would cost more than the work: it first
//! runs on the calling thread, GIL released, with a deadline [`PROBE`] away, and only
//! work that this deadline stopped runs again as [`run`] does. The answer is the same
//! (the work is deterministic and the caller's own limits count from the call);
//! Ctrl-C during the probe is seen when it ends.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use detente::error::{SearchError, SweepError};
use detente::search::Cancel;
use detente::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// How often the waiting thread looks for a signal.
const POLL: Duration = Duration::from_millis(20);

/// How long [`run_quick`] lets work run on the calling thread.
pub const PROBE: Duration = Duration::from_millis(50);

/// What stops the work besides the caller's own limits.
#[derive(Debug, Clone, Copy)]
pub enum Stop {
    /// The probe's deadline.
    Until(Instant),
    /// Ctrl-C, through the hook.
    Cancel(Cancel),
}

thread_local! {
    /// Seconds the library's work took in this thread's last [`run_quick`].
    static WORK: std::cell::Cell<f64> = const { std::cell::Cell::new(f64::NAN) };

    /// One flag per calling thread, cleared before each call: a call waits for its
    /// worker, so a thread never has two calls in flight. Leaked once per thread to be
    /// `'static`, as [`Cancel`] needs.
    static FLAG: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
}

/// Run `work` on a worker thread with the GIL released, raising Python's exception
/// if a signal handler raises meanwhile.
pub fn run<T: Send>(py: Python<'_>, work: impl FnOnce(Stop) -> T + Send) -> PyResult<T> {
    let flag: &'static AtomicBool = FLAG.with(|f| *f);
    flag.store(false, Ordering::Relaxed);
    let cancel = Cancel::new(flag);
    let caller = std::thread::current();
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let out = work(Stop::Cancel(cancel));
            done.store(true, Ordering::Release);
            caller.unpark();
            out
        });
        while !done.load(Ordering::Acquire) {
            py.detach(|| std::thread::park_timeout(POLL));
            if let Err(signal) = py.check_signals() {
                flag.store(true, Ordering::Relaxed);
                // The worker stops at its next look at the hook; its answer is dropped.
                let _ = py.detach(|| worker.join());
                return Err(signal);
            }
        }
        py.detach(|| worker.join())
            .map_err(|_| PyRuntimeError::new_err("detente: the worker thread panicked"))
    })
}

/// Run `work` on the calling thread for up to [`PROBE`], then, if the probe's
/// deadline stopped it, as [`run`] does.
pub fn run_quick<T: Send>(
    py: Python<'_>,
    work: impl Fn(Stop) -> detente::Result<T> + Send + Sync,
) -> PyResult<detente::Result<T>> {
    let start = Instant::now();
    let until = start + PROBE;
    let probed = py.detach(|| {
        let answer = work(Stop::Until(until));
        (answer, start.elapsed())
    });
    match probed {
        (Err(e), _) if stopped_by_time(&e) && Instant::now() >= until => {
            py.check_signals()?;
            WORK.with(|w| w.set(f64::NAN));
            run(py, work)
        }
        (answer, took) => {
            WORK.with(|w| w.set(took.as_secs_f64()));
            Ok(answer)
        }
    }
}

/// Seconds the library's work took in the calling thread's last solve or frontier
/// run on that thread (NaN when it ran on a worker): what the benchmark
/// (`python/bench.py`) counts as the Rust time of a call, the rest being the
/// binding's.
#[pyfunction]
pub fn last_work_seconds() -> f64 {
    WORK.with(std::cell::Cell::get)
}

/// Whether `e` is a stop by a time or node limit.
fn stopped_by_time(e: &Error) -> bool {
    matches!(
        e,
        Error::Search(SearchError::Budget { .. })
            | Error::Sweep(SweepError::Stopped { .. })
            | Error::Negotiation(_)
    )
}
