//! Genius's XML domains and profiles (CONTRACT §5).
//!
//! The semantics follow Genius 10.4's own code (`genius.core.DomainImpl`,
//! `AdditiveUtilitySpace`, `EvaluatorDiscrete`, `EvaluatorInteger`, `EvaluatorReal`,
//! `NonlinearUtilitySpace`), read in the copy vendored by negmas
//! (`external/genius10.4/src/main/java/genius/core/`):
//! - the domain is `<negotiation_template><utility_space><objective>` holding `<issue>`
//!   elements (nested objectives are allowed; their issues count in document order).
//!   An issue's `type` is `discrete` (with `<item value=...>`; a missing `type` means
//!   discrete, as `DomainImpl` reads it), `integer` (`lowerbound`/`upperbound`
//!   attributes, or a `<range>` child in older files) or `real` (a `<range>` child);
//! - a linear profile (`<utility_space>` without a `type`, or `linear`, or `uncertain`,
//!   whose true utility is additive too) holds `<weight index= value=>` and per issue
//!   an evaluator; `getUtility` is `min(1, sum_k w_k e_k)` over the issues, weights as
//!   written. A discrete item's evaluation is divided by the issue's largest (all 0
//!   when that is below 1e-5, as `EvaluatorDiscrete.normalize` does); an integer issue
//!   evaluates `clip(offset + slope (x - lo), 0, 1)`; a real one `clip(p1 x + p0, 0, 1)`
//!   for `ftype="linear"` and the constant `p0` for `ftype="constant"`;
//! - `<reservation value=>` is the disagreement point and `<discount_factor value=>`
//!   the patience when strictly inside (0, 1) (Genius reads other values as no
//!   discounting).
//!
//! Non-linear profiles are read by [`super::hyper`].

use std::collections::HashMap;
use std::path::Path;

use num_rational::BigRational;
use num_traits::{One, Zero};
use roxmltree::{Document, Node};

use super::additive::{IssueTerm, Profile, Values};
use super::genius_domain::{domain_issues, issue_spec};
pub(crate) use super::genius_domain::{int_attr, num_attr, DomainIssue, Kind};
use super::number::{self, Number};
use super::xml::{self, attr_error, child, children, required};
use super::{assemble, file_stem, source_name};
use crate::error::{Error, Problem, Result};
use crate::Scenario;

/// Read a Genius domain and one profile per actor into a scenario (see the module
/// docs and [`crate::import`]).
pub(crate) fn import(domain: &Path, profiles: &[&Path]) -> Result<Scenario> {
    let domain_file = source_name(domain);
    let text = xml::read(domain)?;
    let doc = xml::parse(&text, &domain_file)?;
    let issues = domain_issues(&doc, &domain_file)?;
    let mut actors = Vec::new();
    for path in profiles {
        let file = source_name(path);
        let text = xml::read(path)?;
        let doc = xml::parse(&text, &file)?;
        let mut profile = match space_type(&doc, &file)? {
            SpaceType::Linear => linear_profile(&doc, &issues, &file)?,
            SpaceType::Nonlinear => super::hyper::profile(&doc, &issues, &file)?,
        };
        profile.id = file_stem(path);
        actors.push((file, profile));
    }
    let specs = issues.iter().map(issue_spec).collect();
    let names: Vec<String> = issues.iter().map(|i| i.name.clone()).collect();
    assemble(
        &file_stem(domain),
        format!("imported from the Genius domain {domain_file}"),
        &domain_file,
        specs,
        &names,
        actors,
    )
}

/// How a profile's utility is computed.
enum SpaceType {
    Linear,
    Nonlinear,
}

fn space_type(doc: &Document, file: &str) -> Result<SpaceType> {
    let root = doc.root_element();
    if !root.has_tag_name("utility_space") {
        return Err(xml::error(
            file,
            root,
            Problem::Other("a Genius profile's root element is <utility_space>".into()),
        ));
    }
    match root.attribute("type").map(str::to_ascii_lowercase).as_deref() {
        None | Some("linear") | Some("uncertain") => Ok(SpaceType::Linear),
        Some("nonlinear") => Ok(SpaceType::Nonlinear),
        Some("constraint") => Err(attr_error(
            file,
            root,
            "type",
            Problem::Unsupported(
                "type=\"constraint\" utility spaces (zero-outcome constraints multiply the utility, which a scenario cannot express)".into(),
            ),
        )),
        Some(other) => Err(attr_error(file, root, "type", Problem::Unsupported(format!("utility space type '{other}'")))),
    }
}

/// A linear profile: weights, evaluators, reservation value and discount factor.
fn linear_profile(doc: &Document, issues: &[DomainIssue], file: &str) -> Result<Profile> {
    let root = doc.root_element();
    let weights = weights(root, issues, file)?;
    let mut evaluators: HashMap<i64, Node> = HashMap::new();
    for node in root.descendants().filter(|n| n.has_tag_name("issue")) {
        let index = int_attr(file, node, "index")?;
        if !issues.iter().any(|i| i.index == index) {
            return Err(unknown_index(file, node, index));
        }
        if evaluators.insert(index, node).is_some() {
            return Err(attr_error(
                file,
                node,
                "index",
                Problem::Duplicate(index.to_string()),
            ));
        }
    }
    let mut profile = Profile::default();
    let mut best = BigRational::zero();
    for issue in issues {
        let missing = |what: &str| {
            xml::error(
                file,
                root,
                Problem::Other(format!(
                    "no {what} for issue '{}' (index {})",
                    issue.name, issue.index
                )),
            )
        };
        let node = *evaluators
            .get(&issue.index)
            .ok_or_else(|| missing("<issue> evaluator"))?;
        let weight = weights
            .get(&issue.index)
            .ok_or_else(|| missing("<weight>"))?;
        let (values, top) = evaluator(node, issue, file)?;
        best += &weight.exact * top;
        profile.issues.push(IssueTerm {
            issue: issue.name.clone(),
            weight: weight.value,
            values,
        });
    }
    if binds(&best) {
        return Err(cap_binds(file, root, &best));
    }
    reservation_and_discount(root, &mut profile);
    Ok(profile)
}

/// How far above 1 the best outcome's exact sum may lie before the cap at 1 counts as
/// binding: the weights of published profiles, meant to sum to 1, are written as Java
/// prints doubles (`0.30000000000000004`) and their decimals can sum to 1 + 1e-16.
/// Above this margin (the Laptop profiles of ANAC 2011-2013 reach 1 + 5.2e-5) the cap
/// binds and the profile is refused; within it, the imported utility exceeds Genius's
/// capped one by at most the margin.
pub const CAP_MARGIN: f64 = 1e-12;

/// Whether the best outcome's exact sum exceeds 1 by more than [`CAP_MARGIN`].
pub(crate) fn binds(best: &BigRational) -> bool {
    // CAP_MARGIN, exactly.
    let margin = BigRational::new(1.into(), num_traits::pow(num_bigint::BigInt::from(10), 12));
    *best > BigRational::one() + margin
}

/// The error for a profile whose cap at 1 binds on its best outcome.
pub(crate) fn cap_binds(file: &str, root: Node, best: &BigRational) -> crate::Error {
    xml::error(
        file,
        root,
        Problem::Unsupported(format!(
            "Genius caps the utility at 1 and the cap binds: the best outcome's sum is {} > 1, \
             which a scenario cannot express",
            number::approx(best)
        )),
    )
}

/// The profile's `<weight>` elements by index: issue weights, non-negative, once each.
/// Weights of objectives (not issues) are read and ignored, as Genius ignores them.
fn weights(root: Node, issues: &[DomainIssue], file: &str) -> Result<HashMap<i64, Number>> {
    let objectives: Vec<i64> = root
        .descendants()
        .filter(|n| n.has_tag_name("objective"))
        .filter_map(|n| n.attribute("index").and_then(number::parse_int))
        .collect();
    let mut weights = HashMap::new();
    for node in root.descendants().filter(|n| n.has_tag_name("weight")) {
        let index = int_attr(file, node, "index")?;
        let w = num_attr(file, node, "value")?;
        if w.exact < BigRational::zero() {
            return Err(attr_error(file, node, "value", Problem::Negative(w.value)));
        }
        if !issues.iter().any(|i| i.index == index) {
            if objectives.contains(&index) {
                continue;
            }
            return Err(unknown_index(file, node, index));
        }
        if weights.insert(index, w).is_some() {
            return Err(attr_error(
                file,
                node,
                "index",
                Problem::Duplicate(index.to_string()),
            ));
        }
    }
    Ok(weights)
}

/// An issue's evaluation and its largest value over the issue, exactly.
fn evaluator(node: Node, issue: &DomainIssue, file: &str) -> Result<(Values, BigRational)> {
    let kind = node.attribute("type").unwrap_or("discrete");
    if kind != issue.kind.word() {
        return Err(attr_error(
            file,
            node,
            "type",
            Problem::Other(format!(
                "is '{kind}' but the domain's issue '{}' is {}",
                issue.name,
                issue.kind.word()
            )),
        ));
    }
    match &issue.kind {
        Kind::Discrete(labels) => discrete(node, labels, file),
        Kind::Integer(lo, hi) => integer(node, *lo, *hi, file),
        Kind::Real(lo, hi) => real(node, lo, hi, file),
    }
}

/// `EvaluatorDiscrete`: evaluation / largest evaluation, 0 when the largest is below
/// 1e-5 (Genius's `normalize`).
fn discrete(node: Node, labels: &[String], file: &str) -> Result<(Values, BigRational)> {
    let mut evals: Vec<Option<f64>> = vec![None; labels.len()];
    for item in children(node, "item") {
        let label = required(file, item, "value")?;
        let Some(k) = labels.iter().position(|l| l == label) else {
            return Err(attr_error(
                file,
                item,
                "value",
                Problem::Unknown {
                    kind: "item",
                    id: label.to_string(),
                },
            ));
        };
        let e = num_attr(file, item, "evaluation")?;
        if e.value < 0.0 {
            return Err(attr_error(
                file,
                item,
                "evaluation",
                Problem::Negative(e.value),
            ));
        }
        // A value evaluated twice keeps its last evaluation, as Genius's map does
        // (the AMPOvsCity profiles list "0" twice).
        evals[k] = Some(e.value);
    }
    let mut values = Vec::with_capacity(labels.len());
    for (label, e) in labels.iter().zip(&evals) {
        let Some(e) = e else {
            return Err(xml::error(
                file,
                node,
                Problem::Other(format!("no <item> evaluates '{label}'")),
            ));
        };
        values.push((label.clone(), *e));
    }
    let max = values.iter().map(|(_, e)| *e).fold(0.0, f64::max);
    if max > 0.0 && max < 1e-5 {
        return Err(xml::error(
            file,
            node,
            Problem::Unsupported(format!(
                "the largest evaluation {max} is positive but below 1e-5, where Genius reads every item as 0"
            )),
        ));
    }
    if max < 1e-5 {
        let zeros = values.into_iter().map(|(l, _)| (l, 0.0)).collect();
        return Ok((Values::Options(zeros), BigRational::zero()));
    }
    let values = values.into_iter().map(|(l, e)| (l, e / max)).collect();
    Ok((Values::Options(values), BigRational::one()))
}

/// `EvaluatorInteger`: `clip(offset + slope (x - lo), 0, 1)` with `lo` the profile's
/// lower bound (Genius reads it from the profile; it must agree with the domain's).
fn integer(node: Node, lo: i64, hi: i64, file: &str) -> Result<(Values, BigRational)> {
    for (key, domain) in [("lowerbound", lo), ("upperbound", hi)] {
        if node.attribute(key).is_some() && int_attr(file, node, key)? != domain {
            return Err(attr_error(
                file,
                node,
                key,
                Problem::Other(format!("differs from the domain's {domain}")),
            ));
        }
    }
    let (slope, offset) = match child(node, "evaluator") {
        Some(ev) => (num_attr(file, ev, "slope")?, num_attr(file, ev, "offset")?),
        // Genius leaves both at 0 when the issue has no evaluator.
        None => (Number::int(0), Number::int(0)),
    };
    let values = (lo..=hi)
        .map(|x| {
            let e = slope.value * (x - lo) as f64 + offset.value;
            (x.to_string(), e.clamp(0.0, 1.0))
        })
        .collect();
    let span = BigRational::from_integer((hi - lo).into());
    let top = offset
        .exact
        .clone()
        .max(&offset.exact + &slope.exact * span);
    Ok((Values::Options(values), number::clip01(top)))
}

/// `EvaluatorReal`: `clip(p1 x + p0, 0, 1)` (`linear`) or `p0` (`constant`).
fn real(node: Node, lo: &Number, hi: &Number, file: &str) -> Result<(Values, BigRational)> {
    let Some(ev) = child(node, "evaluator") else {
        return Err(xml::error(
            file,
            node,
            Problem::Other("a real issue needs an <evaluator>".into()),
        ));
    };
    match ev
        .attribute("ftype")
        .unwrap_or("linear")
        .to_ascii_lowercase()
        .as_str()
    {
        "linear" => {
            let (p0, p1) = (
                num_attr(file, ev, "parameter0")?,
                num_attr(file, ev, "parameter1")?,
            );
            let top = (&p1.exact * &lo.exact + &p0.exact).max(&p1.exact * &hi.exact + &p0.exact);
            Ok((
                Values::Curve(clipped_line(p0.value, p1.value, lo.value, hi.value)),
                number::clip01(top),
            ))
        }
        "constant" => {
            let p0 = num_attr(file, ev, "parameter0")?;
            Ok((
                Values::Curve(vec![(lo.value, p0.value), (hi.value, p0.value)]),
                p0.exact,
            ))
        }
        other => Err(attr_error(
            file,
            ev,
            "ftype",
            Problem::Unsupported(format!(
                "real evaluator '{other}' (only linear and constant)"
            )),
        )),
    }
}

/// The piecewise-linear curve of `clip(p1 x + p0, 0, 1)` over [lo, hi]: the ends and
/// the points where the line crosses 0 and 1 inside.
pub(crate) fn clipped_line(p0: f64, p1: f64, lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let f = |x: f64| (p1 * x + p0).clamp(0.0, 1.0);
    let mut xs = vec![lo, hi];
    if p1 != 0.0 {
        for level in [0.0, 1.0] {
            let x = (level - p0) / p1;
            if x > lo && x < hi {
                xs.push(x);
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    xs.into_iter().map(|x| (x, f(x))).collect()
}

/// `<reservation value=>` and `<discount_factor value=>`, children of the root. Genius
/// reads each in a `try` and goes on without it when its value is missing or is no
/// number (`"Utility space has no discount factor"`; the ANAC 2011 IS_BT_Acquisition
/// profile writes `value="s"`): so does this.
pub(crate) fn reservation_and_discount(root: Node, profile: &mut Profile) {
    let value = |tag: &'static str| {
        child(root, tag)
            .and_then(|node| node.attribute("value"))
            .and_then(number::parse)
            .map(|n| n.value)
    };
    if let Some(r) = value("reservation") {
        profile.disagreement = Some(r);
    }
    if let Some(df) = value("discount_factor").filter(|df| *df > 0.0 && *df < 1.0) {
        profile.patience = Some(df);
    }
}

/// The error for an `index` attribute that names no issue of the domain.
fn unknown_index(file: &str, node: Node, index: i64) -> Error {
    attr_error(
        file,
        node,
        "index",
        Problem::Unknown {
            kind: "issue index",
            id: index.to_string(),
        },
    )
}
