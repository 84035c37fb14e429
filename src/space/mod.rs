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
            (_, Value::Number(t)) => format!("{t}"),
            (_, Value::Option(o)) => format!("#{o}"),
        }
    }
}

/// The value an outcome takes on one issue.
#[derive(Debug, Clone, Copy, PartialEq)]
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
