//! A sweep's options checked once against its scenario.

use super::SweepOptions;
use crate::error::{Error, Input, Problem, Result};
use crate::scenario::Scenario;

/// [`SweepOptions`] checked against one scenario, with what the samples need resolved:
/// the pinned leverage variables by index and the varied one with its grid values.
/// Built by [`SweepOptions::plan`]; [`run`](super::run) builds one and trusts it.
#[derive(Debug, Clone)]
pub struct SweepPlan<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) options: &'a SweepOptions,
    /// Pinned leverage values by index, in the order of the settings.
    pub(super) pins: Vec<(usize, f64)>,
    /// The varied variable's index and grid values.
    pub(super) grid: Option<(usize, Vec<f64>)>,
}

impl SweepOptions {
    /// Check the options against `scenario` and resolve the ids they name.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) naming the input: [`Input::Samples`] for
    /// zero samples, [`Input::WeightNoise`] for a concentration that is not a positive
    /// finite number, [`Input::Vary`] for a bad grid, [`Input::Setting`] for an unknown
    /// leverage id or a non-finite value, [`Input::MaxSeconds`] for a bad time limit.
    pub fn plan<'a>(&'a self, scenario: &'a Scenario) -> Result<SweepPlan<'a>> {
        if self.samples == 0 {
            return Err(scenario.input_error(
                Input::Samples,
                Problem::OutOfRange {
                    value: 0.0,
                    allowed: "1 or more",
                },
            ));
        }
        if let Some(k) = self.weight_noise {
            if !(k > 0.0 && k.is_finite()) {
                return Err(scenario.input_error(
                    Input::WeightNoise,
                    Problem::OutOfRange {
                        value: k,
                        allowed: "(0, inf)",
                    },
                ));
            }
        }
        let grid = match &self.vary {
            Some(g) => Some((g.validate(scenario)?, g.values())),
            None => None,
        };
        let pins = self
            .settings
            .iter()
            .map(|(id, value)| pin(scenario, id, *value))
            .collect::<Result<Vec<_>>>()?;
        self.search
            .validate()
            .map_err(|e| Error::from(e.in_file(scenario.source())))?;
        Ok(SweepPlan {
            scenario,
            options: self,
            pins,
            grid,
        })
    }
}

/// The leverage variable `id`'s index, with `value` checked.
fn pin(scenario: &Scenario, id: &str, value: f64) -> Result<(usize, f64)> {
    let input = || Input::Setting(id.to_string());
    let Some(l) = scenario.leverage_index(id) else {
        return Err(scenario.input_error(
            input(),
            Problem::Unknown {
                kind: "leverage variable",
                id: id.to_string(),
            },
        ));
    };
    if !value.is_finite() {
        return Err(scenario.input_error(input(), Problem::NotFinite(value)));
    }
    Ok((l, value))
}

impl<'a> SweepPlan<'a> {
    /// The scenario the options were checked against.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The options.
    pub fn options(&self) -> &'a SweepOptions {
        self.options
    }

    /// The pinned leverage variables as (index, value), in the order of
    /// [`SweepOptions::settings`].
    pub fn pins(&self) -> &[(usize, f64)] {
        &self.pins
    }

    /// The varied leverage variable's index and its grid values, with
    /// [`SweepOptions::vary`].
    pub fn grid(&self) -> Option<(usize, &[f64])> {
        self.grid
            .as_ref()
            .map(|(l, values)| (*l, values.as_slice()))
    }

    /// Total number of samples: `samples` times the grid's steps.
    pub fn total(&self) -> u64 {
        self.options.total()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::InputError;

    const LEVER: &str = r#"{"name": "lev", "issues": [{"id": "share", "range": [0, 1]}],
      "actors": [
        {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
        {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}],
      "leverage": [{"id": "x", "value": 0}, {"id": "y", "value": 0}]}"#;

    fn input_of(e: Error) -> Input {
        match e {
            Error::Input(InputError { input, .. }) => input,
            other => panic!("expected an input error, got {other}"),
        }
    }

    #[test]
    fn a_plan_resolves_pins_and_grid_by_index() {
        let s = Scenario::from_json(LEVER, "lev").expect("valid");
        let options = SweepOptions {
            vary: Some("y=0:1:3".parse().expect("grid")),
            settings: vec![("x".into(), 0.5)],
            ..SweepOptions::default()
        };
        let plan = options.plan(&s).expect("valid options");
        assert_eq!(plan.pins(), &[(0, 0.5)]);
        let (l, values) = plan.grid().expect("a grid");
        assert_eq!((l, values.len()), (1, 3));
        assert_eq!(plan.total(), 3 * options.samples);
    }

    #[test]
    fn each_bad_option_names_its_input() {
        let s = Scenario::from_json(LEVER, "lev").expect("valid");
        let cases = [
            (
                SweepOptions {
                    samples: 0,
                    ..SweepOptions::default()
                },
                Input::Samples,
            ),
            (
                SweepOptions {
                    weight_noise: Some(0.0),
                    ..SweepOptions::default()
                },
                Input::WeightNoise,
            ),
            (
                SweepOptions {
                    vary: Some("z=0:1:3".parse().expect("grid")),
                    ..SweepOptions::default()
                },
                Input::Vary("z".into()),
            ),
            (
                SweepOptions {
                    settings: vec![("z".into(), 1.0)],
                    ..SweepOptions::default()
                },
                Input::Setting("z".into()),
            ),
            (
                SweepOptions {
                    search: crate::SearchOptions {
                        max_seconds: Some(-1.0),
                        ..crate::SearchOptions::default()
                    },
                    ..SweepOptions::default()
                },
                Input::MaxSeconds,
            ),
        ];
        for (options, input) in cases {
            let e = options.plan(&s).expect_err("invalid options");
            assert!(e.to_string().starts_with("lev: "), "{e}");
            assert_eq!(input_of(e), input);
        }
    }
}
