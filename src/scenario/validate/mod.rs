//! Raw file -> [`Scenario`]: every rule of the format, each error naming its field.
//!
//! The file loader and the builder both end here, so each rule lives once. Checks are
//! written so that NaN fails them (`x > 0.0 && x < 1.0`, never `!(x <= 0.0)`).

mod actors;
mod issues;
mod leverage;
mod links;
mod red_lines;
mod values;

use std::collections::HashSet;

use super::limits::{MAX_ACTORS, MAX_ISSUES, MAX_LEVERAGE, MAX_MAGNITUDE, MAX_UTILITY};
use super::raw::RawScenario;
use super::{Scenario, Situation};
use crate::error::{Error, FieldPath, Problem, Result};

/// Validation context: the file name for messages.
struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn err<T>(&self, field: FieldPath, problem: Problem) -> Result<T> {
        Err(Error::invalid(self.file, field, problem))
    }

    fn required<T>(&self, value: Option<T>, field: &FieldPath) -> Result<T> {
        match value {
            Some(v) => Ok(v),
            None => self.err(field.clone(), Problem::Missing),
        }
    }

    /// A finite number within [`MAX_MAGNITUDE`]: every number of the file passes here.
    fn finite(&self, x: f64, field: &FieldPath) -> Result<f64> {
        if !x.is_finite() {
            self.err(field.clone(), Problem::NotFinite(x))
        } else if x.abs() > MAX_MAGNITUDE {
            self.err(
                field.clone(),
                Problem::TooLarge {
                    value: x,
                    limit: MAX_MAGNITUDE,
                },
            )
        } else {
            Ok(x)
        }
    }

    /// A utility (a value or a disagreement point): finite and within [`MAX_UTILITY`].
    fn utility(&self, x: f64, field: &FieldPath) -> Result<f64> {
        let x = self.finite(x, field)?;
        if x.abs() > MAX_UTILITY {
            return self.err(
                field.clone(),
                Problem::TooLarge {
                    value: x,
                    limit: MAX_UTILITY,
                },
            );
        }
        Ok(x)
    }

    /// A list of at most `limit` entries.
    fn at_most<T>(&self, list: &[T], limit: usize, field: &FieldPath) -> Result<()> {
        if list.len() > limit {
            return self.err(
                field.clone(),
                Problem::TooMany {
                    count: list.len(),
                    limit,
                },
            );
        }
        Ok(())
    }

    /// A required, non-blank id not seen before in its list.
    fn id(
        &self,
        id: Option<String>,
        field: &FieldPath,
        seen: &mut HashSet<String>,
    ) -> Result<String> {
        let id = self.required(id, field)?;
        if id.trim().is_empty() {
            return self.err(field.clone(), Problem::Empty);
        }
        if !seen.insert(id.clone()) {
            return self.err(field.clone(), Problem::Duplicate(id));
        }
        Ok(id)
    }

    /// A required, non-empty list.
    fn non_empty<T>(&self, list: Option<Vec<T>>, field: &FieldPath) -> Result<Vec<T>> {
        let list = self.required(list, field)?;
        if list.is_empty() {
            return self.err(field.clone(), Problem::Empty);
        }
        Ok(list)
    }
}

pub(super) fn scenario(raw: RawScenario, file: &str) -> Result<Scenario> {
    let cx = Ctx { file };
    let root = FieldPath::root();
    let name = cx.required(raw.name, &root.key("name"))?;
    if name.trim().is_empty() {
        return cx.err(root.key("name"), Problem::Empty);
    }
    let raw_issues = cx.non_empty(raw.issues, &root.key("issues"))?;
    cx.at_most(&raw_issues, MAX_ISSUES, &root.key("issues"))?;
    let issues = issues::issues(&cx, raw_issues, &root.key("issues"))?;
    let raw_actors = cx.non_empty(raw.actors, &root.key("actors"))?;
    cx.at_most(&raw_actors, MAX_ACTORS, &root.key("actors"))?;
    let raw_leverage = raw.leverage.unwrap_or_default();
    // Red lines' gates name leverage variables, which are validated after the actors
    // (their effects name actors): gates look ids up in file order, and a missing or
    // repeated id is reported when the leverage list is validated.
    let levers: Vec<String> = raw_leverage
        .iter()
        .map(|l| l.id.clone().unwrap_or_default())
        .collect();
    let actors = actors::actors(&cx, raw_actors, &issues, &levers, &root.key("actors"))?;
    cx.at_most(&raw_leverage, MAX_LEVERAGE, &root.key("leverage"))?;
    let leverage = leverage::leverage(&cx, raw_leverage, &actors, &root.key("leverage"))?;
    let mut scenario = Scenario {
        source: file.to_string(),
        name,
        description: raw.description.unwrap_or_default(),
        issues,
        actors,
        leverage,
        status_quo: Situation::empty(),
    };
    status_quo(&cx, &mut scenario)?;
    Ok(scenario)
}

/// The status quo must be a valid situation: a leverage value that pushes a d to
/// infinity or a power to 0 is bad input, reported when the scenario is read.
fn status_quo(cx: &Ctx, scenario: &mut Scenario) -> Result<()> {
    let mut situation = Situation::empty();
    let levels = scenario.status_quo();
    if let Err((argument, problem)) = situation.compute(scenario, &levels) {
        return cx.err(
            FieldPath::root().key("leverage"),
            Problem::Other(format!("at the status quo, {argument}: {problem}")),
        );
    }
    scenario.status_quo = situation;
    Ok(())
}
