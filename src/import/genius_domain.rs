//! Genius domains: `<negotiation_template><utility_space><objective>` holding the
//! `<issue>` elements, as Genius 10.4's `DomainImpl.buildTreeRecursive` reads them.

use roxmltree::{Document, Node};

use super::number::{self, Number};
use super::xml::{self, attr_error, child, children, required};
use crate::error::{Problem, Result};
use crate::scenario::limits::MAX_OPTIONS;
use crate::scenario::IssueSpec;

/// A Genius issue as the domain declares it.
#[derive(Debug, Clone)]
pub(crate) struct DomainIssue {
    /// The `index` profiles refer to it by.
    pub index: i64,
    /// Its `name`: the scenario's issue id.
    pub name: String,
    /// Its kind and range.
    pub kind: Kind,
}

/// What a Genius issue's values are.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// Labelled items, in document order.
    Discrete(Vec<String>),
    /// The integers lo..=hi.
    Integer(i64, i64),
    /// A real interval.
    Real(Number, Number),
}

impl Kind {
    pub(crate) fn word(&self) -> &'static str {
        match self {
            Kind::Discrete(_) => "discrete",
            Kind::Integer(..) => "integer",
            Kind::Real(..) => "real",
        }
    }
}

pub(crate) fn issue_spec(issue: &DomainIssue) -> IssueSpec {
    match &issue.kind {
        Kind::Discrete(labels) => IssueSpec::discrete(issue.name.clone(), labels.clone()),
        Kind::Integer(lo, hi) => {
            IssueSpec::discrete(issue.name.clone(), (*lo..=*hi).map(|x| x.to_string()))
        }
        Kind::Real(lo, hi) => IssueSpec::continuous(issue.name.clone(), lo.value, hi.value),
    }
}

/// The domain's issues in document order.
pub(crate) fn domain_issues(doc: &Document, file: &str) -> Result<Vec<DomainIssue>> {
    let root = doc.root_element();
    let space = child(root, "utility_space").ok_or_else(|| {
        xml::error(
            file,
            root,
            Problem::Other("has no <utility_space> child: not a Genius domain".into()),
        )
    })?;
    let objective = child(space, "objective").ok_or_else(|| {
        xml::error(
            file,
            space,
            Problem::Other("has no <objective> child: not a Genius domain".into()),
        )
    })?;
    let mut issues: Vec<DomainIssue> = Vec::new();
    for node in objective.descendants().filter(|n| n.has_tag_name("issue")) {
        let issue = domain_issue(node, file)?;
        if issues.iter().any(|i| i.index == issue.index) {
            return Err(attr_error(
                file,
                node,
                "index",
                Problem::Duplicate(issue.index.to_string()),
            ));
        }
        if issues.iter().any(|i| i.name == issue.name) {
            return Err(attr_error(
                file,
                node,
                "name",
                Problem::Duplicate(issue.name.clone()),
            ));
        }
        issues.push(issue);
    }
    if issues.is_empty() {
        return Err(xml::error(
            file,
            objective,
            Problem::Other("holds no <issue>".into()),
        ));
    }
    Ok(issues)
}

fn domain_issue(node: Node, file: &str) -> Result<DomainIssue> {
    let index = int_attr(file, node, "index")?;
    let name = required(file, node, "name")?.to_string();
    let kind = match node.attribute("type") {
        None | Some("discrete") => {
            let mut labels: Vec<String> = Vec::new();
            for item in children(node, "item") {
                let label = required(file, item, "value")?.to_string();
                // Genius compares values by their text, so a repeated item (the
                // ANAC 2012 FlightBooking domain lists one date twice) is the same
                // value: the outcomes are those of the first.
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
            if labels.is_empty() {
                return Err(xml::error(
                    file,
                    node,
                    Problem::Other("a discrete issue needs at least one <item>".into()),
                ));
            }
            Kind::Discrete(labels)
        }
        Some("integer") => {
            let holder = bounds_holder(node);
            let (lo, hi) = (
                int_attr(file, holder, "lowerbound")?,
                int_attr(file, holder, "upperbound")?,
            );
            if lo > hi {
                return Err(xml::error(
                    file,
                    holder,
                    Problem::EmptyRange {
                        lo: lo as f64,
                        hi: hi as f64,
                    },
                ));
            }
            if (hi - lo + 1) as usize > MAX_OPTIONS {
                return Err(xml::error(
                    file,
                    node,
                    Problem::TooMany {
                        count: (hi - lo + 1) as usize,
                        limit: MAX_OPTIONS,
                    },
                ));
            }
            Kind::Integer(lo, hi)
        }
        Some("real") => {
            let holder = child(node, "range").unwrap_or(node);
            let lo = num_attr(file, holder, "lowerbound")?;
            let hi = num_attr(file, holder, "upperbound")?;
            if lo.exact >= hi.exact || lo.value >= hi.value {
                return Err(xml::error(
                    file,
                    holder,
                    Problem::EmptyRange {
                        lo: lo.value,
                        hi: hi.value,
                    },
                ));
            }
            Kind::Real(lo, hi)
        }
        Some(other) => {
            return Err(attr_error(
                file,
                node,
                "type",
                Problem::Unsupported(format!("issue type '{other}'")),
            ))
        }
    };
    Ok(DomainIssue { index, name, kind })
}

/// Where an integer issue's bounds are: attributes of the issue (Genius 10) or of a
/// `<range>` child (older files).
fn bounds_holder<'a, 'i>(node: Node<'a, 'i>) -> Node<'a, 'i> {
    match child(node, "range") {
        Some(range) if node.attribute("lowerbound").is_none() => range,
        _ => node,
    }
}

/// A required integer attribute.
pub(crate) fn int_attr(file: &str, node: Node, key: &str) -> Result<i64> {
    let text = required(file, node, key)?;
    number::parse_int(text).ok_or_else(|| {
        attr_error(
            file,
            node,
            key,
            Problem::NotANumber {
                text: text.to_string(),
                expected: "an integer",
            },
        )
    })
}

/// A required number attribute, finite.
pub(crate) fn num_attr(file: &str, node: Node, key: &str) -> Result<Number> {
    let text = required(file, node, key)?;
    number::parse(text).ok_or_else(|| {
        attr_error(
            file,
            node,
            key,
            Problem::NotANumber {
                text: text.to_string(),
                expected: "a finite number",
            },
        )
    })
}
