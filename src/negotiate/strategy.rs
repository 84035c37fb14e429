//! The built-in strategies of contract §4, as [`Agent`]s.
//!
//! ```text
//! time:E     tau(t) = M - (M - d) * t^(1/E)      E < 1 concedes late (boulware = 0.2),
//!            propose the lowest u >= tau          E = 1 steadily (linear),
//!            accept iff u >= tau                  E > 1 early (conceder = 5)
//! hardliner  propose its best; accept iff u >= M
//! nash       propose the Nash agreement (of the gridded set); accept iff u >= u(nash);
//!            without one, a hardliner
//! every one  accepts only offers with u > d as well
//! ```
//!
//! Time-dependent tactics: P. Faratin, C. Sierra and N. R. Jennings 1998, "Negotiation
//! decision functions for autonomous agents", Robotics and Autonomous Systems 24(3-4).

use std::fmt;
use std::str::FromStr;

use super::agent::{Agent, View};
use super::ladder::TOL;
use crate::error::Problem;
use crate::space::Value;

/// A built-in strategy.
///
/// ```
/// use detente::negotiate::Strategy;
/// assert_eq!("boulware".parse::<Strategy>(), Ok(Strategy::Time(0.2)));
/// assert_eq!("time:2.5".parse::<Strategy>(), Ok(Strategy::Time(2.5)));
/// assert_eq!("hardliner".parse::<Strategy>(), Ok(Strategy::Hardliner));
/// assert!("time:0".parse::<Strategy>().is_err());
/// assert_eq!(Strategy::Time(1.0).to_string(), "time:1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strategy {
    /// Time-based concession with exponent E > 0 (`time:E`; `boulware` = 0.2,
    /// `linear` = 1, `conceder` = 5).
    Time(f64),
    /// Never concedes.
    Hardliner,
    /// Asks for, and accepts, the Nash agreement.
    Nash,
}

impl Strategy {
    /// The agent playing this strategy for one actor.
    pub fn agent(self) -> Box<dyn Agent> {
        match self {
            Strategy::Time(e) => Box::new(TimeDependent { exponent: e }),
            Strategy::Hardliner => Box::new(Hardliner),
            Strategy::Nash => Box::new(NashSeeker),
        }
    }
}

impl FromStr for Strategy {
    type Err = Problem;

    fn from_str(text: &str) -> Result<Self, Problem> {
        match text {
            "boulware" => return Ok(Strategy::Time(0.2)),
            "linear" => return Ok(Strategy::Time(1.0)),
            "conceder" => return Ok(Strategy::Time(5.0)),
            "hardliner" => return Ok(Strategy::Hardliner),
            "nash" => return Ok(Strategy::Nash),
            _ => {}
        }
        let Some(e) = text.strip_prefix("time:") else {
            return Err(Problem::Unknown {
                kind: "strategy",
                id: text.to_string(),
            });
        };
        let value: f64 = e.parse().map_err(|_| Problem::NotANumber {
            text: e.to_string(),
            expected: "a number (the exponent E of time:E)",
        })?;
        if value > 0.0 && value.is_finite() {
            Ok(Strategy::Time(value))
        } else {
            Err(Problem::OutOfRange {
                value,
                allowed: "(0, inf)",
            })
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Strategy::Time(e) => write!(f, "time:{e}"),
            Strategy::Hardliner => write!(f, "hardliner"),
            Strategy::Nash => write!(f, "nash"),
        }
    }
}

/// Whether the actor gains from `offer` over its outside option (u > d, within 1e-12).
fn gains(view: &View<'_>, offer: &[Value]) -> bool {
    view.utility(offer) > view.disagreement() + TOL
}

/// `time:E`: concedes from M to d as t^(1/E).
#[derive(Debug, Clone, Copy)]
struct TimeDependent {
    exponent: f64,
}

impl TimeDependent {
    fn target(&self, view: &View<'_>) -> f64 {
        let (m, d) = (view.best(), view.disagreement());
        m - (m - d) * view.time().powf(1.0 / self.exponent)
    }
}

impl Agent for TimeDependent {
    fn propose(&mut self, view: &View<'_>) -> Vec<Value> {
        view.lowest_at_least(self.target(view))
            .unwrap_or_else(|| view.best_outcome())
    }

    fn accepts(&mut self, view: &View<'_>, offer: &[Value]) -> bool {
        gains(view, offer) && view.utility(offer) >= self.target(view) - TOL
    }
}

/// `hardliner`: its best, nothing less.
#[derive(Debug, Clone, Copy)]
struct Hardliner;

impl Agent for Hardliner {
    fn propose(&mut self, view: &View<'_>) -> Vec<Value> {
        view.best_outcome()
    }

    fn accepts(&mut self, view: &View<'_>, offer: &[Value]) -> bool {
        gains(view, offer) && view.utility(offer) >= view.best() - TOL
    }
}

/// `nash`: the Nash agreement of the gridded set, or a hardliner without one.
#[derive(Debug, Clone, Copy)]
struct NashSeeker;

impl Agent for NashSeeker {
    fn propose(&mut self, view: &View<'_>) -> Vec<Value> {
        match view.negotiation.nash() {
            Some(nash) => nash.outcome.clone(),
            None => Hardliner.propose(view),
        }
    }

    fn accepts(&mut self, view: &View<'_>, offer: &[Value]) -> bool {
        match view.negotiation.nash() {
            Some(nash) => {
                gains(view, offer) && view.utility(offer) >= nash.utilities[view.actor()] - TOL
            }
            None => Hardliner.accepts(view, offer),
        }
    }
}
