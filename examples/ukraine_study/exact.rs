//! A claim's exact probe: the claim's headline effect computed by exact solves at the
//! status quo (no Monte Carlo), as a function of the judged numbers.
//!
//! A probe is a few *arms* (a scenario variant, with some judged numbers pinned, such
//! as a lever at 0 and at 1) and a *margin* over the arms' outputs, positive when the
//! claim holds: the claimed effect minus the claim's minimum (or the minimum minus the
//! size of an effect claimed absent, see [`crate::stats::margin`]). Each arm is solved
//! through the library's [`ScenarioModel`], which writes the judged numbers into the
//! scenario by their field paths, validates it again and solves it exactly; so the
//! margin is a deterministic function of the judged numbers, and its sign can be
//! bisected (see [`crate::robust`]).

use detente::sensitivity::{Param, ScenarioModel};
use detente::{Concept, Domain, Scenario, Value};

use crate::experiments::Res;
use crate::ranges::Judged;

/// The outputs of one arm's solve, by the names [`ScenarioModel`] gives them
/// (`deal`, `gain.ID`, `utility.ID`, a continuous issue's id, `ISSUE=OPTION`).
pub struct Outs<'a> {
    names: &'a [String],
    values: Vec<f64>,
}

impl Outs<'_> {
    /// The output called `name`; 0 when the scenario has no such output (an option
    /// the scenario does not offer is never picked).
    pub fn get(&self, name: &str) -> f64 {
        self.names
            .iter()
            .position(|n| n == name)
            .map_or(0.0, |i| self.values[i])
    }

    /// The agreement as an outcome of `scenario`'s issues (`None` without a deal).
    pub fn outcome(&self, scenario: &Scenario) -> Option<Vec<Value>> {
        if self.get("deal") < 0.5 {
            return None;
        }
        scenario
            .issues()
            .iter()
            .map(|issue| match issue.domain() {
                Domain::Continuous { .. } => Some(Value::Number(self.get(issue.id()))),
                Domain::Discrete { options } => options
                    .iter()
                    .position(|o| self.get(&format!("{}={o}", issue.id())) > 0.5)
                    .map(Value::Option),
            })
            .collect()
    }

    /// Whether the agreements of two arms differ on any output whose name starts
    /// with one of `issues` followed by `=` or equals it (continuous), by more than 1e-6.
    pub fn differs_on(&self, other: &Outs<'_>, issues: &[&str]) -> bool {
        self.names.iter().enumerate().any(|(i, n)| {
            let hit = issues
                .iter()
                .any(|k| n == k || n.strip_prefix(k).is_some_and(|r| r.starts_with('=')));
            let (a, b) = (self.values[i], other.get(n));
            let same = (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-6;
            hit && !same
        })
    }
}

/// One arm: a scenario variant and the judged numbers it pins (by path).
pub struct Arm {
    /// The variant (red lines removed, the EU seated, ...).
    pub scenario: Scenario,
    /// Judged numbers this arm sets whatever the draw: (field path, value).
    pub pins: Vec<(String, f64)>,
}

impl Arm {
    /// An arm of `scenario` with these pins.
    pub fn new(scenario: &Scenario, pins: &[(&str, f64)]) -> Self {
        Arm {
            scenario: scenario.clone(),
            pins: pins.iter().map(|(p, x)| (p.to_string(), *x)).collect(),
        }
    }
}

/// The margin of a claim over its arms' outputs (positive: the claim holds).
pub type MarginFn = Box<dyn Fn(&[Outs<'_>]) -> f64 + Send + Sync>;

/// A claim's exact probe (see the module docs).
pub struct Probe {
    /// The concept the claim is about (nash, or offers for the tempo claims).
    pub concept: Concept,
    /// The arms.
    pub arms: Vec<Arm>,
    /// The margin.
    pub margin: MarginFn,
}

/// One arm made ready: its parameters, its pins (index, value), its output names.
type PreparedArm = (Vec<Param>, Vec<(usize, f64)>, Vec<String>);

/// A probe made ready for one scenario's judged numbers: each arm's parameters
/// resolved against its own variant, and each pin's index.
pub struct Prepared<'a> {
    probe: &'a Probe,
    arms: Vec<PreparedArm>,
}

impl<'a> Prepared<'a> {
    /// Resolve `probe`'s arms against `judged`.
    ///
    /// # Errors
    /// A pin that is not a judged number, or a path a variant lacks.
    pub fn new(probe: &'a Probe, judged: &Judged) -> Res<Self> {
        let mut arms = Vec::new();
        for arm in &probe.arms {
            let params = judged
                .params
                .iter()
                .map(|p| Param::new(&arm.scenario, p.path(), p.dist()))
                .collect::<detente::Result<Vec<_>>>()?;
            let mut pins = Vec::new();
            for (path, x) in &arm.pins {
                let i = judged
                    .index(path)
                    .ok_or(format!("pin {path} is not a judged number"))?;
                pins.push((i, *x));
            }
            let names = ScenarioModel::new(&arm.scenario, &params, probe.concept)?.output_names();
            arms.push((params, pins, names));
        }
        Ok(Prepared { probe, arms })
    }

    /// The margin with the judged numbers at `values` (one per judged number), solved
    /// under `concept`.
    ///
    /// # Errors
    /// Values that break a rule of the file, or a solver's error.
    pub fn margin(&self, values: &[f64], concept: Concept) -> Res<f64> {
        let mut outs = Vec::with_capacity(self.arms.len());
        for (arm, (params, pins, names)) in self.probe.arms.iter().zip(&self.arms) {
            let mut x = values.to_vec();
            for &(i, v) in pins {
                x[i] = v;
            }
            let model = ScenarioModel::new(&arm.scenario, params, concept)?;
            outs.push(Outs {
                names,
                values: model.evaluate(&x)?,
            });
        }
        Ok((self.probe.margin)(&outs))
    }
}
