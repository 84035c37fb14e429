//! An independent reference for the stacked alternating offers protocol and the
//! built-in strategies of CONTRACT §4, written from the contract alone for
//! `tests/negotiate_reference.rs`.
//!
//! Nothing here asks the library to search: the outcome set is enumerated by brute
//! force, utilities and red lines come from the contract-only evaluator of
//! `linked_gen.rs`, and the Nash agreement is the tests' shared brute force
//! (`brute.rs`). Only `detente::Value` and `detente::Concept` are borrowed, as names.
//!
//! ```text
//! grid:     value j of a continuous issue = lo + (hi - lo) * j / (R - 1), hi at j = R - 1
//! time:     t_s = s / (T - 1)                      (t_0 = 0 when T = 1)
//! time:E    tau_i(t) = M_i - (M_i - d_i) * t^(1/E)
//! accept    u_i(x) >= target_i(t)  and  u_i(x) > d_i      (every strategy)
//! x >= y    x >= y - 1e-12;   x > y    x > y + 1e-12
//! ```

use detente::{Concept, Value};
use serde_json::{json, Map, Value as Json};

use super::brute::{brute_best, ideal_of, Cand};
use super::linked_gen::{issue_id, option_label, Case, Iss};

/// The contract's tolerance on utility comparisons (§4).
pub const EPS: f64 = 1e-12;

/// x >= y in the contract's sense.
pub fn ge(x: f64, y: f64) -> bool {
    x >= y - EPS
}

/// x > y in the contract's sense.
pub fn gt(x: f64, y: f64) -> bool {
    x > y + EPS
}

/// A built-in strategy of §4.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strategy {
    /// `time:E`: concedes from M_i towards d_i as t^(1/E).
    Time(f64),
    /// Proposes its best and accepts only its best utility.
    Hardliner,
    /// Proposes the Nash agreement and accepts what gives at least as much.
    Nash,
}

impl Strategy {
    /// The strategy a CLI spelling names (`boulware`, `linear`, `conceder`, `time:E`,
    /// `hardliner`, `nash`); `None` for anything else, E <= 0 included.
    pub fn parse(name: &str) -> Option<Strategy> {
        match name {
            "boulware" => Some(Strategy::Time(0.2)),
            "linear" => Some(Strategy::Time(1.0)),
            "conceder" => Some(Strategy::Time(5.0)),
            "hardliner" => Some(Strategy::Hardliner),
            "nash" => Some(Strategy::Nash),
            _ => {
                let e: f64 = name.strip_prefix("time:")?.parse().ok()?;
                (e > 0.0 && e.is_finite()).then_some(Strategy::Time(e))
            }
        }
    }
}

/// One negotiation to run on a case: the flags of `detente negotiate`.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Each seated actor's strategy as spelled (seated actors in file order).
    pub agents: Vec<String>,
    /// T, at least 1.
    pub deadline: usize,
    /// Index (in `case.actors`) of the seated actor that takes step 0.
    pub first: usize,
    /// R, values per continuous range.
    pub resolution: usize,
    /// The lever's level in force (the status quo, or `--set`).
    pub level: f64,
    /// The lever's effect p_i on each actor's power (empty: none; `linked_gen` draws
    /// effects on d_i only, the harness adds these to the file).
    pub power_effect: Vec<f64>,
}

impl Setup {
    /// alpha_i = power_i * exp(p_i * L) of the seated actors (§1).
    pub fn alpha(&self, case: &Case) -> Vec<f64> {
        case.seated()
            .into_iter()
            .map(|i| {
                let p = self.power_effect.get(i).copied().unwrap_or(0.0);
                case.actors[i].power * (p * self.level).exp()
            })
            .collect()
    }
}

/// `r` evenly spaced values over `[lo, hi]`, ends included, `hi` exactly at the end.
pub fn grid_values(lo: f64, hi: f64, r: usize) -> Vec<f64> {
    (0..r)
        .map(|j| {
            if j + 1 == r {
                hi
            } else {
                lo + (hi - lo) * j as f64 / (r - 1) as f64
            }
        })
        .collect()
}

/// Every gridded outcome, feasible or not, in enumeration order (§2: first issue
/// slowest, options in file order, a continuous issue by its value).
pub fn gridded_outcomes(case: &Case, r: usize) -> Vec<Vec<Value>> {
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for issue in &case.issues {
        let vals: Vec<Value> = match *issue {
            Iss::Disc(n) => (0..n).map(Value::Option).collect(),
            Iss::Cont { lo, width } => grid_values(lo, lo + width, r)
                .into_iter()
                .map(Value::Number)
                .collect(),
        };
        out = out
            .into_iter()
            .flat_map(|o| {
                vals.iter().map(move |v| {
                    let mut o = o.clone();
                    o.push(*v);
                    o
                })
            })
            .collect();
    }
    out
}

/// Number of gridded outcomes (feasible or not) at resolution `r`.
pub fn gridded_len(case: &Case, r: usize) -> usize {
    case.issues
        .iter()
        .map(|i| match *i {
            Iss::Disc(n) => n,
            Iss::Cont { .. } => r,
        })
        .product()
}

/// The first candidate of `idx` (in enumeration order) whose `value` lies within EPS of
/// the candidates' minimum (`lowest`) or maximum: §4's tie rule; `None` when empty.
fn extreme(
    idx: impl Iterator<Item = usize> + Clone,
    value: impl Fn(usize) -> f64,
    lowest: bool,
) -> Option<usize> {
    let key = |j: usize| if lowest { -value(j) } else { value(j) };
    let top = idx.clone().map(key).fold(f64::NEG_INFINITY, f64::max);
    idx.into_iter().find(|&j| key(j) >= top - EPS)
}

/// Past this many distinct utility vectors the Pareto set comes from the skyline pass.
const EXACT_PARETO: usize = 4000;

/// a dominates b: at least as good for every seated actor, better for one (within EPS).
fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(&x, &y)| ge(x, y)) && a.iter().zip(b).any(|(&x, &y)| gt(x, y))
}

/// Which points no other point dominates, by the definition (quadratic).
pub fn undominated(points: &[Vec<f64>]) -> Vec<bool> {
    points
        .iter()
        .map(|b| !points.iter().any(|a| dominates(a, b)))
        .collect()
}

/// [`undominated`] by the skyline pass (Börzsönyi, Kossmann and Stocker 2001, sort
/// first): in decreasing order of the sum, a point is kept unless a kept point
/// dominates it. A dominator has the larger sum, and dominance is transitive, so
/// checking the kept points suffices; with utilities on a lattice far coarser than
/// 1e-12 the tolerance does not break either (`tests` checks it against the
/// definition).
pub fn skyline(points: &[Vec<f64>]) -> Vec<bool> {
    let sum = |p: &Vec<f64>| p.iter().sum::<f64>();
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| sum(&points[b]).total_cmp(&sum(&points[a])).then(a.cmp(&b)));
    let mut kept: Vec<usize> = Vec::new();
    let mut keep = vec![false; points.len()];
    for j in order {
        if !kept.iter().any(|&k| dominates(&points[k], &points[j])) {
            kept.push(j);
            keep[j] = true;
        }
    }
    keep
}

/// The negotiation's whole outcome set and what the agents know of it.
#[derive(Debug, Clone)]
pub struct Table {
    /// Indices of the seated actors in `case.actors`, file order.
    pub seated: Vec<usize>,
    /// The feasible gridded outcomes, in enumeration order.
    pub outcomes: Vec<Vec<Value>>,
    /// `u[x][i]`: utility of every actor (seated or not) at outcome x.
    pub u: Vec<Vec<f64>>,
    /// d_i of every actor at the level in force.
    pub d: Vec<f64>,
    /// M_i per seated position: best utility over the feasible gridded set.
    pub best: Vec<f64>,
    /// The Nash agreement over the gridded set (index into `outcomes`).
    pub nash: Option<usize>,
}

impl Table {
    /// Enumerate the feasible gridded outcomes of `case` at resolution `r`, red lines
    /// (and their gates) judged at `level`; `alpha` are the seated actors' powers.
    pub fn new(case: &Case, r: usize, level: f64, alpha: &[f64]) -> Table {
        let seated = case.seated();
        let outcomes: Vec<Vec<Value>> = gridded_outcomes(case, r)
            .into_iter()
            .filter(|x| case.feasible(x, level))
            .collect();
        let u: Vec<Vec<f64>> = outcomes
            .iter()
            .map(|x| (0..case.actors.len()).map(|i| case.utility(i, x)).collect())
            .collect();
        let d: Vec<f64> = (0..case.actors.len())
            .map(|i| case.disagreement(i, level))
            .collect();
        let best = seated
            .iter()
            .map(|&i| u.iter().map(|ux| ux[i]).fold(f64::NEG_INFINITY, f64::max))
            .collect();
        let mut table = Table {
            seated,
            outcomes,
            u,
            d,
            best,
            nash: None,
        };
        table.nash = table.nash_agreement(alpha);
        table
    }

    /// `solve --concept nash` over the gridded set: max sum alpha_i ln(u_i - d_i) over
    /// the feasible outcomes with u_i > d_i for every seated actor, ties as `brute.rs`.
    fn nash_agreement(&self, alpha: &[f64]) -> Option<usize> {
        let (idx, cands): (Vec<usize>, Vec<Cand>) = (0..self.outcomes.len())
            .filter(|&x| self.seated.iter().all(|&i| gt(self.u[x][i], self.d[i])))
            .map(|x| {
                let gains = self.seated_gains(x);
                (
                    x,
                    Cand {
                        outcome: self.outcomes[x].clone(),
                        gains,
                    },
                )
            })
            .unzip();
        let ideal = ideal_of(&cands, alpha.len());
        brute_best(Concept::Nash, &cands, alpha, &ideal).map(|b| idx[b])
    }

    /// u_i - d_i of the seated actors at outcome x.
    pub fn seated_gains(&self, x: usize) -> Vec<f64> {
        self.seated
            .iter()
            .map(|&i| self.u[x][i] - self.d[i])
            .collect()
    }

    /// Utility of seated position p at outcome x.
    fn up(&self, p: usize, x: usize) -> f64 {
        self.u[x][self.seated[p]]
    }

    /// The first outcome within EPS of p's best utility.
    pub fn favourite(&self, p: usize) -> usize {
        extreme(0..self.outcomes.len(), |x| self.up(p, x), false).expect("a feasible outcome")
    }

    /// The Pareto-optimal feasible outcomes for the seated actors.
    ///
    /// Over *every* feasible gridded outcome, individually rational or not: that is the
    /// set `Engine::frontier` (and so `detente frontier`) lists — it builds with no
    /// floor (`BuildOptions::default`), and `tests/linked.rs` checks it against a brute
    /// force that filters on feasibility only. Feasible means at the level in force
    /// (`--set`), like the rest of the negotiation's outcome set, and the set is the §4
    /// grid alone (`frontier` also adds the ends of a red line's interval; §4 says the
    /// R grid values are the whole outcome set).
    pub fn pareto(&self) -> Vec<usize> {
        let points = self.pareto_points();
        (0..self.outcomes.len())
            .filter(|&x| points.contains(&self.seated_u(x)))
            .collect()
    }

    /// The distinct seated utility vectors of the Pareto-optimal outcomes (see
    /// [`Table::pareto`]): an outcome's status depends on its vector alone, so the
    /// vectors are deduplicated (exact bits) before the quadratic check, or, past
    /// `EXACT_PARETO` of them, the sorted skyline pass.
    pub fn pareto_points(&self) -> Vec<Vec<f64>> {
        let points = self.distinct_points();
        let keep = if points.len() <= EXACT_PARETO {
            undominated(&points)
        } else {
            skyline(&points)
        };
        points
            .into_iter()
            .zip(keep)
            .filter_map(|(p, k)| k.then_some(p))
            .collect()
    }

    /// The distinct seated utility vectors (exact bits), in enumeration order.
    pub fn distinct_points(&self) -> Vec<Vec<f64>> {
        let mut seen = std::collections::HashSet::new();
        (0..self.outcomes.len())
            .map(|x| self.seated_u(x))
            .filter(|v| seen.insert(v.iter().map(|u| u.to_bits()).collect::<Vec<_>>()))
            .collect()
    }

    /// Seated utilities at outcome x.
    pub fn seated_u(&self, x: usize) -> Vec<f64> {
        self.seated.iter().map(|&i| self.u[x][i]).collect()
    }

    /// What seated position p with `strategy` demands at time t (it accepts at least
    /// this, besides u_i > d_i).
    fn target(&self, p: usize, strategy: Strategy, t: f64) -> f64 {
        let m = self.best[p];
        match strategy {
            Strategy::Time(e) => m - (m - self.d[self.seated[p]]) * t.powf(1.0 / e),
            Strategy::Hardliner => m,
            Strategy::Nash => match self.nash {
                Some(x) => self.up(p, x),
                None => m,
            },
        }
    }

    /// Whether p accepts the standing offer x at time t.
    pub fn accepts(&self, p: usize, strategy: Strategy, x: usize, t: f64) -> bool {
        let u = self.up(p, x);
        gt(u, self.d[self.seated[p]]) && ge(u, self.target(p, strategy, t))
    }

    /// What p proposes at time t.
    pub fn proposal(&self, p: usize, strategy: Strategy, t: f64) -> usize {
        match strategy {
            Strategy::Time(_) => {
                let tau = self.target(p, strategy, t);
                let reach = (0..self.outcomes.len()).filter(|&x| ge(self.up(p, x), tau));
                extreme(reach, |x| self.up(p, x), true).unwrap_or_else(|| self.favourite(p))
            }
            Strategy::Hardliner => self.favourite(p),
            Strategy::Nash => self.nash.unwrap_or_else(|| self.favourite(p)),
        }
    }
}

/// What an actor did at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Propose,
    Accept,
}

/// One entry of the trace.
#[derive(Debug, Clone)]
pub struct Step {
    pub step: usize,
    /// Index in `case.actors`.
    pub actor: usize,
    pub action: Action,
    pub offer: Vec<Value>,
}

/// The result of a negotiation, every field of the `negotiate --json` output.
#[derive(Debug, Clone)]
pub struct Run {
    pub agreement: Option<Vec<Value>>,
    pub step: Option<usize>,
    /// Every actor, seated or not.
    pub utilities: Vec<f64>,
    /// u_i - d_i, every actor.
    pub gains: Vec<f64>,
    pub nash_distance: Option<f64>,
    pub pareto_distance: Option<f64>,
    pub welfare: f64,
    pub trace: Vec<Step>,
}

/// t_s = s / (T - 1), and 0 when T = 1.
pub fn time(s: usize, deadline: usize) -> f64 {
    if deadline <= 1 {
        0.0
    } else {
        s as f64 / (deadline - 1) as f64
    }
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// The protocol's run: the agreed outcome (index into `table.outcomes`), the step of
/// its last acceptance, and the trace.
fn play(
    table: &Table,
    strategies: &[Strategy],
    setup: &Setup,
) -> (Option<(usize, usize)>, Vec<Step>) {
    let n = table.seated.len();
    let mut trace = Vec::new();
    if table.outcomes.is_empty() {
        return (None, trace);
    }
    let start = table
        .seated
        .iter()
        .position(|&i| i == setup.first)
        .expect("the first mover is seated");
    let mut standing = None;
    let mut accepted = 0;
    for s in 0..setup.deadline {
        let p = (start + s) % n;
        let t = time(s, setup.deadline);
        let (action, x) = match standing {
            Some(x) if table.accepts(p, strategies[p], x, t) => {
                accepted += 1;
                (Action::Accept, x)
            }
            _ => {
                let x = table.proposal(p, strategies[p], t);
                standing = Some(x);
                accepted = 0;
                (Action::Propose, x)
            }
        };
        trace.push(Step {
            step: s,
            actor: table.seated[p],
            action,
            offer: table.outcomes[x].clone(),
        });
        if accepted + 1 == n {
            return (Some((x, s)), trace);
        }
    }
    (None, trace)
}

/// Run `detente negotiate` by the contract.
pub fn negotiate(case: &Case, setup: &Setup) -> Run {
    let table = Table::new(case, setup.resolution, setup.level, &setup.alpha(case));
    let strategies: Vec<Strategy> = setup
        .agents
        .iter()
        .map(|s| Strategy::parse(s).unwrap_or_else(|| panic!("a strategy: {s}")))
        .collect();
    assert_eq!(
        strategies.len(),
        table.seated.len(),
        "one strategy per seated actor"
    );
    let (deal, trace) = play(&table, &strategies, setup);
    let seated_sum = |v: &[f64]| table.seated.iter().map(|&i| v[i]).sum::<f64>();
    let Some((x, step)) = deal else {
        let n = case.actors.len();
        return Run {
            agreement: None,
            step: None,
            utilities: table.d.clone(),
            gains: vec![0.0; n],
            nash_distance: None,
            pareto_distance: None,
            welfare: seated_sum(&table.d),
            trace,
        };
    };
    let utilities = table.u[x].clone();
    let gains = utilities.iter().zip(&table.d).map(|(u, d)| u - d).collect();
    let pareto_distance = table
        .pareto_points()
        .iter()
        .map(|q| distance(&table.seated_u(x), q))
        .fold(f64::INFINITY, f64::min);
    Run {
        agreement: Some(table.outcomes[x].clone()),
        step: Some(step),
        nash_distance: table
            .nash
            .map(|q| distance(&table.seated_gains(x), &table.seated_gains(q))),
        pareto_distance: Some(pareto_distance),
        welfare: seated_sum(&utilities),
        utilities,
        gains,
        trace,
    }
}

/// An outcome as the CLI writes it: issue id -> option label or number.
pub fn outcome_json(x: &[Value]) -> Json {
    Json::Object(
        x.iter()
            .enumerate()
            .map(|(k, v)| {
                let v = match *v {
                    Value::Option(o) => json!(option_label(o)),
                    Value::Number(n) => json!(n),
                };
                (issue_id(k), v)
            })
            .collect(),
    )
}

fn actor_id(i: usize) -> String {
    format!("a{i}")
}

fn per_actor(v: &[f64]) -> Json {
    Json::Object(
        v.iter()
            .enumerate()
            .map(|(i, x)| (actor_id(i), json!(x)))
            .collect(),
    )
}

impl Run {
    /// The `negotiate --trace --json` object this run should print.
    pub fn to_json(&self, case: &Case, setup: &Setup) -> Json {
        let agents: Map<String, Json> = case
            .seated()
            .into_iter()
            .zip(&setup.agents)
            .map(|(i, s)| (actor_id(i), json!(s)))
            .collect();
        let trace: Vec<Json> = self
            .trace
            .iter()
            .map(|s| {
                json!({
                    "step": s.step,
                    "actor": actor_id(s.actor),
                    "action": match s.action { Action::Propose => "propose", Action::Accept => "accept" },
                    "offer": outcome_json(&s.offer),
                })
            })
            .collect();
        json!({
            "scenario": "linked-prop",
            "protocol": "saop",
            "deadline": setup.deadline,
            "first": actor_id(setup.first),
            "agents": agents,
            "agreement": self.agreement.as_deref().map_or(Json::Null, outcome_json),
            "step": self.step,
            "utilities": per_actor(&self.utilities),
            "gains": per_actor(&self.gains),
            "nash_distance": self.nash_distance,
            "pareto_distance": self.pareto_distance,
            "welfare": self.welfare,
            "trace": trace,
        })
    }
}

#[path = "saop_cases.rs"]
mod cases;
pub use cases::*;

#[cfg(test)]
#[path = "saop_tests.rs"]
mod tests;
