//! GeniusWeb domains (`{"name", "issuesValues"}`), embedded in a profile or in a file of
//! their own: discrete value sets and number ranges, exactly.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use serde_json::{Map, Value as Json};

use super::number;
use crate::error::{Error, Problem, Result};
use crate::scenario::limits::MAX_OPTIONS;

/// A GeniusWeb issue: its values, as labels and (for numbers) exact values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    /// The issue's name.
    pub name: String,
    /// Its values' labels (a number's decimal).
    pub labels: Vec<String>,
    /// A number issue's values, exactly.
    pub numbers: Option<Vec<BigRational>>,
}

pub(crate) fn err(file: &str, at: &str, problem: Problem) -> Error {
    Error::import(file, at, problem)
}

/// The issues of a domain object, in the file's order.
pub(crate) fn domain_issues(
    domain: &Map<String, Json>,
    file: &str,
    at: &str,
) -> Result<Vec<Issue>> {
    let Some(Json::Object(values)) = domain.get("issuesValues") else {
        return Err(err(file, &format!("{at}issuesValues"), Problem::Missing));
    };
    if values.is_empty() {
        return Err(err(file, &format!("{at}issuesValues"), Problem::Empty));
    }
    values
        .iter()
        .map(|(name, set)| {
            let here = format!("{at}issuesValues.{name}");
            match set {
                Json::Object(o) if o.contains_key("values") => discrete_set(o, name, file, &here),
                Json::Object(o) if o.contains_key("range") => {
                    number_set(&o["range"], name, file, &format!("{here}.range"))
                }
                _ => Err(err(
                    file,
                    &here,
                    Problem::WrongKind("needs `values` or `range`".into()),
                )),
            }
        })
        .collect()
}

fn discrete_set(o: &Map<String, Json>, name: &str, file: &str, at: &str) -> Result<Issue> {
    let Some(Json::Array(list)) = o.get("values") else {
        return Err(err(
            file,
            &format!("{at}.values"),
            Problem::WrongKind("must be a list".into()),
        ));
    };
    let mut labels: Vec<String> = Vec::new();
    for (j, v) in list.iter().enumerate() {
        let label = match v {
            Json::String(s) => s.clone(),
            other => {
                return Err(err(
                    file,
                    &format!("{at}.values[{j}]"),
                    Problem::WrongKind(format!("must be a string, got {other}")),
                ))
            }
        };
        if labels.contains(&label) {
            return Err(err(
                file,
                &format!("{at}.values[{j}]"),
                Problem::Duplicate(label),
            ));
        }
        labels.push(label);
    }
    if labels.is_empty() {
        return Err(err(file, &format!("{at}.values"), Problem::Empty));
    }
    Ok(Issue {
        name: name.to_string(),
        labels,
        numbers: None,
    })
}

fn number_set(range: &Json, name: &str, file: &str, at: &str) -> Result<Issue> {
    let parts: Vec<(&str, Option<&Json>)> = match range {
        Json::Object(o) => ["low", "high", "step"]
            .iter()
            .map(|k| (*k, o.get(*k)))
            .collect(),
        Json::Array(a) => ["low", "high", "step"]
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, a.get(i)))
            .collect(),
        _ => {
            return Err(err(
                file,
                at,
                Problem::WrongKind("must be {low, high, step}".into()),
            ))
        }
    };
    let mut nums = Vec::new();
    for (key, v) in parts {
        let here = format!("{at}.{key}");
        nums.push(exact(
            v.ok_or_else(|| err(file, &here, Problem::Missing))?,
            file,
            &here,
        )?);
    }
    let (low, high, step) = (nums[0].clone(), nums[1].clone(), nums[2].clone());
    if step <= BigRational::zero() {
        return Err(err(
            file,
            &format!("{at}.step"),
            Problem::OutOfRange {
                value: number::approx(&step),
                allowed: "(0, inf)",
            },
        ));
    }
    if high < low {
        return Err(err(
            file,
            at,
            Problem::EmptyRange {
                lo: number::approx(&low),
                hi: number::approx(&high),
            },
        ));
    }
    let count: BigInt = ((&high - &low) / &step).floor().to_integer() + 1;
    let count = count
        .to_usize()
        .filter(|c| *c <= MAX_OPTIONS)
        .ok_or_else(|| {
            err(
                file,
                at,
                Problem::TooMany {
                    count: usize::MAX,
                    limit: MAX_OPTIONS,
                },
            )
        })?;
    let numbers: Vec<BigRational> = (0..count)
        .map(|k| &low + &step * BigRational::from_integer(BigInt::from(k)))
        .collect();
    let labels = numbers.iter().map(decimal_text).collect();
    Ok(Issue {
        name: name.to_string(),
        labels,
        numbers: Some(numbers),
    })
}

/// A JSON number (or a string holding one, as GeniusWeb writes big decimals) exactly.
pub(crate) fn exact(v: &Json, file: &str, at: &str) -> Result<BigRational> {
    let text = match v {
        Json::Number(n) => n.to_string(),
        Json::String(s) => s.clone(),
        other => {
            return Err(err(
                file,
                at,
                Problem::WrongKind(format!("must be a number, got {other}")),
            ))
        }
    };
    number::parse(&text).map(|n| n.exact).ok_or_else(|| {
        err(
            file,
            at,
            Problem::NotANumber {
                text,
                expected: "a finite number",
            },
        )
    })
}

/// A terminating decimal's shortest text (`0.5`, `3`, `-1.25`).
fn decimal_text(x: &BigRational) -> String {
    let mut scale = 0usize;
    let mut y = x.clone();
    while !y.is_integer() && scale < 40 {
        y *= BigRational::from_integer(BigInt::from(10));
        scale += 1;
    }
    if !y.is_integer() {
        return number::approx(x).to_string();
    }
    let digits = y.to_integer().to_string();
    if scale == 0 {
        return digits;
    }
    let (sign, digits) = digits
        .strip_prefix('-')
        .map_or(("", digits.as_str()), |d| ("-", d));
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}
