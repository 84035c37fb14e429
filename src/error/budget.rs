//! Work stopped by a user-set budget before its answer was exact.

/// A search stopped before it could prove its answer exact.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// A limit of [`SearchOptions`](crate::SearchOptions) was hit. Says how far the
    /// search got and the best bound it has.
    #[error(
        "search stopped by its budget after {nodes} nodes and {seconds:.3} s{}; {}",
        during.as_ref().map_or(String::new(), |d| format!(" while {d}")),
        bound.map_or("no bound on the objective yet".to_string(), |b| format!("best bound on the objective: {b}"))
    )]
    Budget {
        /// Partial outcomes examined.
        nodes: u64,
        /// Seconds spent.
        seconds: f64,
        /// An upper bound on the objective that the exact answer cannot exceed, when the
        /// search has one (listing a frontier has no objective).
        bound: Option<f64>,
        /// What the search was doing when a concept runs searches of more than one kind
        /// (alternating offers: looking for a stationary agreement after the iteration
        /// cycled); `None` otherwise.
        during: Option<String>,
    },
    /// The search would need more working memory than
    /// [`SearchOptions::max_memory`](crate::SearchOptions::max_memory) allows; it
    /// stopped before allocating it.
    #[error(
        "search stopped by its memory budget: {what} would need about {} MiB, over the limit of {} MiB; after {nodes} nodes and {seconds:.3} s, {}",
        needed.div_ceil(1 << 20), limit >> 20,
        bound.map_or("no bound on the objective yet".to_string(), |b| format!("best bound on the objective: {b}"))
    )]
    Memory {
        /// What needed the memory (`the frontier's next step`, `the continuous cells`).
        what: String,
        /// Bytes it would need.
        needed: u64,
        /// The limit in bytes.
        limit: u64,
        /// Partial outcomes examined.
        nodes: u64,
        /// Seconds spent.
        seconds: f64,
        /// An upper bound on the objective, as for [`SearchError::Budget`].
        bound: Option<f64>,
    },
}

/// A sweep (or a sensitivity run's design) stopped before it drew all its samples; no
/// summary is exact.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SweepError {
    /// A limit of [`SweepOptions::search`](crate::sweep::SweepOptions::search) was hit
    /// between samples.
    #[error(
        "sweep stopped by its budget after {done} of {total} samples ({nodes} nodes, {seconds:.3} s); no summary is exact"
    )]
    Stopped {
        /// Samples solved before the stop.
        done: u64,
        /// Samples the sweep was asked for.
        total: u64,
        /// Samples plus cells solved exactly, as counted against `max_nodes`.
        nodes: u64,
        /// Seconds spent.
        seconds: f64,
    },
    /// A limit of [`SensitivityOptions::search`](crate::sensitivity::SensitivityOptions::search)
    /// was hit before every solve of the design was done.
    #[error(
        "sensitivity ({method}) stopped by its budget after {done} of {total} solves ({seconds:.3} s); no index is reported"
    )]
    SensitivityStopped {
        /// The estimator: `sobol` or `morris`.
        method: &'static str,
        /// Solves done before the stop (counted across threads).
        done: u64,
        /// Solves the run needs: the design's and the range checks'.
        total: u64,
        /// Seconds spent.
        seconds: f64,
    },
}

/// A negotiation run or a tournament stopped by its budget before it ended; no
/// agreement or standings are reported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NegotiationError {
    /// A run passed its time limit, or its trace would pass the memory limit, before
    /// its deadline.
    #[error(
        "negotiation stopped by its {why} at step {step} of {deadline} ({seconds:.3} s); no agreement is reported"
    )]
    RunStopped {
        /// The step at which the run stopped (not played).
        step: usize,
        /// The run's deadline T.
        deadline: usize,
        /// Seconds since the run began.
        seconds: f64,
        /// Which limit: `time limit` or `memory limit`.
        why: &'static str,
    },
    /// The time limit of the negotiations' [`SearchOptions`](crate::SearchOptions) was
    /// passed between runs.
    #[error(
        "tournament stopped by its budget after {done} of {total} runs ({seconds:.3} s); no standings are exact"
    )]
    Stopped {
        /// Runs played before the stop (a count across threads, so it may differ from
        /// one stop to the next).
        done: u64,
        /// Runs the tournament holds.
        total: u64,
        /// Seconds spent playing.
        seconds: f64,
    },
}
