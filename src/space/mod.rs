//! The issues on the table and the outcomes they span.
//!
//! An outcome picks one option (discrete issue) or one number (continuous issue) per
//! issue. Enumeration order, which breaks ties between equally good outcomes, is
//! lexicographic over the issues in file order, the first issue varying slowest,
//! options in file order, a continuous issue by its value.

use std::cmp::Ordering;

/// The kind of an issue and its possible values.
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    /// A choice among labelled options (at least one, unique).
    Discrete {
        /// Option labels in file order.
        options: Vec<String>,
    },
    /// A number in `[lo, hi]`, `lo < hi`.
    Continuous {
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
    },
}

/// One issue on the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub(crate) id: String,
    pub(crate) description: String,
    pub(crate) domain: Domain,
}

impl Issue {
    /// The issue's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Free-text description (empty when the file gives none).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Discrete options or continuous range.
    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// Index of an option label (discrete issues only).
    pub fn option_index(&self, label: &str) -> Option<usize> {
        match &self.domain {
            Domain::Discrete { options } => options.iter().position(|o| o == label),
            Domain::Continuous { .. } => None,
        }
    }

    /// How to print a value of this issue: the option label or the number.
    pub fn describe(&self, x: Value) -> String {
        match (&self.domain, x) {
            (Domain::Discrete { options }, Value::Option(o)) => {
                options.get(o).cloned().unwrap_or_default()
            }
            (_, Value::Number(t)) => short_number(t),
            (_, Value::Option(o)) => format!("#{o}"),
        }
    }
}

/// A number for people: at most six decimals, trailing zeros dropped (the JSON output
/// keeps full precision).
fn short_number(t: f64) -> String {
    let s = format!("{t:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// The value an outcome takes on one issue.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// Index of the chosen option of a discrete issue.
    Option(usize),
    /// The chosen number on a continuous issue.
    Number(f64),
}

impl Value {
    /// The option index, if this is a discrete choice.
    pub fn as_option(self) -> Option<usize> {
        match self {
            Value::Option(o) => Some(o),
            Value::Number(_) => None,
        }
    }

    /// The number, if this is a continuous value.
    pub fn as_number(self) -> Option<f64> {
        match self {
            Value::Number(t) => Some(t),
            Value::Option(_) => None,
        }
    }
}

/// Compare two outcomes in the contract's enumeration order.
pub fn enumeration_order(a: &[Value], b: &[Value]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let ord = match (x, y) {
            (Value::Option(p), Value::Option(q)) => p.cmp(q),
            (Value::Number(s), Value::Number(t)) => s.total_cmp(t),
            (Value::Option(_), Value::Number(_)) => Ordering::Less,
            (Value::Number(_), Value::Option(_)) => Ordering::Greater,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.len().cmp(&b.len())
}

/// The number of outcomes of the discrete issues, saturating at `u128::MAX`
/// (continuous issues contribute a factor of one: they are not enumerated).
pub fn discrete_size(issues: &[Issue]) -> u128 {
    issues.iter().fold(1u128, |acc, issue| match &issue.domain {
        Domain::Discrete { options } => acc.saturating_mul(options.len() as u128),
        Domain::Continuous { .. } => acc,
    })
}

/// Every outcome in enumeration order, one at a time: discrete issues take each
/// option, continuous issues `resolution` evenly spaced values over their range (ends
/// included). Nothing is materialised: memory stays flat however large the space.
/// Feasibility is not checked here (see the red lines of the seated actors).
pub fn outcomes(issues: &[Issue], resolution: usize) -> Outcomes<'_> {
    Outcomes {
        issues,
        resolution: resolution.max(2),
        digits: vec![0; issues.len()],
        done: issues
            .iter()
            .any(|i| matches!(&i.domain, Domain::Discrete { options } if options.is_empty())),
    }
}

/// The iterator returned by [`outcomes`].
#[derive(Debug, Clone)]
pub struct Outcomes<'a> {
    issues: &'a [Issue],
    resolution: usize,
    digits: Vec<usize>,
    done: bool,
}

impl Outcomes<'_> {
    fn radix(&self, k: usize) -> usize {
        match &self.issues[k].domain {
            Domain::Discrete { options } => options.len(),
            Domain::Continuous { .. } => self.resolution,
        }
    }

    fn value(&self, k: usize) -> Value {
        let j = self.digits[k];
        match &self.issues[k].domain {
            Domain::Discrete { .. } => Value::Option(j),
            Domain::Continuous { lo, hi } => {
                Value::Number(grid_value(*lo, *hi, j, self.resolution))
            }
        }
    }
}

/// Value `j` of `resolution` (at least 2) evenly spaced values over `[lo, hi]`, ends
/// included: the last is exactly `hi`.
///
/// ```
/// use detente::space::grid_value;
/// assert_eq!(grid_value(0.0, 1.0, 0, 11), 0.0);
/// assert_eq!(grid_value(0.0, 1.0, 5, 11), 0.5);
/// assert_eq!(grid_value(0.1, 0.7, 10, 11), 0.7);
/// ```
pub fn grid_value(lo: f64, hi: f64, j: usize, resolution: usize) -> f64 {
    if j + 1 >= resolution {
        hi
    } else {
        lo + (hi - lo) * j as f64 / (resolution - 1) as f64
    }
}

impl Iterator for Outcomes<'_> {
    type Item = Vec<Value>;

    fn next(&mut self) -> Option<Vec<Value>> {
        if self.done {
            return None;
        }
        let current = (0..self.issues.len()).map(|k| self.value(k)).collect();
        // Advance the mixed-radix counter, last issue fastest.
        let mut k = self.issues.len();
        loop {
            if k == 0 {
                self.done = true;
                break;
            }
            k -= 1;
            self.digits[k] += 1;
            if self.digits[k] < self.radix(k) {
                break;
            }
            self.digits[k] = 0;
        }
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumeration_order_is_lexicographic_first_issue_slowest() {
        let a = [Value::Option(0), Value::Option(2)];
        let b = [Value::Option(1), Value::Option(0)];
        assert_eq!(enumeration_order(&a, &b), Ordering::Less);
        let c = [Value::Option(1), Value::Number(0.2)];
        let d = [Value::Option(1), Value::Number(0.3)];
        assert_eq!(enumeration_order(&c, &d), Ordering::Less);
        assert_eq!(enumeration_order(&d, &d), Ordering::Equal);
    }

    #[test]
    fn outcomes_stream_in_enumeration_order() {
        let issues = vec![
            Issue {
                id: "x".into(),
                description: String::new(),
                domain: Domain::Discrete {
                    options: vec!["p".into(), "q".into()],
                },
            },
            Issue {
                id: "s".into(),
                description: String::new(),
                domain: Domain::Continuous { lo: 0.0, hi: 1.0 },
            },
        ];
        let all: Vec<Vec<Value>> = outcomes(&issues, 3).collect();
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], vec![Value::Option(0), Value::Number(0.0)]);
        assert_eq!(all[1], vec![Value::Option(0), Value::Number(0.5)]);
        assert_eq!(all[5], vec![Value::Option(1), Value::Number(1.0)]);
        assert!(all
            .windows(2)
            .all(|w| enumeration_order(&w[0], &w[1]) == Ordering::Less));
    }

    #[test]
    fn size_saturates_instead_of_overflowing() {
        let issue = Issue {
            id: "x".into(),
            description: String::new(),
            domain: Domain::Discrete {
                options: (0..1000).map(|i| i.to_string()).collect(),
            },
        };
        let many = vec![issue; 20];
        assert_eq!(discrete_size(&many), u128::MAX);
        assert_eq!(discrete_size(&many[..3]), 1_000_000_000);
    }
}
