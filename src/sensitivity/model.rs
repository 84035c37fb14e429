//! A scenario as a model for the estimators: parameter values in, the solved
//! agreement's outputs out.
//!
//! A level is set on the leverage levels; any other parameter is written into the
//! scenario's file form, which is validated again by the rules of the file, so a value
//! that breaks a rule is an error and never silently used. Before a run every
//! parameter is tried at both ends of its range, the others at their values in the
//! file ([`ScenarioModel::check_ranges`]): a range that crosses a rule is refused up
//! front. (The rules on one number are intervals, so the ends stand for the range; a
//! rule on several numbers at once, such as weights all zero, can still fail mid-run,
//! and that error names the values.)
//!
//! Outputs, in this order: `deal` (1 with an agreement, else 0); per seated actor
//! `gain.ID` (u_i - d_i, 0 without a deal) and `utility.ID` (d_i without a deal); per
//! continuous issue `ID`, its value (undefined, NaN, without a deal: those points are
//! left out of that output's estimates); per discrete issue and option `ID=OPTION`,
//! 1 when the agreement picks it, else 0 (0 without a deal), whose mean is the option's
//! probability.

use serde_json::Value as Json;

use super::params::{set, Param, Target};
use crate::concept::{Concept, Verdict};
use crate::error::{Error, Input, Problem, Result};
use crate::scenario::Scenario;
use crate::search::{Engine, SearchOptions};
use crate::space::Domain;

/// One output of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Deal,
    Gain(usize),
    Utility(usize),
    Number(usize),
    Option(usize, usize),
}

/// A scenario solved by one concept at given parameter values.
///
/// A scenario as a model for the estimators: parameter values in, the solved
/// agreement's outputs out.
///
/// A level is set on the leverage levels; any other parameter is written into the
/// scenario's file form, which is validated again by the rules of the file, so a value
/// that breaks a rule is an error and never silently used. Before a run every
/// parameter is tried at both ends of its range, the others at their values in the
/// file ([`ScenarioModel::check_ranges`]): a range that crosses a rule is refused up
/// front. (The rules on one number are intervals, so the ends stand for the range; a
/// rule on several numbers at once, such as weights all zero, can still fail mid-run,
/// and that error names the values.)
///
/// Outputs, in this order: `deal` (1 with an agreement, else 0); per seated actor
/// `gain.ID` (u_i - d_i, 0 without a deal) and `utility.ID` (d_i without a deal); per
/// continuous issue `ID`, its value (undefined, NaN, without a deal: those points are
/// left out of that output's estimates); per discrete issue and option `ID=OPTION`,
/// 1 when the agreement picks it, else 0 (0 without a deal), whose mean is the option's
/// probability.
pub struct ScenarioModel<'a> {
    scenario: &'a Scenario,
    params: &'a [Param],
    concept: Concept,
    /// The file form, when some parameter is not a level.
    base: Option<Json>,
    /// The engine of the scenario as read (used when every parameter is a level).
    engine: Engine<'a>,
    /// The limits of every search (the engines built for changed files too).
    search: SearchOptions,
    outputs: Vec<Output>,
}

impl<'a> ScenarioModel<'a> {
    /// The model of `scenario` under `concept` with these parameters.
    ///
    /// # Errors
    /// When the scenario has no file form (a custom effect) and a parameter is a field.
    pub fn new(scenario: &'a Scenario, params: &'a [Param], concept: Concept) -> Result<Self> {
        let base = if params.iter().all(Param::is_level) {
            None
        } else {
            Some(scenario.file_value()?)
        };
        let mut outputs = vec![Output::Deal];
        for a in scenario.seated() {
            outputs.extend([Output::Gain(a), Output::Utility(a)]);
        }
        for (k, issue) in scenario.issues().iter().enumerate() {
            match issue.domain() {
                Domain::Continuous { .. } => outputs.push(Output::Number(k)),
                Domain::Discrete { options } => {
                    outputs.extend((0..options.len()).map(|o| Output::Option(k, o)));
                }
            }
        }
        Ok(ScenarioModel {
            scenario,
            params,
            concept,
            base,
            engine: Engine::new(scenario),
            search: SearchOptions::default(),
            outputs,
        })
    }

    /// This model with every search under `options` (a time limit counted from now);
    /// a search that hits them fails with
    /// [`SearchError::Budget`](crate::error::SearchError::Budget).
    #[must_use]
    pub fn with_search(self, options: SearchOptions) -> Self {
        let search = options.from_now();
        ScenarioModel {
            engine: Engine::with_options(self.scenario, search),
            search,
            ..self
        }
    }

    /// The outputs' names (see [`ScenarioModel`]).
    pub fn output_names(&self) -> Vec<String> {
        let s = self.scenario;
        self.outputs
            .iter()
            .map(|o| match *o {
                Output::Deal => "deal".to_string(),
                Output::Gain(a) => format!("gain.{}", s.actors()[a].id()),
                Output::Utility(a) => format!("utility.{}", s.actors()[a].id()),
                Output::Number(k) => s.issues()[k].id().to_string(),
                Output::Option(k, o) => {
                    let issue = &s.issues()[k];
                    let label = match issue.domain() {
                        Domain::Discrete { options } => options[o].as_str(),
                        Domain::Continuous { .. } => "",
                    };
                    format!("{}={label}", issue.id())
                }
            })
            .collect()
    }

    /// Try every parameter at both ends of its range, the others as in the file.
    ///
    /// # Errors
    /// The first parameter whose end breaks a rule, naming it and the value.
    pub fn check_ranges(&self) -> Result<()> {
        for (p, param) in self.params.iter().enumerate() {
            let (lo, hi) = param.dist().ends();
            for x in [lo, hi] {
                self.solve(&[(p, x)])?;
            }
        }
        Ok(())
    }

    /// The outputs at parameter values `x` (one per parameter).
    ///
    /// # Errors
    /// A value that breaks a rule of the file or makes a bargaining parameter invalid
    /// (naming the parameters and values), or the solver's error.
    pub fn evaluate(&self, x: &[f64]) -> Result<Vec<f64>> {
        let assignment: Vec<(usize, f64)> = x.iter().copied().enumerate().collect();
        self.solve(&assignment)
    }

    fn solve(&self, assignment: &[(usize, f64)]) -> Result<Vec<f64>> {
        let mut levels = self.scenario.status_quo();
        let mut form = self.base.clone();
        for &(p, x) in assignment {
            match (&self.params[p].target, form.as_mut()) {
                (Target::Level(l), _) => levels[*l] = x,
                (Target::Field(steps), Some(form)) => {
                    if !set(form, steps, x) {
                        return Err(self.broken(assignment, "the field cannot be set".into()));
                    }
                }
                (Target::Field(_), None) => {}
            }
        }
        let verdict = match form {
            None => {
                let situation = self
                    .scenario
                    .situation(&levels)
                    .map_err(|e| self.rule(assignment, &e))?;
                self.engine.solve(self.concept, &situation)?
            }
            Some(form) => {
                let scenario = Scenario::from_file_value(form, self.scenario.source())
                    .map_err(|e| self.rule(assignment, &e))?;
                let situation = scenario
                    .situation(&levels)
                    .map_err(|e| self.rule(assignment, &e))?;
                Engine::with_options(&scenario, self.search).solve(self.concept, &situation)?
            }
        };
        Ok(self.outputs_of(&verdict))
    }

    fn outputs_of(&self, verdict: &Verdict) -> Vec<f64> {
        let deal = verdict.agreement().is_some();
        let gains = verdict.gains();
        let utilities = verdict.utilities();
        self.outputs
            .iter()
            .map(|o| match *o {
                Output::Deal => f64::from(u8::from(deal)),
                Output::Gain(a) => gains[a],
                Output::Utility(a) => utilities[a],
                Output::Number(k) => verdict
                    .value(k)
                    .and_then(|v| v.as_number())
                    .unwrap_or(f64::NAN),
                Output::Option(k, o) => f64::from(u8::from(
                    verdict.value(k).and_then(|v| v.as_option()) == Some(o),
                )),
            })
            .collect()
    }

    /// A rule broken at these values: the library's message without its file name.
    fn rule(&self, assignment: &[(usize, f64)], e: &Error) -> Error {
        let text = e.to_string();
        let prefix = format!("{}: ", self.scenario.source());
        let message = text.strip_prefix(&prefix).unwrap_or(&text).to_string();
        self.broken(assignment, format!("breaks a rule: {message}"))
    }

    fn broken(&self, assignment: &[(usize, f64)], message: String) -> Error {
        let values: Vec<String> = assignment
            .iter()
            .map(|&(p, x)| format!("{}={x}", self.params[p].path()))
            .collect();
        Error::input(
            self.scenario.source(),
            Input::Parameter(values.join(";")),
            Problem::Other(message),
        )
    }
}
