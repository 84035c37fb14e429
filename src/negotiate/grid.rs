//! The negotiation's outcome set: a scenario whose continuous issues are cut to
//! `resolution` evenly spaced values (contract §4), written as an all-discrete scenario
//! so that the exact engine answers `nash` and the frontier over exactly that set.

use crate::scenario::Scenario;
use crate::space::{grid_value, Domain, Value};
use crate::utility::{Condition, RedLine, Test, Valuation, Veto};

/// A scenario with its continuous issues gridded, and the way back to its values.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// The all-discrete scenario: a continuous issue's option `j` is its `j`-th grid
    /// value; value curves, red lines and conditions are evaluated there.
    pub discrete: Scenario,
    /// Per issue, the value each option of `discrete` stands for in the original
    /// scenario (`Value::Option(j)` for a discrete issue, `Value::Number` for a gridded
    /// one).
    values: Vec<Vec<Value>>,
}

impl Grid {
    /// Grid `scenario`'s continuous issues at `resolution` values (at least 2).
    pub fn new(scenario: &Scenario, resolution: usize) -> Grid {
        let values: Vec<Vec<Value>> = scenario
            .issues()
            .iter()
            .map(|issue| match issue.domain() {
                Domain::Discrete { options } => (0..options.len()).map(Value::Option).collect(),
                Domain::Continuous { lo, hi } => (0..resolution)
                    .map(|j| Value::Number(grid_value(*lo, *hi, j, resolution)))
                    .collect(),
            })
            .collect();
        let mut discrete = scenario.clone();
        for (issue, vals) in discrete.issues.iter_mut().zip(&values) {
            if matches!(issue.domain, Domain::Continuous { .. }) {
                let options = vals.iter().map(|&v| issue.describe(v)).collect();
                issue.domain = Domain::Discrete { options };
            }
        }
        for actor in &mut discrete.actors {
            for (valuation, vals) in actor.valuations.iter_mut().zip(&values) {
                if let Valuation::Curve(_) = valuation {
                    let table = vals.iter().map(|&v| valuation.value(v)).collect();
                    *valuation = Valuation::Options(table);
                }
            }
            for red_line in &mut actor.red_lines {
                grid_red_line(red_line, &values[red_line.issue]);
            }
            let conditions = actor
                .packages
                .iter_mut()
                .flat_map(|p| p.all.iter_mut())
                .chain(
                    actor
                        .interactions
                        .iter_mut()
                        .flat_map(|t| t.when.iter_mut()),
                );
            for condition in conditions {
                grid_condition(condition, &values[condition.issue]);
            }
        }
        Grid { discrete, values }
    }

    /// The original scenario's outcome for an outcome of the gridded one.
    pub fn original(&self, outcome: &[Value]) -> Vec<Value> {
        outcome
            .iter()
            .zip(&self.values)
            .map(|(x, vals)| match x {
                Value::Option(j) => vals.get(*j).copied().unwrap_or(*x),
                Value::Number(_) => *x,
            })
            .collect()
    }

    /// The gridded outcome for an outcome of the original scenario; `None` when a value
    /// is not on the grid (or not of its issue's kind).
    pub fn gridded(&self, outcome: &[Value]) -> Option<Vec<Value>> {
        if outcome.len() != self.values.len() {
            return None;
        }
        outcome
            .iter()
            .zip(&self.values)
            .map(|(x, vals)| vals.iter().position(|v| v == x).map(Value::Option))
            .collect()
    }

    /// The values issue `k` may take, in enumeration order.
    pub fn values(&self, k: usize) -> &[Value] {
        &self.values[k]
    }
}

/// The options of a gridded issue where `test` holds.
fn options_where(values: &[Value], holds: impl Fn(Value) -> bool) -> Vec<usize> {
    (0..values.len()).filter(|&j| holds(values[j])).collect()
}

fn grid_red_line(red_line: &mut RedLine, values: &[Value]) {
    if let Veto::Bounds { .. } = red_line.veto {
        let crossed = options_where(values, |v| red_line.crossed_by(v));
        red_line.veto = Veto::Options(crossed);
    }
}

fn grid_condition(condition: &mut Condition, values: &[Value]) {
    if !matches!(condition.test, Test::Options(_)) {
        let met = options_where(values, |v| condition.test.holds(v));
        condition.test = Test::Options(met);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::space::outcomes;

    const LINKED: &str = r#"{
      "name": "grid",
      "issues": [
        {"id": "a", "options": ["x", "y"]},
        {"id": "b", "range": [0, 2]}
      ],
      "leverage": [{"id": "l", "value": 0.5}],
      "actors": [
        {"id": "p", "weights": {"a": 1, "b": 2},
         "values": {"a": {"x": 0, "y": 1}, "b": {"points": [[0, 0], [1, 1], [2, 0.5]]}},
         "red_lines": [{"issue": "b", "above": 1.5, "if": {"leverage": "l", "below": 1}},
                       {"all": [{"issue": "a", "options": ["y"]}, {"issue": "b", "between": [0.5, 1]}]}],
         "interactions": [{"when": [{"issue": "b", "below": 0.5}], "value": 1, "weight": 1}]},
        {"id": "q", "weights": {"b": 1}, "values": {"b": {"points": [[0, 1], [2, 0]]}}}
      ]
    }"#;

    /// Every gridded outcome has the same utilities and vetoes as the original outcome
    /// it stands for: the gridded scenario is the original one restricted to the grid.
    #[test]
    fn the_gridded_scenario_agrees_with_the_original_on_the_grid() {
        let scenario = Scenario::from_json(LINKED, "grid").expect("valid");
        for resolution in [2, 3, 5, 9] {
            let grid = Grid::new(&scenario, resolution);
            let mut count = 0;
            for (g, x) in
                outcomes(grid.discrete.issues(), 2).zip(outcomes(scenario.issues(), resolution))
            {
                assert_eq!(grid.original(&g), x);
                assert_eq!(grid.gridded(&x), Some(g.clone()));
                for (a, b) in grid.discrete.actors().iter().zip(scenario.actors()) {
                    assert_eq!(a.utility(&g).to_bits(), b.utility(&x).to_bits());
                    for level in [0.5, 2.0] {
                        assert_eq!(a.vetoes(&g, &[level]), b.vetoes(&x, &[level]));
                    }
                }
                count += 1;
            }
            assert_eq!(count, 2 * resolution);
        }
    }

    #[test]
    fn values_off_the_grid_have_no_gridded_outcome() {
        let scenario = Scenario::from_json(LINKED, "grid").expect("valid");
        let grid = Grid::new(&scenario, 3);
        assert_eq!(
            grid.gridded(&[Value::Option(1), Value::Number(1.0)]),
            Some(vec![Value::Option(1), Value::Option(1)])
        );
        assert_eq!(grid.gridded(&[Value::Option(1), Value::Number(0.7)]), None);
        assert_eq!(
            grid.gridded(&[Value::Number(0.0), Value::Number(1.0)]),
            None
        );
        assert_eq!(grid.gridded(&[Value::Option(1)]), None);
    }
}
