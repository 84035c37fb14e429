//! Parameters: a numeric judgement of the scenario named by its field path, with a
//! distribution.
//!
//! A path follows the contract's notation, with ids (or 0-based indices) in brackets
//! for actors, leverage variables, issues and list entries: `actors[ukraine].disagreement`,
//! `actors[us].weights.nato`, `actors[russia].values.nato.neutral`,
//! `actors[a].values.share.points[1][1]`, `leverage[kursk_held].effects[0].disagreement`.
//! `leverage[ID]` alone is the variable's level (what `--set` pins and a sweep draws).
//! A defaulted field left out of the file (`power`, `patience`, `disagreement`, a
//! weight, an effect's coefficient) can be named too.
//!
//! The spec (`--params`) is a list of `PATH=DIST` entries separated by `;`, where DIST is
//! `uniform:LO:HI` (or just `LO:HI`), `normal:MEAN:SD` (truncated, see
//! [`NORMAL_TAIL`](super::NORMAL_TAIL)), `beta:A:B` or `bernoulli:P`.

use serde_json::Value as Json;

use super::dist::Dist;
use crate::error::{Error, Input, Problem, Result};
use crate::scenario::Scenario;

/// One parameter of a sensitivity analysis: where it sits and how it varies.
///
/// Parameters: a numeric judgement of the scenario named by its field path, with a
/// distribution.
///
/// A path follows the contract's notation, with ids (or 0-based indices) in brackets
/// for actors, leverage variables, issues and list entries: `actors[ukraine].disagreement`,
/// `actors[us].weights.nato`, `actors[russia].values.nato.neutral`,
/// `actors[a].values.share.points[1][1]`, `leverage[kursk_held].effects[0].disagreement`.
/// `leverage[ID]` alone is the variable's level (what `--set` pins and a sweep draws).
/// A defaulted field left out of the file (`power`, `patience`, `disagreement`, a
/// weight, an effect's coefficient) can be named too.
///
/// The spec (`--params`) is a list of `PATH=DIST` entries separated by `;`, where DIST is
/// `uniform:LO:HI` (or just `LO:HI`), `normal:MEAN:SD` (truncated, see
/// [`NORMAL_TAIL`](super::NORMAL_TAIL)), `beta:A:B` or `bernoulli:P`.
///
/// ```
/// # fn main() -> detente::Result<()> {
/// use detente::sensitivity::{Dist, Param};
/// let json = r#"{"name": "pie", "issues": [{"id": "share", "range": [0, 1]}],
///   "actors": [
///     {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
///     {"id": "b", "weights": {"share": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]}}}]}"#;
/// let scenario = detente::Scenario::from_json(json, "pie.json")?;
/// let params = Param::parse_list("actors[a].disagreement=uniform:0:0.3; actors[b].power=1:2", &scenario)?;
/// assert_eq!(params[0].path(), "actors[a].disagreement");
/// assert_eq!(params[1].dist(), Dist::Uniform(1.0, 2.0));
/// assert!(Param::parse_list("actors[c].power=1:2", &scenario).is_err(), "no actor c");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    path: String,
    dist: Dist,
    pub(crate) target: Target,
}

/// Where a parameter's value goes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// A leverage variable's level (index in file order).
    Level(usize),
    /// A number in the scenario's file form, reached by these steps.
    Field(Vec<Step>),
}

/// One step into the file form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// The shape of a spec entry, for error messages.
const ENTRY: &str =
    "PATH=DIST with DIST uniform:LO:HI, LO:HI, normal:MEAN:SD, beta:A:B or bernoulli:P";

impl Param {
    /// The parameter at `path` with distribution `dist`, resolved against `scenario`.
    ///
    /// # Errors
    /// An [`InputError`](crate::error::InputError) about [`Input::Parameter`]: a path
    /// that does not parse, names an unknown id or field, or a field that is not a number.
    pub fn new(scenario: &Scenario, path: &str, dist: Dist) -> Result<Param> {
        let bad = |problem| scenario_error(scenario, path, problem);
        let tokens = tokens(path).map_err(bad)?;
        let target = resolve(scenario, &tokens).map_err(bad)?;
        Ok(Param {
            path: path.to_string(),
            dist,
            target,
        })
    }

    /// Parameters from a spec (`PATH=DIST;PATH=DIST...`, see [`Param`]).
    ///
    /// # Errors
    /// As [`Param::new`], and for an entry that is not `PATH=DIST`, a distribution that
    /// does not parse or is invalid (an empty range), a path given twice, or no entry.
    pub fn parse_list(spec: &str, scenario: &Scenario) -> Result<Vec<Param>> {
        let mut out: Vec<Param> = Vec::new();
        for entry in spec.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let bad = |problem| scenario_error(scenario, entry, problem);
            let Some((path, dist)) = entry.rsplit_once('=') else {
                return Err(bad(syntax(entry)));
            };
            let dist = parse_dist(dist.trim()).map_err(bad)?;
            let param = Param::new(scenario, path.trim(), dist)?;
            if out.iter().any(|p| p.target == param.target) {
                return Err(bad(Problem::Duplicate(param.path)));
            }
            out.push(param);
        }
        if out.is_empty() {
            return Err(scenario_error(scenario, spec, Problem::Empty));
        }
        Ok(out)
    }

    /// Every leverage variable that varies, with its own distribution (what runs
    /// without `--params`): fixed variables are left out.
    pub fn leverage_defaults(scenario: &Scenario) -> Vec<Param> {
        scenario
            .leverage()
            .iter()
            .enumerate()
            .filter_map(|(l, lev)| {
                Some(Param {
                    path: format!("leverage[{}]", lev.id()),
                    dist: Dist::from_family(lev.distribution().family())?,
                    target: Target::Level(l),
                })
            })
            .collect()
    }

    /// The path as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The distribution.
    pub fn dist(&self) -> Dist {
        self.dist
    }

    /// Whether this is a leverage variable's level (set without rebuilding the scenario).
    pub fn is_level(&self) -> bool {
        matches!(self.target, Target::Level(_))
    }
}

fn scenario_error(scenario: &Scenario, given: &str, problem: Problem) -> Error {
    Error::input(
        scenario.source(),
        Input::Parameter(given.to_string()),
        problem,
    )
}

fn syntax(got: &str) -> Problem {
    Problem::Syntax {
        expected: ENTRY,
        got: got.to_string(),
    }
}

/// `uniform:LO:HI`, `LO:HI`, `normal:MEAN:SD`, `beta:A:B`, `bernoulli:P`.
pub(crate) fn parse_dist(text: &str) -> Result<Dist, Problem> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let numbers = |from: usize| -> Result<Vec<f64>, Problem> {
        parts[from..]
            .iter()
            .map(|t| {
                t.parse::<f64>().map_err(|_| Problem::NotANumber {
                    text: (*t).to_string(),
                    expected: "a number",
                })
            })
            .collect()
    };
    match (parts[0], parts.len()) {
        ("uniform", 3) => numbers(1).and_then(|x| Dist::uniform(x[0], x[1])),
        ("normal", 3) => numbers(1).and_then(|x| Dist::normal(x[0], x[1])),
        ("beta", 3) => numbers(1).and_then(|x| Dist::beta(x[0], x[1])),
        ("bernoulli", 2) => numbers(1).and_then(|x| Dist::bernoulli(x[0])),
        (first, 2) if first.parse::<f64>().is_ok() => {
            numbers(0).and_then(|x| Dist::uniform(x[0], x[1]))
        }
        _ => Err(syntax(text)),
    }
}

/// A path's tokens: names and bracketed selectors, in order.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Select(String),
}

fn tokens(path: &str) -> Result<Vec<Token>, Problem> {
    let bad = || Problem::Syntax {
        expected: "a field path such as actors[ID].weights.ISSUE",
        got: path.to_string(),
    };
    let mut out = Vec::new();
    let mut rest = path.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']').ok_or_else(bad)?;
            out.push(Token::Select(inner[..close].trim().to_string()));
            rest = &inner[close + 1..];
        } else {
            if !out.is_empty() {
                rest = rest.strip_prefix('.').ok_or_else(bad)?;
            }
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            out.push(Token::Name(rest[..end].trim().to_string()));
            rest = &rest[end..];
        }
        if out
            .last()
            .is_some_and(|t| matches!(t, Token::Name(n) | Token::Select(n) if n.is_empty()))
        {
            return Err(bad());
        }
    }
    match out.first() {
        Some(Token::Name(_)) => Ok(out),
        _ => Err(bad()),
    }
}

/// The target of `tokens` in `scenario`'s file form.
fn resolve(scenario: &Scenario, tokens: &[Token]) -> Result<Target, Problem> {
    if let [Token::Name(l), Token::Select(id)] = tokens {
        if l == "leverage" {
            let index = scenario
                .leverage_index(id)
                .or_else(|| id.parse().ok().filter(|&i| i < scenario.leverage().len()));
            return index.map(Target::Level).ok_or_else(|| Problem::Unknown {
                kind: "leverage variable",
                id: id.clone(),
            });
        }
    }
    let root = scenario
        .file_value()
        .map_err(|e| Problem::Other(e.to_string()))?;
    let mut at = &root;
    let mut steps = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        let (step, next) = step(at, token)?;
        steps.push(step);
        match next {
            Some(next) => at = next,
            // A defaulted field left out of the file: set by inserting it.
            None if n + 1 == tokens.len() && defaulted(tokens) => return Ok(Target::Field(steps)),
            None => return Err(unknown_field(tokens, n)),
        }
    }
    match at {
        Json::Number(_) => Ok(Target::Field(steps)),
        _ => Err(Problem::WrongKind(format!(
            "{} is not a number",
            display(tokens)
        ))),
    }
}

/// Fields the file may leave out, which a parameter can still name.
fn defaulted(tokens: &[Token]) -> bool {
    let last = tokens.last().map(token_text);
    let parent = tokens.len().checked_sub(2).map(|i| token_text(&tokens[i]));
    matches!(last, Some("power" | "patience" | "disagreement")) || parent == Some("weights")
}

fn token_text(t: &Token) -> &str {
    match t {
        Token::Name(n) | Token::Select(n) => n,
    }
}

/// One step from `at`: the step and where it leads (`None`: an absent key).
fn step<'a>(at: &'a Json, token: &Token) -> Result<(Step, Option<&'a Json>), Problem> {
    match (at, token) {
        (Json::Object(map), Token::Name(k) | Token::Select(k)) => {
            Ok((Step::Key(k.clone()), map.get(k)))
        }
        (Json::Array(list), Token::Select(sel)) => {
            let by_id = list
                .iter()
                .position(|e| e.get("id").and_then(Json::as_str) == Some(sel));
            let index = by_id.or_else(|| sel.parse::<usize>().ok().filter(|&i| i < list.len()));
            let i = index.ok_or_else(|| Problem::Unknown {
                kind: "entry",
                id: sel.clone(),
            })?;
            Ok((Step::Index(i), list.get(i)))
        }
        (_, t) => Err(Problem::WrongKind(format!(
            "cannot step into '{}' here",
            display(std::slice::from_ref(t))
        ))),
    }
}

fn unknown_field(tokens: &[Token], upto: usize) -> Problem {
    Problem::Unknown {
        kind: "field",
        id: display(&tokens[..=upto.min(tokens.len().saturating_sub(1))]),
    }
}

fn display(tokens: &[Token]) -> String {
    let mut s = String::new();
    for t in tokens {
        match t {
            Token::Name(n) if s.is_empty() => s.push_str(n),
            Token::Name(n) => {
                s.push('.');
                s.push_str(n);
            }
            Token::Select(x) => {
                s.push('[');
                s.push_str(x);
                s.push(']');
            }
        }
    }
    s
}

/// Write `x` at `steps` in a file form, inserting an absent last key.
pub(crate) fn set(root: &mut Json, steps: &[Step], x: f64) -> bool {
    let Some(number) = serde_json::Number::from_f64(x) else {
        return false;
    };
    let mut at = root;
    for (n, s) in steps.iter().enumerate() {
        let last = n + 1 == steps.len();
        at = match (at, s) {
            (Json::Object(map), Step::Key(k)) if last => {
                map.insert(k.clone(), Json::Number(number.clone()));
                return true;
            }
            (Json::Object(map), Step::Key(k)) => match map.get_mut(k) {
                Some(v) => v,
                None => return false,
            },
            (Json::Array(list), Step::Index(i)) => match list.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
        if last {
            *at = Json::Number(number.clone());
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests;
