//! User-set limits on a search: a node count and a wall-clock time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

#[cfg(doc)]
use crate::error::SearchError;
use crate::error::{Input, InputError};

/// Limits on a search. A search that hits one stops with [`SearchError::Budget`],
/// reporting how far it got and the best bound it has.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SearchOptions {
    /// Stop after examining this many partial outcomes.
    pub max_nodes: Option<u64>,
    /// Stop after this many seconds.
    pub max_seconds: Option<f64>,
}

impl SearchOptions {
    /// Check the options.
    ///
    /// # Errors
    /// [`InputError`] about [`Input::MaxSeconds`] for a non-positive or non-finite time
    /// limit.
    pub fn validate(&self) -> crate::Result<(), InputError> {
        match self.max_seconds {
            Some(s) if !(s > 0.0 && s.is_finite()) => Err(InputError::new(
                Input::MaxSeconds,
                crate::Problem::OutOfRange {
                    value: s,
                    allowed: "(0, inf)",
                },
            )),
            _ => Ok(()),
        }
    }
}

/// A running count of work against [`SearchOptions`].
#[derive(Debug)]
pub(crate) struct Budget {
    options: SearchOptions,
    start: Instant,
    nodes: AtomicU64,
}

impl Budget {
    pub fn new(options: SearchOptions) -> Self {
        Budget {
            options,
            start: Instant::now(),
            nodes: AtomicU64::new(0),
        }
    }

    /// Count `n` more nodes; `false` once a limit is exceeded.
    pub fn spend(&self, n: u64) -> bool {
        let total = self.nodes.fetch_add(n, Ordering::Relaxed) + n;
        if self.options.max_nodes.is_some_and(|max| total > max) {
            return false;
        }
        !self
            .options
            .max_seconds
            .is_some_and(|s| self.start.elapsed().as_secs_f64() > s)
    }

    pub fn nodes(&self) -> u64 {
        self.nodes.load(Ordering::Relaxed)
    }

    pub fn seconds(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    pub fn limited(&self) -> bool {
        self.options.max_nodes.is_some() || self.options.max_seconds.is_some()
    }
}
