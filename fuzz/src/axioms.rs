//! Every solver on one scenario under a budget, and the axioms their answers obey.
//!
//! An `Err` (a budget hit, alternating offers without a stationary agreement) is an
//! answer; a panic or a broken axiom is a finding:
//! - utilities and gains are finite, gains are u_i - d_i, values lie in their domains;
//! - an agreement is feasible (no seated actor's red line crossed) and individually
//!   rational (u_i >= d_i for every seated actor, contract §2);
//! - without a deal, every actor gets d_i;
//! - Nash, Kalai, egalitarian and utilitarian agree on whether there is a deal (they
//!   search the same individually rational feasible set);
//! - each of Nash (the Nash product), egalitarian (the least gain) and utilitarian (the
//!   total utility) is at least as good, by its own measure, as every other concept's
//!   agreement and every individually rational point of the traced frontier;
//! - no frontier point dominates Nash's agreement, and frontier points do not
//!   dominate each other.
//!
//! Comparisons of answers allow a tolerance: 1e-9 of the utilities' scale when every issue is
//! discrete, 1e-5 with continuous issues (solved to 1e-6 of the range, curves with
//! bounded slopes as [`crate::generate`] writes them); frontier points, evaluated
//! exactly, with 1e-11 (the frontier counts relative differences under 1e-12 as ties).

use detente::space::discrete_size;
use detente::sweep::{self, Grid, SweepOptions};
use detente::utility::Valuation;
use detente::{Agreement, Concept, Domain, Engine, Scenario, SearchOptions, Value, Verdict};

/// The budget of every search: small enough that one input takes well under a second.
const BUDGET: SearchOptions = SearchOptions {
    max_nodes: Some(100_000),
    max_seconds: Some(1.0),
    deadline: None,
    max_memory: Some(256 << 20),
    cancel: None,
};

/// Values per continuous range when tracing the frontier.
const RESOLUTION: usize = 21;

/// Samples of the sweep.
const SAMPLES: u64 = 8;

/// At most 10^4 discrete outcomes, 2 continuous issues, 8 actors and 8 leverage
/// variables.
pub fn is_small(scenario: &Scenario) -> bool {
    let continuous = scenario
        .issues()
        .iter()
        .filter(|i| matches!(i.domain(), Domain::Continuous { .. }))
        .count();
    discrete_size(scenario.issues()) <= 10_000
        && continuous <= 2
        && scenario.actors().len() <= 8
        && scenario.leverage().len() <= 8
}

/// Solve with every concept, trace the frontier, run a short sweep; check the axioms.
/// `pick` chooses the sweep's concept and options.
pub fn solve_everything(scenario: &Scenario, pick: u8) {
    let cx = Checker::new(scenario);
    let situation = scenario.status_quo_situation();
    let engine = Engine::with_options(scenario, BUDGET);
    let mut answers: Vec<(Concept, Verdict)> = Vec::new();
    for concept in Concept::ALL {
        if let Ok(v) = engine.solve(concept, &situation) {
            cx.verdict(concept, &v, situation.disagreement());
            answers.push((concept, v));
        }
    }
    let frontier: Vec<Vec<f64>> = match Engine::frontier(scenario, RESOLUTION, BUDGET) {
        Ok(points) => points
            .into_iter()
            .map(|p| {
                cx.outcome("frontier", &p.outcome);
                cx.finite("frontier", &p.utilities);
                p.utilities
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    cx.frontier_undominated(&frontier);
    cx.cross(
        &answers,
        &frontier,
        situation.disagreement(),
        situation.power(),
    );
    sweep_check(&cx, scenario, pick);
}

fn sweep_check(cx: &Checker<'_>, scenario: &Scenario, pick: u8) {
    let options = SweepOptions {
        samples: SAMPLES,
        seed: 7,
        concept: Concept::ALL[usize::from(pick) % Concept::ALL.len()],
        vary: (pick & 0x10 != 0 && !scenario.leverage().is_empty()).then(|| Grid {
            id: scenario.leverage()[0].id().to_string(),
            lo: -1.0,
            hi: 1.0,
            steps: 3,
        }),
        weight_noise: (pick & 0x20 != 0).then_some(5.0),
        search: BUDGET,
        ..SweepOptions::default()
    };
    let Ok(result) = sweep::run(scenario, &options) else {
        return;
    };
    let p = result.summary().overall.deal_probability;
    assert!((0.0..=1.0).contains(&p), "deal probability {p}");
    let samples = result.samples();
    for s in 0..samples.len() {
        cx.finite("sweep utilities", samples.utilities(s));
        cx.finite("sweep gains", samples.gains(s));
        if samples.deal(s) {
            let outcome = samples.outcome(s).expect("a deal has an outcome");
            cx.outcome("sweep", outcome);
            for &i in &cx.seated {
                let g = samples.gains(s)[i];
                assert!(
                    g >= -cx.eps,
                    "sweep sample {s}: seated actor {i} gains {g} < 0"
                );
            }
        }
    }
}

struct Checker<'s> {
    scenario: &'s Scenario,
    seated: Vec<usize>,
    /// Tolerance for the solvers' answers (looser with continuous issues).
    eps: f64,
    /// Tolerance for utilities evaluated exactly (frontier points against each other);
    /// above the frontier's own 1e-12 (relative) under which utilities tie.
    tight: f64,
}

impl<'s> Checker<'s> {
    fn new(scenario: &'s Scenario) -> Self {
        let continuous = scenario
            .issues()
            .iter()
            .any(|i| matches!(i.domain(), Domain::Continuous { .. }));
        let sq = scenario.status_quo_situation();
        let scale = 1.0
            + sq.disagreement().iter().fold(0.0f64, |m, d| m.max(d.abs()))
            + value_scale(scenario);
        let eps = if continuous { 1e-5 } else { 1e-9 } * scale;
        Checker {
            scenario,
            seated: scenario.seated(),
            eps,
            tight: 1e-11 * scale,
        }
    }

    fn finite(&self, what: &str, xs: &[f64]) {
        assert!(
            xs.iter().all(|x| x.is_finite()),
            "{what}: not finite: {xs:?}"
        );
    }

    /// One value per issue, each in its domain.
    fn outcome(&self, what: &str, outcome: &[Value]) {
        let issues = self.scenario.issues();
        assert_eq!(outcome.len(), issues.len(), "{what}: outcome length");
        for (x, issue) in outcome.iter().zip(issues) {
            let ok = match (issue.domain(), x) {
                (Domain::Discrete { options }, Value::Option(o)) => *o < options.len(),
                (Domain::Continuous { lo, hi }, Value::Number(v)) => lo <= v && v <= hi,
                _ => false,
            };
            assert!(ok, "{what}: {x:?} outside issue {}", issue.id());
        }
    }

    fn verdict(&self, concept: Concept, v: &Verdict, d: &[f64]) {
        let what = concept.name();
        self.finite(what, v.utilities());
        match v {
            Verdict::NoDeal { utilities, .. } => {
                assert_eq!(utilities.as_slice(), d, "{what}: no deal must give d");
            }
            Verdict::Agreement(a) => self.agreement(what, a, d),
        }
    }

    fn agreement(&self, what: &str, a: &Agreement, d: &[f64]) {
        self.outcome(what, &a.outcome);
        self.finite(what, &a.gains);
        assert!(!a.log_nash.is_nan(), "{what}: log Nash product is NaN");
        for (i, actor) in self.scenario.actors().iter().enumerate() {
            let g = a.utilities[i] - d[i];
            assert!(
                (a.gains[i] - g).abs() <= self.eps,
                "{what}: gain of {i} is not u - d"
            );
            if actor.seated() {
                assert!(
                    !actor.vetoes(&a.outcome, &self.scenario.status_quo()),
                    "{what}: crosses a red line of {i}"
                );
                assert!(
                    g >= -self.eps,
                    "{what}: {i} gains {g} < 0 (not individually rational)"
                );
            }
        }
    }

    /// Frontier points do not dominate each other (checked on small frontiers).
    fn frontier_undominated(&self, points: &[Vec<f64>]) {
        if points.len() > 400 {
            return;
        }
        for (p, a) in points.iter().enumerate() {
            for (q, b) in points.iter().enumerate() {
                assert!(
                    !self.dominates(b, a, 0.0, self.tight),
                    "frontier point {q} {b:?} dominates point {p} {a:?}"
                );
            }
        }
    }

    /// `a` is at least as good for every seated actor (allowing `slack`), and better
    /// for one by more than `eps`. The frontier compares utilities exactly, so a point
    /// better for one actor by a rounding error is on it: frontier points are checked
    /// with no slack.
    fn dominates(&self, a: &[f64], b: &[f64], slack: f64, eps: f64) -> bool {
        self.seated.iter().all(|&i| a[i] >= b[i] - slack)
            && self.seated.iter().any(|&i| a[i] > b[i] + eps)
    }

    /// Each maximiser beats every other answer and frontier point by its own measure.
    fn cross(
        &self,
        answers: &[(Concept, Verdict)],
        frontier: &[Vec<f64>],
        d: &[f64],
        power: &[f64],
    ) {
        let get = |c: Concept| answers.iter().find(|(k, _)| *k == c).map(|(_, v)| v);
        let exact = [
            Concept::Nash,
            Concept::Kalai,
            Concept::Egalitarian,
            Concept::Utilitarian,
        ];
        let deals: Vec<(Concept, bool)> = exact
            .iter()
            .filter_map(|&c| get(c).map(|v| (c, v.agreement().is_some())))
            .collect();
        if let Some(&(c0, d0)) = deals.first() {
            for &(c, deal) in &deals {
                assert_eq!(
                    deal,
                    d0,
                    "{} and {} disagree on whether there is a deal",
                    c0.name(),
                    c.name()
                );
            }
        }
        // Every individually rational point we know of (strictly, by the tolerance).
        let rational = |u: &[f64]| self.seated.iter().all(|&i| u[i] - d[i] > self.eps);
        let mut points: Vec<(String, Vec<f64>)> = answers
            .iter()
            .filter_map(|(c, v)| {
                v.agreement()
                    .map(|a| (c.name().to_string(), a.utilities.clone()))
            })
            .collect();
        points.extend(
            frontier
                .iter()
                .enumerate()
                .map(|(p, u)| (format!("frontier point {p}"), u.clone())),
        );
        points.retain(|(_, u)| rational(u));

        let eps = self.eps;
        let nash_deal = get(Concept::Nash).map(|v| v.agreement().is_some());
        if nash_deal == Some(false) {
            assert!(
                points.is_empty(),
                "nash finds no deal but {} is individually rational",
                points[0].0
            );
        }
        if let Some(Verdict::Agreement(n)) = get(Concept::Nash) {
            // Nash product with the tolerance against the other point.
            let log = |u: &[f64], shift: f64| -> f64 {
                self.seated
                    .iter()
                    .map(|&i| power[i] * (u[i] - d[i] + shift).max(0.0).ln())
                    .sum()
            };
            for (name, u) in &points {
                assert!(
                    log(&n.utilities, eps) >= log(u, -eps),
                    "{name} {u:?} has a larger Nash product than nash's {:?}",
                    n.utilities
                );
            }
            for (p, u) in frontier.iter().enumerate() {
                // Within the slack a point may "dominate" by costing an actor a gain
                // that is itself tiny (1e-10): the Nash product, checked above, can
                // rightly prefer nash's answer then; only a point that also has the
                // larger product is a finding.
                assert!(
                    !(self.dominates(u, &n.utilities, 100.0 * self.tight, eps)
                        && log(u, 0.0) > log(&n.utilities, 0.0)),
                    "frontier point {p} {u:?} dominates nash's {:?}",
                    n.utilities
                );
            }
        }
        if let Some(Verdict::Agreement(e)) = get(Concept::Egalitarian) {
            let least = |u: &[f64]| {
                self.seated
                    .iter()
                    .map(|&i| u[i] - d[i])
                    .fold(f64::INFINITY, f64::min)
            };
            for (name, u) in &points {
                assert!(
                    least(&e.utilities) >= least(u) - eps,
                    "{name} {u:?} has a larger least gain than egalitarian's {:?}",
                    e.utilities
                );
            }
        }
        if let Some(Verdict::Agreement(t)) = get(Concept::Utilitarian) {
            let total = |u: &[f64]| self.seated.iter().map(|&i| u[i]).sum::<f64>();
            let slack = eps * self.seated.len() as f64;
            for (name, u) in &points {
                assert!(
                    total(&t.utilities) >= total(u) - slack,
                    "{name} {u:?} has a larger total than utilitarian's {:?}",
                    t.utilities
                );
            }
        }
    }
}

/// Largest magnitude of any stated value (discrete tables and curve values).
fn value_scale(scenario: &Scenario) -> f64 {
    let values = scenario
        .actors()
        .iter()
        .flat_map(|a| a.valuations())
        .flat_map(|v| match v {
            Valuation::Options(xs) => xs.clone(),
            Valuation::Curve(c) => c.values().to_vec(),
            Valuation::Absent => Vec::new(),
        });
    values.fold(0.0f64, |m, x| m.max(x.abs()))
}
