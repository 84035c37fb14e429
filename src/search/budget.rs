//! User-set limits on a search: a node count, a wall-clock time and the memory of its
//! working tables.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[cfg(doc)]
use crate::error::SearchError;
use crate::error::{Input, InputError};

/// Working memory a search may take when [`SearchOptions::max_memory`] is not set:
/// 4 GiB.
pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;

/// Limits on a search. A search that hits one stops with [`SearchError::Budget`] (or
/// [`SearchError::Memory`]), reporting how far it got and the best bound it has.
///
/// Every phase looks at the limits: building the Pareto frontier (within each step,
/// not only between them), scanning it, and solving each continuous cell. The time is
/// read every few thousand partial outcomes, so a search stops within a few
/// milliseconds of its limit on any space.
///
/// ```
/// use std::time::{Duration, Instant};
/// use detente::SearchOptions;
/// // A search may take a second, and every search stops five seconds from now.
/// let options = SearchOptions {
///     max_seconds: Some(1.0),
///     deadline: Some(Instant::now() + Duration::from_secs(5)),
///     ..SearchOptions::default()
/// };
/// assert!(options.validate().is_ok());
/// assert_eq!(options.memory_limit(), detente::search::DEFAULT_MAX_MEMORY);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SearchOptions {
    /// Stop a search after this many nodes, its unit of work: one partial outcome built
    /// or examined, one dominance test between two partial outcomes while the frontier
    /// is built, or one step of a continuous cell's search. A search stops before a
    /// block of work that would take it past the limit.
    pub max_nodes: Option<u64>,
    /// Stop a search after this many seconds from its start (the searches of an
    /// [`Engine`](crate::Engine): from the engine's creation).
    pub max_seconds: Option<f64>,
    /// Stop every search at this instant, whenever it started: a caller that runs many
    /// searches (a command, a sweep, the alternating-offers iterations) sets it once so
    /// that all of them together end on time ([`SearchOptions::from_now`]).
    pub deadline: Option<Instant>,
    /// Most bytes a search's working tables may take ([`DEFAULT_MAX_MEMORY`] when
    /// `None`). A search that would need more stops with [`SearchError::Memory`]
    /// before it allocates them.
    pub max_memory: Option<u64>,
    /// Stop every search (and sweep, negotiation or tournament) that carries these
    /// options as soon as the flag is set, from any thread, as if its time had run out
    /// ([`Cancel`]).
    pub cancel: Option<Cancel>,
}

/// A flag that stops the work holding it, set from another thread: a caller that
/// runs a long search, sweep or tournament on a worker thread (a binding to another
/// language whose user pressed Ctrl-C) sets it and waits for the worker to return.
///
/// The work looks at the flag wherever it looks at the clock, and stops as it would
/// when [`SearchOptions::deadline`] had passed: with the same budget error
/// ([`SearchError::Budget`], a sweep's or tournament's stop), within a few
/// milliseconds. The flag is `'static` so that the options stay `Copy`: keep one per
/// calling thread and clear it before each call.
///
/// ```
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use detente::search::Cancel;
/// use detente::{Engine, Scenario, SearchOptions};
///
/// static STOP: AtomicBool = AtomicBool::new(false);
/// let scenario = Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "x", "range": [0, 1]}],
///   "actors": [{"id": "a", "weights": {"x": 1}, "values": {"x": {"points": [[0, 0], [1, 1]]}}},
///              {"id": "b", "weights": {"x": 1}, "values": {"x": {"points": [[0, 1], [1, 0]]}}}]}"#,
///   "pie.json").expect("a valid scenario");
/// let options = SearchOptions { cancel: Some(Cancel::new(&STOP)), ..SearchOptions::default() };
/// let situation = scenario.status_quo_situation();
/// assert!(Engine::with_options(&scenario, options).solve(detente::Concept::Nash, &situation).is_ok());
/// STOP.store(true, Ordering::Relaxed);
/// assert!(Engine::with_options(&scenario, options).solve(detente::Concept::Nash, &situation).is_err());
/// ```
#[derive(Clone, Copy)]
pub struct Cancel(&'static AtomicBool);

impl Cancel {
    /// A hook on `flag`: the work stops once it is `true`.
    pub const fn new(flag: &'static AtomicBool) -> Self {
        Cancel(flag)
    }

    /// Whether the flag is set.
    pub fn is_set(self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Two hooks are equal when they watch the same flag.
impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cancel").field(&self.is_set()).finish()
    }
}

impl SearchOptions {
    /// Check the options.
    ///
    /// # Errors
    /// [`InputError`] about [`Input::MaxSeconds`] for a non-positive or non-finite time
    /// limit, about [`Input::MaxMemory`] for a memory limit of 0.
    pub fn validate(&self) -> crate::Result<(), InputError> {
        if self.max_memory == Some(0) {
            return Err(InputError::new(
                Input::MaxMemory,
                crate::Problem::OutOfRange {
                    value: 0.0,
                    allowed: "[1, inf)",
                },
            ));
        }
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

impl SearchOptions {
    /// These options with [`SearchOptions::deadline`] set `max_seconds` from now (when
    /// both are unset, unchanged; an earlier deadline already set is kept).
    #[must_use]
    pub fn from_now(self) -> Self {
        SearchOptions {
            deadline: self.end_from(Instant::now()),
            ..self
        }
    }

    /// When a search started at `start` must end: the earlier of `start + max_seconds`
    /// and the deadline, if either is set.
    fn end_from(&self, start: Instant) -> Option<Instant> {
        let own = self
            .max_seconds
            .filter(|s| *s > 0.0 && s.is_finite())
            .and_then(|s| start.checked_add(Duration::from_secs_f64(s.min(1e9))));
        match (own, self.deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The memory limit in force: [`SearchOptions::max_memory`] or
    /// [`DEFAULT_MAX_MEMORY`].
    pub fn memory_limit(&self) -> u64 {
        self.max_memory.unwrap_or(DEFAULT_MAX_MEMORY)
    }
}

/// A running count of work against [`SearchOptions`].
///
/// A budget may draw on an account shared by many searches (an engine's): its node
/// limit then holds for their sum, and its own nodes are added to the account when it
/// is dropped.
#[derive(Debug)]
pub(crate) struct Budget {
    options: SearchOptions,
    start: Instant,
    /// The earlier of `start + max_seconds` and the deadline.
    end: Option<Instant>,
    /// Nodes of this search.
    nodes: AtomicU64,
    /// Nodes the account held when this search began.
    prior: u64,
    account: Option<Arc<AtomicU64>>,
}

impl Budget {
    pub fn new(options: SearchOptions) -> Self {
        let start = Instant::now();
        Budget {
            options,
            start,
            end: options.end_from(start),
            nodes: AtomicU64::new(0),
            prior: 0,
            account: None,
        }
    }

    /// A budget for one of many searches that began together at `since` (options whose
    /// deadline was set then, [`SearchOptions::from_now`]): its node limit counts the
    /// nodes already in `account`, it adds its own to it when dropped, and the time it
    /// reports runs from `since`.
    pub fn drawing_on(options: SearchOptions, account: &Arc<AtomicU64>, since: Instant) -> Self {
        let mut budget = Budget::new(options);
        // The limit itself is the deadline the caller set at `since`.
        budget.start = since;
        budget.prior = account.load(Ordering::Relaxed);
        budget.account = Some(Arc::clone(account));
        budget
    }

    /// Count `n` more nodes; `false` once a limit is exceeded.
    /// Nodes that would pass the limit are not counted: the search stops before that
    /// work.
    pub fn spend(&self, n: u64) -> bool {
        let own = self.nodes.fetch_add(n, Ordering::Relaxed) + n;
        if self
            .options
            .max_nodes
            .is_some_and(|max| self.prior + own > max)
        {
            self.nodes.fetch_sub(n, Ordering::Relaxed);
            return false;
        }
        !self.out_of_time()
    }

    /// Whether a limit is already exceeded (counts nothing).
    pub fn exhausted(&self) -> bool {
        self.options.max_nodes.is_some_and(|max| self.nodes() > max) || self.out_of_time()
    }

    fn out_of_time(&self) -> bool {
        self.options.cancel.is_some_and(Cancel::is_set)
            || self.end.is_some_and(|end| Instant::now() > end)
    }

    /// Whether `bytes` more of working tables stay within the memory limit.
    pub fn fits(&self, bytes: u64) -> bool {
        bytes <= self.options.memory_limit()
    }

    pub fn memory_limit(&self) -> u64 {
        self.options.memory_limit()
    }

    /// Nodes counted against the limit: this search's and those of its account.
    pub fn nodes(&self) -> u64 {
        self.prior + self.nodes.load(Ordering::Relaxed)
    }

    pub fn seconds(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Whether a node or time limit or a [`Cancel`] hook is set (the memory limit
    /// always is).
    pub fn limited(&self) -> bool {
        self.options.max_nodes.is_some() || self.end.is_some() || self.options.cancel.is_some()
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        if let Some(account) = &self.account {
            account.fetch_add(self.nodes.load(Ordering::Relaxed), Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(max: u64) -> SearchOptions {
        SearchOptions {
            max_nodes: Some(max),
            ..SearchOptions::default()
        }
    }

    #[test]
    fn work_that_would_pass_the_limit_is_refused_and_not_counted() {
        let budget = Budget::new(nodes(100));
        assert!(budget.spend(60));
        assert!(!budget.spend(50), "60 + 50 passes 100");
        assert_eq!(budget.nodes(), 60);
        assert!(budget.spend(40), "exactly at the limit is allowed");
        assert!(!budget.spend(1));
    }

    #[test]
    fn searches_drawing_on_one_account_share_the_limit() {
        let account = Arc::default();
        {
            let first = Budget::drawing_on(nodes(100), &account, Instant::now());
            assert!(first.spend(70));
        }
        assert_eq!(account.load(Ordering::Relaxed), 70, "added when dropped");
        let second = Budget::drawing_on(nodes(100), &account, Instant::now());
        assert_eq!(second.nodes(), 70);
        assert!(!second.spend(31), "70 + 31 passes the shared limit");
        assert!(second.spend(30));
    }

    #[test]
    fn the_earlier_of_the_own_limit_and_the_deadline_ends_a_search() {
        let past = Instant::now();
        let budget = Budget::new(SearchOptions {
            max_seconds: Some(1e6),
            deadline: Some(past),
            ..SearchOptions::default()
        });
        std::thread::sleep(Duration::from_millis(2));
        assert!(budget.exhausted());
        assert!(!budget.spend(0));
        let open = Budget::new(SearchOptions {
            max_seconds: Some(1e6),
            ..SearchOptions::default()
        });
        assert!(!open.exhausted());
    }

    #[test]
    fn a_set_cancel_flag_stops_the_budget_like_its_time_running_out() {
        static FLAG: AtomicBool = AtomicBool::new(false);
        let budget = Budget::new(SearchOptions {
            cancel: Some(Cancel::new(&FLAG)),
            ..SearchOptions::default()
        });
        assert!(budget.limited(), "a hook is a limit to look at");
        assert!(budget.spend(10));
        assert!(!budget.exhausted());
        FLAG.store(true, Ordering::Relaxed);
        assert!(budget.exhausted());
        assert!(!budget.spend(0));
        static OTHER: AtomicBool = AtomicBool::new(false);
        assert_eq!(Cancel::new(&FLAG), Cancel::new(&FLAG));
        assert_ne!(Cancel::new(&FLAG), Cancel::new(&OTHER));
    }
}
