//! KTAB's Spatial Model of Politics tables (SMP, CSV).
//!
//! The format, as KTAB's reader `SMPModel::csvRead` (`examples/smp/libsrc/smpread.cpp`)
//! and its sample tables (`examples/smp/doc/dummyData_3Dim.csv`, `SOE-Policy.csv`) have
//! it: a first row `name,desc,nActors,nDims`, a header row
//! `Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,...` (a position and a salience
//! column per dimension, in pairs; the position column's header names the dimension),
//! then one row per actor; a trailing comma on a row is allowed. Positions and
//! saliences lie in [0, 100], an actor's saliences sum to at most 100, the power
//! ("capability", "influence") is not negative. Each of these rules is checked as KTAB
//! checks it.
//!
//! The scenario: one continuous issue per dimension over [0, 100] (id: the dimension's
//! name), one seated actor per row (id: the actor's name) with its power as the
//! bargaining power (alpha_i; KTAB's capability, which weighs the actor's votes), the
//! saliences as the issue weights and, on each dimension, the value curve
//!
//! ```text
//! v_id(x) = 1 - |x - p_id| / 100        (points (0, 1 - p/100), (p, 1), (100, 1 - (100 - p)/100))
//! u_i(x)  = sum_d s_id v_id(x_d) / sum_d s_id
//! ```
//!
//! How it relates to KTAB's utility (`SMPModel::bvUtil`, `bsUtil` in
//! `examples/smp/libsrc/smp.cpp`): KTAB scales positions and saliences to [0, 1] and
//! gives actor i at outcome x the utility `(1 - sd)(1 + sd R_i)` with the
//! salience-weighted distance `sd = sqrt(sum_d (s_id (p_id - x_d))^2 / sum_d s_id^2)`
//! and a risk attitude R_i in [-1, 1] that the table does not hold (KTAB derives it
//! during a run; 0 is risk-neutral). On one dimension `sd = |x - p| / 100` and the form
//! above is KTAB's risk-neutral utility exactly. On several, KTAB combines the
//! dimensions' weighted distances in a Euclidean norm, which is not a sum over issues;
//! the scenario format's utilities are sums, so the form above combines the same
//! distances additively, weighted by salience (the city-block counterpart). Both are 1
//! at the actor's ideal point and fall linearly with the distance along any one
//! dimension; they rank outcomes differently only where the Euclidean and city-block
//! norms disagree. The disagreement point is 0 (the table has no status quo) and the
//! patience the default.

use std::path::Path;

use super::additive::{IssueTerm, Profile, Values};
use super::{assemble, file_stem, number, source_name};
use crate::error::{Error, Problem, Result};
use crate::scenario::limits::{MAX_ACTORS, MAX_ISSUES};
use crate::scenario::IssueSpec;
use crate::Scenario;

/// Read a KTAB SMP table.
pub(crate) fn import(path: &Path) -> Result<Scenario> {
    let file = source_name(path);
    let bytes = crate::scenario::file::read_bytes(path)?;
    let rows = records(&bytes, &file)?;
    let Some(first) = rows.first() else {
        return Err(Error::import(&file, "row 1", Problem::Empty));
    };
    let cell = |row: &[String], r: usize, c: usize, what: &str| -> Result<String> {
        row.get(c).cloned().ok_or_else(|| {
            Error::import(
                &file,
                format!("row {}, column {} ({what})", r + 1, c + 1),
                Problem::Missing,
            )
        })
    };
    let name = cell(first, 0, 0, "name")?;
    let description = first.get(1).cloned().unwrap_or_default();
    let count = |c: usize, what: &'static str, limit: usize| -> Result<usize> {
        let text = cell(first, 0, c, what)?;
        let n = number::parse_int(&text).ok_or_else(|| {
            Error::import(
                &file,
                format!("row 1, column {} ({what})", c + 1),
                Problem::NotANumber {
                    text: text.clone(),
                    expected: "a whole number",
                },
            )
        })?;
        if n < 1 || n as usize > limit {
            return Err(Error::import(
                &file,
                format!("row 1, column {} ({what})", c + 1),
                Problem::OutOfRange {
                    value: n as f64,
                    allowed: "[1, 1000]",
                },
            ));
        }
        Ok(n as usize)
    };
    let (actors_n, dims) = (
        count(2, "nActors", MAX_ACTORS)?,
        count(3, "nDims", MAX_ISSUES)?,
    );
    let Some(header) = rows.get(1) else {
        return Err(Error::import(&file, "row 2 (header)", Problem::Missing));
    };
    let mut ids: Vec<String> = Vec::new();
    for d in 0..dims {
        let c = 3 + 2 * d;
        let mut id = cell(header, 1, c, "a dimension's position")?;
        cell(header, 1, c + 1, "a dimension's salience")?;
        if id.is_empty() {
            id = format!("dim{}", d + 1);
        }
        if ids.contains(&id) {
            return Err(Error::import(
                &file,
                format!("row 2, column {}", c + 1),
                Problem::Duplicate(id),
            ));
        }
        ids.push(id);
    }
    let body: Vec<&Vec<String>> = rows[2..].iter().collect();
    if body.len() != actors_n {
        return Err(Error::import(
            &file,
            format!("actor rows (nActors = {actors_n})"),
            Problem::WrongLength {
                expected: actors_n,
                got: body.len(),
            },
        ));
    }
    let mut actors = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let r = i + 2;
        let at = |c: usize, what: &str| format!("row {}, column {} ({what})", r + 1, c + 1);
        let num = |c: usize, what: &str| -> Result<f64> {
            let text = cell(row, r, c, what)?;
            number::parse(&text).map(|n| n.value).ok_or_else(|| {
                Error::import(
                    &file,
                    at(c, what),
                    Problem::NotANumber {
                        text,
                        expected: "a finite number",
                    },
                )
            })
        };
        let id = cell(row, r, 0, "Actor")?;
        if id.is_empty() {
            return Err(Error::import(&file, at(0, "Actor"), Problem::Empty));
        }
        let power = num(2, "Power")?;
        if power <= 0.0 {
            return Err(Error::import(
                &file,
                at(2, "Power"),
                Problem::OutOfRange {
                    value: power,
                    allowed: "(0, inf)",
                },
            ));
        }
        let mut profile = Profile {
            id: id.clone(),
            power: Some(power),
            normalised: true,
            ..Profile::default()
        };
        let desc = row.get(1).cloned().unwrap_or_default();
        if !desc.is_empty() {
            profile.description = Some(desc);
        }
        let mut total = 0.0;
        for (d, issue) in ids.iter().enumerate() {
            let c = 3 + 2 * d;
            let p = num(c, "position")?;
            let s = num(c + 1, "salience")?;
            for (value, col, what) in [(p, c, "position"), (s, c + 1, "salience")] {
                if !(0.0..=100.0).contains(&value) {
                    return Err(Error::import(
                        &file,
                        at(col, what),
                        Problem::OutOfRange {
                            value,
                            allowed: "[0, 100]",
                        },
                    ));
                }
            }
            total += s;
            profile.issues.push(IssueTerm {
                issue: issue.clone(),
                weight: s,
                values: Values::Curve(tent(p)),
            });
        }
        if total > 100.0 {
            return Err(Error::import(
                &file,
                format!("row {}", r + 1),
                Problem::Other(format!("saliences sum to {total}, more than 100")),
            ));
        }
        if total <= 0.0 {
            return Err(Error::import(
                &file,
                format!("row {}", r + 1),
                Problem::AllZero,
            ));
        }
        actors.push((file.clone(), profile));
    }
    let specs = ids
        .iter()
        .map(|id| IssueSpec::continuous(id.clone(), 0.0, 100.0))
        .collect();
    let scenario_name = if name.is_empty() {
        file_stem(path)
    } else {
        name
    };
    let description = if description.is_empty() {
        format!("imported from the KTAB table {file}")
    } else {
        description
    };
    let order = ids.clone();
    assemble(&scenario_name, description, &file, specs, &order, actors)
}

/// The value curve peaked at position `p` on [0, 100].
fn tent(p: f64) -> Vec<(f64, f64)> {
    let mut points = Vec::with_capacity(3);
    if p > 0.0 {
        points.push((0.0, 1.0 - p / 100.0));
    }
    points.push((p, 1.0));
    if p < 100.0 {
        points.push((100.0, 1.0 - (100.0 - p) / 100.0));
    }
    points
}

/// The table's rows, each cell trimmed, empty trailing cells dropped (KTAB's rows end
/// with a comma).
fn records(bytes: &[u8], file: &str) -> Result<Vec<Vec<String>>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let (line, message) = match e.kind() {
                csv::ErrorKind::Utf8 { pos, err } => (
                    pos.as_ref().map_or(0, |p| p.line() as usize),
                    format!("not UTF-8 text ({err})"),
                ),
                _ => (e.position().map_or(0, |p| p.line() as usize), e.to_string()),
            };
            Error::parse(file, None, line, 0, message)
        })?;
        let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    Ok(rows)
}
