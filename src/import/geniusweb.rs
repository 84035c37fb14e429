//! GeniusWeb's JSON profiles (`LinearAdditiveUtilitySpace`).
//!
//! The format, as GeniusWeb's `LinearAdditiveUtilitySpace`, `DiscreteValueSetUtilities`
//! and `NumberValueSetUtilities` read it (the Python port `geniusweb.profile.utilityspace`,
//! and the profiles negmas ships in `tests/data/geniusweb`):
//!
//! ```text
//! {"LinearAdditiveUtilitySpace": {
//!    "name": "party1",
//!    "issueUtilities": {
//!      "food":  {"discreteutils": {"valueUtilities": {"chips": 0.75, "cake": 1}}},
//!      "price": {"numberutils": {"lowValue": 0, "lowUtility": 1, "highValue": 10, "highUtility": 0}}},
//!    "issueWeights": {"food": 0.4, "price": 0.6},
//!    "domain": {"name": "party", "issuesValues": {
//!      "food": {"values": ["chips", "cake"]},
//!      "price": {"range": {"low": 0, "high": 10, "step": 1}}}},
//!    "reservationBid": {"issuevalues": {"food": "chips", "price": 10}}}}
//! ```
//!
//! `getUtility` is `sum_k w_k u_k(x_k)`: a discrete issue's utility is the value's entry
//! (0 when the map has none), a number issue's the line from `(lowValue, lowUtility)` to
//! `(highValue, highUtility)` (0 outside; GeniusWeb rounds it to 8 decimals, the
//! scenario keeps the line, within 5e-9). The class names `DiscreteValueSetUtilities`
//! and `NumberValueSetUtilities` are read as well as `discreteutils`/`numberutils`; a
//! range may be `{"low", "high", "step"}` or `[low, high, step]`. A number issue becomes
//! a discrete issue of its values `low, low + step, ...` (GeniusWeb's value sets are
//! discrete), labelled by their decimals. The domain is embedded in each profile, or
//! given as a file of its own (`{"name", "issuesValues"}`) among the files. Weights are
//! read as written and summed exactly like Genius's (GeniusWeb demands they sum to 1);
//! the reservation bid's utility is the disagreement point. GeniusWeb has no discount
//! factor: the patience stays at the default.

use std::path::Path;

use num_rational::BigRational;
use num_traits::{One, Zero};
use serde_json::{Map, Value as Json};

use super::additive::{IssueTerm, Profile, Values};
use super::geniusweb_domain::{domain_issues, err, exact, Issue};
use super::number;
use super::{assemble, file_stem, source_name};
use crate::error::{Error, Problem, Result};
use crate::scenario::IssueSpec;
use crate::Scenario;

/// Read the profiles (and a domain file among them, if any).
pub(crate) fn import(paths: &[&Path]) -> Result<Scenario> {
    let mut domain: Option<(String, String, Vec<Issue>)> = None;
    let mut profiles: Vec<(String, &Path, Map<String, Json>)> = Vec::new();
    for path in paths {
        let file = source_name(path);
        let json = read_json(path, &file)?;
        match json {
            Json::Object(mut top) if top.contains_key("LinearAdditiveUtilitySpace") => {
                let Some(Json::Object(space)) = top.remove("LinearAdditiveUtilitySpace") else {
                    return Err(err(
                        &file,
                        "LinearAdditiveUtilitySpace",
                        Problem::WrongKind("must be an object".into()),
                    ));
                };
                profiles.push((file, path, space));
            }
            Json::Object(top) if top.contains_key("issuesValues") => {
                let issues = domain_issues(&top, &file, "")?;
                let name = top
                    .get("name")
                    .and_then(Json::as_str)
                    .unwrap_or("geniusweb")
                    .to_string();
                agree(&mut domain, (file, name, issues))?;
            }
            Json::Object(top) => {
                let kind = top.keys().next().cloned().unwrap_or_default();
                return Err(err(
                    &file,
                    "(file)",
                    Problem::Unsupported(format!(
                        "profile kind '{kind}' (only LinearAdditiveUtilitySpace)"
                    )),
                ));
            }
            _ => {
                return Err(err(
                    &file,
                    "(file)",
                    Problem::WrongKind("must be a JSON object".into()),
                ))
            }
        }
    }
    for (file, _, space) in &profiles {
        if let Some(Json::Object(d)) = space.get("domain") {
            let issues = domain_issues(d, file, "LinearAdditiveUtilitySpace.domain.")?;
            let name = d
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or("geniusweb")
                .to_string();
            agree(&mut domain, (file.clone(), name, issues))?;
        }
    }
    let Some((domain_file, name, issues)) = domain else {
        let file = profiles.first().map_or_else(String::new, |p| p.0.clone());
        return Err(err(
            &file,
            "LinearAdditiveUtilitySpace.domain",
            Problem::Missing,
        ));
    };
    let mut actors = Vec::new();
    for (file, path, space) in &profiles {
        let mut profile = profile(space, &issues, file)?;
        profile.id = file_stem(path);
        actors.push((file.clone(), profile));
    }
    let specs = issues
        .iter()
        .map(|i| IssueSpec::discrete(i.name.clone(), i.labels.clone()))
        .collect();
    let order: Vec<String> = issues.iter().map(|i| i.name.clone()).collect();
    assemble(
        &name,
        format!("imported from GeniusWeb profiles of the domain {name}"),
        &domain_file,
        specs,
        &order,
        actors,
    )
}

fn read_json(path: &Path, file: &str) -> Result<Json> {
    let bytes = crate::scenario::file::read_bytes(path)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::parse(
            file,
            None,
            0,
            0,
            format!(
                "byte {} is not UTF-8: a GeniusWeb file is UTF-8 JSON",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.clone(), |i| message[..i].to_string());
        Error::parse(file, None, e.line(), e.column(), message)
    })
}

/// Keep the first domain seen; every later one must be the same.
fn agree(
    seen: &mut Option<(String, String, Vec<Issue>)>,
    next: (String, String, Vec<Issue>),
) -> Result<()> {
    match seen {
        None => *seen = Some(next),
        Some((first, _, issues)) if *issues != next.2 => {
            return Err(err(
                &next.0,
                "domain",
                Problem::Other(format!("differs from the domain of {first}")),
            ));
        }
        Some(_) => {}
    }
    Ok(())
}

/// One profile as weights and value utilities.
fn profile(space: &Map<String, Json>, issues: &[Issue], file: &str) -> Result<Profile> {
    let at = "LinearAdditiveUtilitySpace";
    let weights = match space.get("issueWeights") {
        Some(Json::Object(w)) => w,
        _ => return Err(err(file, &format!("{at}.issueWeights"), Problem::Missing)),
    };
    let utils = match space.get("issueUtilities") {
        Some(Json::Object(u)) => u,
        _ => return Err(err(file, &format!("{at}.issueUtilities"), Problem::Missing)),
    };
    for key in weights.keys().chain(utils.keys()) {
        if !issues.iter().any(|i| &i.name == key) {
            return Err(err(
                file,
                &format!("{at}.issueWeights.{key}"),
                Problem::Unknown {
                    kind: "issue",
                    id: key.clone(),
                },
            ));
        }
    }
    let mut profile = Profile::default();
    let mut best = BigRational::zero();
    for issue in issues {
        let wat = format!("{at}.issueWeights.{}", issue.name);
        let w = exact(
            weights
                .get(&issue.name)
                .ok_or_else(|| err(file, &wat, Problem::Missing))?,
            file,
            &wat,
        )?;
        if w < BigRational::zero() {
            return Err(err(file, &wat, Problem::Negative(number::approx(&w))));
        }
        let uat = format!("{at}.issueUtilities.{}", issue.name);
        let u = utils
            .get(&issue.name)
            .ok_or_else(|| err(file, &uat, Problem::Missing))?;
        let exact_values = value_utilities(u, issue, file, &uat)?;
        let top = exact_values
            .iter()
            .cloned()
            .fold(BigRational::zero(), BigRational::max);
        best += &w * top;
        let values = issue
            .labels
            .iter()
            .cloned()
            .zip(exact_values.iter().map(number::approx))
            .collect();
        profile.issues.push(IssueTerm {
            issue: issue.name.clone(),
            weight: number::approx(&w),
            values: Values::Options(values),
        });
    }
    if super::genius::binds(&best) {
        return Err(err(file, at, Problem::Unsupported(format!(
            "the utility exceeds 1 on the best outcome (the weighted sum is {}); GeniusWeb's utilities lie in [0, 1]",
            number::approx(&best)
        ))));
    }
    if let Some(Json::Object(bid)) = space.get("reservationBid") {
        profile.disagreement = Some(reservation(bid, issues, &profile, file)?);
    }
    Ok(profile)
}

/// The exact utility of each of the issue's values.
fn value_utilities(u: &Json, issue: &Issue, file: &str, at: &str) -> Result<Vec<BigRational>> {
    let Json::Object(o) = u else {
        return Err(err(
            file,
            at,
            Problem::WrongKind("must be an object".into()),
        ));
    };
    let in_unit = |x: BigRational, here: &str| -> Result<BigRational> {
        if x < BigRational::zero() || x > BigRational::one() {
            return Err(err(
                file,
                here,
                Problem::OutOfRange {
                    value: number::approx(&x),
                    allowed: "[0, 1]",
                },
            ));
        }
        Ok(x)
    };
    if let Some(d) = o
        .get("discreteutils")
        .or_else(|| o.get("DiscreteValueSetUtilities"))
    {
        let here = format!("{at}.discreteutils.valueUtilities");
        let Some(Json::Object(map)) = d.get("valueUtilities") else {
            return Err(err(file, &here, Problem::Missing));
        };
        for key in map.keys() {
            if !issue.labels.contains(key) {
                return Err(err(
                    file,
                    &format!("{here}.{key}"),
                    Problem::Unknown {
                        kind: "value",
                        id: key.clone(),
                    },
                ));
            }
        }
        return issue
            .labels
            .iter()
            .map(|l| match map.get(l) {
                // GeniusWeb gives a value without an entry utility 0.
                None => Ok(BigRational::zero()),
                Some(v) => in_unit(
                    exact(v, file, &format!("{here}.{l}"))?,
                    &format!("{here}.{l}"),
                ),
            })
            .collect();
    }
    if let Some(n) = o
        .get("numberutils")
        .or_else(|| o.get("NumberValueSetUtilities"))
    {
        let Some(numbers) = &issue.numbers else {
            return Err(err(
                file,
                at,
                Problem::WrongKind("number utilities on a discrete issue".into()),
            ));
        };
        let here = format!("{at}.numberutils");
        let field = |k: &str| -> Result<BigRational> {
            let v = n
                .get(k)
                .ok_or_else(|| err(file, &format!("{here}.{k}"), Problem::Missing))?;
            exact(v, file, &format!("{here}.{k}"))
        };
        let (lv, lu, hv, hu) = (
            field("lowValue")?,
            field("lowUtility")?,
            field("highValue")?,
            field("highUtility")?,
        );
        let (lu, hu) = (
            in_unit(lu, &format!("{here}.lowUtility"))?,
            in_unit(hu, &format!("{here}.highUtility"))?,
        );
        if hv <= lv {
            return Err(err(
                file,
                &here,
                Problem::EmptyRange {
                    lo: number::approx(&lv),
                    hi: number::approx(&hv),
                },
            ));
        }
        return Ok(numbers
            .iter()
            .map(|x| {
                if *x < lv || *x > hv {
                    BigRational::zero()
                } else {
                    &lu + (&hu - &lu) * (x - &lv) / (&hv - &lv)
                }
            })
            .collect());
    }
    let kind = o.keys().next().cloned().unwrap_or_default();
    Err(err(
        file,
        at,
        Problem::Unsupported(format!("value set utilities '{kind}'")),
    ))
}

/// The utility of the reservation bid.
fn reservation(
    bid: &Map<String, Json>,
    issues: &[Issue],
    profile: &Profile,
    file: &str,
) -> Result<f64> {
    let at = "LinearAdditiveUtilitySpace.reservationBid.issuevalues";
    let Some(Json::Object(values)) = bid.get("issuevalues") else {
        return Err(err(file, at, Problem::Missing));
    };
    let mut u = 0.0;
    for (issue, term) in issues.iter().zip(&profile.issues) {
        let here = format!("{at}.{}", issue.name);
        let Some(v) = values.get(&issue.name) else {
            // GeniusWeb counts an issue missing from a (partial) bid as 0.
            continue;
        };
        let k = match (&issue.numbers, v) {
            (None, Json::String(s)) => issue.labels.iter().position(|l| l == s),
            (Some(numbers), v) => {
                let x = exact(v, file, &here)?;
                numbers.iter().position(|n| *n == x)
            }
            _ => None,
        }
        .ok_or_else(|| {
            err(
                file,
                &here,
                Problem::Unknown {
                    kind: "value",
                    id: v.to_string(),
                },
            )
        })?;
        if let Values::Options(vals) = &term.values {
            u += term.weight * vals[k].1;
        }
    }
    Ok(u)
}
