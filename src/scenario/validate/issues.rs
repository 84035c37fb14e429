//! `issues`: ids, options and ranges.

use std::collections::HashSet;

use super::Ctx;
use crate::error::{FieldPath, Problem, Result};
use crate::scenario::limits::MAX_OPTIONS;
use crate::scenario::raw::RawIssue;
use crate::space::{Domain, Issue};

pub(super) fn issues(cx: &Ctx, raw: Vec<RawIssue>, at: &FieldPath) -> Result<Vec<Issue>> {
    let mut seen = HashSet::new();
    raw.into_iter()
        .enumerate()
        .map(|(k, ri)| issue(cx, ri, &at.index(k), &mut seen))
        .collect()
}

fn issue(cx: &Ctx, ri: RawIssue, at: &FieldPath, seen: &mut HashSet<String>) -> Result<Issue> {
    let id = cx.id(ri.id, &at.key("id"), seen)?;
    let domain = match (ri.options, ri.range) {
        (Some(_), Some(_)) => {
            return cx.err(
                at.clone(),
                Problem::WrongKind("give either options or range, not both".into()),
            )
        }
        (None, None) => {
            return cx.err(
                at.clone(),
                Problem::WrongKind("needs options (discrete) or range (continuous)".into()),
            )
        }
        (Some(options), None) => discrete(cx, options, &at.key("options"))?,
        (None, Some(range)) => continuous(cx, &range, &at.key("range"))?,
    };
    Ok(Issue {
        id,
        description: ri.description.unwrap_or_default(),
        domain,
    })
}

fn discrete(cx: &Ctx, options: Vec<String>, at: &FieldPath) -> Result<Domain> {
    if options.is_empty() {
        return cx.err(at.clone(), Problem::Empty);
    }
    cx.at_most(&options, MAX_OPTIONS, at)?;
    let mut labels = HashSet::new();
    for (j, o) in options.iter().enumerate() {
        if !labels.insert(o.as_str()) {
            return cx.err(at.index(j), Problem::Duplicate(o.clone()));
        }
    }
    Ok(Domain::Discrete { options })
}

fn continuous(cx: &Ctx, range: &[f64], at: &FieldPath) -> Result<Domain> {
    if range.len() != 2 {
        return cx.err(
            at.clone(),
            Problem::WrongKind(format!("must be [lo, hi], got {} numbers", range.len())),
        );
    }
    let lo = cx.finite(range[0], &at.index(0))?;
    let hi = cx.finite(range[1], &at.index(1))?;
    if lo >= hi {
        return cx.err(at.clone(), Problem::EmptyRange { lo, hi });
    }
    Ok(Domain::Continuous { lo, hi })
}
