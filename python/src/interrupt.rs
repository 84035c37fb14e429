//! Long calls off the GIL, stoppable with Ctrl-C.
//!
//! The work runs on a scoped worker thread with a [`Cancel`] hook in its search
//! options; the calling thread releases the GIL, wakes every [`POLL`] (or as soon as
//! the worker is done) and runs Python's signal handlers. When one raises
//! (`KeyboardInterrupt` on Ctrl-C), it sets the hook, waits for the worker to stop,
//! which the library does within milliseconds, and raises that exception.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use detente::search::Cancel;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// How often the waiting thread looks for a signal.
const POLL: Duration = Duration::from_millis(20);

thread_local! {
    /// One flag per calling thread, cleared before each call: a call waits for its
    /// worker, so a thread never has two calls in flight. Leaked once per thread to be
    /// `'static`, as [`Cancel`] needs.
    static FLAG: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
}

/// Run `work` (given the cancel hook to put in its options) on a worker thread with
/// the GIL released, raising Python's exception if a signal handler raises meanwhile.
pub fn run<T: Send>(py: Python<'_>, work: impl FnOnce(Cancel) -> T + Send) -> PyResult<T> {
    let flag: &'static AtomicBool = FLAG.with(|f| *f);
    flag.store(false, Ordering::Relaxed);
    let cancel = Cancel::new(flag);
    let caller = std::thread::current();
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let out = work(cancel);
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
